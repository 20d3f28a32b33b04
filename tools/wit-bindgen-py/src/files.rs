//! The generated files in memory, and writing them into a directory.
//!
//! Writing is per-file atomic and leaves unrelated files alone: every file is
//! first written into a temporary directory inside the output directory,
//! then renamed over its destination. Files that an earlier run generated
//! (they start with [`GENERATED_MARKER`]) under the world module, and the
//! top-level support files, are removed when this run no longer produces
//! them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::emit::GENERATED_MARKER;
use crate::error::BindgenError;
use crate::http::{HTTP_HELPER_FILE, POLL_LOOP_FILE};
use crate::support::{RUNTIME_STUB_FILE, SYMBOLS_FILE, TYPES_FILE};

/// Generated files: path relative to the output directory (`/`-separated)
/// → contents. Ordered, so output is deterministic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Files {
    /// The files.
    pub files: BTreeMap<String, String>,
    /// The world module's directory, relative (e.g. `wit_world`).
    pub world_dir: String,
}

fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> BindgenError + '_ {
    move |source| BindgenError::Write {
        path: path.to_path_buf(),
        source,
    }
}

impl Files {
    /// Writes the files into `dir` (see the module docs).
    pub fn write_into(&self, dir: &Path) -> Result<(), BindgenError> {
        std::fs::create_dir_all(dir).map_err(write_err(dir))?;
        let tmp = tempfile::Builder::new()
            .prefix(".wit-bindgen-py-")
            .tempdir_in(dir)
            .map_err(write_err(dir))?;
        for (rel, text) in &self.files {
            let staged = tmp.path().join(rel);
            if let Some(parent) = staged.parent() {
                std::fs::create_dir_all(parent).map_err(write_err(parent))?;
            }
            std::fs::write(&staged, text).map_err(write_err(&staged))?;
        }
        for rel in self.files.keys() {
            let dest = dir.join(rel);
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent).map_err(write_err(parent))?;
            }
            std::fs::rename(tmp.path().join(rel), &dest).map_err(write_err(&dest))?;
        }
        for stale in self.stale(dir) {
            std::fs::remove_file(&stale).map_err(write_err(&stale))?;
        }
        Ok(())
    }

    /// Files in `dir` that differ from (or are missing compared with) these.
    pub fn check(&self, dir: &Path) -> Vec<String> {
        let mut out: Vec<String> = self
            .files
            .iter()
            .filter(|(rel, text)| {
                std::fs::read_to_string(dir.join(rel)).ok().as_ref() != Some(text)
            })
            .map(|(rel, _)| rel.clone())
            .collect();
        out.extend(self.stale(dir).iter().map(|p| p.display().to_string()));
        out
    }

    /// Previously generated files this run does not produce.
    fn stale(&self, dir: &Path) -> Vec<PathBuf> {
        let mut candidates: Vec<PathBuf> = [
            TYPES_FILE,
            SYMBOLS_FILE,
            RUNTIME_STUB_FILE,
            HTTP_HELPER_FILE,
            POLL_LOOP_FILE,
        ]
        .iter()
        .map(|f| dir.join(f))
        .collect();
        walk(&dir.join(&self.world_dir), &mut candidates);
        candidates
            .into_iter()
            .filter(|path| {
                let rel = path
                    .strip_prefix(dir)
                    .map(|r| r.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                !self.files.contains_key(&rel) && is_generated(path)
            })
            .collect()
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "__pycache__") {
                walk(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "py" || e == "pyi") {
            out.push(path);
        }
    }
}

fn is_generated(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 80];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let n = file.read(&mut head).unwrap_or(0);
    head[..n].starts_with(GENERATED_MARKER.as_bytes())
}
