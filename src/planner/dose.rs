//! Dose arithmetic shared by the stages: how much easier or harder a step
//! gets when the day or the history calls for it. Every hold stays a
//! multiple of `HOLD_STEP` and at or above the step's floor (20 s for a
//! static stretch).

use super::HOLD_STEP;
use crate::library::Dose;

/// A rest position or breathing: one still hold of a minute or more, no
/// reps. It grows by lengthening, and may grow even on a gentle day.
pub(super) fn is_still_rest(d: &Dose) -> bool {
    d.reps.is_none() && d.hold.is_some_and(|h| h >= 60)
}

/// Holds rounded to the nearest multiple of five seconds, at least `floor`.
pub(super) fn rounded(d: Dose, floor: u32) -> Dose {
    Dose {
        hold: d.hold.map(|h| hold_at_least(nearest5(h), floor)),
        ..d
    }
}

/// Shorter holds and fewer reps for a high-pain day.
pub(super) fn gentler(d: Dose, floor: u32) -> Dose {
    Dose {
        hold: d
            .hold
            .map(|h| hold_at_least(nearest5(h * 2 / 3), floor).min(h)),
        reps: d.reps.map(|r| (r * 2 / 3).max(3).min(r)),
        ..d
    }
}

/// About a quarter less, and a set fewer, after pain rose.
pub(super) fn smaller(d: Dose, floor: u32) -> Dose {
    Dose {
        hold: d
            .hold
            .map(|h| hold_at_least(nearest5(h * 3 / 4), floor).min(h)),
        reps: d.reps.map(|r| (r * 3 / 4).max(2).min(r)),
        sets: d.sets.saturating_sub(1).max(1),
        ..d
    }
}

/// At least `floor` and at least one step of five seconds.
fn hold_at_least(h: u32, floor: u32) -> u32 {
    h.max(floor).max(HOLD_STEP)
}

/// To the nearest multiple of five seconds, so holds read as round numbers.
fn nearest5(x: u32) -> u32 {
    (x + HOLD_STEP / 2) / HOLD_STEP * HOLD_STEP
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hold(h: u32) -> Dose {
        Dose {
            hold: Some(h),
            reps: None,
            sets: 2,
            per_side: true,
            rest: 5,
            pyramid: 0,
            tempo: None,
            alternating: false,
        }
    }

    #[test]
    fn a_gentler_stretch_never_goes_below_twenty_seconds() {
        // 30 s * 2/3 = 20 s; the old arithmetic gave 13 s for a 20 s hold.
        assert_eq!(gentler(hold(30), 20).hold, Some(20));
        assert_eq!(gentler(hold(20), 20).hold, Some(20));
        assert_eq!(smaller(hold(20), 20).hold, Some(20));
        // Other holds go down in steps of five, never below five.
        assert_eq!(gentler(hold(90), 5).hold, Some(60));
        assert_eq!(gentler(hold(10), 5).hold, Some(5));
        assert_eq!(smaller(hold(5), 5).hold, Some(5));
    }

    #[test]
    fn holds_are_rounded_to_five_seconds() {
        assert_eq!(rounded(hold(8), 5).hold, Some(10));
        assert_eq!(rounded(hold(3), 5).hold, Some(5));
        assert_eq!(rounded(hold(12), 5).hold, Some(10));
        assert_eq!(rounded(hold(15), 20).hold, Some(20));
    }
}
