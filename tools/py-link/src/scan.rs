//! Finding native extensions on the Python path, and checking that every
//! input is a WebAssembly shared library (`\0asm` + a `dylink.0` section, per
//! the tool-conventions DynamicLinking document).
//!
//! CPython on wasm32-wasi looks for extensions with the suffixes in
//! [`EXTENSION_SUFFIXES`] and loads them with `dlopen("<dir>/<file>")`, where
//! `<dir>` is the `sys.path` entry it found them under. Each extension is
//! therefore named by its guest path: the guest directory of its Python-path
//! entry joined with its path relative to that entry.

use std::path::{Path, PathBuf};

use crate::{LinkError, NamedPath};

/// File-name suffixes of native extensions this toolchain links.
pub const EXTENSION_SUFFIXES: &[&str] = &[".cpython-313-wasm32-wasi.so", ".abi3.so"];

/// A native extension found on the Python path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    /// The path CPython will pass to `dlopen`.
    pub guest_path: String,
    /// The file on the build host.
    pub host_path: PathBuf,
}

/// Lists the native extensions under each `GUEST_DIR=HOST_DIR` entry, in a
/// deterministic order (sorted by guest path).
pub fn find_extensions(python_path: &[NamedPath]) -> Result<Vec<Extension>, LinkError> {
    let mut found = Vec::new();
    for entry in python_path {
        let guest = entry.name.trim_end_matches('/');
        walk(&entry.path, guest, &mut found)?;
    }
    found.sort_by(|a, b| a.guest_path.cmp(&b.guest_path));
    Ok(found)
}

fn walk(dir: &Path, guest_dir: &str, found: &mut Vec<Extension>) -> Result<(), LinkError> {
    let list_err = |source| LinkError::ListDir {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries = std::fs::read_dir(dir)
        .map_err(list_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(list_err)?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let path = entry.path();
        // Follow symlinks: Bazel runfiles trees are made of them.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        let guest = format!("{guest_dir}/{name}");
        if meta.is_dir() {
            if name != "__pycache__" {
                walk(&path, &guest, found)?;
            }
        } else if classify(&path, name)? {
            found.push(Extension {
                guest_path: guest,
                host_path: path,
            });
        }
    }
    Ok(())
}

/// True for a linkable extension; an error for one built for another
/// interpreter or platform; false for anything else.
fn classify(path: &Path, name: &str) -> Result<bool, LinkError> {
    if EXTENSION_SUFFIXES.iter().any(|s| name.ends_with(s)) {
        return Ok(true);
    }
    // `mod.cpython-312-wasm32-wasi.so`, `mod.cpython-313-x86_64-linux-gnu.so`.
    if let Some(stem) = name.strip_suffix(".so") {
        if let Some((_, tag)) = stem.rsplit_once(".cpython-") {
            if tag.ends_with("-wasm32-wasi") {
                return Err(LinkError::WrongPythonVersion {
                    path: path.to_path_buf(),
                    found: format!("cpython-{tag}"),
                });
            }
            return Err(LinkError::NotWasm {
                path: path.to_path_buf(),
            });
        }
    }
    Ok(false)
}

/// Checks that `bytes` (read from `path`) is a WebAssembly module with a
/// `dylink.0` custom section.
pub(crate) fn check_shared_library(path: &Path, bytes: &[u8]) -> Result<(), LinkError> {
    if !bytes.starts_with(b"\0asm") {
        return Err(LinkError::NotWasm {
            path: path.to_path_buf(),
        });
    }
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| LinkError::Malformed {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        match payload {
            wasmparser::Payload::CustomSection(s) if s.name() == "dylink.0" => return Ok(()),
            // dylink.0 must be the first section; stop at the first
            // non-custom one.
            wasmparser::Payload::Version { .. } | wasmparser::Payload::CustomSection(_) => {}
            _ => break,
        }
    }
    Err(LinkError::NotSharedLibrary {
        path: path.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_extension_names() {
        let p = Path::new("x");
        assert!(classify(p, "m.cpython-313-wasm32-wasi.so").unwrap());
        assert!(classify(p, "m.abi3.so").unwrap());
        assert!(!classify(p, "m.py").unwrap());
        assert!(!classify(p, "libfoo.so").unwrap());
        assert!(matches!(
            classify(p, "m.cpython-312-wasm32-wasi.so"),
            Err(LinkError::WrongPythonVersion { .. })
        ));
        assert!(matches!(
            classify(p, "m.cpython-313-x86_64-linux-gnu.so"),
            Err(LinkError::NotWasm { .. })
        ));
    }

    #[test]
    fn finds_extensions_by_guest_path() {
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("pkg/sub");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("b.cpython-313-wasm32-wasi.so"), b"\0asm").unwrap();
        std::fs::write(dir.path().join("pkg/a.abi3.so"), b"\0asm").unwrap();
        std::fs::write(dir.path().join("pkg/a.py"), b"").unwrap();
        let found = find_extensions(&[NamedPath {
            name: "/app/0/".into(),
            path: dir.path().to_path_buf(),
        }])
        .unwrap();
        let guests: Vec<_> = found.iter().map(|e| e.guest_path.as_str()).collect();
        assert_eq!(
            guests,
            [
                "/app/0/pkg/a.abi3.so",
                "/app/0/pkg/sub/b.cpython-313-wasm32-wasi.so"
            ]
        );
    }

    #[test]
    fn rejects_non_wasm_and_non_shared() {
        let p = Path::new("lib.so");
        assert!(matches!(
            check_shared_library(p, b"\x7fELF"),
            Err(LinkError::NotWasm { .. })
        ));
        let module = wasm_encoder::Module::new().finish();
        assert!(matches!(
            check_shared_library(p, &module),
            Err(LinkError::NotSharedLibrary { .. })
        ));
    }
}
