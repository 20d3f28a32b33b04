//! Precompiled init components: the machine code of an instrumented linked
//! component, compiled once per world and reused by every app's
//! pre-initialization.
//!
//! Compiling the interpreter is most of what a pre-initialization costs, and
//! it depends only on the linked component, which every app on a world
//! shares. `py-preinit --precompile` writes it to a file (Bazel caches it as
//! its own action); `--precompiled` reads it back instead of compiling.
//!
//! File format: [`MAGIC`], then the SHA-256 of the instrumented component it
//! was compiled from (32 bytes), then wasmtime's serialized component. The
//! hash ties the file to its component: loading it for another component is
//! an error, never a silent wrong snapshot. A file that wasmtime rejects as
//! incompatible with this host (it was compiled on a machine with other CPU
//! features and came from a shared cache) is not an error: the component is
//! compiled here instead, and the snapshot is the same either way.

use std::path::Path;

use sha2::{Digest, Sha256};
use wasmtime::component::Component;
use wasmtime::Engine;

use crate::PreinitError;

/// The first bytes of a precompiled file.
pub const MAGIC: &[u8; 16] = b"py-preinit-cwasm";

const HASH_LEN: usize = 32;

/// Instruments `component` for pre-initialization and compiles it for this
/// host, in the file format described above.
pub fn precompile(component: &[u8]) -> Result<Vec<u8>, PreinitError> {
    let instantiate_err = |e: wasmtime::Error| PreinitError::Instantiate {
        message: format!("{e:#}"),
    };
    let engine = crate::host::engine().map_err(instantiate_err)?;
    let (_, instrumented) = wasmtime_wizer::Wizer::new()
        .instrument_component(component)
        .map_err(instantiate_err)?;
    let code = engine
        .precompile_component(&instrumented)
        .map_err(instantiate_err)?;
    let mut out = Vec::with_capacity(MAGIC.len() + HASH_LEN + code.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&Sha256::digest(&instrumented));
    out.extend_from_slice(&code);
    Ok(out)
}

/// The compiled form of `instrumented`: from `file` (read from `path`) when
/// it was compiled from exactly these bytes and suits this host, else
/// compiled now.
pub fn load_or_compile(
    engine: &Engine,
    instrumented: &[u8],
    file: Option<(&Path, &[u8])>,
) -> Result<Component, PreinitError> {
    if let Some((path, bytes)) = file {
        let code = check(path, bytes, instrumented)?;
        if let Some(component) = deserialize(engine, code) {
            return Ok(component);
        }
    }
    Component::new(engine, instrumented).map_err(|e| PreinitError::Instantiate {
        message: format!("{e:#}"),
    })
}

/// The serialized component inside `bytes`, once the header says it was
/// compiled from `instrumented`.
fn check<'a>(path: &Path, bytes: &'a [u8], instrumented: &[u8]) -> Result<&'a [u8], PreinitError> {
    let mismatch = |what: &str| PreinitError::Precompiled {
        path: path.to_path_buf(),
        problem: what.to_string(),
    };
    let rest = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or_else(|| mismatch("it is not a file written by `py-preinit --precompile`"))?;
    if rest.len() < HASH_LEN {
        return Err(mismatch("it is truncated"));
    }
    let (hash, code) = rest.split_at(HASH_LEN);
    if hash != Sha256::digest(instrumented).as_slice() {
        return Err(mismatch(
            "it was compiled from another linked component; precompile this one \
             (`py-preinit --precompile COMPONENT -o FILE`) or leave --precompiled out",
        ));
    }
    Ok(code)
}

/// wasmtime's component from `code`, or `None` if this engine cannot use it
/// (other CPU features, or another wasmtime build).
#[allow(unsafe_code)]
fn deserialize(engine: &Engine, code: &[u8]) -> Option<Component> {
    // SAFETY: `Component::deserialize` runs the machine code in `code`, so
    // it must come from `Engine::precompile_component`. `check` has verified
    // that the file has precompile()'s header and the hash of the very
    // component being pre-initialized, i.e. that precompile() wrote it;
    // wasmtime itself checks the engine configuration and version it was
    // compiled with and rejects a mismatch (handled as `None`).
    unsafe { Component::deserialize(engine, code) }.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest component: the preamble alone.
    const EMPTY: &[u8] = b"\0asm\x0d\0\x01\0";

    #[test]
    fn round_trip_and_mismatches() -> Result<(), PreinitError> {
        let engine = crate::host::engine().map_err(|e| PreinitError::Instantiate {
            message: e.to_string(),
        })?;
        let code = engine
            .precompile_component(EMPTY)
            .map_err(|e| PreinitError::Instantiate {
                message: e.to_string(),
            })?;
        let mut file = MAGIC.to_vec();
        file.extend_from_slice(&Sha256::digest(EMPTY));
        file.extend_from_slice(&code);
        let path = Path::new("world.cwasm");
        load_or_compile(&engine, EMPTY, Some((path, &file)))?;

        // Another component: an error naming the file.
        let other = b"\0asm\x0d\0\x01\0\x00\x00";
        let err = load_or_compile(&engine, other, Some((path, &file)))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("world.cwasm") && err.contains("another linked component"),
            "{err}"
        );

        // Not ours at all.
        let err = load_or_compile(&engine, EMPTY, Some((path, &code)))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("not a file written by"), "{err}");

        // Ours, but unusable here (corrupt code): compiled instead.
        let mut stale = file[..MAGIC.len() + HASH_LEN].to_vec();
        stale.extend_from_slice(b"not machine code");
        load_or_compile(&engine, EMPTY, Some((path, &stale)))?;
        Ok(())
    }
}
