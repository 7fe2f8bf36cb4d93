//! Time to change position: each step's get-ready time follows the change
//! from the step before (the position model, `backrelief_library::position`):
//! 5 s in the same position or for the other side, 10 s between standing
//! and sitting or within the floor, 20 s down to the floor or up from it,
//! more from 65. The session starts standing. These seconds count in each
//! step's time, so the plan is fitted with them.

use super::{Request, Step};
use crate::library::position::{transition_seconds, Pace};
use crate::library::Position;

/// Sets each step's lead-in from the change of position before it.
pub(super) fn get_ready(req: &Request, steps: &mut [Step]) {
    let pace = Pace::for_person(req.answers.age, false);
    let mut at = Position::Standing;
    for s in steps.iter_mut() {
        let Some(to) = req.lib.exercise(&s.exercise).map(|e| e.position) else {
            continue;
        };
        s.lead_in = transition_seconds(at, to, pace);
        s.refresh();
        at = to;
    }
}

/// Sets the lead-ins, then shrinks the plan until it fits with them (a
/// step dropped changes the next one's change of position, so they are
/// set again after each shrink).
pub(super) fn fit_with_get_ready(req: &Request, steps: &mut Vec<Step>, target: u32) {
    for _ in 0..4 {
        get_ready(req, steps);
        let upper = f64::from(target) * (1.0 + super::FIT_TOLERANCE);
        if f64::from(super::fit::planned_seconds(steps)) <= upper {
            return;
        }
        super::fit::shrink(steps, target);
    }
    get_ready(req, steps);
}
