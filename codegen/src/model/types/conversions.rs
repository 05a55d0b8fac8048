//! `From` conversions that make values shallow to build: a union from its member, a struct that
//! wraps one value from that value, and chains of these where only one chain leads from a type to
//! a wrapper (`PeriodFilter::from(PresetPeriod::PreviousWeek)` goes through `Preset` and
//! `PresetValue`). An ambiguous source (two members or chains lead to it) gets no conversion, and
//! a plain value (a string, a number) converts only into the type that wraps it directly: a
//! string is a `Text`, but which union it makes through that is too far to guess.

use crate::model::api::{Conversion, Ty, TypeDef, TypeKind};
use crate::model::builder::Builder;
use std::collections::BTreeMap;

/// How many wrappers a chain may pass through: deep enough for `PeriodFilter` ← `Preset` ←
/// `PresetValue` ← `PresetPeriod`, shallow enough to stay readable.
const MAX_THROUGH: usize = 3;

impl Builder<'_> {
    /// Gives every type its `From` conversions (see the module documentation).
    pub(super) fn mark_conversions(&mut self) {
        let direct: BTreeMap<String, Vec<Ty>> = self
            .types
            .values()
            .map(|def| (def.name.clone(), direct_sources(def)))
            .collect();
        for (name, def) in self.types.iter_mut() {
            def.conversions = conversions(name, &direct);
        }
    }
}

/// The values a type wraps without ambiguity: a union's members that appear once, an input
/// struct's only field (required, not boxed).
fn direct_sources(def: &TypeDef) -> Vec<Ty> {
    match &def.kind {
        TypeKind::Union(union) => {
            let members: Vec<&String> = union.variants.iter().filter_map(|v| v.ty.as_ref()).collect();
            members
                .iter()
                .filter(|m| members.iter().filter(|o| o == m).count() == 1)
                .map(|m| Ty::Named((*m).clone()))
                .collect()
        }
        TypeKind::Struct(fields) if def.input => match fields.as_slice() {
            [only] if only.required && !only.nullable && !only.boxed => vec![only.ty.clone()],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Every source that reaches `target` through exactly one chain of direct sources.
fn conversions(target: &str, direct: &BTreeMap<String, Vec<Ty>>) -> Vec<Conversion> {
    // Source → the chains that reach it (counted, to drop the ambiguous ones).
    let mut found: BTreeMap<Ty, (Vec<String>, usize)> = BTreeMap::new();
    let mut frontier: Vec<(Ty, Vec<String>)> = direct
        .get(target)
        .into_iter()
        .flatten()
        .map(|source| (source.clone(), Vec::new()))
        .collect();
    while let Some((source, through)) = frontier.pop() {
        if source == Ty::Named(target.to_owned()) || through.iter().any(|t| Ty::Named(t.clone()) == source) {
            continue; // a cycle
        }
        if !through.is_empty() && !matches!(source, Ty::Named(_)) {
            continue;
        }
        let entry = found.entry(source.clone()).or_insert_with(|| (through.clone(), 0));
        entry.1 += 1;
        if let (Ty::Named(wrapper), true) = (&source, through.len() < MAX_THROUGH) {
            for inner in direct.get(wrapper).into_iter().flatten() {
                let mut deeper = through.clone();
                deeper.push(wrapper.clone());
                frontier.push((inner.clone(), deeper));
            }
        }
    }
    found
        .into_iter()
        .filter(|(_, (_, chains))| *chains == 1)
        .map(|(from, (through, _))| Conversion { from, through })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn direct(edges: &[(&str, &[Ty])]) -> BTreeMap<String, Vec<Ty>> {
        edges
            .iter()
            .map(|(name, sources)| (name.to_string(), sources.to_vec()))
            .collect()
    }

    fn named(name: &str) -> Ty {
        Ty::Named(name.into())
    }

    #[test]
    fn chains_of_wrappers_convert_and_ambiguous_sources_do_not() {
        let edges = direct(&[
            ("PeriodFilter", &[named("Preset"), named("Interval")]),
            ("Preset", &[named("PresetValue")]),
            ("PresetValue", &[named("PresetPeriod")]),
            ("Content", &[named("Text"), named("Html")]),
            ("Text", &[Ty::String]),
            ("Html", &[Ty::String]),
        ]);
        let period = conversions("PeriodFilter", &edges);
        let preset_period = period.iter().find(|c| c.from == named("PresetPeriod")).unwrap();
        assert_eq!(preset_period.through, ["Preset", "PresetValue"]);
        assert_eq!(
            period.len(),
            4,
            "Preset, Interval, PresetValue, PresetPeriod: {period:?}"
        );
        let content = conversions("Content", &edges);
        let sources: Vec<&Ty> = content.iter().map(|c| &c.from).collect();
        assert_eq!(
            sources,
            [&named("Html"), &named("Text")],
            "a String could be either member"
        );
        let edges = direct(&[("Auth", &[named("Token")]), ("Token", &[Ty::String])]);
        let auth = conversions("Auth", &edges);
        assert_eq!(
            auth.len(),
            1,
            "a string is a Token, but not an Auth from afar: {auth:?}"
        );
    }

    #[test]
    fn a_cycle_of_wrappers_ends() {
        let edges = direct(&[("A", &[named("B")]), ("B", &[named("A")])]);
        let a = conversions("A", &edges);
        assert_eq!(
            a,
            [Conversion {
                from: named("B"),
                through: vec![]
            }]
        );
    }
}
