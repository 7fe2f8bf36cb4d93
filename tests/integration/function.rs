//! Function ratings (Patient-Specific Functional Scale): asked after a
//! finished session on the first run and then weekly, stored as their own
//! lines in the history log, and shown by `progress` with the noise rule.

use crate::support::{answer, bin, drawn, stdout, Home, PTY_TIMEOUT_MS, SHORT};
use rexpect::session::PtySession;

fn send(p: &mut PtySession, keys: &str) {
    p.send(keys).unwrap();
    p.flush().unwrap();
}

/// A fast, finished session in a pty on `day`, up to the pain question.
fn session_on(home: &Home, f: &std::path::Path, day: &str) -> PtySession {
    let mut cmd = home.command(bin());
    cmd.args(["session", "--answers"])
        .arg(f)
        .env("BACKRELIEF_TODAY", day)
        .env("BACKRELIEF_TIME_SCALE", "1000")
        .env("TERM", "xterm");
    let mut p = rexpect::session::spawn_command(cmd, Some(PTY_TIMEOUT_MS)).expect("spawn in a pty");
    answer(&mut p, "Start the session", drawn::YES_NO, "y");
    p.exp_regex("space (to )?start").unwrap();
    send(&mut p, " ");
    answer(&mut p, "How is your pain now?", drawn::NUMBER, "3\r");
    answer(&mut p, "Anything to remember", drawn::TEXT, "\r");
    // How each exercise felt: skipped.
    crate::support::skip_felt_until(&mut p, "Saved to");
    p
}

/// Runs of spaces as one, so a table row reads the same at any column width.
fn squash(text: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn rating_lines(home: &Home) -> Vec<serde_json::Value> {
    std::fs::read_to_string(home.history_file())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["kind"] == "function")
        .collect()
}

#[test]
fn a_finished_session_asks_on_the_first_run_then_once_a_week() {
    let home = Home::new();
    let f = home.write("a.yaml", SHORT);
    // First run: name the activities.
    let mut p = session_on(&home, &f, "2026-11-02");
    p.exp_string("name up to three").unwrap();
    answer(&mut p, "Activity 1", drawn::TEXT, "a 30-minute walk\r");
    answer(&mut p, "how well can you do it now?", drawn::NUMBER, "3\r");
    answer(
        &mut p,
        "Activity 2",
        drawn::TEXT,
        "sitting through a film\r",
    );
    answer(&mut p, "how well can you do it now?", drawn::NUMBER, "4\r");
    answer(&mut p, "Activity 3", drawn::TEXT, "\r");
    p.exp_string("Ratings saved").unwrap();
    p.exp_eof().unwrap();
    let lines = rating_lines(&home);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["schema"], 2);
    assert_eq!(lines[0]["ratings"][0]["activity"], "a 30-minute walk");
    assert_eq!(lines[0]["ratings"][1]["score"], 4);
    // The session itself is still one folded session.
    assert_eq!(home.history().len(), 1);

    // Six days later: not asked.
    let mut p = session_on(&home, &f, "2026-11-08");
    let rest = p.exp_eof().unwrap();
    assert!(!rest.contains("Activity"), "{rest}");
    assert_eq!(rating_lines(&home).len(), 1);

    // A week later: the same activities again, none added or replaced.
    let mut p = session_on(&home, &f, "2026-11-09");
    p.exp_string("Your weekly check").unwrap();
    answer(&mut p, "a 30-minute walk: how well", drawn::NUMBER, "6\r");
    answer(
        &mut p,
        "sitting through a film: how well",
        drawn::NUMBER,
        "5\r",
    );
    answer(&mut p, "Add another activity?", drawn::YES_NO, "n");
    answer(&mut p, "Replace one", drawn::YES_NO, "n");
    p.exp_string("Ratings saved").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(rating_lines(&home).len(), 2);

    let progress = stdout(
        &home
            .in_process()
            .args(["--today", "2026-11-09", "progress"])
            .assert()
            .success(),
    );
    // The function table fits 80 columns.
    let table = &progress[progress.find("What you can do").expect("the table")..];
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    assert!(
        squash(&progress).contains("a 30-minute walk 3 6 +3, beyond noise"),
        "{progress}"
    );
    assert!(
        squash(&progress).contains("sitting through a film 4 5 +1, within noise"),
        "{progress}"
    );
    assert!(
        squash(&progress).contains("average 3.5 5.5 +2, beyond noise"),
        "{progress}"
    );
}

#[test]
fn rating_from_the_command_line_is_stored_and_checked() {
    let home = Home::new();
    for (day, walk, film) in [
        ("2026-11-04", 3, 5),
        ("2026-11-11", 4, 5),
        ("2026-11-18", 4, 6),
    ] {
        home.in_process()
            .args(["--today", day, "function"])
            .args(["--rate", &format!("a 30-minute walk={walk}")])
            .args(["--rate", &format!("sitting through a film={film}")])
            .assert()
            .success();
    }
    let out = stdout(
        &home
            .run_in_process(&["--today", "2026-11-20", "function"])
            .success(),
    );
    assert!(
        squash(&out).contains("a 30-minute walk 3 4 4 +1, within noise"),
        "{out}"
    );
    assert!(out.contains("within the measure's noise so far"), "{out}");
    assert!(out.contains("Stratford et al. 1995"), "{out}");
    assert!(out.contains("Next rating: Wednesday 25 November."), "{out}");
    let due = stdout(
        &home
            .run_in_process(&["--today", "2026-11-25", "function"])
            .success(),
    );
    assert!(due.contains("A rating is due"), "{due}");
    // Bad ratings are refused and nothing is written.
    let before = std::fs::read(home.history_file()).unwrap();
    for bad in [
        vec!["--rate", "walk=11"],
        vec!["--rate", "walk"],
        vec!["--rate", "walk=2", "--rate", "WALK=3"],
        vec![
            "--rate", "a=1", "--rate", "b=1", "--rate", "c=1", "--rate", "d=1",
        ],
    ] {
        home.in_process()
            .arg("function")
            .args(&bad)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("--rate"));
    }
    assert_eq!(std::fs::read(home.history_file()).unwrap(), before);
    // Export, import into a fresh home, compact: the ratings travel and stay.
    let export = stdout(&home.run_in_process(&["history", "export"]).success());
    let other = Home::new();
    let f = other.write("backup.jsonl", &export);
    other
        .in_process()
        .args(["history", "import"])
        .arg(&f)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "3 function rating(s), 0 already present",
        ));
    other.run_in_process(&["history", "compact"]).success();
    assert_eq!(rating_lines(&other).len(), 3);
    let shown = stdout(
        &other
            .run_in_process(&["--today", "2026-11-20", "function"])
            .success(),
    );
    assert!(shown.contains("a 30-minute walk"), "{shown}");
}

#[test]
fn no_ratings_yet_says_how_to_start() {
    let home = Home::new();
    let out = stdout(&home.run_in_process(&["function"]).success());
    assert!(out.contains("No activities rated yet"), "{out}");
    let f = home.write("a.yaml", SHORT);
    // A piped session is never held up by the weekly questions.
    home.cmd()
        .env("BACKRELIEF_TIME_SCALE", "1000")
        .args(["session", "--answers"])
        .arg(&f)
        .write_stdin("2\n")
        .assert()
        .success();
    assert!(std::fs::read_to_string(home.history_file())
        .unwrap()
        .lines()
        .all(|l| !l.contains("\"kind\":\"function\"")));
}

/// One rating stamped by a clock seven months ahead used to stop the weekly
/// rating until then ("Next rating: Tuesday 8 June", no year). It is named,
/// kept, and left out of the schedule.
#[test]
fn a_rating_dated_in_the_future_is_named_and_does_not_stop_the_schedule() {
    let home = Home::new();
    for day in ["2026-11-04", "2027-06-01"] {
        home.in_process()
            .args(["--today", day, "function", "--rate", "a 30-minute walk=4"])
            .assert()
            .success();
    }
    let out = home
        .run_in_process(&["--today", "2026-11-20", "function"])
        .success()
        .stderr(predicates::str::contains(
            "is dated 2027-06-01, after today",
        ))
        .stderr(predicates::str::contains("not used to schedule"));
    let text = stdout(&out);
    assert!(text.contains("A rating is due"), "{text}");
    assert!(!text.contains("Next rating"), "{text}");
    // Tomorrow is not the future: a rating stamped just past midnight
    // somewhere else still counts, and the next one is a week after it.
    home.in_process()
        .args([
            "--today",
            "2026-11-21",
            "function",
            "--rate",
            "a 30-minute walk=5",
        ])
        .assert()
        .success();
    let text = stdout(
        &home
            .run_in_process(&["--today", "2026-11-20", "function"])
            .success(),
    );
    assert!(
        text.contains("Next rating: Saturday 28 November."),
        "{text}"
    );
    // The rating is kept: it travels in an export.
    let export = stdout(&home.run_in_process(&["history", "export"]).success());
    assert!(export.contains("\"at\":\"2027-06-01"), "{export}");
}
