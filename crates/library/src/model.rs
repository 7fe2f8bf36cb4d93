//! The data model of the exercise library, exactly as the YAML files spell it.
//!
//! Every struct denies unknown fields so that a typo in a user's library is
//! reported instead of silently ignored: an error in the built-in library,
//! and in a person's own files a warning, the field left out (the loader
//! reads the entry again without it), so a newer backrelief's field never
//! stops every command.

use crate::list::{List, Map};
use crate::shared_text::Text;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Fields left out when written (an absent option, an empty list) make the
/// YAML and JSON people read shorter; a format that is not self-describing
/// (the user-library cache's compact form) needs every field written. These
/// are the `skip_serializing_if` tests, which `every_field` switches off.
mod every {
    use crate::list::{List, Map};
    use std::cell::Cell;

    thread_local! {
        pub(super) static FIELD: Cell<bool> = const { Cell::new(false) };
    }

    fn skipping() -> bool {
        !FIELD.with(Cell::get)
    }
    pub(super) fn none<T>(v: &Option<T>) -> bool {
        v.is_none() && skipping()
    }
    pub(super) fn empty<T: Clone>(v: &List<T>) -> bool {
        v.is_empty() && skipping()
    }
    pub(super) fn empty_map<K: Clone + Ord, V: Clone>(v: &Map<K, V>) -> bool {
        v.is_empty() && skipping()
    }
    pub(super) fn zero(n: &u32) -> bool {
        *n == 0 && skipping()
    }
    pub(super) fn no(b: &bool) -> bool {
        !*b && skipping()
    }
}

/// Runs `f` (a serialization) with every field of the model written, none
/// left out for being empty: for formats that are not self-describing,
/// such as the compact form of the user-library cache.
pub(crate) fn every_field<R>(f: impl FnOnce() -> R) -> R {
    crate::scoped::with_cell(&every::FIELD, true, f)
}

/// Where an entry came from, so later checks can point at it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Origin {
    /// Index into the list of source files the library was loaded from.
    pub file: usize,
    /// Zero-based line where the entry starts.
    pub line: usize,
}

/// Anything with a unique id inside its section.
pub trait Entry {
    /// What one of these is called in messages: "muscle", "red flag".
    const KIND: &'static str;
    fn id(&self) -> &str;
    fn origin(&self) -> Origin;
    fn set_origin(&mut self, origin: Origin);
}

macro_rules! entry {
    ($($t:ty => $kind:literal),* $(,)?) => {$(
        impl Entry for $t {
            const KIND: &'static str = $kind;
            fn id(&self) -> &str { &self.id }
            fn origin(&self) -> Origin { self.origin }
            fn set_origin(&mut self, origin: Origin) { self.origin = origin }
        }
    )*};
}
entry!(
    Muscle => "muscle",
    Movement => "movement",
    Condition => "condition",
    Equipment => "equipment",
    Exercise => "exercise",
    Cause => "cause",
    Therapy => "therapy",
    Program => "program",
    RedFlag => "red flag",
    Question => "question",
    Source => "source",
    Lesson => "lesson",
);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Breathing,
    Mobility,
    Decompression,
    Release,
    Realignment,
    Strengthening,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Breathing,
        Category::Mobility,
        Category::Decompression,
        Category::Release,
        Category::Realignment,
        Category::Strengthening,
    ];
    /// The usual rep tempo, for reps that give none: mobility moves
    /// slowly through its range, strengthening lowers slower than it lifts
    /// (control on the way down), decompression and release ease in and
    /// out and stay a little longer.
    pub fn tempo(self) -> Tempo {
        let [m, h, r] = match self {
            Category::Breathing => [4, 0, 6],
            Category::Mobility => [2, 1, 2],
            Category::Decompression | Category::Release => [2, 2, 2],
            Category::Realignment => [2, 1, 2],
            Category::Strengthening => [2, 1, 3],
        };
        Tempo::from([m, h, r])
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Breathing => "breathing",
            Category::Mobility => "mobility",
            Category::Decompression => "decompression",
            Category::Release => "release",
            Category::Realignment => "realignment",
            Category::Strengthening => "strengthening",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Position {
    Standing,
    /// On a chair.
    Sitting,
    /// Sitting on the floor (or on a roller on the floor): getting into it
    /// means getting down to the floor.
    SittingOnFloor,
    Kneeling,
    AllFours,
    OnBack,
    OnFront,
    OnSide,
    Hanging,
    Inverted,
}

impl Position {
    pub const ALL: [Position; 10] = [
        Position::Standing,
        Position::Sitting,
        Position::SittingOnFloor,
        Position::Kneeling,
        Position::AllFours,
        Position::OnBack,
        Position::OnFront,
        Position::OnSide,
        Position::Hanging,
        Position::Inverted,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Position::Standing => "standing",
            Position::Sitting => "sitting",
            Position::SittingOnFloor => "sitting-on-floor",
            Position::Kneeling => "kneeling",
            Position::AllFours => "all-fours",
            Position::OnBack => "on-back",
            Position::OnFront => "on-front",
            Position::OnSide => "on-side",
            Position::Hanging => "hanging",
            Position::Inverted => "inverted",
        }
    }
}

/// How much of an exercise to do. Either timed holds, or reps (each rep
/// optionally held for `hold` seconds at the end of its range).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Dose {
    /// Seconds to hold the position (for reps: seconds per rep).
    #[serde(default, skip_serializing_if = "every::none")]
    pub hold: Option<u32>,
    /// Repetitions per set; absent for a single sustained hold.
    #[serde(default, skip_serializing_if = "every::none")]
    pub reps: Option<u32>,
    #[serde(default = "one")]
    pub sets: u32,
    /// Done once on each side (left, then right).
    #[serde(default)]
    pub per_side: bool,
    /// Seconds of rest between sets.
    #[serde(default)]
    pub rest: u32,
    /// A descending pyramid: each set after the first has this many fewer
    /// reps (McGill's 6-4-2 is `reps: 6, sets: 3, pyramid: 2`); 0 for none.
    #[serde(default, skip_serializing_if = "every::zero")]
    pub pyramid: u32,
    /// How one rep is timed: seconds to move, to hold at the end of the
    /// range, and to return (`tempo: [2, 5, 3]`). Only for reps. A `hold`
    /// given with it must equal its middle value; when the planner changes
    /// `hold`, that hold replaces the middle. Left out, the loader fills in
    /// the category's usual tempo ([`Category::tempo`]).
    #[serde(default, skip_serializing_if = "every::none")]
    pub tempo: Option<Tempo>,
    /// Reps go to one side and then the other (lower trunk rotation): each
    /// side is a rep of its own. Only for reps, never with `per_side`.
    #[serde(default, skip_serializing_if = "every::no")]
    pub alternating: bool,
}

/// Seconds to move, hold and return in one rep, written `[2, 5, 3]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(from = "[u32; 3]", into = "[u32; 3]")]
pub struct Tempo {
    pub move_s: u32,
    pub hold_s: u32,
    pub return_s: u32,
}

impl From<[u32; 3]> for Tempo {
    fn from([move_s, hold_s, return_s]: [u32; 3]) -> Tempo {
        Tempo {
            move_s,
            hold_s,
            return_s,
        }
    }
}

impl From<Tempo> for [u32; 3] {
    fn from(t: Tempo) -> [u32; 3] {
        [t.move_s, t.hold_s, t.return_s]
    }
}

impl Tempo {
    /// A rep with no tempo of its own and no category to ask (hand-built
    /// doses): two seconds each way and a brief pause.
    pub const FALLBACK: Tempo = Tempo {
        move_s: 2,
        hold_s: 1,
        return_s: 2,
    };

    /// Seconds of one rep; saturates.
    pub fn seconds(self) -> u32 {
        self.move_s
            .saturating_add(self.hold_s)
            .saturating_add(self.return_s)
    }
}

fn one() -> u32 {
    1
}

/// A program's optional change to an exercise's usual dose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DoseOverride {
    #[serde(default, skip_serializing_if = "every::none")]
    pub hold: Option<u32>,
    #[serde(default, skip_serializing_if = "every::none")]
    pub reps: Option<u32>,
    #[serde(default, skip_serializing_if = "every::none")]
    pub sets: Option<u32>,
    #[serde(default, skip_serializing_if = "every::none")]
    pub rest: Option<u32>,
}

impl Dose {
    pub fn with(self, o: &DoseOverride) -> Dose {
        Dose {
            hold: o.hold.or(self.hold),
            reps: o.reps.or(self.reps),
            sets: o.sets.unwrap_or(self.sets),
            per_side: self.per_side,
            rest: o.rest.unwrap_or(self.rest),
            pyramid: self.pyramid,
            tempo: self.tempo,
            alternating: self.alternating,
        }
    }

    /// The timing of one rep as it will be done: the tempo (or the
    /// fallback) with `hold`, when given, as its hold. `None` for a
    /// sustained hold.
    pub fn rep_tempo(&self) -> Option<Tempo> {
        self.reps?;
        let t = self.tempo.unwrap_or(Tempo::FALLBACK);
        Some(Tempo {
            hold_s: self.hold.unwrap_or(t.hold_s),
            ..t
        })
    }

    /// Seconds of one rep, or of the one sustained hold; saturates.
    pub fn rep_seconds(&self) -> u32 {
        match self.rep_tempo() {
            Some(t) => t.seconds(),
            None => self.hold.unwrap_or(Tempo::FALLBACK.seconds()),
        }
    }

    /// Reps in set `set` (1-based): the pyramid takes `pyramid` fewer each
    /// set, never fewer than one. `None` for a sustained hold.
    pub fn reps_in_set(&self, set: u32) -> Option<u32> {
        self.reps.map(|r| {
            r.saturating_sub(self.pyramid.saturating_mul(set.saturating_sub(1)))
                .max(1)
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Muscles {
    pub primary: List<Text>,
    #[serde(default)]
    pub secondary: List<Text>,
}

/// A claim and the source that supports it, listed under `evidence:`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub claim: Text,
    pub source: Text,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub id: Text,
    pub name: Text,
    #[serde(default)]
    pub aliases: List<Text>,
    /// Ids it had before it was renamed (`foam-roll-lower-back`, now
    /// `foam-roll-upper-back`): what a person's history, saved programs,
    /// answers and profile may still say. Every lookup by id finds the
    /// exercise by them too ([`Library::current_id`]).
    #[serde(default, skip_serializing_if = "every::empty")]
    pub former_ids: List<Text>,
    pub category: Category,
    pub muscles: Muscles,
    pub position: Position,
    /// What it does to the body, as ids from the `movements` vocabulary;
    /// conditions rule movements out (at least one is required).
    #[serde(default)]
    pub movements: List<Text>,
    #[serde(default)]
    pub equipment: List<Text>,
    pub difficulty: u8,
    /// Puts real load through the spine or hips; left out when pain is high.
    #[serde(default)]
    pub loaded: bool,
    /// Only planned for people who have said a clinician cleared them for it.
    #[serde(default)]
    pub opt_in: bool,
    /// Calm enough to end a session with (breathing always is).
    #[serde(default)]
    pub cool_down: bool,
    /// A static stretch: its holds never go below the planner's floor
    /// (20 s, ACSM), however gentle or short the session.
    #[serde(default)]
    pub stretch: bool,
    pub dose: Dose,
    pub instructions: List<Text>,
    /// How to come out of it and get up again, in plain words ("walk your
    /// hands back and sit up slowly, head last"): the way into it is the
    /// first instruction. Required in the built-in library; a person's own
    /// file without it gets a warning.
    #[serde(default, skip_serializing_if = "every::none")]
    pub come_out: Option<Text>,
    pub feel: Text,
    pub cautions: List<Text>,
    #[serde(default)]
    pub avoid_if: List<Text>,
    /// How to make it gentler in place, for everyone.
    pub make_it_easier: Text,
    #[serde(default, skip_serializing_if = "every::none")]
    pub easier: Option<Text>,
    #[serde(default, skip_serializing_if = "every::none")]
    pub harder: Option<Text>,
    /// After the first trimester of pregnancy, the exercise done in place
    /// of this one when it lies flat on the back (a sitting or side-lying
    /// version of it).
    #[serde(default, skip_serializing_if = "every::none")]
    pub instead_of_lying_flat: Option<Text>,
    /// The capabilities it takes beyond what its position and `stretch`
    /// already say (ids of `capability` movements; `[]` for none). Every
    /// built-in exercise says; one in a person's own file that does not is
    /// taken to need every capability (the most restrictive assumption).
    #[serde(default, skip_serializing_if = "every::none")]
    pub needs: Option<List<Text>>,
    #[serde(default)]
    pub helps: List<Text>,
    /// The position the exercise starts from, as text art (at most 40
    /// columns).
    pub illustration: Text,
    /// Optional: the position at the end of the move (hips up, arm and leg
    /// reached out, back arched), drawn like `illustration` and the same
    /// way round, where it differs clearly from the start. The run shows it
    /// during each rep's move and hold, the start figure during its return.
    #[serde(default, skip_serializing_if = "every::none")]
    pub illustration_end: Option<Text>,
    #[serde(default)]
    pub evidence: List<Evidence>,
    /// Where the dose comes from: source ids from `sources`, or
    /// `precaution: <reasoning>` (see `cite.rs`). Required in the built-in
    /// library; a user's file without it gets a warning.
    #[serde(default, skip_serializing_if = "every::none")]
    pub dose_source: Option<Text>,
    #[serde(skip)]
    pub origin: Origin,
}

/// A publication or page the library cites: `source:` fields name it by id.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: Text,
    /// "Pocovi NC, Lin CC, French SD, et al."
    pub authors: Text,
    pub year: u32,
    pub title: Text,
    /// Journal and issue, or publisher: "Lancet 2024;404(10448):134-144".
    pub published: Text,
    /// Only a DOI checked against the publication; never a guess.
    #[serde(default, skip_serializing_if = "every::none")]
    pub doi: Option<Text>,
    /// An address for sources without a DOI (guidelines, web pages).
    #[serde(default, skip_serializing_if = "every::none")]
    pub url: Option<Text>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Source {
    /// Where a reader can find it: the DOI as a link, else the address.
    pub fn link(&self) -> Option<String> {
        self.doi
            .as_ref()
            .map(|d| format!("https://doi.org/{d}"))
            .or_else(|| self.url.as_ref().map(|u| u.to_string()))
    }

    /// "Pocovi et al. 2024", "Katz and Harris 2008", "McGill 2007", or an
    /// organisation's name and the year.
    pub fn short(&self) -> String {
        // A person is "Surname AB": the initials are a short capital word.
        let surname = |name: &str| -> String {
            let words: Vec<&str> = name.split_whitespace().collect();
            match words.split_last() {
                Some((last, rest))
                    if !rest.is_empty()
                        && last.len() <= 3
                        && last.chars().all(|c| c.is_ascii_uppercase()) =>
                {
                    rest.join(" ")
                }
                _ => name.trim().to_string(),
            }
        };
        let names: Vec<&str> = self
            .authors
            .split(", ")
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        let et_al = names.iter().any(|n| n.starts_with("et al"));
        let people: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| !n.starts_with("et al"))
            .collect();
        let who = match people.as_slice() {
            [] => self.authors.to_string(),
            [one] if !et_al => surname(one),
            [a, b] if !et_al => format!("{} and {}", surname(a), surname(b)),
            [first, ..] => {
                let s = surname(first);
                if s.ends_with("et al.") {
                    s
                } else {
                    format!("{s} et al.")
                }
            }
        };
        format!("{who} {}", self.year)
    }

    /// The full reference in one line, without its link.
    pub fn citation(&self) -> String {
        let end = |t: &str| {
            let t = t.trim_end();
            if t.ends_with(['.', '?', '!']) {
                t.to_string()
            } else {
                format!("{t}.")
            }
        };
        // "et al." keeps its full stop; an initial's is the sentence's.
        let authors = if self.authors.ends_with("al.") {
            &self.authors[..]
        } else {
            self.authors.trim_end_matches('.')
        };
        format!(
            "{} ({}). {} {}",
            authors,
            self.year,
            end(&self.title),
            end(&self.published)
        )
    }

    /// The full reference in one line, with its link when it has one.
    pub fn reference(&self) -> String {
        match self.link() {
            Some(l) => format!("{} {l}", self.citation()),
            None => self.citation(),
        }
    }
}

/// A short lesson card: two or three sentences, sourced, that make moving
/// less frightening (hurt is not harm, flares settle, scans...).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    pub id: Text,
    pub title: Text,
    pub text: Text,
    /// Source ids, as in every `source:` field.
    pub source: Text,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Cause {
    pub id: Text,
    pub name: Text,
    pub summary: Text,
    pub explanation: Text,
    pub signs: List<Text>,
    pub helps: List<Text>,
    #[serde(default)]
    pub therapies: List<Text>,
    /// The ages it usually comes at: when the person's age is known, a
    /// cause their answers point to gains `weight` inside the range and
    /// loses it outside.
    #[serde(default, skip_serializing_if = "every::none")]
    pub age: Option<AgeRange>,
    /// A "see a clinician" note shown whenever this cause is among the
    /// likeliest (for causes that need a doctor's care as well as exercise).
    #[serde(default, skip_serializing_if = "every::none")]
    pub see_clinician: Option<Text>,
    /// Conditions whose rules the plan follows while this cause is among
    /// the likeliest and no clinician has looked (`profile --cleared`): for
    /// a cause that needs a clinician's check before exercise goes further
    /// (`careful-default`, and what the suspected problem rules out).
    #[serde(default, skip_serializing_if = "every::empty")]
    pub until_seen: List<Text>,
    /// Conditions a person may have told us about that explain this cause
    /// (rheumatoid arthritis, morning stiffness): the cause then says so,
    /// with the entry's note in place of words meant for a cause nobody
    /// has named (`see_clinician`, the age's `because`).
    #[serde(default, skip_serializing_if = "every::empty")]
    pub explained_by: List<ExplainedBy>,
    #[serde(default)]
    pub evidence: List<Evidence>,
    #[serde(skip)]
    pub origin: Origin,
}

/// Conditions that explain a cause, and what to say to a person who has one.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ExplainedBy {
    /// Condition ids; one the person declared (or one it includes) counts.
    pub conditions: List<Text>,
    /// Plain words acknowledging the known diagnosis: "You have told us
    /// you have ...; keep your rheumatology team informed if this pattern
    /// changes."
    pub note: Text,
}

/// The ages, in years, at which a cause usually appears.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AgeRange {
    /// From this age on (inclusive); absent for "any age up to `to`".
    #[serde(default, skip_serializing_if = "every::none")]
    pub from: Option<u32>,
    /// Up to this age (inclusive); absent for "from `from` on".
    #[serde(default, skip_serializing_if = "every::none")]
    pub to: Option<u32>,
    pub weight: i32,
    /// Offered only when the person's age is known (and inside the range):
    /// for a cause of one age group only, which the symptoms alone would
    /// wrongly suggest at any other age.
    #[serde(default, skip_serializing_if = "every::no")]
    pub needs_age: bool,
    /// Shown with the cause when the age fits: "usually after 60".
    pub because: Text,
    pub source: Text,
}

impl AgeRange {
    pub fn contains(&self, age: u32) -> bool {
        self.from.is_none_or(|f| age >= f) && self.to.is_none_or(|t| age <= t)
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Therapy {
    pub id: Text,
    pub name: Text,
    pub summary: Text,
    pub what_to_expect: Text,
    pub consider_when: Text,
    #[serde(default)]
    pub cautions: List<Text>,
    #[serde(default)]
    pub evidence: List<Evidence>,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ProgramStep {
    pub exercise: Text,
    #[serde(default, skip_serializing_if = "every::none")]
    pub dose: Option<DoseOverride>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Program {
    pub id: Text,
    pub name: Text,
    pub summary: Text,
    #[serde(default)]
    pub for_causes: List<Text>,
    pub steps: List<ProgramStep>,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Muscle {
    pub id: Text,
    pub name: Text,
    #[serde(default)]
    pub aliases: List<Text>,
    #[serde(skip)]
    pub origin: Origin,
}

/// One entry of the fixed vocabulary of what an exercise does to the body.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Movement {
    pub id: Text,
    /// Read in a sentence: "left out: {name}, {reason}".
    pub name: Text,
    pub description: Text,
    /// The way it moves the lower back, if it has one: the planner follows a
    /// person's direction of movement with it.
    #[serde(default, skip_serializing_if = "every::none")]
    pub direction: Option<Direction>,
    /// Positions that always involve this movement (all fours: kneeling):
    /// an exercise in one of them must declare it, so a rule on the
    /// movement cannot miss an exercise that forgot it.
    #[serde(default, skip_serializing_if = "every::empty")]
    pub implied_by: List<Position>,
    /// Every static stretch (`stretch: true`) involves it too.
    #[serde(default, skip_serializing_if = "every::no")]
    pub implied_by_stretch: bool,
    /// A body fact that decides what a person can do (getting down to the
    /// floor, weight through the hands): exercises say whether they take
    /// it, in `needs` when neither their position nor `stretch` says.
    #[serde(default, skip_serializing_if = "every::no")]
    pub capability: bool,
    #[serde(skip)]
    pub origin: Origin,
}

/// A direction the lower back moves in. Many people have one direction
/// that eases their pain and one that irritates it (directional
/// preference; Long, Donelson and Fung, Spine 2004).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Bending forward, rounding the back.
    Flexion,
    /// Bending backward, arching the back.
    Extension,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Flexion => "flexion",
            Direction::Extension => "extension",
        }
    }

    /// In words, read in a sentence: "exercises that {words}".
    pub fn words(self) -> &'static str {
        match self {
            Direction::Flexion => "bend the back forward",
            Direction::Extension => "arch the back",
        }
    }

    pub fn opposite(self) -> Direction {
        match self {
            Direction::Flexion => Direction::Extension,
            Direction::Extension => Direction::Flexion,
        }
    }
}

/// Whether a rule rests on a named source or on reasoning from the notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    Guideline,
    Precaution,
}

/// A movement a condition rules out, with why and who says so.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub movement: Text,
    pub reason: Text,
    pub source: Text,
    #[serde(default, skip_serializing_if = "every::none")]
    pub basis: Option<Basis>,
}

/// A movement a condition allows only for so long in a row.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub movement: Text,
    pub max_minutes_in_a_row: u32,
    pub reason: Text,
    pub source: Text,
}

/// Signs to stop exercising, shown before a session and on the sheet.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StopSigns {
    pub intro: Text,
    pub signs: List<Text>,
    pub source: Text,
}

/// A health condition: the movements it rules out or limits.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub id: Text,
    pub name: Text,
    #[serde(default)]
    pub aliases: List<Text>,
    /// Other conditions whose rules, limits and stop signs this one has too.
    #[serde(default)]
    pub includes: List<Text>,
    /// Conditions this one lifts when they come only through another's
    /// `includes`: "I can get down to the floor" lifts the floor being hard
    /// that poor balance brings. One the person names is never lifted.
    #[serde(default, skip_serializing_if = "every::empty")]
    pub lifts: List<Text>,
    /// What the plan opens with, in order: exercise ids or categories
    /// (`breathing`), each the first safe one the person can do today
    /// (after birth: breathing, the pelvic floor, gentle deep tummy work).
    /// An entry nothing safe matches today is passed over.
    #[serde(default, skip_serializing_if = "every::empty")]
    pub begin_with: List<Text>,
    /// What every plan from the answers has, each in its own phase:
    /// exercise ids or categories, met as `begin_with`'s are (a wheelchair
    /// user's trunk and upper-body strength work).
    #[serde(default, skip_serializing_if = "every::empty")]
    pub plan_with: List<Text>,
    #[serde(default)]
    pub rules: List<Rule>,
    #[serde(default)]
    pub limits: List<Limit>,
    #[serde(default, skip_serializing_if = "every::none")]
    pub stop_signs: Option<StopSigns>,
    #[serde(default, skip_serializing_if = "every::none")]
    pub advice: Option<Text>,
    /// Conditions it includes whose `advice` its own already says (a
    /// wheelchair user's note covers the floor being hard): theirs is not
    /// shown again, even when the person names them too.
    #[serde(default, skip_serializing_if = "every::empty")]
    pub advice_covers: List<Text>,
    /// For a condition that `lifts` another: the yes-or-no question the
    /// first run asks when a condition the person ticked brings the one it
    /// lifts ("Can you get down to the floor and back up on your own?");
    /// yes adds this condition, no adds the one it lifts.
    #[serde(default, skip_serializing_if = "every::none")]
    pub ask: Option<Text>,
    #[serde(skip)]
    pub origin: Origin,
}

/// An equipment item some exercises need.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Equipment {
    pub id: Text,
    pub name: Text,
    #[serde(default)]
    pub aliases: List<Text>,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// Go to an emergency department or call the emergency number now.
    Emergency,
    /// Do not start; see a doctor today.
    Urgent,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RedFlag {
    pub id: Text,
    pub tier: Tier,
    /// The yes/no question, for a flag the person is asked.
    #[serde(default, skip_serializing_if = "every::none")]
    pub ask: Option<Text>,
    /// For a flag raised by a combination of answers instead of a question
    /// (osteoporosis and a fall): the answers that raise it.
    #[serde(default, skip_serializing_if = "every::none")]
    pub when: Option<FlagWhen>,
    /// What the person told us that raised a `when` flag, in plain words.
    #[serde(default, skip_serializing_if = "every::none")]
    pub because: Option<Text>,
    /// Why this sign matters, in plain words.
    pub why: Text,
    /// Where the rule comes from.
    #[serde(default, skip_serializing_if = "every::none")]
    pub source: Option<Text>,
    #[serde(skip)]
    pub origin: Origin,
}

/// The answers that together raise a red flag nobody is asked directly.
/// Each list that is given must match at least one answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FlagWhen {
    /// Any of these conditions (ids).
    #[serde(default, skip_serializing_if = "every::empty")]
    pub conditions: List<Text>,
    /// Any of these symptom choices (ids).
    #[serde(default, skip_serializing_if = "every::empty")]
    pub symptoms: List<Text>,
    /// Age in years at least this.
    #[serde(default, skip_serializing_if = "every::none")]
    pub age_at_least: Option<u32>,
}

/// Which answer a question fills in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Pain,
    Areas,
    Symptoms,
    Conditions,
    Equipment,
    Minutes,
    /// Age in years, asked once: some red flags depend on it.
    Age,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Asked {
    /// Asked every session.
    Daily,
    /// Asked once, then kept in the profile.
    Profile,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: Text,
    pub label: Text,
    /// Points toward each cause this answer suggests.
    #[serde(default)]
    pub weights: Map<Text, i32>,
    /// The reason shown with a cause, e.g. "pain shoots below the knee".
    #[serde(default)]
    pub because: Option<Text>,
    /// A "see a clinician soon" note: the session stays gentle and says so.
    #[serde(default)]
    pub see_clinician: Option<Text>,
    /// Movements this answer leaves out of today's session (pain running
    /// down the leg: stretching the sciatic nerve), with `leave_out_reason`.
    #[serde(default, skip_serializing_if = "every::empty")]
    pub leaves_out: List<Text>,
    /// Why, in plain words: "it pulls on a nerve that may be irritated".
    #[serde(default, skip_serializing_if = "every::none")]
    pub leave_out_reason: Option<Text>,
    /// Which way of moving this answer says hurts, and how strongly: the
    /// planner moves exercises in that direction down (directional
    /// preference).
    #[serde(default, skip_serializing_if = "every::empty_map")]
    pub irritable: Map<Direction, i32>,
    /// Conditions (capabilities, usually) this answer brings for today's
    /// plan: pain that builds on standing or walking brings
    /// `standing-is-hard`, and with it its limit on minutes on the feet.
    #[serde(default, skip_serializing_if = "every::empty")]
    pub brings: List<Text>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: Text,
    pub field: Field,
    pub asked: Asked,
    pub ask: Text,
    #[serde(default)]
    pub hint: Option<Text>,
    #[serde(default)]
    pub choices: List<Choice>,
    #[serde(skip)]
    pub origin: Origin,
}

/// The merged library. The built-in one is also compiled into the program,
/// pre-validated, as static values (`Sections`), so start-up need not
/// parse or decode anything.
#[derive(Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Library {
    pub muscles: List<Muscle>,
    #[serde(default)]
    pub movements: List<Movement>,
    pub conditions: List<Condition>,
    pub equipment: List<Equipment>,
    pub exercises: List<Exercise>,
    pub causes: List<Cause>,
    pub therapies: List<Therapy>,
    pub programs: List<Program>,
    pub red_flags: List<RedFlag>,
    pub questions: List<Question>,
    #[serde(default)]
    pub sources: List<Source>,
    #[serde(default)]
    pub lessons: List<Lesson>,
    /// Problems in a user's files that do not stop the program (a claim
    /// whose source is not listed, an id in reader text): shown by
    /// `check` and when the library is loaded.
    #[serde(skip)]
    pub warnings: Vec<crate::problems::Problem>,
    /// Exercise id -> position in `exercises`, built once loading succeeds.
    #[serde(skip)]
    pub(crate) index: HashMap<Text, usize>,
}

/// A library's sections as static values: the built-in library as
/// `build.rs` writes it (`rust_source.rs`).
pub struct Sections {
    pub muscles: &'static [Muscle],
    pub movements: &'static [Movement],
    pub conditions: &'static [Condition],
    pub equipment: &'static [Equipment],
    pub exercises: &'static [Exercise],
    pub causes: &'static [Cause],
    pub therapies: &'static [Therapy],
    pub programs: &'static [Program],
    pub red_flags: &'static [RedFlag],
    pub questions: &'static [Question],
    pub sources: &'static [Source],
    pub lessons: &'static [Lesson],
}

impl Library {
    /// The library whose entries are `sections`, borrowed, not copied.
    pub fn from_static(sections: &'static Sections) -> Library {
        let mut lib = Library {
            muscles: List::from_static(sections.muscles),
            movements: List::from_static(sections.movements),
            conditions: List::from_static(sections.conditions),
            equipment: List::from_static(sections.equipment),
            exercises: List::from_static(sections.exercises),
            causes: List::from_static(sections.causes),
            therapies: List::from_static(sections.therapies),
            programs: List::from_static(sections.programs),
            red_flags: List::from_static(sections.red_flags),
            questions: List::from_static(sections.questions),
            sources: List::from_static(sections.sources),
            lessons: List::from_static(sections.lessons),
            warnings: Vec::new(),
            index: HashMap::new(),
        };
        lib.reindex();
        lib
    }

    /// Every entry's origin, section by section in `Section::ALL` order.
    /// Origins are not part of an entry's serialized form, so a library
    /// stored pre-validated keeps them beside it (`set_origins`).
    pub fn origins(&self) -> Vec<Origin> {
        let mut out = Vec::new();
        macro_rules! each {
            ($($f:ident),*) => {$( out.extend(self.$f.iter().map(|e| e.origin)); )*};
        }
        each!(
            muscles, movements, conditions, equipment, exercises, causes, therapies, programs,
            red_flags, questions, sources, lessons
        );
        out
    }

    /// Restores the origins `origins` returned; extra or missing ones are
    /// left as they are.
    pub fn set_origins(&mut self, origins: &[Origin]) {
        let mut it = origins.iter();
        macro_rules! each {
            ($($f:ident),*) => {$(
                for (e, o) in self.$f.to_mut().iter_mut().zip(&mut it) {
                    e.origin = *o;
                }
            )*};
        }
        each!(
            muscles, movements, conditions, equipment, exercises, causes, therapies, programs,
            red_flags, questions, sources, lessons
        );
    }
}

/// The sections a library file may contain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Section {
    Muscles,
    Movements,
    Conditions,
    Equipment,
    Exercises,
    Causes,
    Therapies,
    Programs,
    RedFlags,
    Questions,
    Sources,
    Lessons,
}

impl Section {
    /// Every section, in the order they load.
    pub(crate) const ALL: [Section; 12] = [
        Section::Muscles,
        Section::Movements,
        Section::Conditions,
        Section::Equipment,
        Section::Exercises,
        Section::Causes,
        Section::Therapies,
        Section::Programs,
        Section::RedFlags,
        Section::Questions,
        Section::Sources,
        Section::Lessons,
    ];

    /// Its key at the top of a library file.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Section::Muscles => "muscles",
            Section::Movements => "movements",
            Section::Conditions => "conditions",
            Section::Equipment => "equipment",
            Section::Exercises => "exercises",
            Section::Causes => "causes",
            Section::Therapies => "therapies",
            Section::Programs => "programs",
            Section::RedFlags => "red_flags",
            Section::Questions => "questions",
            Section::Sources => "sources",
            Section::Lessons => "lessons",
        }
    }

    /// The section whose key is `key`.
    pub(crate) fn from_key(key: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.key() == key)
    }

    /// One entry of it in loading messages: the key without its final
    /// `s`, exactly as these messages have always read ("red_flag",
    /// "therapie").
    pub(crate) fn singular(self) -> &'static str {
        self.key().trim_end_matches('s')
    }

    /// Every key, as "muscles, conditions, ..." for messages.
    pub(crate) fn keys() -> String {
        Section::ALL.map(Section::key).join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::Section;

    #[test]
    fn sections_round_trip_through_their_keys() {
        for s in Section::ALL {
            assert_eq!(Section::from_key(s.key()), Some(s));
        }
        assert_eq!(Section::from_key("exercise"), None);
        assert_eq!(
            Section::keys(),
            "muscles, movements, conditions, equipment, exercises, causes, therapies, programs, red_flags, questions, sources, lessons"
        );
        // Loading messages have always said this; changing it changes output.
        assert_eq!(Section::Therapies.singular(), "therapie");
        assert_eq!(Section::RedFlags.singular(), "red_flag");
    }

    /// The user-library cache is stored in a form that is not
    /// self-describing (compact.rs): a field left out when empty must be one
    /// `every_field` can switch back on, or the program cannot decode it.
    #[test]
    fn every_skipped_field_can_be_written_in_full() {
        for (n, line) in include_str!("model.rs").lines().enumerate() {
            if let Some(i) = line.find("skip_serializing_if = \"") {
                assert!(
                    line[i..].starts_with("skip_serializing_if = \"every::"),
                    "model.rs:{}: use a test from `every`",
                    n + 1
                );
            }
        }
    }
}
