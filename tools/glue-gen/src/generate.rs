//! The glue library: wit-dylib's module for the world plus the init export
//! and a `component-type` custom section.
//!
//! Steps ([`generate`]): check the world is supported
//! ([`crate::supported`]); append the world-level export
//! `py-wasm-init: func()` (docs/design.md, "The init export"); run
//! `wit_dylib::create_with_metadata` with the runtime as the `dylink.0`
//! NEEDED library; append `component-type:py-wasm-glue:<world>` holding the
//! encoded world so that wit-component's Linker learns it. The metadata
//! becomes [`GlueMeta`] (docs/formats/glue-meta.md).

use sha2::{Digest, Sha256};
use wasm_encoder::{CustomSection, Encode, LinkingSection, Module};
use wit_component::StringEncoding;
use wit_parser::{Function, FunctionKind, Resolve, WorldId, WorldItem, WorldKey};

use crate::error::GlueError;
use crate::meta::{GlueMeta, Header};
use crate::wit::world_name;

/// Name of the export glue-gen adds for interpreter start-up.
pub const INIT_EXPORT: &str = "py-wasm-init";

/// The runtime library the glue needs (`dylink.0` NEEDED).
pub const RUNTIME_LIBRARY: &str = "libpy_wasm_runtime.so";

/// Options of [`generate`].
#[derive(Debug, Clone)]
pub struct GlueOptions {
    /// The interpreter library named in the glue's `dylink.0` NEEDED list.
    pub interpreter: String,
}

impl Default for GlueOptions {
    fn default() -> Self {
        GlueOptions {
            interpreter: RUNTIME_LIBRARY.to_string(),
        }
    }
}

/// A generated glue library.
#[derive(Debug, Clone)]
pub struct Glue {
    /// The core module (a dynamic library, `libpy_wasm_glue.so`).
    pub module: Vec<u8>,
    /// The metadata order, for `glue-meta.json`.
    pub meta: GlueMeta,
}

/// Generates the glue for `world`; see the module docs.
pub fn generate(resolve: &Resolve, world: WorldId, opts: &GlueOptions) -> Result<Glue, GlueError> {
    crate::supported::check_world(resolve, world)?;
    let fingerprint = world_fingerprint(resolve, world)?;
    let name = world_name(resolve, world);

    let mut resolve = resolve.clone();
    add_init_export(&mut resolve, world)?;

    let mut dylib_opts = wit_dylib::DylibOpts {
        interpreter: Some(opts.interpreter.clone()),
        ..Default::default()
    };
    let created = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        wit_dylib::create_with_metadata(&resolve, world, Some(&mut dylib_opts))
    }));
    let (mut module, metadata) = match created {
        Ok(Ok(pair)) => pair,
        Ok(Err(e)) => return Err(encode_error("wit-dylib", &name, format!("{e:#}"))),
        Err(_) => return Err(encode_error("wit-dylib", &name, "it panicked".to_string())),
    };

    let component_type = encode_world(&resolve, world)?;
    let section_name = format!("component-type:py-wasm-glue:{}", resolve.worlds[world].name);
    CustomSection {
        name: section_name.into(),
        data: component_type.into(),
    }
    .append_to(&mut module);

    let init_export = metadata
        .export_funcs
        .iter()
        .position(|f| f.interface.is_none() && f.name == INIT_EXPORT)
        .ok_or_else(|| {
            encode_error("wit-dylib", &name, "the init export is missing".to_string())
        })?;
    let header = Header {
        world: name,
        world_fingerprint: fingerprint,
        init_export,
    };
    Ok(Glue {
        module,
        meta: GlueMeta::from_metadata(header, &metadata),
    })
}

trait AppendTo {
    fn append_to(&self, module: &mut Vec<u8>);
}

impl AppendTo for CustomSection<'_> {
    fn append_to(&self, module: &mut Vec<u8>) {
        module.push(wasm_encoder::Section::id(self));
        self.encode(module);
    }
}

fn encode_error(stage: &'static str, world: &str, message: String) -> GlueError {
    GlueError::Encode {
        stage,
        world: world.to_string(),
        message,
    }
}

/// `wit_component::metadata::encode` of the world (UTF-8 strings).
pub fn encode_world(resolve: &Resolve, world: WorldId) -> Result<Vec<u8>, GlueError> {
    wit_component::metadata::encode(resolve, world, StringEncoding::UTF8, None, false).map_err(
        |e| {
            encode_error(
                "wit-component",
                &world_name(resolve, world),
                format!("{e:#}"),
            )
        },
    )
}

/// `sha256:<hex>` of [`encode_world`] of the world as the user wrote it
/// (before the init export is added). wit-bindgen-py compares it with
/// `glue-meta.json` to reject metadata made for another world.
pub fn world_fingerprint(resolve: &Resolve, world: WorldId) -> Result<String, GlueError> {
    let bytes = encode_world(resolve, world)?;
    let digest = Sha256::digest(&bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("sha256:{hex}"))
}

/// Appends `py-wasm-init: func()` to the world's exports.
fn add_init_export(resolve: &mut Resolve, world: WorldId) -> Result<(), GlueError> {
    let key = WorldKey::Name(INIT_EXPORT.to_string());
    let w = &resolve.worlds[world];
    if w.exports.contains_key(&key) || w.imports.contains_key(&key) {
        return Err(GlueError::ReservedName {
            name: INIT_EXPORT.to_string(),
            location: resolve.render_location(w.span),
        });
    }
    let func = Function {
        name: INIT_EXPORT.to_string(),
        kind: FunctionKind::Freestanding,
        params: Vec::new(),
        result: None,
        docs: Default::default(),
        stability: Default::default(),
        span: Default::default(),
        external_id: None,
    };
    resolve.worlds[world]
        .exports
        .insert(key, WorldItem::Function(func));
    Ok(())
}

/// A relocatable wasm object holding only `component-type:<world>` (the
/// world as the user wrote it) and an empty `linking` section, so that
/// `clang --target=wasm32-wasi … this.o` carries the world into a library,
/// like wit-bindgen's `*_component_type.o`.
pub fn component_type_object(resolve: &Resolve, world: WorldId) -> Result<Vec<u8>, GlueError> {
    let bytes = encode_world(resolve, world)?;
    let mut module = Module::new();
    module.section(&LinkingSection::new());
    module.section(&CustomSection {
        name: format!("component-type:{}", resolve.worlds[world].name).into(),
        data: bytes.into(),
    });
    Ok(module.finish())
}
