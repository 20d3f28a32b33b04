"""Providers of rules_py_wasm, one per concept."""

WasiPythonInfo = provider(
    doc = "The WASI CPython toolchain: what compiling, linking and pre-initializing a Python component needs.",
    fields = {
        "adapter": "File: the preview1 reactor adapter (wasi_snapshot_preview1.reactor.wasm).",
        "cc": "File: executable clang-19 wrapper for wasm32-wasi with the sysroot; takes clang arguments. Needs `sysroot` among the action inputs.",
        "ext_suffix": "string: the file-name suffix of native extensions (`.cpython-313-wasm32-wasi.so`).",
        "headers": "File: directory of CPython's headers (Python.h, pyconfig.h, ...).",
        "libpython": "File: libpython3.13.so (PIC, dylink.0, no debug info).",
        "shared_libs": "list of File: libc.so and libwasi-emulated-{signal,getpid,process-clocks,mman}.so, in link order. Linker names are their basenames.",
        "stdlib": "File: directory of the stdlib (the contents of lib/python3.13, without tests), with unchecked-hash bytecode in `__pycache__` beside every module.",
        "sysroot": "File: directory of the wasm32-wasi sysroot (headers, crt, static and shared libraries).",
    },
)

PyWasmToolsInfo = provider(
    doc = "The project's Rust tools (release binaries). A field is None when the tool was not built.",
    fields = {
        "glue_gen": "File: `glue-gen -d WIT... -w WORLD... [--glue-out F] [--meta-out F] [--header-out F] [--component-type-object F]` — WIT world to glue library, metadata, C header, component-type object.",
        "py_link": "File: `py-link --lib NAME=PATH... [--dl-openable GUEST=PATH...] [--python-path GUEST_DIR=DIR...] [--adapter F] -o OUT [--manifest F]` — the shared-everything link.",
        "py_preinit": "File: `py-preinit` — pre-initializes a linked component into a snapshot.",
        "py_wasm": "File: `py-wasm` — the componentize-py compatible one-shot driver.",
        "wit_bindgen_py": "File: `wit-bindgen-py` — WIT world to a typed Python package (stub or real mode).",
    },
)

PyWasmPackageInfo = provider(
    doc = "Python code (and native extensions) for the Python path of a component: what `deps` of py_wasm_component carry.",
    fields = {
        "python_path": "depset of File: directories, each one root of the Python path (mapped at its own `/app/<i>` guest directory during pre-init). Native extensions (`*.cpython-313-wasm32-wasi.so`, `*.abi3.so`) found in them are linked as dl-openable libraries.",
    },
)

WitInfo = provider(
    doc = "A WIT package and the packages it depends on.",
    fields = {
        "dir": "string: the path tools take as `-d` for this package: its only WIT file, or the directory of its WIT files.",
        "srcs": "list of File: this package's WIT files.",
        "transitive_dirs": "depset of string: the `dir` of this package and of its dependencies, dependencies first (postorder).",
        "transitive_srcs": "depset of File: WIT files of this package and its dependencies.",
    },
)

PyWasmWorldInfo = provider(
    doc = "A world ready for apps: its glue, real bindings and linked component (everything that does not depend on an app).",
    fields = {
        "bindings": "File: directory of real-mode bindings (mapped at /bindings during pre-init).",
        "glue": "File: the glue library (libpy_wasm_glue.so).",
        "libraries": "list of File: runtime, glue, libpython and libc libraries in link order (for apps that link again with native extensions).",
        "linked": "File: the component linked without native extensions.",
        "linked_stub_wasi": "File or None: the same with every WASI import stubbed (worlds built with stub_wasi).",
        "meta": "File: glue-meta.json.",
        "precompiled": "File: `linked` compiled for pre-initialization (py-preinit --precompile).",
        "stub_bindings": "File: directory of stub-mode bindings (for IDEs and mypy).",
        "stub_wasi": "bool: whether components of this world are built with WASI stubbed out.",
    },
)

PyWasmComponentInfo = provider(
    doc = "A pre-initialized Python component and what its PyPreinit action read (for tests that rerun it).",
    fields = {
        "app": "string: the app's module name.",
        "bindings": "File: the real-bindings directory.",
        "component": "File: the pre-initialized component.",
        "linked": "File: the linked component the init ran in.",
        "python_path": "list of File: the Python-path directories, in order.",
        "stdlib": "File: the stdlib directory.",
        "stub_wasi_component": "File or None: the --stub-wasi twin the snapshot went into.",
    },
)
