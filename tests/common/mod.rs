//! Shared helpers: run the real binary in an isolated home.
#![allow(dead_code)]

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

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
