//! The planner: a pure function from (answers, profile, library, history,
//! date) to today's session. It never plans an exercise that a declared
//! condition rules out or that needs equipment the person lacks, fits the
//! time asked for within about 10%, varies from day to day and progresses
//! slowly.
//!
//! `plan` runs the stages below in order; each lives in its own file:
//! `score` ranks what is safe, `seed` picks the first steps, `adapt` eases
//! a high-pain day and sets aside what raised pain last time, `progression`
//! steps up or down from history, `fill` adds steps until the time is used,
//! `fit` tunes doses to the time, `limits` keeps the conditions' limits on
//! minutes in a row, and `annotate` puts the reasons and notes
//! into words. `dose` holds the dose arithmetic they share, `safety` the one
//! rule every path obeys, and `list` the plan from a chosen list.

mod adapt;
mod annotate;
mod dose;
mod fill;
mod fit;
mod limits;
mod list;
mod progression;
mod safety;
mod score;
mod seed;
#[cfg(test)]
mod tests;

pub use limits::longest_run;
pub use list::{plan_from_list, plan_program};
pub use safety::{condition_exclusion, exclusion};

use crate::assess::{self, Answers, RankedCause, HIGH_PAIN};
use crate::library::{Category, Dose, Exercise, Library};
use crate::timing::{sides, step_seconds, LEAD_IN_SECONDS};
use annotate::Why;
use chrono::NaiveDate;
use seed::Seed;
use serde::Serialize;

/// The plan may be this far from the time asked for (a tenth either way).
pub const FIT_TOLERANCE: f64 = 0.10;
/// Sessions without a pain rise before an exercise progresses.
pub const PROGRESS_AFTER: usize = 3;
/// A rise of this many points (the minimal meaningful change) regresses.
pub const REGRESS_RISE: i32 = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    WarmUp,
    Decompression,
    Release,
    Realignment,
    Strengthening,
    CoolDown,
}

impl Phase {
    pub fn label(self) -> &'static str {
        match self {
            Phase::WarmUp => "warm-up",
            Phase::Decompression => "decompression",
            Phase::Release => "release",
            Phase::Realignment => "realignment",
            Phase::Strengthening => "strengthening",
            Phase::CoolDown => "cool-down",
        }
    }

    /// The phase an exercise's category belongs to.
    fn of(e: &Exercise) -> Phase {
        match e.category {
            Category::Mobility => Phase::WarmUp,
            Category::Decompression => Phase::Decompression,
            Category::Release => Phase::Release,
            Category::Realignment => Phase::Realignment,
            Category::Strengthening => Phase::Strengthening,
            Category::Breathing => Phase::CoolDown,
        }
    }
}

/// What the planner needs to know about one earlier session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastSession {
    pub date: NaiveDate,
    /// Exercise ids that were done (not skipped).
    pub exercises: Vec<String>,
    pub pain_before: u8,
    pub pain_after: Option<u8>,
}

impl PastSession {
    fn pain_rise(&self) -> Option<i32> {
        self.pain_after
            .map(|after| i32::from(after) - i32::from(self.pain_before))
    }
}

/// The planner's inputs. `history` is oldest first.
pub struct Request<'a> {
    pub lib: &'a Library,
    pub answers: &'a Answers,
    pub opt_in: &'a [String],
    pub history: &'a [PastSession],
    pub date: NaiveDate,
    pub program: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Source {
    Answers,
    Program {
        id: String,
    },
    /// An explicit list of exercises (a sheet's `--exercises`).
    Chosen,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub exercise: String,
    pub name: String,
    pub phase: Phase,
    /// Everything this step takes: lead-in, work, side switches, rests.
    pub seconds: u32,
    pub sides: u32,
    pub sets: u32,
    pub reps: Option<u32>,
    pub hold_seconds: Option<u32>,
    pub rest_seconds: u32,
    pub why: String,
    #[serde(skip)]
    pub dose: Dose,
}

impl Step {
    fn new(e: &Exercise, phase: Phase, dose: Dose, why: String) -> Step {
        let mut s = Step {
            exercise: e.id.clone(),
            name: e.name.clone(),
            phase,
            seconds: 0,
            sides: 0,
            sets: 0,
            reps: None,
            hold_seconds: None,
            rest_seconds: 0,
            why,
            dose,
        };
        s.refresh();
        s
    }

    /// Recomputes the derived fields after a dose change.
    fn refresh(&mut self) {
        self.seconds = step_seconds(&self.dose, LEAD_IN_SECONDS);
        self.sides = sides(&self.dose);
        self.sets = self.dose.sets;
        self.reps = self.dose.reps;
        self.hold_seconds = self.dose.hold;
        self.rest_seconds = self.dose.rest;
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    pub exercise: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plan {
    pub date: NaiveDate,
    pub source: Source,
    pub pain: u8,
    /// High pain: lower difficulty, shorter holds, no loaded strengthening.
    pub gentle: bool,
    pub minutes_requested: u32,
    /// Planned length in minutes, one decimal.
    pub minutes_planned: f64,
    pub seconds_planned: u32,
    pub causes: Vec<RankedCause>,
    pub steps: Vec<Step>,
    /// Things to tell the person before they start.
    pub notes: Vec<String>,
    /// Professional care worth considering for the top causes.
    pub therapies: Vec<String>,
    /// Program steps dropped for safety or equipment.
    pub left_out: Vec<LeftOut>,
    /// Signs to stop exercising, from the declared conditions.
    pub stop_signs: Vec<PlanStopSigns>,
}

/// One condition's stop signs, as a plan carries them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanStopSigns {
    pub condition: String,
    pub intro: String,
    pub signs: Vec<String>,
    pub source: String,
}

/// The stop signs of the declared conditions (with what they include).
pub fn stop_signs(lib: &Library, conditions: &[String]) -> Vec<PlanStopSigns> {
    lib.stop_signs_for(conditions)
        .into_iter()
        .map(|(c, s)| PlanStopSigns {
            condition: c.name.clone(),
            intro: s.intro.clone(),
            signs: s.signs.clone(),
            source: s.source.clone(),
        })
        .collect()
}

#[derive(Debug, PartialEq, Eq)]
pub enum PlanError {
    UnknownProgram(String),
}

/// Plans today's session from the answers, the history and the date:
/// rank, seed, adapt, progress, fill, fit, then put it into words.
pub fn plan(req: &Request) -> Result<Plan, PlanError> {
    let a = req.answers;
    let gentle = a.pain >= HIGH_PAIN;
    let causes = assess::rank_causes(req.lib, a);
    let target = a.minutes * 60;
    let why = Why::new(req.lib, &causes);

    let ranked = score::rank(req, &causes, gentle);
    let Seed {
        source,
        mut steps,
        mut left_out,
        candidates,
    } = seed::seed(req, ranked, gentle, &why)?;
    if gentle {
        adapt::soften(&mut steps);
    }
    progression::progression(req, &mut steps, gentle);
    // A program keeps its own order; a plan from the answers is arranged
    // by phase, warm-up to cool-down.
    let by_phase = matches!(source, Source::Answers);
    fill::fill(&mut steps, &candidates, target, gentle, by_phase, &why);
    fit::fit_doses(&mut steps, target);
    if by_phase {
        steps.sort_by_key(|s| s.phase);
    }
    for s in &mut steps {
        s.refresh();
    }
    limits::enforce(req.lib, &a.conditions, &mut steps, &mut left_out);
    let stop_signs = stop_signs(req.lib, &a.conditions);

    let total: u32 = steps.iter().map(|s| s.seconds).sum();
    let notes = annotate::notes(req, gentle, total, target);
    let therapies = annotate::therapies(req.lib, &causes);
    Ok(Plan {
        date: req.date,
        source,
        pain: a.pain,
        gentle,
        minutes_requested: a.minutes,
        minutes_planned: minutes_planned(total),
        seconds_planned: total,
        causes,
        steps,
        notes,
        therapies,
        left_out,
        stop_signs,
    })
}

/// Seconds as minutes with one decimal, for showing.
fn minutes_planned(seconds: u32) -> f64 {
    (f64::from(seconds) / 6.0).round() / 10.0
}
