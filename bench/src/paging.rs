//! Part 5: peak memory of streaming 1,000 pages through `into_stream()` vs fetching one page,
//! each in its own process (with the stub in-process, the same in both).

use crate::util::{self, Result, Table};
use futures_util::StreamExt;
use std::sync::Arc;

const PAGES: usize = 1_000;
const PER_PAGE: usize = 1_000;

pub fn run() -> Result<Vec<Table>> {
    let mut table = Table::new(
        &format!("Pagination memory ({PER_PAGE} agents per page, stub on 127.0.0.1)"),
        &[
            "run",
            "pages",
            "items",
            "bytes received",
            "time",
            "peak memory (VmHWM)",
            "vs one page",
        ],
    );
    // The page is built here, so the children's peak is the client's (and the stub's) alone.
    let page = crate::data::agents_page(&crate::data::document()?, PER_PAGE)?;
    let file = util::target().join("bench-data/page.json");
    std::fs::create_dir_all(util::target().join("bench-data"))?;
    std::fs::write(&file, page)?;
    let file = file.display().to_string();
    let mut one_page = None;
    for (mode, pages) in [("one", 1), ("stream", 10), ("stream", PAGES)] {
        let out = util::run_self(&["page-child", mode, &file, &pages.to_string()])?;
        let peak: u64 = util::field(&out, "peak_kib")?.parse()?;
        let baseline = *one_page.get_or_insert(peak);
        table.row(vec![
            if mode == "one" {
                "`list().send()`, one page".into()
            } else {
                format!("`list().into_stream()`, all {pages} pages")
            },
            util::field(&out, "pages")?,
            util::field(&out, "items")?,
            format!("{:.1} MB", util::field(&out, "bytes")?.parse::<f64>()? / 1e6),
            format!("{} ms", util::field(&out, "ms")?),
            util::mib(peak),
            util::ratio(peak as f64, baseline as f64),
        ]);
    }
    Ok(vec![table])
}

/// `page-child one|stream <page.json> <pages>`.
pub fn child(args: &[String]) -> Result<()> {
    let (stream, file, pages) = match args {
        [mode, file, pages] if mode == "one" || mode == "stream" => (mode == "stream", file, pages.parse::<usize>()?),
        _ => return Err("usage: page-child one|stream <page.json> <pages>".into()),
    };
    let page = std::fs::read(file)?;
    // The shared part of every page: `{"data":[...` without the closing `]}`.
    let shared = Arc::new(page[..page.len() - 2].to_vec());
    let page_bytes = page.len();
    drop(page);
    let addr = crate::stub::spawn(Arc::new(move |target: &str| {
        let n: usize = target
            .split_once("pageKey=p")
            .and_then(|(_, rest)| rest.split('&').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let tail = if n + 1 < pages {
            format!("],\"meta\":{{\"next\":\"/v1/agents?pageKey=p{}\"}}}}", n + 1)
        } else {
            "]}".into()
        };
        (shared.clone(), tail.into_bytes())
    }))?;

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let start = std::time::Instant::now();
    let (pages, items) = runtime.block_on(async {
        let client = dixa::Client::builder("bench-token")
            .base_url(format!("http://{addr}"))
            .build()?;
        let request = client.agents().list().page_limit(PER_PAGE as i32);
        if !stream {
            let page = request.send().await?;
            let items = page.data.len();
            return Ok::<_, Box<dyn std::error::Error>>((1, items));
        }
        let mut agents = std::pin::pin!(request.into_stream());
        let mut items: usize = 0;
        for _ in 0..=pages * PER_PAGE {
            match agents.next().await {
                Some(agent) => {
                    std::hint::black_box(agent?);
                    items += 1;
                }
                None => break,
            }
        }
        Ok((items.div_ceil(PER_PAGE), items))
    })?;
    let elapsed = start.elapsed();
    println!(
        "pages={pages} items={items} bytes={} ms={} peak_kib={}",
        pages * page_bytes,
        elapsed.as_millis(),
        util::peak_rss_kib().unwrap_or(0)
    );
    Ok(())
}
