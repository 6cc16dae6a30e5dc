//! Walking every page of a list endpoint.
//!
//! List endpoints (a page number in the request; a list and, usually, the total number of
//! items in the response) have two helpers besides their method: `<method>_pages`, a stream of
//! pages, and `<method>_items`, a stream of the items of every page. Pages are fetched one at a
//! time, when the stream is polled; the stream ends after the page that reaches the total, on
//! the first empty page, or after the first error (which it yields).
//!
//! Each method's documentation shows a call. The streams are `futures` streams: with
//! [`TryStreamExt`] in scope, `stream.try_collect::<Vec<_>>().await?` gathers every item, and
//! `let mut s = std::pin::pin!(stream); while let Some(x) = s.try_next().await? {}` takes them one
//! at a time.

use crate::{Error, Number};
use futures_util::stream;
use std::future::Future;

pub use futures_util::{Stream, StreamExt, TryStreamExt};

/// The page number field of a request, whatever its number type.
pub trait PageField {
    /// The page number set, if any.
    fn page(&self) -> Option<u64>;
    /// Sets the page number.
    fn set_page(&mut self, page: u64);
}

/// The total field of a page, whatever its number type.
pub trait Count {
    /// The total number of items, if the page gives one that is a whole number.
    fn count(&self) -> Option<u64>;
}

/// The list field of a page.
pub trait List {
    /// The type of one item.
    type Item;
    /// How many items the page holds.
    fn item_count(&self) -> usize;
    /// The items.
    fn into_items(self) -> Vec<Self::Item>;
}

impl PageField for i64 {
    fn page(&self) -> Option<u64> {
        u64::try_from(*self).ok()
    }
    fn set_page(&mut self, page: u64) {
        *self = i64::try_from(page).unwrap_or(i64::MAX);
    }
}

impl PageField for f64 {
    fn page(&self) -> Option<u64> {
        (self.fract() == 0.0 && *self >= 0.0 && *self < u64::MAX as f64).then_some(*self as u64)
    }
    fn set_page(&mut self, page: u64) {
        *self = page as f64;
    }
}

impl PageField for Number {
    fn page(&self) -> Option<u64> {
        self.as_u64()
    }
    fn set_page(&mut self, page: u64) {
        *self = Number::from(page);
    }
}

impl<T: PageField + Default> PageField for Option<T> {
    fn page(&self) -> Option<u64> {
        self.as_ref().and_then(T::page)
    }
    fn set_page(&mut self, page: u64) {
        self.get_or_insert_with(T::default).set_page(page);
    }
}

impl Count for i64 {
    fn count(&self) -> Option<u64> {
        u64::try_from(*self).ok()
    }
}

impl Count for f64 {
    fn count(&self) -> Option<u64> {
        PageField::page(self)
    }
}

impl Count for Number {
    fn count(&self) -> Option<u64> {
        self.as_u64()
    }
}

impl<T: Count> Count for Option<T> {
    fn count(&self) -> Option<u64> {
        self.as_ref().and_then(T::count)
    }
}

impl<T> List for Vec<T> {
    type Item = T;
    fn item_count(&self) -> usize {
        self.len()
    }
    fn into_items(self) -> Vec<T> {
        self
    }
}

impl<T> List for Option<Vec<T>> {
    type Item = T;
    fn item_count(&self) -> usize {
        self.as_ref().map_or(0, Vec::len)
    }
    fn into_items(self) -> Vec<T> {
        self.unwrap_or_default()
    }
}

/// Where the walk is: the request to send next and how many items came before.
struct Walk<R, F> {
    request: R,
    fetch: F,
    page: u64,
    seen: u64,
}

/// The pages of a list endpoint, from the request's page (the first when unset): `page_of`
/// gives the request's page number field, `progress` a page's item count and total, `fetch`
/// sends one request. Ends after the page that reaches the total (counting the pages before the
/// first as full), on an empty page (the first page is yielded even when empty), or after an
/// error.
pub fn pages<R, P, F, Fut>(
    mut request: R,
    page_of: fn(&mut R) -> &mut dyn PageField,
    progress: fn(&P) -> (usize, Option<u64>),
    fetch: F,
) -> impl Stream<Item = Result<P, Error>> + Send + use<R, P, F, Fut>
where
    R: Clone + Send + 'static,
    P: Send + 'static,
    F: Fn(R) -> Fut + Send + 'static,
    Fut: Future<Output = Result<P, Error>> + Send,
{
    let start = page_of(&mut request).page().unwrap_or(1).max(1);
    let walk = Some(Walk { request, fetch, page: start, seen: 0 });
    stream::try_unfold(walk, move |walk| async move {
        let Some(mut w) = walk else { return Ok(None) };
        let mut request = w.request.clone();
        page_of(&mut request).set_page(w.page);
        let page = (w.fetch)(request).await?;
        let (len, total) = progress(&page);
        let len = len as u64;
        if len == 0 && w.page != start {
            return Ok(None);
        }
        if w.page == start {
            w.seen = (start - 1).saturating_mul(len);
        }
        w.seen = w.seen.saturating_add(len);
        let done = len == 0 || total.is_some_and(|t| w.seen >= t);
        w.page += 1;
        Ok(Some((page, (!done).then_some(w))))
    })
}

/// The items of every page of `pages`, in order; `list` takes a page's items.
pub fn items<P, T>(
    pages: impl Stream<Item = Result<P, Error>> + Send,
    list: fn(P) -> Vec<T>,
) -> impl Stream<Item = Result<T, Error>> + Send
where
    T: Send,
{
    pages.map_ok(move |p| stream::iter(list(p).into_iter().map(Ok))).try_flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_of_every_type_are_page_numbers_and_counts() {
        let mut n: Option<Number> = None;
        n.set_page(3);
        assert_eq!(n.page(), Some(3));
        let mut f = 0.0_f64;
        f.set_page(2);
        assert_eq!((f.page(), 2.5_f64.page(), (-1.0_f64).page()), (Some(2), None, None));
        assert_eq!((7_i64.count(), (-7_i64).count(), Some(Number::from(5_u64)).count()), (Some(7), None, Some(5)));
        assert_eq!((Some(vec![1, 2]).item_count(), None::<Vec<u8>>.into_items().len()), (2, 0));
    }
}
