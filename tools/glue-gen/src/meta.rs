//! `glue-meta.json`: wit-dylib's metadata order, written for the other stages.
//!
//! Schema: `docs/formats/glue-meta.md`. Every list is index-aligned with the
//! list of the same name in `wit_dylib::metadata::Metadata`, so an index in
//! the glue (and in the C runtime) is a position in these lists. Types are
//! strings: scalars by name (`"u32"`, `"string"`), everything else as
//! `"<kind>:<index>"` (`"record:3"`, `"own:1"`). Keys are written sorted.

use serde::{Deserialize, Serialize};
use wit_dylib::metadata::{self, Metadata};

use crate::error::MetaError;

/// The schema version this crate writes and reads.
pub const GLUE_META_VERSION: u32 = 1;

/// The wit-dylib release linked into this tool (Cargo.toml pins it).
pub const WIT_DYLIB_VERSION: &str = "0.263.0";

/// Contents of `glue-meta.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlueMeta {
    /// Schema version ([`GLUE_META_VERSION`]).
    pub version: u32,
    /// The tool that wrote the file, e.g. `glue-gen 0.1.0`.
    pub producer: String,
    /// The world, `ns:pkg/name@version`.
    pub world: String,
    /// `sha256:<hex>` of the world's encoded component type (without the
    /// init export); see [`crate::world_fingerprint`].
    pub world_fingerprint: String,
    /// The wit-dylib that produced the order.
    pub wit_dylib: WitDylib,
    /// Index in `export_funcs` of the `py-wasm-init` export.
    pub init_export: usize,
    /// `metadata.import_funcs`.
    pub import_funcs: Vec<Func>,
    /// `metadata.export_funcs`.
    pub export_funcs: Vec<Func>,
    /// `metadata.resources`.
    pub resources: Vec<Resource>,
    /// `metadata.records`.
    pub records: Vec<Record>,
    /// `metadata.flags`.
    pub flags: Vec<Names>,
    /// `metadata.tuples`.
    pub tuples: Vec<Tuple>,
    /// `metadata.variants`.
    pub variants: Vec<Variant>,
    /// `metadata.enums`.
    pub enums: Vec<Names>,
    /// `metadata.options`.
    pub options: Vec<Payload>,
    /// `metadata.results`.
    pub results: Vec<ResultType>,
    /// `metadata.lists`.
    pub lists: Vec<Payload>,
    /// `metadata.maps`.
    pub maps: Vec<Map>,
    /// `metadata.fixed_length_lists`.
    pub fixed_length_lists: Vec<FixedLengthList>,
    /// `metadata.futures`.
    pub futures: Vec<Async>,
    /// `metadata.streams`.
    pub streams: Vec<Async>,
    /// `metadata.aliases`.
    pub aliases: Vec<Payload>,
}

/// Which wit-dylib made the metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WitDylib {
    /// The crate version, e.g. `0.263.0`.
    pub crate_version: String,
    /// `WIT_CURRENT_VERSION` of its `wit_dylib.h` (the `wit_t.version` the
    /// runtime must check).
    pub wit_current_version: u32,
}

/// An import or export function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Func {
    /// The world key of the interface (`ns:pkg/iface@v` or a plain name);
    /// `null` for world-level functions.
    pub interface: Option<String>,
    /// The WIT function name (`[method]r.f` etc.).
    pub name: String,
    /// Parameter types in order.
    pub params: Vec<String>,
    /// Result type, `null` when there is none.
    pub result: Option<String>,
    /// Whether the function uses the async ABI.
    #[serde(rename = "async")]
    pub is_async: bool,
}

/// A resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// wit-parser `TypeId` arena index.
    pub type_id: usize,
    /// World key of the owning interface; `null` at world level.
    pub interface: Option<String>,
    /// WIT name.
    pub name: String,
    /// True when the component implements (exports) it.
    pub exported: bool,
}

/// A record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// wit-parser `TypeId` arena index.
    pub type_id: usize,
    /// World key of the owning interface; `null` at world level.
    pub interface: Option<String>,
    /// WIT name.
    pub name: String,
    /// Fields in WIT order.
    pub fields: Vec<Field>,
}

/// A record field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// WIT name.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub ty: String,
}

/// Flags or an enum: a name list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    /// wit-parser `TypeId` arena index.
    pub type_id: usize,
    /// World key of the owning interface; `null` at world level.
    pub interface: Option<String>,
    /// WIT name.
    pub name: String,
    /// Flag or case names in WIT order.
    pub names: Vec<String>,
}

/// A tuple.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tuple {
    /// wit-parser `TypeId` arena index.
    pub type_id: usize,
    /// World key of the owning interface; `null` at world level.
    pub interface: Option<String>,
    /// WIT name (`null` when anonymous).
    pub name: Option<String>,
    /// Element types.
    pub types: Vec<String>,
}

/// A variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// wit-parser `TypeId` arena index.
    pub type_id: usize,
    /// World key of the owning interface; `null` at world level.
    pub interface: Option<String>,
    /// WIT name.
    pub name: String,
    /// Cases in WIT order.
    pub cases: Vec<Case>,
}

/// A variant case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// WIT name.
    pub name: String,
    /// Payload type, `null` when there is none.
    #[serde(rename = "type")]
    pub ty: Option<String>,
}

/// An option, list or alias: one payload type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payload {
    /// wit-parser `TypeId` arena index.
    pub type_id: usize,
    /// World key of the owning interface; `null` at world level.
    pub interface: Option<String>,
    /// WIT name (`null` when anonymous; aliases always have one).
    pub name: Option<String>,
    /// The payload type.
    #[serde(rename = "type")]
    pub ty: String,
}

/// A result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultType {
    /// wit-parser `TypeId` arena index.
    pub type_id: usize,
    /// World key of the owning interface; `null` at world level.
    pub interface: Option<String>,
    /// WIT name (`null` when anonymous).
    pub name: Option<String>,
    /// The `ok` type, `null` when absent.
    pub ok: Option<String>,
    /// The `err` type, `null` when absent.
    pub err: Option<String>,
}

/// A map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Map {
    /// wit-parser `TypeId` arena index.
    pub type_id: usize,
    /// World key of the owning interface; `null` at world level.
    pub interface: Option<String>,
    /// WIT name (`null` when anonymous).
    pub name: Option<String>,
    /// Key type.
    pub key: String,
    /// Value type.
    pub value: String,
}

/// A fixed-length list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedLengthList {
    /// wit-parser `TypeId` arena index.
    pub type_id: usize,
    /// World key of the owning interface; `null` at world level.
    pub interface: Option<String>,
    /// WIT name (`null` when anonymous).
    pub name: Option<String>,
    /// Number of elements.
    pub length: u32,
    /// Element type.
    #[serde(rename = "type")]
    pub ty: String,
}

/// A future or stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Async {
    /// wit-parser `TypeId` arena index.
    pub type_id: usize,
    /// World key of the owning interface; `null` at world level.
    pub interface: Option<String>,
    /// WIT name (`null` when anonymous).
    pub name: Option<String>,
    /// Payload type, `null` when there is none.
    #[serde(rename = "type")]
    pub ty: Option<String>,
}

/// Renders a wit-dylib type reference (see the module docs).
pub fn type_string(ty: metadata::Type) -> String {
    use metadata::Type as T;
    let (kind, index) = match ty {
        T::U8 => return "u8".into(),
        T::U16 => return "u16".into(),
        T::U32 => return "u32".into(),
        T::U64 => return "u64".into(),
        T::S8 => return "s8".into(),
        T::S16 => return "s16".into(),
        T::S32 => return "s32".into(),
        T::S64 => return "s64".into(),
        T::Bool => return "bool".into(),
        T::Char => return "char".into(),
        T::F32 => return "f32".into(),
        T::F64 => return "f64".into(),
        T::String => return "string".into(),
        T::ErrorContext => return "error-context".into(),
        T::Record(i) => ("record", i),
        T::Own(i) => ("own", i),
        T::Borrow(i) => ("borrow", i),
        T::Flags(i) => ("flags", i),
        T::Tuple(i) => ("tuple", i),
        T::Variant(i) => ("variant", i),
        T::Enum(i) => ("enum", i),
        T::Option(i) => ("option", i),
        T::Result(i) => ("result", i),
        T::List(i) => ("list", i),
        T::FixedLengthList(i) => ("fixed-length-list", i),
        T::Map(i) => ("map", i),
        T::Future(i) => ("future", i),
        T::Stream(i) => ("stream", i),
        T::Alias(i) => ("alias", i),
    };
    format!("{kind}:{index}")
}

fn opt(ty: Option<metadata::Type>) -> Option<String> {
    ty.map(type_string)
}

/// `WIT_CURRENT_VERSION` as defined by the pinned `wit_dylib.h`.
pub fn wit_current_version() -> u32 {
    wit_dylib::C_HEADER
        .lines()
        .find_map(|line| {
            let rest = line.trim().strip_prefix("#define WIT_CURRENT_VERSION")?;
            rest.trim().parse().ok()
        })
        .unwrap_or(0)
}

/// The header fields of a [`GlueMeta`] that do not come from wit-dylib.
pub struct Header {
    /// See [`GlueMeta::world`].
    pub world: String,
    /// See [`GlueMeta::world_fingerprint`].
    pub world_fingerprint: String,
    /// See [`GlueMeta::init_export`].
    pub init_export: usize,
}

impl GlueMeta {
    /// Converts wit-dylib's metadata.
    pub fn from_metadata(header: Header, m: &Metadata) -> GlueMeta {
        fn all<'a, S: 'a, T: From<&'a S>>(items: &'a [S]) -> Vec<T> {
            items.iter().map(T::from).collect()
        }
        GlueMeta {
            version: GLUE_META_VERSION,
            producer: concat!("glue-gen ", env!("CARGO_PKG_VERSION")).to_string(),
            world: header.world,
            world_fingerprint: header.world_fingerprint,
            wit_dylib: WitDylib {
                crate_version: WIT_DYLIB_VERSION.to_string(),
                wit_current_version: wit_current_version(),
            },
            init_export: header.init_export,
            import_funcs: all(&m.import_funcs),
            export_funcs: all(&m.export_funcs),
            resources: all(&m.resources),
            records: all(&m.records),
            flags: m
                .flags
                .iter()
                .map(|f| names(f.id, &f.interface, &f.name, &f.names))
                .collect(),
            tuples: all(&m.tuples),
            variants: all(&m.variants),
            enums: m
                .enums
                .iter()
                .map(|e| names(e.id, &e.interface, &e.name, &e.names))
                .collect(),
            options: m
                .options
                .iter()
                .map(|o| payload(o.id, &o.interface, &o.name, o.ty))
                .collect(),
            results: all(&m.results),
            lists: m
                .lists
                .iter()
                .map(|l| payload(l.id, &l.interface, &l.name, l.ty))
                .collect(),
            maps: all(&m.maps),
            fixed_length_lists: all(&m.fixed_length_lists),
            futures: m
                .futures
                .iter()
                .map(|x| async_(x.id, &x.interface, &x.name, x.ty))
                .collect(),
            streams: m
                .streams
                .iter()
                .map(|x| async_(x.id, &x.interface, &x.name, x.ty))
                .collect(),
            aliases: m
                .aliases
                .iter()
                .map(|a| payload(a.id, &a.interface, &Some(a.name.clone()), a.ty))
                .collect(),
        }
    }

    /// Serializes with sorted keys and a trailing newline.
    pub fn to_json(&self) -> Vec<u8> {
        let value = serde_json::to_value(self)
            .map(sort_keys)
            .unwrap_or_default();
        let mut out = serde_json::to_vec_pretty(&value).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// Parses `glue-meta.json`, rejecting other schema versions (naming the
    /// producer) before looking at anything else.
    pub fn from_json(bytes: &[u8]) -> Result<GlueMeta, MetaError> {
        let malformed = |e: serde_json::Error| MetaError::Malformed {
            message: e.to_string(),
        };
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(malformed)?;
        let found = value.get("version").and_then(|v| v.as_u64());
        if found != Some(u64::from(GLUE_META_VERSION)) {
            return Err(MetaError::Version {
                found: found.unwrap_or(0),
                producer: value
                    .get("producer")
                    .and_then(|p| p.as_str())
                    .unwrap_or("an unknown producer")
                    .to_string(),
                expected: GLUE_META_VERSION,
            });
        }
        serde_json::from_value(value).map_err(malformed)
    }
}

impl From<&metadata::ImportFunc> for Func {
    fn from(f: &metadata::ImportFunc) -> Func {
        Func {
            interface: f.interface.clone(),
            name: f.name.clone(),
            params: f.args.iter().copied().map(type_string).collect(),
            result: opt(f.result),
            is_async: f.sync_import_elem_index.is_none(),
        }
    }
}

impl From<&metadata::ExportFunc> for Func {
    fn from(f: &metadata::ExportFunc) -> Func {
        Func {
            interface: f.interface.clone(),
            name: f.name.clone(),
            params: f.args.iter().copied().map(type_string).collect(),
            result: opt(f.result),
            is_async: f.async_export_task_return_elem_index.is_some(),
        }
    }
}

impl From<&metadata::Resource> for Resource {
    fn from(r: &metadata::Resource) -> Resource {
        Resource {
            type_id: r.id.index(),
            interface: r.interface.clone(),
            name: r.name.clone(),
            exported: r.new_elem_index.is_some(),
        }
    }
}

impl From<&metadata::Record> for Record {
    fn from(r: &metadata::Record) -> Record {
        Record {
            type_id: r.id.index(),
            interface: r.interface.clone(),
            name: r.name.clone(),
            fields: r
                .fields
                .iter()
                .map(|(name, ty)| Field {
                    name: name.clone(),
                    ty: type_string(*ty),
                })
                .collect(),
        }
    }
}

impl From<&metadata::Tuple> for Tuple {
    fn from(t: &metadata::Tuple) -> Tuple {
        Tuple {
            type_id: t.id.index(),
            interface: t.interface.clone(),
            name: t.name.clone(),
            types: t.types.iter().copied().map(type_string).collect(),
        }
    }
}

impl From<&metadata::Variant> for Variant {
    fn from(v: &metadata::Variant) -> Variant {
        Variant {
            type_id: v.id.index(),
            interface: v.interface.clone(),
            name: v.name.clone(),
            cases: v
                .cases
                .iter()
                .map(|(name, ty)| Case {
                    name: name.clone(),
                    ty: opt(*ty),
                })
                .collect(),
        }
    }
}

impl From<&metadata::WitResult> for ResultType {
    fn from(r: &metadata::WitResult) -> ResultType {
        ResultType {
            type_id: r.id.index(),
            interface: r.interface.clone(),
            name: r.name.clone(),
            ok: opt(r.ok),
            err: opt(r.err),
        }
    }
}

impl From<&metadata::Map> for Map {
    fn from(x: &metadata::Map) -> Map {
        Map {
            type_id: x.id.index(),
            interface: x.interface.clone(),
            name: x.name.clone(),
            key: type_string(x.key_type),
            value: type_string(x.value_type),
        }
    }
}

impl From<&metadata::FixedLengthList> for FixedLengthList {
    fn from(x: &metadata::FixedLengthList) -> FixedLengthList {
        FixedLengthList {
            type_id: x.id.index(),
            interface: x.interface.clone(),
            name: x.name.clone(),
            length: x.len,
            ty: type_string(x.ty),
        }
    }
}

fn names(id: wit_parser::TypeId, interface: &Option<String>, name: &str, list: &[String]) -> Names {
    Names {
        type_id: id.index(),
        interface: interface.clone(),
        name: name.to_string(),
        names: list.to_vec(),
    }
}

fn payload(
    id: wit_parser::TypeId,
    interface: &Option<String>,
    name: &Option<String>,
    ty: metadata::Type,
) -> Payload {
    Payload {
        type_id: id.index(),
        interface: interface.clone(),
        name: name.clone(),
        ty: type_string(ty),
    }
}

fn async_(
    id: wit_parser::TypeId,
    interface: &Option<String>,
    name: &Option<String>,
    ty: Option<metadata::Type>,
) -> Async {
    Async {
        type_id: id.index(),
        interface: interface.clone(),
        name: name.clone(),
        ty: opt(ty),
    }
}

/// Re-inserts every object's keys in sorted order (independent of whether
/// serde_json's `preserve_order` feature is on somewhere in the build).
fn sort_keys(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sort_keys(v)))
                    .collect(),
            )
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sort_keys).collect())
        }
        other => other,
    }
}
