//! Every `$ref` must point inside the document: a dangling one is reported where it stands.
//! Only the places where OpenAPI 3.0 allows a Reference Object are read as references.

use super::error::{escape_token, SpecError};
use super::objects;
use serde_json::Value;
use std::collections::HashMap;

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

/// How one schema leads to another.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Link {
    /// The schema is a `$ref`: it is the target.
    Alias,
    /// The target is a member of the schema's `allOf`: its properties are merged in.
    Merge,
}

#[derive(Clone)]
struct Edge {
    target: String,
    /// The pointer of the `$ref`.
    at: String,
    link: Link,
}

/// Schemas that never finish resolving: a chain of `$ref`s back to its start with no schema in
/// it (it describes nothing), and an `allOf` that includes the schema itself, directly or through
/// other schemas (merging it would never end). A cycle through properties is a recursive type,
/// and fine. One depth-first pass from every component: linear in the number of references.
fn reference_cycles(document: &Value, file: &str) -> Vec<SpecError> {
    enum State {
        OnPath,
        Done,
    }
    struct Frame {
        node: String,
        edges: Vec<Edge>,
        next: usize,
    }
    let mut errors = Vec::new();
    let mut state: HashMap<String, State> = HashMap::new();
    for root in component_pointers(document) {
        if state.contains_key(&root) {
            continue;
        }
        state.insert(root.clone(), State::OnPath);
        let mut path = vec![Frame {
            edges: edges(document, &root),
            node: root,
            next: 0,
        }];
        while let Some(top) = path.last_mut() {
            let Some(edge) = top.edges.get(top.next).cloned() else {
                state.insert(top.node.clone(), State::Done);
                path.pop();
                continue;
            };
            top.next += 1;
            match state.get(&edge.target) {
                Some(State::Done) => {}
                Some(State::OnPath) => errors.push(cycle_error(&path, &edge.target, file)),
                None => {
                    state.insert(edge.target.clone(), State::OnPath);
                    path.push(Frame {
                        edges: edges(document, &edge.target),
                        node: edge.target,
                        next: 0,
                    });
                }
            }
        }
    }
    return errors;

    /// The cycle from `start` (on the path) to the top of the path and back, reported at the
    /// reference that leaves `start`.
    fn cycle_error(path: &[Frame], start: &str, file: &str) -> SpecError {
        let from = path.iter().position(|f| f.node == start).unwrap_or_default();
        let taken: Vec<&Edge> = path[from..].iter().map(|f| &f.edges[f.next - 1]).collect();
        let mut chain: Vec<&str> = path[from..].iter().map(|f| f.node.as_str()).collect();
        chain.push(start);
        let message = if taken.iter().all(|e| e.link == Link::Alias) {
            format!("reference cycle with no schema in it: {}", chain.join(" → "))
        } else {
            format!(
                "`allOf` includes the schema itself ({}): merging it would never end",
                chain.join(" → ")
            )
        };
        SpecError::new(file, taken[0].at.clone(), message)
    }
}

/// `/components/<section>/<name>` for every component, in document order.
fn component_pointers(document: &Value) -> Vec<String> {
    let Some(components) = document.get("components").and_then(Value::as_object) else {
        return Vec::new();
    };
    components
        .iter()
        .flat_map(|(section, entries)| {
            entries
                .as_object()
                .into_iter()
                .flatten()
                .map(move |(name, _)| format!("/components/{}/{}", escape_token(section), escape_token(name)))
        })
        .collect()
}

/// Where the schema at `pointer` leads: its own `$ref`, or the `$ref`s among its `allOf`
/// members (also inside inline members' `allOf`).
fn edges(document: &Value, pointer: &str) -> Vec<Edge> {
    let mut out = Vec::new();
    let Some(node) = document.pointer(pointer) else {
        return out;
    };
    match local_target(node) {
        Some(target) => out.push(Edge {
            target,
            at: format!("{pointer}/$ref"),
            link: Link::Alias,
        }),
        None => merged_refs(node, pointer, &mut out),
    }
    out
}

fn merged_refs(node: &Value, at: &str, out: &mut Vec<Edge>) {
    let Some(members) = node.get("allOf").and_then(Value::as_array) else {
        return;
    };
    for (i, member) in members.iter().enumerate() {
        let at = format!("{at}/allOf/{i}");
        match local_target(member) {
            Some(target) => out.push(Edge {
                target,
                at: format!("{at}/$ref"),
                link: Link::Merge,
            }),
            None => merged_refs(member, &at, out),
        }
    }
}

/// The pointer a local `$ref` names, decoded.
fn local_target(node: &Value) -> Option<String> {
    let target = node.get("$ref")?.as_str()?.strip_prefix('#')?;
    percent_decode(target)
}
