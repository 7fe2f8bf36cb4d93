//! Fitting into a shell: help with examples everywhere, completions, the
//! man page, and one table of exit codes.

use crate::support::{stdout, Home};
use backrelief::cli::Cli;
use backrelief::error::exit;
use clap::CommandFactory;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

fn all_commands(
    cmd: &clap::Command,
    path: Vec<String>,
    out: &mut Vec<(Vec<String>, clap::Command)>,
) {
    out.push((path.clone(), cmd.clone()));
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let mut p = path.clone();
        p.push(sub.get_name().to_string());
        all_commands(sub, p, out);
    }
}

#[test]
fn every_command_help_shows_an_example() {
    let mut cmds = Vec::new();
    all_commands(&Cli::command(), Vec::new(), &mut cmds);
    assert!(cmds.len() > 15);
    let home = Home::new();
    for (path, _) in cmds {
        let out = home.cmd().args(&path).arg("--help").assert().success();
        let text = stdout(&out);
        assert!(
            text.contains("Example"),
            "`backrelief {} --help` has no example",
            path.join(" ")
        );
    }
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    let home = Home::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let text = stdout(&home.run(&["completions", shell]).success());
        for sub in ["session", "sheet", "progress", "history"] {
            assert!(text.contains(sub), "{shell} completion lacks {sub}");
        }
    }
    home.run(&["man"])
        .success()
        .stdout(contains(".TH backrelief 1").and(contains("session")));
}

#[test]
fn exit_codes_match_the_documented_table() {
    assert_eq!(
        (
            exit::OK,
            exit::INVALID_DATA,
            exit::USAGE,
            exit::RED_FLAG,
            exit::INTERRUPTED
        ),
        (0, 1, 2, 3, 130)
    );
    let readme = include_str!("../../README.md");
    for (code, words) in [
        (0, "ok"),
        (1, "invalid library"),
        (2, "usage error"),
        (3, "red flag"),
        (130, "interrupted"),
    ] {
        assert!(
            readme.contains(&format!("| {code} | {words}")),
            "README lacks exit code {code}"
        );
    }
    let home = Home::new();
    home.run(&["frobnicate"]).code(exit::USAGE);
    home.run(&["show", "nothing-like-this"]).code(exit::USAGE);
    let bad = home.write("bad.yaml", "exercises: [1]\n");
    home.cmd()
        .arg("check")
        .arg(bad)
        .assert()
        .code(exit::INVALID_DATA);
}
