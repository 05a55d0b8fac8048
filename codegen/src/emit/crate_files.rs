//! The files around the generated code: `Cargo.toml`, `lib.rs`, `README.md`, and the
//! hand-written runtime (`codegen/runtime/`), copied in verbatim.

use super::{File, GENERATED_MARKER};
use crate::model::Api;

/// The runtime sources, compiled into the generator so that it needs no files at run time.
const RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("bulk.rs", include_str!("../../runtime/bulk.rs")),
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("datetime.rs", include_str!("../../runtime/datetime.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("pagination.rs", include_str!("../../runtime/pagination.rs")),
    ("rate_limit.rs", include_str!("../../runtime/rate_limit.rs")),
    ("request.rs", include_str!("../../runtime/request.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("serde_support.rs", include_str!("../../runtime/serde_support.rs")),
];

const README: &str = include_str!("../../runtime/README.md");
/// The README's example, for a crate generated from Dixa's document (it calls Dixa operations).
const DIXA_EXAMPLE: &str = include_str!("../../runtime/README.example.md");
/// The operations the example calls: (group, method).
const DIXA_EXAMPLE_USES: &[(&str, &str)] = &[("agents", "list"), ("conversations", "get")];

pub fn runtime_files() -> Vec<File> {
    RUNTIME
        .iter()
        .map(|(name, text)| File {
            path: format!("src/runtime/{name}"),
            contents: format!("// {GENERATED_MARKER}: copied from codegen/runtime/{name}. Edit it there.\n\n{text}"),
        })
        .collect()
}

pub fn cargo_toml(api: &Api, crate_name: &str) -> File {
    let description = format!(
        "Typed async client for the {} (version {}), generated from its OpenAPI document",
        api.title, api.version
    )
    .replace('\\', "\\\\")
    .replace('"', "\\\"");
    let contents = format!(
        r#"# {GENERATED_MARKER}. Do not edit.
[package]
name = "{crate_name}"
version = "0.1.0"
edition = "2021"
rust-version = "1.80"
license = "MIT OR Apache-2.0"
description = "{description}"
readme = "README.md"

[features]
# Conversions between `DateTime` and chrono's / time's types.
chrono = ["dep:chrono"]
time = ["dep:time"]

[dependencies]
chrono = {{ version = "0.4", optional = true, default-features = false, features = ["std"] }}
fastrand = "2"
futures-core = "0.3"
futures-util = {{ version = "0.3", default-features = false }}
httpdate = "1"
percent-encoding = "2"
reqwest = {{ version = "0.12", default-features = false, features = ["rustls-tls"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = {{ version = "1", features = ["preserve_order"] }}
serde_path_to_error = "0.1"
time = {{ version = "0.3", optional = true, default-features = false, features = ["std"] }}
tokio = {{ version = "1", features = ["time", "sync"] }}
tracing = {{ version = "0.1", default-features = false, features = ["std"] }}
uuid = {{ version = "1", features = ["serde"] }}

[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
"#
    );
    File {
        path: "Cargo.toml".into(),
        contents,
    }
}

/// `lib.rs`, written as text in the form rustfmt keeps, because `cargo fmt` formats the crate
/// root; every other module is marked `#[rustfmt::skip]` and keeps prettyplease's layout.
pub fn lib_rs(api: &Api) -> File {
    let base_url = api.base_url.clone().unwrap_or_default();
    // In rustfmt's order: lower-case names first.
    let exports = [
        "from_json",
        "ApiError",
        "BulkOutcome",
        "BulkOutcomes",
        "Client",
        "ClientBuilder",
        "DateTime",
        "DecodeError",
        "Error",
        "ParseDateTimeError",
        "RequestOptions",
        "Response",
        "RetryPolicy",
    ];
    let exports: String = exports
        .iter()
        .map(|name| format!("pub use runtime::{name};\n"))
        .collect();
    let contents = format!(
        r#"// {GENERATED_MARKER} from the OpenAPI document. Do not edit.

#![doc = include_str!("../README.md")]
#![allow(clippy::large_enum_variant, clippy::too_many_arguments)]

#[rustfmt::skip]
pub mod api;
#[rustfmt::skip]
mod runtime;
#[rustfmt::skip]
pub mod types;

/// The HTTP client underneath, for [`ClientBuilder::http_client`].
pub use reqwest;
{exports}/// The UUID type of ids (`dixa::uuid::Uuid`).
pub use uuid;

/// The base URL of the {title}: the first server its document names.
pub const DEFAULT_BASE_URL: &str = {base_url:?};
"#,
        title = api.title,
    );
    File {
        path: "src/lib.rs".into(),
        contents,
    }
}

pub fn readme(api: &Api, crate_name: &str) -> File {
    let has = |(group, name): &(&str, &str)| api.operations.iter().any(|o| o.group == *group && o.name == *name);
    let example = if DIXA_EXAMPLE_USES.iter().all(has) {
        DIXA_EXAMPLE.to_owned()
    } else {
        "```rust,no_run\nlet client = {crate}::Client::builder(\"token\").base_url(\"http://localhost:8080\").build();\n# let _ = client;\n```\n".to_owned()
    };
    let contents = README
        .replace("{example}", &example)
        .replace("{crate}", crate_name)
        .replace("{title}", &api.title);
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
    File { path: SURFACE_FILE.into(), contents: format!("{{\"@generated\": \"{GENERATED_MARKER}\",\n{}", &json[1..]) }
}

/// Where the API surface is kept in the generated crate.
pub const SURFACE_FILE: &str = "api-surface.json";
