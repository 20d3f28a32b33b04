//! Errors of py-preinit: each says what failed, where, and what to do.

use std::path::PathBuf;

/// Why a pre-initialization failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PreinitError {
    /// An input could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The guest file system could not be prepared.
    #[error("cannot prepare the pre-initialization file system at {}: {source}", path.display())]
    Stage {
        /// Where.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The component does not export the init function.
    #[error(
        "the component does not export `{export}`: it was not linked with the \
         py-wasm runtime and glue (build it with glue-gen and py-link)"
    )]
    NoInitExport {
        /// The missing export.
        export: String,
    },
    /// wasmtime could not compile or instantiate the component.
    #[error("cannot instantiate the component for pre-initialization: {message}")]
    Instantiate {
        /// wasmtime's message.
        message: String,
    },
    /// The app called one of the world's own imports at import time.
    #[error(
        "the app `{app}` called the world's import `{import}` while it was \
         being imported; world imports are only available when an export \
         runs, not at build time. Move the call into an export (or into a \
         function the export calls).{output}"
    )]
    ImportCalledDuringInit {
        /// The app module.
        app: String,
        /// The import.
        import: String,
        /// What the guest printed, formatted for the message.
        output: String,
    },
    /// Initialization failed (the app raised, or the runtime aborted).
    #[error("initializing the app `{app}` failed: {summary}{output}")]
    InitFailed {
        /// The app module.
        app: String,
        /// The last line the guest wrote to stderr, or wasmtime's trap.
        summary: String,
        /// What the guest printed, formatted for the message.
        output: String,
    },
    /// A `--precompiled` file does not belong to the component.
    #[error("cannot use the precompiled init component {}: {problem}", path.display())]
    Precompiled {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        problem: String,
    },
    /// Snapshotting failed after a successful init.
    #[error("cannot snapshot the initialized component: {message}")]
    Snapshot {
        /// wizer's message.
        message: String,
    },
}
