//! The bulk run's journal: an append-only JSON-lines file, synced after every line, that records
//! what happened to each chunk. A re-run reads it and neither resends an accepted chunk nor
//! forgets one whose fate is unknown.

use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What a run is about; a journal for another run is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Header {
    pub family: String,
    pub coupon_id: i64,
    pub chunk_size: usize,
    pub ids: usize,
    pub digest: String,
}

/// A finished chunk, as much as a re-run needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finished {
    pub requested_id: String,
    pub succeeded: i64,
    /// `(vendorItemId, reason as sent)`.
    pub failures: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum Entry {
    Start(Header),
    /// About to send: if nothing follows, the chunk may or may not have been applied.
    Sending {
        chunk: usize,
    },
    Accepted {
        chunk: usize,
        requested_id: String,
    },
    /// Refused synchronously: nothing was applied.
    Refused {
        chunk: usize,
        message: String,
    },
    Done {
        chunk: usize,
        result: Finished,
    },
}

/// The last thing known about a chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Known {
    Nothing,
    Sending,
    Accepted(String),
    Refused,
    Done(Finished),
}

#[derive(Debug)]
pub struct Journal {
    pub path: PathBuf,
    file: Mutex<File>,
}

impl Journal {
    /// Opens (or starts) the journal at `path` and returns what it knows per chunk.
    pub fn open(
        path: &Path,
        header: &Header,
        chunks: usize,
    ) -> Result<(Journal, Vec<Known>), String> {
        let shown = path.display();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("journal {shown}: {e}"))?;
        }
        let mut known = vec![Known::Nothing; chunks];
        let mut offset = 0;
        if path.exists() {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("journal {shown}: {e}"))?;
            let mut lines = text.split_inclusive('\n').enumerate().peekable();
            while let Some((i, raw)) = lines.next() {
                let entry = match serde_json::from_str::<Entry>(raw.trim_end()) {
                    Ok(e) if raw.ends_with('\n') => e,
                    // Only the last line can be torn by a crash: cut it off and carry on.
                    _ if lines.peek().is_none() => {
                        OpenOptions::new()
                            .write(true)
                            .open(path)
                            .and_then(|f| f.set_len(offset as u64))
                            .map_err(|e| format!("journal {shown}: {e}"))?;
                        break;
                    }
                    Ok(_) => unreachable!("only the last line lacks a newline"),
                    Err(e) => return Err(format!("journal {shown}, line {}: {e}", i + 1)),
                };
                offset += raw.len();
                match entry {
                    Entry::Start(h) if i == 0 && h == *header => {}
                    Entry::Start(_) => {
                        return Err(format!(
                            "journal {shown} belongs to another run; delete it or pass --state"
                        ))
                    }
                    _ if i == 0 => return Err(format!("journal {shown} has no header")),
                    Entry::Sending { chunk } => set(&mut known, chunk, Known::Sending)?,
                    Entry::Accepted {
                        chunk,
                        requested_id,
                    } => set(&mut known, chunk, Known::Accepted(requested_id))?,
                    Entry::Refused { chunk, .. } => set(&mut known, chunk, Known::Refused)?,
                    Entry::Done { chunk, result } => set(&mut known, chunk, Known::Done(result))?,
                }
            }
        }
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| format!("journal {shown}: {e}"))?;
        let j = Journal {
            path: path.to_path_buf(),
            file: Mutex::new(file),
        };
        if offset == 0 {
            j.record(&Entry::Start(header.clone()))
                .map_err(|e| format!("journal {shown}: {e}"))?;
        }
        Ok((j, known))
    }

    /// Appends one entry and syncs it to disk before the caller acts on it.
    pub fn record(&self, entry: &Entry) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(entry).expect("journal entries serialise");
        line.push(b'\n');
        let mut f = self.file.lock().expect("journal lock");
        f.write_all(&line)?;
        f.sync_data()
    }
}

fn set(known: &mut [Known], chunk: usize, k: Known) -> Result<(), String> {
    let slot = known
        .get_mut(chunk)
        .ok_or_else(|| format!("journal names chunk {chunk}, beyond this run"))?;
    *slot = k;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_the_last_event_of_each_chunk_and_skips_a_torn_tail() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let h = Header {
            family: "instant".into(),
            coupon_id: 1,
            chunk_size: 2,
            ids: 4,
            digest: "d".into(),
        };
        let (j, known) = Journal::open(&path, &h, 2).unwrap();
        assert_eq!(known, [Known::Nothing, Known::Nothing]);
        j.record(&Entry::Sending { chunk: 0 }).unwrap();
        j.record(&Entry::Accepted {
            chunk: 0,
            requested_id: "9".into(),
        })
        .unwrap();
        j.record(&Entry::Sending { chunk: 1 }).unwrap();
        drop(j);
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{\"event\":\"acc")
            .unwrap();
        let (j, known) = Journal::open(&path, &h, 2).unwrap();
        assert_eq!(known, [Known::Accepted("9".into()), Known::Sending]);
        j.record(&Entry::Refused {
            chunk: 1,
            message: "m".into(),
        })
        .unwrap();
        drop(j);
        let (_, known) = Journal::open(&path, &h, 2).unwrap();
        assert_eq!(known, [Known::Accepted("9".into()), Known::Refused]);
        let other = Header { coupon_id: 2, ..h };
        assert!(Journal::open(&path, &other, 2)
            .unwrap_err()
            .contains("another run"));
    }
}
