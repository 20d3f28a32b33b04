//! Where every generated Python name lives (shared/design/
//! componentize-py-internals.md §3.3).
//!
//! - `<world_module>/__init__.py`: world-level types, imported world-level
//!   functions, the world protocol.
//! - `<world_module>/imports/<iface>.py`: types, resources and functions of
//!   an imported interface.
//! - `<world_module>/exports/__init__.py`: one protocol per exported
//!   interface.
//! - `<world_module>/exports/<iface>.py`: the types of an interface the world
//!   only exports, and the protocols of exported resources.
//!
//! A type of an interface that the world both imports and exports is
//! emitted once, in `imports/`, unless it (transitively) holds a resource of
//! such an interface: then it exists twice, and the export side (exported
//! functions, exported resource protocols, export-side copies) refers to
//! the `exports/` copy, whose resources are the app's classes.

use std::collections::{BTreeMap, BTreeSet};

use wit_parser::{
    Handle, InterfaceId, Resolve, Type, TypeDefKind, TypeId, TypeOwner, WorldId, WorldItem,
};

use crate::names::{class_name, InterfaceNames, NameOverrides};

/// Which half of the world code is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    /// Imports, world-level items, and types shared by both sides.
    Import,
    /// Exported interfaces and what only they see.
    Export,
}

/// A generated module, relative to the world module.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ModPath {
    /// `<world_module>/__init__.py`.
    World,
    /// `<world_module>/imports/<name>.py`.
    Imports(String),
    /// `<world_module>/exports/<name>.py`.
    Exports(String),
    /// `<world_module>/exports/__init__.py`.
    ExportsInit,
}

/// A named Python class: its module and class name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassLoc {
    /// The module defining it.
    pub module: ModPath,
    /// The class name.
    pub class: String,
}

/// The world and everything derived from it that naming needs.
pub struct Model<'a> {
    /// All loaded WIT.
    pub resolve: &'a Resolve,
    /// The world.
    pub world: WorldId,
    /// The top-level package, e.g. `wit_world` (dotted allowed).
    pub world_module: String,
    /// Interface module names.
    pub names: InterfaceNames,
    imported: BTreeSet<InterfaceId>,
    exported: BTreeSet<InterfaceId>,
    keys: BTreeMap<InterfaceId, String>,
}

impl<'a> Model<'a> {
    /// Analyses `world`.
    pub fn new(
        resolve: &'a Resolve,
        world: WorldId,
        world_module: &str,
        overrides: &NameOverrides,
    ) -> Model<'a> {
        let w = &resolve.worlds[world];
        let mut keys = BTreeMap::new();
        let mut collect = |items: &wit_parser::IndexMap<wit_parser::WorldKey, WorldItem>| {
            let mut set = BTreeSet::new();
            for (key, item) in items {
                if let WorldItem::Interface { id, .. } = item {
                    set.insert(*id);
                    keys.insert(*id, resolve.name_world_key(key));
                }
            }
            set
        };
        let imported = collect(&w.imports);
        let exported = collect(&w.exports);
        Model {
            resolve,
            world,
            world_module: world_module.to_string(),
            names: InterfaceNames::new(resolve, world, overrides),
            imported,
            exported,
            keys,
        }
    }

    /// The world key (`ns:pkg/iface@v` or a plain name) of an interface.
    pub fn key(&self, iface: InterfaceId) -> Option<&str> {
        self.keys.get(&iface).map(String::as_str)
    }

    /// Is the interface imported by the world?
    pub fn is_imported(&self, iface: InterfaceId) -> bool {
        self.imported.contains(&iface)
    }

    /// Is the interface exported by the world?
    pub fn is_exported(&self, iface: InterfaceId) -> bool {
        self.exported.contains(&iface)
    }

    /// Follows `type a = b` aliases to the defining type.
    pub fn dealias(&self, mut id: TypeId) -> TypeId {
        for _ in 0..self.resolve.types.len() {
            match self.resolve.types[id].kind {
                TypeDefKind::Type(Type::Id(next)) => id = next,
                _ => break,
            }
        }
        id
    }

    /// A type with aliases to other ids removed (aliases of scalars become
    /// the scalar).
    pub fn dealias_type(&self, ty: &Type) -> Type {
        match ty {
            Type::Id(id) => {
                let id = self.dealias(*id);
                match self.resolve.types[id].kind {
                    TypeDefKind::Type(inner) => inner,
                    _ => Type::Id(id),
                }
            }
            other => *other,
        }
    }

    fn owner_iface(&self, id: TypeId) -> Option<InterfaceId> {
        match self.resolve.types[id].owner {
            TypeOwner::Interface(i) => Some(i),
            _ => None,
        }
    }

    fn is_both(&self, iface: InterfaceId) -> bool {
        self.is_imported(iface) && self.is_exported(iface)
    }

    /// Does the type (transitively) hold a resource of an interface that is
    /// both imported and exported? Such types exist once per side.
    pub fn needs_dup(&self, ty: &Type) -> bool {
        let Type::Id(id) = self.dealias_type(ty) else {
            return false;
        };
        let def = &self.resolve.types[id];
        match &def.kind {
            TypeDefKind::Resource => self.owner_iface(id).is_some_and(|i| self.is_both(i)),
            TypeDefKind::Handle(Handle::Own(r) | Handle::Borrow(r)) => {
                self.needs_dup(&Type::Id(*r))
            }
            TypeDefKind::Record(r) => r.fields.iter().any(|f| self.needs_dup(&f.ty)),
            TypeDefKind::Tuple(t) => t.types.iter().any(|t| self.needs_dup(t)),
            TypeDefKind::Variant(v) => v
                .cases
                .iter()
                .filter_map(|c| c.ty.as_ref())
                .any(|t| self.needs_dup(t)),
            TypeDefKind::Option(t) | TypeDefKind::List(t) => self.needs_dup(t),
            TypeDefKind::Result(r) => r.ok.iter().chain(r.err.iter()).any(|t| self.needs_dup(t)),
            _ => false,
        }
    }

    /// Where the class of a named type lives, as seen from `side`.
    pub fn class_loc(&self, id: TypeId, side: Side) -> ClassLoc {
        let id = self.dealias(id);
        let def = &self.resolve.types[id];
        let class = class_name(def.name.as_deref().unwrap_or("anonymous"));
        let module = match self.owner_iface(id) {
            None => ModPath::World,
            Some(iface) => self.iface_module(id, iface, side),
        };
        ClassLoc { module, class }
    }

    fn iface_module(&self, id: TypeId, iface: InterfaceId, side: Side) -> ModPath {
        let import = || ModPath::Imports(self.names.import(iface).unwrap_or_default().to_string());
        let export = || ModPath::Exports(self.names.export(iface).unwrap_or_default().to_string());
        match (self.is_imported(iface), self.is_exported(iface)) {
            (false, true) => export(),
            (true, true) if side == Side::Export => {
                let is_resource = matches!(self.resolve.types[id].kind, TypeDefKind::Resource);
                if is_resource || self.needs_dup(&Type::Id(id)) {
                    export()
                } else {
                    import()
                }
            }
            _ => import(),
        }
    }

    /// The dotted Python module path of a generated module.
    pub fn dotted(&self, path: &ModPath) -> String {
        match path {
            ModPath::World => self.world_module.clone(),
            ModPath::Imports(m) => format!("{}.imports.{m}", self.world_module),
            ModPath::Exports(m) => format!("{}.exports.{m}", self.world_module),
            ModPath::ExportsInit => format!("{}.exports", self.world_module),
        }
    }

    /// The file of a generated module, relative to the output directory.
    pub fn file(&self, path: &ModPath) -> String {
        let base = self.world_module.replace('.', "/");
        match path {
            ModPath::World => format!("{base}/__init__.py"),
            ModPath::Imports(m) => format!("{base}/imports/{m}.py"),
            ModPath::Exports(m) => format!("{base}/exports/{m}.py"),
            ModPath::ExportsInit => format!("{base}/exports/__init__.py"),
        }
    }

    /// Named types of an interface that are emitted as classes, in WIT
    /// order (aliases are not emitted; references resolve through them).
    pub fn class_types(&self, iface: InterfaceId) -> Vec<TypeId> {
        self.resolve.interfaces[iface]
            .types
            .values()
            .copied()
            .filter(|id| !matches!(self.resolve.types[*id].kind, TypeDefKind::Type(_)))
            .collect()
    }

    /// World-level types emitted as classes, in WIT order.
    pub fn world_class_types(&self) -> Vec<TypeId> {
        self.resolve.worlds[self.world]
            .imports
            .values()
            .filter_map(|item| match item {
                WorldItem::Type { id, .. } => Some(*id),
                _ => None,
            })
            .filter(|id| !matches!(self.resolve.types[*id].kind, TypeDefKind::Type(_)))
            .collect()
    }
}
