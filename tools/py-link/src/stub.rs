//! `--stub-wasi`: a second link whose WASI imports trap.
//!
//! Every library imports WASI only through the preview1 module
//! `wasi_snapshot_preview1` (wasi-libc and the runtime). In place of the real
//! preview1 adapter, this link uses a stub adapter that exports the same
//! functions with bodies that trap, and imports nothing, so the component
//! imports nothing from WASI.
//!
//! py-preinit runs the app's init in the normal component and writes the
//! snapshot into this one. wasmtime-wizer names its state accessors by their
//! position in the sequence of instantiated modules' mutable globals and
//! memories, so the stub adapter defines exactly the mutable globals the
//! real adapter does (and reads them, so the Linker's adapter GC keeps
//! them): both components then expose the same accessor sequence, and each
//! value lands in the matching module. py-preinit checks that sequence before
//! it trusts it.

use std::collections::BTreeMap;

use wasm_encoder::{
    CodeSection, ConstExpr, ExportKind, ExportSection, Function, FunctionSection, GlobalSection,
    GlobalType, Instruction, Module, TypeSection, ValType,
};
use wasmparser::{Parser, Payload, TypeRef};

use crate::LinkError;

/// The preview1 module name libraries import WASI from.
pub const PREVIEW1: &str = "wasi_snapshot_preview1";

type Signature = (Vec<ValType>, Vec<ValType>);

/// Builds the stub adapter for `libraries` (`(name, bytes)`), mirroring the
/// mutable globals of the real `adapter`.
pub fn stub_adapter(libraries: &[(&str, &[u8])], adapter: &[u8]) -> Result<Vec<u8>, LinkError> {
    let mut funcs: BTreeMap<String, Signature> = BTreeMap::new();
    for (name, bytes) in libraries {
        for (module, field, sig) in func_imports(name, bytes)? {
            if module == PREVIEW1 {
                funcs.insert(field, sig);
            } else if module.starts_with("wasi:") {
                return Err(LinkError::StubWasiUnsupported {
                    library: name.to_string(),
                    import: format!("{module}#{field}"),
                });
            }
        }
    }
    let globals = mutable_globals("the preview1 adapter", adapter)?;

    let mut types = TypeSection::new();
    let mut functions = FunctionSection::new();
    let mut exports = ExportSection::new();
    let mut code = CodeSection::new();
    let mut global_section = GlobalSection::new();
    for ty in &globals {
        global_section.global(
            GlobalType {
                val_type: *ty,
                mutable: true,
                shared: false,
            },
            &zero(*ty),
        );
    }
    for (index, (name, (params, results))) in funcs.iter().enumerate() {
        let index = index as u32;
        types
            .ty()
            .function(params.iter().copied(), results.iter().copied());
        functions.function(index);
        exports.export(name, ExportKind::Func, index);
        let mut body = Function::new([]);
        for g in 0..globals.len() as u32 {
            body.instruction(&Instruction::GlobalGet(g));
            body.instruction(&Instruction::Drop);
        }
        body.instruction(&Instruction::Unreachable);
        body.instruction(&Instruction::End);
        code.function(&body);
    }
    let mut module = Module::new();
    module
        .section(&types)
        .section(&functions)
        .section(&global_section)
        .section(&exports)
        .section(&code);
    Ok(module.finish())
}

fn zero(ty: ValType) -> ConstExpr {
    match ty {
        ValType::I64 => ConstExpr::i64_const(0),
        ValType::F32 => ConstExpr::f32_const(0.0.into()),
        ValType::F64 => ConstExpr::f64_const(0.0.into()),
        _ => ConstExpr::i32_const(0),
    }
}

fn malformed(name: &str, e: impl std::fmt::Display) -> LinkError {
    LinkError::Malformed {
        path: name.into(),
        message: e.to_string(),
    }
}

fn val_type(name: &str, ty: wasmparser::ValType) -> Result<ValType, LinkError> {
    Ok(match ty {
        wasmparser::ValType::I32 => ValType::I32,
        wasmparser::ValType::I64 => ValType::I64,
        wasmparser::ValType::F32 => ValType::F32,
        wasmparser::ValType::F64 => ValType::F64,
        other => return Err(malformed(name, format!("unsupported value type {other:?}"))),
    })
}

/// `(module, field, signature)` of every function import of a module.
fn func_imports(name: &str, bytes: &[u8]) -> Result<Vec<(String, String, Signature)>, LinkError> {
    let mut sigs = Vec::new();
    let mut imports = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.map_err(|e| malformed(name, e))? {
            Payload::TypeSection(reader) => {
                for ty in reader.into_iter_err_on_gc_types() {
                    let ty = ty.map_err(|e| malformed(name, e))?;
                    let params = ty
                        .params()
                        .iter()
                        .map(|t| val_type(name, *t))
                        .collect::<Result<Vec<_>, _>>()?;
                    let results = ty
                        .results()
                        .iter()
                        .map(|t| val_type(name, *t))
                        .collect::<Result<Vec<_>, _>>()?;
                    sigs.push((params, results));
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import.map_err(|e| malformed(name, e))?;
                    if let TypeRef::Func(index) = import.ty {
                        let sig = sigs
                            .get(index as usize)
                            .cloned()
                            .ok_or_else(|| malformed(name, "import of an unknown type"))?;
                        imports.push((import.module.to_string(), import.name.to_string(), sig));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(imports)
}

/// The value types of a module's defined mutable globals, in order.
fn mutable_globals(name: &str, bytes: &[u8]) -> Result<Vec<ValType>, LinkError> {
    let mut globals = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        if let Payload::GlobalSection(reader) = payload.map_err(|e| malformed(name, e))? {
            for global in reader {
                let global = global.map_err(|e| malformed(name, e))?;
                if global.ty.mutable {
                    globals.push(val_type(name, global.ty.content_type)?);
                }
            }
        }
    }
    Ok(globals)
}
