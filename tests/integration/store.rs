//! What history and the other files promise, tried as a hostile tester
//! would: many processes saving, amending, deleting and importing at once;
//! a disk that fills up mid-write; FIFOs, devices and /dev/zero where a file
//! is read; symlinks, FIFOs and device nodes where a file is written.

use crate::support::{bin, red_flag_answers, stderr, stdout, Home, SHORT};
use backrelief::record::Record;
use backrelief::store::history::parse;
use predicates::prelude::PredicateBooleanExt;
use std::collections::HashMap;
use std::os::unix::fs::{symlink, FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

/// Fast enough that a whole session takes a few milliseconds.
const SCALE: &str = "1000";

/// One session record as JSON text, for import files.
fn record_json(id: &str, pain_after: Option<u8>) -> String {
    format!(
        "{{\"schema\":1,\"id\":\"{id}\",\"started\":\"2026-11-01T07:30:00+01:00\",\"ended\":\"2026-11-01T07:45:00+01:00\",\"source\":{{\"kind\":\"answers\"}},\"causes\":[],\"pain_before\":5,\"pain_after\":{},\"minutes_planned\":15.0,\"steps\":[],\"interrupted\":false}}\n",
        pain_after.map_or("null".to_string(), |p| p.to_string())
    )
}

/// Runs a whole session in plain mode, answering `pain` after it.
fn session(home: &Home, answers: &Path, pain: u8) -> Output {
    home.cmd()
        .env("BACKRELIEF_TIME_SCALE", SCALE)
        .args(["session", "--plain", "--answers"])
        .arg(answers)
        .write_stdin(format!("{pain}\n"))
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

/// The id in "Saved to ... (id X).", if the session says it was saved.
fn saved_id(out: &Output) -> Option<String> {
    let text = stdout(out);
    let at = text.find("(id ")?;
    let rest = &text[at + 4..];
    Some(rest[..rest.find(')')?].to_string())
}

/// The sessions in the log, folded, by id; panics on a damaged line.
fn live(home: &Home) -> HashMap<String, Record> {
    let bytes = std::fs::read(home.history_file()).unwrap_or_default();
    let (records, damaged) = parse(&bytes);
    assert!(damaged.is_empty(), "{damaged:?}");
    records.into_iter().map(|r| (r.id.clone(), r)).collect()
}

/// How many session lines (not amendments) in the raw log have this id.
fn session_lines(bytes: &[u8], id: &str) -> usize {
    String::from_utf8_lossy(bytes)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v.get("kind").is_none() && v["id"] == id)
        .count()
}

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

fn zero_link(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    symlink("/dev/zero", path).unwrap();
}

// ---------------------------------------------------------------------------
// Concurrency

/// N processes, each doing sessions with pain-after, a delete and two
/// imports (one backup shared by all, one of its own), all at once.
fn many_at_once(n: usize) {
    const ROUNDS: usize = 3;
    const SHARED: usize = 20;
    let home = Home::new();
    let answers = home.write("a.yaml", SHORT);
    // Sessions to delete, one per worker and round.
    let seed: String = (0..n)
        .flat_map(|i| (0..ROUNDS).map(move |r| record_json(&format!("seed-{i}-{r}"), Some(2))))
        .collect();
    let seed_file = home.write("seed.jsonl", &seed);
    home.cmd()
        .args(["history", "import"])
        .arg(&seed_file)
        .assert()
        .success();
    let shared: String = (0..SHARED)
        .map(|k| record_json(&format!("shared-{k}"), Some(1)))
        .collect();
    let shared_file = home.write("shared.jsonl", &shared);
    let own_files: Vec<PathBuf> = (0..n)
        .map(|i| {
            let text: String = (0..5)
                .map(|k| record_json(&format!("own-{i}-{k}"), None))
                .collect();
            home.write(&format!("own-{i}.jsonl"), &text)
        })
        .collect();

    let started = Instant::now();
    let saved: Vec<(String, u8)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..n)
            .map(|i| {
                let (home, answers, shared_file, own) =
                    (&home, &answers, &shared_file, &own_files[i]);
                s.spawn(move || {
                    let mut saved = Vec::new();
                    for r in 0..ROUNDS {
                        let pain = ((i + r) % 11) as u8;
                        let out = session(home, answers, pain);
                        assert!(out.status.success(), "{}", stderr(&out));
                        saved.push((saved_id(&out).expect("saved"), pain));
                        let id = format!("seed-{i}-{r}");
                        let out = home
                            .cmd()
                            .args(["history", "delete", &id, "--yes"])
                            .output()
                            .unwrap();
                        assert_eq!(stdout(&out), format!("deleted {id}\n"), "{}", stderr(&out));
                        let file = if r == 1 { own } else { shared_file };
                        let out = home
                            .cmd()
                            .args(["history", "import"])
                            .arg(file)
                            .output()
                            .unwrap();
                        assert!(out.status.success(), "{}", stderr(&out));
                    }
                    saved
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    let elapsed = started.elapsed();

    let bytes = std::fs::read(home.history_file()).unwrap();
    let sessions = live(&home);
    for (id, pain) in &saved {
        let r = sessions.get(id).unwrap_or_else(|| panic!("{id} was lost"));
        assert_eq!(r.pain_after, Some(*pain), "{id} lost its pain-after score");
        assert_eq!(session_lines(&bytes, id), 1, "{id} written more than once");
    }
    for i in 0..n {
        for r in 0..ROUNDS {
            assert!(
                !sessions.contains_key(&format!("seed-{i}-{r}")),
                "a deleted session came back"
            );
        }
        for k in 0..5 {
            assert_eq!(session_lines(&bytes, &format!("own-{i}-{k}")), 1);
        }
    }
    for k in 0..SHARED {
        assert_eq!(
            session_lines(&bytes, &format!("shared-{k}")),
            1,
            "shared-{k}"
        );
    }
    assert_eq!(sessions.len(), n * ROUNDS + SHARED + n * 5);
    // The binary folds the same way.
    let out = home.cmd().args(["history", "--json"]).output().unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["sessions"].as_array().unwrap().len(), sessions.len());
    eprintln!(
        "{n} processes: {} sessions saved with pain-after, {} deletes, {} imports, {} lines in the log, {} sessions live, in {:.2} s",
        saved.len(),
        n * ROUNDS,
        n * ROUNDS,
        String::from_utf8_lossy(&bytes).lines().count(),
        sessions.len(),
        elapsed.as_secs_f64()
    );
}

#[test]
fn two_processes_lose_nothing() {
    many_at_once(2);
}

#[test]
fn four_processes_lose_nothing() {
    many_at_once(4);
}

#[test]
fn eight_processes_lose_nothing() {
    many_at_once(8);
}

#[test]
fn concurrent_imports_of_one_backup_land_once() {
    let home = Home::new();
    let backup: String = (0..2000)
        .map(|k| record_json(&format!("b-{k}"), Some(3)))
        .collect();
    let file = home.write("backup.jsonl", &backup);
    let outs: Vec<Output> = std::thread::scope(|s| {
        let ts: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    home.cmd()
                        .args(["history", "import"])
                        .arg(&file)
                        .output()
                        .unwrap()
                })
            })
            .collect();
        ts.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let imported: usize = outs
        .iter()
        .map(|o| {
            assert!(o.status.success(), "{}", stderr(o));
            let text = stdout(o);
            text.split_whitespace()
                .nth(1)
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(imported, 2000, "exactly one import added the records");
    let bytes = std::fs::read(home.history_file()).unwrap();
    assert_eq!(String::from_utf8_lossy(&bytes).lines().count(), 2000);
    // One delete removes the session for good.
    home.in_process()
        .args(["history", "delete", "b-7", "--yes"])
        .assert()
        .success();
    assert!(!live(&home).contains_key("b-7"));
    assert_eq!(live(&home).len(), 1999);
}

// ---------------------------------------------------------------------------
// Amendments, compaction, old files

#[test]
fn pain_after_and_delete_are_appended_and_compaction_folds_them() {
    let home = Home::new();
    let answers = home.write("a.yaml", SHORT);
    let out = session(&home, &answers, 2);
    assert!(out.status.success(), "{}", stderr(&out));
    let id = saved_id(&out).unwrap();
    let text = std::fs::read_to_string(home.history_file()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(lines[0]["schema"], 1);
    assert!(
        lines[0]["pain_after"].is_null(),
        "the session line is never rewritten"
    );
    assert_eq!(
        lines[1],
        serde_json::json!({"schema": 2, "kind": "pain_after", "session": id, "pain_after": 2})
    );
    // An old file (plain session lines) plus these amendments reads as one.
    let old = home.write("old.jsonl", &record_json("old-1", None));
    home.in_process()
        .args(["history", "import"])
        .arg(&old)
        .assert()
        .success();
    home.in_process()
        .args(["history", "delete", "old-1", "--yes"])
        .assert()
        .success();
    let text = std::fs::read_to_string(home.history_file()).unwrap();
    assert!(text.ends_with("{\"schema\":2,\"kind\":\"deleted\",\"session\":\"old-1\"}\n"));
    std::fs::set_permissions(home.history_file(), std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = home
        .in_process()
        .args(["history", "compact"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("4 line(s) -> 1 session(s)"),
        "{}",
        stdout(&out)
    );
    let text = std::fs::read_to_string(home.history_file()).unwrap();
    assert_eq!(text.lines().count(), 1);
    let r: Record = serde_json::from_str(text.trim()).unwrap();
    assert_eq!((r.id.as_str(), r.pain_after), (id.as_str(), Some(2)));
    let mode = std::fs::metadata(home.history_file())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640, "compaction keeps the mode");
}

#[test]
fn compaction_refuses_to_drop_a_damaged_or_newer_line() {
    let home = Home::new();
    let text = record_json("a", Some(1)) + "{\"schema\":7,\"kind\":\"mood\",\"session\":\"a\"}\n";
    home.write("data/history.jsonl", &text);
    let out = home
        .in_process()
        .args(["history", "compact"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("history.jsonl:2: written by a newer backrelief (schema 7"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(home.history_file()).unwrap(), text);
    // An unknown kind at schema 2 is kept as is, not called damaged.
    home.write(
        "data/history.jsonl",
        &(record_json("a", Some(1)) + "{\"schema\":2,\"kind\":\"mood\",\"session\":\"a\"}\n"),
    );
    let out = home.in_process().arg("history").output().unwrap();
    assert!(out.status.success());
    assert!(
        stderr(&out).contains(
            "history.jsonl:2: a record of kind 'mood', from a newer backrelief; kept as is"
        ),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------
// Import

#[test]
fn import_is_all_or_nothing_and_names_the_first_bad_line() {
    let home = Home::new();
    home.write("data/history.jsonl", &record_json("kept", Some(1)));
    let before = std::fs::read(home.history_file()).unwrap();
    let good = record_json("new-1", Some(2));
    let cases: Vec<(String, &str)> = vec![
        (
            record_json("p", Some(11)),
            "field `pain_after`: 11 is not a pain score",
        ),
        (
            record_json("p", None).replace("\"pain_before\":5", "\"pain_before\":12"),
            "field `pain_before`: 12",
        ),
        (
            record_json("d", None).replace("2026-11-01T07:45", "10000-11-01T07:45"),
            "damaged record",
        ),
        (
            record_json("d", None).replace("2026-11-01T07:30", "1969-11-01T07:30"),
            "field `started`",
        ),
        (
            record_json("e", None).replace("07:45:00", "07:00:00"),
            "field `ended`: ",
        ),
        (
            record_json("m", None).replace("15.0", "999.0"),
            "field `minutes_planned`: 999 is out of range",
        ),
        (
            record_json("i\\u0007d", None),
            "contains a control character",
        ),
        ("{\"schema\":1,\"id\":\"torn".to_string(), "damaged record"),
        (
            "{\"schema\":3,\"id\":\"x\"}\n".to_string(),
            "written by a newer backrelief",
        ),
    ];
    for (bad, expect) in cases {
        let f = home.write("in.jsonl", &format!("{good}\n{bad}"));
        let out = home
            .in_process()
            .args(["history", "import"])
            .arg(&f)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{bad}");
        let err = stderr(&out);
        assert!(err.contains("in.jsonl:3: "), "{bad}: {err}");
        assert!(err.contains(expect), "{bad}: {err}");
        assert!(err.contains("nothing was imported"), "{err}");
        assert_eq!(std::fs::read(home.history_file()).unwrap(), before, "{bad}");
    }
    // Duplicates within the file and against the log are skipped, with a BOM.
    let f = home.write(
        "in.jsonl",
        &format!("\u{feff}{good}{good}{}", record_json("kept", Some(9))),
    );
    let out = home
        .in_process()
        .args(["history", "import"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(
        stdout(&out),
        "imported 1 session(s); 2 already present\n",
        "{}",
        stderr(&out)
    );
    assert_eq!(live(&home)["kept"].pain_after, Some(1));
}

// ---------------------------------------------------------------------------
// Write failures

/// Runs the binary with its file-size limit at `limit_kib`, the signal
/// ignored, so a write past it fails with EFBIG after a partial write: an
/// injected failure that needs no privileges.
fn limited(home: &Home, limit_kib: u64, args: &[&str], stdin: &str) -> Output {
    let mut c = assert_cmd::Command::from_std(home.command("bash"));
    c.arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {limit_kib}; exec \"$0\" \"$@\""
        ))
        .arg(bin())
        .args(args)
        .env("BACKRELIEF_TIME_SCALE", SCALE)
        .write_stdin(stdin.to_string())
        .timeout(Duration::from_secs(60));
    c.output().unwrap()
}

#[test]
fn a_failed_append_leaves_no_partial_line_and_says_not_saved() {
    let home = Home::new();
    let answers = home.write("a.yaml", SHORT);
    // Padded with blank lines (which readers skip) to just under a KiB
    // boundary, so any new record crosses the limit whatever the plan's size.
    let mut text = record_json("before", Some(1));
    let target = text.len().div_ceil(1024) * 1024 - 8;
    text.push_str(&"\n".repeat(target.saturating_sub(text.len())));
    home.write("data/history.jsonl", &text);
    let len = std::fs::metadata(home.history_file()).unwrap().len();
    let limit = len / 1024 + 1;
    let a = answers.to_str().unwrap();
    let out = limited(&home, limit, &["session", "--plain", "--answers", a], "3\n");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Session complete"),
        "the summary is still shown"
    );
    assert!(!stdout(&out).contains("Saved to"));
    let err = stderr(&out);
    assert!(err.contains("not saved: appending to"), "{err}");
    assert!(err.contains("history.jsonl"), "{err}");
    assert!(err.contains("File too large"), "{err}");
    assert_eq!(
        std::fs::metadata(home.history_file()).unwrap().len(),
        len,
        "cut back"
    );
    // An import too big for the limit: nothing at all.
    let big: String = (0..50)
        .map(|k| record_json(&format!("big-{k}"), None))
        .collect();
    let f = home.write("big.jsonl", &big);
    let out = limited(
        &home,
        limit,
        &["history", "import", f.to_str().unwrap()],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::metadata(home.history_file()).unwrap().len(), len);
    let out = home.cmd().arg("history").output().unwrap();
    assert_eq!(stderr(&out), "", "no damaged line to warn about");
    assert_eq!(live(&home).len(), 1);
}

/// A 64 KiB tmpfs, unmounted on drop.
struct Tiny(PathBuf);

impl Tiny {
    fn mount(at: PathBuf) -> Option<Tiny> {
        std::fs::create_dir_all(&at).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(&at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Tiny(at))
    }
}

impl Drop for Tiny {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_leaves_no_partial_line() {
    let home = Home::new();
    let Some(_tiny) = Tiny::mount(home.data()) else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let answers = home.write("a.yaml", SHORT);
    let out = session(&home, &answers, 4);
    assert!(out.status.success(), "{}", stderr(&out));
    // Fill the disk.
    {
        use std::io::Write;
        let mut f = std::fs::File::create(home.data().join("filler")).unwrap();
        while f.write_all(&[b'x'; 1024]).is_ok() {}
    }
    // Sessions until one does not fit: it says so, and leaves no trace.
    let mut failed = None;
    for _ in 0..10 {
        let before = std::fs::read(home.history_file()).unwrap();
        let out = session(&home, &answers, 4);
        let after = std::fs::read(home.history_file()).unwrap();
        assert!(after.ends_with(b"\n"));
        assert!(parse(&after).1.is_empty());
        if !out.status.success() {
            assert_eq!(out.status.code(), Some(1));
            assert!(stdout(&out).contains("Session complete"));
            let err = stderr(&out);
            assert!(err.contains("history.jsonl"), "{err}");
            assert!(err.contains("No space left on device"), "{err}");
            if err.contains("pain score not saved: appending") {
                // The session line fitted and its pain score did not: the
                // log gained exactly that one whole session, no amendment.
                let added = after
                    .strip_prefix(before.as_slice())
                    .expect("appended only");
                let (sessions, damaged) = parse(added);
                assert!(damaged.is_empty());
                assert_eq!(sessions.len(), 1);
                assert_eq!(sessions[0].pain_after, None);
                assert_eq!(added.iter().filter(|&&b| b == b'\n').count(), 1);
            } else if err.contains("not saved: appending") {
                assert_eq!(after, before, "no partial line");
            }
            failed = Some(err);
            break;
        }
    }
    let err = failed.expect("the disk filled up");
    eprintln!("full disk: {err}");
    let before = std::fs::read(home.history_file()).unwrap();
    let big: String = (0..100)
        .map(|k| record_json(&format!("big-{k}"), None))
        .collect();
    let f = home.write("big.jsonl", &big);
    let out = home
        .cmd()
        .args(["history", "import"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("No space left on device"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(home.history_file()).unwrap(), before);
}

#[test]
fn an_unwritable_data_directory_stops_before_any_question() {
    let home = Home::new();
    home.write("blocker", "a file where the data directory should be\n");
    let out = home
        .cmd()
        .env("BACKRELIEF_HOME", home.path().join("blocker/data"))
        .arg("session")
        .write_stdin("n\n".repeat(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("sessions cannot be saved in"), "{err}");
    assert!(err.contains("blocker/data"), "{err}");
    assert!(!err.contains('?'), "no question was asked: {err}");
}

#[test]
fn a_red_flag_stop_is_shown_with_exit_3_where_history_cannot_be_written() {
    // Two data directories nothing can be written to, even as root: a file
    // where the directory should be (nothing can be read there either), and
    // one whose lock file is a directory (history reads, but no write can
    // take the lock). The stop is shown all the same, with a warning that it
    // was not recorded, and the red flag's exit code.
    let home = Home::new();
    home.write("blocker", "a file where the data directory should be\n");
    home.write("locked/history.jsonl", "");
    std::fs::create_dir(home.path().join("locked/history.lock")).unwrap();
    let answers = home.write("rf.yaml", &red_flag_answers("fever-or-unwell"));
    let cases: [&[&str]; 4] = [
        &["session", "--plain"],
        &["session", "--plan"],
        &["session", "--plan", "--json"],
        &["sheet"],
    ];
    for data in [home.path().join("blocker/data"), home.path().join("locked")] {
        for args in cases {
            let out = home
                .cmd()
                .env("BACKRELIEF_HOME", &data)
                .args(args)
                .arg("--answers")
                .arg(&answers)
                .output()
                .unwrap();
            let (text, err) = (stdout(&out), stderr(&out));
            assert_eq!(out.status.code(), Some(3), "{args:?}: {err}");
            assert!(
                text.contains("URGENT: please see a doctor today"),
                "{args:?}: {text}"
            );
            assert!(
                err.contains("note: this red-flag stop was not recorded in history")
                    && err.contains(&data.display().to_string()),
                "{args:?}: {err}"
            );
            if args.contains(&"--json") {
                serde_json::from_str::<serde_json::Value>(&text).expect("only JSON on stdout");
            }
        }
        // Without a red flag, the same directory is refused as before.
        let fine = home.write("ok.yaml", SHORT);
        home.cmd()
            .env("BACKRELIEF_HOME", &data)
            .args(["session", "--plain", "--answers"])
            .arg(&fine)
            .assert()
            .code(1)
            .stderr(
                predicates::str::contains("sessions cannot be saved in")
                    .or(predicates::str::contains("Not a directory")),
            );
    }
    assert_eq!(
        std::fs::read(home.path().join("locked/history.jsonl")).unwrap(),
        b""
    );
}

// ---------------------------------------------------------------------------
// Reading: regular files only

/// Runs a command that must fail without waiting on the file, naming
/// `path` and what it is. One that waited (a FIFO nobody writes, an
/// endless /dev/zero) is stopped at the time limit, far beyond a busy
/// machine's slowness, and then has no exit code.
fn refused(home: &Home, args: &[&str], path: &Path, what: &str, code: i32) {
    let out = home
        .cmd()
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?} (stopped after a minute if no code): {err}"
    );
    assert!(err.contains(&path.display().to_string()), "{args:?}: {err}");
    assert!(
        err.contains(&format!("not a regular file ({what})")),
        "{args:?}: {err}"
    );
}

#[test]
fn fifos_and_dev_zero_are_refused_wherever_a_file_is_read() {
    for (make, what) in [
        (mkfifo as fn(&Path), "a FIFO"),
        (zero_link as fn(&Path), "a character device"),
    ] {
        // History: read, written, and probed before a session.
        let home = Home::new();
        let answers = home.write("a.yaml", SHORT);
        let a = answers.to_str().unwrap();
        make(&home.history_file());
        refused(&home, &["history"], &home.history_file(), what, 1);
        refused(&home, &["progress"], &home.history_file(), what, 1);
        refused(
            &home,
            &["session", "--plain", "--answers", a],
            &home.history_file(),
            what,
            1,
        );

        // Profile.
        let home = Home::new();
        let profile = home.config().join("backrelief/profile.yaml");
        make(&profile);
        refused(&home, &["profile"], &profile, what, 1);
        refused(&home, &["profile", "--minutes", "20"], &profile, what, 1);

        // Answers and import files.
        let home = Home::new();
        let file = home.path().join("in/file");
        make(&file);
        let f = file.to_str().unwrap();
        refused(
            &home,
            &["session", "--plan", "--answers", f],
            &file,
            what,
            2,
        );
        refused(&home, &["history", "import", f], &file, what, 1);

        // Library files: the user's routines, --library and check.
        let home = Home::new();
        let routine = home.config().join("backrelief/routines/mine.yaml");
        make(&routine);
        refused(&home, &["list"], &routine, what, 1);
        let home = Home::new();
        let lib = home.path().join("lib/extra.yaml");
        make(&lib);
        let dir = home.path().join("lib");
        refused(
            &home,
            &["--library", dir.to_str().unwrap(), "list"],
            &lib,
            what,
            1,
        );
        refused(&home, &["check", lib.to_str().unwrap()], &lib, what, 1);
    }
}

#[test]
fn byte_order_marks_are_accepted() {
    let home = Home::new();
    let answers = home.write("a.yaml", &format!("\u{feff}{SHORT}"));
    home.in_process()
        .args(["session", "--plan", "--answers"])
        .arg(&answers)
        .assert()
        .success();
    home.write(
        "config/backrelief/profile.yaml",
        "\u{feff}version: 1\nminutes: 20\nconditions: []\nequipment: []\n",
    );
    let out = home.in_process().arg("profile").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let lib = home.write("lib/extra.yaml", "\u{feff}exercises: []\n");
    let out = home.in_process().arg("check").arg(&lib).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------
// Writing whole files

#[test]
fn symlinked_history_and_profile_keep_their_targets() {
    let home = Home::new();
    let answers = home.write("a.yaml", SHORT);
    // History in a synced folder.
    let synced = home.write("synced/history.jsonl", &record_json("old", Some(1)));
    std::fs::create_dir_all(home.data()).unwrap();
    symlink(&synced, home.history_file()).unwrap();
    let out = session(&home, &answers, 3);
    assert!(out.status.success(), "{}", stderr(&out));
    let id = saved_id(&out).unwrap();
    home.in_process()
        .args(["history", "delete", "old", "--yes"])
        .assert()
        .success();
    home.in_process()
        .args(["history", "compact"])
        .assert()
        .success();
    assert!(std::fs::symlink_metadata(home.history_file())
        .unwrap()
        .file_type()
        .is_symlink());
    let (records, _) = parse(&std::fs::read(&synced).unwrap());
    assert_eq!(records.len(), 1);
    assert_eq!(
        (records[0].id.as_str(), records[0].pain_after),
        (id.as_str(), Some(3))
    );

    // A profile in a dotfiles repository, by a relative link.
    let dotfile = home.write(
        "dotfiles/profile.yaml",
        "version: 1\nminutes: 20\nconditions: []\nequipment: []\n",
    );
    std::fs::set_permissions(&dotfile, std::fs::Permissions::from_mode(0o644)).unwrap();
    let link = home.config().join("backrelief/profile.yaml");
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    symlink("../../dotfiles/profile.yaml", &link).unwrap();
    home.in_process()
        .args(["profile", "--minutes", "25"])
        .assert()
        .success();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let text = std::fs::read_to_string(&dotfile).unwrap();
    assert!(text.contains("minutes: 25"), "{text}");
    let mode = std::fs::metadata(&dotfile).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o644, "the mode is kept");
}

#[test]
fn sheet_output_onto_a_symlink_fifo_or_device() {
    let home = Home::new();
    let args = ["sheet", "--exercises", "plank", "-o"];
    // A symlink: the target is replaced, the link kept.
    let target = home.write("printouts/sheet.txt", "old\n");
    let link = home.path().join("sheet.txt");
    symlink(&target, &link).unwrap();
    home.cmd().args(args).arg(&link).assert().success();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&target).unwrap().contains("Plank"));
    // A FIFO: refused, left a FIFO, and nothing blocks.
    let fifo = home.path().join("pipe");
    mkfifo(&fifo);
    let out = home
        .cmd()
        .args(args)
        .arg(&fifo)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not a regular file (a FIFO)"),
        "{}",
        stderr(&out)
    );
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
    // `-o -` is standard output, for sheets and exports.
    let out = home.cmd().args(args).arg("-").output().unwrap();
    assert!(stdout(&out).contains("Plank"));
    assert!(!home.path().join("-").exists());
    let out = home
        .cmd()
        .args(["history", "export", "-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!home.path().join("-").exists());
    // A device node (made here, so a failure could never touch /dev/null).
    let dev = home.path().join("null");
    let made = std::process::Command::new("mknod")
        .arg(&dev)
        .args(["c", "1", "3"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipped the device-node case: mknod needs root");
        return;
    }
    let out = home.cmd().args(args).arg(&dev).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not a regular file (a character device)"),
        "{}",
        stderr(&out)
    );
    assert!(std::fs::symlink_metadata(&dev)
        .unwrap()
        .file_type()
        .is_char_device());
}

/// Notes have a ceiling: an old backup with a longer note is cut to it
/// with a notice naming the line and still imports (its amendments too);
/// `--note` longer than it is refused before anything runs.
#[test]
fn long_notes_are_cut_on_import_and_refused_on_the_command_line() {
    use backrelief::record::MAX_NOTE_CHARS;
    let home = Home::new();
    let long = "é".repeat(MAX_NOTE_CHARS + 500);
    let session = record_json("old-1", Some(2)).replace(
        "\"interrupted\":false}",
        &format!("\"interrupted\":false,\"note\":\"{long}\"}}"),
    );
    let amendment = format!(
        "{{\"schema\":2,\"kind\":\"pain_after\",\"session\":\"old-2\",\"note\":\"{}\"}}\n",
        "x".repeat(MAX_NOTE_CHARS * 3)
    );
    let f = home.write(
        "backup.jsonl",
        &(session + &record_json("old-2", None) + &amendment),
    );
    let out = home
        .in_process()
        .args(["history", "import"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "backup.jsonl:1: a note of {} characters was cut to the first {MAX_NOTE_CHARS}",
            MAX_NOTE_CHARS + 500
        )),
        "{err}"
    );
    assert!(
        err.contains("backup.jsonl:3: a note of 6000 characters"),
        "{err}"
    );
    assert!(stdout(&out).contains("imported 2 session(s)"));
    let kept = live(&home);
    for id in ["old-1", "old-2"] {
        let note = kept[id].note.as_deref().unwrap();
        assert_eq!(note.chars().count(), MAX_NOTE_CHARS, "{id}");
    }
    let too_long = "n".repeat(MAX_NOTE_CHARS + 1);
    let out = home
        .cmd()
        .args(["session", "--note", &too_long])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!(
            "{} characters; a note is at most {MAX_NOTE_CHARS}",
            MAX_NOTE_CHARS + 1
        )),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------
// Private by default

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// What backrelief creates is its user's alone: folders 0700, files 0600
/// (history, lock, index, cache, profile), whatever the umask.
#[test]
fn files_and_folders_backrelief_creates_are_private() {
    let home = Home::new();
    home.in_process()
        .args(["function", "--rate", "a 30-minute walk=4"])
        .assert()
        .success();
    home.run_in_process(&["history", "--since", "2026-01-01"])
        .success();
    home.run_in_process(&["list"]).success();
    assert_eq!(mode(&home.data()), 0o700);
    for name in ["history.jsonl", "history.lock", "history.index"] {
        assert_eq!(mode(&home.data().join(name)), 0o600, "{name}");
    }
    let cache = home.cache().join("backrelief");
    if cache.exists() {
        assert_eq!(mode(&cache), 0o700);
        for f in std::fs::read_dir(&cache).unwrap() {
            let f = f.unwrap().path();
            assert_eq!(mode(&f), 0o600, "{}", f.display());
        }
    }
    let out = home
        .in_process()
        .args(["history", "export", "-o"])
        .arg(home.path().join("backup/all.jsonl"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&home.path().join("backup")), 0o700);
    assert_eq!(mode(&home.path().join("backup/all.jsonl")), 0o600);
}

/// Files an older backrelief left readable by others are tightened once,
/// with a notice; a mode set by hand afterwards is kept; a folder it did
/// not create is never changed, only warned about when others can write it.
#[test]
fn older_open_files_are_tightened_once_and_foreign_folders_left_alone() {
    let home = Home::new();
    let log = home.write("data/history.jsonl", &record_json("old-1", Some(2)));
    let lock = home.write("data/history.lock", "");
    for f in [&log, &lock] {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    std::fs::set_permissions(home.data(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = home.run_in_process(&["history"]).success();
    let err = stderr(&out);
    assert!(
        err.contains(
            "history.jsonl could be read by others (mode 644); it is now yours alone (600)"
        ),
        "{err}"
    );
    assert_eq!((mode(&log), mode(&lock)), (0o600, 0o600));
    assert_eq!(mode(&home.data()), 0o755, "a folder it did not create");
    // Once: a mode chosen by hand later is kept, without a notice.
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = home.run_in_process(&["history"]).success();
    assert!(!stderr(&out).contains("notice"), "{}", stderr(&out));
    assert_eq!(mode(&log), 0o640);
    // A folder others can write to is named, and left as it is.
    std::fs::set_permissions(home.data(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let out = home
        .in_process()
        .args(["function", "--rate", "a walk=4"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("others can write to") && stderr(&out).contains("(mode 777)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(mode(&home.data()), 0o777);
}
