//! Fuzzed WIT worlds through the whole pipeline.
//!
//! Worlds come from `wit-smith` (the generator the wasm-tools project
//! fuzzes with, pinned to the wasm-tools release of our wit-parser), fed by
//! a seeded RNG, and are printed back as WIT text, the way a user writes
//! them (`worlds.rs`). For every world of every generated package:
//!
//! 1. wit-bindgen-py writes stub and real bindings, and `mypy --strict`
//!    (pinned; `mypy.rs`) accepts both;
//! 2. glue-gen, py-link and py-preinit (called as libraries, as the Bazel
//!    actions call the binaries) make a pre-initialized component, with a
//!    generated app that implements every export (`app.rs`), and wasmparser
//!    validates it (`pipeline.rs`);
//! 3. when the world exports functions whose values hold no resource
//!    handle, its *echo world* (the same world plus an import mirroring each
//!    such export, `worlds::add_echo_world`) goes through step 1 and 2
//!    too, with an app whose exports pass their arguments to the mirror
//!    import and return its result; a wasmtime host calls each export with
//!    random values (`values.rs`), checks the import received exactly those
//!    arguments, and that the export returned exactly what the import
//!    answered (`host.rs`).
//!
//! `cargo test -p fuzz` runs a fixed seed's 50 worlds (`fuzzed_worlds`) and
//! every kept regression (`regressions`, `regressions/*.wit`: the worlds of
//! failures found and fixed, each with a comment saying what failed; a
//! first line `// expect-error: TEXT` marks WIT that glue-gen must reject).
//! `FUZZ_WORLDS=500` runs more, `FUZZ_SEED=n` another seed, `FUZZ_JOBS=n`
//! on n threads (default 2). A failing case's directory (its WIT,
//! bindings, app and components) is kept under
//! `target/<profile>/fuzz-work/` and named in the failure.
//!
//! Most of wit-smith's worlds export nothing; the generator keeps only one
//! in eight of the packages that have no export to echo, so most cases
//! exercise the round trip.
//!
//! # What is not generated, and why
//!
//! The WIT features wit-smith can produce but that are switched off (see
//! `worlds::smith_config`; glue-gen rejects each with a message, and the
//! harness requires every world to pass glue-gen, so a leak fails):
//! - `async` functions, `stream<T>`, `future<T>` and `error-context`:
//!   WASIp3 async, which the C runtime does not implement;
//! - fixed-length lists `list<T, N>`: behind a Component Model feature
//!   flag that hosts do not enable by default, and unimplemented (`todo!`)
//!   in wit-dylib 0.263;
//! - `implements` (a named interface under a plain label) and
//!   `@external-id` annotations: the Component Model's `cm-implements`
//!   feature, which wasmtime 48 (the pre-init engine, and our hosts) does
//!   not enable, so it cannot load such a component. wit-smith adds
//!   `@external-id` at random with no switch: the generator strips it.
//!
//! Packages that wit-smith encodes but that do not parse once printed as
//! WIT text (e.g. a `@since` gate in a package without a version) are
//! drawn again.
//!
//! Not round-tripped (but built, pre-initialized and validated): functions
//! whose parameters or results hold `own`/`borrow` handles. Random handles
//! need live resources on both sides; tests/roundtrip covers handles,
//! ownership and drops with hand-written cases.
//!
//! Inputs: `bazel build //runtime:runtime //third_party/cpython:toolchain`
//! (run by the tests, `$BAZEL` or `bazel`; `artifacts.rs`) and the pinned
//! mypy (`third_party/requirements/mypy.txt`) in
//! `~/.cache/rules_py_wasm/venv`.

#[cfg(test)]
mod app;
#[cfg(test)]
mod artifacts;
#[cfg(test)]
mod host;
#[cfg(test)]
mod mypy;
#[cfg(test)]
mod pipeline;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod values;
#[cfg(test)]
mod worlds;
