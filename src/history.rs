//! History: every session, finished or interrupted, as one JSON line in
//! `history.jsonl` under the data directory. Plain text a person can read
//! and back up; appends are locked and fsynced; reads never change a byte.

use crate::error::{Error, Result};
use crate::planner::{PastSession, Plan, Source};
use crate::runner::Status;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The record format this build writes and reads.
pub const SCHEMA: u32 = 1;
pub const FILE_NAME: &str = "history.jsonl";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepRecord {
    pub exercise: String,
    pub status: Status,
    pub seconds_held: u32,
    pub seconds_planned: u32,
    /// The dose as planned, so a sheet can reprint the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dose: Option<crate::library::Dose>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CauseRecord {
    pub id: String,
    pub score: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub schema: u32,
    pub id: String,
    pub started: DateTime<FixedOffset>,
    pub ended: DateTime<FixedOffset>,
    pub source: Source,
    pub causes: Vec<CauseRecord>,
    pub pain_before: u8,
    pub pain_after: Option<u8>,
    pub minutes_planned: f64,
    pub steps: Vec<StepRecord>,
    pub interrupted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Record {
    /// Builds the record of a session that just ran.
    pub fn new(
        plan: &Plan,
        started: DateTime<FixedOffset>,
        ended: DateTime<FixedOffset>,
        outcomes: &[crate::runner::StepOutcome],
        interrupted: bool,
        pain_after: Option<u8>,
        note: Option<String>,
    ) -> Record {
        Record {
            schema: SCHEMA,
            id: new_id(started),
            started,
            ended,
            source: plan.source.clone(),
            causes: plan
                .causes
                .iter()
                .map(|c| CauseRecord {
                    id: c.id.clone(),
                    score: c.score,
                })
                .collect(),
            pain_before: plan.pain,
            pain_after,
            minutes_planned: plan.minutes_planned,
            steps: plan
                .steps
                .iter()
                .zip(outcomes)
                .map(|(s, o)| StepRecord {
                    exercise: s.exercise.clone(),
                    status: o.status,
                    seconds_held: o.seconds_held,
                    seconds_planned: s.seconds,
                    dose: Some(s.dose),
                })
                .collect(),
            interrupted,
            note,
        }
    }

    pub fn minutes(&self) -> f64 {
        (self.ended - self.started).num_seconds().max(0) as f64 / 60.0
    }

    /// Share of planned steps done in full.
    pub fn completion(&self) -> f64 {
        if self.steps.is_empty() {
            return 0.0;
        }
        self.steps
            .iter()
            .filter(|s| s.status == Status::Done)
            .count() as f64
            / self.steps.len() as f64
    }
}

/// "20261125-073012-3fa95c21": sortable by time, unique for one person.
fn new_id(started: DateTime<FixedOffset>) -> String {
    let nanos = started.timestamp_subsec_nanos();
    // 32 bits of the start time's nanoseconds mixed with the process id, so
    // two sessions started in the same second do not share an id.
    let salt = nanos.wrapping_mul(2_654_435_761) ^ std::process::id().rotate_left(16);
    format!("{}-{salt:08x}", started.format("%Y%m%d-%H%M%S"))
}

/// A line that could not be read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damaged {
    pub line: usize,
    pub message: String,
}

pub struct Store {
    pub path: PathBuf,
}

impl Store {
    pub fn open(data_dir: Option<&PathBuf>) -> Result<Store> {
        let dir = crate::paths::data_dir(data_dir).ok_or_else(|| {
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

    fn locked(&self) -> Result<File> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        }
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&self.path)
            .map_err(|e| Error::io(format!("opening {}", self.path.display()), e))?;
        file.lock()
            .map_err(|e| Error::io(format!("locking {}", self.path.display()), e))?;
        Ok(file)
    }

    /// Appends records as whole lines, under an exclusive lock, then fsyncs.
    /// A torn last line (from a crash) is closed off first so it cannot
    /// swallow the new record.
    pub fn append(&self, records: &[Record]) -> Result<()> {
        let mut file = self.locked()?;
        let ctx = |e| Error::io(format!("appending to {}", self.path.display()), e);
        let len = file.metadata().map_err(ctx)?.len();
        let mut buf = Vec::new();
        if len > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(len - 1)).map_err(ctx)?;
            file.read_exact(&mut last).map_err(ctx)?;
            if last[0] != b'\n' {
                buf.push(b'\n');
            }
        }
        for r in records {
            serde_json::to_writer(&mut buf, r).expect("records serialize");
            buf.push(b'\n');
        }
        // One write of whole lines: with O_APPEND and the lock, lines never interleave.
        file.write_all(&buf).map_err(ctx)?;
        file.sync_all().map_err(ctx)?;
        Ok(())
    }

    /// Reads every record. Damaged lines are reported and skipped; the file
    /// is opened read-only and never changed.
    pub fn read(&self) -> Result<(Vec<Record>, Vec<Damaged>)> {
        let text = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Vec::new(), Vec::new()))
            }
            Err(e) => return Err(Error::io(format!("reading {}", self.path.display()), e)),
        };
        Ok(parse(&text))
    }

    /// Removes one record by id, keeping every other line byte for byte.
    /// Removes one record by id, keeping every other line byte for byte.
    pub fn delete(&self, id: &str) -> Result<bool> {
        self.rewrite_record(id, Vec::new())
    }

    /// Replaces the record with the same id (a session's pain-after score
    /// is added once it is known), keeping every other line byte for byte.
    pub fn replace(&self, record: &Record) -> Result<bool> {
        let mut line = serde_json::to_vec(record).expect("records serialize");
        line.push(b'\n');
        self.rewrite_record(&record.id, line)
    }

    /// Swaps the first line whose record has `id` for `with` (empty to
    /// delete), under the lock, writing the file atomically.
    fn rewrite_record(&self, id: &str, with: Vec<u8>) -> Result<bool> {
        let mut file = self.locked()?;
        let mut bytes = Vec::new();
        file.seek(SeekFrom::Start(0))
            .and_then(|_| file.read_to_end(&mut bytes))
            .map_err(|e| Error::io(format!("reading {}", self.path.display()), e))?;
        let mut kept = Vec::with_capacity(bytes.len() + with.len());
        let mut found = false;
        for line in bytes.split_inclusive(|&b| b == b'\n') {
            let is_target =
                serde_json::from_slice::<IdOnly>(line.trim_ascii()).is_ok_and(|r| r.id == id);
            if is_target && !found {
                found = true;
                kept.extend_from_slice(&with);
            } else {
                kept.extend_from_slice(line);
            }
        }
        if found {
            crate::fsutil::write_atomic(&self.path, &kept)?;
        }
        drop(file);
        Ok(found)
    }
}

#[derive(Deserialize)]
struct IdOnly {
    id: String,
}

/// Parses history text; used by `read` and by `import`.
pub fn parse(bytes: &[u8]) -> (Vec<Record>, Vec<Damaged>) {
    let mut records = Vec::new();
    let mut damaged = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = line.trim_ascii();
        if line.is_empty() {
            continue;
        }
        #[derive(Deserialize)]
        struct Version {
            schema: u32,
        }
        match serde_json::from_slice::<Version>(line) {
            Ok(v) if v.schema > SCHEMA => {
                damaged.push(Damaged {
                    line: i + 1,
                    message: format!("written by a newer backrelief (schema {}; this one reads {SCHEMA}); kept as is", v.schema),
                });
                continue;
            }
            _ => {}
        }
        match serde_json::from_slice::<Record>(line) {
            Ok(r) => records.push(r),
            Err(e) => damaged.push(Damaged {
                line: i + 1,
                message: format!("damaged record skipped: {e}"),
            }),
        }
    }
    (records, damaged)
}

/// What the planner needs from history, oldest first.
pub fn past_sessions(records: &[Record]) -> Vec<PastSession> {
    let mut past: Vec<PastSession> = records
        .iter()
        .map(|r| PastSession {
            date: r.started.date_naive(),
            exercises: r
                .steps
                .iter()
                .filter(|s| matches!(s.status, Status::Done | Status::CutShort))
                .map(|s| s.exercise.clone())
                .collect(),
            pain_before: r.pain_before,
            pain_after: r.pain_after,
        })
        .collect();
    past.sort_by_key(|p| p.date);
    past
}

/// What a session was for: its program, or its top causes.
fn purpose(r: &Record) -> String {
    match &r.source {
        Source::Program { id } => id.clone(),
        Source::Answers if r.causes.is_empty() => "general".to_string(),
        Source::Answers => r
            .causes
            .iter()
            .take(2)
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        Source::Chosen => "chosen exercises".to_string(),
    }
}

fn pain_text(r: &Record) -> String {
    match r.pain_after {
        Some(a) => format!("{} -> {a}", r.pain_before),
        None => format!("{} -> ?", r.pain_before),
    }
}

pub fn table(records: &[&Record]) -> String {
    use crate::style::{pad, truncate};
    if records.is_empty() {
        return "No sessions yet. Run `backrelief session` to do the first one.\n".to_string();
    }
    let mut out = format!(
        "{} {} {} {} {} {}\n",
        pad("DATE", 10),
        pad("ID", 20),
        pad("FOR", 22),
        pad("MIN", 4),
        pad("PAIN", 8),
        "DONE"
    );
    for r in records {
        out.push_str(&format!(
            "{} {} {} {} {} {:>3.0}%{}\n",
            r.started.format("%Y-%m-%d"),
            pad(&truncate(&r.id, 20), 20),
            pad(&truncate(&purpose(r), 22), 22),
            pad(&format!("{:.0}", r.minutes()), 4),
            pad(&pain_text(r), 8),
            r.completion() * 100.0,
            if r.interrupted { " stopped early" } else { "" }
        ));
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn csv(records: &[&Record]) -> String {
    let mut out = String::from(
        "id,started,ended,for,minutes,pain_before,pain_after,completion,interrupted,note\n",
    );
    for r in records {
        let row = [
            r.id.clone(),
            r.started.to_rfc3339(),
            r.ended.to_rfc3339(),
            purpose(r),
            format!("{:.1}", r.minutes()),
            r.pain_before.to_string(),
            r.pain_after.map(|p| p.to_string()).unwrap_or_default(),
            format!("{:.2}", r.completion()),
            r.interrupted.to_string(),
            r.note.clone().unwrap_or_default(),
        ];
        out.push_str(
            &row.iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    out
}

fn report_damaged(store: &Store, damaged: &[Damaged]) {
    for d in damaged {
        eprintln!("{}:{}: {}", store.path.display(), d.line, d.message);
    }
}

/// `backrelief history ...`
pub fn command(global: &crate::cli::Global, args: &crate::cli::HistoryArgs) -> Result<()> {
    use crate::cli::HistoryAction;
    let store = Store::open(global.data_dir.as_ref())?;
    match &args.action {
        Some(HistoryAction::Import { file }) => {
            let bytes = std::fs::read(file)
                .map_err(|e| Error::io(format!("reading {}", file.display()), e))?;
            let (incoming, damaged) = parse(&bytes);
            if !damaged.is_empty() {
                let lines: Vec<String> = damaged
                    .iter()
                    .map(|d| format!("{}:{}: {}", file.display(), d.line, d.message))
                    .collect();
                return Err(Error::data(
                    file.display(),
                    format!(
                        "nothing imported; fix these lines first:\n{}",
                        lines.join("\n")
                    ),
                ));
            }
            let (existing, _) = store.read()?;
            let mut seen: std::collections::HashSet<String> =
                existing.iter().map(|r| r.id.clone()).collect();
            let fresh: Vec<Record> = incoming
                .into_iter()
                .filter(|r| seen.insert(r.id.clone()))
                .collect();
            let skipped = bytes
                .split(|&b| b == b'\n')
                .filter(|l| !l.trim_ascii().is_empty())
                .count()
                - fresh.len();
            if !fresh.is_empty() {
                store.append(&fresh)?;
            }
            crate::app::print(&format!(
                "imported {} session(s); {skipped} already present\n",
                fresh.len()
            ))
        }
        Some(HistoryAction::Export {
            csv: as_csv,
            output,
        }) => {
            let (records, damaged) = store.read()?;
            report_damaged(&store, &damaged);
            let all: Vec<&Record> = records.iter().collect();
            let text = if *as_csv {
                csv(&all)
            } else {
                records
                    .iter()
                    .map(|r| serde_json::to_string(r).expect("records serialize") + "\n")
                    .collect()
            };
            match output {
                Some(path) => crate::fsutil::write_atomic(path, text.as_bytes()),
                None => crate::app::print(&text),
            }
        }
        Some(HistoryAction::Delete { id, yes }) => {
            let (records, _) = store.read()?;
            let Some(r) = records.iter().find(|r| &r.id == id) else {
                let hint = crate::library::suggest(id, records.iter().map(|r| r.id.as_str()))
                    .map(|s| format!(" — did you mean '{s}'?"))
                    .unwrap_or_else(|| "; see `backrelief history` for ids".to_string());
                return Err(Error::Usage(format!("no session '{id}'{hint}")));
            };
            if !yes {
                let mut p = crate::prompt::terminal();
                let q = format!(
                    "Delete the session of {} ({}, pain {})?",
                    r.started.format("%Y-%m-%d %H:%M"),
                    purpose(r),
                    pain_text(r)
                );
                if !p.yes_no(&q)? {
                    return crate::app::print("kept\n");
                }
            }
            store.delete(id)?;
            crate::app::print(&format!("deleted {id}\n"))
        }
        None => {
            let (records, damaged) = store.read()?;
            report_damaged(&store, &damaged);
            let mut chosen: Vec<&Record> = records
                .iter()
                .filter(|r| args.since.is_none_or(|d| r.started.date_naive() >= d))
                .collect();
            chosen.sort_by_key(|r| r.started);
            if let Some(n) = args.last {
                let skip = chosen.len().saturating_sub(n);
                chosen.drain(..skip);
            }
            if args.json {
                crate::app::print(
                    &(serde_json::to_string_pretty(&chosen).expect("records serialize") + "\n"),
                )
            } else if args.csv {
                crate::app::print(&csv(&chosen))
            } else {
                crate::app::print(&table(&chosen))
            }
        }
    }
}
