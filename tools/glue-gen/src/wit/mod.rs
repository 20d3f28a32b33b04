//! Loading WIT and selecting the world, shared by glue-gen and wit-bindgen-py.
//!
//! Inputs follow wit-parser's conventions (`Resolve::push_path`): a `-d`
//! path is a `*.wit` file (one package) or a directory of `*.wit` files (one
//! package) with an optional `deps/` directory of further packages (a
//! sub-directory or a single `*.wit` file each). All inputs are parsed first;
//! then the bundled WASI 0.2.12 packages (see [`bundled`]) that the inputs or
//! the requested worlds need, and that the inputs do not already provide
//! under the same name and version, are added; then everything is resolved
//! in one `Resolve::push_groups` call, which orders packages by dependency.
//!
//! Worlds (`-w`) are `name` (looked up in the main package of each `-d`
//! path), `ns:pkg/name` or `ns:pkg/name@version`. A version that is not
//! present exactly matches the highest semver-compatible one
//! (`0.2.0` → `0.2.12`), so `-w wasi:http/proxy@0.2.0` works with the
//! bundled packages. Several worlds are merged with
//! `Resolve::merge_worlds` into the synthetic world [`MERGED_WORLD`].
//!
//! Errors from wit-parser are rendered against its source map, so they carry
//! `file:line:col`; nothing here panics on bad input.

pub mod bundled;
mod select;

pub use select::compatible;

use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use wit_parser::{PackageName, Resolve, SourceMap, UnresolvedPackageGroup, WorldId};

use crate::error::WitError;

/// Package and world name of the world that several `-w` are merged into.
pub const MERGED_WORLD: &str = "py-wasm:merged/merged";

/// What to load.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct WitOptions {
    /// A WIT file, or a directory of WIT files with an optional `deps/`
    /// directory. Repeatable. The WASI 0.2 packages are built in and need
    /// not be given.
    #[cfg_attr(
        feature = "cli",
        arg(short = 'd', long = "wit-path", value_name = "PATH")
    )]
    pub paths: Vec<PathBuf>,
    /// A world to target: `name`, `ns:pkg/name` or `ns:pkg/name@version`.
    /// Repeatable; several worlds are merged into one. Default: the only
    /// world of the only `-d` package.
    #[cfg_attr(feature = "cli", arg(short = 'w', long = "world", value_name = "NAME"))]
    pub worlds: Vec<String>,
    /// Enable these `@unstable` WIT features (comma-separated).
    #[cfg_attr(feature = "cli", arg(long, value_delimiter = ',', value_name = "A,B"))]
    pub features: Vec<String>,
    /// Enable every `@unstable` WIT feature.
    #[cfg_attr(feature = "cli", arg(long))]
    pub all_features: bool,
}

/// A resolved set of WIT packages and the selected (possibly merged) world.
#[derive(Debug, Clone)]
pub struct LoadedWorld {
    /// Every package that was loaded.
    pub resolve: Resolve,
    /// The world to generate for.
    pub world: WorldId,
}

/// Loads the WIT inputs and selects the world(s); see the module docs.
pub fn load(opts: &WitOptions) -> Result<LoadedWorld, WitError> {
    let mut user = Vec::new();
    let mut mains = Vec::new();
    for path in &opts.paths {
        mains.push(parse_path(path, &mut user)?);
    }
    let bundled = bundled::groups()?;
    let provided: BTreeSet<PackageName> = user.iter().flat_map(group_names).collect();
    let specs = opts
        .worlds
        .iter()
        .map(|s| select::parse_spec(s))
        .collect::<Result<Vec<_>, _>>()?;
    let needed = bundled_closure(&user, &bundled, &specs, &provided);

    let mut resolve = Resolve::new();
    for feature in &opts.features {
        resolve.features.insert(feature.clone());
    }
    resolve.all_features = opts.all_features;

    let mut groups: Vec<UnresolvedPackageGroup> = bundled
        .into_iter()
        .filter(|g| needed.contains(&g.main.name))
        .collect();
    let bundled_names: BTreeSet<PackageName> = groups.iter().map(|g| g.main.name.clone()).collect();
    groups.extend(user);
    let mut groups = groups.into_iter();
    if let Some(first) = groups.next() {
        resolve
            .push_groups(first, groups.collect())
            .map_err(|e| resolve_error(&resolve, &e))?;
    }

    let selector = select::Selector {
        resolve: &resolve,
        mains: &mains,
        bundled: &bundled_names,
    };
    let worlds = selector.select_all(&opts.worlds, &specs)?;
    let world = match worlds.as_slice() {
        [one] => *one,
        _ => merge(&mut resolve, &worlds)?,
    };
    Ok(LoadedWorld { resolve, world })
}

/// Parses one `-d` input into `groups`; returns its main package's name.
fn parse_path(
    path: &Path,
    groups: &mut Vec<UnresolvedPackageGroup>,
) -> Result<PackageName, WitError> {
    let meta = std::fs::metadata(path).map_err(|e| WitError::Read {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    if !meta.is_dir() {
        let group = parse_file(path)?;
        let name = group.main.name.clone();
        groups.push(group);
        return Ok(name);
    }
    let main = parse_dir(path)?;
    let name = main.main.name.clone();
    groups.push(main);
    let deps = path.join("deps");
    if !deps.is_dir() {
        return Ok(name);
    }
    let mut entries = std::fs::read_dir(&deps)
        .and_then(|it| it.collect::<std::io::Result<Vec<_>>>())
        .map_err(|e| WitError::Read {
            path: deps.clone(),
            message: e.to_string(),
        })?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let dep = entry.path();
        if dep.is_dir() {
            groups.push(parse_dir(&dep)?);
        } else if matches!(extension(&dep), Some("wit" | "wasm" | "wat")) {
            groups.push(parse_file(&dep)?);
        }
    }
    Ok(name)
}

fn extension(path: &Path) -> Option<&str> {
    path.extension().and_then(|e| e.to_str())
}

fn parse_file(path: &Path) -> Result<UnresolvedPackageGroup, WitError> {
    if matches!(extension(path), Some("wasm" | "wat")) {
        return Err(WitError::UnsupportedInput {
            path: path.to_path_buf(),
        });
    }
    let mut map = SourceMap::new();
    map.push_file(path).map_err(|e| WitError::Read {
        path: path.to_path_buf(),
        message: format!("{e:#}"),
    })?;
    parse_map(map)
}

fn parse_dir(path: &Path) -> Result<UnresolvedPackageGroup, WitError> {
    let mut map = SourceMap::new();
    map.push_dir(path).map_err(|e| WitError::Read {
        path: path.to_path_buf(),
        message: format!("{e:#}"),
    })?;
    if map.source_names().next().is_none() {
        return Err(WitError::Read {
            path: path.to_path_buf(),
            message: "the directory has no *.wit files".to_string(),
        });
    }
    parse_map(map)
}

fn parse_map(map: SourceMap) -> Result<UnresolvedPackageGroup, WitError> {
    map.parse().map_err(|(map, e)| WitError::Parse {
        rendered: e.render(&map),
    })
}

/// Names of every package in a group (nested ones and the main one).
fn group_names(group: &UnresolvedPackageGroup) -> Vec<PackageName> {
    group
        .nested
        .iter()
        .chain([&group.main])
        .map(|p| p.name.clone())
        .collect()
}

/// Packages a group refers to from outside itself.
fn group_deps(group: &UnresolvedPackageGroup) -> Vec<PackageName> {
    group
        .nested
        .iter()
        .chain([&group.main])
        .flat_map(|p| p.foreign_deps.keys().cloned())
        .collect()
}

/// The bundled packages this run needs: those the user packages refer to,
/// those the world specs name, and their dependencies, minus any the user
/// provides under the same name.
fn bundled_closure(
    user: &[UnresolvedPackageGroup],
    bundled: &[UnresolvedPackageGroup],
    specs: &[select::Spec],
    provided: &BTreeSet<PackageName>,
) -> BTreeSet<PackageName> {
    let bundled_names: Vec<PackageName> = bundled.iter().map(|g| g.main.name.clone()).collect();
    let mut queue: VecDeque<PackageName> = user.iter().flat_map(group_deps).collect();
    for spec in specs {
        if let select::Spec::Qualified(pkg, _) = spec {
            if select::pick(pkg, provided.iter()).is_none() {
                if let Some(Ok(found)) = select::pick(pkg, bundled_names.iter()) {
                    queue.push_back(found.clone());
                }
            }
        }
    }
    let mut needed = BTreeSet::new();
    while let Some(name) = queue.pop_front() {
        if provided.contains(&name) || needed.contains(&name) {
            continue;
        }
        if let Some(group) = bundled.iter().find(|g| g.main.name == name) {
            needed.insert(name);
            queue.extend(group_deps(group));
        }
    }
    needed
}

/// Renders a resolve error with the source map and adds what to do.
fn resolve_error(resolve: &Resolve, err: &wit_parser::ResolveError) -> WitError {
    let hint = match err.kind() {
        wit_parser::ResolveErrorKind::PackageNotFound { requested, .. } => format!(
            "\nThe dependency package `{requested}` is missing: put its WIT under the `deps/` \
             directory of the WIT input, or pass it with another -d/--wit-path \
             (only WASI {} is built in)",
            bundled_wasi_version()
        ),
        _ => "\nFix the WIT at the location above".to_string(),
    };
    WitError::Resolve {
        rendered: err.render(&resolve.source_map),
        hint,
    }
}

/// `ns:pkg/world@version` of a world.
pub fn world_name(resolve: &Resolve, world: WorldId) -> String {
    select::world_id_string(resolve, world)
}

/// The version of the bundled WASI packages, e.g. `0.2.12`.
pub fn bundled_wasi_version() -> String {
    bundled::files()
        .iter()
        .find_map(|(_, text)| {
            let line = text.lines().find(|l| l.starts_with("package "))?;
            let (_, version) = line.trim_end_matches(';').split_once('@')?;
            Some(version.to_string())
        })
        .unwrap_or_else(|| "0.2".to_string())
}

/// Merges several worlds into a fresh [`MERGED_WORLD`].
fn merge(resolve: &mut Resolve, worlds: &[WorldId]) -> Result<WorldId, WitError> {
    let (package, world_name) = MERGED_WORLD
        .split_once('/')
        .unwrap_or(("py-wasm:merged", "merged"));
    let text = format!("package {package};\n\nworld {world_name} {{}}\n");
    let mut map = SourceMap::new();
    map.push_str("<merged worlds>", text);
    let group = parse_map(map)?;
    let pkg = resolve
        .push_group(group)
        .map_err(|e| resolve_error(resolve, &e))?;
    let into = resolve.packages[pkg]
        .worlds
        .get(world_name)
        .copied()
        .ok_or_else(|| WitError::NoWorld {
            reason: "the merged world could not be created".to_string(),
        })?;
    for &from in worlds {
        let mut clone_maps = wit_parser::CloneMaps::default();
        resolve
            .merge_worlds(from, into, &mut clone_maps)
            .map_err(|e| WitError::Merge {
                world: select::world_id_string(resolve, from),
                message: resolve.render_error(&e),
            })?;
    }
    Ok(into)
}
