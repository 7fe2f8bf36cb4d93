//! The one runner loop, shared by the full screen and plain mode: it reads
//! the clock, ticks the pure machine, speaks and rings what the machine
//! says, asks the view to show it, and sleeps until the next wake-up the
//! machine names (or a key, a resize, a signal or a hang-up comes first).
//! The views differ only in how they show a moment and read a key.

use super::machine::{
    cues, default_timeline, Control, Effect, Mode, Runner, StepOutcome, View, Wake,
};
use super::voice::Voice;
use super::{plain, tui};
use crate::clock::SessionClock;
use crate::planner::Plan;
use crate::profile::Bell;
use crate::term::StopSignals;
use std::io;
use std::time::Duration;

/// The longest real sleep, while nothing moves by itself (paused, or
/// waiting for the first key). Signals, keys, resizes and a hang-up end a
/// wait at once, even a signal that lands between the look at the flags
/// and the wait (it also writes to a pipe every wait polls: see
/// `term::signals`), so the loop sleeps until the next change it is told
/// of and this is only a backstop.
pub const MAX_WAIT: Duration = Duration::from_secs(3600);

/// Whether a terminating signal has come (see `term::signals`).
pub trait Stop {
    fn raised(&self) -> bool;
}

impl Stop for StopSignals {
    fn raised(&self) -> bool {
        StopSignals::raised(self)
    }
}

/// What the loop needs from outside, passed in once: the clock, the
/// signals, the voice and the bell.
pub struct Seams<'a> {
    pub clock: &'a dyn SessionClock,
    pub stop: &'a dyn Stop,
    pub voice: Option<&'a Voice>,
    pub bell: Bell,
}

fn effects_out(plan: &Plan, r: &Runner, seams: &Seams, view: &mut dyn View, effects: &[Effect]) {
    speak(seams.voice, plan, r, effects);
    if rings(seams.bell, effects) {
        view.bell();
    }
}

/// Runs `runner` to its end (finished, quit, interrupted or hung up);
/// true when the terminal hung up.
pub fn drive(
    plan: &Plan,
    runner: &mut Runner,
    seams: &Seams,
    view: &mut dyn View,
) -> io::Result<bool> {
    let mut hung_up = false;
    speak(seams.voice, plan, runner, &[Effect::Transition]);
    loop {
        let now = seams.clock.now();
        if seams.stop.raised() || hung_up {
            runner.control(Control::Interrupt, now);
        }
        let effects = runner.tick(now);
        effects_out(plan, runner, seams, view, &effects);
        // Any output error on a terminal that hung up is the hang-up.
        match view.show(runner, now, &effects) {
            Err(_) if !hung_up && view.hung_up() => {
                hung_up = true;
                continue;
            }
            Err(e) if !hung_up => return Err(e),
            _ => {}
        }
        if runner.is_over() {
            break;
        }
        // The machine's next change (with the moments a voice or a
        // countdown bell follows, when there is one), or the view's.
        let cues = seams.voice.is_some() || seams.bell == Bell::Countdown;
        let next = match (runner.next_wake(now, cues), view.next_change(runner, now)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let wait = next.map_or(MAX_WAIT, |n| seams.clock.real(n).min(MAX_WAIT));
        match view.wait(runner, wait)? {
            Wake::Control(control) => {
                let effects = runner.control(control, seams.clock.now());
                effects_out(plan, runner, seams, view, &effects);
            }
            Wake::HungUp => hung_up = true,
            Wake::Nothing => {}
        }
    }
    Ok(hung_up)
}

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

/// True when `effects` ring `bell`.
pub fn rings(bell: Bell, effects: &[Effect]) -> bool {
    effects.iter().any(|e| match e {
        Effect::Transition | Effect::Finished => bell != Bell::Off,
        Effect::Countdown(_) => bell == Bell::Countdown,
        Effect::Banner(_) | Effect::Rep(_) => false,
    })
}

/// Speaks the cues for `effects` when there is a voice.
pub(crate) fn speak(voice: Option<&Voice>, plan: &Plan, r: &Runner, effects: &[Effect]) {
    if let Some(v) = voice {
        for cue in cues(plan, r, effects) {
            v.say(&cue);
        }
    }
}

/// The voice, if asked for (a missing speech program was said before the
/// session started, by `session`).
fn start_voice(wanted: bool) -> Option<Voice> {
    wanted.then(Voice::start).flatten()
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
    /// Steps the person set aside ("I can't do this one"), for the caller
    /// to record: the runner writes no file.
    pub set_aside: Vec<usize>,
}

/// Runs a plan on the terminal (or as plain lines) and reports what was done.
pub fn run(
    plan: &Plan,
    lib: &crate::library::Library,
    opts: RunOptions,
) -> crate::error::Result<RunResult> {
    // A test seam: session time that passes only as the loop waits (see
    // `clock::Stepped`), for tests of every cue in order on a busy machine.
    let (monotonic, stepped);
    let clock: &dyn SessionClock = if std::env::var_os("BACKRELIEF_TEST_STEPPED_TIME").is_some() {
        stepped = crate::clock::Stepped::default();
        &stepped
    } else {
        monotonic = crate::clock::Monotonic::new(opts.scale);
        &monotonic
    };
    let signals = crate::term::StopSignals::install()
        .map_err(|e| crate::error::Error::io("installing signal handlers", e))?;
    let voice = start_voice(opts.voice);
    let seams = Seams {
        clock,
        stop: &signals,
        voice: voice.as_ref(),
        bell: opts.bell,
    };
    let begin = clock.now();
    let mut runner = Runner::new(default_timeline(plan, lib), plan.steps.len(), begin);
    let hung_up = if opts.plain {
        let stdout = std::io::stdout();
        // Output errors (a reader gone, a full disk) never stop or restart
        // the run: the writer turns into a sink and the timing goes on.
        let mut out = plain::Lossy::new(stdout.lock());
        let mut view = plain::Lines::new(plan, lib, &runner, &mut out, opts.commands)
            .map_err(|e| crate::error::Error::io("writing the session", e))?;
        drive(plan, &mut runner, &seams, &mut view)
            .map_err(|e| crate::error::Error::io("writing the session", e))?
    } else {
        // A test seam, read once: proves the panic hook restores the terminal.
        let panic = std::env::var_os("BACKRELIEF_TEST_PANIC").is_some();
        let (guard, mut view) = tui::FullScreen::enter(plan, lib, opts.color, panic)?;
        // On a terminal, the first exercise waits for a key: getting down
        // to the floor takes as long as it takes.
        runner.wait_for_start(begin);
        let mut hung_up = drive(plan, &mut runner, &seams, &mut view);
        if let Ok(false) = hung_up {
            if runner.mode() == Mode::Finished && !signals.raised() {
                let stop = || signals.raised();
                hung_up = view.finish_screen(&runner, clock, &stop, opts.streak);
            }
        }
        drop(guard);
        hung_up.map_err(|e| crate::error::Error::io("running the session", e))?
    };
    let mut result = RunResult {
        outcomes: runner.outcomes(),
        interrupted: runner.mode() == Mode::Quit,
        elapsed: clock.now().saturating_sub(begin),
        signalled: runner.hard_stopped(),
        signal: None,
        hung_up,
        set_aside: runner.set_aside(),
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
