//! wit-bindgen-py: typed Python bindings for any WIT world.
//!
//! In: WIT and world selection (loaded by [`glue_gen::wit`], so both tools
//! see the same world), naming options, and a mode. Out ([`run`]): a
//! [`Files`] set for an output directory:
//! - `<world_module>/…`: the package, laid out and named exactly like
//!   componentize-py's (shared/design/componentize-py-internals.md §3), so
//!   componentize-py apps type-check and run unchanged ([`model`],
//!   [`names`]);
//! - `componentize_py_types.py`: `Ok`, `Err`, `Some`, `Result` ([`support`]);
//! - for worlds that import `wasi:http/types@0.2.x`: `py_wasm_http.py`
//!   (asyncio over `wasi:io/poll`, body helpers) and its alias
//!   `poll_loop.py` (module `http`);
//! - real mode only: `_py_wasm_symbols.py`, the runtime's symbol table
//!   ([`symbols`]), and `_py_wasm_runtime.pyi`.
//!
//! **Stub** mode bodies raise `NotImplementedError` (for IDEs and mypy).
//! **Real** mode bodies call `_py_wasm_runtime.call_import(index, args)`
//! (docs/formats/python-abi.md). Every index comes from the glue's metadata,
//! `glue-meta.json` (`--glue-meta`, checked against the world's fingerprint)
//! or, without it, from `glue_gen::generate` run here: the same single
//! definition of the order the glue uses.

#![deny(missing_docs)]

mod emit;
mod error;
mod files;
mod http;
pub mod model;
pub mod names;
mod support;
pub mod symbols;

use std::path::PathBuf;

pub use emit::GENERATED_MARKER;
pub use error::BindgenError;
pub use files::Files;
use glue_gen::{GlueMeta, WitOptions};
pub use http::{HTTP_HELPER_FILE, POLL_LOOP_FILE};
pub use support::{RUNTIME_STUB_FILE, SYMBOLS_FILE, TYPES_FILE};

/// What function bodies do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Mode {
    /// Bodies raise `NotImplementedError` (for IDEs and type checkers).
    #[default]
    Stub,
    /// Bodies call the runtime; the symbol table is written too.
    Real,
}

/// A `KEY=VALUE` option value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    /// The key.
    pub key: String,
    /// The value.
    pub value: String,
}

impl std::str::FromStr for KeyValue {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.split_once('=') {
            Some((k, v)) if !k.is_empty() && !v.is_empty() => Ok(KeyValue {
                key: k.to_string(),
                value: v.to_string(),
            }),
            _ => Err(format!("expected KEY=VALUE, got `{s}`")),
        }
    }
}

/// What to generate.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct Options {
    /// WIT inputs and world selection.
    #[cfg_attr(feature = "cli", command(flatten))]
    pub wit: WitOptions,
    /// Name of the generated top-level package (dotted names allowed).
    #[cfg_attr(
        feature = "cli",
        arg(long, default_value = "wit_world", value_name = "NAME")
    )]
    pub world_module: String,
    /// Python module name for an imported interface: KEY=NAME, KEY being
    /// e.g. `wasi:http/types@0.2.12` (or a plain name). Repeatable.
    #[cfg_attr(
        feature = "cli",
        arg(long = "import-interface-name", value_name = "KEY=NAME")
    )]
    pub import_interface_names: Vec<KeyValue>,
    /// Python module name for an exported interface: KEY=NAME. Repeatable.
    #[cfg_attr(
        feature = "cli",
        arg(long = "export-interface-name", value_name = "KEY=NAME")
    )]
    pub export_interface_names: Vec<KeyValue>,
    /// Always qualify interface modules with package and version.
    #[cfg_attr(feature = "cli", arg(long))]
    pub full_names: bool,
    /// `stub`: bodies raise NotImplementedError; `real`: bodies call the
    /// runtime, and `_py_wasm_symbols.py` is written.
    #[cfg_attr(feature = "cli", arg(long, value_enum, default_value = "stub"))]
    pub mode: Mode,
    /// Real mode: the glue's glue-meta.json (default: compute it here with
    /// glue-gen's generator).
    #[cfg_attr(feature = "cli", arg(long, value_name = "PATH"))]
    pub glue_meta: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            wit: WitOptions::default(),
            world_module: "wit_world".to_string(),
            import_interface_names: Vec::new(),
            export_interface_names: Vec::new(),
            full_names: false,
            mode: Mode::Stub,
            glue_meta: None,
        }
    }
}

/// Loads the WIT and generates the bindings.
pub fn run(opts: &Options) -> Result<Files, BindgenError> {
    check_world_module(&opts.world_module)?;
    let loaded = glue_gen::load(&opts.wit)?;
    let (resolve, world) = (&loaded.resolve, loaded.world);
    glue_gen::check_world(resolve, world)?;
    let overrides = names::NameOverrides {
        imports: pairs(&opts.import_interface_names),
        exports: pairs(&opts.export_interface_names),
        full_names: opts.full_names,
    };
    let model = model::Model::new(resolve, world, &opts.world_module, &overrides);
    let meta = match (opts.mode, &opts.glue_meta) {
        (Mode::Stub, _) => None,
        (Mode::Real, Some(path)) => Some(read_meta(path, resolve, world)?),
        (Mode::Real, None) => {
            Some(glue_gen::generate(resolve, world, &glue_gen::GlueOptions::default())?.meta)
        }
    };
    generate(&model, opts.mode, meta.as_ref())
}

fn pairs(list: &[KeyValue]) -> std::collections::BTreeMap<String, String> {
    list.iter()
        .map(|kv| (kv.key.clone(), kv.value.clone()))
        .collect()
}

/// Generates the files for an analysed world. Real mode needs `meta`.
pub fn generate(
    model: &model::Model<'_>,
    mode: Mode,
    meta: Option<&GlueMeta>,
) -> Result<Files, BindgenError> {
    let indices = meta.map(emit::Indices::new);
    let mut files = emit::modules(model, mode, indices.as_ref())?;
    files.insert(TYPES_FILE.to_string(), support::types_module());
    files.extend(http::helper_files(model));
    if mode == Mode::Real {
        let meta = meta.ok_or_else(|| BindgenError::MetaMismatch {
            what: "anything (real mode needs the glue metadata)".to_string(),
        })?;
        files.insert(SYMBOLS_FILE.to_string(), symbols::render(model, meta)?);
        files.insert(RUNTIME_STUB_FILE.to_string(), support::runtime_stub());
    }
    Ok(Files {
        files,
        world_dir: model.world_module.replace('.', "/"),
    })
}

/// Reads `glue-meta.json` and checks it was made for this world.
fn read_meta(
    path: &std::path::Path,
    resolve: &wit_parser::Resolve,
    world: wit_parser::WorldId,
) -> Result<GlueMeta, BindgenError> {
    let bytes = std::fs::read(path).map_err(|source| BindgenError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let meta = GlueMeta::from_json(&bytes).map_err(|source| BindgenError::Meta {
        path: path.to_path_buf(),
        source,
    })?;
    let fingerprint = glue_gen::world_fingerprint(resolve, world)?;
    if meta.world_fingerprint != fingerprint {
        return Err(BindgenError::Fingerprint {
            path: path.to_path_buf(),
            meta_world: meta.world.clone(),
            meta_fingerprint: meta.world_fingerprint.clone(),
            world: glue_gen::wit::world_name(resolve, world),
            fingerprint,
        });
    }
    Ok(meta)
}

fn check_world_module(name: &str) -> Result<(), BindgenError> {
    let bad = |reason: &str| BindgenError::BadOption {
        option: "--world-module",
        value: name.to_string(),
        reason: reason.to_string(),
    };
    for part in name.split('.') {
        let mut chars = part.chars();
        let first_ok = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        if !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(bad("each dotted part must be a Python identifier"));
        }
        if names::escape(part.to_string()) != part {
            return Err(bad("a Python keyword cannot be a module name"));
        }
    }
    Ok(())
}
