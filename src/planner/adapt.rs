//! Adapting the day to the person's pain: a high-pain day is gentler, and
//! after a session that raised pain its exercises step aside for their
//! easier variants.

use super::{PastSession, Step, REGRESS_RISE};
use crate::library::{Exercise, Library};

/// The last session, if it raised pain by `REGRESS_RISE` or more.
pub(super) fn raised_pain(history: &[PastSession]) -> Option<&PastSession> {
    history
        .last()
        .filter(|p| p.pain_rise().is_some_and(|r| r >= REGRESS_RISE))
}

/// On a high-pain day the easiest exercises rank first.
pub(super) fn gentle_penalty(e: &Exercise, gentle: bool) -> i64 {
    if gentle {
        -i64::from(e.difficulty) * 5
    } else {
        0
    }
}

/// After a session that raised pain (`raised`), its exercises move down and
/// their easier variants up. Returns the change in score and, when `e` is
/// such a variant, the exercise it stands in for.
pub(super) fn after_pain_rise<'a>(
    lib: &'a Library,
    e: &Exercise,
    raised: Option<&PastSession>,
) -> (i64, Option<&'a Exercise>) {
    let Some(last) = raised else {
        return (0, None);
    };
    let mut s = 0;
    if last.exercises.iter().any(|x| x == &e.id) {
        s -= 30;
    }
    let variant_of = last
        .exercises
        .iter()
        .filter_map(|id| lib.exercise(id))
        .find(|x| x.easier.as_deref() == Some(e.id.as_str()));
    if variant_of.is_some() {
        s += 60;
    }
    (s, variant_of)
}

/// Gentler doses for the seeded steps of a high-pain day; `fill` eases the
/// steps it adds in the same way.
pub(super) fn soften(steps: &mut [Step]) {
    for s in steps {
        s.soften();
    }
}
