//! What every command is given: where things are, how to print, and the
//! one clock; and the small services commands share through it.
//!
//! What a command needs from its process (folders, the colour decision, the
//! terminal, its standard streams) is read once, at the edge, into a
//! [`Setting`] (`Setting::from_env`); a test makes one of its own to run a
//! command in-process, against its own folders and with its output kept.

use super::cli::Global;
use crate::clock::Clock;
use crate::error::Result;
use crate::library::Library;
use crate::output::Output;
use crate::profile::Profile;
use crate::record::Future;
use crate::store::history::{Damaged, Store, Tail};
use crate::store::library::Layers;
use crate::store::paths::Dirs;
use crate::style::{ColorEnv, ColorWhen, Style};
use chrono::NaiveDate;
use std::cell::{OnceCell, RefCell};
use std::path::{Path, PathBuf};

/// What a command runs in, besides its arguments: read from the process
/// once (`from_env`), or made by a test (`in_process`).
pub struct Setting {
    pub dirs: Dirs,
    /// The day when `--today` is not given. The process's own
    /// `BACKRELIEF_TODAY` comes through clap, as `--today` does.
    pub today: Option<NaiveDate>,
    /// Where history is kept when `--data-dir` is not given (the process's
    /// own `BACKRELIEF_HOME` comes through clap).
    pub data_dir: Option<PathBuf>,
    /// The variables that decide colour under `auto`.
    pub colour_env: ColorEnv,
    /// `COLUMNS`, the width when standard output is not a terminal.
    pub columns: Option<usize>,
    /// Standard output is a terminal.
    pub stdout_tty: bool,
    /// Standard error is a terminal.
    pub stderr_tty: bool,
    /// Standard input is a terminal (someone to ask).
    pub stdin_tty: bool,
    /// `BACKRELIEF_COLOR`, read before clap parses (see `cli::color_arg`).
    pub color_var: Option<String>,
    /// The process's streams, or buffers.
    pub captured: bool,
}

impl Setting {
    /// The process's own: its environment and standard streams.
    pub fn from_env() -> Setting {
        use std::io::IsTerminal;
        Setting {
            dirs: Dirs::from_env(),
            today: None,
            data_dir: None,
            colour_env: ColorEnv::read(),
            columns: crate::term::colour::columns_var(),
            stdout_tty: std::io::stdout().is_terminal(),
            stderr_tty: std::io::stderr().is_terminal(),
            stdin_tty: std::io::stdin().is_terminal(),
            color_var: std::env::var("BACKRELIEF_COLOR").ok(),
            captured: false,
        }
    }

    /// A command run inside a test: `dirs` for folders, `data_dir` for
    /// history (as `BACKRELIEF_HOME`), `today` for the day, no terminal,
    /// colour only when asked for (as with `NO_COLOR`), and both streams
    /// kept.
    pub fn in_process(dirs: Dirs, data_dir: Option<PathBuf>, today: NaiveDate) -> Setting {
        Setting {
            dirs,
            today: Some(today),
            data_dir,
            colour_env: ColorEnv {
                no_color: true,
                ..ColorEnv::default()
            },
            columns: None,
            stdout_tty: false,
            stderr_tty: false,
            stdin_tty: false,
            color_var: None,
            captured: true,
        }
    }

    /// Whether standard error gets colour under `when` (clap's errors).
    pub fn stderr_colour(&self, when: ColorWhen) -> bool {
        crate::style::colour_on(when, self.stderr_tty, &self.colour_env)
    }

    /// Where output goes before a command runs (clap's help and errors),
    /// colour on standard output as `when` decides.
    pub fn output(&self, when: ColorWhen) -> Output {
        let colour = crate::style::colour_on(when, self.stdout_tty, &self.colour_env);
        if self.captured {
            Output::captured(colour)
        } else {
            // anstream, which clap writes through, follows the same choice.
            Output::process(crate::style::choose_stdout_colour(when))
        }
    }
}

/// What every command is given: where things are, how to print, and the
/// one clock.
pub struct Context {
    pub library_dir: Option<PathBuf>,
    /// `--data-dir` (or `BACKRELIEF_HOME`): where history is kept instead
    /// of the data folder of `dirs`.
    pub data_dir: Option<PathBuf>,
    pub dirs: Dirs,
    pub style: Style,
    pub clock: Clock,
    /// Standard output is a terminal.
    pub stdout_tty: bool,
    /// Standard input is a terminal.
    pub stdin_tty: bool,
    /// `TERM=dumb`.
    pub term_dumb: bool,
    pub out: Output,
    library: OnceCell<Library>,
    checked: OnceCell<Library>,
    store: OnceCell<Store>,
    /// What `warn_once` has said.
    said: RefCell<Vec<String>>,
    /// Output is kept (`Setting::in_process`).
    captured: bool,
}

impl Context {
    pub fn new(global: &Global, setting: &Setting, out: Output) -> Context {
        let when = color_when(global);
        let colour = if setting.captured {
            crate::style::colour_on(when, setting.stdout_tty, &setting.colour_env)
        } else {
            // anstream, which `Output` writes through, follows it.
            crate::style::choose_stdout_colour(when)
        };
        let out = out.with_colour(colour);
        Context {
            library_dir: global.library.clone(),
            data_dir: global.data_dir.clone().or_else(|| setting.data_dir.clone()),
            dirs: setting.dirs.clone(),
            style: Style {
                color: colour,
                width: crate::term::colour::width(setting.stdout_tty, setting.columns),
            },
            // The wall clock is made here once; every command is handed it.
            clock: Clock::new(global.today.or(setting.today)),
            stdout_tty: setting.stdout_tty,
            stdin_tty: setting.stdin_tty,
            term_dumb: setting.colour_env.term_dumb,
            out,
            library: OnceCell::new(),
            checked: OnceCell::new(),
            store: OnceCell::new(),
            said: RefCell::new(Vec::new()),
            captured: setting.captured,
        }
    }

    /// Command output to standard output (see `output::print`).
    pub fn print(&self, text: &str) -> Result<()> {
        self.store_notices();
        self.out.print(text)
    }

    /// A warning or notice to standard error (see `output::warn`).
    pub fn warn(&self, line: &str) {
        self.store_notices();
        self.out.warn(line)
    }

    /// What the history store said (files made private, a folder others
    /// can write to), to standard error: before anything printed after it,
    /// as if written when it happened.
    pub fn store_notices(&self) {
        for line in self
            .store
            .get()
            .map(Store::take_notices)
            .unwrap_or_default()
        {
            self.out.warn(&line);
        }
    }

    /// [`Context::warn`], unless this command said `line` already.
    pub fn warn_once(&self, line: &str) {
        let mut said = self.said.borrow_mut();
        if !said.iter().any(|s| s == line) {
            said.push(line.to_string());
            self.warn(line);
        }
    }

    /// The library with the user's layers, from the cache when their files
    /// are unchanged; loaded once per command.
    pub fn library(&self) -> Result<&Library> {
        if let Some(lib) = self.library.get() {
            return Ok(lib);
        }
        let lib = self.load_library(Vec::new(), true)?;
        Ok(self.library.get_or_init(|| lib))
    }

    /// What `check` reports on: the user's layers and `extra` paths, every
    /// file parsed, the cache neither read nor written.
    pub fn library_checked(&self, extra: &[PathBuf]) -> Result<&Library> {
        if let Some(lib) = self.checked.get() {
            return Ok(lib);
        }
        let lib = self.load_library(extra.to_vec(), false)?;
        Ok(self.checked.get_or_init(|| lib))
    }

    fn load_library(&self, extra: Vec<PathBuf>, cached: bool) -> Result<Library> {
        let layers = Layers {
            user_dir: self.dirs.user_routines(),
            library_dir: self.library_dir.clone(),
            cache_file: self.dirs.cache_file(),
            extra,
            cached,
        };
        crate::store::library::load_noting(&layers, &|line| self.warn(line))
    }

    /// The profile's file, when there is a config folder.
    pub fn profile_path(&self) -> Option<PathBuf> {
        self.dirs.profile()
    }

    /// The profile, checked against `lib`; `None` when there is none yet.
    pub fn profile(&self, lib: &Library) -> Result<Option<Profile>> {
        crate::store::profile::load_from(self.profile_path().as_deref(), lib, self)
    }

    /// The width to cut table cells to: only on a terminal; a pipe or a
    /// file gets every word.
    pub fn cut_width(&self) -> Option<usize> {
        self.stdout_tty.then_some(self.style.width)
    }

    /// The history, opened once per command (its index is remembered
    /// while the log is unchanged).
    pub fn history(&self) -> Result<&Store> {
        if let Some(store) = self.store.get() {
            return Ok(store);
        }
        let dir = self.data_dir.as_ref().or(self.dirs.data.as_ref());
        let mut store = Store::open(dir.map(PathBuf::as_path), self.profile_path())?;
        if self.captured {
            // Into the kept output; the process's stderr gets them at once
            // (a session's screen may be up long before the next print).
            store = store.keep_notices();
        }
        Ok(self.store.get_or_init(|| store))
    }
}

/// What the store says about the profile file goes to the command's
/// standard error.
impl crate::store::profile::Notes for Context {
    fn say(&self, line: &str) {
        self.warn(line);
    }
    fn say_once(&self, line: &str) {
        self.warn_once(line);
    }
}

/// `--no-color` wins over `--color`.
fn color_when(global: &Global) -> ColorWhen {
    if global.no_color {
        ColorWhen::Never
    } else {
        super::parse::when(global.color)
    }
}

/// History for anything scheduled from it (the plan's ladders and flare
/// days, streaks, the nudge, the weekly rating, the safety net, the
/// report): the sessions and events dated `since` or later, damaged lines
/// reported, and records dated in the future named and set aside.
pub fn schedule_tail(
    ctx: &Context,
    store: &Store,
    since: NaiveDate,
    today: NaiveDate,
) -> Result<Tail> {
    let mut tail = store.read_tail(since)?;
    report_damaged(ctx, &store.path, &tail.damaged);
    warn_future(ctx, &store.path, &tail.set_aside_future(today), today);
    Ok(tail)
}

/// Names each record dated in the future: it is kept in the log (and
/// listed by `history`), and not used to schedule anything.
pub fn warn_future(ctx: &Context, path: &Path, future: &[Future], today: NaiveDate) {
    for f in future {
        ctx.warn(&format!(
            "warning: {}: the {} {} is dated {}, after today ({today}); it is kept, and not used to schedule anything (was a clock set wrong?)",
            path.display(),
            f.kind,
            f.id,
            f.day,
        ));
    }
}

/// Damaged history lines are reported, not fatal.
pub fn report_damaged(ctx: &Context, path: &Path, damaged: &[Damaged]) {
    for d in damaged {
        ctx.warn(&format!("{}:{}: {}", path.display(), d.line, d.message));
    }
}
