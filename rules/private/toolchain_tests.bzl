"""Rules the toolchain tests use: a component-type object, a plain
shared-everything link of a C program with libpython (no glue, no runtime),
and a pre-initialization of such a component."""

load("//rules/private/actions:glue_gen.bzl", "emit_component_type_object")
load("//rules/private/actions:py_link.bzl", "emit_py_link")
load("//rules/private/actions:py_preinit.bzl", "emit_py_preinit")
load(":providers.bzl", "PyWasmToolsInfo", "WasiPythonInfo")

def _component_type_object_impl(ctx):
    out = ctx.actions.declare_file(ctx.attr.name + ".o")
    emit_component_type_object(
        ctx,
        ctx.attr._tools[PyWasmToolsInfo],
        world = ctx.attr.world,
        wit_files = ctx.files.wit,
        wit_roots = [f.path for f in ctx.files.wit],
        output = out,
    )
    return [DefaultInfo(files = depset([out]))]

component_type_object = rule(
    implementation = _component_type_object_impl,
    doc = "A relocatable wasm object carrying the component type of `world` (bundled WASI worlds need no `wit`).",
    attrs = {
        "wit": attr.label_list(allow_files = [".wit"], doc = "WIT files (each passed as -d)."),
        "world": attr.string(mandatory = True, doc = "The world, e.g. `wasi:cli/command`."),
        "_tools": attr.label(default = Label("//:tools"), providers = [PyWasmToolsInfo]),
    },
)

def _linked_c_component_impl(ctx):
    tc = ctx.attr._toolchain[WasiPythonInfo]
    out = ctx.actions.declare_file(ctx.attr.name + ".wasm")
    manifest = ctx.actions.declare_file(ctx.attr.name + ".link.json")
    emit_py_link(
        ctx,
        ctx.attr._tools[PyWasmToolsInfo],
        libraries = [ctx.file.main, tc.libpython] + tc.shared_libs,
        output = out,
        manifest = manifest,
        adapter = tc.adapter,
        dl_openable = [(guest, target.files.to_list()[0]) for target, guest in ctx.attr.dl_openable.items()],
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

linked_c_component = rule(
    implementation = _linked_c_component_impl,
    doc = "Links a C main library with libpython3.13.so, libc.so and the emulation libraries into a component.",
    attrs = {
        "dl_openable": attr.label_keyed_string_dict(allow_files = [".so"], doc = "Extension library -> the guest path CPython will dlopen."),
        "main": attr.label(mandatory = True, allow_single_file = [".so"], doc = "The main shared library (exports the world)."),
        "_tools": attr.label(default = Label("//:tools"), providers = [PyWasmToolsInfo]),
        "_toolchain": attr.label(default = Label("//third_party/cpython:toolchain"), providers = [WasiPythonInfo]),
    },
)

def _preinitialized_c_component_impl(ctx):
    tc = ctx.attr._toolchain[WasiPythonInfo]
    empty = ctx.actions.declare_directory(ctx.attr.name + ".empty")
    ctx.actions.run(
        executable = "/bin/mkdir",
        arguments = ["-p", empty.path],
        outputs = [empty],
        mnemonic = "MakeEmptyDir",
    )
    out = ctx.actions.declare_file(ctx.attr.name + ".wasm")
    emit_py_preinit(
        ctx,
        ctx.attr._tools[PyWasmToolsInfo],
        component = ctx.file.component,
        app = "unused",
        stdlib = tc.stdlib,
        bindings = empty,
        python_path = [],
        output = out,
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

preinitialized_c_component = rule(
    implementation = _preinitialized_c_component_impl,
    doc = "Runs py-preinit on a linked C component that exports `py-wasm-init` (no app, empty bindings).",
    attrs = {
        "component": attr.label(mandatory = True, allow_single_file = [".wasm"], doc = "The linked component."),
        "_tools": attr.label(default = Label("//:tools"), providers = [PyWasmToolsInfo]),
        "_toolchain": attr.label(default = Label("//third_party/cpython:toolchain"), providers = [WasiPythonInfo]),
    },
)
