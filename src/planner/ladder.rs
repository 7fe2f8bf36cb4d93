//! The ladder of an exercise family, derived from history and never
//! stored, so import, compact and delete keep it true.
//!
//! A family is an exercise with its easier and harder variants (the
//! library's `easier`/`harder` links), easiest first: each is a rung. Within
//! a rung the dose climbs in steps (more reps, then one more set; or a
//! longer hold, then one more set) up to the limits of the dosing evidence.
//!
//! The rules, replayed over the sessions in which the family was done (by
//! the variant actually done, whatever the plan said):
//! - a calm session (pain after not above pain before, not a flare day)
//!   counts once, twice when it felt too easy;
//! - after `DOSE_STEP_AFTER` calm sessions at one dose, the next dose step;
//! - after `RUNG_UP_AFTER` calm sessions at the rung's top dose, the next
//!   rung, at most one rung in `RUNG_UP_EVERY_DAYS` days (dose steps do not
//!   count), never on a gentle day, never to an exercise that is not safe;
//! - one rise of `REGRESS_RISE` or more after a session on a rung (never
//!   blamed on a rest position or breathing), or "too hard", steps that
//!   family back at once: a rung down, or a smaller dose
//!   on the lowest rung; a flare steps every family back;
//! - after a gap of `GAP_STEP_DOWN_DAYS` to `GAP_AFRESH_DAYS` - 1 days, one
//!   rung down; after longer (the planner reads no further) it starts
//!   afresh;
//! - a level-3 exercise only as the harder rung of a family whose lower rung
//!   was done calmly `RUNG_UP_AFTER` times; one with no easier variant only
//!   after calm sessions in `SEASONED_WEEKS` different weeks.

use super::{dose, PastSession, REGRESS_RISE};
use crate::library::{Dose, Exercise, Library};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Calm sessions at one dose before the next dose step.
pub const DOSE_STEP_AFTER: u32 = 2;
/// Calm sessions at a rung's top dose before the next rung.
pub const RUNG_UP_AFTER: u32 = 3;
/// At most one rung up in this many days.
pub const RUNG_UP_EVERY_DAYS: i64 = 7;
/// A gap of this many days or more since the family was last done: one rung down.
pub const GAP_STEP_DOWN_DAYS: i64 = 14;
/// A gap of this many days or more: start afresh (eight weeks).
pub const GAP_AFRESH_DAYS: i64 = 56;
/// The hardest level.
pub const TOP_LEVEL: u8 = 3;
/// A level-3 exercise with no easier variant comes only after calm
/// sessions in this many different weeks.
pub const SEASONED_WEEKS: usize = 3;
/// Dose steps stop here: 2-3 sets of 8-12 for strength (clinical notes,
/// dosing defaults), 30 s for a static stretch, 45 s for other holds,
/// unless the library's own dose is already more.
const MAX_SETS: u32 = 3;
const MAX_REPS: u32 = 12;
const MAX_STRETCH_HOLD: u32 = 30;
const MAX_HOLD: u32 = 45;

/// How an exercise felt, asked after a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Felt {
    TooEasy,
    AboutRight,
    TooHard,
}

impl Felt {
    pub const ALL: [Felt; 3] = [Felt::TooEasy, Felt::AboutRight, Felt::TooHard];

    /// "1", "too easy", "easy" and the like; `None` for a skip or anything
    /// else (the question is optional).
    pub fn parse(text: &str) -> Option<Felt> {
        match text.trim().to_lowercase().as_str() {
            "1" | "too easy" | "easy" => Some(Felt::TooEasy),
            "2" | "about right" | "right" | "ok" => Some(Felt::AboutRight),
            "3" | "too hard" | "hard" => Some(Felt::TooHard),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Felt::TooEasy => "too easy",
            Felt::AboutRight => "about right",
            Felt::TooHard => "too hard",
        }
    }
}

/// An exercise and its variants, easiest first.
#[derive(Clone, Debug)]
pub struct Family<'a> {
    pub rungs: Vec<&'a Exercise>,
}

impl<'a> Family<'a> {
    /// The family of `e`: its easier variants below it, its harder above.
    pub fn of(lib: &'a Library, e: &'a Exercise) -> Family<'a> {
        let bound = lib.exercises.len();
        let mut below = Vec::new();
        let mut v = e;
        for _ in 0..bound {
            match v.easier.as_deref().and_then(|id| lib.exercise(id)) {
                Some(next)
                    if next.id != e.id && !below.iter().any(|b: &&Exercise| b.id == next.id) =>
                {
                    below.push(next);
                    v = next;
                }
                _ => break,
            }
        }
        below.reverse();
        let mut rungs = below;
        rungs.push(e);
        let mut v = e;
        for _ in 0..bound {
            match v.harder.as_deref().and_then(|id| lib.exercise(id)) {
                Some(next) if !rungs.iter().any(|b| b.id == next.id) => {
                    rungs.push(next);
                    v = next;
                }
                _ => break,
            }
        }
        Family { rungs }
    }

    /// The family's name: its easiest rung.
    pub fn root(&self) -> &str {
        &self.rungs[0].id
    }

    pub fn rung_of(&self, id: &str) -> Option<usize> {
        self.rungs.iter().position(|e| e.id == id)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.rung_of(id).is_some()
    }
}

/// Why the family stands where it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// No session of it yet (or none for eight weeks).
    Start,
    /// Started on the rung below a level-3 exercise.
    StartBelowTop,
    /// Some calm sessions at this dose, not yet enough to step.
    Building { calm: u32 },
    /// The next dose step after calm sessions at the one before.
    DoseUp { calm: u32, from: Dose },
    /// The next rung after calm sessions at the top dose of the one below.
    RungUp {
        calm: u32,
        from: usize,
        from_dose: Dose,
    },
    /// Ready for the next rung, but one rung a week: on this date.
    RungWait { calm: u32, on: NaiveDate },
    /// At the top of the ladder.
    Top { calm: u32 },
    /// Pain rose after it on this date.
    Rise { on: NaiveDate, down: bool },
    /// It felt too hard on this date.
    TooHard { on: NaiveDate, down: bool },
    /// A flare on this date stepped every family back.
    Flare { on: NaiveDate, down: bool },
    /// This many days since it was last done.
    Gap { days: i64, down: bool },
}

/// Where a family stands today.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    pub rung: usize,
    /// Dose steps above the library's dose (-1: a smaller dose).
    pub level: i32,
    /// Calm sessions counted at this rung and level.
    pub calm: u32,
    /// The last day the family went a rung up.
    pub last_up: Option<NaiveDate>,
    pub reason: Reason,
}

/// One event in a family's history.
#[derive(Clone, Copy, Debug)]
enum Event<'s> {
    Flare(NaiveDate),
    Session(&'s PastSession),
}

impl Event<'_> {
    fn date(&self) -> NaiveDate {
        match self {
            Event::Flare(d) => *d,
            Event::Session(s) => s.date,
        }
    }
}

/// What the ladder needs besides the family and history.
pub struct Rules<'f> {
    /// Whether an exercise may be planned for this person today.
    pub ok: &'f dyn Fn(&Exercise) -> bool,
    /// Whether the family may go up today (not on a gentle day).
    pub may_rise: bool,
    /// Calm sessions at level 2 in enough weeks for a level-3 exercise
    /// without an easier variant.
    pub seasoned: bool,
}

/// Whether `e` may stand on `rung` of `fam` without having climbed there.
fn may_start_on(fam: &Family, rung: usize, rules: &Rules) -> bool {
    let e = fam.rungs[rung];
    (rules.ok)(e) && (e.difficulty < TOP_LEVEL || (rung == 0 && rules.seasoned))
}

/// The rung a family starts on when `e` is planned with no history of it:
/// `e`'s own, or below it while that is level 3 and there is an easier
/// rung that may be planned. `None` when nothing may be planned (a level-3
/// exercise with nothing below it, before the person is seasoned).
pub fn start(fam: &Family, e: &Exercise, rules: &Rules) -> Option<(usize, Reason)> {
    let own = fam.rung_of(&e.id)?;
    if may_start_on(fam, own, rules) {
        return Some((own, Reason::Start));
    }
    (0..own)
        .rev()
        .find(|&r| may_start_on(fam, r, rules))
        .map(|r| (r, Reason::StartBelowTop))
}

/// Where a family stands on `today`, from the sessions (oldest first) and
/// flare days in the planner's window; `None` when it has no session there.
pub fn position(
    fam: &Family,
    history: &[PastSession],
    flares: &[NaiveDate],
    today: NaiveDate,
    rules: &Rules,
) -> Option<Position> {
    let mut events: Vec<Event> = flares
        .iter()
        .filter(|d| **d < today)
        .map(|d| Event::Flare(*d))
        .chain(
            history
                .iter()
                .filter(|s| s.date < today || (s.date == today && s.pain_after.is_some()))
                .filter(|s| s.exercises.iter().any(|x| fam.contains(x)))
                .map(Event::Session),
        )
        .collect();
    // Flares first on their day: the session that day was the flare plan.
    events.sort_by_key(|e| (e.date(), matches!(e, Event::Session(_))));
    let mut pos: Option<Position> = None;
    let mut last_done: Option<NaiveDate> = None;
    // The last session whose gap after it has stepped the family down.
    let mut gapped: Option<NaiveDate> = None;
    for ev in events {
        let date = ev.date();
        if let Some(p) = pos.as_mut() {
            gap(p, fam, last_done, &mut gapped, date, rules);
            promote(p, fam, date, rules);
        }
        match ev {
            Event::Flare(d) => {
                if let Some(p) = pos.as_mut() {
                    let down = step_back(p, fam, rules);
                    p.reason = Reason::Flare { on: d, down };
                }
            }
            Event::Session(s) => {
                let flare_day = flares.contains(&s.date);
                let done = s
                    .exercises
                    .iter()
                    .filter_map(|x| fam.rung_of(x))
                    .max()
                    .expect("the family was done");
                let p = pos.get_or_insert(Position {
                    rung: done,
                    level: 0,
                    calm: 0,
                    last_up: None,
                    reason: Reason::Start,
                });
                if p.rung != done && !flare_day {
                    // What was done is what counts (a program, a sheet).
                    p.rung = done;
                    p.level = 0;
                    p.calm = 0;
                }
                last_done = Some(s.date);
                if flare_day {
                    continue;
                }
                let felt = s
                    .felt
                    .iter()
                    .filter(|(x, _)| fam.contains(x))
                    .map(|(_, f)| *f)
                    .max_by_key(|f| match f {
                        Felt::TooHard => 2,
                        Felt::TooEasy => 0,
                        Felt::AboutRight => 1,
                    });
                // A rest position or breathing is never blamed for a rise.
                let rise = s
                    .pain_after
                    .map(|a| i32::from(a) - i32::from(s.pain_before))
                    .filter(|r| *r <= 0 || !is_calm_step(fam.rungs[p.rung]));
                if rise.is_some_and(|r| r >= REGRESS_RISE) {
                    let down = step_back(p, fam, rules);
                    p.reason = Reason::Rise { on: s.date, down };
                } else if felt == Some(Felt::TooHard) {
                    let down = step_back(p, fam, rules);
                    p.reason = Reason::TooHard { on: s.date, down };
                } else if rise.is_some_and(|r| r <= 0) {
                    p.calm += if felt == Some(Felt::TooEasy) { 2 } else { 1 };
                    p.reason = Reason::Building { calm: p.calm };
                }
            }
        }
    }
    let mut p = pos?;
    gap(&mut p, fam, last_done, &mut gapped, today, rules);
    promote(&mut p, fam, today, rules);
    Some(p)
}

/// A long gap before `date`: one rung down (or afresh, left to the window).
fn gap(
    p: &mut Position,
    fam: &Family,
    last: Option<NaiveDate>,
    gapped: &mut Option<NaiveDate>,
    date: NaiveDate,
    rules: &Rules,
) {
    let Some(last) = last else { return };
    if *gapped == Some(last) {
        return;
    }
    let days = (date - last).num_days();
    if days >= GAP_AFRESH_DAYS {
        let r = p.rung;
        *p = Position {
            rung: start(fam, fam.rungs[r], rules).map_or(r, |(r, _)| r),
            level: 0,
            calm: 0,
            last_up: None,
            reason: Reason::Start,
        };
    } else if days >= GAP_STEP_DOWN_DAYS {
        *gapped = Some(last);
        let down = step_back(p, fam, rules);
        p.reason = Reason::Gap { days, down };
    }
}

/// The questions "how did it feel?" after a session: one per family done
/// (by the variant done, with its name), none for a rest position or
/// breathing.
pub fn felt_questions(lib: &Library, done: &[&str]) -> Vec<(String, String)> {
    let mut roots: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for id in done {
        let Some(e) = lib.exercise(id) else { continue };
        let root = Family::of(lib, e).root().to_string();
        if is_calm_step(e) || roots.contains(&root) {
            continue;
        }
        roots.push(root);
        out.push((e.id.to_string(), e.name.to_string()));
    }
    out
}

/// A rest position or breathing (a still hold of a minute or more).
fn is_calm_step(e: &Exercise) -> bool {
    e.category == crate::library::Category::Breathing || dose::is_still_rest(&e.dose)
}

/// One step back: the rung below at its first dose, or on the lowest rung
/// that may be planned, a smaller dose. True when it went a rung down.
fn step_back(p: &mut Position, fam: &Family, rules: &Rules) -> bool {
    p.calm = 0;
    if let Some(r) = (0..p.rung).rev().find(|&r| (rules.ok)(fam.rungs[r])) {
        p.rung = r;
        p.level = 0;
        true
    } else {
        p.level = (p.level - 1).max(-1);
        false
    }
}

/// The dose step or rung up that calm sessions have earned by `date`.
fn promote(p: &mut Position, fam: &Family, date: NaiveDate, rules: &Rules) {
    if !rules.may_rise {
        return;
    }
    let e = fam.rungs[p.rung];
    let top = top_level(e);
    if p.level < top && p.calm >= DOSE_STEP_AFTER {
        let from = dose_at(e, p.level);
        p.reason = Reason::DoseUp { calm: p.calm, from };
        p.level += 1;
        p.calm = 0;
        return;
    }
    if p.level < top || p.calm < RUNG_UP_AFTER {
        return;
    }
    let next = p.rung + 1;
    let Some(harder) = fam.rungs.get(next) else {
        p.reason = Reason::Top { calm: p.calm };
        return;
    };
    if !(rules.ok)(harder) {
        p.reason = Reason::Top { calm: p.calm };
        return;
    }
    if let Some(up) = p.last_up {
        let on = up + chrono::Duration::days(RUNG_UP_EVERY_DAYS);
        if date < on {
            p.reason = Reason::RungWait { calm: p.calm, on };
            return;
        }
    }
    p.reason = Reason::RungUp {
        calm: p.calm,
        from: p.rung,
        from_dose: dose_at(e, p.level),
    };
    p.rung = next;
    p.level = 0;
    p.calm = 0;
    p.last_up = Some(date);
}

/// The library's dose of `e`, `level` steps up (-1: a smaller dose).
pub fn dose_at(e: &Exercise, level: i32) -> Dose {
    let floor = if e.stretch {
        super::STRETCH_MIN_HOLD
    } else {
        super::HOLD_STEP
    };
    if level < 0 {
        return dose::smaller(e.dose, floor);
    }
    let mut d = e.dose;
    for _ in 0..level {
        match dose_step(e, d) {
            Some(next) => d = next,
            None => break,
        }
    }
    d
}

/// How many dose steps `e` has above its library dose.
pub fn top_level(e: &Exercise) -> i32 {
    let mut d = e.dose;
    let mut n = 0;
    while let Some(next) = dose_step(e, d) {
        d = next;
        n += 1;
    }
    n
}

/// The next dose step: two more reps (up to 12), then one more set (up to
/// 3) at the library's reps, or more so the total never drops; for a hold,
/// five seconds longer (up to 30 s for a stretch, 45 s else), then one
/// more set in the same way. A
/// rest position or breathing, and a pyramid, have no steps.
fn dose_step(e: &Exercise, d: Dose) -> Option<Dose> {
    let base = e.dose;
    if d.pyramid > 0 || dose::is_still_rest(&base) {
        return None;
    }
    let max_sets = MAX_SETS.max(base.sets);
    if let Some(r) = d.reps {
        let max_reps = MAX_REPS.max(base.reps.unwrap_or(0));
        if r < max_reps {
            return Some(Dose {
                reps: Some((r + 2).min(max_reps)),
                ..d
            });
        }
        if d.sets < max_sets {
            // At least as many reps in all as before the extra set.
            let even = (r * d.sets).div_ceil(d.sets + 1);
            return Some(Dose {
                sets: d.sets + 1,
                reps: Some(even.max(base.reps.unwrap_or(0))),
                rest: d.rest.max(10),
                ..d
            });
        }
        return None;
    }
    let h = d.hold?;
    let most = if e.stretch {
        MAX_STRETCH_HOLD
    } else {
        MAX_HOLD
    }
    .max(base.hold.unwrap_or(0));
    if h < most {
        return Some(Dose {
            hold: Some((h + super::HOLD_STEP).min(most)),
            ..d
        });
    }
    if d.sets < max_sets {
        // At least as long in all as before the extra set.
        let even = (h * d.sets).div_ceil(d.sets + 1).div_ceil(super::HOLD_STEP) * super::HOLD_STEP;
        return Some(Dose {
            sets: d.sets + 1,
            hold: Some(even.max(base.hold.unwrap_or(0))),
            rest: d.rest.max(10),
            ..d
        });
    }
    None
}

/// A dose in words: "3 x 12", "2 x 30 s", with "each side" when per side.
pub fn dose_words(d: &Dose) -> String {
    let what = match (d.reps, d.hold) {
        (Some(r), _) => format!("{} x {r}", d.sets),
        (None, Some(h)) if d.sets > 1 => format!("{} x {h} s", d.sets),
        (None, Some(h)) => format!("{h} s"),
        (None, None) => format!("{} set(s)", d.sets),
    };
    if d.per_side {
        format!("{what} each side")
    } else {
        what
    }
}

/// A day in words, from `today`: "Tuesday" within the last week, else "3 Nov".
pub fn day_words(on: NaiveDate, today: NaiveDate) -> String {
    if (today - on).num_days() < 7 {
        on.format("%A").to_string()
    } else {
        format!("{} {}", on.day(), on.format("%b"))
    }
}

/// The plan's "why" for a family's position: its rung and the reason, with
/// the ladder's own dose for it.
#[cfg(test)]
pub fn why(fam: &Family, p: &Position, today: NaiveDate) -> String {
    Said::of(fam, p, today).words(&dose_at(fam.rungs[p.rung], p.level))
}

/// The ladder's word on where a family stands, kept apart from the dose:
/// the plan puts it into words with the dose the step ends up with
/// (`words`), after the time fitting, softening or limits changed it, so
/// the why never names a dose other than the one planned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Said {
    rung: usize,
    rungs: usize,
    reason: Reason,
    /// The name of the rung a `RungUp` came from.
    from_name: String,
    today: NaiveDate,
}

impl Said {
    pub fn of(fam: &Family, p: &Position, today: NaiveDate) -> Said {
        let from = match p.reason {
            Reason::RungUp { from, .. } => from,
            _ => p.rung,
        };
        Said {
            rung: p.rung,
            rungs: fam.rungs.len(),
            reason: p.reason.clone(),
            from_name: fam.rungs[from].name.to_string(),
            today,
        }
    }

    /// The rung and the reason, naming `dose` as today's.
    pub fn words(&self, dose: &Dose) -> String {
        let today = self.today;
        let dose = dose_words(dose);
        let rung = if self.rungs > 1 {
            format!("rung {} of {}, {dose}", self.rung + 1, self.rungs)
        } else {
            dose.clone()
        };
        let back = |down: bool| {
            if down {
                "back to the easier variant".to_string()
            } else {
                format!("a smaller dose, {dose}")
            }
        };
        let reason = match &self.reason {
            Reason::Start => "a first rung to build from".to_string(),
            Reason::StartBelowTop => format!(
                "the easier variant first: the harder one comes after {RUNG_UP_AFTER} calm sessions"
            ),
            Reason::Building { calm } => format!(
                "{calm} calm session{} at this dose so far",
                if *calm == 1 { "" } else { "s" }
            ),
            Reason::DoseUp { calm, from } => {
                format!("{calm} calm sessions at {}: {dose} today", dose_words(from))
            }
            Reason::RungUp {
                calm, from_dose, ..
            } => format!(
                "{calm} calm sessions of {} at {}: the harder variant today",
                self.from_name,
                dose_words(from_dose)
            ),
            Reason::RungWait { calm, on } => format!(
                "{calm} calm sessions at the top dose; one rung a week, so the harder variant from {}",
                day_words_ahead(*on)
            ),
            Reason::Top { calm } => format!("{calm} calm sessions at the top of this ladder"),
            Reason::Rise { on, down } => {
                format!(
                    "pain rose after this on {}: {}",
                    day_words(*on, today),
                    back(*down)
                )
            }
            Reason::TooHard { on, down } => format!(
                "it felt too hard on {}: {}",
                day_words(*on, today),
                back(*down)
            ),
            Reason::Flare { on, down } => format!(
                "after the flare on {}: {}, building back up step by step",
                day_words(*on, today),
                back(*down)
            ),
            Reason::Gap { days, down } => {
                format!("{days} days since you last did it: {}", back(*down))
            }
        };
        format!("{rung}: {reason}")
    }
}

fn day_words_ahead(on: NaiveDate) -> String {
    format!("{} {} {}", on.format("%A"), on.day(), on.format("%b"))
}

/// Calm sessions (pain after not above before) in at least
/// `SEASONED_WEEKS` different weeks.
pub fn seasoned(history: &[PastSession], flares: &[NaiveDate]) -> bool {
    let mut weeks: Vec<(i32, u32)> = history
        .iter()
        .filter(|s| !flares.contains(&s.date) && !s.exercises.is_empty())
        .filter(|s| s.pain_after.is_some_and(|a| a <= s.pain_before))
        .map(|s| (s.date.iso_week().year(), s.date.iso_week().week()))
        .collect();
    weeks.sort_unstable();
    weeks.dedup();
    weeks.len() >= SEASONED_WEEKS
}

/// An exercise as the ladder places it today.
pub(super) struct Placed<'a> {
    pub(super) exercise: &'a Exercise,
    pub(super) dose: Dose,
    /// The rung and the reason, when history (or the start rule) moved it.
    pub(super) why: Option<Said>,
}

/// Where the ladder puts `e`'s family today; `None` when the family may not
/// be planned yet (a level-3 exercise with no easier variant, too early).
pub(super) fn place<'a>(
    req: &super::Request<'a>,
    e: &'a Exercise,
    day: &super::Day,
    seasoned: bool,
) -> Option<Placed<'a>> {
    let fam = Family::of(req.lib, e);
    let safe = |x: &Exercise| super::exclusion(req.lib, x, req.answers, req.opt_in).is_none();
    // When quick changes of head position are hard (vertigo), a family
    // with a safe sitting or standing rung never climbs to lying down:
    // lying down and getting up bring the dizziness on, and the upright
    // rung does the same work.
    let upright_rung = fam.rungs.iter().any(|r| !r.position.is_lying() && safe(r));
    let ok = |x: &Exercise| {
        safe(x)
            && (!day.first || x.difficulty <= super::FIRST_SESSION_MAX_DIFFICULTY)
            && !(day.head_changes_hard && upright_rung && x.position.is_lying())
    };
    // The careful default never climbs past the first rung it starts on.
    let rules = Rules {
        ok: &ok,
        may_rise: !day.gentle && !req.careful_default(),
        seasoned,
    };
    match position(&fam, req.history, req.flares, req.date, &rules) {
        // A rung done before that may not be planned today (a new
        // condition, the careful default): the nearest one below that may,
        // at its first dose, or nothing from this family.
        Some(p) if !ok(fam.rungs[p.rung]) => {
            let r = (0..p.rung).rev().find(|&r| ok(fam.rungs[r]))?;
            let below = Position {
                rung: r,
                level: 0,
                calm: 0,
                last_up: None,
                reason: Reason::Start,
            };
            Some(Placed {
                exercise: fam.rungs[r],
                dose: fam.rungs[r].dose,
                why: Some(Said::of(&fam, &below, req.date)),
            })
        }
        Some(p) => Some(Placed {
            exercise: fam.rungs[p.rung],
            dose: dose_at(fam.rungs[p.rung], p.level),
            why: Some(Said::of(&fam, &p, req.date)),
        }),
        None => {
            let (rung, reason) = start(&fam, e, &rules)?;
            let p = Position {
                rung,
                level: 0,
                calm: 0,
                last_up: None,
                reason,
            };
            let moved = fam.rungs[rung].id != e.id;
            Some(Placed {
                exercise: fam.rungs[rung],
                dose: fam.rungs[rung].dose,
                why: moved.then(|| Said::of(&fam, &p, req.date)),
            })
        }
    }
}

/// A program's steps on their families' ladders: a step whose family has
/// history takes the rung and dose the ladder gives (unless that variant is
/// already planned); the program's own dose stands otherwise.
pub(super) fn program_steps(req: &super::Request, steps: &mut [super::Step], day: &super::Day) {
    let seasoned = seasoned(req.history, req.flares);
    for i in 0..steps.len() {
        let Some(e) = req.lib.exercise(&steps[i].exercise) else {
            continue;
        };
        let fam = Family::of(req.lib, e);
        if !req
            .history
            .iter()
            .any(|p| p.exercises.iter().any(|x| fam.contains(x)))
        {
            continue;
        }
        let Some(placed) = place(req, e, day, seasoned) else {
            continue;
        };
        let taken = steps
            .iter()
            .enumerate()
            .any(|(j, s)| j != i && s.exercise == placed.exercise.id);
        if taken {
            continue;
        }
        // The program's reason, then the ladder's.
        steps[i] = steps[i].on_rung(placed.exercise, placed.dose, placed.why);
    }
}
