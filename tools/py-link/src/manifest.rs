//! The link manifest: which modules went into a component, in which order,
//! with their sha256 (format: `docs/formats/link-manifest.md`).

use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::Path;

use crate::prune::Pruned;

/// Version of the manifest format.
pub const MANIFEST_VERSION: u32 = 2;

/// A record of one link.
#[derive(Debug, Serialize)]
pub struct Manifest {
    /// Always [`MANIFEST_VERSION`].
    pub version: u32,
    /// The tool and version that wrote it.
    pub producer: String,
    /// The libraries, in link order (dl-openable ones last, by guest path).
    pub libraries: Vec<ManifestLibrary>,
    /// sha256 of the preview1 adapter.
    pub adapter_sha256: String,
    /// sha256 of the linked component.
    pub component_sha256: String,
}

/// One library of a link.
#[derive(Debug, Serialize)]
pub struct ManifestLibrary {
    /// The name the Linker knows it by (a guest path for dl-openable ones).
    pub name: String,
    /// Whether `dlopen` can find it.
    pub dl_openable: bool,
    /// Its size in bytes, as given.
    pub size: usize,
    /// Its sha256, as given.
    pub sha256: String,
    /// Its size in bytes as linked, after its unreachable code was dropped.
    pub linked_size: usize,
    /// What was dropped; `null` when the library was linked as given.
    pub pruned: Option<Pruned>,
}

/// What [`Manifest::new`] needs to know of one library.
pub(crate) struct LibraryRecord<'a> {
    pub name: &'a str,
    pub given: &'a [u8],
    pub linked: &'a [u8],
    pub pruned: Option<Pruned>,
    pub dl_openable: bool,
}

fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl Manifest {
    pub(crate) fn new<'a>(
        libraries: impl Iterator<Item = LibraryRecord<'a>>,
        adapter: &[u8],
        component: &[u8],
    ) -> Manifest {
        Manifest {
            version: MANIFEST_VERSION,
            producer: concat!("py-link ", env!("CARGO_PKG_VERSION")).to_string(),
            libraries: libraries
                .map(|lib| ManifestLibrary {
                    name: lib.name.to_string(),
                    dl_openable: lib.dl_openable,
                    size: lib.given.len(),
                    sha256: sha256(lib.given),
                    linked_size: lib.linked.len(),
                    pruned: lib.pruned,
                })
                .collect(),
            adapter_sha256: sha256(adapter),
            component_sha256: sha256(component),
        }
    }

    /// The manifest as pretty JSON with a trailing newline (keys in
    /// declaration order, which is fixed).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Writes the manifest to `path`.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        std::fs::write(path, self.to_json())
    }
}
