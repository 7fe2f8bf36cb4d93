//! `backrelief session` and `backrelief profile` through the real binary,
//! including a questionnaire answered in a pseudo-terminal.

use crate::support::{
    answer, bin, drawn, noes, red_flag_answers, stderr, stdout, today, Home, PTY_TIMEOUT_MS, SHORT,
};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use std::path::Path;

const ANSWERS: &str = "\
red_flags: []
pain: 6
areas: [hip, leg-below-knee]
symptoms: [sitting-worse, shooting-leg-pain]
conditions: [glaucoma]
equipment: [mat, foam-roller]
minutes: 15
";

#[test]
fn answers_file_plan_json_has_the_documented_fields() {
    let home = Home::new();
    let f = home.write("a.yaml", ANSWERS);
    let out = home
        .in_process()
        .args(["session", "--plan", "--json", "--answers"])
        .arg(&f)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(v["minutes_planned"].as_f64().unwrap() > 13.0);
    assert_eq!(v["causes"][0]["id"], "sciatica");
    assert!(v["causes"][0]["score"].is_i64());
    assert!(v["causes"][0]["because"][0]
        .as_str()
        .unwrap()
        .contains("->"));
    for step in v["steps"].as_array().unwrap() {
        for key in [
            "exercise",
            "phase",
            "seconds",
            "sides",
            "sets",
            "reps",
            "hold_seconds",
            "why",
        ] {
            assert!(step.get(key).is_some(), "step lacks {key}: {step}");
        }
        assert_ne!(
            step["exercise"], "downward-dog",
            "glaucoma rules out head-down poses"
        );
    }
    // Nothing is written by a scripted plan.
    assert!(!home.profile_file().exists());
}

#[test]
fn flags_override_single_answers() {
    let home = Home::new();
    let f = home.write("a.yaml", ANSWERS);
    let out = home
        .in_process()
        .args([
            "session",
            "--plan",
            "--json",
            "--minutes",
            "30",
            "--pain",
            "8",
            "--answers",
        ])
        .arg(&f)
        .assert();
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["minutes_requested"], 30);
    assert_eq!(v["pain"], 8);
    assert_eq!(v["gentle"], true);
}

#[test]
fn bad_answers_name_the_field_and_exit_2() {
    let home = Home::new();
    for (from, to, expect) in [
        (
            "pain: 6",
            "pain: 12",
            "field `pain`: 12 is not a pain score",
        ),
        ("pain: 6", "pain: six", "field `pain`: invalid type"),
        (
            "areas: [hip, leg-below-knee]",
            "areas: [hip, knee]",
            "field `areas`: unknown area 'knee'",
        ),
        (
            "conditions: [glaucoma]",
            "conditions: [glaucom]",
            "did you mean 'glaucoma'?",
        ),
        (
            "minutes: 15",
            "minutes: 90",
            "field `minutes`: 90 is out of range",
        ),
        ("red_flags: []\n", "", "missing field `red_flags`"),
        (
            "minutes: 15",
            "minutes: 15\nmood: fine",
            "unknown field `mood`",
        ),
    ] {
        let f = home.write("bad.yaml", &ANSWERS.replace(from, to));
        home.in_process()
            .args(["session", "--plan", "--answers"])
            .arg(&f)
            .assert()
            .code(2)
            .stderr(contains(expect).and(contains("bad.yaml")));
    }
}

#[test]
fn missing_profile_fields_come_from_the_profile() {
    let home = Home::new();
    let f = home.write(
        "a.yaml",
        "red_flags: []\npain: 3\nareas: [low-back]\nsymptoms: []\n",
    );
    home.in_process()
        .args(["session", "--plan", "--answers"])
        .arg(&f)
        .assert()
        .code(2)
        .stderr(contains("missing field `conditions`"));
    home.run_in_process(&[
        "profile",
        "--minutes",
        "10",
        "--equipment",
        "chair",
        "--add-condition",
        "hypertension",
    ])
    .success();
    let out = home
        .in_process()
        .args(["session", "--plan", "--json", "--answers"])
        .arg(&f)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["minutes_requested"], 10);
}

#[test]
fn red_flag_in_answers_stops_with_exit_3_and_advice() {
    let home = Home::new();
    let f = home.write(
        "a.yaml",
        &ANSWERS.replace("red_flags: []", "red_flags: [fever-or-unwell]"),
    );
    let out = home
        .in_process()
        .args(["session", "--plan", "--answers"])
        .arg(&f)
        .assert()
        .code(3);
    let text = stdout(&out);
    assert!(text.contains("Please do not exercise today"));
    assert!(text.contains("URGENT: please see a doctor today"));
    assert!(!text.contains("The plan"));
    let f = home.write(
        "a.yaml",
        &ANSWERS.replace("red_flags: []", "red_flags: [bladder-bowel-change]"),
    );
    home.in_process()
        .args(["session", "--plan", "--json", "--answers"])
        .arg(&f)
        .assert()
        .code(3)
        .stdout(contains("EMERGENCY"));
}

/// A profile that cannot be read (a typo in a condition, broken YAML)
/// never keeps the red-flag screen from running: the stop is shown with
/// exit 3 and recorded; with no red flag, the profile's problem is named.
#[test]
fn a_broken_profile_still_runs_the_red_flag_screen_first() {
    for profile in [
        "minutes: 15\nequipment: [mat]\nconditions: [glaucomaa]\n",
        "minutes: [15\n",
    ] {
        let home = Home::new();
        home.write("config/backrelief/profile.yaml", profile);
        let flag = home.write("rf.yaml", &red_flag_answers("saddle-numbness"));
        let out = home
            .in_process()
            .args(["session", "--plan", "--answers"])
            .arg(&flag)
            .assert()
            .code(3);
        assert!(stdout(&out).starts_with("Please do not exercise today"));
        assert_eq!(home.stops().len(), 1, "{profile}");
        // Asked on the terminal: the first "yes" stops too.
        let out = home
            .cmd()
            .args(["session", "--plain"])
            .write_stdin("y\n")
            .assert()
            .code(3);
        assert!(stdout(&out).starts_with("Please do not exercise today"));
        let asked = stdout(&out) + &stderr(&out);
        assert!(asked.contains("1 of"), "{asked}");
        assert_eq!(home.stops().len(), 2, "{profile}");
        // No red flag: the profile's problem, after the questions.
        let fine = home.write("ok.yaml", SHORT);
        let out = home
            .in_process()
            .args(["session", "--plan", "--answers"])
            .arg(&fine)
            .assert()
            .code(1);
        assert!(stderr(&out).contains("profile.yaml"), "{}", stderr(&out));
        let out = home
            .cmd()
            .args(["session", "--plain"])
            .write_stdin(noes())
            .assert()
            .code(1);
        assert!(stderr(&out).contains("profile.yaml"), "{}", stderr(&out));
        assert_eq!(home.stops().len(), 2);
    }
}

#[test]
fn every_red_flag_stop_leaves_one_record_naming_the_command() {
    use backrelief::library::Tier;
    use backrelief::record::StoppedIn;
    let home = Home::new();
    let urgent = home.write("u.yaml", &red_flag_answers("fever-or-unwell"));
    let emergency = home.write("e.yaml", &red_flag_answers("bladder-bowel-change"));
    let fine = home.write("ok.yaml", SHORT);
    // A plan with no red flag leaves nothing.
    home.in_process()
        .args(["session", "--plan", "--answers"])
        .arg(&fine)
        .assert()
        .success();
    assert!(home.stops().is_empty());
    let runs: [(&[&str], &Path, StoppedIn, Tier); 5] = [
        (
            &["session", "--plain"],
            &urgent,
            StoppedIn::Session,
            Tier::Urgent,
        ),
        (
            &["session", "--plan"],
            &urgent,
            StoppedIn::Plan,
            Tier::Urgent,
        ),
        (
            &["session", "--plan", "--json"],
            &emergency,
            StoppedIn::Plan,
            Tier::Emergency,
        ),
        (&["sheet"], &emergency, StoppedIn::Sheet, Tier::Emergency),
        (
            &["session", "--plain", "--program", "desk-worker-reset"],
            &urgent,
            StoppedIn::Session,
            Tier::Urgent,
        ),
    ];
    for (n, (args, answers, by, tier)) in runs.iter().enumerate() {
        let out = home
            .cmd()
            .args(*args)
            .arg("--answers")
            .arg(answers)
            .assert()
            .code(3);
        let text = stdout(&out);
        if args.contains(&"--json") {
            let v: serde_json::Value = serde_json::from_str(&text).expect("only JSON on stdout");
            assert_eq!(v["stopped"], true);
        } else {
            assert!(text.starts_with("Please do not exercise today"), "{text}");
        }
        assert!(!stderr(&out).contains("not recorded"), "{}", stderr(&out));
        let stops = home.stops();
        assert_eq!(stops.len(), n + 1, "{args:?}: one more stop");
        let last = stops.last().unwrap();
        assert_eq!((last.command, last.tier), (*by, *tier), "{args:?}");
        let flag = if *tier == Tier::Urgent {
            "fever-or-unwell"
        } else {
            "bladder-bowel-change"
        };
        assert_eq!(last.flags, vec![flag.to_string()]);
        assert_eq!(last.at.date_naive().to_string(), today());
    }
    // Answered on the questionnaire, a first "yes" stops `run` too.
    home.cmd()
        .args(["run", "desk-worker-reset", "--plain"])
        .write_stdin("y\n")
        .assert()
        .code(3)
        .stdout(contains("Please do not exercise today"));
    let last = home.stops().pop().unwrap();
    assert_eq!(last.command, StoppedIn::Run);
    assert_eq!(home.stops().len(), runs.len() + 1);
    // A stop is not a session: nothing to list, no streak, no reminder.
    assert!(home.history().is_empty());
    home.run_in_process(&["progress"])
        .success()
        .stdout(contains("0 sessions with a pain score after"));
    home.run(&["nudge"])
        .success()
        .stdout("The red-flag screen stopped a session today; no reminder.\n");
}

#[test]
fn program_sessions_list_what_was_left_out() {
    let home = Home::new();
    let f = home.write(
        "a.yaml",
        &ANSWERS.replace("conditions: [glaucoma]", "conditions: [pregnancy]"),
    );
    let out = home
        .in_process()
        .args([
            "session",
            "--plan",
            "--program",
            "morning-decompression",
            "--answers",
        ])
        .arg(&f)
        .assert()
        .success();
    let text = stdout(&out);
    assert!(text.starts_with("Morning decompression"), "{text}");
    assert!(text.contains("partial-hang: needs pull-up-bar"), "{text}");
    home.in_process()
        .args([
            "session",
            "--plan",
            "--program",
            "morning-decompresion",
            "--answers",
        ])
        .arg(&f)
        .assert()
        .code(2)
        .stderr(contains("did you mean 'morning-decompression'?"));
}

#[test]
fn closed_stdin_stops_with_130_and_writes_nothing() {
    let home = Home::new();
    home.cmd()
        .args(["session", "--plan"])
        .write_stdin("n\nn\n")
        .assert()
        .code(130)
        .stderr(contains("nothing was saved"));
    assert!(!home.profile_file().exists());
}

#[test]
fn first_run_without_a_tty_saves_the_profile() {
    let home = Home::new();
    let noes = crate::support::noes();
    // pain 4, area 1, symptoms 6 and 9, no conditions, nothing hard,
    // equipment 2 and 5, age 58, 25 minutes.
    let input = format!("{noes}4\n1\n6,9\n\n\n2,5\n58\n25\n");
    home.cmd()
        .args(["session", "--plan"])
        .write_stdin(input)
        .assert()
        .success();
    let profile = std::fs::read_to_string(home.profile_file()).unwrap();
    assert!(profile.contains("minutes: 25"), "{profile}");
    assert!(profile.contains("age: 58"), "{profile}");
    assert!(
        profile.contains("foam-roller") && profile.contains("chair"),
        "{profile}"
    );
    let shown = stdout(&home.run_in_process(&["profile"]));
    assert!(
        shown.contains("Foam roller; A sturdy chair")
            || shown.contains("Foam roller; Sturdy chair"),
        "{shown}"
    );
}

#[test]
fn profile_rejects_unknown_ids_and_corrupt_files() {
    let home = Home::new();
    home.run_in_process(&["profile", "--add-condition", "glaucomma"])
        .code(2)
        .stderr(contains("did you mean 'glaucoma'?"));
    home.run_in_process(&["profile", "--opt-in", "plank"])
        .code(2);
    home.write(
        "config/backrelief/profile.yaml",
        "version: 1\nminutes: lots\n",
    );
    home.run_in_process(&["profile"])
        .code(1)
        .stderr(contains("profile.yaml:2:10: field `minutes`"));
    // The broken file is left for the person to fix.
    assert!(std::fs::read_to_string(home.profile_file())
        .unwrap()
        .contains("lots"));
}

/// rexpect reads the pty byte by byte as Latin-1; match UTF-8 text that way.
fn latin1(s: &str) -> String {
    s.bytes().map(char::from).collect()
}

#[test]
fn questionnaire_in_a_pseudo_terminal_with_arrow_keys_and_a_wrong_answer() {
    let home = Home::new();
    let mut cmd = home.command(bin());
    cmd.args(["session", "--plan"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(PTY_TIMEOUT_MS)).expect("spawn in a pty");
    let keys = |p: &mut rexpect::session::PtySession, k: &str| {
        p.send(k).unwrap();
        p.flush().unwrap();
    };
    p.exp_string("safety questions").unwrap();
    // The first red flag by arrow and Enter, the rest by typing n.
    p.exp_string(drawn::YES_NO).unwrap();
    keys(&mut p, "\x1b[C"); // → selects "no"
    keys(&mut p, "\r");
    p.exp_string(&latin1("→ no")).unwrap();
    for _ in 1..crate::support::asked_flags() {
        p.exp_string(drawn::YES_NO).unwrap();
        keys(&mut p, "n");
    }
    answer(&mut p, "How bad is your pain", drawn::NUMBER, "11\r");
    p.exp_string("'11' is not a whole number from 0 to 10")
        .unwrap();
    keys(&mut p, "5\r");
    p.exp_string(&latin1("→ 5")).unwrap();
    // Down to "Leg, below the knee", tick it.
    answer(
        &mut p,
        "Where does it hurt",
        drawn::LIST,
        "\x1b[B\x1b[B\x1b[B\x1b[B ",
    );
    keys(&mut p, "\r");
    p.exp_string(&latin1("→ Leg, below the knee")).unwrap();
    // Typing still works.
    answer(&mut p, "What is going on today", drawn::LIST, "3\r");
    p.exp_string(&latin1("→ Pain that shoots down a leg"))
        .unwrap();
    answer(&mut p, "Do any of these apply", drawn::LIST, "\r");
    p.exp_string(&latin1("→ none")).unwrap();
    answer(&mut p, "Are any of these hard for you", drawn::LIST, "\r");
    answer(&mut p, "What do you have at home", drawn::LIST, "1,5\r");
    answer(&mut p, "How old are you", drawn::NUMBER, "44\r");
    answer(&mut p, "How many minutes", drawn::NUMBER, "10\r");
    p.exp_string("What may be behind it").unwrap();
    p.exp_string("Sciatica").unwrap();
    p.exp_eof().unwrap();
    let profile = std::fs::read_to_string(home.profile_file()).unwrap();
    assert!(
        profile.contains("minutes: 10") && profile.contains("- chair"),
        "{profile}"
    );
}
