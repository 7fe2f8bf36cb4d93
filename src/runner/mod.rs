//! The session runner's edge: it reads the clock, the keys and the signals,
//! feeds them to the pure state machine in `machine`, and shows it on a
//! real terminal, either full-screen (`tui`) or as plain lines (`plain`).

pub mod digits;
#[cfg(unix)]
mod keyboard;
mod machine;
pub mod plain;
pub mod terminal;
pub mod tui;

pub use terminal::StopSignals;

pub use machine::{default_timeline, label, Effect, Item, Key, Mode, Runner, Status, StepOutcome};

use crate::planner::Plan;
use std::time::Duration;

#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    pub plain: bool,
    pub quiet: bool,
    pub scale: f64,
}

#[derive(Clone, Debug)]
pub struct RunResult {
    pub outcomes: Vec<StepOutcome>,
    /// Quit, Ctrl+C, a signal or a hang-up ended it early.
    pub interrupted: bool,
    /// Session time from start to end, pauses included.
    pub elapsed: Duration,
    /// Ctrl+C, a signal or a hang-up ended it: nobody is asked anything.
    pub signalled: bool,
    /// The signal that ended it; a closed terminal counts as SIGHUP (1).
    pub signal: Option<i32>,
    /// The terminal went away (with or without a SIGHUP).
    pub hung_up: bool,
}

/// Runs a plan on the terminal (or as plain lines) and reports what was done.
pub fn run(
    plan: &Plan,
    lib: &crate::library::Library,
    opts: RunOptions,
) -> crate::error::Result<RunResult> {
    let clock = crate::clock::Monotonic::new(opts.scale);
    let signals = StopSignals::install()
        .map_err(|e| crate::error::Error::io("installing signal handlers", e))?;
    let mut result = if opts.plain {
        let stdout = std::io::stdout();
        // Output errors (a reader gone, a full disk) never stop or restart
        // the run: the writer turns into a sink and the timing goes on.
        let mut out = plain::Lossy::new(stdout.lock());
        plain::run(plan, lib, &clock, &mut out, &signals)
            .map_err(|e| crate::error::Error::io("writing the session", e))?
    } else {
        tui::run(plan, lib, &clock, opts.quiet, &signals)?
    };
    if let Some(sig) = signals.caught() {
        result.signalled = true;
        result.signal = result.signal.or(Some(sig));
    }
    if result.hung_up {
        result.signalled = true;
        result.signal = result.signal.or(Some(terminal::SIGHUP));
    }
    if result.signal.is_some() {
        // After a SIGHUP the terminal may be gone: what follows must not fail.
        terminal::detach_dead_outputs();
    }
    Ok(result)
}
