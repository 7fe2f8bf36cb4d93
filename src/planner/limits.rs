//! Limits over consecutive steps: a condition may allow a movement only for
//! so many minutes in a row (lying on the back after the first trimester).
//! A run that would go over is broken by moving a step without that
//! movement (from the same phase) in between; failing that, the step that
//! goes over does fewer sets; failing that, it is left out with the reason.

use super::fit::shrink_once;
use super::{LeftOut, Step};
use crate::library::Library;

/// Makes `steps` keep every limit of the declared conditions.
pub(super) fn enforce(
    lib: &Library,
    conditions: &[String],
    steps: &mut Vec<Step>,
    left_out: &mut Vec<LeftOut>,
) {
    for (_, limit) in lib.limits_for(conditions) {
        let max = limit.max_minutes_in_a_row * 60;
        let has = |s: &Step| {
            lib.exercise(&s.exercise)
                .is_some_and(|e| lib.involves(e, &limit.movement))
        };
        let mut run = 0u32;
        let mut k = 0;
        while k < steps.len() {
            if !has(&steps[k]) {
                run = 0;
                k += 1;
                continue;
            }
            if run + steps[k].seconds <= max {
                run += steps[k].seconds;
                k += 1;
                continue;
            }
            // Break the run with a step that does not have the movement.
            if run > 0 {
                let phase = steps[k].phase;
                let other =
                    (k + 1..steps.len()).find(|&j| steps[j].phase == phase && !has(&steps[j]));
                if let Some(j) = other {
                    let s = steps.remove(j);
                    steps.insert(k, s);
                    continue;
                }
            }
            // A smaller dose (fewer sets, then fewer reps, shorter holds),
            // while that helps.
            while run + steps[k].seconds > max {
                let floor = steps[k].floor;
                if !shrink_once(&mut steps[k].dose, floor) {
                    break;
                }
                steps[k].refresh();
            }
            if run + steps[k].seconds <= max {
                run += steps[k].seconds;
                k += 1;
                continue;
            }
            let s = steps.remove(k);
            let name = lib
                .movement(&limit.movement)
                .map_or(limit.movement.as_str(), |m| m.name.as_str());
            left_out.push(LeftOut {
                exercise: s.exercise,
                reason: format!(
                    "left out: {name} at most {} minutes in a row, {}",
                    limit.max_minutes_in_a_row, limit.reason
                ),
            });
        }
    }
}

/// Whether a step has a movement one of the conditions limits.
pub(super) fn is_limited(lib: &Library, conditions: &[String], s: &Step) -> bool {
    lib.exercise(&s.exercise).is_some_and(|e| {
        lib.limits_for(conditions)
            .iter()
            .any(|(_, l)| lib.involves(e, &l.movement))
    })
}

/// The longest time in a row, in seconds, that `steps` spend on a movement.
pub fn longest_run(lib: &Library, steps: &[Step], movement: &str) -> u32 {
    let mut best = 0;
    let mut run = 0;
    for s in steps {
        if lib
            .exercise(&s.exercise)
            .is_some_and(|e| lib.involves(e, movement))
        {
            run += s.seconds;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}
