//! Paths, timing, memory and report helpers shared by every part of the benchmark.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The workspace root (the parent of this crate).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bench/ has a parent")
        .to_path_buf()
}

/// The shared cargo target directory; everything the benchmark writes goes under it.
pub fn target() -> PathBuf {
    root().join("target")
}

/// The peak resident set size of this process so far (`VmHWM`), in KiB.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The 1-minute load average (other processes on the machine show up here).
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

pub fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

pub fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

pub fn ratio(a: f64, b: f64) -> String {
    if b > 0.0 {
        format!("{:.2}x", a / b)
    } else {
        "n/a".into()
    }
}

/// Runs a command to completion with its output sent to `log`; the wall time on success.
pub fn timed(command: &mut Command, log: &Path) -> Result<Duration> {
    if let Some(dir) = log.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let out = std::fs::File::create(log)?;
    let err = out.try_clone()?;
    let start = Instant::now();
    let status = command.stdout(out).stderr(err).status()?;
    let elapsed = start.elapsed();
    if !status.success() {
        return Err(format!("{command:?} failed ({status}); see {}", log.display()).into());
    }
    Ok(elapsed)
}

/// Wall and CPU (user + system, of the command and its children) time of one run.
#[derive(Clone, Copy, Default)]
pub struct Sample {
    pub wall: Duration,
    pub cpu: Duration,
}

/// Runs a command (output appended to `log`) and returns its wall and CPU time.
pub fn measure(command: &mut Command, log: &Path) -> Result<Sample> {
    let out = std::fs::File::options().create(true).append(true).open(log)?;
    let err = out.try_clone()?;
    let cpu_before = children_cpu()?;
    let start = Instant::now();
    let status = command.stdout(out).stderr(err).status()?;
    let wall = start.elapsed();
    if !status.success() {
        return Err(format!("{command:?} failed ({status}); see {}", log.display()).into());
    }
    Ok(Sample {
        wall,
        cpu: children_cpu()?.saturating_sub(cpu_before),
    })
}

/// User + system time of this process's waited-for children.
pub fn children_cpu() -> Result<Duration> {
    let (user, system) = rusage(libc::RUSAGE_CHILDREN)?;
    Ok(user + system)
}

/// This process's CPU time so far, as (user, system).
pub fn own_cpu_parts() -> Result<(Duration, Duration)> {
    rusage(libc::RUSAGE_SELF)
}

/// (user, system) CPU time from `getrusage`, to the microsecond (`/proc/self/stat` counts 10 ms
/// ticks, a tenth of a 1x generation run).
fn rusage(who: libc::c_int) -> Result<(Duration, Duration)> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `getrusage` fills the struct it is given; it is read only when the call succeeds.
    if unsafe { libc::getrusage(who, usage.as_mut_ptr()) } != 0 {
        return Err(std::io::Error::last_os_error().into());
    }
    // SAFETY: initialised by the successful call above.
    let usage = unsafe { usage.assume_init() };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Ok((time(usage.ru_utime), time(usage.ru_stime)))
}

/// Runs this binary again with `args` (a measurement that needs a fresh process) and returns
/// its standard output.
pub fn run_self(args: &[&str]) -> Result<String> {
    let output = Command::new(std::env::current_exe()?).args(args).output()?;
    if !output.status.success() {
        return Err(format!(
            "child `{}` failed ({}): {}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(String::from_utf8(output.stdout)?)
}

/// The value of `key=value` in a child's output.
pub fn field(output: &str, key: &str) -> Result<String> {
    output
        .split_whitespace()
        .find_map(|w| w.strip_prefix(key).and_then(|rest| rest.strip_prefix('=')))
        .map(str::to_owned)
        .ok_or_else(|| format!("no `{key}=` in child output: {output}").into())
}

fn command_line(program: &str, args: &[&str]) -> String {
    match Command::new(program).args(args).output() {
        Ok(out) => String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        Err(e) => format!("({program} failed: {e})"),
    }
}

/// The machine the numbers come from, as markdown.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into());
    let mut s = String::new();
    let _ = writeln!(s, "- `nproc`: {}", command_line("nproc", &[]));
    let _ = writeln!(s, "- CPU model (/proc/cpuinfo): {cpu}");
    let _ = writeln!(s, "- rustc: {}", command_line("rustc", &["-V"]));
    let _ = writeln!(
        s,
        "- load average (1 min) when the report was written: {}",
        load_average()
    );
    let _ = writeln!(s, "- `free -h`:\n\n```text\n{}\n```", command_line("free", &["-h"]));
    s
}

/// One table of results.
pub struct Table {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub notes: Vec<String>,
}

impl Table {
    pub fn new(title: &str, header: &[&str]) -> Self {
        Table {
            title: title.into(),
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    pub fn markdown(&self) -> String {
        let mut s = format!("### {}\n\n| {} |\n|", self.title, self.header.join(" | "));
        for _ in &self.header {
            s.push_str("---|");
        }
        s.push('\n');
        for row in &self.rows {
            let _ = writeln!(s, "| {} |", row.join(" | "));
        }
        for note in &self.notes {
            let _ = write!(s, "\n{note}\n");
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_from_child_output() {
        assert_eq!(field("a=1 peak_kib=42\n", "peak_kib").unwrap(), "42");
        assert!(field("a=1", "b").is_err());
    }

    #[test]
    fn peak_memory_is_readable_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(peak_rss_kib().unwrap() > 0);
        }
    }

    #[test]
    fn tables_render_as_markdown() {
        let mut t = Table::new("T", &["a", "b"]);
        t.row(vec!["1".into(), "2".into()]);
        assert_eq!(t.markdown(), "### T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
    }

    #[test]
    fn child_cpu_time_grows_after_a_child_runs() {
        if cfg!(target_os = "linux") {
            let before = super::children_cpu().unwrap();
            // A child that spins for a while.
            let status = std::process::Command::new("sh")
                .args(["-c", "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done"])
                .status()
                .unwrap();
            assert!(status.success());
            assert!(super::children_cpu().unwrap() > before);
        }
    }
}
