//! Shared helpers: run the real binary in an isolated home.

use assert_cmd::Command;
use std::path::Path;
use tempfile::TempDir;

/// A throwaway config and data directory for one test.
pub struct Home {
    pub dir: TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn config(&self) -> std::path::PathBuf {
        self.path().join("config")
    }
    pub fn data(&self) -> std::path::PathBuf {
        self.path().join("data")
    }
    /// The binary, with colour off and every user path inside this home.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("backrelief").expect("binary builds");
        c.env("XDG_CONFIG_HOME", self.config())
            .env("XDG_DATA_HOME", self.path().join("xdg-data"))
            .env("BACKRELIEF_HOME", self.data())
            .env("NO_COLOR", "1")
            .env("BACKRELIEF_TODAY", today())
            .env_remove("BACKRELIEF_LIBRARY")
            .env_remove("BACKRELIEF_TIME_SCALE");
        c
    }
    /// Writes a file under this home and returns its path.
    pub fn write(&self, rel: &str, text: &str) -> std::path::PathBuf {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("has parent")).expect("mkdir");
        std::fs::write(&p, text).expect("write");
        p
    }
}

/// The date every command in a test runs on: `BACKRELIEF_TODAY` when the
/// suite is run under a chosen date (CI runs it under several), otherwise
/// a fixed day, so no test depends on when it runs.
pub fn today() -> String {
    std::env::var("BACKRELIEF_TODAY").unwrap_or_else(|_| "2026-11-25".into())
}

/// `today()` at nine in the morning, UTC, for records made by tests.
pub fn today_at_nine() -> chrono::DateTime<chrono::FixedOffset> {
    let day: chrono::NaiveDate = today().parse().expect("BACKRELIEF_TODAY is a date");
    day.and_hms_opt(9, 0, 0)
        .expect("valid time")
        .and_utc()
        .fixed_offset()
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
