//! Fits doses to the time asked for: a step shrunk to the room left, and
//! the whole plan grown or shrunk a notch at a time into the tolerance.

use super::{Step, FIT_TOLERANCE};
use crate::library::Dose;
use crate::timing::{step_seconds, LEAD_IN_SECONDS};

/// Seconds the steps take at their current doses. Computed from the doses,
/// not `Step::seconds`, which is only refreshed once the plan is done.
pub(super) fn planned_seconds(steps: &[Step]) -> u32 {
    steps
        .iter()
        .map(|s| step_seconds(&s.dose, LEAD_IN_SECONDS))
        .sum()
}

/// The step with fewer sets (and then shorter holds) so it takes at most
/// `room` seconds; `None` if even the smallest dose does not fit.
pub(super) fn shrink_to(step: &Step, room: f64) -> Option<Step> {
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
pub(super) fn fit_doses(steps: &mut Vec<Step>, target: u32) {
    let lower = f64::from(target) * (1.0 - FIT_TOLERANCE);
    let upper = f64::from(target) * (1.0 + FIT_TOLERANCE);
    let bases: Vec<Dose> = steps.iter().map(|s| s.dose).collect();
    // Grow: round-robin, each change only if it keeps us under the upper bound.
    let mut progressed = true;
    while f64::from(planned_seconds(steps)) < lower && progressed {
        progressed = false;
        for i in 0..steps.len() {
            if f64::from(planned_seconds(steps)) >= lower {
                break;
            }
            let mut d = steps[i].dose;
            if grow_once(&mut d, &bases[i]) {
                let before = step_seconds(&steps[i].dose, LEAD_IN_SECONDS);
                let after = step_seconds(&d, LEAD_IN_SECONDS);
                if f64::from(planned_seconds(steps) - before + after) <= upper {
                    steps[i].dose = d;
                    progressed = true;
                }
            }
        }
    }
    // Shrink: longest steps first, then drop steps from the middle.
    while f64::from(planned_seconds(steps)) > upper {
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
