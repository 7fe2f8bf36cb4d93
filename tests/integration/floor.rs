//! The run as seen and heard from the floor: the phase banner at 80x24
//! and 60x20 in a real pseudo-terminal, read back through a terminal
//! emulator (`vt100`), and the spoken cues of a short session recorded by
//! a fake speech program on `PATH`.

use crate::support::{answer, bin, drawn, Frames, Home, PTY_TIMEOUT_MS};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// A program with every phase: reps in sets with a rest, a hold on each
/// side, and breathing.
const PROGRAM: &str = "\
programs:
  - id: floor-test
    name: Floor test
    summary: Every phase once, briefly.
    steps:
      - exercise: glute-bridge
        dose: {reps: 2, sets: 2, rest: 10}
      - exercise: knee-to-chest
        dose: {hold: 20, sets: 1}
      - exercise: diaphragmatic-breathing
        dose: {hold: 20, sets: 1}
";

/// The banner of every phase a session's exercises go through.
const PHASE_WORDS: [&str; 8] = [
    "GET READY",
    "LIFT",
    "HOLD",
    "LOWER",
    "REST",
    "SWITCH SIDES",
    "BREATHE IN",
    "BREATHE OUT",
];
fn setup() -> (Home, String) {
    let home = Home::new();
    home.write("lib/floor.yaml", PROGRAM);
    let answers = home.write("a.yaml", crate::support::SHORT);
    let args = format!(
        "--library '{}' session --program floor-test --answers '{}'",
        home.path().join("lib").display(),
        answers.display()
    );
    (home, args)
}

/// The phases a run shows, read off the screen (the name row starts with
/// the phase in words), each with the number of banner rows drawn in block
/// letters while it showed.
fn phases_seen(rows: u16, cols: u16) -> (Vec<(String, usize)>, String) {
    let (home, args) = setup();
    let script = format!(
        "stty rows {rows} cols {cols}; '{}' {args}; echo \"EXIT=$?\"",
        bin().display()
    );
    let mut cmd = home.command("sh");
    cmd.arg("-c")
        .arg(script)
        .env("TERM", "xterm")
        .env("BACKRELIEF_TIME_SCALE", "8");
    let mut p = rexpect::session::spawn_command(cmd, Some(PTY_TIMEOUT_MS)).expect("spawn in a pty");
    answer(&mut p, "Start the session", drawn::YES_NO, "y");
    let mut frames = Frames::new(rows, cols);
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut paused = false;
    let mut resumed = false;
    let mut started = false;
    let mut finished = false;
    // The run takes about 20 s; this only bounds a program that never ends.
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut all = Vec::new();
    let send = |p: &mut rexpect::session::PtySession, key: &str| {
        p.send(key).unwrap();
        p.flush().unwrap();
    };
    loop {
        assert!(
            Instant::now() < deadline,
            "no end: {}",
            String::from_utf8_lossy(&all)
        );
        // rexpect keeps the bytes as Latin-1 characters (its `try_read`
        // cannot take them one by one): take whatever has come.
        let (_, got) = p.exp_regex(r"(?s).+").expect("output");
        let chunk: Vec<u8> = got.chars().map(|c| c as u8).collect();
        all.extend_from_slice(&chunk);
        // What each phase showed, from every whole frame: however late this
        // reads (a busy machine), no frame is missed, and none is counted
        // half drawn.
        for screen in frames.feed(&chunk) {
            note_phase(&mut seen, &screen);
        }
        // Keys go by what shows now.
        let screen = frames.rows();
        let text = screen.join("\n");
        if text.contains("How is your pain now?") {
            break;
        }
        if text.contains("Any key to carry on") && !finished {
            finished = true;
            send(&mut p, "x");
            continue;
        }
        // The first exercise waits for a key.
        if !started && text.contains("press space to start") {
            started = true;
            send(&mut p, " ");
        }
        if screen.iter().any(|r| shows_phase(r, "PAUSED")) && !resumed {
            resumed = true;
            send(&mut p, " ");
        }
        // Paused once, in the first hold.
        let holding =
            screen.iter().any(|r| shows_phase(r, "HOLD")) || seen.iter().any(|(w, _)| w == "HOLD");
        if holding && !paused {
            paused = true;
            send(&mut p, " ");
        }
    }
    // The pain question reads keys once its answer line is drawn (it may
    // have come with the question).
    let asked = String::from_utf8_lossy(&all);
    let question = asked.rfind("How is your pain now?").expect("the question");
    if !asked[question..].contains(drawn::NUMBER) {
        p.exp_string(drawn::NUMBER).unwrap();
    }
    p.send("2\r").unwrap();
    p.flush().unwrap();
    answer(&mut p, "Anything to remember", drawn::TEXT, "\r");
    // How each exercise felt, then the first weekly function check:
    // all skipped with Enter.
    crate::support::skip_felt_until(&mut p, "Activity 1 (Enter to finish):");
    p.exp_string(drawn::TEXT).unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("EXIT=0").unwrap();
    (seen, String::from_utf8_lossy(&all).into_owned())
}

/// Adds what a whole frame shows to `seen`: its phase (or DONE, the finish
/// screen), with the rows drawn in block letters; a phase shown in frame
/// after frame counts once, with its fullest banner.
fn note_phase(seen: &mut Vec<(String, usize)>, screen: &[String]) {
    let banner_rows = screen
        .iter()
        .filter(|r| r.matches('█').count() >= 3)
        .count();
    let phase = if screen.iter().any(|r| r.contains("Any key to carry on")) {
        Some("DONE")
    } else {
        screen.iter().find_map(|r| {
            ["PAUSED"]
                .into_iter()
                .chain(PHASE_WORDS)
                .find(|w| shows_phase(r, w))
        })
    };
    let Some(w) = phase else {
        return;
    };
    match seen.last_mut() {
        Some((l, rows)) if l == w => *rows = (*rows).max(banner_rows),
        _ => seen.push((w.to_string(), banner_rows)),
    }
}

/// Whether `row` is the name row of `phase`: its words, then the time.
fn shows_phase(row: &str, phase: &str) -> bool {
    row.strip_prefix(phase)
        .and_then(|rest| rest.strip_prefix(' '))
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

fn every_phase_shows_its_banner(rows: u16, cols: u16) {
    let (seen, _) = phases_seen(rows, cols);
    let names: BTreeSet<&str> = seen.iter().map(|(w, _)| w.as_str()).collect();
    for want in PHASE_WORDS.into_iter().chain(["PAUSED", "DONE"]) {
        assert!(
            names.contains(want),
            "{rows}x{cols}: {want} never shown: {seen:?}"
        );
    }
    // The banner is drawn in block letters five rows tall (at 80x24 the
    // big digits add five more).
    for (w, banner) in &seen {
        let least = if rows >= 24 && w != "DONE" { 10 } else { 5 };
        assert!(
            *banner >= least,
            "{rows}x{cols}: {w} with {banner} block rows"
        );
    }
    // Reps lift, hold, then lower, in that order.
    let order: Vec<&str> = seen.iter().map(|(w, _)| w.as_str()).collect();
    let lift = order.iter().position(|w| *w == "LIFT").unwrap();
    let lower = order.iter().position(|w| *w == "LOWER").unwrap();
    assert!(lift < lower, "{order:?}");
}

#[test]
fn every_phase_shows_its_banner_at_80x24() {
    every_phase_shows_its_banner(24, 80);
}

#[test]
fn every_phase_shows_its_banner_at_60x20() {
    every_phase_shows_its_banner(20, 60);
}

/// The short test program with `--plain --voice`, `PATH` set to `path`
/// (where a speech program may or may not be), at `scale` times speed.
fn voiced_session(
    home: &Home,
    path: &std::ffi::OsStr,
    scale: &str,
    env: &[(&str, &str)],
) -> assert_cmd::assert::Assert {
    home.cmd()
        .envs(env.iter().copied())
        .env("PATH", path)
        .env("BACKRELIEF_TIME_SCALE", scale)
        .arg("--library")
        .arg(home.path().join("lib"))
        .args([
            "session",
            "--program",
            "floor-test",
            "--plain",
            "--voice",
            "--answers",
        ])
        .arg(home.path().join("a.yaml"))
        .write_stdin("2\n")
        .assert()
        .success()
}

#[test]
fn a_fake_speech_program_hears_the_cues_in_order() {
    let (home, _) = setup();
    let said = home.path().join("said.txt");
    let path = home.fake_speech(&format!(
        "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{}'\n",
        said.display()
    ));
    // Every cue is said, however busy the machine: session time moves
    // only as the runner waits, straight to each deadline (a real clock
    // running late skips a countdown number), and no cue waits too long
    // for the speech program (one would be dropped in a real session).
    voiced_session(
        &home,
        std::ffi::OsStr::new(&path),
        "20",
        &[
            ("BACKRELIEF_TEST_STEPPED_TIME", "1"),
            ("BACKRELIEF_VOICE_SECONDS", "300"),
        ],
    );
    let text = std::fs::read_to_string(&said).expect("the voice spoke");
    let cues: Vec<&str> = text.lines().collect();
    // In this order (other steps the planner adds may come between).
    let want = [
        "Get ready: Glute bridge",
        "hold",
        "one",
        "hold",
        "two",
        "rest",
        "after this set: Single knee to chest",
        "last set",
        "hold",
        "one",
        "Get ready: Single knee to chest",
        "left side",
        "hold",
        "three",
        "two",
        "one",
        "switch sides",
        "right side",
        "hold",
        "three",
        "two",
        "one",
        "Get ready: Diaphragmatic breathing",
        "breathe in",
        "breathe out",
        "three",
        "two",
        "one",
        "done",
    ];
    let mut at = 0;
    for w in want {
        let found = cues[at..].iter().position(|c| *c == w);
        let Some(i) = found else {
            panic!("{w:?} not heard after cue {at}: {cues:?}");
        };
        at += i + 1;
    }
    assert_eq!(cues.last(), Some(&"done"), "{cues:?}");
    assert_eq!(cues[0], "Get ready: Glute bridge", "{cues:?}");
}

/// A speech program that hangs (and starts a helper that hangs too) never
/// holds the session up, and is stopped when the run ends: nothing it
/// started is left running.
#[test]
fn a_speech_program_that_hangs_is_stopped_when_the_run_ends() {
    let (home, _) = setup();
    let pids = home.path().join("pids.txt");
    let path = home.fake_speech(&format!(
        "#!/bin/sh\necho $$ >> '{0}'\n/bin/sleep 300 &\necho $! >> '{0}'\nexec /bin/sleep 300\n",
        pids.display()
    ));
    voiced_session(&home, std::ffi::OsStr::new(&path), "100", &[]);
    let started = std::fs::read_to_string(&pids).expect("the voice was started");
    assert!(!started.is_empty());
    for pid in started.lines() {
        // Gone, or a zombie waiting for init; a SIGKILL lands when the
        // process is next scheduled, so it may take a moment.
        let gone = || {
            std::fs::read_to_string(format!("/proc/{}/stat", pid.trim())).map_or(true, |s| {
                s.rsplit(')')
                    .next()
                    .unwrap_or("")
                    .trim_start()
                    .starts_with('Z')
            })
        };
        let deadline = std::time::Instant::now() + crate::support::PTY_WAIT;
        while !gone() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(gone(), "speech process {pid} was left running");
    }
}

#[test]
fn with_no_speech_program_it_says_so_once_before_the_session_and_carries_on() {
    let (home, _) = setup();
    let empty = home.path().join("nothing");
    std::fs::create_dir_all(&empty).unwrap();
    // Both streams in one, to see what comes first.
    let out = home
        .command("/bin/sh")
        .arg("-c")
        .arg(format!(
            "'{}' --library '{}' session --program floor-test --plain --voice --answers '{}' 2>&1",
            bin().display(),
            home.path().join("lib").display(),
            home.path().join("a.yaml").display()
        ))
        .env("PATH", &empty)
        .env("BACKRELIEF_TIME_SCALE", "50")
        .stdin(std::process::Stdio::piped())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("no speech program found").count(), 1, "{text}");
    let notice = text.find("no speech program found").unwrap();
    let first = text.find("Get ready:").expect("the session ran");
    assert!(notice < first, "said before the session starts: {text}");
    assert_eq!(home.history().len(), 1);
}
