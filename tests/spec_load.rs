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
        299 + 2,
        "299 schemas plus PresetValue and AttributeValue"
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
    let mut tree = spec_tree();
    tree["paths"]["/v1/agents/{agentId}"]["get"]["parameters"] = json!([]);
    let error = load_tree(tree).unwrap_err();
    assert_eq!(error.0.len(), 1, "{error}");
    assert_eq!(error.0[0].pointer, "/paths/~1v1~1agents~1{agentId}/get", "{error}");
    assert!(error.0[0].message.contains("`{agentId}`"), "{error}");

    let mut tree = spec_tree();
    let item = tree["paths"]["/v1/agents/{agentId}"].take();
    tree["paths"]["/v1/agents/{agentId"] = item;
    let error = load_tree(tree).unwrap_err();
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
