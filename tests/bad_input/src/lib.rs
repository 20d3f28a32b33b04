//! The bad-input suite: what users get for inputs nobody here wrote.
//!
//! Each case drives the `py-wasm` CLI (`$PY_WASM`, or built by `cargo
//! build -p py-wasm` in the test's profile) and asserts its exit status, that nothing
//! panics (no `panicked at`, no backtrace, with `RUST_BACKTRACE=1`), and
//! the key words of its message. Build-time cases are directories under
//! `build/` (`cmd`, `expect`, inputs; the protocol is in
//! `tests/bad_input.rs`):
//!
//! | case | input |
//! |---|---|
//! | `wit-syntax` | a WIT syntax error |
//! | `unknown-world` | `-w` names no world |
//! | `missing-wit-dependency` | `use` of a package that is not given |
//! | `app-module-missing` | `componentize` names no module on the path |
//! | `export-class-missing` | the app lacks `WitWorld` |
//! | `export-method-arity` | an export method takes the wrong number of arguments |
//! | `python-syntax` | a syntax error in the app |
//! | `import-time-exception` | the app raises while it is imported |
//! | `import-not-on-path` | the app imports a module whose directory is not `-p` |
//! | `extension-wrong-python` | a `.cpython-312-wasm32-wasi.so` extension |
//! | `extension-not-wasm` | an x86-64 Linux extension |
//! | `unwritable-output` | `-o` under a regular file |
//! | `corrupt-so` | a broken `.cpython-313-wasm32-wasi.so` on the path |
//!
//! Run-time cases build `runtime/` once and call one export each from a
//! wasmtime host (`tests/harness/host.rs`): an uncaught exception, a wrong
//! return type, a borrowed handle used after the call that lent it, and a
//! resource used after it was dropped. Each must trap with py-wasm's
//! one-line summary naming the export and the Python exception.
//!
//! `cargo test -p bad_input`; the toolchain is built by Bazel (cached).
