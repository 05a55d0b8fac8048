//! JSON printed the way Dixa's webhook bodies are (Jackson's default pretty printer with
//! non-ASCII escaping): two-space indent, `"key" : value`, arrays on one line (`[ "a", "b" ]`,
//! empty `[ ]`), every non-ASCII character as `\uXXXX`. A real delivery's `Content-Length` matches
//! this form exactly (`../shared/facts/webhooks.md`).

use serde_json::ser::Formatter;
use serde_json::Value;
use std::io::{self, Write};

/// `value` as Dixa's webhook sender prints it.
pub fn pretty(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Jackson::default());
    serde::Serialize::serialize(value, &mut serializer).expect("JSON serializes");
    out
}

#[derive(Default)]
struct Jackson {
    depth: usize,
    /// For each open object or array: whether it has a member yet.
    filled: Vec<bool>,
}

impl Jackson {
    fn newline<W: ?Sized + Write>(&self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b"\n")?;
        (0..self.depth).try_for_each(|_| writer.write_all(b"  "))
    }

    fn mark_filled(&mut self) {
        if let Some(filled) = self.filled.last_mut() {
            *filled = true;
        }
    }
}

impl Formatter for Jackson {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.filled.push(false);
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.filled.pop();
        writer.write_all(b" ]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.mark_filled();
        writer.write_all(if first { b" " } else { b", " })
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.filled.push(false);
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.filled.pop() == Some(true) {
            self.newline(writer)?;
            writer.write_all(b"}")
        } else {
            writer.write_all(b" }")
        }
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.mark_filled();
        if !first {
            writer.write_all(b",")?;
        }
        self.newline(writer)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b" : ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn write_string_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        for c in fragment.chars() {
            if c.is_ascii() {
                writer.write_all(&[c as u8])?;
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04X}")?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::pretty;
    use serde_json::json;

    #[test]
    fn prints_like_jackson() {
        let value = json!({"a": 1, "name": "Zoë 😀", "roles": [], "tags": ["x", "y"], "o": {}});
        let text = String::from_utf8(pretty(&value)).unwrap();
        assert_eq!(
            text,
            "{\n  \"a\" : 1,\n  \"name\" : \"Zo\\u00EB \\uD83D\\uDE00\",\n  \"roles\" : [ ],\n  \"tags\" : [ \"x\", \"y\" ],\n  \"o\" : { }\n}"
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
    }
}
