"""`py_wasm_component`: a Python app pre-initialized into a component.

The app's own work is two actions: `PyAppTree` (its Python files as one
directory) and `PyPreinit` (run its init, snapshot). Everything about the
world comes from a shared `py_wasm_world` target, so editing `app.py` reruns
neither `GlueGen` nor `PyLink`. An app whose deps carry native extensions
links once more (`PyLink`), with the extensions dl-openable.
"""

load("//rules/private/actions:app_tree.bzl", "emit_app_tree")
load("//rules/private/actions:py_link.bzl", "emit_py_link")
load("//rules/private/actions:py_preinit.bzl", "emit_py_preinit")
load(":providers.bzl", "PyWasmComponentInfo", "PyWasmPackageInfo", "PyWasmToolsInfo", "PyWasmWorldInfo", "WasiPythonInfo")
load(":py_wasm_package.bzl", "relative_to_package")
load(":py_wasm_world.bzl", "TOOL_ATTRS", "py_wasm_world")

def _app_files(ctx):
    files = {}
    for f in ctx.files.srcs:
        files[relative_to_package(ctx, f)] = f
    for dep in ctx.attr.deps:
        if PyInfo in dep:
            # py_library sources keep their workspace-relative paths, as in
            # Bazel's own Python runfiles.
            for f in dep[PyInfo].transitive_sources.to_list():
                files.setdefault(f.short_path, f)
    return sorted(files.items())

def _py_wasm_component_impl(ctx):
    tools = ctx.attr._tools[PyWasmToolsInfo]
    tc = ctx.attr._toolchain[WasiPythonInfo]
    world = ctx.attr.world[PyWasmWorldInfo]

    app_tree = ctx.actions.declare_directory(ctx.attr.name + ".app")
    emit_app_tree(ctx, _app_files(ctx), app_tree)
    packages = depset(transitive = [d[PyWasmPackageInfo].python_path for d in ctx.attr.deps if PyWasmPackageInfo in d]).to_list()
    python_path = [app_tree] + packages + ctx.files.python_path

    linked = world.linked_stub_wasi if world.stub_wasi else world.linked
    linked_for_init = world.linked
    precompiled = world.precompiled
    if packages:
        # Native extensions must be linked in; the guest directories match
        # the /app/<i> that py-preinit maps each Python-path entry at.
        linked_for_init = ctx.actions.declare_file(ctx.attr.name + ".linked.wasm")
        linked = linked_for_init
        precompiled = None
        linked_stub_wasi = None
        if world.stub_wasi:
            linked_stub_wasi = ctx.actions.declare_file(ctx.attr.name + ".linked-stub-wasi.wasm")
            linked = linked_stub_wasi
        emit_py_link(
            ctx,
            tools,
            libraries = world.libraries,
            output = linked_for_init,
            manifest = ctx.actions.declare_file(ctx.attr.name + ".link.json"),
            adapter = tc.adapter,
            python_path = [("/app/{}".format(i), d) for i, d in enumerate(python_path)],
            stub_wasi_output = linked_stub_wasi,
        )

    out = ctx.actions.declare_file(ctx.attr.name + ".wasm")
    init_log = ctx.actions.declare_file(ctx.attr.name + ".init.log")
    emit_py_preinit(
        ctx,
        tools,
        component = linked_for_init,
        stub_wasi_component = linked if world.stub_wasi else None,
        app = ctx.attr.app,
        stdlib = tc.stdlib,
        bindings = world.bindings,
        python_path = python_path,
        output = out,
        init_log = init_log,
        precompiled = precompiled,
    )
    return [
        PyWasmComponentInfo(
            app = ctx.attr.app,
            bindings = world.bindings,
            component = out,
            linked = linked_for_init,
            python_path = python_path,
            stdlib = tc.stdlib,
            stub_wasi_component = linked if world.stub_wasi else None,
        ),
        DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out])),
        OutputGroupInfo(
            app_tree = depset([app_tree]),
            init_log = depset([init_log]),
            stub_bindings = depset([world.stub_bindings]),
        ),
    ]

_py_wasm_component = rule(
    implementation = _py_wasm_component_impl,
    doc = "A Python app pre-initialized into a component for a py_wasm_world.",
    attrs = dict(TOOL_ATTRS, **{
        "app": attr.string(mandatory = True, doc = "The app's module name (componentize-py's `componentize APP`)."),
        "deps": attr.label_list(providers = [[PyWasmPackageInfo], [PyInfo]], doc = "py_library targets and wasi_wheel (PyWasmPackageInfo) targets."),
        "python_path": attr.label_list(allow_files = True, doc = "Extra directories for the Python path, after the app and deps."),
        "srcs": attr.label_list(allow_files = [".py", ".pyi", ".json", ".txt"], doc = "The app's files; paths relative to the package become paths on the Python path."),
        "world": attr.label(mandatory = True, providers = [PyWasmWorldInfo], doc = "The py_wasm_world target."),
        "_app_tree": attr.label(default = Label("//rules/private:app_tree.sh"), executable = True, cfg = "exec", allow_single_file = True),
    }),
)

def py_wasm_component(name, app, srcs = [], world = None, wit = [], deps = [], python_path = [], **kwargs):
    """A Python app pre-initialized into a WebAssembly component.

    `world` is either a `py_wasm_world` target (a label: `:x`, `//pkg:x`;
    share one between apps so their glue and link are built once), or a world
    name like `wasi:http/proxy` or `my:pkg/world` (with its `wit`), for which
    a `<name>.world` py_wasm_world target is made here. World options
    (`world_module`, `stub_wasi`, `features`, ...) go with the second form.

    Args:
        name: the target; its output is `<name>.wasm`.
        app: the app's module name.
        srcs: the app's Python files.
        world: a py_wasm_world label, or a world name.
        wit: wit_library targets for a world name (none for WASI worlds).
        deps: py_library and wasi_wheel targets.
        python_path: extra Python-path directories.
        **kwargs: py_wasm_world attributes (with a world name), and common
            attributes (`visibility`, `tags`, `testonly`).
    """
    common = {k: kwargs.pop(k) for k in ["visibility", "tags", "testonly"] if k in kwargs}
    if world == None:
        fail("py_wasm_component {}: `world` is required".format(name))
    if world.startswith(":") or world.startswith("//") or world.startswith("@"):
        if wit or kwargs:
            fail("py_wasm_component {}: with a py_wasm_world label as `world`, set {} on that target instead".format(name, sorted(["wit"] + kwargs.keys())))
        world_target = world
    else:
        world_target = ":" + name + ".world"
        py_wasm_world(name = name + ".world", worlds = [world], wit = wit, **dict(kwargs, **common))
    _py_wasm_component(
        name = name,
        app = app,
        srcs = srcs,
        deps = deps,
        python_path = python_path,
        world = world_target,
        **common
    )
