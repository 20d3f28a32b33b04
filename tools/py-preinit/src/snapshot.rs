//! Runs the init export under wasmtime-wizer and turns failures into errors a
//! person can act on (the guest's own output included).

use std::path::Path;

use wasmtime_wizer::{WasmtimeWizerComponent, Wizer};

use crate::host::{self, Captured};
use crate::stage::Staging;
use crate::{Outputs, PreinitError, INIT_EXPORT};

/// Pre-initializes `component` for `app` over the staged file system, and
/// writes the snapshot into `target` (the same component, or its
/// `--stub-wasi` twin).
pub fn run(
    component: &[u8],
    target: Option<&[u8]>,
    precompiled: Option<(&Path, &[u8])>,
    staged: &Staging,
    app: &str,
) -> Result<Outputs, PreinitError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| PreinitError::Instantiate {
            message: format!("cannot start an async runtime: {e}"),
        })?;
    runtime.block_on(run_async(component, target, precompiled, staged, app))
}

async fn run_async(
    component: &[u8],
    target: Option<&[u8]>,
    precompiled: Option<(&Path, &[u8])>,
    staged: &Staging,
    app: &str,
) -> Result<Outputs, PreinitError> {
    let instantiate_err = |e: wasmtime::Error| PreinitError::Instantiate {
        message: format!("{e:#}"),
    };
    let engine = host::engine().map_err(instantiate_err)?;
    let (mut store, captured) =
        host::store(&engine, staged, app, target.is_some()).map_err(instantiate_err)?;
    let wizer = Wizer::new();
    let (cx, instrumented) = wizer
        .instrument_component(component)
        .map_err(instantiate_err)?;
    let target_cx = match target {
        Some(target) => {
            crate::staged::check_same_state(component, target)?;
            Some(
                wizer
                    .instrument_component(target)
                    .map_err(instantiate_err)?
                    .0,
            )
        }
        None => None,
    };
    let compiled = crate::precompiled::load_or_compile(&engine, &instrumented, precompiled)?;
    if compiled.get_export_index(None, INIT_EXPORT).is_none() {
        return Err(PreinitError::NoInitExport {
            export: INIT_EXPORT.to_string(),
        });
    }
    let linker = host::linker(&engine, &compiled).map_err(instantiate_err)?;
    let init = async {
        let instance = linker.instantiate_async(&mut store, &compiled).await?;
        let func = instance
            .get_func(&mut store, INIT_EXPORT)
            .ok_or_else(|| wasmtime::Error::msg("the init export is not a function"))?;
        func.call_async(&mut store, &[], &mut [])
            .await
            .map_err(|e| e.context("the initialization function trapped"))?;
        Ok::<_, wasmtime::Error>(instance)
    };
    let instance = match init.await {
        Ok(instance) => instance,
        Err(e) => return Err(classify(&format!("{e:#}"), &captured, app)),
    };
    let snapshot = wizer
        .snapshot_component(
            target_cx.as_ref().unwrap_or(&cx),
            &mut WasmtimeWizerComponent {
                store: &mut store,
                instance,
            },
        )
        .await
        .map_err(|e| PreinitError::Snapshot {
            message: format!("{e:#}"),
        })?;
    let (stdout, stderr) = captured.text();
    Ok(Outputs {
        component: crate::rewrite::remove_export(&snapshot, INIT_EXPORT)
            .map_err(|message| PreinitError::Snapshot { message })?,
        stdout,
        stderr,
    })
}

/// Maps a wizer/wasmtime error (its full cause chain) to a [`PreinitError`].
fn classify(message: &str, captured: &Captured, app: &str) -> PreinitError {
    let (stdout, stderr) = captured.text();
    let output = guest_output(&stdout, &stderr);
    if message.contains("does export the function") && message.contains(INIT_EXPORT) {
        return PreinitError::NoInitExport {
            export: INIT_EXPORT.to_string(),
        };
    }
    if let Some(import) = unknown_import(message) {
        return PreinitError::ImportCalledDuringInit {
            app: app.to_string(),
            import,
            output,
        };
    }
    if message.contains("initialization function trapped") {
        let summary = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map(|l| l.trim().to_string())
            .unwrap_or_else(|| message.to_string());
        return PreinitError::InitFailed {
            app: app.to_string(),
            summary,
            output,
        };
    }
    if stdout.is_empty() && stderr.is_empty() {
        PreinitError::Instantiate {
            message: message.to_string(),
        }
    } else {
        PreinitError::Snapshot {
            message: format!("{message}{output}"),
        }
    }
}

/// The import named by a trapping stub's message, if that is the error.
fn unknown_import(message: &str) -> Option<String> {
    let prefix = host::stub_message("");
    let prefix = prefix.split('`').next()?;
    let rest = message.split(&format!("{prefix}`")).nth(1)?;
    let name = rest.split('`').next()?;
    Some(name.to_string())
}

fn guest_output(stdout: &str, stderr: &str) -> String {
    let mut out = String::new();
    for (name, text) in [("stderr", stderr), ("stdout", stdout)] {
        if !text.trim().is_empty() {
            out.push_str(&format!("\n--- guest {name} ---\n{}", text.trim_end()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_import_in_a_stub_trap() {
        let m = "the initialization function trapped: unknown import: `my:pkg/api#fetch` has not been defined";
        assert_eq!(unknown_import(m).as_deref(), Some("my:pkg/api#fetch"));
        assert_eq!(unknown_import("wasm trap: unreachable"), None);
    }

    #[test]
    fn guest_output_lists_nonempty_streams() {
        assert_eq!(guest_output("", "  \n"), "");
        assert_eq!(
            guest_output("out\n", "err\n"),
            "\n--- guest stderr ---\nerr\n--- guest stdout ---\nout"
        );
    }
}
