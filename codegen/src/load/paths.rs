//! Every `{name}` of a path template must be a declared path parameter: an undeclared one would
//! be sent as literal text. It is refused where it stands, so that the document (or a
//! correction) declares it with its type.

use super::error::{escape_token, SpecError};
use super::refs::resolve;
use serde_json::Value;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

pub fn check(document: &Value, file: &str) -> Result<(), Vec<SpecError>> {
    let mut errors = Vec::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return Ok(());
    };
    for (template, item) in paths {
        let at = format!("/paths/{}", escape_token(template));
        let names = match template_names(template) {
            Ok(names) => names,
            Err(problem) => {
                errors.push(SpecError::new(file, &at, problem));
                continue;
            }
        };
        let shared = declared(document, item.get("parameters"));
        for method in METHODS {
            let Some(operation) = item.get(*method) else { continue };
            let own = declared(document, operation.get("parameters"));
            for name in names.iter().filter(|n| !shared.contains(n) && !own.contains(n)) {
                errors.push(SpecError::new(
                    file,
                    format!("{at}/{method}"),
                    format!(
                        "the path template has `{{{name}}}`, but no parameter `{name}` with `in: path` is declared for this operation or its path; declare it (with its schema) in the document or in a correction"
                    ),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The names between braces in a path template, in order.
fn template_names(template: &str) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!("the path template `{template}` has a `}}` without a `{{`"));
        }
        let Some(close) = rest[open + 1..].find(['{', '}']) else {
            return Err(format!("the path template `{template}` has a `{{` without a `}}`"));
        };
        let close = open + 1 + close;
        if rest[close..].starts_with('{') {
            return Err(format!("the path template `{template}` has a `{{` inside braces"));
        }
        let name = &rest[open + 1..close];
        if name.is_empty() {
            return Err(format!("the path template `{template}` has an empty `{{}}`"));
        }
        names.push(name);
        rest = &rest[close + 1..];
    }
    Ok(names)
}

/// The names of the path parameters in a `parameters` list, references followed.
fn declared<'a>(document: &'a Value, parameters: Option<&'a Value>) -> Vec<&'a str> {
    let mut names = Vec::new();
    for parameter in parameters.and_then(Value::as_array).into_iter().flatten() {
        let mut parameter = parameter;
        // The reference check ran first and refused cycles; the bound is a backstop.
        for _ in 0..16 {
            match parameter
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
            {
                Some(pointer) => match resolve(document, pointer) {
                    Some(target) => parameter = target,
                    None => break,
                },
                None => break,
            }
        }
        if parameter.get("in").and_then(Value::as_str) == Some("path") {
            names.extend(parameter.get("name").and_then(Value::as_str));
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::template_names;

    #[test]
    fn template_names_in_order() {
        assert_eq!(template_names("/a/{x}/b/{y}.json"), Ok(vec!["x", "y"]));
        assert_eq!(template_names("/plain"), Ok(vec![]));
        assert!(template_names("/a/{x").is_err());
        assert!(template_names("/a/x}").is_err());
        assert!(template_names("/a/{}").is_err());
        assert!(template_names("/a/{x{y}}").is_err());
    }
}
