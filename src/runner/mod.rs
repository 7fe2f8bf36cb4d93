//! The session runner's edge: it reads the clock, the keys and the signals,
//! feeds them to the pure state machine in `machine`, and shows it on a
//! real terminal, either full-screen (`tui`) or as plain lines (`plain`).

pub mod digits;
mod machine;
pub mod plain;
pub mod tui;

pub use machine::{
    default_timeline, label, timeline, Effect, Item, Key, Mode, Runner, Status, StepOutcome, ADJUST,
};

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
    /// Quit, Ctrl+C or a signal ended it early.
    pub interrupted: bool,
    /// Session time from start to end, pauses included.
    pub elapsed: Duration,
    /// A signal (SIGTERM, SIGHUP, SIGINT) ended it.
    pub signalled: bool,
}

/// Raised by SIGTERM, SIGHUP and SIGINT while a session runs, so the loop
/// can restore the terminal and report what was done. Once the run is over
/// (this is dropped) the signals act as usual again and end the process.
pub struct StopSignals {
    pub flag: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// Set when the run is over: the signals' default action applies again.
    after: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl StopSignals {
    pub fn install() -> std::io::Result<StopSignals> {
        use std::sync::atomic::AtomicBool;
        use std::sync::Arc;
        let flag = Arc::new(AtomicBool::new(false));
        let after = Arc::new(AtomicBool::new(false));
        for sig in [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
        ] {
            // signal-hook cannot uninstall its handler; this hands the
            // signal back to its default action once the run is over.
            signal_hook::flag::register_conditional_default(sig, after.clone())?;
            signal_hook::flag::register(sig, flag.clone())?;
        }
        Ok(StopSignals { flag, after })
    }
    pub fn raised(&self) -> bool {
        self.flag.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Drop for StopSignals {
    fn drop(&mut self) {
        self.after.store(true, std::sync::atomic::Ordering::Relaxed);
    }
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
        let mut out = stdout.lock();
        plain::run(plan, lib, &clock, &mut out, &signals)
            .or_else(|e| match e.kind() {
                // Output piped to `head`: keep timing silently, as a log would stop.
                std::io::ErrorKind::BrokenPipe => {
                    plain::run(plan, lib, &clock, &mut std::io::sink(), &signals)
                }
                _ => Err(e),
            })
            .map_err(|e| crate::error::Error::io("writing the session", e))?
    } else {
        tui::run(plan, lib, &clock, opts.quiet, &signals)?
    };
    result.signalled |= signals.raised();
    Ok(result)
}
