//! Every `$ref` must point inside the document: a dangling one is reported where it stands.
//! Only the places where OpenAPI 3.0 allows a Reference Object are read as references.

use super::error::{escape_token, SpecError};
use super::objects;
use serde_json::Value;

pub fn check(document: &Value, file: &str) -> Result<(), Vec<SpecError>> {
    let mut errors = Vec::new();
    objects::visit(document, &mut |kind, at, object| {
        let Some(target) = object.get("$ref").filter(|_| kind.may_be_reference()) else {
            return;
        };
        if let Some(problem) = problem_with(document, target) {
            errors.push(SpecError::new(file, format!("{at}/$ref"), problem));
        }
    });
    if errors.is_empty() {
        errors.extend(reference_cycles(document, file));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn problem_with(document: &Value, target: &Value) -> Option<String> {
    let Value::String(target) = target else {
        return Some(format!(
            "`$ref` must be a string, found {}",
            super::error::kind_of(target)
        ));
    };
    let Some(pointer) = target.strip_prefix('#') else {
        return Some(format!(
            "`{target}` is not a local reference; only `#/...` references are supported"
        ));
    };
    match resolve(document, pointer) {
        Some(_) => None,
        None => Some(format!(
            "`{target}` does not resolve: nothing at that pointer in the document{}",
            suggestion(document, pointer)
                .map(|s| format!(" (did you mean `#{s}`?)"))
                .unwrap_or_default()
        )),
    }
}

/// The closest existing sibling of a missing pointer's last step, if one is close enough to be a typo.
fn suggestion(document: &Value, pointer: &str) -> Option<String> {
    let (parent, missing) = pointer.rsplit_once('/')?;
    let siblings = resolve(document, parent)?.as_object()?;
    siblings
        .keys()
        .map(|key| (strsim::levenshtein(key, missing), key))
        .filter(|(distance, key)| *distance <= 2.max(key.len() / 4))
        .min()
        .map(|(_, key)| format!("{parent}/{}", escape_token(key)))
}

/// The JSON pointer of a local `$ref` (`#/a/b%20c` → `/a/b c`), as the generator writes pointers.
pub fn pointer_of(reference: &str) -> Option<String> {
    percent_decode(reference.strip_prefix('#')?)
}

/// Resolves a JSON pointer, percent-decoding it first as a URI fragment requires.
pub fn resolve<'a>(document: &'a Value, pointer: &str) -> Option<&'a Value> {
    let decoded = percent_decode(pointer)?;
    document.pointer(&decoded)
}

fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Components that are nothing but a `$ref` leading back to themselves: they describe nothing.
/// (A cycle through properties is a recursive type, and fine.)
fn reference_cycles(document: &Value, file: &str) -> Vec<SpecError> {
    let mut errors = Vec::new();
    let Some(components) = document.get("components").and_then(Value::as_object) else {
        return errors;
    };
    for (section, entries) in components {
        for (name, entry) in entries.as_object().into_iter().flatten() {
            let start = format!("/components/{}/{}", escape_token(section), escape_token(name));
            let mut chain = vec![start.clone()];
            let mut node = entry;
            while let Some(target) = node
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|t| t.strip_prefix('#'))
            {
                let target = percent_decode(target).unwrap_or_default();
                if chain.contains(&target) {
                    chain.push(target);
                    errors.push(SpecError::new(
                        file,
                        format!("{start}/$ref"),
                        format!("reference cycle with no schema in it: {}", chain.join(" → ")),
                    ));
                    break;
                }
                chain.push(target.clone());
                match document.pointer(&target) {
                    Some(next) => node = next,
                    None => break,
                }
            }
        }
    }
    errors
}
