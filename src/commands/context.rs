//! What every command is given: where things are, how to print, and the
//! one clock; and the small services commands share through it.

use super::cli::Global;
use crate::clock::Clock;
use crate::error::Result;
use crate::library::Library;
use crate::record::Future;
use crate::store::history::{Damaged, Store, Tail};
use crate::store::library::Layers;
use crate::style::{ColorWhen, Style};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// What every command is given: where things are, how to print, and the
/// one clock.
pub struct Context {
    pub library_dir: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    pub style: Style,
    pub clock: Clock,
}

impl Context {
    pub fn new(global: &Global) -> Context {
        Context {
            library_dir: global.library.clone(),
            data_dir: global.data_dir.clone(),
            style: Style::detect(color_when(global)),
            // The wall clock is made here once; every command is handed it.
            clock: Clock::new(global.today),
        }
    }

    /// The library with the user's layers, from the cache when their files
    /// are unchanged.
    /// The library lives until the process ends: a command is the whole
    /// run, and freeing its thousands of strings one by one is work that
    /// changes nothing the person sees.
    pub fn library(&self) -> Result<&'static Library> {
        self.load_library(Vec::new(), true)
    }

    /// What `check` reports on: the user's layers and `extra` paths, every
    /// file parsed, the cache neither read nor written.
    pub fn library_checked(&self, extra: &[PathBuf]) -> Result<&'static Library> {
        self.load_library(extra.to_vec(), false)
    }

    fn load_library(&self, extra: Vec<PathBuf>, cached: bool) -> Result<&'static Library> {
        let lib = crate::store::library::load(&Layers {
            user_dir: crate::store::paths::user_routines(),
            library_dir: self.library_dir.clone(),
            extra,
            cached,
        })?;
        Ok(Box::leak(Box::new(lib)))
    }

    /// The width to cut table cells to: only on a terminal; a pipe or a
    /// file gets every word.
    pub fn cut_width(&self) -> Option<usize> {
        use std::io::IsTerminal;
        std::io::stdout().is_terminal().then_some(self.style.width)
    }

    pub fn history(&self) -> Result<Store> {
        Store::open(self.data_dir.as_ref())
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
pub fn schedule_tail(store: &Store, since: NaiveDate, today: NaiveDate) -> Result<Tail> {
    let mut tail = store.read_tail(since)?;
    report_damaged(&store.path, &tail.damaged);
    warn_future(&store.path, &tail.set_aside_future(today), today);
    Ok(tail)
}

/// Names each record dated in the future: it is kept in the log (and
/// listed by `history`), and not used to schedule anything.
pub fn warn_future(path: &Path, future: &[Future], today: NaiveDate) {
    for f in future {
        crate::output::warn(&format!(
            "warning: {}: the {} {} is dated {}, after today ({today}); it is kept, and not used to schedule anything (was a clock set wrong?)",
            path.display(),
            f.kind,
            f.id,
            f.day,
        ));
    }
}

/// Damaged history lines are reported, not fatal.
pub fn report_damaged(path: &Path, damaged: &[Damaged]) {
    for d in damaged {
        crate::output::warn(&format!("{}:{}: {}", path.display(), d.line, d.message));
    }
}
