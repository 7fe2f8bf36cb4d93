//! The run as a person sees it, read through a terminal emulator (`vt100`)
//! from a real pseudo-terminal: the full screen at 40x12, 80x24 and 200x60
//! (the figure, digits that grow, get-ready time by change of position,
//! the first exercise waiting for a key, help pausing, a skip's hint, the
//! key line, wide characters, no colour with NO_COLOR), and plain mode on
//! a terminal with TERM=dumb (waiting for its start, then commands).

use crate::support::{bin, Frames, Home, PTY_WAIT, SHORT};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// Two exercises on the floor: the first 20 s to get down from standing,
/// the second 5 s (the same position). The second is a person's own, with
/// wide characters (CJK, an emoji) in its name and steps.
const LIBRARY: &str = "\
exercises:
  - id: wide-hug
    name: 膝抱え knee hug 🧘
    category: mobility
    muscles: {primary: [glutes]}
    position: on-back
    movements: [lying-on-back]
    difficulty: 1
    dose: {hold: 20, sets: 1, per_side: true}
    instructions:
      - 仰向けに寝て、両膝を曲げます。片方の膝を胸に引き寄せて、ゆっくり呼吸します。
    feel: 腰とお尻のストレッチ。
    cautions:
      - Stop if it hurts sharply.
    make_it_easier: Pull the knee in only part of the way.
    illustration: |2
        o_( )
programs:
  - id: screen-test
    name: Screen test
    summary: Two floor exercises.
    steps:
      - exercise: glute-bridge
        dose: {reps: 2, sets: 2}
      - exercise: wide-hug
        dose: {hold: 20, sets: 1}
";

fn setup() -> (Home, Vec<String>) {
    let home = Home::new();
    home.write("lib/screen.yaml", LIBRARY);
    let answers = home.write("a.yaml", SHORT);
    let args = [
        "--library".to_string(),
        home.path().join("lib").display().to_string(),
        "session".into(),
        "--program".into(),
        "screen-test".into(),
        "--answers".into(),
        answers.display().to_string(),
    ];
    (home, args.to_vec())
}

/// The binary in a `rows`x`cols` pty of its own (its controlling
/// terminal), its output kept raw and parsed.
struct Term {
    master: OwnedFd,
    child: Child,
    frames: Frames,
    /// Frames made whole since the last key or the last match, oldest first.
    whole: std::collections::VecDeque<Vec<String>>,
    raw: Vec<u8>,
    cols: u16,
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn check(rc: libc::c_int, what: &str) -> libc::c_int {
    assert!(rc >= 0, "{what}: {}", std::io::Error::last_os_error());
    rc
}

impl Term {
    fn spawn(home: &Home, args: &[String], (rows, cols): (u16, u16), env: &[(&str, &str)]) -> Term {
        // SAFETY: plain libc calls on descriptors this function owns, all
        // close-on-exec so other tests' children never hold them open.
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
                ws_row: rows,
                ws_col: cols,
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
            .env("TERM", "xterm")
            .env("BACKRELIEF_TIME_SCALE", "1")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        for (k, v) in env {
            if v.is_empty() {
                cmd.env_remove(k);
            } else {
                cmd.env(k, v);
            }
        }
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("spawn in a pty");
        Term {
            master,
            child,
            frames: Frames::new(rows, cols),
            whole: Default::default(),
            raw: Vec::new(),
            cols,
        }
    }

    /// Takes in whatever output has come.
    fn pump(&mut self) {
        let fd = self.master.as_raw_fd();
        loop {
            let mut pfd = libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            let mut buf = [0u8; 8192];
            // SAFETY: one valid pollfd; reading into a buffer we own.
            let n = unsafe {
                if libc::poll(&mut pfd, 1, 0) <= 0 {
                    return;
                }
                libc::read(fd, buf.as_mut_ptr().cast(), buf.len())
            };
            if n <= 0 {
                return;
            }
            let whole = self.frames.feed(&buf[..n as usize]);
            self.whole.extend(whole);
            self.raw.extend_from_slice(&buf[..n as usize]);
        }
    }

    fn rows(&self) -> Vec<String> {
        self.frames.rows()
    }

    /// Waits until the screen satisfies `ok`; returns its rows. Every
    /// frame drawn is looked at, however busy the machine (a count shown
    /// for a second is not missed), and only a whole one: a frame drawn
    /// since, or the screen now if it is settled (see `Frames`).
    fn until(&mut self, what: &str, ok: impl Fn(&[String]) -> bool) -> Vec<String> {
        let deadline = Instant::now() + PTY_WAIT;
        loop {
            self.pump();
            while let Some(rows) = self.whole.pop_front() {
                if ok(&rows) {
                    return rows;
                }
            }
            let rows = self.rows();
            if self.frames.settled() && ok(&rows) {
                return rows;
            }
            assert!(
                Instant::now() < deadline,
                "{}x{}: {what} never shown:\n{}",
                rows.len(),
                self.cols,
                rows.join("\n")
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn shows(&mut self, text: &str) -> Vec<String> {
        self.until(text, |rows| rows.iter().any(|r| r.contains(text)))
    }

    /// True when the screen stays the same for `d`.
    fn still_for(&mut self, d: Duration) -> bool {
        self.pump();
        let before = self.rows();
        std::thread::sleep(d);
        self.pump();
        before == self.rows()
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }

    /// Waits until the output holds `text` `times` times.
    fn said(&mut self, text: &str, times: usize) {
        let deadline = Instant::now() + PTY_WAIT;
        while self.text().matches(text).count() < times {
            assert!(
                Instant::now() < deadline,
                "no {text:?} (x{times}) in:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
            self.pump();
        }
    }

    /// True when nothing is written for `d`.
    fn quiet_for(&mut self, d: Duration) -> bool {
        self.pump();
        let before = self.raw.len();
        std::thread::sleep(d);
        self.pump();
        before == self.raw.len()
    }

    fn send(&mut self, keys: &str) {
        // What was drawn before is not an answer to these keys.
        self.pump();
        self.whole.clear();
        // SAFETY: writing a buffer we own to the master we own.
        let n = unsafe { libc::write(self.master.as_raw_fd(), keys.as_ptr().cast(), keys.len()) };
        assert_eq!(n, keys.len() as isize);
    }
}

/// The second row: the phase, the time left, the exercise in words.
fn name_row(rows: &[String]) -> &str {
    &rows[1]
}

fn block_rows(rows: &[String]) -> usize {
    rows.iter().filter(|r| r.contains('█')).count()
}

/// One size's run: what it showed, for the comparisons between sizes.
struct Seen {
    size: (u16, u16),
    /// Rows with block characters while a rep was under way.
    blocks: usize,
    raw: String,
}

fn run_at(size: (u16, u16), color: bool) -> Seen {
    let (home, args) = setup();
    let env: &[(&str, &str)] = if color { &[("NO_COLOR", "")] } else { &[] };
    let mut t = Term::spawn(&home, &args, size, env);
    let (h, w) = size;
    let tag = format!("{w}x{h}");
    // The answer line is drawn once keys are read (raw mode).
    t.shows("(y or n");
    t.send("y");
    // The first exercise waits for a key, its get-ready time standing at
    // the 20 s it takes to get down to the floor.
    let rows = t.shows("to start");
    assert!(
        name_row(&rows).starts_with("GET READY 0:20 · GLUTE BRIDGE"),
        "{tag}: {rows:#?}"
    );
    let keys = rows.last().unwrap();
    for k in ["q quit", "? help"] {
        assert!(keys.contains(k), "{tag}: the key line keeps {k}: {keys}");
    }
    if w >= 80 {
        assert!(
            rows.iter()
                .any(|r| r.contains("O____________/  \\    on your back,")),
            "{tag}: the figure: {rows:#?}"
        );
    }
    assert!(t.still_for(Duration::from_millis(1300)), "{tag}: it waits");
    t.send(" ");
    // The count goes on (below 0:20; how far depends on how busy the
    // machine is).
    t.until("the count", |r| name_row(r).starts_with("GET READY 0:1"));
    // Help pauses.
    t.send("?");
    t.shows("hide this help");
    assert!(
        t.still_for(Duration::from_millis(1300)),
        "{tag}: help pauses"
    );
    t.send("?");
    t.until("no help", |r| {
        !r.iter().any(|l| l.contains("hide this help"))
    });
    // A skip says how to come back; the rep shows its side, rep and set.
    t.send("n");
    let rows = t.until("the first rep", |r| {
        ["LIFT", "HOLD", "LOWER"]
            .iter()
            .any(|p| name_row(r).starts_with(p))
    });
    assert!(
        rows.last().unwrap().starts_with("skipped — p back"),
        "{tag}: {rows:#?}"
    );
    let blocks = block_rows(&rows);
    // The next exercise needs only 5 s: the same position.
    t.send("n");
    let rows = t.until("the next get-ready", |r| {
        name_row(r).starts_with("GET READY 0:05 · 膝抱え KNEE HUG 🧘")
            || name_row(r).starts_with("GET READY 0:04 · 膝抱え KNEE HUG 🧘")
    });
    // Wide characters count two columns: no row runs over into the next.
    assert!(
        rows[0].starts_with("backrelief · step 2 of"),
        "{tag}: {rows:#?}"
    );
    assert_eq!(
        rows[2].trim(),
        "",
        "{tag}: the name row ran over: {rows:#?}"
    );
    assert!(rows.last().unwrap().contains("q quit"), "{tag}: {rows:#?}");
    if h > 12 {
        assert!(
            rows.iter()
                .any(|r| r.starts_with("Next: 膝抱え knee hug 🧘 — lying on your back")),
            "{tag}: {rows:#?}"
        );
    }
    // Back: at the start of a step, to the one before.
    t.send("p");
    let rows = t.until("back", |r| name_row(r).contains("GLUTE BRIDGE"));
    assert!(!rows.last().unwrap().contains("skipped"), "{tag}");
    t.send("q");
    t.shows("End the session now?");
    t.send("y");
    t.shows("How is your pain now?");
    Seen {
        size,
        blocks,
        raw: String::from_utf8_lossy(&t.raw).into_owned(),
    }
}

#[test]
fn the_full_screen_at_three_sizes_waits_counts_pauses_and_grows() {
    let runs: Vec<Seen> = [
        ((12u16, 40u16), false),
        ((24, 80), false),
        ((60, 200), true),
    ]
    .into_iter()
    .map(|(size, color)| std::thread::spawn(move || run_at(size, color)))
    .collect::<Vec<_>>()
    .into_iter()
    .map(|h| h.join().unwrap())
    .collect();
    let at = |size: (u16, u16)| runs.iter().find(|s| s.size == size).unwrap();
    assert!(
        at((60, 200)).blocks >= 2 * at((24, 80)).blocks,
        "bigger at 200x60: {} block rows against {}",
        at((60, 200)).blocks,
        at((24, 80)).blocks
    );
    // NO_COLOR: states in words and weight; no colour, no reverse video.
    for size in [(12, 40), (24, 80)] {
        let raw = &at(size).raw;
        assert!(
            !raw.contains("\x1b[0;1;3") && !raw.contains("\x1b[0;1;9"),
            "{size:?}"
        );
        assert!(!raw.contains(";7m") && !raw.contains("[7m"), "{size:?}");
    }
    assert!(
        at((60, 200)).raw.contains("\x1b[0;1;33m"),
        "GET READY in yellow"
    );
}

/// Plain mode on a terminal (TERM=dumb, as with a screen reader): it waits
/// for its start, then takes pause, skip (saying how to come back), back,
/// "I can't do this one" (kept in the profile, with the way back in the
/// summary) and quit as commands ended by Enter, with no escape sequence
/// at all.
#[test]
fn plain_mode_on_a_dumb_terminal_waits_then_takes_commands() {
    let (home, args) = setup();
    home.write(
        "config/backrelief/profile.yaml",
        "version: 1\nconditions: []\nequipment: []\nminutes: 15\nage: 40\n",
    );
    let mut t = Term::spawn(&home, &args, (24, 80), &[("TERM", "dumb")]);
    t.said("Start the session now?", 1);
    // The question's answer line comes in a write of its own.
    t.said("[y/n] > ", 1);
    assert!(t.quiet_for(Duration::from_millis(1200)), "it waits");
    assert!(!t.text().contains("Get ready:"), "{}", t.text());
    t.send("y\r");
    // 20 s to get down to the floor from standing.
    t.said("Get ready: Glute bridge (20 s) ...", 1);
    t.said("Commands, each followed by Enter", 1);
    t.send("\r");
    t.said("Paused. Press Enter to carry on.", 1);
    t.send("\r");
    t.said("Carrying on.", 1);
    t.send("n\r");
    t.said(" skipped (p, then Enter, goes back)", 1);
    t.said("Glute bridge, set 1 of", 1);
    t.send("p\r");
    t.said(" going back", 1);
    t.said("Step 1 of", 2);
    // "I can't do this one": on to the next exercise, kept in the profile
    // once the run is over, and the summary says how to have it back.
    t.send("x\r");
    t.said(" set aside: left out of every plan from now on", 1);
    t.said("Step 2 of", 1);
    t.send("q\r");
    t.said("End the session now? Type y or n, then Enter.", 1);
    t.send("y\r");
    t.said("How is your pain now?", 1);
    let profile = std::fs::read_to_string(home.profile_file()).unwrap();
    assert!(profile.contains("avoid:\n- glute-bridge\n"), "{profile}");
    t.send("3\r");
    t.said("Anything to remember", 1);
    t.send("\r");
    t.said(
        "Set aside: Glute bridge. It is left out of every plan from now on; to have it\r\nback: backrelief profile --unavoid glute-bridge",
        1,
    );
    let text = t.text();
    assert!(!text.contains('\x1b'), "{text:?}");
    assert!(
        !text.contains("Glute bridge, set 1 of 2, rep 1 of 2: hold 5 s ... done"),
        "a skipped part is not said to be done: {text}"
    );
}

/// A first day with a note to see a doctor: at 80x24 the plan is one
/// screen (causes, the numbered steps, where the details are, then the
/// note and the stop line just above "Start the session now?"); on a
/// screen tall enough the whole plan shows, its reasons too.
#[test]
fn the_first_day_plan_fits_one_screen_above_the_question() {
    let answers = "red_flags: []\npain: 6\nareas: [low-back, leg-below-knee]\n\
        symptoms: [shooting-leg-pain, numbness-tingling, not-improving, desk-hours]\n\
        conditions: []\nequipment: [mat, chair, wall, strap]\nminutes: 20\n";
    for (size, whole) in [((24u16, 80u16), false), ((120, 80), true)] {
        let home = Home::new();
        let f = home.write("a.yaml", answers);
        let args = [
            "session".to_string(),
            "--answers".into(),
            f.display().to_string(),
        ];
        let mut t = Term::spawn(&home, &args, size, &[]);
        let rows = t.shows("(y or n");
        let screen = rows.join("\n");
        for want in [
            "What may be behind it",
            "The plan",
            "  1. ",
            "Before you start",
            "deserves a check-up with a doctor",
            "Stop any exercise that causes sharp pain",
            "Start the session now?",
        ] {
            assert!(
                screen.contains(want),
                "{size:?}: no {want:?} on screen:\n{screen}"
            );
        }
        assert_eq!(screen.contains("why: "), whole, "{size:?}:\n{screen}");
        let note = screen.find("deserves a check-up").unwrap();
        let plan = screen.find("The plan").unwrap();
        assert_eq!(note > plan, !whole, "{size:?}: the note above the question");
        // Each note once, whichever form the plan takes.
        assert_eq!(
            screen.matches("Before you start").count(),
            1,
            "{size:?}:\n{screen}"
        );
        assert_eq!(
            screen.matches("deserves a check-up").count(),
            1,
            "{size:?}:\n{screen}"
        );
    }
}
