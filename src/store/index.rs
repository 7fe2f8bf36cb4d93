//! The history index: `history.index` beside the log, a handful of
//! checkpoints that let the daily commands read only the end of the log.
//!
//! Each checkpoint is a line start in the log with the latest session date
//! (the local date of `started`; for a function rating or a red-flag stop,
//! of `at`) of every line before it. Sessions are not
//! in date order in the file (an import appends old ones at the end), but
//! these dates only grow from one checkpoint to the next, so "every session
//! on or after D" starts at the last checkpoint whose earlier lines are all
//! older than D. Amendments always follow the session they change (a
//! pain-after or delete is written only for a session already in the log),
//! so folding the lines from a checkpoint on gives exactly the records a
//! full read gives for the sessions written there.
//!
//! The index is a cache: readers keep it up to date under the shared lock
//! (scanning only what was appended since, or the whole log when it was
//! replaced, as by `history compact`), write it whole with a rename, and
//! rebuild it in memory when it is missing, damaged or cannot be written.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::path::Path;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

pub const INDEX_NAME: &str = "history.index";
/// A checkpoint about every this many bytes of log: a read starts at most
/// this far before the first line it needs, and the index stays a small
/// fraction of the log it points into.
const STEP: u64 = 16 * 1024;
const VERSION: u32 = 4;
/// The bytes kept from just before the end of what was scanned, to tell
/// an append (they are still there) from a rewrite in place.
const TAIL: usize = 64;
/// An index larger than this is not ours; it is rebuilt.
const MAX_INDEX_BYTES: u64 = 4 * 1024 * 1024;

/// A line start in the log. Stored as `[offset, line, days]` (the date as
/// days from the common era, or null): hundreds of them are read at every
/// start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "Stored", from = "Stored")]
pub struct Checkpoint {
    /// Its byte offset.
    pub offset: u64,
    /// How many lines come before it: the line there is number `line + 1`.
    pub line: usize,
    /// The latest session date among the lines before it.
    pub latest_before: Option<NaiveDate>,
}

type Stored = (u64, usize, Option<i32>);

impl From<Checkpoint> for Stored {
    fn from(c: Checkpoint) -> Stored {
        (
            c.offset,
            c.line,
            c.latest_before.map(|d| d.num_days_from_ce()),
        )
    }
}

impl From<Stored> for Checkpoint {
    fn from((offset, line, days): Stored) -> Checkpoint {
        Checkpoint {
            offset,
            line,
            // A day out of range counts as the latest: reading starts earlier.
            latest_before: days
                .map(|d| NaiveDate::from_num_days_from_ce_opt(d).unwrap_or(NaiveDate::MAX)),
        }
    }
}

/// Which file the index describes, and how far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Seen {
    dev: u64,
    ino: u64,
    len: u64,
    modified_ns: i128,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    version: u32,
    seen: Seen,
    /// Bytes scanned: up to just after the last newline.
    covered: u64,
    /// The last bytes before `covered`.
    tail: Vec<u8>,
    /// Lines before `covered`, and the latest session date among them.
    lines: usize,
    latest: Option<NaiveDate>,
    /// The earliest date of any line before `covered` (deleted sessions
    /// included): the first day anything was recorded.
    earliest: Option<NaiveDate>,
    checkpoints: Vec<Checkpoint>,
    /// XXH3 of each checkpoint's segment of the log: from it to the next
    /// checkpoint (the last one to `covered`). A reader checks the
    /// segments it reads, so an index that no longer describes the bytes
    /// it points into is rebuilt.
    sums: Vec<u64>,
    /// XXH3 of the index as stored, up to this field (the last): a
    /// damaged or hand-edited index is rebuilt. Checked on the bytes read,
    /// so loading parses the index once and never writes it out again.
    sum: u64,
}

fn seen(meta: &std::fs::Metadata) -> Seen {
    #[cfg(unix)]
    let (dev, ino) = {
        use std::os::unix::fs::MetadataExt;
        (meta.dev(), meta.ino())
    };
    #[cfg(not(unix))]
    let (dev, ino) = (0, 0);
    let modified_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128);
    Seen {
        dev,
        ino,
        len: meta.len(),
        modified_ns,
    }
}

impl Index {
    fn empty(seen: Seen) -> Index {
        Index {
            version: VERSION,
            seen,
            covered: 0,
            tail: Vec::new(),
            lines: 0,
            latest: None,
            earliest: None,
            checkpoints: vec![Checkpoint {
                offset: 0,
                line: 0,
                latest_before: None,
            }],
            sums: Vec::new(),
            sum: 0,
        }
    }

    /// Scans the whole lines of `log` from the last checkpoint on (what
    /// was covered after it is scanned again, for its segment's sum), a
    /// line at a time: memory does not grow with the log.
    fn scan(&mut self, log: &File, cap: u64) -> std::io::Result<()> {
        use std::io::{BufRead, Read, Seek, SeekFrom};
        let last = self.checkpoints.last().expect("a first checkpoint").clone();
        self.sums.truncate(self.checkpoints.len() - 1);
        self.lines = last.line;
        let mut offset = last.offset;
        let mut f = log;
        f.seek(SeekFrom::Start(offset))?;
        let mut reader = std::io::BufReader::with_capacity(32 * 1024, f);
        let mut hasher = Xxh3::new();
        let mut line = Vec::new();
        loop {
            line.clear();
            // Capped: a line that never ends reads no further than the log may.
            let got = (&mut reader)
                .take(cap.saturating_sub(offset) + 1)
                .read_until(b'\n', &mut line)?;
            if offset + got as u64 > cap {
                return Err(larger_than(cap));
            }
            if got == 0 || line.last() != Some(&b'\n') {
                // The end, or an unfinished last line: not covered yet.
                break;
            }
            let from_last = offset - self.checkpoints.last().map_or(0, |c| c.offset);
            if from_last >= STEP {
                self.sums.push(std::mem::take(&mut hasher).digest());
                self.checkpoints.push(Checkpoint {
                    offset,
                    line: self.lines,
                    latest_before: self.latest,
                });
            }
            hasher.update(&line);
            let text = if offset == 0 {
                crate::library::strip_bom(&line)
            } else {
                &line
            };
            if let Some(d) = line_date(text) {
                self.latest = self.latest.max(Some(d));
                self.earliest = Some(self.earliest.map_or(d, |e| e.min(d)));
            }
            self.lines += 1;
            offset += got as u64;
        }
        self.sums.push(hasher.digest());
        self.covered = offset;
        let keep = offset.min(TAIL as u64);
        self.tail = read_at(log, offset - keep, keep as usize)?;
        Ok(())
    }

    /// The segments from checkpoint `k` on, as `(start, end, sum)`.
    pub fn segments_from(&self, k: usize) -> Vec<(u64, u64, u64)> {
        (k..self.checkpoints.len())
            .map(|i| {
                let end = self
                    .checkpoints
                    .get(i + 1)
                    .map_or(self.covered, |c| c.offset);
                (self.checkpoints[i].offset, end, self.sums[i])
            })
            .collect()
    }

    /// Where to start reading for every session dated `since` or later:
    /// the last checkpoint all of whose earlier sessions are older.
    pub fn start_for(&self, since: NaiveDate) -> usize {
        // `latest_before` only grows, and the first checkpoint has none.
        self.checkpoints
            .partition_point(|c| c.latest_before.is_none_or(|d| d < since))
            .saturating_sub(1)
    }

    /// The earliest date of any line in the log (a session's start, an
    /// event's `at`, deleted sessions included), without reading it.
    pub fn earliest(&self) -> Option<NaiveDate> {
        self.earliest
    }

    pub fn checkpoints(&self) -> &[Checkpoint] {
        &self.checkpoints
    }

    /// The index of the log open as `log` (of `meta`), brought up to date:
    /// read from `path` when it still describes this file, extended by
    /// what was appended since, or rebuilt. Saved again when it changed
    /// (best effort: a read-only directory just rebuilds it each time).
    /// The log is read a line at a time, at most `cap` bytes.
    pub fn sync(
        path: &Path,
        log: &File,
        meta: &std::fs::Metadata,
        cap: u64,
        memo: &Memo,
    ) -> std::io::Result<Index> {
        let now = seen(meta);
        // Asked again in the same run (a command reading a window, then
        // the first day): the index already loaded, while the log is as
        // it saw it.
        if let Some(i) = memo.remembered(path).filter(|i| i.seen == now) {
            return Ok(i);
        }
        let stored = load(path).filter(|i| {
            i.plausible() && (i.seen.dev, i.seen.ino) == (now.dev, now.ino) && i.covered <= now.len
        });
        let mut index = match stored {
            Some(i) if i.seen == now => {
                memo.remember(path, &i);
                return Ok(i);
            }
            // An append leaves the bytes before `covered` as they were.
            Some(i) if read_at(log, i.covered - i.tail.len() as u64, i.tail.len())? == i.tail => i,
            _ => Index::empty(now.clone()),
        };
        index.scan(log, cap)?;
        index.seen = now;
        save(path, &mut index);
        memo.remember(path, &index);
        Ok(index)
    }

    /// The index of `log` built afresh (after a reader found a segment
    /// that no longer matches its sum), and saved.
    pub fn rebuild(
        path: &Path,
        log: &File,
        meta: &std::fs::Metadata,
        cap: u64,
        memo: &Memo,
    ) -> std::io::Result<Index> {
        let mut index = Index::empty(seen(meta));
        index.scan(log, cap)?;
        save(path, &mut index);
        memo.remember(path, &index);
        Ok(index)
    }

    /// What a stored index must be to be used at all (it is a file anyone
    /// can edit): checkpoints in order within what was scanned, their
    /// dates never going back, the tail within it.
    fn plausible(&self) -> bool {
        let first = self.checkpoints.first();
        self.version == VERSION
            && first.is_some_and(|c| c.offset == 0 && c.line == 0 && c.latest_before.is_none())
            && self.checkpoints.windows(2).all(|w| {
                w[0].offset < w[1].offset
                    && w[0].line < w[1].line
                    && w[0].latest_before <= w[1].latest_before
            })
            && self.checkpoints.last().is_some_and(|c| {
                c.offset <= self.covered && c.line <= self.lines && c.latest_before <= self.latest
            })
            && self.earliest <= self.latest
            && self.sums.len() == self.checkpoints.len()
            && self.tail.len() as u64 <= self.covered
            && self.tail.len() <= TAIL
    }
}

/// The last index a store loaded or made, and its path: kept by the
/// store (one command's), not the process, so commands run in one test
/// process never see each other's.
#[derive(Debug, Default)]
pub struct Memo(std::sync::Mutex<Option<(std::path::PathBuf, Index)>>);

impl Memo {
    fn remembered(&self, path: &Path) -> Option<Index> {
        let last = self.0.lock().unwrap_or_else(|e| e.into_inner());
        last.as_ref()
            .filter(|(p, _)| p == path)
            .map(|(_, i)| i.clone())
    }

    fn remember(&self, path: &Path, index: &Index) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((path.to_path_buf(), index.clone()));
    }
}

/// How the stored index ends: its sum, the last field.
const SUM_FIELD: &[u8] = b",\"sum\":";

/// The index at `path` when its bytes end in the sum of what comes before
/// the sum field, and parse.
fn load(path: &Path) -> Option<Index> {
    let bytes = crate::library::read_regular_file(path, MAX_INDEX_BYTES).ok()?;
    let cut = bytes
        .windows(SUM_FIELD.len())
        .rposition(|w| w == SUM_FIELD)?;
    let digits = bytes[cut + SUM_FIELD.len()..].strip_suffix(b"}")?;
    let sum: u64 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    if sum != xxh3_64(&bytes[..cut]) {
        return None;
    }
    serde_json::from_slice::<Index>(&bytes)
        .ok()
        .filter(|i| i.sum == sum)
}

/// Writes the index whole and renames it into place. No fsync: after a
/// crash it is at worst missing or unreadable, and then rebuilt.
fn save(path: &Path, index: &mut Index) {
    index.sum = 0;
    let json = serde_json::to_vec(index).expect("the index serializes");
    let body = json
        .strip_suffix(b",\"sum\":0}")
        .expect("the sum is the last field");
    index.sum = xxh3_64(body);
    let Some(dir) = path.parent() else { return };
    crate::store::files::sweep_temp(dir);
    let Ok(mut tmp) = crate::store::files::temp_file_in(dir) else {
        return;
    };
    let tail = format!(",\"sum\":{}}}", index.sum);
    if std::io::Write::write_all(&mut tmp, body).is_ok()
        && std::io::Write::write_all(&mut tmp, tail.as_bytes()).is_ok()
    {
        let _ = tmp.persist(path);
    }
}

/// The local date a line is about, read cheaply: a session's start, an
/// event's `at`; nothing for an amendment or a damaged line. A line written
/// by this program is read from its first bytes; any other is parsed for
/// its `started` or `at` field the way a full read would. (A kind added
/// later is dated by its `at` with no change here.)
pub fn line_date(line: &[u8]) -> Option<NaiveDate> {
    let line = line.trim_ascii();
    if let Some(rest) = line.strip_prefix(b"{\"schema\":1,\"id\":\"") {
        if let Some(q) = rest.iter().position(|&b| b == b'"' || b == b'\\') {
            if let Some(date) = rest[q..].strip_prefix(b"\",\"started\":\"") {
                // RFC 3339 with an offset starts with the local date.
                if let Some(d) = date
                    .get(..10)
                    .and_then(|d| std::str::from_utf8(d).ok())
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                {
                    return Some(d);
                }
            }
        }
    }
    #[derive(Deserialize)]
    struct Dated {
        started: Option<DateTime<FixedOffset>>,
        at: Option<DateTime<FixedOffset>>,
    }
    let d = serde_json::from_slice::<Dated>(line).ok()?;
    d.started.max(d.at).map(|s| s.date_naive())
}

/// `len` bytes of `file` from `offset` (fewer at its end).
fn read_at(file: &File, offset: u64, len: usize) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = file;
    f.seek(SeekFrom::Start(offset))?;
    let mut bytes = Vec::with_capacity(len);
    f.take(len as u64).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The error for a log read past `cap` bytes.
pub fn larger_than(cap: u64) -> std::io::Error {
    std::io::Error::other(format!("larger than {} MiB", cap / (1024 * 1024)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_date_is_its_local_start_or_its_at() {
        let ours = br#"{"schema":1,"id":"x","started":"2026-11-01T23:30:00-05:00","ended":"x"}"#;
        let d = NaiveDate::from_ymd_opt(2026, 11, 1);
        assert_eq!(line_date(ours), d);
        // Another key order: parsed, and still the local date.
        let other = br#"{"started":"2026-11-01T23:30:00-05:00","schema":1,"id":"x"}"#;
        assert_eq!(line_date(other), d);
        // A kind this build does not know is dated by its `at`.
        let later = br#"{"schema":2,"kind":"walk","id":"w1","at":"2026-11-01T08:00:00-05:00"}"#;
        assert_eq!(line_date(later), d);
        assert_eq!(
            line_date(br#"{"schema":2,"kind":"deleted","session":"x"}"#),
            None
        );
        assert_eq!(line_date(b"{\"schema\":1,\"id\":\"torn"), None);
    }

    #[test]
    fn checkpoints_start_where_every_earlier_session_is_older() {
        let mut i = Index::empty(Seen {
            dev: 0,
            ino: 0,
            len: 0,
            modified_ns: 0,
        });
        let d = |n| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(n);
        i.checkpoints = vec![
            Checkpoint {
                offset: 0,
                line: 0,
                latest_before: None,
            },
            Checkpoint {
                offset: 10,
                line: 1,
                latest_before: Some(d(5)),
            },
            Checkpoint {
                offset: 20,
                line: 2,
                latest_before: Some(d(9)),
            },
        ];
        assert_eq!(i.start_for(d(0)), 0);
        assert_eq!(i.start_for(d(5)), 0);
        assert_eq!(i.start_for(d(6)), 1);
        assert_eq!(i.start_for(d(9)), 1);
        assert_eq!(i.start_for(d(10)), 2);
    }
}
