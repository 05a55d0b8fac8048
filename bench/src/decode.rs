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

/// MB/s (10^6 bytes) of the best of `RUNS` decodes, or why it does not decode.
pub fn throughput<T>(
    bytes: &[u8],
    decode: impl Fn(&[u8]) -> std::result::Result<T, String>,
) -> std::result::Result<f64, String> {
    decode(bytes)?;
    let (best, result) = util::best_of(RUNS, || decode(bytes).map(drop));
    result?;
    Ok(bytes.len() as f64 / 1e6 / best.as_secs_f64())
}

fn typed<T: DeserializeOwned>(bytes: &[u8]) -> std::result::Result<f64, String> {
    throughput(bytes, |b| dixa::from_json::<T>(b).map_err(|e| e.to_string()))
}

fn plain<T: DeserializeOwned>(bytes: &[u8]) -> std::result::Result<f64, String> {
    throughput(bytes, |b| serde_json::from_slice::<T>(b).map_err(|e| e.to_string()))
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
            "progenitor type",
            "dixa / progenitor",
        ],
    );
    for (name, file, _) in SETS {
        let bytes = std::fs::read(dir.join(file))?;
        let value = plain::<serde_json::Value>(&bytes);
        let (dixa, bare) = match file {
            "agents.json" => (
                typed::<dixa::types::ListAgentsOutput>(&bytes),
                plain::<dixa::types::ListAgentsOutput>(&bytes),
            ),
            "activity.json" => (
                typed::<dixa::types::ListActivityLogOutput>(&bytes),
                plain::<dixa::types::ListActivityLogOutput>(&bytes),
            ),
            _ => (
                typed::<dixa::types::ListEndUserConversationsOutput>(&bytes),
                plain::<dixa::types::ListEndUserConversationsOutput>(&bytes),
            ),
        };
        let prog = progenitor.and_then(|m| m.get(&(file.to_string(), "progenitor".to_string())));
        let prog_value: Option<f64> = prog.and_then(|s| s.parse().ok());
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
            prog.map_or_else(
                || "not run".into(),
                |s| s.parse::<f64>().map_or(s.clone(), |v| format!("{v:.0}")),
            ),
            vs_prog,
        ]);
    }
    table.note(
        "`dixa::from_json` wraps serde_json in `serde_path_to_error` (field paths in errors); the \
         `plain` column decodes the same dixa types with `serde_json::from_slice` to show that cost. \
         serde_json is built with `preserve_order` in this workspace (dixa enables it), so \
         `Value` objects are `IndexMap`s in every column, the progenitor one included.",
    );
    Ok(vec![table])
}
