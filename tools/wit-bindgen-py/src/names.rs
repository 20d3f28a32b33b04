//! Python names for WIT names, following componentize-py's conventions
//! (shared/design/componentize-py-internals.md §3) so that its apps build
//! unchanged: functions, parameters and fields in `snake_case`, types and
//! protocols in `UpperCamelCase`, enum and flags members in `SHOUTY_CASE`,
//! variant cases as `<Variant>_<Case>`, and a trailing `_` on Python
//! keywords (`from` → `from_`, case `none` → `Shape_None_`).
//!
//! Interface modules ([`InterfaceNames`]) are the snake-case interface name,
//! qualified only when needed, separately for imports and exports: with the
//! package (`wasi_http_types`) when several packages export or import an
//! interface of that name, and with the version too (`b_y_types_2_0_0`)
//! when one package appears at several versions (or always, with
//! `--full-names`). `--import-interface-name`/`--export-interface-name`
//! overrides win.

use std::collections::{BTreeMap, BTreeSet};

use wit_parser::{InterfaceId, PackageName, Resolve, WorldId, WorldItem, WorldKey};

/// Python's keywords (`keyword.kwlist`); names equal to one get a `_`.
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Appends `_` to Python keywords.
pub fn escape(name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) {
        name + "_"
    } else {
        name
    }
}

fn words(name: &str) -> impl Iterator<Item = &str> {
    name.split(['-', '_', '.']).filter(|w| !w.is_empty())
}

fn capitalize(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// `a-bool` → `a_bool`, `HTTP-request` → `http_request` (not escaped).
pub fn snake(name: &str) -> String {
    words(name)
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// `hot-pink` → `HotPink`, `DNS-error` → `DnsError` (not escaped).
pub fn camel(name: &str) -> String {
    words(name).map(capitalize).collect()
}

/// `hot-pink` → `HOT_PINK`.
pub fn shouty(name: &str) -> String {
    words(name)
        .map(|w| w.to_ascii_uppercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// A function, method, parameter or field name.
pub fn func_name(name: &str) -> String {
    escape(snake(name))
}

/// A type or protocol class name.
pub fn class_name(name: &str) -> String {
    escape(camel(name))
}

/// The class of one variant case: `Shape_Circle`, `Shape_None_`.
pub fn case_class(variant: &str, case: &str) -> String {
    format!("{}_{}", camel(variant), escape(camel(case)))
}

/// An enum or flags member.
pub fn member_name(name: &str) -> String {
    escape(shouty(name))
}

/// The world's protocol class: `wit_world` → `WitWorld`, `a.b_c` → `ABC`.
pub fn world_class(world_module: &str) -> String {
    class_name(world_module)
}

/// Python module names of the world's interfaces, per direction.
#[derive(Debug, Clone, Default)]
pub struct InterfaceNames {
    imports: BTreeMap<InterfaceId, String>,
    exports: BTreeMap<InterfaceId, String>,
}

/// Options that change interface module names.
#[derive(Debug, Clone, Default)]
pub struct NameOverrides {
    /// `world key → module` for imported interfaces.
    pub imports: BTreeMap<String, String>,
    /// `world key → module` for exported interfaces.
    pub exports: BTreeMap<String, String>,
    /// Always qualify with package and version.
    pub full_names: bool,
}

impl InterfaceNames {
    /// Computes the names for every interface the world imports or exports.
    pub fn new(resolve: &Resolve, world: WorldId, overrides: &NameOverrides) -> InterfaceNames {
        let w = &resolve.worlds[world];
        InterfaceNames {
            imports: direction(
                resolve,
                &w.imports,
                &overrides.imports,
                overrides.full_names,
            ),
            exports: direction(
                resolve,
                &w.exports,
                &overrides.exports,
                overrides.full_names,
            ),
        }
    }

    /// The module name of an imported interface.
    pub fn import(&self, id: InterfaceId) -> Option<&str> {
        self.imports.get(&id).map(String::as_str)
    }

    /// Is `name` the module name of some imported interface?
    pub fn is_import_module(&self, name: &str) -> bool {
        self.imports.values().any(|m| m == name)
    }

    /// Is `name` the module name of some exported interface?
    pub fn is_export_module(&self, name: &str) -> bool {
        self.exports.values().any(|m| m == name)
    }

    /// The module name of an exported interface.
    pub fn export(&self, id: InterfaceId) -> Option<&str> {
        self.exports.get(&id).map(String::as_str)
    }
}

/// One interface of a direction, for naming.
struct Entry {
    id: InterfaceId,
    key: String,
    base: String,
    package: Option<PackageName>,
}

fn direction(
    resolve: &Resolve,
    items: &wit_parser::IndexMap<WorldKey, WorldItem>,
    overrides: &BTreeMap<String, String>,
    full_names: bool,
) -> BTreeMap<InterfaceId, String> {
    let entries: Vec<Entry> = items
        .iter()
        .filter_map(|(key, item)| match item {
            WorldItem::Interface { id, .. } => {
                let iface = &resolve.interfaces[*id];
                let base = match key {
                    WorldKey::Name(name) => name.clone(),
                    WorldKey::Interface(_) => iface.name.clone().unwrap_or_default(),
                };
                let package = match key {
                    WorldKey::Name(_) => None,
                    WorldKey::Interface(_) => {
                        iface.package.map(|p| resolve.packages[p].name.clone())
                    }
                };
                Some(Entry {
                    id: *id,
                    key: resolve.name_world_key(key),
                    base,
                    package,
                })
            }
            _ => None,
        })
        .collect();
    let mut out = BTreeMap::new();
    for entry in &entries {
        let name = match overrides.get(&entry.key) {
            Some(name) => name.clone(),
            None => qualified(entry, &entries, full_names),
        };
        out.insert(entry.id, name);
    }
    out
}

fn unversioned(p: &PackageName) -> (String, String) {
    (p.namespace.clone(), p.name.clone())
}

fn qualified(entry: &Entry, all: &[Entry], full_names: bool) -> String {
    let Some(pkg) = &entry.package else {
        return snake(&entry.base);
    };
    let same_name: Vec<&Entry> = all.iter().filter(|e| e.base == entry.base).collect();
    let packages: BTreeSet<(String, String)> = same_name
        .iter()
        .filter_map(|e| e.package.as_ref().map(unversioned))
        .collect();
    let versions = same_name
        .iter()
        .filter(|e| e.package.as_ref().map(unversioned) == Some(unversioned(pkg)))
        .count();
    // A plain-named interface (`export name: interface { … }`) keeps the
    // bare name, so a package interface of the same base name is qualified.
    let plain_too = same_name.iter().any(|e| e.package.is_none());
    let with_package = full_names || packages.len() > 1 || versions > 1 || plain_too;
    let with_version = full_names || versions > 1;
    let mut name = String::new();
    if with_package {
        name = format!("{}-{}-", pkg.namespace, pkg.name);
    }
    name.push_str(&entry.base);
    if with_version {
        if let Some(v) = &pkg.version {
            name = format!("{name}-{}", v.to_string().replace(['.', '+'], "-"));
        }
    }
    snake(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(snake("a-bool"), "a_bool");
        assert_eq!(
            snake("HTTP-request-URI-invalid"),
            "http_request_uri_invalid"
        );
        assert_eq!(camel("DNS-error"), "DnsError");
        assert_eq!(camel("hot-pink"), "HotPink");
        assert_eq!(shouty("hot-pink"), "HOT_PINK");
        assert_eq!(func_name("from"), "from_");
        assert_eq!(func_name("lambda"), "lambda_");
        assert_eq!(class_name("none"), "None_");
        assert_eq!(case_class("shape", "none"), "Shape_None_");
        assert_eq!(
            case_class("error-code", "DNS-timeout"),
            "ErrorCode_DnsTimeout"
        );
        assert_eq!(member_name("import"), "IMPORT");
        assert_eq!(world_class("wit_world"), "WitWorld");
        assert_eq!(world_class("my_app.bind_ings"), "MyAppBindIngs");
        assert_eq!(
            class_name("wasi_http_incoming_handler_0_2_12"),
            "WasiHttpIncomingHandler0212"
        );
        assert_eq!(class_name("b_y_types_2_0_0"), "BYTypes200");
    }
}
