//! Round-trip tests of the C runtime (`runtime/`), driven from wasmtime.
//!
//! The test world is `wit/roundtrip.wit`; its Python side is `app/`. The
//! harness builds the component the way the pipeline does, except that
//! there is no snapshot yet: it calls `py-wasm-init` on a fresh instance
//! and then the exports on that same instance.
//!
//! Inputs (all required; a missing one fails the tests, nothing is skipped):
//! - `bazel build //runtime:runtime //third_party/cpython:toolchain`, run
//!   by the harness itself (`$BAZEL`, default `bazel` on `PATH`, as
//!   installed by `scripts/setup.sh`); paths come from `bazel info
//!   bazel-bin`;
//! - glue-gen, wit-bindgen-py (real mode) and py-link, called in-process as
//!   libraries, write the glue, `glue-meta.json`, the bindings and the
//!   component into `target/<profile>/roundtrip-work/`.
//!
//! Compiled code is cached in `~/.cache/rules_py_wasm/wasmtime-cache`.
//! Property tests use a fixed seed unless `PROPTEST_RNG_SEED` says
//! otherwise, and `PROPTEST_CASES` (default 256) cases per type.

#[cfg(test)]
mod harness;
#[cfg(test)]
mod host;
#[cfg(test)]
mod tests;
