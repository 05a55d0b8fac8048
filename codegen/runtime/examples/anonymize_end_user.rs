//! Asks Dixa to anonymize an end user, then checks the request's status.
//!
//! `DIXA_API_TOKEN=… cargo run -p dixa --example anonymize_end_user -- <user-uuid>`

#[tokio::main]
async fn main() -> Result<(), dixa::Error> {
    let user: dixa::uuid::Uuid = std::env::args()
        .nth(1)
        .as_deref()
        .unwrap_or("3fa85f64-5717-4562-b3fc-2c963f66afa6")
        .parse()
        .expect("a UUID");
    let client = dixa::Client::from_env()?;
    // `force` closes the user's open conversations first.
    let request = client.end_users().anonymize(user).force(true).send().await?.data;
    println!("anonymization {} requested at {}", request.id, request.initiated_at);
    let status = client.anonymization().get_status(request.id).send().await?.data;
    match status.processed_at {
        Some(at) => println!("processed at {at}"),
        None => println!("not processed yet"),
    }
    Ok(())
}
