//! How the client is shaped for one API: method names that beat the derived ones, how its list
//! endpoints paginate, and which calls must not be repeated. Read from `spec/client.yaml`; every field is optional.

use crate::load::SpecError;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    /// operationId → method name, where the derived name reads badly or collides.
    #[serde(default)]
    pub method_names: BTreeMap<String, String>,
    /// HTTP method (`PUT`) → the verb its derived method names start with (`update`): a derived
    /// name that starts with another of these verbs gets this one, so a verb means one kind of
    /// call in every group.
    #[serde(default)]
    pub verbs: BTreeMap<String, String>,
    #[serde(default)]
    pub pagination: Option<Pagination>,
    /// Names for generated enums, by the JSON pointer of any place the enum's values appear.
    #[serde(default)]
    pub type_names: BTreeMap<String, String>,
    /// Tagged unions whose members report one item of a bulk call.
    #[serde(default)]
    pub bulk_outcomes: Option<BulkOutcomes>,
    /// operationId → why a PUT or DELETE must not be repeated once it may have reached the server.
    #[serde(default)]
    pub not_repeatable: BTreeMap<String, NotRepeatable>,
    /// The names an earlier generation published, by the JSON pointer each type comes from
    /// (`cargo xtask regen` reads them from the crate's `api-surface.json`): a derived type
    /// keeps its published name while no component claims it, and a new derived type does not
    /// take a name that still belongs to a place in the document, so an update renames only what
    /// it must. Not part of `client.yaml`.
    #[serde(skip)]
    pub published_names: BTreeMap<String, String>,
}

/// A PUT or DELETE whose repeat the API may answer with an error although the first attempt took
/// effect: retried only when the request never reached the server.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct NotRepeatable {
    /// What a repeat may answer, for the method's documentation.
    pub reason: String,
    /// What this is concluded from.
    pub evidence: String,
}

/// The tags of the success and failure members of a bulk result (`BulkActionSuccess`, …):
/// unions with exactly these two members get `dixa::BulkOutcome` to split a list of them.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct BulkOutcomes {
    pub success_tag: String,
    pub failure_tag: String,
}

/// Cursor pagination: a query parameter takes the cursor, the response lists items in one field
/// and links the next page in another.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Pagination {
    /// The query parameter carrying the cursor, e.g. `pageKey`.
    pub cursor_parameter: String,
    /// The response property holding the page's items, e.g. `data`.
    pub items: String,
    /// The response property holding the links object, e.g. `meta`.
    pub links: String,
    /// The property of the links object holding the next page's URL, e.g. `next`.
    pub next: String,
}

impl Config {
    pub fn from_file(path: &Path) -> Result<Config, SpecError> {
        let file = path.display().to_string();
        let tree = crate::load::read_tree(path)?;
        serde_path_to_error::deserialize(&tree)
            .map_err(|e| SpecError::new(&file, crate::load::path_to_pointer(e.path()), e.inner().to_string()))
    }
}
