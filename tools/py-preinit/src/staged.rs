//! Writing the snapshot of one component into another (`--stub-wasi`).
//!
//! wasmtime-wizer reads the state of a component through accessors named by
//! position: one per mutable global and per memory of each instantiated core
//! module, in module order. A snapshot taken in the normal component can be
//! written into its `--stub-wasi` twin only if both have the same sequence of
//! such state (py-link's stub adapter mirrors the real adapter's globals to
//! make it so). This checks that before wizer relies on it.

use wasmparser::{Parser, Payload};

use crate::PreinitError;

/// One piece of module state wizer snapshots.
#[derive(Debug, PartialEq, Eq)]
enum State {
    Global(wasmparser::ValType),
    Memory,
}

/// The state of every top-level core module of `component`, in order.
fn state_sequence(component: &[u8]) -> Result<Vec<State>, String> {
    let mut states = Vec::new();
    let mut depth = 0u32;
    for payload in Parser::new(0).parse_all(component) {
        match payload.map_err(|e| e.to_string())? {
            Payload::ModuleSection { .. } | Payload::ComponentSection { .. } => depth += 1,
            Payload::End(_) => depth = depth.saturating_sub(1),
            Payload::GlobalSection(reader) if depth == 1 => {
                for global in reader {
                    let global = global.map_err(|e| e.to_string())?;
                    if global.ty.mutable {
                        states.push(State::Global(global.ty.content_type));
                    }
                }
            }
            Payload::MemorySection(reader) if depth == 1 => {
                for memory in reader {
                    memory.map_err(|e| e.to_string())?;
                    states.push(State::Memory);
                }
            }
            _ => {}
        }
    }
    Ok(states)
}

/// Fails unless `normal` and `stub` have the same snapshot state layout.
pub fn check_same_state(normal: &[u8], stub: &[u8]) -> Result<(), PreinitError> {
    let err = |message: String| PreinitError::Snapshot {
        message: format!("cannot read the --stub-wasi component: {message}"),
    };
    let a = state_sequence(normal).map_err(err)?;
    let b = state_sequence(stub).map_err(err)?;
    if a != b {
        return Err(PreinitError::Snapshot {
            message: format!(
                "the --stub-wasi component does not have the same globals and \
                 memories as the component the init runs in ({} vs {} items); \
                 link both with the same py-link run",
                a.len(),
                b.len()
            ),
        });
    }
    Ok(())
}
