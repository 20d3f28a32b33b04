"""`wasi_wheel`: builds a Python sdist with native extensions for wasm32-wasi.

Also the library C++ extensions need beside the WASI CPython toolchain:
`wasi_libcxx` (libc++/libc++abi as static PIC archives).

Each rule runs one checked-in script (third_party/libcxx/build.sh,
third_party/wasi_wheel/*.sh) as one cached action with declared inputs and
the pinned environment of the toolchain build (BUILD_ENV).
"""

load(":providers.bzl", "PyWasmPackageInfo", "WasiPythonInfo")
load(":toolchain_build.bzl", "BUILD_ENV")

# The build tools every wasi_wheel gets: the PEP 517 backend meson-python
# with its dependencies, meson, Cython and ninja (all pinned wheels).
_TOOL_WHEELS = [
    "@cython_wheel//:wheel",
    "@meson_python_wheel//:wheel",
    "@meson_wheel//:wheel",
    "@ninja_wheel//:wheel",
    "@packaging_wheel//:wheel",
    "@pyproject_metadata_wheel//:wheel",
]

def _shared_libs(tc):
    """libc.so and the emulation libraries: what an extension may import."""
    return tc.shared_libs

def _wheel_arguments(ctx, out_path, path_of):
    """The build script's command line (see third_party/wasi_wheel/build_wheel.sh).

    Args:
        ctx: the rule context (a wasi_wheel or wasi_wheel_error_test).
        out_path: where the package tree goes.
        path_of: File -> the string to pass for it (exec path in an action,
            runfiles path in a test).

    Returns:
        A list of strings.
    """
    tc = ctx.attr._toolchain[WasiPythonInfo]
    arguments = [
        "--out",
        out_path,
        "--sdist",
        path_of(ctx.file.sdist),
        "--sysroot",
        path_of(tc.sysroot),
        "--headers",
        path_of(tc.headers),
        "--libpython",
        path_of(tc.libpython),
        "--libcxx",
        path_of(ctx.file._libcxx),
        "--build-python",
        path_of(ctx.file._build_python),
        "--check-imports",
        path_of(ctx.file._check_imports),
    ]
    for lib in _shared_libs(tc):
        arguments += ["--provider", path_of(lib)]
    for wheel in ctx.files._tool_wheels + ctx.files.build_wheels:
        arguments += ["--wheel", path_of(wheel)]
    for arg in ctx.attr.setup_args:
        arguments += ["--setup-arg", arg]
    if ctx.attr.install_tags:
        arguments += ["--install-tags", ",".join(ctx.attr.install_tags)]
    return arguments

def _wheel_inputs(ctx):
    tc = ctx.attr._toolchain[WasiPythonInfo]
    return [
        ctx.file.sdist,
        tc.sysroot,
        tc.headers,
        tc.libpython,
        ctx.file._libcxx,
        ctx.file._build_python,
        ctx.file._check_imports,
    ] + _shared_libs(tc) + ctx.files._tool_wheels + ctx.files.build_wheels

def _exec_path(f):
    return f.path

def _runfiles_path(f):
    return f.short_path

def emit_wasi_wheel(ctx, output):
    """Runs the `WasiWheel` action: sdist -> package tree directory.

    Args:
        ctx: the rule context of a wasi_wheel.
        output: the directory File to write.
    """
    args = ctx.actions.args()
    args.add_all(_wheel_arguments(ctx, output.path, _exec_path))
    ctx.actions.run(
        executable = ctx.executable._script,
        arguments = [args],
        inputs = _wheel_inputs(ctx),
        outputs = [output],
        mnemonic = "WasiWheel",
        progress_message = "Building {} for wasm32-wasi ({})".format(ctx.file.sdist.basename, ctx.label),
        env = BUILD_ENV,
    )

def _wasi_wheel_impl(ctx):
    tree = ctx.actions.declare_directory(ctx.attr.name)
    emit_wasi_wheel(ctx, tree)
    return [
        PyWasmPackageInfo(python_path = depset([tree])),
        DefaultInfo(files = depset([tree]), runfiles = ctx.runfiles(files = [tree])),
    ]

# What wasi_wheel and wasi_wheel_error_test share.
_WHEEL_ATTRS = {
    "build_wheels": attr.label_list(
        allow_files = [".whl"],
        doc = "Further build requirements of the sdist, as pinned wheels for the build Python (CPython 3.13, x86_64 Linux or pure Python), unpacked onto its path next to the default tools.",
    ),
    "install_tags": attr.string_list(
        doc = "The `meson install --tags` to package, e.g. `[\"runtime\", \"python-runtime\"]` to leave out tests and headers; empty: the package's own choice.",
    ),
    "sdist": attr.label(
        mandatory = True,
        allow_single_file = [".tar.gz", ".tgz", ".tar"],
        doc = "The source distribution; its PEP 517 backend must be meson-python.",
    ),
    "setup_args": attr.string_list(
        doc = "Extra `meson setup` arguments, e.g. `-Dblas=none`.",
    ),
    "_build_python": attr.label(
        default = Label("//third_party/cpython:build_python"),
        allow_single_file = True,
    ),
    "_check_imports": attr.label(
        default = Label("//third_party/wasi_wheel:check_imports.py"),
        allow_single_file = True,
    ),
    "_libcxx": attr.label(
        default = Label("//third_party/libcxx"),
        allow_single_file = True,
    ),
    "_script": attr.label(
        default = Label("//third_party/wasi_wheel:build_wheel.sh"),
        executable = True,
        cfg = "exec",
        allow_single_file = True,
    ),
    "_tool_wheels": attr.label_list(
        default = [Label(w) for w in _TOOL_WHEELS],
        allow_files = [".whl"],
    ),
    "_toolchain": attr.label(
        default = Label("//third_party/cpython:toolchain"),
        providers = [WasiPythonInfo],
    ),
}

wasi_wheel = rule(
    implementation = _wasi_wheel_impl,
    doc = """Builds an sdist with C, C++ or Cython extensions for wasm32-wasi, as one cached action.

The sdist is built by its own PEP 517 backend, meson-python (with the meson
the project names in `[tool.meson-python] meson`, if any), run by the native
build Python 3.13.5 with pinned meson, meson-python, Cython and ninja. The
action writes a meson cross file for clang-19 `--target=wasm32-wasi` with the
toolchain's sysroot, and PEP 739 build details that give meson CPython's
wasm32-wasi headers and extension suffix. Extensions are linked `-shared`
(PIC, `dylink.0`) against exactly what a component provides
(libpython3.13.so, libc.so, the emulation libraries), plus private static
copies of compiler-rt and, for C++, libc++/libc++abi (`wasi_libcxx`); a
check then fails the build if any extension imports anything else. There are
no threads and no C++ exceptions (a `throw` aborts).

Output: a directory with the package tree as the wheel would install it
(`numpy/...` with `*.cpython-313-wasm32-wasi.so` next to the Python files,
and the `.dist-info`), provided as PyWasmPackageInfo for the Python path of
a component. Paths of the build never reach the outputs; the same inputs
give byte-identical files.

A failed build shows the compiler's error lines (ninja's `FAILED:` blocks)
and the end of the build log.

For another package: `pypi_sdist` fetches its sdist (pinned in
//third_party:versions.bzl), `setup_args` passes its meson options, and
and `build_wheels` adds build requirements beyond the default tools.
Packages built with setuptools or another backend are not supported.
""",
    attrs = _WHEEL_ATTRS,
)

_ERROR_TEST_TEMPLATE = """#!/bin/bash
# Generated by wasi_wheel_error_test ({label}): the build must fail and show
# the expected lines.
set -uo pipefail
work="${{TEST_TMPDIR:-$(mktemp -d)}}/wasi_wheel_error_test"
rm -rf "$work" && mkdir -p "$work/tmp"
export PATH=/usr/bin:/bin LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC SOURCE_DATE_EPOCH=1749600000
TMPDIR="$work/tmp" {script} {arguments} >"$work/stdout" 2>"$work/stderr"
code=$?
status=0
if [ "$code" = 0 ]; then
  echo "FAIL: the build succeeded; it must fail"
  status=1
fi
for want in {wants}; do
  if ! grep -qF -- "$want" "$work/stderr"; then
    echo "FAIL: stderr lacks: $want"
    status=1
  fi
done
echo "--- stderr of the build (exit code $code):"
cat "$work/stderr"
if [ "$status" = 0 ]; then echo "PASS"; fi
exit "$status"
"""

def _shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"

def _wasi_wheel_error_test_impl(ctx):
    arguments = _wheel_arguments(ctx, "out-never-written", _runfiles_path)
    script = ctx.actions.declare_file(ctx.attr.name + ".sh")
    ctx.actions.write(
        output = script,
        is_executable = True,
        content = _ERROR_TEST_TEMPLATE.format(
            label = str(ctx.label),
            script = _shell_quote(ctx.executable._script.short_path),
            arguments = " ".join([_shell_quote(a) for a in arguments]),
            wants = " ".join([_shell_quote(s) for s in ctx.attr.expected_stderr]),
        ),
    )
    runfiles = ctx.runfiles(files = _wheel_inputs(ctx) + [ctx.executable._script])
    return [DefaultInfo(executable = script, runfiles = runfiles)]

_ERROR_TEST_ATTRS = dict(_WHEEL_ATTRS)
_ERROR_TEST_ATTRS["expected_stderr"] = attr.string_list(
    mandatory = True,
    doc = "Substrings the build's stderr must contain (e.g. the compiler's error line).",
)

wasi_wheel_error_test = rule(
    implementation = _wasi_wheel_error_test_impl,
    test = True,
    doc = "Runs the wasi_wheel build of an sdist that must fail, and checks that stderr shows the expected lines (the compiler's errors, not just an exit status).",
    attrs = _ERROR_TEST_ATTRS,
)

def _wasi_libcxx_impl(ctx):
    out = ctx.actions.declare_directory(ctx.attr.name)
    tc = ctx.attr._toolchain[WasiPythonInfo]
    ctx.actions.run(
        executable = ctx.executable.script,
        arguments = [
            ctx.file.src.path,
            tc.sysroot.path,
            ctx.file.no_exceptions.path,
            ctx.file.errno_tls_init.path,
            ctx.file.config_site.path,
            out.path,
        ],
        inputs = [ctx.file.src, tc.sysroot, ctx.file.no_exceptions, ctx.file.errno_tls_init, ctx.file.config_site],
        outputs = [out],
        mnemonic = "WasiLibcxx",
        progress_message = "Building libc++ for wasm32-wasi ({})".format(ctx.label),
        env = BUILD_ENV,
    )
    return [DefaultInfo(files = depset([out]))]

wasi_libcxx = rule(
    implementation = _wasi_libcxx_impl,
    doc = "Builds libc++ and libc++abi for wasm32-wasi from the LLVM source: a directory with include/c++/v1, lib/libc++.a, lib/libc++abi.a (static, PIC, hidden symbols, no threads, no exceptions) and lib/errno_tls_init.o.",
    attrs = {
        "config_site": attr.label(mandatory = True, allow_single_file = True, doc = "libc++'s `__config_site`."),
        "errno_tls_init": attr.label(mandatory = True, allow_single_file = [".c"], doc = "errno's C++ TLS init function."),
        "no_exceptions": attr.label(mandatory = True, allow_single_file = [".cpp"], doc = "What `throw` does (abort with a message)."),
        "script": attr.label(mandatory = True, executable = True, cfg = "exec", allow_single_file = True, doc = "The build script."),
        "src": attr.label(mandatory = True, allow_single_file = True, doc = "The LLVM orig tarball."),
        "_toolchain": attr.label(default = Label("//third_party/cpython:toolchain"), providers = [WasiPythonInfo]),
    },
)
