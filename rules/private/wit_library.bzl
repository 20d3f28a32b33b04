"""`wit_library`: one WIT package (all its files in one directory) and its deps."""

load(":providers.bzl", "WitInfo")

def _wit_library_impl(ctx):
    dirs = {f.dirname: True for f in ctx.files.srcs}
    if len(dirs) != 1:
        fail("wit_library {}: all srcs of a WIT package must be in one directory, got {}".format(ctx.label, sorted(dirs.keys())))

    # A one-file package is passed as the file (its directory may hold other
    # packages); a package of several files as their directory.
    pkg_dir = ctx.files.srcs[0].path if len(ctx.files.srcs) == 1 else dirs.keys()[0]
    deps = [d[WitInfo] for d in ctx.attr.deps]
    return [
        WitInfo(
            dir = pkg_dir,
            srcs = ctx.files.srcs,
            transitive_dirs = depset([pkg_dir], transitive = [d.transitive_dirs for d in deps], order = "postorder"),
            transitive_srcs = depset(ctx.files.srcs, transitive = [d.transitive_srcs for d in deps]),
        ),
        DefaultInfo(files = depset(ctx.files.srcs)),
    ]

wit_library = rule(
    implementation = _wit_library_impl,
    doc = "A WIT package: its `.wit` files (one file, or all the `.wit` files of one directory) and the wit_library targets of the packages it uses.",
    attrs = {
        "deps": attr.label_list(providers = [WitInfo], doc = "Packages this one uses."),
        "srcs": attr.label_list(allow_files = [".wit"], mandatory = True, doc = "The package's WIT files, all in one directory."),
    },
)
