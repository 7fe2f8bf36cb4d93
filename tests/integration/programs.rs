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
    home.run_in_process(&["programs", "save", "My Mornings!", "--from-last"])
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
    home.run_in_process(&["check"])
        .success()
        .stdout(contains("7 programs"));
    home.in_process().arg("check").arg(&file).assert().success();
    // The last session's exercises, in order.
    let shown = stdout(&home.run_in_process(&["programs", "my-mornings"]).success());
    assert!(shown.contains("1. Lower trunk rotation"), "{shown}");
    let sheet = stdout(
        &home
            .run_in_process(&["sheet", "--program", "My Mornings!"])
            .success(),
    );
    assert!(sheet.starts_with("My Mornings!"), "{sheet}");

    // Refused when it exists, replaced with --force, never over a built-in.
    let before = std::fs::read(&file).unwrap();
    home.run_in_process(&["programs", "save", "my mornings", "--exercises", "cat-cow"])
        .code(2)
        .stderr(contains("--force replaces it"));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    home.run_in_process(&[
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
    home.run_in_process(&[
        "programs",
        "save",
        "Desk worker reset",
        "--exercises",
        "cat-cow",
        "--force",
    ])
    .code(2)
    .stderr(contains("built-in program and is never replaced"));
    home.run_in_process(&[
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
    home.run_in_process(&["programs", "delete", "desk-worker-reset"])
        .code(2)
        .stderr(contains("built-in program"));
    home.run_in_process(&["programs", "delete", "my-mornings"])
        .success();
    assert!(!file.exists());
    home.run_in_process(&["programs", "my-mornings"]).code(2);
    home.run_in_process(&["check"])
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
    home.run_in_process(&[
        "programs",
        "save",
        "hips",
        "--exercises",
        "cat-cow",
        "--force",
    ])
    .code(2)
    .stderr(contains("already in your library files"));
    home.run_in_process(&["programs", "delete", "hips"])
        .code(2)
        .stderr(contains("not saved by `programs save`"));
    assert!(!home.config().join("backrelief/routines/programs").exists());
}

/// A name with a bidi override is refused as a usage error before anything
/// is written; letters outside ASCII drop out of the id.
#[test]
fn a_program_name_with_control_characters_is_refused() {
    let home = crate::support::Home::new();
    home.run_in_process(&[
        "programs",
        "save",
        "My \u{202e} prog",
        "--exercises",
        "cat-cow",
    ])
    .code(backrelief::error::exit::USAGE)
    .stderr(predicates::str::contains("\\u{202e}"));
    home.run_in_process(&["programs", "save", "Café", "--exercises", "cat-cow"])
        .success()
        .stdout(predicates::str::contains(
            "Saved program 'caf' (1 exercise)",
        ));
}

/// Three programs in one file a person wrote.
const HIPS: &str = "\
programs:
  - id: hips-morning
    name: Hips in the morning
    summary: mine
    steps:
      - exercise: clamshell
  - id: hips-evening
    name: Hips in the evening
    summary: mine
    steps:
      - exercise: cat-cow
  - id: hips-weekend
    name: Hips at the weekend
    summary: mine
    steps:
      - exercise: bird-dog
";

#[test]
fn files_a_person_wrote_are_never_replaced_or_deleted() {
    let home = Home::new();
    let hips = home.write("config/backrelief/routines/programs/hips.yaml", HIPS);
    for args in [
        &["programs", "delete", "hips"][..],
        &["programs", "delete", "hips-morning"],
        &["programs", "save", "hips", "--exercises", "cat-cow"],
        &[
            "programs",
            "save",
            "hips",
            "--exercises",
            "cat-cow",
            "--force",
        ],
    ] {
        let out = home.run_in_process(args).code(2);
        let err = crate::support::stderr(&out);
        assert!(err.contains("by hand"), "{args:?}: {err}");
        assert_eq!(std::fs::read_to_string(&hips).unwrap(), HIPS, "{args:?}");
    }
    assert!(stdout(&home.run_in_process(&["programs"]).success()).contains("hips-evening"));

    // A file `programs save` wrote that a person then added to is theirs too.
    home.run_in_process(&["programs", "save", "Mine", "--exercises", "cat-cow"])
        .success();
    let mine = hips.with_file_name("mine.yaml");
    // Its entries in the saved file's own indentation (none for `- `).
    let more: String = HIPS
        .replace("hips-", "more-")
        .lines()
        .skip(1)
        .map(|l| format!("{}\n", &l[2..]))
        .collect();
    let added = format!("{}{more}", std::fs::read_to_string(&mine).unwrap());
    std::fs::write(&mine, &added).unwrap();
    home.run_in_process(&["check"]).success();
    home.run_in_process(&["programs", "delete", "mine"])
        .code(2)
        .stderr(contains("by hand"));
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), added);
}

#[test]
fn an_id_is_never_a_path() {
    let home = Home::new();
    let outside = home.write("config/backrelief/...yaml", "mine\n");
    let profile = home.write("config/backrelief/profile.yaml", "age: 40\n");
    for name in [
        "../../..",
        "..",
        "../profile",
        "con",
        "NUL",
        "a/../../profile",
    ] {
        home.run_in_process(&["programs", "delete", name]).code(2);
    }
    assert!(outside.exists() && profile.exists());
    for name in ["../../..", "con", "LPT1"] {
        home.run_in_process(&["programs", "save", name, "--exercises", "cat-cow"])
            .code(2)
            .stderr(contains("cannot name a program"));
    }
    // A name that merely contains dots and slashes becomes a plain id.
    home.run_in_process(&[
        "programs",
        "save",
        "a/../../profile",
        "--exercises",
        "cat-cow",
    ])
    .success()
    .stdout(contains("Saved program 'a-profile'"));
    assert_eq!(std::fs::read_to_string(&profile).unwrap(), "age: 40\n");
}

#[test]
fn of_racing_saves_of_one_id_exactly_one_writes() {
    let home = Home::new();
    let children: Vec<_> = (0..8)
        .map(|i| {
            let exercise = if i % 2 == 0 { "cat-cow" } else { "bird-dog" };
            home.command(crate::support::bin())
                .args(["programs", "save", "Race", "--exercises", exercise])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let won: Vec<_> = outputs.iter().filter(|o| o.status.success()).collect();
    assert_eq!(won.len(), 1, "{outputs:?}");
    for lost in outputs.iter().filter(|o| !o.status.success()) {
        assert_eq!(lost.status.code(), Some(2));
        let err = String::from_utf8_lossy(&lost.stderr);
        assert!(err.contains("you already have a program 'race'"), "{err}");
    }
    // The winner's program is the one on disk, whole.
    let said = String::from_utf8_lossy(&won[0].stdout).to_string();
    let file = home.config().join("backrelief/routines/programs/race.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(said.contains("Saved program 'race'"), "{said}");
    home.run_in_process(&["check"]).success();
    let shown = stdout(&home.run_in_process(&["programs", "race"]).success());
    let exercise = if text.contains("exercise: cat-cow") {
        "Cat-cow"
    } else {
        "Bird-dog"
    };
    assert!(shown.contains(exercise), "{shown}");
}
