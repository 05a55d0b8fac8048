//! String `enum`s → open Rust enums: one per distinct set of values, shared by every schema,
//! property and parameter that uses that set, and named from the best source available:
//! a component schema's own name, a `title` (corrections give map keys one), the property name,
//! and the owning schema's name where the property name alone says little (`state`, `_type`).

use super::api::{EnumValue, TypeDef, TypeKind};
use super::names::{camel_words, join_without_stutter, singular, type_name, unique, variant_name, Published, UNKNOWN};
use crate::load::walk::{self, map_key};
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Property names too general to name an enum without their owner.
const GENERIC_FIELDS: &[&str] = &[
    "Type", "State", "Status", "Value", "Kind", "Name", "Id", "Code", "Mode", "Category",
];

/// Every enum of the document, named.
#[derive(Debug, Clone, Default)]
pub struct Enums {
    sets: Vec<EnumSet>,
    by_values: HashMap<BTreeSet<String>, usize>,
}

#[derive(Debug, Clone)]
pub struct EnumSet {
    pub name: String,
    /// Values in the order the document first lists them.
    pub values: Vec<String>,
    /// Set when a component schema is this enum (its own type, not one that is generated here).
    pub component: Option<String>,
    /// JSON pointer of the first place the set appears.
    pub origin: String,
}

impl EnumSet {
    /// The type of a generated enum, documented with its values.
    pub fn type_def(&self) -> TypeDef {
        let values: Vec<String> = self.values.iter().map(|v| format!("`{v}`")).collect();
        TypeDef {
            name: self.name.clone(),
            origin: self.origin.clone(),
            doc: Some(format!("Values: {}.", values.join(", "))),
            deprecated: false,
            input: false,
            kind: TypeKind::Enum(enum_values(&self.values)),
            iterates: None,
            conversions: Vec::new(),
            role: None,
        }
    }
}

/// Where an enum appears.
#[derive(Debug, Clone)]
struct Site {
    pointer: String,
    owner: String,
    field: Option<String>,
    items: bool,
    title: Option<String>,
    component: Option<String>,
}

impl Enums {
    /// The name of the enum that holds exactly these values.
    pub fn name_for(&self, values: &[String]) -> Option<&str> {
        let key: BTreeSet<String> = values.iter().cloned().collect();
        self.by_values.get(&key).map(|&i| self.sets[i].name.as_str())
    }

    /// Enums that are not component schemas of their own: the generator adds these types.
    pub fn generated(&self) -> impl Iterator<Item = &EnumSet> {
        self.sets.iter().filter(|s| s.component.is_none())
    }
}

/// Finds every string enum in the document and names each distinct value set; `names` are the
/// configured names, by the pointer of a place the set appears.
pub fn collect(openapi: &OpenAPI, names: &BTreeMap<String, String>, published: &Published) -> Enums {
    let mut sites: Vec<(Vec<String>, Site)> = Vec::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    if let Some(components) = &openapi.components {
        for (name, schema) in &components.schemas {
            taken.insert(type_name(name));
            if let ReferenceOr::Item(schema) = schema {
                let site = Site {
                    pointer: format!("/components/schemas/{name}"),
                    owner: type_name(name),
                    field: None,
                    items: false,
                    title: None,
                    component: Some(type_name(name)),
                };
                visit(schema, site, &mut sites);
            }
        }
    }
    for (path, method, operation) in walk::operations(openapi) {
        for (index, parameter) in operation.parameters.iter().enumerate() {
            let ReferenceOr::Item(parameter) = parameter else {
                continue;
            };
            let data = parameter.parameter_data_ref();
            if let openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &data.format {
                let site = Site {
                    pointer: format!(
                        "/paths/{}/{method}/parameters/{index}/schema",
                        crate::load::escape_token(path)
                    ),
                    owner: type_name(operation.operation_id.as_deref().unwrap_or(path)),
                    field: Some(data.name.clone()),
                    items: false,
                    title: None,
                    component: None,
                };
                visit(schema, site, &mut sites);
            }
        }
    }
    for (_, site) in &mut sites {
        if let Some(name) = names.get(&site.pointer) {
            site.title = Some(name.clone());
        }
    }
    name_sets(sites, taken, names, published)
}

fn visit(schema: &Schema, site: Site, out: &mut Vec<(Vec<String>, Site)>) {
    let title = schema.schema_data.title.clone();
    let site = Site {
        title: title.or(site.title),
        ..site
    };
    let child = |field: Option<String>, items: bool, pointer: String| Site {
        pointer,
        owner: site.owner.clone(),
        field,
        items,
        title: None,
        component: None,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            let values = s.enumeration.iter().flatten().cloned().collect();
            out.push((values, site.clone()));
        }
        SchemaKind::Type(Type::Object(object)) => {
            for (name, property) in &object.properties {
                if let ReferenceOr::Item(property) = property {
                    visit(
                        property,
                        child(Some(name.clone()), false, format!("{}/properties/{name}", site.pointer)),
                        out,
                    );
                }
            }
            if let Some(openapiv3::AdditionalProperties::Schema(value)) = &object.additional_properties {
                if let ReferenceOr::Item(value) = value.as_ref() {
                    visit(
                        value,
                        child(
                            site.field.clone(),
                            false,
                            format!("{}/additionalProperties", site.pointer),
                        ),
                        out,
                    );
                }
            }
        }
        SchemaKind::Type(Type::Array(array)) => {
            if let Some(ReferenceOr::Item(items)) = &array.items {
                visit(
                    items,
                    child(site.field.clone(), true, format!("{}/items", site.pointer)),
                    out,
                );
            }
        }
        SchemaKind::OneOf { one_of: members }
        | SchemaKind::AllOf { all_of: members }
        | SchemaKind::AnyOf { any_of: members } => {
            for (i, member) in members.iter().enumerate() {
                if let ReferenceOr::Item(member) = member {
                    visit(
                        member,
                        child(site.field.clone(), site.items, format!("{}/{i}", site.pointer)),
                        out,
                    );
                }
            }
        }
        _ => {}
    }
    if let Some(ReferenceOr::Item(key)) = map_key(schema) {
        visit(&key, child(None, false, format!("{}/x-map-key", site.pointer)), out);
    }
}

fn name_sets(
    sites: Vec<(Vec<String>, Site)>,
    mut taken: BTreeSet<String>,
    configured: &BTreeMap<String, String>,
    published: &Published,
) -> Enums {
    // Group by value set, keeping first-appearance order.
    let mut groups: Vec<(Vec<String>, Vec<Site>)> = Vec::new();
    let mut index: HashMap<BTreeSet<String>, usize> = HashMap::new();
    for (values, site) in sites {
        let key: BTreeSet<String> = values.iter().cloned().collect();
        let i = *index.entry(key).or_insert_with(|| {
            groups.push((values.clone(), Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(site);
    }
    // Component enums keep their own names; a set keeps the name published for one of its places
    // unless a component or a configured name claims it; every other set is named after these.
    let mut names: Vec<Option<String>> = groups
        .iter()
        .map(|(_, sites)| sites.iter().find_map(|s| s.component.clone()))
        .collect();
    for ((_, sites), name) in groups.iter().zip(&mut names) {
        if name.is_some() || sites.iter().any(|s| configured.contains_key(&s.pointer)) {
            continue;
        }
        if let Some(kept) = sites
            .iter()
            .filter_map(|s| published.at(&s.pointer))
            .find(|n| !taken.contains(*n))
        {
            taken.insert(kept.to_owned());
            *name = Some(kept.to_owned());
        }
    }
    for ((_, sites), name) in groups.iter().zip(&mut names) {
        if name.is_none() {
            // A name published for one of its own places is still this set's to take.
            let own = |n: &str| sites.iter().any(|s| published.at(&s.pointer) == Some(n));
            let derived = preferred_name(sites, &|n| taken.contains(n) || (published.holds(n) && !own(n)));
            taken.insert(derived.clone());
            *name = Some(derived);
        }
    }
    let mut enums = Enums::default();
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_key(|&i| groups[i].1.iter().all(|s| s.component.is_none()));
    for i in order {
        let (values, sites) = &groups[i];
        enums
            .by_values
            .insert(values.iter().cloned().collect(), enums.sets.len());
        enums.sets.push(EnumSet {
            name: names[i].take().expect("every set is named"),
            values: values.clone(),
            component: sites.iter().find_map(|s| s.component.clone()),
            origin: sites[0].pointer.clone(),
        });
    }
    enums
}

fn preferred_name(sites: &[Site], is_taken: &dyn Fn(&str) -> bool) -> String {
    if let Some(title) = sites.iter().find_map(|s| s.title.as_deref()) {
        return unique(&type_name(title), is_taken);
    }
    // The most frequent property name (first in document order on a tie).
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (order, site) in sites.iter().enumerate() {
        let field = site.field.as_deref().unwrap_or("Value");
        let field = if site.items { singular(field) } else { field.to_owned() };
        let entry = counts
            .entry(type_name(field.trim_start_matches('_')))
            .or_insert((0, order));
        entry.0 += 1;
    }
    let field = counts
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map(|(name, _)| name)
        .unwrap_or_else(|| "Value".into());
    let owner = common_owner(sites);
    if !GENERIC_FIELDS.contains(&field.as_str()) && !is_taken(&field) {
        return field;
    }
    unique(&join_without_stutter(&owner, &field), is_taken)
}

/// The longest word suffix shared by every owner (`ChatConversation`, `EmailConversation` →
/// `Conversation`), or the first owner when they share none.
fn common_owner(sites: &[Site]) -> String {
    let owners: Vec<Vec<String>> = sites.iter().map(|s| camel_words(&s.owner)).collect();
    let first = &owners[0];
    let shared = (1..=first.len())
        .rev()
        .find(|&n| {
            owners
                .iter()
                .all(|o| o.len() >= n && o[o.len() - n..] == first[first.len() - n..])
        })
        .unwrap_or(0);
    if shared == 0 {
        sites[0].owner.clone()
    } else {
        first[first.len() - shared..].concat()
    }
}

/// Variants of an open string enum, one per wire value, with distinct names.
pub fn enum_values(values: &[String]) -> Vec<EnumValue> {
    let mut out: Vec<EnumValue> = Vec::new();
    for wire in values {
        if out.iter().any(|v| &v.wire == wire) {
            continue;
        }
        let base = variant_name(wire);
        let base = if base == UNKNOWN { format!("{base}Value") } else { base };
        let name = unique(&base, |n| out.iter().any(|v| v.name == n));
        out.push(EnumValue {
            name,
            wire: wire.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::enum_values;

    #[test]
    fn enum_values_are_distinct() {
        let values = enum_values(&["a".into(), "A".into(), "Unknown".into(), "".into()]);
        let names: Vec<_> = values.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["A", "A2", "UnknownValue", "Empty"]);
    }
}
