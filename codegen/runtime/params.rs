//! Parameters on the wire, by their schema and style (OpenAPI 3.0, "Style Values"). A value is
//! encoded as JSON first, so that every generated type (a union, an enum, a struct) is written
//! as it is in a body, then laid out as its style says: `simple` for paths and headers, `form`,
//! `spaceDelimited`, `pipeDelimited` and `deepObject` for queries. A value inside a list or an
//! object that is itself a list or an object is written as JSON text.

use super::Error;
use super::request::Request;
use serde_json::Value;

/// A parameter's value, laid flat.
enum Flat {
    One(String),
    List(Vec<String>),
    /// An object's members, in order (members that are `null` are left out).
    Pairs(Vec<(String, String)>),
}

fn flat(name: &str, value: &impl serde::Serialize) -> Result<Flat, Error> {
    let value = serde_json::to_value(value)
        .map_err(|e| Error::invalid(format!("parameter `{name}` cannot be encoded: {e}")))?;
    Ok(match value {
        Value::Array(items) => Flat::List(items.iter().map(text).collect()),
        Value::Object(members) => Flat::Pairs(
            members
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), text(v)))
                .collect(),
        ),
        other => Flat::One(text(&other)),
    })
}

/// A value as text: strings as they are, anything else as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

// @part simple
/// A value in style `simple`: `a`, `a,b`, `k,v,k2,v2`, or `k=v,k2=v2` exploded; each piece
/// passed through `encode`, the delimiters not.
fn simple(flat: Flat, explode: bool, encode: impl Fn(&str) -> String) -> String {
    match flat {
        Flat::One(text) => encode(&text),
        Flat::List(items) => items.iter().map(|i| encode(i)).collect::<Vec<_>>().join(","),
        Flat::Pairs(pairs) => {
            let between = if explode { "=" } else { "," };
            pairs
                .iter()
                .map(|(k, v)| format!("{}{between}{}", encode(k), encode(v)))
                .collect::<Vec<_>>()
                .join(",")
        }
    }
}
// @end

// @part path
/// One path parameter (style `simple`), percent-encoded so that it can never add a segment.
/// Empty, `.` and `..` are refused: URL parsers resolve them (even percent-encoded) into a
/// different path.
pub(crate) fn segment(name: &str, value: &impl serde::Serialize, explode: bool) -> Result<String, Error> {
    let encode = |piece: &str| percent_encoding::utf8_percent_encode(piece, super::request::COMPONENT).to_string();
    let text = simple(flat(name, value)?, explode, encode);
    if text.is_empty() || text == "." || text == ".." {
        return Err(Error::invalid(format!("path parameter `{name}` cannot be {text:?}")));
    }
    Ok(text)
}
// @end

impl Request {
    // @part query_form
    /// A query parameter in style `form`: `name=a`; a list `name=a&name=b` exploded (OpenAPI's
    /// default), `name=a,b` not; an object `k=v&k2=v2` exploded (its members as parameters),
    /// `name=k,v,k2,v2` not.
    pub(crate) fn query_form(
        &mut self,
        name: &'static str,
        value: &impl serde::Serialize,
        explode: bool,
    ) -> Result<(), Error> {
        match flat(name, value)? {
            Flat::One(text) => self.query.push((name.into(), text)),
            Flat::List(items) if explode => self.query.extend(items.into_iter().map(|item| (name.into(), item))),
            Flat::Pairs(pairs) if explode => self.query.extend(pairs),
            flat => self.query.push((name.into(), simple(flat, false, str::to_owned))),
        }
        Ok(())
    }
    // @end

    // @part query_delimited
    /// A list query parameter in style `spaceDelimited` or `pipeDelimited`: `name=a%20b`,
    /// `name=a|b`.
    pub(crate) fn query_delimited(
        &mut self,
        name: &'static str,
        value: &impl serde::Serialize,
        delimiter: &str,
    ) -> Result<(), Error> {
        let text = match flat(name, value)? {
            Flat::One(text) => text,
            Flat::List(items) => items.join(delimiter),
            Flat::Pairs(pairs) => pairs
                .into_iter()
                .flat_map(|(k, v)| [k, v])
                .collect::<Vec<_>>()
                .join(delimiter),
        };
        self.query.push((name.into(), text));
        Ok(())
    }
    // @end

    // @part query_deep
    /// An object query parameter in style `deepObject`: `name[k]=v&name[k2]=v2`.
    pub(crate) fn query_deep(&mut self, name: &'static str, value: &impl serde::Serialize) -> Result<(), Error> {
        match flat(name, value)? {
            Flat::Pairs(pairs) => self
                .query
                .extend(pairs.into_iter().map(|(k, v)| (format!("{name}[{k}]"), v))),
            Flat::One(text) => self.query.push((name.into(), text)),
            Flat::List(items) => self.query.extend(items.into_iter().map(|item| (name.into(), item))),
        }
        Ok(())
    }
    // @end

    // @part header
    /// A header parameter (style `simple`); a value that cannot be sent in a header fails the
    /// call when it is sent.
    pub(crate) fn header(
        &mut self,
        name: &'static str,
        value: &impl serde::Serialize,
        explode: bool,
    ) -> Result<(), Error> {
        let text = simple(flat(name, value)?, explode, str::to_owned);
        self.headers.push((name, text));
        Ok(())
    }
    // @end
}

// @part simple
#[cfg(test)]
mod tests {
    use super::{Flat, flat, simple};
    use serde_json::json;

    fn simple_text(value: serde_json::Value, explode: bool) -> String {
        simple(flat("p", &value).unwrap(), explode, str::to_owned)
    }

    #[test]
    fn values_are_laid_out_by_style() {
        assert_eq!(simple_text(json!("a b"), false), "a b");
        assert_eq!(simple_text(json!(42), false), "42");
        assert_eq!(simple_text(json!(true), false), "true");
        assert_eq!(simple_text(json!(["a", 1]), false), "a,1");
        assert_eq!(simple_text(json!({"k": "v", "n": 2, "gone": null}), false), "k,v,n,2");
        assert_eq!(simple_text(json!({"k": "v", "n": 2}), true), "k=v,n=2");
        assert_eq!(simple_text(json!([{"a": 1}]), false), r#"{"a":1}"#);
        assert!(matches!(flat("p", &json!(null)).unwrap(), Flat::One(text) if text == "null"));
    }
}
// @end
