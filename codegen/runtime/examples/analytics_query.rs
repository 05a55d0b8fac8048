//! An analytics query: finds a metric in the catalogue, shows what it can be filtered by, and
//! reads last week's value per channel, then the underlying records of the last seven days.
//!
//! `DIXA_API_TOKEN=… cargo run -p dixa --example analytics_query -- [metric-id]`

use dixa::types::{
    AggregateValue, FieldType, Filter, GetMetricDataInput, GetMetricRecordsDataInput, Interval, MetricId, PeriodFilter,
    PresetPeriod,
};
use std::time::{Duration, SystemTime};

#[tokio::main]
async fn main() -> Result<(), dixa::Error> {
    let wanted = MetricId::from(std::env::args().nth(1).unwrap_or_else(|| "closed_conversations".into()));
    let client = dixa::Client::from_env()?;

    let catalogue = client.analytics().list_metrics().into_stream().try_collect().await?;
    let Some(metric) = catalogue.into_iter().find(|m| m.id == wanted) else {
        println!("no metric {wanted}");
        return Ok(());
    };
    println!("{}: {}", metric.id, metric.description.as_deref().unwrap_or(""));
    for filter in metric.filters.iter().flatten() {
        println!("  filter by {}", filter.filter_attribute);
    }

    // Last week, per channel.
    let channels = ["EMAIL", "WIDGET_CHAT", "PSTN_PHONE"];
    for channel in channels {
        let query = GetMetricDataInput::new(metric.id.clone(), PresetPeriod::PreviousWeek, "Europe/Copenhagen")
            .filters(vec![Filter::new("channel").values(vec![channel.to_owned()])]);
        let data = client.analytics().get_metric_data(query).send().await?.data;
        // `aggregates` is optional in the document.
        for aggregate in data.aggregates.into_iter().flatten() {
            match aggregate {
                AggregateValue::Long(v) => println!("{channel:<12} {} {}", v.value, v.measure),
                AggregateValue::Double(v) => println!("{channel:<12} {:.2} {}", v.value, v.measure),
                AggregateValue::Unknown(json) => println!("{channel:<12} {json}"),
                // Unions are non-exhaustive: a member a later version adds lands here.
                other => println!("{channel:<12} {other:?}"),
            }
        }
    }

    // The records behind the metric, for the last seven days.
    let Some(record) = metric.related_record_ids.into_iter().flatten().next() else {
        return Ok(());
    };
    let now = SystemTime::now();
    let last_seven_days = PeriodFilter::from(Interval::new(now - Duration::from_secs(7 * 24 * 3600), now));
    let query = GetMetricRecordsDataInput::new(record.clone(), last_seven_days, "Europe/Copenhagen");
    let mut records = client
        .analytics()
        .get_metric_records_data(query)
        .page_limit(100)
        .into_stream();
    let mut count = 0;
    while let Some(row) = records.next().await {
        let row = row?;
        count += 1;
        let fields: Vec<String> = row
            .fields
            .into_iter()
            .flatten()
            .filter_map(|field| match field.field? {
                FieldType::StringField(text) => Some(format!("{}={}", field.name, text.value)),
                FieldType::LongField(number) => Some(format!("{}={}", field.name, number.value)),
                _ => None,
            })
            .collect();
        println!("{}  {}", row.primary_timestamp_field.timestamp, fields.join(" "));
    }
    println!("{count} {record} records in the last seven days");
    Ok(())
}
