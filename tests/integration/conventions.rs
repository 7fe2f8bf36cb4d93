//! The conventions people set once for every program: colour (`--color`,
//! `BACKRELIEF_COLOR`, `--no-color`, NO_COLOR, CLICOLOR, CLICOLOR_FORCE,
//! TERM=dumb) and what reaches stdout in each case.

use crate::support::*;
use std::process::Output;

const ESC: u8 = 0x1b;

/// A command in a home with every colour variable unset.
fn bare(home: &Home) -> assert_cmd::Command {
    let mut c = home.cmd();
    for v in [
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "BACKRELIEF_COLOR",
        "TERM",
    ] {
        c.env_remove(v);
    }
    c
}

fn coloured(bytes: &[u8]) -> bool {
    bytes.contains(&ESC)
}

fn causes(env: &[(&str, &str)], args: &[&str]) -> Output {
    let home = Home::new();
    let mut c = bare(&home);
    c.envs(env.iter().copied()).args(args).arg("causes");
    let out = c.output().unwrap();
    assert!(out.status.success(), "{env:?} {args:?}: {out:?}");
    out
}

#[test]
fn a_pipe_gets_no_colour_unless_asked() {
    assert!(!coloured(&causes(&[], &[]).stdout));
    assert!(!coloured(&causes(&[("CLICOLOR", "1")], &[]).stdout));
    assert!(!coloured(
        &causes(&[("TERM", "xterm-256color")], &[]).stdout
    ));
}

#[test]
fn clicolor_force_colours_a_pipe_but_no_color_wins() {
    let forced = causes(&[("CLICOLOR_FORCE", "1")], &[]).stdout;
    assert!(coloured(&forced));
    // Our codes are plain SGR, painted around the ids.
    let text = String::from_utf8(forced).unwrap();
    assert!(text.contains("\x1b[1mmuscle-imbalance"), "{text}");
    assert!(!coloured(&causes(&[("CLICOLOR_FORCE", "0")], &[]).stdout));
    let both = causes(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[]);
    assert!(!coloured(&both.stdout));
    // Set but empty means unset (no-color.org).
    assert!(coloured(
        &causes(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")], &[]).stdout
    ));
}

#[test]
fn the_color_flag_wins_over_the_environment() {
    assert!(coloured(&causes(&[], &["--color", "always"]).stdout));
    assert!(coloured(
        &causes(&[("NO_COLOR", "1")], &["--color=always"]).stdout
    ));
    assert!(coloured(
        &causes(&[("TERM", "dumb")], &["--color", "always"]).stdout
    ));
    assert!(!coloured(
        &causes(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]).stdout
    ));
    assert!(!coloured(
        &causes(
            &[("CLICOLOR_FORCE", "1")],
            &["--color", "auto", "--color", "never"]
        )
        .stdout
    ));
    // The flag after the subcommand works too (it is global).
    let home = Home::new();
    let out = bare(&home)
        .args(["causes", "--color", "always"])
        .output()
        .unwrap();
    assert!(coloured(&out.stdout));
}

#[test]
fn backrelief_color_is_the_flag_from_the_environment() {
    assert!(coloured(
        &causes(&[("BACKRELIEF_COLOR", "always")], &[]).stdout
    ));
    assert!(!coloured(
        &causes(
            &[("BACKRELIEF_COLOR", "never"), ("CLICOLOR_FORCE", "1")],
            &[]
        )
        .stdout
    ));
    // The flag beats the variable.
    assert!(!coloured(
        &causes(&[("BACKRELIEF_COLOR", "always")], &["--color", "never"]).stdout
    ));
    // Empty means unset.
    assert!(!coloured(&causes(&[("BACKRELIEF_COLOR", "")], &[]).stdout));
    let home = Home::new();
    bare(&home)
        .env("BACKRELIEF_COLOR", "purple")
        .arg("causes")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("invalid value 'purple'"));
}

#[test]
fn no_color_flag_is_never_and_wins_over_color() {
    assert!(!coloured(
        &causes(&[("CLICOLOR_FORCE", "1")], &["--no-color"]).stdout
    ));
    assert!(!coloured(
        &causes(&[], &["--color", "always", "--no-color"]).stdout
    ));
    assert!(!coloured(
        &causes(&[], &["--no-color", "--color", "always"]).stdout
    ));
}

#[test]
fn clap_help_and_errors_follow_the_same_choice() {
    let home = Home::new();
    let help = |env: &[(&str, &str)], args: &[&str]| {
        let out = bare(&home)
            .envs(env.iter().copied())
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage:"));
        coloured(&out.stdout)
    };
    assert!(help(&[], &["--color", "always", "--help"]));
    assert!(help(&[("CLICOLOR_FORCE", "1")], &["list", "--help"]));
    assert!(!help(&[("CLICOLOR_FORCE", "1")], &["--no-color", "--help"]));
    assert!(!help(
        &[("BACKRELIEF_COLOR", "never"), ("CLICOLOR_FORCE", "1")],
        &["--help"]
    ));
    assert!(!help(&[], &["--help"]));

    let error = |args: &[&str]| {
        let out = bare(&home).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("unrecognized subcommand"));
        assert!(out.stdout.is_empty());
        coloured(&out.stderr)
    };
    assert!(error(&["--color", "always", "lst"]));
    assert!(!error(&["lst"]));
    assert!(!error(&["--color", "never", "lst"]));
}

/// What a pseudo-terminal shows: colour, prompts and the runner.
mod pty {
    use super::*;
    use rexpect::session::PtySession;

    fn spawn(home: &Home, env: &[(&str, &str)], args: &str) -> PtySession {
        let script = format!("'{}' {args}; echo \"EXIT=$?\"", bin().display());
        let mut cmd = home.command("sh");
        cmd.arg("-c").arg(script);
        for v in [
            "NO_COLOR",
            "CLICOLOR",
            "CLICOLOR_FORCE",
            "BACKRELIEF_COLOR",
            "CI",
        ] {
            cmd.env_remove(v);
        }
        cmd.env("TERM", "xterm").envs(env.iter().copied());
        rexpect::session::spawn_command(cmd, Some(crate::support::PTY_TIMEOUT_MS))
            .expect("spawn in a pty")
    }

    /// Everything `causes` writes to a terminal.
    fn causes(env: &[(&str, &str)]) -> String {
        let home = Home::new();
        let mut p = spawn(&home, env, "causes");
        let (before, _) = p.exp_regex("EXIT=[0-9]+").unwrap();
        assert!(before.contains("muscle-imbalance"), "{before}");
        before
    }

    #[test]
    fn a_terminal_gets_colour_unless_the_environment_says_no() {
        assert!(causes(&[]).contains("\x1b[1mmuscle-imbalance"));
        assert!(!causes(&[("NO_COLOR", "1")]).contains('\x1b'));
        assert!(!causes(&[("CLICOLOR", "0")]).contains('\x1b'));
        assert!(!causes(&[("TERM", "dumb")]).contains('\x1b'));
        assert!(!causes(&[("BACKRELIEF_COLOR", "never")]).contains('\x1b'));
        // CLICOLOR_FORCE beats TERM=dumb for colour alone.
        assert!(causes(&[("TERM", "dumb"), ("CLICOLOR_FORCE", "1")]).contains('\x1b'));
    }

    /// A whole short session on a terminal: the plain runner's timed lines,
    /// line prompts (no "→ answer" redrawn over them) and no escape
    /// sequence at all.
    fn line_session(env: &[(&str, &str)], flags: &str) {
        let home = Home::new();
        let f = home.write("a.yaml", SHORT);
        let mut p = spawn(
            &home,
            &[&[("BACKRELIEF_TIME_SCALE", "1000")], env].concat(),
            &format!("session --answers '{}' {flags}", f.display()),
        );
        // On a terminal, plain mode waits for its start too.
        let plan = p.exp_string("Start the session now?").unwrap();
        assert!(plan.contains("The plan"), "{plan}");
        p.send_line("y").unwrap();
        let run = p.exp_string("How is your pain now?").unwrap();
        assert!(run.contains(" ... done\r\n"), "the plain runner: {run}");
        p.exp_regex(r"\[0-10\] >").unwrap();
        p.send_line("2").unwrap();
        p.exp_string("Anything to remember").unwrap();
        p.send_line("").unwrap();
        // How each exercise felt, then the first weekly function check:
        // all skipped with Enter.
        let check = crate::support::skip_felt_until(&mut p, "Activity 1 (Enter to finish):");
        p.send_line("").unwrap();
        let end = check + &p.exp_string("EXIT=0").unwrap();
        for text in [&plan, &run, &end] {
            assert!(
                !text.contains('\x1b') && !text.contains(&latin1("→")),
                "{env:?} {flags}: {text:?}"
            );
        }
        assert_eq!(home.history()[0]["pain_after"], 2);
    }

    /// rexpect reads the pty byte by byte as Latin-1.
    fn latin1(s: &str) -> String {
        s.bytes().map(char::from).collect()
    }

    #[test]
    fn term_dumb_gets_line_prompts_and_the_plain_runner() {
        line_session(&[("TERM", "dumb")], "");
    }

    #[test]
    fn plain_flag_gets_line_prompts_and_the_plain_runner() {
        line_session(&[("NO_COLOR", "1")], "--plain");
    }
}
