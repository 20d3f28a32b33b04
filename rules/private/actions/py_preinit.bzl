"""The `PyPreinit` action (runs the init export and snapshots the component)
and `PyPrecompile` (compiles a linked component for it, once per world)."""

def emit_py_precompile(ctx, tools, component, output):
    """Compiles a linked component for pre-initialization (`py-preinit --precompile`).

    Args:
        ctx: the rule context.
        tools: PyWasmToolsInfo.
        component: the linked component File.
        output: the File to write (pass it to emit_py_preinit's `precompiled`).
    """
    args = ctx.actions.args()
    args.add(component)
    args.add("--precompile")
    args.add("-o", output)
    ctx.actions.run(
        executable = tools.py_preinit,
        arguments = [args],
        inputs = [component],
        outputs = [output],
        mnemonic = "PyPrecompile",
        progress_message = "Compiling {} for pre-initialization".format(ctx.label),
        env = {},
    )

def emit_py_preinit(ctx, tools, component, app, stdlib, bindings, python_path, output, init_log = None, stub_wasi_component = None, precompiled = None, mnemonic = "PyPreinit"):
    """Pre-initializes a linked component with py-preinit.

    Args:
        ctx: the rule context.
        tools: PyWasmToolsInfo.
        component: the linked component File (py-link's output).
        app: the app's module name.
        stdlib: the stdlib directory File.
        bindings: the real-bindings directory File.
        python_path: list of directory Files, in Python-path order.
        output: the pre-initialized component File to write.
        init_log: if given, the File to write what the app printed at
            import time to.
        stub_wasi_component: the `--stub-wasi` twin of `component`; the
            snapshot is written into it.
        precompiled: `component` compiled by emit_py_precompile, or None.
        mnemonic: the action's mnemonic.
    """
    args = ctx.actions.args()
    args.add(component)
    args.add("--app", app)
    args.add("--stdlib", stdlib.path)
    args.add("--bindings", bindings.path)
    for d in python_path:
        args.add("--python-path", d.path)
    args.add("-o", output)
    inputs = [component, stdlib, bindings] + python_path
    outputs = [output]
    if init_log:
        args.add("--init-log", init_log)
        outputs.append(init_log)
    if stub_wasi_component:
        args.add("--stub-wasi-component", stub_wasi_component)
        inputs.append(stub_wasi_component)
    if precompiled:
        args.add("--precompiled", precompiled)
        inputs.append(precompiled)
    ctx.actions.run(
        executable = tools.py_preinit,
        arguments = [args],
        inputs = inputs,
        outputs = outputs,
        mnemonic = mnemonic,
        progress_message = "Pre-initializing {}".format(ctx.label),
        env = {},
    )
