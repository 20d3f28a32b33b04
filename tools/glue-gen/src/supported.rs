//! Rejects WIT that wit-dylib 0.263 or our C runtime cannot handle yet,
//! before wit-dylib is called (it would panic on some of these).
//!
//! Not supported: flags with more than 32 members, fixed-length lists,
//! `error-context`, maps, `future`/`stream`, `async` functions,
//! property (getter/setter) functions, and the `implements` feature (an
//! interface under a plain label, `@external-id`), which wasmtime 48 cannot
//! load. Each error names the WIT item and its
//! `file:line:col`.

use wit_parser::{
    FunctionKind, Handle, Resolve, Span, Type, TypeDefKind, TypeOwner, WorldId, WorldItem, WorldKey,
};

use crate::error::GlueError;

/// Checks every function and named type reachable from `world`.
pub fn check_world(resolve: &Resolve, world: WorldId) -> Result<(), GlueError> {
    let w = &resolve.worlds[world];
    let world_desc = format!("world `{}`", w.name);
    for (key, item) in w.imports.iter().chain(w.exports.iter()) {
        check_implements(resolve, key, item)?;
        match item {
            WorldItem::Function(func) => check_function(resolve, func, &world_desc)?,
            WorldItem::Interface { id, .. } => {
                let iface = &resolve.interfaces[*id];
                let desc = interface_desc(resolve, key);
                for func in iface.functions.values() {
                    check_function(resolve, func, &desc)?;
                }
                for ty in iface.types.values() {
                    check_named_type(resolve, *ty)?;
                }
            }
            WorldItem::Type { id, .. } => check_named_type(resolve, *id)?,
        }
    }
    Ok(())
}

/// What the Component Model's `implements` feature (`cm-implements`)
/// encodes: a named interface imported or exported under a plain label
/// (`import label: iface;`) and `@external-id` annotations. wasmtime 48,
/// which pre-initializes the component, does not enable that feature and
/// refuses to load such a component.
fn check_implements(resolve: &Resolve, key: &WorldKey, item: &WorldItem) -> Result<(), GlueError> {
    let hint = "The Component Model `implements` feature is not enabled by wasmtime 48, which \
                pre-initializes the component";
    let world_item = format!("world item `{}`", resolve.name_world_key(key));
    let (external_id, span) = match item {
        WorldItem::Interface {
            external_id, span, ..
        } => (external_id, *span),
        WorldItem::Function(f) => (&f.external_id, f.span),
        WorldItem::Type { id, .. } => (&resolve.types[*id].external_id, resolve.types[*id].span),
    };
    if external_id.is_some() {
        return Err(unsupported(
            resolve,
            span,
            &world_item,
            "an `@external-id` annotation",
            &format!("{hint}; remove the annotation"),
        ));
    }
    let WorldItem::Interface { id, span, .. } = item else {
        return Ok(());
    };
    let iface = &resolve.interfaces[*id];
    if let (WorldKey::Name(label), Some(name)) = (key, &iface.name) {
        // wit-parser 0.263 gives such an item no span of its own.
        let span = if *span == Span::default() {
            iface.span
        } else {
            *span
        };
        return Err(unsupported(
            resolve,
            span,
            &world_item,
            &format!("the interface `{name}` under the label `{label}` (`implements`)"),
            &format!("{hint}; import or export the interface by its own name"),
        ));
    }
    let annotated_func = iface.functions.values().find(|f| f.external_id.is_some());
    let annotated_type = iface
        .types
        .values()
        .map(|t| &resolve.types[*t])
        .find(|t| t.external_id.is_some());
    let annotated = annotated_func
        .map(|f| (format!("function `{}`", f.name), f.span))
        .or_else(|| {
            annotated_type.map(|t| {
                let name = t.name.as_deref().unwrap_or("<anonymous>");
                (format!("type `{name}`"), t.span)
            })
        });
    if let Some((what, span)) = annotated {
        return Err(unsupported(
            resolve,
            span,
            &format!("{what} in {}", interface_desc(resolve, key)),
            "an `@external-id` annotation",
            &format!("{hint}; remove the annotation"),
        ));
    }
    Ok(())
}

fn interface_desc(resolve: &Resolve, key: &WorldKey) -> String {
    format!("interface `{}`", resolve.name_world_key(key))
}

fn check_function(
    resolve: &Resolve,
    func: &wit_parser::Function,
    where_: &str,
) -> Result<(), GlueError> {
    let item = format!("function `{}` in {where_}", func.name);
    let kind = match func.kind {
        FunctionKind::AsyncFreestanding
        | FunctionKind::AsyncMethod(_)
        | FunctionKind::AsyncStatic(_) => Some((
            "`async`",
            "Use synchronous functions; WASIp3 async is not implemented",
        )),
        FunctionKind::Getter
        | FunctionKind::Setter
        | FunctionKind::MethodGetter(_)
        | FunctionKind::MethodSetter(_)
        | FunctionKind::StaticGetter(_)
        | FunctionKind::StaticSetter(_) => Some((
            "a property (getter/setter)",
            "Declare a plain function or method instead",
        )),
        _ => None,
    };
    if let Some((what, hint)) = kind {
        return Err(unsupported(resolve, func.span, &item, what, hint));
    }
    for param in &func.params {
        check_type(resolve, &param.ty, &item, func.span)?;
    }
    if let Some(result) = &func.result {
        check_type(resolve, result, &item, func.span)?;
    }
    Ok(())
}

/// Checks the definition of a named type (its anonymous parts included).
fn check_named_type(resolve: &Resolve, id: wit_parser::TypeId) -> Result<(), GlueError> {
    let def = &resolve.types[id];
    let name = def.name.as_deref().unwrap_or("<anonymous>");
    let item = match def.owner {
        TypeOwner::Interface(i) => match resolve.id_of(i) {
            Some(iface) => format!("type `{name}` in interface `{iface}`"),
            None => format!("type `{name}`"),
        },
        TypeOwner::World(w) => format!("type `{name}` in world `{}`", resolve.worlds[w].name),
        TypeOwner::None => format!("type `{name}`"),
    };
    check_def(resolve, id, &item, def.span)
}

/// Checks a type use; named types are checked on their own, so only
/// anonymous types are looked into.
fn check_type(resolve: &Resolve, ty: &Type, item: &str, span: Span) -> Result<(), GlueError> {
    match ty {
        Type::ErrorContext => Err(unsupported(
            resolve,
            span,
            item,
            "`error-context`",
            "Use a `string` or a variant for errors",
        )),
        Type::Id(id) if resolve.types[*id].name.is_none() => check_def(resolve, *id, item, span),
        _ => Ok(()),
    }
}

fn check_def(
    resolve: &Resolve,
    id: wit_parser::TypeId,
    item: &str,
    span: Span,
) -> Result<(), GlueError> {
    let each = |types: &mut dyn Iterator<Item = &Type>| -> Result<(), GlueError> {
        for t in types {
            check_type(resolve, t, item, span)?;
        }
        Ok(())
    };
    match &resolve.types[id].kind {
        TypeDefKind::Flags(f) if f.flags.len() > 32 => Err(unsupported(
            resolve,
            span,
            item,
            &format!("flags with {} members", f.flags.len()),
            "Split the flags into several of at most 32 members",
        )),
        TypeDefKind::FixedLengthList(..) => Err(unsupported(
            resolve,
            span,
            item,
            "a fixed-length list",
            "Use `list<T>` or a tuple",
        )),
        TypeDefKind::Map(..) => Err(unsupported(
            resolve,
            span,
            item,
            "a `map`",
            "Use `list<tuple<K, V>>`",
        )),
        TypeDefKind::Future(_) | TypeDefKind::Stream(_) => Err(unsupported(
            resolve,
            span,
            item,
            "`future`/`stream`",
            "WASIp3 async is not implemented; use WASI 0.2 streams (resources)",
        )),
        TypeDefKind::Record(r) => each(&mut r.fields.iter().map(|f| &f.ty)),
        TypeDefKind::Tuple(t) => each(&mut t.types.iter()),
        TypeDefKind::Variant(v) => each(&mut v.cases.iter().filter_map(|c| c.ty.as_ref())),
        TypeDefKind::Option(t) | TypeDefKind::List(t) | TypeDefKind::Type(t) => {
            check_type(resolve, t, item, span)
        }
        TypeDefKind::Result(r) => each(&mut r.ok.iter().chain(r.err.iter())),
        TypeDefKind::Handle(Handle::Own(_) | Handle::Borrow(_))
        | TypeDefKind::Resource
        | TypeDefKind::Flags(_)
        | TypeDefKind::Enum(_)
        | TypeDefKind::Unknown => Ok(()),
    }
}

fn unsupported(resolve: &Resolve, span: Span, item: &str, what: &str, hint: &str) -> GlueError {
    GlueError::Unsupported {
        location: resolve.render_location(span),
        item: item.to_string(),
        what: what.to_string(),
        hint: hint.to_string(),
    }
}
