//! Lists every agent, page after page, and counts them by role.
//!
//! `DIXA_API_TOKEN=… cargo run -p dixa --example list_agents`

use std::collections::BTreeMap;

#[tokio::main]
async fn main() -> Result<(), dixa::Error> {
    let client = dixa::Client::from_env()?;
    let mut by_role: BTreeMap<String, usize> = BTreeMap::new();
    let mut agents = client.agents().list().page_limit(50).into_stream();
    let mut total = 0;
    while let Some(agent) = agents.next().await {
        let agent = agent?;
        total += 1;
        for role in agent.roles.unwrap_or_default() {
            *by_role.entry(role.to_string()).or_default() += 1;
        }
    }
    println!("{total} agents; by role: {by_role:?}");
    Ok(())
}
