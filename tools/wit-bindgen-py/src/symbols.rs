//! `_py_wasm_symbols.py`: the symbol table the runtime reads at init
//! (docs/formats/python-abi.md). Every list is index-aligned with the list
//! of the same name in `glue-meta.json`: this module walks the metadata, in
//! its order, and only looks up the Python name of each entry.
//!
//! A type of an interface that the world both imports and exports appears
//! twice in the metadata (import side first); the second entry maps to the
//! export-side class, which is the import-side class unless the type holds a
//! resource of such an interface ([`crate::model`]).

use std::collections::{BTreeMap, BTreeSet};

use glue_gen::GlueMeta;
use wit_parser::{FunctionKind, InterfaceId, Type, TypeDefKind, TypeId, WorldItem};

use crate::emit::GENERATED_MARKER;
use crate::error::BindgenError;
use crate::model::{Model, Side};
use crate::names::{case_class, class_name, func_name, world_class};

/// The `VERSION` of the symbol-table format written here.
pub const SYMBOLS_VERSION: u32 = 1;

struct Table<'a> {
    model: &'a Model<'a>,
    meta: &'a GlueMeta,
    modules: BTreeSet<String>,
}

/// Renders `_py_wasm_symbols.py`.
pub fn render(model: &Model<'_>, meta: &GlueMeta) -> Result<String, BindgenError> {
    let mut t = Table {
        model,
        meta,
        modules: BTreeSet::new(),
    };
    let mut body = String::new();
    body.push_str(&format!("VERSION = {SYMBOLS_VERSION}\n"));
    body.push_str(&format!(
        "WORLD_FINGERPRINT = {}\n",
        py_str(&meta.world_fingerprint)
    ));

    let keys = |list: &mut dyn Iterator<Item = (Option<String>, String)>| -> Vec<(Option<String>, String)> {
        list.collect()
    };
    let records = keys(
        &mut meta
            .records
            .iter()
            .map(|r| (r.interface.clone(), r.name.clone())),
    );
    let classes = t.classes(&records, "record")?;
    let fields: Vec<String> = meta
        .records
        .iter()
        .map(|r| py_tuple(r.fields.iter().map(|f| py_str(&func_name(&f.name)))))
        .collect();
    list(&mut body, "RECORDS", "list[type]", &classes);
    list(&mut body, "RECORD_FIELDS", "list[tuple[str, ...]]", &fields);

    let variants = keys(
        &mut meta
            .variants
            .iter()
            .map(|v| (v.interface.clone(), v.name.clone())),
    );
    let variant_classes = t.classes(&variants, "variant")?;
    let cases: Vec<String> = meta
        .variants
        .iter()
        .zip(&variant_classes)
        .map(|(v, class)| {
            let module = class.rsplit_once('.').map(|(m, _)| m).unwrap_or_default();
            py_tuple(
                v.cases
                    .iter()
                    .map(|c| format!("{module}.{}", case_class(&v.name, &c.name))),
            )
        })
        .collect();
    list(&mut body, "VARIANTS", "list[tuple[type, ...]]", &cases);

    let enums = keys(
        &mut meta
            .enums
            .iter()
            .map(|e| (e.interface.clone(), e.name.clone())),
    );
    list(
        &mut body,
        "ENUMS",
        "list[type]",
        &t.classes(&enums, "enum")?,
    );
    let flags = keys(
        &mut meta
            .flags
            .iter()
            .map(|f| (f.interface.clone(), f.name.clone())),
    );
    list(
        &mut body,
        "FLAGS",
        "list[type]",
        &t.classes(&flags, "flags")?,
    );
    let options: Vec<String> = meta
        .options
        .iter()
        .map(|o| py_bool(t.is_option(&o.ty)))
        .collect();
    list(&mut body, "OPTIONS", "list[bool]", &options);
    let resources = t.resources()?;
    list(&mut body, "RESOURCES", "list[tuple[Any, ...]]", &resources);
    let exports = t.exports()?;
    list(&mut body, "EXPORTS", "list[tuple[Any, ...]]", &exports);

    let mut out = format!(
        "{GENERATED_MARKER}\n\"\"\"The symbol table of these bindings for the runtime \
         (docs/formats/python-abi.md).\"\"\"\n\nfrom typing import Any\n\n"
    );
    for module in &t.modules {
        out.push_str(&format!("import {module}\n"));
    }
    out.push('\n');
    out.push_str(&body);
    Ok(out)
}

fn list(out: &mut String, name: &str, annot: &str, items: &[String]) {
    if items.is_empty() {
        out.push_str(&format!("{name}: {annot} = []\n"));
        return;
    }
    out.push_str(&format!("{name}: {annot} = [\n"));
    for item in items {
        out.push_str(&format!("    {item},\n"));
    }
    out.push_str("]\n");
}

fn py_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn py_bool(b: bool) -> String {
    if b { "True" } else { "False" }.to_string()
}

fn py_tuple(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.as_slice() {
        [one] => format!("({one},)"),
        _ => format!("({})", items.join(", ")),
    }
}

impl Table<'_> {
    /// The interface under `key`, looked up among the exports first when
    /// `exported` (a world may import and export two different inline
    /// interfaces under the same plain name).
    fn iface_in(&self, key: &str, exported: bool) -> Option<InterfaceId> {
        let w = &self.model.resolve.worlds[self.model.world];
        let (first, second) = if exported {
            (&w.exports, &w.imports)
        } else {
            (&w.imports, &w.exports)
        };
        first
            .values()
            .chain(second.values())
            .find_map(|item| match item {
                WorldItem::Interface { id, .. } if self.model.key(*id) == Some(key) => Some(*id),
                _ => None,
            })
    }

    /// The `nth` type `name` among the interfaces under `key`, imports
    /// first, then exports (or the world's type `name`). A world may import
    /// and export two different inline interfaces under one plain name, and
    /// the metadata lists a type of each, in that order, by key and name
    /// only; an interface both imported and exported is met twice, as the
    /// same type.
    fn named_type_nth(&self, key: Option<&str>, name: &str, nth: usize) -> Option<TypeId> {
        let Some(key) = key else {
            return self.named_type_in(None, name, false);
        };
        let w = &self.model.resolve.worlds[self.model.world];
        let found: Vec<TypeId> = w
            .imports
            .values()
            .chain(w.exports.values())
            .filter_map(|item| match item {
                WorldItem::Interface { id, .. } if self.model.key(*id) == Some(key) => {
                    self.model.resolve.interfaces[*id].types.get(name).copied()
                }
                _ => None,
            })
            .collect();
        found.get(nth).or(found.last()).copied()
    }

    /// A named type of the interface under `key` (see [`Self::iface_in`]),
    /// or of the world.
    fn named_type_in(&self, key: Option<&str>, name: &str, exported: bool) -> Option<TypeId> {
        match key {
            Some(key) => self.model.resolve.interfaces[self.iface_in(key, exported)?]
                .types
                .get(name)
                .copied(),
            None => self.model.resolve.worlds[self.model.world]
                .imports
                .values()
                .find_map(|item| match item {
                    WorldItem::Type { id, .. }
                        if self.model.resolve.types[*id].name.as_deref() == Some(name) =>
                    {
                        Some(*id)
                    }
                    _ => None,
                }),
        }
    }

    /// The class (`module.Class`) of each entry of a metadata list.
    fn classes(
        &mut self,
        entries: &[(Option<String>, String)],
        what: &str,
    ) -> Result<Vec<String>, BindgenError> {
        let mut seen: BTreeMap<(Option<String>, String), usize> = BTreeMap::new();
        let mut out = Vec::new();
        for (key, name) in entries {
            let occurrence = seen.entry((key.clone(), name.clone())).or_insert(0);
            let id = self
                .named_type_nth(key.as_deref(), name, *occurrence)
                .ok_or_else(|| BindgenError::MetaMismatch {
                    what: format!(
                        "{what} `{name}` of {}",
                        key.as_deref().unwrap_or("the world")
                    ),
                })?;
            let side = self.side(id, *occurrence);
            *occurrence += 1;
            out.push(self.class_expr(id, side));
        }
        Ok(out)
    }

    fn side(&self, id: TypeId, occurrence: usize) -> Side {
        match self.model.resolve.types[id].owner {
            wit_parser::TypeOwner::Interface(i) => {
                let (imp, exp) = (self.model.is_imported(i), self.model.is_exported(i));
                if exp && (!imp || occurrence > 0) {
                    Side::Export
                } else {
                    Side::Import
                }
            }
            _ => Side::Import,
        }
    }

    fn class_expr(&mut self, id: TypeId, side: Side) -> String {
        let loc = self.model.class_loc(id, side);
        let module = self.model.dotted(&loc.module);
        self.modules.insert(module.clone());
        format!("{module}.{}", loc.class)
    }

    /// Whether a metadata type string denotes an option (through aliases).
    fn is_option(&self, ty: &str) -> bool {
        let mut ty = ty.to_string();
        for _ in 0..=self.meta.aliases.len() {
            match ty.split_once(':') {
                Some(("option", _)) => return true,
                Some(("alias", i)) => match i
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| self.meta.aliases.get(i))
                {
                    Some(alias) => ty = alias.ty.clone(),
                    None => return false,
                },
                _ => return false,
            }
        }
        false
    }

    fn resources(&mut self) -> Result<Vec<String>, BindgenError> {
        let mut out = Vec::new();
        for r in &self.meta.resources {
            let missing = || BindgenError::MetaMismatch {
                what: format!(
                    "resource `{}` of {}",
                    r.name,
                    r.interface.as_deref().unwrap_or("the world")
                ),
            };
            let id = self
                .named_type_in(r.interface.as_deref(), &r.name, r.exported)
                .ok_or_else(missing)?;
            if r.exported {
                let iface = match self.model.resolve.types[id].owner {
                    wit_parser::TypeOwner::Interface(i) => i,
                    _ => return Err(missing()),
                };
                let module = self.model.names.export(iface).ok_or_else(missing)?;
                out.push(format!(
                    "(\"export\", {}, {})",
                    py_str(module),
                    py_str(&class_name(&r.name))
                ));
            } else {
                out.push(format!(
                    "(\"import\", {})",
                    self.class_expr(id, Side::Import)
                ));
            }
        }
        Ok(out)
    }

    fn export_resource_index(&self, key: &str, resource: TypeId) -> Option<usize> {
        let name = self.model.resolve.types[resource].name.as_deref()?;
        self.meta
            .resources
            .iter()
            .position(|r| r.exported && r.interface.as_deref() == Some(key) && r.name == name)
    }

    fn style(&self, result: Option<&Type>) -> &'static str {
        match result.map(|t| self.model.dealias_type(t)) {
            None => "none",
            Some(Type::Id(id))
                if matches!(self.model.resolve.types[id].kind, TypeDefKind::Result(_)) =>
            {
                "result"
            }
            Some(_) => "normal",
        }
    }

    fn exports(&self) -> Result<Vec<String>, BindgenError> {
        let w = &self.model.resolve.worlds[self.model.world];
        let mut out = Vec::new();
        for (k, f) in self.meta.export_funcs.iter().enumerate() {
            if k == self.meta.init_export {
                out.push("(\"init\",)".to_string());
                continue;
            }
            let missing = || BindgenError::MetaMismatch {
                what: format!(
                    "exported function `{}` of {}",
                    f.name,
                    f.interface.as_deref().unwrap_or("the world")
                ),
            };
            let Some(key) = f.interface.as_deref() else {
                let func = w
                    .exports
                    .values()
                    .find_map(|item| match item {
                        WorldItem::Function(func) if func.name == f.name => Some(func),
                        _ => None,
                    })
                    .ok_or_else(missing)?;
                let class = world_class(&self.model.world_module);
                let style = self.style(func.result.as_ref());
                out.push(format!(
                    "(\"freestanding\", {}, {}, \"{style}\")",
                    py_str(&class),
                    py_str(&func_name(&func.name))
                ));
                continue;
            };
            let iface = self.iface_in(key, true).ok_or_else(missing)?;
            let func = self.model.resolve.interfaces[iface]
                .functions
                .get(&f.name)
                .ok_or_else(missing)?;
            let style = self.style(func.result.as_ref());
            let name = py_str(&func_name(func.item_name()));
            let entry = match func.kind {
                FunctionKind::Constructor(r) => {
                    let index = self.export_resource_index(key, r).ok_or_else(missing)?;
                    format!("(\"constructor\", {index}, \"{style}\")")
                }
                FunctionKind::Method(_) => format!("(\"method\", {name}, \"{style}\")"),
                FunctionKind::Static(r) => {
                    let index = self.export_resource_index(key, r).ok_or_else(missing)?;
                    format!("(\"static\", {index}, {name}, \"{style}\")")
                }
                _ => {
                    let class = class_name(self.model.names.export(iface).ok_or_else(missing)?);
                    format!(
                        "(\"freestanding\", {}, {name}, \"{style}\")",
                        py_str(&class)
                    )
                }
            };
            out.push(entry);
        }
        Ok(out)
    }
}
