//! Errors of wit-bindgen-py: each says what is wrong, where, and what to do.

use std::path::PathBuf;

/// Why bindings could not be generated or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BindgenError {
    /// Loading WIT or selecting the world failed.
    #[error(transparent)]
    Wit(#[from] glue_gen::WitError),
    /// The world uses something the toolchain does not support.
    #[error(transparent)]
    Glue(#[from] glue_gen::GlueError),
    /// `glue-meta.json` is unreadable or of another version.
    #[error("{}: {source}", path.display())]
    Meta {
        /// The file.
        path: PathBuf,
        /// Why.
        source: glue_gen::MetaError,
    },
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// `glue-meta.json` was made for another world.
    #[error(
        "{} was made for world `{meta_world}` ({meta_fingerprint}), but the WIT given here \
         selects world `{world}` ({fingerprint})\nRegenerate it with glue-gen from the same \
         -d/-w/--features options, or drop --glue-meta to compute the indices here",
        path.display()
    )]
    Fingerprint {
        /// The metadata file.
        path: PathBuf,
        /// Its world.
        meta_world: String,
        /// Its fingerprint.
        meta_fingerprint: String,
        /// Our world.
        world: String,
        /// Our fingerprint.
        fingerprint: String,
    },
    /// The metadata lacks an item the world has.
    #[error(
        "glue-meta.json has no entry for {what}\nRegenerate it with glue-gen from the same WIT"
    )]
    MetaMismatch {
        /// The missing item.
        what: String,
    },
    /// An option value is malformed.
    #[error("invalid {option} `{value}`: {reason}")]
    BadOption {
        /// The option.
        option: &'static str,
        /// The value.
        value: String,
        /// Why.
        reason: String,
    },
    /// Output could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}
