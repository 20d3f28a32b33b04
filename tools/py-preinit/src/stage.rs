//! The guest file system of the init: `/python` (stdlib), `/bindings` (the
//! real bindings) and `/app/<i>` (the app's Python path), copied into a
//! scratch directory.
//!
//! Copying does two things. It resolves symlinks (Bazel inputs are symlinks,
//! and WASI hosts refuse links that leave a mapped directory), and it gives
//! every file and directory the same fixed timestamp, because CPython's import
//! system records source and directory mtimes in memory, and the snapshot
//! must not depend on when or where the inputs were checked out.
//!
//! The stdlib's `__pycache__` directories are kept: the toolchain compiles
//! the stdlib once into unchecked-hash bytecode (PEP 552), which the import
//! system loads without comparing mtimes, so an init loads the stdlib
//! modules it imports instead of compiling them. Everywhere else they are
//! left out: bytecode a developer's Python wrote there is checked against the
//! source's mtime, which staging changes, and would be read only to be
//! discarded.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::{Options, PreinitError};

/// The timestamp every staged file gets (2000-01-01T00:00:00Z).
pub const FIXED_MTIME: Duration = Duration::from_secs(946_684_800);

/// A staged guest file system; removed when dropped.
#[derive(Debug)]
pub struct Staging {
    dir: tempfile::TempDir,
    /// `(host directory, guest path)` pairs, in mapping order.
    pub mounts: Vec<(PathBuf, String)>,
}

impl Staging {
    /// Copies the inputs of `options` into a fresh scratch directory.
    pub fn new(options: &Options) -> Result<Staging, PreinitError> {
        let dir = tempfile::Builder::new()
            .prefix("py-preinit")
            .tempdir()
            .map_err(|source| PreinitError::Stage {
                path: std::env::temp_dir(),
                source,
            })?;
        let mut mounts = Vec::new();
        let mut add = |src: &Path, name: &str, guest: String| -> Result<(), PreinitError> {
            let dest = dir.path().join(name);
            copy_tree(src, &dest, guest == "/python")?;
            mounts.push((dest, guest));
            Ok(())
        };
        add(&options.stdlib, "python", "/python".to_string())?;
        add(&options.bindings, "bindings", "/bindings".to_string())?;
        for (i, path) in options.python_path.iter().enumerate() {
            add(path, &format!("app{i}"), format!("/app/{i}"))?;
        }
        Ok(Staging { dir, mounts })
    }

    /// The scratch directory.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }
}

/// Copies `src` to `dest` (`__pycache__` directories only if `bytecode`).
fn copy_tree(src: &Path, dest: &Path, bytecode: bool) -> Result<(), PreinitError> {
    let read_err = |source| PreinitError::Read {
        path: src.to_path_buf(),
        source,
    };
    let stage_err = |source| PreinitError::Stage {
        path: dest.to_path_buf(),
        source,
    };
    let meta = fs::metadata(src).map_err(read_err)?;
    if meta.is_dir() {
        fs::create_dir_all(dest).map_err(stage_err)?;
        let mut entries = fs::read_dir(src)
            .map_err(read_err)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(read_err)?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            if !bytecode && entry.file_name() == "__pycache__" {
                continue;
            }
            copy_tree(&entry.path(), &dest.join(entry.file_name()), bytecode)?;
        }
    } else {
        fs::copy(src, dest).map_err(stage_err)?;
    }
    set_fixed_mtime(dest).map_err(stage_err)
}

fn set_fixed_mtime(path: &Path) -> std::io::Result<()> {
    let time = SystemTime::UNIX_EPOCH + FIXED_MTIME;
    let times = fs::FileTimes::new().set_accessed(time).set_modified(time);
    fs::File::open(path)?.set_times(times)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_with_fixed_times_and_skips_pycache() {
        let src = tempfile::tempdir().unwrap();
        fs::create_dir_all(src.path().join("pkg/__pycache__")).unwrap();
        fs::write(src.path().join("pkg/mod.py"), "x = 1\n").unwrap();
        fs::write(src.path().join("pkg/__pycache__/mod.pyc"), "").unwrap();
        let dest = tempfile::tempdir().unwrap();
        let out = dest.path().join("copy");
        copy_tree(src.path(), &out, false).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("pkg/mod.py")).unwrap(),
            "x = 1\n"
        );
        assert!(!out.join("pkg/__pycache__").exists());
        for p in [out.clone(), out.join("pkg"), out.join("pkg/mod.py")] {
            let modified = fs::metadata(&p).unwrap().modified().unwrap();
            assert_eq!(
                modified,
                SystemTime::UNIX_EPOCH + FIXED_MTIME,
                "{}",
                p.display()
            );
        }
    }

    #[test]
    fn keeps_bytecode_when_asked() {
        let src = tempfile::tempdir().unwrap();
        fs::create_dir_all(src.path().join("__pycache__")).unwrap();
        fs::write(src.path().join("__pycache__/os.cpython-313.pyc"), "pyc").unwrap();
        let dest = tempfile::tempdir().unwrap();
        let out = dest.path().join("copy");
        copy_tree(src.path(), &out, true).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("__pycache__/os.cpython-313.pyc")).unwrap(),
            "pyc"
        );
    }
}
