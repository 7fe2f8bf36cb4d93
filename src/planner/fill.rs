//! Adds steps until the planned time reaches the time asked for, or the
//! session has as many exercises as it should (`fit` then grows doses).

use super::annotate::{candidate_step, Why};
use super::fit::{planned_seconds, shrink_to};
use super::score::Candidate;
use super::{warm_up, Day, Phase, Step, FIT_TOLERANCE};
use crate::library::Exercise;
use crate::timing::{step_seconds, LEAD_IN_SECONDS};

/// Adds candidates, cycling through the phases, until the time is used or
/// there are `wanted` steps (never more than the day's cap). With
/// `by_phase` each turn of the cycle takes the best candidate of that
/// phase, so the session stays balanced; without it (a program) simply the
/// best candidates. A candidate too long for the room left is shrunk to
/// fit. Returns how many steps it added.
pub(super) fn fill(
    steps: &mut Vec<Step>,
    candidates: &[Candidate],
    day: &Day,
    wanted: usize,
    by_phase: bool,
    words: &Why,
) -> usize {
    let target = day.target;
    let wanted = wanted.min(day.cap);
    // Strength comes up three times in each turn of the cycle on an
    // ordinary day: it should be the larger share of the work.
    let cycle: &[Phase] = if day.gentle {
        &[
            Phase::Realignment,
            Phase::WarmUp,
            Phase::Decompression,
            Phase::Release,
            Phase::Strengthening,
        ]
    } else {
        &[
            Phase::Strengthening,
            Phase::Release,
            Phase::Strengthening,
            Phase::Realignment,
            Phase::Decompression,
            Phase::Strengthening,
            Phase::WarmUp,
        ]
    };
    let mut added = 0;
    loop {
        let mut any = false;
        for phase in cycle {
            if planned_seconds(steps) >= target || steps.len() >= wanted {
                return added;
            }
            if add_one(steps, candidates, day, by_phase.then_some(*phase), words) {
                added += 1;
                any = true;
            }
        }
        if !any {
            return added;
        }
    }
}

/// Adds the best candidate not yet planned (of `phase`, if given: a plan
/// by phase), shrunk to the room left when it is too long, and a warm-up
/// only within the warm-up's room (`warm_up`). False when none fits.
fn add_one(
    steps: &mut Vec<Step>,
    candidates: &[Candidate],
    day: &Day,
    phase: Option<Phase>,
    words: &Why,
) -> bool {
    let upper = f64::from(day.target) * (1.0 + FIT_TOLERANCE);
    let next = candidates.iter().find(|c| {
        phase.is_none_or(|p| c.phase == p)
            && !steps.iter().any(|s| s.exercise == c.exercise.id)
            && !steps
                .iter()
                .any(|s| is_variant_pair(c.exercise, &s.exercise))
    });
    let Some(c) = next else { return false };
    let mut step = candidate_step(c, c.phase, words);
    if day.gentle {
        step.soften();
    }
    let mut room = upper - f64::from(planned_seconds(steps));
    if phase == Some(Phase::WarmUp) {
        let Some(warm) = warm_up::room_left(steps, day.target) else {
            return false;
        };
        room = room.min(f64::from(warm));
    }
    if f64::from(step_seconds(&step.dose, LEAD_IN_SECONDS)) <= room {
        insert_before_cool_down(steps, step);
        true
    } else if let Some(shrunk) = shrink_to(&step, room) {
        insert_before_cool_down(steps, shrunk);
        true
    } else {
        false
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
