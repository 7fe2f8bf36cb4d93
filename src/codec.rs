//! The history record codec: one line of `history.jsonl` to one record and
//! back, and the folds over a stream of lines (amendments into sessions,
//! one copy of each id). Pure: bytes in, records out; no file, lock or
//! clock. The files, the lock and the index are `store::history`.
//!
//! The log holds sessions (schema 1, no `kind`), amendments that change an
//! earlier session by id (schema 2, kind `pain_after`, `deleted` or
//! `felt`), and events that stand alone with an id and a time of their own
//! (schema 2: a weekly function rating, kind `function`; a red-flag stop,
//! kind `red_flag_stop`; a flare, kind `flare`; a walk, kind `walk`, which
//! a `deleted` amendment naming its id undoes). A session's `felt` is
//! always written as its own line after the session (`session_lines`), so
//! an older backrelief still reads the session. A line of a kind this build does not know is from a
//! newer backrelief: every reader names it "kept as is" and nothing here
//! drops it (compact refuses to run over it), so an older binary keeps a
//! newer binary's lines.
//!
//! # Adding a record kind
//!
//! A new event (a flare, a walk) is a schema-2 line with its own `kind`,
//! `id` and `at`:
//!
//! 1. its type in `record.rs`, with a `NAME` for its kind and `validate()`
//!    (what import accepts; the reader holds every line to it too);
//! 2. a variant of [`Line`], and its arm in each `match` of this file's
//!    `impl Line` (the kind name in [`parse_line`], `validate`, `event_id`,
//!    `to_json`);
//! 3. a list of it in [`Tail`] and [`Incoming`], filled in
//!    [`Tail::push_event`] and [`Incoming::push_event`].
//!
//! That is all: the store's one reader, `history.index` (which dates a line
//! by `started` or `at`: `store::index::line_date`), `compact`, `export` and `import` then carry it,
//! each copy of an id once, in the order written.

use crate::error::{Error, Result};
use crate::library::strip_bom;
use crate::record::{
    Amendment, FlareKind, FlareRecord, FunctionKind, FunctionRecord, Kind, Record, StopKind,
    StopRecord, WalkKind, WalkRecord, AMENDMENT_SCHEMA,
};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// One line of the log, as read.
#[derive(Clone, Debug, PartialEq)]
pub enum Line {
    Session(Box<Record>),
    Amendment(Amendment),
    Function(FunctionRecord),
    Stop(StopRecord),
    Flare(FlareRecord),
    Walk(WalkRecord),
}

/// A line that is not a record this build can read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unread {
    pub message: String,
    /// Written by a newer backrelief (a higher schema or an unknown kind):
    /// kept as is, not damaged.
    pub newer: bool,
}

/// A line that could not be read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damaged {
    pub line: usize,
    pub message: String,
}

impl Line {
    /// Checks a line from outside (an import file): every field within the
    /// range this program writes.
    pub fn validate(&self) -> std::result::Result<(), String> {
        match self {
            Line::Session(r) => r.validate(),
            Line::Amendment(a) => a.validate(),
            Line::Function(f) => f.validate(),
            Line::Stop(s) => s.validate(),
            Line::Flare(x) => x.validate(),
            Line::Walk(w) => w.validate(),
        }
    }

    /// The id of an event (a line that stands alone, kept once per id);
    /// `None` for sessions and amendments, which `fold` handles.
    pub fn event_id(&self) -> Option<&str> {
        match self {
            Line::Session(_) | Line::Amendment(_) => None,
            Line::Function(f) => Some(&f.id),
            Line::Stop(s) => Some(&s.id),
            Line::Flare(x) => Some(&x.id),
            Line::Walk(w) => Some(&w.id),
        }
    }

    /// The `kind` the line has in the log (sessions have none: "").
    pub fn kind_name(&self) -> &'static str {
        match self {
            Line::Session(_) => "",
            Line::Amendment(_) => "amendment",
            Line::Function(_) => FunctionKind::NAME,
            Line::Stop(_) => StopKind::NAME,
            Line::Flare(_) => FlareKind::NAME,
            Line::Walk(_) => WalkKind::NAME,
        }
    }

    /// The line as this build writes it, without its newline.
    pub fn to_json(&self) -> String {
        let json = match self {
            Line::Session(r) => serde_json::to_string(r),
            Line::Amendment(a) => serde_json::to_string(a),
            Line::Function(f) => serde_json::to_string(f),
            Line::Stop(s) => serde_json::to_string(s),
            Line::Flare(x) => serde_json::to_string(x),
            Line::Walk(w) => serde_json::to_string(w),
        };
        json.expect("records serialize")
    }
}

/// Reads one line: a session (no `kind`), an amendment, an event, or why not.
pub fn parse_line(line: &[u8]) -> std::result::Result<Line, Unread> {
    // Checked as UTF-8 once and parsed as text: from bytes, serde_json
    // would check each string again. A line that is
    // not UTF-8 is parsed from bytes, for serde_json's own message.
    let line = match std::str::from_utf8(line) {
        Ok(text) => LogLine::Text(text),
        Err(_) => LogLine::Bytes(line),
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
        return Err(Unread {
            message: format!(
                "written by a newer backrelief (schema {}; this one reads {AMENDMENT_SCHEMA}); kept as is",
                head.schema
            ),
            newer: true,
        });
    }
    /// An event line: parsed, then held to what import accepts, so that
    /// what is read can always be exported and imported again.
    fn event<T: serde::de::DeserializeOwned>(
        line: LogLine,
        validate: fn(&T) -> std::result::Result<(), String>,
        wrap: fn(T) -> Line,
    ) -> std::result::Result<Line, Unread> {
        match line.parse::<T>() {
            Ok(t) => validate(&t).map(|()| wrap(t)).map_err(invalid),
            Err(e) => Err(damaged(e.to_string())),
        }
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
        Some(FunctionKind::NAME) => event(line, FunctionRecord::validate, Line::Function),
        Some(StopKind::NAME) => event(line, StopRecord::validate, Line::Stop),
        Some(FlareKind::NAME) => event(line, FlareRecord::validate, Line::Flare),
        Some(WalkKind::NAME) => event(line, WalkRecord::validate, Line::Walk),
        Some(k) => Err(Unread {
            message: format!("a record of kind '{k}', from a newer backrelief; kept as is"),
            newer: true,
        }),
    }
}

/// A line that is not a record this build can read, and why.
fn damaged(why: String) -> Unread {
    Unread {
        message: format!("damaged record skipped: {why}"),
        newer: false,
    }
}

/// A record that reads but holds what import would refuse (`why` names
/// the field), so that what is read can always be exported and imported.
fn invalid(why: String) -> Unread {
    Unread {
        message: format!("{INVALID}{why}"),
        newer: false,
    }
}

const INVALID: &str = "invalid record skipped: ";

/// One log line: text when it is UTF-8 (nearly always), else its bytes.
#[derive(Clone, Copy)]
enum LogLine<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
}

impl LogLine<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            LogLine::Text(t) => t.as_bytes(),
            LogLine::Bytes(b) => b,
        }
    }

    fn parse<T: serde::de::DeserializeOwned>(&self) -> serde_json::Result<T> {
        match self {
            LogLine::Text(t) => serde_json::from_str(t),
            LogLine::Bytes(b) => serde_json::from_slice(b),
        }
    }
}

/// Whether a line may be of kind `name`: it has the name's bytes, or a
/// `\u` escape that could spell it (then the parse decides). A SIMD search
/// that lets a reader of one kind skip parsing every other line.
pub struct KindFilter {
    name: memchr::memmem::Finder<'static>,
    escape: memchr::memmem::Finder<'static>,
}

impl KindFilter {
    pub fn new(name: &'static str) -> KindFilter {
        KindFilter {
            name: memchr::memmem::Finder::new(name.as_bytes()),
            escape: memchr::memmem::Finder::new(b"\\u"),
        }
    }

    pub fn may_be(&self, line: &[u8]) -> bool {
        self.name.find(line).is_some() || self.escape.find(line).is_some()
    }
}

/// Each session as its line, followed by its `felt` line when it has one.
pub fn session_lines<R: std::borrow::Borrow<Record>>(records: &[R]) -> Vec<u8> {
    let mut buf = Vec::new();
    for r in records {
        let r = r.borrow();
        serde_json::to_writer(&mut buf, r).expect("records serialize");
        buf.push(b'\n');
        if let Some(a) = r.felt_amendment() {
            serde_json::to_writer(&mut buf, &a).expect("amendments serialize");
            buf.push(b'\n');
        }
    }
    buf
}

/// Serializes each item as one JSON line.
pub fn lines<T: serde::Serialize>(items: &[T]) -> Vec<u8> {
    let mut buf = Vec::new();
    for item in items {
        serde_json::to_writer(&mut buf, item).expect("records serialize");
        buf.push(b'\n');
    }
    buf
}

/// Every line of `bytes` with its 1-based number, blank lines left out.
pub fn numbered(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    numbered_from(bytes, 0)
}

/// The same for a part of the log that starts after `before` lines (a
/// byte-order mark is only looked for at the very start).
pub fn numbered_from(bytes: &[u8], before: usize) -> impl Iterator<Item = (usize, &[u8])> {
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

/// Folds sessions and amendments a line at a time: sessions in the order
/// they were first written, the first copy of an id kept, amendments
/// applied to the session they name (later ones win), deleted sessions
/// left out. Amendments to a session not in the log are ignored.
#[derive(Default)]
pub struct Fold {
    slots: Vec<Option<Record>>,
    index: HashMap<String, usize>,
}

impl Fold {
    pub fn push(&mut self, line: Line) {
        match line {
            Line::Session(r) if !self.index.contains_key(&r.id) => {
                self.index.insert(r.id.clone(), self.slots.len());
                self.slots.push(Some(*r));
            }
            Line::Amendment(a) => match a.kind {
                Kind::Deleted => {
                    if let Some(i) = self.index.remove(&a.session) {
                        self.slots[i] = None;
                    }
                }
                Kind::PainAfter | Kind::Felt => {
                    if let Some(r) = self
                        .index
                        .get(&a.session)
                        .and_then(|&i| self.slots[i].as_mut())
                    {
                        a.apply(r);
                    }
                }
            },
            // Events are not sessions; `Tail` keeps them.
            _ => {}
        }
    }

    pub fn finish(self) -> Vec<Record> {
        self.slots.into_iter().flatten().collect()
    }
}

/// Folds a whole list of lines (see [`Fold`]).
pub fn fold(lines: impl IntoIterator<Item = Line>) -> Vec<Record> {
    let mut f = Fold::default();
    for line in lines {
        f.push(line);
    }
    f.finish()
}

/// What (a part of) the log holds: sessions (amendments folded in), each
/// kind of event in the order written (the first copy of an id kept), and
/// the damaged lines met on the way. Built a line at a time: [`Tail::line`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tail {
    pub records: Vec<Record>,
    pub ratings: Vec<FunctionRecord>,
    pub stops: Vec<StopRecord>,
    pub flares: Vec<FlareRecord>,
    /// Walks, less those a `deleted` amendment undid.
    pub walks: Vec<WalkRecord>,
    pub damaged: Vec<Damaged>,
}

impl Tail {
    /// Takes out every record dated in the future (the one rule,
    /// [`crate::record::in_future`]), of every kind this tail holds, so
    /// nothing scheduled from it sees them; returns them to be named. A new
    /// kind of record joins here.
    pub fn set_aside_future(&mut self, today: chrono::NaiveDate) -> Vec<crate::record::Future> {
        use crate::record::set_aside_future as aside;
        let mut out = Vec::new();
        aside(&mut self.records, today, &mut out);
        aside(&mut self.ratings, today, &mut out);
        aside(&mut self.stops, today, &mut out);
        aside(&mut self.flares, today, &mut out);
        aside(&mut self.walks, today, &mut out);
        out
    }

    /// Files an event under its kind (the first copy of an id was kept by
    /// the caller).
    fn push_event(&mut self, line: Line) {
        match line {
            Line::Function(f) => self.ratings.push(f),
            Line::Stop(s) => self.stops.push(s),
            Line::Flare(x) => self.flares.push(x),
            Line::Walk(w) => self.walks.push(w),
            Line::Session(_) | Line::Amendment(_) => {}
        }
    }
}

/// A `deleted` amendment that names a walk undoes it (a walk id is never a
/// session id: they start with `w`). `true` when it named one.
fn undo_walk(walks: &mut Vec<WalkRecord>, a: &Amendment) -> bool {
    if a.kind != Kind::Deleted {
        return false;
    }
    match walks.iter().position(|w| w.id == a.session) {
        Some(i) => {
            walks.remove(i);
            true
        }
        None => false,
    }
}

/// A [`Tail`] being built, a line at a time.
#[derive(Default)]
pub struct TailBuilder {
    tail: Tail,
    fold: Fold,
    seen: HashSet<(&'static str, String)>,
}

impl TailBuilder {
    /// Line number `n`, as read.
    pub fn line(&mut self, n: usize, line: &[u8]) {
        self.parsed(n, parse_line(line));
    }

    /// Line number `n`, parsed.
    pub fn parsed(&mut self, n: usize, parsed: std::result::Result<Line, Unread>) {
        match parsed {
            Ok(l) => match l.event_id() {
                Some(id) => {
                    if self.seen.insert((l.kind_name(), id.to_string())) {
                        self.tail.push_event(l);
                    }
                }
                None => {
                    if let Line::Amendment(a) = &l {
                        if undo_walk(&mut self.tail.walks, a) {
                            // A copy written again later is kept, as for
                            // a session deleted and imported again.
                            self.seen.remove(&(WalkKind::NAME, a.session.clone()));
                            return;
                        }
                    }
                    self.fold.push(l)
                }
            },
            Err(Unread { message, .. }) => self.tail.damaged.push(Damaged { line: n, message }),
        }
    }

    pub fn finish(mut self) -> Tail {
        self.tail.records = self.fold.finish();
        self.tail
    }
}

/// Every kind of line in a whole log held in memory: one pass, one parse a
/// line. (The store reads its log a line at a time instead.)
pub fn parse_tail(bytes: &[u8]) -> Tail {
    let mut tail = TailBuilder::default();
    for (n, line) in numbered(bytes) {
        tail.line(n, line);
    }
    tail.finish()
}

/// Parses and folds history text, reporting damaged lines.
pub fn parse(bytes: &[u8]) -> (Vec<Record>, Vec<Damaged>) {
    let tail = parse_tail(bytes);
    (tail.records, tail.damaged)
}

/// The function ratings in history text, in the order written, the first
/// copy of an id kept. Only lines that say they are ratings are parsed.
pub fn parse_function(bytes: &[u8]) -> Vec<FunctionRecord> {
    let filter = KindFilter::new(FunctionKind::NAME);
    let mut tail = TailBuilder::default();
    for (n, l) in numbered(bytes).filter(|(_, l)| filter.may_be(l)) {
        if let Ok(line @ Line::Function(_)) = parse_line(l) {
            tail.parsed(n, Ok(line));
        }
    }
    tail.finish().ratings
}

/// The red-flag stops in history text, as `parse_function` reads ratings.
pub fn parse_stops(bytes: &[u8]) -> Vec<StopRecord> {
    let filter = KindFilter::new(StopKind::NAME);
    let mut tail = TailBuilder::default();
    for (n, l) in numbered(bytes).filter(|(_, l)| filter.may_be(l)) {
        if let Ok(line @ Line::Stop(_)) = parse_line(l) {
            tail.parsed(n, Ok(line));
        }
    }
    tail.finish().stops
}

/// What an import file holds, each kind in the order of the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Incoming {
    /// Sessions, the file's amendments folded in.
    pub sessions: Vec<Record>,
    pub ratings: Vec<FunctionRecord>,
    pub stops: Vec<StopRecord>,
    pub flares: Vec<FlareRecord>,
    /// Walks, less those the file's own `deleted` amendments undid.
    /// Each kind of event keeps the first copy of an id, as sessions do.
    pub walks: Vec<WalkRecord>,
    /// How many session lines the file has.
    pub session_lines: usize,
    /// Notices about what was changed to be kept: a note longer than
    /// `record::MAX_NOTE_CHARS` cut to it, naming `file:line`.
    pub notices: Vec<String>,
}

impl Incoming {
    fn push_event(&mut self, line: Line) {
        match line {
            Line::Function(f) => self.ratings.push(f),
            Line::Stop(s) => self.stops.push(s),
            Line::Flare(x) => self.flares.push(x),
            Line::Walk(w) => self.walks.push(w),
            Line::Session(_) | Line::Amendment(_) => {}
        }
    }

    /// Every event, each kind in file order, as lines to append.
    pub fn events(&self) -> impl Iterator<Item = Line> + '_ {
        let ratings = self.ratings.iter().cloned().map(Line::Function);
        ratings
            .chain(self.stops.iter().cloned().map(Line::Stop))
            .chain(self.flares.iter().cloned().map(Line::Flare))
            .chain(self.walks.iter().cloned().map(Line::Walk))
    }
}

/// How many of each kind an import added.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Added {
    pub sessions: usize,
    pub ratings: usize,
    pub stops: usize,
    pub flares: usize,
    pub walks: usize,
}

impl Added {
    /// Counts one added line.
    pub fn count(&mut self, line: &Line) {
        match line {
            Line::Session(_) => self.sessions += 1,
            Line::Function(_) => self.ratings += 1,
            Line::Stop(_) => self.stops += 1,
            Line::Flare(_) => self.flares += 1,
            Line::Walk(_) => self.walks += 1,
            Line::Amendment(_) => {}
        }
    }
}

/// One line of a file to import, strictly: damaged, from a newer
/// backrelief or out of range is an error naming `at` (`file:line`). A
/// note longer than its ceiling (from before there was one) is cut to it,
/// the cut described in `notices`, so an old backup still imports.
pub fn import_line(at: &str, line: &[u8], notices: &mut Vec<String>) -> Result<Line> {
    let parsed = parse_line(line).map_err(|Unread { message: m, .. }| {
        Error::data(
            at,
            format!(
                "{}; nothing was imported",
                m.trim_end_matches("; kept as is")
                    .replace("damaged record skipped", "damaged record")
                    .replace(INVALID, "")
            ),
        )
    })?;
    let mut parsed = parsed;
    cut_note(at, &mut parsed, notices);
    parsed
        .validate()
        .map_err(|m| Error::data(at, format!("{m}; nothing was imported")))?;
    Ok(parsed)
}

/// Cuts the note in `line` to its ceiling, saying so.
fn cut_note(at: &str, line: &mut Line, notices: &mut Vec<String>) {
    let note = match line {
        Line::Session(r) => Some(&mut r.note),
        Line::Amendment(a) => Some(&mut a.note),
        _ => None,
    };
    if let Some(chars) = note.and_then(crate::record::cut_note) {
        notices.push(format!(
            "{at}: a note of {chars} characters was cut to the first {}",
            crate::record::MAX_NOTE_CHARS
        ));
    }
    // An activity's name has had its ceiling since ratings began: a longer
    // one was never written by backrelief, and is refused like any event
    // out of range (`FunctionRecord::validate`).
}

/// Parses a file to import, strictly: the first line that is damaged, from
/// a newer backrelief or out of range is an error naming `shown:line`.
/// Amendments in the file are folded into its sessions. Returns the
/// sessions and the number of session lines read.
pub fn parse_import(shown: &str, bytes: &[u8]) -> Result<(Vec<Record>, usize)> {
    parse_import_all(shown, bytes).map(|i| (i.sessions, i.session_lines))
}

/// `parse_import`, with the events in the file as well.
pub fn parse_import_all(shown: &str, bytes: &[u8]) -> Result<Incoming> {
    let mut incoming = Incoming::default();
    let mut fold = Fold::default();
    // Events as a log reads them (`TailBuilder`): the first copy of an id
    // kept, as for sessions, and a walk the file undid free to come again.
    let mut seen = HashSet::new();
    for (n, line) in numbered(bytes) {
        let parsed = import_line(&format!("{shown}:{n}"), line, &mut incoming.notices)?;
        match parsed {
            Line::Session(_) => {
                incoming.session_lines += 1;
                fold.push(parsed);
            }
            Line::Amendment(a) if undo_walk(&mut incoming.walks, &a) => {
                seen.remove(&(WalkKind::NAME, a.session));
            }
            Line::Amendment(_) => fold.push(parsed),
            event => {
                let id = event.event_id().unwrap_or_default().to_string();
                if seen.insert((event.kind_name(), id)) {
                    incoming.push_event(event);
                }
            }
        }
    }
    incoming.sessions = fold.finish();
    Ok(incoming)
}

/// The plan of a rewrite that keeps what a full read gives, made in one
/// pass that keeps only ids and byte offsets (not the records), so that
/// `compact`, `export` and `import` need memory for ids, not for the log: a
/// second pass writes each kept line at its offset, a session with its
/// latest amendments. About 50 bytes a kept line (16 for its [`Keep`], the
/// id's bytes once, a table slot): 4 MB for 73,000 sessions.
#[derive(Default)]
pub struct Rewrite {
    /// Live sessions and events, by kind and id: which keep.
    ids: Ids,
    keep: Vec<Keep>,
}

/// A line kept by a rewrite: its offset, and for a session what its
/// amendments change (the pain score itself, the note by the offset of
/// the amendment that carries it). Offsets are stored in 32 bits: a log
/// is at most `store::history::MAX_BYTES` (256 MiB).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keep {
    offset: u32,
    /// 0 for none: an amendment at the very start of a log changes no
    /// session (the session comes before it).
    note_at: u32,
    felt_at: u32,
    pain_after: Option<u8>,
    /// Deleted (or undone) after it was written.
    gone: bool,
    /// Its kind, as `Ids` numbers kinds.
    tag: u8,
}

/// An offset as a [`Keep`] holds it.
fn short(offset: u64) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

impl Keep {
    fn at(offset: u64, tag: u8) -> Keep {
        Keep {
            offset: short(offset),
            note_at: 0,
            felt_at: 0,
            pain_after: None,
            gone: false,
            tag,
        }
    }

    /// Where the kept line starts.
    pub fn offset(&self) -> u64 {
        u64::from(self.offset)
    }

    /// The amendment that carries the session's latest note.
    pub fn note_at(&self) -> Option<u64> {
        (self.note_at != 0).then_some(u64::from(self.note_at))
    }

    /// The session's latest `felt` amendment, written after it.
    pub fn felt_at(&self) -> Option<u64> {
        (self.felt_at != 0).then_some(u64::from(self.felt_at))
    }

    /// The session's latest amended pain-after score.
    pub fn pain_after(&self) -> Option<u8> {
        self.pain_after
    }
}

impl Rewrite {
    /// The line at `offset`, parsed.
    pub fn push(&mut self, offset: u64, line: &Line) {
        match line {
            Line::Session(r) => {
                if self.ids.get(line, &r.id).is_none() {
                    let tag = self.ids.insert(line, &r.id, self.keep.len());
                    self.keep.push(Keep::at(offset, tag));
                }
            }
            Line::Amendment(a) => {
                let session = Ids::SESSION;
                match a.kind {
                    Kind::Deleted => {
                        // An undone walk or a deleted session (in the order
                        // the reader looks): gone, and a later copy of its
                        // id is kept.
                        let walk = self.ids.tag_of(WalkKind::NAME);
                        let i = walk
                            .and_then(|walk| self.ids.remove(walk, &a.session))
                            .or_else(|| self.ids.remove(session, &a.session));
                        if let Some(i) = i {
                            self.keep[i].gone = true;
                        }
                    }
                    Kind::PainAfter => {
                        if let Some(i) = self.ids.get_tag(session, &a.session) {
                            let k = &mut self.keep[i];
                            if a.pain_after.is_some() {
                                k.pain_after = a.pain_after;
                            }
                            if a.note.is_some() {
                                k.note_at = short(offset);
                            }
                        }
                    }
                    Kind::Felt => {
                        if let Some(i) = self.ids.get_tag(session, &a.session) {
                            self.keep[i].felt_at = short(offset);
                        }
                    }
                }
            }
            event => {
                let id = event.event_id().expect("an event has an id");
                if self.ids.get(event, id).is_none() {
                    let tag = self.ids.insert(event, id, self.keep.len());
                    self.keep.push(Keep::at(offset, tag));
                }
            }
        }
    }

    /// The offset of the walk written last that is still in the log.
    pub fn last_walk(&self) -> Option<u64> {
        let walk = self.ids.tag_of(WalkKind::NAME)?;
        let k = self.keep.iter().rev().find(|k| k.tag == walk && !k.gone)?;
        Some(k.offset())
    }

    /// Whether a walk with this id is in the log (and not undone).
    pub fn is_live_walk(&self, id: &str) -> bool {
        self.ids
            .tag_of(WalkKind::NAME)
            .is_some_and(|walk| self.ids.get_tag(walk, id).is_some())
    }

    /// Whether a session with this id is in the log (and not deleted).
    pub fn is_live(&self, id: &str) -> bool {
        self.ids.get_tag(Ids::SESSION, id).is_some()
    }

    /// Whether this event's id (of its kind) is in the log.
    pub fn has_event(&self, line: &Line) -> bool {
        line.event_id()
            .is_some_and(|id| self.ids.get(line, id).is_some())
    }

    /// Whether this line's session or event is in the log: a session by
    /// id (and not deleted), an event by kind and id. Never an amendment.
    pub fn has(&self, line: &Line) -> bool {
        match line {
            Line::Session(r) => self.is_live(&r.id),
            Line::Amendment(_) => false,
            event => self.has_event(event),
        }
    }

    /// The kept lines, in the order of the log.
    pub fn finish(self) -> Vec<Keep> {
        let mut keep = self.keep;
        keep.retain(|k| !k.gone);
        keep
    }
}

/// A set of ids, each of a kind of line and with a slot, exact (the ids
/// are compared, not only hashed) and small: every id's bytes in one
/// buffer, the table holding two 32-bit numbers a key.
struct Ids {
    /// Each key as its kind (one byte), its length (four, little-endian)
    /// and its bytes.
    bytes: Vec<u8>,
    /// (slot, where its key starts in `bytes`).
    table: hashbrown::HashTable<(u32, u32)>,
    /// The kinds of event met so far (`Line::kind_name`); an event's byte
    /// is its place here plus one (sessions are 0).
    kinds: Vec<&'static str>,
    state: std::hash::RandomState,
}

impl Default for Ids {
    fn default() -> Self {
        Ids {
            bytes: Vec::new(),
            table: hashbrown::HashTable::new(),
            kinds: Vec::new(),
            state: std::hash::RandomState::new(),
        }
    }
}

impl Ids {
    /// The byte of sessions.
    const SESSION: u8 = 0;

    fn hash(state: &std::hash::RandomState, tag: u8, id: &[u8]) -> u64 {
        use std::hash::BuildHasher;
        state.hash_one((tag, id))
    }

    fn key(bytes: &[u8], at: u32) -> (u8, &[u8]) {
        let at = at as usize;
        let len = u32::from_le_bytes(bytes[at + 1..at + 5].try_into().expect("four bytes"));
        (bytes[at], &bytes[at + 5..at + 5 + len as usize])
    }

    fn tag(&self, line: &Line) -> Option<u8> {
        match line {
            Line::Session(_) => Some(Self::SESSION),
            _ => self.tag_of(line.kind_name()),
        }
    }

    /// The byte of a kind of event, once one was met.
    fn tag_of(&self, kind: &str) -> Option<u8> {
        self.kinds
            .iter()
            .position(|&k| k == kind)
            .map(|i| i as u8 + 1)
    }

    fn get(&self, line: &Line, id: &str) -> Option<usize> {
        self.get_tag(self.tag(line)?, id)
    }

    fn get_tag(&self, tag: u8, id: &str) -> Option<usize> {
        let hash = Self::hash(&self.state, tag, id.as_bytes());
        self.table
            .find(hash, |&(_, at)| {
                Self::key(&self.bytes, at) == (tag, id.as_bytes())
            })
            .map(|&(slot, _)| slot as usize)
    }

    /// Adds a key not in the set; its kind's byte.
    fn insert(&mut self, line: &Line, id: &str, slot: usize) -> u8 {
        let tag = match self.tag(line) {
            Some(t) => t,
            None => {
                self.kinds.push(line.kind_name());
                self.kinds.len() as u8
            }
        };
        let at = short(self.bytes.len() as u64);
        self.bytes.push(tag);
        self.bytes
            .extend_from_slice(&(id.len() as u32).to_le_bytes());
        self.bytes.extend_from_slice(id.as_bytes());
        let Ids {
            bytes,
            table,
            state,
            ..
        } = self;
        let hash = Self::hash(state, tag, id.as_bytes());
        table.insert_unique(hash, (short(slot as u64), at), |&(_, at)| {
            let (tag, id) = Self::key(bytes, at);
            Self::hash(state, tag, id)
        });
        tag
    }

    /// Takes a key out (its bytes stay in the buffer); its slot.
    fn remove(&mut self, tag: u8, id: &str) -> Option<usize> {
        let hash = Self::hash(&self.state, tag, id.as_bytes());
        let bytes = &self.bytes;
        let entry = self
            .table
            .find_entry(hash, |&(_, at)| {
                Self::key(bytes, at) == (tag, id.as_bytes())
            })
            .ok()?;
        let ((slot, _), _) = entry.remove();
        Some(slot as usize)
    }
}

/// Applies what a rewrite kept for a session: its amended pain score and
/// the note of the amendment at `note_at` (read again by the caller).
pub fn amend(r: &mut Record, keep: &Keep, note: Option<Amendment>) {
    if keep.pain_after.is_some() {
        r.pain_after = keep.pain_after;
    }
    if let Some(a) = note {
        r.note = a.note;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(id: &str) -> String {
        format!(
            "{{\"schema\":1,\"id\":\"{id}\",\"started\":\"2026-11-01T07:30:00+01:00\",\"ended\":\"2026-11-01T07:45:00+01:00\",\"source\":{{\"kind\":\"answers\"}},\"causes\":[],\"pain_before\":5,\"pain_after\":null,\"minutes_planned\":15.0,\"steps\":[],\"interrupted\":false}}\n"
        )
    }

    fn amendment(a: &Amendment) -> String {
        serde_json::to_string(a).unwrap() + "\n"
    }

    #[test]
    fn a_torn_stop_line_is_named_as_torn() {
        let line = br#"{"schema":2,"kind":"red_flag_stop","id":"r2","at":"2026-11-25T10:00:00+00:00","tier":"urg"#;
        let unread = parse_line(line).unwrap_err();
        assert!(!unread.newer);
        assert!(unread.message.contains("EOF"), "{unread:?}");
        // A torn session still gets the session's own message.
        let torn = session("s1");
        let unread = parse_line(&torn.as_bytes()[..60]).unwrap_err();
        assert!(unread.message.contains("EOF"), "{unread:?}");
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

    fn log() -> String {
        [
            session("a"),
            session("b"),
            amendment(&Amendment::pain_after("a", Some(4), None)),
            amendment(&Amendment::pain_after("a", Some(2), Some("later".into()))),
            amendment(&Amendment::pain_after("a", Some(3), None)),
            session("a"), // a duplicate: the first copy is kept
            amendment(&Amendment::deleted("b")),
            amendment(&Amendment::pain_after("b", Some(9), None)), // to a deleted session
            amendment(&Amendment::pain_after("zz", Some(9), None)), // to no session
            session("b"),                                          // imported again
            amendment(&Amendment::pain_after("b", None, Some("back".into()))),
        ]
        .concat()
    }

    #[test]
    fn folding_applies_amendments_in_order() {
        let (records, damaged) = parse(log().as_bytes());
        assert!(damaged.is_empty(), "{damaged:?}");
        let got: Vec<_> = records
            .iter()
            .map(|r| (r.id.as_str(), r.pain_after, r.note.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![("a", Some(3), Some("later")), ("b", None, Some("back"))]
        );
    }

    /// The two-pass rewrite (ids and offsets, then the lines again) gives
    /// what folding the whole log in memory gives.
    #[test]
    fn a_rewrite_by_offsets_gives_the_fold() {
        let text = log();
        let mut offsets = HashMap::new();
        let mut rewrite = Rewrite::default();
        let mut offset = 0u64;
        for line in text.split_inclusive('\n') {
            let parsed = parse_line(line.trim().as_bytes()).unwrap();
            rewrite.push(offset, &parsed);
            offsets.insert(offset, parsed);
            offset += line.len() as u64;
        }
        let mut records = Vec::new();
        for keep in rewrite.finish() {
            let Line::Session(mut r) = offsets[&keep.offset()].clone() else {
                panic!("only sessions here")
            };
            let note = keep.note_at().map(|at| match offsets[&at].clone() {
                Line::Amendment(a) => a,
                _ => panic!("a note is in an amendment"),
            });
            amend(&mut r, &keep, note);
            records.push(*r);
        }
        assert_eq!(records, parse(text.as_bytes()).0);
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
}
