//! Errors of glue-gen: each names the file, span or WIT item involved and
//! says what to do. WIT parse and resolve errors arrive already rendered
//! against wit-parser's source map (`file:line:col` plus a snippet).

use std::path::PathBuf;

/// Why WIT could not be loaded or a world could not be selected.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WitError {
    /// A WIT input could not be read.
    #[error("cannot read WIT input {}: {message}\nCheck the path given with -d/--wit-path", path.display())]
    Read {
        /// The file or directory.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A WIT input has a kind this tool does not read.
    #[error(
        "{}: only WIT text (`*.wit` files or directories of them) is supported\n\
         Convert binary WIT packages with `wasm-tools component wit` first",
        path.display()
    )]
    UnsupportedInput {
        /// The file.
        path: PathBuf,
    },
    /// A WIT file has a syntax or name error (rendered with file:line:col).
    #[error("{rendered}\nFix the WIT source at the location above")]
    Parse {
        /// The error rendered against the source map.
        rendered: String,
    },
    /// WIT packages did not resolve, e.g. a dependency package is missing
    /// (rendered with file:line:col).
    #[error("{rendered}{hint}")]
    Resolve {
        /// The error rendered against the source map.
        rendered: String,
        /// What to do, starting with a newline (may be empty).
        hint: String,
    },
    /// `-w` is not a world name.
    #[error("invalid world `{spec}`: {message}\nWrite a world as `name`, `ns:pkg/name` or `ns:pkg/name@version`")]
    BadWorldSpec {
        /// What the user wrote.
        spec: String,
        /// The parser's message.
        message: String,
    },
    /// `-w` names no known world.
    #[error("unknown world `{spec}`\nAvailable worlds:{}", list(available))]
    UnknownWorld {
        /// What the user wrote.
        spec: String,
        /// Every world that could have been meant, fully qualified.
        available: Vec<String>,
    },
    /// `-w` (or its absence) matches several worlds.
    #[error("world `{spec}` is ambiguous; name one of:{}", list(candidates))]
    AmbiguousWorld {
        /// What the user wrote (or `(default)`).
        spec: String,
        /// The matching worlds, fully qualified.
        candidates: Vec<String>,
    },
    /// Nothing says which world to use.
    #[error("no world selected: {reason}\nPass -w/--world NAME (e.g. `-w wasi:cli/command`)")]
    NoWorld {
        /// Why no default could be chosen.
        reason: String,
    },
    /// Several worlds could not be merged into one.
    #[error("cannot merge world `{world}` into the others: {message}\nSelect worlds whose imports and exports agree")]
    Merge {
        /// The world being merged.
        world: String,
        /// wit-parser's message.
        message: String,
    },
}

/// Why glue could not be generated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GlueError {
    /// The world uses something wit-dylib or the runtime cannot handle.
    #[error("{location}: {item} uses {what}, which rules_py_wasm does not support yet\n{hint}")]
    Unsupported {
        /// `file:line:col` of the item.
        location: String,
        /// The WIT item, e.g. "function `get` in interface `a:b/c`".
        item: String,
        /// The unsupported feature.
        what: String,
        /// What to do instead.
        hint: String,
    },
    /// The world already has an item named like the init export.
    #[error(
        "{location}: the world already has an item named `{name}`, which glue-gen reserves \
         for the interpreter's init export\nRename that function in the WIT"
    )]
    ReservedName {
        /// The reserved name.
        name: String,
        /// `file:line:col` of the world.
        location: String,
    },
    /// wit-dylib or wit-component failed (a bug or an unsupported world).
    #[error("{stage} failed for world `{world}`: {message}")]
    Encode {
        /// What was being done.
        stage: &'static str,
        /// The world.
        world: String,
        /// The underlying message.
        message: String,
    },
}

/// Why a `glue-meta.json` could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MetaError {
    /// Not JSON, or not the documented schema.
    #[error("glue-meta.json is malformed: {message}\nRegenerate it with glue-gen --meta-out")]
    Malformed {
        /// serde's message.
        message: String,
    },
    /// Written by a glue-gen with another schema version.
    #[error(
        "glue-meta.json has version {found} (written by {producer}), but this reader \
         understands version {expected}\nRegenerate it with the glue-gen of this toolchain"
    )]
    Version {
        /// The file's version.
        found: u64,
        /// The file's producer.
        producer: String,
        /// The version this reader understands.
        expected: u32,
    },
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        return "\n  (none)".to_string();
    }
    items.iter().map(|i| format!("\n  {i}")).collect()
}

/// Any error of [`crate::run`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Loading WIT or selecting the world failed.
    #[error(transparent)]
    Wit(#[from] WitError),
    /// Generating the glue failed.
    #[error(transparent)]
    Glue(#[from] GlueError),
}
