//! Resources (internals §3.4). An imported resource is a class whose
//! methods call the imports, with `__enter__`/`__exit__` for deterministic
//! drops; in real mode instances carry `handle` and `finalizer` as
//! docs/formats/python-abi.md specifies. An exported resource is a
//! `Protocol` the app's class follows (`@classmethod` for statics).

use wit_parser::{Function, FunctionKind, TypeId};

use super::ctx::ModuleCtx;
use super::funcs::{emit_import, emit_protocol_method, py_name, Owner};
use super::source::{doc_lines, docstring, line};
use crate::error::BindgenError;
use crate::names::class_name;
use crate::Mode;

/// The functions of `funcs` that belong to resource `id`, in WIT order.
pub fn methods_of<'f>(funcs: &[&'f Function], id: TypeId) -> Vec<&'f Function> {
    funcs
        .iter()
        .copied()
        .filter(|f| match f.kind {
            FunctionKind::Method(r) | FunctionKind::Static(r) | FunctionKind::Constructor(r) => {
                r == id
            }
            _ => false,
        })
        .collect()
}

/// Appends the class of an imported resource.
pub fn emit_imported(
    ctx: &mut ModuleCtx<'_>,
    out: &mut String,
    id: TypeId,
    methods: &[&Function],
    key: Option<&str>,
) -> Result<(), BindgenError> {
    let def = &ctx.model.resolve.types[id];
    let name = def.name.as_deref().unwrap_or("anonymous");
    let class = class_name(name);
    let resource_index = match (ctx.mode, ctx.indices) {
        (Mode::Real, Some(indices)) => Some(indices.import_resource(key, name)?),
        _ => None,
    };
    out.push_str("\n\n");
    line(out, 0, &format!("class {class}:"));
    docstring(out, 1, &doc_lines(&def.docs));
    if resource_index.is_some() {
        out.push('\n');
        line(out, 1, "handle: int");
        line(out, 1, "finalizer: _weakref.finalize[[int, int], Any]");
    }
    ctx.self_resource = Some(id);
    if resource_index.is_some() {
        ctx.shadowed
            .extend(["handle".to_string(), "finalizer".to_string()]);
    }
    let owner = Owner {
        class: &class,
        resource_index,
    };
    let result = methods.iter().try_for_each(|f| {
        emit_import(ctx, out, f, key, Some(&owner))?;
        ctx.shadowed.insert(py_name(f));
        Ok::<(), BindgenError>(())
    });
    ctx.self_resource = None;
    let exc_type = ctx.builtin("type");
    ctx.shadowed.clear();
    result?;

    out.push('\n');
    line(out, 1, "def __enter__(self) -> Self:");
    line(out, 2, "\"\"\"Returns self.\"\"\"");
    line(out, 2, "return self");
    out.push('\n');
    line(
        out,
        1,
        &format!(
            "def __exit__(self, exc_type: {exc_type}[BaseException] | None, \
             exc_value: BaseException | None, traceback: TracebackType | None) -> bool | None:"
        ),
    );
    line(
        out,
        2,
        "\"\"\"Drops the resource now instead of when it is garbage-collected.\"\"\"",
    );
    match resource_index {
        None => line(out, 2, "raise NotImplementedError"),
        Some(_) => {
            line(out, 2, "self.finalizer()");
            line(out, 2, "if hasattr(self, \"handle\"):");
            line(out, 3, "del self.handle");
            line(out, 2, "return None");
        }
    }
    Ok(())
}

/// Appends the protocol of an exported resource.
pub fn emit_exported(ctx: &mut ModuleCtx<'_>, out: &mut String, id: TypeId, methods: &[&Function]) {
    let def = &ctx.model.resolve.types[id];
    let class = class_name(def.name.as_deref().unwrap_or("anonymous"));
    out.push_str("\n\n");
    line(out, 0, &format!("class {class}(Protocol):"));
    docstring(out, 1, &doc_lines(&def.docs));
    if methods.is_empty() {
        line(out, 1, "pass");
    }
    ctx.self_resource = Some(id);
    for func in methods {
        emit_protocol_method(ctx, out, func);
        ctx.shadowed.insert(py_name(func));
    }
    ctx.self_resource = None;
    ctx.shadowed.clear();
}
