//! The public API of a generated crate as data (`api-surface.json` in the crate), and what changed
//! between two of them, classified for the crate's users by Rust's semver rules.
//!
//! The generated API is built to stay compatible (the compatibility decision, as smithy-rs
//! does): every struct, union and enum is `#[non_exhaustive]`, unions and enums keep `Unknown`,
//! and every struct is built with `new(required fields…)` and setters. So adding an optional
//! field, a union member, an enum value, a type or an operation is additive; adding a required
//! field (it changes `new`) or a required parameter (it changes the call), and removing or
//! retyping anything is breaking. `tests/semver.rs` checks the classification against
//! cargo-semver-checks on generated crate pairs.

use crate::model::webhooks;
use crate::model::{Api, Field, Ty, TypeDef, TypeKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// What code that uses the crate can see.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Surface {
    /// `group.method` → its signature.
    pub operations: BTreeMap<String, OperationSurface>,
    /// Type name → its shape.
    pub types: BTreeMap<String, TypeSurface>,
    /// Type name → where in the document it comes from: a type that keeps its place under a new
    /// name was renamed (a derived type whose name a new component took).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub origins: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationSurface {
    pub endpoint: String,
    /// Parameter (and `body`) → (type, required).
    pub parameters: BTreeMap<String, (String, bool)>,
    pub result: String,
    pub deprecated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TypeSurface {
    /// Field → (type, required). `input`: used in requests (kept for the record; every struct
    /// has `new` and setters).
    Struct {
        input: bool,
        fields: BTreeMap<String, (String, bool)>,
    },
    Union {
        members: BTreeMap<String, String>,
    },
    Enum {
        values: Vec<String>,
    },
    Alias {
        target: String,
    },
    /// An identifier newtype over `wire` (`uuid::Uuid`, `i64`, `String`).
    Id {
        wire: String,
    },
}

pub fn surface(api: &Api) -> Surface {
    let operations = api
        .operations
        .iter()
        .map(|op| {
            let mut parameters: BTreeMap<String, (String, bool)> = op
                .params()
                .map(|p| (p.name.clone(), (p.ty.to_string(), p.required)))
                .collect();
            if let Some(body) = &op.body {
                parameters.insert("body".into(), (body.ty.to_string(), body.required));
            }
            let surface = OperationSurface {
                endpoint: format!("{} {}", op.method, op.path),
                parameters,
                result: op.success.ty.as_ref().map_or("()".into(), |ty| ty.to_string()),
                deprecated: op.deprecated,
            };
            (format!("{}.{}", op.group, op.name), surface)
        })
        .collect();
    // Webhook types are reported under their module: `webhooks::Event`.
    let webhook_types = api.webhooks.iter().flat_map(|w| &w.types);
    let types = api
        .types
        .iter()
        .map(|t| (t.name.clone(), type_surface(t, Field::rust_ty)))
        .chain(webhook_types.map(|t| (format!("webhooks::{}", t.name), type_surface(t, webhooks::exact_ty))))
        .collect();
    let origins = api.types.iter().map(|t| (t.name.clone(), t.origin.clone())).collect();
    Surface {
        operations,
        types,
        origins,
    }
}

impl Surface {
    /// Each type's name by the place in the document it comes from, for the next generation to
    /// keep (`Config::published_names`).
    pub fn published_names(&self) -> BTreeMap<String, String> {
        self.origins
            .iter()
            .map(|(name, origin)| (origin.clone(), name.clone()))
            .collect()
    }
}

/// Old name → new name of every type that comes from the same place in the document under
/// another name, while its old name is gone or now names something from elsewhere.
fn renames(old: &Surface, new: &Surface) -> BTreeMap<String, String> {
    let by_origin: BTreeMap<&str, &str> = new.origins.iter().map(|(n, o)| (o.as_str(), n.as_str())).collect();
    old.origins
        .iter()
        .filter_map(|(name, origin)| {
            let now = by_origin.get(origin.as_str())?;
            (*now != name && new.origins.get(name) != Some(origin)).then(|| (name.clone(), (*now).to_owned()))
        })
        .collect()
}

/// `text` (a type as written) with renamed type names replaced, whole words only.
fn with_renames(text: &str, renames: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        out.push_str(renames.get(&word).map_or(word.as_str(), String::as_str));
        word.clear();
        out.push(c);
    }
    out.pop();
    out
}

/// The old surface as it reads with the renames applied to every type it mentions.
fn renamed(old: &Surface, renames: &BTreeMap<String, String>) -> Surface {
    let ty = |t: &String| with_renames(t, renames);
    let pair = |(t, required): &(String, bool)| (ty(t), *required);
    let operations = old
        .operations
        .iter()
        .map(|(name, op)| {
            let op = OperationSurface {
                parameters: op.parameters.iter().map(|(p, v)| (p.clone(), pair(v))).collect(),
                result: ty(&op.result),
                ..op.clone()
            };
            (name.clone(), op)
        })
        .collect();
    let types = old
        .types
        .iter()
        .map(|(name, t)| {
            let t = match t {
                TypeSurface::Struct { input, fields } => TypeSurface::Struct {
                    input: *input,
                    fields: fields.iter().map(|(f, v)| (f.clone(), pair(v))).collect(),
                },
                TypeSurface::Union { members } => TypeSurface::Union {
                    members: members.iter().map(|(m, t)| (m.clone(), ty(t))).collect(),
                },
                TypeSurface::Alias { target } => TypeSurface::Alias { target: ty(target) },
                TypeSurface::Enum { .. } | TypeSurface::Id { .. } => t.clone(),
            };
            (name.clone(), t)
        })
        .collect();
    Surface {
        operations,
        types,
        origins: old.origins.clone(),
    }
}

/// A type's surface; `field_ty` gives a field's Rust type (the `webhooks` module keeps `null` apart
/// from absent, so its fields are typed differently).
fn type_surface(t: &TypeDef, field_ty: fn(&Field) -> Ty) -> TypeSurface {
    match &t.kind {
        TypeKind::Struct(fields) => TypeSurface::Struct {
            input: t.input,
            fields: fields
                .iter()
                .map(|f| (f.name.clone(), (field_ty(f).to_string(), f.required)))
                .collect(),
        },
        TypeKind::Union(u) => TypeSurface::Union {
            members: u
                .variants
                .iter()
                .map(|v| (v.name.clone(), v.ty.clone().unwrap_or_else(|| "()".into())))
                .collect(),
        },
        TypeKind::Untagged(vs) => TypeSurface::Union {
            members: vs.iter().map(|v| (v.name.clone(), v.ty.to_string())).collect(),
        },
        TypeKind::Enum(values) => TypeSurface::Enum {
            values: values.iter().map(|v| v.wire.clone()).collect(),
        },
        TypeKind::Alias(ty) => TypeSurface::Alias { target: ty.to_string() },
        TypeKind::Id(ty) => TypeSurface::Id { wire: ty.to_string() },
    }
}

/// Whether a change forces users of the crate to change their code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    Additive,
    Breaking,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub impact: Impact,
    /// `operation agents.list`, `type Agent`, `field Agent.email`, …
    pub item: String,
    pub what: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let impact = match self.impact {
            Impact::Breaking => "breaking",
            Impact::Additive => "additive",
        };
        write!(f, "{impact}: {} {}", self.item, self.what)
    }
}

/// Every difference between two surfaces, breaking changes first. A renamed type is one line,
/// and the types that use it do not change because of it.
pub fn diff(old: &Surface, new: &Surface) -> Vec<Change> {
    let renames = renames(old, new);
    let old = &renamed(old, &renames);
    let mut changes = Vec::new();
    let mut push = |impact, item: String, what: String| changes.push(Change { impact, item, what });
    for (name, op) in &old.operations {
        match new.operations.get(name) {
            None => push(
                Impact::Breaking,
                format!("operation {name}"),
                format!("removed ({})", op.endpoint),
            ),
            Some(now) => operation_changes(name, op, now, &mut push),
        }
    }
    for (name, op) in &new.operations {
        if !old.operations.contains_key(name) {
            push(
                Impact::Additive,
                format!("operation {name}"),
                format!("added ({})", op.endpoint),
            );
        }
    }
    for (name, old_type) in &old.types {
        if let Some(now) = renames.get(name) {
            push(Impact::Breaking, format!("type {name}"), format!("renamed → {now}"));
            type_changes(now, old_type, &new.types[now], &mut push);
            continue;
        }
        match new.types.get(name) {
            None => push(Impact::Breaking, format!("type {name}"), "removed".into()),
            Some(new_type) => type_changes(name, old_type, new_type, &mut push),
        }
    }
    let kept = |n: &String| old.types.contains_key(n) && !renames.contains_key(n);
    let renamed_to = |n: &String| renames.values().any(|now| now == n);
    for name in new.types.keys().filter(|n| !kept(n) && !renamed_to(n)) {
        push(Impact::Additive, format!("type {name}"), "added".into());
    }
    changes.sort_by(|a, b| b.impact.cmp(&a.impact).then(a.item.cmp(&b.item)));
    changes
}

fn operation_changes(
    name: &str,
    op: &OperationSurface,
    now: &OperationSurface,
    push: &mut impl FnMut(Impact, String, String),
) {
    for (param, (ty, required)) in &op.parameters {
        match now.parameters.get(param) {
            None => push(Impact::Breaking, format!("parameter {name}({param})"), "removed".into()),
            Some((new_ty, _)) if new_ty != ty => push(
                Impact::Breaking,
                format!("parameter {name}({param})"),
                format!("type {ty} → {new_ty}"),
            ),
            Some((_, now_required)) if now_required != required => push(
                Impact::Breaking,
                format!("parameter {name}({param})"),
                if *now_required {
                    "became required"
                } else {
                    "became optional"
                }
                .into(),
            ),
            _ => {}
        }
    }
    for (param, (ty, required)) in &now.parameters {
        if !op.parameters.contains_key(param) {
            let impact = if *required { Impact::Breaking } else { Impact::Additive };
            let kind = if *required { "required" } else { "optional" };
            push(
                impact,
                format!("parameter {name}({param})"),
                format!("added, {kind} {ty}"),
            );
        }
    }
    if now.result != op.result {
        push(
            Impact::Breaking,
            format!("operation {name}"),
            format!("result {} → {}", op.result, now.result),
        );
    }
    if now.endpoint != op.endpoint {
        push(
            Impact::Additive,
            format!("operation {name}"),
            format!("now calls {} (was {})", now.endpoint, op.endpoint),
        );
    }
    if now.deprecated && !op.deprecated {
        push(Impact::Additive, format!("operation {name}"), "deprecated".into());
    }
}

fn type_changes(name: &str, old: &TypeSurface, new: &TypeSurface, push: &mut impl FnMut(Impact, String, String)) {
    match (old, new) {
        (TypeSurface::Struct { fields: before, .. }, TypeSurface::Struct { fields: after, .. }) => {
            for (field, (ty, required)) in before {
                let item = format!("field {name}.{field}");
                match after.get(field) {
                    None => push(Impact::Breaking, item, "removed".into()),
                    Some((new_ty, new_required)) if new_ty != ty => {
                        let why = if new_required != required && *new_required {
                            " (became required)"
                        } else {
                            ""
                        };
                        push(Impact::Breaking, item, format!("type {ty} → {new_ty}{why}"))
                    }
                    // A required field is an argument of `new`, an optional one a setter.
                    Some((_, new_required)) if new_required != required => push(
                        Impact::Breaking,
                        item,
                        if *new_required {
                            "became required (an argument of `new`)"
                        } else {
                            "became optional (no longer an argument of `new`)"
                        }
                        .into(),
                    ),
                    _ => {}
                }
            }
            for (field, (ty, required)) in after.iter().filter(|(f, _)| !before.contains_key(*f)) {
                // Structs are non-exhaustive and built with `new` and setters: only a new required
                // field changes `new`.
                let impact = if *required { Impact::Breaking } else { Impact::Additive };
                let kind = if *required { "required" } else { "optional" };
                push(impact, format!("field {name}.{field}"), format!("added, {kind} {ty}"));
            }
        }
        (TypeSurface::Union { members: before }, TypeSurface::Union { members: after }) => {
            for (member, ty) in before {
                match after.get(member) {
                    None => push(Impact::Breaking, format!("member {name}::{member}"), "removed".into()),
                    Some(new_ty) if new_ty != ty => push(
                        Impact::Breaking,
                        format!("member {name}::{member}"),
                        format!("type {ty} → {new_ty}"),
                    ),
                    _ => {}
                }
            }
            for member in after.keys().filter(|m| !before.contains_key(*m)) {
                // Unions are non-exhaustive: every `match` on them already has a wildcard arm.
                push(Impact::Additive, format!("member {name}::{member}"), "added".into());
            }
        }
        (TypeSurface::Enum { values: before }, TypeSurface::Enum { values: after }) => {
            for value in before.iter().filter(|v| !after.contains(v)) {
                push(Impact::Breaking, format!("value {name}::{value}"), "removed".into());
            }
            for value in after.iter().filter(|v| !before.contains(v)) {
                push(
                    Impact::Additive,
                    format!("value {name}::{value}"),
                    "added (enums are non-exhaustive: no match breaks)".into(),
                );
            }
        }
        (TypeSurface::Alias { target: before }, TypeSurface::Alias { target: after })
        | (TypeSurface::Id { wire: before }, TypeSurface::Id { wire: after })
            if before != after =>
        {
            push(Impact::Breaking, format!("type {name}"), format!("{before} → {after}"));
        }
        (before, after) if std::mem::discriminant(before) != std::mem::discriminant(after) => {
            push(
                Impact::Breaking,
                format!("type {name}"),
                format!("changed kind ({} → {})", kind(before), kind(after)),
            );
        }
        _ => {}
    }
}

fn kind(surface: &TypeSurface) -> &'static str {
    match surface {
        TypeSurface::Struct { .. } => "struct",
        TypeSurface::Union { .. } => "union",
        TypeSurface::Enum { .. } => "enum",
        TypeSurface::Alias { .. } => "alias",
        TypeSurface::Id { .. } => "id",
    }
}

/// The semver bump a set of changes calls for, for a crate at `version` (`0.x` treats the minor
/// number as major, as Cargo does).
pub fn suggested_bump(changes: &[Change], version: &str) -> &'static str {
    let pre_1 = version.starts_with("0.");
    match changes.iter().map(|c| c.impact).max() {
        Some(Impact::Breaking) if pre_1 => "minor (0.x: breaking)",
        Some(Impact::Breaking) => "major",
        Some(Impact::Additive) if pre_1 => "patch (0.x: additive)",
        Some(Impact::Additive) => "minor",
        None => "none",
    }
}

/// The report as Markdown, ready for a changelog.
pub fn report(changes: &[Change], version: &str) -> String {
    let breaking = changes.iter().filter(|c| c.impact == Impact::Breaking).count();
    let mut out = format!(
        "## API changes\n\n{} changes: {breaking} breaking, {} additive. Suggested version bump: {}.\n",
        changes.len(),
        changes.len() - breaking,
        suggested_bump(changes, version)
    );
    for (impact, title) in [(Impact::Breaking, "Breaking"), (Impact::Additive, "Additive")] {
        let items: Vec<&Change> = changes.iter().filter(|c| c.impact == impact).collect();
        if !items.is_empty() {
            out.push_str(&format!("\n### {title}\n\n"));
            for c in items {
                out.push_str(&format!("- {} {}\n", c.item, c.what));
            }
        }
    }
    out
}
