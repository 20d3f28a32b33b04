//! The WASI 0.2 WIT packages bundled into glue-gen.
//!
//! build.rs copies the `wit/deps/*.wit` files of the pinned `wasip2` crate
//! (WASI 0.2.12, one package per file) into the build and lists them here.
//! The loader parses them on demand and pushes only those a run needs.

use wit_parser::{SourceMap, UnresolvedPackageGroup};

use crate::error::WitError;

include!(concat!(env!("OUT_DIR"), "/bundled_wasi.rs"));

/// The name under which bundled files appear in error messages.
pub const SOURCE_PREFIX: &str = "<bundled WASI>";

/// The bundled files as `(file name, WIT text)`, sorted by name.
pub fn files() -> &'static [(&'static str, &'static str)] {
    FILES
}

/// Parses every bundled package (each file is one package group).
pub fn groups() -> Result<Vec<UnresolvedPackageGroup>, WitError> {
    FILES
        .iter()
        .map(|(name, text)| {
            let mut map = SourceMap::new();
            map.push_str(&format!("{SOURCE_PREFIX}/{name}"), *text);
            map.parse().map_err(|(map, e)| WitError::Parse {
                rendered: e.render(&map),
            })
        })
        .collect()
}
