//! The planner: a pure function from (answers, profile, library, history,
//! date) to today's session. It never plans an exercise that a declared
//! condition rules out or that needs equipment the person lacks, fits the
//! time asked for within about 10%, varies from day to day and progresses
//! slowly.
//!
//! `plan` runs the stages below in order; each lives in its own file:
//! `score` ranks what is safe (following the person's direction of
//! movement, see `direction`), `seed` picks the first steps, `adapt` eases
//! a high-pain day, `ladder` places every exercise family on its rung and
//! dose from history (see there for the rules), `fill` adds steps and `fit` grows their
//! doses until the time is used (more sets and reps before new exercises,
//! strength first, up to a cap; longer rests and holds only when no more
//! fits), `warm_up` keeps the warm-up to its share,
//! `balance` keeps strength work the larger share, `limits` keeps the
//! conditions' limits on minutes in a row, and `annotate` puts the reasons
//! and notes into words; on a day of severe pain `order` then keeps
//! changes of position few (the library's position model). `dose` holds the dose arithmetic they share,
//! `safety` the one rule every path obeys, and `list` the plan from a
//! chosen list.

mod adapt;
mod annotate;
mod balance;
mod direction;
mod dose;
mod fill;
mod fit;
pub mod flare;
mod labels;
mod ladder;

/// `session --plan --json`: the plan, and its schema `docs/schema/plan.schema.json`.
pub const PLAN: crate::shape::Shape<Plan> = crate::shape::Shape::object("backrelief/plan/1");

#[cfg(test)]
mod ladder_tests;
mod limits;
mod list;
mod order;
#[cfg(test)]
mod rules_tests;
mod safety;
mod score;
mod seed;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod time_tests;
mod transitions;
pub mod warm_up;

pub use balance::strength_share;
pub use ladder::{
    dose_at, dose_words, felt_questions, position, top_level, Family, Felt, Position, Reason, Rules,
};
pub use limits::longest_run;
pub use list::{plan_from_list, plan_program};
pub use safety::{
    careful_default, chair_assumed, condition_exclusion, exclusion, has_equipment, in_place_of,
    CAREFUL_MAX_DIFFICULTY,
};

use crate::assess::{self, Answers, RankedCause, HIGH_PAIN, SEVERE_PAIN};
use crate::library::{Category, Dose, Exercise, Library};
use crate::timing::{sides, step_seconds, LEAD_IN_SECONDS};
use annotate::Why;
use chrono::NaiveDate;
use seed::Seed;
use serde::Serialize;

/// The plan may be this far from the time asked for (a tenth either way).
pub const FIT_TOLERANCE: f64 = 0.10;
/// A rise of this many points (the minimal meaningful change) regresses.
pub const REGRESS_RISE: i32 = 2;
/// At most this many different exercises in one session: a long session
/// grows sets and holds rather than scattering over the library.
pub const MAX_EXERCISES: usize = 12;
/// On a day of very severe pain (`assess::SEVERE_PAIN`): at most this many
/// exercises and minutes, rest positions and breathing first.
pub const SEVERE_MAX_EXERCISES: usize = 5;
pub const SEVERE_MAX_MINUTES: u32 = 10;
/// On a day of high pain (`assess::HIGH_PAIN`): at most this many
/// exercises, at no more than the library's doses; the session may be
/// shorter than asked, and says so.
pub const GENTLE_MAX_EXERCISES: usize = 6;
/// The planner looks at the sessions of this many days, today included:
/// enough for progression (three calm sessions in a row) and for the
/// variety of the last sessions, and a history of years costs no more
/// than one of weeks. After a longer break the first session back is
/// planned like a first session.
pub const HISTORY_DAYS: i64 = 56;
/// A first session (none in `HISTORY_DAYS`) stays at this difficulty or below.
pub const FIRST_SESSION_MAX_DIFFICULTY: u8 = 2;
/// Static stretches are held at least this long (ACSM, Garber et al. 2011:
/// 20-30 s), however gentle or short the session.
pub const STRETCH_MIN_HOLD: u32 = 20;
/// From this age a static stretch is held 30-60 s (ACSM, Garber et al.
/// 2011: older adults gain more from longer holds), for about a minute
/// per side in all.
pub const OLDER_ADULT_AGE: u32 = 65;
pub const OLDER_STRETCH_MIN_HOLD: u32 = 30;
pub const OLDER_STRETCH_MAX_HOLD: u32 = 60;
/// Every hold is a multiple of this many seconds.
pub const HOLD_STEP: u32 = 5;
/// Outside warm-up and cool-down, strength work takes at least this share
/// of the time (stretching alone does about as well as nothing; Owen et al.
/// 2020), except on a gentle day.
pub const MIN_STRENGTH_SHARE: f64 = 0.40;

/// The stage that doses stretches for the person's age: an older adult's
/// are held longer (`Step::for_older_adult`); without an age, as for anyone.
fn dose_for_age(steps: &mut [Step], age: Option<u32>) {
    if age.is_some_and(|a| a >= OLDER_ADULT_AGE) {
        steps.iter_mut().for_each(Step::for_older_adult);
    }
}

/// How many different exercises a session of `minutes` aims for before it
/// grows doses instead: three for five minutes, one more for every six.
pub fn wanted_exercises(minutes: u32) -> usize {
    (3 + minutes as usize / 6).min(MAX_EXERCISES)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// A rest position and slow breathing, first on a day of severe pain.
    Settle,
    /// What a condition says to begin with (`begin_with`: after birth,
    /// breathing, the pelvic floor and gentle deep tummy work).
    Begin,
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
            Phase::Settle => "settle",
            Phase::Begin => "begin",
            Phase::WarmUp => "warm-up",
            Phase::Decompression => "decompression",
            Phase::Release => "release",
            Phase::Realignment => "realignment",
            Phase::Strengthening => "strengthening",
            Phase::CoolDown => "cool-down",
        }
    }

    /// The phase an exercise belongs to: its category's, except that a
    /// mobility exercise holding a joint at the end of its range (a static
    /// stretch, or one that says it needs `end-range-hold`) is never the
    /// warm-up. A warm-up readies the body with gentle movement in the
    /// middle of the range; stretching to the end of the range waits until
    /// the body is warm (ACSM, Garber et al. 2011), with the release work.
    fn of(lib: &Library, e: &Exercise) -> Phase {
        match e.category {
            Category::Mobility if lib.involves(e, END_RANGE_HOLD) => Phase::Release,
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
    /// How exercises felt, by the id of the variant done.
    pub felt: Vec<(String, Felt)>,
}

/// The planner's inputs. `history` is oldest first.
pub struct Request<'a> {
    pub lib: &'a Library,
    pub answers: &'a Answers,
    pub opt_in: &'a [String],
    pub history: &'a [PastSession],
    /// Days with a flare on record, oldest first.
    pub flares: &'a [NaiveDate],
    pub date: NaiveDate,
    pub program: Option<&'a str>,
}

impl Request<'_> {
    /// Whether the careful default applies (see `careful_default`): the
    /// plan then stays at the gentlest level and never progresses beyond
    /// the first rung, whatever the history says.
    pub fn careful_default(&self) -> bool {
        careful_default(self.answers)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Source {
    Answers,
    Program {
        id: String,
    },
    /// An explicit list of exercises (a sheet's `--exercises`).
    Chosen,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Step {
    pub exercise: String,
    pub name: String,
    pub phase: Phase,
    /// Everything this step takes: lead-in, work, side switches, rests.
    pub seconds: u32,
    /// Seconds to get ready before it: the change of position from the
    /// step before (`transitions`), counted in `seconds`.
    #[serde(skip)]
    pub lead_in: u32,
    pub sides: u32,
    pub sets: u32,
    pub reps: Option<u32>,
    pub hold_seconds: Option<u32>,
    pub rest_seconds: u32,
    /// Why it is in the plan, in words (from `because`, with the dose and
    /// phase the step ends with).
    pub why: String,
    #[serde(skip)]
    because: annotate::Because,
    #[serde(skip)]
    pub dose: Dose,
    /// The shortest hold this step may have: `STRETCH_MIN_HOLD` for a
    /// static stretch, else `HOLD_STEP`.
    #[serde(skip)]
    floor: u32,
    /// The dose before `fit` grew it, which bounds how far it may grow.
    #[serde(skip)]
    base: Option<Dose>,
    /// The most this step may ever be: on a gentle day, the library's own
    /// dose, so filling the time never undoes the softening.
    #[serde(skip)]
    ceiling: Option<Dose>,
}

impl Step {
    fn new(e: &Exercise, phase: Phase, dose: Dose, because: annotate::Because) -> Step {
        let floor = if e.stretch {
            STRETCH_MIN_HOLD
        } else {
            HOLD_STEP
        };
        let mut s = Step {
            exercise: e.id.to_string(),
            name: e.name.to_string(),
            phase,
            seconds: 0,
            lead_in: LEAD_IN_SECONDS,
            sides: 0,
            sets: 0,
            reps: None,
            hold_seconds: None,
            rest_seconds: 0,
            why: String::new(),
            because,
            dose: dose::rounded(dose, floor),
            floor,
            base: None,
            ceiling: None,
        };
        s.refresh();
        s
    }

    /// The step as `e`, a rung of its family, at `dose`: its own reason
    /// first, then the ladder's word on it.
    fn on_rung(&self, e: &Exercise, dose: Dose, said: Option<ladder::Said>) -> Step {
        let because = annotate::Because {
            ladder: said,
            ..self.because.clone()
        };
        Step::new(e, self.phase, dose, because)
    }

    /// Softens the dose for a day of high pain, and keeps the library's
    /// dose as the most it may grow back to. A rest position or breathing
    /// (a long still hold) may still grow: more of it is kind on a bad day.
    fn soften(&mut self) {
        if !dose::is_still_rest(&self.dose) {
            self.ceiling = Some(self.dose);
        }
        self.dose = dose::gentler(self.dose, self.floor);
        self.refresh();
    }

    /// Whether `d` stays within the step's ceiling, if it has one.
    fn may_take(&self, d: &Dose) -> bool {
        self.ceiling.is_none_or(|c| {
            d.sets <= c.sets
                && d.hold.unwrap_or(0) <= c.hold.unwrap_or(0)
                && d.reps.unwrap_or(0) <= c.reps.unwrap_or(0)
        })
    }

    /// Holds a static stretch as long as an older adult should: at least
    /// `OLDER_STRETCH_MIN_HOLD` (the most it may grow to follows from the
    /// floor, see `fit::grow_once`). Anything else is left as it is; doing
    /// it twice changes nothing.
    fn for_older_adult(&mut self) {
        if self.floor != STRETCH_MIN_HOLD {
            return;
        }
        self.floor = OLDER_STRETCH_MIN_HOLD;
        self.dose = dose::rounded(self.dose, self.floor);
        self.ceiling = self.ceiling.map(|c| dose::rounded(c, self.floor));
        self.base = self.base.map(|b| dose::rounded(b, self.floor));
        self.refresh();
    }

    /// Recomputes the derived fields after a change of dose or phase: the
    /// time, the dose as shown, and the why, which names this dose.
    fn refresh(&mut self) {
        self.why = self.because.words(self.phase, &self.dose);
        self.seconds = step_seconds(&self.dose, self.lead_in);
        self.sides = sides(&self.dose);
        self.sets = self.dose.sets;
        self.reps = self.dose.reps;
        self.hold_seconds = self.dose.hold;
        self.rest_seconds = self.dose.rest;
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LeftOut {
    pub exercise: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Plan {
    pub date: NaiveDate,
    pub source: Source,
    #[schemars(range(max = 10))]
    pub pain: u8,
    /// High pain: lower difficulty, shorter holds, no loaded strengthening.
    pub gentle: bool,
    /// Why today is a flare day, when it is (recorded in history when the
    /// session runs). A very severe day keeps its own plan but is recorded
    /// as a flare too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flare: Option<flare::Sign>,
    /// The direction of movement today's answers say hurts, if any:
    /// exercises moving that way are moved down (left out when gentle).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub irritable: Option<crate::library::Direction>,
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
    /// How to exercise with each declared condition ("breathe out on the
    /// effort"), so the advice reaches the person, not only `conditions`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub advice: Vec<ConditionAdvice>,
    /// A declared condition says never to hold the breath: the run never
    /// heads a hold "HOLD" (it says "STAY"), see [`keep_breathing`].
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub keep_breathing: bool,
    /// Today's lesson card, shown during rests of
    /// `runner::machine::LESSON_REST_SECONDS` or more and on the finish
    /// screen. The planner leaves it out; the session chooses it from
    /// history (`lessons::next`) before the run, so views only show text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lesson: Option<LessonCard>,
    /// Today's walk (or other activity) from the walking programme, as
    /// `walk --json` suggests it. The planner leaves it out; the session
    /// fills it from history past the red-flag screen (none when history
    /// cannot be read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub walk: Option<crate::walking::Suggestion>,
}

/// A lesson card as a plan carries it: plain text, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LessonCard {
    pub id: String,
    pub title: String,
    pub text: String,
    /// Who says so, for a reader: "Siddall et al. 2022 (...)".
    pub source: String,
}

/// An honest word with every "realignment" exercise and plan: the name is
/// the tradition's, the effect is on muscles.
pub const REALIGNMENT_NOTE: &str = "About \"realignment\": these exercises train the muscles around the pelvis and spine; they do not move bones back into place.";

/// The capability of holding a joint at the end of its range, which every
/// static stretch implies: such an exercise is never a warm-up.
pub const END_RANGE_HOLD: &str = "end-range-hold";

/// The movement whose rules mark a condition that forbids holding the
/// breath: "a hard, held effort that makes you want to hold your breath".
pub const BREATH_HOLDING: &str = "heavy-isometric-effort";

/// Whether the declared conditions (with what they include) tell the person
/// never to hold their breath: one of them rules out [`BREATH_HOLDING`].
pub fn keep_breathing(lib: &Library, conditions: &[String]) -> bool {
    lib.with_includes(conditions)
        .iter()
        .any(|c| c.rules.iter().any(|r| r.movement == BREATH_HOLDING))
}

/// One declared condition's advice, as a plan carries it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ConditionAdvice {
    pub condition: String,
    pub advice: String,
}

/// The advice of the declared conditions (with what they include), each
/// under the name of the condition the person declared.
pub fn condition_advice(lib: &Library, conditions: &[String]) -> Vec<ConditionAdvice> {
    // What a condition's own advice already says for one it includes
    // (`advice_covers`) is not said again, even when the person ticked
    // that one too (a wheelchair user who also ticks the floor).
    let covered: Vec<&str> = lib
        .with_includes(conditions)
        .iter()
        .flat_map(|c| c.advice_covers.iter().map(|x| x.as_str()))
        .collect();
    lib.per_declared(conditions, |c| {
        c.advice
            .as_deref()
            .filter(|_| !covered.contains(&c.id.as_str()))
    })
    .into_iter()
    .map(|(c, advice)| ConditionAdvice {
        condition: c.name.to_string(),
        advice: advice.to_string(),
    })
    .collect()
}

/// One condition's stop signs, as a plan carries them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PlanStopSigns {
    pub condition: String,
    pub intro: String,
    pub signs: Vec<String>,
    /// Who says so, for a reader: "ACOG 2020; a precaution: ...".
    pub source: String,
    /// The listed sources it names, each in full with its link.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<SourceLink>,
}

/// A listed source as a plan or sheet prints it: the reference, and where
/// to find it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SourceLink {
    pub reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// The stop signs of the declared conditions (with what they include).
pub fn stop_signs(lib: &Library, conditions: &[String]) -> Vec<PlanStopSigns> {
    lib.stop_signs_for(conditions)
        .into_iter()
        .map(|(c, s)| PlanStopSigns {
            condition: c.name.to_string(),
            intro: s.intro.to_string(),
            signs: s.signs.iter().map(|s| s.to_string()).collect(),
            source: lib.cite(&s.source),
            links: lib
                .cited(&s.source)
                .iter()
                .map(|x| SourceLink {
                    reference: x.citation(),
                    link: x.link(),
                })
                .collect(),
        })
        .collect()
}

#[derive(Debug, PartialEq, Eq)]
pub enum PlanError {
    UnknownProgram(String),
}

/// How much today allows: gentle on a high-pain day, short and calm on a
/// day of very severe pain, no harder than level 2 the first time.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Day {
    pub(crate) gentle: bool,
    pub(crate) severe: bool,
    /// A flare day (not a severe one, which keeps its own plan).
    pub(crate) flare: bool,
    /// The day after a flare: gentle, building back up.
    pub(crate) easing: bool,
    pub(crate) first: bool,
    pub(crate) irritable: Option<crate::library::Direction>,
    /// Quick changes of head position are hard for the person (vertigo,
    /// dizziness): lying down ranks lower, and the steps are gathered by
    /// position (`order::fewest_head_changes`).
    pub(crate) head_changes_hard: bool,
    /// Seconds to plan for.
    pub(crate) target: u32,
    /// Most different exercises.
    pub(crate) cap: usize,
}

impl Day {
    fn new(req: &Request) -> Day {
        let a = req.answers;
        let severe = a.pain >= SEVERE_PAIN;
        let minutes = if severe {
            a.minutes.min(SEVERE_MAX_MINUTES)
        } else {
            a.minutes
        };
        let flare = !severe && flare_sign(req).is_some();
        let easing = !severe && !flare && flare::easing_after(req.flares, req.date).is_some();
        Day {
            gentle: a.pain >= HIGH_PAIN || flare || easing,
            severe,
            flare,
            easing,
            first: req.history.is_empty(),
            irritable: assess::irritable_direction(req.lib, a).map(|(d, _)| d),
            head_changes_hard: order::head_changes_hard(req.lib, &a.conditions),
            target: minutes * 60,
            cap: if severe {
                SEVERE_MAX_EXERCISES
            } else if a.pain >= HIGH_PAIN || flare || easing {
                GENTLE_MAX_EXERCISES
            } else {
                MAX_EXERCISES
            },
        }
    }
}

/// Why today is a flare day, if it is: stated by the person, or recognised
/// from today's pain and the sessions before.
pub fn flare_sign(req: &Request) -> Option<flare::Sign> {
    match req.answers.flare {
        Some(true) => Some(flare::Sign::Stated),
        Some(false) => None,
        None => flare::recognise(req.answers.pain, req.history, req.date),
    }
}

/// Whether the flare plan may suggest walking, and how: not when a declared
/// condition or capability rules out standing (a wheelchair user); in short spells when walking brings on
/// the symptoms.
fn walking(lib: &Library, a: &Answers) -> flare::Walking {
    let no_standing = lib.with_includes(&a.conditions).iter().any(|c| {
        c.rules
            .iter()
            .any(|r| matches!(r.movement.as_str(), "standing" | "standing-up"))
    });
    if no_standing {
        flare::Walking::None
    } else if a.symptoms.iter().any(|s| s == "walking-worse") {
        flare::Walking::Intervals
    } else {
        flare::Walking::Walk
    }
}

/// The first day whose sessions the planner looks at.
pub fn history_start(today: NaiveDate) -> NaiveDate {
    today - chrono::Duration::days(HISTORY_DAYS - 1)
}

/// The stage that reads history by today's ids: an exercise renamed since
/// (its old id in `former_ids`) keeps its ladder, variety and felt answers.
fn current_ids(lib: &Library, history: &[PastSession]) -> Vec<PastSession> {
    history
        .iter()
        .map(|p| PastSession {
            exercises: p
                .exercises
                .iter()
                .map(|id| lib.current_id(id).to_string())
                .collect(),
            felt: p
                .felt
                .iter()
                .map(|(id, f)| (lib.current_id(id).to_string(), *f))
                .collect(),
            ..p.clone()
        })
        .collect()
}

/// Plans today's session from the answers, the history and the date:
/// rank, seed, adapt, progress, fill, fit, balance, then put it into words.
pub fn plan(req: &Request) -> Result<Plan, PlanError> {
    let since = history_start(req.date);
    let recent = current_ids(
        req.lib,
        &req.history[req.history.partition_point(|p| p.date < since)..],
    );
    let req = &Request {
        history: &recent,
        ..*req
    };
    let causes = assess::rank_causes(req.lib, req.answers);
    let declared = &req.answers.conditions;
    // What a likely cause holds the plan to until a clinician has looked,
    // and what today's answers bring (standing being hard, from pain that
    // builds on standing): the plan follows their rules and limits today.
    let mut today = until_seen(req.lib, req.answers, &causes);
    for id in assess::brought_today(req.lib, req.answers) {
        if !today.contains(&id) {
            today.push(id);
        }
    }
    let with_today;
    let req = if today.is_empty() {
        req
    } else {
        with_today = Answers {
            conditions: declared.iter().cloned().chain(today).collect(),
            ..req.answers.clone()
        };
        &Request {
            answers: &with_today,
            ..*req
        }
    };
    let day = Day::new(req);
    let why = Why::new(req.lib, &causes, day.irritable);
    let ranked = score::rank(req, &causes, &day);
    let Seed {
        source,
        mut steps,
        mut left_out,
        mut candidates,
    } = seed::seed(req, ranked, &day, &why)?;
    let shape = Shape {
        req,
        day: &day,
        by_phase: by_phase_source(&source),
    };
    shape.start(&mut steps);
    shape.fill_the_time(&mut steps, &mut left_out, &mut candidates, &why);
    shape.settle(&mut steps, &mut left_out);
    Ok(in_words(
        req, &day, causes, source, steps, left_out, declared,
    ))
}

/// The conditions a likely cause holds the plan to until a clinician has
/// looked (a cause's `until_seen`: a young person's back that hurts arching
/// back may have a stress fracture, so the plan is the careful default and
/// keeps out of arching), for the likeliest causes (those whose own notes
/// the plan shows), unless the answers record a clinician's clearance.
/// Only the ones not declared already.
pub fn until_seen(lib: &Library, a: &Answers, causes: &[RankedCause]) -> Vec<String> {
    if a.cleared {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for c in causes.iter().take(assess::NOTED_CAUSES) {
        for id in lib
            .cause(&c.id)
            .map(|c| c.until_seen.as_slice())
            .unwrap_or_default()
        {
            if !a.conditions.iter().any(|x| x == id) && !out.iter().any(|x| x == id) {
                out.push(id.to_string());
            }
        }
    }
    out
}

/// The stages that shape the steps: their ladders and doses, how many,
/// their order, the conditions' limits and the time.
struct Shape<'a> {
    req: &'a Request<'a>,
    day: &'a Day,
    /// A program keeps its own order; a plan from the answers is arranged
    /// by phase, warm-up to cool-down.
    by_phase: bool,
}

impl Shape<'_> {
    /// The seeded steps eased on a gentle day, on their ladders (a plan
    /// from the answers), and dosed for the person's age.
    fn start(&self, steps: &mut [Step]) {
        if self.day.gentle {
            adapt::soften(steps);
        }
        if !self.by_phase {
            ladder::program_steps(self.req, steps, self.day);
        }
        dose_for_age(steps, self.req.answers.age);
    }

    /// The time is filled in this order: a few exercises for the time
    /// (`wanted_exercises`, balanced over the phases), then more sets and
    /// reps (strength first, except on a gentle day; never the warm-up's),
    /// then one more exercise at a time up to the cap (strength first,
    /// `fill`), and only when no more fits, longer rests and holds
    /// (`fit::Growth`).
    fn fill_the_time(
        &self,
        steps: &mut Vec<Step>,
        left_out: &mut Vec<LeftOut>,
        candidates: &mut Vec<score::Candidate>,
        why: &Why,
    ) {
        let (day, target) = (self.day, self.day.target);
        let mut wanted = if day.severe {
            day.cap
        } else {
            wanted_exercises(target / 60).max(steps.len())
        };
        loop {
            let added = fill::fill(steps, candidates, day, wanted, self.by_phase, why);
            dose_for_age(steps, self.req.answers.age);
            // The get-ready times of the order so far, so the time is filled
            // with them counted (an older adult's floor changes take long).
            if self.by_phase {
                steps.sort_by_key(|s| s.phase);
                warm_up::keep(steps, target);
            }
            transitions::get_ready(self.req, steps);
            let work = fit::Growth::Work;
            fit::grow(
                steps,
                target,
                !day.gentle,
                &|_| true,
                work,
                self.warm_room(),
            );
            let before = left_out.len();
            self.keep_limits(steps, left_out, fit::Growth::Work);
            // What a limit left out stays out, and another exercise takes
            // its place while there is room: not longer rests and holds.
            candidates.retain(|c| !left_out.iter().any(|l| l.exercise == c.exercise.id));
            let dropped = left_out.len() > before && steps.len() < day.cap && added > 0;
            if ((fit::within(steps, target) || wanted >= day.cap) && !dropped)
                || (added == 0 && steps.len() < wanted)
            {
                break;
            }
            wanted = (wanted + 1).max(steps.len() + 1).min(day.cap);
        }
        fit::grow(
            steps,
            target,
            !day.gentle,
            &|_| true,
            fit::Growth::Padding,
            self.warm_room(),
        );
        self.keep_limits(steps, left_out, fit::Growth::Padding);
    }

    /// Trimmed to the time, balanced, in their final order with each
    /// step's get-ready time, the limits kept, and labelled in that order.
    fn settle(&self, steps: &mut Vec<Step>, left_out: &mut Vec<LeftOut>) {
        let (req, day, by_phase) = (self.req, self.day, self.by_phase);
        if by_phase {
            warm_up::keep(steps, day.target);
        }
        fit::shrink(steps, day.target);
        if !day.gentle {
            balance::balance(steps, day.target, self.warm_room());
        }
        self.keep_limits(steps, left_out, fit::Growth::Padding);
        self.reorder(steps, true);
        // The order is final: each step's get-ready time follows its change of
        // position, and the plan is made to fit again with it counted.
        // A get-ready counts in a run of a limited movement too: the limits are
        // kept again, and the lead-ins set again if that moved a step.
        for _ in 0..3 {
            transitions::fit_with_get_ready(req, steps, day.target);
            // A get-ready may take the warm-up over its room: it is cut
            // back, and the time given to the other steps.
            if by_phase && warm_up::seconds(steps) > warm_up::room(day.target) {
                warm_up::keep(steps, day.target);
                let growth = fit::Growth::Padding;
                fit::grow(
                    steps,
                    day.target,
                    !day.gentle,
                    &|_| true,
                    growth,
                    self.warm_room(),
                );
            }
            let order: Vec<String> = steps.iter().map(|s| s.exercise.clone()).collect();
            self.keep_limits(steps, left_out, fit::Growth::Padding);
            self.reorder(steps, false);
            if steps.iter().map(|s| &s.exercise).eq(order.iter()) {
                break;
            }
        }
        if by_phase {
            labels::in_final_order(steps);
        } else {
            labels::in_kept_order(req.lib, steps);
        }
        if day.head_changes_hard {
            order::sit_before_standing(req, steps);
        }
    }

    /// The most seconds the warm-up may take (`warm_up`), for a plan by
    /// phase; a program keeps its own shape.
    fn warm_room(&self) -> Option<u32> {
        self.by_phase.then(|| warm_up::room(self.day.target))
    }

    /// The order that changes position least, where the day calls for it:
    /// a day of severe pain (and a flare day, the first time), or a person
    /// whose quick changes of head position are hard (vertigo), whose
    /// steps are gathered by position between warm-up and cool-down.
    fn reorder(&self, steps: &mut Vec<Step>, first: bool) {
        let (req, day) = (self.req, self.day);
        if !self.by_phase {
            return;
        }
        if day.severe || (day.flare && first) {
            order::fewest_changes_of_position(req, steps);
        } else if day.head_changes_hard && !day.flare {
            order::fewest_head_changes(req, steps);
        }
        if day.head_changes_hard {
            order::end_upright(req, steps);
        }
    }

    /// Orders the steps, keeps the conditions' limits on minutes in a row
    /// (which may shrink or drop steps), and gives the time a limit took
    /// away to steps no limit touches.
    fn keep_limits(&self, steps: &mut Vec<Step>, left_out: &mut Vec<LeftOut>, growth: fit::Growth) {
        let (lib, conditions) = (self.req.lib, &self.req.answers.conditions);
        if self.by_phase {
            steps.sort_by_key(|s| s.phase);
        }
        for s in steps.iter_mut() {
            s.refresh();
        }
        limits::enforce(lib, conditions, steps, left_out);
        if !fit::within(steps, self.day.target) {
            let limited = |s: &Step| limits::is_limited(lib, conditions, s);
            fit::grow(
                steps,
                self.day.target,
                !self.day.gentle,
                &|s| !limited(s),
                growth,
                self.warm_room(),
            );
            for s in steps.iter_mut() {
                s.refresh();
            }
        }
    }
}

/// The plan put into words around its steps: the notes (a flare's first),
/// stop signs, advice and therapies.
fn in_words(
    req: &Request,
    day: &Day,
    causes: Vec<RankedCause>,
    source: Source,
    steps: Vec<Step>,
    left_out: Vec<LeftOut>,
    declared: &[String],
) -> Plan {
    let a = req.answers;
    // The advice of the careful default speaks of a condition the person
    // named; when a likely cause brought it, the cause's note says why.
    let advised: Vec<String> = a
        .conditions
        .iter()
        .filter(|c| *c != crate::profile::CAREFUL_DEFAULT || declared.contains(c))
        .cloned()
        .collect();
    let total: u32 = steps.iter().map(|s| s.seconds).sum();
    let mut notes = annotate::notes(req, day, total);
    notes.extend(annotate::few_exercises_note(req, steps.len()));
    let flare = if day.severe || day.flare {
        flare_sign(req)
    } else {
        None
    };
    if let (Some(sign), true) = (&flare, day.flare) {
        notes.splice(0..0, flare::notes(sign, walking(req.lib, a)));
    }
    notes.extend(
        assess::cause_notes(req.lib, declared, &causes)
            .into_iter()
            .filter(|n| !notes.contains(n))
            .collect::<Vec<_>>(),
    );
    notes.extend(labels::honest_notes(&steps));
    Plan {
        date: req.date,
        source,
        pain: a.pain,
        gentle: day.gentle,
        flare,
        irritable: day.irritable,
        minutes_requested: a.minutes,
        minutes_planned: minutes_planned(total),
        seconds_planned: total,
        therapies: annotate::therapies(req.lib, &causes),
        causes,
        steps,
        notes,
        left_out,
        stop_signs: stop_signs(req.lib, &a.conditions),
        advice: condition_advice(req.lib, &advised),
        keep_breathing: keep_breathing(req.lib, &a.conditions),
        lesson: None,
        walk: None,
    }
}

/// Whether the steps came from the answers (placed on their ladders as
/// candidates) rather than a program or a list.
fn by_phase_source(source: &Source) -> bool {
    matches!(source, Source::Answers)
}

/// Seconds as minutes with one decimal, for showing.
fn minutes_planned(seconds: u32) -> f64 {
    (f64::from(seconds) / 6.0).round() / 10.0
}
