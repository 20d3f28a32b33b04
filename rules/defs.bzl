"""Public rules of rules_py_wasm. This file only re-exports."""

load("//rules/private:component_test.bzl", _wasm_component_test = "wasm_component_test")
load(
    "//rules/private:providers.bzl",
    _PyWasmPackageInfo = "PyWasmPackageInfo",
    _PyWasmToolsInfo = "PyWasmToolsInfo",
    _WasiPythonInfo = "WasiPythonInfo",
)
load(
    "//rules/private:toolchain_tests.bzl",
    _component_type_object = "component_type_object",
    _linked_c_component = "linked_c_component",
    _preinitialized_c_component = "preinitialized_c_component",
)
load("//rules/private:wasi_cc.bzl", _wasi_cc_shared_library = "wasi_cc_shared_library", _wit_dylib_header = "wit_dylib_header")

PyWasmPackageInfo = _PyWasmPackageInfo
PyWasmToolsInfo = _PyWasmToolsInfo
WasiPythonInfo = _WasiPythonInfo
component_type_object = _component_type_object
linked_c_component = _linked_c_component
preinitialized_c_component = _preinitialized_c_component
wasi_cc_shared_library = _wasi_cc_shared_library
wasm_component_test = _wasm_component_test
wit_dylib_header = _wit_dylib_header
