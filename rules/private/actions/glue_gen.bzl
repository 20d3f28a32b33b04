"""Actions running glue-gen."""

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
