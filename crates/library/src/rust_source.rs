//! The library as Rust source: what `build.rs` compiles into the program
//! for the built-in library. Its entries become `static` values that
//! borrow their texts and lists from the program's own data, so a command
//! starts with the library already in memory: nothing is decoded, copied or
//! allocated for it. (Decoding the compact form was most of what a short
//! command such as `list` cost.)
//!
//! Every struct's fields are named once more here, in `rust_struct!`; the
//! destructuring it writes is exhaustive, so a field added to the model and
//! not listed here fails to compile.

use crate::list::{List, Map};
use crate::model::*;
use crate::shared_text::Text;
use std::fmt::Write as _;

/// Collects the named statics that lists become: a borrow in a static's
/// value lives long enough only when it names another static.
#[derive(Default)]
pub struct RustWriter {
    statics: String,
    next: usize,
}

impl RustWriter {
    /// Writes `items` as a static array named `name` (or a fresh name) and
    /// returns the name; statics the items need are written first.
    fn array<T: RustSource>(&mut self, name: Option<String>, items: &[T]) -> String {
        let values: Vec<String> = items.iter().map(|x| x.rust(self)).collect();
        let name = name.unwrap_or_else(|| {
            self.next += 1;
            format!("L{}", self.next - 1)
        });
        writeln!(
            self.statics,
            "static {name}: [{}; {}] = [\n{}\n];",
            T::rust_type(),
            values.len(),
            values.join(",\n")
        )
        .expect("writing to a String cannot fail");
        name
    }
}

/// A library value that can be written as a constant Rust expression.
pub trait RustSource {
    /// The type, as the generated code names it.
    fn rust_type() -> String;
    /// `self` as a constant expression; lists inside it become statics in `w`.
    fn rust(&self, w: &mut RustWriter) -> String;
}

macro_rules! rust_number {
    ($($t:ty),*) => {$(
        impl RustSource for $t {
            fn rust_type() -> String {
                stringify!($t).to_string()
            }
            fn rust(&self, _: &mut RustWriter) -> String {
                self.to_string()
            }
        }
    )*};
}
rust_number!(bool, u8, u32, i32, usize);

impl RustSource for Text {
    fn rust_type() -> String {
        "Text".to_string()
    }
    fn rust(&self, _: &mut RustWriter) -> String {
        // A `str`'s Debug form is a valid Rust string literal.
        format!("Text::from_static({:?})", self.as_str())
    }
}

impl<T: RustSource> RustSource for Option<T> {
    fn rust_type() -> String {
        format!("Option<{}>", T::rust_type())
    }
    fn rust(&self, w: &mut RustWriter) -> String {
        match self {
            Some(x) => format!("Some({})", x.rust(w)),
            None => "None".to_string(),
        }
    }
}

impl<A: RustSource, B: RustSource> RustSource for (A, B) {
    fn rust_type() -> String {
        format!("({}, {})", A::rust_type(), B::rust_type())
    }
    fn rust(&self, w: &mut RustWriter) -> String {
        format!("({}, {})", self.0.rust(w), self.1.rust(w))
    }
}

impl<T: RustSource + Clone> RustSource for List<T> {
    fn rust_type() -> String {
        format!("List<{}>", T::rust_type())
    }
    fn rust(&self, w: &mut RustWriter) -> String {
        if self.is_empty() {
            return "List::new()".to_string();
        }
        format!("List::from_static(&{})", w.array(None, self))
    }
}

impl<K: RustSource + Clone + Ord, V: RustSource + Clone> RustSource for Map<K, V> {
    fn rust_type() -> String {
        format!("Map<{}, {}>", K::rust_type(), V::rust_type())
    }
    fn rust(&self, w: &mut RustWriter) -> String {
        if self.is_empty() {
            return "Map::new()".to_string();
        }
        format!("Map::from_static(&{})", w.array(None, self.entries()))
    }
}

/// Enums whose variants carry nothing: their Debug form is the variant.
macro_rules! rust_enum {
    ($($t:ident),*) => {$(
        impl RustSource for $t {
            fn rust_type() -> String {
                stringify!($t).to_string()
            }
            fn rust(&self, _: &mut RustWriter) -> String {
                format!("{}::{:?}", stringify!($t), self)
            }
        }
    )*};
}
rust_enum!(Category, Position, Direction, Basis, Tier, Field, Asked);

macro_rules! rust_struct {
    ($($t:ident { $($f:ident),* $(,)? })*) => {$(
        impl RustSource for $t {
            fn rust_type() -> String {
                stringify!($t).to_string()
            }
            fn rust(&self, w: &mut RustWriter) -> String {
                let $t { $($f),* } = self;
                let mut out = String::from(concat!(stringify!($t), " {"));
                $(
                    out.push_str(concat!(" ", stringify!($f), ": "));
                    out.push_str(&$f.rust(w));
                    out.push(',');
                )*
                out.push_str(" }");
                out
            }
        }
    )*};
}

rust_struct! {
    Origin { file, line }
    Dose { hold, reps, sets, per_side, rest, pyramid, tempo, alternating }
    Tempo { move_s, hold_s, return_s }
    DoseOverride { hold, reps, sets, rest }
    Muscles { primary, secondary }
    Evidence { claim, source }
    Exercise {
        id, name, aliases, former_ids, category, muscles, position, movements, equipment, difficulty,
        loaded, opt_in, cool_down, stretch, dose, instructions, come_out, feel, cautions, avoid_if,
        make_it_easier, easier, harder, instead_of_lying_flat, needs, helps, illustration,
        illustration_end, evidence, dose_source, origin,
    }
    Source { id, authors, year, title, published, doi, url, origin }
    Lesson { id, title, text, source, origin }
    Cause {
        id, name, summary, explanation, signs, helps, therapies, age, see_clinician,
        until_seen, explained_by, evidence, origin,
    }
    ExplainedBy { conditions, note }
    AgeRange { from, to, weight, needs_age, because, source }
    Therapy { id, name, summary, what_to_expect, consider_when, cautions, evidence, origin }
    ProgramStep { exercise, dose }
    Program { id, name, summary, for_causes, steps, origin }
    Muscle { id, name, aliases, origin }
    Movement {
        id, name, description, direction, implied_by, implied_by_stretch, capability, origin,
    }
    Rule { movement, reason, source, basis }
    Limit { movement, max_minutes_in_a_row, reason, source }
    StopSigns { intro, signs, source }
    Condition {
        id, name, aliases, includes, lifts, begin_with, plan_with, rules, limits, stop_signs, advice,
        advice_covers, ask, origin,
    }
    Equipment { id, name, aliases, origin }
    RedFlag { id, tier, ask, when, because, why, source, origin }
    FlagWhen { conditions, symptoms, age_at_least }
    Choice {
        id, label, weights, because, see_clinician, leaves_out, leave_out_reason, irritable,
        brings,
    }
    Question { id, field, asked, ask, hint, choices, origin }
}

/// `lib` as Rust items: one static per section and `SECTIONS`, which
/// `Library::from_static` turns into the library. The code names the
/// library crate's types unqualified; include it where they are in scope.
pub fn library_as_rust(lib: &Library) -> String {
    let mut w = RustWriter::default();
    let mut fields = String::new();
    macro_rules! each {
        ($($f:ident),*) => {$(
            let name = w.array(Some(stringify!($f).to_uppercase()), &lib.$f);
            writeln!(fields, "    {}: &{name},", stringify!($f))
                .expect("writing to a String cannot fail");
        )*};
    }
    each!(
        muscles, movements, conditions, equipment, exercises, causes, therapies, programs,
        red_flags, questions, sources, lessons
    );
    format!(
        "{}\n/// The built-in library, section by section.\npub static SECTIONS: Sections = Sections {{\n{fields}}};\n",
        w.statics
    )
}
