//! Removes the init export from the snapshot component.
//!
//! wasmtime-wizer can remove the init export itself, but in doing so it also
//! removes the *core* export of the same name from the module that
//! implements it, which the component's `canon lift` still refers to (for a
//! world-level function the core export and the component export share the
//! name), so the result does not validate. py-preinit therefore asks wizer to
//! keep the export and removes it here, at the component level only: the
//! export entry goes, every later reference to a component function index
//! above it is renumbered (an export defines a new function index), and the
//! lifted function stays behind, unreferenced. Core modules are copied
//! byte for byte, except that the data segments of the snapshot are split
//! again at long runs of zeros ([`crate::segments`]); nested components are
//! copied byte for byte.

use std::borrow::Cow;

use wasm_encoder::reencode::{
    component_utils, Error as ReencodeError, Reencode, ReencodeComponent,
};
use wasm_encoder::{Component, ComponentSectionId, RawSection};
use wasmparser::{
    CanonicalFunction, ComponentAlias, ComponentExternalKind, ComponentTypeRef, Parser, Payload,
};

/// Returns `component` without its top-level function export `name`.
pub fn remove_export(component: &[u8], name: &str) -> Result<Vec<u8>, String> {
    let removed = export_func_index(component, name)?
        .ok_or_else(|| format!("the snapshot has no top-level function export `{name}`"))?;
    let mut remover = Remover { name, removed };
    let mut out = Component::new();
    remover
        .parse_component(&mut out, Parser::new(0), component)
        .map_err(|e| format!("cannot rewrite the snapshot: {e}"))?;
    Ok(out.finish())
}

/// The component function index that the export `name` defines, counting the
/// function index space of the top-level component.
fn export_func_index(component: &[u8], name: &str) -> Result<Option<u32>, String> {
    let err = |e: wasmparser::BinaryReaderError| format!("cannot parse the snapshot: {e}");
    let mut funcs = 0u32;
    let mut depth = 0u32;
    for payload in Parser::new(0).parse_all(component) {
        match payload.map_err(err)? {
            Payload::ModuleSection { .. } | Payload::ComponentSection { .. } => depth += 1,
            Payload::End(_) if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            Payload::ComponentImportSection(s) => {
                for import in s {
                    if matches!(import.map_err(err)?.ty, ComponentTypeRef::Func(_)) {
                        funcs += 1;
                    }
                }
            }
            Payload::ComponentAliasSection(s) => {
                for alias in s {
                    if let ComponentAlias::InstanceExport {
                        kind: ComponentExternalKind::Func,
                        ..
                    } = alias.map_err(err)?
                    {
                        funcs += 1;
                    }
                }
            }
            Payload::ComponentCanonicalSection(s) => {
                for canon in s {
                    if matches!(canon.map_err(err)?, CanonicalFunction::Lift { .. }) {
                        funcs += 1;
                    }
                }
            }
            Payload::ComponentExportSection(s) => {
                for export in s {
                    let export = export.map_err(err)?;
                    if export.kind == ComponentExternalKind::Func {
                        if export.name.name == name {
                            return Ok(Some(funcs));
                        }
                        funcs += 1;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(None)
}

struct Remover<'a> {
    name: &'a str,
    removed: u32,
}

impl Reencode for Remover<'_> {
    type Error = String;
}

impl ReencodeComponent for Remover<'_> {
    fn component_func_index(&mut self, func: u32) -> u32 {
        if func > self.removed {
            func - 1
        } else {
            func
        }
    }

    fn parse_component_export_section(
        &mut self,
        exports: &mut wasm_encoder::ComponentExportSection,
        section: wasmparser::ComponentExportSectionReader<'_>,
    ) -> Result<(), ReencodeError<String>> {
        for export in section {
            let export = export?;
            if export.kind == ComponentExternalKind::Func && export.name.name == self.name {
                continue;
            }
            if export.kind == ComponentExternalKind::Func && export.index == self.removed {
                return Err(ReencodeError::UserError(format!(
                    "export `{}` refers to the removed `{}`",
                    export.name.name, self.name
                )));
            }
            component_utils::parse_component_export(self, exports, export)?;
        }
        Ok(())
    }

    fn parse_component_submodule(
        &mut self,
        component: &mut Component,
        _parser: Parser,
        module: &[u8],
    ) -> Result<(), ReencodeError<String>> {
        let split = crate::segments::split_zero_runs(module).map_err(ReencodeError::UserError)?;
        component.section(&RawSection {
            id: ComponentSectionId::CoreModule as u8,
            data: split.as_deref().unwrap_or(module),
        });
        Ok(())
    }

    fn parse_component_subcomponent(
        &mut self,
        component: &mut Component,
        _parser: Parser,
        subcomponent: &[u8],
        _whole: &[u8],
    ) -> Result<(), ReencodeError<String>> {
        component.section(&RawSection {
            id: ComponentSectionId::Component as u8,
            data: subcomponent,
        });
        Ok(())
    }

    fn parse_component_custom_section(
        &mut self,
        component: &mut Component,
        section: wasmparser::CustomSectionReader<'_>,
    ) -> Result<(), ReencodeError<String>> {
        component.section(&wasm_encoder::CustomSection {
            name: Cow::Borrowed(section.name()),
            data: Cow::Borrowed(section.data()),
        });
        Ok(())
    }
}
