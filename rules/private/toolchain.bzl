"""The WASI CPython toolchain target: bundles the toolchain's pieces into WasiPythonInfo."""

load(":providers.bzl", "WasiPythonInfo")

def _single(target, group):
    files = getattr(target[OutputGroupInfo], group).to_list()
    if len(files) != 1:
        fail("{} provides {} files in output group `{}`, expected 1".format(target.label, len(files), group))
    return files[0]

def _wasi_python_toolchain_impl(ctx):
    libc = ctx.attr.libc
    cpython = ctx.attr.cpython
    info = WasiPythonInfo(
        adapter = ctx.file.adapter,
        cc = _single(libc, "cc"),
        ext_suffix = ".cpython-313-wasm32-wasi.so",
        headers = _single(cpython, "headers"),
        libpython = _single(cpython, "libpython"),
        shared_libs = libc[OutputGroupInfo].shared_libs.to_list(),
        stdlib = ctx.file.stdlib,
        sysroot = _single(libc, "sysroot"),
    )
    files = [info.adapter, info.cc, info.headers, info.libpython, info.stdlib, info.sysroot] + info.shared_libs
    return [info, DefaultInfo(files = depset(files))]

wasi_python_toolchain = rule(
    implementation = _wasi_python_toolchain_impl,
    doc = "Collects the WASI CPython toolchain into a WasiPythonInfo provider.",
    attrs = {
        "adapter": attr.label(mandatory = True, allow_single_file = [".wasm"], doc = "The preview1 reactor adapter."),
        "cpython": attr.label(mandatory = True, doc = "A `cpython_wasi` target."),
        "libc": attr.label(mandatory = True, doc = "A `wasi_libc_sysroot` target."),
        "stdlib": attr.label(mandatory = True, allow_single_file = True, doc = "The stdlib directory the components get: a `cpython_stdlib` target (with bytecode)."),
    },
)
