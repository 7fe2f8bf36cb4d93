//! Strength first: outside the warm-up and cool-down, strength work takes
//! at least `MIN_STRENGTH_SHARE` of the time on an ordinary day. Stretching
//! alone did about as well as no treatment; strengthening and motor-control
//! work ranked best (Owen et al., BJSM 2020).

use super::fit::{grow, grow_once, planned_seconds, shrink_once, Growth};
use super::{Phase, Step, FIT_TOLERANCE, MIN_STRENGTH_SHARE};
use crate::timing::{step_seconds, LEAD_IN_SECONDS};

/// Whether a step is part of the main work (not settling, what a
/// condition says to begin with, warm-up or cool-down).
fn is_main(s: &Step) -> bool {
    !matches!(
        s.phase,
        Phase::Settle | Phase::Begin | Phase::WarmUp | Phase::CoolDown
    )
}

/// The share of the main work's time spent on strength, or `None` when the
/// plan has no main work.
pub fn strength_share(steps: &[Step]) -> Option<f64> {
    let seconds = |s: &Step| f64::from(step_seconds(&s.dose, LEAD_IN_SECONDS));
    let main: f64 = steps.iter().filter(|s| is_main(s)).map(seconds).sum();
    let strength: f64 = steps
        .iter()
        .filter(|s| s.phase == Phase::Strengthening)
        .map(seconds)
        .sum();
    (main > 0.0).then(|| strength / main)
}

/// Moves time from other main work to strength until strength has its
/// share: strength steps grow a notch while the plan stays within its time,
/// else the longest other step shrinks a notch, else the last other step is
/// dropped. Then the plan is grown back to its time, strength first.
pub(super) fn balance(steps: &mut Vec<Step>, target: u32, warm_room: Option<u32>) {
    let upper = f64::from(target) * (1.0 + FIT_TOLERANCE);
    // Each pass changes one dose by a notch or drops a step, so a few
    // hundred passes are far more than any plan needs.
    for _ in 0..500 {
        if strength_share(steps).is_none_or(|s| s >= MIN_STRENGTH_SHARE) {
            break;
        }
        if !steps.iter().any(|s| s.phase == Phase::Strengthening) {
            break;
        }
        if grow_strength_once(steps, upper) {
            continue;
        }
        let longest_other = (0..steps.len())
            .filter(|&i| is_main(&steps[i]) && steps[i].phase != Phase::Strengthening)
            .filter(|&i| {
                let mut d = steps[i].dose;
                shrink_once(&mut d, steps[i].floor)
            })
            .max_by_key(|&i| step_seconds(&steps[i].dose, LEAD_IN_SECONDS));
        if let Some(i) = longest_other {
            let floor = steps[i].floor;
            shrink_once(&mut steps[i].dose, floor);
            continue;
        }
        let last_other = (0..steps.len())
            .rev()
            .find(|&i| is_main(&steps[i]) && steps[i].phase != Phase::Strengthening);
        match last_other {
            Some(i) => {
                steps.remove(i);
            }
            None => break,
        }
    }
    grow(steps, target, true, &|_| true, Growth::Padding, warm_room);
}

/// Grows the shortest strength step that can grow within `upper`.
fn grow_strength_once(steps: &mut [Step], upper: f64) -> bool {
    let total = planned_seconds(steps);
    let mut order: Vec<usize> = (0..steps.len())
        .filter(|&i| steps[i].phase == Phase::Strengthening)
        .collect();
    order.sort_by_key(|&i| step_seconds(&steps[i].dose, LEAD_IN_SECONDS));
    for i in order {
        let before = step_seconds(&steps[i].dose, LEAD_IN_SECONDS);
        let base = *steps[i].base.get_or_insert(steps[i].dose);
        let mut d = steps[i].dose;
        if !grow_once(&mut d, &base, steps[i].floor, Growth::Padding) || !steps[i].may_take(&d) {
            continue;
        }
        let after = step_seconds(&d, LEAD_IN_SECONDS);
        if f64::from(total - before + after) <= upper {
            steps[i].dose = d;
            return true;
        }
    }
    false
}
