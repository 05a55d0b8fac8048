//! Request bodies by media type: JSON, `application/x-www-form-urlencoded`,
//! `multipart/form-data`, text and raw bytes. A body is kept as data, not as a stream, so that a
//! retry can send it again.

use super::Error;
use super::request::Request;
use reqwest::header::CONTENT_TYPE;

/// A request body, ready to attach to each attempt.
pub(crate) enum Body {
    /// Bytes sent as they are, with their media type.
    Bytes { content_type: &'static str, bytes: Vec<u8> },
    // @part multipart
    /// The parts of a `multipart/form-data` body (reqwest writes the boundary).
    Multipart(Vec<Part>),
    // @end
}

impl Body {
    /// The body on one attempt of the request.
    pub(crate) fn attach(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Body::Bytes { content_type, bytes } => request.header(CONTENT_TYPE, *content_type).body(bytes.clone()),
            // @part multipart
            Body::Multipart(parts) => request.multipart(form_data(parts)),
            // @end
        }
    }
}

// @part fields
/// A value as the text of a form field: strings as they are, anything else as JSON (OpenAPI's
/// default for a field that is an object or a list).
fn field_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
// @end

impl Request {
    // @part json
    /// A JSON body.
    pub(crate) fn json(&mut self, body: &impl serde::Serialize) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::invalid(format!("the request body cannot be encoded as JSON: {e}")))?;
        self.body = Some(Body::Bytes {
            content_type: "application/json",
            bytes,
        });
        Ok(())
    }
    // @end

    // @part form
    /// An `application/x-www-form-urlencoded` body: each member of the object a field, a list
    /// repeating its field, members that are `null` left out.
    pub(crate) fn form(&mut self, body: &impl serde::Serialize) -> Result<(), Error> {
        let invalid =
            |message: String| Error::invalid(format!("the request body cannot be encoded as a form: {message}"));
        let serde_json::Value::Object(members) = serde_json::to_value(body).map_err(|e| invalid(e.to_string()))? else {
            return Err(invalid("it is not an object".into()));
        };
        let mut fields = Vec::new();
        for (name, value) in members {
            match value {
                serde_json::Value::Null => {}
                serde_json::Value::Array(items) => {
                    fields.extend(items.iter().map(|item| (name.clone(), field_text(item))))
                }
                other => fields.push((name, field_text(&other))),
            }
        }
        let text = serde_urlencoded::to_string(&fields).map_err(|e| invalid(e.to_string()))?;
        self.body = Some(Body::Bytes {
            content_type: "application/x-www-form-urlencoded",
            bytes: text.into_bytes(),
        });
        Ok(())
    }
    // @end

    // @part text
    /// A text body (`text/plain` and the like), sent as UTF-8.
    pub(crate) fn text(&mut self, content_type: &'static str, body: &str) {
        self.body = Some(Body::Bytes {
            content_type,
            bytes: body.as_bytes().to_vec(),
        });
    }
    // @end

    // @part bytes
    /// A body of raw bytes (a file, an image), sent as they are.
    pub(crate) fn bytes(&mut self, content_type: &'static str, body: &[u8]) {
        self.body = Some(Body::Bytes {
            content_type,
            bytes: body.to_vec(),
        });
    }
    // @end

    // @part multipart
    /// A `multipart/form-data` body.
    pub(crate) fn multipart(&mut self, parts: Vec<Part>) {
        self.body = Some(Body::Multipart(parts));
    }
    // @end
}

// @part multipart
/// One field of a `multipart/form-data` body.
pub(crate) enum Part {
    Text { name: &'static str, text: String },
    File { name: &'static str, bytes: Vec<u8> },
}

impl Part {
    /// A field with a value: strings as they are, anything else as JSON.
    pub(crate) fn text(name: &'static str, value: &impl serde::Serialize) -> Result<Part, Error> {
        let value = serde_json::to_value(value)
            .map_err(|e| Error::invalid(format!("the multipart field `{name}` cannot be encoded: {e}")))?;
        Ok(Part::Text {
            name,
            text: field_text(&value),
        })
    }

    /// A file field (`format: binary`), named after the field.
    pub(crate) fn file(name: &'static str, bytes: &[u8]) -> Part {
        Part::File {
            name,
            bytes: bytes.to_vec(),
        }
    }
}

/// The parts as reqwest's form, built anew for each attempt.
fn form_data(parts: &[Part]) -> reqwest::multipart::Form {
    parts
        .iter()
        .fold(reqwest::multipart::Form::new(), |form, part| match part {
            Part::Text { name, text } => form.text(*name, text.clone()),
            Part::File { name, bytes } => {
                form.part(*name, reqwest::multipart::Part::bytes(bytes.clone()).file_name(*name))
            }
        })
}
// @end
