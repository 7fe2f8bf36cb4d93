//! The history store: `history.jsonl` under the data directory, its lock
//! and its index. What a line means (sessions, amendments, events, lines
//! from a newer backrelief) is the record codec, `crate::codec`; this file
//! only moves lines between the disk and the codec.
//!
//! One reader: [`Store::each`] hands out the lines of the log from a
//! checkpoint to its end, a line at a time through a small buffer, each
//! with its number and byte offset; every command reads through it (the
//! daily ones from the checkpoint `history.index` gives, the tools from the
//! start) and none holds the log in memory. `compact`, `export` and
//! `import` (over a private copy of the file imported) share one writer,
//! [`Store::each_kept`]: two passes that keep only ids and offsets (about
//! 50 bytes a session, in one buffer: `codec::Rewrite`).
//!
//! The log is append-only: a session line is never rewritten; reading
//! folds the amendments into the sessions; `compact` rewrites it,
//! explicitly.
//!
//! One writer discipline: every change (append, pain-after, delete, a
//! rating, a stop, import, compact) holds an exclusive lock on `history.lock` beside the
//! log (a file that is never renamed or replaced) and re-reads the log
//! after taking it. Readers hold a shared lock on the same file, so they
//! never see half a line. Each change is one buffer of whole lines written
//! at the end; if the write fails, the file is cut back to its previous
//! length, so a full disk never leaves a partial line.

pub use crate::codec::{
    fold, parse, parse_function, parse_import, parse_import_all, parse_line, parse_stops, Added,
    Damaged, Incoming, Line, Tail,
};
use crate::codec::{lines, Keep, KindFilter, Rewrite, TailBuilder};
use crate::error::{Error, Result};
use crate::library::{refuse_unless_regular, strip_bom};
use crate::record::{Amendment, FunctionKind, FunctionRecord, Record, StopKind, StopRecord};
use crate::store::index::{self, Checkpoint, Index, INDEX_NAME};
use crate::store::private;
use chrono::{Duration, NaiveDate};
use std::fs::File;
use std::io::{BufRead, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "history.jsonl";
/// The lock every writer holds; beside the log, never renamed.
pub const LOCK_NAME: &str = "history.lock";
/// History and import files larger than this are refused (far more than a
/// lifetime of daily sessions); the cap counts bytes read, not what `stat`
/// says.
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// The start of the log, as a checkpoint.
const START: Checkpoint = Checkpoint {
    offset: 0,
    line: 0,
    latest_before: None,
};

pub struct Store {
    pub path: PathBuf,
    /// The profile's file, tightened with the history (`tighten_once`).
    pub profile: Option<PathBuf>,
    /// The index last loaded or made, while the log is unchanged.
    memo: crate::store::index::Memo,
    /// The store's own notices (files made private, a folder others can
    /// write to), when kept for the command to print (`keep_notices`);
    /// otherwise they go to the process's standard error.
    kept: Option<std::sync::Mutex<Vec<String>>>,
}

/// One line of the log as the reader hands it out: its 1-based number, the
/// byte offset where it starts, and its text without surrounding blanks
/// (never empty: blank lines are counted but not handed out).
#[derive(Clone, Copy, Debug)]
pub struct Raw<'a> {
    pub number: usize,
    pub offset: u64,
    /// The offset just after it (after its newline, when it has one).
    pub end: u64,
    /// It ends with a newline (only the last line of a log may not).
    pub ended: bool,
    pub text: &'a [u8],
}

/// The exclusive lock and the log, open for appending. Dropping it
/// releases the lock.
struct Writer<'a> {
    store: &'a Store,
    log: File,
    _lock: File,
}

impl Writer<'_> {
    /// Appends whole lines in one write. A torn last line (from a crash) is
    /// closed off first so it cannot swallow the new record. If the write
    /// or the fsync fails, the file is cut back to its previous length.
    fn append_lines(&mut self, lines: &[u8]) -> Result<()> {
        let path = &self.store.path;
        self.append_with(|out| {
            out.write_all(lines)
                .map_err(|e| Error::io(format!("appending to {}", path.display()), e))
        })
    }

    /// Appends what `write` writes, through a buffer, then fsyncs: whole
    /// lines, all of them or (when anything fails, `write` included) none,
    /// the file cut back to its previous length. A torn last line (from a
    /// crash) is closed off before the first byte, so it cannot swallow the
    /// new record; when `write` writes nothing, nothing is written.
    fn append_with(&mut self, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
        let path = &self.store.path;
        let ctx = |e| Error::io(format!("appending to {}", path.display()), e);
        let len = self.log.metadata().map_err(ctx)?.len();
        let mut torn = false;
        if len > 0 {
            let mut last = [0u8; 1];
            self.log
                .seek(SeekFrom::Start(len - 1))
                .and_then(|_| self.log.read_exact(&mut last))
                .map_err(ctx)?;
            torn = last[0] != b'\n';
        }
        // O_APPEND and the lock: the lines land at the end.
        let mut out = Closing {
            inner: std::io::BufWriter::with_capacity(64 * 1024, &self.log),
            pending: torn.then_some(b'\n'),
        };
        let written = write(&mut out).and_then(|()| {
            out.inner
                .flush()
                .and_then(|_| self.log.sync_all())
                .map_err(ctx)
        });
        if let Err(e) = written {
            // What the buffer still holds is dropped, not written.
            let (_, unwritten) = out.inner.into_parts();
            drop(unwritten);
            let cut = self.log.set_len(len).and_then(|_| self.log.sync_all());
            return Err(match cut {
                Ok(()) => e,
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

    /// One pass over the whole log under the lock, keeping only ids and
    /// offsets: which sessions are live, which events are present.
    fn ids(&self) -> Result<Plan> {
        self.store.plan(&self.log)
    }
}

/// A writer that writes `pending` before its first byte (the newline that
/// closes a torn last line), so that writing nothing writes nothing.
struct Closing<W> {
    inner: W,
    pending: Option<u8>,
}

impl<W: Write> Write for Closing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if let Some(b) = self.pending {
            self.inner.write_all(&[b])?;
            self.pending = None;
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The first pass of a rewrite: the ids and offsets of what a full read
/// keeps, the lines that could not be read, and how many lines there are.
struct Plan {
    rewrite: Rewrite,
    damaged: Vec<Damaged>,
    lines: usize,
}

/// What `import_file` found in the file and added to the log, by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// Lines of each kind in the file (session lines, each event line).
    pub in_file: Added,
    pub added: Added,
    /// Notices about what was changed to be kept (a note cut to
    /// `record::MAX_NOTE_CHARS`), naming `file:line`.
    pub notices: Vec<String>,
}

impl Store {
    /// The history in the data folder `dir` (`None`: there is none);
    /// `profile` is the profile's file, made private along with it.
    pub fn open(dir: Option<&Path>, profile: Option<PathBuf>) -> Result<Store> {
        let dir = dir.ok_or_else(|| {
            Error::Usage("cannot find a data directory; set BACKRELIEF_HOME or --data-dir".into())
        })?;
        Ok(Store {
            path: dir.join(FILE_NAME),
            profile,
            memo: Default::default(),
            kept: None,
        })
    }

    /// The same store, its notices kept for [`Store::take_notices`].
    pub fn keep_notices(self) -> Store {
        Store {
            kept: Some(Default::default()),
            ..self
        }
    }

    /// The notices kept since last asked, oldest first.
    pub fn take_notices(&self) -> Vec<String> {
        self.kept.as_ref().map_or_else(Vec::new, |k| {
            std::mem::take(&mut *k.lock().unwrap_or_else(|e| e.into_inner()))
        })
    }

    /// A notice of the store's own: kept, or to standard error.
    fn note(&self, line: &str) {
        match &self.kept {
            Some(k) => k
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(line.to_string()),
            None => private::notice(line),
        }
    }

    pub fn at(path: &Path) -> Store {
        Store {
            path: path.to_path_buf(),
            profile: None,
            memo: Default::default(),
            kept: None,
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
        private::create_dir_all(dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        private::warn_if_others_can_write(dir, &|line| self.note(line));
        let lock_path = self.lock_path();
        let lock = private::options()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(|e| Error::io(format!("opening {}", lock_path.display()), e))?;
        lock.lock()
            .map_err(|e| Error::io(format!("locking {}", lock_path.display()), e))?;
        self.tighten_once();
        // Refuse a FIFO or device before opening it (opening could block).
        match std::fs::metadata(&self.path) {
            Ok(m) => refuse_unless_regular(&m)
                .map_err(|e| Error::io(format!("opening {}", self.path.display()), e))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(format!("opening {}", self.path.display()), e)),
        }
        let log = private::options()
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
                private::options()
                    .write(true)
                    .create(true)
                    .truncate(false)
                    .open(&lock_path)
            })
            .ok()?;
        lock.lock_shared().ok()?;
        self.tighten_once();
        Some(lock)
    }

    /// Files an older backrelief made readable by others are made the
    /// user's alone, once (see `store::private`).
    fn tighten_once(&self) {
        let index = self.dir().join(INDEX_NAME);
        let mut files = vec![self.path.as_path(), index.as_path()];
        files.extend(self.profile.as_deref());
        private::tighten_once(&self.lock_path(), &files, &|line| self.note(line));
    }

    /// Appends session records as whole lines, under the lock, then fsyncs.
    pub fn append(&self, records: &[Record]) -> Result<()> {
        let mut w = self.writer()?;
        w.append_lines(&crate::codec::session_lines(records))
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

    /// Records how a session's exercises felt, as an amendment.
    /// `Ok(false)` if the session is no longer in the log.
    pub fn set_felt(&self, id: &str, felt: Vec<crate::record::FeltRecord>) -> Result<bool> {
        self.amend(&Amendment::felt(id, felt))
    }

    fn amend(&self, a: &Amendment) -> Result<bool> {
        let mut w = self.writer()?;
        if !w.ids()?.rewrite.is_live(&a.session) {
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

    /// Adds the sessions and events not already present (by id), all in
    /// one write under the lock. Returns how many of each were added. The
    /// log is read for its ids only.
    pub fn import_all(&self, incoming: &Incoming) -> Result<Added> {
        let mut w = self.writer()?;
        let mut had = w.ids()?.rewrite;
        let mut added = Added::default();
        let mut text = Vec::new();
        let sessions = incoming.sessions.iter().cloned().map(Box::new);
        for line in sessions.map(Line::Session).chain(incoming.events()) {
            let fresh = match &line {
                Line::Session(r) => !had.is_live(&r.id),
                event => !had.has_event(event),
            };
            if fresh {
                // Pushed as if at the end: a second copy in the file is
                // then not fresh.
                had.push(u64::MAX, &line);
                added.count(&line);
                match &line {
                    // With its `felt` line, when it has one.
                    Line::Session(r) => {
                        text.extend(crate::codec::session_lines(std::slice::from_ref(&**r)))
                    }
                    event => {
                        text.extend_from_slice(event.to_json().as_bytes());
                        text.push(b'\n');
                    }
                }
            }
        }
        if !text.is_empty() {
            w.append_lines(&text)?;
        }
        Ok(added)
    }

    /// Appends one function rating as a whole line, under the lock.
    pub fn append_function(&self, rating: &FunctionRecord) -> Result<()> {
        let mut w = self.writer()?;
        w.append_lines(&lines(std::slice::from_ref(rating)))
    }

    /// Appends one flare as a whole line, under the lock.
    pub fn append_flare(&self, flare: &crate::record::FlareRecord) -> Result<()> {
        let mut w = self.writer()?;
        w.append_lines(&lines(std::slice::from_ref(flare)))
    }

    /// Appends one walk as a whole line, under the lock.
    pub fn append_walk(&self, walk: &crate::record::WalkRecord) -> Result<()> {
        let mut w = self.writer()?;
        w.append_lines(&lines(std::slice::from_ref(walk)))
    }

    /// Undoes the walk written last (a `deleted` amendment naming it),
    /// under the lock; the walk undone, or `None` when there is none.
    pub fn undo_last_walk(&self) -> Result<Option<crate::record::WalkRecord>> {
        let mut w = self.writer()?;
        let rewrite = w.ids()?.rewrite;
        let Some(offset) = rewrite.last_walk() else {
            return Ok(None);
        };
        let walk = match parse_line(&self.line_at(&mut None, offset)?) {
            Ok(Line::Walk(walk)) => walk,
            _ => {
                return Err(Error::data(
                    self.path.display(),
                    format!("changed while it was read (byte {offset})"),
                ))
            }
        };
        w.append_lines(&lines(&[Amendment::deleted(&walk.id)]))?;
        Ok(Some(walk))
    }

    /// Appends one red-flag stop as a whole line, under the lock.
    pub fn append_stop(&self, stop: &StopRecord) -> Result<()> {
        let mut w = self.writer()?;
        w.append_lines(&lines(std::slice::from_ref(stop)))
    }

    /// The log, open for reading; `None` when there is none.
    fn open_log(&self) -> Result<Option<File>> {
        let ctx = |e| Error::io(format!("reading {}", self.path.display()), e);
        // Refuse a FIFO or device before opening it (opening could block).
        match std::fs::metadata(&self.path) {
            Ok(m) => refuse_unless_regular(&m).map_err(ctx)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(ctx(e)),
        }
        let log = File::open(&self.path).map_err(ctx)?;
        refuse_unless_regular(&log.metadata().map_err(ctx)?).map_err(ctx)?;
        Ok(Some(log))
    }

    /// THE reader: every line of `log` from the checkpoint `from` to its
    /// end, in order, each handed to `f` as soon as it is whole.
    pub fn each(&self, log: &File, from: &Checkpoint, f: impl FnMut(Raw)) -> Result<()> {
        self.each_checked(log, from, Vec::new(), f).map(drop)
    }

    /// [`Store::each`], checking the bytes of `segments` (`(start, end,
    /// sum)` from `history.index`) as they pass; `Ok(false)` when one of
    /// them no longer matches its sum (every line was still handed out).
    fn each_checked(
        &self,
        mut log: &File,
        from: &Checkpoint,
        segments: Vec<(u64, u64, u64)>,
        f: impl FnMut(Raw),
    ) -> Result<bool> {
        let mut checked = Checked::new(log, from.offset, segments);
        log.seek(SeekFrom::Start(from.offset))
            .and_then(|_| each_line_from(&mut checked, from.line, from.offset, MAX_BYTES, f))
            .map_err(|e| {
                let larger = e.to_string().starts_with("larger than");
                if larger {
                    Error::data(
                        self.path.display(),
                        format!(
                            "{e}; move it aside as an archive and import the sessions you want to keep"
                        ),
                    )
                } else {
                    Error::io(format!("reading {}", self.path.display()), e)
                }
            })?;
        Ok(checked.good())
    }

    /// The lines of one kind of event in the whole log, under the shared
    /// lock; only lines that may be of that kind are parsed.
    fn events(&self, name: &'static str) -> Result<Tail> {
        let _lock = self.shared();
        let Some(log) = self.open_log()? else {
            return Ok(Tail::default());
        };
        let filter = KindFilter::new(name);
        let mut tail = TailBuilder::default();
        self.each(&log, &START, |raw| {
            if filter.may_be(raw.text) {
                if let Ok(line) = parse_line(raw.text) {
                    if line.event_id().is_some() {
                        tail.parsed(raw.number, Ok(line));
                    }
                }
            }
        })?;
        Ok(tail.finish())
    }

    /// Every function rating in the log, in the order written. Lines that
    /// are not ratings are left to `read`, which reports damage.
    pub fn read_function(&self) -> Result<Vec<FunctionRecord>> {
        Ok(self.events(FunctionKind::NAME)?.ratings)
    }

    /// Every red-flag stop in the log, in the order written. Lines that are
    /// not stops are left to `read`, which reports damage.
    pub fn read_stops(&self) -> Result<Vec<StopRecord>> {
        Ok(self.events(StopKind::NAME)?.stops)
    }

    /// The first pass of a rewrite over `log`: ids and offsets, the lines
    /// that could not be read, and how many lines.
    fn plan(&self, log: &File) -> Result<Plan> {
        let mut plan = Plan {
            rewrite: Rewrite::default(),
            damaged: Vec::new(),
            lines: 0,
        };
        self.each(log, &START, |raw| {
            plan.lines += 1;
            match parse_line(raw.text) {
                Ok(line) => plan.rewrite.push(raw.offset, &line),
                Err(u) => plan.damaged.push(Damaged {
                    line: raw.number,
                    message: u.message,
                }),
            }
        })?;
        Ok(plan)
    }

    /// The second pass of the one writer of a whole log, shared by
    /// `compact`, `export` and `import`: every line `keep` (from [`plan`])
    /// names (sessions with their amendments folded in, each event once),
    /// in the order of the log, handed to `f`; a session's `felt` follows
    /// it as its own line. Only ids and offsets are held, never the records.
    ///
    /// [`plan`]: Store::plan
    fn each_kept(
        &self,
        log: &File,
        keep: Vec<Keep>,
        mut f: impl FnMut(Line) -> Result<()>,
    ) -> Result<()> {
        // Notes are read from their amendment, later in the log, through a
        // second handle so the stream's position is left alone.
        let mut notes = None;
        let mut next = keep.iter().peekable();
        let mut failed = None;
        self.each(log, &START, |raw| {
            if failed.is_some() || next.peek().is_none_or(|k| k.offset() != raw.offset) {
                return;
            }
            let k = next.next().expect("peeked");
            let mut line = match parse_line(raw.text) {
                Ok(line) => line,
                // Read once; the log changed under the lock?
                Err(u) => return failed = Some(Error::data(self.path.display(), u.message)),
            };
            if let Line::Session(r) = &mut line {
                let note = match k.note_at() {
                    Some(at) => match self.amendment_at(&mut notes, at) {
                        Ok(a) => Some(a),
                        Err(e) => return failed = Some(e),
                    },
                    None => None,
                };
                crate::codec::amend(r, k, note);
            }
            // How a session felt follows it as its own line: its latest
            // `felt` amendment, or what the session line itself held.
            let felt = match (&line, k.felt_at()) {
                (Line::Session(_), Some(at)) => match self.amendment_at(&mut notes, at) {
                    Ok(a) => Some(a),
                    Err(e) => return failed = Some(e),
                },
                (Line::Session(r), None) => r.felt_amendment(),
                _ => None,
            };
            if let Err(e) = f(line).and_then(|()| felt.map_or(Ok(()), |a| f(Line::Amendment(a)))) {
                failed = Some(e);
            }
        })?;
        match failed {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// The amendment at `offset` of the log, read through `handle` (opened
    /// on first use).
    fn amendment_at(&self, handle: &mut Option<File>, offset: u64) -> Result<Amendment> {
        match parse_line(&self.line_at(handle, offset)?) {
            Ok(Line::Amendment(a)) => Ok(a),
            _ => Err(Error::data(
                self.path.display(),
                format!("changed while it was read (byte {offset})"),
            )),
        }
    }

    /// The line of the log at `offset`, read through `handle` (opened on
    /// first use).
    fn line_at(&self, handle: &mut Option<File>, offset: u64) -> Result<Vec<u8>> {
        let ctx = |e| Error::io(format!("reading {}", self.path.display()), e);
        if handle.is_none() {
            *handle = Some(File::open(&self.path).map_err(ctx)?);
        }
        let mut f = handle.as_ref().expect("opened");
        f.seek(SeekFrom::Start(offset)).map_err(ctx)?;
        let mut line = Vec::new();
        std::io::BufReader::with_capacity(4096, f)
            .take(MAX_LINE_BYTES)
            .read_until(b'\n', &mut line)
            .map_err(ctx)?;
        Ok(line)
    }

    /// Rewrites the log as one line per live session, amendments folded in,
    /// events kept, atomically and under the lock. Refused while any line is
    /// damaged or from a newer backrelief, since those would be lost.
    /// Returns the lines before and the sessions after. Two passes over the
    /// log, holding ids and offsets.
    pub fn compact(&self) -> Result<(usize, usize)> {
        let w = self.writer()?;
        let plan = w.ids()?;
        if let Some(d) = plan.damaged.first() {
            return Err(Error::data(
                format!("{}:{}", self.path.display(), d.line),
                format!(
                    "{}; not compacted (fix or remove the line first)",
                    d.message
                ),
            ));
        }
        let mut sessions = 0;
        crate::store::files::write_atomic_with(&self.path, |out| {
            self.each_kept(&w.log, plan.rewrite.finish(), |line| {
                sessions += usize::from(matches!(line, Line::Session(_)));
                write_line(out, &line.to_json())
            })
        })?;
        drop(w);
        Ok((plan.lines, sessions))
    }

    /// `export`: every line a full read keeps, in the order of the log, as
    /// `compact` would write it, each handed to `f`, under the shared lock.
    /// Returns the lines that could not be read.
    pub fn export(&self, f: impl FnMut(Line) -> Result<()>) -> Result<Vec<Damaged>> {
        let _lock = self.shared();
        let Some(log) = self.open_log()? else {
            return Ok(Vec::new());
        };
        let plan = self.plan(&log)?;
        self.each_kept(&log, plan.rewrite.finish(), f)?;
        Ok(plan.damaged)
    }

    /// Imports the file at `path` (a private copy that nothing else
    /// changes; `shown` names it in messages): the sessions and events not
    /// already in the log (by id), with the file's own amendments folded
    /// in, all of them or none. Every line of the file is checked first as
    /// import checks it (the first bad one is an error naming `shown:line`,
    /// and nothing is imported); then, under the lock, what is new is
    /// streamed onto the end of the log. Both passes hold ids and offsets,
    /// never the records, so memory does not grow with the file.
    pub fn import_file(&self, path: &Path, shown: &str) -> Result<Imported> {
        let source = Store::at(path);
        let file = source
            .open_log()?
            .ok_or_else(|| Error::data(shown, "not found"))?;
        let mut plan = Rewrite::default();
        let mut imported = Imported::default();
        let mut failed = None;
        source.each(&file, &START, |raw| {
            if failed.is_some() {
                return;
            }
            let at = format!("{shown}:{}", raw.number);
            match crate::codec::import_line(&at, raw.text, &mut imported.notices) {
                Ok(line) => {
                    imported.in_file.count(&line);
                    // A walk undone in the file is not in it.
                    if let Line::Amendment(a) = &line {
                        if a.kind == crate::record::Kind::Deleted && plan.is_live_walk(&a.session) {
                            imported.in_file.walks -= 1;
                        }
                    }
                    plan.push(raw.offset, &line);
                }
                Err(e) => failed = Some(e),
            }
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        let mut w = self.writer()?;
        let had = w.ids()?.rewrite;
        let mut added = Added::default();
        // A session already in the log is left out with its `felt` line.
        let mut fresh = false;
        w.append_with(|out| {
            source.each_kept(&file, plan.finish(), |mut line| {
                match &line {
                    Line::Amendment(_) => {}
                    other => fresh = !had.has(other),
                }
                if !fresh {
                    return Ok(());
                }
                added.count(&line);
                // A note longer than the cap, cut as the first pass said.
                if let Some(note) = line_note(&mut line) {
                    crate::record::cut_note(note);
                }
                write_line(out, &line.to_json())
            })
        })?;
        imported.added = added;
        Ok(imported)
    }

    /// Every kind of line in the whole log, as one full read gives it.
    pub fn read_all_kinds(&self) -> Result<Tail> {
        let _lock = self.shared();
        match self.open_log()? {
            Some(log) => self.read_region(&log, &START),
            None => Ok(Tail::default()),
        }
    }

    /// Reads every session, amendments folded in. Damaged lines are reported
    /// and skipped; the log is never changed.
    pub fn read(&self) -> Result<(Vec<Record>, Vec<Damaged>)> {
        let _lock = self.shared();
        let Some(log) = self.open_log()? else {
            return Ok((Vec::new(), Vec::new()));
        };
        let tail = self.read_region(&log, &START)?;
        Ok((tail.records, tail.damaged))
    }

    /// Every session that started on `since` or later (its local date), as
    /// `read` gives them, read from the end of the log only as far back as
    /// `history.index` says such sessions go. Damaged lines are reported
    /// from the part that was read.
    pub fn read_since(&self, since: NaiveDate) -> Result<(Vec<Record>, Vec<Damaged>)> {
        let tail = self.read_tail(since)?;
        Ok((tail.records, tail.damaged))
    }

    /// Sessions and events dated `since` or later, read once from the
    /// checkpoint `history.index` gives for `since` (the index dates events
    /// by their `at`, sessions by their start), each line parsed once. A
    /// command that wants more than one kind reads this.
    pub fn read_tail(&self, since: NaiveDate) -> Result<Tail> {
        let _lock = self.shared();
        let Some((log, mut index)) = self.indexed()? else {
            return Ok(Tail::default());
        };
        let mut tail = self.read_checked(&log, &mut index, |i| i.start_for(since))?;
        tail.records.retain(|r| r.started.date_naive() >= since);
        tail.ratings.retain(|f| f.at.date_naive() >= since);
        tail.stops.retain(|s| s.at.date_naive() >= since);
        tail.flares.retain(|x| x.at.date_naive() >= since);
        // A walk is dated by the day it was done, never after it was
        // written (`at`, which the index dates it by).
        tail.walks.retain(|w| w.on >= since);
        Ok(tail)
    }

    /// The sessions `read` gives that `latest` of them needs: the last `n` by
    /// start time and possibly some before, in the order `read` gives them.
    /// Sorting by start and keeping the last `n` gives what it gives for a
    /// full read.
    pub fn read_latest(&self, n: usize) -> Result<(Vec<Record>, Vec<Damaged>)> {
        let _lock = self.shared();
        let Some((log, mut index)) = self.indexed()? else {
            return Ok((Vec::new(), Vec::new()));
        };
        let mut k = index.checkpoints().len() - 1;
        loop {
            let before = index.checkpoints().len();
            let Tail {
                records, damaged, ..
            } = self.read_checked(&log, &mut index, |_| k)?;
            let points = index.checkpoints();
            if points.len() != before {
                // Rebuilt: start again from the end.
                k = points.len() - 1;
                continue;
            }
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

    /// The log from the checkpoint `at(index)` names to its end, parsed and
    /// folded, its segments checked against the index's sums. When one
    /// does not match (the log was changed in place, or the index forged),
    /// the index is rebuilt from the log and the part read again.
    fn read_checked(
        &self,
        log: &File,
        index: &mut Index,
        at: impl Fn(&Index) -> usize,
    ) -> Result<Tail> {
        let k = at(index);
        let mut tail = TailBuilder::default();
        let from = index.checkpoints()[k].clone();
        if self.each_checked(log, &from, index.segments_from(k), |raw| {
            tail.line(raw.number, raw.text)
        })? {
            return Ok(tail.finish());
        }
        let ctx = |e| Error::io(format!("reading {}", self.path.display()), e);
        let meta = log.metadata().map_err(ctx)?;
        *index = Index::rebuild(
            &self.dir().join(INDEX_NAME),
            log,
            &meta,
            MAX_BYTES,
            &self.memo,
        )
        .map_err(ctx)?;
        let from = index.checkpoints()[at(index)].clone();
        self.read_region(log, &from)
    }

    /// The first day anything was recorded in the log (the earliest date
    /// of a session or an event, deleted sessions included), from
    /// `history.index`: the log is not read for it.
    pub fn first_day(&self) -> Result<Option<NaiveDate>> {
        let _lock = self.shared();
        Ok(self.indexed()?.and_then(|(_, index)| index.earliest()))
    }

    /// The log, open, with its index brought up to date; `None` without a log.
    fn indexed(&self) -> Result<Option<(File, Index)>> {
        let ctx = |e| Error::io(format!("reading {}", self.path.display()), e);
        let Some(log) = self.open_log()? else {
            return Ok(None);
        };
        let meta = log.metadata().map_err(ctx)?;
        let index = Index::sync(
            &self.dir().join(INDEX_NAME),
            &log,
            &meta,
            MAX_BYTES,
            &self.memo,
        )
        .map_err(ctx)?;
        Ok(Some((log, index)))
    }

    /// The log from a checkpoint to its end, parsed and folded.
    fn read_region(&self, log: &File, from: &Checkpoint) -> Result<Tail> {
        let mut tail = TailBuilder::default();
        self.each(log, from, |raw| tail.line(raw.number, raw.text))?;
        Ok(tail.finish())
    }
}

/// A reader that checks the bytes of some segments of the log against
/// their sums as they pass through it.
struct Checked<R> {
    inner: R,
    pos: u64,
    segments: Vec<(u64, u64, u64)>,
    next: usize,
    hasher: xxhash_rust::xxh3::Xxh3,
    bad: bool,
}

impl<R: Read> Checked<R> {
    fn new(inner: R, pos: u64, segments: Vec<(u64, u64, u64)>) -> Self {
        Checked {
            inner,
            pos,
            segments,
            next: 0,
            hasher: xxhash_rust::xxh3::Xxh3::new(),
            bad: false,
        }
    }

    /// Closes every segment that ends where the reading is.
    fn settle(&mut self) {
        while let Some(&(_, end, sum)) = self.segments.get(self.next) {
            if self.pos < end {
                return;
            }
            self.bad |= self.pos > end || self.hasher.digest() != sum;
            self.hasher.reset();
            self.next += 1;
        }
    }

    /// Every segment was read whole and matched its sum.
    fn good(&mut self) -> bool {
        self.settle();
        !self.bad && self.next == self.segments.len()
    }
}

impl<R: Read> Read for Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let got = self.inner.read(buf)?;
        let mut data = &buf[..got];
        self.settle();
        while let Some(&(_, end, _)) = self.segments.get(self.next) {
            if data.is_empty() {
                break;
            }
            let take = data
                .len()
                .min(usize::try_from(end - self.pos).unwrap_or(usize::MAX));
            self.hasher.update(&data[..take]);
            self.pos += take as u64;
            data = &data[take..];
            self.settle();
        }
        self.pos += data.len() as u64;
        Ok(got)
    }
}

/// The longest line read back by offset (a note's amendment).
const MAX_LINE_BYTES: u64 = 16 * 1024 * 1024;

/// The note a line carries (a session's, or an amendment's).
fn line_note(line: &mut Line) -> Option<&mut Option<String>> {
    match line {
        Line::Session(r) => Some(&mut r.note),
        Line::Amendment(a) => Some(&mut a.note),
        _ => None,
    }
}

/// Writes one line and its newline.
fn write_line(out: &mut dyn Write, line: &str) -> Result<()> {
    out.write_all(line.as_bytes())
        .and_then(|_| out.write_all(b"\n"))
        .map_err(|e| Error::io("writing", e))
}

/// The log from `offset` (after `before` lines) to its end as
/// `numbered_from` gives it, each line handed to `f` as soon as it is
/// whole, with its offset. It is read through a buffer the size of a few
/// dozen lines: reading the part whole needed memory of its own size, and
/// on a long history the page faults of that memory cost more than reading
/// it.
fn each_line_from(
    reader: impl Read,
    before: usize,
    offset: u64,
    cap: u64,
    f: impl FnMut(Raw),
) -> std::io::Result<()> {
    each_line_through(reader, before, offset, cap, vec![0u8; 32 * 1024], f)
}

/// `each_line_from` through `buf` (grown when one line does not fit).
fn each_line_through(
    mut reader: impl Read,
    before: usize,
    offset: u64,
    cap: u64,
    mut buf: Vec<u8>,
    mut f: impl FnMut(Raw),
) -> std::io::Result<()> {
    // `buf[..kept]` is the start of a line not yet whole; `base` is the
    // offset of `buf[0]` in the log.
    let (mut kept, mut total, mut n, mut base) = (0, 0u64, before, offset);
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
            let text = buf[from..to].trim_ascii();
            if !text.is_empty() {
                f(Raw {
                    number: n,
                    offset: base + from as u64,
                    end: base + to as u64,
                    ended: buf[to - 1] == b'\n',
                    text,
                });
            }
            from = to;
        }
        if got == 0 {
            return Ok(());
        }
        buf.copy_within(whole..end, 0);
        kept = end - whole;
        base += whole as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Kind, AMENDMENT_SCHEMA};
    use proptest::prelude::*;
    use std::fs::OpenOptions;

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
            let whole: Vec<(usize, Vec<u8>)> = crate::codec::numbered_from(bytes, before)
                .map(|(n, l)| (n, l.to_vec()))
                .collect();
            let mut streamed = Vec::new();
            let mut offsets = Vec::new();
            each_line_through(Dribble(bytes, pieces), before, 7, 1 << 20, vec![0; buffer], |raw| {
                streamed.push((raw.number, raw.text.to_vec()));
                offsets.push((raw.offset, raw.end, raw.ended));
            })
            .unwrap();
            prop_assert_eq!(&streamed, &whole);
            // Each line is where its offset says, whole to its end.
            for ((offset, end, ended), (_, text)) in offsets.iter().zip(&whole) {
                let at = &bytes[(offset - 7) as usize..(end - 7) as usize];
                prop_assert_eq!(at.trim_ascii(), &text[..]);
                prop_assert_eq!(*ended, at.ends_with(b"\n"));
            }
        }
    }

    #[test]
    fn a_log_read_a_piece_at_a_time_still_has_its_cap() {
        let bytes = vec![b'x'; 100];
        let read = each_line_through(Dribble(&bytes, vec![]), 0, 0, 99, vec![0; 8], |_| {});
        assert!(read.unwrap_err().to_string().contains("larger than"));
        assert!(each_line_through(Dribble(&bytes, vec![]), 0, 0, 100, vec![0; 8], |_| {}).is_ok());
    }

    fn session(id: &str) -> String {
        format!(
            "{{\"schema\":1,\"id\":\"{id}\",\"started\":\"2026-11-01T07:30:00+01:00\",\"ended\":\"2026-11-01T07:45:00+01:00\",\"source\":{{\"kind\":\"answers\"}},\"causes\":[],\"pain_before\":5,\"pain_after\":null,\"minutes_planned\":15.0,\"steps\":[],\"interrupted\":false}}\n"
        )
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
        StopRecord::new(
            at,
            stop.tier,
            &stop.flags,
            crate::record::StoppedIn::Session,
        )
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
                stops: 1,
                flares: 0,
                walks: 0
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
    use std::fs::OpenOptions;

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
            felt: Vec::new(),
            lesson: None,
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

    mod streaming {
        use super::*;
        use crate::record::{FeltRecord, FlareRecord};
        use proptest::prelude::*;

        /// One line of a log: a session (id, a long note?), a pain-after
        /// (id, score, note?), a felt, a delete, a flare, a stop, a walk,
        /// a walk undone or a rating (by id), ids from a few so that copies and amendments to
        /// deleted or missing sessions happen.
        fn line(op: u8, id: u8, pain: u8, note: bool) -> String {
            let t = at(i64::from(id), 8, 1);
            let sid = format!("s{id}");
            let json = |v: &dyn Erased| v.json();
            match op {
                0 | 1 => {
                    let mut r = session(&sid, t);
                    r.note = note.then(|| "n".repeat(crate::record::MAX_NOTE_CHARS + 2));
                    json(&r)
                }
                2 => json(&Amendment::pain_after(
                    &sid,
                    Some(pain),
                    note.then(|| format!("note {pain}")),
                )),
                3 => json(&Amendment::felt(
                    &sid,
                    vec![FeltRecord {
                        exercise: "clamshell".into(),
                        felt: crate::planner::Felt::TooHard,
                    }],
                )),
                4 => json(&Amendment::deleted(&sid)),
                5 => {
                    let mut x = FlareRecord::new(t, pain, true);
                    x.id = format!("e{id}");
                    json(&x)
                }
                6 => {
                    let mut x = red_flag_stop(t);
                    x.id = format!("e{id}");
                    json(&x)
                }
                8 => {
                    let mut x = crate::record::WalkRecord::new(
                        t,
                        t.date_naive(),
                        u16::from(pain) + 5,
                        crate::record::Activity::Walk,
                    );
                    x.id = format!("e{id}");
                    json(&x)
                }
                // An undone walk (or a deleted session named so).
                9 => json(&Amendment::deleted(&format!("e{id}"))),
                _ => {
                    let mut x = rating(t);
                    x.id = format!("e{id}");
                    json(&x)
                }
            }
        }

        trait Erased {
            fn json(&self) -> String;
        }

        impl<T: serde::Serialize> Erased for T {
            fn json(&self) -> String {
                serde_json::to_string(self).unwrap() + "\n"
            }
        }

        fn ops() -> impl Strategy<Value = Vec<(u8, u8, u8, bool)>> {
            proptest::collection::vec(
                (0u8..11, 0u8..3, 0u8..=10, proptest::bool::weighted(0.2)),
                0..40,
            )
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

            /// Compact, export then import, and a streamed import beside the
            /// in-memory one: each gives what a full read of the log gives,
            /// for every kind of line.
            #[test]
            fn streamed_rewrites_and_imports_give_the_full_read(
                log in ops(),
                before in ops(),
                torn in any::<bool>(),
            ) {
                let dir = tempfile::tempdir().unwrap();
                let text: String = log.iter().map(|&(o, i, p, n)| line(o, i, p, n)).collect();
                let store = Store::at(&dir.path().join(FILE_NAME));
                std::fs::write(&store.path, &text).unwrap();
                let mut full = store.read_all_kinds().unwrap();
                // What import keeps of a long note.
                for r in &mut full.records {
                    crate::record::cut_note(&mut r.note);
                }

                // Exported, then imported (streamed) into an empty log.
                let mut exported = Vec::new();
                store.export(|l| {
                    exported.extend_from_slice(l.to_json().as_bytes());
                    exported.push(b'\n');
                    Ok(())
                }).unwrap();
                let file = dir.path().join("export.jsonl");
                std::fs::write(&file, &exported).unwrap();
                let other = Store::at(&dir.path().join("other.jsonl"));
                other.import_file(&file, "export").unwrap();
                prop_assert_eq!(&other.read_all_kinds().unwrap(), &full);

                // The log imported into another log, streamed, and what a
                // full read of it keeps imported in memory.
                let file = dir.path().join("log.jsonl");
                std::fs::write(&file, &text).unwrap();
                let mut start: String = before.iter().map(|&(o, i, p, n)| line(o, i, p, n)).collect();
                if torn {
                    start += "{\"schema\":1,\"id\":\"torn";
                }
                let streamed = Store::at(&dir.path().join("streamed.jsonl"));
                let in_memory = Store::at(&dir.path().join("in-memory.jsonl"));
                std::fs::write(&streamed.path, &start).unwrap();
                std::fs::write(&in_memory.path, &start).unwrap();
                let imported = streamed.import_file(&file, "log").unwrap();
                // In memory, what a full read of it keeps (its export).
                let incoming = parse_import_all("export", &exported).unwrap();
                let added = in_memory.import_all(&incoming).unwrap();
                prop_assert_eq!(imported.added, added);
                prop_assert_eq!(
                    streamed.read_all_kinds().unwrap(),
                    in_memory.read_all_kinds().unwrap()
                );
                // Importing it again adds nothing and leaves the log alone.
                let bytes = std::fs::read(&streamed.path).unwrap();
                prop_assert_eq!(streamed.import_file(&file, "log").unwrap().added, Added::default());
                prop_assert_eq!(std::fs::read(&streamed.path).unwrap(), bytes);

                // Compacted.
                store.compact().unwrap();
                let mut compacted = store.read_all_kinds().unwrap();
                for r in &mut compacted.records {
                    crate::record::cut_note(&mut r.note);
                }
                prop_assert_eq!(&compacted, &full);
            }
        }

        #[test]
        fn a_bad_line_imports_nothing_and_the_log_can_import_itself() {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::at(&dir.path().join(FILE_NAME));
            let text = [
                line(0, 1, 0, false),
                line(2, 1, 3, true),
                line(5, 2, 4, false),
            ]
            .concat();
            std::fs::write(&store.path, &text).unwrap();
            let bad = dir.path().join("bad.jsonl");
            std::fs::write(
                &bad,
                format!(
                    "{}{}{{\"schema\":1\n",
                    line(0, 3, 0, false),
                    line(6, 3, 0, false)
                ),
            )
            .unwrap();
            let err = store
                .import_file(&bad, "bad.jsonl")
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("bad.jsonl:3: "), "{err}");
            assert!(err.contains("nothing was imported"), "{err}");
            assert_eq!(std::fs::read_to_string(&store.path).unwrap(), text);
            let imported = store.import_file(&store.path.clone(), "self").unwrap();
            assert_eq!(imported.added, Added::default());
            assert_eq!((imported.in_file.sessions, imported.in_file.flares), (1, 1));
            assert_eq!(std::fs::read_to_string(&store.path).unwrap(), text);
        }
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
        StopRecord::new(at, stop.tier, &stop.flags, crate::record::StoppedIn::Plan)
    }

    fn session_line(id: &str) -> String {
        serde_json::to_string(&session(id, at(10, 8, 1))).unwrap() + "\n"
    }

    mod ladder_from_a_full_read {
        use super::*;
        use crate::planner::{position, Family, Felt, Rules};
        use crate::record::{FeltRecord, FlareRecord};
        use proptest::prelude::*;

        /// Every family's rung, level and calm count on `today`, from what a
        /// full read of `store` returns.
        fn ladders(store: &Store, today: NaiveDate) -> Vec<(String, usize, i32, u32)> {
            let lib = crate::store::library::builtin_library();
            let tail = store.read_all_kinds().unwrap();
            let past = crate::record::past_sessions(&tail.records);
            let flares = crate::record::flare_days(&tail.flares);
            let ok = |_: &crate::library::Exercise| true;
            let rules = Rules {
                ok: &ok,
                may_rise: true,
                seasoned: false,
            };
            ["glute-bridge", "clamshell", "cat-cow"]
                .iter()
                .filter_map(|id| {
                    let f = Family::of(&lib, lib.exercise(id).unwrap());
                    position(&f, &past, &flares, today, &rules)
                        .map(|p| (id.to_string(), p.rung, p.level, p.calm))
                })
                .collect()
        }

        /// One random day: which rung of the bridge family was done, pain
        /// before and after (or none), how it felt, whether the pain score
        /// came as an amendment, whether the session was later deleted,
        /// and whether it was a flare day.
        type RandomDay = (usize, u8, Option<u8>, Option<u8>, bool, bool, bool);

        fn days() -> impl Strategy<Value = Vec<RandomDay>> {
            proptest::collection::vec(
                (
                    0usize..3,
                    0u8..=8,
                    proptest::option::of(0u8..=10),
                    proptest::option::of(0u8..3),
                    any::<bool>(),
                    proptest::bool::weighted(0.1),
                    proptest::bool::weighted(0.1),
                ),
                1..30,
            )
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

            #[test]
            fn log_compacted_log_and_an_imported_export_give_one_ladder(days in days()) {
                let dir = tempfile::tempdir().unwrap();
                let store = Store::at(&dir.path().join(FILE_NAME));
                let rungs = ["pelvic-tilt", "glute-bridge", "single-leg-bridge"];
                for (i, (rung, before, after, felt, amended, deleted, flare)) in days.iter().enumerate() {
                    let t = at(i as i64, 8, 1);
                    let mut r = session(&format!("s{i}"), t);
                    r.steps[0].exercise = rungs[*rung].to_string();
                    r.steps[1].exercise = "clamshell".into();
                    r.pain_before = *before;
                    let felt = felt.map(|f| vec![FeltRecord {
                        exercise: rungs[*rung].to_string(),
                        felt: [Felt::TooEasy, Felt::AboutRight, Felt::TooHard][f as usize],
                    }]);
                    if *flare {
                        store.append_flare(&FlareRecord::new(t, *before, true)).unwrap();
                    }
                    if *amended {
                        store.append(std::slice::from_ref(&r)).unwrap();
                        store.set_pain_after(&r.id, *after, None).unwrap();
                        if let Some(f) = felt {
                            store.set_felt(&r.id, f).unwrap();
                        }
                    } else {
                        r.pain_after = *after;
                        r.felt = felt.unwrap_or_default();
                        store.append(std::slice::from_ref(&r)).unwrap();
                    }
                    if *deleted {
                        store.delete(&r.id).unwrap();
                    }
                }
                let today = at(days.len() as i64, 8, 1).date_naive();
                let log = ladders(&store, today);
                // An export imported into an empty log.
                let mut text = Vec::new();
                store.export(|line| {
                    text.extend_from_slice(line.to_json().as_bytes());
                    text.push(b'\n');
                    Ok(())
                }).unwrap();
                let other = Store::at(&dir.path().join("other.jsonl"));
                other.import_all(&parse_import_all("export", &text).unwrap()).unwrap();
                prop_assert_eq!(&ladders(&other, today), &log);
                // The log compacted.
                store.compact().unwrap();
                prop_assert_eq!(&ladders(&store, today), &log);
            }
        }
    }
}
