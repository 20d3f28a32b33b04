//! Functions (internals §3.2): imported functions and methods with stub or
//! real bodies, and the abstract methods of export protocols.
//!
//! A WIT function returning `result<T, E>` is annotated as returning `T`
//! and documented to raise `componentize_py_types.Err(E)`. Real bodies call
//! `_py_wasm_runtime.call_import(<index>, [args])` (docs/formats/
//! python-abi.md); the index comes from the glue's metadata, never from a
//! walk of our own.

use wit_parser::{Function, FunctionKind, Type};

use super::ctx::ModuleCtx;
use super::source::{doc_lines, docstring, line};
use crate::error::BindgenError;
use crate::names::func_name;
use crate::Mode;

/// A function's Python signature.
pub struct Sig {
    /// `name: annotation` for each parameter (without `self`).
    pub params: Vec<(String, String)>,
    /// The return annotation.
    pub ret: String,
    /// The docstring lines.
    pub docs: Vec<String>,
    /// `Some` when the WIT result is a `result` (the return is its `ok`).
    pub result: Option<(Option<Type>, Option<Type>)>,
    /// The full WIT result annotation (for casts).
    pub wit_result: Option<String>,
}

/// How a function is bound in Python.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A module-level function or a protocol method.
    Free,
    /// A method (`self` is the first WIT parameter).
    Method,
    /// A `@classmethod`.
    Static,
    /// `__init__`.
    Constructor,
}

/// Classifies a WIT function.
pub fn kind_of(func: &Function) -> Kind {
    match func.kind {
        FunctionKind::Method(_) => Kind::Method,
        FunctionKind::Static(_) => Kind::Static,
        FunctionKind::Constructor(_) => Kind::Constructor,
        _ => Kind::Free,
    }
}

/// The Python name of a function or method.
pub fn py_name(func: &Function) -> String {
    match kind_of(func) {
        Kind::Constructor => "__init__".to_string(),
        _ => func_name(func.item_name()),
    }
}

/// Builds the signature of `func` in the context's module.
pub fn signature(ctx: &mut ModuleCtx<'_>, func: &Function) -> Sig {
    let skip = usize::from(kind_of(func) == Kind::Method);
    let params = func
        .params
        .iter()
        .skip(skip)
        .map(|p| (func_name(&p.name), ctx.annot(&p.ty)))
        .collect();
    let result = ctx.result_parts(func.result.as_ref());
    let wit_result = func.result.as_ref().map(|t| ctx.annot(t));
    let mut docs = doc_lines(&func.docs);
    let ret = if kind_of(func) == Kind::Constructor {
        "None".to_string()
    } else if let Some((ok, err)) = &result {
        let raises = ctx.raises_name(err.as_ref());
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.push(format!("Raises: `componentize_py_types.Err({raises})`"));
        ok.map_or_else(|| "None".to_string(), |t| ctx.annot(&t))
    } else {
        wit_result.clone().unwrap_or_else(|| "None".to_string())
    };
    Sig {
        params,
        ret,
        docs,
        result,
        wit_result,
    }
}

fn def_line(kind: Kind, name: &str, sig: &Sig, in_class: bool) -> String {
    let mut params: Vec<String> = match kind {
        Kind::Free if !in_class => Vec::new(),
        Kind::Free => vec!["self".to_string()],
        Kind::Static => vec!["cls".to_string()],
        Kind::Method | Kind::Constructor => vec!["self".to_string()],
    };
    params.extend(sig.params.iter().map(|(n, a)| format!("{n}: {a}")));
    format!("def {name}({}) -> {}:", params.join(", "), sig.ret)
}

/// The class an imported method belongs to.
pub struct Owner<'s> {
    /// The class name.
    pub class: &'s str,
    /// Its `RESOURCES` index (real mode).
    pub resource_index: Option<usize>,
}

/// Appends an imported function: module level (`owner` is `None`) or a
/// method of an imported resource class.
pub fn emit_import(
    ctx: &mut ModuleCtx<'_>,
    out: &mut String,
    func: &Function,
    key: Option<&str>,
    owner: Option<&Owner<'_>>,
) -> Result<(), BindgenError> {
    let kind = kind_of(func);
    let indent = usize::from(owner.is_some());
    let sig = signature(ctx, func);
    out.push_str(if owner.is_some() { "\n" } else { "\n\n" });
    if kind == Kind::Static {
        line(out, indent, "@classmethod");
    }
    line(out, indent, &def_line(kind, &py_name(func), &sig, false));
    docstring(out, indent + 1, &sig.docs);
    let body = indent + 1;
    let index = match (ctx.mode, ctx.indices) {
        (Mode::Real, Some(indices)) => indices.import_func(key, &func.name)?,
        _ => {
            line(out, body, "raise NotImplementedError");
            return Ok(());
        }
    };
    let mut args: Vec<String> = Vec::new();
    if kind == Kind::Method {
        args.push("self".to_string());
    }
    args.extend(sig.params.iter().map(|(n, _)| n.clone()));
    let call = format!(
        "_py_wasm_runtime.call_import({index}, [{}])",
        args.join(", ")
    );
    // Type strings in the body are resolved in the function's scope, where
    // the parameters are bound (the signature was in the class's scope).
    let params = sig.params.iter().map(|(n, _)| n.clone()).collect();
    let class_scope = std::mem::replace(&mut ctx.shadowed, params);
    let body_sig = signature(ctx, func);
    ctx.shadowed = class_scope;
    real_body(out, body, kind, &body_sig, &call, owner)
}

/// The body of a real-mode import: call, unwrap a `result`, cast.
fn real_body(
    out: &mut String,
    body: usize,
    kind: Kind,
    sig: &Sig,
    call: &str,
    owner: Option<&Owner<'_>>,
) -> Result<(), BindgenError> {
    let value = match (&sig.result, &sig.wit_result) {
        (Some(_), Some(wit)) => {
            line(out, body, &format!("_ret = _cast(\"{wit}\", {call})"));
            line(out, body, "if isinstance(_ret, _Err):");
            line(out, body + 1, "raise _ret");
            "_ret.value".to_string()
        }
        (_, None) => {
            line(out, body, call);
            return Ok(());
        }
        (None, Some(_)) => call.to_string(),
    };
    if kind == Kind::Constructor {
        let (class, index) = match owner {
            Some(Owner {
                class,
                resource_index: Some(index),
            }) => (*class, *index),
            _ => {
                return Err(BindgenError::MetaMismatch {
                    what: "a constructor outside of its resource class".to_string(),
                })
            }
        };
        // The import returns a temporary owner of the new handle; move the
        // handle and a fresh finalizer onto `self` (python-abi.md).
        line(out, body, &format!("_tmp = _cast(\"{class}\", {value})"));
        line(out, body, "self.handle = _tmp.handle");
        line(out, body, "_tmp.finalizer.detach()");
        line(out, body, "del _tmp.handle");
        line(
            out,
            body,
            &format!(
                "self.finalizer = _weakref.finalize(self, _py_wasm_runtime.drop_resource, {index}, self.handle)"
            ),
        );
        return Ok(());
    }
    match &sig.result {
        Some((None, _)) => line(out, body, "return None"),
        Some(_) => line(out, body, &format!("return {value}")),
        None => line(
            out,
            body,
            &format!("return _cast(\"{}\", {value})", sig.ret),
        ),
    }
    Ok(())
}

/// Appends an abstract protocol method (indent 1) for an exported function.
pub fn emit_protocol_method(ctx: &mut ModuleCtx<'_>, out: &mut String, func: &Function) {
    let kind = kind_of(func);
    let sig = signature(ctx, func);
    out.push('\n');
    if kind == Kind::Static {
        line(out, 1, "@classmethod");
    }
    line(out, 1, "@abstractmethod");
    line(out, 1, &def_line(kind, &py_name(func), &sig, true));
    docstring(out, 2, &sig.docs);
    line(out, 2, "raise NotImplementedError");
}
