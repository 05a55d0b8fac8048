//! Bulk endpoints answer 200 even when items fail: one outcome per item. These helpers split a
//! list of outcomes into what succeeded and what failed.

/// One item's result of a bulk call: a success, a failure, or a kind this version does not know.
pub trait BulkOutcome: Sized {
    /// What a successful item reports.
    type Success;
    /// What a failed item reports.
    type Failure;

    /// `Ok(Ok(success))`, `Ok(Err(failure))`, or `Err(json)` for an unknown outcome.
    fn into_outcome(self) -> Result<Result<Self::Success, Self::Failure>, serde_json::Value>;

    /// Splits a list of outcomes, keeping their order within each part.
    fn split(outcomes: impl IntoIterator<Item = Self>) -> BulkOutcomes<Self::Success, Self::Failure> {
        let mut split = BulkOutcomes {
            successes: Vec::new(),
            failures: Vec::new(),
            unknown: Vec::new(),
        };
        for outcome in outcomes {
            match outcome.into_outcome() {
                Ok(Ok(success)) => split.successes.push(success),
                Ok(Err(failure)) => split.failures.push(failure),
                Err(json) => split.unknown.push(json),
            }
        }
        split
    }
}

/// The outcomes of a bulk call, split.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkOutcomes<S, F> {
    /// The items that succeeded.
    pub successes: Vec<S>,
    /// The items that failed, with the server's reason.
    pub failures: Vec<F>,
    /// Outcomes of a kind this version of the crate does not know, as received.
    pub unknown: Vec<serde_json::Value>,
}

impl<S, F> BulkOutcomes<S, F> {
    /// Whether every item succeeded.
    pub fn all_succeeded(&self) -> bool {
        self.failures.is_empty() && self.unknown.is_empty()
    }
}
