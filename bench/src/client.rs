//! Part 4: latency of `GET /v1/agents/{agentId}` to a local stub through `dixa::Client` vs the
//! same call with bare reqwest (same version and TLS backend), decoded into the same type.

use crate::util::{self, Result, Table};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CALLS: usize = 1_000;
const WARMUP: usize = 100;
const BLOCK: usize = 50;

pub fn run() -> Result<Vec<Table>> {
    let document = crate::data::document()?;
    let body = Arc::new(serde_json::to_vec(
        &serde_json::json!({ "data": crate::data::example_agent(&document)? }),
    )?);
    let size = body.len();
    let addr = crate::stub::spawn(Arc::new(move |_: &str| (body.clone(), Vec::new())))?;
    let base = format!("http://{addr}");
    let id: dixa::uuid::Uuid = crate::data::uuid(7, 7).parse()?;

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let (mut with_dixa, mut with_reqwest) = runtime.block_on(async {
        let client = dixa::Client::builder("bench-token").base_url(base.clone()).build()?;
        let http = reqwest::Client::builder().build()?;
        let url = format!("{base}/v1/agents/{id}");
        let dixa_call = || async {
            let start = Instant::now();
            let agent = client.agents().get(id).send().await?;
            std::hint::black_box(agent);
            Ok::<_, Box<dyn std::error::Error>>(start.elapsed())
        };
        let reqwest_call = || async {
            let start = Instant::now();
            let response = http
                .get(&url)
                .header(reqwest::header::AUTHORIZATION, "bench-token")
                .header(reqwest::header::ACCEPT, "application/json")
                .send()
                .await?
                .error_for_status()?;
            let bytes = response.bytes().await?;
            let agent: dixa::types::AgentOutput = serde_json::from_slice(&bytes)?;
            std::hint::black_box(agent);
            Ok::<_, Box<dyn std::error::Error>>(start.elapsed())
        };
        for _ in 0..WARMUP {
            dixa_call().await?;
            reqwest_call().await?;
        }
        // Alternating blocks, so drift (frequency, other load) hits both sides alike.
        let (mut a, mut b) = (Vec::with_capacity(CALLS), Vec::with_capacity(CALLS));
        for _ in 0..CALLS / BLOCK {
            for _ in 0..BLOCK {
                a.push(dixa_call().await?);
            }
            for _ in 0..BLOCK {
                b.push(reqwest_call().await?);
            }
        }
        Ok::<_, Box<dyn std::error::Error>>((a, b))
    })?;

    let mut table = Table::new(
        &format!(
            "Client overhead ({CALLS} x `GET /v1/agents/{{agentId}}`, {size} B body, stub on 127.0.0.1, keep-alive)"
        ),
        &[
            "client",
            "p50",
            "p99",
            "mean",
            "p50 vs bare reqwest",
            "p99 vs bare reqwest",
        ],
    );
    let stats_reqwest = stats(&mut with_reqwest);
    let stats_dixa = stats(&mut with_dixa);
    for (name, s) in [
        ("`dixa::Client`", stats_dixa),
        ("bare `reqwest` 0.12 + serde_json", stats_reqwest),
    ] {
        table.row(vec![
            name.into(),
            us(s.0),
            us(s.1),
            us(s.2),
            util::ratio(s.0.as_secs_f64(), stats_reqwest.0.as_secs_f64()),
            util::ratio(s.1.as_secs_f64(), stats_reqwest.1.as_secs_f64()),
        ]);
    }
    table.note(format!(
        "{WARMUP} warm-up calls each, then {CALLS} timed calls each in alternating blocks of {BLOCK}; \
         the client runs on a current-thread runtime, the stub on its own thread. Both decode into \
         `dixa::types::AgentOutput`."
    ));
    Ok(vec![table])
}

/// p50, p99 and mean.
fn stats(samples: &mut [Duration]) -> (Duration, Duration, Duration) {
    samples.sort();
    let pick = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    let mean = samples.iter().sum::<Duration>() / samples.len() as u32;
    (pick(0.50), pick(0.99), mean)
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}
