//! History and progress: durable appends, damaged lines, import/export,
//! delete, snapshots on a fixed six-week history, and feeding the planner.

use crate::support::{bin, red_flag_answers, stdout, today, today_at_nine, Home};
use backrelief::planner::Source;
use backrelief::record::Status;
use backrelief::record::{CauseRecord, Record, StepRecord};
use backrelief::store::history::{parse, Store};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use std::path::PathBuf;

const FIXTURE: &str = include_str!("../fixtures/history-6-weeks.jsonl");

fn with_fixture() -> Home {
    let home = Home::new();
    home.write("data/history.jsonl", FIXTURE);
    home
}

fn record(id: &str, day: u32, before: u8, after: Option<u8>, exercises: &[&str]) -> Record {
    let t =
        chrono::DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T07:30:00+01:00")).unwrap();
    Record {
        schema: 1,
        id: id.to_string(),
        started: t,
        ended: t + chrono::Duration::minutes(15),
        source: Source::Program {
            id: "core-realignment".into(),
        },
        causes: vec![CauseRecord {
            id: "sciatica".into(),
            score: 7,
        }],
        pain_before: before,
        pain_after: after,
        minutes_planned: 15.2,
        steps: exercises
            .iter()
            .map(|e| StepRecord {
                exercise: e.to_string(),
                status: Status::CutShort,
                seconds_held: 42,
                seconds_planned: 60,
                dose: None,
            })
            .collect(),
        interrupted: true,
        note: Some("a \"quoted\", note\nwith a newline".into()),
        felt: Vec::new(),
        lesson: None,
    }
}

#[test]
fn every_field_round_trips() {
    let home = Home::new();
    let store = Store::at(&home.history_file());
    let r = record("x-1", 3, 6, Some(4), &["bird-dog", "plank"]);
    let mut s2 = record("x-2", 4, 5, None, &[]);
    s2.source = Source::Answers;
    s2.note = None;
    s2.interrupted = false;
    store.append(std::slice::from_ref(&r)).unwrap();
    store.append(std::slice::from_ref(&s2)).unwrap();
    let (got, damaged) = store.read().unwrap();
    assert!(damaged.is_empty());
    assert_eq!(got, vec![r, s2]);
}

#[test]
fn reads_never_change_the_file() {
    let home = with_fixture();
    let f = home.write("a.yaml", "red_flags: []\npain: 4\nareas: [low-back]\nsymptoms: []\nconditions: []\nequipment: []\nminutes: 10\n");
    let before = std::fs::read(home.history_file()).unwrap();
    let modified = std::fs::metadata(home.history_file())
        .unwrap()
        .modified()
        .unwrap();
    for args in [
        vec!["history"],
        vec!["history", "--json"],
        vec!["history", "--csv"],
        vec!["history", "export"],
        vec!["progress"],
    ] {
        home.run_in_process(&args).success();
    }
    home.in_process()
        .args(["session", "--plan", "--answers"])
        .arg(&f)
        .assert()
        .success();
    assert_eq!(std::fs::read(home.history_file()).unwrap(), before);
    assert_eq!(
        std::fs::metadata(home.history_file())
            .unwrap()
            .modified()
            .unwrap(),
        modified
    );
}

#[test]
fn a_damaged_line_is_reported_with_its_number_and_the_rest_is_read() {
    let home = Home::new();
    let mut lines: Vec<&str> = FIXTURE.lines().collect();
    lines.insert(4, "{\"schema\":1,\"id\":\"torn");
    lines.insert(9, "{\"schema\":3,\"id\":\"from-the-future\"}");
    // A red-flag stop with its `command` cut off.
    lines.insert(
        12,
        "{\"schema\":2,\"kind\":\"red_flag_stop\",\"id\":\"r1\",\"at\":\"2026-11-20T08:00:00+00:00\",\"tier\":\"urgent\",\"flags\":[\"fever-or-unwell\"]}",
    );
    let text = lines.join("\n") + "\n";
    home.write("data/history.jsonl", &text);
    let out = home.run_in_process(&["history"]).success().stderr(
        contains("history.jsonl:5: damaged record skipped")
            .and(contains(
                "history.jsonl:10: written by a newer backrelief (schema 3",
            ))
            .and(contains(
                "history.jsonl:13: damaged record skipped: missing field `command`",
            )),
    );
    assert_eq!(stdout(&out).lines().count(), 1 + 36);
    // The report says the same and leaves the stop out; compact refuses;
    // nothing is lost. The report reads only the weeks it shows, so it is
    // asked on a day whose weeks hold the fixture's records.
    home.run_in_process(&["--today", "2026-11-26", "report"])
        .success()
        .stderr(contains("history.jsonl:13: damaged record skipped"))
        .stdout(contains("The red-flag screen stopped no session"));
    home.run_in_process(&["history", "compact"]).code(1);
    assert_eq!(std::fs::read_to_string(home.history_file()).unwrap(), text);
}

#[test]
fn two_processes_appending_at_once_lose_nothing() {
    let home = Home::new();
    let files: Vec<PathBuf> = (0..60)
        .map(|i| {
            let r = record(&format!("c-{i}"), 1 + (i % 28), 5, Some(4), &["bird-dog"]);
            home.write(
                &format!("in/{i}.jsonl"),
                &(serde_json::to_string(&r).unwrap() + "\n"),
            )
        })
        .collect();
    let home = &home;
    std::thread::scope(|s| {
        for chunk in files.chunks(30) {
            s.spawn(move || {
                for f in chunk {
                    home.cmd()
                        .args(["history", "import"])
                        .arg(f)
                        .assert()
                        .success();
                }
            });
        }
    });
    let bytes = std::fs::read(home.history_file()).unwrap();
    let (records, damaged) = parse(&bytes);
    assert!(damaged.is_empty(), "{damaged:?}");
    assert_eq!(records.len(), 60);
    let ids: std::collections::BTreeSet<_> = records.iter().map(|r| r.id.clone()).collect();
    assert_eq!(ids.len(), 60);
}

#[test]
fn a_process_killed_mid_write_leaves_a_readable_file() {
    let home = with_fixture();
    // A big import is one large write; kill -9 it at different moments.
    let big: String = (0..4000)
        .map(|i| {
            serde_json::to_string(&record(
                &format!("big-{i}"),
                1 + (i % 28),
                5,
                Some(3),
                &["plank", "bird-dog", "glute-bridge"],
            ))
            .unwrap()
                + "\n"
        })
        .collect();
    let big_file = home.write("big.jsonl", &big);
    for delay_ms in [0u64, 1, 2, 3, 5, 8, 13] {
        let mut child = home
            .command(bin())
            .args(["history", "import"])
            .arg(&big_file)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
    }
    // Simulate the worst case too: a torn last line.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(home.history_file())
        .unwrap();
    std::io::Write::write_all(&mut f, b"{\"schema\":1,\"id\":\"torn-by-kill").unwrap();
    drop(f);
    let store = Store::at(&home.history_file());
    let (records, damaged) = store.read().unwrap();
    assert!(records.len() >= 36, "earlier records survive");
    assert!(records
        .iter()
        .take(36)
        .zip(parse(FIXTURE.as_bytes()).0)
        .all(|(a, b)| *a == b));
    assert!(
        damaged.len() <= 8,
        "only torn lines are damaged: {damaged:?}"
    );
    // The next append lands whole, after the torn line.
    store
        .append(&[record("after-crash", 25, 4, Some(2), &["plank"])])
        .unwrap();
    let (records2, damaged2) = store.read().unwrap();
    assert_eq!(records2.last().unwrap().id, "after-crash");
    assert_eq!(damaged2.len(), damaged.len());
}

#[test]
fn import_export_round_trip_and_duplicates_are_skipped() {
    let home = with_fixture();
    // A red-flag stop goes with the sessions.
    let rf = home.write("rf.yaml", &red_flag_answers("fever-or-unwell"));
    home.in_process()
        .args(["session", "--plan", "--answers"])
        .arg(&rf)
        .assert()
        .code(3);
    assert_eq!(home.stops().len(), 1);
    let out = home.run_in_process(&["history", "export"]);
    let other = Home::new();
    let f = other.write("backup.jsonl", &stdout(&out));
    other
        .in_process()
        .args(["history", "import"])
        .arg(&f)
        .assert()
        .stdout(
            "imported 36 session(s); 0 already present; 1 red-flag stop(s), 0 already present\n",
        );
    other
        .in_process()
        .args(["history", "import"])
        .arg(&f)
        .assert()
        .stdout(
            "imported 0 session(s); 36 already present; 0 red-flag stop(s), 1 already present\n",
        );
    assert_eq!(
        parse(&std::fs::read(other.history_file()).unwrap()).0,
        parse(FIXTURE.as_bytes()).0
    );
    assert_eq!(other.stops(), home.stops());
    // Compacting keeps it.
    other.run_in_process(&["history", "compact"]).success();
    assert_eq!(other.stops(), home.stops());
    assert_eq!(other.history().len(), 36);
    let bad = other.write("bad.jsonl", "{\"schema\":1}\n");
    other
        .in_process()
        .args(["history", "import"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(contains("bad.jsonl:1: damaged record"));
    let exported = other.path().join("out/backup.csv");
    other
        .in_process()
        .args(["history", "export", "--csv", "-o"])
        .arg(&exported)
        .assert()
        .success();
    assert!(std::fs::read_to_string(exported)
        .unwrap()
        .starts_with("id,started,ended,for,minutes"));
}

#[test]
fn delete_asks_and_removes_only_that_record() {
    let home = with_fixture();
    let line = FIXTURE.lines().nth(5).unwrap();
    let id = serde_json::from_str::<serde_json::Value>(line).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let id = id.as_str();
    home.cmd()
        .args(["history", "delete", id])
        .write_stdin("n\n")
        .assert()
        .stdout("kept\n");
    assert_eq!(
        std::fs::read_to_string(home.history_file()).unwrap(),
        FIXTURE
    );
    home.cmd()
        .args(["history", "delete", id])
        .write_stdin("y\n")
        .assert()
        .stdout(format!("deleted {id}\n"));
    // The delete is appended as its own record; compaction drops the session.
    let exported = home.run_in_process(&["history", "export"]).success();
    assert!(!stdout(&exported).contains(id));
    home.run_in_process(&["history", "compact"]).success();
    let expected: String = FIXTURE
        .lines()
        .filter(|l| !l.contains(id))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        std::fs::read_to_string(home.history_file()).unwrap(),
        expected
    );
    home.run_in_process(&["history", "delete", "nope"]).code(2);
}

#[test]
fn history_table_snapshot() {
    let home = with_fixture();
    let out = home.run_in_process(&["history", "--since", "2026-11-10"]);
    let table = stdout(&out);
    insta::assert_snapshot!(table);
    // The ids shown are the ids `delete` takes.
    let shown = table
        .lines()
        .last()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap();
    home.run_in_process(&["history", "delete", shown, "--yes"])
        .success()
        .stdout(format!("deleted {shown}\n"));
    let last = stdout(&home.run_in_process(&["history", "--last", "3"]));
    assert_eq!(last.lines().count(), 4);
    let csv = stdout(&home.run_in_process(&["history", "--csv", "--last", "2"]));
    insta::assert_snapshot!(csv);
}

#[test]
fn progress_snapshot() {
    let home = with_fixture();
    let out = home
        .run_in_process(&["--today", "2026-11-24", "progress"])
        .success();
    let text = stdout(&out);
    assert!(
        text.lines().all(|l| l.chars().count() <= 80),
        "fits 80 columns"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn progress_says_plainly_when_there_is_too_little_data() {
    Home::new()
        .run_in_process(&["progress"])
        .stdout(predicates::str::starts_with(
            "Too little data yet: 0 sessions",
        ));
}

/// Imports JSON-lines `text` into the home's history.
fn import(home: &Home, name: &str, text: &str) {
    let file = home.write(name, text);
    home.in_process()
        .args(["history", "import"])
        .arg(&file)
        .assert()
        .success();
}

/// The `why` of every step of a JSON plan.
fn whys(plan: &serde_json::Value) -> Vec<String> {
    plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["why"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn history_feeds_progression_and_regression() {
    let home = Home::new();
    let f = home.write("a.yaml", "red_flags: []\npain: 4\nareas: [low-back, hip]\nsymptoms: [sitting-worse, desk-hours]\nconditions: []\nequipment: [chair, wall, strap]\nminutes: 10\n");
    let plan = |home: &Home| -> serde_json::Value {
        let out = home
            .in_process()
            .args(["session", "--plan", "--json", "--answers"])
            .arg(&f)
            .assert();
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    let first = plan(&home);
    let warm_up = first["steps"][0]["exercise"].as_str().unwrap().to_string();
    let today = today_at_nine();
    // Two calm sessions with the warm-up, then two recent ones without it,
    // so day-to-day variety does not push it out of today's plan.
    let mut past: String = (1..=2)
        .map(|d| {
            let t = today - chrono::Duration::days(7 + d);
            let mut r = record(&format!("p-{d}"), 1, 4, Some(3), &[]);
            r.started = t;
            r.ended = t + chrono::Duration::minutes(10);
            r.steps = vec![StepRecord {
                exercise: warm_up.clone(),
                status: Status::Done,
                seconds_held: 60,
                seconds_planned: 60,
                dose: None,
            }];
            serde_json::to_string(&r).unwrap() + "\n"
        })
        .collect();
    for d in 1..=2 {
        let t = today - chrono::Duration::days(d);
        let mut r = record(&format!("q-{d}"), 1, 4, Some(4), &["plank"]);
        r.started = t;
        r.ended = t;
        past.push_str(&(serde_json::to_string(&r).unwrap() + "\n"));
    }
    import(&home, "past.jsonl", &past);
    let progressed = plan(&home);
    let reasons = whys(&progressed);
    assert!(
        reasons
            .iter()
            .any(|w| w.contains("2 calm sessions at ") && w.contains(" today")),
        "{reasons:?}"
    );

    // One session that raised pain by 2 brings the easier variant or a smaller dose.
    let t = today;
    let mut r = record("rose", 1, 3, Some(5), &[]);
    r.started = t;
    r.ended = t;
    r.steps = progressed["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| StepRecord {
            exercise: s["exercise"].as_str().unwrap().into(),
            status: Status::Done,
            seconds_held: 60,
            seconds_planned: 60,
            dose: None,
        })
        .collect();
    import(
        &home,
        "rose.jsonl",
        &(serde_json::to_string(&r).unwrap() + "\n"),
    );
    let reasons = whys(&plan(&home));
    assert!(
        reasons
            .iter()
            .any(|w| w.contains("pain rose after this on ")),
        "{reasons:?}"
    );
}

#[test]
fn today_outside_the_supported_years_is_a_usage_error() {
    let home = Home::new();
    for (cmd, date) in [
        ("sheet", "+262142-12-31"),
        ("progress", "-262143-01-01"),
        ("progress", "1969-12-31"),
        ("session", "10000-01-01"),
    ] {
        home.run_in_process(&[&format!("--today={date}"), cmd])
            .code(2)
            .stderr(contains("--today").and(contains("panicked").not()));
    }
    // The environment variable is checked the same way.
    home.cmd()
        .arg("progress")
        .env("BACKRELIEF_TODAY", "0000-01-01")
        .assert()
        .code(2)
        .stderr(contains("outside the years 1970 to 9999"));
}

#[test]
fn the_table_shows_whole_ids_and_delete_takes_a_unique_prefix() {
    let home = with_fixture();
    let ids: Vec<String> = parse(FIXTURE.as_bytes())
        .0
        .into_iter()
        .map(|r| r.id)
        .collect();
    let table = stdout(&home.run_in_process(&["history"]).success());
    for id in &ids {
        assert!(table.contains(id.as_str()), "{id} shown whole:\n{table}");
    }
    // A prefix that several ids share is refused and names them.
    let shared = &ids[0][..4];
    assert!(ids.iter().filter(|i| i.starts_with(shared)).count() > 1);
    home.run_in_process(&["history", "delete", shared, "--yes"])
        .code(2)
        .stderr(contains("give more of the id"));
    // A unique prefix deletes that one session, named in full.
    let target = &ids[3];
    let prefix = (1..=target.len())
        .map(|n| &target[..n])
        .find(|p| ids.iter().filter(|i| i.starts_with(p)).count() == 1)
        .unwrap();
    home.run_in_process(&["history", "delete", prefix, "--yes"])
        .success()
        .stdout(format!("deleted {target}\n"));
    let left = stdout(&home.run_in_process(&["history", "export"]).success());
    assert!(!left.contains(target.as_str()));
    assert_eq!(left.lines().count(), ids.len() - 1);
}

/// A `history.index` that matches the log's inode, size and time but was
/// edited (a checkpoint near the end claiming every earlier session is
/// older) is not believed: its own sum no longer matches, it is rebuilt,
/// and `--since` lists every session. An index whose sums are intact but
/// whose segments no longer match the bytes a reader touches (the log
/// changed in place, its time put back) is rebuilt the same way.
#[test]
fn a_forged_or_stale_index_is_rebuilt_not_believed() {
    let home = Home::new();
    let store = Store::at(&home.history_file());
    let records: Vec<Record> = (1..=16)
        .map(|d| record(&format!("s{d:02}"), d, 5, Some(3), &["cat-cow"]))
        .collect();
    store.append(&records).unwrap();
    let listed = |home: &Home| {
        let out = home
            .run_in_process(&["history", "--since", "2026-11-01"])
            .success();
        stdout(&out).lines().count() - 1
    };
    assert_eq!(listed(&home), 16);
    let index_path = home.history_file().with_file_name("history.index");
    let stored: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&index_path).unwrap()).unwrap();
    // The last line's offset and number, and a date long before any session.
    let text = std::fs::read_to_string(home.history_file()).unwrap();
    let last_line = text.trim_end().rfind('\n').unwrap() + 1;
    let early = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    use chrono::Datelike;
    let mut forged = stored.clone();
    forged["checkpoints"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!([last_line, 15, early.num_days_from_ce()]));
    forged["sums"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!(0));
    std::fs::write(&index_path, serde_json::to_vec(&forged).unwrap()).unwrap();
    assert_eq!(listed(&home), 16, "the forged index was believed");
    let rebuilt: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&index_path).unwrap()).unwrap();
    assert_eq!(rebuilt["checkpoints"], stored["checkpoints"]);

    // The log changed in place, same size, its time put back: the sums of
    // the bytes read no longer match, and the index is rebuilt.
    let log = home.history_file();
    let modified = std::fs::metadata(&log).unwrap().modified().unwrap();
    let changed = text.replacen("\"pain_before\":5", "\"pain_before\":6", 1);
    assert_eq!(changed.len(), text.len());
    std::fs::write(&log, &changed).unwrap();
    let f = std::fs::File::options().write(true).open(&log).unwrap();
    f.set_modified(modified).unwrap();
    drop(f);
    assert_eq!(listed(&home), 16);
    let again: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&index_path).unwrap()).unwrap();
    assert_ne!(again["sums"], stored["sums"], "the stale sums were kept");
}

/// A stated flare: the plan is a flare plan; running it records a flare
/// line (kept by export and import); the next day is gentle and says why.
#[test]
fn a_stated_flare_is_planned_recorded_and_eased_out_of() {
    let home = Home::new();
    let f = home.write(
        "a.yaml",
        "red_flags: []\npain: 5\nareas: [low-back]\nsymptoms: []\nconditions: []\nequipment: [mat, chair]\nminutes: 10\nflare: true\n",
    );
    let plan: serde_json::Value = serde_json::from_str(&stdout(
        &home
            .in_process()
            .args(["session", "--plan", "--json", "--answers"])
            .arg(&f)
            .assert()
            .success(),
    ))
    .unwrap();
    assert_eq!(plan["flare"]["sign"], "stated");
    assert!(plan["gentle"].as_bool().unwrap());
    let notes = plan["notes"].to_string();
    assert!(
        notes.contains("Flares are common and usually settle"),
        "{notes}"
    );
    assert!(notes.contains("Get urgent help instead"), "{notes}");
    assert_eq!(plan["steps"][0]["phase"], "settle", "{plan}");
    // Nothing is recorded for a plan only.
    assert!(!home.history_file().exists());
    // Run it (answers on stdin's end: no questions after).
    home.cmd()
        .args(["session", "--answers"])
        .arg(&f)
        .env("BACKRELIEF_TIME_SCALE", "1000")
        .write_stdin("")
        .assert()
        .success();
    let log = std::fs::read_to_string(home.history_file()).unwrap();
    let flares: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["kind"] == "flare")
        .collect();
    assert_eq!(flares.len(), 1, "{log}");
    assert_eq!(flares[0]["schema"], 2);
    assert_eq!(flares[0]["stated"], true);
    assert_eq!(flares[0]["pain"], 5);
    // Kept by export, and imported into an empty log.
    let export = stdout(&home.run_in_process(&["history", "export"]).success());
    assert!(export.contains("\"kind\":\"flare\""), "{export}");
    let other = Home::new();
    let out = other
        .cmd()
        .args(["history", "import", "-"])
        .write_stdin(export)
        .assert()
        .success();
    assert!(stdout(&out).contains("1 flare(s)"), "{}", stdout(&out));
    // The next day, without `flare: true`: gentle, and it says why.
    let g = home.write(
        "b.yaml",
        "red_flags: []\npain: 3\nareas: [low-back]\nsymptoms: []\nconditions: []\nequipment: [mat, chair]\nminutes: 10\n",
    );
    let tomorrow = (chrono::NaiveDate::parse_from_str(&today(), "%Y-%m-%d").unwrap()
        + chrono::Duration::days(1))
    .to_string();
    let next: serde_json::Value = serde_json::from_str(&stdout(
        &home
            .in_process()
            .env("BACKRELIEF_TODAY", &tomorrow)
            .args(["session", "--plan", "--json", "--answers"])
            .arg(&g)
            .assert()
            .success(),
    ))
    .unwrap();
    assert!(next["flare"].is_null(), "{next}");
    assert!(next["gentle"].as_bool().unwrap());
    assert!(
        next["notes"]
            .to_string()
            .contains("A flare was on record yesterday"),
        "{next}"
    );
}

#[test]
fn piped_history_keeps_the_whole_for_column() {
    let home = Home::new();
    let name = "My very long program name for slow mornings";
    home.run_in_process(&["programs", "save", name, "--exercises", "cat-cow"])
        .success();
    let mut r = record("20261101-080000-aaaaaaaa", 1, 4, Some(3), &["cat-cow"]);
    r.source = Source::Program {
        id: "my-very-long-program-name-for-slow-mornings".into(),
    };
    Store::open(Some(&home.data()), Some(home.profile_file()))
        .unwrap()
        .append(&[r])
        .unwrap();
    let text = stdout(&home.run_in_process(&["history"]).success());
    assert!(
        text.contains("my-very-long-program-name-for-slow-mornings "),
        "{text}"
    );
}
