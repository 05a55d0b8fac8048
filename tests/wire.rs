//! The generated types on Dixa's real wire shapes: tags, open enums and unions, typed map keys,
//! Java timestamps, bare-string deprecated unions, and decode errors that say where.

use dixa::types::{
    ActivityLogEntry, BrowserInfo, Content, Conversation, ConversationChannel, CreateConversationInput,
    ListAgentsOutput, ListMessagesOutput, MapConversationChannelInt, PeriodFilter, Preset, PresetPeriod, PresetValue,
    Text, WebhookAuthorization,
};
use serde_json::json;

/// Decodes and re-encodes, returning the re-encoded text.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> (T, String) {
    let value: T = dixa::from_json(json.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let text = serde_json::to_string(&value).unwrap();
    (value, text)
}

#[test]
fn an_unknown_union_member_is_kept_verbatim() {
    let json = r#"{"id":7,"channel":"Telepathy","_type":"TelepathyConversation","mood":{"calm":true}}"#;
    let (conversation, text) = round_trip::<Conversation>(json);
    assert!(matches!(conversation, Conversation::Unknown(_)));
    assert_eq!(text, json);
}

#[test]
fn a_known_member_with_a_bad_body_is_an_error_not_unknown() {
    let error = dixa::from_json::<WebhookAuthorization>(br#"{"_type":"TokenAuth"}"#).unwrap_err();
    assert!(error.message.contains("missing field `value`"), "{error}");
    let error = dixa::from_json::<ListMessagesOutput>(
        br#"{"data":[{"id":"1b9adc49-7e1a-4a3b-b2a9-3d8d2d4c6e01","authorId":"1b9adc49-7e1a-4a3b-b2a9-3d8d2d4c6e02","createdAt":"2021-12-01T12:46:36.581Z[GMT]","attributes":{"_type":"EmailAttributes","from":{"email":"a@b.c"},"isAutoReply":"yes"}}]}"#,
    )
    .unwrap_err();
    assert_eq!(error.path, "data[0].attributes.isAutoReply", "{error}");
}

#[test]
fn a_body_that_is_not_utf8_is_refused_and_kept() {
    let body = b"{\"_type\":\"TokenAuth\",\"value\":\"\xff\"}";
    let error = dixa::from_json::<WebhookAuthorization>(body).unwrap_err();
    assert!(error.message.contains("not UTF-8"), "{error}");
    assert_eq!(error.body, body);
}

#[test]
fn members_encode_with_their_tag() {
    let content = Content::from(Text::new("Hello"));
    assert_eq!(
        serde_json::to_value(&content).unwrap(),
        json!({"_type": "Text", "value": "Hello"})
    );
    let auth: WebhookAuthorization = dixa::from_json(br#"{"_type":"NoAuth"}"#).unwrap();
    assert_eq!(auth, WebhookAuthorization::NoAuth);
    assert_eq!(serde_json::to_string(&auth).unwrap(), r#"{"_type":"NoAuth"}"#);
    let input: CreateConversationInput = dixa::from_json(br#"{"_type":"Fax","number":"1"}"#).unwrap();
    assert!(matches!(input, CreateConversationInput::Unknown(_)));
}

#[test]
fn tag_values_follow_the_corrections() {
    let outcome: dixa::types::BulkActionOutcomeBulkErrorUuid =
        dixa::from_json(br#"{"data":"1b9adc49-7e1a-4a3b-b2a9-3d8d2d4c6e01","_type":"BulkActionSuccess"}"#).unwrap();
    assert!(matches!(
        outcome,
        dixa::types::BulkActionOutcomeBulkErrorUuid::Success(_)
    ));
    let error: dixa::types::BulkError =
        dixa::from_json(br#"{"id":"x","message":"Agent not found","_type":"NotFound"}"#).unwrap();
    assert!(matches!(error, dixa::types::BulkError::NotFound(_)), "{error:?}");
}

#[test]
fn an_unknown_enum_value_and_map_key_are_kept() {
    let channel: ConversationChannel = dixa::from_json(br#""Telepathy""#).unwrap();
    assert_eq!(channel, ConversationChannel::Unknown("Telepathy".into()));
    assert_eq!(serde_json::to_string(&channel).unwrap(), r#""Telepathy""#);
    assert_eq!(
        "Email".parse::<ConversationChannel>().unwrap(),
        ConversationChannel::Email
    );
    assert_eq!(ConversationChannel::PstnPhone.to_string(), "PstnPhone");

    let json = r#"{"Email":3,"Telepathy":2,"WhatsApp":1}"#;
    let (map, text) = round_trip::<MapConversationChannelInt>(json);
    assert_eq!(map[&ConversationChannel::Email], 3);
    assert_eq!(map[&ConversationChannel::Unknown("Telepathy".into())], 2);
    // A map's order is the enum's order, not the wire's: compare as JSON values.
    let reencoded: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(reencoded, serde_json::from_str::<serde_json::Value>(json).unwrap());
}

#[test]
fn timestamps_and_deprecated_bare_strings_decode_as_dixa_sends_them() {
    let json = r#"{"id":"1b9adc49-7e1a-4a3b-b2a9-3d8d2d4c6e01","conversationId":42,"activityTimestamp":"2021-12-01T12:46:36.581Z[GMT]","activityType":"ConversationAssignedActivityType","_type":"ConversationAssigned"}"#;
    let (entry, text) = round_trip::<ActivityLogEntry>(json);
    assert_eq!(entry.activity_timestamp.unix_timestamp(), 1_638_362_796);
    assert_eq!(entry.activity_timestamp.zone(), Some("GMT"));
    #[allow(deprecated)]
    let expected = dixa::types::DeprecatedActivityLogType::ConversationAssignedActivityType;
    assert_eq!(entry.activity_type, expected);
    assert_eq!(text, json);
}

#[test]
fn preset_periods_are_objects_on_the_wire() {
    let filter = PeriodFilter::from(Preset::new(PresetValue::new(PresetPeriod::PreviousWeek)));
    assert_eq!(
        serde_json::to_value(&filter).unwrap(),
        json!({"_type": "Preset", "value": {"_type": "PreviousWeek"}})
    );
    // The same value straight from the period: the wrappers are filled in.
    assert_eq!(PeriodFilter::from(PresetPeriod::PreviousWeek), filter);
    let start = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
    let interval = PeriodFilter::from(dixa::types::Interval::new(
        start,
        start + std::time::Duration::from_secs(60),
    ));
    assert_eq!(
        serde_json::to_value(&interval).unwrap(),
        json!({"_type": "Interval", "start": "2023-11-14T22:13:20Z", "end": "2023-11-14T22:14:20Z"})
    );
}

#[test]
fn a_decode_error_names_the_field_path_and_keeps_the_body() {
    let agent = |created: &str| json!({"id": "1b9adc49-7e1a-4a3b-b2a9-3d8d2d4c6e01", "createdAt": created, "displayName": "A", "email": "a@b.c"});
    let body = json!({"data": [agent("2020-12-16T09:41:43Z"), agent("2020-12-16T09:41:43Z"), agent("2020-12-16T09:41:43Z"), agent("yesterday")]}).to_string();
    let error = dixa::from_json::<ListAgentsOutput>(body.as_bytes()).unwrap_err();
    assert_eq!(error.path, "data[3].createdAt");
    assert!(
        error.message.contains("invalid date-time `yesterday`"),
        "{}",
        error.message
    );
    assert_eq!(error.body_text(), body);
}

#[test]
fn bulk_outcomes_split_into_successes_and_failures() {
    use dixa::types::BulkActionOutcomeBulkErrorUuid as Outcome;
    use dixa::BulkOutcome;
    let outcomes: Vec<Outcome> = dixa::from_json(
        br#"[{"data":"1b9adc49-7e1a-4a3b-b2a9-3d8d2d4c6e01","_type":"BulkActionSuccess"},
             {"error":{"id":"1b9adc49-7e1a-4a3b-b2a9-3d8d2d4c6e02","message":"Agent not found","_type":"NotFound"},"_type":"BulkActionFailure"},
             {"_type":"BulkActionPending"}]"#,
    )
    .unwrap();
    let split = Outcome::split(outcomes);
    assert_eq!(split.successes.len(), 1);
    assert_eq!(split.failures.len(), 1);
    assert_eq!(split.unknown, [json!({"_type": "BulkActionPending"})]);
    assert!(!split.all_succeeded());
}

#[test]
fn a_real_discriminator_with_mapping_works_for_other_apis() {
    use pets::types::{Cat, Dog, Pet};
    let pets: Vec<Pet> = pets::from_json(
        br#"[{"petType":"cat","name":"Tom","huntingSkill":"lazy"},{"petType":"dog","packSize":3},{"petType":"Lizard","lovesRocks":true},{"petType":"parrot"}]"#,
    )
    .unwrap();
    assert!(matches!(&pets[0], Pet::Cat(cat) if cat.name == "Tom"));
    assert!(matches!(&pets[1], Pet::Dog(dog) if dog.pack_size == 3));
    assert!(matches!(&pets[2], Pet::Lizard(_)));
    assert!(matches!(&pets[3], Pet::Unknown(_)));
    assert_eq!(
        serde_json::to_value(Pet::from(Cat::new("Tom"))).unwrap(),
        json!({"petType": "cat", "name": "Tom"})
    );
    assert_eq!(
        serde_json::to_value(Pet::from(Dog::new(2))).unwrap(),
        json!({"petType": "dog", "packSize": 2})
    );
}

#[test]
fn unions_decode_from_a_value_tree_too() {
    // `from_json` holds a union's JSON as text; any other deserializer goes through a tree.
    let chat = json!({"id": 7, "requesterId": "1b9adc49-7e1a-4a3b-b2a9-3d8d2d4c6e01", "channel": "WidgetChat",
        "createdAt": "2020-12-16T09:41:43Z", "_type": "ChatConversation"});
    let from_tree: Result<Conversation, _> = serde_json::from_value(chat.clone());
    let from_text: Result<Conversation, _> = dixa::from_json(chat.to_string().as_bytes());
    match (from_tree, from_text) {
        (Ok(tree), Ok(text)) => assert_eq!(tree, text),
        (tree, text) => panic!("tree: {tree:?}, text: {text:?}"),
    }
    let unknown: Conversation = serde_json::from_value(json!({"_type": "Fax", "id": 1})).unwrap();
    assert_eq!(
        serde_json::to_value(&unknown).unwrap(),
        json!({"_type": "Fax", "id": 1})
    );
}

#[test]
fn an_option_passes_straight_through_a_setter() {
    let unknown_version: Option<String> = None;
    let info = BrowserInfo::new("Firefox")
        .version("1.0")
        .set_version(unknown_version)
        .set_ip_address(Some("10.0.0.1".into()));
    assert_eq!(
        serde_json::to_value(&info).unwrap(),
        json!({"name": "Firefox", "ipAddress": "10.0.0.1"})
    );
}

#[test]
fn a_list_response_is_its_list_and_an_absent_list_is_empty() {
    let tag = json!({"id": "b794a74a-625b-4303-8237-9b11668a9605", "name": "vip", "state": "Active"});
    let body = json!({"data": [tag]}).to_string();
    let (tags, encoded) = round_trip::<dixa::types::ConversationTagsOutput>(&body);
    assert_eq!(encoded, body, "a present list re-encodes exactly");
    let names: Vec<&str> = (&tags).into_iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["vip"]);
    let owned: Vec<dixa::types::Tag> = tags.into_iter().collect();
    assert_eq!(owned[0].id.to_string(), "b794a74a-625b-4303-8237-9b11668a9605");

    let empty: dixa::types::ConversationTagsOutput = dixa::from_json(b"{}").unwrap();
    assert!(empty.data.is_empty());
    let page: dixa::types::ListAgentsOutput = dixa::from_json(br#"{"data": []}"#).unwrap();
    assert!(page.meta.is_none(), "the pagination links stay optional");
}

#[test]
fn ids_are_their_wire_values() {
    let conversation: dixa::types::ConversationId = dixa::from_json(b"1234").unwrap();
    assert_eq!(conversation, dixa::types::ConversationId::new(1234));
    assert_eq!(format!("{conversation:>6}"), "  1234");
    let agent: dixa::types::AgentId = "4d2ab456-8510-4a35-b266-e502160d5177".parse().unwrap();
    assert_eq!(
        serde_json::to_string(&agent).unwrap(),
        r#""4d2ab456-8510-4a35-b266-e502160d5177""#
    );
    assert!("not-a-uuid".parse::<dixa::types::AgentId>().is_err());
    let metric = dixa::types::MetricId::from("closed_conversations");
    assert_eq!(metric.as_str(), "closed_conversations");
}

#[test]
fn a_union_answers_for_the_fields_all_its_members_share() {
    let chat = r#"{"id":1,"requesterId":"9deb936b-52e5-4c44-828d-4c8d48fe0c7e","channel":"WidgetChat","createdAt":"2020-12-16T09:41:43Z","state":"Open","_type":"ChatConversation"}"#;
    let chat: Conversation = dixa::from_json(chat.as_bytes()).unwrap();
    assert_eq!(chat.id(), Some(dixa::types::ConversationId::new(1)));
    assert_eq!(chat.channel(), Some(ConversationChannel::WidgetChat));
    assert_eq!(chat.state(), Some(dixa::types::ConversationState::Open));
    assert_eq!(chat.created_at().map(|t| t.unix_timestamp()), Some(1_608_111_703));
    assert_eq!(chat.direction(), None, "absent in this member");

    // A kind this version does not know answers from its JSON, where the field is there.
    let unknown = r#"{"id":7,"channel":"Telepathy","createdAt":"not a time","_type":"TelepathyConversation"}"#;
    let unknown: Conversation = dixa::from_json(unknown.as_bytes()).unwrap();
    assert!(matches!(unknown, Conversation::Unknown(_)));
    assert_eq!(unknown.id().map(|id| id.get()), Some(7));
    assert_eq!(
        unknown.channel(),
        Some(ConversationChannel::Unknown("Telepathy".into()))
    );
    assert_eq!(unknown.created_at(), None, "unreadable");
    assert_eq!(unknown.requester_id(), None, "missing");
}

#[test]
fn enums_display_their_wire_value_with_width_and_fill() {
    assert_eq!(format!("[{:<10}]", ConversationChannel::Email), "[Email     ]");
    assert_eq!(format!("[{:*>8}]", dixa::types::ConversationState::Open), "[****Open]");
    assert_eq!(format!("{}", ConversationChannel::Unknown("Pigeon".into())), "Pigeon");
}

/// Structs decode through `runtime::object` (written out, not derived): it must accept and
/// refuse what serde's derive did.
#[test]
fn objects_decode_as_the_derive_did() {
    let agent = r#"{"id":"1b9adc49-7e1a-4a3b-b2a9-3d8d2d4c6e01","createdAt":"2021-12-01T12:46:36.581Z[GMT]","displayName":"Ada","email":"ada@example.com"}"#;
    let base: dixa::types::Agent = dixa::from_json(agent.as_bytes()).unwrap();
    assert_eq!(base.display_name, "Ada");
    assert_eq!(base.avatar_url, None);

    // Unknown keys are skipped, `null` for an optional field is `None`, an escaped key matches.
    let extra = agent.replace(r#""email""#, r#""future":{"x":[1,2]},"avatarUrl":null,"em\u0061il""#);
    assert_eq!(dixa::from_json::<dixa::types::Agent>(extra.as_bytes()).unwrap(), base);

    // From a value tree (keys owned, not borrowed) as from text.
    let tree: serde_json::Value = serde_json::from_str(agent).unwrap();
    assert_eq!(serde_json::from_value::<dixa::types::Agent>(tree).unwrap(), base);

    let repeated = agent.replace(r#""email""#, r#""displayName":"Bob","email""#);
    let error = dixa::from_json::<dixa::types::Agent>(repeated.as_bytes()).unwrap_err();
    assert!(error.message.contains("duplicate field `displayName`"), "{error}");

    let missing = agent.replace(r#","email":"ada@example.com""#, "");
    let error = dixa::from_json::<dixa::types::Agent>(missing.as_bytes()).unwrap_err();
    assert!(error.message.contains("missing field `email`"), "{error}");

    let error = dixa::from_json::<dixa::types::ListAgentsOutput>(br#"{"data":[["not","an","object"]]}"#).unwrap_err();
    assert_eq!(error.path, "data[0]", "{error}");
    assert!(error.message.contains("expected an object (Agent)"), "{error}");
}
