//! A day of severe pain changes position as little as possible: getting
//! down to the floor and up again, or rolling from back to front, is
//! itself hard then. The rest position and breathing stay first (and what
//! a condition says to begin with after them); the rest
//! of the steps follow in the order with the fewest changes of position
//! (the position model, `backrelief_library::position`), phase order among
//! equals, and never in an order that breaks a condition's limit on
//! minutes in a row.

use super::{Phase, Request, Step};
use crate::library::position::{each_order, fewest_changes, transition_seconds, Pace};
use crate::library::Position;

/// Reorders `steps` (already in phase order) for the fewest changes of
/// position after the settling steps.
pub(super) fn fewest_changes_of_position(req: &Request, steps: &mut Vec<Step>) {
    let lib = req.lib;
    let position = |s: &Step| lib.exercise(&s.exercise).map(|e| e.position);
    let settled = steps
        .iter()
        .take_while(|s| matches!(s.phase, Phase::Settle | Phase::Begin))
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
    adopt_within_limits(req, steps, reordered);
}

/// The movement a condition rules out when quick changes of head position
/// bring on its symptoms (vertigo, dizziness with the head low...).
pub(crate) const QUICK_HEAD_MOVEMENT: &str = "quick-head-movement";

/// Whether the declared conditions (with what they include) rule out quick
/// changes of head position: lying down, getting up and rolling over are
/// such changes, so the plan lies down as little as possible and gathers
/// its steps by position (`fewest_head_changes`).
pub(crate) fn head_changes_hard(lib: &crate::library::Library, conditions: &[String]) -> bool {
    lib.with_includes(conditions)
        .iter()
        .any(|c| c.rules.iter().any(|r| r.movement == QUICK_HEAD_MOVEMENT))
}

/// What one change into, out of or between lying positions (lying down,
/// sitting up, rolling over) costs on top of its seconds for a person
/// whose head changes are hard: more than any change between upright
/// positions or on the floor, so fewer of them always wins.
const LYING_CHANGE_COST: u32 = 60;

/// The cost of going through `positions` in order from `start`, for a
/// person whose head changes are hard.
fn head_change_cost(start: Position, positions: &[Position], pace: Pace) -> u32 {
    let mut at = start;
    let mut cost = 0;
    for &p in positions {
        cost += transition_seconds(at, p, pace);
        if p != at && (p.is_lying() || at.is_lying()) {
            cost += LYING_CHANGE_COST;
        }
        at = p;
    }
    cost
}

/// Every order of the groups is tried up to this many positions.
const EXACT_GROUPS_UP_TO: usize = 6;

/// For a person whose head changes are hard (`head_changes_hard`), on a day
/// planned by phase: the warm-up stays first and the cool-down last, and
/// the steps between are gathered by position, the positions in the order
/// that lies down, gets up and rolls over least (the position model's
/// transitions, from the last warm-up step to the first cool-down step).
/// Each position keeps its steps in phase order. Never in an order that
/// breaks a condition's limit on minutes in a row.
pub(super) fn fewest_head_changes(req: &Request, steps: &mut Vec<Step>) {
    let lib = req.lib;
    let position = |s: &Step| {
        lib.exercise(&s.exercise)
            .map_or(Position::Standing, |e| e.position)
    };
    let head = steps
        .iter()
        .take_while(|s| matches!(s.phase, Phase::Settle | Phase::Begin | Phase::WarmUp))
        .count();
    let tail = steps[head..]
        .iter()
        .rev()
        .take_while(|s| s.phase == Phase::CoolDown)
        .count();
    let end = steps.len() - tail;
    if end <= head + 1 {
        return;
    }
    let start = steps[..head].last().map_or(Position::Standing, position);
    let finish = steps.get(end).map(position);
    let mut groups: Vec<Position> = Vec::new();
    for s in &steps[head..end] {
        let p = position(s);
        if !groups.contains(&p) {
            groups.push(p);
        }
    }
    let pace = Pace::for_person(req.answers.age, true);
    let cost = |order: &[Position]| {
        let mut all = order.to_vec();
        all.extend(finish);
        head_change_cost(start, &all, pace)
    };
    let mut best = groups.clone();
    if groups.len() <= EXACT_GROUPS_UP_TO {
        let mut best_cost = cost(&best);
        let mut idx: Vec<usize> = (0..groups.len()).collect();
        each_order(&mut idx, 0, &mut |o| {
            let order: Vec<Position> = o.iter().map(|&i| groups[i]).collect();
            let c = cost(&order);
            if c < best_cost {
                best_cost = c;
                best = order;
            }
        });
    }
    let middle: Vec<Step> = steps[head..end].to_vec();
    let mut reordered: Vec<Step> = steps[..head].to_vec();
    for p in &best {
        reordered.extend(middle.iter().filter(|s| position(s) == *p).cloned());
    }
    reordered.extend(steps[end..].iter().cloned());
    adopt_within_limits(req, steps, reordered);
}

/// Takes `reordered` for `steps` unless it breaks a condition's limit on
/// minutes in a row (standing, say): a new order never buys fewer position
/// changes with a longer stretch on the feet.
fn adopt_within_limits(req: &Request, steps: &mut Vec<Step>, reordered: Vec<Step>) {
    let lib = req.lib;
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

/// Said on the last step of a plan that ends on the floor for a person
/// whose quick changes of head position are hard.
pub(crate) const SIT_BEFORE_STANDING: &str =
    "then sit up slowly and stay sitting for a minute before you stand";

/// For a person whose quick changes of head position are hard (vertigo),
/// on a day planned by phase: the plan ends sitting or standing where it
/// can (of its closing calm steps, those on the floor go first), if that
/// keeps every limit on minutes in a row. Getting up from the floor is the
/// change that brings positional vertigo on (Bhattacharyya et al. 2017).
pub(super) fn end_upright(req: &Request, steps: &mut Vec<Step>) {
    let on_floor = |s: &Step| on_floor(req, s);
    let tail = steps
        .iter()
        .rev()
        .take_while(|s| s.phase == Phase::CoolDown)
        .count();
    let start = steps.len() - tail;
    if steps.last().is_some_and(on_floor) && steps[start..].iter().any(|s| !on_floor(s)) {
        let mut reordered = steps[..start].to_vec();
        reordered.extend(steps[start..].iter().filter(|s| on_floor(s)).cloned());
        reordered.extend(steps[start..].iter().filter(|s| !on_floor(s)).cloned());
        adopt_within_limits(req, steps, reordered);
    }
}

fn on_floor(req: &Request, s: &Step) -> bool {
    req.lib
        .exercise(&s.exercise)
        .is_some_and(|e| e.position.is_floor())
}

/// When a plan for a person whose quick changes of head position are hard
/// still ends on the floor, its last step says to sit for a minute before
/// standing.
pub(super) fn sit_before_standing(req: &Request, steps: &mut [Step]) {
    if let Some(last) = steps.last_mut().filter(|s| on_floor(req, s)) {
        if !last.because.tail.contains(SIT_BEFORE_STANDING) {
            last.because.tail = super::annotate::join_why(&last.because.tail, SIT_BEFORE_STANDING);
            last.refresh();
        }
    }
}
