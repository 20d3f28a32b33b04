//! The `wasi:http` 0.2 helper shipped next to the bindings of worlds that
//! import `wasi:http/types@0.2.x`: `py_wasm_http.py` (an asyncio event loop
//! over `wasi:io/poll`, body readers and writers, outgoing requests) and
//! `poll_loop.py`, the same module under the name componentize-py's
//! examples import.
//!
//! The helper is plain Python over the generated bindings; only the module
//! names of the interfaces it uses differ between worlds (`--world-module`,
//! `--import-interface-name`, `--full-names`, name clashes), so they are
//! filled in from the [`Model`]. `send` is included when the world also
//! imports `wasi:http/outgoing-handler`.

use crate::emit::GENERATED_MARKER;
use crate::model::Model;
use wit_parser::WorldItem;

/// File name of the helper.
pub const HTTP_HELPER_FILE: &str = "py_wasm_http.py";

/// File name of the helper's componentize-py-compatible alias.
pub const POLL_LOOP_FILE: &str = "poll_loop.py";

const HELPER: &str = include_str!("http/py_wasm_http.py");
const SEND: &str = include_str!("http/send.py");
const ALIAS: &str = include_str!("http/poll_loop.py");

/// The helper files for `model`'s world (file name → text), or nothing when
/// the world does not import `wasi:http/types@0.2.x`.
pub fn helper_files(model: &Model<'_>) -> Vec<(String, String)> {
    let module = |package: &str, interface: &str| import_module(model, package, interface);
    let (Some(types), Some(streams), Some(poll), Some(clock)) = (
        module("http", "types"),
        module("io", "streams"),
        module("io", "poll"),
        module("clocks", "monotonic-clock"),
    ) else {
        return Vec::new();
    };
    let outgoing = module("http", "outgoing-handler");
    let (send_import, send_export) = match &outgoing {
        Some(m) => (
            format!("from @@WORLD@@.imports import {m} as _outgoing_handler\n"),
            "    \"send\",\n",
        ),
        None => (String::new(), ""),
    };
    let mut helper = HELPER
        .replace("@@SEND_IMPORT@@", &send_import)
        .replace("@@SEND_EXPORT@@", send_export);
    if outgoing.is_some() {
        helper.push_str(SEND);
    }
    let helper = helper
        .replace("@@MARKER@@", GENERATED_MARKER)
        .replace("@@WORLD@@", &model.world_module)
        .replace("@@TYPES@@", &types)
        .replace("@@STREAMS@@", &streams)
        .replace("@@POLL@@", &poll)
        .replace("@@CLOCK@@", &clock);
    vec![
        (HTTP_HELPER_FILE.to_string(), helper),
        (
            POLL_LOOP_FILE.to_string(),
            ALIAS.replace("@@MARKER@@", GENERATED_MARKER),
        ),
    ]
}

/// The Python module name of the imported interface
/// `wasi:<package>/<interface>@0.2.x`, if the world imports it.
fn import_module(model: &Model<'_>, package: &str, interface: &str) -> Option<String> {
    let resolve = model.resolve;
    resolve.worlds[model.world]
        .imports
        .values()
        .find_map(|item| {
            let WorldItem::Interface { id, .. } = item else {
                return None;
            };
            let iface = &resolve.interfaces[*id];
            let name = &resolve.packages[iface.package?].name;
            let version_ok = name
                .version
                .as_ref()
                .is_some_and(|v| v.major == 0 && v.minor == 2);
            let matches = name.namespace == "wasi"
                && name.name == package
                && iface.name.as_deref() == Some(interface)
                && version_ok;
            matches.then_some(*id)
        })
        .and_then(|id| model.names.import(id))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::NameOverrides;

    fn files_for(world: &str, world_module: &str) -> Vec<(String, String)> {
        let loaded = glue_gen::load(&glue_gen::WitOptions {
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
        helper_files(&model)
    }

    #[test]
    fn proxy_gets_the_helper_with_send() {
        let files = files_for("wasi:http/proxy", "my.world");
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, [HTTP_HELPER_FILE, POLL_LOOP_FILE]);
        let helper = &files[0].1;
        assert!(helper.starts_with(GENERATED_MARKER));
        assert!(helper.contains("from my.world.imports import types as _types\n"));
        assert!(
            helper.contains("from my.world.imports import outgoing_handler as _outgoing_handler\n")
        );
        assert!(helper.contains("async def send("));
        assert!(!helper.contains("@@"), "unfilled placeholder");
    }

    #[test]
    fn worlds_without_wasi_http_get_nothing() {
        assert!(files_for("wasi:cli/command", "wit_world").is_empty());
    }
}
