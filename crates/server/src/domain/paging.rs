//! Paging parameters of I9 (1-based pages) and I11 (0-based), with Spring's messages.

use crate::domain::messages;
use std::collections::HashMap;

/// The largest page served; larger `size` values are clamped, as Spring Data's resolver does.
pub const MAX_PAGE_SIZE: i64 = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// The page number as the client counts it (echoed in `currentPage`).
    pub page: i64,
    pub size: i64,
    pub offset: i64,
    pub descending: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstPage {
    One,
    Zero,
}

fn int_param(q: &HashMap<String, String>, name: &str) -> Result<Option<i64>, String> {
    match q.get(name).map(|s| s.trim()) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse::<i32>()
            .map(|n| Some(i64::from(n)))
            .map_err(|_| messages::param_type(v, "int")),
    }
}

pub fn parse(
    q: &HashMap<String, String>,
    first: FirstPage,
    default_size: i64,
) -> Result<PageRequest, String> {
    let base = match first {
        FirstPage::One => 1,
        FirstPage::Zero => 0,
    };
    let page = int_param(q, "page")?.unwrap_or(base);
    if page < base {
        return Err(messages::PAGE_INDEX.into());
    }
    let size = int_param(q, "size")?.unwrap_or(default_size);
    if size < 1 {
        return Err(messages::PAGE_SIZE.into());
    }
    let size = size.min(MAX_PAGE_SIZE);
    // Spring also accepts `sort=property,desc`: the direction is the last token.
    let descending = match q
        .get("sort")
        .map(|s| s.rsplit(',').next().unwrap_or("").trim())
    {
        None | Some("") => false,
        Some(d) if d.eq_ignore_ascii_case("asc") => false,
        Some(d) if d.eq_ignore_ascii_case("desc") => true,
        Some(_) => return Err(messages::one_of("sort", &["asc", "desc"])),
    };
    Ok(PageRequest {
        page,
        size,
        offset: (page - base) * size,
        descending,
    })
}

impl PageRequest {
    pub fn pagination(&self, total_elements: i64) -> wing_wire::fms::Pagination {
        wing_wire::fms::Pagination {
            current_page: self.page,
            count_per_page: self.size,
            total_pages: (total_elements + self.size - 1) / self.size,
            total_elements,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn bases_and_bounds() {
        let p = parse(&q(&[]), FirstPage::One, 10).unwrap();
        assert_eq!((p.page, p.offset, p.size, p.descending), (1, 0, 10, false));
        let p = parse(
            &q(&[("page", "3"), ("size", "5"), ("sort", "desc")]),
            FirstPage::One,
            10,
        )
        .unwrap();
        assert_eq!((p.offset, p.descending), (10, true));
        let p = parse(&q(&[("page", "0")]), FirstPage::Zero, 1000).unwrap();
        assert_eq!(p.offset, 0);
        assert_eq!(
            parse(&q(&[("page", "0")]), FirstPage::One, 10).unwrap_err(),
            messages::PAGE_INDEX
        );
        assert_eq!(
            parse(&q(&[("page", "-1")]), FirstPage::Zero, 10).unwrap_err(),
            messages::PAGE_INDEX
        );
        assert_eq!(
            parse(&q(&[("size", "0")]), FirstPage::One, 10).unwrap_err(),
            messages::PAGE_SIZE
        );
        assert_eq!(
            parse(&q(&[("size", "5000")]), FirstPage::One, 10)
                .unwrap()
                .size,
            MAX_PAGE_SIZE
        );
        assert!(parse(&q(&[("page", "x")]), FirstPage::One, 10)
            .unwrap_err()
            .contains("\"x\""));
        assert_eq!(p.pagination(0).total_pages, 0);
    }
}
