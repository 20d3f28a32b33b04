"""Rules that build the toolchain itself (third_party/ and the Rust tools). This file only re-exports."""

load("//rules/private:cargo.bzl", _cargo_tools = "cargo_tools")
load("//rules/private:toolchain.bzl", _wasi_python_toolchain = "wasi_python_toolchain")
load(
    "//rules/private:toolchain_build.bzl",
    _cpython_build_python = "cpython_build_python",
    _cpython_extensions = "cpython_extensions",
    _cpython_stdlib = "cpython_stdlib",
    _cpython_wasi = "cpython_wasi",
    _wasi_libc_sysroot = "wasi_libc_sysroot",
    _wasi_zlib = "wasi_zlib",
)

cargo_tools = _cargo_tools
cpython_build_python = _cpython_build_python
cpython_extensions = _cpython_extensions
cpython_stdlib = _cpython_stdlib
cpython_wasi = _cpython_wasi
wasi_libc_sysroot = _wasi_libc_sysroot
wasi_python_toolchain = _wasi_python_toolchain
wasi_zlib = _wasi_zlib
