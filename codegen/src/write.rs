//! Stage 4, writing: the generated files → a crate folder, touching only what changed and
//! removing only files the generator wrote before (they carry the generated marker). Nothing
//! outside the folder is touched: symbolic links inside it are never followed, written through
//! or removed, and every file has its own path inside the folder.

use crate::emit::{File, GENERATED_MARKER};
use std::collections::BTreeSet;
use std::io::{Error, ErrorKind};
use std::path::{Component, Path, PathBuf};

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

/// What writing `files` into `out` would change. Fails if two files share a path (also one
/// differing only in case, which would be one file on some file systems) or a path leaves `out`.
pub fn plan<'a>(out: &Path, files: &'a [File]) -> std::io::Result<Plan<'a>> {
    check_paths(files)?;
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

fn check_paths(files: &[File]) -> std::io::Result<()> {
    let mut seen = BTreeSet::new();
    for file in files {
        let path = Path::new(&file.path);
        if !path.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("generator bug: `{}` is not a path inside the crate", file.path),
            ));
        }
        if !seen.insert(file.path.to_lowercase()) {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("generator bug: two generated files have the path `{}`", file.path),
            ));
        }
    }
    Ok(())
}

/// Regular files under `out` whose first line carries the generated marker: the only ones a run
/// may delete. Hand-written files are never touched, and symbolic links are neither followed
/// (what they point to may be anywhere) nor removed.
fn generated_files_on_disk(out: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let entry = entry?;
            // `DirEntry::file_type` describes the entry itself, not what a link points to.
            let kind = entry.file_type()?;
            let path = entry.path();
            if kind.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    stack.push(path);
                }
            } else if kind.is_file() && is_generated(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Refuses a path under `out` that is, or goes through, a symbolic link: writing there would
/// change a file outside the crate.
fn check_no_link(out: &Path, relative: &Path) -> Result<(), String> {
    let mut path = out.to_path_buf();
    for component in relative.components() {
        path.push(component);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(format!(
                    "{} is a symbolic link: regen writes and removes only files inside the crate, never through a link (remove the link and run regen again)",
                    path.display()
                ))
            }
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(format!("cannot inspect {}: {e}", path.display())),
        }
    }
    Ok(())
}

fn is_generated(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| text.lines().next().is_some_and(|l| l.contains(GENERATED_MARKER)))
}

pub fn apply(plan: &Plan, out: &Path) -> Result<(), String> {
    for file in &plan.write {
        check_no_link(out, Path::new(&file.path))?;
        let path = out.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, &file.contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    for path in &plan.remove {
        check_no_link(out, path.strip_prefix(out).unwrap_or(path))?;
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
