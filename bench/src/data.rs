//! Response bodies built from the document's own examples, with varied ids and names.

use crate::util::Result;
use serde_json::Value;

/// The corrected document (examples included).
pub fn document() -> Result<Value> {
    let root = crate::util::root();
    let spec = root.join("spec/dixa.yaml");
    let corrections = root.join("spec/corrections.yaml");
    Ok(dixa_codegen::load::load_files(&spec, Some(&corrections))?.document)
}

/// The JSON example of an operation's `200` response.
fn example<'a>(document: &'a Value, path: &str) -> Result<&'a Value> {
    let pointer = format!(
        "/paths/{}/get/responses/200/content/application~1json/example",
        path.replace('/', "~1")
    );
    document
        .pointer(&pointer)
        .ok_or_else(|| format!("no example at {pointer}").into())
}

/// Ids in the examples end in a stray `X`; without it they are UUIDs.
fn strip_stray_x(value: &mut Value) {
    match value {
        Value::String(s) if s.len() == 37 && s.ends_with('X') && s.as_bytes()[8] == b'-' => {
            s.pop();
        }
        Value::Array(items) => items.iter_mut().for_each(strip_stray_x),
        Value::Object(map) => map.values_mut().for_each(strip_stray_x),
        _ => {}
    }
}

/// A UUID that differs for every `i` (and `salt`).
pub fn uuid(i: u64, salt: u64) -> String {
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 31;
    let y = x.wrapping_mul(0x94D0_49BB_1331_11EB) ^ i;
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        x >> 32,
        (x >> 16) & 0xffff,
        x & 0xfff,
        (y >> 48) & 0xfff,
        y & 0xffff_ffff_ffff
    )
}

/// The example agent of `GET /v1/agents/{agentId}`.
pub fn example_agent(document: &Value) -> Result<Value> {
    let mut agent = example(document, "/v1/agents/{agentId}")?["data"].clone();
    strip_stray_x(&mut agent);
    Ok(agent)
}

/// `count` agents, each the example agent with its own id, names and email.
pub fn agents(agent: &Value, count: usize, salt: u64) -> Vec<Value> {
    (0..count)
        .map(|i| {
            let mut a = agent.clone();
            a["id"] = uuid(i as u64, salt).into();
            a["displayName"] = format!("Agent {i} Brown").into();
            a["firstName"] = format!("Agent{i}").into();
            a["email"] = format!("agent.{i}@example.org").into();
            a
        })
        .collect()
}

/// A page of `count` agents as `GET /v1/agents` answers it.
pub fn agents_page(document: &Value, count: usize) -> Result<Vec<u8>> {
    let agent = example_agent(document)?;
    Ok(serde_json::to_vec(
        &serde_json::json!({ "data": agents(&agent, count, 1) }),
    )?)
}

/// `count` entries of `GET /v1/conversations/activitylog`, timestamps in Dixa's `...Z[GMT]` form.
pub fn activity_log(document: &Value, count: usize) -> Result<Vec<u8>> {
    let mut examples = example(document, "/v1/conversations/activitylog")?["data"].clone();
    strip_stray_x(&mut examples);
    let examples = examples.as_array().cloned().unwrap_or_default();
    if examples.is_empty() {
        return Err("the activity log example has no entries".into());
    }
    let data: Vec<Value> = (0..count)
        .map(|i| {
            let mut e = examples[i % examples.len()].clone();
            e["id"] = uuid(i as u64, 2).into();
            e["conversationId"] = (i as u64).into();
            e["activityTimestamp"] = format!(
                "2021-12-01T{:02}:{:02}:{:02}.{:03}Z[GMT]",
                (i / 3600) % 24,
                (i / 60) % 60,
                i % 60,
                i % 1000
            )
            .into();
            if let Some(author) = e.get_mut("author").and_then(Value::as_object_mut) {
                author.insert("id".into(), uuid(i as u64 % 97, 3).into());
            }
            e
        })
        .collect();
    Ok(serde_json::to_vec(&serde_json::json!({ "data": data }))?)
}

/// `count` conversations (the `Conversation` union, tagged by `_type`), cycling through the
/// document's conversation examples.
pub fn conversations(document: &Value, count: usize) -> Result<Vec<u8>> {
    let mut examples = Vec::new();
    for (path, list) in [
        ("/v1/endusers/{userId}/conversations", true),
        ("/v1/conversations/{conversationId}", false),
        ("/v1/conversations/{conversationId}/linked", true),
    ] {
        let data = &example(document, path)?["data"];
        if list {
            examples.extend(data.as_array().cloned().unwrap_or_default());
        } else {
            examples.push(data.clone());
        }
    }
    examples.iter_mut().for_each(strip_stray_x);
    examples.retain(|e| serde_json::from_value::<dixa::types::Conversation>(e.clone()).is_ok());
    if examples.is_empty() {
        return Err("no conversation example decodes as a Conversation".into());
    }
    let data: Vec<Value> = (0..count)
        .map(|i| {
            let mut c = examples[i % examples.len()].clone();
            c["id"] = (i as u64 + 1).into();
            c["requesterId"] = uuid(i as u64, 4).into();
            c
        })
        .collect();
    Ok(serde_json::to_vec(&serde_json::json!({ "data": data }))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_valid_and_distinct() {
        let a = uuid(1, 1);
        assert_ne!(a, uuid(2, 1));
        assert!(a.parse::<dixa::uuid::Uuid>().is_ok(), "{a}");
    }

    #[test]
    fn stray_x_is_removed_from_ids_only() {
        let mut v = serde_json::json!({"id": "4d2ab456-8510-4a35-b266-e502160d5177X", "name": "X"});
        strip_stray_x(&mut v);
        assert_eq!(v["id"], "4d2ab456-8510-4a35-b266-e502160d5177");
        assert_eq!(v["name"], "X");
    }
}
