//! The upgrade promise: this release reads the history, profile, saved
//! programs and library cache that the previous release wrote. The files in
//! tests/fixtures/previous-release/VERSION/ were written by that release's
//! binary (scripts/make-previous-release-fixtures); each test copies them
//! into a fresh home and reads them with this one.

use crate::support::{stderr, stdout, Home};
use std::path::{Path, PathBuf};

/// After the fixtures' last day, so every record is in the past.
const TODAY: &str = "2026-11-20";

fn releases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/previous-release");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/previous-release exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    assert!(
        !out.is_empty(),
        "no previous release under {}",
        dir.display()
    );
    out
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A home holding what `release` left behind.
fn home_of(release: &Path) -> Home {
    let home = Home::new();
    for part in ["config", "cache", "data"] {
        copy_tree(&release.join(part), &home.path().join(part));
    }
    first_run(&home);
    home
}

/// The first run after the upgrade may only say, once, that files the
/// previous release left readable by others are now the user's alone.
fn first_run(home: &Home) {
    let out = home
        .cmd()
        .env("BACKRELIEF_TODAY", TODAY)
        .arg("history")
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(out.status.success(), "first run after the upgrade: {err}");
    for line in err.lines() {
        assert!(
            line.starts_with("notice: ") && line.ends_with("it is now yours alone (600)"),
            "the first run after the upgrade may only tighten file modes: {line}"
        );
    }
}

/// Runs `args` in `home`; it must succeed and warn about nothing.
fn quietly(home: &Home, args: &[&str]) -> String {
    let out = home
        .cmd()
        .env("BACKRELIEF_TODAY", TODAY)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "backrelief {args:?} on the previous release's files: {:?}\n{}",
        out.status,
        stderr(&out)
    );
    stdout(&out)
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("JSON")
}

#[test]
fn the_fixtures_hold_every_kind_of_file() {
    for release in releases() {
        for file in [
            "VERSION",
            "data/history.jsonl",
            "config/backrelief/profile.yaml",
            "config/backrelief/routines/programs/my-mornings.yaml",
            "cache/backrelief/library.bin",
        ] {
            assert!(
                release.join(file).is_file(),
                "{}: no {file}",
                release.display()
            );
        }
    }
}

#[test]
fn history_written_by_the_previous_release_reads_whole() {
    for release in releases() {
        let home = home_of(&release);
        let history = json(&quietly(&home, &["history", "--json"]));
        let sessions = history["sessions"].as_array().expect("sessions");
        assert_eq!(sessions.len(), 3, "{}", release.display());
        assert_eq!(sessions[0]["pain_before"], 5);
        assert_eq!(
            sessions[0]["pain_after"], 3,
            "the pain-after record folds in"
        );
        assert_eq!(sessions[0]["note"], "first one");
        assert_eq!(sessions[2]["pain_after"], 2);
        let function = json(&quietly(&home, &["function", "--json"]));
        assert_eq!(function["ratings"].as_array().map(Vec::len), Some(2));
        let report = quietly(&home, &["report"]);
        assert!(report.contains("saddle-numbness"), "{report}");
        assert!(report.contains("3 sessions"), "{report}");
        quietly(&home, &["progress"]);
        quietly(&home, &["history"]);
    }
}

#[test]
fn a_profile_written_by_the_previous_release_keeps_every_answer() {
    for release in releases() {
        let home = home_of(&release);
        let profile = &json(&quietly(&home, &["profile", "--json"]))["profile"];
        assert_eq!(profile["conditions"], serde_json::json!(["glaucoma"]));
        assert_eq!(profile["minutes"], 10);
        assert_eq!(profile["age"], 45);
        assert_eq!(profile["bell"], "countdown");
        assert_eq!(profile["checked"][0]["flag"], "saddle-numbness");
    }
}

#[test]
fn a_program_saved_by_the_previous_release_still_runs_as_a_sheet() {
    for release in releases() {
        let home = home_of(&release);
        assert!(quietly(&home, &["programs"]).contains("my-mornings"));
        let sheet = quietly(&home, &["sheet", "--program", "my-mornings"]);
        assert!(sheet.contains("My mornings"), "{sheet}");
        quietly(&home, &["check"]);
    }
}

#[test]
fn the_previous_release_s_cache_gives_the_same_library_as_none() {
    for release in releases() {
        let home = home_of(&release);
        let with_old_cache = (
            quietly(&home, &["list", "--json"]),
            quietly(&home, &["programs", "--json"]),
        );
        std::fs::remove_dir_all(home.cache()).unwrap();
        let without = (
            quietly(&home, &["list", "--json"]),
            quietly(&home, &["programs", "--json"]),
        );
        assert!(with_old_cache.1.contains("\"my-mornings\""));
        assert_eq!(with_old_cache, without);
    }
}
