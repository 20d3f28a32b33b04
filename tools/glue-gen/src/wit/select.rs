//! World selection: parsing `-w` specs and finding the worlds they name,
//! with semver-compatible version matching (see the parent module's docs).

use std::collections::BTreeSet;

use wit_parser::{PackageId, PackageName, ParsedUsePath, Resolve, WorldId};

use crate::error::WitError;

/// A parsed `-w` value.
#[derive(Debug, Clone)]
pub enum Spec {
    /// A bare world name, looked up in the main packages.
    Name(String),
    /// `ns:pkg/world[@version]`.
    Qualified(PackageName, String),
}

/// Parses a `-w` value.
pub fn parse_spec(spec: &str) -> Result<Spec, WitError> {
    match wit_parser::parse_use_path(spec) {
        Ok(ParsedUsePath::Name(name)) => Ok(Spec::Name(name)),
        Ok(ParsedUsePath::Package(pkg, name)) => Ok(Spec::Qualified(pkg, name)),
        Err(e) => Err(WitError::BadWorldSpec {
            spec: spec.to_string(),
            message: format!("{e:#}"),
        }),
    }
}

/// True if a package at version `have` satisfies a request for `want`
/// (Cargo's rules: same major; for 0.x same minor; for 0.0.x same patch).
pub fn compatible(want: &semver::Version, have: &semver::Version) -> bool {
    if !want.pre.is_empty() || !have.pre.is_empty() {
        return want == have;
    }
    if want.major != have.major {
        return false;
    }
    if want.major > 0 {
        return true;
    }
    if want.minor != have.minor {
        return false;
    }
    want.minor > 0 || want.patch == have.patch
}

/// Picks the package `want` refers to among `candidates`: an exact match,
/// else the only package of that name when `want` has no version, else the
/// highest semver-compatible version. `Some(Err(names))` when ambiguous.
pub fn pick<'a>(
    want: &PackageName,
    candidates: impl Iterator<Item = &'a PackageName>,
) -> Option<Result<&'a PackageName, Vec<String>>> {
    let same: Vec<&PackageName> = candidates
        .filter(|c| c.namespace == want.namespace && c.name == want.name)
        .collect();
    if let Some(exact) = same.iter().find(|c| c.version == want.version) {
        return Some(Ok(exact));
    }
    match &want.version {
        None => match same.as_slice() {
            [] => None,
            [one] => Some(Ok(one)),
            many => Some(Err(many.iter().map(|p| p.to_string()).collect())),
        },
        Some(v) => same
            .into_iter()
            .filter(|c| c.version.as_ref().is_some_and(|cv| compatible(v, cv)))
            .max_by(|a, b| a.version.cmp(&b.version))
            .map(Ok),
    }
}

/// Finds worlds in a resolved set of packages.
pub struct Selector<'a> {
    /// Everything loaded.
    pub resolve: &'a Resolve,
    /// The main package of each `-d` input, in order.
    pub mains: &'a [PackageName],
    /// Names of the bundled packages that were loaded.
    pub bundled: &'a BTreeSet<PackageName>,
}

impl Selector<'_> {
    /// Selects every `-w` world (or the default world), without duplicates.
    pub fn select_all(&self, raw: &[String], specs: &[Spec]) -> Result<Vec<WorldId>, WitError> {
        if specs.is_empty() {
            return Ok(vec![self.default_world()?]);
        }
        let mut out = Vec::new();
        for (raw, spec) in raw.iter().zip(specs) {
            let id = self.select(raw, spec)?;
            if !out.contains(&id) {
                out.push(id);
            }
        }
        Ok(out)
    }

    fn main_ids(&self) -> Vec<PackageId> {
        self.mains
            .iter()
            .filter_map(|n| self.resolve.package_names.get(n).copied())
            .collect()
    }

    fn default_world(&self) -> Result<WorldId, WitError> {
        let mains = self.main_ids();
        let [main] = mains.as_slice() else {
            let reason = if mains.is_empty() {
                "no WIT was given with -d/--wit-path".to_string()
            } else {
                "several -d packages were given".to_string()
            };
            return Err(WitError::NoWorld { reason });
        };
        let pkg = &self.resolve.packages[*main];
        match pkg.worlds.values().collect::<Vec<_>>().as_slice() {
            [one] => Ok(**one),
            [] => Err(WitError::NoWorld {
                reason: format!("package `{}` defines no world", pkg.name),
            }),
            many => Err(WitError::NoWorld {
                reason: format!(
                    "package `{}` has several worlds ({})",
                    pkg.name,
                    many.iter()
                        .map(|w| world_id_string(self.resolve, **w))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        }
    }

    fn select(&self, raw: &str, spec: &Spec) -> Result<WorldId, WitError> {
        let found = match spec {
            Spec::Name(name) => {
                let hits: Vec<WorldId> = self
                    .main_ids()
                    .into_iter()
                    .filter_map(|p| self.resolve.packages[p].worlds.get(name).copied())
                    .collect();
                if hits.len() > 1 {
                    return Err(WitError::AmbiguousWorld {
                        spec: raw.to_string(),
                        candidates: hits
                            .iter()
                            .map(|w| world_id_string(self.resolve, *w))
                            .collect(),
                    });
                }
                hits.first().copied()
            }
            Spec::Qualified(pkg, name) => {
                let user = self
                    .resolve
                    .package_names
                    .keys()
                    .filter(|n| !self.bundled.contains(*n));
                let picked = match pick(pkg, user) {
                    Some(found) => Some(found),
                    None => pick(pkg, self.bundled.iter()),
                };
                match picked {
                    Some(Err(candidates)) => {
                        return Err(WitError::AmbiguousWorld {
                            spec: raw.to_string(),
                            candidates: candidates
                                .iter()
                                .map(|p| format!("{p} (package)"))
                                .collect(),
                        })
                    }
                    Some(Ok(pkg)) => self
                        .resolve
                        .package_names
                        .get(pkg)
                        .and_then(|id| self.resolve.packages[*id].worlds.get(name).copied()),
                    None => None,
                }
            }
        };
        found.ok_or_else(|| WitError::UnknownWorld {
            spec: raw.to_string(),
            available: self.available(),
        })
    }

    /// Every world of the loaded packages plus the bundled WASI worlds, each
    /// with where it is defined.
    fn available(&self) -> Vec<String> {
        let mut out: Vec<(String, String)> = self
            .resolve
            .worlds
            .iter()
            .map(|(id, w)| {
                (
                    world_id_string(self.resolve, id),
                    self.resolve.render_location(w.span),
                )
            })
            .collect();
        if let Ok(groups) = super::bundled::groups() {
            for group in groups {
                for (_, world) in group.main.worlds.iter() {
                    let name = qualified(&group.main.name, &world.name);
                    if !out.iter().any(|(n, _)| *n == name) {
                        let location = group.source_map.render_location(world.span);
                        out.push((name, location));
                    }
                }
            }
        }
        out.sort();
        out.into_iter()
            .map(|(name, at)| format!("{name} ({at})"))
            .collect()
    }
}

/// `ns:pkg/world@version` of a world in the resolve.
pub fn world_id_string(resolve: &Resolve, world: WorldId) -> String {
    let w = &resolve.worlds[world];
    match w.package {
        Some(pkg) => qualified(&resolve.packages[pkg].name, &w.name),
        None => w.name.clone(),
    }
}

fn qualified(pkg: &PackageName, world: &str) -> String {
    match &pkg.version {
        Some(v) => format!("{}:{}/{world}@{v}", pkg.namespace, pkg.name),
        None => format!("{}:{}/{world}", pkg.namespace, pkg.name),
    }
}
