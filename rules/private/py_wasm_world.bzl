"""`py_wasm_world`: everything about a world that no app changes.

One target per world, shared by every app built for it: the glue (`GlueGen`),
the real and stub bindings (`WitBindgenPy`) and the component linked from the
runtime, the glue, libpython and libc (`PyLink`), compiled for pre-initialization
(`PyPrecompile`: most of what a pre-initialization costs). Apps then only pre-initialize
(`PyPreinit`), or link again when they bring native extensions.
"""

load("//rules/private/actions:glue_gen.bzl", "emit_glue_gen")
load("//rules/private/actions:py_link.bzl", "emit_py_link")
load("//rules/private/actions:py_preinit.bzl", "emit_py_precompile")
load("//rules/private/actions:wit_bindgen_py.bzl", "emit_wit_bindgen_py")
load(":providers.bzl", "PyWasmToolsInfo", "PyWasmWorldInfo", "WasiPythonInfo", "WitInfo")

def world_libraries(ctx, toolchain, glue):
    """The libraries of a Python component, in link order.

    Args:
        ctx: the rule context (`ctx.file._runtime` is libpy_wasm_runtime.so).
        toolchain: WasiPythonInfo.
        glue: the glue File.

    Returns:
        list of File.
    """
    return [ctx.file._runtime, glue, toolchain.libpython] + toolchain.shared_libs

def _py_wasm_world_impl(ctx):
    tools = ctx.attr._tools[PyWasmToolsInfo]
    tc = ctx.attr._toolchain[WasiPythonInfo]
    wit = [w[WitInfo] for w in ctx.attr.wit]
    options = dict(features = ctx.attr.wit_features, all_features = ctx.attr.all_features)
    naming = dict(
        world_module = ctx.attr.world_module,
        import_interface_names = ctx.attr.import_interface_names,
        export_interface_names = ctx.attr.export_interface_names,
        full_names = ctx.attr.full_names,
    )

    glue = ctx.actions.declare_file(ctx.attr.name + "/libpy_wasm_glue.so")
    meta = ctx.actions.declare_file(ctx.attr.name + "/glue-meta.json")
    emit_glue_gen(ctx, tools, wit, ctx.attr.worlds, glue, meta, **options)

    bindings = ctx.actions.declare_directory(ctx.attr.name + "/bindings")
    emit_wit_bindgen_py(ctx, tools, wit, ctx.attr.worlds, bindings, "real", meta = meta, naming = naming, **options)
    stub_bindings = ctx.actions.declare_directory(ctx.attr.name + "/stub_bindings")
    emit_wit_bindgen_py(ctx, tools, wit, ctx.attr.worlds, stub_bindings, "stub", naming = naming, **options)

    libraries = world_libraries(ctx, tc, glue)
    linked = ctx.actions.declare_file(ctx.attr.name + "/linked.wasm")
    manifest = ctx.actions.declare_file(ctx.attr.name + "/linked.link.json")
    linked_stub_wasi = None
    if ctx.attr.stub_wasi:
        linked_stub_wasi = ctx.actions.declare_file(ctx.attr.name + "/linked-stub-wasi.wasm")
    emit_py_link(
        ctx,
        tools,
        libraries = libraries,
        output = linked,
        manifest = manifest,
        adapter = tc.adapter,
        stub_wasi_output = linked_stub_wasi,
    )
    precompiled = ctx.actions.declare_file(ctx.attr.name + "/linked.cwasm")
    emit_py_precompile(ctx, tools, linked, precompiled)
    info = PyWasmWorldInfo(
        bindings = bindings,
        glue = glue,
        libraries = libraries,
        linked = linked,
        linked_stub_wasi = linked_stub_wasi,
        meta = meta,
        precompiled = precompiled,
        stub_bindings = stub_bindings,
        stub_wasi = ctx.attr.stub_wasi,
    )
    return [
        info,
        DefaultInfo(files = depset([linked, stub_bindings])),
        OutputGroupInfo(
            bindings = depset([bindings]),
            glue = depset([glue, meta]),
            stub_bindings = depset([stub_bindings]),
        ),
    ]

WORLD_ATTRS = {
    "all_features": attr.bool(doc = "Enable every `@unstable` WIT feature."),
    "export_interface_names": attr.string_dict(doc = "Python module name of an exported interface (componentize-py's `--export-interface-name`)."),
    "full_names": attr.bool(doc = "Always qualify interface modules with package and version (`--full-names`)."),
    "import_interface_names": attr.string_dict(doc = "Python module name of an imported interface (`--import-interface-name`)."),
    "stub_wasi": attr.bool(doc = "Stub out WASI: the component imports nothing from WASI (`--stub-wasi`)."),
    "wit_features": attr.string_list(doc = "`@unstable` WIT features to enable (componentize-py's `--features`)."),
    "wit": attr.label_list(providers = [WitInfo], doc = "wit_library targets; none for the WASI worlds, which are built in."),
    "world_module": attr.string(default = "wit_world", doc = "Name of the generated Python package (`--world-module`)."),
    "worlds": attr.string_list(mandatory = True, doc = "World(s) to target, e.g. `wasi:http/proxy`; several are merged into one."),
}

TOOL_ATTRS = {
    "_runtime": attr.label(default = Label("//runtime:runtime"), allow_single_file = True),
    "_toolchain": attr.label(default = Label("//third_party/cpython:toolchain"), providers = [WasiPythonInfo]),
    "_tools": attr.label(default = Label("//:tools"), providers = [PyWasmToolsInfo]),
}

py_wasm_world = rule(
    implementation = _py_wasm_world_impl,
    doc = "The app-independent part of Python components for a world: glue, bindings and the linked component. Default outputs: the linked component and the stub bindings (for IDEs and mypy).",
    attrs = dict(WORLD_ATTRS, **TOOL_ATTRS),
)
