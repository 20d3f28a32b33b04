//! py-wasm: one command from a Python app and a WIT world to a component,
//! with componentize-py's command line.
//!
//! py-wasm only chains the stages (house style 20): [`componentize`] calls
//! glue-gen, wit-bindgen-py (real mode), py-link and py-preinit through their
//! libraries, with the same options the Bazel actions pass, in a scratch
//! directory; [`bindings`] is wit-bindgen-py in stub mode. What py-wasm adds
//! is what a person at a terminal needs: finding the prebuilt
//! [`toolchain`], progress [`Event`]s, and errors that say what to fix in the
//! app rather than in the stage that noticed ([`diagnose`]).
//!
//! In: WIT (`-d`, the WASI 0.2 packages built in), world(s) (`-w`), the app
//! module and its Python path. Out: the component bytes (the caller writes
//! them), and what the app printed while it was imported.

#![deny(missing_docs)]

pub mod app;
mod chain;
#[cfg(feature = "cli")]
pub mod cli;
pub mod diagnose;
mod error;
pub mod progress;
pub mod toolchain;

use std::path::PathBuf;

pub use chain::{bindings, componentize, Outputs};
pub use error::Error;
pub use progress::{Event, Progress, Silent, Stage};
pub use toolchain::Toolchain;
pub use wit_bindgen_py::KeyValue;

/// The default `--world-module` (componentize-py's).
pub const DEFAULT_WORLD_MODULE: &str = "wit_world";

/// The world and how its Python code is named: componentize-py's global
/// options.
#[derive(Debug, Clone, Default)]
pub struct WorldOptions {
    /// `-d`, `-w`, `--features`, `--all-features`.
    pub wit: glue_gen::WitOptions,
    /// `--world-module` (default [`DEFAULT_WORLD_MODULE`]).
    pub world_module: Option<String>,
    /// `--import-interface-name KEY=NAME`.
    pub import_interface_names: Vec<KeyValue>,
    /// `--export-interface-name KEY=NAME`.
    pub export_interface_names: Vec<KeyValue>,
    /// `--full-names`.
    pub full_names: bool,
}

impl WorldOptions {
    /// The world module name.
    pub fn world_module(&self) -> &str {
        self.world_module.as_deref().unwrap_or(DEFAULT_WORLD_MODULE)
    }

    /// wit-bindgen-py's options for these settings (what the `WitBindgenPy`
    /// Bazel action passes).
    pub fn bindgen_options(
        &self,
        mode: wit_bindgen_py::Mode,
        glue_meta: Option<PathBuf>,
    ) -> wit_bindgen_py::Options {
        wit_bindgen_py::Options {
            wit: self.wit.clone(),
            world_module: self.world_module().to_string(),
            import_interface_names: self.import_interface_names.clone(),
            export_interface_names: self.export_interface_names.clone(),
            full_names: self.full_names,
            mode,
            glue_meta,
        }
    }

    /// The naming options as wit-bindgen-py's model takes them.
    pub fn name_overrides(&self) -> wit_bindgen_py::names::NameOverrides {
        let pairs = |list: &[KeyValue]| {
            list.iter()
                .map(|kv| (kv.key.clone(), kv.value.clone()))
                .collect()
        };
        wit_bindgen_py::names::NameOverrides {
            imports: pairs(&self.import_interface_names),
            exports: pairs(&self.export_interface_names),
            full_names: self.full_names,
        }
    }
}

/// What `componentize` builds.
#[derive(Debug, Clone)]
pub struct ComponentizeOptions {
    /// The world.
    pub world: WorldOptions,
    /// The app module (`componentize APP`).
    pub app: String,
    /// `-p`: the app's Python path; directories that do not exist are
    /// skipped, as componentize-py does.
    pub python_path: Vec<PathBuf>,
    /// `-s/--stub-wasi`: the component imports nothing from WASI (every
    /// WASI call traps).
    pub stub_wasi: bool,
    /// `--cjk-codecs`: put the toolchain's CJK codec extension modules on
    /// the Python path (after the app's), so that they are linked.
    pub cjk_codecs: bool,
    /// The prebuilt libraries and stdlib.
    pub toolchain: Toolchain,
}
