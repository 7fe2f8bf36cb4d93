//! `programs save` and `programs delete`: a saved program is a library file
//! in the user's directory that `check` accepts and `programs`, `sheet` and
//! `run` find; built-in programs are never replaced or deleted.

use crate::support::{stdout, Home};
use predicates::str::contains;

#[test]
fn a_saved_program_round_trips_through_check() {
    let home = Home::new();
    home.write(
        "data/history.jsonl",
        include_str!("../fixtures/history-6-weeks.jsonl"),
    );
    home.run(&["programs", "save", "My Mornings!", "--from-last"])
        .success()
        .stdout(contains("Saved program 'my-mornings'"));
    let file = home
        .config()
        .join("backrelief/routines/programs/my-mornings.yaml");
    let yaml = std::fs::read_to_string(&file).unwrap();
    assert!(
        yaml.contains("id: my-mornings") && yaml.contains("name: My Mornings!"),
        "{yaml}"
    );
    // `check` takes it both from the user's directory and as a path.
    home.run(&["check"])
        .success()
        .stdout(contains("7 programs"));
    home.cmd().arg("check").arg(&file).assert().success();
    // The last session's exercises, in order.
    let shown = stdout(&home.run(&["programs", "my-mornings"]).success());
    assert!(shown.contains("1. Lower trunk rotation"), "{shown}");
    let sheet = stdout(&home.run(&["sheet", "--program", "My Mornings!"]).success());
    assert!(sheet.starts_with("My Mornings!"), "{sheet}");

    // Refused when it exists, replaced with --force, never over a built-in.
    let before = std::fs::read(&file).unwrap();
    home.run(&["programs", "save", "my mornings", "--exercises", "cat-cow"])
        .code(2)
        .stderr(contains("--force replaces it"));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    home.run(&[
        "programs",
        "save",
        "my mornings",
        "--exercises",
        "cat-cow,bird-dog",
        "--force",
    ])
    .success();
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("exercise: bird-dog"));
    home.run(&[
        "programs",
        "save",
        "Desk worker reset",
        "--exercises",
        "cat-cow",
        "--force",
    ])
    .code(2)
    .stderr(contains("built-in program and is never replaced"));
    home.run(&[
        "programs",
        "save",
        "odd",
        "--exercises",
        "cat-cow,no-such-thing",
    ])
    .code(2)
    .stderr(contains("no exercise 'no-such-thing'"));
    assert!(!file.with_file_name("odd.yaml").exists());

    // Delete removes only the user's own program.
    home.run(&["programs", "delete", "desk-worker-reset"])
        .code(2)
        .stderr(contains("built-in program"));
    home.run(&["programs", "delete", "my-mornings"]).success();
    assert!(!file.exists());
    home.run(&["programs", "my-mornings"]).code(2);
    home.run(&["check"])
        .success()
        .stdout(contains("6 programs"));
}

#[test]
fn a_program_that_would_not_load_is_not_written() {
    let home = Home::new();
    // A hand-written user file with the same id: saving may not duplicate it.
    home.write(
        "config/backrelief/routines/mine.yaml",
        "programs:\n  - id: hips\n    name: Hips\n    summary: mine\n    steps:\n      - exercise: clamshell\n",
    );
    home.run(&[
        "programs",
        "save",
        "hips",
        "--exercises",
        "cat-cow",
        "--force",
    ])
    .code(2)
    .stderr(contains("already in your library files"));
    home.run(&["programs", "delete", "hips"])
        .code(2)
        .stderr(contains("not saved by `programs save`"));
    assert!(!home.config().join("backrelief/routines/programs").exists());
}
