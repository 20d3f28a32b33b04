//! Copying a directory of test inputs (a case directory, an example) into
//! a fresh working directory, leaving out the files that describe the case.

use std::path::Path;

use anyhow::{Context, Result};

/// Copies the tree `from` into the directory `to` (created if missing):
/// directories recursively, everything else as the file it is or points to.
/// Entries named in `skip` are left out at every depth (a case's `cmd` and
/// `expected.*` files). Fails naming the path that could not be read or
/// written.
pub fn copy_tree(from: &Path, to: &Path, skip: &[&str]) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    let entries =
        std::fs::read_dir(from).with_context(|| format!("cannot list {}", from.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", from.display()))?;
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        let (src, dest) = (entry.path(), to.join(&name));
        let file_type = entry
            .file_type()
            .with_context(|| format!("cannot stat {}", src.display()))?;
        if file_type.is_dir() {
            copy_tree(&src, &dest, skip)?;
        } else {
            std::fs::copy(&src, &dest)
                .with_context(|| format!("cannot copy {} to {}", src.display(), dest.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Every file below `dir`, relative, with its contents, sorted.
    fn listing(dir: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                if path.is_dir() {
                    out.push((format!("{rel}/"), String::new()));
                    stack.push(path);
                } else {
                    out.push((rel, std::fs::read_to_string(&path).unwrap()));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn copies_the_tree_without_the_skipped_names() {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("case");
        write(&src.join("cmd"), "RUN: x");
        write(&src.join("expected.stderr"), "e");
        write(&src.join("app.py"), "print(1)\n");
        write(&src.join("wit/world.wit"), "package a:b;\n");
        write(&src.join("wit/deps/cmd"), "nested, skipped too");
        write(&src.join("wit/deps/io.wit"), "package wasi:io;\n");
        std::fs::create_dir_all(src.join("empty")).unwrap();
        std::os::unix::fs::symlink(src.join("app.py"), src.join("link.py")).unwrap();

        // `to` does not exist yet, two levels down.
        let dest = tmp.path().join("work/inputs");
        copy_tree(&src, &dest, &["cmd", "expected.stderr"]).unwrap();
        let want: Vec<(String, String)> = [
            ("app.py", "print(1)\n"),
            ("empty/", ""),
            ("link.py", "print(1)\n"),
            ("wit/", ""),
            ("wit/deps/", ""),
            ("wit/deps/io.wit", "package wasi:io;\n"),
            ("wit/world.wit", "package a:b;\n"),
        ]
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
        assert_eq!(listing(&dest), want);
        // The symlink is copied as a file, not as a link.
        assert!(!std::fs::symlink_metadata(dest.join("link.py"))
            .unwrap()
            .file_type()
            .is_symlink());

        // With nothing to skip, the copy equals the source; copying into an
        // existing directory is fine.
        let all = tmp.path().join("all");
        std::fs::create_dir(&all).unwrap();
        copy_tree(&src, &all, &[]).unwrap();
        assert_eq!(listing(&all), listing(&src));
    }

    #[test]
    fn a_missing_source_is_an_error_naming_it() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("no-such-case");
        let err = copy_tree(&missing, &tmp.path().join("out"), &[]).unwrap_err();
        assert!(
            format!("{err:#}").contains("no-such-case"),
            "unexpected error: {err:#}"
        );
    }
}
