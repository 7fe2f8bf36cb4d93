//! A day of severe pain changes position as little as possible: getting
//! down to the floor and up again, or rolling from back to front, is
//! itself hard then. The rest position and breathing stay first; the rest
//! of the steps follow in the order with the fewest changes of position
//! (the position model, `backrelief_library::position`), phase order among
//! equals, and never in an order that breaks a condition's limit on
//! minutes in a row.

use super::{Phase, Request, Step};
use crate::library::position::{fewest_changes, Pace};
use crate::library::Position;

/// Reorders `steps` (already in phase order) for the fewest changes of
/// position after the settling steps.
pub(super) fn fewest_changes_of_position(req: &Request, steps: &mut Vec<Step>) {
    let lib = req.lib;
    let position = |s: &Step| lib.exercise(&s.exercise).map(|e| e.position);
    let settled = steps
        .iter()
        .take_while(|s| s.phase == Phase::Settle)
        .count();
    let Some(start) = steps[..settled].last().or(steps.first()).and_then(position) else {
        return;
    };
    let rest = &steps[settled..];
    let positions: Vec<Position> = rest
        .iter()
        .map(|s| position(s).unwrap_or(Position::Standing))
        .collect();
    let order = fewest_changes(start, &positions, Pace::for_person(req.answers.age, false));
    let mut reordered: Vec<Step> = steps[..settled].to_vec();
    reordered.extend(order.iter().map(|&i| rest[i].clone()));
    let keeps_limits = lib
        .limits_for(&req.answers.conditions)
        .iter()
        .all(|(_, l)| {
            super::longest_run(lib, &reordered, &l.movement) <= l.max_minutes_in_a_row * 60
        });
    if keeps_limits {
        *steps = reordered;
    }
}
