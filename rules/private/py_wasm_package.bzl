"""`py_wasm_package`: files (Python modules, native extensions) as one
Python-path directory, for the `deps` of py_wasm_component."""

load("//rules/private/actions:app_tree.bzl", "emit_app_tree")
load(":providers.bzl", "PyWasmPackageInfo")

def relative_to_package(ctx, f):
    """A file's path relative to the current package (or its repository).

    Args:
        ctx: the rule context.
        f: the File.

    Returns:
        The relative path.
    """
    path = f.short_path
    if path.startswith("../"):
        # ../repo/path -> path inside that repository
        path = "/".join(path.split("/")[2:])
    prefix = ctx.label.package + "/" if ctx.label.package else ""
    if prefix and path.startswith(prefix):
        return path[len(prefix):]
    return path

def _py_wasm_package_impl(ctx):
    tree = ctx.actions.declare_directory(ctx.attr.name)
    emit_app_tree(ctx, sorted([(relative_to_package(ctx, f), f) for f in ctx.files.srcs]), tree)
    return [
        PyWasmPackageInfo(python_path = depset([tree])),
        DefaultInfo(files = depset([tree])),
    ]

py_wasm_package = rule(
    implementation = _py_wasm_package_impl,
    doc = "Puts files at their package-relative paths in one directory that becomes a root of the component's Python path; native extensions in it (e.g. from wasi_cc_shared_library) are linked dl-openable.",
    attrs = {
        "srcs": attr.label_list(allow_files = True, mandatory = True, doc = "The files."),
        "_app_tree": attr.label(default = Label("//rules/private:app_tree.sh"), executable = True, cfg = "exec", allow_single_file = True),
    },
)
