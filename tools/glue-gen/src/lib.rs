//! glue-gen: the canonical-ABI glue library for a WIT world, and the
//! metadata order that the other stages share.
//!
//! In: WIT (files or directories, the WASI 0.2 packages built in) and the
//! world(s) to target ([`wit`]). Out ([`run`]):
//! - the glue, a wasm dynamic library made by wit-dylib that needs
//!   `libpy_wasm_runtime.so` and carries the world in a `component-type`
//!   custom section ([`generate()`]);
//! - `glue-meta.json`, wit-dylib's metadata order (docs/formats/glue-meta.md,
//!   [`GlueMeta`]), read by wit-bindgen-py (real mode) and the runtime's
//!   tooling;
//! - `wit_dylib.h`, the C header of the pinned wit-dylib ([`C_HEADER`]);
//! - optionally a relocatable object holding only the world's component
//!   type ([`component_type_object`]), for C programs linked with clang.
//!
//! docs/design.md explains where this stage sits. The [`wit`] module is
//! shared with wit-bindgen-py so both tools load WIT identically.

#![deny(missing_docs)]

mod error;
mod generate;
pub mod meta;
mod supported;
pub mod wit;

#[cfg(test)]
mod tests;

pub use error::{Error, GlueError, MetaError, WitError};
pub use generate::{
    component_type_object, encode_world, generate, world_fingerprint, Glue, GlueOptions,
    INIT_EXPORT, RUNTIME_LIBRARY,
};
pub use meta::{GlueMeta, GLUE_META_VERSION, WIT_DYLIB_VERSION};
pub use supported::check_world;
pub use wit::{load, LoadedWorld, WitOptions};

/// The C header of the pinned wit-dylib: the ABI the runtime implements.
pub const C_HEADER: &str = wit_dylib::C_HEADER;

/// What to generate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The WIT inputs and world selection.
    pub wit: WitOptions,
    /// Glue options.
    pub glue: GlueOptions,
}

/// Everything glue-gen produces, for the caller to write out.
#[derive(Debug, Clone)]
pub struct Outputs {
    /// The glue library.
    pub glue: Vec<u8>,
    /// The metadata.
    pub meta: GlueMeta,
    /// The relocatable object with the world's `component-type` section.
    pub component_type_object: Vec<u8>,
}

/// Loads the WIT and generates all outputs.
pub fn run(opts: &Options) -> Result<Outputs, Error> {
    let loaded = wit::load(&opts.wit)?;
    let glue = generate(&loaded.resolve, loaded.world, &opts.glue)?;
    let object = component_type_object(&loaded.resolve, loaded.world)?;
    Ok(Outputs {
        glue: glue.module,
        meta: glue.meta,
        component_type_object: object,
    })
}
