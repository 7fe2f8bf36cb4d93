//! Adapting the day to the person's pain: a high-pain day is gentler (a
//! session that raised pain steps its family back on the `ladder`).

use super::Step;
use crate::library::Exercise;

/// On a high-pain day the easiest exercises rank first.
pub(super) fn gentle_penalty(e: &Exercise, gentle: bool) -> i64 {
    if gentle {
        -i64::from(e.difficulty) * 5
    } else {
        0
    }
}

/// Gentler doses for the seeded steps of a high-pain day; `fill` eases the
/// steps it adds in the same way.
pub(super) fn soften(steps: &mut [Step]) {
    for s in steps {
        s.soften();
    }
}
