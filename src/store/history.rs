//! The history log: `history.jsonl` under the data directory, one JSON line
//! per session, plus small amendment lines (a pain-after score, a delete)
//! that refer to a session by id, weekly function ratings (their own
//! kind, read by `read_function`) and the days the red-flag screen stopped
//! a session (their own kind, read by `read_stops`). The log is
//! append-only: a session line is
//! never rewritten; reading folds the amendments into the sessions;
//! `compact` rewrites it, explicitly.
//!
//! One writer discipline: every change (append, pain-after, delete, a
//! rating, a stop, import, compact) holds an exclusive lock on `history.lock` beside the
//! log (a file that is never renamed or replaced) and re-reads the log
//! after taking it. Readers hold a shared lock on the same file, so they
//! never see half a line. Each change is one buffer of whole lines written
//! at the end; if the write fails, the file is cut back to its previous
//! length, so a full disk never leaves a partial line.

use crate::error::{Error, Result};
use crate::library::{read_regular_file, refuse_unless_regular, strip_bom};
use crate::record::{
    Amendment, FunctionKind, FunctionRecord, Kind, Record, StopKind, StopRecord, AMENDMENT_SCHEMA,
};
use crate::store::index::{self, Checkpoint, Index, INDEX_NAME};
use chrono::{Duration, NaiveDate};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "history.jsonl";
/// The lock every writer holds; beside the log, never renamed.
pub const LOCK_NAME: &str = "history.lock";
/// History and import files larger than this are refused (about 400,000
/// sessions); the cap counts bytes read, not what `stat` says.
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// A line that could not be read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damaged {
    pub line: usize,
    pub message: String,
}

pub struct Store {
    pub path: PathBuf,
}

/// The exclusive lock and the log, open for appending. Dropping it
/// releases the lock.
struct Writer<'a> {
    store: &'a Store,
    log: File,
    _lock: File,
}

impl Writer<'_> {
    /// The whole log, read through the open file (after the lock was taken).
    fn read(&mut self) -> Result<Vec<u8>> {
        let path = &self.store.path;
        let bytes = index::read_capped(&self.log, 0, MAX_BYTES)
            .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
        if bytes.len() as u64 > MAX_BYTES {
            return Err(Error::data(
                path.display(),
                format!(
                    "larger than {} MiB; move it aside as an archive and import the sessions you want to keep",
                    MAX_BYTES / (1024 * 1024)
                ),
            ));
        }
        Ok(bytes)
    }

    /// Appends whole lines in one write. A torn last line (from a crash) is
    /// closed off first so it cannot swallow the new record. If the write
    /// or the fsync fails, the file is cut back to its previous length.
    fn append_lines(&mut self, lines: &[u8]) -> Result<()> {
        let path = &self.store.path;
        let ctx = |e| Error::io(format!("appending to {}", path.display()), e);
        let len = self.log.metadata().map_err(ctx)?.len();
        let mut buf = Vec::with_capacity(lines.len() + 1);
        if len > 0 {
            let mut last = [0u8; 1];
            self.log
                .seek(SeekFrom::Start(len - 1))
                .and_then(|_| self.log.read_exact(&mut last))
                .map_err(ctx)?;
            if last[0] != b'\n' {
                buf.push(b'\n');
            }
        }
        buf.extend_from_slice(lines);
        // O_APPEND and the lock: the buffer lands whole at the end.
        let written = self.log.write_all(&buf).and_then(|_| self.log.sync_all());
        if let Err(e) = written {
            let cut = self.log.set_len(len).and_then(|_| self.log.sync_all());
            return Err(match cut {
                Ok(()) => ctx(e),
                Err(cut) => Error::io(
                    format!(
                        "appending to {} ({e}), then cutting it back to {len} bytes",
                        path.display()
                    ),
                    cut,
                ),
            });
        }
        Ok(())
    }
}

impl Store {
    pub fn open(data_dir: Option<&PathBuf>) -> Result<Store> {
        let dir = crate::store::paths::data_dir(data_dir).ok_or_else(|| {
            Error::Usage("cannot find a data directory; set BACKRELIEF_HOME or --data-dir".into())
        })?;
        Ok(Store {
            path: dir.join(FILE_NAME),
        })
    }

    pub fn at(path: &Path) -> Store {
        Store {
            path: path.to_path_buf(),
        }
    }

    fn dir(&self) -> &Path {
        self.path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    }

    pub fn lock_path(&self) -> PathBuf {
        self.dir().join(LOCK_NAME)
    }

    /// Takes the exclusive lock, then opens the log for appending.
    fn writer(&self) -> Result<Writer<'_>> {
        let dir = self.dir();
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        let lock_path = self.lock_path();
        let lock = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(|e| Error::io(format!("opening {}", lock_path.display()), e))?;
        lock.lock()
            .map_err(|e| Error::io(format!("locking {}", lock_path.display()), e))?;
        // Refuse a FIFO or device before opening it (opening could block).
        match std::fs::metadata(&self.path) {
            Ok(m) => refuse_unless_regular(&m)
                .map_err(|e| Error::io(format!("opening {}", self.path.display()), e))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(format!("opening {}", self.path.display()), e)),
        }
        let log = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&self.path)
            .map_err(|e| Error::io(format!("opening {}", self.path.display()), e))?;
        let meta = log
            .metadata()
            .map_err(|e| Error::io(format!("opening {}", self.path.display()), e))?;
        refuse_unless_regular(&meta)
            .map_err(|e| Error::io(format!("opening {}", self.path.display()), e))?;
        Ok(Writer {
            store: self,
            log,
            _lock: lock,
        })
    }

    /// Checks that a session could be saved: the directory exists or can be
    /// made, and the lock file and the log open for writing. Nothing is
    /// written to the log.
    pub fn probe(&self) -> Result<()> {
        self.writer().map(drop).map_err(|e| {
            e.prefixed(&format!(
                "sessions cannot be saved in {}",
                self.dir().display()
            ))
        })
    }

    /// A shared lock for reading, when the lock file exists or can be made;
    /// without one (a read-only directory) the read goes ahead unlocked.
    fn shared(&self) -> Option<File> {
        let lock_path = self.lock_path();
        let lock = File::open(&lock_path)
            .or_else(|_| {
                OpenOptions::new()
                    .write(true)
                    .create(true)
                    .truncate(false)
                    .open(&lock_path)
            })
            .ok()?;
        lock.lock_shared().ok()?;
        Some(lock)
    }

    /// Appends session records as whole lines, under the lock, then fsyncs.
    pub fn append(&self, records: &[Record]) -> Result<()> {
        let mut w = self.writer()?;
        w.append_lines(&lines(records))
    }

    /// Records the pain-after score (and note) of a session, as an
    /// amendment. `Ok(false)` if the session is no longer in the log.
    pub fn set_pain_after(&self, id: &str, pain: Option<u8>, note: Option<String>) -> Result<bool> {
        self.amend(&Amendment::pain_after(id, pain, note))
    }

    /// Deletes one session by id, as an amendment. `Ok(false)` if there is
    /// no such session (any more).
    pub fn delete(&self, id: &str) -> Result<bool> {
        self.amend(&Amendment::deleted(id))
    }

    fn amend(&self, a: &Amendment) -> Result<bool> {
        let mut w = self.writer()?;
        let (records, _) = parse(&w.read()?);
        if !records.iter().any(|r| r.id == a.session) {
            return Ok(false);
        }
        w.append_lines(&lines(std::slice::from_ref(a)))?;
        Ok(true)
    }

    /// Adds the sessions not already present (by id), all in one write
    /// under the lock: all of them or none. Returns how many were added.
    pub fn import(&self, incoming: &[Record]) -> Result<usize> {
        let incoming = Incoming {
            sessions: incoming.to_vec(),
            ..Incoming::default()
        };
        self.import_all(&incoming).map(|added| added.sessions)
    }

    /// Adds the sessions, function ratings and red-flag stops not already
    /// present (by id), all in one write under the lock. Returns how many
    /// of each were added.
    pub fn import_all(&self, incoming: &Incoming) -> Result<Added> {
        /// The items whose ids are not in `had` (nor earlier in `items`).
        fn fresh<'a, T>(had: &[T], items: &'a [T], id: fn(&T) -> &str) -> Vec<&'a T> {
            let mut seen: HashSet<String> = had.iter().map(|x| id(x).to_string()).collect();
            items
                .iter()
                .filter(|x| seen.insert(id(x).to_string()))
                .collect()
        }
        let mut w = self.writer()?;
        let bytes = w.read()?;
        let had = parse_tail(&bytes);
        let sessions = fresh(&had.records, &incoming.sessions, |r| &r.id);
        let ratings = fresh(&had.ratings, &incoming.ratings, |f| &f.id);
        let stops = fresh(&had.stops, &incoming.stops, |s| &s.id);
        let mut text = lines(&sessions);
        text.extend(lines(&ratings));
        text.extend(lines(&stops));
        if !text.is_empty() {
            w.append_lines(&text)?;
        }
        Ok(Added {
            sessions: sessions.len(),
            ratings: ratings.len(),
            stops: stops.len(),
        })
    }

    /// Appends one function rating as a whole line, under the lock.
    pub fn append_function(&self, rating: &FunctionRecord) -> Result<()> {
        let mut w = self.writer()?;
        w.append_lines(&lines(std::slice::from_ref(rating)))
    }

    /// Appends one red-flag stop as a whole line, under the lock.
    pub fn append_stop(&self, stop: &StopRecord) -> Result<()> {
        let mut w = self.writer()?;
        w.append_lines(&lines(std::slice::from_ref(stop)))
    }

    /// The whole log under the shared lock; empty when there is none.
    fn read_all(&self) -> Result<Vec<u8>> {
        let _lock = self.shared();
        match read_regular_file(&self.path, MAX_BYTES) {
            Ok(b) => Ok(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(Error::io(format!("reading {}", self.path.display()), e)),
        }
    }

    /// Every function rating in the log, in the order written. Lines that
    /// are not ratings are left to `read`, which reports damage.
    pub fn read_function(&self) -> Result<Vec<FunctionRecord>> {
        Ok(parse_function(&self.read_all()?))
    }

    /// Every red-flag stop in the log, in the order written. Lines that are
    /// not stops are left to `read`, which reports damage.
    pub fn read_stops(&self) -> Result<Vec<StopRecord>> {
        Ok(parse_stops(&self.read_all()?))
    }

    /// Rewrites the log as one line per live session, amendments folded in,
    /// atomically and under the lock. Refused while any line is damaged or
    /// from a newer backrelief, since those would be lost.
    pub fn compact(&self) -> Result<(usize, usize)> {
        let mut w = self.writer()?;
        let bytes = w.read()?;
        let before = bytes
            .split(|&b| b == b'\n')
            .filter(|l| !l.trim_ascii().is_empty())
            .count();
        let tail = parse_tail(&bytes);
        if let Some(d) = tail.damaged.first() {
            return Err(Error::data(
                format!("{}:{}", self.path.display(), d.line),
                format!(
                    "{}; not compacted (fix or remove the line first)",
                    d.message
                ),
            ));
        }
        // Function ratings and red-flag stops are kept, after the sessions,
        // each in their order.
        let mut text = lines(&tail.records);
        text.extend(lines(&tail.ratings));
        text.extend(lines(&tail.stops));
        crate::store::files::write_atomic(&self.path, &text)?;
        drop(w);
        Ok((before, tail.records.len()))
    }

    /// Reads every session, amendments folded in. Damaged lines are reported
    /// and skipped; the log is never changed.
    pub fn read(&self) -> Result<(Vec<Record>, Vec<Damaged>)> {
        let _lock = self.shared();
        let bytes = match read_regular_file(&self.path, MAX_BYTES) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Vec::new(), Vec::new()))
            }
            Err(e) => return Err(Error::io(format!("reading {}", self.path.display()), e)),
        };
        Ok(parse(&bytes))
    }

    /// Every session that started on `since` or later (its local date), as
    /// `read` gives them, read from the end of the log only as far back as
    /// `history.index` says such sessions go. Damaged lines are reported
    /// from the part that was read.
    pub fn read_since(&self, since: NaiveDate) -> Result<(Vec<Record>, Vec<Damaged>)> {
        let tail = self.read_tail(since)?;
        Ok((tail.records, tail.damaged))
    }

    /// Sessions, ratings and stops dated `since` or later, read once from
    /// the checkpoint `history.index` gives for `since` (the index dates
    /// ratings and stops by their `at`, sessions by their start), each line
    /// parsed once. A command that wants more than one kind reads this.
    pub fn read_tail(&self, since: NaiveDate) -> Result<Tail> {
        let _lock = self.shared();
        let Some((log, index)) = self.indexed()? else {
            return Ok(Tail::default());
        };
        let from = &index.checkpoints()[index.start_for(since)];
        let mut tail = self.read_region(&log, from)?;
        tail.records.retain(|r| r.started.date_naive() >= since);
        tail.ratings.retain(|f| f.at.date_naive() >= since);
        tail.stops.retain(|s| s.at.date_naive() >= since);
        Ok(tail)
    }

    /// The sessions `read` gives that `latest` of them needs: the last `n` by
    /// start time and possibly some before, in the order `read` gives them.
    /// Sorting by start and keeping the last `n` gives what it gives for a
    /// full read.
    pub fn read_latest(&self, n: usize) -> Result<(Vec<Record>, Vec<Damaged>)> {
        let _lock = self.shared();
        let Some((log, index)) = self.indexed()? else {
            return Ok((Vec::new(), Vec::new()));
        };
        let points = index.checkpoints();
        let mut k = points.len() - 1;
        loop {
            let Tail {
                records, damaged, ..
            } = self.read_region(&log, &points[k])?;
            if k == 0 || n == 0 {
                return Ok((records, damaged));
            }
            if records.len() >= n {
                let mut starts: Vec<_> = records.iter().map(|r| r.started).collect();
                starts.sort();
                // Any later start has a local date at most a day and a bit
                // before this one's, whatever the offsets; two days is safe.
                let since = starts[starts.len() - n].date_naive() - Duration::days(2);
                let j = index.start_for(since);
                if j >= k {
                    return Ok((records, damaged));
                }
                k = j;
            } else {
                // Too few: read twice as far back.
                k = k.saturating_sub(points.len() - k);
            }
        }
    }

    /// The log, open, with its index brought up to date; `None` without a log.
    fn indexed(&self) -> Result<Option<(File, Index)>> {
        let ctx = |e| Error::io(format!("reading {}", self.path.display()), e);
        match std::fs::metadata(&self.path) {
            Ok(m) => refuse_unless_regular(&m).map_err(ctx)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(ctx(e)),
        }
        let log = File::open(&self.path).map_err(ctx)?;
        let meta = log.metadata().map_err(ctx)?;
        refuse_unless_regular(&meta).map_err(ctx)?;
        let read = |offset| index::read_from(&log, offset, MAX_BYTES);
        let index = Index::sync(&self.dir().join(INDEX_NAME), &meta, read).map_err(ctx)?;
        Ok(Some((log, index)))
    }

    /// The log from a checkpoint to its end, parsed and folded.
    fn read_region(&self, mut log: &File, from: &Checkpoint) -> Result<Tail> {
        let mut tail = TailBuilder::default();
        log.seek(SeekFrom::Start(from.offset))
            .and_then(|_| each_line_from(log, from.line, MAX_BYTES, |n, line| tail.line(n, line)))
            .map_err(|e| Error::io(format!("reading {}", self.path.display()), e))?;
        Ok(tail.finish())
    }
}

/// Serializes each item as one JSON line.
fn lines<T: serde::Serialize>(items: &[T]) -> Vec<u8> {
    let mut buf = Vec::new();
    for item in items {
        serde_json::to_writer(&mut buf, item).expect("records serialize");
        buf.push(b'\n');
    }
    buf
}

/// One line of the log, as read.
#[derive(Clone, Debug, PartialEq)]
pub enum Line {
    Session(Box<Record>),
    Amendment(Amendment),
    Function(FunctionRecord),
    Stop(StopRecord),
}

/// What an import file holds, each kind in the order of the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Incoming {
    /// Sessions, the file's amendments folded in.
    pub sessions: Vec<Record>,
    pub ratings: Vec<FunctionRecord>,
    pub stops: Vec<StopRecord>,
    /// How many session lines the file has.
    pub session_lines: usize,
}

/// How many of each kind an import added.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Added {
    pub sessions: usize,
    pub ratings: usize,
    pub stops: usize,
}

/// Reads one line: a session (no `kind`), an amendment, or why not.
/// `Err((message, newer))`: `newer` when the line is from a newer backrelief.
pub fn parse_line(line: &[u8]) -> Result<Line, (String, bool)> {
    // Checked as UTF-8 once and parsed as text: from bytes, serde_json
    // checks each string again (a tenth of reading the log). A line that is
    // not UTF-8 is parsed from bytes, for serde_json's own message.
    let line = match std::str::from_utf8(line) {
        Ok(text) => Input::Text(text),
        Err(_) => Input::Bytes(line),
    };
    // Nearly every line is a session as this build writes it: parsed once.
    if line.bytes().starts_with(b"{\"schema\":1,\"id\":") {
        if let Ok(r) = line.parse::<Record>() {
            return Ok(Line::Session(Box::new(r)));
        }
    }
    #[derive(Deserialize)]
    struct Head {
        schema: u32,
        #[serde(default)]
        kind: Option<String>,
    }
    let head = match line.parse::<Head>() {
        Ok(h) => h,
        Err(e) => {
            // A session's full parse names the problem best (a missing
            // field, a torn line), unless it stopped earlier than this one
            // did: a torn rating or stop fails as a session at its `kind`.
            let e = match line.parse::<Record>() {
                Err(full) if full.column() >= e.column() => full,
                _ => e,
            };
            return Err(damaged(e.to_string()));
        }
    };
    if head.schema > AMENDMENT_SCHEMA {
        return Err((
            format!(
                "written by a newer backrelief (schema {}; this one reads {AMENDMENT_SCHEMA}); kept as is",
                head.schema
            ),
            true,
        ));
    }
    match head.kind.as_deref() {
        None => line
            .parse::<Record>()
            .map(|r| Line::Session(Box::new(r)))
            .map_err(|e| damaged(e.to_string())),
        Some(k) if Kind::NAMES.contains(&k) => line
            .parse::<Amendment>()
            .map(Line::Amendment)
            .map_err(|e| damaged(e.to_string())),
        Some(FunctionKind::NAME) => match line.parse::<FunctionRecord>() {
            // Held to what import accepts, so an export always imports.
            Ok(f) => f.validate().map(|()| Line::Function(f)).map_err(invalid),
            Err(e) => Err(damaged(e.to_string())),
        },
        Some(StopKind::NAME) => match line.parse::<StopRecord>() {
            Ok(st) => st.validate().map(|()| Line::Stop(st)).map_err(invalid),
            Err(e) => Err(damaged(e.to_string())),
        },
        Some(k) => Err((
            format!("a record of kind '{k}', from a newer backrelief; kept as is"),
            true,
        )),
    }
}

/// A line that is not a record this build can read, and why.
fn damaged(why: String) -> (String, bool) {
    (format!("damaged record skipped: {why}"), false)
}

/// A record that reads but holds what import would refuse (`why` names
/// the field), so that what is read can always be exported and imported.
fn invalid(why: String) -> (String, bool) {
    (format!("{INVALID}{why}"), false)
}

const INVALID: &str = "invalid record skipped: ";

/// One log line: text when it is UTF-8 (nearly always), else its bytes.
#[derive(Clone, Copy)]
enum Input<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
}

impl Input<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            Input::Text(t) => t.as_bytes(),
            Input::Bytes(b) => b,
        }
    }

    fn parse<T: serde::de::DeserializeOwned>(&self) -> serde_json::Result<T> {
        match self {
            Input::Text(t) => serde_json::from_str(t),
            Input::Bytes(b) => serde_json::from_slice(b),
        }
    }
}

/// Every line of `bytes` with its 1-based number, blank lines left out.
fn numbered(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    numbered_from(bytes, 0)
}

/// The same for a part of the log that starts after `before` lines (a
/// byte-order mark is only looked for at the very start).
fn numbered_from(bytes: &[u8], before: usize) -> impl Iterator<Item = (usize, &[u8])> {
    let bytes = if before == 0 { strip_bom(bytes) } else { bytes };
    // memchr finds line ends many bytes at a time.
    let mut from = 0;
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    ends.map(move |end| {
        let line = &bytes[from..end];
        from = end + 1;
        line
    })
    .enumerate()
    .map(move |(i, l)| (before + i + 1, l.trim_ascii()))
    .filter(|(_, l)| !l.is_empty())
}

/// Folds a log: sessions in the order they were first written, the first
/// copy of an id kept, amendments applied to the session they name (later
/// ones win), deleted sessions left out. Amendments to a session not in
/// the log are ignored.
pub fn fold(lines: impl IntoIterator<Item = Line>) -> Vec<Record> {
    let mut slots: Vec<Option<Record>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for line in lines {
        match line {
            Line::Session(r) => {
                if !index.contains_key(&r.id) {
                    index.insert(r.id.clone(), slots.len());
                    slots.push(Some(*r));
                }
            }
            Line::Amendment(a) => match a.kind {
                Kind::Deleted => {
                    if let Some(i) = index.remove(&a.session) {
                        slots[i] = None;
                    }
                }
                Kind::PainAfter => {
                    if let Some(r) = index.get(&a.session).and_then(|&i| slots[i].as_mut()) {
                        a.apply(r);
                    }
                }
            },
            // Ratings and stops are not sessions; `parse_tail` keeps them.
            Line::Function(_) | Line::Stop(_) => {}
        }
    }
    slots.into_iter().flatten().collect()
}

/// Parses and folds history text, reporting damaged lines; used by `read`.
pub fn parse(bytes: &[u8]) -> (Vec<Record>, Vec<Damaged>) {
    let tail = parse_tail(bytes);
    (tail.records, tail.damaged)
}

/// What the end of the log holds: sessions (amendments folded in),
/// function ratings and red-flag stops, each kind in the order written
/// (the first copy of an id kept), and the damaged lines met on the way.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tail {
    pub records: Vec<Record>,
    pub ratings: Vec<FunctionRecord>,
    pub stops: Vec<StopRecord>,
    pub damaged: Vec<Damaged>,
}

/// Every kind of line in a whole log: one pass, one parse a line. (A part
/// of the log is read a line at a time: `Store::read_region`.)
fn parse_tail(bytes: &[u8]) -> Tail {
    let mut tail = TailBuilder::default();
    for (n, line) in numbered(bytes) {
        tail.line(n, line);
    }
    tail.finish()
}

/// A `Tail`, built a line at a time (`parse_tail`, `each_line_from`).
#[derive(Default)]
struct TailBuilder {
    tail: Tail,
    good: Vec<Line>,
    rated: HashSet<String>,
    stopped: HashSet<String>,
}

impl TailBuilder {
    fn line(&mut self, n: usize, line: &[u8]) {
        match parse_line(line) {
            Ok(Line::Function(f)) => {
                if self.rated.insert(f.id.clone()) {
                    self.tail.ratings.push(f);
                }
            }
            Ok(Line::Stop(s)) => {
                if self.stopped.insert(s.id.clone()) {
                    self.tail.stops.push(s);
                }
            }
            Ok(l) => self.good.push(l),
            Err((message, _)) => self.tail.damaged.push(Damaged { line: n, message }),
        }
    }

    fn finish(mut self) -> Tail {
        self.tail.records = fold(self.good);
        self.tail
    }
}

/// The log from `offset` to its end as `numbered_from` gives it (line
/// numbers after the first `before`), each line handed to `f` as soon as it
/// is whole. It is read through a buffer the size of a few dozen lines:
/// reading the part whole needed memory of its own size, and on a long
/// history the page faults of that memory cost more than reading it.
fn each_line_from(
    reader: impl Read,
    before: usize,
    cap: u64,
    f: impl FnMut(usize, &[u8]),
) -> std::io::Result<()> {
    each_line_through(reader, before, cap, vec![0u8; 32 * 1024], f)
}

/// `each_line_from` through `buf` (grown when one line does not fit).
fn each_line_through(
    mut reader: impl Read,
    before: usize,
    cap: u64,
    mut buf: Vec<u8>,
    mut f: impl FnMut(usize, &[u8]),
) -> std::io::Result<()> {
    // `buf[..kept]` is the start of a line not yet whole.
    let (mut kept, mut total, mut n) = (0, 0u64, before);
    let mut at_start = before == 0;
    loop {
        if kept == buf.len() {
            // One line longer than the buffer.
            buf.resize((buf.len() * 2).max(1), 0);
        }
        let got = match reader.read(&mut buf[kept..]) {
            Ok(got) => got,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        total += got as u64;
        if total > cap {
            return Err(index::larger_than(cap));
        }
        let end = kept + got;
        let mut start = 0;
        if at_start && (end >= 3 || got == 0) {
            // A byte-order mark, only at the very start of the log.
            start = end - strip_bom(&buf[..end]).len();
            at_start = false;
        } else if at_start {
            kept = end;
            continue;
        }
        // At the end, whatever is left is the last line.
        let whole = if got == 0 {
            end
        } else {
            memchr::memrchr(b'\n', &buf[start..end]).map_or(start, |i| start + i + 1)
        };
        // memchr finds line ends many bytes at a time.
        let ends = memchr::memchr_iter(b'\n', &buf[start..whole]).map(|i| start + i + 1);
        let unended = start < whole && buf[whole - 1] != b'\n';
        let mut from = start;
        for to in ends.chain(unended.then_some(whole)) {
            n += 1;
            let line = buf[from..to].trim_ascii();
            from = to;
            if !line.is_empty() {
                f(n, line);
            }
        }
        if got == 0 {
            return Ok(());
        }
        buf.copy_within(whole..end, 0);
        kept = end - whole;
    }
}

/// The function ratings in history text, in the order written, the first
/// copy of an id kept. Only lines that say they are ratings are parsed.
pub fn parse_function(bytes: &[u8]) -> Vec<FunctionRecord> {
    let mut seen = HashSet::new();
    parse_kind(bytes, FunctionKind::NAME, |line| match line {
        Line::Function(f) => Some(f),
        _ => None,
    })
    .filter(|f| seen.insert(f.id.clone()))
    .collect()
}

/// The red-flag stops in history text, as `parse_function` reads ratings.
pub fn parse_stops(bytes: &[u8]) -> Vec<StopRecord> {
    let mut seen = HashSet::new();
    parse_kind(bytes, StopKind::NAME, |line| match line {
        Line::Stop(s) => Some(s),
        _ => None,
    })
    .filter(|s| seen.insert(s.id.clone()))
    .collect()
}

/// The lines of one kind, parsed; only lines that name it are parsed.
fn parse_kind<'a, T: 'a>(
    bytes: &'a [u8],
    name: &'static str,
    pick: fn(Line) -> Option<T>,
) -> impl Iterator<Item = T> + 'a {
    // A SIMD search: the byte-by-byte window it replaced cost more than
    // parsing the lines it let through (callgrind, `progress`).
    let finder = memchr::memmem::Finder::new(name.as_bytes());
    // A `\u` escape could spell the name in JSON without its bytes: such a
    // line is parsed too, and the parse decides.
    let escape = memchr::memmem::Finder::new(b"\\u");
    numbered(bytes)
        .filter(move |(_, l)| finder.find(l).is_some() || escape.find(l).is_some())
        .filter_map(move |(_, l)| parse_line(l).ok().and_then(pick))
}

/// Parses a file to import, strictly: the first line that is damaged, from
/// a newer backrelief or out of range is an error naming `shown:line`.
/// Amendments in the file are folded into its sessions. Returns the
/// sessions and the number of session lines read.
pub fn parse_import(shown: &str, bytes: &[u8]) -> Result<(Vec<Record>, usize)> {
    parse_import_all(shown, bytes).map(|i| (i.sessions, i.session_lines))
}

/// `parse_import`, with the function ratings and red-flag stops in the
/// file as well.
pub fn parse_import_all(shown: &str, bytes: &[u8]) -> Result<Incoming> {
    let mut good = Vec::new();
    let mut ratings = Vec::new();
    let mut stops = Vec::new();
    let mut sessions = 0;
    for (n, line) in numbered(bytes) {
        let at = format!("{shown}:{n}");
        let parsed = parse_line(line).map_err(|(m, _)| {
            Error::data(
                &at,
                format!(
                    "{}; nothing was imported",
                    m.trim_end_matches("; kept as is")
                        .replace("damaged record skipped", "damaged record")
                        .replace(INVALID, "")
                ),
            )
        })?;
        let checked = match &parsed {
            Line::Session(r) => {
                sessions += 1;
                r.validate()
            }
            Line::Amendment(a) => a.validate(),
            Line::Function(f) => f.validate(),
            Line::Stop(s) => s.validate(),
        };
        checked.map_err(|m| Error::data(&at, format!("{m}; nothing was imported")))?;
        match parsed {
            Line::Function(f) => ratings.push(f),
            Line::Stop(s) => stops.push(s),
            other => good.push(other),
        }
    }
    Ok(Incoming {
        sessions: fold(good),
        ratings,
        stops,
        session_lines: sessions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A reader that hands out at most a few bytes a call, as a pipe might.
    struct Dribble<'a>(&'a [u8], Vec<usize>);

    impl Read for Dribble<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self
                .1
                .pop()
                .unwrap_or(usize::MAX)
                .min(out.len())
                .min(self.0.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    proptest! {
        /// Read a piece at a time through any buffer, the log gives the
        /// lines, numbers and byte-order-mark handling of a whole read.
        #[test]
        fn lines_read_a_piece_at_a_time_are_the_lines_of_a_whole_read(
            text in "(\u{feff})?([ a-z{}\n\r\t]{0,12}\n?){0,12}",
            before in prop_oneof![Just(0usize), 1usize..50],
            pieces in proptest::collection::vec(1usize..9, 0..40),
            buffer in 0usize..12,
        ) {
            let bytes = text.as_bytes();
            let whole: Vec<(usize, Vec<u8>)> =
                numbered_from(bytes, before).map(|(n, l)| (n, l.to_vec())).collect();
            let mut streamed = Vec::new();
            each_line_through(Dribble(bytes, pieces), before, 1 << 20, vec![0; buffer], |n, l| {
                streamed.push((n, l.to_vec()))
            })
            .unwrap();
            prop_assert_eq!(streamed, whole);
        }
    }

    #[test]
    fn a_log_read_a_piece_at_a_time_still_has_its_cap() {
        let bytes = vec![b'x'; 100];
        let read = each_line_through(Dribble(&bytes, vec![]), 0, 99, vec![0; 8], |_, _| {});
        assert!(read.unwrap_err().to_string().contains("larger than"));
        assert!(each_line_through(Dribble(&bytes, vec![]), 0, 100, vec![0; 8], |_, _| {}).is_ok());
    }

    fn session(id: &str) -> String {
        format!(
            "{{\"schema\":1,\"id\":\"{id}\",\"started\":\"2026-11-01T07:30:00+01:00\",\"ended\":\"2026-11-01T07:45:00+01:00\",\"source\":{{\"kind\":\"answers\"}},\"causes\":[],\"pain_before\":5,\"pain_after\":null,\"minutes_planned\":15.0,\"steps\":[],\"interrupted\":false}}\n"
        )
    }

    #[test]
    fn a_torn_stop_line_is_named_as_torn() {
        let line = br#"{"schema":2,"kind":"red_flag_stop","id":"r2","at":"2026-11-25T10:00:00+00:00","tier":"urg"#;
        let (message, newer) = parse_line(line).unwrap_err();
        assert!(!newer);
        assert!(message.contains("EOF"), "{message}");
        // A torn session still gets the session's own message.
        let torn = session("s1");
        let (message, _) = parse_line(&torn.as_bytes()[..60]).unwrap_err();
        assert!(message.contains("EOF"), "{message}");
    }

    /// A stop whose `kind` is written with a JSON escape is still a stop:
    /// every reader keeps it, compact included. One that import would refuse
    /// (no flags) is a damaged line for every reader, so an export always
    /// imports, and compact refuses rather than lose it.
    #[test]
    fn stop_lines_read_alike_everywhere_escaped_or_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(&dir.path().join(FILE_NAME));
        let plain = r#"{"schema":2,"kind":"red_flag_stop","id":"r2","at":"2026-11-25T10:00:00+00:00","tier":"urgent","flags":["fever-or-unwell"],"command":"session"}"#;
        let escaped = r#"{"schema":2,"kind":"red\u005fflag_stop","id":"r3","at":"2026-11-25T11:00:00+00:00","tier":"emergency","flags":["saddle-numbness"],"command":"session"}"#;
        std::fs::write(&store.path, format!("{plain}\n{escaped}\n")).unwrap();
        let ids = |v: Vec<StopRecord>| v.into_iter().map(|s| s.id).collect::<Vec<_>>();
        assert_eq!(ids(store.read_stops().unwrap()), ["r2", "r3"]);
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(ids(store.read_tail(day).unwrap().stops), ["r2", "r3"]);
        store.compact().unwrap();
        assert_eq!(ids(store.read_stops().unwrap()), ["r2", "r3"]);

        let empty = r#"{"schema":2,"kind":"red_flag_stop","id":"r7","at":"2026-11-24T10:00:00+00:00","tier":"emergency","flags":[],"command":"session"}"#;
        let text = std::fs::read_to_string(&store.path).unwrap() + empty + "\n";
        std::fs::write(&store.path, &text).unwrap();
        assert_eq!(ids(store.read_stops().unwrap()), ["r2", "r3"]);
        let (_, damaged) = store.read().unwrap();
        assert_eq!(damaged.len(), 1, "{damaged:?}");
        assert!(damaged[0].message.contains("flags"), "{damaged:?}");
        store.compact().unwrap_err();
        assert_eq!(std::fs::read_to_string(&store.path).unwrap(), text);
        // What the readers keep imports again.
        let back = Incoming {
            stops: store.read_stops().unwrap(),
            ..Incoming::default()
        };
        let other = Store::at(&dir.path().join("other.jsonl"));
        assert_eq!(other.import_all(&back).unwrap().stops, 2);
    }

    fn amendment(a: &Amendment) -> String {
        serde_json::to_string(a).unwrap() + "\n"
    }

    #[test]
    fn amendments_are_schema_2_with_a_kind_and_the_session_id() {
        assert_eq!(
            amendment(&Amendment::pain_after("s1", Some(3), Some("ok".into()))),
            "{\"schema\":2,\"kind\":\"pain_after\",\"session\":\"s1\",\"pain_after\":3,\"note\":\"ok\"}\n"
        );
        assert_eq!(
            amendment(&Amendment::deleted("s1")),
            "{\"schema\":2,\"kind\":\"deleted\",\"session\":\"s1\"}\n"
        );
    }

    #[test]
    fn folding_applies_amendments_in_order() {
        let text = [
            session("a"),
            session("b"),
            amendment(&Amendment::pain_after("a", Some(4), None)),
            amendment(&Amendment::pain_after("a", Some(2), Some("later".into()))),
            session("a"), // a duplicate: the first copy is kept
            amendment(&Amendment::deleted("b")),
            amendment(&Amendment::pain_after("b", Some(9), None)), // to a deleted session
            amendment(&Amendment::pain_after("zz", Some(9), None)), // to no session
            session("b"),                                          // imported again
        ]
        .concat();
        let (records, damaged) = parse(text.as_bytes());
        assert!(damaged.is_empty(), "{damaged:?}");
        let got: Vec<_> = records
            .iter()
            .map(|r| (r.id.as_str(), r.pain_after, r.note.as_deref()))
            .collect();
        assert_eq!(got, vec![("a", Some(2), Some("later")), ("b", None, None)]);
    }

    #[test]
    fn newer_lines_are_kept_as_is_and_damaged_lines_named() {
        let text = [
            session("a"),
            "{\"schema\":2,\"kind\":\"mood\",\"session\":\"a\"}\n".to_string(),
            "{\"schema\":3,\"id\":\"x\"}\n".to_string(),
            "{\"schema\":2,\"kind\":\"pain_after\",\"session\":\"a\",\"colour\":1}\n".to_string(),
            "{\"schema\":1,\"id\":\"torn".to_string(),
        ]
        .concat();
        let (records, damaged) = parse(text.as_bytes());
        assert_eq!(records.len(), 1);
        let lines: Vec<(usize, bool)> = damaged
            .iter()
            .map(|d| (d.line, d.message.contains("kept as is")))
            .collect();
        assert_eq!(lines, vec![(2, true), (3, true), (4, false), (5, false)]);
    }

    #[test]
    fn an_older_reader_sees_amendments_as_newer_not_damaged() {
        // The rule every release has followed: a schema above the one it
        // reads is "written by a newer backrelief; kept as is".
        let line = amendment(&Amendment::deleted("a"));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert!(v["schema"].as_u64().unwrap() > u64::from(crate::record::SCHEMA));
        // And sessions are still written at the schema it reads.
        assert!(session("a").starts_with("{\"schema\":1,"));
    }

    #[test]
    fn import_validates_every_record_and_names_the_line() {
        let bad = session("ok").replace("\"pain_before\":5", "\"pain_before\":11");
        let text = format!("\u{feff}{}\n{bad}", session("fine"));
        let err = parse_import("in.jsonl", text.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("in.jsonl:3: field `pain_before`: 11"),
            "{err}"
        );
        let (records, sessions) = parse_import(
            "in.jsonl",
            format!("\u{feff}{}", session("fine")).as_bytes(),
        )
        .unwrap();
        assert_eq!((records.len(), sessions), (1, 1));
    }

    #[test]
    fn function_ratings_are_their_own_lines_kept_by_compact_and_import() {
        use crate::record::{FunctionRecord, Rating};
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-02T08:00:00+01:00").unwrap();
        let rating = FunctionRecord::new(
            at,
            vec![Rating {
                activity: "a 30-minute walk".into(),
                score: 4,
            }],
        );
        let line = serde_json::to_string(&rating).unwrap();
        assert!(
            line.starts_with("{\"schema\":2,\"kind\":\"function\",\"id\":\"f2026"),
            "{line}"
        );
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(&dir.path().join(FILE_NAME));
        std::fs::write(&store.path, session("a")).unwrap();
        store.append_function(&rating).unwrap();
        store.append_function(&rating).unwrap(); // a second copy of the id is ignored
        let (records, damaged) = store.read().unwrap();
        assert!(damaged.is_empty(), "{damaged:?}");
        assert_eq!(records.len(), 1);
        assert_eq!(store.read_function().unwrap(), vec![rating.clone()]);
        // Compacting keeps the rating; importing it again adds nothing.
        store.compact().unwrap();
        assert_eq!(store.read_function().unwrap(), vec![rating.clone()]);
        let text = std::fs::read(&store.path).unwrap();
        let incoming = parse_import_all("x", &text).unwrap();
        assert_eq!(
            (
                incoming.sessions.len(),
                incoming.ratings.len(),
                incoming.session_lines
            ),
            (1, 1, 1)
        );
        assert_eq!(store.import_all(&incoming).unwrap(), Added::default());
        // A rating out of range is refused on import, naming the line.
        let bad = line.replace("\"score\":4", "\"score\":12");
        let err = parse_import_all("in.jsonl", format!("{}{bad}\n", session("b")).as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("in.jsonl:2: field `ratings.score`: 12"),
            "{err}"
        );
    }

    fn stop(at: &str, flags: &[&str]) -> StopRecord {
        let at = chrono::DateTime::parse_from_rfc3339(at).unwrap();
        let stop = crate::assess::RedFlagStop {
            tier: crate::library::Tier::Urgent,
            flags: flags.iter().map(|f| f.to_string()).collect(),
        };
        StopRecord::new(at, &stop, crate::record::StoppedIn::Session)
    }

    #[test]
    fn red_flag_stops_are_their_own_lines_kept_by_compact_and_import() {
        let first = stop("2026-11-02T08:00:00+01:00", &["fever-or-unwell"]);
        let line = serde_json::to_string(&first).unwrap();
        assert!(
            line.starts_with("{\"schema\":2,\"kind\":\"red_flag_stop\",\"id\":\"r2026"),
            "{line}"
        );
        assert!(
            line.ends_with(
                "\"at\":\"2026-11-02T08:00:00+01:00\",\"tier\":\"urgent\",\"flags\":[\"fever-or-unwell\"],\"command\":\"session\"}"
            ),
            "{line}"
        );
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(&dir.path().join(FILE_NAME));
        std::fs::write(&store.path, session("a")).unwrap();
        store.append_stop(&first).unwrap();
        store.append_stop(&first).unwrap(); // a second copy of the id is ignored
        let rating = crate::record::FunctionRecord::new(
            first.at,
            vec![crate::record::Rating {
                activity: "a walk".into(),
                score: 4,
            }],
        );
        store.append_function(&rating).unwrap();
        // Not a session, not damaged, not a rating.
        let (records, damaged) = store.read().unwrap();
        assert!(damaged.is_empty(), "{damaged:?}");
        assert_eq!(records.len(), 1);
        assert_eq!(store.read_function().unwrap(), vec![rating.clone()]);
        assert_eq!(store.read_stops().unwrap(), vec![first.clone()]);
        // Compacting keeps the stop and the rating; importing them again adds nothing.
        store.delete("a").unwrap();
        let (lines_before, sessions) = store.compact().unwrap();
        assert_eq!((lines_before, sessions), (5, 0));
        assert_eq!(store.read_stops().unwrap(), vec![first.clone()]);
        assert_eq!(store.read_function().unwrap(), vec![rating.clone()]);
        let text = std::fs::read(&store.path).unwrap();
        let incoming = parse_import_all("x", &text).unwrap();
        assert_eq!(incoming.stops, vec![first.clone()]);
        assert_eq!(store.import_all(&incoming).unwrap(), Added::default());
        // A new one is added, once, with the sessions of the file.
        let second = stop(
            "2026-11-09T08:00:00+01:00",
            &["night-pain", "fever-or-unwell"],
        );
        let file = format!(
            "{}{}\n{}\n",
            session("b"),
            serde_json::to_string(&second).unwrap(),
            serde_json::to_string(&second).unwrap()
        );
        let incoming = parse_import_all("x", file.as_bytes()).unwrap();
        let added = store.import_all(&incoming).unwrap();
        assert_eq!(
            added,
            Added {
                sessions: 1,
                ratings: 0,
                stops: 1
            }
        );
        assert_eq!(store.read_stops().unwrap(), vec![first.clone(), second]);
        // Out of range on import: refused, naming the line and the field.
        for (from, to, field) in [
            (
                "\"flags\":[\"fever-or-unwell\"]",
                "\"flags\":[]",
                "field `flags`: 0 red flags",
            ),
            (
                "\"flags\":[\"fever-or-unwell\"]",
                "\"flags\":[\"a\\u001b[31m\"]",
                "field `flags`: \"a\\u{1b}[31m\" contains a control character",
            ),
            (
                "\"schema\":2",
                "\"schema\":1",
                "field `schema`: red-flag stops are schema 2",
            ),
        ] {
            let bad = line.replace(from, to);
            assert_ne!(bad, line);
            let err = parse_import_all("in.jsonl", format!("{}{bad}\n", session("c")).as_bytes())
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(&format!("in.jsonl:2: {field}")), "{err}");
        }
        // A damaged stop line is named like any other; compact refuses it.
        let torn = &line[..line.len() - 12];
        let mut f = OpenOptions::new().append(true).open(&store.path).unwrap();
        f.write_all(format!("{torn}\n").as_bytes()).unwrap();
        drop(f);
        let before = std::fs::read(&store.path).unwrap();
        let (_, damaged) = store.read().unwrap();
        assert_eq!(damaged.len(), 1, "{damaged:?}");
        assert!(
            damaged[0].message.starts_with("damaged record skipped"),
            "{damaged:?}"
        );
        store.compact().unwrap_err();
        assert_eq!(std::fs::read(&store.path).unwrap(), before);
        assert_eq!(store.read_stops().unwrap().len(), 2);
    }

    #[test]
    fn an_older_reader_keeps_a_stop_line_as_from_a_newer_backrelief() {
        // A reader from before stops knew sessions, amendments and ratings
        // of schema up to 2; any other kind at schema 2 it reports as
        // "from a newer backrelief; kept as is" (the branch below, which
        // every release has had), and refuses to compact it away.
        let line = serde_json::to_string(&stop("2026-11-02T08:00:00+01:00", &["x"])).unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["schema"].as_u64(), Some(u64::from(AMENDMENT_SCHEMA)));
        let kind = v["kind"].as_str().unwrap();
        assert!(!Kind::NAMES.contains(&kind) && kind != FunctionKind::NAME);
        let unknown = line.replace(StopKind::NAME, "a_kind_from_the_future");
        let (_, damaged) = parse(format!("{}{unknown}\n", session("a")).as_bytes());
        assert_eq!(damaged.len(), 1);
        assert_eq!(
            damaged[0].message,
            "a record of kind 'a_kind_from_the_future', from a newer backrelief; kept as is"
        );
    }

    #[test]
    fn a_failed_write_is_cut_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(&dir.path().join(FILE_NAME));
        std::fs::write(&store.path, session("a")).unwrap();
        let before = std::fs::read(&store.path).unwrap();
        let mut w = store.writer().unwrap();
        // A log opened read-only cannot be written: the write fails.
        w.log = File::open(&store.path).unwrap();
        let err = w.append_lines(session("b").as_bytes()).unwrap_err();
        assert!(err.to_string().contains("history.jsonl"), "{err}");
        drop(w);
        assert_eq!(std::fs::read(&store.path).unwrap(), before);
    }
}

/// Reading only the end of the log must give what a full read gives.
#[cfg(test)]
mod tail_tests {
    use super::*;
    use crate::record::{CauseRecord, Status, StepRecord, SCHEMA};
    use chrono::{DateTime, FixedOffset, TimeZone};

    fn at(day: i64, hour: u32, offset_hours: i32) -> DateTime<FixedOffset> {
        let tz = FixedOffset::east_opt(offset_hours * 3600).unwrap();
        tz.with_ymd_and_hms(2026, 1, 1, hour, 0, 0).unwrap() + Duration::days(day)
    }

    fn session(id: &str, started: DateTime<FixedOffset>) -> Record {
        Record {
            schema: SCHEMA,
            id: id.to_string(),
            started,
            ended: started + Duration::minutes(15),
            source: crate::planner::Source::Answers,
            causes: vec![CauseRecord {
                id: "sciatica".into(),
                score: 7,
            }],
            pain_before: 5,
            pain_after: None,
            minutes_planned: 15.0,
            steps: (0..8)
                .map(|k| StepRecord {
                    exercise: format!("exercise-{k}"),
                    status: Status::Done,
                    seconds_held: 90,
                    seconds_planned: 120,
                    dose: None,
                })
                .collect(),
            interrupted: false,
            note: None,
        }
    }

    fn by_start(mut records: Vec<Record>) -> Vec<Record> {
        records.sort_by_key(|r| r.started);
        records
    }

    /// Every way of reading less, against the full read.
    fn check_against_full_read(store: &Store) {
        let (all, all_damaged) = store.read().unwrap();
        let first = all.iter().map(|r| r.started.date_naive()).min().unwrap();
        let last = all.iter().map(|r| r.started.date_naive()).max().unwrap();
        // From before the first session: everything, damaged lines and all.
        assert_eq!(
            store.read_since(first - Duration::days(1)).unwrap(),
            (all.clone(), all_damaged.clone())
        );
        let mut day = first;
        while day <= last + Duration::days(1) {
            let (part, damaged) = store.read_since(day).unwrap();
            let want: Vec<Record> = all
                .iter()
                .filter(|r| r.started.date_naive() >= day)
                .cloned()
                .collect();
            assert_eq!(part, want, "since {day}");
            // Damaged lines are those of the part read, numbered as in the file.
            assert!(
                damaged.iter().all(|d| all_damaged.contains(d)),
                "{damaged:?}"
            );
            day += Duration::days(7);
        }
        let stops = store.read_stops().unwrap();
        assert_eq!(stops.len(), 5);
        let mut days = vec![first, first + Duration::days(30), last];
        days.extend(stops.iter().map(|s| s.at.date_naive()));
        for day in days {
            let want: Vec<_> = stops
                .iter()
                .filter(|s| s.at.date_naive() >= day)
                .cloned()
                .collect();
            assert_eq!(store.read_tail(day).unwrap().stops, want, "since {day}");
        }
        let ratings = store.read_function().unwrap();
        assert_eq!(ratings.len(), 4);
        for day in [
            first,
            first + Duration::days(30),
            first + Duration::days(200),
        ] {
            let want: Vec<_> = ratings
                .iter()
                .filter(|f| f.at.date_naive() >= day)
                .cloned()
                .collect();
            assert_eq!(store.read_tail(day).unwrap().ratings, want, "since {day}");
        }
        for n in [1, 2, 10, 60, 250, all.len(), all.len() + 5] {
            let (part, _) = store.read_latest(n).unwrap();
            let full = by_start(all.clone());
            let part = by_start(part);
            assert_eq!(
                part[part.len().saturating_sub(n)..],
                full[full.len().saturating_sub(n)..],
                "last {n}"
            );
        }
    }

    #[test]
    fn reading_from_the_end_gives_what_a_full_read_gives() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(&dir.path().join(FILE_NAME));
        // A session dated later than all the rest, first in the file, and
        // a red-flag stop the same.
        store
            .append(&[session("early-but-late", at(400, 9, 1))])
            .unwrap();
        store.append_stop(&red_flag_stop(at(401, 9, 1))).unwrap();
        let mut ids = Vec::new();
        for week in 0..40 {
            let batch: Vec<Record> = (0..14)
                .map(|k| {
                    let day = week * 7 + k / 2;
                    // Offsets change now and then, as when travelling.
                    let offset = if week % 5 == 0 { -5 } else { 1 };
                    session(
                        &format!("s{week}-{k}"),
                        at(day, 7 + 12 * (k as u32 % 2), offset),
                    )
                })
                .collect();
            ids.extend(batch.iter().map(|r| r.id.clone()));
            store.append(&batch).unwrap();
            if week == 20 {
                // A torn line in the middle, as a crash could leave.
                let mut f = OpenOptions::new().append(true).open(&store.path).unwrap();
                f.write_all(b"{\"schema\":1,\"id\":\"torn\n").unwrap();
            }
            if week % 3 == 0 {
                // Amendments to sessions written long before.
                let old = &ids[ids.len() / 3];
                assert!(store
                    .set_pain_after(old, Some(2), Some("ok".into()))
                    .unwrap());
                assert!(store.delete(&ids[ids.len() / 2]).unwrap());
                // The index is brought up to date as the log grows.
                store.read_since(at(week * 7, 0, 0).date_naive()).unwrap();
            }
        }
        // An import appends old sessions at the end.
        let imported: Vec<Record> = (0..30)
            .map(|k| session(&format!("imported-{k}"), at(k * 3, 20, 0)))
            .collect();
        assert_eq!(store.import(&imported).unwrap(), 30);
        // A deleted session imported again comes back, at the end.
        let back = session(&ids[ids.len() / 2], at(200, 8, 1));
        assert_eq!(store.import(&[back]).unwrap(), 1);
        // Weekly function ratings, and an old one imported at the end.
        for week in [3, 17, 38] {
            store.append_function(&rating(at(week * 7, 9, 1))).unwrap();
        }
        let old = Incoming {
            ratings: vec![rating(at(5, 9, 1))],
            ..Incoming::default()
        };
        store.import_all(&old).unwrap();
        // Red-flag stops, one on the last day, and an old one imported at the end.
        for day in [10, 150, 279] {
            store.append_stop(&red_flag_stop(at(day, 8, 1))).unwrap();
        }
        let old = Incoming {
            stops: vec![red_flag_stop(at(2, 8, -5))],
            ..Incoming::default()
        };
        store.import_all(&old).unwrap();
        let (all, damaged) = store.read().unwrap();
        assert_eq!(damaged.len(), 1, "{damaged:?}");
        assert!(all.iter().any(|r| r.note.is_some()));
        assert!(std::fs::metadata(store.path.with_file_name(INDEX_NAME)).is_ok());
        let size = std::fs::metadata(&store.path).unwrap().len();
        assert!(size > 20 * 16 * 1024, "{size} bytes: many checkpoints");
        check_against_full_read(&store);

        // A damaged index, or one for another file, is rebuilt.
        std::fs::write(store.path.with_file_name(INDEX_NAME), b"{not json").unwrap();
        check_against_full_read(&store);
        let index = std::fs::read(store.path.with_file_name(INDEX_NAME)).unwrap();
        let other = dir.path().join("other");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join(FILE_NAME), session_line("x")).unwrap();
        std::fs::write(other.join(INDEX_NAME), &index).unwrap();
        let (few, _) = Store::at(&other.join(FILE_NAME))
            .read_since(at(0, 0, 0).date_naive())
            .unwrap();
        assert_eq!(few.len(), 1);
        // Compacting replaces the log; the index follows.
        store.compact().unwrap_err(); // refused: the torn line would be lost
        let text = std::fs::read_to_string(&store.path).unwrap();
        std::fs::write(
            &store.path,
            text.replace("{\"schema\":1,\"id\":\"torn\n", ""),
        )
        .unwrap();
        store.compact().unwrap();
        check_against_full_read(&store);
    }

    fn rating(at: DateTime<FixedOffset>) -> crate::record::FunctionRecord {
        crate::record::FunctionRecord::new(
            at,
            vec![crate::record::Rating {
                activity: "a 30-minute walk".into(),
                score: 4,
            }],
        )
    }

    fn red_flag_stop(at: DateTime<FixedOffset>) -> StopRecord {
        let stop = crate::assess::RedFlagStop {
            tier: crate::library::Tier::Emergency,
            flags: vec!["bladder-bowel-change".into()],
        };
        StopRecord::new(at, &stop, crate::record::StoppedIn::Plan)
    }

    fn session_line(id: &str) -> String {
        serde_json::to_string(&session(id, at(10, 8, 1))).unwrap() + "\n"
    }
}
