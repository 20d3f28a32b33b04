"""Compiles C into a wasm32-wasi shared library (PIC, dylink.0) with the WASI toolchain."""

load("//rules/private/actions:glue_gen.bzl", "emit_header")
load(":providers.bzl", "PyWasmToolsInfo", "WasiPythonInfo")

COPTS = ["-O2", "-fPIC", "-Wall", "-Wextra", "-Werror", "-std=c11"]

def _wasi_cc_shared_library_impl(ctx):
    tc = ctx.attr._toolchain[WasiPythonInfo]
    out = ctx.actions.declare_file(ctx.attr.out or ctx.attr.name + ".so")
    args = ctx.actions.args()
    args.add_all(COPTS + ctx.attr.copts)
    args.add("-I", tc.headers.path)
    for hdr in ctx.files.hdrs:
        args.add("-I", hdr.dirname)
    args.add_all(["-shared", "-nostdlib", "-Wl,--no-entry", "-Wl,--export-if-defined=__wasm_call_ctors"])
    args.add("-o", out)
    args.add_all(ctx.files.srcs)
    args.add_all(ctx.files.objects)
    libs = []
    if ctx.attr.link_libpython:
        libs.append(tc.libpython)
    libs += [lib for lib in tc.shared_libs if lib.basename == "libc.so"]
    args.add_all(libs)
    ctx.actions.run(
        executable = tc.cc,
        arguments = [args],
        inputs = ctx.files.srcs + ctx.files.hdrs + ctx.files.objects + libs + [tc.sysroot, tc.headers],
        outputs = [out],
        mnemonic = "WasiCc",
        progress_message = "Compiling {} for wasm32-wasi".format(ctx.label),
        env = {"PATH": "/usr/bin:/bin"},
    )
    return [DefaultInfo(files = depset([out]))]

wasi_cc_shared_library = rule(
    implementation = _wasi_cc_shared_library_impl,
    doc = "Compiles and links C sources into one wasm32-wasi shared library against libc.so (and libpython3.13.so), with warnings as errors.",
    attrs = {
        "copts": attr.string_list(doc = "Extra compiler flags."),
        "hdrs": attr.label_list(allow_files = [".h"], doc = "Headers; their directories are added to the include path."),
        "link_libpython": attr.bool(default = True, doc = "Link against libpython3.13.so."),
        "objects": attr.label_list(allow_files = [".o"], doc = "Extra wasm object files to link in (e.g. a component-type object)."),
        "out": attr.string(doc = "Output file name (default: NAME.so)."),
        "srcs": attr.label_list(allow_files = [".c"], mandatory = True, doc = "C sources."),
        "_toolchain": attr.label(default = Label("//third_party/cpython:toolchain"), providers = [WasiPythonInfo]),
    },
)

def _wit_dylib_header_impl(ctx):
    out = ctx.actions.declare_file(ctx.attr.name + "/wit_dylib.h")
    emit_header(ctx, ctx.attr._tools[PyWasmToolsInfo], out)
    return [DefaultInfo(files = depset([out]))]

wit_dylib_header = rule(
    implementation = _wit_dylib_header_impl,
    doc = "`NAME/wit_dylib.h`: the wit-dylib ABI header, written by `glue-gen --header-out` (never a copy in the repository).",
    attrs = {
        "_tools": attr.label(default = Label("//:tools"), providers = [PyWasmToolsInfo]),
    },
)
