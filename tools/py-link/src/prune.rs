//! Dropping the code of a library that nothing in the link can call.
//!
//! A shared library exports every public symbol, because it cannot know who
//! will link against it: libpython exports the whole C API, libc all of libc.
//! A component is closed, though. Every module in it is given to this link,
//! `dlopen` only finds the dl-openable libraries, and no guest code can look a
//! symbol up by name in the others. So an export of a plain library is only
//! ever used if some module imports that name (as a function from `env`, or
//! its address from `GOT.func` / `GOT.mem`), or if the Linker or the
//! component encoder asks for it by a fixed name (`__wasm_call_ctors`,
//! `_initialize`, `cabi_realloc`, …).
//!
//! [`prune`] removes the other function exports of such a library, then keeps
//! every function reachable from what is left: the kept exports, the start
//! function, every function in an element segment (anything whose address is
//! taken, such as type slots and method tables), and every `ref.func` in a
//! global, all followed through direct calls. The body of every other function
//! becomes a single `unreachable`, and its names leave the name section.
//! Function indices do not change, so nothing else in the module is
//! renumbered; imports, data, tables and `dylink.0` are copied unchanged. The
//! bodies that are kept are copied byte for byte.
//!
//! Libraries that are left alone: dl-openable ones (`dlsym` can name any of
//! their exports) and those with a `component-type` section (their exports
//! are the component's own).

use std::collections::HashSet;

use wasm_encoder::reencode::{utils, Error as ReencodeError, Reencode};
use wasm_encoder::{
    CodeSection, ExportSection, Function, Instruction, Module, NameMap, NameSection,
};
use wasmparser::{
    ConstExpr, ElementItems, ExternalKind, FunctionBody, IndirectNameMap, Name, Operator, Parser,
    Payload, TypeRef,
};

/// Export names the Linker or the component encoder looks up in libraries
/// themselves, besides the names some module imports.
fn fixed_root(name: &str) -> bool {
    name.starts_with("__") || name.starts_with("cabi_") || name == "_initialize" || name == "_start"
}

/// What [`prune`] did to one library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Pruned {
    /// Function exports removed.
    pub exports_removed: usize,
    /// Defined functions whose body became `unreachable`.
    pub functions_removed: usize,
    /// Defined functions in the library.
    pub functions: usize,
}

/// Whether a library may be pruned: not dl-openable, and without a
/// `component-type` custom section.
pub(crate) fn prunable(bytes: &[u8], dl_openable: bool) -> Result<bool, String> {
    if dl_openable {
        return Ok(false);
    }
    for payload in Parser::new(0).parse_all(bytes) {
        if let Payload::CustomSection(c) = payload.map_err(|e| e.to_string())? {
            if c.name().starts_with("component-type") {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// Adds the field name of every import of `bytes` to `names`.
pub(crate) fn add_imported_names(bytes: &[u8], names: &mut HashSet<String>) -> Result<(), String> {
    for payload in Parser::new(0).parse_all(bytes) {
        if let Payload::ImportSection(section) = payload.map_err(|e| e.to_string())? {
            for import in section.into_imports() {
                names.insert(import.map_err(|e| e.to_string())?.name.to_string());
            }
        }
    }
    Ok(())
}

/// Removes the function exports of `bytes` whose names are not in `imported`
/// (nor fixed roots) and stubs out the functions no longer reachable. Returns
/// `None` when nothing would change.
pub fn prune(
    bytes: &[u8],
    imported: &HashSet<String>,
) -> Result<Option<(Vec<u8>, Pruned)>, String> {
    let live = Liveness::compute(bytes, imported)?;
    let functions = live.defined.len();
    let functions_removed = live.defined.iter().filter(|l| !**l).count();
    if live.removed_exports.is_empty() && functions_removed == 0 {
        return Ok(None);
    }
    let stats = Pruned {
        exports_removed: live.removed_exports.len(),
        functions_removed,
        functions,
    };
    let mut module = Module::new();
    let mut rewriter = Rewriter { live, next_body: 0 };
    rewriter
        .parse_core_module(&mut module, Parser::new(0), bytes)
        .map_err(|e| e.to_string())?;
    Ok(Some((module.finish(), stats)))
}

struct Liveness {
    /// Number of imported functions (defined ones are numbered after them).
    imported_funcs: u32,
    /// Per defined function: whether it is kept.
    defined: Vec<bool>,
    /// Names of the function exports to drop.
    removed_exports: HashSet<String>,
}

impl Liveness {
    fn compute(bytes: &[u8], imported: &HashSet<String>) -> Result<Liveness, String> {
        let err = |e: wasmparser::BinaryReaderError| e.to_string();
        let mut imported_funcs = 0u32;
        let mut roots: Vec<u32> = Vec::new();
        let mut removed_exports = HashSet::new();
        let mut bodies: Vec<FunctionBody<'_>> = Vec::new();
        let mut defined_count = 0usize;
        for payload in Parser::new(0).parse_all(bytes) {
            match payload.map_err(err)? {
                Payload::ImportSection(s) => {
                    for import in s.into_imports() {
                        if let TypeRef::Func(_) = import.map_err(err)?.ty {
                            imported_funcs += 1;
                        }
                    }
                }
                Payload::FunctionSection(s) => defined_count = s.count() as usize,
                Payload::ExportSection(s) => {
                    for export in s {
                        let export = export.map_err(err)?;
                        if export.kind != ExternalKind::Func {
                            continue;
                        }
                        if imported.contains(export.name) || fixed_root(export.name) {
                            roots.push(export.index);
                        } else {
                            removed_exports.insert(export.name.to_string());
                        }
                    }
                }
                Payload::StartSection { func, .. } => roots.push(func),
                Payload::ElementSection(s) => {
                    for element in s {
                        match element.map_err(err)?.items {
                            ElementItems::Functions(funcs) => {
                                for f in funcs {
                                    roots.push(f.map_err(err)?);
                                }
                            }
                            ElementItems::Expressions(_, exprs) => {
                                for expr in exprs {
                                    ref_funcs(&expr.map_err(err)?, &mut roots)?;
                                }
                            }
                        }
                    }
                }
                Payload::GlobalSection(s) => {
                    for global in s {
                        ref_funcs(&global.map_err(err)?.init_expr, &mut roots)?;
                    }
                }
                Payload::CodeSectionEntry(body) => bodies.push(body),
                _ => {}
            }
        }
        if bodies.len() != defined_count {
            return Err(format!(
                "{} function declarations but {} bodies",
                defined_count,
                bodies.len()
            ));
        }
        let mut defined = vec![false; defined_count];
        while let Some(func) = roots.pop() {
            let Some(index) = func.checked_sub(imported_funcs) else {
                continue;
            };
            let Some(slot) = defined.get_mut(index as usize) else {
                return Err(format!("function index {func} is out of range"));
            };
            if std::mem::replace(slot, true) {
                continue;
            }
            let mut ops = bodies[index as usize].get_operators_reader().map_err(err)?;
            while !ops.eof() {
                match ops.read().map_err(err)? {
                    Operator::Call { function_index }
                    | Operator::ReturnCall { function_index }
                    | Operator::RefFunc { function_index } => roots.push(function_index),
                    _ => {}
                }
            }
        }
        Ok(Liveness {
            imported_funcs,
            defined,
            removed_exports,
        })
    }

    fn is_live(&self, func: u32) -> bool {
        func.checked_sub(self.imported_funcs)
            .is_none_or(|i| self.defined.get(i as usize).copied().unwrap_or(true))
    }
}

fn ref_funcs(expr: &ConstExpr<'_>, roots: &mut Vec<u32>) -> Result<(), String> {
    let mut ops = expr.get_operators_reader();
    while !ops.eof() {
        if let Operator::RefFunc { function_index } = ops.read().map_err(|e| e.to_string())? {
            roots.push(function_index);
        }
    }
    Ok(())
}

struct Rewriter {
    live: Liveness,
    next_body: u32,
}

impl Reencode for Rewriter {
    type Error = std::convert::Infallible;

    fn parse_export(
        &mut self,
        exports: &mut ExportSection,
        export: wasmparser::Export<'_>,
    ) -> Result<(), ReencodeError<Self::Error>> {
        if export.kind == ExternalKind::Func && self.live.removed_exports.contains(export.name) {
            return Ok(());
        }
        utils::parse_export(self, exports, export)
    }

    fn parse_function_body(
        &mut self,
        code: &mut CodeSection,
        func: FunctionBody<'_>,
    ) -> Result<(), ReencodeError<Self::Error>> {
        let index = self.live.imported_funcs + self.next_body;
        self.next_body += 1;
        if self.live.is_live(index) {
            code.raw(func.as_bytes());
        } else {
            let mut stub = Function::new([]);
            stub.instruction(&Instruction::Unreachable);
            stub.instruction(&Instruction::End);
            code.function(&stub);
        }
        Ok(())
    }

    fn parse_custom_name_subsection(
        &mut self,
        names: &mut NameSection,
        section: Name<'_>,
    ) -> Result<(), ReencodeError<Self::Error>> {
        match section {
            Name::Function(map) => {
                let mut kept = NameMap::new();
                for naming in map {
                    let naming = naming?;
                    if self.live.is_live(naming.index) {
                        kept.append(naming.index, naming.name);
                    }
                }
                names.functions(&kept);
                Ok(())
            }
            Name::Local(map) => {
                names.locals(&self.kept_indirect(map)?);
                Ok(())
            }
            Name::Label(map) => {
                names.labels(&self.kept_indirect(map)?);
                Ok(())
            }
            other => utils::parse_custom_name_subsection(self, names, other),
        }
    }
}

impl Rewriter {
    fn kept_indirect(
        &mut self,
        map: IndirectNameMap<'_>,
    ) -> Result<wasm_encoder::IndirectNameMap, ReencodeError<std::convert::Infallible>> {
        let mut kept = wasm_encoder::IndirectNameMap::new();
        for naming in map {
            let naming = naming?;
            if self.live.is_live(naming.index) {
                let mut inner = NameMap::new();
                for n in naming.names {
                    let n = n?;
                    inner.append(n.index, n.name);
                }
                kept.append(naming.index, &inner);
            }
        }
        Ok(kept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A shared library in miniature: `dylink.0` first, an import, exports
    /// some module imports and some nobody does, a function whose address is
    /// taken, and a chain of calls.
    const LIBRARY: &str = r#"
        (module
          (@dylink.0 (mem-info (memory 0 0)))
          (import "env" "strlen" (func $strlen (param i32) (result i32)))
          (import "env" "__indirect_function_table" (table 0 funcref))
          (func $ctors (export "__wasm_call_ctors"))
          (func $used (export "PyUsed") (result i32) (call $shared))
          (func $unused (export "PyUnused") (result i32) (call $only_from_unused))
          (func $only_from_unused (result i32) (i32.const 7))
          (func $shared (result i32) (call $strlen (i32.const 0)))
          (func $slot (export "PySlot") (result i32) (call $from_slot))
          (func $from_slot (result i32) (i32.const 1))
          (func $dead (param $p i32) (local $l i32))
          (elem (i32.const 0) func $slot)
        )"#;

    fn names(list: &[&str]) -> HashSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn exports(bytes: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        for payload in Parser::new(0).parse_all(bytes) {
            if let Payload::ExportSection(s) = payload.unwrap() {
                for e in s {
                    out.push(e.unwrap().name.to_string());
                }
            }
        }
        out
    }

    /// Per defined function: (its name in the name section, whether its body
    /// is just `unreachable`).
    fn bodies(bytes: &[u8]) -> Vec<(Option<String>, bool)> {
        let mut stubbed = Vec::new();
        let mut names = std::collections::HashMap::new();
        let mut imported = 0;
        for payload in Parser::new(0).parse_all(bytes) {
            match payload.unwrap() {
                Payload::ImportSection(s) => {
                    for i in s.into_imports() {
                        if let TypeRef::Func(_) = i.unwrap().ty {
                            imported += 1;
                        }
                    }
                }
                Payload::CodeSectionEntry(body) => {
                    let ops = body
                        .get_operators_reader()
                        .unwrap()
                        .into_iter()
                        .collect::<Result<Vec<_>, _>>()
                        .unwrap();
                    stubbed.push(matches!(ops[..], [Operator::Unreachable, Operator::End]));
                }
                Payload::CustomSection(c) => {
                    if let wasmparser::KnownCustom::Name(reader) = c.as_known() {
                        for sub in reader {
                            if let Name::Function(map) = sub.unwrap() {
                                for n in map {
                                    let n = n.unwrap();
                                    names.insert(n.index, n.name.to_string());
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        stubbed
            .into_iter()
            .enumerate()
            .map(|(i, s)| (names.get(&(imported + i as u32)).cloned(), s))
            .collect()
    }

    #[test]
    fn drops_exports_nobody_imports_and_the_code_only_they_reach() {
        let input = wat::parse_str(LIBRARY).unwrap();
        let (output, stats) = prune(&input, &names(&["PyUsed"])).unwrap().unwrap();
        wasmparser::validate(&output).unwrap();
        assert_eq!(exports(&output), ["__wasm_call_ctors", "PyUsed"]);
        assert_eq!(
            stats,
            Pruned {
                exports_removed: 2,
                functions_removed: 3,
                functions: 8,
            }
        );
        let kept = |name: &str| (Some(name.to_string()), false);
        let stub = (None, true);
        assert_eq!(
            bodies(&output),
            [
                kept("ctors"),
                kept("used"),
                stub.clone(),
                stub.clone(),
                kept("shared"),
                kept("slot"),
                kept("from_slot"),
                stub,
            ]
        );
        // `dylink.0` stays the first section, byte for byte.
        let first = |bytes: &[u8]| match Parser::new(0).parse_all(bytes).nth(1) {
            Some(Ok(Payload::CustomSection(c))) => (c.name().to_string(), c.data().to_vec()),
            other => panic!("unexpected first section: {other:?}"),
        };
        assert_eq!(first(&output), first(&input));
    }

    #[test]
    fn an_import_anywhere_keeps_the_export() {
        let input = wat::parse_str(LIBRARY).unwrap();
        let all = names(&["PyUsed", "PyUnused", "PySlot"]);
        let (output, stats) = prune(&input, &all).unwrap().unwrap();
        assert_eq!(exports(&output).len(), 4);
        assert_eq!(stats.exports_removed, 0);
        assert_eq!(stats.functions_removed, 1);
    }

    #[test]
    fn nothing_to_drop_returns_none() {
        let input = wat::parse_str(
            r#"(module (@dylink.0 (mem-info (memory 0 0)))
                 (func (export "f") (call $g)) (func $g))"#,
        )
        .unwrap();
        assert_eq!(prune(&input, &names(&["f"])).unwrap(), None);
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let input = wat::parse_str(LIBRARY).unwrap();
        let a = prune(&input, &names(&["PyUsed"])).unwrap().unwrap().0;
        let b = prune(&input, &names(&["PyUsed"])).unwrap().unwrap().0;
        assert_eq!(a, b);
    }

    #[test]
    fn dl_openable_and_component_libraries_are_left_alone() {
        let plain = wat::parse_str(LIBRARY).unwrap();
        assert!(prunable(&plain, false).unwrap());
        assert!(!prunable(&plain, true).unwrap());
        let mut with_type = plain.clone();
        use wasm_encoder::Section;
        wasm_encoder::CustomSection {
            name: "component-type:world".into(),
            data: (&[0u8][..]).into(),
        }
        .append_to(&mut with_type);
        assert!(!prunable(&with_type, false).unwrap());
    }

    #[test]
    fn imported_names_cover_every_module() {
        let mut found = HashSet::new();
        let a = wat::parse_str(
            r#"(module (import "env" "PyUsed" (func))
                       (import "GOT.func" "PySlot" (global (mut i32))))"#,
        )
        .unwrap();
        add_imported_names(&a, &mut found).unwrap();
        assert_eq!(found, names(&["PyUsed", "PySlot"]));
    }
}
