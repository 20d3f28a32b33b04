//! The toolchain directory: the prebuilt WebAssembly libraries and the stdlib
//! that every component is made of.
//!
//! Layout (what `bazel build //tools/py-wasm:dist` installs under
//! `share/py-wasm`):
//!
//! ```text
//! lib/libpy_wasm_runtime.so      the C runtime (runtime/)
//! lib/libpython3.13.so           CPython 3.13 for wasm32-wasi
//! lib/libc.so                    wasi-libc, shared
//! lib/libwasi-emulated-*.so      signal, getpid, process-clocks, mman
//! lib/wasi_snapshot_preview1.reactor.wasm   (optional) the preview1 adapter
//! python/                        the stdlib
//! cjk_codecs/                    (optional) the CJK codec extension modules,
//!                                on the Python path only with --cjk-codecs
//! ```
//!
//! Where it is looked for, first match wins: `--toolchain-dir`, the
//! `PY_WASM_TOOLCHAIN` environment variable, `<dir of the executable>/../
//! share/py-wasm`. The caller passes those values in; nothing here reads the
//! environment.

use std::path::{Path, PathBuf};

use crate::Error;

/// The runtime library, first in link order.
pub const RUNTIME: &str = "libpy_wasm_runtime.so";

/// The libraries after the glue, in link order.
pub const LIBRARIES: &[&str] = &[
    "libpython3.13.so",
    "libc.so",
    "libwasi-emulated-signal.so",
    "libwasi-emulated-getpid.so",
    "libwasi-emulated-process-clocks.so",
    "libwasi-emulated-mman.so",
];

/// File name of the optional preview1 reactor adapter.
pub const ADAPTER: &str = "wasi_snapshot_preview1.reactor.wasm";

/// The directory of the CJK codec extension modules in a toolchain.
pub const CJK_CODECS_DIR: &str = "cjk_codecs";

/// The toolchain directory below an installation prefix.
pub const SHARE_DIR: &str = "share/py-wasm";

/// Where a toolchain directory was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `--toolchain-dir`.
    Flag,
    /// `PY_WASM_TOOLCHAIN`.
    Env,
    /// Next to the executable.
    Executable,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Source::Flag => "--toolchain-dir",
            Source::Env => "PY_WASM_TOOLCHAIN",
            Source::Executable => "next to the py-wasm executable",
        })
    }
}

/// A complete toolchain directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toolchain {
    /// The directory.
    pub root: PathBuf,
    /// How it was found.
    pub source: Source,
    /// `libpy_wasm_runtime.so`.
    pub runtime: PathBuf,
    /// [`LIBRARIES`], in that order.
    pub libraries: Vec<PathBuf>,
    /// The stdlib directory.
    pub stdlib: PathBuf,
    /// The preview1 adapter, if the toolchain ships one (py-link's pinned
    /// copy is used otherwise).
    pub adapter: Option<PathBuf>,
    /// The directory of the CJK codec extension modules, if the toolchain
    /// ships them (libpython does not build them in).
    pub cjk_codecs: Option<PathBuf>,
}

impl Toolchain {
    /// Checks that `root` holds a complete toolchain.
    pub fn open(root: &Path, source: Source) -> Result<Toolchain, Error> {
        let lib = root.join("lib");
        let missing = |what: String| Error::Toolchain {
            root: Some(root.to_path_buf()),
            found_by: source.to_string(),
            missing: what,
        };
        let runtime = lib.join(RUNTIME);
        if !runtime.is_file() {
            return Err(missing(format!("lib/{RUNTIME}")));
        }
        let mut libraries = Vec::new();
        for name in LIBRARIES {
            let path = lib.join(name);
            if !path.is_file() {
                return Err(missing(format!("lib/{name}")));
            }
            libraries.push(path);
        }
        let stdlib = root.join("python");
        if !stdlib.join("os.py").is_file() {
            return Err(missing("python/ (the stdlib, with os.py)".to_string()));
        }
        let adapter = Some(lib.join(ADAPTER)).filter(|p| p.is_file());
        let cjk_codecs = Some(root.join(CJK_CODECS_DIR)).filter(|p| p.is_dir());
        Ok(Toolchain {
            root: root.to_path_buf(),
            source,
            runtime,
            libraries,
            stdlib,
            adapter,
            cjk_codecs,
        })
    }

    /// Finds the toolchain: `flag`, else `env`, else `<exe dir>/../share/py-wasm`.
    pub fn locate(
        flag: Option<&Path>,
        env: Option<&Path>,
        exe: Option<&Path>,
    ) -> Result<Toolchain, Error> {
        if let Some(dir) = flag {
            return Toolchain::open(dir, Source::Flag);
        }
        if let Some(dir) = env.filter(|d| !d.as_os_str().is_empty()) {
            return Toolchain::open(dir, Source::Env);
        }
        let beside = exe
            .and_then(Path::parent)
            .and_then(Path::parent)
            .map(|prefix| prefix.join(SHARE_DIR));
        match beside {
            Some(dir) => Toolchain::open(&dir, Source::Executable),
            None => Err(Error::Toolchain {
                root: None,
                found_by: Source::Executable.to_string(),
                missing: "the executable's location".to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_toolchain(dir: &Path) {
        std::fs::create_dir_all(dir.join("lib")).unwrap();
        std::fs::create_dir_all(dir.join("python")).unwrap();
        std::fs::write(dir.join("python/os.py"), "").unwrap();
        for name in std::iter::once(RUNTIME).chain(LIBRARIES.iter().copied()) {
            std::fs::write(dir.join("lib").join(name), b"\0asm").unwrap();
        }
    }

    #[test]
    fn flag_wins_then_env_then_executable() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        let prefix = tmp.path().join("prefix");
        for d in [&a, &b, &prefix.join(SHARE_DIR)] {
            fake_toolchain(d);
        }
        let exe = prefix.join("bin/py-wasm");
        let found = Toolchain::locate(Some(&a), Some(&b), Some(&exe)).unwrap();
        assert_eq!(
            (found.root.as_path(), found.source),
            (a.as_path(), Source::Flag)
        );
        let found = Toolchain::locate(None, Some(&b), Some(&exe)).unwrap();
        assert_eq!(
            (found.root.as_path(), found.source),
            (b.as_path(), Source::Env)
        );
        let found = Toolchain::locate(None, None, Some(&exe)).unwrap();
        assert_eq!(found.root, prefix.join(SHARE_DIR));
        assert_eq!(found.libraries.len(), LIBRARIES.len());
        assert_eq!(found.adapter, None);
        assert_eq!(found.cjk_codecs, None);
        std::fs::create_dir(prefix.join(SHARE_DIR).join(CJK_CODECS_DIR)).unwrap();
        let found = Toolchain::locate(None, None, Some(&exe)).unwrap();
        assert_eq!(
            found.cjk_codecs,
            Some(prefix.join(SHARE_DIR).join(CJK_CODECS_DIR))
        );
    }

    #[test]
    fn a_missing_file_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        fake_toolchain(tmp.path());
        std::fs::remove_file(tmp.path().join("lib/libc.so")).unwrap();
        let err = Toolchain::locate(Some(tmp.path()), None, None).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("lib/libc.so"), "{text}");
        assert!(text.contains("bazel build //tools/py-wasm:dist"), "{text}");
    }
}
