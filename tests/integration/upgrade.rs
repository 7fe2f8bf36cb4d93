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
        .in_process()
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
        .in_process()
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

/// What a newer backrelief may have written (tests/fixtures/newer-release/).
fn newer(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/newer-release")
        .join(file)
}

/// The fields of a YAML mapping, by name.
fn yaml_fields(text: &str) -> backrelief::library::YamlValue {
    backrelief::library::from_yaml(text).expect("YAML")
}

/// A newer backrelief may add fields to the profile. This one reads such a
/// profile, warns once per unknown field naming the file and the field (a
/// command that reads the profile twice still warns once), never shows
/// them as its own, and keeps them, as they were, when it saves a change.
#[test]
fn a_profile_with_a_newer_release_s_fields_is_read_warned_about_once_and_kept() {
    let home = Home::new();
    let at = home.profile_file();
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    let original = std::fs::read_to_string(newer("config/backrelief/profile.yaml")).unwrap();
    std::fs::write(&at, &original).unwrap();
    let unknown = [
        "goals",
        "reminder_hour",
        "units",
        "checked[0].by",
        "cleared.by",
    ];
    let warned = |out: &std::process::Output, what: &str| {
        let err = stderr(out);
        assert!(out.status.success(), "{what}: {err}");
        for field in unknown {
            let line = format!(
                "warning: {}: `{field}` is not a field this backrelief knows",
                at.display()
            );
            assert_eq!(err.matches(&line).count(), 1, "{what}: {err}");
        }
        assert_eq!(err.lines().count(), unknown.len(), "{what}: {err}");
    };
    let run = |args: &[&str]| {
        home.in_process()
            .env("BACKRELIEF_TODAY", TODAY)
            .args(args)
            .output()
            .unwrap()
    };
    // Read: what it knows is used (glaucoma rules the plan), the rest named.
    let shown = run(&["profile", "--json"]);
    warned(&shown, "profile --json");
    let profile = &json(&stdout(&shown))["profile"];
    assert_eq!(profile["minutes"], 10);
    assert_eq!(profile["conditions"], serde_json::json!(["glaucoma"]));
    for field in &unknown[..3] {
        assert!(profile.get(field).is_none(), "{field} shown: {profile}");
    }
    assert_eq!(
        profile["checked"],
        serde_json::json!([{"flag": "saddle-numbness", "on": "2026-11-12"}])
    );
    assert_eq!(
        profile["cleared"],
        serde_json::json!({"text": "fine to exercise", "on": "2026-11-12"})
    );
    // `progress` reads the profile twice: still one warning per field.
    warned(&run(&["progress"]), "progress");
    warned(
        &home
            .cmd()
            .env("BACKRELIEF_TODAY", TODAY)
            .args(["session", "--answers", "-", "--plan"])
            .write_stdin(crate::support::SHORT.replace("conditions: []\n", ""))
            .output()
            .unwrap(),
        "session --plan",
    );
    // Rewritten: the change made, every unknown field as it was.
    warned(
        &run(&["profile", "--minutes", "20"]),
        "profile --minutes 20",
    );
    let before = yaml_fields(&original);
    let after = yaml_fields(&std::fs::read_to_string(&at).unwrap());
    assert_eq!(after["minutes"].as_u64(), Some(20));
    for field in &unknown[..3] {
        assert_eq!(after[field], before[field], "{field}");
    }
    assert_eq!(after["checked"][0]["by"].as_str(), Some("Dr Okafor"));
    for field in [
        "conditions",
        "equipment",
        "bell",
        "version",
        "checked",
        "cleared",
    ] {
        assert_eq!(after[field], before[field], "{field}");
    }
}

/// A newer backrelief may add fields and sections to the library files a
/// person keeps (a saved program, their own exercise). This one leaves
/// each out and says so, with its file, line and column, on every command
/// (one may be a misspelt field that matters, such as `avoid_if`); the
/// rest of the file works, `check` lists them and still passes, and such a
/// library is never cached, so no command stays silent about them.
#[test]
fn library_files_with_a_newer_release_s_fields_still_work_with_warnings() {
    let home = Home::new();
    copy_tree(
        &newer("config/backrelief/routines"),
        &home.config().join("backrelief/routines"),
    );
    let dir = home.config().join("backrelief/routines");
    let (program, exercise) = (dir.join("programs/my-mornings.yaml"), dir.join("mine.yaml"));
    let expected = [
        format!(
            "{}:7:3: warning: program 'my-mornings', field `colour`: unknown field `colour`",
            program.display()
        ),
        format!(
            "{}:18:5: warning: program 'my-mornings', field `steps[1].side`: unknown field `side`",
            program.display()
        ),
        format!(
            "{}:14:5: warning: exercise 'wall-sit', field `video`: unknown field `video`",
            exercise.display()
        ),
        format!(
            "{}:28:1: warning: unknown section `reminders`",
            exercise.display()
        ),
    ];
    for args in [
        &["programs", "my-mornings"][..],
        &["sheet", "--program", "my-mornings"],
        &["show", "wall-sit"],
        &["check"],
    ] {
        let out = home
            .in_process()
            .env("BACKRELIEF_TODAY", TODAY)
            .args(args)
            .output()
            .unwrap();
        let err = stderr(&out);
        assert!(out.status.success(), "{args:?}: {err}");
        for line in &expected {
            assert_eq!(
                err.matches(line.as_str()).count(),
                1,
                "{args:?}: {line}\n{err}"
            );
        }
        let warnings: Vec<&str> = err.lines().filter(|l| l.contains(": warning: ")).collect();
        assert_eq!(warnings.len(), expected.len(), "{args:?}: {err}");
        assert!(
            warnings
                .iter()
                .all(|l| l.ends_with(backrelief::library::LEFT_OUT)),
            "{args:?}: {err}"
        );
    }
    let shown = stdout(
        &home
            .in_process()
            .env("BACKRELIEF_TODAY", TODAY)
            .args(["programs", "my-mornings"])
            .output()
            .unwrap(),
    );
    assert!(
        shown.contains("Child's pose") || shown.contains("child"),
        "{shown}"
    );
    assert!(!home.cache().join("backrelief/library.bin").exists());
}

/// A field left out of a person's own exercise may have been a safety one
/// (`avoid_iff` for `avoid_if`): until it is fixed, that exercise is opt-in,
/// so no plan picks it for someone it was meant to avoid.
#[test]
fn an_own_exercise_with_a_field_left_out_is_planned_only_when_opted_in() {
    let home = Home::new();
    let dir = home.config().join("backrelief/routines");
    std::fs::create_dir_all(&dir).unwrap();
    let mine = |extra: &str| {
        r#"exercises:
  - id: my-chair-squat
    name: My chair squat
    category: strengthening
    muscles:
      primary: [quadriceps]
    position: standing
    equipment: [chair]
    difficulty: 1
    dose: {reps: 8, sets: 2, rest: 30}
EXTRA    instructions:
      - Sit down onto the chair and stand up again.
    feel: Thighs working.
    cautions:
      - Stop if your knees hurt.
    make_it_easier: Use your hands on your thighs.
    movements: [standing]
    needs: []
    come_out: Sit down.
    illustration: |
      o
      |\
      |_
    dose_source: "precaution: a first try"
"#
        .replace("EXTRA", extra)
    };
    let opt_in = |home: &Home| {
        let out = home.in_process().args(["list", "--json"]).output().unwrap();
        let list = json(&stdout(&out));
        let e = list["exercises"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == "my-chair-squat")
            .cloned()
            .unwrap();
        (e["opt_in"].as_bool().unwrap(), stderr(&out))
    };
    std::fs::write(dir.join("mine.yaml"), mine("")).unwrap();
    assert!(!opt_in(&home).0);
    std::fs::write(dir.join("mine.yaml"), mine("    avoid_iff: [pregnancy]\n")).unwrap();
    let (opted, err) = opt_in(&home);
    assert!(opted, "{err}");
    assert!(err.contains("unknown field `avoid_iff`"), "{err}");
    assert!(err.contains("unless you opt in to it"), "{err}");
}
