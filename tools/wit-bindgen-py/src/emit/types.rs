//! Records, variants, enums and flags (internals §3.1): a `@dataclass` per
//! record and per variant case (`<Variant>_<Case>`, payload in `value`), a
//! `Union` alias per variant, `Enum` (values `0..n`) and `Flag` (`auto()`)
//! classes. Resources are in `resources.rs`.

use wit_parser::{TypeDefKind, TypeId};

use super::ctx::ModuleCtx;
use super::source::{doc_lines, docstring, line};
use crate::names::{case_class, class_name, func_name, member_name};

/// Appends the definition of a named non-resource type.
pub fn emit_type(ctx: &mut ModuleCtx<'_>, out: &mut String, id: TypeId) {
    let def = &ctx.model.resolve.types[id];
    let name = def.name.as_deref().unwrap_or("anonymous");
    let docs = doc_lines(&def.docs);
    match &def.kind {
        TypeDefKind::Record(r) => {
            out.push_str("\n\n@dataclass\n");
            line(out, 0, &format!("class {}:", class_name(name)));
            docstring(out, 1, &docs);
            if r.fields.is_empty() {
                line(out, 1, "pass");
            }
            for field in &r.fields {
                let annot = ctx.annot(&field.ty);
                let name = func_name(&field.name);
                line(out, 1, &format!("{name}: {annot}"));
                ctx.shadowed.insert(name);
            }
            ctx.shadowed.clear();
        }
        TypeDefKind::Variant(v) => {
            let mut cases = Vec::new();
            for case in &v.cases {
                let class = case_class(name, &case.name);
                out.push_str("\n\n@dataclass\n");
                line(out, 0, &format!("class {class}:"));
                docstring(out, 1, &doc_lines(&case.docs));
                match &case.ty {
                    Some(ty) => {
                        let annot = ctx.annot(ty);
                        line(out, 1, &format!("value: {annot}"));
                    }
                    None => line(out, 1, "pass"),
                }
                cases.push(class);
            }
            out.push_str("\n\n");
            line(
                out,
                0,
                &format!("{} = Union[{}]", class_name(name), cases.join(", ")),
            );
            docstring(out, 0, &docs);
        }
        TypeDefKind::Enum(e) => {
            out.push_str("\n\n");
            line(out, 0, &format!("class {}(Enum):", class_name(name)));
            docstring(out, 1, &docs);
            for (i, case) in e.cases.iter().enumerate() {
                line(out, 1, &format!("{} = {i}", member_name(&case.name)));
            }
        }
        TypeDefKind::Flags(f) => {
            out.push_str("\n\n");
            line(out, 0, &format!("class {}(Flag):", class_name(name)));
            docstring(out, 1, &docs);
            if f.flags.is_empty() {
                line(out, 1, "pass");
            }
            for flag in &f.flags {
                line(out, 1, &format!("{} = auto()", member_name(&flag.name)));
            }
        }
        _ => {}
    }
}

/// Field names of a record (they shadow modules inside its class body).
pub fn field_names(ctx: &ModuleCtx<'_>, id: TypeId) -> Vec<String> {
    match &ctx.model.resolve.types[id].kind {
        TypeDefKind::Record(r) => r.fields.iter().map(|f| func_name(&f.name)).collect(),
        _ => Vec::new(),
    }
}

/// The top-level names a type definition adds to its module.
pub fn defined_names(ctx: &ModuleCtx<'_>, id: TypeId) -> Vec<String> {
    let def = &ctx.model.resolve.types[id];
    let name = def.name.as_deref().unwrap_or("anonymous");
    let mut names = vec![class_name(name)];
    if let TypeDefKind::Variant(v) = &def.kind {
        names.extend(v.cases.iter().map(|c| case_class(name, &c.name)));
    }
    names
}
