//! The files around the generated code: `Cargo.toml`, `lib.rs`, `README.md`, and the
//! hand-written runtime (`codegen/runtime/`), copied in verbatim.

use super::decode::{Absent, ObjectField};
use super::text::{inline_text, rust_string, single_line, toml_string};
use super::{File, GENERATED_MARKER};
use crate::model::{Api, Encoding, Style, TypeKind};

/// Whether an API needs a runtime module, a part of one, or an item it exports.
type Needed = fn(&Api) -> bool;

/// A runtime module: its file, what it exports, whether an API needs it, and the parts of it
/// kept only where the API needs them.
struct RuntimeModule {
    name: &'static str,
    source: &'static str,
    /// `pub use` items (re-exported at the crate root), each with when.
    public: &'static [(&'static str, Needed)],
    /// `pub(crate) use` items, for the generated code, each with when.
    internal: &'static [(&'static str, Needed)],
    needed: Needed,
    /// The parts of the source between `// @part <name>` and `// @end`, each with when: an API
    /// gets only the code it uses, so a crate has no dead code.
    parts: &'static [(&'static str, Needed)],
}

/// The runtime sources, compiled into the generator so that it needs no files at run time.
const RUNTIME: &[RuntimeModule] = &[
    RuntimeModule {
        name: "body",
        source: include_str!("../../runtime/body.rs"),
        public: &[],
        internal: &[("Part", has_multipart_body)],
        needed: has_body,
        parts: &[
            ("json", |api| has_body_in(api, Encoding::Json)),
            ("form", |api| has_body_in(api, Encoding::Form)),
            ("multipart", has_multipart_body),
            ("text", |api| has_body_in(api, Encoding::Text)),
            ("bytes", |api| has_body_in(api, Encoding::Bytes)),
            ("fields", |api| {
                has_body_in(api, Encoding::Form) || has_multipart_body(api)
            }),
        ],
    },
    RuntimeModule {
        name: "bulk",
        source: include_str!("../../runtime/bulk.rs"),
        public: &[("BulkOutcome", always), ("BulkOutcomes", always)],
        internal: &[],
        needed: has_bulk_outcomes,
        parts: &[],
    },
    RuntimeModule {
        name: "client",
        source: include_str!("../../runtime/client.rs"),
        public: &[("Client", always), ("ClientBuilder", always)],
        internal: &[],
        needed: has_operations,
        parts: &[],
    },
    RuntimeModule {
        name: "datetime",
        source: include_str!("../../runtime/datetime.rs"),
        public: &[("DateTime", always), ("ParseDateTimeError", always)],
        internal: &[],
        needed: always,
        parts: &[],
    },
    RuntimeModule {
        name: "error",
        source: include_str!("../../runtime/error.rs"),
        public: &[("ApiError", always), ("DecodeError", always), ("Error", always)],
        internal: &[],
        needed: always,
        parts: &[("operations", has_operations)],
    },
    RuntimeModule {
        name: "events",
        source: include_str!("../../runtime/events.rs"),
        public: &[],
        internal: &[("Payload", always)],
        needed: has_webhooks,
        parts: &[],
    },
    RuntimeModule {
        name: "field_paths",
        source: include_str!("../../runtime/field_paths.rs"),
        public: &[],
        internal: &[],
        needed: always,
        parts: &[("members", has_members)],
    },
    RuntimeModule {
        name: "from_json",
        source: include_str!("../../runtime/from_json.rs"),
        public: &[("from_json", always)],
        internal: &[],
        needed: always,
        parts: &[],
    },
    RuntimeModule {
        name: "object",
        source: include_str!("../../runtime/object.rs"),
        public: &[],
        internal: &[
            ("Key", has_struct_fields),
            ("Object", always),
            ("decode_object", always),
            ("field", has_struct_fields),
            ("required", has_required_fields),
            ("skip", always),
        ],
        needed: |api| !decoded_structs(api).is_empty(),
        parts: &[("fields", has_struct_fields), ("required", has_required_fields)],
    },
    RuntimeModule {
        name: "open_enum",
        source: include_str!("../../runtime/open_enum.rs"),
        public: &[],
        internal: &[("deserialize_open_enum", always)],
        needed: has_enums,
        parts: &[],
    },
    RuntimeModule {
        name: "pagination",
        source: include_str!("../../runtime/pagination.rs"),
        public: &[("Pages", always)],
        internal: &[("paginate", always)],
        needed: has_pagination,
        parts: &[],
    },
    RuntimeModule {
        name: "params",
        source: include_str!("../../runtime/params.rs"),
        public: &[],
        internal: &[("segment", has_path_params)],
        needed: |api| api.operations.iter().any(|o| o.params().next().is_some()),
        parts: &[
            ("path", has_path_params),
            ("query_form", |api| has_query_style(api, &[Style::Form, Style::Simple])),
            ("query_delimited", |api| {
                has_query_style(api, &[Style::SpaceDelimited, Style::PipeDelimited])
            }),
            ("query_deep", |api| has_query_style(api, &[Style::DeepObject])),
            ("header", |api| {
                api.operations.iter().any(|o| !o.header_params.is_empty())
            }),
            ("simple", |api| {
                has_path_params(api)
                    || has_query_style(api, &[Style::Form, Style::Simple])
                    || api.operations.iter().any(|o| !o.header_params.is_empty())
            }),
        ],
    },
    RuntimeModule {
        name: "rate_limit",
        source: include_str!("../../runtime/rate_limit.rs"),
        public: &[],
        internal: &[],
        needed: has_operations,
        parts: &[],
    },
    RuntimeModule {
        name: "request",
        source: include_str!("../../runtime/request.rs"),
        public: &[("RequestOptions", always), ("Response", always)],
        internal: &[("Request", always)],
        needed: has_operations,
        parts: &[
            ("bodies", has_body),
            ("not_repeatable", |api| {
                api.operations.iter().any(|o| o.not_repeatable.is_some())
            }),
            ("json_response", |api| has_response_in(api, Some(Encoding::Json))),
            ("empty_response", |api| has_response_in(api, None)),
            ("text_response", |api| has_response_in(api, Some(Encoding::Text))),
            ("bytes_response", |api| has_response_in(api, Some(Encoding::Bytes))),
        ],
    },
    RuntimeModule {
        name: "retry",
        source: include_str!("../../runtime/retry.rs"),
        public: &[("RetryPolicy", always)],
        internal: &[],
        needed: has_operations,
        parts: &[],
    },
    RuntimeModule {
        name: "tagged",
        source: include_str!("../../runtime/tagged.rs"),
        public: &[],
        internal: &[("Tagged", always)],
        needed: has_tagged_unions,
        parts: &[],
    },
];

fn always(_: &Api) -> bool {
    true
}

fn has_operations(api: &Api) -> bool {
    !api.operations.is_empty()
}

fn has_path_params(api: &Api) -> bool {
    api.operations.iter().any(|o| !o.path_params.is_empty())
}

fn has_query_style(api: &Api, styles: &[Style]) -> bool {
    api.operations
        .iter()
        .any(|o| o.query_params.iter().any(|p| styles.contains(&p.style)))
}

fn has_body(api: &Api) -> bool {
    api.operations.iter().any(|o| o.body.is_some())
}

fn has_body_in(api: &Api, encoding: Encoding) -> bool {
    api.operations
        .iter()
        .any(|o| o.body.as_ref().is_some_and(|b| b.encoding == encoding))
}

pub fn has_multipart_body(api: &Api) -> bool {
    has_body_in(api, Encoding::Multipart)
}

/// Whether a success response is read as `encoding` (`None`: has no body).
fn has_response_in(api: &Api, encoding: Option<Encoding>) -> bool {
    api.operations.iter().any(|o| match (&o.success.ty, encoding) {
        (None, None) => true,
        (Some(_), Some(encoding)) => o.success.encoding == encoding,
        _ => false,
    })
}

fn has_bulk_outcomes(api: &Api) -> bool {
    api.types
        .iter()
        .any(|t| matches!(&t.kind, TypeKind::Union(u) if u.outcome.is_some()))
}

fn has_enums(api: &Api) -> bool {
    let webhook_types = api.webhooks.iter().flat_map(|w| &w.types);
    api.types
        .iter()
        .chain(webhook_types)
        .any(|t| matches!(t.kind, TypeKind::Enum(_)))
}

/// The fields of each struct that decodes through `runtime::object`, as `emit::decode` reads
/// them (the webhook envelope decodes its own way).
fn decoded_structs(api: &Api) -> Vec<Vec<ObjectField<'_>>> {
    let api_structs = api.types.iter().filter_map(|t| match &t.kind {
        TypeKind::Struct(fields) => Some(fields.iter().map(super::types::object_field).collect()),
        _ => None,
    });
    let webhook_structs = api.webhooks.iter().flat_map(|w| {
        w.types.iter().filter_map(|t| match &t.kind {
            TypeKind::Struct(fields) if t.name != w.envelope => {
                Some(fields.iter().map(super::webhooks::object_field).collect())
            }
            _ => None,
        })
    });
    api_structs.chain(webhook_structs).collect()
}

fn has_struct_fields(api: &Api) -> bool {
    decoded_structs(api).iter().any(|fields| !fields.is_empty())
}

fn has_required_fields(api: &Api) -> bool {
    decoded_structs(api).iter().flatten().any(|f| f.absent == Absent::Error)
}

fn has_webhooks(api: &Api) -> bool {
    api.webhooks.is_some()
}

/// Whether some JSON is held before the member it selects is decoded (unions, event payloads).
fn has_members(api: &Api) -> bool {
    has_tagged_unions(api) || has_webhooks(api)
}

pub fn has_pagination(api: &Api) -> bool {
    api.operations.iter().any(|o| o.pagination.is_some())
}

fn has_tagged_unions(api: &Api) -> bool {
    api.types.iter().any(|t| matches!(t.kind, TypeKind::Union(_)))
}

fn used_runtime(api: &Api) -> impl Iterator<Item = &'static RuntimeModule> + '_ {
    RUNTIME.iter().filter(move |m| (m.needed)(api))
}

/// A runtime source with the parts the API does not need left out, and the part markers gone.
fn kept_parts(module: &RuntimeModule, api: &Api) -> String {
    let mut out = String::with_capacity(module.source.len());
    let mut skipping = false;
    for line in module.source.lines() {
        let marker = line.trim_start();
        if let Some(name) = marker.strip_prefix("// @part ") {
            skipping = !module
                .parts
                .iter()
                .any(|(part, needed)| *part == name.trim() && needed(api));
        } else if marker == "// @end" {
            skipping = false;
        } else if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// What the crate root re-exports from the runtime, in rustfmt's order for edition 2024.
fn public_exports(api: &Api) -> Vec<&'static str> {
    let mut names: Vec<&str> = used_runtime(api)
        .flat_map(|m| m.public.iter())
        .filter(|(_, needed)| needed(api))
        .map(|(name, _)| *name)
        .collect();
    names.sort_unstable();
    names
}

const README: &str = include_str!("../../runtime/README.md");
/// A runnable example for a crate generated from Dixa's document, emitted only where the API
/// has every operation it calls and every shape it relies on (so that it compiles).
struct Example {
    name: &'static str,
    source: &'static str,
    /// (group, method) of each operation it calls.
    uses: &'static [(&'static str, &'static str)],
    /// The shapes it relies on besides the operations: those the document's corrections give.
    needs: &'static [Need],
}

/// A shape an example relies on.
enum Need {
    /// A tagged union's variant holding a member type no other variant holds (so that
    /// `Union::from(member)` exists and `Union::Variant(..)` matches): (union, variant, member).
    Variant(&'static str, &'static str, &'static str),
    /// An open enum of this name.
    Enum(&'static str),
    /// An identifier newtype of this name.
    Id(&'static str),
    /// A tagged union's accessor of a field all its members share: (union, accessor).
    Accessor(&'static str, &'static str),
    /// A response type that iterates as its list.
    Iterates(&'static str),
}

const EXAMPLES: &[Example] = &[
    Example {
        name: "list_agents",
        source: include_str!("../../runtime/examples/list_agents.rs"),
        uses: &[("agents", "list")],
        needs: &[],
    },
    Example {
        name: "conversation_lifecycle",
        source: include_str!("../../runtime/examples/conversation_lifecycle.rs"),
        uses: &[
            ("conversations", "create"),
            ("conversations", "add_message"),
            ("conversations", "tag"),
            ("conversations", "close"),
        ],
        needs: &[
            Need::Variant("Content", "Text", "Text"),
            Need::Variant("CreateConversationInput", "Email", "Email"),
            Need::Variant("CreateMessageInput", "Outbound", "Outbound"),
        ],
    },
    Example {
        name: "anonymize_end_user",
        source: include_str!("../../runtime/examples/anonymize_end_user.rs"),
        uses: &[("end_users", "anonymize"), ("anonymization", "get_status")],
        needs: &[],
    },
    Example {
        name: "nightly_report",
        source: include_str!("../../runtime/examples/nightly_report.rs"),
        uses: &[
            ("end_users", "get"),
            ("end_users", "list_conversations"),
            ("conversations", "list_tags"),
            ("conversations", "list_ratings"),
        ],
        needs: &[
            Need::Id("EndUserId"),
            Need::Enum("ConversationState"),
            Need::Accessor("Conversation", "state"),
            Need::Iterates("ConversationTagsOutput"),
        ],
    },
    Example {
        name: "triage",
        source: include_str!("../../runtime/examples/triage.rs"),
        uses: &[
            ("tags", "list"),
            ("tags", "create"),
            ("queues", "list"),
            ("search", "conversations"),
            ("conversations", "get"),
            ("conversations", "tag"),
            ("conversations", "add_internal_note"),
            ("conversations", "transfer_queue"),
            ("conversations", "claim"),
        ],
        needs: &[
            Need::Id("AgentId"),
            Need::Enum("ConversationState"),
            Need::Variant("SearchHit", "Conversation", "ConversationSearchHit"),
            Need::Accessor("Conversation", "state"),
            Need::Iterates("ListTagsOutput"),
        ],
    },
    Example {
        name: "webhook_admin",
        source: include_str!("../../runtime/examples/webhook_admin.rs"),
        uses: &[
            ("webhooks", "list"),
            ("webhooks", "create"),
            ("webhooks", "get_delivery_status"),
            ("webhooks", "get_delivery_status_logs"),
            ("webhooks", "patch"),
            ("webhooks", "delete"),
        ],
        needs: &[
            Need::Enum("WebhookEvent"),
            Need::Variant("DeliveryStatus", "Detail", "DeliveryDetail"),
            Need::Iterates("ListWebhookSubscriptionsEndpointOutput"),
        ],
    },
    Example {
        name: "analytics_query",
        source: include_str!("../../runtime/examples/analytics_query.rs"),
        uses: &[
            ("analytics", "list_metrics"),
            ("analytics", "get_metric_data"),
            ("analytics", "get_metric_records_data"),
        ],
        needs: &[
            Need::Id("MetricId"),
            Need::Enum("PresetPeriod"),
            Need::Variant("PeriodFilter", "Interval", "Interval"),
            Need::Variant("AggregateValue", "Long", "LongAggregateValue"),
            Need::Variant("AggregateValue", "Double", "DoubleAggregateValue"),
            Need::Variant("FieldType", "StringField", "StringField"),
            Need::Variant("FieldType", "LongField", "LongField"),
        ],
    },
];

fn calls_all(api: &Api, uses: &[(&str, &str)]) -> bool {
    uses.iter()
        .all(|(group, name)| api.operations.iter().any(|o| o.group == *group && o.name == *name))
}

/// Whether the API has every shape of `needs`.
fn has_shapes(api: &Api, needs: &[Need]) -> bool {
    let kind = |name: &str| api.type_def(name).map(|t| &t.kind);
    needs.iter().all(|need| match need {
        Need::Variant(union, variant, member) => {
            let Some(TypeKind::Union(u)) = kind(union) else {
                return false;
            };
            let holding = |v: &&crate::model::UnionVariant| v.ty.as_deref() == Some(*member);
            u.variants.iter().filter(holding).count() == 1
                && u.variants.iter().any(|v| v.name == *variant && holding(&v))
        }
        Need::Enum(name) => matches!(kind(name), Some(TypeKind::Enum(_))),
        Need::Id(name) => matches!(kind(name), Some(TypeKind::Id(_))),
        Need::Accessor(union, accessor) => {
            matches!(kind(union), Some(TypeKind::Union(u)) if u.shared.iter().any(|f| f.name == *accessor))
        }
        Need::Iterates(name) => api.type_def(name).is_some_and(|t| t.iterates.is_some()),
    })
}

/// `examples/*.rs`, for the APIs that have what they call, in the shapes they use: an example
/// is emitted only where it compiles.
pub fn examples(api: &Api, crate_name: &str, lib_name: &str) -> Vec<File> {
    EXAMPLES
        .iter()
        .filter(|example| calls_all(api, example.uses) && has_shapes(api, example.needs))
        .map(|Example { name, source, .. }| File {
            path: format!("examples/{name}.rs"),
            contents: format!(
                "// {GENERATED_MARKER}: copied from codegen/runtime/examples/{name}.rs. Edit it there.\n\n{}",
                source
                    .replace("dixa::", &format!("{lib_name}::"))
                    .replace("-p dixa ", &format!("-p {crate_name} "))
            ),
        })
        .collect()
}

/// The README's example, for a crate generated from Dixa's document (it calls Dixa operations).
const DIXA_EXAMPLE: &str = include_str!("../../runtime/README.example.md");
/// The operations the example calls: (group, method).
const DIXA_EXAMPLE_USES: &[(&str, &str)] = &[
    ("agents", "list"),
    ("conversations", "get"),
    ("conversations", "list_tags"),
];
/// The shapes it relies on.
const DIXA_EXAMPLE_NEEDS: &[Need] = &[
    Need::Iterates("ListAgentsOutput"),
    Need::Accessor("Conversation", "id"),
    Need::Accessor("Conversation", "channel"),
    Need::Iterates("ConversationTagsOutput"),
];

/// The runtime modules the API needs, copied verbatim, and a `mod.rs` that declares them.
pub fn runtime_files(api: &Api) -> Vec<File> {
    let mut declarations = String::new();
    let mut exports = String::new();
    let mut files = Vec::new();
    for module in used_runtime(api) {
        declarations.push_str(&format!("mod {};\n", module.name));
        for (item, needed) in module.public {
            if needed(api) {
                exports.push_str(&format!("pub use {}::{item};\n", module.name));
            }
        }
        for (item, needed) in module.internal {
            if needed(api) {
                exports.push_str(&format!("pub(crate) use {}::{item};\n", module.name));
            }
        }
        files.push(File {
            path: format!("src/runtime/{}.rs", module.name),
            contents: format!(
                "// {GENERATED_MARKER}: copied from codegen/runtime/{}.rs. Edit it there.\n\n{}",
                module.name,
                kept_parts(module, api)
            ),
        });
    }
    // The client checks base URLs against it; a crate without operations has no client.
    let version_prefix = if has_operations(api) {
        format!(
            "\n/// The version segment every operation's path starts with (empty if they share none): a base\n/// URL that ends in it would double it.\nconst VERSION_PREFIX: &str = {:?};\n",
            version_prefix(api)
        )
    } else {
        String::new()
    };
    files.push(File {
        path: "src/runtime/mod.rs".into(),
        contents: format!(
            "// {GENERATED_MARKER}. Do not edit.\n\n//! The hand-written part of the crate (`codegen/runtime/` in the generator): HTTP, retries,\n//! errors, timestamps, and what the generated code of this API needs.\n\n{declarations}\n{exports}{version_prefix}"
        ),
    });
    files
}

/// `/v1` when every operation's path starts with the same version segment (`v` and digits).
fn version_prefix(api: &Api) -> String {
    let mut firsts = api
        .operations
        .iter()
        .map(|o| o.path.trim_start_matches('/').split('/').next().unwrap_or(""));
    let Some(first) = firsts.next() else {
        return String::new();
    };
    let is_version = first.len() > 1 && first.starts_with('v') && first[1..].bytes().all(|b| b.is_ascii_digit());
    if is_version && firsts.all(|other| other == first) {
        format!("/{first}")
    } else {
        String::new()
    }
}

pub fn cargo_toml(api: &Api, crate_name: &str) -> File {
    let description = toml_string(&format!(
        "Typed async client for the {} (version {}), generated from its OpenAPI document",
        single_line(&api.title),
        single_line(&api.version)
    ));
    let name = toml_string(crate_name);
    // Streams are only needed for paginated listings, form encoding for form bodies, reqwest's
    // multipart support for multipart bodies.
    let futures = if has_pagination(api) {
        "futures-core = \"0.3\"\n"
    } else {
        ""
    };
    let reqwest_features = if has_multipart_body(api) {
        "\"multipart\", \"rustls-tls\""
    } else {
        "\"rustls-tls\""
    };
    let urlencoded = if has_body_in(api, Encoding::Form) {
        "serde_urlencoded = \"0.7\"\n"
    } else {
        ""
    };
    // HMAC for webhook signatures: `ring`, which rustls already builds.
    let ring = if super::webhooks::verifies_signatures(api) {
        "ring = \"0.17\"\n"
    } else {
        ""
    };
    // The webhook receiver example serves HTTP with axum.
    let (receiver_deps, tokio_dev_features) = if super::webhooks::verifies_signatures(api) {
        (
            "axum = { version = \"0.8\", default-features = false, features = [\"http1\", \"tokio\"] }\n",
            ", \"net\"",
        )
    } else {
        ("", "")
    };
    let contents = format!(
        r#"# {GENERATED_MARKER}. Do not edit.
[package]
name = {name}
version = "0.1.0"
edition = "2024"
rust-version = "1.85"
license = "MIT OR Apache-2.0"
description = {description}
readme = "README.md"

[features]
# Conversions between `DateTime` and chrono's / time's types.
chrono = ["dep:chrono"]
time = ["dep:time"]

[dependencies]
chrono = {{ version = "0.4", optional = true, default-features = false, features = ["std"] }}
fastrand = "2"
{futures}httpdate = "1"
percent-encoding = "2"
reqwest = {{ version = "0.12", default-features = false, features = [{reqwest_features}] }}
{ring}serde = {{ version = "1", features = ["derive"] }}
serde_json = {{ version = "1", features = ["preserve_order", "raw_value"] }}
serde_path_to_error = "0.1"
{urlencoded}time = {{ version = "0.3", optional = true, default-features = false, features = ["std"] }}
tokio = {{ version = "1", features = ["time", "sync"] }}
tracing = {{ version = "0.1", default-features = false, features = ["std"] }}
uuid = {{ version = "1", features = ["serde"] }}

[dev-dependencies]
{receiver_deps}tokio = {{ version = "1", features = ["macros", "rt-multi-thread"{tokio_dev_features}] }}
"#
    );
    File {
        path: "Cargo.toml".into(),
        contents,
    }
}

/// `lib.rs`, written as text in the form rustfmt keeps, because `cargo fmt` formats the crate
/// root; every other module is marked `#[rustfmt::skip]` and keeps prettyplease's layout.
pub fn lib_rs(api: &Api, crate_name: &str) -> File {
    let base_url = rust_string(api.base_url.as_deref().unwrap_or_default());
    let variable_prefix = crate_name.to_uppercase().replace('-', "_");
    let exports: String = public_exports(api)
        .iter()
        .map(|name| format!("pub use runtime::{name};\n"))
        .collect();
    let contents = format!(
        r#"// {GENERATED_MARKER} from the OpenAPI document. Do not edit.

#![doc = include_str!("../README.md")]
#![allow(clippy::large_enum_variant, clippy::too_many_arguments)]
#![warn(missing_docs)]

#[rustfmt::skip]
pub mod api;
#[rustfmt::skip]
mod runtime;
#[rustfmt::skip]
pub mod types;
{webhooks_mod}
/// {reqwest_doc}
pub use reqwest;
{exports}/// The UUID type of ids (`{crate_name}::uuid::Uuid`).
pub use uuid;

/// The base URL of the {title}: the first server its document names.
pub const DEFAULT_BASE_URL: &str = {base_url};
{variables}"#,
        title = inline_text(&api.title),
        // The client reads them; a crate without operations has none.
        variables = if has_operations(api) {
            format!(
                "/// The environment variable [`Client::from_env`] reads the API token from.\npub const TOKEN_VARIABLE: &str = \"{variable_prefix}_API_TOKEN\";\n/// The environment variable that, when set, replaces [`DEFAULT_BASE_URL`] in [`Client::from_env`].\npub const BASE_URL_VARIABLE: &str = \"{variable_prefix}_BASE_URL\";\n"
            )
        } else {
            String::new()
        },
        reqwest_doc = if has_operations(api) {
            "The HTTP client underneath, for [`ClientBuilder::http_client`]."
        } else {
            "The HTTP library whose status and header types [`ApiError`] carries."
        },
        webhooks_mod = if has_webhooks(api) {
            "#[rustfmt::skip]\npub mod webhooks;\n"
        } else {
            ""
        },
    );
    File {
        path: "src/lib.rs".into(),
        contents,
    }
}

pub fn readme(api: &Api, crate_name: &str, lib_name: &str) -> File {
    let example = if calls_all(api, DIXA_EXAMPLE_USES) && has_shapes(api, DIXA_EXAMPLE_NEEDS) {
        DIXA_EXAMPLE.to_owned()
    } else if has_operations(api) {
        "```rust,no_run\nlet client = {crate}::Client::builder(\"token\").base_url(\"http://localhost:8080\").build();\n# let _ = client;\n```\n".to_owned()
    } else {
        "```rust\nlet json: Result<serde_json::Value, {crate}::DecodeError> = {crate}::from_json(b\"{}\");\nassert!(json.is_ok());\n```\n".to_owned()
    };
    let (webhooks, webhooks_dependency) = match &api.webhooks {
        Some(w) if w.signature.is_some() => (
            "- Webhook deliveries: [`webhooks`] verifies their signature over the raw body and decodes them\n  into typed events (`webhooks::verify_and_decode`).\n",
            "| `ring` | HMAC-SHA256 for webhook signatures, compared in constant time; rustls builds it already, so it adds no crate | |\n",
        ),
        Some(_) => ("- Webhook deliveries: [`webhooks`] decodes them into typed events.\n", ""),
        None => ("", ""),
    };
    let contents = README
        .replace("{example}", &example.replace("{crate}", lib_name))
        .replace("{webhooks}", webhooks)
        .replace("{webhooks_dependency}", webhooks_dependency)
        .replace("{crate}", crate_name)
        .replace("{title}", &inline_text(&api.title));
    File {
        path: "README.md".into(),
        contents,
    }
}

/// `api-surface.json`: the crate's public API as data, which the next `regen` compares against
/// to report what changed.
pub fn surface_json(api: &Api) -> File {
    let surface = crate::surface::surface(api);
    let json = serde_json::to_string_pretty(&surface).expect("the surface serializes");
    File {
        path: SURFACE_FILE.into(),
        contents: format!("{{\"@generated\": \"{GENERATED_MARKER}\",\n{}", &json[1..]),
    }
}

/// Where the API surface is kept in the generated crate.
pub const SURFACE_FILE: &str = "api-surface.json";

#[cfg(test)]
mod tests {
    use super::RUNTIME;

    /// Every `// @part` of a runtime source is declared with its condition, every declared part
    /// is in the source, and parts neither nest nor stay open: a part that silently never
    /// applies would leave dead code, or drop needed code, in some crate.
    #[test]
    fn runtime_parts_are_declared_and_closed() {
        for module in RUNTIME {
            let mut open: Option<&str> = None;
            let mut seen = Vec::new();
            for (number, line) in module.source.lines().enumerate() {
                let marker = line.trim_start();
                let at = format!("runtime/{}.rs:{}", module.name, number + 1);
                if let Some(name) = marker.strip_prefix("// @part ") {
                    assert!(open.is_none(), "{at}: part `{name}` opens inside another");
                    assert!(
                        module.parts.iter().any(|(part, _)| *part == name),
                        "{at}: part `{name}` is not declared in RUNTIME"
                    );
                    open = Some(name);
                    seen.push(name);
                } else if marker == "// @end" {
                    assert!(open.take().is_some(), "{at}: `// @end` without a part");
                } else {
                    assert!(!marker.starts_with("// @"), "{at}: unknown marker {marker}");
                }
            }
            assert!(
                open.is_none(),
                "runtime/{}.rs: part `{open:?}` is never closed",
                module.name
            );
            for (part, _) in module.parts {
                assert!(seen.contains(part), "runtime/{}.rs has no part `{part}`", module.name);
            }
        }
    }
}
