//! The files around the generated code: `Cargo.toml`, `lib.rs`, `README.md`, and the
//! hand-written runtime (`codegen/runtime/`), copied in verbatim.

use super::text::{inline_text, rust_string, single_line, toml_string};
use super::{File, GENERATED_MARKER};
use crate::model::{Api, TypeKind};

/// A runtime module: its file, what it exports, and whether an API needs it.
struct RuntimeModule {
    name: &'static str,
    source: &'static str,
    /// `pub use` items (re-exported at the crate root).
    public: &'static [&'static str],
    /// `pub(crate) use` items, for the generated code.
    internal: &'static [&'static str],
    needed: fn(&Api) -> bool,
}

/// The runtime sources, compiled into the generator so that it needs no files at run time.
/// Modules an API does not use are left out, so the crate has no dead code.
const RUNTIME: &[RuntimeModule] = &[
    RuntimeModule {
        name: "bulk",
        source: include_str!("../../runtime/bulk.rs"),
        public: &["BulkOutcome", "BulkOutcomes"],
        internal: &[],
        needed: has_bulk_outcomes,
    },
    RuntimeModule {
        name: "client",
        source: include_str!("../../runtime/client.rs"),
        public: &["Client", "ClientBuilder"],
        internal: &[],
        needed: always,
    },
    RuntimeModule {
        name: "datetime",
        source: include_str!("../../runtime/datetime.rs"),
        public: &["DateTime", "ParseDateTimeError"],
        internal: &[],
        needed: always,
    },
    RuntimeModule {
        name: "error",
        source: include_str!("../../runtime/error.rs"),
        public: &["ApiError", "DecodeError", "Error"],
        internal: &[],
        needed: always,
    },
    RuntimeModule {
        name: "events",
        source: include_str!("../../runtime/events.rs"),
        public: &[],
        internal: &["Payload"],
        needed: has_webhooks,
    },
    RuntimeModule {
        name: "field_paths",
        source: include_str!("../../runtime/field_paths.rs"),
        public: &[],
        internal: &[],
        needed: always,
    },
    RuntimeModule {
        name: "open_enum",
        source: include_str!("../../runtime/open_enum.rs"),
        public: &[],
        internal: &["deserialize_open_enum"],
        needed: has_enums,
    },
    RuntimeModule {
        name: "pagination",
        source: include_str!("../../runtime/pagination.rs"),
        public: &["Pages"],
        internal: &["paginate"],
        needed: has_pagination,
    },
    RuntimeModule {
        name: "rate_limit",
        source: include_str!("../../runtime/rate_limit.rs"),
        public: &[],
        internal: &[],
        needed: always,
    },
    RuntimeModule {
        name: "request",
        source: include_str!("../../runtime/request.rs"),
        public: &["from_json", "RequestOptions", "Response"],
        internal: &["segment", "Request"],
        needed: always,
    },
    RuntimeModule {
        name: "retry",
        source: include_str!("../../runtime/retry.rs"),
        public: &["RetryPolicy"],
        internal: &[],
        needed: always,
    },
    RuntimeModule {
        name: "tagged",
        source: include_str!("../../runtime/tagged.rs"),
        public: &[],
        internal: &["Tagged"],
        needed: has_tagged_unions,
    },
];

fn always(_: &Api) -> bool {
    true
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

fn has_webhooks(api: &Api) -> bool {
    api.webhooks.is_some()
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

/// What the crate root re-exports from the runtime, in rustfmt's order for edition 2024.
fn public_exports(api: &Api) -> Vec<&'static str> {
    let mut names: Vec<&str> = used_runtime(api).flat_map(|m| m.public.iter().copied()).collect();
    names.sort_unstable();
    names
}

const README: &str = include_str!("../../runtime/README.md");
/// A runnable example for a crate generated from Dixa's document, emitted only where the API
/// has every operation it calls.
struct Example {
    name: &'static str,
    source: &'static str,
    /// (group, method) of each operation it calls.
    uses: &'static [(&'static str, &'static str)],
}

const EXAMPLES: &[Example] = &[
    Example {
        name: "list_agents",
        source: include_str!("../../runtime/examples/list_agents.rs"),
        uses: &[("agents", "list")],
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
    },
    Example {
        name: "anonymize_end_user",
        source: include_str!("../../runtime/examples/anonymize_end_user.rs"),
        uses: &[("end_users", "anonymize"), ("anonymization", "get_status")],
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
    },
    Example {
        name: "analytics_query",
        source: include_str!("../../runtime/examples/analytics_query.rs"),
        uses: &[
            ("analytics", "list_metrics"),
            ("analytics", "get_metric_data"),
            ("analytics", "get_metric_records_data"),
        ],
    },
];

fn has_operations(api: &Api, uses: &[(&str, &str)]) -> bool {
    uses.iter()
        .all(|(group, name)| api.operations.iter().any(|o| o.group == *group && o.name == *name))
}

/// `examples/*.rs`, for the APIs that have what they call.
pub fn examples(api: &Api, crate_name: &str) -> Vec<File> {
    EXAMPLES
        .iter()
        .filter(|example| has_operations(api, example.uses))
        .map(|Example { name, source, .. }| File {
            path: format!("examples/{name}.rs"),
            contents: format!(
                "// {GENERATED_MARKER}: copied from codegen/runtime/examples/{name}.rs. Edit it there.\n\n{}",
                source
                    .replace("dixa::", &format!("{crate_name}::"))
                    .replace("-p dixa ", &format!("-p {crate_name} "))
            ),
        })
        .collect()
}

/// The README's example, for a crate generated from Dixa's document (it calls Dixa operations).
const DIXA_EXAMPLE: &str = include_str!("../../runtime/README.example.md");
/// The operations the example calls: (group, method).
const DIXA_EXAMPLE_USES: &[(&str, &str)] = &[("agents", "list"), ("conversations", "get")];

/// The runtime modules the API needs, copied verbatim, and a `mod.rs` that declares them.
pub fn runtime_files(api: &Api) -> Vec<File> {
    let mut declarations = String::new();
    let mut exports = String::new();
    let mut files = Vec::new();
    for module in used_runtime(api) {
        declarations.push_str(&format!("mod {};\n", module.name));
        for item in module.public {
            exports.push_str(&format!("pub use {}::{item};\n", module.name));
        }
        for item in module.internal {
            exports.push_str(&format!("pub(crate) use {}::{item};\n", module.name));
        }
        files.push(File {
            path: format!("src/runtime/{}.rs", module.name),
            contents: format!(
                "// {GENERATED_MARKER}: copied from codegen/runtime/{}.rs. Edit it there.\n\n{}",
                module.name, module.source
            ),
        });
    }
    let prefix = version_prefix(api);
    files.push(File {
        path: "src/runtime/mod.rs".into(),
        contents: format!(
            "// {GENERATED_MARKER}. Do not edit.\n\n//! The hand-written part of the crate (`codegen/runtime/` in the generator): HTTP, retries,\n//! errors, timestamps, and what the generated code of this API needs.\n\n{declarations}\n{exports}\n/// The version segment every operation's path starts with (empty if they share none): a base\n/// URL that ends in it would double it.\nconst VERSION_PREFIX: &str = {prefix:?};\n"
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
    // Streams are only needed for paginated listings.
    let futures = if has_pagination(api) {
        "futures-core = \"0.3\"\n"
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
reqwest = {{ version = "0.12", default-features = false, features = ["rustls-tls"] }}
{ring}serde = {{ version = "1", features = ["derive"] }}
serde_json = {{ version = "1", features = ["preserve_order", "raw_value"] }}
serde_path_to_error = "0.1"
time = {{ version = "0.3", optional = true, default-features = false, features = ["std"] }}
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
/// The HTTP client underneath, for [`ClientBuilder::http_client`].
pub use reqwest;
{exports}/// The UUID type of ids (`{crate_name}::uuid::Uuid`).
pub use uuid;

/// The base URL of the {title}: the first server its document names.
pub const DEFAULT_BASE_URL: &str = {base_url};
/// The environment variable [`Client::from_env`] reads the API token from.
pub const TOKEN_VARIABLE: &str = "{variable_prefix}_API_TOKEN";
/// The environment variable that, when set, replaces [`DEFAULT_BASE_URL`] in [`Client::from_env`].
pub const BASE_URL_VARIABLE: &str = "{variable_prefix}_BASE_URL";
"#,
        title = inline_text(&api.title),
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

pub fn readme(api: &Api, crate_name: &str) -> File {
    let example = if has_operations(api, DIXA_EXAMPLE_USES) {
        DIXA_EXAMPLE.to_owned()
    } else {
        "```rust,no_run\nlet client = {crate}::Client::builder(\"token\").base_url(\"http://localhost:8080\").build();\n# let _ = client;\n```\n".to_owned()
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
        .replace("{example}", &example)
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
