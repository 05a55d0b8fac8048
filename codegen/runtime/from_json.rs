//! `from_json`: the crate's decoding, for JSON that did not come through a call.

use super::error::DecodeError;

/// Decodes JSON into a generated type, with the field path of the first mismatch: for webhook
/// payloads, stored responses, or anything else that did not come through a call of the client.
/// A failure is a [`DecodeError`] whose `path` names the field (`data[3].createdAt`) and whose
/// `body` keeps the input.
pub fn from_json<T: serde::de::DeserializeOwned>(json: &[u8]) -> Result<T, DecodeError> {
    super::field_paths::decode(json).map_err(|(path, message)| DecodeError {
        operation: None,
        status: None,
        path,
        message,
        body: json.to_vec(),
    })
}
