//! Stage 1, loading: file → JSON tree → corrections applied → every `$ref` and path template
//! checked → typed OpenAPI.
//!
//! Each step is a plain function of its input, so tests can run any of them alone.

mod convert;
pub mod corrections;
mod error;
mod json;
mod locate;
mod normalize;
mod objects;
mod paths;
mod refs;
pub mod walk;
pub mod webhooks;

pub use corrections::{AppliedCorrection, Corrections};
pub use error::{escape_token, pointer, SpecError};
pub(crate) use error::{kind_of, path_to_pointer};
pub use refs::pointer_of;

use serde::Deserialize;
use serde_json::Value;
use std::path::Path;

/// A loaded document: the corrected JSON tree (what the generator reads, and what other tools can
/// consume) and its typed form.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    pub document: Value,
    pub openapi: openapiv3::OpenAPI,
    pub applied: Vec<AppliedCorrection>,
    /// The supplementary webhooks document, when the API has one (`webhooks::load_file`).
    pub webhooks: Option<webhooks::WebhooksSpec>,
}

impl LoadedSpec {
    /// Adds the webhooks document at `path`, its links checked against this (corrected) document.
    pub fn with_webhooks(mut self, path: &Path) -> Result<Self, LoadError> {
        self.webhooks = Some(webhooks::load_file(path, &self.document)?);
        Ok(self)
    }
}

/// Loading failed: one or more located problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError(pub Vec<SpecError>);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

impl From<SpecError> for LoadError {
    fn from(e: SpecError) -> Self {
        LoadError(vec![e])
    }
}

/// Reads `spec` (YAML or JSON) and, when given, applies the corrections file to it.
pub fn load_files(spec: &Path, corrections: Option<&Path>) -> Result<LoadedSpec, LoadError> {
    let spec_name = spec.display().to_string();
    let document = read_tree(spec)?;
    let corrections = match corrections {
        Some(path) => Corrections::parse(&read_tree(path)?, &path.display().to_string()).map_err(LoadError)?,
        None => Corrections::default(),
    };
    load(document, &corrections, &spec_name)
}

/// The largest document read: 150 times Dixa's. Larger input is refused before it is read.
/// (Nesting is limited by the parser: 128 levels, reported with line and column.)
pub const MAX_DOCUMENT_BYTES: u64 = 48 << 20;

/// Reads a YAML or JSON file into a JSON tree (YAML is a superset of JSON, so one parser serves).
pub fn read_tree(path: &Path) -> Result<Value, SpecError> {
    let name = path.display().to_string();
    let cannot_read = |e: std::io::Error| SpecError::new(&name, "", format!("cannot read the file: {e}"));
    check_size(std::fs::metadata(path).map_err(cannot_read)?.len(), &name)?;
    let text = std::fs::read_to_string(path).map_err(cannot_read)?;
    parse_text(&text, &name)
}

fn check_size(bytes: u64, file: &str) -> Result<(), SpecError> {
    if bytes > MAX_DOCUMENT_BYTES {
        return Err(SpecError::new(
            file,
            "",
            format!(
                "the document has {bytes} bytes; the limit is {MAX_DOCUMENT_BYTES} (dixa_codegen::load::MAX_DOCUMENT_BYTES)"
            ),
        ));
    }
    Ok(())
}

/// Parses YAML or JSON text into a JSON tree.
pub fn parse_text(text: &str, file: &str) -> Result<Value, SpecError> {
    check_size(text.len() as u64, file)?;
    if let Some(tree) = json::tree(text) {
        return Ok(tree);
    }
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| SpecError::new(file, "", format!("not valid YAML or JSON: {e}")))?;
    convert::yaml_to_json(yaml, file)
}

/// Applies the corrections to a document tree, checks it, and reads it as OpenAPI 3.0.
pub fn load(mut document: Value, corrections: &Corrections, file: &str) -> Result<LoadedSpec, LoadError> {
    check_version(&document, file)?;
    refs::check(&document, file).map_err(LoadError)?;
    let applied = corrections.apply(&mut document).map_err(LoadError)?;
    if !applied.is_empty() {
        refs::check(&document, file).map_err(LoadError)?;
    }
    paths::check(&document, file).map_err(LoadError)?;
    normalize::schemas(&mut document);
    let openapi = typed(&document, file)?;
    Ok(LoadedSpec {
        document,
        openapi,
        applied,
        webhooks: None,
    })
}

fn check_version(document: &Value, file: &str) -> Result<(), SpecError> {
    if !document.is_object() {
        return Err(SpecError::new(
            file,
            "",
            "the document must be a mapping (an OpenAPI object)",
        ));
    }
    if document.get("swagger").is_some() {
        return Err(SpecError::new(
            file,
            "/swagger",
            "this is a Swagger 2.0 document; only OpenAPI 3.0.x is supported (convert it first, e.g. with swagger2openapi)",
        ));
    }
    match document.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0") => Ok(()),
        Some(Value::String(v)) => Err(SpecError::new(
            file,
            "/openapi",
            format!("OpenAPI version {v} is not supported; only 3.0.x is"),
        )),
        Some(other) => Err(SpecError::new(
            file,
            "/openapi",
            format!("expected a version string such as \"3.0.3\", found {}", kind_of(other)),
        )),
        None => Err(SpecError::new(
            file,
            "",
            "missing the `openapi` version field (expected \"3.0.x\")",
        )),
    }
}

/// Deserializes the tree into `openapiv3` types; a type mismatch is reported with its pointer.
/// Paths are tracked only when the plain (several times faster) pass fails, as in the runtime.
fn typed(document: &Value, file: &str) -> Result<openapiv3::OpenAPI, SpecError> {
    if let Ok(openapi) = openapiv3::OpenAPI::deserialize(document) {
        return Ok(openapi);
    }
    serde_path_to_error::deserialize(document).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        let (pointer, message) = locate::deepest(document, &pointer).unwrap_or((pointer, e.inner().to_string()));
        let message = if message.contains("did not match any variant") {
            "this is not a valid OpenAPI 3.0 object of the kind expected here".to_owned()
        } else {
            message
        };
        SpecError::new(file, pointer, message)
    })
}
