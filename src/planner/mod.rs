//! The planner: a pure function from (answers, profile, library, history,
//! date) to today's session. It never plans an exercise that a declared
//! condition rules out or that needs equipment the person lacks, fits the
//! time asked for within about 10%, varies from day to day and progresses
//! slowly.

use crate::assess::{self, Answers, RankedCause, HIGH_PAIN};
use crate::library::{Category, Dose, Exercise, Library};
use crate::timing::{sides, step_seconds, LEAD_IN_SECONDS};
use chrono::NaiveDate;
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
}

#[derive(Debug, PartialEq, Eq)]
pub enum PlanError {
    UnknownProgram(String),
}

/// Why an exercise cannot be planned for this person, if it cannot.
pub fn exclusion(e: &Exercise, a: &Answers, opt_in: &[String]) -> Option<String> {
    if let Some(c) = e.avoid_if.iter().find(|c| a.conditions.contains(c)) {
        return Some(format!("not safe with {c}"));
    }
    if let Some(q) = e.equipment.iter().find(|q| !a.equipment.contains(q)) {
        return Some(format!("needs {q}"));
    }
    if e.opt_in && !opt_in.contains(&e.id) {
        return Some("only after a clinician clears it (backrelief profile --opt-in)".to_string());
    }
    if a.pain >= HIGH_PAIN && (e.loaded || e.difficulty > 1) {
        return Some("too demanding while pain is high".to_string());
    }
    None
}

/// FNV-1a: a stable, platform-independent hash for day-to-day variety.
fn stable_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn helps(lib: &Library, e: &Exercise, cause: &str) -> bool {
    e.helps.iter().any(|c| c == cause) || lib.cause(cause).is_some_and(|c| c.helps.contains(&e.id))
}

struct Candidate<'a> {
    exercise: &'a Exercise,
    phase: Phase,
    score: i64,
    /// Chosen as the easier variant of this, after pain rose.
    variant_of: Option<&'a Exercise>,
}

/// Puts into words why a candidate is in the plan.
struct Why<'a> {
    lib: &'a Library,
    causes: &'a [RankedCause],
}

impl Why<'_> {
    fn of(&self, c: &Candidate) -> String {
        let helped: Vec<String> = self
            .causes
            .iter()
            .filter(|rc| helps(self.lib, c.exercise, &rc.id))
            .map(|rc| {
                self.lib
                    .cause(&rc.id)
                    .map_or(rc.id.clone(), |x| x.name.to_lowercase())
            })
            .collect();
        let mut why = if helped.is_empty() {
            String::new()
        } else {
            format!("helps {}", helped.join(", "))
        };
        if let Some(from) = c.variant_of {
            why = join_why(
                &format!(
                    "easier variant of {}: pain rose after it last time",
                    from.name
                ),
                &why,
            );
        }
        why
    }
}

pub fn plan(req: &Request) -> Result<Plan, PlanError> {
    let lib = req.lib;
    let a = req.answers;
    let gentle = a.pain >= HIGH_PAIN;
    let causes = assess::rank_causes(lib, a);
    let target = a.minutes * 60;
    let mut notes = assess::clinician_notes(lib, a);
    if gentle {
        notes.push(format!(
            "Your pain is {} today, so this session is gentler: easier exercises, shorter holds and nothing loaded. Stop anything that makes pain spread or grow.",
            a.pain
        ));
    }

    let day = req.date.to_string();
    // Each ranked cause's own list of exercises that help it, for quick lookups.
    let listed_by_cause: Vec<std::collections::HashSet<&str>> = causes
        .iter()
        .map(|c| {
            lib.cause(&c.id)
                .map(|x| x.helps.iter().map(String::as_str).collect())
                .unwrap_or_default()
        })
        .collect();
    let recent: Vec<&PastSession> = req.history.iter().rev().take(2).collect();
    let raised = req
        .history
        .last()
        .filter(|p| p.pain_rise().is_some_and(|r| r >= REGRESS_RISE));
    // Scores are computed for every exercise; the words of "why" only for
    // the few that are chosen (see `Why`).
    let score = |e: &Exercise| -> (i64, Option<&Exercise>) {
        let mut s = 0i64;
        for (c, listed) in causes.iter().zip(&listed_by_cause) {
            if listed.contains(e.id.as_str()) || e.helps.contains(&c.id) {
                s += i64::from(c.score) * 10;
            }
        }
        if causes.is_empty() && !e.helps.is_empty() {
            s += 5;
        }
        if gentle {
            s -= i64::from(e.difficulty) * 5;
        }
        // Variety: what was done lately moves down the list.
        let times = recent
            .iter()
            .filter(|p| p.exercises.contains(&e.id))
            .count();
        s -= [0, 15, 45][times];
        // After a session that raised pain, its exercises step aside for
        // their easier variants.
        let mut variant_of = None;
        if let Some(last) = raised {
            if last.exercises.contains(&e.id) {
                s -= 30;
            }
            variant_of = last
                .exercises
                .iter()
                .filter_map(|id| lib.exercise(id))
                .find(|x| x.easier.as_deref() == Some(e.id.as_str()));
            if variant_of.is_some() {
                s += 60;
            }
        }
        s += (stable_hash(&[&day, &e.id]) % 9) as i64;
        (s, variant_of)
    };
    let why = Why {
        lib,
        causes: &causes,
    };

    let mut left_out = Vec::new();
    let mut candidates: Vec<Candidate> = lib
        .exercises
        .iter()
        .filter(|e| exclusion(e, a, req.opt_in).is_none())
        .map(|e| {
            let (score, variant_of) = score(e);
            Candidate {
                exercise: e,
                phase: Phase::of(e),
                score,
                variant_of,
            }
        })
        .collect();
    candidates.sort_by(|x, y| {
        y.score
            .cmp(&x.score)
            .then_with(|| x.exercise.id.cmp(&y.exercise.id))
    });

    let mut chosen: Vec<Step> = Vec::new();
    let source;
    match req.program {
        Some(pid) => {
            let program = lib
                .program(pid)
                .ok_or_else(|| PlanError::UnknownProgram(pid.to_string()))?;
            source = Source::Program {
                id: program.id.clone(),
            };
            for s in &program.steps {
                let Some(e) = lib.exercise(&s.exercise) else {
                    continue;
                };
                if let Some(reason) = exclusion(e, a, req.opt_in) {
                    left_out.push(LeftOut {
                        exercise: e.id.clone(),
                        reason,
                    });
                    continue;
                }
                if chosen.iter().any(|c| c.exercise == e.id) {
                    continue;
                }
                let dose = s.dose.map_or(e.dose, |o| e.dose.with(&o));
                chosen.push(make_step(
                    e,
                    Phase::of(e),
                    dose,
                    format!("step of {}", program.name),
                ));
            }
            // Extra exercises, if the program is too short, come from its causes.
            candidates.retain(|c| {
                program.for_causes.is_empty()
                    || program
                        .for_causes
                        .iter()
                        .any(|cause| helps(lib, c.exercise, cause))
            });
        }
        None => {
            source = Source::Answers;
            // The skeleton: a warm-up, strength work (stretching alone does
            // little; Owen et al. 2020), and a calm finish.
            let skeleton: &[Phase] = if gentle {
                &[Phase::WarmUp, Phase::Realignment, Phase::CoolDown]
            } else {
                &[Phase::WarmUp, Phase::Strengthening, Phase::CoolDown]
            };
            for phase in skeleton {
                if let Some(c) = candidates.iter().find(|c| is_phase(c, *phase)) {
                    chosen.push(candidate_step(c, *phase, &why));
                }
            }
        }
    }
    if gentle {
        for s in &mut chosen {
            s.dose = gentler(s.dose);
        }
    }
    progress(req, &mut chosen, gentle);

    fill(
        &mut chosen,
        &candidates,
        target,
        gentle,
        matches!(source, Source::Answers),
        &why,
    );
    fit_doses(&mut chosen, target);
    if matches!(source, Source::Answers) {
        chosen.sort_by_key(|s| s.phase);
    }
    for s in &mut chosen {
        refresh(s);
    }
    let total: u32 = chosen.iter().map(|s| s.seconds).sum();
    if f64::from(total) < f64::from(target) * (1.0 - FIT_TOLERANCE) {
        notes.push(format!(
            "The exercises that are safe for you with your equipment fill about {} minutes today, not the {} you asked for.",
            total.div_ceil(60),
            a.minutes
        ));
    }
    let mut therapies: Vec<String> = Vec::new();
    for c in causes.iter().take(2) {
        for t in lib
            .cause(&c.id)
            .map(|c| c.therapies.as_slice())
            .unwrap_or_default()
        {
            if !therapies.contains(t) {
                therapies.push(t.clone());
            }
        }
    }
    Ok(Plan {
        date: req.date,
        source,
        pain: a.pain,
        gentle,
        minutes_requested: a.minutes,
        minutes_planned: (f64::from(total) / 6.0).round() / 10.0,
        seconds_planned: total,
        causes,
        steps: chosen,
        notes,
        therapies,
        left_out,
    })
}

/// A plan from a given list of exercises and doses, in that order. Safety
/// still applies: anything the person's conditions rule out is left out.
pub fn plan_from_list(
    lib: &Library,
    list: &[(String, Option<Dose>)],
    answers: &Answers,
    opt_in: &[String],
    date: NaiveDate,
    source: Source,
) -> Plan {
    let mut steps: Vec<Step> = Vec::new();
    let mut left_out = Vec::new();
    for (id, dose) in list {
        let Some(e) = lib.exercise(id) else { continue };
        match exclusion(e, answers, opt_in) {
            Some(reason) => left_out.push(LeftOut {
                exercise: e.id.clone(),
                reason,
            }),
            None => steps.push(make_step(
                e,
                Phase::of(e),
                dose.unwrap_or(e.dose),
                String::new(),
            )),
        }
    }
    let total: u32 = steps.iter().map(|s| s.seconds).sum();
    Plan {
        date,
        source,
        pain: answers.pain,
        gentle: answers.pain >= HIGH_PAIN,
        minutes_requested: total.div_ceil(60),
        minutes_planned: (f64::from(total) / 6.0).round() / 10.0,
        seconds_planned: total,
        causes: Vec::new(),
        steps,
        notes: Vec::new(),
        therapies: Vec::new(),
        left_out,
    }
}

fn is_phase(c: &Candidate, phase: Phase) -> bool {
    match phase {
        Phase::CoolDown => c.phase == Phase::CoolDown || c.exercise.cool_down,
        p => c.phase == p,
    }
}

fn candidate_step(c: &Candidate, phase: Phase, words: &Why) -> Step {
    let reason = words.of(c);
    let why = match phase {
        Phase::WarmUp => join_why("gentle warm-up", &reason),
        Phase::CoolDown => join_why("calm finish", &reason),
        Phase::Strengthening => join_why("strength work, which helps backs most", &reason),
        _ => reason,
    };
    make_step(c.exercise, phase, c.exercise.dose, why)
}

fn join_why(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}; {b}"),
    }
}

fn make_step(e: &Exercise, phase: Phase, dose: Dose, why: String) -> Step {
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
    refresh(&mut s);
    s
}

/// Recomputes the derived fields after a dose change.
fn refresh(s: &mut Step) {
    s.seconds = step_seconds(&s.dose, LEAD_IN_SECONDS);
    s.sides = sides(&s.dose);
    s.sets = s.dose.sets;
    s.reps = s.dose.reps;
    s.hold_seconds = s.dose.hold;
    s.rest_seconds = s.dose.rest;
}

/// Shorter holds and fewer reps for a high-pain day.
fn gentler(d: Dose) -> Dose {
    Dose {
        hold: d.hold.map(|h| if h > 10 { (h * 2 / 3).max(10) } else { h }),
        reps: d.reps.map(|r| (r * 2 / 3).max(3)),
        ..d
    }
}

fn round5(x: u32) -> u32 {
    x.div_ceil(5) * 5
}

/// Regress after a session that raised pain by 2 or more; progress after
/// several sessions that did not raise it.
fn progress(req: &Request, steps: &mut [Step], gentle: bool) {
    let lib = req.lib;
    let planned: Vec<String> = steps.iter().map(|s| s.exercise.clone()).collect();
    for s in steps.iter_mut() {
        let with: Vec<&PastSession> = req
            .history
            .iter()
            .rev()
            .filter(|p| p.exercises.contains(&s.exercise) && p.pain_after.is_some())
            .collect();
        let Some(last) = with.first() else { continue };
        let Some(e) = lib.exercise(&s.exercise) else {
            continue;
        };
        let usable = |id: &Option<String>| -> Option<&Exercise> {
            let v = lib.exercise(id.as_deref()?)?;
            (exclusion(v, req.answers, req.opt_in).is_none() && !planned.contains(&v.id))
                .then_some(v)
        };
        if last.pain_rise().unwrap_or(0) >= REGRESS_RISE {
            if let Some(v) = usable(&e.easier) {
                *s = make_step(
                    v,
                    s.phase,
                    v.dose,
                    format!("easier variant of {}: pain rose after it last time", e.name),
                );
            } else {
                s.dose = Dose {
                    hold: s.dose.hold.map(|h| (h * 3 / 4).max(5)),
                    reps: s.dose.reps.map(|r| (r * 3 / 4).max(2)),
                    sets: s.dose.sets.saturating_sub(1).max(1),
                    ..s.dose
                };
                s.why = join_why(&s.why, "a smaller dose: pain rose after it last time");
            }
            continue;
        }
        let calm = with
            .iter()
            .take_while(|p| p.pain_rise().is_some_and(|r| r <= 0))
            .count();
        if calm >= PROGRESS_AFTER {
            if let Some(v) = usable(&e.harder).filter(|_| !gentle) {
                *s = make_step(
                    v,
                    s.phase,
                    v.dose,
                    format!(
                        "harder variant of {}: {calm} sessions without extra pain",
                        e.name
                    ),
                );
            } else {
                s.dose = Dose {
                    hold: s.dose.hold.map(|h| round5(h + h / 4).min(120)),
                    reps: s.dose.reps.map(|r| (r + 2).min(20)),
                    ..s.dose
                };
                s.why = join_why(
                    &s.why,
                    &format!("a little more: {calm} sessions without extra pain"),
                );
            }
        }
    }
}

fn total(steps: &[Step]) -> u32 {
    steps
        .iter()
        .map(|s| step_seconds(&s.dose, LEAD_IN_SECONDS))
        .sum()
}

/// Adds candidates, cycling through the phases, until the time is used.
fn fill(
    steps: &mut Vec<Step>,
    candidates: &[Candidate],
    target: u32,
    gentle: bool,
    balanced: bool,
    words: &Why,
) {
    let upper = f64::from(target) * (1.0 + FIT_TOLERANCE);
    let cycle: &[Phase] = if gentle {
        &[
            Phase::Release,
            Phase::Decompression,
            Phase::Realignment,
            Phase::WarmUp,
            Phase::Strengthening,
        ]
    } else {
        &[
            Phase::Release,
            Phase::Strengthening,
            Phase::Decompression,
            Phase::Realignment,
            Phase::WarmUp,
        ]
    };
    // Don't stop short: fill to the target, leaving dose changes to fine-tune.
    loop {
        let mut added = false;
        for phase in cycle {
            if total(steps) >= target {
                return;
            }
            let next = candidates.iter().find(|c| {
                (!balanced || c.phase == *phase)
                    && !steps.iter().any(|s| s.exercise == c.exercise.id)
                    && !steps
                        .iter()
                        .any(|s| is_variant_pair(c.exercise, &s.exercise))
            });
            let Some(c) = next else { continue };
            let mut step = candidate_step(c, c.phase, words);
            if gentle {
                step.dose = gentler(step.dose);
            }
            if f64::from(total(steps) + step_seconds(&step.dose, LEAD_IN_SECONDS)) <= upper {
                insert_before_cool_down(steps, step);
                added = true;
            } else if let Some(shrunk) = shrink_to(&step, upper - f64::from(total(steps))) {
                insert_before_cool_down(steps, shrunk);
                added = true;
            }
        }
        if !added {
            return;
        }
    }
}

/// Two variants of one exercise in a session would repeat the same work.
fn is_variant_pair(e: &Exercise, other: &str) -> bool {
    e.easier.as_deref() == Some(other) || e.harder.as_deref() == Some(other)
}

fn insert_before_cool_down(steps: &mut Vec<Step>, step: Step) {
    let at = match steps.last() {
        Some(last) if last.phase == Phase::CoolDown => steps.len() - 1,
        _ => steps.len(),
    };
    steps.insert(at, step);
}

/// The step with fewer sets (and then shorter holds) so it takes at most
/// `room` seconds; `None` if even the smallest dose does not fit.
fn shrink_to(step: &Step, room: f64) -> Option<Step> {
    let mut s = step.clone();
    while f64::from(step_seconds(&s.dose, LEAD_IN_SECONDS)) > room {
        if !shrink_once(&mut s.dose) {
            return None;
        }
    }
    Some(s)
}

/// One notch smaller; false when nothing is left to take away.
fn shrink_once(d: &mut Dose) -> bool {
    if d.sets > 1 {
        d.sets -= 1;
    } else if d.reps.is_some_and(|r| r > 3) {
        d.reps = d.reps.map(|r| r - 1);
    } else if d.hold.is_some_and(|h| h > 10) {
        d.hold = d.hold.map(|h| h.saturating_sub(5).max(10));
    } else {
        return false;
    }
    true
}

/// One notch bigger, within sensible limits; false at the limit.
fn grow_once(d: &mut Dose, base: &Dose) -> bool {
    if d.sets < 4 && d.sets < base.sets + 2 {
        d.sets += 1;
        if d.rest == 0 && d.sets > 1 {
            d.rest = 10;
        }
    } else if d.reps.is_none()
        && d.hold
            .is_some_and(|h| h < base.hold.unwrap_or(h) * 2 && h < 120)
    {
        d.hold = d.hold.map(|h| h + 5);
    } else {
        return false;
    }
    true
}

/// Grows or shrinks doses until the plan is within the tolerance, changing
/// the steps in turn so no single exercise dominates.
fn fit_doses(steps: &mut Vec<Step>, target: u32) {
    let lower = f64::from(target) * (1.0 - FIT_TOLERANCE);
    let upper = f64::from(target) * (1.0 + FIT_TOLERANCE);
    let bases: Vec<Dose> = steps.iter().map(|s| s.dose).collect();
    // Grow: round-robin, each change only if it keeps us under the upper bound.
    let mut progressed = true;
    while f64::from(total(steps)) < lower && progressed {
        progressed = false;
        for i in 0..steps.len() {
            if f64::from(total(steps)) >= lower {
                break;
            }
            let mut d = steps[i].dose;
            if grow_once(&mut d, &bases[i]) {
                let before = step_seconds(&steps[i].dose, LEAD_IN_SECONDS);
                let after = step_seconds(&d, LEAD_IN_SECONDS);
                if f64::from(total(steps) - before + after) <= upper {
                    steps[i].dose = d;
                    progressed = true;
                }
            }
        }
    }
    // Shrink: longest steps first, then drop steps from the middle.
    while f64::from(total(steps)) > upper {
        let longest =
            (0..steps.len()).max_by_key(|&i| step_seconds(&steps[i].dose, LEAD_IN_SECONDS));
        let Some(i) = longest else { return };
        if !shrink_once(&mut steps[i].dose) {
            if steps.len() <= 1 {
                return;
            }
            // Keep the warm-up and the cool-down; drop the last middle step.
            let drop = if steps.len() > 2 { steps.len() - 2 } else { i };
            steps.remove(drop);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lib() -> Library {
        crate::app::builtin_library()
    }

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, n).expect("valid date")
    }

    fn plan_for(lib: &Library, a: &Answers, history: &[PastSession], date: NaiveDate) -> Plan {
        plan(&Request {
            lib,
            answers: a,
            opt_in: &[],
            history,
            date,
            program: None,
        })
        .expect("plans")
    }

    fn desk_worker() -> Answers {
        Answers {
            red_flags: vec![],
            pain: 4,
            areas: vec!["low-back".into(), "hip".into()],
            symptoms: vec![
                "sitting-worse".into(),
                "standing-worse".into(),
                "desk-hours".into(),
            ],
            conditions: vec![],
            equipment: vec!["mat".into(), "chair".into(), "wall".into(), "strap".into()],
            minutes: 15,
        }
    }

    fn ids(p: &Plan) -> Vec<&str> {
        p.steps.iter().map(|s| s.exercise.as_str()).collect()
    }

    #[test]
    fn fits_time_and_is_shaped_warm_up_to_cool_down() {
        let lib = lib();
        for minutes in [5, 10, 15, 20, 30, 45, 60] {
            let a = Answers {
                minutes,
                ..desk_worker()
            };
            let p = plan_for(&lib, &a, &[], day(25));
            let t = f64::from(minutes * 60);
            let got = f64::from(p.seconds_planned);
            assert!(
                got >= t * 0.9 && got <= t * 1.1,
                "{minutes} min -> {got} s: {:?}",
                ids(&p)
            );
            assert_eq!(
                p.steps.first().unwrap().phase,
                Phase::WarmUp,
                "{:?}",
                ids(&p)
            );
            assert_eq!(
                p.steps.last().unwrap().phase,
                Phase::CoolDown,
                "{:?}",
                ids(&p)
            );
            assert!(p.steps.iter().any(|s| s.phase == Phase::Strengthening));
            assert!(p.steps.windows(2).all(|w| w[0].phase <= w[1].phase));
        }
    }

    #[test]
    fn is_deterministic() {
        let lib = lib();
        let a = desk_worker();
        assert_eq!(
            plan_for(&lib, &a, &[], day(3)),
            plan_for(&lib, &a, &[], day(3))
        );
    }

    #[test]
    fn high_pain_is_gentle() {
        let lib = lib();
        let a = Answers {
            pain: 8,
            ..desk_worker()
        };
        let p = plan_for(&lib, &a, &[], day(25));
        assert!(p.gentle);
        for s in &p.steps {
            let e = lib.exercise(&s.exercise).unwrap();
            assert!(!e.loaded && e.difficulty == 1, "{}", e.id);
        }
        assert!(p.notes.iter().any(|n| n.contains("gentler")));
    }

    #[test]
    fn does_not_repeat_the_same_plan_three_days_running() {
        let lib = lib();
        let a = desk_worker();
        let mut history = Vec::new();
        let mut plans = Vec::new();
        for d in 1..=7 {
            let p = plan_for(&lib, &a, &history, day(d));
            history.push(PastSession {
                date: day(d),
                exercises: p.steps.iter().map(|s| s.exercise.clone()).collect(),
                pain_before: 4,
                pain_after: Some(4),
            });
            plans.push(ids(&p).into_iter().map(String::from).collect::<Vec<_>>());
        }
        for w in plans.windows(3) {
            assert!(!(w[0] == w[1] && w[1] == w[2]), "{w:?}");
        }
        let distinct: std::collections::BTreeSet<&String> = plans.iter().flatten().collect();
        assert!(
            distinct.len() > plans[0].len(),
            "only {} exercises used in a week",
            distinct.len()
        );
    }

    fn session(d: u32, exercises: &[&str], before: u8, after: u8) -> PastSession {
        PastSession {
            date: day(d),
            exercises: exercises.iter().map(|s| s.to_string()).collect(),
            pain_before: before,
            pain_after: Some(after),
        }
    }

    #[test]
    fn regresses_to_the_easier_variant_after_pain_rose_by_two() {
        let lib = lib();
        let a = desk_worker();
        let p0 = plan_for(&lib, &a, &[], day(10));
        let strength = p0
            .steps
            .iter()
            .find(|s| s.phase == Phase::Strengthening)
            .unwrap();
        let easier = lib.exercise(&strength.exercise).unwrap().easier.clone();
        let history = [session(9, &[strength.exercise.as_str()], 3, 5)];
        let p = plan_for(&lib, &a, &history, day(10));
        match easier {
            Some(e)
                if exclusion(lib.exercise(&e).unwrap(), &a, &[]).is_none()
                    && !ids(&p0).contains(&e.as_str()) =>
            {
                assert!(ids(&p).contains(&e.as_str()), "{:?}", ids(&p));
                assert!(p.steps.iter().any(|s| s.why.contains("pain rose")));
            }
            _ => assert!(p.steps.iter().any(|s| s.why.contains("smaller dose"))),
        }
    }

    #[test]
    fn progresses_after_three_calm_sessions_but_not_two() {
        let lib = lib();
        let a = Answers {
            minutes: 10,
            ..desk_worker()
        };
        let p0 = plan_for(&lib, &a, &[], day(20));
        let first = p0.steps[0].exercise.clone();
        let calm = |n: u32| -> Vec<PastSession> {
            (1..=n)
                .map(|d| session(d, &[first.as_str()], 4, 3))
                .collect()
        };
        let two = plan_for(&lib, &a, &calm(2), day(20));
        assert!(!two
            .steps
            .iter()
            .any(|s| s.why.contains("without extra pain")));
        let three = plan_for(&lib, &a, &calm(3), day(20));
        assert!(
            three
                .steps
                .iter()
                .any(|s| s.why.contains("3 sessions without extra pain")),
            "{:?}",
            three.steps
        );
    }

    #[test]
    fn programs_drop_unsafe_steps_and_fit_time() {
        let lib = lib();
        let a = Answers {
            conditions: vec!["pregnancy".into()],
            equipment: vec!["chair".into()],
            minutes: 20,
            ..desk_worker()
        };
        let p = plan(&Request {
            lib: &lib,
            answers: &a,
            opt_in: &[],
            history: &[],
            date: day(1),
            program: Some("morning-decompression"),
        })
        .unwrap();
        assert!(p
            .left_out
            .iter()
            .any(|l| l.exercise == "partial-hang" && l.reason == "needs pull-up-bar"));
        assert!(p
            .left_out
            .iter()
            .any(|l| l.exercise == "diaphragmatic-breathing"
                && l.reason == "not safe with pregnancy"));
        assert!(!ids(&p).contains(&"partial-hang"));
        let t = 1200.0;
        assert!(
            f64::from(p.seconds_planned) >= t * 0.9 && f64::from(p.seconds_planned) <= t * 1.1,
            "{}",
            p.seconds_planned
        );
        assert_eq!(
            plan(&Request {
                lib: &lib,
                answers: &a,
                opt_in: &[],
                history: &[],
                date: day(1),
                program: Some("nope")
            }),
            Err(PlanError::UnknownProgram("nope".into()))
        );
    }
}
