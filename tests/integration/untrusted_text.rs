//! Text from files, the command line and the environment never reaches the
//! terminal raw (issue 15): escape sequences in a library are refused by
//! `check` with path:line:column and an escaped message; a history full of
//! them renders clean in every command and format. Also the numbers and
//! settings that used to crash: overflowing doses, time scales, a full
//! stderr or stdout, profile minutes and empty environment variables.

use crate::support::{bin, stderr, stdout, Home};
use std::process::Output;

/// A window title, a screen clear, an OSC 52 clipboard write, a right-to-left
/// override, a C1 CSI, a bidi isolate, DEL and a bell.
const HOSTILE: &str =
    "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}]52;c;cHduZWQ=\u{7}\u{202e}gnp.exe\u{9b}31m\u{2066}x\u{7f}";

/// The same, as a YAML double-quoted string body.
const HOSTILE_YAML: &str = r#"\e]0;pwned\a\e[2J\e]52;c;cHduZWQ=\a\u202Egnp.exe\x9B31m\u2066x\x7F"#;

/// Panics when `bytes` holds ESC, BEL, C1 CSI (as UTF-8) or a bidi control.
fn assert_clean_bytes(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    assert!(!bytes.contains(&0x1b), "{what}: ESC in {text:?}");
    assert!(!bytes.contains(&0x07), "{what}: BEL in {text:?}");
    assert!(
        !bytes.windows(2).any(|w| w == [0xc2, 0x9b]),
        "{what}: C1 CSI in {text:?}"
    );
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| {
            matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
                || (c.is_control() && c != '\n' && c != '\t')
        })
        .collect();
    assert!(bad.is_empty(), "{what}: controls {bad:?} in {text:?}");
}

fn assert_clean(out: &Output, what: &str) {
    assert_clean_bytes(&out.stdout, &format!("{what} (stdout)"));
    assert_clean_bytes(&out.stderr, &format!("{what} (stderr)"));
    let err = stderr(out);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{what}: {err}"
    );
}

/// An exercise with `HOSTILE` in one field (or none), every field on its
/// own line. `{H}` marks where the text goes.
const EXERCISE: &str = r#"exercises:
  - id: hostile-breathing
    name: "Hostile breathing{name}"
    aliases: ["calm breathing{aliases}"]
    category: breathing
    muscles: {primary: [diaphragm]}
    position: on-back
    movements: [lying-on-back]
    difficulty: 1
    dose: {hold: 60}
    instructions:
      - "Lie on your back{instructions}"
      - "Breathe slowly."
    feel: "Calm{feel}"
    cautions:
      - "Stop if dizzy{cautions}"
    make_it_easier: "Sit in a chair{make_it_easier}"
    easier: seated-breathing
    helps: [poor-posture]
    illustration: "  o{illustration}\n /|\\\n"
    illustration_end: "  o{illustration_end}\n /|\n"
    evidence:
      - claim: "It helps{claim}"
        source: "Someone 2020{source}"
causes:
  - id: hostile-cause
    name: "Hostile cause{cause_name}"
    summary: "A summary{cause_summary}"
    explanation: "Why{explanation}"
    signs: ["A sign{signs}"]
    helps: [hostile-breathing]
therapies:
  - id: hostile-therapy
    name: "Hostile therapy{therapy_name}"
    summary: "A summary"
    what_to_expect: "Expect{what_to_expect}"
    consider_when: "When{consider_when}"
programs:
  - id: hostile-program
    name: "Hostile program{program_name}"
    summary: "A summary{program_summary}"
    steps:
      - exercise: hostile-breathing
"#;

const FIELDS: &[&str] = &[
    "name",
    "aliases",
    "instructions",
    "feel",
    "cautions",
    "make_it_easier",
    "illustration",
    "illustration_end",
    "claim",
    "source",
    "cause_name",
    "cause_summary",
    "explanation",
    "signs",
    "therapy_name",
    "what_to_expect",
    "consider_when",
    "program_name",
    "program_summary",
];

/// The library file with `HOSTILE` in the fields `hostile` names.
fn library(hostile: &[&str]) -> String {
    let mut text = EXERCISE.to_string();
    for f in FIELDS {
        let with = if hostile.contains(f) {
            HOSTILE_YAML
        } else {
            ""
        };
        text = text.replace(&format!("{{{f}}}"), with);
    }
    text
}

/// The one-based line of the field's placeholder in `EXERCISE`.
fn line_of(field: &str) -> usize {
    EXERCISE
        .lines()
        .position(|l| l.contains(&format!("{{{field}}}")))
        .expect("placeholder")
        + 1
}

#[test]
fn the_test_library_is_valid_without_hostile_text() {
    let home = Home::new();
    let dir = home.path().join("lib");
    home.write("lib/hostile.yaml", &library(&[]));
    let out = check(&home, &dir);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn check_refuses_control_characters_in_every_text_field_with_an_escaped_message() {
    let home = Home::new();
    for field in FIELDS {
        let dir = home.path().join(format!("lib-{field}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("hostile.yaml"), library(&[field])).unwrap();
        let out = check(&home, &dir);
        assert_eq!(out.status.code(), Some(1), "{field}: {}", stderr(&out));
        assert_clean(&out, field);
        let err = stderr(&out);
        let at = format!("hostile.yaml:{}:", line_of(field));
        assert!(err.contains(&at), "{field}: expected {at} in {err}");
        assert!(
            err.contains("control character") && err.contains("\\u{1b}]0;pwned\\u{7}"),
            "{field}: {err}"
        );
    }
}

#[test]
fn every_command_refuses_a_hostile_library_cleanly() {
    let home = Home::new();
    let dir = home.path().join("lib");
    home.write("lib/hostile.yaml", &library(FIELDS));
    let answers = home.write(
        "a.yaml",
        "red_flags: []\npain: 4\nareas: [low-back]\nsymptoms: []\nconditions: []\nequipment: []\nminutes: 10\n",
    );
    let runs: Vec<Vec<String>> = vec![
        vec!["check".into()],
        vec!["list".into()],
        vec!["show".into(), "hostile-breathing".into()],
        vec!["show".into(), "hostile-breathing".into(), "--json".into()],
        vec!["causes".into()],
        vec!["causes".into(), "hostile-cause".into()],
        vec!["programs".into()],
        vec!["programs".into(), "hostile-program".into()],
        vec!["therapies".into()],
        vec![
            "session".into(),
            "--plan".into(),
            "--answers".into(),
            answers.display().to_string(),
        ],
        vec![
            "sheet".into(),
            "--exercises".into(),
            "hostile-breathing".into(),
        ],
    ];
    for args in runs {
        let out = home
            .in_process()
            .arg("--library")
            .arg(&dir)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert_clean(&out, &args.join(" "));
        assert!(stderr(&out).contains("hostile.yaml:"), "{args:?}");
    }
}

#[test]
fn yaml_syntax_and_unknown_keys_quoting_hostile_text_are_escaped() {
    let home = Home::new();
    let dir = home.path().join("lib");
    home.write(
        "lib/bad.yaml",
        &format!("\"exercises{HOSTILE_YAML}\": []\nexercises:\n  - id: x\n    category: \"{HOSTILE_YAML}\"\n"),
    );
    let out = check(&home, &dir);
    assert_eq!(out.status.code(), Some(1));
    assert_clean(&out, "bad keys");
}

/// Four sessions whose every free-text field is hostile: ids, causes,
/// program and exercise ids, notes.
fn hostile_history(home: &Home) {
    let mut lines = String::new();
    for (i, day) in ["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"]
        .iter()
        .enumerate()
    {
        let source = if i % 2 == 0 {
            serde_json::json!({"kind": "program", "id": format!("{HOSTILE}-program")})
        } else {
            serde_json::json!({"kind": "answers"})
        };
        let rec = serde_json::json!({
            "schema": 1,
            "id": format!("{HOSTILE}{i}"),
            "started": format!("{day}T07:30:00+00:00"),
            "ended": format!("{day}T07:45:00+00:00"),
            "source": source,
            "causes": [{"id": format!("{HOSTILE}cause"), "score": 5}],
            "pain_before": 6,
            "pain_after": 4,
            "minutes_planned": 15.0,
            "steps": [
                {"exercise": format!("{HOSTILE}ex"), "status": "done", "seconds_held": 90, "seconds_planned": 90},
                {"exercise": "cat-cow", "status": "done", "seconds_held": 90, "seconds_planned": 90}
            ],
            "interrupted": false,
            "note": format!("=cmd|' /C calc'!A0 {HOSTILE}\nsecond line"),
        });
        lines.push_str(&rec.to_string());
        lines.push('\n');
    }
    // A damaged line, reported on stderr.
    lines.push_str(&serde_json::json!({"schema": 1, "id": HOSTILE}).to_string());
    lines.push('\n');
    std::fs::create_dir_all(home.data()).unwrap();
    std::fs::write(home.data().join("history.jsonl"), lines).unwrap();
}

/// A session line for an import file, with `edit` applied to it.
fn import_line(id: &str, edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut rec = serde_json::json!({
        "schema": 1,
        "id": id,
        "started": "2026-11-20T07:30:00+00:00",
        "ended": "2026-11-20T07:45:00+00:00",
        "source": {"kind": "program", "id": "desk-worker-reset"},
        "causes": [{"id": "muscular", "score": 5}],
        "pain_before": 6,
        "pain_after": 4,
        "minutes_planned": 15.0,
        "steps": [{"exercise": "cat-cow", "status": "done", "seconds_held": 90, "seconds_planned": 90}],
        "interrupted": false,
        "note": "fine",
    });
    edit(&mut rec);
    format!("{rec}\n")
}

/// Import refuses control and bidi characters in every id (session id,
/// program, cause, exercise, an amendment's session), and anything that is
/// not the one id type (a path, a device name, too long), naming file:line
/// and the field, and imports nothing; a note may hold them (output
/// escapes it).
#[test]
fn import_refuses_control_characters_in_ids_and_names_the_line() {
    type Edit = fn(&mut serde_json::Value, &str);
    let fields: [(&str, Edit); 5] = [
        ("id", |r, bad| r["id"] = bad.into()),
        ("source.id", |r, bad| r["source"]["id"] = bad.into()),
        ("causes.id", |r, bad| r["causes"][0]["id"] = bad.into()),
        ("steps.exercise", |r, bad| {
            r["steps"][0]["exercise"] = bad.into()
        }),
        (
            "session",
            |r, bad| *r = serde_json::json!({"schema": 2, "kind": "pain_after", "session": bad, "pain_after": 3}),
        ),
    ];
    for (field, edit) in fields {
        for bad in [
            "x\u{1b}]0;t\u{7}",
            "x\u{9b}2J",
            "x\u{7f}",
            "gnp\u{202e}.exe",
            "x\u{2067}",
            // Not an id either (issue 27): a path, a device, too long,
            // capitals, spaces.
            "../../etc",
            "a/b",
            "con",
            "lpt1",
            &"a".repeat(81),
            "Cat-Cow",
            "cat cow",
        ] {
            let home = Home::new();
            let text = import_line("ok-1", |_| {}) + &import_line("ok-2", |r| edit(r, bad));
            let file = home.write("h.jsonl", &text);
            let out = home
                .in_process()
                .args(["history", "import"])
                .arg(&file)
                .output()
                .unwrap();
            let what = format!("{field} = {bad:?}");
            assert_eq!(out.status.code(), Some(1), "{what}: {}", stderr(&out));
            let err = stderr(&out);
            assert!(err.contains("h.jsonl:2"), "{what}: {err}");
            assert!(err.contains(&format!("field `{field}`")), "{what}: {err}");
            assert!(err.contains("nothing was imported"), "{what}: {err}");
            assert_clean(&out, &what);
            assert!(home.history().is_empty(), "{what}: nothing imported");
        }
    }
    // Notes may hold anything: imported, and escaped wherever shown.
    let home = Home::new();
    let file = home.write(
        "h.jsonl",
        &import_line("ok-1", |r| r["note"] = HOSTILE.into()),
    );
    home.in_process()
        .args(["history", "import"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(home.history()[0]["note"], HOSTILE);
    for args in [
        &["history"][..],
        &["history", "--csv"],
        &["sheet", "--last"],
    ] {
        let out = home.in_process().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_clean(&out, &args.join(" "));
    }
}

#[test]
fn a_hostile_history_renders_clean_in_every_format() {
    let home = Home::new();
    hostile_history(&home);
    let answers = home.write(
        "a.yaml",
        "red_flags: []\npain: 4\nareas: [low-back]\nsymptoms: []\nconditions: []\nequipment: []\nminutes: 10\n",
    );
    let runs: Vec<Vec<&str>> = vec![
        vec!["history"],
        vec!["history", "--csv"],
        vec!["history", "--json"],
        vec!["history", "export"],
        vec!["history", "export", "--csv"],
        vec!["history", "delete", HOSTILE],
        vec!["progress"],
        vec!["progress", "--json"],
        vec!["sheet", "--last"],
        vec!["sheet", "--last", "--format", "markdown"],
        vec!["sheet", "--last", "--format", "html"],
        vec!["sheet", "--program", "desk-worker-reset", "--answers"],
        vec![
            "sheet",
            "--program",
            "desk-worker-reset",
            "--format",
            "markdown",
            "--answers",
        ],
        vec![
            "sheet",
            "--program",
            "desk-worker-reset",
            "--format",
            "html",
            "--answers",
        ],
        vec!["session", "--plan", "--answers"],
        vec!["session", "--plan", "--json", "--answers"],
    ];
    for args in runs {
        let mut cmd = home.cmd();
        cmd.args(&args);
        if args.last() == Some(&"--answers") {
            cmd.arg(&answers);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.code().is_some_and(|c| c <= 2),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_clean(&out, &args.join(" "));
    }
    // JSON stays JSON, with the text intact once parsed.
    let out = home
        .in_process()
        .args(["history", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sessions"][0]["id"], format!("{HOSTILE}0"));
    // The table and CSV show the escapes; CSV cells are not formulas.
    let table = stdout(&home.in_process().arg("history").output().unwrap());
    assert!(table.contains("\\u{1b}]0;pwned"), "{table}");
    let csv = stdout(
        &home
            .in_process()
            .args(["history", "--csv"])
            .output()
            .unwrap(),
    );
    assert!(csv.contains("\"'=cmd|"), "{csv}");
    assert!(!csv.contains(",=cmd"), "{csv}");
}

#[test]
fn a_session_in_plain_mode_with_hostile_history_and_note_stays_clean() {
    let home = Home::new();
    hostile_history(&home);
    let out = home
        .cmd()
        .args(["session", "--plain", "--pain", "3", "--minutes", "5", "--program", "desk-worker-reset"])
        .args(["--note", HOSTILE, "--answers"])
        .arg(home.write(
            "a.yaml",
            "red_flags: []\npain: 4\nareas: [low-back]\nsymptoms: []\nconditions: []\nequipment: []\nminutes: 5\n",
        ))
        .env("BACKRELIEF_TIME_SCALE", "1000")
        .output()
        .unwrap();
    assert_clean(&out, "session --plain");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = home.in_process().arg("history").output().unwrap();
    assert_clean(&out, "history after the session");
}

#[test]
fn unknown_ids_from_the_command_line_and_answers_are_echoed_escaped() {
    let home = Home::new();
    let answers = home.write(
        "a.yaml",
        &format!("red_flags: [\"{HOSTILE_YAML}\"]\npain: 4\nareas: [\"{HOSTILE_YAML}\"]\nsymptoms: []\nconditions: []\nequipment: []\nminutes: 10\n"),
    );
    let runs: Vec<Vec<String>> = vec![
        vec!["show".into(), HOSTILE.into()],
        vec!["list".into(), "--muscle".into(), HOSTILE.into()],
        vec!["list".into(), "--category".into(), HOSTILE.into()],
        vec!["causes".into(), HOSTILE.into()],
        vec!["programs".into(), HOSTILE.into()],
        vec!["run".into(), HOSTILE.into()],
        vec!["sheet".into(), "--exercises".into(), HOSTILE.into()],
        vec!["profile".into(), "--add-condition".into(), HOSTILE.into()],
        vec![
            "session".into(),
            "--plan".into(),
            "--answers".into(),
            answers.display().to_string(),
        ],
        vec!["history".into(), "--since".into(), HOSTILE.into()],
        vec![HOSTILE.into()],
        vec!["--today".into(), HOSTILE.into(), "list".into()],
        vec!["session".into(), "--time-scale".into(), HOSTILE.into()],
    ];
    for args in runs {
        let out = home.in_process().args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert_clean(&out, &format!("{args:?}"));
    }
}

#[test]
fn an_overflowing_dose_is_refused_by_check() {
    let home = Home::new();
    let dir = home.path().join("lib");
    let text = library(&[]).replace(
        "dose: {hold: 60}",
        "dose: {hold: 4194304, reps: 2097152, sets: 2097152}",
    );
    home.write("lib/huge.yaml", &text);
    let out = check(&home, &dir);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    let dose_line = EXERCISE.lines().position(|l| l.contains("dose:")).unwrap() + 1;
    assert!(err.contains(&format!("huge.yaml:{dose_line}:5:")), "{err}");
    assert!(err.contains("at most an hour"), "{err}");
    // The same through a program step's override.
    let text = library(&[]).replace(
        "      - exercise: hostile-breathing\n",
        "      - exercise: hostile-breathing\n        dose: {hold: 65536, sets: 65536}\n",
    );
    home.write("lib/huge.yaml", &text);
    let out = check(&home, &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("step 1: dose adds up to"),
        "{}",
        stderr(&out)
    );
    let out = home
        .cmd()
        .arg("--library")
        .arg(&dir)
        .args(["run", "hostile-program", "--plain"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_clean(&out, "run with a huge dose");
}

#[test]
fn time_scales_outside_the_range_are_usage_errors() {
    let home = Home::new();
    let answers = home.write(
        "a.yaml",
        "red_flags: []\npain: 4\nareas: [low-back]\nsymptoms: []\nconditions: []\nequipment: []\nminutes: 5\n",
    );
    for bad in [
        "1e30", "1e308", "1e-20", "5e-324", "NaN", "inf", "-inf", "0", "-1", "1001", "fast",
    ] {
        for via_env in [true, false] {
            let mut cmd = home.cmd();
            cmd.args(["session", "--plain", "--answers"]).arg(&answers);
            if via_env {
                cmd.env("BACKRELIEF_TIME_SCALE", bad);
            } else {
                cmd.arg(format!("--time-scale={bad}"));
            }
            let out = cmd.output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(2),
                "{bad} (env {via_env}): {}",
                stderr(&out)
            );
            assert!(
                stderr(&out).contains("time scale is a number from 0.01 to 1000"),
                "{}",
                stderr(&out)
            );
            assert_clean(&out, bad);
        }
    }
    let out = home
        .cmd()
        .args(["session", "--plain", "--answers"])
        .arg(&answers)
        .env("BACKRELIEF_TIME_SCALE", "1000")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[cfg(unix)]
fn dev_full() -> std::fs::File {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full")
}

#[cfg(unix)]
#[test]
fn a_full_stderr_never_panics_and_keeps_the_exit_code() {
    let home = Home::new();
    let dir = home.path().join("lib");
    home.write("lib/hostile.yaml", &library(&["name"]));
    hostile_history(&home);
    let cases: Vec<(Vec<String>, i32)> = vec![
        (
            vec![
                "--library".into(),
                dir.display().to_string(),
                "check".into(),
            ],
            1,
        ),
        (vec!["show".into(), "no-such-thing".into()], 2),
        (vec!["--no-such-flag".into()], 2),
        (
            vec!["session".into(), "--time-scale".into(), "1e308".into()],
            2,
        ),
        (vec!["history".into()], 0),
        (vec!["progress".into()], 0),
        (
            vec!["sheet".into(), "--exercises".into(), "cat-cow".into()],
            0,
        ),
    ];
    for (args, code) in cases {
        let out = home
            .command(bin())
            .args(&args)
            .stderr(dev_full())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_red_flag_exits_3_even_when_stdout_is_full() {
    let home = Home::new();
    let answers = home.write(
        "rf.yaml",
        "red_flags: [fever-or-unwell]\npain: 4\nareas: [low-back]\nsymptoms: []\nconditions: []\nequipment: []\nminutes: 10\n",
    );
    for extra in [&["--plan"][..], &["--plain"][..]] {
        let out = home
            .command(bin())
            .args(["session", "--answers"])
            .arg(&answers)
            .args(extra)
            .stdout(dev_full())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"));
        let out = home
            .command(bin())
            .args(["session", "--answers"])
            .arg(&answers)
            .args(extra)
            .stdout(dev_full())
            .stderr(dev_full())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3));
    }
}

#[test]
fn profile_minutes_out_of_range_are_refused_naming_the_file() {
    let home = Home::new();
    let answers = home.write(
        "a.yaml",
        "red_flags: []\npain: 4\nareas: [low-back]\nsymptoms: []\n",
    );
    for minutes in ["0", "4", "61", "71582789"] {
        let profile = home.write(
            "config/backrelief/profile.yaml",
            &format!("version: 1\nconditions: []\nequipment: []\nminutes: {minutes}\n"),
        );
        for args in [&["session", "--plan", "--answers"][..], &["profile"][..]] {
            let mut cmd = home.cmd();
            cmd.args(args);
            if args.len() > 1 {
                cmd.arg(&answers);
            }
            let out = cmd.output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(1),
                "{minutes} {args:?}: {}",
                stdout(&out)
            );
            let err = stderr(&out);
            assert!(err.contains(&profile.display().to_string()), "{err}");
            assert!(err.contains("`minutes` must be 5 to 60"), "{err}");
        }
    }
    home.write(
        "config/backrelief/profile.yaml",
        "version: 1\nconditions: []\nequipment: []\nminutes: 20\n",
    );
    let out = home
        .in_process()
        .args(["session", "--plan", "--answers"])
        .arg(&answers)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("(20 min asked)"), "{}", stdout(&out));
}

#[test]
fn empty_environment_variables_mean_unset() {
    let home = Home::new();
    for var in [
        "BACKRELIEF_HOME",
        "BACKRELIEF_LIBRARY",
        "BACKRELIEF_TODAY",
        "BACKRELIEF_TIME_SCALE",
    ] {
        let out = home.cmd().env(var, "").arg("list").output().unwrap();
        assert!(out.status.success(), "{var}: {}", stderr(&out));
    }
    // With BACKRELIEF_HOME empty, history goes to the XDG data directory.
    let out = home
        .cmd()
        .env("BACKRELIEF_HOME", "")
        .args(["history", "import"])
        .arg(home.write(
            "h.jsonl",
            &std::fs::read_to_string("tests/fixtures/history-6-weeks.jsonl").unwrap(),
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(home
        .path()
        .join("xdg-data/backrelief/history.jsonl")
        .exists());
}

#[test]
fn relative_xdg_directories_are_ignored() {
    let home = Home::new();
    let out = home
        .cmd()
        .current_dir(home.path())
        .env_remove("BACKRELIEF_HOME")
        .env("HOME", home.path().join("home"))
        .env("XDG_DATA_HOME", "relative-data")
        .env("XDG_CONFIG_HOME", "relative-config")
        .args(["history", "import"])
        .arg(home.write(
            "h.jsonl",
            &std::fs::read_to_string("tests/fixtures/history-6-weeks.jsonl").unwrap(),
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!home.path().join("relative-data").exists());
    assert!(home
        .path()
        .join("home/.local/share/backrelief/history.jsonl")
        .exists());
}

#[test]
fn saved_fuzz_inputs_for_the_sanitiser_pass() {
    let dir = std::path::Path::new("tests/fuzz-regressions");
    for entry in std::fs::read_dir(dir).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        backrelief::fuzzing::sanitiser(&data);
    }
    backrelief::fuzzing::sanitiser(HOSTILE.as_bytes());
    backrelief::fuzzing::sanitiser(b"\xc2\x9b\xe2\x80\xae\x1b[2J");
}

#[test]
fn seeds_and_real_history_pass_the_history_import_fuzz_target() {
    let mut inputs = vec![std::fs::read("tests/fixtures/history-6-weeks.jsonl").unwrap()];
    // The published package has no fuzz/ (a package of its own).
    if std::path::Path::new("fuzz/Cargo.toml").exists() {
        for entry in std::fs::read_dir("fuzz/seeds/history_import").unwrap() {
            inputs.push(std::fs::read(entry.unwrap().path()).unwrap());
        }
    }
    for data in inputs {
        backrelief::fuzzing::history_import(&data);
    }
}

/// `backrelief --library DIR check`, run to the end.
fn check(home: &Home, dir: &std::path::Path) -> Output {
    home.in_process()
        .arg("--library")
        .arg(dir)
        .arg("check")
        .output()
        .unwrap()
}
