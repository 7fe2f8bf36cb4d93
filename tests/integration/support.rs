//! Running the real binary in an isolated home.
//!
//! `Home::new()` makes a throwaway config and data directory; `home.run(args)`
//! runs `backrelief` there and returns assert_cmd's `Assert`, so a test reads
//! `home.run(&["show", "plank"]).success().stdout(contains("Plank"))`.
//! `home.cmd()` is the same command before it runs (for stdin or extra
//! arguments), and `home.command(program)` gives any program (a shell, a
//! pty) the same environment.
//!
//! `home.run_in_process(args)` runs the same command line inside the test
//! process instead (`backrelief::commands::main` with this home's folders,
//! the test's day and the output kept) and returns the same `Assert`: for a
//! command that needs no terminal, no stdin, no signal and no process of
//! its own, a switch of one call, and no process started.

use assert_cmd::assert::Assert;
use assert_cmd::Command;
use backrelief::library::{Library, Loader};
use backrelief::store::library::builtin_files;
use std::ffi::OsStr;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;
use tempfile::TempDir;

/// The `backrelief` binary under test.
pub fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_backrelief"))
}

/// A throwaway config and data directory for one test.
pub struct Home {
    dir: TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `XDG_CONFIG_HOME`: the profile and user routines live under
    /// `config/backrelief/`.
    pub fn config(&self) -> PathBuf {
        self.path().join("config")
    }

    /// `XDG_CACHE_HOME`: the library cache is `cache/backrelief/library.bin`.
    pub fn cache(&self) -> PathBuf {
        self.path().join("cache")
    }

    /// `BACKRELIEF_HOME`: where history is kept.
    pub fn data(&self) -> PathBuf {
        self.path().join("data")
    }

    /// Installs `script` as the speech program (`espeak-ng`) in a folder
    /// of its own, and gives the PATH that finds it first.
    pub fn fake_speech(&self, script: &str) -> String {
        use std::os::unix::fs::PermissionsExt;
        let speaker = self.write("speech/espeak-ng", script);
        std::fs::set_permissions(&speaker, std::fs::Permissions::from_mode(0o755)).unwrap();
        format!(
            "{}:{}",
            self.path().join("speech").display(),
            std::env::var("PATH").unwrap_or_default()
        )
    }

    pub fn profile_file(&self) -> PathBuf {
        self.config().join("backrelief/profile.yaml")
    }

    pub fn history_file(&self) -> PathBuf {
        self.data().join("history.jsonl")
    }

    /// The saved sessions, pain-after amendments folded in, one JSON value
    /// per session (empty if none).
    pub fn history(&self) -> Vec<serde_json::Value> {
        let bytes = std::fs::read(self.history_file()).unwrap_or_default();
        let (records, damaged) = backrelief::store::history::parse(&bytes);
        assert!(damaged.is_empty(), "{damaged:?}");
        records
            .iter()
            .map(|r| serde_json::to_value(r).expect("valid record"))
            .collect()
    }

    /// The red-flag stops in history, in the order written (empty if none).
    pub fn stops(&self) -> Vec<backrelief::record::StopRecord> {
        let bytes = std::fs::read(self.history_file()).unwrap_or_default();
        backrelief::store::history::parse_stops(&bytes)
    }

    /// Writes a file under this home and returns its path.
    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("has parent")).expect("mkdir");
        std::fs::write(&p, text).expect("write");
        p
    }

    /// `program` with colour off, the day fixed to `today()`, every user
    /// path inside this home (`HOME` too, so nothing in the real one, such
    /// as a shell's start-up file, is read) and an ordinary terminal type
    /// (`TERM=dumb`, as some CI machines set, means plain mode; a test of it
    /// sets it itself).
    pub fn command(&self, program: impl AsRef<OsStr>) -> std::process::Command {
        let mut c = std::process::Command::new(program);
        // A signal ignored when a program starts stays ignored (nohup, a
        // shell's background job): whatever the test runner was started
        // with, the program gets the default action of every signal it
        // catches, as a person's shell gives it.
        // SAFETY: only signal(2), async-signal-safe, between fork and exec.
        unsafe {
            c.pre_exec(|| {
                for sig in STOP_SIGNALS {
                    if libc::signal(sig, libc::SIG_DFL) == libc::SIG_ERR {
                        return Err(std::io::Error::last_os_error());
                    }
                }
                Ok(())
            });
        }
        c.env("HOME", self.path().join("home"))
            .env("TERM", "xterm")
            .env("XDG_CONFIG_HOME", self.config())
            .env("XDG_DATA_HOME", self.path().join("xdg-data"))
            .env("XDG_CACHE_HOME", self.cache())
            .env("BACKRELIEF_HOME", self.data())
            .env("NO_COLOR", "1")
            .env("BACKRELIEF_TODAY", today())
            // Output wraps at COLUMNS when it is not a terminal.
            .env_remove("COLUMNS")
            .env_remove("BACKRELIEF_LIBRARY")
            .env_remove("BACKRELIEF_TIME_SCALE")
            .env_remove("BACKRELIEF_TOOL_SECONDS")
            .env_remove("BACKRELIEF_VOICE_SECONDS")
            .env_remove("BACKRELIEF_TEST_STEPPED_TIME");
        c
    }

    /// The binary in this home, not yet run.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.command(bin()))
    }

    /// Runs the binary in this home with `args` and nothing on stdin.
    pub fn run(&self, args: &[&str]) -> Assert {
        self.cmd().args(args).assert()
    }

    /// Runs `args` as [`Home::run`] does, in this process (see
    /// [`InProcess`]).
    pub fn run_in_process(&self, args: &[&str]) -> Assert {
        self.in_process().args(args).assert()
    }

    /// The command line in this home, to run in this process: what
    /// [`Home::cmd`] is to a spawned one, for arguments only.
    pub fn in_process(&self) -> InProcess<'_> {
        InProcess {
            home: self,
            args: vec!["backrelief".into()],
            today: None,
        }
    }
}

/// A command line run inside the test process by `commands::main`, the
/// binary's own path from parsing on, with what [`Home::command`] gives a
/// spawned one: this home's folders, `today()`, no terminal, colour off
/// unless asked for; standard output and error kept, and returned as the
/// same `Assert` a spawned run gives. Not for a command that reads stdin,
/// draws on a terminal, is signalled, or answers a shell's `__complete`
/// (`main.rs` answers it before parsing): those spawn.
pub struct InProcess<'h> {
    home: &'h Home,
    args: Vec<std::ffi::OsString>,
    /// `BACKRELIEF_TODAY` given by the test.
    today: Option<String>,
}

impl InProcess<'_> {
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_os_string());
        self
    }

    pub fn args<I>(mut self, args: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_os_string()));
        self
    }

    /// Of the environment, only `BACKRELIEF_TODAY` (a valid date) can be
    /// given to a command run in-process; anything else needs a process.
    pub fn env(mut self, name: &str, value: impl AsRef<OsStr>) -> Self {
        assert_eq!(
            name, "BACKRELIEF_TODAY",
            "only BACKRELIEF_TODAY is given in-process; spawn with home.cmd()"
        );
        self.today = Some(value.as_ref().to_string_lossy().into_owned());
        self
    }

    /// Runs the command and gives its exit code and output.
    pub fn assert(self) -> Assert {
        Assert::new(self.output().expect("runs in-process"))
    }

    /// Runs the command: its exit status and output, as
    /// `std::process::Command::output` gives a spawned one's.
    pub fn output(self) -> std::io::Result<Output> {
        use backrelief::commands::context::Setting;
        use backrelief::store::paths::Dirs;
        use std::os::unix::process::ExitStatusExt;
        let home = self.home;
        let dirs = Dirs {
            config: Some(home.config().join("backrelief")),
            data: Some(home.path().join("xdg-data/backrelief")),
            cache: Some(home.cache().join("backrelief")),
        };
        let day = self
            .today
            .unwrap_or_else(today)
            .parse()
            .expect("BACKRELIEF_TODAY is a date (an invalid one needs a process)");
        let setting = Setting::in_process(dirs, Some(home.data()), day);
        let (code, out) = backrelief::commands::main(self.args, &setting);
        Ok(Output {
            status: std::process::ExitStatus::from_raw((code & 0xff) << 8),
            stdout: out.stdout,
            stderr: out.stderr,
        })
    }
}

/// The terminating signals the program catches, and tests send.
pub const STOP_SIGNALS: [libc::c_int; 7] = [
    libc::SIGHUP,
    libc::SIGINT,
    libc::SIGQUIT,
    libc::SIGUSR1,
    libc::SIGUSR2,
    libc::SIGALRM,
    libc::SIGTERM,
];

/// A five-minute plan for a person with no equipment.
pub const SHORT: &str = "\
red_flags: []
pain: 3
areas: [low-back]
symptoms: []
conditions: []
equipment: []
minutes: 5
";

/// A finished command, asserted on or not.
pub trait Finished {
    fn output(&self) -> &Output;
}

impl Finished for Assert {
    fn output(&self) -> &Output {
        self.get_output()
    }
}

impl Finished for Output {
    fn output(&self) -> &Output {
        self
    }
}

/// What a finished command wrote to stdout.
pub fn stdout(out: &impl Finished) -> String {
    String::from_utf8_lossy(&out.output().stdout).into_owned()
}

/// What a finished command wrote to stderr.
pub fn stderr(out: &impl Finished) -> String {
    String::from_utf8_lossy(&out.output().stderr).into_owned()
}

/// Every equipment id in the built-in library.
pub fn all_equipment() -> Vec<&'static str> {
    builtin().equipment.iter().map(|e| e.id.as_str()).collect()
}

/// The built-in library, loaded from its YAML once per test run.
pub fn builtin() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| {
        Loader::new()
            .layer(builtin_files())
            .load()
            .expect("built-in library is valid")
    })
}

/// The date every command in a test runs on: `BACKRELIEF_TODAY` when the
/// suite is run under a chosen date (CI runs it under several), otherwise
/// a fixed day, so no test depends on when it runs.
pub fn today() -> String {
    std::env::var("BACKRELIEF_TODAY").unwrap_or_else(|_| "2026-11-25".into())
}

/// `today()` at nine in the morning, UTC, for records made by tests.
pub fn today_at_nine() -> chrono::DateTime<chrono::FixedOffset> {
    let day: chrono::NaiveDate = today().parse().expect("BACKRELIEF_TODAY is a date");
    day.and_hms_opt(9, 0, 0)
        .expect("valid time")
        .and_utc()
        .fixed_offset()
}

/// How many red-flag questions a session asks (flags raised by a `when`
/// combination of answers are not asked).
pub fn asked_flags() -> usize {
    builtin()
        .red_flags
        .iter()
        .filter(|f| f.ask.is_some())
        .count()
}

/// Answers with one red flag answered yes: `flag`.
pub fn red_flag_answers(flag: &str) -> String {
    SHORT.replace("red_flags: []", &format!("red_flags: [{flag}]"))
}

/// "n" to every red-flag question.
pub fn noes() -> String {
    "n\n".repeat(asked_flags())
}

/// How long a test waits for a program in a pseudo-terminal to show the
/// next thing (rexpect's timeout, in ms): generous, so a machine busy
/// compiling does not fail a test, and still bounded, so a hung program
/// fails it.
pub const PTY_TIMEOUT_MS: u64 = 60_000;

/// [`PTY_TIMEOUT_MS`] for tests that poll a pty themselves.
pub const PTY_WAIT: std::time::Duration = std::time::Duration::from_millis(PTY_TIMEOUT_MS);

/// What a key prompt draws once it reads keys. The question is written
/// first, while the terminal is still in its ordinary (cooked) mode: a key
/// sent then is echoed by the terminal, and Ctrl+C is a signal, not a key.
/// Only the answer line is drawn after raw mode is on, so a test waits for
/// it before sending anything.
pub mod drawn {
    /// A yes-or-no question's answer line.
    pub const YES_NO: &str = "(y or n";
    /// A number's answer line (`  [0-10] > `).
    pub const NUMBER: &str = "] > ";
    /// A list's footer.
    pub const LIST: &str = "Enter when done";
    /// A typed answer's line, drawn from the first column after clearing
    /// what is below (`  > `).
    pub const TEXT: &str = "\x1b[J  > ";
}

/// Waits for `question` (UTF-8) and then for `drawn` (one of [`drawn`]),
/// and only then sends `keys`: the prompt is reading keys by then.
pub fn answer(p: &mut rexpect::session::PtySession, question: &str, drawn: &str, keys: &str) {
    let latin1: String = question.bytes().map(char::from).collect();
    p.exp_string(&latin1)
        .unwrap_or_else(|e| panic!("waiting for {question:?}: {e}"));
    p.exp_string(drawn)
        .unwrap_or_else(|e| panic!("waiting for the prompt {drawn:?} after {question:?}: {e}"));
    p.send(keys).unwrap();
    p.flush().unwrap();
}

/// Skips each "How did ... feel?" question after a session with Enter
/// (one per exercise family done) until `next` shows; returns what was read.
pub fn skip_felt_until(p: &mut rexpect::session::PtySession, next: &str) -> String {
    let escaped: String = next
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == ' ' {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect();
    // The question may wrap; its answer prompt ends in "> ".
    let pattern = format!(r"How did [^>]*> |{escaped}");
    let mut seen = String::new();
    loop {
        let (before, matched) = p.exp_regex(&pattern).unwrap();
        seen += &before;
        seen += &matched;
        if matched.contains(next) {
            return seen;
        }
        p.send("\r").unwrap();
        p.flush().unwrap();
    }
}

/// The full screen's output, cut into whole frames. The runner draws a
/// frame in one write: the runs of cells that changed, row by row down the
/// screen, the first after a cursor move to a place (`ESC [ row ; col H`),
/// the others after one to a place or one down, left, right or to the
/// row's start, or all of it after a clear (`ESC [ 2 J`). A pty hands a
/// big frame over in pieces, so the screen read at any moment may be half
/// old and half new; a frame is whole once the next one starts (a move to
/// a place back up, or left on the same row; a clear) or the full screen
/// is left (`ESC [ ? 1049 l`).
pub struct Frames {
    vt: vt100::Parser,
    cols: u16,
    rows: u16,
    /// The last cursor move of the frame being drawn, if it has made one.
    last: Option<(u32, u32)>,
    /// The start of an escape sequence that has not all come yet.
    carry: Vec<u8>,
}

impl Frames {
    pub fn new(rows: u16, cols: u16) -> Frames {
        Frames {
            vt: vt100::Parser::new(rows.try_into().unwrap(), cols.try_into().unwrap(), 0),
            cols,
            rows,
            last: None,
            carry: Vec::new(),
        }
    }

    /// The screen as it is now: possibly in the middle of a frame.
    pub fn rows(&self) -> Vec<String> {
        self.vt.screen().rows(0, self.cols).collect()
    }

    /// Whether the screen now can be taken as whole: the frame being drawn
    /// has come down to the last row (a frame's last row is its key line,
    /// which changes whenever what the keys do changes), or no frame is
    /// being drawn (the ordinary screen, with its questions).
    pub fn settled(&self) -> bool {
        self.last.is_none_or(|(row, _)| row == u32::from(self.rows))
    }

    /// Takes in `bytes`; returns the rows of each frame they made whole,
    /// oldest first.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Vec<String>> {
        let mut data = std::mem::take(&mut self.carry);
        data.extend_from_slice(bytes);
        let mut whole = Vec::new();
        let mut done = 0;
        let mut i = 0;
        while i < data.len() {
            if data[i] != 0x1b {
                if data[i] == b'\r' {
                    if let Some((_, col)) = self.last.as_mut() {
                        *col = 1;
                    }
                }
                i += 1;
                continue;
            }
            let Some(&next) = data.get(i + 1) else {
                break;
            };
            if next != b'[' {
                i += 1;
                continue;
            }
            let Some(end) = (i + 2..data.len()).find(|&j| (0x40..=0x7e).contains(&data[j])) else {
                break;
            };
            let params = &data[i + 2..end];
            let ends_frame = match data[end] {
                b'H' => {
                    let text = String::from_utf8_lossy(params);
                    let mut nums = text.split(';').map(|n| n.parse::<u32>().unwrap_or(1));
                    let at = (nums.next().unwrap_or(1), nums.next().unwrap_or(1));
                    let ends = self.last.is_some_and(|last| at <= last);
                    self.last = Some(at);
                    ends
                }
                // A move down, right or left within the frame.
                cmd @ (b'B' | b'C' | b'D') => {
                    let n = String::from_utf8_lossy(params).parse::<u32>().unwrap_or(1);
                    if let Some((row, col)) = self.last.as_mut() {
                        match cmd {
                            b'B' => *row += n,
                            b'C' => *col += n,
                            _ => *col = col.saturating_sub(n).max(1),
                        }
                    }
                    false
                }
                b'J' if params == b"2" => self.last.take().is_some(),
                b'h' | b'l' if params == b"?1049" => self.last.take().is_some(),
                _ => false,
            };
            if ends_frame {
                self.vt.process(&data[done..i]);
                done = i;
                whole.push(self.rows());
            }
            i = end + 1;
        }
        self.vt.process(&data[done..i]);
        self.carry = data[i..].to_vec();
        whole
    }
}
