//! Stage 4, writing: the generated files → a crate folder, touching only what changed and
//! removing only files the generator wrote before (they carry the generated marker).

use crate::emit::{File, GENERATED_MARKER};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What writing the crate would change.
#[derive(Debug)]
pub struct Plan<'a> {
    pub write: Vec<&'a File>,
    pub unchanged: usize,
    /// Generated files on disk that the generator no longer produces.
    pub remove: Vec<PathBuf>,
}

impl Plan<'_> {
    pub fn is_current(&self) -> bool {
        self.write.is_empty() && self.remove.is_empty()
    }
}

pub fn plan<'a>(out: &Path, files: &'a [File]) -> std::io::Result<Plan<'a>> {
    let mut write = Vec::new();
    let mut unchanged = 0;
    for file in files {
        match std::fs::read_to_string(out.join(&file.path)) {
            Ok(existing) if existing == file.contents => unchanged += 1,
            _ => write.push(file),
        }
    }
    let wanted: BTreeSet<PathBuf> = files.iter().map(|f| out.join(&f.path)).collect();
    let remove = generated_files_on_disk(out)?
        .into_iter()
        .filter(|p| !wanted.contains(p))
        .collect();
    Ok(Plan {
        write,
        unchanged,
        remove,
    })
}

/// Files under `out` whose first line carries the generated marker: the only ones a run may
/// delete. Hand-written files are never touched.
fn generated_files_on_disk(out: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    stack.push(path);
                }
            } else if is_generated(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

fn is_generated(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| text.lines().next().is_some_and(|l| l.contains(GENERATED_MARKER)))
}

pub fn apply(plan: &Plan, out: &Path) -> Result<(), String> {
    for file in &plan.write {
        let path = out.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, &file.contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    for path in &plan.remove {
        std::fs::remove_file(path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
    }
    Ok(())
}

/// For `regen --check`: which files differ and where, for a person to read.
pub fn differences(plan: &Plan, out: &Path) -> String {
    let mut message = String::new();
    for file in &plan.write {
        let detail = match std::fs::read_to_string(out.join(&file.path)) {
            Ok(existing) => first_difference(&existing, &file.contents),
            Err(_) => "missing".into(),
        };
        message.push_str(&format!("  changed  {} ({detail})\n", file.path));
    }
    for path in &plan.remove {
        message.push_str(&format!(
            "  stale    {}\n",
            path.strip_prefix(out).unwrap_or(path).display()
        ));
    }
    message
}

fn first_difference(old: &str, new: &str) -> String {
    let line = old
        .lines()
        .zip(new.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| old.lines().count().min(new.lines().count()));
    format!("first difference at line {}", line + 1)
}
