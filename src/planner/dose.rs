//! Dose arithmetic shared by the stages: how much easier or harder a step
//! gets when the day or the history calls for it.

use crate::library::Dose;

/// Shorter holds and fewer reps for a high-pain day.
pub(super) fn gentler(d: Dose) -> Dose {
    Dose {
        hold: d.hold.map(|h| if h > 10 { (h * 2 / 3).max(10) } else { h }),
        reps: d.reps.map(|r| (r * 2 / 3).max(3)),
        ..d
    }
}

/// About a quarter less, and a set fewer, after pain rose.
pub(super) fn smaller(d: Dose) -> Dose {
    Dose {
        hold: d.hold.map(|h| (h * 3 / 4).max(5)),
        reps: d.reps.map(|r| (r * 3 / 4).max(2)),
        sets: d.sets.saturating_sub(1).max(1),
        ..d
    }
}

/// A quarter longer holds or two more reps, within limits, after calm
/// sessions.
pub(super) fn a_little_more(d: Dose) -> Dose {
    Dose {
        hold: d.hold.map(|h| round5(h + h / 4).min(120)),
        reps: d.reps.map(|r| (r + 2).min(20)),
        ..d
    }
}

/// Up to the next multiple of five seconds, so holds read as round numbers.
fn round5(x: u32) -> u32 {
    x.div_ceil(5) * 5
}
