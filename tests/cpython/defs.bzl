"""`cpython_tests_package`: some of CPython's own test modules as a package
for the `deps` of py_wasm_component."""

load("//rules:defs.bzl", "PyWasmPackageInfo")

def _cpython_tests_package_impl(ctx):
    out = ctx.actions.declare_directory(ctx.attr.name)
    ctx.actions.run(
        executable = ctx.executable._extract,
        arguments = [ctx.file.src.path, out.path] + ctx.attr.modules,
        inputs = [ctx.file.src],
        outputs = [out],
        mnemonic = "CPythonTests",
        progress_message = "Extracting CPython's tests for {}".format(ctx.label),
        env = {"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"},
    )
    return [
        PyWasmPackageInfo(python_path = depset([out])),
        DefaultInfo(files = depset([out])),
    ]

cpython_tests_package = rule(
    implementation = _cpython_tests_package_impl,
    doc = "The `test` package of CPython's source (its support code and the named test modules), as one Python-path directory.",
    attrs = {
        "modules": attr.string_list(mandatory = True, doc = "Test modules (`test_json`, ...) to include."),
        "src": attr.label(mandatory = True, allow_single_file = True, doc = "The CPython source tarball."),
        "_extract": attr.label(default = Label("//tests/cpython:extract.sh"), executable = True, cfg = "exec", allow_single_file = True),
    },
)
