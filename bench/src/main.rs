//! Performance report for the generator and the generated `dixa` crate; see
//! docs/performance.md. Numbers are reported, never asserted.
//!
//! ```text
//! cargo run --release -p dixa-bench -- all        # everything, as markdown on stdout
//! cargo run --release -p dixa-bench -- gen        # 1. generation time and memory
//! cargo run --release -p dixa-bench -- regen      # 1b. `cargo xtask regen` vs `cargo progenitor`, as typed
//! cargo run --release -p dixa-bench -- build      # 2. build time of dixa vs progenitor's crate
//! cargo run --release -p dixa-bench -- decode     # 3. decoding throughput (+ progenitor's types)
//! cargo run --release -p dixa-bench -- client     # 4. client overhead vs bare reqwest
//! cargo run --release -p dixa-bench -- paginate   # 5. pagination memory
//! ```
//!
//! The report is also written to target/bench-results/<command>.md.

mod client;
mod compile;
mod data;
mod decode;
mod generate;
mod paging;
mod progenitor;
mod regen;
mod stub;
mod util;

use std::process::ExitCode;
use util::{Result, Table};

const USAGE: &str = "usage: dixa-bench all|gen|regen|build|decode|client|paginate";

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().map_or("", String::as_str);
    let result = match command {
        "gen-child" => generate::child(&args[1..]),
        "page-child" => paging::child(&args[1..]),
        "all" | "gen" | "regen" | "build" | "decode" | "client" | "paginate" => report(command),
        _ => Err(USAGE.into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dixa-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn report(command: &str) -> Result<()> {
    if cfg!(debug_assertions) {
        eprintln!("warning: this is a debug build; run with `cargo run --release -p dixa-bench -- {command}`");
    }
    let all = command == "all";
    let mut tables: Vec<Table> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    let mut part = |name: &str, tables: &mut Vec<Table>, f: &mut dyn FnMut() -> Result<Vec<Table>>| {
        eprintln!("== {name}");
        match f() {
            Ok(t) => {
                for table in &t {
                    eprintln!("{}", table.markdown());
                }
                tables.extend(t);
            }
            Err(e) => {
                eprintln!("{name} failed: {e}");
                failures.push(format!("- {name}: failed: {e}"));
            }
        }
    };

    let mut dixa_1x_ms = None;
    if all || command == "gen" {
        part("generation", &mut tables, &mut || {
            let t = generate::run()?;
            // The synthetic 1x row is the corrected document, the one progenitor is given.
            dixa_1x_ms = t[0]
                .rows
                .get(1)
                .and_then(|r| r[6].trim_end_matches(" ms").parse::<f64>().ok());
            Ok(t)
        });
    }
    if all || command == "regen" {
        part("regeneration as typed", &mut tables, &mut regen::run);
    }
    let needs_progenitor = all || command == "build" || command == "decode";
    let mut progenitor = None;
    if needs_progenitor {
        part("progenitor", &mut tables, &mut || {
            let p = progenitor::generate()?;
            let table = progenitor::table(&p, dixa_1x_ms);
            progenitor = Some(p);
            Ok(vec![table])
        });
    }
    if all || command == "build" {
        part("build", &mut tables, &mut || {
            let mut subjects = vec![compile::Subject {
                label: "dixa".into(),
                source: util::root().join("generated-client"),
            }];
            if let Some(p) = &progenitor {
                subjects.push(compile::Subject {
                    label: progenitor::NAME.into(),
                    source: p.crate_dir.clone(),
                });
            }
            compile::run(&subjects)
        });
    }
    if all || command == "decode" {
        part("decode", &mut tables, &mut || {
            let data = decode::write_data()?;
            let compared = match &progenitor {
                Some(p) => match progenitor::decode(p, &data) {
                    Ok(results) => Some(results),
                    Err(e) => {
                        eprintln!("progenitor decode comparison failed: {e}");
                        None
                    }
                },
                None => None,
            };
            decode::run(compared.as_ref())
        });
    }
    if all || command == "client" {
        part("client", &mut tables, &mut client::run);
    }
    if all || command == "paginate" {
        part("pagination", &mut tables, &mut paging::run);
    }

    let mut out = format!(
        "## Results (`dixa-bench {command}`)\n\n### Machine\n\n{}\n",
        util::machine()
    );
    for table in &tables {
        out.push_str(&table.markdown());
        out.push('\n');
    }
    if !failures.is_empty() {
        out.push_str(&format!("### Failures\n\n{}\n", failures.join("\n")));
    }
    println!("{out}");
    let dir = util::target().join("bench-results");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{command}.md")), out)?;
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("{} part(s) failed", failures.len()).into())
    }
}
