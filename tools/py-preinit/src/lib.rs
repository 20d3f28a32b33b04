//! py-preinit: pre-initializes a linked Python component.
//!
//! The linked component (from py-link) exports `py-wasm-init`, which starts
//! CPython, imports the app and resolves everything the exports need (see
//! `docs/design.md`). This crate runs that export once in wasmtime, with
//! wasmtime-wizer's component support, and writes the memory and globals it
//! leaves behind into a new component whose instances start from there. The
//! init export is removed from the result, so its world is the user's world.
//!
//! Phases, one module each: [`stage`] (the guest file system of the init:
//! stdlib, bindings and the app's Python path, copied with fixed timestamps),
//! [`host`] (a deterministic WASI host: fixed clocks and random, no host
//! environment, trapping stubs for every non-WASI import) and [`snapshot`]
//! (wizer's instrument → run → snapshot → rewrite).
//!
//! Wizer removes the start functions of the core modules it rewrites, so the
//! linker's `__init` (GOT relocation and library constructors) does not run
//! again on top of the snapshot (tests/preinit checks this). The init export
//! is removed by [`rewrite`], not by wizer (see there why).

#![deny(missing_docs)]

mod error;
pub mod host;
pub mod precompiled;
pub mod rewrite;
pub mod segments;
pub mod snapshot;
pub mod stage;
pub mod staged;

use std::path::PathBuf;

pub use error::PreinitError;

/// The export the runtime implements and this tool calls (and removes).
pub const INIT_EXPORT: &str = "py-wasm-init";

/// What to pre-initialize.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The linked component (py-link's output).
    pub component: PathBuf,
    /// The app's module name (`componentize APP`).
    pub app: String,
    /// The stdlib directory (mapped read-only at `/python`).
    pub stdlib: PathBuf,
    /// The real-mode bindings directory (mapped read-only at `/bindings`).
    pub bindings: PathBuf,
    /// The app's Python path, in order (entry `i` is mapped at `/app/<i>`).
    pub python_path: Vec<PathBuf>,
    /// The `--stub-wasi` twin of `component` (py-link's second output): the
    /// init runs in `component`, and the snapshot is written into this one.
    pub stub_wasi_component: Option<PathBuf>,
    /// `component` compiled ahead of time by [`precompiled::precompile`]
    /// (used instead of compiling it here, when it suits this host).
    pub precompiled: Option<PathBuf>,
}

/// The result of a pre-initialization.
#[derive(Debug)]
pub struct Outputs {
    /// The pre-initialized component.
    pub component: Vec<u8>,
    /// What the guest wrote to stdout during init.
    pub stdout: String,
    /// What the guest wrote to stderr during init.
    pub stderr: String,
}

/// Pre-initializes the component described by `options`.
pub fn run(options: &Options) -> Result<Outputs, PreinitError> {
    let component = read(&options.component)?;
    let target = options
        .stub_wasi_component
        .as_deref()
        .map(read)
        .transpose()?;
    let precompiled = options
        .precompiled
        .as_deref()
        .map(|path| read(path).map(|bytes| (path, bytes)))
        .transpose()?;
    let staged = stage::Staging::new(options)?;
    snapshot::run(
        &component,
        target.as_deref(),
        precompiled.as_ref().map(|(p, b)| (*p, b.as_slice())),
        &staged,
        &options.app,
    )
}

/// The bytes of an input file.
pub fn read(path: &std::path::Path) -> Result<Vec<u8>, PreinitError> {
    std::fs::read(path).map_err(|source| PreinitError::Read {
        path: path.to_path_buf(),
        source,
    })
}
