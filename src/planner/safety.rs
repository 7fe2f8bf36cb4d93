//! The rule every way of planning obeys: nothing a declared condition rules
//! out (derived from the exercise's movements and the conditions' rules,
//! with what they include, plus the exercise's own `avoid_if`), nothing that
//! needs missing equipment, nothing a clinician has yet to clear, and
//! nothing demanding while pain is high, and, while pain is high, nothing
//! that moves the back the way today's answers say hurts.

use crate::assess::{self, Answers, HIGH_PAIN};
use crate::library::{Exercise, Library};

/// Under the careful default, no exercise above this level.
pub const CAREFUL_MAX_DIFFICULTY: u8 = 1;

/// Whether the careful default applies to these answers: the person named a
/// condition backrelief does not know (or ticked "something else") and no
/// clinician's clearance is recorded. The plan then keeps to the gentlest
/// level, leaves out what the `careful-default` condition rules out, and
/// never steps up a rung.
pub fn careful_default(a: &Answers) -> bool {
    a.conditions
        .iter()
        .any(|c| c == crate::profile::CAREFUL_DEFAULT)
}

/// Why an exercise cannot be planned for this person, if it cannot.
pub fn exclusion(lib: &Library, e: &Exercise, a: &Answers, opt_in: &[String]) -> Option<String> {
    // By its current id or a former one: a profile written before a
    // rename still leaves the exercise out.
    let named = |x: &String| x == &e.id || e.former_ids.iter().any(|f| f == x);
    if a.avoid.iter().any(named) {
        return Some(
            "left out: you said you cannot do this one (backrelief profile --avoid)".to_string(),
        );
    }
    if let Some(why) = condition_exclusion(lib, e, &a.conditions) {
        return Some(why);
    }
    if careful_default(a) && e.difficulty > CAREFUL_MAX_DIFFICULTY {
        return Some(
            "left out: until a clinician has looked at your plan, it keeps to the gentlest exercises"
                .to_string(),
        );
    }
    if let Some(q) = e.equipment.iter().find(|q| !has_equipment(lib, a, q)) {
        return Some(format!("needs {q}"));
    }
    if e.opt_in && !opt_in.iter().any(named) {
        return Some("only after a clinician clears it (backrelief profile --opt-in)".to_string());
    }
    if let Some(why) = answer_exclusion(lib, e, a) {
        return Some(why);
    }
    if a.pain >= HIGH_PAIN && (e.loaded || e.difficulty > 1) {
        return Some("too demanding while pain is high".to_string());
    }
    if a.pain >= HIGH_PAIN {
        if let Some((d, _)) = assess::irritable_direction(lib, a) {
            if lib.moves_toward(e, d) {
                return Some(format!(
                    "left out today: your answers say movements that {} hurt more at the moment, and pain is high",
                    d.words()
                ));
            }
        }
    }
    None
}

/// The chair: taken as at hand for a person who cannot get down to the
/// floor (see `chair_assumed`).
pub const CHAIR: &str = "chair";

/// The movement of getting down to the floor and up again.
const FLOOR_TRANSFER: &str = "floor-transfer";

/// Whether the person's conditions rule out getting down to the floor
/// (floor is hard, a wheelchair): everything they do is then on a chair,
/// standing or at a wall, so a chair is taken as at hand even when their
/// equipment does not list one (a kitchen chair, or the wheelchair
/// itself), and the plan fills its time with chair work.
pub fn chair_assumed(lib: &Library, conditions: &[String]) -> bool {
    lib.with_includes(conditions)
        .iter()
        .any(|c| c.rules.iter().any(|r| r.movement == FLOOR_TRANSFER))
}

/// Whether the person has (or is taken to have) a piece of equipment.
pub fn has_equipment(lib: &Library, a: &Answers, id: &str) -> bool {
    a.equipment.iter().any(|x| x == id) || (id == CHAIR && chair_assumed(lib, &a.conditions))
}

/// The exercise done in place of `e` when `e` is left out for lying flat
/// on the back and names a variant that is safe for this person (see
/// `Library::instead_of_lying_flat`); `None` when `e` may be planned as it
/// is, or is left out with nothing in its place.
pub fn in_place_of<'a>(
    lib: &'a Library,
    e: &Exercise,
    a: &Answers,
    opt_in: &[String],
) -> Option<&'a Exercise> {
    exclusion(lib, e, a, opt_in)?;
    lib.instead_of_lying_flat(e, &a.conditions)
        .filter(|v| exclusion(lib, v, a, opt_in).is_none())
}

/// Why the declared conditions rule `e` out, if they do: "left out:
/// {movement name}, {reason}", or its own `avoid_if`.
pub fn condition_exclusion(
    lib: &Library,
    e: &Exercise,
    conditions: &[impl AsRef<str>],
) -> Option<String> {
    if let Some(why) = lib.movement_exclusion(e, conditions) {
        return Some(format!("left out: {why}"));
    }
    let all = lib.with_includes(conditions);
    let own = e.avoid_if.iter().find(|c| {
        conditions.iter().any(|x| x.as_ref() == c.as_str()) || all.iter().any(|x| &x.id == *c)
    })?;
    let name = lib.condition(own).map_or(own.as_str(), |c| c.name.as_str());
    Some(format!("left out: not safe with {}", name.to_lowercase()))
}

/// Why today's answers leave `e` out, if one of them does: an area or a
/// symptom may leave movements out (`leaves_out` in the questionnaire).
pub fn answer_exclusion(lib: &Library, e: &Exercise, a: &Answers) -> Option<String> {
    crate::assess::chosen(lib, a).find_map(|c| {
        let m = c.leaves_out.iter().find(|m| lib.involves(e, m))?;
        let name = lib.movement(m).map_or(m.as_str(), |x| x.name.as_str());
        let reason = c.leave_out_reason.as_deref().unwrap_or("");
        Some(format!("left out today: {name}: {reason}"))
    })
}
