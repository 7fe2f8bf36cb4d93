//! `-` for standard input and output wherever a file is taken or written,
//! and backrelief's own standard input accepted by name when it is a pipe.

use crate::support::{stderr, stdout, Home, SHORT};
use predicates::str::starts_with;

/// The temporary files left in a folder (there should be none).
fn leftovers(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn answers_from_standard_input_plan_and_run_with_no_further_question() {
    let home = Home::new();
    for answers in ["-", "/dev/stdin"] {
        let plan = home
            .cmd()
            .args(["session", "--plan", "--json", "--answers", answers])
            .write_stdin(SHORT)
            .assert()
            .success();
        let json: serde_json::Value = serde_json::from_str(&stdout(&plan)).unwrap();
        assert_eq!(json["schema"], "backrelief/plan/1", "{answers}");
        assert!(!json["steps"].as_array().unwrap().is_empty(), "{answers}");
    }
    home.cmd()
        .args(["sheet", "--answers", "-"])
        .write_stdin(SHORT)
        .assert()
        .success()
        .stdout(starts_with("Today's session"));
    // A whole session: the answers used up standard input, so the pain
    // score afterwards is not asked for, and the session is still saved.
    let run = home
        .cmd()
        .args(["session", "--plain", "--answers", "-"])
        .env("BACKRELIEF_TIME_SCALE", "1000")
        .write_stdin(SHORT)
        .assert()
        .success();
    assert!(stdout(&run).contains("Saved to"), "{}", stdout(&run));
    assert!(
        stderr(&run).contains("pain after the session was not asked"),
        "{}",
        stderr(&run)
    );
    let saved = home.history();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0]["pain_before"], 3);
    assert!(saved[0]["pain_after"].is_null(), "{}", saved[0]);
    // Bad answers on standard input are named as such.
    let bad = home
        .cmd()
        .args(["session", "--plan", "--answers", "-"])
        .write_stdin(SHORT.replace("pain: 3", "pain: 12"))
        .assert()
        .code(2);
    assert!(stderr(&bad).contains("standard input"), "{}", stderr(&bad));
    // A red flag on standard input still stops, with its exit code.
    home.cmd()
        .args(["session", "--plan", "--answers", "-"])
        .write_stdin(crate::support::red_flag_answers("fever-or-unwell"))
        .assert()
        .code(3);
}

#[test]
fn history_import_reads_standard_input_whole_or_not_at_all() {
    let from = Home::new();
    for _ in 0..2 {
        from.cmd()
            .args(["session", "--plain", "--answers", "-"])
            .env("BACKRELIEF_TIME_SCALE", "1000")
            .write_stdin(SHORT)
            .assert()
            .success();
    }
    let backup = stdout(&from.run(&["history", "export"]).success());
    assert_eq!(backup.lines().count(), 2);
    for name in ["-", "/dev/stdin"] {
        let to = Home::new();
        to.cmd()
            .args(["history", "import", name])
            .write_stdin(backup.clone())
            .assert()
            .success()
            .stdout("imported 2 session(s); 0 already present\n");
        assert_eq!(to.history(), from.history(), "{name}");
        assert_eq!(leftovers(&to.data()), Vec::<String>::new());
    }
    // A damaged last line: nothing is imported, and the line is named.
    let to = Home::new();
    let damaged = format!("{backup}{{\"schema\":1,\"id\":\n");
    let out = to
        .cmd()
        .args(["history", "import", "-"])
        .write_stdin(damaged)
        .assert()
        .failure();
    assert!(
        stderr(&out).contains("standard input:3"),
        "{}",
        stderr(&out)
    );
    assert!(to.history().is_empty());
    assert_eq!(leftovers(&to.data()), Vec::<String>::new());
}

#[test]
fn check_reads_a_library_file_from_standard_input() {
    let home = Home::new();
    home.cmd()
        .args(["check", "-"])
        .write_stdin(crate::library::GOOD)
        .assert()
        .success()
        .stdout(starts_with(format!(
            "ok: {} exercises",
            crate::support::builtin().exercises.len() + 1
        )));
    let out = home
        .cmd()
        .args(["check", "-"])
        .write_stdin(crate::library::GOOD.replace("[quadriceps]", "[quadriceps, nope]"))
        .assert()
        .code(1);
    assert!(
        stderr(&out).contains("standard input:6:")
            && stderr(&out).contains("unknown muscle 'nope'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn remind_ics_dash_writes_the_calendar_to_standard_output() {
    let home = Home::new();
    let out = home
        .cmd()
        .current_dir(home.path())
        .args(["remind", "--at", "07:30", "--ics", "-"])
        .assert()
        .success();
    let bytes = &out.get_output().stdout;
    assert!(bytes.starts_with(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(bytes.ends_with(b"END:VCALENDAR\r\n"));
    assert!(!home.path().join("-").exists());
}

/// `-o -` on the other commands that write a file: the sheet (each
/// format) and the report go to standard output, the same bytes as without
/// `-o`, and no file named `-` is made.
#[test]
fn sheet_and_report_dash_o_dash_write_to_standard_output() {
    let home = Home::new();
    for args in [
        &["sheet", "--program", "desk-worker-reset"][..],
        &[
            "sheet",
            "--program",
            "desk-worker-reset",
            "--format",
            "html",
        ],
        &[
            "sheet",
            "--program",
            "desk-worker-reset",
            "--format",
            "markdown",
        ],
        &["report"],
        &["report", "--format", "html"],
        &["report", "--json"],
    ] {
        let plain = stdout(
            &home
                .cmd()
                .current_dir(home.path())
                .args(args)
                .assert()
                .success(),
        );
        let dashed = stdout(
            &home
                .cmd()
                .current_dir(home.path())
                .args(args)
                .args(["-o", "-"])
                .assert()
                .success(),
        );
        assert!(!plain.is_empty(), "{args:?}");
        assert_eq!(dashed, plain, "{args:?} -o -");
        assert!(
            !home.path().join("-").exists(),
            "{args:?} made a file named -"
        );
    }
}

#[test]
fn a_fifo_that_is_not_standard_input_is_still_refused() {
    let home = Home::new();
    let fifo = home.path().join("fifo");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let out = home
        .cmd()
        .args(["history", "import"])
        .arg(&fifo)
        .write_stdin("")
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .failure();
    assert!(stderr(&out).contains("FIFO"), "{}", stderr(&out));
}

#[test]
fn dev_stdout_is_standard_output_when_it_is_ours() {
    let home = Home::new();
    home.cmd()
        .args(["session", "--plain", "--answers", "-"])
        .env("BACKRELIEF_TIME_SCALE", "1000")
        .write_stdin(SHORT)
        .assert()
        .success();
    let export = stdout(&home.run(&["history", "export"]).success());
    let to_dev = home
        .run(&["history", "export", "-o", "/dev/stdout"])
        .success();
    assert_eq!(stdout(&to_dev), export);
    let ics = home.run(&["remind", "--ics", "/dev/stdout"]).success();
    assert!(ics.get_output().stdout.starts_with(b"BEGIN:VCALENDAR\r\n"));
}
