//! Safety by movement: a condition rules movements out (and may include
//! other conditions' rules); an exercise declares its movements; the
//! exclusion is derived, never kept by hand.

use crate::model::{Condition, Direction, Exercise, Library, Limit, Movement, Rule, StopSigns};
use crate::shared_text::Text;

/// The movement of lying flat on the back, which `instead_of_lying_flat`
/// answers.
pub const LYING_ON_BACK: &str = "lying-on-back";

impl Library {
    pub fn movement(&self, id: &str) -> Option<&Movement> {
        self.movements.iter().find(|m| m.id == id)
    }

    /// Whether `e` involves movement `m`: it declares it, says it `needs`
    /// it, or its position (`implied_by`) or being a static stretch
    /// (`implied_by_stretch`) implies it. An exercise that does not say
    /// what it `needs` (a person's own file from before capabilities) is
    /// taken to need every capability: the most restrictive assumption.
    pub fn involves(&self, e: &Exercise, m: &str) -> bool {
        if e.movements.iter().any(|x| x == m) {
            return true;
        }
        let Some(movement) = self.movement(m) else {
            return false;
        };
        if movement.implied_by.contains(&e.position) || (e.stretch && movement.implied_by_stretch) {
            return true;
        }
        match &e.needs {
            Some(needs) => needs.iter().any(|x| x == m),
            None => movement.capability,
        }
    }

    /// Every movement `e` involves (see `involves`), in the vocabulary's
    /// order.
    pub fn movements_of<'a>(&'a self, e: &Exercise) -> Vec<&'a str> {
        self.movements
            .iter()
            .filter(|m| self.involves(e, &m.id))
            .map(|m| m.id.as_str())
            .collect()
    }

    /// Whether `e` moves the lower back in direction `d` (one of its
    /// movements declares that direction).
    pub fn moves_toward(&self, e: &Exercise, d: Direction) -> bool {
        e.movements
            .iter()
            .any(|m| self.movement(m).is_some_and(|m| m.direction == Some(d)))
    }

    /// The declared conditions and every condition they include, each once,
    /// in the order first reached. Unknown ids are skipped; cycles end.
    pub fn with_includes(&self, declared: &[impl AsRef<str>]) -> Vec<&Condition> {
        let named = |id: &str| declared.iter().any(|d| d.as_ref() == id);
        // What the declared conditions lift ("I can get down to the
        // floor"), unless the person names it too.
        let lifted: Vec<&str> = declared
            .iter()
            .filter_map(|d| self.condition(d.as_ref()))
            .flat_map(|c| c.lifts.iter().map(Text::as_str))
            .filter(|id| !named(id))
            .collect();
        let mut out: Vec<&Condition> = Vec::new();
        let mut todo: Vec<&str> = declared.iter().rev().map(AsRef::as_ref).collect();
        while let Some(id) = todo.pop() {
            if out.iter().any(|c| c.id == id) || lifted.contains(&id) {
                continue;
            }
            if let Some(c) = self.condition(id) {
                out.push(c);
                todo.extend(c.includes.iter().rev().map(Text::as_str));
            }
        }
        out
    }

    /// Every rule of the declared conditions (with what they include) that
    /// rules out one of `e`'s movements, with the condition that holds it.
    pub fn ruled_out_by<'a>(
        &'a self,
        e: &Exercise,
        declared: &[impl AsRef<str>],
    ) -> Vec<(&'a Condition, &'a Rule)> {
        let mut out = Vec::new();
        for c in self.with_includes(declared) {
            for r in &c.rules {
                if self.involves(e, &r.movement) {
                    out.push((c, r));
                }
            }
        }
        out
    }

    /// The exercise done in place of `e` when `e` lies flat on the back and
    /// a declared condition rules that out (pregnancy after the first three
    /// months, "lying flat is hard"): the one its `instead_of_lying_flat`
    /// names. Whether that one is safe for the person is the caller's to
    /// check, as for any exercise.
    pub fn instead_of_lying_flat(
        &self,
        e: &Exercise,
        declared: &[impl AsRef<str>],
    ) -> Option<&Exercise> {
        let v = e.instead_of_lying_flat.as_deref()?;
        self.ruled_out_by(e, declared)
            .iter()
            .any(|(_, r)| r.movement == LYING_ON_BACK)
            .then(|| self.exercise(v))
            .flatten()
    }

    /// "{movement name}: {reason}": why `e` is left out for the declared
    /// conditions, by the first rule that rules it out.
    pub fn movement_exclusion(&self, e: &Exercise, declared: &[impl AsRef<str>]) -> Option<String> {
        self.ruled_out_by(e, declared)
            .first()
            .map(|(_, r)| self.rule_text(r))
    }

    /// A rule in words: "{movement name}: {reason}". Reasons say what the
    /// movement does ("it can dislocate the new joint"), never repeat it.
    pub fn rule_text(&self, r: &Rule) -> String {
        let name = self
            .movement(&r.movement)
            .map_or(r.movement.as_str(), |m| m.name.as_str());
        format!("{name}: {}", r.reason)
    }

    /// The limits of the declared conditions (with includes).
    pub fn limits_for(&self, declared: &[impl AsRef<str>]) -> Vec<(&Condition, &Limit)> {
        self.with_includes(declared)
            .into_iter()
            .flat_map(|c| c.limits.iter().map(move |l| (c, l)))
            .collect()
    }

    /// The stop signs of the declared conditions (with includes), each
    /// set once.
    pub fn stop_signs_for(&self, declared: &[impl AsRef<str>]) -> Vec<(&Condition, &StopSigns)> {
        self.per_declared(declared, |c| c.stop_signs.as_ref())
    }

    /// What `pick` finds on each declared condition and on what it
    /// includes, once each, under the condition the person declared, not
    /// the one it includes: "Pregnancy, first trimester" on signs for a
    /// later pregnancy would read as not applying.
    pub fn per_declared<'a, T: PartialEq + ?Sized>(
        &'a self,
        declared: &[impl AsRef<str>],
        pick: impl Fn(&'a Condition) -> Option<&'a T>,
    ) -> Vec<(&'a Condition, &'a T)> {
        let mut out: Vec<(&Condition, &T)> = Vec::new();
        for id in declared {
            let Some(named) = self.condition(id.as_ref()) else {
                continue;
            };
            for c in self.with_includes(std::slice::from_ref(id)) {
                if let Some(x) = pick(c) {
                    if !out.iter().any(|(_, t)| *t == x) {
                        out.push((named, x));
                    }
                }
            }
        }
        out
    }
}
