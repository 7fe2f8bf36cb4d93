//! Fits doses to the time asked for: a step shrunk to the room left, and
//! the whole plan grown or shrunk a notch at a time into the tolerance.

use super::{
    Phase, Step, FIT_TOLERANCE, HOLD_STEP, OLDER_STRETCH_MAX_HOLD, OLDER_STRETCH_MIN_HOLD,
    STRETCH_MIN_HOLD,
};
use crate::library::Dose;
use crate::timing::{step_seconds, LEAD_IN_SECONDS};

/// Seconds the steps take at their current doses. Computed from the doses,
/// not `Step::seconds`, which is only refreshed once the plan is done.
pub(super) fn planned_seconds(steps: &[Step]) -> u32 {
    steps.iter().map(|s| step_seconds(&s.dose, s.lead_in)).sum()
}

/// Whether the plan is within the tolerance of the target.
pub(super) fn within(steps: &[Step], target: u32) -> bool {
    let t = f64::from(planned_seconds(steps));
    t >= f64::from(target) * (1.0 - FIT_TOLERANCE) && t <= f64::from(target) * (1.0 + FIT_TOLERANCE)
}

/// The step with fewer sets (and then fewer reps and shorter holds) so it
/// takes at most `room` seconds; `None` if even the smallest dose does not
/// fit.
pub(super) fn shrink_to(step: &Step, room: f64) -> Option<Step> {
    let mut s = step.clone();
    while f64::from(step_seconds(&s.dose, s.lead_in)) > room {
        if !shrink_once(&mut s.dose, s.floor) {
            return None;
        }
    }
    Some(s)
}

/// One notch smaller, never a hold below `floor` (20 s for a stretch);
/// false when nothing is left to take away.
pub(super) fn shrink_once(d: &mut Dose, floor: u32) -> bool {
    if d.sets > 1 {
        d.sets -= 1;
    } else if d.reps.is_some_and(|r| r > 3) {
        d.reps = d.reps.map(|r| r - 1);
    } else if d.hold.is_some_and(|h| h > floor.max(HOLD_STEP)) {
        d.hold = d
            .hold
            .map(|h| h.saturating_sub(HOLD_STEP).max(floor.max(HOLD_STEP)));
    } else {
        return false;
    }
    true
}

/// Growing a dose to fill time stops here: 2-3 sets of 8-12 (clinical
/// notes, dosing defaults).
const STRENGTH_MAX_SETS: u32 = 3;
const STRENGTH_MAX_REPS: u32 = 12;
/// Rest between sets may grow to a minute and a half, the last padding
/// (`Growth::Padding`): for strength, the ACSM position stand on
/// resistance training recommends 1-2 minutes between sets of single-joint
/// exercises (as quoted in J Strength Cond Res 2011;25(11), "The effect of
/// rest interval length on multi and single-joint exercise performance"),
/// so a longer rest adds no load.
const REST_MAX_SECONDS: u32 = 90;

/// What growing a dose may add. Time is filled with work first (more sets
/// and reps, a longer hold of a strength or balance exercise, a stretch
/// held to its usual 30 s), and only once no more exercise fits (`fill`),
/// with padding: longer rests between sets, an older adult's stretch held
/// past 30 s, a rest position or breathing held longer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Growth {
    Work,
    Padding,
}

/// One notch bigger, within the dosing evidence; false at the limit (or
/// when the next notch is padding and `growth` allows only work).
/// Strength work gets up to 3 sets of up to 12 reps (2-3 sets of 8-12); a
/// stretch a third set or a longer hold, up to 30 s (about a minute per
/// stretch in all, ACSM); other holds up to twice their usual length. A
/// descending pyramid (McGill's 6-4-2) is the dose itself and never grows:
/// it is made harder by progression over sessions, not to fill time.
pub(super) fn grow_once(d: &mut Dose, base: &Dose, floor: u32, growth: Growth) -> bool {
    let pad = growth == Growth::Padding;
    let stretch = floor >= STRETCH_MIN_HOLD;
    if d.pyramid > 0 {
        return false;
    }
    if stretch {
        // An older adult's stretch (a higher floor) grows to a minute's
        // hold, and to more sets only while a side stays about a minute.
        let older = floor >= OLDER_STRETCH_MIN_HOLD;
        let most = if older && pad {
            OLDER_STRETCH_MAX_HOLD
        } else {
            30
        };
        if d.hold.is_some_and(|h| h < most) {
            d.hold = d.hold.map(|h| (h + HOLD_STEP).min(most));
            return true;
        }
        let minute = |sets: u32| d.hold.unwrap_or(0) * sets <= OLDER_STRETCH_MAX_HOLD;
        if d.sets < 3 && (!older || minute(d.sets + 1)) {
            d.sets += 1;
            if d.rest == 0 {
                d.rest = 10;
            }
            return true;
        }
        return false;
    }
    // A long rest or breathing hold grows longer rather than repeating.
    if d.reps.is_none() && super::dose::is_still_rest(base) {
        let most = if pad {
            base.hold.map_or(0, |h| h * 2)
        } else {
            0
        };
        if d.hold.is_some_and(|h| h < most) {
            d.hold = d.hold.map(|h| (h + 15).min(most));
            return true;
        }
        return false;
    }
    if d.sets < STRENGTH_MAX_SETS && d.sets < base.sets + 2 {
        d.sets += 1;
        if d.rest == 0 && d.sets > 1 {
            d.rest = 10;
        }
    } else if d.reps.is_none()
        && d.hold
            .is_some_and(|h| h < base.hold.unwrap_or(h) * 2 && h < 120)
    {
        d.hold = d.hold.map(|h| h + HOLD_STEP);
    } else if let Some(r) = d
        .reps
        .filter(|r| *r < (base.reps.unwrap_or(*r) + 4).min(STRENGTH_MAX_REPS))
    {
        // Then a few more reps (8-12 is the usual range for strength).
        d.reps = Some((r + 2).min((base.reps.unwrap_or(r) + 4).min(STRENGTH_MAX_REPS)));
    } else if pad && d.sets > 1 && d.rest < REST_MAX_SECONDS {
        // At the most work the evidence supports, a longer rest between
        // sets fills time without adding load.
        d.rest = (d.rest + 15).min(REST_MAX_SECONDS);
    } else {
        return false;
    }
    true
}

/// Grows doses until the plan reaches the lower bound, changing the steps
/// in turn so no single exercise dominates, and each change only if it
/// keeps the plan under the upper bound and the warm-up within `warm_room`
/// seconds, if given (a plan by phase, not a program: see `warm_up`).
/// With `strength_first`, strength steps grow before any other, so
/// strength stays the larger share. Only steps `may_grow` allows change,
/// and only by what `growth` allows.
pub(super) fn grow(
    steps: &mut [Step],
    target: u32,
    strength_first: bool,
    may_grow: &dyn Fn(&Step) -> bool,
    growth: Growth,
    warm_room: Option<u32>,
) {
    let lower = f64::from(target) * (1.0 - FIT_TOLERANCE);
    let upper = f64::from(target) * (1.0 + FIT_TOLERANCE);
    for s in steps.iter_mut() {
        if s.base.is_none() {
            s.base = Some(s.dose);
        }
    }
    let rounds: &[bool] = if strength_first {
        &[true, false]
    } else {
        &[false]
    };
    for &only_strength in rounds {
        let mut progressed = true;
        while f64::from(planned_seconds(steps)) < lower && progressed {
            progressed = false;
            for i in 0..steps.len() {
                if f64::from(planned_seconds(steps)) >= lower {
                    break;
                }
                // More of the warm-up is not more work: it grows only as
                // padding, within its room.
                let warm = warm_room.is_some() && steps[i].phase == Phase::WarmUp;
                if (only_strength && steps[i].phase != Phase::Strengthening)
                    || !may_grow(&steps[i])
                    || (warm && growth == Growth::Work)
                {
                    continue;
                }
                let mut d = steps[i].dose;
                let base = steps[i].base.unwrap_or(d);
                if grow_once(&mut d, &base, steps[i].floor, growth) && steps[i].may_take(&d) {
                    let before = step_seconds(&steps[i].dose, LEAD_IN_SECONDS);
                    let after = step_seconds(&d, LEAD_IN_SECONDS);
                    if f64::from(planned_seconds(steps) - before + after) <= upper
                        && warm_room.is_none_or(|room| {
                            !warm || warm_up_seconds(steps) - before + after <= room
                        })
                    {
                        steps[i].dose = d;
                        progressed = true;
                    }
                }
            }
        }
    }
}

/// Seconds the warm-up steps take at their current doses.
pub(super) fn warm_up_seconds(steps: &[Step]) -> u32 {
    steps
        .iter()
        .filter(|s| s.phase == Phase::WarmUp)
        .map(|s| step_seconds(&s.dose, s.lead_in))
        .sum()
}

/// Shrinks doses until the plan is under the upper bound: longest steps
/// first, then drops steps from the middle.
pub(super) fn shrink(steps: &mut Vec<Step>, target: u32) {
    let upper = f64::from(target) * (1.0 + FIT_TOLERANCE);
    while f64::from(planned_seconds(steps)) > upper {
        let shrinkable = (0..steps.len())
            .filter(|&i| {
                let mut d = steps[i].dose;
                shrink_once(&mut d, steps[i].floor)
            })
            .max_by_key(|&i| step_seconds(&steps[i].dose, LEAD_IN_SECONDS));
        if let Some(i) = shrinkable {
            let floor = steps[i].floor;
            shrink_once(&mut steps[i].dose, floor);
            continue;
        }
        if steps.len() <= 1 {
            return;
        }
        // Keep the warm-up and the cool-down; drop the last middle step.
        let drop = if steps.len() > 2 { steps.len() - 2 } else { 1 };
        steps.remove(drop);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dose(reps: Option<u32>, hold: Option<u32>, sets: u32, rest: u32) -> Dose {
        Dose {
            hold,
            reps,
            sets,
            per_side: false,
            rest,
            pyramid: 0,
            tempo: None,
            alternating: false,
        }
    }

    /// Grows `d` as far as `growth` allows.
    fn grown(mut d: Dose, floor: u32, growth: Growth) -> Dose {
        let base = d;
        while grow_once(&mut d, &base, floor, growth) {}
        d
    }

    #[test]
    fn work_adds_sets_and_reps_and_only_padding_lengthens_rests_and_holds() {
        // Strength: sets and reps up to 3 x 12 as work; the rest between
        // sets only as padding, up to a minute and a half.
        let strength = dose(Some(10), None, 2, 15);
        let work = grown(strength, HOLD_STEP, Growth::Work);
        assert_eq!((work.sets, work.reps, work.rest), (3, Some(12), 15));
        let padded = grown(strength, HOLD_STEP, Growth::Padding);
        assert_eq!((padded.sets, padded.reps, padded.rest), (3, Some(12), 90));
        // An older adult's stretch: more sets as work (a minute a side in
        // all), held past 30 s only as padding.
        let stretch = dose(None, Some(30), 1, 0);
        let work = grown(stretch, OLDER_STRETCH_MIN_HOLD, Growth::Work);
        assert_eq!((work.sets, work.hold), (2, Some(30)));
        let padded = grown(stretch, OLDER_STRETCH_MIN_HOLD, Growth::Padding);
        assert!(padded.hold > Some(30), "{padded:?}");
        // A younger adult's stretch grows to 30 s as work.
        let young = grown(dose(None, Some(20), 1, 0), STRETCH_MIN_HOLD, Growth::Work);
        assert_eq!(young.hold, Some(30));
        // A rest position or breathing is held longer only as padding.
        let rest = dose(None, Some(90), 1, 0);
        assert_eq!(grown(rest, HOLD_STEP, Growth::Work), rest);
        assert_eq!(grown(rest, HOLD_STEP, Growth::Padding).hold, Some(180));
    }
}
