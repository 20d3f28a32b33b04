"""Actions running glue-gen."""

load(":wit.bzl", "wit_args")

def emit_component_type_object(ctx, tools, world, wit_files, wit_roots, output):
    """Writes a relocatable wasm object that carries a world's component type.

    Args:
        ctx: the rule context.
        tools: PyWasmToolsInfo.
        world: the world to select, e.g. `wasi:cli/command`.
        wit_files: every WIT File the world needs (action inputs).
        wit_roots: the paths to pass as `-d` (files or directories).
        output: the `.o` File to write.
    """
    args = ctx.actions.args()
    for root in wit_roots:
        args.add("-d", root)
    args.add("-w", world)
    args.add("--component-type-object", output)
    ctx.actions.run(
        executable = tools.glue_gen,
        arguments = [args],
        inputs = wit_files,
        outputs = [output],
        mnemonic = "ComponentTypeObject",
        progress_message = "Encoding the component type of {} for {}".format(world, ctx.label),
        env = {},
    )

def emit_header(ctx, tools, output):
    """Writes `wit_dylib.h`, the ABI header of glue-gen's pinned wit-dylib.

    Args:
        ctx: the rule context.
        tools: PyWasmToolsInfo.
        output: the `wit_dylib.h` File to write.
    """
    args = ctx.actions.args()
    args.add("--header-out", output)
    ctx.actions.run(
        executable = tools.glue_gen,
        arguments = [args],
        outputs = [output],
        mnemonic = "GlueGenHeader",
        progress_message = "Writing the wit-dylib ABI header for {}".format(ctx.label),
        env = {},
    )

def emit_glue_gen(ctx, tools, wit, worlds, glue, meta, features = [], all_features = False):
    """The `GlueGen` action: the glue library and glue-meta.json of a world.

    Args:
        ctx: the rule context.
        tools: PyWasmToolsInfo.
        wit: list of WitInfo (empty for the bundled WASI worlds).
        worlds: list of world names (merged into one).
        glue: the glue File to write.
        meta: the glue-meta.json File to write.
        features: `@unstable` WIT features to enable.
        all_features: enable every `@unstable` feature.
    """
    args = ctx.actions.args()
    inputs = wit_args(args, wit, worlds, features, all_features)
    args.add("--glue-out", glue)
    args.add("--meta-out", meta)
    ctx.actions.run(
        executable = tools.glue_gen,
        arguments = [args],
        inputs = inputs,
        outputs = [glue, meta],
        mnemonic = "GlueGen",
        progress_message = "Generating the glue of {}".format(ctx.label),
        env = {},
    )
