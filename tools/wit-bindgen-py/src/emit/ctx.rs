//! Per-module emission state: which other generated modules the code refers
//! to (and under which alias), and how WIT types are written as Python
//! annotations (internals §3.1).

use std::collections::{BTreeMap, BTreeSet};

use wit_parser::{Handle, Type, TypeDefKind, TypeId};

use crate::model::{ModPath, Model, Side};
use crate::Mode;

use super::Indices;

/// State while one module is written.
pub struct ModuleCtx<'a> {
    /// The world model.
    pub model: &'a Model<'a>,
    /// Stub or real.
    pub mode: Mode,
    /// Real mode: the glue's indices.
    pub indices: Option<&'a Indices>,
    /// The module being written.
    pub path: ModPath,
    /// Which side's classes references resolve to.
    pub side: Side,
    /// Inside a resource class, that resource (references become `Self`).
    pub self_resource: Option<TypeId>,
    /// Names module aliases must avoid: top-level definitions, and every
    /// field, method and parameter name (they shadow modules in scope).
    pub reserved: BTreeSet<String>,
    /// Names bound in the scope being written (earlier fields or methods of
    /// a class, or a function's parameters); builtins named like one are
    /// written as `_builtins.<name>`.
    pub shadowed: BTreeSet<String>,
    refs: BTreeMap<ModPath, String>,
}

impl<'a> ModuleCtx<'a> {
    /// Starts a module.
    pub fn new(
        model: &'a Model<'a>,
        mode: Mode,
        indices: Option<&'a Indices>,
        path: ModPath,
        side: Side,
    ) -> Self {
        ModuleCtx {
            model,
            mode,
            indices,
            path,
            side,
            self_resource: None,
            reserved: BTreeSet::new(),
            shadowed: BTreeSet::new(),
            refs: BTreeMap::new(),
        }
    }

    /// The alias under which `module` is imported here (recording it).
    fn alias(&mut self, module: &ModPath) -> String {
        if let Some(alias) = self.refs.get(module) {
            return alias.clone();
        }
        let in_exports_init = self.path == ModPath::ExportsInit;
        let alias = match module {
            ModPath::Imports(m) => {
                let clashes = self.reserved.contains(m)
                    || (in_exports_init && self.model.names.is_export_module(m));
                if clashes {
                    format!("{m}_import")
                } else {
                    m.clone()
                }
            }
            ModPath::Exports(m) => {
                let clashes = self.reserved.contains(m)
                    || (!in_exports_init && self.model.names.is_import_module(m));
                if clashes {
                    format!("{m}_export")
                } else {
                    m.clone()
                }
            }
            ModPath::World | ModPath::ExportsInit => self.model.world_module.clone(),
        };
        self.refs.insert(module.clone(), alias.clone());
        alias
    }

    /// The `from … import …` lines for every referenced module.
    pub fn import_lines(&self) -> Vec<String> {
        let dots = if self.path == ModPath::World {
            "."
        } else {
            ".."
        };
        self.refs
            .iter()
            .filter_map(|(module, alias)| {
                let (package, name) = match module {
                    ModPath::Imports(m) => ("imports", m),
                    ModPath::Exports(m) => ("exports", m),
                    ModPath::World | ModPath::ExportsInit => return None,
                };
                Some(if alias == name {
                    format!("from {dots}{package} import {name}")
                } else {
                    format!("from {dots}{package} import {name} as {alias}")
                })
            })
            .collect()
    }

    /// A reference to the class of a named type.
    pub fn class_ref(&mut self, id: TypeId) -> String {
        let id = self.model.dealias(id);
        if self.self_resource == Some(id) {
            return "Self".to_string();
        }
        let loc = self.model.class_loc(id, self.side);
        if loc.module == self.path {
            return loc.class;
        }
        let alias = self.alias(&loc.module);
        format!("{alias}.{}", loc.class)
    }

    /// A builtin type name, qualified if a local name shadows it.
    pub fn builtin(&self, name: &str) -> String {
        if self.shadowed.contains(name) {
            format!("_builtins.{name}")
        } else {
            name.to_string()
        }
    }

    /// The annotation of a WIT type.
    pub fn annot(&mut self, ty: &Type) -> String {
        match self.model.dealias_type(ty) {
            Type::Bool => self.builtin("bool"),
            Type::U8 | Type::U16 | Type::U32 | Type::U64 => self.builtin("int"),
            Type::S8 | Type::S16 | Type::S32 | Type::S64 => self.builtin("int"),
            Type::F32 | Type::F64 => self.builtin("float"),
            Type::Char | Type::String => self.builtin("str"),
            Type::ErrorContext => "Any".into(),
            Type::Id(id) => self.annot_id(id),
        }
    }

    fn annot_id(&mut self, id: TypeId) -> String {
        let resolve = self.model.resolve;
        match &resolve.types[id].kind {
            TypeDefKind::Record(_)
            | TypeDefKind::Variant(_)
            | TypeDefKind::Enum(_)
            | TypeDefKind::Flags(_)
            | TypeDefKind::Resource => self.class_ref(id),
            TypeDefKind::Handle(Handle::Own(r) | Handle::Borrow(r)) => self.class_ref(*r),
            TypeDefKind::Tuple(t) => {
                let parts: Vec<String> = t.types.iter().map(|t| self.annot(t)).collect();
                format!("Tuple[{}]", parts.join(", "))
            }
            TypeDefKind::Option(inner) => {
                let nested = matches!(self.model.dealias_type(inner), Type::Id(i)
                    if matches!(resolve.types[i].kind, TypeDefKind::Option(_)));
                let inner = self.annot(inner);
                if nested {
                    format!("Optional[Some[{inner}]]")
                } else {
                    format!("Optional[{inner}]")
                }
            }
            TypeDefKind::Result(r) => {
                let ok = r.ok.map_or_else(|| "None".to_string(), |t| self.annot(&t));
                let err = r.err.map_or_else(|| "None".to_string(), |t| self.annot(&t));
                format!("Result[{ok}, {err}]")
            }
            TypeDefKind::List(elem) => match self.model.dealias_type(elem) {
                Type::U8 | Type::S8 => self.builtin("bytes"),
                _ => format!("List[{}]", self.annot(elem)),
            },
            TypeDefKind::Type(t) => self.annot(t),
            // Rejected up front by glue_gen::check_world.
            TypeDefKind::Map(..)
            | TypeDefKind::FixedLengthList(..)
            | TypeDefKind::Future(_)
            | TypeDefKind::Stream(_)
            | TypeDefKind::Unknown => "Any".into(),
        }
    }

    /// How the `err` type is named in a "Raises:" docstring line: the fully
    /// qualified class for named types, else the annotation.
    pub fn raises_name(&mut self, ty: Option<&Type>) -> String {
        let Some(ty) = ty else {
            return "None".to_string();
        };
        match self.model.dealias_type(ty) {
            Type::Id(id) if self.model.resolve.types[id].name.is_some() => {
                let loc = self.model.class_loc(id, self.side);
                format!("{}.{}", self.model.dotted(&loc.module), loc.class)
            }
            _ => self.annot(ty),
        }
    }

    /// If the function result is a WIT `result`, its `ok` and `err` types.
    pub fn result_parts(&self, ty: Option<&Type>) -> Option<(Option<Type>, Option<Type>)> {
        match self.model.dealias_type(ty?) {
            Type::Id(id) => match &self.model.resolve.types[id].kind {
                TypeDefKind::Result(r) => Some((r.ok, r.err)),
                _ => None,
            },
            _ => None,
        }
    }
}
