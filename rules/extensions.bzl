"""The module extension for bzlmod users (Bazel >= 7): the same pinned
repositories rules_py_wasm_dependencies() declares in WORKSPACE mode."""

load("//rules:repositories.bzl", "rules_py_wasm_dependencies")

def _py_wasm_impl(_module_ctx):
    rules_py_wasm_dependencies()

py_wasm = module_extension(
    implementation = _py_wasm_impl,
    doc = "Declares the pinned downloads of //third_party:versions.bzl.",
)
