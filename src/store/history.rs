//! The history log: every session, finished or interrupted, as one JSON
//! line in `history.jsonl` under the data directory. Plain text a person
//! can read and back up; appends are locked and fsynced; reads never change
//! a byte.

use crate::error::{Error, Result};
use crate::record::{Record, SCHEMA};
use serde::Deserialize;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "history.jsonl";

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
            crate::store::files::write_atomic(&self.path, &kept)?;
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
