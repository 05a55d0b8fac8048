//! Queries one analytics metric (`closed_conversations` by default) for last week.
//!
//! `DIXA_API_TOKEN=… cargo run -p dixa --example analytics_metric -- [metric-id]`

use dixa::types::{AggregateValue, GetMetricDataInput, PeriodFilter, Preset, PresetPeriod, PresetValue};

#[tokio::main]
async fn main() -> Result<(), dixa::Error> {
    let metric = std::env::args().nth(1).unwrap_or_else(|| "closed_conversations".into());
    let client = dixa::Client::from_env()?;
    let last_week = PeriodFilter::from(Preset::new(PresetValue::new(PresetPeriod::PreviousWeek)));
    let query = GetMetricDataInput::new(metric, last_week, "Europe/Copenhagen");
    let data = client.analytics().get_metric_data(query).send().await?.data;
    for aggregate in data.aggregates.unwrap_or_default() {
        match aggregate {
            AggregateValue::Long(v) => println!("{}: {} ({})", data.id, v.value, v.measure),
            AggregateValue::Double(v) => println!("{}: {} ({})", data.id, v.value, v.measure),
            AggregateValue::Unknown(json) => println!("{}: {json}", data.id),
            // Unions are non-exhaustive: a member a later version adds lands here.
            other => println!("{}: {other:?}", data.id),
        }
    }
    Ok(())
}
