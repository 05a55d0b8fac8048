//! The corrections file: what we know about the wire that the vendor document gets wrong or leaves
//! unsaid, applied to the document tree before anything else reads it.
//!
//! Each entry has an `id`, its `evidence`, optionally what is `inference`, and exactly one action.
//! The actions are mechanisms; which schemas they touch is data in the file. An action that no
//! longer finds what it corrects (Dixa fixed or renamed the thing) is an error, never a silent no-op.

use super::error::{escape_token, pointer, SpecError};
use regex::Regex;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// A parsed corrections file.
#[derive(Debug, Clone, Default)]
pub struct Corrections {
    file: String,
    entries: Vec<Correction>,
}

#[derive(Debug, Clone)]
struct Correction {
    id: String,
    /// Where the entry stands in the corrections file, for error messages.
    at: String,
    action: Action,
}

/// What applying one correction did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedCorrection {
    pub id: String,
    /// How many places in the document it changed.
    pub places: usize,
}

/// The actions a correction can take. See `spec/README.md` for the file format.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Action {
    /// Every component `oneOf` of `$ref`s gets a discriminator on `property`, each member tagged by
    /// its schema name.
    TagUnions { property: String },
    /// Tag values that differ from the member schema's name: member schema → tag.
    TagValues(BTreeMap<String, String>),
    /// These `oneOf`s of empty objects arrive as a bare string naming the member: they become
    /// string enums of the member names.
    StringUnions(Vec<String>),
    /// String schemas whose description lists their values (`values: [A, B]`) get an `enum`.
    EnumFromDescription { pattern: String },
    /// The key type of `additionalProperties` maps: schema → `uuid`, `string`, or the name of a
    /// string enum whose values the map's description lists.
    MapKeys(BTreeMap<String, String>),
    /// Responses every operation can give although the document does not declare them.
    CommonResponses(BTreeMap<String, Value>),
    /// An RFC 6902 JSON Patch; use `test` operations to pin what is being corrected.
    Patch(Vec<Value>),
    /// Rewrites string values inside `example` / `examples` that match `pattern` (a regex) with
    /// `replace` (`$1` for groups): for documentation artifacts in otherwise real samples.
    ExampleStrings { pattern: String, replace: String },
    /// Identifier kinds (`AgentId`): each becomes a component schema marked `x-id` (a newtype in
    /// Rust), and the places listed with their evidence refer to it instead of a bare string.
    IdTypes(BTreeMap<String, IdType>),
    /// Optional array properties with this name get `default: []`: an absent list is an empty one.
    DefaultEmptyLists { property: String },
}

/// One identifier kind of `id-types`. Each place maps to its evidence.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct IdType {
    description: String,
    /// The wire type of every place: `uuid`, `int64` or `string`.
    #[serde(rename = "type")]
    wire: WireType,
    /// Path templates (`/v1/agents/{agentId}`): the trailing path parameter of every operation at
    /// or below the template.
    #[serde(default)]
    path_parameters: BTreeMap<String, String>,
    /// `Schema.property`, `Schema.property[]` (its items) or a JSON pointer to a schema, which
    /// must have the kind's wire type.
    #[serde(default)]
    fields: BTreeMap<String, String>,
    /// Places the document declares as a plain `string` that carry this kind (a type correction).
    #[serde(default)]
    retyped_fields: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum WireType {
    Uuid,
    Int64,
    String,
}

impl WireType {
    fn schema(self) -> Value {
        match self {
            WireType::Uuid => json!({ "type": "string", "format": "uuid" }),
            WireType::Int64 => json!({ "type": "integer", "format": "int64" }),
            WireType::String => json!({ "type": "string" }),
        }
    }

    /// Whether `schema` (a place) is declared with this wire type.
    fn matches(self, schema: &Map<String, Value>) -> bool {
        let expected = self.schema();
        schema.get("type") == expected.get("type") && schema.get("format") == expected.get("format")
    }
}

const ACTIONS: &[&str] = &[
    "tag-unions",
    "tag-values",
    "string-unions",
    "enum-from-description",
    "map-keys",
    "common-responses",
    "patch",
    "example-strings",
    "id-types",
    "default-empty-lists",
];

impl Corrections {
    /// Parses the corrections file's tree. Every problem is reported with its pointer in the file.
    pub fn parse(tree: &Value, file: &str) -> Result<Corrections, Vec<SpecError>> {
        let err = |at: String, msg: String| SpecError::new(file, at, msg);
        let Some(items) = tree.get("corrections").and_then(Value::as_array) else {
            return Err(vec![err(
                String::new(),
                "expected a mapping with a `corrections:` list".into(),
            )]);
        };
        let mut entries = Vec::new();
        let mut errors = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = format!("/corrections/{i}");
            match parse_entry(item, &at) {
                Ok(entry) => entries.push(entry),
                Err((pointer, message)) => errors.push(err(pointer, message)),
            }
        }
        if errors.is_empty() {
            Ok(Corrections {
                file: file.to_owned(),
                entries,
            })
        } else {
            Err(errors)
        }
    }

    /// Applies every correction in file order; reports every stale one, not just the first.
    pub fn apply(&self, document: &mut Value) -> Result<Vec<AppliedCorrection>, Vec<SpecError>> {
        let mut applied = Vec::new();
        let mut errors = Vec::new();
        for entry in &self.entries {
            match entry.action.apply(document) {
                Ok(places) => applied.push(AppliedCorrection {
                    id: entry.id.clone(),
                    places,
                }),
                Err(problem) => errors.push(SpecError::new(
                    &self.file,
                    &entry.at,
                    format!("correction `{}` no longer matches the document: {problem}", entry.id),
                )),
            }
        }
        if errors.is_empty() {
            Ok(applied)
        } else {
            Err(errors)
        }
    }
}

fn parse_entry(item: &Value, at: &str) -> Result<Correction, (String, String)> {
    let Some(map) = item.as_object() else {
        return Err((at.to_owned(), "each correction must be a mapping".into()));
    };
    let text = |key: &str| match map.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        _ => Err((
            format!("{at}/{key}"),
            format!("`{key}` is required and must be a non-empty string"),
        )),
    };
    let id = text("id")?;
    text("evidence")?;
    let mut action = None;
    for (key, value) in map {
        match key.as_str() {
            "id" | "evidence" | "inference" => {}
            k if ACTIONS.contains(&k) => {
                if action.is_some() {
                    return Err((at.to_owned(), "a correction takes exactly one action".into()));
                }
                let tagged = json!({ k: value });
                let parsed: Action = serde_path_to_error::deserialize(&tagged).map_err(|e| {
                    let inner = super::error::path_to_pointer(e.path());
                    (format!("{at}/{}{inner}", escape_token(k)), e.inner().to_string())
                })?;
                action = Some(parsed);
            }
            other => {
                return Err((
                    format!("{at}/{}", escape_token(other)),
                    format!(
                        "unknown key `{other}`; expected id, evidence, inference and one of: {}",
                        ACTIONS.join(", ")
                    ),
                ))
            }
        }
    }
    let action = action.ok_or_else(|| {
        (
            at.to_owned(),
            format!("no action; expected one of: {}", ACTIONS.join(", ")),
        )
    })?;
    Ok(Correction {
        id,
        at: at.to_owned(),
        action,
    })
}

type Outcome = Result<usize, String>;

impl Action {
    fn apply(&self, document: &mut Value) -> Outcome {
        match self {
            Action::TagUnions { property } => tag_unions(document, property),
            Action::TagValues(tags) => tag_values(document, tags),
            Action::StringUnions(names) => string_unions(document, names),
            Action::EnumFromDescription { pattern } => enum_from_description(document, pattern),
            Action::MapKeys(keys) => map_keys(document, keys),
            Action::CommonResponses(responses) => common_responses(document, responses),
            Action::Patch(ops) => patch(document, ops),
            Action::ExampleStrings { pattern, replace } => example_strings(document, pattern, replace),
            Action::IdTypes(kinds) => id_types(document, kinds),
            Action::DefaultEmptyLists { property } => default_empty_lists(document, property),
        }
    }
}

fn schemas_mut(document: &mut Value) -> Result<&mut Map<String, Value>, String> {
    document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| "the document has no /components/schemas".to_owned())
}

fn schema_mut<'a>(schemas: &'a mut Map<String, Value>, name: &str) -> Result<&'a mut Map<String, Value>, String> {
    schemas
        .get_mut(name)
        .and_then(Value::as_object_mut)
        .ok_or_else(|| format!("there is no schema at {}", pointer(["components", "schemas", name])))
}

/// The member schema names of a `oneOf` whose members are all local `$ref`s.
fn ref_members(schema: &Map<String, Value>) -> Option<Vec<String>> {
    let members = schema.get("oneOf")?.as_array()?;
    members
        .iter()
        .map(|m| {
            m.get("$ref")?
                .as_str()?
                .strip_prefix("#/components/schemas/")
                .map(str::to_owned)
        })
        .collect()
}

fn tag_unions(document: &mut Value, property: &str) -> Outcome {
    let mut places = 0;
    for schema in schemas_mut(document)?.values_mut().filter_map(Value::as_object_mut) {
        if schema.contains_key("discriminator") {
            continue;
        }
        let Some(members) = ref_members(schema) else { continue };
        let mapping: Map<String, Value> = members
            .iter()
            .map(|m| (m.clone(), Value::String(format!("#/components/schemas/{m}"))))
            .collect();
        schema.insert(
            "discriminator".into(),
            json!({ "propertyName": property, "mapping": mapping }),
        );
        places += 1;
    }
    if places == 0 {
        return Err("no `oneOf` of `$ref`s without a discriminator was found".into());
    }
    Ok(places)
}

fn tag_values(document: &mut Value, tags: &BTreeMap<String, String>) -> Outcome {
    let schemas = schemas_mut(document)?;
    let mut places = 0;
    for (member, tag) in tags {
        let target = format!("#/components/schemas/{member}");
        let mut found = false;
        for schema in schemas.values_mut() {
            let Some(mapping) = schema
                .pointer_mut("/discriminator/mapping")
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            let Some(old_tag) = mapping
                .iter()
                .find(|(_, v)| v.as_str() == Some(target.as_str()))
                .map(|(k, _)| k.clone())
            else {
                continue;
            };
            let value = mapping.remove(&old_tag).unwrap_or(Value::Null);
            if mapping.contains_key(tag) {
                return Err(format!(
                    "tag `{tag}` for `{member}` is already used by another member of the same union"
                ));
            }
            mapping.insert(tag.clone(), value);
            found = true;
            places += 1;
        }
        if !found {
            return Err(format!("`{member}` is not a member of any tagged union"));
        }
    }
    Ok(places)
}

fn string_unions(document: &mut Value, names: &[String]) -> Outcome {
    let schemas = schemas_mut(document)?;
    for name in names {
        let schema = schema_mut(schemas, name)?;
        let members = ref_members(schema).ok_or_else(|| format!("`{name}` is no longer a `oneOf` of `$ref`s"))?;
        schema.remove("oneOf");
        schema.insert("type".into(), json!("string"));
        schema.insert("enum".into(), json!(members));
    }
    Ok(names.len())
}

fn enum_from_description(document: &mut Value, pattern: &str) -> Outcome {
    let regex = Regex::new(pattern).map_err(|e| format!("the pattern is not a valid regex: {e}"))?;
    let mut places = 0;
    add_enums(document, &regex, &mut places);
    if places == 0 {
        return Err(format!("no string schema has a description matching `{pattern}`"));
    }
    Ok(places)
}

fn add_enums(node: &mut Value, regex: &Regex, places: &mut usize) {
    match node {
        Value::Object(map) => {
            if map.get("type").and_then(Value::as_str) == Some("string") && !map.contains_key("enum") {
                if let Some(values) = map
                    .get("description")
                    .and_then(Value::as_str)
                    .and_then(|d| listed_values(regex, d))
                {
                    map.insert("enum".into(), json!(values));
                    *places += 1;
                }
            }
            for (key, value) in map.iter_mut() {
                if key != "example" && key != "examples" {
                    add_enums(value, regex, places);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| add_enums(item, regex, places)),
        _ => {}
    }
}

/// The comma-separated list captured by the first group of `regex`, if the description matches.
fn listed_values(regex: &Regex, description: &str) -> Option<Vec<String>> {
    let normalized = description.split_whitespace().collect::<Vec<_>>().join(" ");
    let list = regex.captures(&normalized)?.get(1)?.as_str();
    let values: Vec<String> = list
        .split(',')
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect();
    (!values.is_empty()).then_some(values)
}

fn map_keys(document: &mut Value, keys: &BTreeMap<String, String>) -> Outcome {
    let values_list = Regex::new(r"values: \[(.*)\]").expect("constant regex");
    let schemas = schemas_mut(document)?;
    for (name, key) in keys {
        let schema = schema_mut(schemas, name)?;
        if !schema.contains_key("additionalProperties") {
            return Err(format!("`{name}` is no longer a map (`additionalProperties`)"));
        }
        let key_schema = match key.as_str() {
            "uuid" => json!({ "type": "string", "format": "uuid" }),
            "string" => json!({ "type": "string" }),
            enum_name => {
                let description = schema.get("description").and_then(Value::as_str).unwrap_or_default();
                let values = listed_values(&values_list, description)
                    .ok_or_else(|| format!("`{name}` no longer lists its key values in its description"))?;
                json!({ "title": enum_name, "type": "string", "enum": values })
            }
        };
        schema.insert("x-map-key".into(), key_schema);
    }
    Ok(keys.len())
}

fn common_responses(document: &mut Value, responses: &BTreeMap<String, Value>) -> Outcome {
    let paths = document
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| "the document has no paths".to_owned())?;
    let mut places = 0;
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for (method, operation) in item.iter_mut() {
            if !is_method(method) {
                continue;
            }
            let Some(declared) = operation.get_mut("responses").and_then(Value::as_object_mut) else {
                continue;
            };
            for (status, response) in responses {
                if !declared.contains_key(status) {
                    declared.insert(status.clone(), response.clone());
                    places += 1;
                }
            }
        }
    }
    if places == 0 {
        return Err("every operation already declares these responses".into());
    }
    Ok(places)
}

pub(crate) fn is_method(key: &str) -> bool {
    matches!(
        key,
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
    )
}

fn patch(document: &mut Value, ops: &[Value]) -> Outcome {
    let parsed: json_patch::Patch =
        serde_json::from_value(Value::Array(ops.to_vec())).map_err(|e| format!("not a valid JSON Patch: {e}"))?;
    json_patch::patch(document, &parsed).map_err(|e| {
        let op = ops
            .get(e.operation)
            .and_then(|op| op.get("op"))
            .and_then(Value::as_str)
            .unwrap_or("?");
        format!(
            "patch operation {} (`{op}` at {}) failed: {}",
            e.operation, e.path, e.kind
        )
    })?;
    Ok(ops
        .iter()
        .filter(|op| op.get("op").and_then(Value::as_str) != Some("test"))
        .count())
}

fn example_strings(document: &mut Value, pattern: &str, replace: &str) -> Outcome {
    let regex = Regex::new(pattern).map_err(|e| format!("the pattern is not a valid regex: {e}"))?;
    let mut places = 0;
    rewrite_examples(document, false, &regex, replace, &mut places);
    if places == 0 {
        return Err(format!("no example string matches `{pattern}`"));
    }
    Ok(places)
}

fn rewrite_examples(node: &mut Value, in_example: bool, regex: &Regex, replace: &str, places: &mut usize) {
    match node {
        Value::String(text) if in_example && regex.is_match(text) => {
            *text = regex.replace_all(text, replace).into_owned();
            *places += 1;
        }
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                let inside = in_example || key == "example" || key == "examples";
                rewrite_examples(value, inside, regex, replace, places);
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| rewrite_examples(item, in_example, regex, replace, places)),
        _ => {}
    }
}

fn id_types(document: &mut Value, kinds: &BTreeMap<String, IdType>) -> Outcome {
    let mut places = 0;
    for (name, kind) in kinds {
        let schemas = schemas_mut(document)?;
        if schemas.contains_key(name) {
            return Err(format!("the document already has a schema named `{name}`"));
        }
        let mut component = kind.wire.schema();
        component["description"] = json!(kind.description);
        component["x-id"] = json!(true);
        schemas.insert(name.clone(), component);
        let reference = json!({ "$ref": format!("#/components/schemas/{name}") });
        for template in kind.path_parameters.keys() {
            places += id_path_parameters(document, template, kind.wire, &reference)?;
        }
        for (place, retyped) in kind
            .fields
            .keys()
            .map(|p| (p, false))
            .chain(kind.retyped_fields.keys().map(|p| (p, true)))
        {
            let at = place_pointer(place)?;
            let schema = document
                .pointer_mut(&at)
                .and_then(Value::as_object_mut)
                .ok_or_else(|| format!("`{place}`: there is no schema at {at}"))?;
            check_wire_type(schema, kind.wire, retyped).map_err(|e| format!("`{place}` ({at}): {e}"))?;
            refer(schema, &reference);
            places += 1;
        }
    }
    Ok(places)
}

/// `Schema.property` → its pointer, `Schema.property[]` → its items; a pointer stays as it is.
fn place_pointer(place: &str) -> Result<String, String> {
    if place.starts_with('/') {
        return Ok(place.to_owned());
    }
    let (schema, property) = place
        .split_once('.')
        .ok_or_else(|| format!("`{place}` is neither `Schema.property` nor a JSON pointer"))?;
    let (property, items) = match property.strip_suffix("[]") {
        Some(p) => (p, true),
        None => (property, false),
    };
    let mut at = pointer(["components", "schemas", schema, "properties", property]);
    if items {
        at.push_str("/items");
    }
    Ok(at)
}

fn check_wire_type(schema: &Map<String, Value>, wire: WireType, retyped: bool) -> Result<(), String> {
    let declared = Value::Object(schema.clone());
    match (retyped, wire.matches(schema)) {
        (false, true) => Ok(()),
        (false, false) => Err(format!("is declared as {declared}, not as {}", wire.schema())),
        (true, true) => Err("already has the kind's wire type: list it under `fields`".into()),
        (true, false) if WireType::String.matches(schema) => Ok(()),
        (true, false) => Err(format!("is declared as {declared}; only a plain string can be retyped")),
    }
}

/// Makes a place refer to the kind: a bare `$ref`, or `allOf` of it when the place says more
/// (a description) than its type.
fn refer(schema: &mut Map<String, Value>, reference: &Value) {
    schema.remove("type");
    schema.remove("format");
    if schema.is_empty() {
        *schema = reference.as_object().cloned().unwrap_or_default();
    } else {
        schema.insert("allOf".into(), json!([reference]));
    }
}

/// The trailing `{parameter}` of `template` in every operation at or below it.
fn id_path_parameters(document: &mut Value, template: &str, wire: WireType, reference: &Value) -> Outcome {
    let parameter = template
        .strip_suffix('}')
        .and_then(|t| t.rsplit_once('{'))
        .map(|(_, name)| name.to_owned())
        .ok_or_else(|| format!("`{template}` does not end with a `{{parameter}}`"))?;
    let paths = document
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| "the document has no paths".to_owned())?;
    let mut places = 0;
    for (path, item) in paths.iter_mut() {
        let below = path
            .strip_prefix(template)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        let Some(item) = item.as_object_mut().filter(|_| below) else {
            continue;
        };
        for (method, operation) in item.iter_mut().filter(|(m, _)| is_method(m)) {
            let schema = operation
                .get_mut("parameters")
                .and_then(Value::as_array_mut)
                .into_iter()
                .flatten()
                .find(|p| p.get("in") == Some(&json!("path")) && p.get("name") == Some(&json!(parameter)))
                .and_then(|p| p.get_mut("schema"))
                .and_then(Value::as_object_mut)
                .ok_or_else(|| {
                    format!(
                        "{} {path} declares no path parameter `{parameter}` with a schema",
                        method.to_uppercase()
                    )
                })?;
            check_wire_type(schema, wire, false)
                .map_err(|e| format!("`{parameter}` of {} {path}: {e}", method.to_uppercase()))?;
            refer(schema, reference);
            places += 1;
        }
    }
    if places == 0 {
        return Err(format!("no operation is at or below `{template}`"));
    }
    Ok(places)
}

fn default_empty_lists(document: &mut Value, property: &str) -> Outcome {
    let responses = response_schemas(document);
    let mut places = 0;
    for (name, schema) in schemas_mut(document)?.iter_mut() {
        let Some(schema) = schema.as_object_mut().filter(|_| responses.contains(name)) else {
            continue;
        };
        let required = schema
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|r| r.iter().any(|p| p == property));
        let Some(list) = schema
            .get_mut("properties")
            .and_then(|p| p.get_mut(property))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        if required || list.get("type") != Some(&json!("array")) || list.contains_key("default") {
            continue;
        }
        list.insert("default".into(), json!([]));
        places += 1;
    }
    if places == 0 {
        return Err(format!(
            "no response schema has an optional array property `{property}` without a default"
        ));
    }
    Ok(places)
}

/// The component schemas that are the JSON body of some response.
fn response_schemas(document: &Value) -> std::collections::BTreeSet<String> {
    let operations = document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.iter().filter(|(m, _)| is_method(m)).map(|(_, op)| op));
    operations
        .filter_map(|op| op.get("responses").and_then(Value::as_object))
        .flat_map(|responses| responses.values())
        .filter_map(|response| response.get("content").and_then(Value::as_object))
        .flat_map(|content| content.values())
        .filter_map(|media| media.pointer("/schema/$ref").and_then(Value::as_str))
        .filter_map(|r| r.strip_prefix("#/components/schemas/"))
        .map(str::to_owned)
        .collect()
}
