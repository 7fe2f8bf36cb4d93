//! Issue 27: ceilings on the names and texts a person types. Refused at
//! entry with the ceiling named (exit 2, nothing written); cut with a
//! notice when read back from the person's own files (a profile, a backup).

use crate::support::{stderr, stdout, Home, SHORT};
use predicates::str::contains;

/// `profile` arguments that must be refused, and what the message says.
#[test]
fn names_and_texts_longer_than_their_ceiling_are_refused_at_entry() {
    let home = Home::new();
    // The careful default is on, so `--cleared` has something to clear.
    home.run_in_process(&["profile", "--add-condition", "sarcoidosis"])
        .success();
    let profile = std::fs::read(home.profile_file()).unwrap();
    let name = "x".repeat(101);
    let words = "y".repeat(2001);
    for (args, says) in [
        (
            vec!["--add-condition", name.as_str()],
            "--add-condition: a condition's name has 101 characters; it is at most 100",
        ),
        (
            vec!["--cleared", words.as_str()],
            "--cleared: what they said has 2001 characters; it is at most 2000",
        ),
        (
            vec!["--cleared", "fine\u{1b}[2J"],
            "--cleared: what they said has a control or direction character",
        ),
        (
            vec!["--cleared", "   "],
            "--cleared: what they said is empty",
        ),
    ] {
        let mut all = vec!["profile"];
        all.extend(args);
        let out = home.run_in_process(&all).code(2);
        assert!(stderr(&out).contains(says), "{all:?}: {}", stderr(&out));
        // The message never repeats the whole value.
        assert!(stderr(&out).len() < 400, "{}", stderr(&out));
    }
    assert_eq!(std::fs::read(home.profile_file()).unwrap(), profile);
    // At the ceiling, both are kept.
    home.run_in_process(&["profile", "--add-condition", &"x".repeat(100)])
        .success();
    home.run_in_process(&["profile", "--cleared", &"y".repeat(2000)])
        .success();
    let text = std::fs::read_to_string(home.profile_file()).unwrap();
    assert!(text.contains(&"x".repeat(100)) && text.contains(&"y".repeat(2000)));

    // A program's name: at most its id's 80 characters.
    let long = "a".repeat(81);
    home.run_in_process(&["programs", "save", &long, "--exercises", "cat-cow"])
        .code(2)
        .stderr(contains(
            "a program's name has 81 characters; it is at most 80",
        ));
    home.run_in_process(&[
        "programs",
        "save",
        &"a".repeat(80),
        "--exercises",
        "cat-cow",
    ])
    .success();

    // An answers file stands in for the command line: refused, naming it.
    let answers = home.write(
        "long.yaml",
        &SHORT.replace("conditions: []", &format!("conditions: [{name}]")),
    );
    let out = home
        .in_process()
        .args(["session", "--plan", "--answers"])
        .arg(&answers)
        .assert()
        .code(2);
    let err = stderr(&out);
    assert!(err.contains("long.yaml"), "{err}");
    assert!(
        err.contains("has 101 characters; a condition's name is at most 100"),
        "{err}"
    );
}

/// A profile written before the ceilings (or by hand) still loads: each
/// long text is cut, with a notice naming the file.
#[test]
fn a_profile_with_longer_texts_loads_cut_with_a_notice() {
    let home = Home::new();
    let name = "z".repeat(150);
    let words = "w".repeat(3000);
    home.write(
        "config/backrelief/profile.yaml",
        &format!(
            "version: 1\nconditions: []\nequipment: []\nminutes: 15\nunlisted: [{name}]\ncleared:\n  text: {words}\n  on: 2026-11-02\n"
        ),
    );
    let out = home.run_in_process(&["profile"]).success();
    let err = stderr(&out);
    assert!(
        err.contains("a condition's name of 150 characters was cut to its first 100"),
        "{err}"
    );
    assert!(
        err.contains("(`cleared`), 3000 characters, were cut to the first 2000"),
        "{err}"
    );
    assert!(err.contains("profile.yaml"), "{err}");
    let shown = stdout(&out);
    assert!(shown.contains(&"z".repeat(100)), "{shown}");
    assert!(!shown.contains(&"z".repeat(101)), "{shown}");
}
