//! Reading vendor item ids: from arguments, a text file (whitespace-separated), a CSV file (a
//! `vendorItemId` column, or the only column), or stdin. Duplicates are dropped, first one kept.

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

#[derive(Debug, PartialEq, Eq)]
pub struct Ids {
    pub ids: Vec<i64>,
    pub duplicates: usize,
}

/// Column names taken for the id, compared without case and punctuation.
const ID_COLUMNS: &[&str] = &["vendoritemid", "vendoritemids", "optionid", "id"];

pub fn read(args: &[i64], file: Option<&Path>) -> Result<Ids, String> {
    let mut all = args.to_vec();
    if let Some(path) = file {
        let (text, name) = if path == Path::new("-") {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| format!("stdin: {e}"))?;
            (s, "stdin".to_string())
        } else {
            let s =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            (s, path.display().to_string())
        };
        let csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
            || text.lines().take(5).any(|l| l.contains(','));
        let parsed = if csv {
            parse_csv(&text)
        } else {
            parse_text(&text)
        };
        all.extend(parsed.map_err(|e| format!("{name}: {e}"))?);
    }
    if all.is_empty() {
        return Err("no vendor item ids: give them as arguments or with --file".into());
    }
    let mut seen = HashSet::with_capacity(all.len());
    let total = all.len();
    all.retain(|id| seen.insert(*id));
    Ok(Ids {
        duplicates: total - all.len(),
        ids: all,
    })
}

fn number(token: &str, line: usize) -> Result<i64, String> {
    let t = token.trim().trim_matches('"').trim();
    t.parse()
        .map_err(|_| format!("line {line}: {t:?} is not a vendor item id"))
}

fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split('#').next().unwrap_or("").trim()))
        .filter(|(_, l)| !l.is_empty())
}

fn parse_text(text: &str) -> Result<Vec<i64>, String> {
    let mut out = Vec::new();
    for (n, line) in content_lines(text) {
        for token in line.split_whitespace() {
            out.push(number(token, n)?);
        }
    }
    Ok(out)
}

fn parse_csv(text: &str) -> Result<Vec<i64>, String> {
    let mut lines = content_lines(text).peekable();
    let mut column = 0;
    if let Some((n, first)) = lines.peek().copied() {
        let fields: Vec<&str> = first.split(',').collect();
        let norm = |f: &str| {
            f.trim()
                .trim_matches('"')
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        };
        // A header names the id column; without one the ids are in the first column.
        if let Some(c) = fields
            .iter()
            .position(|f| ID_COLUMNS.contains(&norm(f).as_str()))
        {
            column = c;
            lines.next();
        } else if number(fields[0], n).is_err() {
            if fields.len() > 1 {
                return Err(format!(
                    "line {n}: no vendorItemId column among {:?}",
                    fields.iter().map(|f| f.trim()).collect::<Vec<_>>()
                ));
            }
            lines.next();
        }
    }
    let mut out = Vec::new();
    for (n, line) in lines {
        let field = line
            .split(',')
            .nth(column)
            .ok_or_else(|| format!("line {n}: no column {}", column + 1))?;
        out.push(number(field, n)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_and_csv_forms() {
        assert_eq!(parse_text("1 2\n# note\n\n3  # tail\n").unwrap(), [1, 2, 3]);
        assert_eq!(
            parse_csv("name,vendorItemId\na,10\nb,\"11\"\n").unwrap(),
            [10, 11]
        );
        assert_eq!(parse_csv("vendor_item_id\n5\n6\n").unwrap(), [5, 6]);
        assert_eq!(parse_csv("7,x\n8,y\n").unwrap(), [7, 8]);
        assert!(parse_csv("a,b\n1,2\n")
            .unwrap_err()
            .contains("no vendorItemId column"));
        assert_eq!(
            parse_text("1\nabc\n").unwrap_err(),
            "line 2: \"abc\" is not a vendor item id"
        );
    }

    #[test]
    fn drops_duplicates_keeping_the_first() {
        let ids = read(&[3, 1, 3, 2, 1], None).unwrap();
        assert_eq!((ids.ids, ids.duplicates), (vec![3, 1, 2], 2));
        assert!(read(&[], None).is_err());
    }
}
