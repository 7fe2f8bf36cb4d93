//! `backrelief walk` with `progress`: walks recorded, bounded, undone, in
//! the weeks of `progress` (text and JSON); a walk does not silence `nudge`.

use crate::support::{stdout, Home};
use predicates::str::contains;

#[test]
fn walks_are_recorded_undone_and_shown_by_progress() {
    let home = Home::new();
    let on = |day: &str, args: &[&str]| {
        let mut all = vec!["--today", day, "walk"];
        all.extend_from_slice(args);
        home.run_in_process(&all)
    };
    // Three walks of 10 minutes in the week of Monday 2 November 2026.
    for day in ["2026-11-02", "2026-11-04"] {
        on(day, &["10"])
            .success()
            .stdout(contains("Saved: 10 minutes (walk) today."));
    }
    // One done on Friday, recorded on Saturday.
    on("2026-11-07", &["10", "--on", "2026-11-06"])
        .success()
        .stdout(contains("Saved: 10 minutes (walk) on Friday 6 November."));
    // Out of bounds, or not yet done: refused, nothing written.
    on("2026-11-07", &["0"])
        .code(2)
        .stderr(contains("a walk is 1 to 240 minutes"));
    on("2026-11-07", &["241"])
        .code(2)
        .stderr(contains("a walk is 1 to 240 minutes"));
    on("2026-11-07", &["20", "--on", "2026-11-08"])
        .code(2)
        .stderr(contains("after today (2026-11-07)"));
    // A mistaken one, undone.
    on("2026-11-07", &["90"]).success();
    on("2026-11-07", &["--undo"])
        .success()
        .stdout(contains("Removed the 90 minutes (walk) today"));
    let log = std::fs::read(home.history_file()).unwrap();
    let walks = backrelief::codec::parse_tail(&log).walks;
    let walks: Vec<_> = walks
        .iter()
        .map(|w| (w.on.to_string(), w.minutes))
        .collect();
    assert_eq!(
        walks,
        [
            ("2026-11-02".to_string(), 10),
            ("2026-11-04".to_string(), 10),
            ("2026-11-06".to_string(), 10)
        ]
    );

    // The next Monday: the week was done, so 5 minutes more.
    let out = home
        .run_in_process(&["--today", "2026-11-09", "progress", "--weeks", "2"])
        .success();
    let text = stdout(&out);
    assert!(text.contains("Walks, by week"), "{text}");
    assert!(
        text.contains("week of Mon  2 Nov  ###     30 minutes on 3 days"),
        "{text}"
    );
    assert!(
        text.contains("Today: a walk of 15 minutes (3 days a week; 0 done this week)."),
        "{text}"
    );
    assert!(text.contains("A step up"), "{text}");

    let out = home
        .run_in_process(&[
            "--today",
            "2026-11-09",
            "progress",
            "--weeks",
            "2",
            "--json",
        ])
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["schema"], "backrelief/progress/1");
    crate::json::assert_document_valid(&v, "progress --json with walks");
    assert_eq!(v["walks"]["weeks"][0]["minutes"], 30);
    assert_eq!(v["walks"]["weeks"][0]["start"], "2026-11-02");
    assert_eq!(v["walks"]["suggestion"]["target"]["minutes"], 15);
    assert_eq!(v["walks"]["suggestion"]["step"], "up");
    // Walks are not sessions.
    assert_eq!(v["sessions"], 0);

    // A walk today does not silence the nudge: the exercises are the
    // day's session. (No notifier on PATH: the nudge goes to stdout.)
    on("2026-11-09", &["30"]).success();
    home.cmd()
        .args(["--today", "2026-11-09", "nudge"])
        .env("PATH", "/nonexistent")
        .assert()
        .success()
        .stdout(contains("backrelief session"));

    // Someone who cannot stand is offered another activity, never a walk.
    home.run_in_process(&["profile", "--add-condition", "wheelchair"])
        .success();
    let out = home
        .run_in_process(&["--today", "2026-11-10", "walk"])
        .success();
    let text = stdout(&out);
    assert!(text.contains("wheeling your chair"), "{text}");
    assert!(!text.contains("a walk of"), "{text}");
}

/// After a session whose questions were asked on the terminal: "Did you
/// walk today?", a wrong answer asked again, the minutes saved as a walk.
#[test]
fn a_session_asked_on_a_terminal_asks_about_today_s_walk() {
    let home = Home::new();
    let script = format!(
        "'{}' --today 2026-11-09 session --plain; echo \"EXIT=$?\"",
        crate::support::bin().display()
    );
    let mut cmd = home.command("sh");
    cmd.arg("-c")
        .arg(script)
        .env("TERM", "xterm")
        .env("BACKRELIEF_TIME_SCALE", "1000");
    let mut p = rexpect::session::spawn_command(cmd, Some(crate::support::PTY_TIMEOUT_MS))
        .expect("spawn in a pty");
    let n = crate::support::asked_flags();
    for i in 1..=n {
        p.exp_string(&format!("{i} of {n}")).unwrap();
        p.send_line("n").unwrap();
    }
    // Pain, areas, symptoms; then the first run's profile questions.
    for (wait, answer) in [
        ("[0-10] >", "4"),
        ("Where does it hurt", ""),
        ("What is going on today?", ""),
        ("Do any of these apply", ""),
        ("Are any of these hard for you", ""),
        ("What do you have at home", ""),
        ("[1-120] >", "45"),
        ("[5-60] >", "5"),
        ("Start the session now?", "y"),
        ("How is your pain now?", "3"),
        ("Anything to remember", ""),
    ] {
        p.exp_string(wait).unwrap();
        p.send_line(answer).unwrap();
    }
    crate::support::skip_felt_until(&mut p, "Activity 1 (Enter to finish):");
    p.send_line("").unwrap();
    p.exp_string("Did you walk today?").unwrap();
    p.send_line("an hour").unwrap();
    p.exp_string("a walk is 1 to 240 minutes").unwrap();
    p.send_line("25").unwrap();
    p.exp_string("Saved: 25 minutes (walk) today").unwrap();
    p.exp_string("EXIT=0").unwrap();
    let log = std::fs::read(home.history_file()).unwrap();
    let tail = backrelief::codec::parse_tail(&log);
    assert_eq!(tail.records.len(), 1);
    assert_eq!(tail.walks.len(), 1);
    assert_eq!(
        (tail.walks[0].on.to_string(), tail.walks[0].minutes),
        ("2026-11-09".into(), 25)
    );
}

#[test]
fn walk_json_validates_against_its_schema_with_one_style_of_version() {
    let home = Home::new();
    home.run_in_process(&["--today", "2026-11-02", "walk", "20"])
        .success();
    let out = home
        .run_in_process(&["--today", "2026-11-03", "walk", "--json"])
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["schema"], "backrelief/walk/1");
    crate::json::assert_document_valid(&v, "walk --json");
    let walks = v["walks"].as_array().unwrap();
    assert_eq!(walks.len(), 1, "{v}");
    // The record's own integer version is the file's, not the document's.
    assert!(walks[0].get("schema").is_none(), "{v}");
}

/// The session plan carries today's walk from the programme: the step up
/// after a week done, a step back on a flare plan (the flare counted before
/// it is recorded), and nothing beside a red-flag stop.
#[test]
fn the_session_plan_shows_today_s_walk() {
    let home = Home::new();
    for day in ["2026-11-02", "2026-11-04", "2026-11-06"] {
        home.run_in_process(&["--today", day, "walk", "15"])
            .success();
    }
    let plan = |answers: &str| {
        let file = home.write("today.yaml", answers);
        home.run_in_process(&[
            "--today",
            "2026-11-09",
            "session",
            "--plan",
            "--answers",
            file.to_str().unwrap(),
        ])
    };
    // Lines wrapped at the terminal's width, read as one.
    let words = |out: &assert_cmd::assert::Assert| {
        (stdout(out) + &crate::support::stderr(out))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let text = words(&plan(crate::support::SHORT).success());
    assert!(
        text.contains(
            "Today's walk: 20 minutes, in one go or in bouts (`backrelief walk 20` when done)."
        ),
        "{text}"
    );
    let flare = format!("{}flare: true\n", crate::support::SHORT);
    let text = words(&plan(&flare).success());
    assert!(
        text.contains("Today's walk, shorter for the flare: 10 minutes, in one go"),
        "{text}"
    );
    let text = words(&plan(&crate::support::red_flag_answers("fever-or-unwell")).code(3));
    assert!(text.contains("fever") || text.contains("Fever"), "{text}");
    assert!(!text.contains("Today's walk"), "{text}");

    // The plan's JSON carries the same walk, as `walk --json` suggests it.
    let json = |answers: &str| {
        let file = home.write("today.yaml", answers);
        let out = home.run_in_process(&[
            "--today",
            "2026-11-09",
            "session",
            "--plan",
            "--json",
            "--answers",
            file.to_str().unwrap(),
        ]);
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        crate::json::assert_document_valid(&v, "session --plan --json");
        v
    };
    let v = json(crate::support::SHORT);
    assert_eq!(v["schema"], "backrelief/plan/1");
    let walk = &v["walk"];
    assert_eq!(walk["mode"]["kind"], "walk", "{walk}");
    assert_eq!(walk["target"]["minutes"], 20, "{walk}");
    assert_eq!(walk["step"], "up", "{walk}");
    assert_eq!(walk["today"], "go", "{walk}");
    let v = json(&flare);
    assert_eq!(v["walk"]["step"], "flare", "{v}");
    assert_eq!(v["walk"]["target"]["minutes"], 10, "{v}");
    // A red-flag stop is no plan, and has no walk.
    let v = json(&crate::support::red_flag_answers("fever-or-unwell"));
    assert_eq!(v["schema"], "backrelief/stop/1");
    assert!(v.get("walk").is_none(), "{v}");
}

/// A wheelchair user on a day of very severe pain and on a flare day, as
/// the plan reads: the short plan names the minutes they asked for, no step
/// is called a warm-up after the main work, and the activity line on a
/// flare day is one sentence.
#[test]
fn a_wheelchair_users_hard_days_read_right() {
    let home = Home::new();
    home.run_in_process(&[
        "profile",
        "--add-condition",
        "wheelchair",
        "--equipment",
        "chair,strap,ball",
        "--minutes",
        "20",
        "--age",
        "45",
    ])
    .success();
    let plan = |extra: &str| {
        let answers = format!("red_flags: []\nareas: [low-back]\nsymptoms: []\n{extra}");
        let file = home.write("today.yaml", &answers);
        let out = home
            .run_in_process(&[
                "--today",
                "2026-12-16",
                "session",
                "--plan",
                "--answers",
                file.to_str().unwrap(),
            ])
            .success();
        stdout(&out)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let severe = plan("pain: 8\n");
    assert!(severe.contains("not the 20 you asked for"), "{severe}");
    // The labels read in order: nothing called a warm-up once the main
    // work has begun.
    let labels: Vec<&str> = severe
        .split(". ")
        .filter_map(|s| s.split_whitespace().next())
        .filter(|w| {
            [
                "settle",
                "warm-up",
                "release",
                "realignment",
                "decompression",
                "strengthening",
                "cool-down",
            ]
            .contains(w)
        })
        .collect();
    assert!(labels.len() >= 3, "{labels:?}: {severe}");
    if let Some(main) = labels
        .iter()
        .position(|l| !["settle", "warm-up", "cool-down"].contains(l))
    {
        assert!(!labels[main..].contains(&"warm-up"), "{labels:?}: {severe}");
    }
    let flare = plan("pain: 6\nflare: true\n");
    let line = flare
        .split("Today's activity, shorter for the flare: ")
        .nth(1)
        .unwrap_or_else(|| panic!("no flare activity line: {flare}"));
    let (minutes, rest) = line.split_once(' ').unwrap();
    assert!(minutes.parse::<u32>().is_ok(), "{line}");
    assert!(
        rest.starts_with(&format!(
            "minutes of wheeling, arm cycling or seated exercise (`backrelief walk {minutes}` when done)."
        )),
        "{line}"
    );
}
