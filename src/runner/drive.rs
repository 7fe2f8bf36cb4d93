//! The one runner loop, shared by the full screen and plain mode: it reads
//! the clock, ticks the pure machine, speaks and rings what the machine
//! says, asks the view to show it, and sleeps until the next wake-up the
//! machine names (or a key, a resize, a signal or a hang-up comes first).
//! The views differ only in how they show a moment and read a key.

use super::voice::Voice;
use super::{Bell, Effect, Key, Runner};
use crate::clock::SessionClock;
use crate::planner::Plan;
use crate::term::StopSignals;
use std::io;
use std::time::Duration;

/// The longest real sleep. Signals, keys, resizes and a hang-up end a wait
/// at once (they interrupt `poll(2)`), so this only bounds the rare signal
/// that lands between the check and the wait.
pub const MAX_WAIT: Duration = Duration::from_secs(1);

/// What ended a wait.
#[derive(Debug, PartialEq, Eq)]
pub enum Wake {
    Key(Key),
    /// The wait ran out, or something only the view cares about came (a
    /// resize): nothing for the machine.
    Nothing,
    /// The terminal went away.
    HungUp,
}

/// A way of showing a session and reading its keys.
pub trait View {
    /// Shows the session at `now`, just after `effects`. Called on every
    /// wake-up; a view writes only what changed. Also called once when the
    /// session is over, to close what it shows.
    fn show(&mut self, r: &Runner, now: Duration, effects: &[Effect]) -> io::Result<()>;
    /// Rings the bell, if the view has one.
    fn bell(&mut self) {}
    /// Session time until something the view shows moves that the
    /// machine's own wake-ups (seconds, phases) do not cover: a bar cell.
    fn next_change(&self, _r: &Runner, _now: Duration) -> Option<Duration> {
        None
    }
    /// Waits at most `timeout` (real time) for a key.
    fn wait(&mut self, r: &Runner, timeout: Duration) -> io::Result<Wake>;
    /// True when the terminal the view writes to has gone away (asked after
    /// a failed write, the one place a hang-up is decided).
    fn hung_up(&mut self) -> bool;
}

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

/// How the loop ended.
pub struct Driven {
    pub hung_up: bool,
    pub elapsed: Duration,
}

fn effects_out(plan: &Plan, r: &Runner, seams: &Seams, view: &mut dyn View, effects: &[Effect]) {
    super::speak(seams.voice, plan, r, effects);
    if super::rings(seams.bell, effects) {
        view.bell();
    }
}

/// Runs `runner` to its end (finished, quit, interrupted or hung up).
pub fn drive(
    plan: &Plan,
    runner: &mut Runner,
    seams: &Seams,
    view: &mut dyn View,
) -> io::Result<Driven> {
    let begin = seams.clock.now();
    let mut hung_up = false;
    super::speak(seams.voice, plan, runner, &[Effect::Transition]);
    loop {
        let now = seams.clock.now();
        if seams.stop.raised() || hung_up {
            runner.key(Key::Interrupt, now);
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
        let next = runner.next_wake(now);
        let next = view.next_change(runner, now).map_or(next, |v| v.min(next));
        let wait = seams.clock.real(next).min(MAX_WAIT);
        match view.wait(runner, wait)? {
            Wake::Key(key) => {
                let effects = runner.key(key, seams.clock.now());
                effects_out(plan, runner, seams, view, &effects);
            }
            Wake::HungUp => hung_up = true,
            Wake::Nothing => {}
        }
    }
    Ok(Driven {
        hung_up,
        elapsed: seams.clock.now().saturating_sub(begin),
    })
}
