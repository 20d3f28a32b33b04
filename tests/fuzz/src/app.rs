//! The Python app of a fuzzed world: every export is implemented, and an
//! export whose world also imports a function of the same name and
//! signature (the echo worlds of [`crate::worlds::add_echo_world`] add one
//! for each) forwards its arguments to that import and returns what the
//! import returns. The host implements those imports, so a value crosses
//! host → export → Python → import → host → Python → host.
//!
//! Names come from wit-bindgen-py's own [`Model`], so the app uses the
//! bindings exactly as a user would (componentize-py's conventions: one
//! class per exported interface in the app module, `WitWorld` for
//! world-level exports, exported resources as classes of a top-level module
//! named after the interface). Exports that are not echoed (they take or
//! return resource handles) raise `NotImplementedError`; the host never
//! calls them, but pre-initialization resolves them all.

use std::collections::BTreeMap;
use std::fmt::Write;

use anyhow::{Context, Result};
use wit_bindgen_py::model::Model;
use wit_bindgen_py::names::{class_name, func_name, world_class};
use wit_parser::{
    Function, FunctionKind, Resolve, Type, TypeDefKind, WorldId, WorldItem, WorldKey,
};

use crate::worlds::echoable;

/// The app's module name (unlikely to clash with an interface module).
pub const APP: &str = "fuzz_echo_app";

/// The bindings' top-level package.
pub const WORLD_MODULE: &str = "wit_world";

/// One export the host round-trips: the component export (and the import
/// it forwards to, which has the same names) and the function's name.
#[derive(Debug, Clone)]
pub struct Echoed {
    /// The instance (`ns:pkg/iface@v`), or `None` for a world-level function.
    pub instance: Option<String>,
    /// The function's name.
    pub func: String,
}

/// The app's files (relative paths → text) and the echoed exports.
pub struct App {
    /// `fuzz_echo_app.py` and the exported resources' modules.
    pub files: BTreeMap<String, String>,
    /// What the host can round-trip.
    pub echoed: Vec<Echoed>,
}

/// Does `world` import a function with the name and signature of `func`
/// under `key` (or at world level)?
fn imports_same(resolve: &Resolve, world: WorldId, key: &WorldKey, func: &Function) -> bool {
    let w = &resolve.worlds[world];
    let imported = match w.imports.get(key) {
        Some(WorldItem::Function(f)) => Some(f),
        Some(WorldItem::Interface { id, .. }) => resolve.interfaces[*id].functions.get(&func.name),
        _ => None,
    };
    let Some(f) = imported else {
        return false;
    };
    f.name == func.name
        && f.params.len() == func.params.len()
        && f.params
            .iter()
            .zip(&func.params)
            .all(|(a, b)| same_type(resolve, &a.ty, &b.ty))
        && match (&f.result, &func.result) {
            (None, None) => true,
            (Some(a), Some(b)) => same_type(resolve, a, b),
            _ => false,
        }
}

/// Structural equality of two handle-free types (an inline interface that
/// is both imported and exported is two interfaces with equal types).
fn same_type(resolve: &Resolve, a: &Type, b: &Type) -> bool {
    let (Type::Id(x), Type::Id(y)) = (a, b) else {
        return a == b;
    };
    if x == y {
        return true;
    }
    let (dx, dy) = (&resolve.types[*x], &resolve.types[*y]);
    let same = |a: &Type, b: &Type| same_type(resolve, a, b);
    let same_opt = |a: &Option<Type>, b: &Option<Type>| match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => same(a, b),
        _ => false,
    };
    dx.name == dy.name
        && match (&dx.kind, &dy.kind) {
            (TypeDefKind::Type(a), TypeDefKind::Type(b))
            | (TypeDefKind::List(a), TypeDefKind::List(b))
            | (TypeDefKind::Option(a), TypeDefKind::Option(b)) => same(a, b),
            (TypeDefKind::Record(a), TypeDefKind::Record(b)) => {
                a.fields.len() == b.fields.len()
                    && a.fields
                        .iter()
                        .zip(&b.fields)
                        .all(|(x, y)| x.name == y.name && same(&x.ty, &y.ty))
            }
            (TypeDefKind::Tuple(a), TypeDefKind::Tuple(b)) => {
                a.types.len() == b.types.len()
                    && a.types.iter().zip(&b.types).all(|(x, y)| same(x, y))
            }
            (TypeDefKind::Variant(a), TypeDefKind::Variant(b)) => {
                a.cases.len() == b.cases.len()
                    && a.cases
                        .iter()
                        .zip(&b.cases)
                        .all(|(x, y)| x.name == y.name && same_opt(&x.ty, &y.ty))
            }
            (TypeDefKind::Result(a), TypeDefKind::Result(b)) => {
                same_opt(&a.ok, &b.ok) && same_opt(&a.err, &b.err)
            }
            (TypeDefKind::Enum(a), TypeDefKind::Enum(b)) => a
                .cases
                .iter()
                .map(|c| &c.name)
                .eq(b.cases.iter().map(|c| &c.name)),
            (TypeDefKind::Flags(a), TypeDefKind::Flags(b)) => a
                .flags
                .iter()
                .map(|f| &f.name)
                .eq(b.flags.iter().map(|f| &f.name)),
            _ => false,
        }
}

fn method(out: &mut String, name: &str, forward: Option<&str>) -> Result<()> {
    writeln!(out, "    def {name}(self, *args):")?;
    match forward {
        Some(target) => writeln!(out, "        return {target}(*args)")?,
        None => writeln!(out, "        raise NotImplementedError({name:?})")?,
    }
    Ok(())
}

/// Generates the app for `world`.
pub fn generate(resolve: &Resolve, world: WorldId) -> Result<App> {
    let model = Model::new(resolve, world, WORLD_MODULE, &Default::default());
    let mut app = String::from("\"\"\"Echo app of a fuzzed world (tests/fuzz).\"\"\"\n\n");
    let mut body = String::new();
    let mut imports = std::collections::BTreeSet::new();
    let mut files = BTreeMap::new();
    let mut echoed = Vec::new();
    let mut world_funcs = String::new();
    for (key, item) in &resolve.worlds[world].exports {
        match item {
            WorldItem::Function(func) => {
                let name = func_name(&func.name);
                let echo = echoable(resolve, func) && imports_same(resolve, world, key, func);
                let target = format!("{WORLD_MODULE}.{name}");
                method(&mut world_funcs, &name, echo.then_some(target.as_str()))?;
                if echo {
                    echoed.push(Echoed {
                        instance: None,
                        func: func.name.clone(),
                    });
                }
            }
            WorldItem::Interface { id, .. } => {
                let iface = &resolve.interfaces[*id];
                let export = model
                    .names
                    .export(*id)
                    .context("an exported interface without a module name")?
                    .to_string();
                let import = model.names.import(*id).map(str::to_string);
                writeln!(body, "\nclass {}:", class_name(&export))?;
                writeln!(body, "    pass")?;
                let mut statics: BTreeMap<String, Vec<String>> = BTreeMap::new();
                for func in iface.functions.values() {
                    match func.kind {
                        FunctionKind::Freestanding => {}
                        FunctionKind::Static(r) => {
                            let res = resolve.types[r].name.clone().unwrap_or_default();
                            statics
                                .entry(res)
                                .or_default()
                                .push(func_name(func.item_name()));
                            continue;
                        }
                        _ => continue,
                    }
                    let name = func_name(&func.name);
                    let echo = echoable(resolve, func)
                        && imports_same(resolve, world, key, func)
                        && import.is_some();
                    let target = import
                        .as_ref()
                        .map(|m| format!("{WORLD_MODULE}.imports.{m}.{name}"));
                    if echo {
                        if let Some(m) = &import {
                            imports.insert(format!("{WORLD_MODULE}.imports.{m}"));
                        }
                        echoed.push(Echoed {
                            instance: Some(resolve.name_world_key(key)),
                            func: func.name.clone(),
                        });
                    }
                    method(
                        &mut body,
                        &name,
                        if echo { target.as_deref() } else { None },
                    )?;
                }
                let resources: Vec<String> = iface
                    .types
                    .iter()
                    .filter(|(_, t)| matches!(resolve.types[**t].kind, TypeDefKind::Resource))
                    .map(|(n, _)| n.clone())
                    .collect();
                if !resources.is_empty() {
                    files.insert(
                        format!("{export}.py"),
                        resource_module(&resources, &statics)?,
                    );
                }
            }
            WorldItem::Type { .. } => {}
        }
    }
    if !world_funcs.is_empty() {
        writeln!(body, "\nclass {}:", world_class(WORLD_MODULE))?;
        body.push_str(&world_funcs);
    }
    writeln!(app, "import {WORLD_MODULE}")?;
    for m in &imports {
        writeln!(app, "import {m}")?;
    }
    app.push_str(&body);
    files.insert(format!("{APP}.py"), app);
    Ok(App { files, echoed })
}

/// The module of an exported interface's resources: classes whose
/// constructors and static functions raise (no handle is ever made).
fn resource_module(
    resources: &[String],
    statics: &BTreeMap<String, Vec<String>>,
) -> Result<String> {
    let mut out = String::from("\"\"\"Exported resources of a fuzzed world (tests/fuzz).\"\"\"\n");
    for res in resources {
        writeln!(out, "\nclass {}:", class_name(res))?;
        writeln!(out, "    def __init__(self, *args):")?;
        writeln!(out, "        raise NotImplementedError({:?})", res)?;
        for name in statics.get(res).into_iter().flatten() {
            writeln!(out, "    @staticmethod")?;
            writeln!(out, "    def {name}(*args):")?;
            writeln!(out, "        raise NotImplementedError({name:?})")?;
        }
    }
    Ok(out)
}
