//! The session as a pure state machine. `Runner` is driven by a clock
//! reading and key presses passed in by the caller, so a whole session can
//! be tested in microseconds; it reads no clock, terminal or file itself.
//!
//! Every segment ends at a deadline computed from the previous deadline,
//! never from "now", so redraws and wake-ups cannot make the timer drift.

use crate::library::{Category, Library, Tempo};
use crate::planner::Plan;
pub use crate::record::{Status, StepOutcome};
use crate::timing::{breath, rep_phase, segments, Breath, RepPhase, Segment, SegmentKind};
use std::time::Duration;

/// How far into a step "back" restarts it rather than going to the previous one.
const BACK_RESTARTS_AFTER: Duration = Duration::from_secs(3);
/// A rest this long or longer shows the plan's lesson card, if it has one.
pub const LESSON_REST_SECONDS: u32 = 20;

/// What `+` and `-` change.
pub const ADJUST: Duration = Duration::from_secs(10);

/// One segment of the flattened session, and the step it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub step: usize,
    pub segment: Segment,
    /// How a rep is timed (move, hold, return); `None` for a sustained hold
    /// and for the waits.
    pub tempo: Option<Tempo>,
    /// A sustained hold done at the breathing pace (breathing, and resting
    /// positions).
    pub paced: bool,
    /// Never headed "HOLD" (a breathing exercise, or a person told never
    /// to hold their breath): a hold says "STAY".
    pub keep_breathing: bool,
    /// A breathing exercise: a rep's move and return are a breath in and out.
    pub breathing: bool,
}

/// The segments of one step's dose; `paced` holds follow the breathing pace.
pub fn step_items(
    step: usize,
    dose: &crate::library::Dose,
    lead_in: u32,
    paced: bool,
) -> Vec<Item> {
    let tempo = dose.rep_tempo();
    segments(dose, lead_in)
        .into_iter()
        .map(|segment| {
            let work = matches!(segment.kind, SegmentKind::Work { .. });
            Item {
                step,
                segment,
                tempo: tempo.filter(|_| work),
                paced: paced && work && tempo.is_none(),
                keep_breathing: false,
                breathing: false,
            }
        })
        .collect()
}

/// Flattens a plan into its timeline; each step's get-ready time is its
/// own (`Step::lead_in`: the change of position before it).
pub fn default_timeline(plan: &Plan, lib: &Library) -> Vec<Item> {
    plan.steps
        .iter()
        .enumerate()
        .flat_map(|(step, s)| {
            // Breathing, and the resting positions of release work, are
            // held at the breathing pace.
            let category = lib.exercise(&s.exercise).map(|e| e.category);
            let paced = matches!(category, Some(Category::Breathing | Category::Release));
            let breathing = category == Some(Category::Breathing);
            let mut items = step_items(step, &s.dose, s.lead_in, paced);
            for it in &mut items {
                it.breathing = breathing;
                it.keep_breathing = breathing || plan.keep_breathing;
            }
            items
        })
        .collect()
}

/// What the person should be doing now: the big banner says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Banner {
    GetReady,
    Hold,
    /// A hold for someone who must keep breathing (a breathing exercise,
    /// or a condition that forbids holding the breath): "STAY".
    Stay,
    /// The move of a rep (lift, roll, reach).
    Lift,
    /// The return of a rep, where it is counted.
    Lower,
    Rest,
    SwitchSides,
    BreatheIn,
    BreatheOut,
    Paused,
    Done,
}

impl Banner {
    /// The banner's words.
    pub fn words(self) -> &'static str {
        match self {
            Banner::GetReady => "GET READY",
            Banner::Hold => "HOLD",
            Banner::Stay => "STAY",
            Banner::Lift => "LIFT",
            Banner::Lower => "LOWER",
            Banner::Rest => "REST",
            Banner::SwitchSides => "SWITCH SIDES",
            Banner::BreatheIn => "BREATHE IN",
            Banner::BreatheOut => "BREATHE OUT",
            Banner::Paused => "PAUSED",
            Banner::Done => "DONE",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    PauseResume,
    Skip,
    Back,
    More,
    Less,
    Quit,
    Yes,
    No,
    Help,
    /// "I can't do this one": the current exercise is set aside (left
    /// out of every later plan, once the session has ended) and the run
    /// goes on with the next one.
    SetAside,
    /// Ctrl+C or a signal: stop now, no questions.
    Interrupt,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Running,
    Paused,
    ConfirmQuit { was_paused: bool },
    Finished,
    Quit,
}

/// Something the terminal side should do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// A new segment began (bell, redraw).
    Transition,
    /// One of the last three seconds of a sustained hold (bell, voice).
    Countdown(u64),
    /// The part of a rep or breath changed within a segment (redraw).
    Banner(Banner),
    /// A rep reached its return: it counts (voice says the number).
    Rep(u32),
    Finished,
}

pub struct Runner {
    items: Vec<Item>,
    steps: usize,
    idx: usize,
    /// Clock reading at which the current segment started (shifted by pauses).
    start: Duration,
    /// Current segment length; `+`/`-` change it.
    length: Duration,
    mode: Mode,
    paused_at: Option<Duration>,
    paused_total: Duration,
    held: Vec<Duration>,
    work_done: Vec<u32>,
    work_total: Vec<u32>,
    left_early: Vec<bool>,
    reached: Vec<bool>,
    last_countdown: Option<u64>,
    /// The rep or breath part last reported, to report each change once.
    last_banner: Option<Banner>,
    pub show_help: bool,
    /// The help paused the session (and hiding it resumes it).
    help_paused: bool,
    /// The last key skipped something: the view says "p: back".
    pub skipped: bool,
    /// The last key set an exercise aside: the view says so, and "p: back".
    pub set_aside_last: bool,
    /// Steps the person said they cannot do (`Control::SetAside`); going
    /// back into one takes it back.
    set_aside: Vec<bool>,
    /// The current rep's tempo, its hold as `+` and `-` left it.
    tempo: Option<Tempo>,
    /// The step `tempo` belongs to.
    tempo_step: Option<usize>,
    /// Seconds `+` and `-` added to the next rep's hold (pressed during a
    /// return).
    next_hold: i64,
    /// The first get-ready waits for a key (on a terminal): the clock
    /// stands still until the person is down on the mat.
    waiting: bool,
    /// Ended by Ctrl+C or a signal rather than by a confirmed quit.
    hard_stop: bool,
}

impl Runner {
    pub fn new(items: Vec<Item>, steps: usize, now: Duration) -> Runner {
        let first = items.first().copied();
        let mut work_total = vec![0; steps];
        for it in &items {
            if matches!(it.segment.kind, SegmentKind::Work { .. }) {
                work_total[it.step] += 1;
            }
        }
        let length = items.first().map_or(Duration::ZERO, |i| {
            Duration::from_secs(u64::from(i.segment.seconds))
        });
        let mut reached = vec![false; steps];
        if let Some(first) = items.first() {
            reached[first.step] = true;
        }
        Runner {
            mode: if items.is_empty() {
                Mode::Finished
            } else {
                Mode::Running
            },
            items,
            steps,
            idx: 0,
            start: now,
            length,
            paused_at: None,
            paused_total: Duration::ZERO,
            held: vec![Duration::ZERO; steps],
            work_done: vec![0; steps],
            work_total,
            left_early: vec![false; steps],
            reached,
            last_countdown: None,
            last_banner: None,
            show_help: false,
            help_paused: false,
            skipped: false,
            set_aside_last: false,
            set_aside: vec![false; steps],
            waiting: false,
            tempo: first.and_then(|i| i.tempo),
            tempo_step: first.map(|i| i.step),
            next_hold: 0,
            hard_stop: false,
        }
    }

    /// Holds the clock at the start until a key (space, skip, back, `+`
    /// or `-`) starts it; the view shows the first get-ready, still.
    pub fn wait_for_start(&mut self, now: Duration) {
        if self.mode == Mode::Running {
            self.mode = Mode::Paused;
            self.paused_at = Some(now);
            self.waiting = true;
        }
    }

    /// The current rep's hold in seconds, as `+` and `-` left it.
    pub fn rep_hold(&self) -> Option<u32> {
        self.current()?.tempo?;
        self.tempo.map(|t| t.hold_s)
    }

    /// The part of the current rep (move, hold, return) at `now`, paused or
    /// not; `None` outside a rep.
    pub fn rep_phase(&self, now: Duration) -> Option<RepPhase> {
        self.current()?.tempo?;
        Some(rep_phase(
            self.tempo?,
            self.elapsed_in_segment(now).as_secs_f64(),
        ))
    }

    /// True while the session waits for its first key.
    pub fn waiting(&self) -> bool {
        self.waiting
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }
    pub fn is_over(&self) -> bool {
        matches!(self.mode, Mode::Finished | Mode::Quit)
    }
    pub fn current(&self) -> Option<&Item> {
        self.items.get(self.idx)
    }
    /// The whole timeline.
    pub fn items(&self) -> &[Item] {
        &self.items
    }
    pub fn upcoming(&self) -> Option<&Item> {
        self.items.get(self.idx + 1)
    }
    pub fn segment_length(&self) -> Duration {
        self.length
    }
    /// The runner's position in the timeline.
    pub fn position(&self) -> usize {
        self.idx
    }
    /// True when Ctrl+C or a signal ended the session.
    pub fn hard_stopped(&self) -> bool {
        self.hard_stop
    }

    /// The clock reading the runner is frozen at, while paused.
    fn effective(&self, now: Duration) -> Duration {
        self.paused_at.unwrap_or(now)
    }

    pub fn elapsed_in_segment(&self, now: Duration) -> Duration {
        self.effective(now)
            .saturating_sub(self.start)
            .min(self.length)
    }

    pub fn remaining(&self, now: Duration) -> Duration {
        self.length
            .saturating_sub(self.effective(now).saturating_sub(self.start))
    }

    /// Time left in the whole session, as planned from here.
    pub fn session_remaining(&self, now: Duration) -> Duration {
        if self.is_over() {
            return Duration::ZERO;
        }
        let later: u64 = self.items[self.idx + 1..]
            .iter()
            .map(|i| u64::from(i.segment.seconds))
            .sum();
        self.remaining(now) + Duration::from_secs(later)
    }

    pub fn session_total(&self) -> Duration {
        Duration::from_secs(
            self.items
                .iter()
                .map(|i| u64::from(i.segment.seconds))
                .sum(),
        )
    }

    /// How long until the machine next changes on its own: the end of
    /// the segment, and with `cues`, the next effect a voice or a
    /// countdown bell follows (a countdown second, a rep's phase, a breath);
    /// `None` while the clock stands still (paused, waiting for a key,
    /// asking before quitting, over): only a key moves it then. What the
    /// views show between these (the clock's seconds, the bars) is theirs
    /// to name ([`View::next_change`]), so plain lines sleep through a hold.
    pub fn next_wake(&self, now: Duration, cues: bool) -> Option<Duration> {
        if self.mode != Mode::Running {
            return None;
        }
        let end = self.remaining(now).max(Duration::from_millis(1));
        if !cues {
            return Some(end);
        }
        // Every effect falls on a whole second of the segment (its length
        // and its tempo are whole seconds): look at each one ahead, as far
        // as an hour.
        let banner = self.banner(now);
        let mut wait = self.next_second(now)?;
        for _ in 0..3600 {
            if wait >= end {
                break;
            }
            let at = now + wait;
            let left = self.remaining(at).as_secs_f64().ceil() as u64;
            if (self.counts_down() && (1..=3).contains(&left)) || self.banner(at) != banner {
                return Some(wait);
            }
            wait += Duration::from_secs(1);
        }
        Some(end.min(wait))
    }

    /// How long until the next whole second of the segment (the clock a
    /// view shows moves then, and nothing it shows moves between two);
    /// `None` while the clock stands still.
    pub fn next_second(&self, now: Duration) -> Option<Duration> {
        if self.mode != Mode::Running {
            return None;
        }
        let r = self.remaining(now);
        let frac = r - Duration::from_secs(r.as_secs());
        Some(if frac.is_zero() {
            Duration::from_secs(1).min(r.max(Duration::from_millis(1)))
        } else {
            frac
        })
    }

    /// Whether the current segment counts its last seconds down (a
    /// sustained hold: a rep is counted instead).
    fn counts_down(&self) -> bool {
        self.current().is_some_and(|item| {
            matches!(
                (item.segment.kind, item.tempo),
                (SegmentKind::Work { rep: None, .. }, None)
            )
        })
    }

    fn finish_segment(&mut self, full: bool, now: Duration) {
        let Some(item) = self.items.get(self.idx).copied() else {
            return;
        };
        if let SegmentKind::Work { .. } = item.segment.kind {
            if full {
                self.held[item.step] += self.length;
                self.work_done[item.step] += 1;
            } else {
                let part = self.elapsed_in_segment(now);
                self.held[item.step] += part;
            }
        }
    }

    fn enter(&mut self, idx: usize, start: Duration) -> Vec<Effect> {
        self.idx = idx;
        self.last_countdown = None;
        self.last_banner = None;
        match self.items.get(idx) {
            Some(item) => {
                let item = *item;
                let carried = self.tempo.is_some() && Some(item.step) == self.tempo_step;
                self.start = start;
                self.length = Duration::from_secs(u64::from(item.segment.seconds));
                self.reached[item.step] = true;
                self.tempo = item.tempo;
                self.tempo_step = Some(item.step);
                // A change asked for during the last rep's return is this one's.
                if let (Some(t), true) = (item.tempo, carried && self.next_hold != 0) {
                    let hold = (i64::from(t.hold_s) + self.next_hold).max(1) as u32;
                    self.set_hold(t, hold);
                }
                self.next_hold = 0;
                vec![Effect::Transition]
            }
            None => {
                self.mode = Mode::Finished;
                self.paused_at = None;
                vec![Effect::Finished]
            }
        }
    }

    /// Advances past every deadline that `now` has reached.
    pub fn tick(&mut self, now: Duration) -> Vec<Effect> {
        let mut effects = Vec::new();
        if self.mode != Mode::Running {
            return effects;
        }
        while self.mode == Mode::Running && now >= self.start + self.length {
            self.finish_segment(true, now);
            let next_start = self.start + self.length;
            effects.extend(self.enter(self.idx + 1, next_start));
        }
        if self.mode == Mode::Running {
            let item = self.items[self.idx];
            // Counting down is for a sustained hold; a rep is counted instead.
            if self.counts_down() {
                let left = self.remaining(now).as_secs_f64().ceil() as u64;
                if (1..=3).contains(&left) && self.last_countdown != Some(left) {
                    self.last_countdown = Some(left);
                    effects.push(Effect::Countdown(left));
                }
            }
            let banner = self.banner(now);
            if self.last_banner != Some(banner) {
                let first = self.last_banner.is_none();
                self.last_banner = Some(banner);
                if !first {
                    effects.push(Effect::Banner(banner));
                }
                if banner == Banner::Lower {
                    if let SegmentKind::Work {
                        rep: Some((r, _)), ..
                    } = item.segment.kind
                    {
                        effects.push(Effect::Rep(r));
                    }
                }
            }
        }
        effects
    }

    /// What the banner says at `now`.
    pub fn banner(&self, now: Duration) -> Banner {
        match self.mode {
            Mode::Finished | Mode::Quit => return Banner::Done,
            Mode::Paused if self.waiting => {}
            Mode::Paused | Mode::ConfirmQuit { .. } => return Banner::Paused,
            Mode::Running => {}
        }
        let Some(item) = self.current() else {
            return Banner::Done;
        };
        let into = self.elapsed_in_segment(now);
        match item.segment.kind {
            SegmentKind::GetReady => Banner::GetReady,
            SegmentKind::SwitchSides => Banner::SwitchSides,
            SegmentKind::Rest => Banner::Rest,
            SegmentKind::Work { .. } => {
                let hold = if item.keep_breathing {
                    Banner::Stay
                } else {
                    Banner::Hold
                };
                match (self.tempo, item.paced) {
                    (Some(t), _) => match (rep_phase(t, into.as_secs_f64()), item.breathing) {
                        (RepPhase::Move, false) => Banner::Lift,
                        (RepPhase::Move, true) => Banner::BreatheIn,
                        (RepPhase::Hold, _) => hold,
                        (RepPhase::Return, false) => Banner::Lower,
                        (RepPhase::Return, true) => Banner::BreatheOut,
                    },
                    (None, true) => match breath(into.as_secs()).0 {
                        Breath::In => Banner::BreatheIn,
                        Breath::Out => Banner::BreatheOut,
                    },
                    (None, false) => hold,
                }
            }
        }
    }

    /// Seconds into the current part of a rep, and that part's length: the
    /// view counts the hold down inside a rep.
    pub fn rep_part(&self, now: Duration) -> Option<(u64, u64)> {
        self.current()?;
        let t = self.tempo?;
        let into = self.elapsed_in_segment(now).as_secs();
        let total = self.length.as_secs();
        let (m, h) = (u64::from(t.move_s), u64::from(t.hold_s));
        Some(match self.banner(now) {
            Banner::Lift | Banner::BreatheIn => (into, m),
            Banner::Hold | Banner::Stay => (into - m, h),
            _ => (into.saturating_sub(m + h), total.saturating_sub(m + h)),
        })
    }

    /// Whether the breathing pace is shown now, and how full the bar is.
    pub fn breathing(&self, now: Duration) -> Option<(Breath, f64)> {
        let item = self.current()?;
        let paced = item.paced || item.segment.kind == SegmentKind::Rest;
        paced.then(|| breath(self.elapsed_in_segment(now).as_secs()))
    }

    /// Time spent in the exercises themselves, over the session.
    pub fn held_total(&self) -> Duration {
        self.held.iter().sum()
    }

    fn first_of_step(&self, step: usize) -> Option<usize> {
        self.items.iter().position(|i| i.step == step)
    }

    /// Restarting or going back to a step does it again from scratch.
    fn reset_step(&mut self, step: usize) {
        self.held[step] = Duration::ZERO;
        self.work_done[step] = 0;
        self.left_early[step] = false;
        self.set_aside[step] = false;
    }

    /// The steps set aside with `Control::SetAside` and not taken back,
    /// in order: the command layer records them after the run.
    pub fn set_aside(&self) -> Vec<usize> {
        (0..self.steps).filter(|&s| self.set_aside[s]).collect()
    }

    pub fn control(&mut self, control: Control, now: Duration) -> Vec<Effect> {
        if self.is_over() {
            return Vec::new();
        }
        if control == Control::Interrupt {
            self.hard_stop = true;
            self.finish_segment(false, now);
            self.left_early_current();
            self.mode = Mode::Quit;
            return Vec::new();
        }
        if let Mode::ConfirmQuit { was_paused } = self.mode {
            match control {
                Control::Yes | Control::Quit => {
                    self.finish_segment(false, now);
                    self.left_early_current();
                    self.mode = Mode::Quit;
                }
                Control::No | Control::PauseResume => {
                    self.mode = Mode::Paused;
                    if !was_paused {
                        self.resume(now);
                    }
                }
                _ => {}
            }
            return Vec::new();
        }
        if self.waiting
            && self.mode == Mode::Paused
            && matches!(
                control,
                Control::PauseResume
                    | Control::Skip
                    | Control::Back
                    | Control::More
                    | Control::Less
                    | Control::SetAside
            )
        {
            // The first key starts the clock; space does only that.
            self.waiting = false;
            self.show_help = false;
            self.resume(now);
            if matches!(control, Control::PauseResume | Control::Back) {
                return Vec::new();
            }
        }
        self.skipped = matches!(control, Control::Skip | Control::SetAside);
        self.set_aside_last = control == Control::SetAside;
        if control != Control::Help {
            self.help_paused = false;
        }
        match control {
            Control::PauseResume => match self.mode {
                Mode::Running => {
                    self.paused_at = Some(now);
                    self.mode = Mode::Paused;
                }
                Mode::Paused => self.resume(now),
                _ => {}
            },
            Control::Quit => {
                let was_paused = self.mode == Mode::Paused;
                if !was_paused {
                    self.paused_at = Some(now);
                }
                self.mode = Mode::ConfirmQuit { was_paused };
            }
            Control::Skip => return self.skip(now),
            Control::SetAside => return self.set_aside_current(now),
            Control::Back => return self.back(now),
            Control::More | Control::Less if self.tempo.is_some() => {
                return self.adjust_hold(control == Control::More, now)
            }
            Control::More => self.length += ADJUST,
            Control::Less => {
                let floor = self.elapsed_in_segment(now);
                self.length = self.length.saturating_sub(ADJUST).max(floor);
                return self.tick(now);
            }
            // Reading the help stops the clock; hiding it carries on, unless
            // the session was already paused when it opened.
            Control::Help => {
                self.show_help = !self.show_help;
                match (self.show_help, self.mode) {
                    (true, Mode::Running) => {
                        self.paused_at = Some(now);
                        self.mode = Mode::Paused;
                        self.help_paused = true;
                    }
                    (false, Mode::Paused) if self.help_paused => {
                        self.help_paused = false;
                        self.resume(now);
                    }
                    _ => {}
                }
            }
            Control::Yes | Control::No | Control::Interrupt => {}
        }
        Vec::new()
    }

    /// `+` or `-` during a rep: its hold changes, never the move or the
    /// return (a lowering stretched to 11 s is no longer the exercise).
    /// During the return this rep's hold is over, so the next rep's
    /// changes. A hold never ends before now, nor goes under a second.
    fn adjust_hold(&mut self, more: bool, now: Duration) -> Vec<Effect> {
        let Some(t) = self.tempo else {
            return Vec::new();
        };
        let step = ADJUST.as_secs() as i64;
        let into = self.elapsed_in_segment(now).as_secs_f64();
        if rep_phase(t, into) == RepPhase::Return {
            self.next_hold += if more { step } else { -step };
            return Vec::new();
        }
        let held = (into - f64::from(t.move_s)).max(0.0).ceil() as u32;
        let hold = if more {
            t.hold_s + ADJUST.as_secs() as u32
        } else {
            t.hold_s
                .saturating_sub(ADJUST.as_secs() as u32)
                .max(held)
                .max(1)
        };
        self.set_hold(t, hold);
        self.tick(now)
    }

    /// The current rep's hold becomes `hold` seconds; its length follows.
    fn set_hold(&mut self, t: Tempo, hold: u32) {
        self.length = self.length + Duration::from_secs(u64::from(hold))
            - Duration::from_secs(u64::from(t.hold_s));
        self.tempo = Some(Tempo { hold_s: hold, ..t });
    }

    fn resume(&mut self, now: Duration) {
        if let Some(at) = self.paused_at.take() {
            let shift = now.saturating_sub(at);
            self.start += shift;
            self.paused_total += shift;
        }
        self.mode = Mode::Running;
    }

    fn left_early_current(&mut self) {
        if let Some(item) = self.current() {
            let step = item.step;
            if self.work_done[step] < self.work_total[step] {
                self.left_early[step] = true;
            }
        }
    }

    /// Skips a wait (get ready, rest, switch) or the rest of the exercise.
    fn skip(&mut self, now: Duration) -> Vec<Effect> {
        let Some(item) = self.current().copied() else {
            return Vec::new();
        };
        let target = match item.segment.kind {
            SegmentKind::Work { .. } => {
                self.finish_segment(false, now);
                self.left_early[item.step] = true;
                self.items
                    .iter()
                    .position(|i| i.step > item.step)
                    .unwrap_or(self.items.len())
            }
            _ => self.idx + 1,
        };
        // Paused, the clock stands at `now` from here: the new part has not begun.
        let at = now;
        let effects = self.enter(target, at);
        if self.paused_at.is_some() && !self.is_over() {
            self.paused_at = Some(now);
        }
        effects
    }

    /// "I can't do this one": the current step (its get-ready, a rest
    /// between its sets, or its work) is set aside and the run goes on at
    /// the next step's start. Nothing is written here: the machine stays
    /// pure, and `set_aside()` says what to record once the run is over.
    fn set_aside_current(&mut self, now: Duration) -> Vec<Effect> {
        let Some(item) = self.current().copied() else {
            return Vec::new();
        };
        if matches!(item.segment.kind, SegmentKind::Work { .. }) {
            self.finish_segment(false, now);
        }
        self.left_early[item.step] = true;
        self.set_aside[item.step] = true;
        let target = self
            .items
            .iter()
            .position(|i| i.step > item.step)
            .unwrap_or(self.items.len());
        // Paused, the clock stands at `now` from here: the new part has not begun.
        let at = now;
        let effects = self.enter(target, at);
        if self.paused_at.is_some() && !self.is_over() {
            self.paused_at = Some(now);
        }
        effects
    }

    /// Restarts the current exercise, or goes to the previous one when the
    /// current one has only just begun.
    fn back(&mut self, now: Duration) -> Vec<Effect> {
        let Some(item) = self.current().copied() else {
            return Vec::new();
        };
        let first = self.first_of_step(item.step).unwrap_or(0);
        let into_step: Duration = self.items[first..self.idx]
            .iter()
            .map(|i| Duration::from_secs(u64::from(i.segment.seconds)))
            .sum::<Duration>()
            + self.elapsed_in_segment(now);
        let step = if into_step < BACK_RESTARTS_AFTER && item.step > 0 {
            item.step - 1
        } else {
            item.step
        };
        self.reset_step(item.step);
        self.reset_step(step);
        let target = self.first_of_step(step).unwrap_or(0);
        // Paused, the clock stands at `now` from here: the new part has not begun.
        let at = now;
        let effects = self.enter(target, at);
        if self.paused_at.is_some() {
            self.paused_at = Some(now);
        }
        effects
    }

    /// What happened to each step, for the summary and history.
    pub fn outcomes(&self) -> Vec<StepOutcome> {
        (0..self.steps)
            .map(|s| {
                let status = if self.work_total[s] > 0 && self.work_done[s] >= self.work_total[s] {
                    Status::Done
                } else if !self.reached[s] {
                    Status::NotReached
                } else if self.held[s] > Duration::ZERO || self.work_done[s] > 0 {
                    Status::CutShort
                } else if self.left_early[s] || self.is_over() {
                    Status::Skipped
                } else {
                    Status::NotReached
                };
                StepOutcome {
                    status,
                    seconds_held: self.held[s].as_secs_f64().round() as u32,
                }
            })
            .collect()
    }
}

/// "Bird-dog, left side, rep 3 of 5: hold 8 s" — one segment in words.
/// The plan's lesson card if `item` is a rest of [`LESSON_REST_SECONDS`]
/// or more (never during the work; the finish screen shows it itself):
/// the one rule every view follows (`lesson_during(plan, runner.current()?)`).
pub fn lesson_during<'p>(plan: &'p Plan, item: &Item) -> Option<&'p crate::planner::LessonCard> {
    let long_rest =
        item.segment.kind == SegmentKind::Rest && item.segment.seconds >= LESSON_REST_SECONDS;
    plan.lesson.as_ref().filter(|_| long_rest)
}

pub fn label(plan: &Plan, item: &Item) -> String {
    let step = &plan.steps[item.step];
    let secs = item.segment.seconds;
    match item.segment.kind {
        SegmentKind::GetReady => format!("Get ready: {} ({secs} s)", step.name),
        SegmentKind::SwitchSides => format!("Switch sides ({secs} s)"),
        SegmentKind::Rest => format!("Rest ({secs} s)"),
        SegmentKind::Work {
            side,
            set,
            sets,
            rep,
        } => {
            let mut s = step.name.clone();
            if let Some(side) = side {
                s.push_str(&format!(", {} side", side.as_str()));
            }
            if sets > 1 {
                s.push_str(&format!(", set {set} of {sets}"));
            }
            match rep {
                Some((r, n)) if step.dose.hold.is_some() => s.push_str(&format!(
                    ", rep {r} of {n}: hold {} s",
                    step.dose.hold.unwrap_or(0)
                )),
                Some((r, n)) => s.push_str(&format!(", rep {r} of {n} ({secs} s)")),
                None => s.push_str(&format!(": hold {}", crate::layout::duration(secs))),
            }
            s
        }
    }
}

/// A small count in words, as a voice should say it.
fn spoken_number(n: u64) -> String {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    WORDS
        .get(n as usize)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// What a voice says for `effects`, in order: what starts ("Get ready:
/// Bird-dog", "switch sides", "rest", "last set", the side, "hold",
/// "breathe in"), during the last rest of an exercise what follows it,
/// then the count ("three", "two", "one" at the end of a hold; the rep's
/// number on its return), a rep's "hold", the breath's "breathe in" and
/// "breathe out" (never over the last three seconds' count), and "done".
pub fn cues(plan: &Plan, r: &Runner, effects: &[Effect]) -> Vec<String> {
    let mut out = Vec::new();
    if effects.contains(&Effect::Transition) {
        if let Some(item) = r.current() {
            starting_cues(plan, r, item, &mut out);
        }
    }
    for e in effects {
        match *e {
            Effect::Countdown(n) => out.push(spoken_number(n)),
            Effect::Rep(n) => out.push(spoken_number(u64::from(n))),
            Effect::Finished => out.push("done".to_string()),
            Effect::Banner(Banner::Hold) => out.push("hold".to_string()),
            Effect::Banner(Banner::Stay) => out.push("stay, and keep breathing".to_string()),
            Effect::Banner(b @ (Banner::BreatheIn | Banner::BreatheOut))
                if r.last_countdown.is_none() =>
            {
                out.push(b.words().to_lowercase());
            }
            Effect::Transition | Effect::Banner(_) => {}
        }
    }
    out
}

/// What is said as `item` starts.
fn starting_cues(plan: &Plan, r: &Runner, item: &Item, out: &mut Vec<String>) {
    let name = |step: usize| crate::layout::sanitise(&plan.steps[step].name).into_owned();
    let later = &r.items()[r.position() + 1..];
    match item.segment.kind {
        SegmentKind::GetReady => out.push(format!("Get ready: {}", name(item.step))),
        SegmentKind::SwitchSides => out.push("switch sides".to_string()),
        SegmentKind::Rest => {
            out.push("rest".to_string());
            // The last rest of an exercise: what comes after it.
            let step_left = later.iter().take_while(|i| i.step == item.step);
            if !step_left
                .clone()
                .any(|i| i.segment.kind == SegmentKind::Rest)
            {
                match later.iter().find(|i| i.step != item.step) {
                    Some(next) => out.push(format!("after this set: {}", name(next.step))),
                    None => out.push("this is the last exercise".to_string()),
                }
            }
        }
        SegmentKind::Work {
            side,
            set,
            sets,
            rep,
        } => {
            let first_of_set = rep.is_none_or(|(n, _)| n == 1)
                && side.is_none_or(|s| s == crate::timing::Side::Left);
            if sets > 1 && set == sets && first_of_set {
                out.push("last set".to_string());
            }
            // The side, when it changes.
            let before = r
                .position()
                .checked_sub(1)
                .map(|i| r.items()[i].segment.kind);
            let same_side = matches!(before, Some(SegmentKind::Work { side: s, .. }) if s == side);
            if let (Some(s), false) = (side, same_side) {
                out.push(format!("{} side", s.as_str()));
            }
            match (item.tempo, item.paced) {
                (None, false) if rep.is_none() => out.push("hold".to_string()),
                (None, true) => out.push("breathe in".to_string()),
                _ => {}
            }
        }
    }
}

/// What ended a wait.
#[derive(Debug, PartialEq, Eq)]
pub enum Wake {
    Control(Control),
    /// The wait ran out, or something only the view cares about came (a
    /// resize): nothing for the machine.
    Nothing,
    /// The terminal went away.
    HungUp,
}

/// A way of showing a session and reading its keys: the full screen and
/// plain lines (`runner::tui`, `runner::plain`) are views of this machine,
/// driven by one loop (`runner::drive`). The trait only names what a view
/// does; the views do the input and output.
pub trait View {
    /// Shows the session at `now`, just after `effects`. Called on every
    /// wake-up; a view writes only what changed. Also called once when the
    /// session is over, to close what it shows.
    fn show(&mut self, r: &Runner, now: Duration, effects: &[Effect]) -> std::io::Result<()>;
    /// Rings the bell, if the view has one.
    fn bell(&mut self) {}
    /// Session time until something the view shows moves by itself
    /// (the clock's next second, say); the machine's own wake-ups (the end
    /// of a segment, cues) come anyway. `None`: nothing of the view's.
    fn next_change(&self, _r: &Runner, _now: Duration) -> Option<Duration> {
        None
    }
    /// Waits at most `timeout` (real time) for a key.
    fn wait(&mut self, r: &Runner, timeout: Duration) -> std::io::Result<Wake>;
    /// True when the terminal the view writes to has gone away (asked after
    /// a failed write, the one place a hang-up is decided).
    fn hung_up(&mut self) -> bool;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Dose;
    use crate::timing::Side;

    fn s(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    fn dose(hold: Option<u32>, reps: Option<u32>, sets: u32, per_side: bool, rest: u32) -> Dose {
        Dose {
            hold,
            reps,
            sets,
            per_side,
            rest,
            pyramid: 0,
            tempo: None,
            alternating: false,
        }
    }

    fn items(doses: &[Dose]) -> Vec<Item> {
        doses
            .iter()
            .enumerate()
            .flat_map(|(step, d)| step_items(step, d, 5, false))
            .collect()
    }

    /// Runs to the end with a fake clock, waking exactly when asked to.
    fn run_out(r: &mut Runner, mut now: Duration) -> Duration {
        let mut guard = 0;
        while !r.is_over() {
            now += r.next_wake(now, true).expect("running");
            r.tick(now);
            guard += 1;
            assert!(guard < 100_000, "runner never finished");
        }
        now
    }

    #[test]
    fn a_whole_session_takes_exactly_its_planned_time() {
        let doses = [
            dose(Some(30), None, 2, true, 10),
            dose(Some(8), Some(5), 2, true, 20),
            dose(None, Some(10), 1, false, 0),
        ];
        let it = items(&doses);
        let planned: u64 = it.iter().map(|i| u64::from(i.segment.seconds)).sum();
        let mut r = Runner::new(it, 3, s(100));
        let end = run_out(&mut r, s(100));
        assert_eq!(end - s(100), s(planned));
        assert_eq!(r.mode(), Mode::Finished);
        let out = r.outcomes();
        assert!(out.iter().all(|o| o.status == Status::Done));
        assert_eq!(out[0].seconds_held, 4 * 30);
        // A rep's time is its whole tempo: 2 s up, the 8 s hold, 2 s down.
        assert_eq!(out[1].seconds_held, 2 * 2 * 5 * (2 + 8 + 2));
    }

    #[test]
    fn sides_sets_and_rests_come_in_order_with_countdown_bells() {
        let it = items(&[dose(Some(10), None, 2, true, 15)]);
        let mut r = Runner::new(it, 1, s(0));
        let mut seen = Vec::new();
        let mut bells = 0;
        let mut now = s(0);
        while !r.is_over() {
            if let Some(i) = r.current() {
                let label = match i.segment.kind {
                    SegmentKind::GetReady => "ready".to_string(),
                    SegmentKind::Work {
                        side: Some(Side::Left),
                        set,
                        ..
                    } => format!("L{set}"),
                    SegmentKind::Work {
                        side: Some(Side::Right),
                        set,
                        ..
                    } => format!("R{set}"),
                    SegmentKind::Work { side: None, .. } => "work".to_string(),
                    SegmentKind::SwitchSides => "switch".to_string(),
                    SegmentKind::Rest => "rest".to_string(),
                };
                if seen.last() != Some(&label) {
                    seen.push(label);
                }
            }
            now += r.next_wake(now, true).expect("running");
            bells += r
                .tick(now)
                .iter()
                .filter(|e| matches!(e, Effect::Countdown(_)))
                .count();
        }
        assert_eq!(
            seen,
            ["ready", "L1", "switch", "R1", "rest", "L2", "switch", "R2"]
        );
        assert_eq!(bells, 4 * 3, "three countdown bells per hold");
    }

    #[test]
    fn pause_stops_the_clock_exactly() {
        let it = items(&[dose(Some(30), None, 1, false, 0)]);
        let mut r = Runner::new(it, 1, s(0));
        r.tick(s(10));
        r.control(Control::PauseResume, s(10));
        assert_eq!(r.mode(), Mode::Paused);
        let before = r.session_remaining(s(10));
        r.tick(s(500));
        assert_eq!(r.session_remaining(s(500)), before);
        r.control(Control::PauseResume, s(500));
        assert_eq!(r.paused_total, s(490));
        let end = run_out(&mut r, s(500));
        assert_eq!(end, s(35 + 490));
    }

    /// Wake-ups to run `r` out when each wait is the one the machine names
    /// (with `cues` or without), and whether no effect came late.
    fn wakes(r: &mut Runner, cues: bool) -> (usize, Vec<Effect>) {
        let (mut now, mut n, mut effects) = (s(0), 0, Vec::new());
        while let Some(wait) = r.next_wake(now, cues) {
            now += wait;
            n += 1;
            effects.extend(r.tick(now));
            assert!(n < 100_000, "never finished");
        }
        (n, effects)
    }

    #[test]
    fn the_machine_wakes_only_when_it_changes_and_never_while_still() {
        // A 5-s get ready, then a one-minute hold: without cues (plain
        // lines, no voice, no countdown bell) a wake-up a segment.
        let hold = || items(&[dose(Some(60), None, 1, false, 0)]);
        let (n, effects) = wakes(&mut Runner::new(hold(), 1, s(0)), false);
        assert_eq!(n, 2, "{effects:?}");
        // With cues: the countdown's three seconds too, each on time.
        let (n, effects) = wakes(&mut Runner::new(hold(), 1, s(0)), true);
        assert_eq!(n, 2 + 3);
        let counted: Vec<_> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::Countdown(k) => Some(*k),
                _ => None,
            })
            .collect();
        assert_eq!(counted, [3, 2, 1]);
        // Two reps at 2-5-3: each phase change is a wake-up, each rep counted.
        let d = Dose {
            tempo: Some(Tempo::from([2, 5, 3])),
            ..dose(Some(5), Some(2), 1, false, 0)
        };
        let (n, effects) = wakes(&mut Runner::new(items(&[d]), 1, s(0)), true);
        let reps = effects
            .iter()
            .filter(|e| matches!(e, Effect::Rep(_)))
            .count();
        assert_eq!(reps, 2);
        assert!(n <= 1 + 2 * 3, "{n} wake-ups for two reps");
        // Paused, or waiting for the first key, nothing moves by itself.
        let mut r = Runner::new(hold(), 1, s(0));
        r.control(Control::PauseResume, s(1));
        assert_eq!(r.next_wake(s(1), true), None);
        assert_eq!(r.next_second(s(1)), None);
        let mut r = Runner::new(hold(), 1, s(0));
        r.wait_for_start(s(0));
        assert_eq!(r.next_wake(s(0), false), None);
        // A view showing the clock wakes at each of its seconds.
        let r = Runner::new(hold(), 1, s(0));
        assert_eq!(
            r.next_second(Duration::from_millis(300)),
            Some(Duration::from_millis(700))
        );
    }

    #[test]
    fn setting_aside_skips_to_the_next_exercise_and_back_takes_it_back() {
        let it = items(&[
            dose(Some(20), None, 2, false, 10),
            dose(Some(20), None, 1, false, 0),
            dose(Some(20), None, 1, false, 0),
        ]);
        let mut r = Runner::new(it, 3, s(0));
        // Before the first key: it starts the clock and sets the first aside.
        r.wait_for_start(s(0));
        r.control(Control::SetAside, s(2));
        assert_eq!(r.mode(), Mode::Running);
        assert_eq!(r.current().unwrap().step, 1);
        assert_eq!(r.current().unwrap().segment.kind, SegmentKind::GetReady);
        assert!(r.skipped && r.set_aside_last);
        assert_eq!(r.set_aside(), [0]);
        // Back at the start of the next step takes it back.
        r.control(Control::Back, s(3));
        assert_eq!(r.current().unwrap().step, 0);
        assert!(r.set_aside().is_empty());
        assert!(!r.set_aside_last);
        // During the work of the second exercise: what was held counts.
        r.control(Control::Skip, s(3));
        r.control(Control::Skip, s(3));
        assert_eq!(r.current().unwrap().step, 1);
        r.control(Control::Skip, s(3));
        r.tick(s(10));
        assert!(matches!(
            r.current().unwrap().segment.kind,
            SegmentKind::Work { .. }
        ));
        r.control(Control::SetAside, s(10));
        assert_eq!(r.current().unwrap().step, 2);
        assert_eq!(r.set_aside(), [1]);
        // Another key clears the notice, never the setting aside.
        r.control(Control::PauseResume, s(11));
        r.control(Control::PauseResume, s(11));
        assert!(!r.set_aside_last && !r.skipped);
        run_out(&mut r, s(11));
        assert_eq!(r.set_aside(), [1]);
        let out = r.outcomes();
        assert_eq!(out[0].status, Status::Skipped);
        assert_eq!(
            out[1],
            StepOutcome {
                status: Status::CutShort,
                seconds_held: 7
            }
        );
        assert_eq!(out[2].status, Status::Done);
        // Paused, it stays paused at the next step's start.
        let mut r = Runner::new(items(&[dose(Some(20), None, 1, false, 0); 2]), 2, s(0));
        r.control(Control::PauseResume, s(1));
        r.control(Control::SetAside, s(4));
        assert_eq!(r.mode(), Mode::Paused);
        assert_eq!(r.current().unwrap().step, 1);
        assert_eq!(r.remaining(s(50)), s(5));
        // On the last exercise the session is over.
        r.control(Control::PauseResume, s(50));
        r.control(Control::SetAside, s(51));
        assert_eq!(r.mode(), Mode::Finished);
        assert_eq!(r.set_aside(), [0, 1]);
    }

    /// Paused for a while, a skip or a back starts the next part whole: the
    /// time paused before the key never counts against it.
    #[test]
    fn a_key_while_paused_starts_the_next_part_whole() {
        for (key, whole) in [
            (Control::Skip, 20),
            (Control::SetAside, 5),
            (Control::Back, 5),
        ] {
            let it = items(&[dose(Some(20), None, 1, false, 0); 3]);
            let mut r = Runner::new(it, 3, s(0));
            r.control(Control::Skip, s(0));
            r.control(Control::Skip, s(0));
            r.control(Control::PauseResume, s(1));
            r.control(key, s(40));
            assert_eq!(r.mode(), Mode::Paused, "{key:?}");
            assert_eq!(r.remaining(s(90)), s(whole), "{key:?}");
        }
    }

    #[test]
    fn skip_skips_a_wait_or_the_rest_of_an_exercise() {
        let it = items(&[
            dose(Some(20), None, 2, false, 10),
            dose(Some(20), None, 1, false, 0),
        ]);
        let mut r = Runner::new(it, 2, s(0));
        r.control(Control::Skip, s(1)); // skips "get ready"
        assert!(matches!(
            r.current().unwrap().segment.kind,
            SegmentKind::Work { set: 1, .. }
        ));
        r.tick(s(8));
        r.control(Control::Skip, s(8)); // skips the rest of exercise 1
        assert_eq!(r.current().unwrap().step, 1);
        assert_eq!(r.current().unwrap().segment.kind, SegmentKind::GetReady);
        run_out(&mut r, s(8));
        let out = r.outcomes();
        assert_eq!(
            out[0],
            StepOutcome {
                status: Status::CutShort,
                seconds_held: 7
            }
        );
        assert_eq!(out[1].status, Status::Done);
    }

    #[test]
    fn back_restarts_or_goes_to_the_previous_exercise() {
        let it = items(&[
            dose(Some(20), None, 1, false, 0),
            dose(Some(20), None, 1, false, 0),
        ]);
        let mut r = Runner::new(it, 2, s(0));
        r.tick(s(26)); // into step 2's get-ready by 1 s
        assert_eq!(r.current().unwrap().step, 1);
        r.control(Control::Back, s(26));
        assert_eq!(
            r.current().unwrap().step,
            0,
            "just begun: back goes to the previous"
        );
        assert_eq!(r.outcomes()[0].seconds_held, 0, "redone from scratch");
        r.tick(s(36));
        r.control(Control::Back, s(36));
        assert_eq!(r.current().unwrap().step, 0);
        assert_eq!(
            r.current().unwrap().segment.kind,
            SegmentKind::GetReady,
            "restarted"
        );
        let end = run_out(&mut r, s(36));
        assert_eq!(end, s(36 + 50));
    }

    #[test]
    fn plus_and_minus_change_the_current_hold() {
        let it = items(&[dose(Some(30), None, 1, false, 0)]);
        let mut r = Runner::new(it, 1, s(0));
        r.tick(s(6));
        r.control(Control::More, s(6));
        assert_eq!(r.remaining(s(6)), s(39));
        r.control(Control::Less, s(6));
        r.control(Control::Less, s(6));
        assert_eq!(r.remaining(s(6)), s(19));
        for _ in 0..5 {
            r.control(Control::Less, s(6));
        }
        assert!(r.remaining(s(6)).is_zero() || r.current().is_none());
        run_out(&mut r, s(6));
        assert_eq!(r.outcomes()[0].seconds_held, 1);
    }

    #[test]
    fn quit_asks_first_and_keeps_what_was_done() {
        let it = items(&[
            dose(Some(30), None, 1, false, 0),
            dose(Some(30), None, 1, false, 0),
        ]);
        let mut r = Runner::new(it, 2, s(0));
        r.tick(s(15));
        r.control(Control::Quit, s(15));
        assert!(matches!(r.mode(), Mode::ConfirmQuit { was_paused: false }));
        r.tick(s(60));
        r.control(Control::No, s(60));
        assert_eq!(r.mode(), Mode::Running);
        assert_eq!(
            r.remaining(s(60)),
            s(20),
            "the clock stood still while asking"
        );
        r.control(Control::Quit, s(61));
        r.control(Control::Yes, s(62));
        assert_eq!(r.mode(), Mode::Quit);
        let out = r.outcomes();
        assert_eq!(
            out[0],
            StepOutcome {
                status: Status::CutShort,
                seconds_held: 11
            }
        );
        assert_eq!(out[1].status, Status::NotReached);
    }

    #[test]
    fn interrupt_stops_at_once() {
        let it = items(&[dose(Some(30), None, 1, false, 0)]);
        let mut r = Runner::new(it, 1, s(0));
        r.tick(s(3));
        r.control(Control::Interrupt, s(3));
        assert!(r.is_over());
        assert_eq!(r.outcomes()[0].status, Status::Skipped);
    }

    #[test]
    fn reps_are_counted_one_by_one() {
        let it = items(&[dose(Some(5), Some(3), 1, false, 0)]);
        let reps: Vec<(u32, u32)> = it
            .iter()
            .filter_map(|i| match i.segment.kind {
                SegmentKind::Work { rep, .. } => rep,
                _ => None,
            })
            .collect();
        assert_eq!(reps, [(1, 3), (2, 3), (3, 3)]);
    }

    /// The banner at each second of a session, with every effect seen.
    fn banners_by_second(r: &mut Runner) -> (Vec<Banner>, Vec<Effect>) {
        let (mut phases, mut effects) = (Vec::new(), Vec::new());
        let mut now = s(0);
        effects.extend(r.tick(now));
        while !r.is_over() {
            phases.push(r.banner(now));
            let next = now + s(1);
            while now < next && !r.is_over() {
                now += r.next_wake(now, true).expect("running").min(next - now);
                effects.extend(r.tick(now));
            }
        }
        (phases, effects)
    }

    #[test]
    fn a_rep_lifts_holds_and_lowers_at_its_tempo_and_counts_on_the_return() {
        let d = Dose {
            tempo: Some(Tempo::from([2, 5, 3])),
            ..dose(Some(5), Some(2), 1, false, 0)
        };
        let mut r = Runner::new(items(&[d]), 1, s(0));
        let (phases, effects) = banners_by_second(&mut r);
        use Banner::*;
        let one_rep = [
            Lift, Lift, Hold, Hold, Hold, Hold, Hold, Lower, Lower, Lower,
        ];
        let mut want = vec![GetReady; 5];
        want.extend(one_rep);
        want.extend(one_rep);
        assert_eq!(phases, want);
        let reps: Vec<Effect> = effects
            .iter()
            .copied()
            .filter(|e| matches!(e, Effect::Rep(_)))
            .collect();
        assert_eq!(reps, [Effect::Rep(1), Effect::Rep(2)]);
        assert!(
            !effects.iter().any(|e| matches!(e, Effect::Countdown(_))),
            "reps are counted, not counted down: {effects:?}"
        );
        assert_eq!(r.outcomes()[0].seconds_held, 20);
    }

    #[test]
    fn alternating_reps_go_side_to_side_one_count_each() {
        let d = Dose {
            alternating: true,
            tempo: Some(Tempo::from([1, 2, 1])),
            ..dose(Some(2), Some(4), 1, false, 0)
        };
        let it = items(&[d]);
        let mut r = Runner::new(it.clone(), 1, s(0));
        let (_, effects) = banners_by_second(&mut r);
        let counted: Vec<u32> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::Rep(n) => Some(*n),
                _ => None,
            })
            .collect();
        assert_eq!(counted, [1, 2, 3, 4], "a rep per side");
        let sides: Vec<&str> = it
            .iter()
            .filter_map(|i| match i.segment.kind {
                SegmentKind::Work { side: Some(s), .. } => Some(s.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(sides, ["left", "right", "left", "right"]);
        assert_eq!(r.outcomes()[0].status, Status::Done);
    }

    /// Every banner of a whole run of `ids` (each at its library dose)
    /// for a person with `conditions`.
    fn run_banners(ids: &[&str], conditions: &[&str]) -> Vec<Banner> {
        let lib = crate::store::library::builtin_library();
        let answers = crate::assess::Answers {
            conditions: conditions.iter().map(|c| c.to_string()).collect(),
            ..crate::assess::Answers::default()
        };
        let list: Vec<(String, Option<Dose>)> = ids.iter().map(|i| (i.to_string(), None)).collect();
        let plan = crate::planner::plan_from_list(
            &lib,
            &list,
            &answers,
            &[],
            chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            crate::planner::Source::Chosen,
        );
        assert_eq!(plan.steps.len(), ids.len(), "{:?}", plan.left_out);
        let items = default_timeline(&plan, &lib);
        let mut r = Runner::new(items, plan.steps.len(), s(0));
        banners_by_second(&mut r).0
    }

    #[test]
    fn a_lesson_shows_only_during_rests_of_twenty_seconds_or_more() {
        let lib = crate::store::library::builtin_library();
        let mut plan = crate::planner::plan_from_list(
            &lib,
            &[
                (
                    "glute-bridge".to_string(),
                    Some(dose(Some(5), Some(2), 2, false, 30)),
                ),
                (
                    "pelvic-tilt".to_string(),
                    Some(dose(Some(5), Some(2), 2, false, 10)),
                ),
            ],
            &crate::assess::Answers::default(),
            &[],
            chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            crate::planner::Source::Chosen,
        );
        let items = default_timeline(&plan, &lib);
        let shown = |plan: &Plan| -> Vec<(SegmentKind, u32)> {
            items
                .iter()
                .filter(|i| lesson_during(plan, i).is_some())
                .map(|i| (i.segment.kind, i.segment.seconds))
                .collect()
        };
        assert!(shown(&plan).is_empty(), "no card, nothing shown");
        plan.lesson = Some(crate::lessons::for_plan(&lib, &lib.lessons[0]));
        // The 30 s rest between the bridge's sets, never the 10 s one or the work.
        assert_eq!(shown(&plan), [(SegmentKind::Rest, 30)]);
    }

    #[test]
    fn no_hold_is_headed_hold_for_breathing_or_for_someone_told_to_keep_breathing() {
        use Banner::*;
        // A breathing exercise follows the breath; a rep with a pause at
        // the top (glute bridge) and a held stretch (knee to chest) say
        // HOLD for most people...
        let ids = ["diaphragmatic-breathing", "glute-bridge", "knee-to-chest"];
        let usual = run_banners(&ids, &[]);
        assert!(usual.contains(&Hold) && usual.contains(&BreatheIn));
        assert!(!usual.contains(&Stay));
        // ...and STAY, never HOLD, for someone told never to hold their
        // breath (high blood pressure rules out the breath-holding effort).
        let careful = run_banners(&ids, &["high-blood-pressure"]);
        assert!(careful.contains(&Stay) && careful.contains(&BreatheIn));
        assert!(!careful.contains(&Hold), "{careful:?}");
        assert_eq!(Stay.words(), "STAY");
        // A breathing exercise done in reps breathes in and out, never lifts.
        let lib = crate::store::library::builtin_library();
        let breathing = lib.exercise("seated-breathing").unwrap();
        let mut plan = crate::planner::plan_from_list(
            &lib,
            &[(
                breathing.id.to_string(),
                Some(Dose {
                    hold: None,
                    reps: Some(3),
                    tempo: Some(Tempo::from([4, 2, 6])),
                    ..breathing.dose
                }),
            )],
            &crate::assess::Answers {
                equipment: vec!["chair".into()],
                ..crate::assess::Answers::default()
            },
            &[],
            chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            crate::planner::Source::Chosen,
        );
        assert_eq!(plan.steps.len(), 1, "{:?}", plan.left_out);
        plan.keep_breathing = false;
        let mut r = Runner::new(default_timeline(&plan, &lib), 1, s(0));
        let phases = banners_by_second(&mut r).0;
        assert!(
            phases.contains(&BreatheIn) && phases.contains(&BreatheOut) && phases.contains(&Stay),
            "{phases:?}"
        );
        assert!(
            !phases.iter().any(|b| matches!(b, Hold | Lift | Lower)),
            "{phases:?}"
        );
    }

    #[test]
    fn breathing_holds_and_rests_follow_the_breathing_pace() {
        let d = dose(Some(20), None, 2, false, 10);
        let it: Vec<Item> = step_items(0, &d, 5, true);
        let mut r = Runner::new(it, 1, s(0));
        let (phases, effects) = banners_by_second(&mut r);
        use Banner::*;
        let mut breath = vec![BreatheIn; 4];
        breath.extend([BreatheOut; 6]);
        let mut want = vec![GetReady; 5];
        want.extend(breath.iter().chain(&breath));
        want.extend([Rest; 10]);
        want.extend(breath.iter().chain(&breath));
        assert_eq!(phases, want);
        assert!(effects.contains(&Effect::Banner(BreatheOut)));
        // The pace bar shows in a rest too, filling then emptying.
        let mut r = Runner::new(step_items(0, &d, 5, true), 1, s(0));
        r.tick(s(25));
        assert_eq!(r.banner(s(25)), Rest);
        let fill: Vec<f64> = (25..35).map(|t| r.breathing(s(t)).unwrap().1).collect();
        assert_eq!(fill[3], 1.0);
        assert_eq!(fill[9], 0.0);
        // A hold that is not paced shows none.
        let mut plain = Runner::new(items(&[dose(Some(20), None, 1, false, 0)]), 1, s(0));
        plain.tick(s(6));
        assert_eq!(plain.banner(s(6)), Hold);
        assert!(plain.breathing(s(6)).is_none());
    }

    #[test]
    fn pause_and_the_end_have_their_own_banner() {
        let mut r = Runner::new(items(&[dose(Some(10), None, 1, false, 0)]), 1, s(0));
        r.tick(s(6));
        r.control(Control::PauseResume, s(6));
        assert_eq!(r.banner(s(7)), Banner::Paused);
        r.control(Control::Quit, s(7));
        assert_eq!(
            r.banner(s(7)),
            Banner::Paused,
            "asking to quit stops the clock"
        );
        r.control(Control::No, s(8));
        r.control(Control::PauseResume, s(8));
        run_out(&mut r, s(8));
        assert_eq!(r.banner(s(100)), Banner::Done);
        assert_eq!(r.held_total(), s(10));
    }

    #[test]
    fn help_pauses_and_hiding_it_carries_on() {
        let mut r = Runner::new(items(&[dose(Some(30), None, 1, false, 0)]), 1, s(0));
        r.tick(s(10));
        r.control(Control::Help, s(10));
        assert_eq!(r.mode(), Mode::Paused);
        assert_eq!(r.remaining(s(50)), s(25), "the clock stood still");
        r.control(Control::Help, s(50));
        assert_eq!(r.mode(), Mode::Running);
        assert_eq!(r.remaining(s(51)), s(24));
        // Opened while paused, closing it leaves the pause alone.
        r.control(Control::PauseResume, s(51));
        r.control(Control::Help, s(52));
        r.control(Control::Help, s(53));
        assert_eq!(r.mode(), Mode::Paused);
        r.control(Control::Skip, s(53));
        assert!(r.skipped, "the view can say p goes back");
    }

    #[test]
    fn plus_and_minus_during_a_rep_change_its_hold_never_the_lowering() {
        // After 5 s to get ready: 2 s up, an 8 s hold, 2 s down; two reps.
        let mut r = Runner::new(items(&[dose(Some(8), Some(2), 1, false, 0)]), 1, s(0));
        r.tick(s(6));
        assert_eq!(r.banner(s(6)), Banner::Lift);
        r.control(Control::More, s(6));
        assert_eq!(r.segment_length(), s(22), "an 18 s hold");
        assert_eq!(r.banner(s(24)), Banner::Hold);
        assert_eq!(r.banner(s(25)), Banner::Lower);
        assert_eq!(r.rep_part(s(25)), Some((0, 2)), "lowering still 2 s");
        // During the hold `-` shortens it, never below what was held.
        r.control(Control::Less, s(10));
        assert_eq!(r.segment_length(), s(12), "an 8 s hold");
        r.control(Control::Less, s(10));
        assert_eq!(r.banner(s(10)), Banner::Lower, "held 3 s: ends now");
        assert_eq!(r.rep_part(s(10)), Some((0, 2)));
        // During the return it is the next rep's hold.
        r.control(Control::More, s(11));
        assert_eq!(r.segment_length(), s(7), "this rep unchanged");
        r.tick(s(12));
        assert_eq!(r.segment_length(), s(22), "the next rep holds 18 s");
        assert_eq!(r.rep_part(s(14)), Some((0, 18)));
    }

    #[test]
    fn the_first_get_ready_waits_for_a_key() {
        let mut r = Runner::new(items(&[dose(Some(30), None, 1, false, 0)]), 1, s(0));
        r.wait_for_start(s(0));
        assert!(r.waiting());
        assert_eq!(r.banner(s(40)), Banner::GetReady, "get ready, not paused");
        assert!(r.tick(s(40)).is_empty());
        assert_eq!(r.remaining(s(40)), s(5), "the clock stood still");
        // Quitting asks; "no" goes back to waiting.
        r.control(Control::Quit, s(41));
        assert_eq!(r.banner(s(41)), Banner::Paused);
        r.control(Control::No, s(42));
        assert!(r.waiting());
        assert_eq!(r.remaining(s(43)), s(5));
        r.control(Control::PauseResume, s(50));
        assert!(!r.waiting());
        assert_eq!(r.mode(), Mode::Running);
        assert_eq!(r.remaining(s(52)), s(3), "counts from the control");
        // Skip as the first key starts and skips the wait.
        let mut r = Runner::new(items(&[dose(Some(30), None, 1, false, 0)]), 1, s(0));
        r.wait_for_start(s(0));
        r.control(Control::Skip, s(9));
        assert_eq!(r.mode(), Mode::Running);
        assert_eq!(r.banner(s(9)), Banner::Hold);
        assert_eq!(r.remaining(s(10)), s(29));
    }

    #[test]
    fn the_voice_says_what_starts_then_counts_and_done() {
        let lib = crate::store::library::builtin_library();
        let plan = crate::planner::plan(&crate::planner::Request {
            lib: &lib,
            answers: &crate::assess::Answers {
                pain: 3,
                minutes: 5,
                ..Default::default()
            },
            opt_in: &[],
            history: &[],
            flares: &[],
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            program: Some("desk-worker-reset"),
        })
        .unwrap();
        let mut r = Runner::new(default_timeline(&plan, &lib), plan.steps.len(), s(0));
        let mut said = cues(&plan, &r, &[Effect::Transition]);
        let mut now = s(0);
        while !r.is_over() {
            now += r.next_wake(now, true).expect("running");
            let effects = r.tick(now);
            said.extend(cues(&plan, &r, &effects));
        }
        assert_eq!(said[0], format!("Get ready: {}", plan.steps[0].name));
        assert_eq!(said.last().map(String::as_str), Some("done"));
        let gets_ready = said.iter().filter(|c| c.starts_with("Get ready: ")).count();
        assert_eq!(gets_ready, plan.steps.len(), "{said:?}");
        // Each sustained hold ends "three", "two", "one", in that order.
        let holds: usize = plan
            .steps
            .iter()
            .map(|st| {
                let work = segments(&st.dose, 0).len() as u32
                    - st.dose.sets.saturating_sub(1) * u32::from(st.dose.rest > 0)
                    - st.dose.sets * (crate::timing::sides(&st.dose) - 1);
                if st.dose.reps.is_none() {
                    work as usize
                } else {
                    0
                }
            })
            .sum();
        let threes = said
            .windows(3)
            .filter(|w| w[0] == "three" && w[1] == "two" && w[2] == "one")
            .count();
        assert_eq!(threes, holds, "{said:?}");
    }
}
