//! Adds steps until the planned time reaches the time asked for.

use super::annotate::{candidate_step, Why};
use super::fit::{planned_seconds, shrink_to};
use super::score::Candidate;
use super::{dose, Phase, Step, FIT_TOLERANCE};
use crate::library::Exercise;
use crate::timing::{step_seconds, LEAD_IN_SECONDS};

/// Adds candidates, cycling through the phases, until the time is used.
/// With `by_phase` each turn of the cycle takes the best candidate of that
/// phase, so the session stays balanced; without it (a program) simply the
/// best candidates. A candidate too long for the room left is shrunk to fit.
pub(super) fn fill(
    steps: &mut Vec<Step>,
    candidates: &[Candidate],
    target: u32,
    gentle: bool,
    by_phase: bool,
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
            if planned_seconds(steps) >= target {
                return;
            }
            let next = candidates.iter().find(|c| {
                (!by_phase || c.phase == *phase)
                    && !steps.iter().any(|s| s.exercise == c.exercise.id)
                    && !steps
                        .iter()
                        .any(|s| is_variant_pair(c.exercise, &s.exercise))
            });
            let Some(c) = next else { continue };
            let mut step = candidate_step(c, c.phase, words);
            if gentle {
                step.dose = dose::gentler(step.dose);
            }
            if f64::from(planned_seconds(steps) + step_seconds(&step.dose, LEAD_IN_SECONDS))
                <= upper
            {
                insert_before_cool_down(steps, step);
                added = true;
            } else if let Some(shrunk) = shrink_to(&step, upper - f64::from(planned_seconds(steps)))
            {
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
