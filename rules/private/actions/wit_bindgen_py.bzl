"""The `WitBindgenPy` action: typed Python bindings of a world."""

load(":wit.bzl", "wit_args")

def emit_wit_bindgen_py(ctx, tools, wit, worlds, out_dir, mode, meta = None, naming = {}, features = [], all_features = False):
    """Generates a bindings directory with wit-bindgen-py.

    Args:
        ctx: the rule context.
        tools: PyWasmToolsInfo.
        wit: list of WitInfo.
        worlds: list of world names.
        out_dir: the directory File to write.
        mode: "stub" or "real".
        meta: glue-meta.json File (real mode: the indices come from it).
        naming: dict of naming options: `world_module` (string),
            `import_interface_names` and `export_interface_names` (dicts),
            `full_names` (bool).
        features: `@unstable` WIT features to enable.
        all_features: enable every `@unstable` feature.
    """
    args = ctx.actions.args()
    inputs = wit_args(args, wit, worlds, features, all_features)
    if naming.get("world_module"):
        args.add("--world-module", naming["world_module"])
    for key, value in sorted(naming.get("import_interface_names", {}).items()):
        args.add("--import-interface-name", "{}={}".format(key, value))
    for key, value in sorted(naming.get("export_interface_names", {}).items()):
        args.add("--export-interface-name", "{}={}".format(key, value))
    if naming.get("full_names"):
        args.add("--full-names")
    args.add("--mode", mode)
    extra = []
    if meta:
        args.add("--glue-meta", meta)
        extra.append(meta)
    args.add("-o", out_dir.path)
    ctx.actions.run(
        executable = tools.wit_bindgen_py,
        arguments = [args],
        inputs = depset(extra, transitive = [inputs]),
        outputs = [out_dir],
        mnemonic = "WitBindgenPy",
        progress_message = "Generating {} bindings for {}".format(mode, ctx.label),
        env = {},
    )
