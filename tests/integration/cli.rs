//! Fitting into a shell: help with examples everywhere, completions, the
//! man page, and one table of exit codes.

use crate::support::{stdout, Home};
use backrelief::cli::Cli;
use backrelief::error::exit;
use clap::CommandFactory;

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
        let out = home.cmd().args(&path).arg("--help").output().unwrap();
        assert!(out.status.success(), "{path:?}");
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
        let text = stdout(&home.cmd().args(["completions", shell]).output().unwrap());
        for sub in ["session", "sheet", "progress", "history"] {
            assert!(text.contains(sub), "{shell} completion lacks {sub}");
        }
    }
    let man = stdout(&home.cmd().arg("man").output().unwrap());
    assert!(man.contains(".TH backrelief 1"));
    assert!(man.contains("session"));
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
    assert_eq!(
        home.cmd().arg("frobnicate").output().unwrap().status.code(),
        Some(exit::USAGE)
    );
    assert_eq!(
        home.cmd()
            .args(["show", "nothing-like-this"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(exit::USAGE)
    );
    let bad = home.write("bad.yaml", "exercises: [1]\n");
    assert_eq!(
        home.cmd()
            .arg("check")
            .arg(bad)
            .output()
            .unwrap()
            .status
            .code(),
        Some(exit::INVALID_DATA)
    );
}
