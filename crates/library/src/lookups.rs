//! Finding entries in a loaded library: by exact id, or by a person's
//! spelling of an id, name or alias, with a suggestion on a miss.

use crate::model::{
    Cause, Condition, Entry, Equipment, Exercise, Field, Library, Movement, Muscle, Program,
    Question, Therapy,
};
use crate::shared_text::Text;

/// An entry a person may name: by id, by name or by one of its aliases.
pub trait Lookup: Entry + Sized + 'static {
    /// Its readable name.
    fn name(&self) -> &str;
    /// Other names it goes by.
    fn aliases(&self) -> &[Text] {
        &[]
    }
    /// Ids it had before a rename, which still find it.
    fn former_ids(&self) -> &[Text] {
        &[]
    }
    /// Every entry of this kind in `lib`.
    fn all(lib: &Library) -> &[Self];
}

macro_rules! lookup {
    ($($t:ty => $field:ident, aliases: $aliases:tt);* $(;)?) => {$(
        impl Lookup for $t {
            fn name(&self) -> &str {
                &self.name
            }
            lookup!(@aliases $aliases);
            fn all(lib: &Library) -> &[Self] {
                &lib.$field
            }
        }
    )*};
    (@aliases yes) => {
        fn aliases(&self) -> &[Text] {
            &self.aliases
        }
    };
    (@aliases former) => {
        lookup!(@aliases yes);
        fn former_ids(&self) -> &[Text] {
            &self.former_ids
        }
    };
    (@aliases no) => {};
}
lookup! {
    Muscle => muscles, aliases: yes;
    Movement => movements, aliases: no;
    Condition => conditions, aliases: yes;
    Equipment => equipment, aliases: yes;
    Exercise => exercises, aliases: former;
    Cause => causes, aliases: no;
    Therapy => therapies, aliases: no;
    Program => programs, aliases: no;
}

fn find<'a, T: Entry>(items: &'a [T], id: &str) -> Option<&'a T> {
    items.iter().find(|e| e.id() == id)
}

impl Library {
    /// The exercise with this id, or with it among its `former_ids` (a
    /// renamed exercise keeps resolving from history, saved programs,
    /// answers and profiles). A current id wins over a former one.
    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        if self.index.is_empty() {
            return find(&self.exercises, id).or_else(|| {
                self.exercises
                    .iter()
                    .find(|e| e.former_ids.iter().any(|f| f == id))
            });
        }
        self.index.get(id).and_then(|&i| self.exercises.get(i))
    }

    /// The current id of the exercise `id` names (itself, or the new id of
    /// a renamed one); `id` unchanged when no exercise has it, so an
    /// unknown id stays visible to whoever reports it.
    pub fn current_id<'a>(&'a self, id: &'a str) -> &'a str {
        self.exercise(id).map_or(id, |e| e.id.as_str())
    }
    pub fn cause(&self, id: &str) -> Option<&Cause> {
        find(&self.causes, id)
    }
    pub fn therapy(&self, id: &str) -> Option<&Therapy> {
        find(&self.therapies, id)
    }
    pub fn program(&self, id: &str) -> Option<&Program> {
        find(&self.programs, id)
    }
    pub fn muscle(&self, id: &str) -> Option<&Muscle> {
        find(&self.muscles, id)
    }
    pub fn condition(&self, id: &str) -> Option<&Condition> {
        find(&self.conditions, id)
    }
    pub fn equipment_item(&self, id: &str) -> Option<&Equipment> {
        find(&self.equipment, id)
    }
    pub fn question_for(&self, field: Field) -> Option<&Question> {
        self.questions.iter().find(|q| q.field == field)
    }

    /// The ids of `field`'s choices that weigh toward `cause` (none when
    /// no question asks `field`): the answers that point to that cause.
    pub fn choices_toward(&self, field: Field, cause: &str) -> Vec<String> {
        self.question_for(field)
            .map(|q| {
                q.choices
                    .iter()
                    .filter(|c| c.weights.get(cause).is_some_and(|w| *w > 0))
                    .map(|c| c.id.to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Rebuilds the id index (current ids, and former ids that are no
    /// exercise's current id); call after changing `exercises` by hand.
    pub fn reindex(&mut self) {
        let mut index: std::collections::HashMap<Text, usize> = self
            .exercises
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.former_ids.iter().map(move |f| (f.clone(), i)))
            .collect();
        index.extend(
            self.exercises
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.clone(), i)),
        );
        self.index = index;
    }

    /// Finds the id of the `T` whose id, name or alias matches `query`
    /// (normalized), as in `lib.resolve::<Muscle>("hip flexor")`. On a
    /// miss, returns the id of the closest candidate, if any is close.
    pub fn resolve<T: Lookup>(&self, query: &str) -> Result<&str, Option<&str>> {
        let wanted = normalize(query);
        let mut names: Vec<(String, &str)> = Vec::new();
        for entry in T::all(self) {
            let id = entry.id();
            if normalize(id) == wanted {
                return Ok(id);
            }
            names.push((normalize(id), id));
            for a in std::iter::once(entry.name())
                .chain(entry.former_ids().iter().map(Text::as_str))
                .chain(entry.aliases().iter().map(Text::as_str))
            {
                names.push((normalize(a), id));
            }
        }
        if let Some((_, id)) = names.iter().find(|(n, _)| *n == wanted) {
            return Ok(id);
        }
        let best = names
            .iter()
            .map(|(n, id)| (strsim::jaro_winkler(&wanted, n), *id))
            .filter(|(score, _)| *score >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, id)| id);
        Err(best)
    }
}

/// Lower-case, with spaces and underscores as dashes and no apostrophes, so
/// "Child's Pose", "childs_pose" and "child-pose" compare equal.
pub fn normalize(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .chars()
        .filter(|c| *c != '\'' && *c != '’')
        .map(|c| if c == ' ' || c == '_' { '-' } else { c })
        .collect()
}

/// Letters to add, drop, change or swap to turn `a` into `b` (optimal
/// string alignment): how far a spelling is from a name.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// The closest candidate to `wanted`, if it is close enough to be a typo.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wanted, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Origin, Program};

    fn muscle(id: &str, name: &str, aliases: &[&str]) -> Muscle {
        Muscle {
            id: id.into(),
            name: name.into(),
            aliases: aliases.iter().map(|&a| Text::from(a)).collect(),
            origin: Origin::default(),
        }
    }

    #[test]
    fn resolve_finds_ids_names_and_aliases_and_suggests_on_a_miss() {
        let lib = Library {
            muscles: vec![
                muscle("hip-flexors", "Hip flexors", &["psoas", "iliopsoas"]),
                muscle("glutes", "Glutes", &["gluteus maximus"]),
            ]
            .into(),
            programs: vec![Program {
                id: "desk-reset".into(),
                name: "Desk reset".into(),
                summary: Text::default(),
                for_causes: vec![].into(),
                steps: vec![].into(),
                origin: Origin::default(),
            }]
            .into(),
            ..Library::default()
        };
        assert_eq!(lib.resolve::<Muscle>("Hip Flexors"), Ok("hip-flexors"));
        assert_eq!(lib.resolve::<Muscle>("PSOAS"), Ok("hip-flexors"));
        assert_eq!(lib.resolve::<Muscle>("gluteus_maximus"), Ok("glutes"));
        assert_eq!(lib.resolve::<Muscle>("glute"), Err(Some("glutes")));
        assert_eq!(lib.resolve::<Muscle>("shoulders"), Err(None));
        assert_eq!(lib.resolve::<Program>("Desk Reset"), Ok("desk-reset"));
        assert_eq!(lib.resolve::<Cause>("desk-reset"), Err(None));
    }

    #[test]
    fn normalize_folds_case_spaces_underscores_and_apostrophes() {
        assert_eq!(normalize(" Child's Pose "), "childs-pose");
        assert_eq!(normalize("childs_pose"), "childs-pose");
    }
}
