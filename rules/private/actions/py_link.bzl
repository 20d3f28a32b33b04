"""The `PyLink` action: py-link over explicit libraries and extensions."""

def emit_py_link(ctx, tools, libraries, output, manifest, adapter = None, dl_openable = [], python_path = [], stub_wasi_output = None, mnemonic = "PyLink"):
    """Links a component with py-link.

    Args:
        ctx: the rule context.
        tools: PyWasmToolsInfo.
        libraries: list of File, in link order; each is known to the Linker
            by its basename.
        output: the component File to write.
        manifest: the link-manifest File to write.
        adapter: the preview1 reactor adapter File (py-link's pinned copy
            when None).
        dl_openable: list of (guest path, File) pairs.
        python_path: list of (guest dir, directory File) pairs to scan for
            native extensions.
        stub_wasi_output: if given, also link the `--stub-wasi` twin here.
        mnemonic: the action's mnemonic.
    """
    args = ctx.actions.args()
    for lib in libraries:
        args.add("--lib", "{}={}".format(lib.basename, lib.path))
    for guest, f in dl_openable:
        args.add("--dl-openable", "{}={}".format(guest, f.path))
    for guest, d in python_path:
        args.add("--python-path", "{}={}".format(guest, d.path))
    inputs = list(libraries) + [f for _, f in dl_openable] + [d for _, d in python_path]
    if adapter:
        args.add("--adapter", adapter)
        inputs.append(adapter)
    args.add("-o", output)
    args.add("--manifest", manifest)
    outputs = [output, manifest]
    if stub_wasi_output:
        args.add("--stub-wasi-output", stub_wasi_output)
        outputs.append(stub_wasi_output)
    ctx.actions.run(
        executable = tools.py_link,
        arguments = [args],
        inputs = inputs,
        outputs = outputs,
        mnemonic = mnemonic,
        progress_message = "Linking {}".format(ctx.label),
        env = {},
    )
