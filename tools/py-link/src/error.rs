//! Errors of py-link: each names the file or symbol involved and what to do.

use std::path::PathBuf;

/// Why a link failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LinkError {
    /// An input could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A Python-path directory could not be listed.
    #[error("cannot list Python-path directory {}: {source}", path.display())]
    ListDir {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// An input is not a WebAssembly module.
    #[error(
        "{} is not a WebAssembly module (it does not start with `\\0asm`). \
         Native extensions and libraries must be built for wasm32-wasi with \
         `-fPIC -shared`; rebuild it with the WASI toolchain (see `wasi_wheel`)",
        path.display()
    )]
    NotWasm {
        /// The file.
        path: PathBuf,
    },
    /// An input is a WebAssembly module but not a shared library.
    #[error(
        "{} is a WebAssembly module but not a shared library (no `dylink.0` \
         section). Link it with `-shared` and compile with `-fPIC`",
        path.display()
    )]
    NotSharedLibrary {
        /// The file.
        path: PathBuf,
    },
    /// An input could not be parsed.
    #[error("{} is not a valid WebAssembly module: {message}", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// A native extension was built for another CPython version.
    #[error(
        "{} is a native extension for another Python ({found}); this toolchain \
         embeds CPython 3.13, whose extensions end in `.cpython-313-wasm32-wasi.so` \
         or `.abi3.so`. Rebuild the package against CPython 3.13's headers",
        path.display()
    )]
    WrongPythonVersion {
        /// The file.
        path: PathBuf,
        /// The tag found in its name.
        found: String,
    },
    /// Two dl-openable libraries claim the same guest path.
    #[error(
        "two libraries would be loaded from the same guest path `{guest}`: {} and {}. \
         Give each Python-path entry its own guest directory",
        first.display(),
        second.display()
    )]
    DuplicateGuestPath {
        /// The guest path.
        guest: String,
        /// One file.
        first: PathBuf,
        /// The other.
        second: PathBuf,
    },
    /// `--stub-wasi` met a WASI import it cannot stub.
    #[error(
        "--stub-wasi: {library} imports `{import}` directly; only WASI used \
         through wasi-libc (preview1) can be stubbed. Use a world that does \
         not import WASI interfaces, or build without --stub-wasi"
    )]
    StubWasiUnsupported {
        /// The library.
        library: String,
        /// The import.
        import: String,
    },
    /// Dropping a library's unreachable code failed (the library was valid
    /// enough to pass the shared-library check, but could not be parsed).
    #[error(
        "cannot drop the unused code of {library}: {reason}. Check that it is \
         a valid WebAssembly shared library, or link with --keep-unused"
    )]
    Prune {
        /// The library.
        library: String,
        /// What went wrong.
        reason: String,
    },
    /// wit-component's Linker rejected the inputs.
    #[error("linking failed: {0}")]
    Linker(String),
}
