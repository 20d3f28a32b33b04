"""Public rules of rules_py_wasm. This file only re-exports."""

load(
    "//rules/private:check_tests.bzl",
    _component_wit_test = "component_wit_test",
    _file_contains_test = "file_contains_test",
    _preinit_reproducibility_test = "preinit_reproducibility_test",
    _script_test = "script_test",
)
load("//rules/private:component_test.bzl", _wasm_component_test = "wasm_component_test")
load(
    "//rules/private:providers.bzl",
    _PyWasmComponentInfo = "PyWasmComponentInfo",
    _PyWasmPackageInfo = "PyWasmPackageInfo",
    _PyWasmToolsInfo = "PyWasmToolsInfo",
    _PyWasmWorldInfo = "PyWasmWorldInfo",
    _WasiPythonInfo = "WasiPythonInfo",
    _WitInfo = "WitInfo",
)
load("//rules/private:py_wasm_component.bzl", _py_wasm_component = "py_wasm_component")
load("//rules/private:py_wasm_package.bzl", _py_wasm_package = "py_wasm_package")
load("//rules/private:py_wasm_world.bzl", _py_wasm_world = "py_wasm_world")
load(
    "//rules/private:toolchain_tests.bzl",
    _component_type_object = "component_type_object",
    _linked_c_component = "linked_c_component",
    _preinitialized_c_component = "preinitialized_c_component",
)
load("//rules/private:wasi_cc.bzl", _wasi_cc_shared_library = "wasi_cc_shared_library", _wit_dylib_header = "wit_dylib_header")
load(
    "//rules/private:wasi_wheel.bzl",
    _wasi_libcxx = "wasi_libcxx",
    _wasi_wheel = "wasi_wheel",
    _wasi_wheel_error_test = "wasi_wheel_error_test",
)
load("//rules/private:wit_library.bzl", _wit_library = "wit_library")

PyWasmComponentInfo = _PyWasmComponentInfo
PyWasmPackageInfo = _PyWasmPackageInfo
PyWasmToolsInfo = _PyWasmToolsInfo
PyWasmWorldInfo = _PyWasmWorldInfo
WitInfo = _WitInfo
WasiPythonInfo = _WasiPythonInfo
component_type_object = _component_type_object
component_wit_test = _component_wit_test
file_contains_test = _file_contains_test
linked_c_component = _linked_c_component
preinit_reproducibility_test = _preinit_reproducibility_test
preinitialized_c_component = _preinitialized_c_component
py_wasm_component = _py_wasm_component
py_wasm_package = _py_wasm_package
py_wasm_world = _py_wasm_world
script_test = _script_test
wasi_cc_shared_library = _wasi_cc_shared_library
wasi_libcxx = _wasi_libcxx
wasi_wheel = _wasi_wheel
wasi_wheel_error_test = _wasi_wheel_error_test
wasm_component_test = _wasm_component_test
wit_dylib_header = _wit_dylib_header
wit_library = _wit_library
