//! A request example of the document → how to build it with the generated types
//! ([`Construct`]), so that each method's documentation shows a realistic body. Where the example
//! does not fit the types (a missing required field, any-JSON), there is none.

use super::api::{Construct, Operation, Ty, TypeDef, TypeKind};
use serde_json::Value;
use std::collections::BTreeMap;

/// How deep an example may nest before it is not worth showing.
const MAX_DEPTH: usize = 8;

/// Builds the example body of every operation that has one.
pub fn build_examples(types: &[TypeDef], operations: &mut [Operation]) {
    let types: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    for body in operations.iter_mut().filter_map(|op| op.body.as_mut()) {
        body.example = body
            .example_json
            .as_ref()
            .and_then(|json| construct(&types, &body.ty, json, 0));
    }
}

fn construct(types: &BTreeMap<&str, &TypeDef>, ty: &Ty, value: &Value, depth: usize) -> Option<Construct> {
    if depth > MAX_DEPTH {
        return None;
    }
    let deeper = |ty: &Ty, value: &Value| construct(types, ty, value, depth + 1);
    Some(match (ty, value) {
        (Ty::String, Value::String(s)) => Construct::Str(s.clone()),
        (Ty::Bool, Value::Bool(b)) => Construct::Literal(b.to_string()),
        (Ty::I32 | Ty::I64, Value::Number(n)) if n.is_i64() => Construct::Literal(n.to_string()),
        (Ty::F32 | Ty::F64, Value::Number(n)) => Construct::Literal(format!("{:?}", n.as_f64()?)),
        (Ty::Uuid, Value::String(s)) if uuid_shaped(s) => Construct::Parse(ty.clone(), s.clone()),
        (Ty::DateTime, Value::String(s)) => Construct::Parse(ty.clone(), s.clone()),
        (Ty::Vec(item), Value::Array(items)) => {
            Construct::List(items.iter().map(|v| deeper(item, v)).collect::<Option<_>>()?)
        }
        (Ty::Map(key, item), Value::Object(entries)) => Construct::Map(
            entries
                .iter()
                .map(|(k, v)| Some((deeper(key, &Value::String(k.clone()))?, deeper(item, v)?)))
                .collect::<Option<_>>()?,
        ),
        (Ty::Option(_), Value::Null) => Construct::None,
        (Ty::Option(inner), value) => Construct::Some(Box::new(deeper(inner, value)?)),
        (Ty::Box(inner), value) => deeper(inner, value)?,
        (Ty::Named(name), value) => named(types, name, value, depth)?,
        _ => return None,
    })
}

fn named(types: &BTreeMap<&str, &TypeDef>, name: &str, value: &Value, depth: usize) -> Option<Construct> {
    let def = types.get(name)?;
    let deeper = |ty: &Ty, value: &Value| construct(types, ty, value, depth + 1);
    Some(match (&def.kind, value) {
        (TypeKind::Id(Ty::String), Value::String(s)) => Construct::FromStr(name.to_owned(), s.clone()),
        (TypeKind::Id(Ty::Uuid), Value::String(s)) if uuid_shaped(s) => {
            Construct::Parse(Ty::Named(name.to_owned()), s.clone())
        }
        (TypeKind::Id(wire), value) => Construct::New(name.to_owned(), Box::new(deeper(wire, value)?)),
        (TypeKind::Alias(ty), value) => deeper(ty, value)?,
        (TypeKind::Enum(values), Value::String(s)) => match values.iter().find(|v| &v.wire == s) {
            Some(v) => Construct::Variant(name.to_owned(), v.name.clone()),
            None => Construct::FromStr(name.to_owned(), s.clone()),
        },
        (TypeKind::Union(union), Value::Object(object)) => {
            let tag = object.get(&union.tag)?.as_str()?;
            let variant = union.variants.iter().find(|v| v.tag == tag)?;
            let member = match &variant.ty {
                Some(member) => deeper(&Ty::Named(member.clone()), value)?,
                None => return None,
            };
            Construct::Wrap(name.to_owned(), variant.name.clone(), Box::new(member))
        }
        (TypeKind::Untagged(variants), value) => variants.iter().find_map(|v| {
            Some(Construct::Wrap(
                name.to_owned(),
                v.name.clone(),
                Box::new(deeper(&v.ty, value)?),
            ))
        })?,
        (TypeKind::Struct(fields), Value::Object(object)) if def.input => {
            let mut arguments = Vec::new();
            let mut setters = Vec::new();
            for field in fields {
                match (object.get(&field.wire_name), field.required) {
                    (Some(v), true) => arguments.push(deeper(&field.ty, v)?),
                    (None, true) => return None,
                    (Some(Value::Null) | None, false) => {}
                    (Some(v), false) => setters.push((field.setter.clone(), deeper(&field.ty, v)?)),
                }
            }
            Construct::Struct {
                name: name.to_owned(),
                arguments,
                setters,
            }
        }
        _ => return None,
    })
}

/// Whether a text is a UUID (the document's examples are, after the corrections).
fn uuid_shaped(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::uuid_shaped;

    #[test]
    fn only_uuids_are_parsed_as_uuids() {
        assert!(uuid_shaped("4d2ab456-8510-4a35-b266-e502160d5177"));
        assert!(!uuid_shaped("4d2ab456-8510-4a35-b266-e502160d5177X"));
        assert!(!uuid_shaped("closed_conversations"));
    }
}
