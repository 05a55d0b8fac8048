//! The spec loads with its corrections, and a broken document or a stale correction is
//! reported with a JSON pointer, never a panic.

use dixa_codegen::load::{self, Corrections};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn spec_tree() -> Value {
    load::read_tree(&root().join("spec/dixa.yaml")).unwrap()
}

fn corrections() -> Corrections {
    let path = root().join("spec/corrections.yaml");
    Corrections::parse(&load::read_tree(&path).unwrap(), "spec/corrections.yaml").unwrap()
}

#[test]
fn spec_is_the_vendor_document_byte_for_byte() {
    let vendor = root().join("../shared/spec-source/dixa-openapi.yaml");
    if let Ok(vendor) = std::fs::read(vendor) {
        assert_eq!(std::fs::read(root().join("spec/dixa.yaml")).unwrap(), vendor);
    }
}

#[test]
fn every_operation_has_an_id_a_tag_and_a_success_response() {
    let loaded = load::load_files(
        &root().join("spec/dixa.yaml"),
        Some(&root().join("spec/corrections.yaml")),
    )
    .unwrap();
    let operations: Vec<_> = dixa_codegen::load::walk::operations(&loaded.openapi).collect();
    assert_eq!(operations.len(), 84);
    for (path, method, op) in operations {
        assert!(op.operation_id.is_some(), "{method} {path} has no operationId");
        assert!(!op.tags.is_empty(), "{method} {path} has no tag");
        let success = op
            .responses
            .responses
            .keys()
            .any(|s| matches!(s, openapiv3::StatusCode::Code(200..=299)));
        assert!(success, "{method} {path} has no success response");
        for status in [401, 429] {
            assert!(
                op.responses
                    .responses
                    .contains_key(&openapiv3::StatusCode::Code(status)),
                "{method} {path} lacks {status}"
            );
        }
    }
    assert_eq!(
        loaded.openapi.components.as_ref().unwrap().schemas.len(),
        299 + 2 + 13,
        "299 schemas plus PresetValue, AttributeValue and 13 id kinds"
    );
}

#[test]
fn every_correction_applies() {
    let mut tree = spec_tree();
    let applied = corrections().apply(&mut tree).unwrap();
    assert!(applied.len() >= 12);
    for correction in &applied {
        assert!(correction.places > 0, "{} changed nothing", correction.id);
    }
    // Spot checks of what the corrections did.
    assert_eq!(
        tree.pointer("/components/schemas/Content/discriminator/propertyName"),
        Some(&json!("_type"))
    );
    assert_eq!(
        tree.pointer("/components/schemas/BulkError/discriminator/mapping/NotFound"),
        Some(&json!("#/components/schemas/NotFound1"))
    );
    assert_eq!(
        tree.pointer("/components/schemas/DeprecatedActivityLogType/type"),
        Some(&json!("string"))
    );
    assert_eq!(
        tree.pointer("/components/schemas/Preset/properties/value/$ref"),
        Some(&json!("#/components/schemas/PresetValue"))
    );
    assert_eq!(
        tree.pointer("/components/schemas/Tag/properties/state/enum"),
        Some(&json!(["Active", "Inactive"]))
    );
    assert_eq!(
        tree.pointer("/components/schemas/Map_QueueThreshold_Int/x-map-key/title"),
        Some(&json!("QueueThreshold"))
    );
    assert_eq!(
        tree.pointer("/components/schemas/UserPresence/properties/lastSeen/format"),
        Some(&json!("date-time"))
    );
    // An id kind is a marked component; a described place keeps its description next to an `allOf`.
    assert_eq!(
        tree.pointer("/components/schemas/QueueId"),
        Some(&json!({"type": "string", "format": "uuid", "description": "The id of a queue.", "x-id": true}))
    );
    assert_eq!(
        tree.pointer("/components/schemas/TransferConversationInput/properties/userId"),
        Some(&json!({
            "description": "An optional agent/admin to originate the transfer of the conversation",
            "allOf": [{"$ref": "#/components/schemas/AgentId"}]
        }))
    );
    assert_eq!(
        tree.pointer("/paths/~1v1~1conversations~1{conversationId}~1tags~1{tagId}/put/parameters/1/schema"),
        Some(&json!({"$ref": "#/components/schemas/TagId"}))
    );
    assert_eq!(
        tree.pointer("/components/schemas/ListTagsOutput/properties/data/default"),
        Some(&json!([]))
    );
}

#[test]
fn a_stale_id_type_says_which_place_changed() {
    // Dixa makes tag ids integers and moves the queue endpoints: both entries of `typed-ids` fail.
    let mut tree = spec_tree();
    tree["components"]["schemas"]["Tag"]["properties"]["id"] = json!({"type": "integer", "format": "int64"});
    let paths = tree["paths"].as_object_mut().unwrap();
    for path in paths
        .keys()
        .filter(|p| p.starts_with("/v1/queues/"))
        .cloned()
        .collect::<Vec<_>>()
    {
        let item = paths.remove(&path).unwrap();
        paths.insert(path.replace("/v1/queues/", "/v2/queues/"), item);
    }
    let text = load_tree(tree.clone()).unwrap_err().to_string();
    assert!(
        text.contains("`typed-ids` no longer matches")
            && text.contains("no operation is at or below `/v1/queues/{queueId}`"),
        "{text}"
    );
    tree["paths"] = spec_tree()["paths"].clone();
    let text = load_tree(tree).unwrap_err().to_string();
    assert!(
        text.contains("`Tag.id` (/components/schemas/Tag/properties/id): is declared as"),
        "{text}"
    );
}

fn load_tree(tree: Value) -> Result<load::LoadedSpec, load::LoadError> {
    load::load(tree, &corrections(), "spec/dixa.yaml")
}

#[test]
fn a_dangling_ref_names_its_pointer() {
    let mut tree = spec_tree();
    tree["components"]["schemas"]["Agent"]["properties"]["id"] = json!({"$ref": "#/components/schemas/Nowhere"});
    let error = load_tree(tree).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("/components/schemas/Agent/properties/id/$ref"), "{text}");
    assert!(
        text.contains("#/components/schemas/Nowhere") && text.contains("does not resolve"),
        "{text}"
    );
    assert!(!text.contains("did you mean"), "nothing is close to `Nowhere`: {text}");

    let mut tree = spec_tree();
    tree["components"]["schemas"]["Agent"]["properties"]["id"] = json!({"$ref": "#/components/schemas/Agnet"});
    let text = load_tree(tree).unwrap_err().to_string();
    assert!(text.contains("(did you mean `#/components/schemas/Agent`?)"), "{text}");
}

#[test]
fn a_ref_key_is_a_reference_only_where_openapi_allows_one() {
    // GitHub's SCIM schemas have a property named `$ref`, and examples whose values hold `$ref`
    // keys with URLs: data, not references.
    let mut tree = spec_tree();
    tree["components"]["schemas"]["Agent"]["properties"]["$ref"] = json!({"type": "string"});
    tree["components"]["examples"] =
        json!({"member": {"value": {"members": [{"$ref": "https://example.com/Users/1"}]}}});
    tree["components"]["schemas"]["Agent"]["example"] = json!({"$ref": 42});
    tree["components"]["schemas"]["Agent"]["x-vendor"] = json!({"$ref": "#/nowhere"});
    let loaded = load_tree(tree).unwrap_or_else(|e| panic!("{e}"));
    let agent = &loaded.openapi.components.as_ref().unwrap().schemas["Agent"];
    let openapiv3::ReferenceOr::Item(agent) = agent else {
        panic!("Agent is a schema")
    };
    let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &agent.schema_kind else {
        panic!("Agent is an object")
    };
    assert!(object.properties.contains_key("$ref"));

    // Where a reference may stand, a dangling one is still found: in a response's media type,
    // a parameter, and a schema's `items`.
    let mut tree = spec_tree();
    let get = &mut tree["paths"]["/v1/agents"]["get"];
    get["responses"]["200"]["content"]["application/json"]["schema"] = json!({"$ref": "#/components/schemas/Gone1"});
    get["parameters"][0] = json!({"$ref": "#/components/parameters/Gone2"});
    tree["components"]["schemas"]["Agent"]["properties"]["list"] =
        json!({"type": "array", "items": {"$ref": "#/components/schemas/Gone3"}});
    let error = load_tree(tree).unwrap_err();
    let pointers: Vec<&str> = error.0.iter().map(|e| e.pointer.as_str()).collect();
    assert!(
        pointers.contains(&"/paths/~1v1~1agents/get/responses/200/content/application~1json/schema/$ref"),
        "{error}"
    );
    assert!(
        pointers.contains(&"/paths/~1v1~1agents/get/parameters/0/$ref"),
        "{error}"
    );
    assert!(
        pointers.contains(&"/components/schemas/Agent/properties/list/items/$ref"),
        "{error}"
    );
}

#[test]
fn an_undeclared_path_template_parameter_is_refused_where_it_stands() {
    // Without corrections: the typed-ids correction names this path and would be stale first.
    let load_uncorrected = |tree| load::load(tree, &Corrections::default(), "spec/dixa.yaml");
    let mut tree = spec_tree();
    tree["paths"]["/v1/agents/{agentId}"]["get"]["parameters"] = json!([]);
    let error = load_uncorrected(tree).unwrap_err();
    assert_eq!(error.0.len(), 1, "{error}");
    assert_eq!(error.0[0].pointer, "/paths/~1v1~1agents~1{agentId}/get", "{error}");
    assert!(error.0[0].message.contains("`{agentId}`"), "{error}");

    let mut tree = spec_tree();
    let item = tree["paths"]["/v1/agents/{agentId}"].take();
    tree["paths"]["/v1/agents/{agentId"] = item;
    let error = load_uncorrected(tree).unwrap_err();
    assert!(error.0[0].message.contains("without a `}`"), "{error}");
}

#[test]
fn a_wrong_type_names_its_pointer() {
    let mut tree = spec_tree();
    tree["paths"]["/v1/agents"]["get"]["parameters"] = json!("not a list");
    let text = load_tree(tree).unwrap_err().to_string();
    assert!(text.contains("at /paths/~1v1~1agents/get/parameters:"), "{text}");

    let mut tree = spec_tree();
    tree["components"]["schemas"]["Tag"]["properties"]["name"] = json!({"type": 42});
    let error = load_tree(tree).unwrap_err();
    assert_eq!(error.0[0].pointer, "/components/schemas/Tag/properties/name", "{error}");
}

#[test]
fn a_stale_correction_names_itself_and_what_is_missing() {
    let mut tree = spec_tree();
    // Dixa fixes Preset.value and renames NotFound1: two corrections no longer match.
    tree["components"]["schemas"]["Preset"]["properties"]["value"] = json!({"$ref": "#/components/schemas/Agent"});
    let schemas = tree["components"]["schemas"].as_object_mut().unwrap();
    let not_found = schemas.remove("NotFound1").unwrap();
    schemas.insert("NotFoundError".into(), not_found);
    tree["components"]["schemas"]["BulkError"]["oneOf"][4] = json!({"$ref": "#/components/schemas/NotFoundError"});
    let error = load_tree(tree).unwrap_err();
    assert_eq!(error.0.len(), 2, "{error}");
    let text = error.to_string();
    assert!(
        text.contains("`preset-value-is-an-object` no longer matches")
            && text.contains("/components/schemas/Preset/properties/value/type"),
        "{text}"
    );
    assert!(
        text.contains("`bulk-error-not-found-tag` no longer matches") && text.contains("`NotFound1` is not a member"),
        "{text}"
    );
    assert!(text.contains("spec/corrections.yaml: at /corrections/"), "{text}");
}

#[test]
fn a_malformed_corrections_file_names_the_entry() {
    let tree = json!({"corrections": [{"id": "x", "evidence": "e", "tag-values": {"A": 1}}, {"id": "y", "evidence": "e", "frobnicate": {}}]});
    let errors = Corrections::parse(&tree, "c.yaml").unwrap_err();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].pointer, "/corrections/0/tag-values/A");
    assert_eq!(errors[1].pointer, "/corrections/1/frobnicate");
}

#[test]
fn other_versions_are_refused_clearly() {
    for (document, pointer, words) in [
        (json!({"swagger": "2.0"}), "/swagger", "Swagger 2.0"),
        (json!({"openapi": "3.1.0"}), "/openapi", "3.1.0 is not supported"),
        (json!({"info": {}}), "", "missing the `openapi` version"),
        (json!([1, 2]), "", "must be a mapping"),
    ] {
        let error = load::load(document, &Corrections::default(), "doc.yaml").unwrap_err();
        assert_eq!(error.0[0].pointer, pointer);
        assert!(error.to_string().contains(words), "{error}");
    }
}

#[test]
fn yaml_syntax_errors_say_where() {
    let error = load::parse_text("openapi: 3.0.3\npaths: [unclosed\n", "bad.yaml").unwrap_err();
    assert!(error.to_string().contains("line"), "{error}");
}

#[test]
fn a_reference_cycle_with_no_schema_is_refused() {
    let mut tree = spec_tree();
    tree["components"]["schemas"]["Loop"] = json!({"$ref": "#/components/schemas/Loop2"});
    tree["components"]["schemas"]["Loop2"] = json!({"$ref": "#/components/schemas/Loop"});
    tree["components"]["schemas"]["Agent"]["properties"]["id"] = json!({"$ref": "#/components/schemas/Loop"});
    let error = load_tree(tree).unwrap_err();
    assert_eq!(error.0[0].pointer, "/components/schemas/Loop/$ref", "{error}");
    assert!(error.to_string().contains("reference cycle"), "{error}");
}

/// A small document with the given component schemas.
fn with_schemas(schemas: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas}
    })
}

#[test]
fn an_all_of_that_includes_itself_is_refused_where_it_does() {
    let object = json!({"type": "object", "properties": {"x": {"type": "string"}}});
    for (schemas, pointer) in [
        // Directly, twice (a 461-byte document like this once took 3.9 GB).
        (
            json!({"A": {"allOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/A"}, object]}}),
            "/components/schemas/A/allOf/0/$ref",
        ),
        // Through another component and an alias, inside an inline member's `allOf`.
        (
            json!({
                "A": {"allOf": [object, {"allOf": [{"$ref": "#/components/schemas/B"}]}]},
                "B": {"$ref": "#/components/schemas/C"},
                "C": {"allOf": [{"$ref": "#/components/schemas/A"}]}
            }),
            "/components/schemas/A/allOf/1/allOf/0/$ref",
        ),
    ] {
        let error = load::load(with_schemas(schemas), &Corrections::default(), "t.yaml").unwrap_err();
        assert_eq!(error.0[0].pointer, pointer, "{error}");
        assert!(
            error.0[0].message.contains("`allOf` includes the schema itself"),
            "{error}"
        );
    }
    // A property of the schema's own type is a recursive type, not a cycle.
    let recursive = json!({"A": {"allOf": [object, {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/A"}}}]}});
    load::load(with_schemas(recursive), &Corrections::default(), "t.yaml").unwrap();
}

#[test]
fn a_long_reference_chain_resolves() {
    // Each component names the next; checked once per link (it was once quadratic: 1,000 links
    // took 10 s), so 5,000 links load and give one type per link.
    let links = 5_000;
    let mut schemas = serde_json::Map::new();
    for i in 0..links {
        schemas.insert(
            format!("S{i}"),
            json!({"$ref": format!("#/components/schemas/S{}", i + 1)}),
        );
    }
    schemas.insert(format!("S{links}"), json!({"type": "string"}));
    let loaded = load::load(with_schemas(Value::Object(schemas)), &Corrections::default(), "t.yaml").unwrap();
    let generated = dixa_codegen::generate(&loaded, &dixa_codegen::Config::default(), "chain").unwrap();
    assert_eq!(generated.api.types.len(), links + 1);
}

#[test]
fn nesting_and_size_beyond_the_limits_are_located_errors() {
    let mut deep = String::from("{\"type\": \"string\"}");
    for _ in 0..200 {
        deep = format!("{{\"type\": \"object\", \"properties\": {{\"p\": {deep}}}}}");
    }
    let text = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \"components\": {{\"schemas\": {{\"D\": {deep}}}}}}}"
    );
    let error = load::parse_text(&text, "deep.json").unwrap_err();
    assert!(
        error.message.contains("recursion limit exceeded at line 1 column"),
        "{error}"
    );

    let huge = " ".repeat(load::MAX_DOCUMENT_BYTES as usize + 1);
    let error = load::parse_text(&huge, "huge.yaml").unwrap_err();
    assert!(error.message.contains("the limit is"), "{error}");
}

#[test]
fn an_all_of_that_includes_a_component_many_times_merges_it_once() {
    // L0 includes L1 twice, L1 includes L2 twice, …: 2^30 merges if each inclusion were merged
    // (this once took all memory); each component is merged once, into one field.
    let levels = 30;
    let mut schemas = serde_json::Map::new();
    for i in 0..levels {
        let next = json!({"$ref": format!("#/components/schemas/L{}", i + 1)});
        schemas.insert(format!("L{i}"), json!({"allOf": [next.clone(), next]}));
    }
    schemas.insert(
        format!("L{levels}"),
        json!({"type": "object", "properties": {"x": {"type": "string"}}}),
    );
    let loaded = load::load(with_schemas(Value::Object(schemas)), &Corrections::default(), "t.yaml").unwrap();
    let generated = dixa_codegen::generate(&loaded, &dixa_codegen::Config::default(), "dag").unwrap();
    let l0 = generated.api.type_def("L0").unwrap();
    let dixa_codegen::model::TypeKind::Struct(fields) = &l0.kind else {
        panic!("{l0:?}")
    };
    assert_eq!(fields.iter().map(|f| f.wire_name.as_str()).collect::<Vec<_>>(), ["x"]);
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

/// The corrected Dixa document and the webhooks document as a tree, to break one at a time.
fn webhooks_case() -> (Value, Value) {
    let loaded = load::load_files(
        &root().join("spec/dixa.yaml"),
        Some(&root().join("spec/corrections.yaml")),
    )
    .unwrap();
    let webhooks = load::read_tree(&root().join("spec/webhooks.yaml")).unwrap();
    (loaded.document, webhooks)
}

/// The single error the webhooks document gives: (pointer, message).
fn webhooks_error(api: &Value, tree: Value) -> (String, String) {
    let errors = load::webhooks::load(tree, "webhooks.yaml", api).unwrap_err().0;
    assert_eq!(errors.len(), 1, "{errors:?}");
    (errors[0].pointer.clone(), errors[0].message.clone())
}

#[test]
fn the_webhooks_document_loads_and_every_event_maps_to_a_schema() {
    let (api, tree) = webhooks_case();
    let webhooks = load::webhooks::load(tree, "webhooks.yaml", &api).unwrap();
    assert_eq!(webhooks.config.envelope, "Event");
    let mapping = webhooks.document["components"]["schemas"]["EventData"]["discriminator"]["mapping"]
        .as_object()
        .unwrap();
    assert_eq!(mapping.len(), 11);
}

#[test]
fn a_webhooks_field_without_evidence_is_refused_where_it_stands() {
    let (api, mut tree) = webhooks_case();
    tree["components"]["schemas"]["Queue"]["properties"]["name"]
        .as_object_mut()
        .unwrap()
        .remove("x-evidence");
    let (pointer, message) = webhooks_error(&api, tree);
    assert_eq!(pointer, "/components/schemas/Queue/properties/name");
    assert!(message.contains("x-evidence"), "{message}");
}

#[test]
fn a_stale_link_into_the_api_document_is_refused() {
    let (mut api, tree) = webhooks_case();
    api["components"]["schemas"]["EventDeliveryLog"]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("payload");
    let (pointer, message) = webhooks_error(&api, tree);
    assert_eq!(pointer, "/x-webhooks/embedded/0");
    assert!(message.contains("EventDeliveryLog"), "{message}");

    let (mut api, tree) = webhooks_case();
    api["components"]["schemas"]["EventDeliveryStatus"]["properties"]["event"]
        .as_object_mut()
        .unwrap()
        .remove("enum");
    assert_eq!(webhooks_error(&api, tree).0, "/x-webhooks/subscription-names");
}

#[test]
fn an_event_name_outside_the_envelopes_enum_is_refused() {
    let (api, mut tree) = webhooks_case();
    tree["components"]["schemas"]["EventData"]["discriminator"]["mapping"]["CONVERSATION_TYPO"] =
        json!("#/components/schemas/ConversationData");
    let (pointer, message) = webhooks_error(&api, tree);
    assert_eq!(
        pointer,
        "/components/schemas/EventData/discriminator/mapping/CONVERSATION_TYPO"
    );
    assert!(message.contains("event_fqn"), "{message}");
}

#[test]
fn a_webhooks_document_without_its_envelope_parts_says_what_is_missing() {
    let (api, mut tree) = webhooks_case();
    tree["x-webhooks"]["payload"] = json!("body");
    assert_eq!(webhooks_error(&api, tree).0, "/x-webhooks/payload");

    let (api, mut tree) = webhooks_case();
    tree["x-webhooks"]["signature"]["scheme"] = json!("md5");
    assert_eq!(webhooks_error(&api, tree).0, "/x-webhooks/signature/scheme");

    let (api, mut tree) = webhooks_case();
    tree["components"]["schemas"]["Event"]["required"] = json!(["event_id", "data"]);
    let (pointer, message) = webhooks_error(&api, tree.clone());
    assert_eq!(pointer, "/components/schemas/Event/required");
    assert!(message.contains("event_fqn"), "{message}");

    let (api, mut tree) = webhooks_case();
    tree.as_object_mut().unwrap().remove("x-webhooks");
    assert!(webhooks_error(&api, tree).1.contains("x-webhooks"));
}
