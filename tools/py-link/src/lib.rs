//! py-link: the shared-everything link of a Python component.
//!
//! Wraps [`wit_component::Linker`] (see wit-component's `linking.rs` for how
//! the synthesized `main`/`env` and `__init` modules work). Every input is an
//! explicit file: the libraries in link order, the native extensions as
//! dl-openable libraries named by the exact guest path CPython will pass to
//! `dlopen`, and the preview1 reactor adapter. Extensions can also be found by
//! scanning Python-path directories given on the command line (never an
//! ambient site-packages). The result is a component plus a manifest of what
//! was linked (`docs/formats/link-manifest.md`).
//!
//! Library order sets symbol priority when several libraries export the same
//! name; callers pass runtime, glue, libpython, libc, the emulation libraries.
//!
//! Before the link, the code of libpython, libc and the other plain libraries
//! that no module can call is dropped ([`prune`]): a component is closed, so
//! an export nothing imports is dead.

#![deny(missing_docs)]

mod error;
mod manifest;
pub mod prune;
mod scan;
pub mod stub;

use std::path::PathBuf;

pub use error::LinkError;
pub use manifest::{Manifest, ManifestLibrary, MANIFEST_VERSION};
pub use scan::{find_extensions, Extension, EXTENSION_SUFFIXES};

/// A `NAME=PATH` pair from the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedPath {
    /// The name the Linker (or the guest) knows the file by.
    pub name: String,
    /// Where the file is on the build host.
    pub path: PathBuf,
}

impl std::str::FromStr for NamedPath {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.split_once('=') {
            Some((name, path)) if !name.is_empty() && !path.is_empty() => Ok(NamedPath {
                name: name.to_string(),
                path: PathBuf::from(path),
            }),
            _ => Err(format!("expected NAME=PATH, got `{s}`")),
        }
    }
}

/// What to link.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Libraries in link order, as `NAME=PATH` (NAME is what `dylink.0`
    /// NEEDED entries refer to, e.g. `libc.so`).
    pub libraries: Vec<NamedPath>,
    /// Extra dl-openable libraries, as `GUEST_PATH=PATH`.
    pub dl_openable: Vec<NamedPath>,
    /// Python-path directories to scan for native extensions, as
    /// `GUEST_DIR=HOST_DIR`.
    pub python_path: Vec<NamedPath>,
    /// The preview1 reactor adapter; the pinned one bundled in this tool
    /// when `None`.
    pub adapter: Option<PathBuf>,
    /// Stack size of the synthesized main module, in bytes.
    pub stack_size: Option<u32>,
    /// Also link a second component whose WASI imports trap ([`stub`]).
    pub stub_wasi: bool,
    /// Link every library as given, without dropping unreachable code
    /// ([`prune`]).
    pub keep_unused: bool,
}

/// The result of a link, for the caller to write out.
#[derive(Debug)]
pub struct Outputs {
    /// The linked component.
    pub component: Vec<u8>,
    /// What went into it.
    pub manifest: Manifest,
    /// The same libraries linked with WASI stubbed out, if asked for.
    pub stub_wasi_component: Option<Vec<u8>>,
}

/// The preview1 reactor adapter this tool bundles (crate
/// `wasi-preview1-component-adapter-provider`, pinned in Cargo.toml).
pub fn bundled_adapter() -> &'static [u8] {
    wasi_preview1_component_adapter_provider::WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER
}

struct Input {
    name: String,
    bytes: Vec<u8>,
    dl_openable: bool,
    /// The bytes given, when pruning replaced `bytes`, and what it removed.
    original: Option<(Vec<u8>, prune::Pruned)>,
}

fn read_library(name: &str, path: &std::path::Path, dl_openable: bool) -> Result<Input, LinkError> {
    let bytes = std::fs::read(path).map_err(|source| LinkError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    scan::check_shared_library(path, &bytes)?;
    Ok(Input {
        name: name.to_string(),
        bytes,
        dl_openable,
        original: None,
    })
}

/// Prunes every prunable input against the names imported by all inputs and
/// the adapter.
fn prune_inputs(inputs: &mut [Input], adapter: &[u8]) -> Result<(), LinkError> {
    let failed = |library: &str| {
        let library = library.to_string();
        move |reason| LinkError::Prune { library, reason }
    };
    let mut imported = std::collections::HashSet::new();
    prune::add_imported_names(adapter, &mut imported).map_err(failed("the preview1 adapter"))?;
    for input in inputs.iter() {
        prune::add_imported_names(&input.bytes, &mut imported).map_err(failed(&input.name))?;
    }
    for input in inputs.iter_mut() {
        if !prune::prunable(&input.bytes, input.dl_openable).map_err(failed(&input.name))? {
            continue;
        }
        if let Some((bytes, stats)) =
            prune::prune(&input.bytes, &imported).map_err(failed(&input.name))?
        {
            let original = std::mem::replace(&mut input.bytes, bytes);
            input.original = Some((original, stats));
        }
    }
    Ok(())
}

/// Links the component described by `options`.
pub fn run(options: &Options) -> Result<Outputs, LinkError> {
    let mut inputs = Vec::new();
    for lib in &options.libraries {
        inputs.push(read_library(&lib.name, &lib.path, false)?);
    }
    let mut dl = options.dl_openable.clone();
    for ext in find_extensions(&options.python_path)? {
        dl.push(NamedPath {
            name: ext.guest_path,
            path: ext.host_path,
        });
    }
    dl.sort_by(|a, b| a.name.cmp(&b.name));
    for pair in dl.windows(2) {
        if pair[0].name == pair[1].name {
            return Err(LinkError::DuplicateGuestPath {
                guest: pair[0].name.clone(),
                first: pair[0].path.clone(),
                second: pair[1].path.clone(),
            });
        }
    }
    for lib in &dl {
        inputs.push(read_library(&lib.name, &lib.path, true)?);
    }

    let adapter = match &options.adapter {
        Some(path) => std::fs::read(path).map_err(|source| LinkError::Read {
            path: path.clone(),
            source,
        })?,
        None => bundled_adapter().to_vec(),
    };
    if !options.keep_unused {
        prune_inputs(&mut inputs, &adapter)?;
    }

    let component = link(&inputs, &adapter, options.stack_size)?;
    let stub_wasi_component = if options.stub_wasi {
        let libraries = inputs
            .iter()
            .map(|i| (i.name.as_str(), i.bytes.as_slice()))
            .collect::<Vec<_>>();
        let stub = stub::stub_adapter(&libraries, &adapter)?;
        Some(link(&inputs, &stub, options.stack_size)?)
    } else {
        None
    };
    let manifest = Manifest::new(
        inputs.iter().map(|i| manifest::LibraryRecord {
            name: &i.name,
            given: i.original.as_ref().map_or(&i.bytes, |(o, _)| o),
            linked: &i.bytes,
            pruned: i.original.as_ref().map(|(_, p)| *p),
            dl_openable: i.dl_openable,
        }),
        &adapter,
        &component,
    );
    Ok(Outputs {
        component,
        manifest,
        stub_wasi_component,
    })
}

fn link(inputs: &[Input], adapter: &[u8], stack_size: Option<u32>) -> Result<Vec<u8>, LinkError> {
    let mut linker = wit_component::Linker::default();
    linker.use_built_in_libdl(true);
    if let Some(size) = stack_size {
        linker.stack_size(size);
    }
    for input in inputs {
        linker
            .library(&input.name, &input.bytes, input.dl_openable)
            .map_err(|e| LinkError::Linker(format!("{e:#}")))?;
    }
    linker
        .encoder()
        .validate(true)
        .adapter(stub::PREVIEW1, adapter)
        .map_err(|e| LinkError::Linker(format!("the preview1 adapter: {e:#}")))?;
    linker
        .encode()
        .map_err(|e| LinkError::Linker(format!("{e:#}")))
}
