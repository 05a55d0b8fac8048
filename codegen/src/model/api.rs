//! The model itself: what the generated crate contains, every decision made, free of syntax.
//! The builders (`types.rs`, `operations.rs`) produce it; the emitters only read it.

use std::fmt;

/// Everything the emitters need.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub base_url: Option<String>,
    /// Every type, sorted by name.
    pub types: Vec<TypeDef>,
    /// Every operation, sorted by group and method name.
    pub operations: Vec<Operation>,
    /// The `webhooks` module, when the API has a webhooks document.
    pub webhooks: Option<super::webhooks::Webhooks>,
}

impl Api {
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types
            .binary_search_by(|t| t.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.types[i])
    }
}

/// One named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    /// Where in the document it comes from (a JSON pointer).
    pub origin: String,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// Used (directly or inside another type) in a request: gets a constructor and setters.
    pub input: bool,
    pub kind: TypeKind,
    /// For a response that wraps one list (`{data}`, `{data, meta}`): the list field, which
    /// `IntoIterator` iterates.
    pub iterates: Option<String>,
    /// `From` implementations beyond the obvious ones, decided by the model.
    pub conversions: Vec<Conversion>,
    /// What the type is for, where the document does not say what it is.
    pub role: Option<Role>,
}

/// Where a type is used, to say what it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    /// One kind of a tagged union: the union, its tag property, and this member's tag.
    Member {
        union: String,
        property: String,
        tag: String,
    },
    /// The body these operations send, as (group, method).
    RequestBody(Vec<(String, String)>),
    /// What these operations answer.
    Response(Vec<(String, String)>),
    /// The body of error answers with these statuses (`None` for `default`).
    Error(Vec<Option<u16>>),
    /// The type of a field of another type.
    Field { owner: String, field: String },
    /// What another type (a list, a map, a union without tags) holds.
    Within(String),
}

/// `impl From<from> for` a type, through a chain of unambiguous wrappers: a union's only member
/// of a type, a struct's only field (`PeriodFilter` ← `Preset` ← `PresetValue` ← `PresetPeriod`).
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    pub from: Ty,
    /// The wrappers between, outermost first (`[Preset, PresetValue]`); empty for a direct one.
    pub through: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Vec<Field>),
    /// A `oneOf` tagged by a property (`_type` for Dixa).
    Union(Union),
    /// A `oneOf` without a tag: the first member that decodes wins.
    Untagged(Vec<UntaggedVariant>),
    /// An open string enum: unknown values are kept.
    Enum(Vec<EnumValue>),
    /// A name for another type (maps, lists, primitives).
    Alias(Ty),
    /// An identifier of one kind of thing (`AgentId`): a newtype over a UUID, integer or string,
    /// so that ids of different kinds cannot be mixed up (the corrections' `x-id`).
    Id(Ty),
}

impl TypeKind {
    /// The named types this type refers to.
    pub fn referenced(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self {
            TypeKind::Struct(fields) => fields.iter().for_each(|f| f.ty.named(&mut out)),
            TypeKind::Union(u) => out.extend(u.variants.iter().filter_map(|v| v.ty.clone())),
            TypeKind::Untagged(variants) => variants.iter().for_each(|v| v.ty.named(&mut out)),
            TypeKind::Alias(ty) => ty.named(&mut out),
            TypeKind::Enum(_) | TypeKind::Id(_) => {}
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    /// The name of its setters on an input type (`x(T)`, and `set_x(Option<T>)`), distinct
    /// from `new` and from the other fields' setters.
    pub setter: String,
    pub wire_name: String,
    pub doc: Option<String>,
    /// What the schema says besides its description: the direction it travels (`readOnly`,
    /// `writeOnly`) and its default.
    pub notes: Option<String>,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    /// An optional list that reads as empty when absent (`default: []`): the field is the list
    /// itself, not an `Option`.
    pub empty_when_absent: bool,
    pub deprecated: bool,
    /// Boxed to break a recursive type.
    pub boxed: bool,
}

impl Field {
    /// The field's Rust type: optional and nullable fields are `Option`, except a list that is
    /// empty when absent.
    pub fn rust_ty(&self) -> Ty {
        let inner = if self.boxed {
            Ty::Box(Box::new(self.ty.clone()))
        } else {
            self.ty.clone()
        };
        if (self.required || self.empty_when_absent) && !self.nullable {
            inner
        } else {
            Ty::Option(Box::new(inner))
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The tag property, e.g. `_type`.
    pub tag: String,
    pub variants: Vec<UnionVariant>,
    /// For a bulk result: the indexes of the success and failure variants.
    pub outcome: Option<(usize, usize)>,
    /// The fields every member has, with one type: each gets an accessor on the union.
    pub shared: Vec<SharedField>,
}

/// A field that every member of a tagged union has (`Conversation::id()`).
#[derive(Debug, Clone, PartialEq)]
pub struct SharedField {
    /// The accessor, named as the members' field.
    pub name: String,
    pub wire_name: String,
    /// The field's type without `Option`.
    pub ty: Ty,
    /// Whether the field is an `Option` in each member, in variant order.
    pub optional: Vec<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub tag: String,
    /// The member type; `None` for a member with no fields (a unit variant).
    pub ty: Option<String>,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedVariant {
    pub name: String,
    pub ty: Ty,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub name: String,
    pub wire: String,
}

/// A Rust type expression.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ty {
    Named(String),
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    Uuid,
    DateTime,
    /// Any JSON.
    Json,
    /// Raw bytes (`format: binary`, a file): `Vec<u8>`.
    Bytes,
    Vec(Box<Ty>),
    Map(Box<Ty>, Box<Ty>),
    Option(Box<Ty>),
    Box(Box<Ty>),
}

impl Ty {
    /// Adds the named types this type mentions to `out`.
    pub fn named(&self, out: &mut Vec<String>) {
        match self {
            Ty::Named(n) => out.push(n.clone()),
            Ty::Vec(t) | Ty::Option(t) | Ty::Box(t) => t.named(out),
            Ty::Map(k, v) => {
                k.named(out);
                v.named(out);
            }
            _ => {}
        }
    }

    /// The named type a value of this type contains inline (not behind a `Vec` or map, which
    /// already allocate): a cycle of these has infinite size and must be boxed.
    pub fn contained_inline(&self) -> Option<&str> {
        match self {
            Ty::Named(n) => Some(n),
            Ty::Option(t) => t.contained_inline(),
            _ => None,
        }
    }

    /// Whether a constructor argument or setter of this type takes `impl Into<T>`: strings
    /// (`&str`), named types (a union's member, an id's value), lists (arrays), timestamps
    /// (`SystemTime`, chrono, time) and bytes (`&[u8]`, `&str`) convert; a box takes what it holds.
    pub fn takes_into(&self) -> bool {
        match self {
            Ty::String | Ty::Named(_) | Ty::Vec(_) | Ty::DateTime | Ty::Bytes => true,
            Ty::Box(inner) => inner.takes_into(),
            _ => false,
        }
    }

    /// The type as written by code outside the crate `krate` (documentation examples):
    /// `dixa::types::Agent`, `dixa::DateTime`.
    pub fn outside(&self, krate: &str) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(krate))
            .expect("writing to a String cannot fail");
        out
    }

    fn write(&self, out: &mut dyn fmt::Write, krate: Option<&str>) -> fmt::Result {
        let generic = |out: &mut dyn fmt::Write, name: &str, args: &[&Ty]| -> fmt::Result {
            write!(out, "{name}<")?;
            for (i, arg) in args.iter().enumerate() {
                if i > 0 {
                    out.write_char(',')?;
                }
                arg.write(out, krate)?;
            }
            out.write_char('>')
        };
        match (self, krate) {
            (Ty::Named(name), None) => out.write_str(name),
            (Ty::Named(name), Some(krate)) => write!(out, "{krate}::types::{name}"),
            (Ty::String, _) => out.write_str("String"),
            (Ty::Bool, _) => out.write_str("bool"),
            (Ty::I32, _) => out.write_str("i32"),
            (Ty::I64, _) => out.write_str("i64"),
            (Ty::F32, _) => out.write_str("f32"),
            (Ty::F64, _) => out.write_str("f64"),
            (Ty::Uuid, None) => out.write_str("uuid::Uuid"),
            (Ty::Uuid, Some(krate)) => write!(out, "{krate}::uuid::Uuid"),
            (Ty::DateTime, None) => out.write_str("crate::DateTime"),
            (Ty::DateTime, Some(krate)) => write!(out, "{krate}::DateTime"),
            (Ty::Json, _) => out.write_str("serde_json::Value"),
            (Ty::Bytes, _) => out.write_str("Vec<u8>"),
            (Ty::Vec(t), _) => generic(out, "Vec", &[t]),
            (Ty::Map(k, v), _) => generic(out, "std::collections::BTreeMap", &[k, v]),
            (Ty::Option(t), _) => generic(out, "Option", &[t]),
            (Ty::Box(t), _) => generic(out, "Box", &[t]),
        }
    }
}

/// The type as written inside the generated crate's `types` module, without spaces:
/// `Option<Vec<Agent>>`, `std::collections::BTreeMap<String,i32>` (the form `api-surface.json`
/// records, so it must not change).
impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, None)
    }
}

/// One call of the API.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub operation_id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template, e.g. `/v1/conversations/{conversationId}`.
    pub path: String,
    /// The path template in parts: what the request's path is built from.
    pub path_parts: Vec<PathPart>,
    /// The group (first tag) as a Rust module/method name, e.g. `end_users`.
    pub group: String,
    /// The group's display name, e.g. `End Users`.
    pub group_title: String,
    /// The type of the group's handle (`client.end_users()`), e.g. `EndUsers`.
    pub handle: String,
    /// The method name within its group, e.g. `list`.
    pub name: String,
    /// The request builder's type in the group's module, e.g. `ListRequest`.
    pub builder: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub path_params: Vec<Param>,
    pub query_params: Vec<Param>,
    pub header_params: Vec<Param>,
    pub body: Option<Body>,
    pub success: Response,
    pub errors: Vec<Response>,
    /// The document declares a 101 (protocol upgrade) response.
    pub upgrade: bool,
    pub pagination: Option<Pagination>,
    /// Why this PUT or DELETE must not be repeated once it may have reached the server
    /// (`not-repeatable` in the client configuration); `None` when HTTP's rule applies.
    pub not_repeatable: Option<String>,
}

impl Operation {
    /// Named types this operation sends.
    pub fn input_types(&self) -> Vec<String> {
        let mut out = Vec::new();
        for p in self.params() {
            p.ty.named(&mut out);
        }
        if let Some(body) = &self.body {
            body.ty.named(&mut out);
        }
        out
    }

    /// Path, query and header parameters, in that order.
    pub fn params(&self) -> impl Iterator<Item = &Param> {
        self.path_params
            .iter()
            .chain(&self.query_params)
            .chain(&self.header_params)
    }

    /// The parameters the method takes as arguments (path parameters, then required query and
    /// header parameters); the others are set on the request builder.
    pub fn arguments(&self) -> impl Iterator<Item = &Param> {
        self.path_params.iter().chain(
            self.query_params
                .iter()
                .chain(&self.header_params)
                .filter(|p| p.required),
        )
    }

    /// Whether the API answers by upgrading the connection (101 and no 2xx): a WebSocket, which
    /// the client cannot serve.
    pub fn upgrades_connection(&self) -> bool {
        self.success.status.is_none() && self.upgrade
    }

    /// Whether a parameter is an argument of the method (else it has a setter).
    pub fn is_argument(&self, param: &Param) -> bool {
        self.arguments().any(|a| std::ptr::eq(a, param))
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Text sent as it is.
    Literal(String),
    /// The value of a path parameter (an index into `path_params`), percent-encoded.
    Param(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The Rust name of its field and setter (distinct from the request builder's own names).
    pub name: String,
    pub wire_name: String,
    pub doc: Option<String>,
    pub ty: Ty,
    pub required: bool,
    pub deprecated: bool,
    /// How its value is laid out (OpenAPI's `style`; `simple` for paths and headers, `form`
    /// for queries unless the document says otherwise).
    pub style: Style,
    /// OpenAPI's `explode` (default: true for `form`, false otherwise).
    pub explode: bool,
}

/// How a parameter's value is laid out on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `a,b` / `k,v` (paths, headers).
    Simple,
    /// `name=a&name=b` / `k=v` (queries).
    Form,
    SpaceDelimited,
    PipeDelimited,
    /// `name[k]=v`.
    DeepObject,
}

/// How a body (of a request or a response) is written on the wire, by its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `application/json` and `*+json`: the typed value as JSON.
    Json,
    /// `application/x-www-form-urlencoded`: the typed object's members as fields.
    Form,
    /// `multipart/form-data`: the typed object's members as parts, `format: binary` ones as files.
    Multipart,
    /// `text/*` (and XML, which the caller writes): a `String`.
    Text,
    /// Anything else (`application/octet-stream`, `image/*`, `*/*`): bytes as they are.
    Bytes,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub ty: Ty,
    pub required: bool,
    pub doc: Option<String>,
    /// The document's request example, as given.
    pub example_json: Option<serde_json::Value>,
    /// That example built with the generated types, for the method's documentation.
    pub example: Option<Construct>,
    pub encoding: Encoding,
    /// The media type sent as `Content-Type`.
    pub media_type: String,
    /// For a multipart body: its fields, in order.
    pub parts: Vec<FormPart>,
    /// The other media types the document allows for this body, which the method does not send.
    pub alternatives: Vec<String>,
}

/// How to build a value in Rust code (documentation examples), decided from an example.
#[derive(Debug, Clone, PartialEq)]
pub enum Construct {
    /// A string literal; converted where the place takes `impl Into<…>`.
    Str(String),
    /// A number or boolean as Rust writes it.
    Literal(String),
    /// `"text".parse::<T>()?`: a UUID, an id over one, a timestamp.
    Parse(Ty, String),
    /// `T::new(value)`: an integer id.
    New(String, Box<Construct>),
    /// `T::from("text")`: a text id, or an enum value this crate does not name.
    FromStr(String, String),
    /// `Enum::Variant`.
    Variant(String, String),
    /// `Union::Variant(value)`.
    Wrap(String, String, Box<Construct>),
    /// `T::new(arguments).setter(value)…`; `T::default()…` for a type without required fields.
    Struct {
        name: String,
        arguments: Vec<Construct>,
        setters: Vec<(String, Construct)>,
    },
    List(Vec<Construct>),
    Map(Vec<(Construct, Construct)>),
    /// `Some(value)` / `None` in a map of optional values.
    Some(Box<Construct>),
    None,
}

/// One field of a `multipart/form-data` body: a field of the body's struct.
#[derive(Debug, Clone, PartialEq)]
pub struct FormPart {
    /// The struct field's Rust name.
    pub field: String,
    pub wire_name: String,
    /// Whether the field is an `Option` (sent only when set).
    pub optional: bool,
    /// Sent as a file (`format: binary`, bytes) rather than as text.
    pub file: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status code, or `None` for `default`.
    pub status: Option<u16>,
    pub description: String,
    /// The body's type (`String` for text, `Vec<u8>` for bytes); `None` when the response
    /// declares no body.
    pub ty: Option<Ty>,
    /// How the body is read (`Json`, `Text` or `Bytes`), with the media type asked for.
    pub encoding: Encoding,
    pub media_type: String,
}

/// How to walk an operation's pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The Rust name of the cursor parameter (its field) and its name on the wire.
    pub cursor_param: String,
    pub cursor_wire: String,
    /// The response's item field and the item type.
    pub items_field: String,
    pub item_ty: Ty,
    pub links_field: String,
    pub next_field: String,
    /// Whether each of the three fields is an `Option`.
    pub items_optional: bool,
    pub links_optional: bool,
    pub next_optional: bool,
}

/// A problem the model stage found: not fatal, reported by `regen` with its pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub pointer: String,
    pub message: String,
}
