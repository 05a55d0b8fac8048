//! Comparing JSON the way the wire does: key order, `null` versus absent, and `1` versus `1.0`
//! carry no meaning.

use serde_json::Value;

/// Decodes `json` as `T` (with the client's field-path errors) and encodes it again.
pub fn decode_encode<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> Result<Value, String> {
    let value: T = dixa::from_json(json.as_bytes()).map_err(|e| e.to_string())?;
    serde_json::to_value(&value).map_err(|e| format!("encode failed: {e}"))
}

/// `Ok` if `a` and `b` are equivalent, else the path of the first difference and what differs.
pub fn equivalent(a: &Value, b: &Value) -> Result<(), String> {
    compare(a, b, &mut String::new())
}

fn compare(a: &Value, b: &Value, path: &mut String) -> Result<(), String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for key in keys {
                let (u, v) = (x.get(key).unwrap_or(&Value::Null), y.get(key).unwrap_or(&Value::Null));
                let len = path.len();
                path.push('.');
                path.push_str(key);
                compare(u, v, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Err(format!("{}: {} items versus {}", at(path), x.len(), y.len()));
            }
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                compare(u, v, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => Ok(()),
        _ if a == b => Ok(()),
        _ => Err(format!("{}: {a} versus {b}", at(path))),
    }
}

fn at(path: &str) -> &str {
    if path.is_empty() {
        "(root)"
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use super::equivalent;
    use serde_json::json;

    #[test]
    fn wire_equivalence() {
        assert!(equivalent(&json!({"a": 1, "b": null}), &json!({"a": 1.0})).is_ok());
        assert!(equivalent(&json!({"a": [1, 2]}), &json!({"a": [2, 1]})).is_err());
        assert_eq!(
            equivalent(&json!({"a": {"b": "x"}}), &json!({"a": {"b": "y"}})),
            Err(".a.b: \"x\" versus \"y\"".into())
        );
        assert!(equivalent(&json!({"a": 1}), &json!({"a": 1, "c": 2})).is_err());
    }
}
