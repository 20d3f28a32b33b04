"""The `PyAppTree` action: an app's Python files as one Python-path directory."""

def emit_app_tree(ctx, files, output):
    """Copies files into a directory at the given relative paths.

    Args:
        ctx: the rule context; `ctx.executable._app_tree` is the script.
        files: list of (relative path, File) pairs.
        output: the directory File to write.
    """
    args = ctx.actions.args()
    args.add(output.path)
    for rel, f in files:
        args.add("{}={}".format(rel, f.path))
    ctx.actions.run(
        executable = ctx.executable._app_tree,
        arguments = [args],
        inputs = [f for _, f in files],
        outputs = [output],
        mnemonic = "PyAppTree",
        progress_message = "Collecting the Python files of {}".format(ctx.label),
        env = {"PATH": "/usr/bin:/bin"},
    )
