//! The rule every way of planning obeys: nothing a declared condition rules
//! out, nothing that needs missing equipment, nothing a clinician has yet to
//! clear, and nothing demanding while pain is high.

use crate::assess::{Answers, HIGH_PAIN};
use crate::library::Exercise;

/// Why an exercise cannot be planned for this person, if it cannot.
pub fn exclusion(e: &Exercise, a: &Answers, opt_in: &[String]) -> Option<String> {
    if let Some(c) = e.avoid_if.iter().find(|c| a.conditions.contains(c)) {
        return Some(format!("not safe with {c}"));
    }
    if let Some(q) = e.equipment.iter().find(|q| !a.equipment.contains(q)) {
        return Some(format!("needs {q}"));
    }
    if e.opt_in && !opt_in.contains(&e.id) {
        return Some("only after a clinician clears it (backrelief profile --opt-in)".to_string());
    }
    if a.pain >= HIGH_PAIN && (e.loaded || e.difficulty > 1) {
        return Some("too demanding while pain is high".to_string());
    }
    None
}
