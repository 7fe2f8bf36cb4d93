//! The warm-up's share of the session: a warm-up readies the body with a
//! little easy movement, and the time asked for goes mostly to the main
//! work (strength first, `balance`). The warm-up takes at most
//! `MAX_SHARE` of the time asked for and never more than `MAX_SECONDS`:
//! it never grows past that to fill time (`fit::grow`), a warm-up exercise
//! is added only where it fits in it (`fill`), and one whose own dose is
//! longer is cut down to it (`keep`).
//!
//! basis: precaution. A quarter leaves the main work three quarters of even
//! a five-minute session, and a warm-up of two or three easy movements
//! (about five minutes) readies the back for the gentle work in this
//! library; a longer one only takes time from strength work, which helps
//! backs most (Owen et al. 2020).

use super::fit::shrink_once;
use super::{Phase, Step};
use crate::timing::step_seconds;

/// At most this share of the time asked for...
pub const MAX_SHARE: f64 = 0.25;
/// ...and never more than five minutes.
pub const MAX_SECONDS: u32 = 300;

/// At most this many warm-up exercises: two easy movements ready the back,
/// and a third would take a place (`super::MAX_EXERCISES`) from the main
/// work.
pub const MAX_EXERCISES: usize = 2;

/// The most seconds the warm-up may take in a session of `target` seconds.
pub fn room(target: u32) -> u32 {
    ((f64::from(target) * MAX_SHARE) as u32).min(MAX_SECONDS)
}

/// The seconds left for one more warm-up exercise, or `None` when the
/// warm-up has as many exercises as it may.
pub(super) fn room_left(steps: &[Step], target: u32) -> Option<u32> {
    let count = steps.iter().filter(|s| s.phase == Phase::WarmUp).count();
    (count < MAX_EXERCISES).then(|| room(target).saturating_sub(seconds(steps)))
}

pub(super) use super::fit::warm_up_seconds as seconds;

/// Cuts the warm-up down to its room: the longest warm-up step a notch at
/// a time, then the last of several warm-up steps. One warm-up step at its
/// smallest dose stays, even over: a session always starts gently.
pub(super) fn keep(steps: &mut Vec<Step>, target: u32) {
    let room = room(target);
    while seconds(steps) > room {
        let longest = (0..steps.len())
            .filter(|&i| steps[i].phase == Phase::WarmUp)
            .filter(|&i| {
                let mut d = steps[i].dose;
                shrink_once(&mut d, steps[i].floor)
            })
            .max_by_key(|&i| step_seconds(&steps[i].dose, steps[i].lead_in));
        if let Some(i) = longest {
            let floor = steps[i].floor;
            shrink_once(&mut steps[i].dose, floor);
            steps[i].refresh();
            continue;
        }
        let warm: Vec<usize> = (0..steps.len())
            .filter(|&i| steps[i].phase == Phase::WarmUp)
            .collect();
        match warm.as_slice() {
            [_, .., last] => {
                steps.remove(*last);
            }
            _ => return,
        }
    }
}
