//! Direction of movement: many people have one way of moving the lower
//! back that irritates it and one that eases it (directional preference;
//! Long, Donelson and Fung, Spine 2004). Today's answers mark the irritable
//! way (`assess::irritable_direction`); exercises moving into it rank far
//! down (and are left out on a high-pain day, see `safety`), and those
//! moving the other way rank a little up.

use crate::library::{Direction, Exercise, Library};

/// Points off for moving into the irritable direction: far more than any
/// cause gives, so such an exercise is chosen only when nothing else fits.
const INTO_IRRITABLE: i64 = -100;
/// Points for moving only the other way, the way that tends to ease it.
const INTO_EASING: i64 = 20;

/// How the direction of today changes an exercise's rank.
pub(super) fn score(lib: &Library, e: &Exercise, irritable: Option<Direction>) -> i64 {
    let Some(d) = irritable else { return 0 };
    if lib.moves_toward(e, d) {
        INTO_IRRITABLE
    } else if lib.moves_toward(e, d.opposite()) {
        INTO_EASING
    } else {
        0
    }
}

/// What a step's "why" says about direction, if anything.
pub(super) fn why(lib: &Library, e: &Exercise, irritable: Option<Direction>) -> Option<String> {
    let d = irritable?;
    if lib.moves_toward(e, d) {
        Some(format!(
            "keep it small: your answers say movements that {} hurt more at the moment",
            d.words()
        ))
    } else if lib.moves_toward(e, d.opposite()) {
        Some(format!(
            "moves the way that tends to ease it (exercises that {})",
            d.opposite().words()
        ))
    } else {
        None
    }
}
