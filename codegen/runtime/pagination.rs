//! Walking every page of a listing lazily, one page in memory at a time.

use super::Error;
use futures_core::Stream;
use std::collections::hash_map::RandomState;
use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::hash::BuildHasher;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

/// What one page gave: its items and the link to the next page, if any.
pub(crate) type Page<T> = (Vec<T>, Option<String>);

type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>, Error>> + Send>>;
type Fetch<T> = Box<dyn Fn(Option<String>) -> PageFuture<T> + Send + Sync>;

/// The default of [`Pages::max_pages`].
const MAX_PAGES: u32 = 100_000;
/// The default of [`Pages::max_empty_pages`].
const MAX_EMPTY_PAGES: u32 = 10;

/// Every item of a paginated listing, fetched lazily one page at a time: the value of a
/// request's `into_stream()`.
///
/// `pages.next().await` gives the next item (`None` at the end), `pages.try_collect().await`
/// all of them; it is also a [`futures_core::Stream`] for stream combinators. An error ends it:
/// the items fetched before it come first.
///
/// A server that never stops linking a next page cannot keep it going forever: it ends with
/// [`Error::Pagination`] after [`Pages::max_pages`] pages, after [`Pages::max_empty_pages`]
/// empty pages in a row, or when a next link repeats an earlier page.
#[must_use = "pages are fetched only when polled"]
pub struct Pages<T> {
    operation: &'static str,
    cursor_parameter: &'static str,
    fetch: Fetch<T>,
    in_flight: Option<PageFuture<T>>,
    items: VecDeque<T>,
    next: Next,
    /// Hashes of the cursors followed so far, to stop on a loop in constant memory per page.
    seen: HashSet<u64>,
    hasher: RandomState,
    pages: u32,
    empty_in_a_row: u32,
    max_pages: u32,
    max_empty_pages: u32,
}

enum Next {
    First,
    Cursor(String),
    /// The items fetched so far are yielded first, then this error ends the listing.
    Failed(Error),
    Done,
}

/// The items of every page: `fetch(request, cursor)` gets one page, starting with no cursor,
/// then the `cursor_parameter` taken from each page's next link, until a page has none.
pub(crate) fn paginate<R, T, F, Fut>(
    operation: &'static str,
    cursor_parameter: &'static str,
    request: R,
    fetch: F,
) -> Pages<T>
where
    R: Clone + Send + Sync + 'static,
    T: Send + 'static,
    F: Fn(R, Option<String>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Page<T>, Error>> + Send + 'static,
{
    Pages {
        operation,
        cursor_parameter,
        fetch: Box::new(move |cursor| Box::pin(fetch(request.clone(), cursor))),
        in_flight: None,
        items: VecDeque::new(),
        next: Next::First,
        seen: HashSet::new(),
        hasher: RandomState::new(),
        pages: 0,
        empty_in_a_row: 0,
        max_pages: MAX_PAGES,
        max_empty_pages: MAX_EMPTY_PAGES,
    }
}

impl<T> Pages<T> {
    /// The most pages fetched (default 100,000); a listing that goes on after that ends with
    /// [`Error::Pagination`].
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = pages;
        self
    }

    /// The most empty pages in a row whose next link is followed (default 10); one more ends the
    /// listing with [`Error::Pagination`].
    pub fn max_empty_pages(mut self, pages: u32) -> Self {
        self.max_empty_pages = pages;
        self
    }

    /// The next item, fetching the next page when needed; `None` after the last item or an error.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every remaining item, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<T>, Error> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }

    /// Takes in a fetched page and decides where to go next.
    fn turn_page(&mut self, items: Vec<T>, link: Option<String>) {
        self.pages += 1;
        self.empty_in_a_row = if items.is_empty() { self.empty_in_a_row + 1 } else { 0 };
        self.items.extend(items);
        let Some(link) = link else { return };
        self.next = if self.empty_in_a_row > self.max_empty_pages {
            self.failed(format!(
                "{} pages in a row were empty but linked a next page; stopped (see `Pages::max_empty_pages`)",
                self.empty_in_a_row
            ))
        } else if self.pages >= self.max_pages {
            self.failed(format!(
                "stopped after {} pages, the limit (see `Pages::max_pages`)",
                self.pages
            ))
        } else {
            self.follow(&link)
        };
    }

    /// Where the next link leads: a cursor not seen before, or an error (no cursor, or a loop).
    fn follow(&mut self, link: &str) -> Next {
        let shown = super::error::printable(link, 200);
        let Some(key) = cursor_from_link(link, self.cursor_parameter) else {
            return self.failed(format!("the next link `{shown}` has no `{}`", self.cursor_parameter));
        };
        if self.seen.insert(self.hasher.hash_one(&key)) {
            Next::Cursor(key)
        } else {
            self.failed(format!("the next link repeats an earlier page (`{shown}`)"))
        }
    }

    fn failed(&self, message: String) -> Next {
        Next::Failed(Error::Pagination {
            operation: self.operation,
            message,
        })
    }
}

impl<T> Stream for Pages<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(fetching) = &mut this.in_flight {
                let fetched = ready!(fetching.as_mut().poll(cx));
                this.in_flight = None;
                match fetched {
                    Ok((items, link)) => this.turn_page(items, link),
                    Err(error) => this.next = Next::Failed(error),
                }
                continue;
            }
            let cursor = match std::mem::replace(&mut this.next, Next::Done) {
                Next::Done => return Poll::Ready(None),
                Next::Failed(error) => return Poll::Ready(Some(Err(error))),
                Next::First => None,
                Next::Cursor(cursor) => Some(cursor),
            };
            this.in_flight = Some((this.fetch)(cursor));
        }
    }
}

// Nothing is pinned in place: the page future is boxed, the items are only moved out.
impl<T> Unpin for Pages<T> {}

impl<T> std::fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("operation", &self.operation)
            .field("pages_fetched", &self.pages)
            .field("items_buffered", &self.items.len())
            .field("max_pages", &self.max_pages)
            .field("max_empty_pages", &self.max_empty_pages)
            .finish_non_exhaustive()
    }
}

/// The cursor in a next-page link. Links are root-relative (`/v1/agents?pageKey=…`) or absolute,
/// possibly naming another host: only the cursor is taken, and the next page is always fetched
/// from the client's base URL with the request's own parameters.
pub(crate) fn cursor_from_link(link: &str, parameter: &str) -> Option<String> {
    let url = reqwest::Url::parse(link)
        .or_else(|_| reqwest::Url::parse("http://relative.invalid").and_then(|base| base.join(link)))
        .ok()?;
    url.query_pairs()
        .find(|(name, _)| name == parameter)
        .map(|(_, value)| value.into_owned())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::cursor_from_link;

    #[test]
    fn cursors_come_from_relative_and_absolute_links() {
        let key = Some("cGFnZUxpbWl0PTUwJnBhZ2U9MQ==".to_owned());
        let relative = "/<api-version>/search/conversations/?pageKey=cGFnZUxpbWl0PTUwJnBhZ2U9MQ%3D%3D";
        assert_eq!(cursor_from_link(relative, "pageKey"), key);
        let absolute = "https://api.example.com/v1/agents?pageLimit=5&pageKey=cGFnZUxpbWl0PTUwJnBhZ2U9MQ%3D%3D";
        assert_eq!(cursor_from_link(absolute, "pageKey"), key);
        assert_eq!(cursor_from_link("/v1/agents", "pageKey"), None);
        assert_eq!(cursor_from_link("/v1/agents?pageKey=", "pageKey"), None);
    }
}
