//! The session runner's edge: it reads the clock, the keys and the signals,
//! feeds them to the pure state machine in `machine`, and shows it on a
//! real terminal, either full-screen (`tui`) or as plain lines (`plain`).

mod commands;
pub mod digits;
mod drive;
mod machine;
pub mod plain;
pub mod tui;
mod voice;

pub use crate::term::StopSignals;

pub use machine::{
    cues, default_timeline, label, Effect, Item, Key, Mode, Phase, Runner, Status, StepOutcome,
};

use crate::planner::Plan;
use std::time::Duration;

#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    pub plain: bool,
    pub bell: Bell,
    /// Spoken cues through a speech program on `PATH`.
    pub voice: bool,
    /// Colour in the full screen (without it: bold and reverse video).
    pub color: bool,
    pub scale: f64,
    /// Days in a row with a session, this one included (for the finish screen).
    pub streak: Option<u32>,
    /// Plain mode reads commands typed on the terminal (standard input is
    /// one); piped, nothing is read and nothing waits.
    pub commands: bool,
}

pub use crate::profile::Bell;

/// True when `effects` ring `bell`.
pub fn rings(bell: Bell, effects: &[Effect]) -> bool {
    effects.iter().any(|e| match e {
        Effect::Transition | Effect::Finished => bell != Bell::Off,
        Effect::Countdown(_) => bell == Bell::Countdown,
        Effect::Phase(_) | Effect::Rep(_) => false,
    })
}

/// Speaks the cues for `effects` when there is a voice.
pub(crate) fn speak(voice: Option<&voice::Voice>, plan: &Plan, r: &Runner, effects: &[Effect]) {
    if let Some(v) = voice {
        for cue in cues(plan, r, effects) {
            v.say(&cue);
        }
    }
}

/// The voice, if asked for; with no speech program, says so once.
fn start_voice(wanted: bool) -> Option<voice::Voice> {
    if !wanted {
        return None;
    }
    let v = voice::Voice::start();
    if v.is_none() {
        crate::output::warn(voice::NO_VOICE);
    }
    v
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
    let voice = start_voice(opts.voice);
    let seams = drive::Seams {
        clock: &clock,
        stop: &signals,
        voice: voice.as_ref(),
        bell: opts.bell,
    };
    let mut result = if opts.plain {
        let stdout = std::io::stdout();
        // Output errors (a reader gone, a full disk) never stop or restart
        // the run: the writer turns into a sink and the timing goes on.
        let mut out = plain::Lossy::new(stdout.lock());
        plain::run(plan, lib, &seams, &mut out, opts.commands)
            .map_err(|e| crate::error::Error::io("writing the session", e))?
    } else {
        // A test seam, read once: proves the panic hook restores the terminal.
        let panic = std::env::var_os("BACKRELIEF_TEST_PANIC").is_some();
        tui::run(plan, lib, &seams, &opts, panic)?
    };
    if let Some(v) = voice {
        if result.signal.is_none() && !result.hung_up && !signals.raised() {
            v.finish(std::time::Duration::from_secs(3));
        }
    }
    if let Some(sig) = signals.caught() {
        result.signalled = true;
        result.signal = result.signal.or(Some(sig));
    }
    if result.hung_up {
        result.signalled = true;
        result.signal = result.signal.or(Some(crate::term::SIGHUP));
    }
    if result.signal.is_some() {
        // After a SIGHUP the terminal may be gone: what follows must not fail.
        crate::term::detach_dead_outputs();
    }
    Ok(result)
}
