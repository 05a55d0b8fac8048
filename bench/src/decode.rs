//! Part 3: decoding throughput of whole response bodies (MB/s, best of 15), typed vs untyped
//! (`serde_json::Value`) on the same bytes, and vs progenitor's types for the same schemas.

use crate::util::{self, Result, Table};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub const RUNS: usize = 15;

/// The bodies: (name, file, progenitor's type for it).
pub const SETS: [(&str, &str, &str); 3] = [
    ("20,000 agents (ListAgentsOutput)", "agents.json", "ListAgentsOutput"),
    (
        "10,000 activity-log entries, `...Z[GMT]` (ListActivityLogOutput)",
        "activity.json",
        "ListActivityLogOutput",
    ),
    (
        "10,000 conversations, union by `_type` (ListEndUserConversationsOutput)",
        "conversations.json",
        "ListEndUserConversationsOutput",
    ),
];

/// Writes the bodies to `target/bench-data/` and returns that directory.
pub fn write_data() -> Result<PathBuf> {
    let dir = util::target().join("bench-data");
    std::fs::create_dir_all(&dir)?;
    let document = crate::data::document()?;
    std::fs::write(dir.join("agents.json"), crate::data::agents_page(&document, 20_000)?)?;
    std::fs::write(dir.join("activity.json"), crate::data::activity_log(&document, 10_000)?)?;
    std::fs::write(
        dir.join("conversations.json"),
        crate::data::conversations(&document, 10_000)?,
    )?;
    Ok(dir)
}

type Decoder = Box<dyn Fn(&[u8]) -> std::result::Result<(), String>>;

fn typed<T: DeserializeOwned>() -> Decoder {
    Box::new(|b| dixa::from_json::<T>(b).map(drop).map_err(|e| e.to_string()))
}

fn plain<T: DeserializeOwned>() -> Decoder {
    Box::new(|b| serde_json::from_slice::<T>(b).map(drop).map_err(|e| e.to_string()))
}

/// MB/s of each decoder, measured round-robin (one decode of each per round, `RUNS` rounds) so
/// that load from other processes falls on all of them alike.
fn interleaved(bytes: &[u8], decoders: &[Decoder]) -> Vec<std::result::Result<f64, String>> {
    let mut best: Vec<std::result::Result<std::time::Duration, String>> = decoders
        .iter()
        .map(|d| d(bytes).map(|()| std::time::Duration::MAX))
        .collect();
    for _ in 0..RUNS {
        for (decoder, best) in decoders.iter().zip(best.iter_mut()) {
            if let Ok(b) = best {
                let start = std::time::Instant::now();
                let result = decoder(bytes);
                let elapsed = start.elapsed();
                match result {
                    Ok(()) => *b = (*b).min(elapsed),
                    Err(e) => *best = Err(e),
                }
            }
        }
    }
    best.into_iter()
        .map(|b| b.map(|d| bytes.len() as f64 / 1e6 / d.as_secs_f64()))
        .collect()
}

fn cell(r: &std::result::Result<f64, String>) -> String {
    match r {
        Ok(v) => format!("{v:.0}"),
        Err(e) => format!("fails: {}", e.chars().take(90).collect::<String>().replace('|', "/")),
    }
}

/// `progenitor`: the cmp crate's results keyed by (file, decoder), if it ran.
pub fn run(progenitor: Option<&BTreeMap<(String, String), String>>) -> Result<Vec<Table>> {
    let dir = write_data()?;
    let mut table = Table::new(
        "Decoding throughput (MB/s, best of 15, release)",
        &[
            "body",
            "size",
            "`serde_json::Value`",
            "`dixa::from_json` (typed)",
            "typed / Value",
            "typed via plain `serde_json::from_slice`",
            "`Value` without `preserve_order` (2nd process)",
            "typed / that",
            "progenitor type (2nd process)",
            "dixa / progenitor",
        ],
    );
    for (name, file, _) in SETS {
        let bytes = std::fs::read(dir.join(file))?;
        let decoders = match file {
            "agents.json" => [
                typed::<dixa::types::ListAgentsOutput>(),
                plain::<dixa::types::ListAgentsOutput>(),
            ],
            "activity.json" => [
                typed::<dixa::types::ListActivityLogOutput>(),
                plain::<dixa::types::ListActivityLogOutput>(),
            ],
            _ => [
                typed::<dixa::types::ListEndUserConversationsOutput>(),
                plain::<dixa::types::ListEndUserConversationsOutput>(),
            ],
        };
        let [dixa, bare] = decoders;
        let mut results = interleaved(&bytes, &[plain::<serde_json::Value>(), dixa, bare]).into_iter();
        let (Some(value), Some(dixa), Some(bare)) = (results.next(), results.next(), results.next()) else {
            return Err("missing results".into());
        };
        let prog = progenitor.and_then(|m| m.get(&(file.to_string(), "progenitor".to_string())));
        let prog_value: Option<f64> = prog.and_then(|s| s.parse().ok());
        let btree_value: Option<f64> = progenitor
            .and_then(|m| m.get(&(file.to_string(), "value".to_string())))
            .and_then(|s| s.parse().ok());
        let vs_btree = match (&dixa, btree_value) {
            (Ok(d), Some(v)) => util::ratio(*d, v),
            _ => "n/a".into(),
        };
        let vs_value = match (&dixa, &value) {
            (Ok(d), Ok(v)) => util::ratio(*d, *v),
            _ => "n/a".into(),
        };
        let vs_prog = match (&dixa, prog_value) {
            (Ok(d), Some(p)) => util::ratio(*d, p),
            _ => "n/a".into(),
        };
        table.row(vec![
            name.into(),
            format!("{:.1} MB", bytes.len() as f64 / 1e6),
            cell(&value),
            cell(&dixa),
            vs_value,
            cell(&bare),
            btree_value.map_or_else(|| "not run".into(), |v| format!("{v:.0}")),
            vs_btree,
            prog.map_or_else(
                || "not run".into(),
                |s| s.parse::<f64>().map_or(s.clone(), |v| format!("{v:.0}")),
            ),
            vs_prog,
        ]);
    }
    table.note(
        "Each body's decoders run round-robin (one decode each per round, 15 rounds, best kept), so \
         load from other processes falls on them alike. \
         `dixa::from_json` wraps serde_json in `serde_path_to_error` (field paths in errors); the \
         `plain` column decodes the same dixa types with `serde_json::from_slice` to show that cost. \
         dixa enables serde_json's `preserve_order`, so in this process (and in any program \
         using dixa) `Value` objects are `IndexMap`s; the 2nd process (progenitor's crate, which \
         does not enable it) decodes `Value` with the default `BTreeMap` objects, interleaved with \
         progenitor's types.",
    );
    Ok(vec![table])
}
