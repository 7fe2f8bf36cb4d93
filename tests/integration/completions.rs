//! Shell completion in the real shells: bash, zsh and fish run the script
//! `backrelief completions SHELL` prints and complete an exercise id, a
//! program the person saved, their own exercise and a value list. These
//! shells are installed by .ci/setup; a missing one fails the test. The
//! PowerShell script is checked as text (PowerShell is not installable here)
//! and its answers through the same `__complete` call.

use crate::support::{bin, stderr, stdout, Home};
use std::process::Command;

/// A home with a saved program ("My hips") and an exercise of the person's
/// own (towel-hamstring-slide).
fn home_with_own_things() -> Home {
    let home = Home::new();
    home.write("config/backrelief/routines/mine.yaml", crate::cache::MINE);
    home.run(&[
        "programs",
        "save",
        "My hips",
        "--exercises",
        "cat-cow,bird-dog",
    ])
    .success();
    home
}

/// `shell -c script` in `home`, with backrelief first on PATH.
fn shell(home: &Home, shell: &str, script: &str) -> String {
    let dir = bin().parent().unwrap();
    let path = format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = home.command(shell);
    if shell == "zsh" {
        cmd.arg("-f");
    }
    if shell == "fish" {
        cmd.arg("--no-config");
    }
    let out = cmd
        .arg("-c")
        .arg(script)
        .env("PATH", path)
        .env("HOME", home.path())
        .output()
        .unwrap_or_else(|e| panic!("{shell} is needed for this test (.ci/setup installs it): {e}"));
    assert!(
        out.status.success(),
        "{shell} failed: {}\n{}",
        stderr(&out),
        stdout(&out)
    );
    assert_eq!(stderr(&out), "", "{shell} printed an error");
    stdout(&out)
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// What bash offers for `line` (the cursor at its end).
fn bash(home: &Home, line: &str) -> String {
    // As readline splits the line for bash: `=` is in COMP_WORDBREAKS, so
    // `--category=str` is the three words `--category`, `=` and `str`.
    let mut words: Vec<String> = Vec::new();
    for w in line.split(' ') {
        match w.split_once('=') {
            Some((flag, value)) => {
                words.push(flag.into());
                words.push("=".into());
                if !value.is_empty() {
                    words.push(value.into());
                }
            }
            None => words.push(w.into()),
        }
    }
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    shell(
        home,
        "bash",
        &format!(
            r#"source <(backrelief completions bash)
COMP_WORDS=({})
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
_backrelief
printf '%s\n' "${{COMPREPLY[@]}}""#,
            quoted.join(" ")
        ),
    )
}

/// What zsh's script hands to zsh's completion system for `line`: the
/// system's `_describe`, `_files` and `compdef` are stood in for by
/// functions that print what they are given.
fn zsh(home: &Home, line: &str) -> String {
    shell(
        home,
        "zsh",
        &format!(
            r#"compdef() {{ :; }}
_describe() {{ print -l -- "${{(@P)${{@[-1]}}}}"; }}
_files() {{ print -- FILES; }}
source <(backrelief completions zsh)
words=(${{(z)${{:-{line}}}}})
[[ '{line}' == *' ' ]] && words+=('')
CURRENT=${{#words}}
_backrelief"#
        ),
    )
}

/// What fish itself completes for `line`.
fn fish(home: &Home, line: &str) -> String {
    shell(
        home,
        "fish",
        &format!("backrelief completions fish | source\ncomplete -C '{line}'"),
    )
}

#[test]
fn bash_completes_ids_own_programs_own_exercises_and_value_lists() {
    let home = home_with_own_things();
    assert_eq!(lines(&bash(&home, "backrelief show bird")), ["bird-dog"]);
    assert_eq!(lines(&bash(&home, "backrelief run my-h")), ["my-hips"]);
    assert_eq!(
        lines(&bash(&home, "backrelief show towel-ham")),
        ["towel-hamstring-slide"]
    );
    let categories = bash(&home, "backrelief list --category ");
    assert!(
        lines(&categories).contains(&"strengthening"),
        "{categories}"
    );
    assert!(!categories.contains('/'), "no file names: {categories}");
    assert_eq!(
        lines(&bash(&home, "backrelief list --position sit")),
        ["sitting", "sitting-on-floor"]
    );
    assert_eq!(
        lines(&bash(&home, "backrelief profile --checked saddle")),
        ["saddle-numbness"]
    );
    // `--flag=value`: bash replaces only the value, so only the value is offered.
    assert_eq!(
        lines(&bash(&home, "backrelief list --position=sit")),
        ["sitting", "sitting-on-floor"]
    );
    let categories = bash(&home, "backrelief list --category=");
    assert!(lines(&categories).contains(&"breathing"), "{categories}");
    assert!(!categories.contains("--category"), "{categories}");
    assert_eq!(
        lines(&bash(&home, "backrelief run --minutes 10 my-h")),
        ["my-hips"]
    );
    assert_eq!(
        lines(&bash(&home, "backrelief sheet --program=my-h")),
        ["my-hips"]
    );
}

#[test]
fn zsh_completes_ids_own_programs_and_value_lists_with_descriptions() {
    let home = home_with_own_things();
    let bird = zsh(&home, "backrelief show bird");
    assert_eq!(lines(&bird).len(), 1, "{bird}");
    assert!(bird.starts_with("bird-dog:Bird"), "{bird}");
    assert_eq!(
        lines(&zsh(&home, "backrelief run my-h")),
        ["my-hips:My hips"]
    );
    let positions = zsh(&home, "backrelief list --position ");
    assert!(lines(&positions).contains(&"kneeling"), "{positions}");
    assert_eq!(
        lines(&zsh(&home, "backrelief session --answers ")),
        ["FILES"]
    );
}

#[test]
fn fish_completes_ids_own_programs_and_value_lists() {
    let home = home_with_own_things();
    let bird = fish(&home, "backrelief show bird");
    assert_eq!(lines(&bird).len(), 1, "{bird}");
    assert!(bird.starts_with("bird-dog\tBird"), "{bird}");
    assert_eq!(
        lines(&fish(&home, "backrelief sheet --program my-h")),
        ["my-hips\tMy hips"]
    );
    let categories = fish(&home, "backrelief list --category ");
    assert!(lines(&categories).contains(&"breathing"), "{categories}");
    let flags = fish(&home, "backrelief profile --unchecked saddle");
    assert!(flags.starts_with("saddle-numbness\t"), "{flags}");
}

#[test]
fn powershell_script_asks_backrelief_and_its_answers_carry_help() {
    let home = home_with_own_things();
    let script = stdout(&home.run(&["completions", "powershell"]).success());
    for needed in [
        "Register-ArgumentCompleter -Native -CommandName backrelief",
        "backrelief __complete powershell $index -- @words",
        "[System.Management.Automation.CompletionResult]::new(",
    ] {
        assert!(script.contains(needed), "{needed} missing:\n{script}");
    }
    for (open, close) in [('{', '}'), ('(', ')'), ('[', ']')] {
        assert_eq!(
            script.matches(open).count(),
            script.matches(close).count(),
            "unbalanced {open}{close}"
        );
    }
    // The word being completed dropped (PowerShell before 7.3 drops an
    // empty argument): still answered.
    let out = home
        .run(&["__complete", "powershell", "2", "--", "backrelief", "run"])
        .success();
    assert!(
        stdout(&out).contains("my-hips\tMy hips\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn completing_never_prints_an_error() {
    let home = Home::new();
    // A broken file of the person's own: the built-in ids are still offered.
    home.write(
        "config/backrelief/routines/broken.yaml",
        "exercises: [: oops",
    );
    for args in [
        &[
            "__complete",
            "bash",
            "2",
            "--",
            "backrelief",
            "show",
            "bird",
        ][..],
        &["__complete", "bash", "9", "--", "backrelief"],
        &["__complete", "nosuchshell", "1", "--", "backrelief", "x"],
        &["__complete"],
        &[
            "__complete",
            "zsh",
            "3",
            "--",
            "backrelief",
            "list",
            "--nope",
            "",
        ],
    ] {
        let out = home.run(args).success();
        assert_eq!(stderr(&out), "", "{args:?}");
    }
    let out = home
        .run(&[
            "__complete",
            "bash",
            "2",
            "--",
            "backrelief",
            "show",
            "bird",
        ])
        .success();
    assert_eq!(stdout(&out), "bird-dog\n");
}

#[test]
fn every_shell_script_is_the_one_installed() {
    // bash and fish read their scripts as they are printed; a script that
    // does not parse would fail quietly at Tab.
    let home = Home::new();
    for (sh, check) in [("bash", "bash -n"), ("zsh", "zsh -n"), ("fish", "fish -n")] {
        let script = stdout(&home.run(&["completions", sh]).success());
        let file = home.write(&format!("script.{sh}"), &script);
        let mut parts = check.split(' ');
        let out = Command::new(parts.next().unwrap())
            .args(parts)
            .arg(&file)
            .output()
            .unwrap_or_else(|e| panic!("{sh} is needed for this test: {e}"));
        assert!(out.status.success(), "{sh}: {}", stderr(&out));
    }
}
