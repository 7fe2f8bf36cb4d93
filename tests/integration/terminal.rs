//! A terminal that goes away, and signals, through the real binary in a
//! pseudo-terminal made here with `posix_openpt` (rexpect cannot close its
//! master without killing the child): closing the master side hangs the
//! terminal up, mid-session and at each kind of question, and the process
//! must exit on its own with code 129 and the session saved. Each
//! terminating signal restores the terminal and saves. Plain mode keeps
//! timing the same run when its reader goes away.

use crate::support::{bin, Home, PTY_WAIT, STOP_SIGNALS as TESTED_SIGNALS};
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// How long a process may take to exit after its terminal closes. It
/// exits within a fraction of a second; this is generous for a loaded
/// machine, and still far less than the session left to run (minutes) or
/// a question waiting for ever, which is what it catches.
const HANG_UP_LIMIT: Duration = PTY_WAIT;

/// The binary on the slave side of a fresh pty, read from the master side.
struct Pty {
    master: Option<OwnedFd>,
    /// The test's own copy of the slave; dropped before a hang-up, since the
    /// terminal hangs up only when the master closes and nothing is lost.
    slave: Option<OwnedFd>,
    child: Child,
    seen: Vec<u8>,
    /// The slave's modes before the child started: what it must restore.
    initial: libc::termios,
}

fn check(rc: libc::c_int, what: &str) -> libc::c_int {
    assert!(rc >= 0, "{what}: {}", std::io::Error::last_os_error());
    rc
}

impl Pty {
    /// Runs `backrelief args` in a new session on a 24x80 pty. With
    /// `controlling`, the pty is its controlling terminal, so closing the
    /// master also sends SIGHUP; without, nothing but the tty says it hung up.
    fn spawn(home: &Home, args: &[&str], scale: &str, controlling: bool) -> Pty {
        Pty::spawn_ignoring(home, args, scale, controlling, &[], &[])
    }

    /// As `spawn`, with `ignored` signals ignored from the start, as `nohup`
    /// or a shell's `trap '' SIG` leave them.
    fn spawn_ignoring(
        home: &Home,
        args: &[&str],
        scale: &str,
        controlling: bool,
        ignored: &[libc::c_int],
        env: &[(&str, &str)],
    ) -> Pty {
        let ignored = ignored.to_vec();
        // SAFETY: plain libc calls on descriptors this function owns; every
        // descriptor is close-on-exec so other tests' children never hold
        // the master open.
        let (master, slave) = unsafe {
            let m = check(
                libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC),
                "posix_openpt",
            );
            let master = OwnedFd::from_raw_fd(m);
            check(libc::grantpt(m), "grantpt");
            check(libc::unlockpt(m), "unlockpt");
            let mut name = [0 as libc::c_char; 128];
            check(
                libc::ptsname_r(m, name.as_mut_ptr(), name.len()),
                "ptsname_r",
            );
            let size = libc::winsize {
                ws_row: 24,
                ws_col: 80,
                ws_xpixel: 0,
                ws_ypixel: 0,
            };
            check(libc::ioctl(m, libc::TIOCSWINSZ, &size), "TIOCSWINSZ");
            let s = check(
                libc::open(
                    name.as_ptr(),
                    libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC,
                ),
                "open the slave",
            );
            (master, OwnedFd::from_raw_fd(s))
        };
        let mut cmd = home.command(bin());
        cmd.args(args)
            .env("BACKRELIEF_TIME_SCALE", scale)
            .env("TERM", "xterm")
            .envs(env.iter().copied())
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave.try_clone().unwrap()));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                // Whatever the test runner inherited (a shell's background
                // job ignores SIGINT and SIGQUIT), the child gets the default
                // action for every signal tested here, or the one asked for.
                for sig in TESTED_SIGNALS {
                    let action = if ignored.contains(&sig) {
                        libc::SIG_IGN
                    } else {
                        libc::SIG_DFL
                    };
                    if libc::signal(sig, action) == libc::SIG_ERR {
                        return Err(std::io::Error::last_os_error());
                    }
                }
                if libc::setsid() < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if controlling && libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        // Read before the child starts: once it runs it may be in raw mode.
        // SAFETY: tcgetattr fills the struct we own.
        let initial = unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            check(libc::tcgetattr(slave.as_raw_fd(), &mut t), "tcgetattr");
            t
        };
        let child = cmd.spawn().expect("spawn in a pty");
        Pty {
            master: Some(master),
            slave: Some(slave),
            child,
            seen: Vec::new(),
            initial,
        }
    }

    /// Reads what is there within `wait`; false once nothing more can come.
    fn pump(&mut self, wait: Duration) -> bool {
        let fd = self.master.as_ref().expect("master open").as_raw_fd();
        let mut pfd = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        let rc = unsafe { libc::poll(&mut pfd, 1, wait.as_millis() as libc::c_int) };
        if rc <= 0 {
            return true;
        }
        let mut buf = [0u8; 4096];
        // SAFETY: reading into a buffer we own.
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            return false; // EIO: every slave descriptor is closed
        }
        self.seen.extend_from_slice(&buf[..n as usize]);
        true
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.seen).into_owned()
    }

    /// Waits until the output holds `text` `times` times.
    fn expect_n(&mut self, text: &str, times: usize) {
        let deadline = Instant::now() + PTY_WAIT;
        while self.text().matches(text).count() < times {
            assert!(
                Instant::now() < deadline && self.pump(Duration::from_millis(50)),
                "no {text:?} (x{times}) in:\n{}",
                self.text()
            );
        }
    }

    fn expect(&mut self, text: &str) {
        self.expect_n(text, 1);
    }

    fn send(&self, keys: &str) {
        let fd = self.master.as_ref().expect("master open").as_raw_fd();
        // SAFETY: writing a buffer we own.
        let n = unsafe { libc::write(fd, keys.as_ptr().cast(), keys.len()) };
        assert_eq!(n, keys.len() as isize);
    }

    /// Closes the terminal (the master side, as a terminal window, sshd or
    /// tmux does) and waits for the process: its exit status and how long it
    /// took to exit after the hang-up.
    fn hang_up(mut self) -> (ExitStatus, Duration) {
        drop(self.slave.take());
        drop(self.master.take());
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status, start.elapsed());
            }
            if start.elapsed() > HANG_UP_LIMIT {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("still running {HANG_UP_LIMIT:?} after the terminal closed");
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The slave's terminal modes, as the next program would find them.
    fn modes(&self) -> libc::termios {
        let fd = self.slave.as_ref().expect("slave open").as_raw_fd();
        // SAFETY: tcgetattr fills the struct we own.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            check(libc::tcgetattr(fd, &mut t), "tcgetattr");
            t
        }
    }

    /// Sends `signal` and waits for the exit, reading all output.
    fn signal(&mut self, signal: libc::c_int) -> (ExitStatus, String) {
        // SAFETY: kill on our own child.
        check(
            unsafe { libc::kill(self.child.id() as libc::pid_t, signal) },
            "kill",
        );
        let deadline = Instant::now() + PTY_WAIT;
        let status = loop {
            self.pump(Duration::from_millis(20));
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "still running after the signal");
        };
        while self.pump(Duration::from_millis(100)) {
            let before = self.seen.len();
            self.pump(Duration::from_millis(100));
            if self.seen.len() == before {
                break;
            }
        }
        (status, self.text())
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn short_session(home: &Home) -> Vec<String> {
    let f = home.write("a.yaml", crate::support::SHORT);
    vec![
        "session".into(),
        "--answers".into(),
        f.display().to_string(),
    ]
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn assert_hung_up(status: ExitStatus, took: Duration, output: &str) {
    eprintln!("exited {took:?} after the hang-up");
    assert_eq!(
        status.code(),
        Some(129),
        "exit status {status:?} after a hang-up (in {took:?}); output:\n{output}"
    );
}

/// A session on the full screen, then the terminal closes.
fn hang_up_mid_session(controlling: bool) {
    let home = Home::new();
    let a = short_session(&home);
    let mut p = Pty::spawn(&home, &args(&a), "1", controlling);
    p.expect("Start the session now?");
    p.expect("(y or n");
    p.send("y");
    p.expect("\x1b[?1049h");
    p.expect("step 1 of");
    std::thread::sleep(Duration::from_millis(300));
    let output = p.text();
    let (status, took) = p.hang_up();
    assert_hung_up(status, took, &output);
    let records = home.history();
    assert_eq!(records.len(), 1, "the partial session is saved");
    assert_eq!(records[0]["interrupted"], true);
    assert!(records[0]["pain_after"].is_null());
}

#[test]
fn a_closed_terminal_mid_session_exits_129_at_once_and_saves() {
    hang_up_mid_session(false);
}

#[test]
fn a_closed_controlling_terminal_mid_session_exits_129_at_once_and_saves() {
    hang_up_mid_session(true);
}

fn hang_up_at_the_start_question(controlling: bool) {
    let home = Home::new();
    let a = short_session(&home);
    let mut p = Pty::spawn(&home, &args(&a), "1", controlling);
    p.expect("Start the session now?");
    p.expect("(y or n");
    let output = p.text();
    let (status, took) = p.hang_up();
    assert_hung_up(status, took, &output);
    assert!(home.history().is_empty(), "no session started");
}

#[test]
fn a_closed_terminal_at_the_start_question_exits_129_at_once() {
    hang_up_at_the_start_question(false);
}

#[test]
fn a_closed_controlling_terminal_at_the_start_question_exits_129_at_once() {
    hang_up_at_the_start_question(true);
}

#[test]
fn a_closed_terminal_at_the_pain_question_after_the_run_keeps_the_record() {
    let home = Home::new();
    let a = short_session(&home);
    let mut p = Pty::spawn(&home, &args(&a), "300", false);
    p.expect("Start the session now?");
    p.expect("(y or n");
    p.send("y");
    p.expect("to start");
    p.send(" ");
    p.expect("How is your pain now?");
    p.expect("[0-10] >");
    let output = p.text();
    let (status, took) = p.hang_up();
    assert_hung_up(status, took, &output);
    let records = home.history();
    assert_eq!(records.len(), 1, "saved before the question");
    assert_eq!(records[0]["interrupted"], false);
    assert!(records[0]["pain_after"].is_null());
}

#[test]
fn a_closed_terminal_at_a_questionnaire_choice_exits_129_at_once() {
    let home = Home::new();
    home.run(&["profile", "--minutes", "5", "--equipment", "mat"])
        .success();
    let mut p = Pty::spawn(&home, &["session", "--pain", "3"], "1", false);
    for i in 1..=crate::support::asked_flags() {
        p.expect_n("(y or n", i);
        p.send("n");
        p.expect_n("→ no", i);
    }
    p.expect("Enter when done");
    let output = p.text();
    let (status, took) = p.hang_up();
    assert_hung_up(status, took, &output);
    assert!(home.history().is_empty());
}

/// `signal` mid-session: the terminal is restored (modes, screen, cursor),
/// the partial session saved, nobody asked, and the exit is 128 + signal.
fn signal_restores_and_saves(signal: libc::c_int) {
    let home = Home::new();
    let a = short_session(&home);
    let mut p = Pty::spawn(&home, &args(&a), "1", true);
    let before = p.initial;
    p.expect("Start the session now?");
    p.expect("(y or n");
    p.send("y");
    p.expect("step 1 of");
    assert_eq!(p.modes().c_lflag & libc::ICANON, 0, "raw mode in the run");
    let (status, out) = p.signal(signal);
    assert_same_modes(&before, &p.modes(), signal);
    assert_eq!(
        status.code(),
        Some(128 + signal),
        "signal {signal}: {status:?} (killed by {:?})\n{out}",
        status.signal()
    );
    let last_leave = out
        .rfind("\x1b[?1049l")
        .unwrap_or_else(|| panic!("never left the alternate screen:\n{out}"));
    let tail = &out[last_leave..];
    assert!(
        tail.starts_with("\x1b[?1049l\x1b[?25h"),
        "the cursor is shown right after leaving the alternate screen: {tail:?}"
    );
    assert!(
        !tail.contains("\x1b[?1049h") && !tail.contains("\x1b[?25l"),
        "nothing after the restore takes the screen again: {tail:?}"
    );
    assert!(
        out.trim_end().ends_with(&format!(
            "stopped by signal {signal}; what was done is saved"
        )),
        "{out}"
    );
    let records = home.history();
    assert_eq!(
        records.len(),
        1,
        "signal {signal}: the partial session is saved"
    );
    assert_eq!(records[0]["interrupted"], true);
    assert!(records[0]["pain_after"].is_null(), "nobody is asked");
}

#[test]
fn sigquit_restores_the_terminal_and_saves() {
    signal_restores_and_saves(libc::SIGQUIT);
}

#[test]
fn sigusr1_restores_the_terminal_and_saves() {
    signal_restores_and_saves(libc::SIGUSR1);
}

#[test]
fn sigusr2_restores_the_terminal_and_saves() {
    signal_restores_and_saves(libc::SIGUSR2);
}

#[test]
fn sigalrm_restores_the_terminal_and_saves() {
    signal_restores_and_saves(libc::SIGALRM);
}

#[test]
fn sigterm_exits_143_restores_the_terminal_and_saves() {
    signal_restores_and_saves(libc::SIGTERM);
}

#[test]
fn sighup_exits_129_restores_the_terminal_and_saves() {
    signal_restores_and_saves(libc::SIGHUP);
}

#[test]
fn sigint_exits_130_restores_the_terminal_and_saves() {
    signal_restores_and_saves(libc::SIGINT);
}

/// Signals ignored when the program starts stay ignored (Unix convention;
/// `nohup` relies on it): they neither end the session nor stop a question.
#[test]
fn signals_ignored_at_start_stay_ignored() {
    let home = Home::new();
    let a = short_session(&home);
    let ignored = [libc::SIGHUP, libc::SIGUSR1, libc::SIGQUIT];
    let mut p = Pty::spawn_ignoring(&home, &args(&a), "1", true, &ignored, &[]);
    p.expect("(y or n");
    let send_ignored = |p: &Pty| {
        for sig in ignored {
            // SAFETY: kill on our own child.
            check(
                unsafe { libc::kill(p.child.id() as libc::pid_t, sig) },
                "kill",
            );
        }
    };
    send_ignored(&p);
    p.send("y");
    p.expect("to start");
    p.send(" ");
    p.expect("step 1 of");
    send_ignored(&p);
    let seen = p.seen.len();
    std::thread::sleep(Duration::from_millis(300));
    p.pump(Duration::from_millis(100));
    assert!(p.child.try_wait().unwrap().is_none(), "still running");
    // It goes on drawing the session (the next change of the countdown
    // may take a while on a busy machine), and is still running after.
    let deadline = Instant::now() + PTY_WAIT;
    while p.seen.len() == seen {
        assert!(
            Instant::now() < deadline && p.pump(Duration::from_millis(50)),
            "no longer drawing the session:\n{}",
            p.text()
        );
    }
    assert!(p.child.try_wait().unwrap().is_none(), "still running");
    // A signal that was not ignored still ends it as usual.
    let (status, out) = p.signal(libc::SIGTERM);
    assert_eq!(status.code(), Some(143), "{status:?}\n{out}");
    let records = home.history();
    assert_eq!(records.len(), 1, "the partial session is saved");
    assert_eq!(records[0]["interrupted"], true);
}

#[test]
fn sigterm_at_a_key_question_restores_the_terminal_and_exits_143() {
    let home = Home::new();
    let a = short_session(&home);
    let mut p = Pty::spawn(&home, &args(&a), "1", true);
    let before = p.initial;
    p.expect("(y or n");
    assert_eq!(
        p.modes().c_lflag & libc::ICANON,
        0,
        "raw mode at the question"
    );
    let (status, out) = p.signal(libc::SIGTERM);
    assert_same_modes(&before, &p.modes(), libc::SIGTERM);
    assert_eq!(status.code(), Some(143), "{status:?}\n{out}");
    assert!(home.history().is_empty());
}

fn assert_same_modes(before: &libc::termios, after: &libc::termios, signal: libc::c_int) {
    assert_eq!(
        (after.c_lflag, after.c_iflag, after.c_oflag, after.c_cflag),
        (
            before.c_lflag,
            before.c_iflag,
            before.c_oflag,
            before.c_cflag
        ),
        "terminal modes restored after signal {signal}"
    );
}

/// Runs the plain session with stdout on a pipe and a fake speech program
/// that writes down every cue it is given (`--voice`); with `break_after`,
/// stops reading (closes the pipe) once that text has come. What was read,
/// whether it exited 0, and the cues heard.
fn plain_run(home: &Home, break_after: Option<&str>) -> (String, bool, Vec<String>) {
    let f = home.write("a.yaml", crate::support::SHORT);
    let said = home.path().join("said.txt");
    let path = home.fake_speech(&format!(
        "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{}'\n",
        said.display()
    ));
    let start = Instant::now();
    let mut child = home
        .command(bin())
        .args(["session", "--plain", "--voice", "--answers"])
        .arg(&f)
        .env("PATH", path)
        .env("BACKRELIEF_TIME_SCALE", "60")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        if let Some(stop) = break_after {
            if String::from_utf8_lossy(&seen).contains(stop) {
                break;
            }
        }
        match out.read(&mut buf).unwrap() {
            0 => break,
            n => seen.extend_from_slice(&buf[..n]),
        }
    }
    let read_for = start.elapsed();
    drop(out);
    let status = child.wait().unwrap();
    eprintln!("read for {read_for:?}, ran for {:?}", start.elapsed());
    let cues = std::fs::read_to_string(&said)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    (
        String::from_utf8_lossy(&seen).into_owned(),
        status.success(),
        cues,
    )
}

/// The "Get ready" cues among `cues`, in the order heard.
fn get_ready(cues: &[String]) -> Vec<&str> {
    cues.iter()
        .filter(|c| c.starts_with("Get ready: "))
        .map(String::as_str)
        .collect()
}

#[test]
fn a_reader_gone_in_plain_mode_does_not_restart_the_run() {
    let whole = Home::new();
    let (text, ok, _) = plain_run(&whole, None);
    assert!(ok, "{text}");
    // The plan's length varies with the date (progression): 2 steps or more
    // leave a half-way point.
    let steps = text.matches("\nStep ").count();
    assert!(steps >= 2, "{text}");
    // Each step's name, as many times as the plan has it.
    let names: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("Step "))
        .filter_map(|l| l.rsplit(" · ").next())
        .collect();
    assert_eq!(names.len(), steps, "{text}");
    // Stop reading about half-way through the steps.
    let half = format!("\nStep {} of", steps / 2 + 1);
    let broken = Home::new();
    let (_, ok, cues) = plain_run(&broken, Some(&half));
    assert!(ok, "a closed pipe is not an error");
    // A restart would go through the steps done already again: each step
    // is got ready for at most once (the voice drops a cue that waited too
    // long, never says one twice). Not timed, so a busy machine cannot
    // fail it.
    let heard = get_ready(&cues);
    assert!(!heard.is_empty(), "the voice was heard: {cues:?}");
    for cue in &heard {
        let name = cue.trim_start_matches("Get ready: ");
        assert!(
            heard.iter().filter(|c| *c == cue).count()
                <= names.iter().filter(|n| **n == name).count(),
            "{cue:?} heard more often than the plan has it: restarted? {cues:?}\n{text}"
        );
    }
    let records = broken.history();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["interrupted"], false);
    let statuses = |r: &serde_json::Value| -> Vec<serde_json::Value> {
        r["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["status"].clone())
            .collect()
    };
    assert_eq!(
        statuses(&records[0]),
        statuses(&whole.history()[0]),
        "the same steps, each done once"
    );
}

/// The peak resident memory a process reported through the
/// `BACKRELIEF_TEST_PEAK` seam, in KiB.
pub fn reported_peak_kb(output: &str) -> u64 {
    let line = output
        .lines()
        .find_map(|l| l.trim().strip_prefix("backrelief-test-peak-kb: "))
        .unwrap_or_else(|| panic!("no peak reported in:\n{output}"));
    line.trim().parse().expect("a number of KiB")
}

/// One resize to 65535x65535 (what a broken emulator or a hostile
/// TIOCSWINSZ reports) is laid out at most 1000x1000: the process's own
/// peak memory stays under 64 MiB, it goes on, and the terminal is
/// restored on the way out.
#[test]
fn a_huge_resize_keeps_memory_small_and_the_terminal_restored() {
    let home = Home::new();
    let a = short_session(&home);
    let mut p = Pty::spawn_ignoring(
        &home,
        &args(&a),
        "1",
        true,
        &[],
        &[("BACKRELIEF_TEST_PEAK", "1")],
    );
    let before = p.initial;
    p.expect("Start the session now?");
    p.expect("(y or n");
    p.send("y");
    p.expect("\x1b[?1049h");
    // The first frame at 80x24, whole (its key line is the last row): the
    // full screen watches for resizes by then. A resize before that would
    // be drawn in the first frame, and no second one would come.
    p.expect("to start");
    let size = libc::winsize {
        ws_row: 65535,
        ws_col: 65535,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let m = p.master.as_ref().expect("master open").as_raw_fd();
    // SAFETY: TIOCSWINSZ on the pty master we own; the kernel sends SIGWINCH.
    check(
        unsafe { libc::ioctl(m, libc::TIOCSWINSZ, &size) },
        "TIOCSWINSZ",
    );
    // The redraw at the clamped size (a cursor move past row 24) shows it
    // was taken; the run goes on until stopped.
    p.expect("step 1 of");
    let drawn = p.text().len();
    p.expect_n("step 1 of", p.text().matches("step 1 of").count() + 1);
    assert!(p.text().len() > drawn);
    let (status, out) = p.signal(libc::SIGTERM);
    assert_same_modes(&before, &p.modes(), libc::SIGTERM);
    assert_eq!(status.code(), Some(128 + libc::SIGTERM), "{out}");
    assert!(
        out.contains("\x1b[?1049l\x1b[?25h"),
        "the screen is restored"
    );
    let peak = reported_peak_kb(&out);
    assert!(
        peak < 64 * 1024,
        "peak {peak} KiB after a 65535x65535 resize"
    );
}
