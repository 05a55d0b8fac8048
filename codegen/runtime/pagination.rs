//! Walking every page of a listing lazily, one page in memory at a time.

use super::Error;
use futures_core::Stream;
use std::collections::{HashSet, VecDeque};
use std::future::Future;

/// What one page gave: its items and the link to the next page, if any.
pub(crate) type Page<T> = (Vec<T>, Option<String>);

enum Cursor {
    First,
    Next(String),
    /// The items fetched so far are yielded first, then this error ends the stream.
    Failed(Error),
    Done,
}

/// Yields the items of every page: `fetch(request, cursor)` gets one page, starting with no
/// cursor, then the `cursor_parameter` taken from each page's next link, until a page has none.
pub(crate) fn paginate<R, T, F, Fut>(
    operation: &'static str,
    cursor_parameter: &'static str,
    request: R,
    fetch: F,
) -> impl Stream<Item = Result<T, Error>>
where
    R: Clone,
    F: Fn(R, Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    let state = (request, fetch, VecDeque::new(), Cursor::First, HashSet::<String>::new());
    futures_util::stream::unfold(state, move |(request, fetch, mut items, mut cursor, mut seen)| async move {
        loop {
            if let Some(item) = items.pop_front() {
                return Some((Ok(item), (request, fetch, items, cursor, seen)));
            }
            let key = match std::mem::replace(&mut cursor, Cursor::Done) {
                Cursor::Done => return None,
                Cursor::Failed(error) => return Some((Err(error), (request, fetch, items, Cursor::Done, seen))),
                Cursor::First => None,
                Cursor::Next(key) => Some(key),
            };
            match fetch(request.clone(), key).await {
                Ok((page, next)) => {
                    items.extend(page);
                    if let Some(next) = next {
                        cursor = next_cursor(operation, cursor_parameter, &next, &mut seen);
                    }
                }
                Err(error) => cursor = Cursor::Failed(error),
            }
        }
    })
}

/// Where the next link leads: a cursor not seen before, or an error (no cursor, or a loop).
fn next_cursor(operation: &'static str, parameter: &str, next: &str, seen: &mut HashSet<String>) -> Cursor {
    let failed = |message: String| Cursor::Failed(Error::Pagination { operation, message });
    match cursor_from_link(next, parameter) {
        Some(key) if seen.contains(&key) => failed(format!("the next link repeats an earlier page (`{next}`)")),
        Some(key) => {
            seen.insert(key.clone());
            Cursor::Next(key)
        }
        None => failed(format!("the next link `{next}` has no `{parameter}`")),
    }
}

/// The cursor in a next-page link, which Dixa writes root-relative
/// (`/v1/agents?pageKey=cGFnZT0y%3D%3D`) but could write absolute.
pub(crate) fn cursor_from_link(link: &str, parameter: &str) -> Option<String> {
    let url = reqwest::Url::parse(link).or_else(|_| reqwest::Url::parse("http://relative.invalid").and_then(|base| base.join(link))).ok()?;
    url.query_pairs().find(|(name, _)| name == parameter).map(|(_, value)| value.into_owned()).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::cursor_from_link;

    #[test]
    fn cursors_come_from_relative_and_absolute_links() {
        let key = Some("cGFnZUxpbWl0PTUwJnBhZ2U9MQ==".to_owned());
        assert_eq!(cursor_from_link("/<api-version>/search/conversations/?pageKey=cGFnZUxpbWl0PTUwJnBhZ2U9MQ%3D%3D", "pageKey"), key);
        assert_eq!(cursor_from_link("https://dev.dixa.io/v1/agents?pageLimit=5&pageKey=cGFnZUxpbWl0PTUwJnBhZ2U9MQ%3D%3D", "pageKey"), key);
        assert_eq!(cursor_from_link("/v1/agents", "pageKey"), None);
    }
}
