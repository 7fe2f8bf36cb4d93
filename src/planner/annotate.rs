//! The words of a plan: why each step is in it, what to tell the person
//! before they start, and which professional care is worth considering.

use super::ladder::Said;
use super::score::{helps, Candidate};
use super::{direction, Day, Phase, Request, Step, FIT_TOLERANCE};
use crate::assess::{self, RankedCause};
use crate::library::{Direction, Dose, Library};

/// Puts into words why a candidate is in the plan.
pub(super) struct Why<'a> {
    lib: &'a Library,
    causes: &'a [RankedCause],
    irritable: Option<Direction>,
}

impl<'a> Why<'a> {
    pub(super) fn new(
        lib: &'a Library,
        causes: &'a [RankedCause],
        irritable: Option<Direction>,
    ) -> Why<'a> {
        Why {
            lib,
            causes,
            irritable,
        }
    }

    /// The causes it helps, the way it moves, and where its ladder stands.
    fn of(&self, c: &Candidate) -> Because {
        let helped: Vec<String> = self
            .causes
            .iter()
            .filter(|rc| helps(self.lib, c.exercise, &rc.id))
            .map(|rc| {
                self.lib
                    .cause(&rc.id)
                    .map_or(rc.id.clone(), |x| x.name.to_lowercase())
            })
            .collect();
        let mut tail = if helped.is_empty() {
            String::new()
        } else {
            format!("helps {}", helped.join(", "))
        };
        if let Some(d) = direction::why(self.lib, c.exercise, self.irritable) {
            tail = join_why(&tail, &d);
        }
        Because {
            phase: true,
            head: String::new(),
            ladder: c.ladder.clone(),
            tail,
        }
    }
}

/// Why a step is in the plan, kept in parts until it is put into words
/// (`words`, on every change of the step): what its phase is for, which
/// follows the step's final label; the ladder's word, which names the dose
/// the step is planned at after the time fitting, never the ladder's own
/// when they differ; and the rest (a program's reason, the causes it helps).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Because {
    /// Begins with what the step's phase is for ("gentle warm-up").
    pub(crate) phase: bool,
    /// A reason of its own that comes first ("step of Desk reset").
    pub(crate) head: String,
    pub(crate) ladder: Option<Said>,
    /// The causes it helps and the way it moves.
    pub(crate) tail: String,
}

impl Because {
    /// A reason in words of its own, nothing more.
    pub(crate) fn text(head: String) -> Because {
        Because {
            head,
            ..Because::default()
        }
    }

    /// The why of a step in `phase` planned at `dose`.
    pub(crate) fn words(&self, phase: Phase, dose: &Dose) -> String {
        let what = match phase {
            _ if !self.phase => "",
            Phase::Settle => "rest and breathe",
            Phase::Begin => "first, as advised with your condition",
            Phase::WarmUp => "gentle warm-up",
            Phase::CoolDown => "calm finish",
            Phase::Strengthening => "strength work, which helps backs most",
            _ => "",
        };
        let ladder = self.ladder.as_ref().map(|l| l.words(dose));
        [
            what,
            &self.head,
            ladder.as_deref().unwrap_or(""),
            &self.tail,
        ]
        .into_iter()
        .fold(String::new(), |why, part| join_why(&why, part))
    }
}

/// A candidate as a step in `phase` at its usual dose, saying why it is
/// there and, for the skeleton's phases, what the phase is for.
pub(super) fn candidate_step(c: &Candidate, phase: Phase, words: &Why) -> Step {
    Step::new(c.exercise, phase, c.dose, words.of(c))
}

/// Two reasons as one, either of which may be empty.
pub(super) fn join_why(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}; {b}"),
    }
}

/// What to tell the person before they start: the clinician's notes for
/// their answers, why today is gentler or short, which way of moving is
/// being spared, and that the safe exercises fall short of the time asked
/// for, when they do.
pub(super) fn notes(req: &Request, day: &Day, total: u32) -> Vec<String> {
    let a = req.answers;
    let target = day.target;
    let mut notes = assess::clinician_notes(req.lib, a);
    if day.severe {
        notes.push(format!(
            "Your pain is {} out of 10, which is very severe. Rest in a comfortable position first; this session is short, about {} minutes: rest positions and slow breathing first, then only easy movement if it feels all right. Please see a doctor, or call your non-emergency health line (NHS 111 in the UK), for advice on pain this bad.",
            a.pain,
            target.div_ceil(60)
        ));
    } else if day.flare {
        // The flare plan's own words come first (see `flare::notes`).
    } else if day.easing {
        notes.push(
            "A flare was on record yesterday, so today is still gentle: easier exercises and shorter holds. Each exercise stepped back a rung and climbs again with calm sessions.".to_string(),
        );
    } else if day.gentle {
        notes.push(format!(
            "Your pain is {} today, so this session is gentler: easier exercises, shorter holds and nothing loaded. Stop anything that makes pain spread or grow.",
            a.pain
        ));
    }
    if let Some(d) = day.irritable {
        let what = if day.gentle {
            "are left out today"
        } else {
            "are moved down the list, and any that stay say to keep them small"
        };
        notes.push(format!(
            "Your answers say that movements that {} hurt more at the moment, so exercises that {} {what}; the plan favours exercises that {}. This often changes as your back settles. Stop anything that sends pain further down a leg; pain moving back toward the spine is a good sign.",
            d.words(),
            d.words(),
            d.opposite().words()
        ));
    }
    if f64::from(total) < f64::from(target) * (1.0 - FIT_TOLERANCE) {
        let why = if day.gentle {
            "With pain this high, a shorter and gentler session is kinder: these exercises"
        } else {
            "The exercises that are safe for you with your equipment"
        };
        let mut note = format!(
            "{why} fill about {} minutes today, not the {} you asked for.",
            total.div_ceil(60),
            // The person's own number: a severe day's shorter target is
            // the plan's, said in the note above, never "asked for".
            a.minutes
        );
        if !day.gentle {
            note.push_str(&what_would_add(req));
        }
        notes.push(note);
    }
    notes
}

/// Fewer exercises than this in a plan, and the plan says why.
pub(crate) const FEW_EXERCISES: usize = 3;

/// The note of a plan with fewer than `FEW_EXERCISES` exercises: only so
/// many suit everything the person told us together (several restrictions
/// at once can leave little), and what would add more.
pub(super) fn few_exercises_note(req: &Request, n: usize) -> Option<String> {
    if n >= FEW_EXERCISES {
        return None;
    }
    let what = match n {
        0 => "No exercise in the library suits".to_string(),
        1 => "Only one exercise in the library suits".to_string(),
        n => format!("Only {n} exercises in the library suit"),
    };
    Some(format!(
        "{what} everything you told us together (your health, what is hard for you and your equipment), so this plan is short on variety.{}",
        what_would_add(req)
    ))
}

/// Why a plan falls short, said so the person can change it: the equipment
/// that would add exercises safe for them (" With a clear wall or a ball,
/// more would fit."), or that nothing more is safe with what they said.
pub(super) fn what_would_add(req: &Request) -> String {
    let (lib, a) = (req.lib, req.answers);
    // How many exercises safe for the person a piece of equipment adds.
    let adds = |q: &str| {
        let mut with = a.clone();
        with.equipment.push(q.to_string());
        lib.exercises
            .iter()
            .filter(|e| {
                e.equipment.iter().any(|x| x == q)
                    && super::exclusion(lib, e, a, req.opt_in).is_some()
                    && super::exclusion(lib, e, &with, req.opt_in).is_none()
            })
            .count()
    };
    let mut helpful: Vec<(usize, String)> = lib
        .equipment
        .iter()
        .filter(|q| !super::safety::has_equipment(lib, a, &q.id))
        .map(|q| (adds(&q.id), q.name.to_lowercase()))
        .filter(|(n, _)| *n > 0)
        .collect();
    // The most useful first; the library's order among equals.
    helpful.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    let names: Vec<String> = helpful.into_iter().take(2).map(|(_, q)| q).collect();
    match names.as_slice() {
        [] => " Nothing more in the library is safe for you with what your profile says; a physiotherapist can add exercises that suit you.".to_string(),
        [one] => format!(" With {}, more would fit.", with_article(one)),
        [first, .., last] => format!(
            " With {} or {}, more would fit.",
            with_article(first),
            with_article(last)
        ),
    }
}

/// "a chair", "an exercise mat": equipment names read in a sentence.
fn with_article(name: &str) -> String {
    let name = name.trim_start_matches("a ").trim_start_matches("an ");
    let an = name.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {name}", if an { "an" } else { "a" })
}

/// Professional care worth considering for the two likeliest causes, each
/// named once.
pub(super) fn therapies(lib: &Library, causes: &[RankedCause]) -> Vec<String> {
    let mut therapies: Vec<String> = Vec::new();
    for c in causes.iter().take(2) {
        for t in lib
            .cause(&c.id)
            .map(|c| c.therapies.as_slice())
            .unwrap_or_default()
        {
            if !therapies.iter().any(|x| x == t) {
                therapies.push(t.to_string());
            }
        }
    }
    therapies
}
