"""Build actions for the WASI CPython toolchain (wasi-libc, zlib, CPython).

Each rule runs one checked-in build script (third_party/*/build*.sh) as one
cached action with declared inputs and a pinned environment. The scripts work
in a scratch directory and map its path out of the artifacts, so the outputs
are the same whichever checkout or output base builds them.
"""

load(":providers.bzl", "PyWasmPackageInfo")

# The only environment the build scripts see. clang-19 and friends live in
# /usr/bin (Debian packages); nothing else from the host leaks in.
BUILD_ENV = {
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "PATH": "/usr/bin:/bin",
    "SOURCE_DATE_EPOCH": "1749600000",
    "TZ": "UTC",
}

def _run_script(ctx, mnemonic, inputs, outputs, arguments):
    ctx.actions.run(
        executable = ctx.executable.script,
        arguments = arguments,
        inputs = inputs,
        outputs = outputs,
        mnemonic = mnemonic,
        progress_message = "{} {}".format(mnemonic, ctx.label),
        env = BUILD_ENV,
    )

_SCRIPT_ATTR = attr.label(
    mandatory = True,
    executable = True,
    cfg = "exec",
    allow_single_file = True,
    doc = "The build script.",
)

def _wasi_libc_impl(ctx):
    sysroot = ctx.actions.declare_directory(ctx.attr.name)
    libs = [ctx.actions.declare_file(name) for name in ctx.attr.shared_libs]
    _run_script(
        ctx,
        "WasiLibc",
        inputs = [ctx.file.src, ctx.file.patch],
        outputs = [sysroot],
        arguments = [ctx.file.src.path, ctx.file.patch.path, sysroot.path],
    )

    # The shared libraries also as plain files, for the link step.
    for lib in libs:
        ctx.actions.run(
            executable = "/bin/cp",
            arguments = [sysroot.path + "/lib/wasm32-wasi/" + lib.basename, lib.path],
            inputs = [sysroot],
            outputs = [lib],
            mnemonic = "CopyWasiLib",
            progress_message = "Extracting {} from the sysroot".format(lib.basename),
        )
    cc = ctx.actions.declare_file(ctx.attr.name + "-cc")
    ctx.actions.write(
        output = cc,
        is_executable = True,
        content = """#!/bin/bash
# clang-19 for wasm32-wasi with the sysroot built next to this script.
# wasm-ld's warning that -shared "is not yet stable" is dropped.
exec clang-19 --target=wasm32-wasi --sysroot="$(dirname "$0")/{sysroot}" "$@" \\
  2> >(grep -v 'is not yet stable' >&2)
""".format(sysroot = sysroot.basename),
    )
    return [
        DefaultInfo(files = depset([sysroot])),
        OutputGroupInfo(
            sysroot = depset([sysroot]),
            shared_libs = depset(libs),
            cc = depset([cc]),
        ),
    ]

wasi_libc_sysroot = rule(
    implementation = _wasi_libc_impl,
    doc = "Builds the wasm32-wasi sysroot with shared libc and emulation libraries. Default output: the sysroot directory. Output groups: `sysroot` (directory), `shared_libs` (the .so files, in `shared_libs` order), `cc` (a clang-19 wrapper that uses the sysroot).",
    attrs = {
        "patch": attr.label(mandatory = True, allow_single_file = True, doc = "The source patch."),
        "script": _SCRIPT_ATTR,
        "shared_libs": attr.string_list(mandatory = True, doc = "Shared libraries to expose as files, in link order."),
        "src": attr.label(mandatory = True, allow_single_file = True, doc = "The wasi-libc orig tarball."),
    },
)

def _wasi_zlib_impl(ctx):
    out = ctx.actions.declare_directory(ctx.attr.name)
    _run_script(
        ctx,
        "WasiZlib",
        inputs = [ctx.file.src, ctx.file.sysroot],
        outputs = [out],
        arguments = [ctx.file.src.path, ctx.file.sysroot.path, out.path],
    )
    return [DefaultInfo(files = depset([out]))]

wasi_zlib = rule(
    implementation = _wasi_zlib_impl,
    doc = "Builds zlib as a static PIC wasm32-wasi library: a directory with include/ and lib/libz.a.",
    attrs = {
        "script": _SCRIPT_ATTR,
        "src": attr.label(mandatory = True, allow_single_file = True, doc = "The zlib orig tarball."),
        "sysroot": attr.label(mandatory = True, allow_single_file = True, doc = "The wasi-libc sysroot directory."),
    },
)

def _build_python_impl(ctx):
    out = ctx.actions.declare_directory(ctx.attr.name)
    _run_script(
        ctx,
        "BuildPython",
        inputs = [ctx.file.src],
        outputs = [out],
        arguments = [ctx.file.src.path, out.path],
    )
    return [DefaultInfo(files = depset([out]))]

cpython_build_python = rule(
    implementation = _build_python_impl,
    doc = "Builds the native CPython that the cross build runs (same version): an install tree with bin/python3.13.",
    attrs = {
        "script": _SCRIPT_ATTR,
        "src": attr.label(mandatory = True, allow_single_file = True, doc = "The CPython orig tarball."),
    },
)

def _cpython_wasi_impl(ctx):
    libpython = ctx.actions.declare_file("libpython3.13.so")
    stdlib = ctx.actions.declare_directory("stdlib")
    headers = ctx.actions.declare_directory("include")
    cjk_codecs = ctx.actions.declare_directory("cjk_codecs")
    _run_script(
        ctx,
        "WasiCPython",
        inputs = [ctx.file.src, ctx.file.sysroot, ctx.file.zlib, ctx.file.build_python] + ctx.files.patches,
        outputs = [libpython, stdlib, headers, cjk_codecs],
        arguments = [
            ctx.file.src.path,
            ctx.file.sysroot.path,
            ctx.file.zlib.path,
            ctx.file.build_python.path,
            libpython.path,
            stdlib.path,
            headers.path,
            cjk_codecs.path,
        ] + [p.path for p in ctx.files.patches],
    )
    return [
        DefaultInfo(files = depset([libpython])),
        OutputGroupInfo(
            libpython = depset([libpython]),
            stdlib = depset([stdlib]),
            headers = depset([headers]),
            cjk_codecs = depset([cjk_codecs]),
        ),
    ]

cpython_wasi = rule(
    implementation = _cpython_wasi_impl,
    doc = "Cross-builds CPython for wasm32-wasi. Default output: libpython3.13.so. Output groups: `libpython` (libpython3.13.so), `stdlib` (directory), `headers` (directory), `cjk_codecs` (directory of the CJK codec extension modules, which libpython does not build in).",
    attrs = {
        "build_python": attr.label(mandatory = True, allow_single_file = True, doc = "The native build Python (directory)."),
        "patches": attr.label_list(mandatory = True, allow_files = [".patch"], doc = "Source patches, applied in order."),
        "script": _SCRIPT_ATTR,
        "src": attr.label(mandatory = True, allow_single_file = True, doc = "The CPython orig tarball."),
        "sysroot": attr.label(mandatory = True, allow_single_file = True, doc = "The wasi-libc sysroot directory."),
        "zlib": attr.label(mandatory = True, allow_single_file = True, doc = "The zlib build (directory)."),
    },
)

def _cpython_extensions_impl(ctx):
    return [
        PyWasmPackageInfo(python_path = depset(ctx.files.dir)),
        DefaultInfo(files = depset(ctx.files.dir)),
    ]

cpython_extensions = rule(
    implementation = _cpython_extensions_impl,
    doc = "Stdlib extension modules that libpython does not build in, as a package for the `deps` of py_wasm_component: its directory becomes a root of the Python path, and the modules in it are linked dl-openable.",
    attrs = {
        "dir": attr.label(mandatory = True, allow_single_file = True, doc = "The directory of `*.cpython-313-wasm32-wasi.so` files (an output group of `cpython_wasi`)."),
    },
)

def _cpython_stdlib_impl(ctx):
    # Not `name` itself: cpython_wasi's own `stdlib` directory may have it.
    out = ctx.actions.declare_directory(ctx.attr.name + ".compiled")
    _run_script(
        ctx,
        "PyCompileStdlib",
        inputs = [ctx.file.stdlib, ctx.file.build_python],
        outputs = [out],
        arguments = [ctx.file.stdlib.path, ctx.file.build_python.path, out.path],
    )
    return [DefaultInfo(files = depset([out]))]

cpython_stdlib = rule(
    implementation = _cpython_stdlib_impl,
    doc = "The WASI stdlib with its bytecode: a copy of `stdlib` with `__pycache__/*.cpython-313.pyc` (unchecked-hash, PEP 552) beside every module, compiled by the native build Python of the same version, so pre-initialization loads the stdlib modules it imports instead of compiling them.",
    attrs = {
        "build_python": attr.label(mandatory = True, allow_single_file = True, doc = "The native build Python (directory), the same CPython version as the WASI one."),
        "script": _SCRIPT_ATTR,
        "stdlib": attr.label(mandatory = True, allow_single_file = True, doc = "The stdlib directory (`cpython_wasi`'s `stdlib` output group)."),
    },
)
