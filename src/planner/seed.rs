//! The first steps of a session: a program's own steps, or, from the
//! answers, the best candidate for each phase of a short skeleton.

use super::annotate::{candidate_step, Because, Why};
use super::score::{helps, Candidate};
use super::{
    exclusion, Day, LeftOut, Phase, PlanError, Request, Source, Step, FIRST_SESSION_MAX_DIFFICULTY,
};
use crate::library::{Category, Direction, Exercise, Library};

/// The first steps, where they came from, and what may fill the rest.
pub(super) struct Seed<'a> {
    pub(super) source: Source,
    pub(super) steps: Vec<Step>,
    /// Program steps dropped for safety or equipment.
    pub(super) left_out: Vec<LeftOut>,
    /// The ranked candidates that may fill the rest of the time.
    pub(super) candidates: Vec<Candidate<'a>>,
}

/// Seeds from the program asked for, if any, else from the answers.
pub(super) fn seed<'a>(
    req: &Request<'a>,
    candidates: Vec<Candidate<'a>>,
    day: &Day,
    why: &Why,
) -> Result<Seed<'a>, PlanError> {
    match req.program {
        Some(id) => from_program(req, id, candidates, day),
        None => Ok(from_answers(req, candidates, day, why)),
    }
}

/// On a first session, an exercise above level 2 gives way to its nearest
/// easier variant that is safe and not yet planned; `Err` with the reason
/// when there is none.
fn first_session_variant<'a>(
    req: &Request<'a>,
    e: &'a Exercise,
    planned: &[Step],
) -> Result<&'a Exercise, String> {
    let mut v = e;
    // The variant chains have no cycles (the validator checks), so this
    // ends; the bound only guards a library that slipped past it.
    for _ in 0..req.lib.exercises.len() {
        if v.difficulty <= FIRST_SESSION_MAX_DIFFICULTY {
            if exclusion(req.lib, v, req.answers, req.opt_in).is_none()
                && !planned.iter().any(|s| s.exercise == v.id)
            {
                return Ok(v);
            }
            break;
        }
        match v.easier.as_deref().and_then(|id| req.lib.exercise(id)) {
            Some(next) => v = next,
            None => break,
        }
    }
    Err("left out for a first session: start with easier exercises and build up".to_string())
}

/// Why a step stands in for another: "in place of Glute bridge, which is
/// done lying flat on your back".
pub(super) fn instead_words(e: &Exercise) -> String {
    format!(
        "in place of {}, which is done lying flat on your back",
        e.name
    )
}

/// A program's steps in its order and with its doses, leaving out (and
/// saying why) what is unsafe or needs missing equipment. If the program is
/// too short, what fills it must help one of the program's causes.
fn from_program<'a>(
    req: &Request<'a>,
    id: &str,
    mut candidates: Vec<Candidate<'a>>,
    day: &Day,
) -> Result<Seed<'a>, PlanError> {
    let lib = req.lib;
    let program = lib
        .program(id)
        .ok_or_else(|| PlanError::UnknownProgram(id.to_string()))?;
    let mut steps: Vec<Step> = Vec::new();
    let mut left_out = Vec::new();
    for s in &program.steps {
        let Some(e) = lib.exercise(&s.exercise) else {
            continue;
        };
        if let Some(reason) = exclusion(lib, e, req.answers, req.opt_in) {
            match super::in_place_of(lib, e, req.answers, req.opt_in) {
                Some(v) if !steps.iter().any(|c| c.exercise == v.id) => steps.push(Step::new(
                    v,
                    Phase::of(lib, v),
                    v.dose,
                    Because::text(format!("step of {}: {}", program.name, instead_words(e))),
                )),
                _ => left_out.push(LeftOut {
                    exercise: e.id.to_string(),
                    reason,
                }),
            }
            continue;
        }
        if steps.iter().any(|c| c.exercise == e.id) {
            continue;
        }
        if day.first && e.difficulty > FIRST_SESSION_MAX_DIFFICULTY {
            match first_session_variant(req, e, &steps) {
                Ok(v) => steps.push(Step::new(
                    v,
                    Phase::of(lib, v),
                    v.dose,
                    Because::text(format!(
                        "step of {}: the easier variant of {} for a first session",
                        program.name, e.name
                    )),
                )),
                Err(reason) => left_out.push(LeftOut {
                    exercise: e.id.to_string(),
                    reason,
                }),
            }
            continue;
        }
        let dose = s.dose.map_or(e.dose, |o| e.dose.with(&o));
        steps.push(Step::new(
            e,
            Phase::of(lib, e),
            dose,
            Because::text(format!("step of {}", program.name)),
        ));
    }
    if day.severe {
        severe_trim(req, &mut steps, &mut left_out, day.cap);
    }
    candidates.retain(|c| {
        program.for_causes.is_empty()
            || program
                .for_causes
                .iter()
                .any(|cause| helps(lib, c.exercise, cause))
    });
    Ok(Seed {
        source: Source::Program {
            id: program.id.to_string(),
        },
        steps,
        left_out,
        candidates,
    })
}

/// A program on a day of very severe pain: its rest positions and
/// breathing first (settling), then its other steps in order, at most `cap`
/// in all; the rest is left out with the reason.
fn severe_trim(req: &Request, steps: &mut Vec<Step>, left_out: &mut Vec<LeftOut>, cap: usize) {
    let calm = |s: &Step| {
        req.lib
            .exercise(&s.exercise)
            .is_some_and(|e| e.cool_down || e.category == Category::Breathing)
    };
    let (mut first, rest): (Vec<Step>, Vec<Step>) = steps.drain(..).partition(|s| calm(s));
    for s in &mut first {
        s.phase = Phase::Settle;
    }
    first.extend(rest);
    for s in first.drain(cap.min(first.len())..) {
        left_out.push(LeftOut {
            exercise: s.exercise,
            reason: "left out today: with pain this severe the session is short".to_string(),
        });
    }
    *steps = first;
}

/// One place in the skeleton: the phase a step takes, and which candidates
/// may fill it.
#[derive(Clone, Copy)]
enum Slot {
    Phase(Phase),
    /// A rest position (calm, not a breathing exercise), settling first.
    RestPosition,
    /// Slow breathing, settling first.
    Breathing,
    /// An exercise moving the way that tends to ease the back (away from
    /// today's irritable direction), in its own phase.
    Easing(Direction),
}

/// The skeleton: a warm-up, strength work (stretching alone does little;
/// Owen et al. 2020), and a calm finish. A high-pain day, which rules out
/// loaded work, takes realignment in place of strength; a day of very
/// severe pain starts with a rest position and slow breathing.
fn from_answers<'a>(
    req: &Request<'a>,
    candidates: Vec<Candidate<'a>>,
    day: &Day,
    why: &Why,
) -> Seed<'a> {
    let lib = req.lib;
    let base: &[Slot] = if day.severe || day.flare {
        &[
            Slot::RestPosition,
            Slot::Breathing,
            Slot::Phase(Phase::WarmUp),
            Slot::Phase(Phase::CoolDown),
        ]
    } else if day.gentle {
        &[
            Slot::Phase(Phase::WarmUp),
            Slot::Phase(Phase::Realignment),
            Slot::Phase(Phase::CoolDown),
        ]
    } else {
        &[
            Slot::Phase(Phase::WarmUp),
            Slot::Phase(Phase::Strengthening),
            Slot::Phase(Phase::CoolDown),
        ]
    };
    // With a direction to spare, one exercise moving the other way is
    // always in (matched exercise did better; Long et al. 2004).
    let mut skeleton = base.to_vec();
    if let Some(d) = day.irritable {
        skeleton.push(Slot::Easing(d.opposite()));
    }
    let mut steps: Vec<Step> = Vec::new();
    // Settling comes first on a day that has it; then what the conditions
    // say to begin with; then the rest of the skeleton, as far as the day's
    // cap on exercises allows.
    let settling = skeleton
        .iter()
        .take_while(|s| matches!(s, Slot::RestPosition | Slot::Breathing))
        .count();
    let mut slots = skeleton.into_iter();
    for slot in slots.by_ref().take(settling) {
        let best = candidates
            .iter()
            .filter(|c| !steps.iter().any(|s| s.exercise == c.exercise.id))
            .find(|c| fits(lib, c, slot));
        if let Some(best) = best {
            steps.push(candidate_step(best, Phase::Settle, why));
        }
    }
    begin_with(req, &candidates, &mut steps, day, why);
    for slot in slots {
        if steps.len() >= day.cap {
            break;
        }
        let open = |c: &&Candidate| !steps.iter().any(|s| s.exercise == c.exercise.id);
        // When quick changes of head position are hard (vertigo), the
        // session ends sitting or standing where it can: getting up from
        // the floor last is the change that brings the dizziness on.
        let upright = matches!(slot, Slot::Phase(Phase::CoolDown)) && day.head_changes_hard;
        let best = candidates
            .iter()
            .filter(open)
            .find(|c| upright && !c.exercise.position.is_floor() && fits(lib, c, slot))
            .or_else(|| candidates.iter().filter(open).find(|c| fits(lib, c, slot)));
        let Some(best) = best else { continue };
        let phase = match slot {
            Slot::Phase(p) => p,
            Slot::RestPosition | Slot::Breathing => Phase::Settle,
            Slot::Easing(_) => best.phase,
        };
        steps.push(candidate_step(best, phase, why));
    }
    plan_with(req, &candidates, &mut steps, day, why);
    Seed {
        source: Source::Answers,
        steps,
        left_out: Vec::new(),
        candidates,
    }
}

/// The conditions' `plan_with` entries (with what they include), each
/// once: an entry no step meets yet adds what meets it
/// (`entry_candidate`), in its own phase, while the day's cap allows.
fn plan_with<'a>(
    req: &Request<'a>,
    candidates: &[Candidate<'a>],
    steps: &mut Vec<Step>,
    day: &Day,
    why: &Why,
) {
    let entries = entries(req.lib, &req.answers.conditions, |c| &c.plan_with);
    add_entries(req, candidates, steps, day, why, &entries, None);
}

/// Adds a step for each of `entries` that no step meets yet, in `phase`
/// (or the step's own), while the day's cap allows.
fn add_entries<'a>(
    req: &Request<'a>,
    candidates: &[Candidate<'a>],
    steps: &mut Vec<Step>,
    day: &Day,
    why: &Why,
    entries: &[&str],
    phase: Option<Phase>,
) {
    let lib = req.lib;
    for &entry in entries {
        if steps.len() >= day.cap {
            break;
        }
        let met = steps
            .iter()
            .any(|s| lib.exercise(&s.exercise).is_some_and(|e| meets(e, entry)));
        if met {
            continue;
        }
        if let Some(best) = entry_candidate(req, candidates, steps, day, entry) {
            steps.push(candidate_step(&best, phase.unwrap_or(best.phase), why));
        }
    }
}

/// Whether exercise `e` meets a `begin_with` or `plan_with` entry: it is
/// that exercise, or of that category.
fn meets(e: &Exercise, entry: &str) -> bool {
    e.id == entry || e.category.as_str() == entry
}

/// What meets `entry` today and is not planned yet: the best-ranked
/// candidate that does; else, for an exercise id whose family the ladder
/// has placed on another rung (the tummy brace's family climbs to the
/// seated march), that exercise itself at its usual dose, when it is safe
/// and allowed today.
fn entry_candidate<'a>(
    req: &Request<'a>,
    candidates: &[Candidate<'a>],
    steps: &[Step],
    day: &Day,
    entry: &str,
) -> Option<Candidate<'a>> {
    let open = |id: &str| !steps.iter().any(|s| s.exercise == id);
    if let Some(c) = candidates
        .iter()
        .find(|c| open(&c.exercise.id) && meets(c.exercise, entry))
    {
        return Some(c.clone());
    }
    let e = req.lib.exercise(entry)?;
    let allowed = exclusion(req.lib, e, req.answers, req.opt_in).is_none()
        && (!day.first || e.difficulty <= FIRST_SESSION_MAX_DIFFICULTY);
    (allowed && open(&e.id)).then(|| Candidate {
        exercise: e,
        phase: Phase::of(req.lib, e),
        score: 0,
        dose: e.dose,
        ladder: None,
    })
}

/// The entries `pick` finds on the declared conditions (with what they
/// include), each once, in order, by current exercise ids.
fn entries<'a>(
    lib: &'a Library,
    conditions: &[String],
    pick: impl Fn(&'a crate::library::Condition) -> &'a crate::library::List<crate::library::Text>,
) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for c in lib.with_includes(conditions) {
        for e in pick(c).iter() {
            let e = lib.current_id(e);
            if !out.contains(&e) {
                out.push(e);
            }
        }
    }
    out
}

/// The conditions' `begin_with` entries (with what they include), each
/// once, in order: an exercise id, or a category (the best-ranked safe
/// candidate of it). An entry a step already planned meets (slow breathing
/// settling a day of severe pain) adds nothing; one nothing safe meets
/// today is passed over. The steps it adds are `Phase::Begin`.
fn begin_with<'a>(
    req: &Request<'a>,
    candidates: &[Candidate<'a>],
    steps: &mut Vec<Step>,
    day: &Day,
    why: &Why,
) {
    let entries = entries(req.lib, &req.answers.conditions, |c| &c.begin_with);
    add_entries(
        req,
        candidates,
        steps,
        day,
        why,
        &entries,
        Some(Phase::Begin),
    );
}

/// Whether a candidate can fill a slot; exercises marked as a cool-down
/// can end a session whatever their category.
fn fits(lib: &Library, c: &Candidate, slot: Slot) -> bool {
    let breathing = c.exercise.category == Category::Breathing;
    match slot {
        Slot::Easing(d) => {
            lib.moves_toward(c.exercise, d) && !lib.moves_toward(c.exercise, d.opposite())
        }
        Slot::Phase(Phase::CoolDown) => c.phase == Phase::CoolDown || c.exercise.cool_down,
        Slot::Phase(p) => c.phase == p,
        Slot::RestPosition => c.exercise.cool_down && !breathing,
        Slot::Breathing => breathing,
    }
}
