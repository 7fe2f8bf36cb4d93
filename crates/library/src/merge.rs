//! Merging entries by id, layer over layer, with the rules that keep the
//! first layer's safety: its red flags cannot be overridden at all, and its
//! conditions, exercises and movements are a floor that a later layer may
//! add to but never take from (`Floor`). Entries parsed from YAML and
//! entries decoded from the library cache go through the same `insert`.

use crate::files::Files;
use crate::locate::{self, Seg};
use crate::model::Lesson;
use crate::model::{
    Cause, Condition, Entry, Equipment, Exercise, Library, Movement, Muscle, Origin, Program,
    Question, RedFlag, Section, Source, Therapy,
};
use crate::problems::Problem;
use std::collections::HashMap;

/// Where each merged entry's id is, per section: its layer, origin and
/// position in its section's list.
pub(crate) type Seen = HashMap<(Section, String), (usize, Origin, usize)>;

/// Where a freshly parsed (or decoded) entry came from.
#[derive(Clone, Copy)]
pub(crate) struct Placement {
    pub(crate) file_idx: usize,
    pub(crate) layer: usize,
    pub(crate) section: Section,
    pub(crate) item_line: usize,
}

/// An entry type with its list in a library, and the part of it later
/// layers may not weaken.
pub(crate) trait Listed: Entry + Clone + Sized + 'static {
    const SECTION: Section;
    fn list(lib: &mut Library) -> &mut Vec<Self>;
    fn items(lib: &Library) -> &[Self];
    /// What `over`, replacing the first layer's `base`, takes away from
    /// it: one line each, read after "a layer may add to it but not ...".
    fn weakens(_base: &Self, _over: &Self) -> Vec<String> {
        Vec::new()
    }
}

macro_rules! listed {
    ($($t:ident => $section:ident, $field:ident;)*) => {$(
        impl Listed for $t {
            const SECTION: Section = Section::$section;
            fn list(lib: &mut Library) -> &mut Vec<Self> {
                lib.$field.to_mut()
            }
            fn items(lib: &Library) -> &[Self] {
                &lib.$field
            }
            floor_of!($t);
        }
    )*};
}

/// `weakens` for the types that have a floor; nothing for the rest.
macro_rules! floor_of {
    (Condition) => {
        fn weakens(base: &Self, over: &Self) -> Vec<String> {
            condition_weakened(base, over)
        }
    };
    (Exercise) => {
        fn weakens(base: &Self, over: &Self) -> Vec<String> {
            exercise_weakened(base, over)
        }
    };
    (Movement) => {
        fn weakens(base: &Self, over: &Self) -> Vec<String> {
            movement_weakened(base, over)
        }
    };
    ($other:ident) => {};
}

listed! {
    Muscle => Muscles, muscles;
    Movement => Movements, movements;
    Condition => Conditions, conditions;
    Equipment => Equipment, equipment;
    Exercise => Exercises, exercises;
    Cause => Causes, causes;
    Therapy => Therapies, therapies;
    Program => Programs, programs;
    RedFlag => RedFlags, red_flags;
    Question => Questions, questions;
    Source => Sources, sources;
    Lesson => Lessons, lessons;
}

/// Each of `base`'s items that `over` lacks, as "drop its {what} '{x}'".
fn dropped<T: PartialEq>(
    what: &str,
    base: &[T],
    over: &[T],
    show: impl Fn(&T) -> String,
) -> Vec<String> {
    base.iter()
        .filter(|b| !over.contains(b))
        .map(|b| format!("drop or reword its {what} {}", show(b)))
        .collect()
}

/// A condition keeps every rule, limit, include, alias and stop sign it
/// had, word for word; it may gain more.
fn condition_weakened(base: &Condition, over: &Condition) -> Vec<String> {
    let mut out = dropped("rule on", &base.rules, &over.rules, |r| {
        format!("'{}'", r.movement)
    });
    out.extend(dropped("limit on", &base.limits, &over.limits, |l| {
        format!("'{}'", l.movement)
    }));
    out.extend(dropped("include", &base.includes, &over.includes, |i| {
        format!("'{i}'")
    }));
    out.extend(dropped("alias", &base.aliases, &over.aliases, |a| {
        format!("'{a}'")
    }));
    if let Some(b) = &base.stop_signs {
        match &over.stop_signs {
            None => out.push("drop its stop signs".to_string()),
            Some(o) => {
                if (&o.intro, &o.source) != (&b.intro, &b.source) {
                    out.push("reword its stop signs' intro or source".to_string());
                }
                out.extend(dropped("stop sign", &b.signs, &o.signs, |s| {
                    format!("\"{s}\"")
                }));
            }
        }
    }
    out
}

/// An exercise keeps every movement and `avoid_if` it declared, and stays
/// `opt_in` and `loaded` if it was.
fn exercise_weakened(base: &Exercise, over: &Exercise) -> Vec<String> {
    let mut out = dropped("movement", &base.movements, &over.movements, |m| {
        format!("'{m}'")
    });
    out.extend(dropped("avoid_if", &base.avoid_if, &over.avoid_if, |c| {
        format!("'{c}'")
    }));
    if base.opt_in && !over.opt_in {
        out.push("turn off `opt_in` (a clinician must clear it first)".to_string());
    }
    if base.loaded && !over.loaded {
        out.push("turn off `loaded` (it is left out when pain is high)".to_string());
    }
    out
}

/// A movement keeps its direction and every position that implies it.
fn movement_weakened(base: &Movement, over: &Movement) -> Vec<String> {
    let mut out = dropped("implied_by", &base.implied_by, &over.implied_by, |p| {
        format!("'{}'", p.as_str())
    });
    if base.direction != over.direction {
        out.push("change its direction".to_string());
    }
    out
}

/// The place of an entry's `id` in its file, as a problem's position.
fn at_id(files: Files, origin: Origin, message: String) -> Problem {
    let file = files.get(origin.file);
    let lines: Vec<&str> = file.text.lines().collect();
    let (line, col) = locate::find_in_item(&lines, origin.line, &[Seg::Key("id".into())]);
    Problem {
        path: file.path.to_string(),
        line: line + 1,
        column: col + 1,
        message,
    }
}

/// A merge in progress: the library so far, the first layer's entries
/// that were replaced (its floor), where each id is, and the problems.
pub(crate) struct Merge<'a> {
    pub(crate) files: Files<'a>,
    pub(crate) lib: Library,
    pub(crate) floor: Library,
    pub(crate) seen: Seen,
    pub(crate) problems: Vec<Problem>,
    /// Problems that do not stop the load, found while parsing (fields of
    /// a person's own file that this version does not know).
    pub(crate) warnings: Vec<Problem>,
}

impl<'a> Merge<'a> {
    /// A merge over `base` (layer 0, when there is one), its entries
    /// recorded as seen.
    pub(crate) fn new(files: Files<'a>, base: Option<Library>, problems: Vec<Problem>) -> Self {
        let mut seen = Seen::new();
        let lib = match base {
            Some(lib) => {
                seen_base(&lib, &mut seen);
                lib
            }
            None => Library::default(),
        };
        Merge {
            files,
            lib,
            floor: Library::default(),
            seen,
            problems,
            warnings: Vec::new(),
        }
    }

    /// Adds an entry: new ids are appended, a later layer replaces an
    /// earlier entry in place, and a repeated id within one layer is a
    /// problem. A first-layer entry that is replaced is kept in `floor`,
    /// so that what finally replaces it is held to it (`check_floor`).
    pub(crate) fn insert<T: Listed>(&mut self, mut entry: T, at: Placement) {
        let files = self.files;
        let origin = Origin {
            file: at.file_idx,
            line: at.item_line,
        };
        entry.set_origin(origin);
        let singular = at.section.singular();
        let key = (at.section, entry.id().to_string());
        match self.seen.get(&key) {
            Some(&(layer, first, _)) if layer == at.layer => {
                let message = format!(
                    "duplicate {singular} id '{}' (first defined at {}:{})",
                    entry.id(),
                    files.get(first.file).path,
                    first.line + 1
                );
                self.problems.push(at_id(files, origin, message));
            }
            Some(&(0, first, _)) if at.section == Section::RedFlags => {
                // Nothing switches the screen off: the first (built-in)
                // layer's red flags, their wording and tier, cannot be
                // overridden.
                let message = format!(
                    "red flag '{}' is built in (first defined at {}:{}); a library may add red flags but never change or remove one, nor its tier — give yours a new id",
                    entry.id(),
                    files.get(first.file).path,
                    first.line + 1
                );
                self.problems.push(at_id(files, origin, message));
            }
            Some(&(layer, _, pos)) => {
                // A later layer overrides the entry in place, keeping its order.
                let into = T::list(&mut self.lib);
                if layer == 0 {
                    let replaced = into[pos].clone();
                    T::list(&mut self.floor).push(replaced);
                }
                T::list(&mut self.lib)[pos] = entry;
                self.seen.insert(key, (at.layer, origin, pos));
            }
            None => {
                let into = T::list(&mut self.lib);
                let pos = into.len();
                into.push(entry);
                self.seen.insert(key, (at.layer, origin, pos));
            }
        }
    }

    /// Every first-layer entry that a later layer replaced, held to its
    /// floor: one problem per replacement that takes something away, at
    /// its `id`.
    pub(crate) fn check_floor(&mut self) {
        fn each<T: Listed>(m: &mut Merge) {
            for base in T::items(&m.floor) {
                let Some(&(_, _, pos)) = m.seen.get(&(T::SECTION, base.id().to_string())) else {
                    continue;
                };
                let Some(over) = T::items(&m.lib).get(pos) else {
                    continue;
                };
                let weakened = T::weakens(base, over);
                if weakened.is_empty() {
                    continue;
                }
                let message = format!(
                    "{} '{}' is built in (first defined at {}:{}); a layer may add to it but not {}",
                    T::KIND,
                    base.id(),
                    m.files.get(base.origin().file).path,
                    base.origin().line + 1,
                    weakened.join(", nor ")
                );
                m.problems.push(at_id(m.files, over.origin(), message));
            }
        }
        each::<Movement>(self);
        each::<Condition>(self);
        each::<Exercise>(self);
    }

    /// Entries decoded from the library cache, merged over the base as one
    /// layer exactly as parsed entries are. Each must point into the files
    /// it claims to come from (the user's, never the base's), at a line
    /// they have; one that does not is a problem, so the cache is not used.
    pub(crate) fn insert_decoded(&mut self, overlay: &Library, layer: usize) {
        fn one<T: Listed>(m: &mut Merge, overlay: &Library, layer: usize, lines: &[usize]) {
            for e in T::items(overlay) {
                let o = e.origin();
                let own = o.file.checked_sub(m.files.base.len());
                if own.and_then(|i| lines.get(i)).is_none_or(|&n| o.line >= n) {
                    m.problems.push(Problem::file(
                        m.files.get(o.file.min(m.files.base.len())).path,
                        format!(
                            "the library cache places {} '{}' where its files have no entry",
                            T::KIND,
                            e.id()
                        ),
                    ));
                    continue;
                }
                let at = Placement {
                    file_idx: o.file,
                    layer,
                    section: T::SECTION,
                    item_line: o.line,
                };
                m.insert(e.clone(), at);
            }
        }
        let lines: Vec<usize> = self
            .files
            .own
            .iter()
            .map(|f| f.text.lines().count())
            .collect();
        one::<Muscle>(self, overlay, layer, &lines);
        one::<Movement>(self, overlay, layer, &lines);
        one::<Condition>(self, overlay, layer, &lines);
        one::<Equipment>(self, overlay, layer, &lines);
        one::<Exercise>(self, overlay, layer, &lines);
        one::<Cause>(self, overlay, layer, &lines);
        one::<Therapy>(self, overlay, layer, &lines);
        one::<Program>(self, overlay, layer, &lines);
        one::<RedFlag>(self, overlay, layer, &lines);
        one::<Question>(self, overlay, layer, &lines);
        one::<Source>(self, overlay, layer, &lines);
        one::<Lesson>(self, overlay, layer, &lines);
    }
}

/// Records every entry of a base library as seen in layer 0.
fn seen_base(lib: &Library, seen: &mut Seen) {
    fn each<T: Listed>(lib: &Library, seen: &mut Seen) {
        for (i, e) in T::items(lib).iter().enumerate() {
            seen.insert((T::SECTION, e.id().to_string()), (0, e.origin(), i));
        }
    }
    each::<Muscle>(lib, seen);
    each::<Movement>(lib, seen);
    each::<Condition>(lib, seen);
    each::<Equipment>(lib, seen);
    each::<Exercise>(lib, seen);
    each::<Cause>(lib, seen);
    each::<Therapy>(lib, seen);
    each::<Program>(lib, seen);
    each::<RedFlag>(lib, seen);
    each::<Question>(lib, seen);
    each::<Source>(lib, seen);
    each::<Lesson>(lib, seen);
}

/// The entries of `lib` that came from its own files (numbered from
/// `first_own`), not from the base: what the cache stores, since the base
/// comes from the program itself on every run.
pub fn overlay(lib: &Library, first_own: usize) -> Library {
    fn own<T: Listed>(lib: &Library, out: &mut Library, first_own: usize) {
        let items: Vec<T> = T::items(lib)
            .iter()
            .filter(|e| e.origin().file >= first_own)
            .cloned()
            .collect();
        *T::list(out) = items;
    }
    let mut out = Library::default();
    own::<Muscle>(lib, &mut out, first_own);
    own::<Movement>(lib, &mut out, first_own);
    own::<Condition>(lib, &mut out, first_own);
    own::<Equipment>(lib, &mut out, first_own);
    own::<Exercise>(lib, &mut out, first_own);
    own::<Cause>(lib, &mut out, first_own);
    own::<Therapy>(lib, &mut out, first_own);
    own::<Program>(lib, &mut out, first_own);
    own::<RedFlag>(lib, &mut out, first_own);
    own::<Question>(lib, &mut out, first_own);
    own::<Source>(lib, &mut out, first_own);
    own::<Lesson>(lib, &mut out, first_own);
    out
}
