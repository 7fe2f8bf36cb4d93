//! The session runner through the real binary: plain mode, and the full
//! screen in a pseudo-terminal (keys, screen, terminal restored after q,
//! Ctrl+C, SIGTERM and SIGHUP; the other signals and a closed terminal are
//! in `terminal`).

use crate::support::{bin, stdout, Home, SHORT};
use assert_cmd::assert::OutputAssertExt;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

#[test]
fn plain_mode_runs_timed_lines_and_saves_the_session() {
    let home = Home::new();
    let f = home.write("a.yaml", SHORT);
    let out = home
        .cmd()
        .env("BACKRELIEF_TIME_SCALE", "100")
        .args(["session", "--note", "felt fine", "--answers"])
        .arg(&f)
        .write_stdin("2\n")
        .assert()
        .success();
    let text = stdout(&out);
    assert!(text.contains("Get ready:"), "{text}");
    assert!(
        text.contains(" side: hold ") || text.contains(": hold "),
        "{text}"
    );
    assert!(
        text.lines().filter(|l| l.ends_with("... done")).count() > 5,
        "{text}"
    );
    assert!(text.contains("Session complete"), "{text}");
    assert!(text.contains("Pain 3 -> 2 (a little lower)"), "{text}");
    let records = home.history();
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r["schema"], 1);
    assert_eq!(r["pain_before"], 3);
    assert_eq!(r["pain_after"], 2);
    assert_eq!(r["note"], "felt fine");
    assert_eq!(r["interrupted"], false);
    assert!(r["steps"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["status"] == "done"));
}

#[test]
fn the_session_is_saved_before_the_pain_question_and_signals_work_again() {
    use std::io::Read;
    let home = Home::new();
    let f = home.write("a.yaml", SHORT);
    let mut child = home
        .command(bin())
        .args(["session", "--answers"])
        .arg(&f)
        .env("BACKRELIEF_TIME_SCALE", "200")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the question after the session (stdin stays open, unanswered).
    let mut err = child.stderr.take().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    while !String::from_utf8_lossy(&seen).contains("How is your pain now?") {
        let n = err.read(&mut buf).unwrap();
        assert!(n > 0, "stderr closed: {}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&buf[..n]);
    }
    let records = home.history();
    assert_eq!(records.len(), 1, "saved before the question");
    assert!(records[0]["pain_after"].is_null());
    // SAFETY: kill on our own child.
    assert_eq!(
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) },
        0
    );
    let status = child.wait().unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        status.signal(),
        Some(15),
        "SIGTERM ends the process once the run is over"
    );
    assert_eq!(home.history().len(), 1);
}

#[test]
fn run_program_asks_only_red_flags_and_pain() {
    let home = Home::new();
    home.run(&[
        "profile",
        "--minutes",
        "5",
        "--age",
        "40",
        "--equipment",
        "chair,wall",
    ])
    .success();
    let noes = crate::support::noes();
    home.cmd()
        .env("BACKRELIEF_TIME_SCALE", "200")
        .args(["run", "desk-worker-reset"])
        .write_stdin(format!("{noes}4\n3\n"))
        .assert()
        .success()
        .stderr(contains("Where does it hurt").not())
        .stdout(predicates::str::starts_with("Desk-worker reset"));
    assert_eq!(home.history()[0]["source"]["id"], "desk-worker-reset");
}

#[test]
fn output_piped_to_head_is_not_an_error() {
    let home = Home::new();
    let f = home.write("a.yaml", SHORT);
    let script = format!(
        "'{}' session --answers '{}' < /dev/null | head -3; echo \"rc=${{PIPESTATUS[0]}}\"",
        bin().display(),
        f.display()
    );
    home.command("bash")
        .arg("-c")
        .arg(script)
        .env("BACKRELIEF_TIME_SCALE", "200")
        .assert()
        .stdout(contains("rc=0"))
        .stderr(contains("panicked").not());
    assert_eq!(
        home.history().len(),
        1,
        "the session still ran and was saved"
    );
}

mod pty {
    use super::*;
    use crate::support::{answer, drawn, PTY_TIMEOUT_MS};
    use rexpect::session::PtySession;

    /// Runs the binary under `sh` in a pty, with `stty -a` before and after,
    /// so the test can see the terminal was restored.
    fn spawn(home: &Home, args: &str, scale: &str) -> PtySession {
        spawn_sized(home, args, scale, 24, 80)
    }

    fn spawn_sized(home: &Home, args: &str, scale: &str, rows: u16, cols: u16) -> PtySession {
        let before = home.path().join("stty-before");
        let after = home.path().join("stty-after");
        let script = format!(
            "stty rows {rows} cols {cols}; stty -a > '{}'; '{}' {args}; echo \"EXIT=$?\"; stty -a > '{}'; echo RESTORED",
            before.display(),
            bin().display(),
            after.display()
        );
        let mut cmd = home.command("sh");
        cmd.arg("-c")
            .arg(script)
            .env("BACKRELIEF_TIME_SCALE", scale)
            .env("TERM", "xterm");
        let mut p =
            rexpect::session::spawn_command(cmd, Some(PTY_TIMEOUT_MS)).expect("spawn in a pty");
        // The plan is shown first, then the session starts on a yes.
        p.exp_string("The plan").unwrap();
        // Wrapped at the terminal's width: "now?" may be on the next line.
        answer(&mut p, "Start the session", drawn::YES_NO, "y");
        p
    }

    /// The first exercise waits for a key: starts it.
    fn start(p: &mut PtySession) {
        p.exp_regex("space (to )?start").unwrap();
        send(p, " ");
    }

    /// rexpect buffers `send`; flush so the key arrives now.
    fn send(p: &mut PtySession, keys: &str) {
        p.send(keys).unwrap();
        p.flush().unwrap();
    }

    fn assert_restored(home: &Home) {
        let before = std::fs::read_to_string(home.path().join("stty-before")).unwrap();
        let after = std::fs::read_to_string(home.path().join("stty-after")).unwrap();
        assert_eq!(before, after, "terminal modes differ after the session");
        assert!(
            after.contains(" icanon") && after.contains(" echo"),
            "{after}"
        );
    }

    #[test]
    fn saying_no_at_the_start_runs_and_saves_nothing() {
        let home = Home::new();
        let f = home.write("a.yaml", SHORT);
        let mut cmd = home.command(bin());
        cmd.args(["session", "--answers"]).arg(&f);
        let mut p = rexpect::session::spawn_command(cmd, Some(PTY_TIMEOUT_MS)).unwrap();
        answer(&mut p, "Start the session now?", drawn::YES_NO, "n");
        p.exp_string("Not started; nothing was saved").unwrap();
        p.exp_eof().unwrap();
        assert!(home.history().is_empty());
    }

    #[test]
    fn keys_drive_the_screen_and_q_restores_the_terminal() {
        let home = Home::new();
        let f = home.write("a.yaml", SHORT);
        let mut p = spawn(&home, &format!("session --answers '{}'", f.display()), "1");
        p.exp_string("\x1b[?1049h").unwrap(); // alternate screen
        start(&mut p);
        send(&mut p, " ");
        p.exp_string("PAUSED").unwrap();
        send(&mut p, " ");
        send(&mut p, "?");
        p.exp_string("add or take away 10 seconds").unwrap();
        send(&mut p, "?");
        // Skip the get-ready wait: the first exercise's first working phase
        // follows, whichever the day's plan starts with (a hold, a rep, a breath).
        send(&mut p, "n");
        p.exp_regex("HOLD|LIFT|BREATHE IN").unwrap();
        send(&mut p, "q");
        p.exp_string("End the session now?").unwrap();
        send(&mut p, "y");
        p.exp_string("\x1b[?1049l").unwrap(); // back to the normal screen
        answer(&mut p, "How is your pain now?", drawn::NUMBER, "2\r");
        answer(&mut p, "Anything to remember", drawn::TEXT, "hips tight\r");
        p.exp_string("Stopped early").unwrap();
        p.exp_string("EXIT=130").unwrap();
        p.exp_string("RESTORED").unwrap();
        assert_restored(&home);
        let r = &home.history()[0];
        assert_eq!(r["interrupted"], true);
        assert_eq!(r["pain_after"], 2);
        assert_eq!(r["note"], "hips tight");
    }

    #[test]
    fn ctrl_c_stops_restores_and_saves() {
        let home = Home::new();
        let f = home.write("a.yaml", SHORT);
        let mut p = spawn(&home, &format!("session --answers '{}'", f.display()), "1");
        p.exp_string("\x1b[?1049h").unwrap();
        p.exp_string("step 1 of").unwrap();
        p.send_control('c').unwrap();
        p.exp_string("\x1b[?1049l").unwrap();
        p.exp_string("Stopped early").unwrap();
        p.exp_string("EXIT=130").unwrap();
        p.exp_string("RESTORED").unwrap();
        assert_restored(&home);
        assert_eq!(home.history()[0]["interrupted"], true);
    }

    /// Sends `signal` to the running session: the terminal comes back, the
    /// session is saved as interrupted, and nobody is asked anything.
    fn signal_restores_the_terminal_and_saves(signal: libc::c_int, code: i32) {
        let home = Home::new();
        let f = home.write("a.yaml", SHORT);
        let mut p = spawn(&home, &format!("session --answers '{}'", f.display()), "1");
        p.exp_string("step 1 of").unwrap();
        // The shell's child is backrelief.
        let sh = p.process.child_pid.as_raw();
        let children = std::fs::read_to_string(format!("/proc/{sh}/task/{sh}/children")).unwrap();
        let pid = children
            .split_whitespace()
            .next()
            .expect("backrelief runs")
            .to_string();
        let pid: libc::pid_t = pid.parse().unwrap();
        // SAFETY: kill on the shell's child, which is ours to stop.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
        p.exp_string("\x1b[?1049l").unwrap();
        p.exp_string(&format!("EXIT={code}")).unwrap();
        p.exp_string("RESTORED").unwrap();
        assert_restored(&home);
        let r = &home.history()[0];
        assert_eq!(r["interrupted"], true);
        assert!(r["pain_after"].is_null(), "nobody is asked after a signal");
    }

    #[test]
    fn a_panic_restores_the_terminal() {
        let home = Home::new();
        let f = home.write("a.yaml", SHORT);
        let script = format!(
            "stty rows 24 cols 80; stty -a > '{b}'; BACKRELIEF_TEST_PANIC=1 '{bin}' session --answers '{f}'; echo \"EXIT=$?\"; stty -a > '{a}'; echo RESTORED",
            b = home.path().join("stty-before").display(),
            a = home.path().join("stty-after").display(),
            bin = bin().display(),
            f = f.display()
        );
        let mut cmd = home.command("sh");
        cmd.arg("-c").arg(script);
        let mut p = rexpect::session::spawn_command(cmd, Some(PTY_TIMEOUT_MS)).unwrap();
        answer(&mut p, "Start the session now?", drawn::YES_NO, "y");
        p.exp_string("\x1b[?1049l").unwrap(); // the hook restored the screen first
        p.exp_string("panic requested by BACKRELIEF_TEST_PANIC")
            .unwrap();
        p.exp_string("EXIT=101").unwrap();
        p.exp_string("RESTORED").unwrap();
        assert_restored(&home);
    }

    #[test]
    fn sigterm_restores_the_terminal_and_saves() {
        signal_restores_the_terminal_and_saves(libc::SIGTERM, 143);
    }

    #[test]
    fn sighup_restores_the_terminal_and_saves() {
        signal_restores_the_terminal_and_saves(libc::SIGHUP, 129);
    }

    /// Waits for the screen to be cleared and drawn in the compact layout:
    /// its second row starts "step 1 of", with no full-layout header
    /// ("backrelief · step 1 of") before it.
    fn compact_drawn(p: &mut PtySession) {
        p.exp_string("\x1b[2J").unwrap();
        let before = p.exp_string("step 1 of").unwrap();
        assert!(!before.contains("backrelief"), "{before:?}");
    }

    #[test]
    fn resizing_mid_session_redraws_in_the_new_layout() {
        use std::os::fd::AsRawFd;
        let home = Home::new();
        let f = home.write("a.yaml", SHORT);
        let mut p = spawn(&home, &format!("session --answers '{}'", f.display()), "1");
        start(&mut p);
        p.exp_string("p back").unwrap(); // the full layout's key line
        let size = libc::winsize {
            ws_row: 6,
            ws_col: 30,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCSWINSZ on the pty master we own; the kernel sends SIGWINCH.
        let rc = unsafe { libc::ioctl(p.process.pty.as_raw_fd(), libc::TIOCSWINSZ, &size) };
        assert_eq!(rc, 0);
        compact_drawn(&mut p);
        send(&mut p, "q");
        p.exp_string("Quit now? y/n").unwrap();
        send(&mut p, "y");
        answer(&mut p, "How is your pain now?", drawn::NUMBER, "4\r");
        answer(&mut p, "Anything to remember", drawn::TEXT, "\r");
        p.exp_string("EXIT=130").unwrap();
    }

    /// Keys typed after a resize are taken, whether they come once the new
    /// layout is drawn or in the same instant as the resize. (A reader that
    /// reports the resize first must not lose the key that came with it.)
    #[test]
    fn keys_typed_after_each_resize_are_taken() {
        use std::os::fd::AsRawFd;
        let home = Home::new();
        let f = home.write("a.yaml", SHORT);
        let mut p = spawn(&home, &format!("session --answers '{}'", f.display()), "1");
        start(&mut p);
        p.exp_string("p back").unwrap();
        let resize = |p: &PtySession, rows: u16, cols: u16| {
            let size = libc::winsize {
                ws_row: rows,
                ws_col: cols,
                ws_xpixel: 0,
                ws_ypixel: 0,
            };
            // SAFETY: TIOCSWINSZ on the pty master we own; the kernel sends SIGWINCH.
            let rc = unsafe { libc::ioctl(p.process.pty.as_raw_fd(), libc::TIOCSWINSZ, &size) };
            assert_eq!(rc, 0);
        };
        resize(&p, 6, 30);
        compact_drawn(&mut p);
        send(&mut p, " ");
        // rexpect reads bytes as Latin-1: the dash before this cannot match.
        p.exp_string("space to carry on").unwrap();
        resize(&p, 24, 80);
        send(&mut p, "?");
        p.exp_string("hide this help").unwrap();
        resize(&p, 6, 30);
        compact_drawn(&mut p);
        send(&mut p, "q");
        p.exp_string("Quit now? y/n").unwrap();
        send(&mut p, "y");
        answer(&mut p, "How is your pain now?", drawn::NUMBER, "4\r");
        answer(&mut p, "Anything to remember", drawn::TEXT, "\r");
        p.exp_string("EXIT=130").unwrap();
    }

    #[test]
    fn a_tiny_terminal_gets_the_compact_layout() {
        let home = Home::new();
        let f = home.write("a.yaml", SHORT);
        let mut p = spawn_sized(
            &home,
            &format!("session --answers '{}'", f.display()),
            "1",
            5,
            20,
        );
        // The countdown (the get-ready time follows the change of position).
        p.exp_regex("0:[0-5][0-9]").unwrap();
        p.exp_string("step 1 of").unwrap();
        send(&mut p, "q");
        p.exp_string("Quit now? y/n").unwrap();
        send(&mut p, "y");
        // Wrapped at 19 columns.
        answer(&mut p, "How is your pain", drawn::NUMBER, "\r");
        p.exp_string("is not a whole").unwrap(); // wrapped at 20 columns
        send(&mut p, "3\r");
        answer(&mut p, "Anything to", drawn::TEXT, "\r");
        p.exp_string("EXIT=130").unwrap();
    }
}
