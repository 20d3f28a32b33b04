//! What py-wasm knows about the app before pre-initializing it: where its
//! module is on the Python path, and which classes the world's exports need
//! it to define (shared/design/componentize-py-internals.md §3.2; the same
//! names `_py_wasm_symbols` gives the runtime).

use std::path::{Path, PathBuf};

use wit_bindgen_py::model::Model;
use wit_bindgen_py::names::{class_name, world_class};
use wit_parser::{TypeDefKind, TypeOwner, WorldItem};

use crate::Error;

/// Where the app module was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppModule {
    /// Index of its directory in the (existing) Python path.
    pub dir_index: usize,
    /// Its file (`app.py`, `pkg/__init__.py`) or, for a namespace package,
    /// its directory.
    pub file: PathBuf,
}

/// Finds module `app` (dotted names allowed) in the first directory of
/// `python_path` that has it, as CPython's path finder would.
pub fn find_app(app: &str, python_path: &[PathBuf]) -> Result<AppModule, Error> {
    let rel = app.replace('.', "/");
    let candidates = [format!("{rel}.py"), format!("{rel}/__init__.py")];
    for (dir_index, dir) in python_path.iter().enumerate() {
        for candidate in &candidates {
            let file = dir.join(candidate);
            if file.is_file() {
                return Ok(AppModule { dir_index, file });
            }
        }
        let package = dir.join(&rel);
        if package.is_dir() {
            return Ok(AppModule {
                dir_index,
                file: package,
            });
        }
    }
    Err(Error::AppNotFound {
        app: app.to_string(),
        searched: python_path.to_vec(),
        candidates: format!("`{}` or `{}`", candidates[0], candidates[1]),
    })
}

/// A class the app (or a module named after an exported interface) must
/// define.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportClass {
    /// The class name.
    pub class: String,
    /// The top-level module that must define it; `None` for the app itself.
    pub module: Option<String>,
    /// What it implements, for messages.
    pub what: String,
    /// The generated protocol it implements (conventionally subclasses),
    /// e.g. `wit_world.exports.IncomingHandler`.
    pub protocol: String,
}

/// The classes the world's exports need, in world order.
pub fn export_classes(model: &Model<'_>) -> Vec<ExportClass> {
    let resolve = model.resolve;
    let world = &resolve.worlds[model.world];
    let mut out = Vec::new();
    let functions: Vec<&str> = world
        .exports
        .values()
        .filter_map(|item| match item {
            WorldItem::Function(f) => Some(f.name.as_str()),
            _ => None,
        })
        .collect();
    if !functions.is_empty() {
        let class = world_class(&model.world_module);
        out.push(ExportClass {
            protocol: format!("{}.{class}", model.world_module),
            class,
            module: None,
            what: format!(
                "the world's exported function{} {}",
                if functions.len() == 1 { "" } else { "s" },
                functions
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    for item in world.exports.values() {
        let WorldItem::Interface { id, .. } = item else {
            continue;
        };
        let Some(module) = model.names.export(*id) else {
            continue;
        };
        let key = model.key(*id).unwrap_or(module).to_string();
        let iface = &resolve.interfaces[*id];
        if iface.functions.values().any(|f| !f.name.starts_with('[')) {
            let class = class_name(module);
            out.push(ExportClass {
                protocol: format!("{}.exports.{class}", model.world_module),
                class,
                module: None,
                what: format!("the exported interface `{key}`"),
            });
        }
        for ty in iface.types.values() {
            let def = &resolve.types[*ty];
            if matches!(def.kind, TypeDefKind::Resource) && def.owner == TypeOwner::Interface(*id) {
                let class = class_name(def.name.as_deref().unwrap_or_default());
                out.push(ExportClass {
                    protocol: format!("{}.exports.{module}.{class}", model.world_module),
                    class,
                    module: Some(module.to_string()),
                    what: format!(
                        "the resource `{}` of `{key}`",
                        def.name.as_deref().unwrap_or_default()
                    ),
                });
            }
        }
    }
    out
}

/// The file an [`ExportClass`] belongs in: the app's own file, or
/// `<module>.py` in the app's Python-path directory.
pub fn class_file(class: &ExportClass, app: &AppModule, python_path: &[PathBuf]) -> PathBuf {
    match &class.module {
        None => app.file.clone(),
        Some(module) => python_path
            .get(app.dir_index)
            .map(PathBuf::as_path)
            .unwrap_or(Path::new("."))
            .join(format!("{}.py", module.replace('.', "/"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wit_bindgen_py::names::NameOverrides;

    #[test]
    fn finds_modules_and_packages_in_path_order() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        std::fs::create_dir_all(b.join("pkg/sub")).unwrap();
        std::fs::create_dir_all(&a).unwrap();
        std::fs::write(b.join("app.py"), "").unwrap();
        std::fs::write(b.join("pkg/sub/__init__.py"), "").unwrap();
        let path = [a.clone(), b.clone()];
        assert_eq!(
            find_app("app", &path).unwrap(),
            AppModule {
                dir_index: 1,
                file: b.join("app.py")
            }
        );
        assert_eq!(
            find_app("pkg.sub", &path).unwrap().file,
            b.join("pkg/sub/__init__.py")
        );
        std::fs::write(a.join("app.py"), "").unwrap();
        assert_eq!(find_app("app", &path).unwrap().dir_index, 0);
        let err = find_app("nope", &path).unwrap_err().to_string();
        assert!(err.contains("`nope.py` or `nope/__init__.py`"), "{err}");
        assert!(err.contains(&a.display().to_string()), "{err}");
    }

    fn classes(wit: &str, world: &str, world_module: &str) -> Vec<ExportClass> {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("w.wit");
        std::fs::write(&file, wit).unwrap();
        let loaded = glue_gen::load(&glue_gen::WitOptions {
            paths: vec![file],
            worlds: vec![world.to_string()],
            ..Default::default()
        })
        .unwrap();
        let model = Model::new(
            &loaded.resolve,
            loaded.world,
            world_module,
            &NameOverrides::default(),
        );
        export_classes(&model)
    }

    #[test]
    fn names_world_interface_and_resource_classes() {
        let wit = "package a:b;\n\
                   interface shapes { resource circle { constructor(r: f64); area: func() -> f64; } make: func() -> circle; }\n\
                   world w { export greet: func(name: string) -> string; export shapes; }\n";
        let found = classes(wit, "w", "my_world");
        let names: Vec<(&str, Option<&str>)> = found
            .iter()
            .map(|c| (c.class.as_str(), c.module.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("MyWorld", None),
                ("Shapes", None),
                ("Circle", Some("shapes"))
            ]
        );
        assert!(found[0].what.contains("`greet`"), "{:?}", found[0]);
        assert_eq!(found[0].protocol, "my_world.MyWorld");
        assert_eq!(found[2].protocol, "my_world.exports.shapes.Circle");
    }

    #[test]
    fn wasi_http_proxy_needs_incoming_handler() {
        let loaded = glue_gen::load(&glue_gen::WitOptions {
            worlds: vec!["wasi:http/proxy".to_string()],
            ..Default::default()
        })
        .unwrap();
        let model = Model::new(
            &loaded.resolve,
            loaded.world,
            "wit_world",
            &NameOverrides::default(),
        );
        let found = export_classes(&model);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].class, "IncomingHandler");
        assert_eq!(found[0].protocol, "wit_world.exports.IncomingHandler");
        assert!(
            found[0].what.contains("wasi:http/incoming-handler@0.2.12"),
            "{:?}",
            found[0]
        );
    }
}
