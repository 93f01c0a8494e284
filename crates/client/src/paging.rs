//! Walking paged lists. I9 counts pages from 1, I11 from 0; [`all_pages`] takes the first page
//! number and stops on a short page or the last one the server reports.

use crate::error::Result;
use futures_util::{stream, Stream, TryStreamExt};
use std::future::Future;
use wing_wire::fms::{Data, Pagination};

/// One page of a list endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub pagination: Option<Pagination>,
}

impl<T> From<Data<Vec<T>>> for Page<T> {
    fn from(d: Data<Vec<T>>) -> Self {
        Page {
            items: d.content,
            pagination: d.pagination,
        }
    }
}

pub(crate) fn all_pages<T, F, Fut>(first: i64, fetch: F) -> impl Stream<Item = Result<T>> + Send
where
    T: Send + 'static,
    F: FnMut(i64) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>>> + Send,
{
    stream::try_unfold((Some(first), fetch), move |(next, mut fetch)| async move {
        let Some(page) = next else {
            return Ok(None);
        };
        let p = fetch(page).await?;
        let more = match p.pagination {
            Some(pg) => {
                page - first + 1 < pg.total_pages && p.items.len() as i64 >= pg.count_per_page
            }
            None => false,
        } && !p.items.is_empty();
        let items = stream::iter(p.items.into_iter().map(Ok));
        Ok(Some((items, (more.then_some(page + 1), fetch))))
    })
    .try_flatten()
}
