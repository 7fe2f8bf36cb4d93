//! The walking programme: today's walk, suggested from the walks of the
//! last weeks. Pure: days and minutes in, a suggestion out; no clock, file
//! or terminal.
//!
//! The goal is WalkBack's (Pocovi et al., Lancet 2024): adults who had
//! recently recovered from low back pain and followed an individualised,
//! progressive walking programme towards about 30 minutes five times a
//! week had fewer activity-limiting recurrences. How to get there (the
//! steps, how a flare or a gap steps back) the trial left to its
//! physiotherapists; each rule here says its basis (`*_BASIS`, in the
//! library's citation form: a source id, or `precaution:` and the
//! reasoning).
//!
//! The rules, week by week (Monday to Sunday), from the first week with
//! a walk in the last [`LOOKBACK_WEEKS`]:
//! - **Start** where the person is: the usual length of that week's walks
//!   (rounded down to 5 minutes, 10 to 30) and how often (3 to 5 days);
//!   that week counts as the weeks after it do.
//! - **Up by time, never by pain**: a week with the days done at about the
//!   minutes (4/5 of them or more) brings 5 minutes more next week, up to
//!   30; at 30, one more day a week, up to 5.
//! - **A flare** (a day in the week with a flare on record) steps back 10
//!   minutes (not below 10), and nothing goes up that week.
//! - **A gap**: each week without a walk steps back 5 minutes; after
//!   [`RESTART_WEEKS`] of them the next walks start afresh.
//! - **Walking that brings on leg symptoms** (spinal stenosis) or standing
//!   that is limited: the same minutes in short bouts with a rest sitting or
//!   leaning forward between, or on an exercise bike.
//! - **Someone who does not walk** (cannot stand): the same minutes of
//!   another activity (wheeling, arm cycling, seated exercise); walking is
//!   never suggested.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// WalkBack's goal: minutes a walk, and walks a week.
pub const GOAL_MINUTES: u16 = 30;
pub const GOAL_DAYS: u8 = 5;
/// Where a programme starts when there is nothing to start from.
pub const START_MINUTES: u16 = 10;
pub const START_DAYS: u8 = 3;
/// One step up or back, in minutes.
pub const STEP_MINUTES: u16 = 5;
/// How far back walks are read (eight weeks, as the exercise ladder).
pub const LOOKBACK_WEEKS: i64 = 8;
/// Weeks in a row without a walk after which the programme starts afresh.
pub const RESTART_WEEKS: u32 = 4;

/// The goal and the pace towards it.
pub const GOAL_BASIS: &str = "pocovi-2024 (a progressive walking programme towards about 30 minutes five times a week); precaution: small weekly steps from where you are give a body time to adapt";
/// A flare steps back.
pub const FLARE_BASIS: &str = "precaution: a flare steps back 10 minutes for its week and nothing goes up, so walking goes on (moving helps a flare settle) at a length that is easy to keep up";
/// A gap steps back.
pub const GAP_BASIS: &str = "precaution: each week without a walk steps back 5 minutes, and four weeks start afresh, since what the body is used to fades with rest";
/// Short bouts or cycling when walking brings on leg symptoms.
pub const INTERVALS_BASIS: &str = "katz-2008 (standing and walking bring on leg symptoms that sitting or leaning forward eases, and cycling-type exercise is favoured); precaution: bouts of 3 to 10 minutes, a rest of a minute or two between";
/// Another activity for someone who does not walk.
pub const OTHER_BASIS: &str = "precaution: WalkBack studied walking; for someone who does not walk, the same minutes of an activity that warms you up is the nearest equivalent";

/// How the programme's minutes are done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Mode {
    /// Walks.
    Walk,
    /// Walking brings on leg symptoms, or standing is limited: short
    /// bouts of walking, each at most `longest_bout` minutes when standing
    /// is limited to that, with rests between; or cycling.
    Intervals { longest_bout: Option<u16> },
    /// The person cannot stand: another activity, never walking.
    Other,
}

/// What decides the mode, as the command layer finds it (from the
/// profile's conditions and recent sessions).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// A condition rules out standing up (a wheelchair user).
    pub cannot_stand: bool,
    /// A condition limits standing to this many minutes in a row.
    pub standing_limit: Option<u16>,
    /// Walking brings on leg symptoms (spinal stenosis, told by the
    /// profile or by recent answers).
    pub leg_symptoms_walking: bool,
}

impl Mode {
    /// The mode for these facts: not standing rules walking out, whatever
    /// else holds.
    pub fn for_facts(f: Facts) -> Mode {
        if f.cannot_stand {
            Mode::Other
        } else if f.leg_symptoms_walking || f.standing_limit.is_some() {
            Mode::Intervals {
                longest_bout: f.standing_limit,
            }
        } else {
            Mode::Walk
        }
    }
}

/// One walk (or the activity done instead): the day and its minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Walked {
    pub on: NaiveDate,
    pub minutes: u16,
}

/// Minutes a walk and walks a week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Target {
    pub minutes: u16,
    pub days: u8,
}

impl Target {
    const START: Target = Target {
        minutes: START_MINUTES,
        days: START_DAYS,
    };

    /// At the goal.
    pub fn at_goal(self) -> bool {
        self.minutes >= GOAL_MINUTES && self.days >= GOAL_DAYS
    }

    /// Where someone starts who walked `days` (daily minutes) in a week.
    fn from_week(days: &[u32]) -> Target {
        let mut sorted = days.to_vec();
        sorted.sort_unstable();
        let usual = sorted[(sorted.len() - 1) / 2];
        let minutes = (usual / u32::from(STEP_MINUTES)) as u16 * STEP_MINUTES;
        Target {
            minutes: minutes.clamp(START_MINUTES, GOAL_MINUTES),
            days: (days.len() as u8).clamp(START_DAYS, GOAL_DAYS),
        }
    }

    /// One step up: 5 minutes more, or at 30 one more day.
    fn up(self) -> Target {
        if self.minutes < GOAL_MINUTES {
            Target {
                minutes: (self.minutes + STEP_MINUTES).min(GOAL_MINUTES),
                ..self
            }
        } else {
            Target {
                days: (self.days + 1).min(GOAL_DAYS),
                ..self
            }
        }
    }

    /// `steps` steps of 5 minutes back, not below the start.
    fn back(self, steps: u16) -> Target {
        Target {
            minutes: self
                .minutes
                .saturating_sub(steps * STEP_MINUTES)
                .max(START_MINUTES),
            ..self
        }
    }

    /// Whether a day of `minutes` counts as a walk of this length: about
    /// it (4/5 or more), so 17 minutes counts towards 20.
    fn counts(self, minutes: u32) -> bool {
        minutes * 5 >= u32::from(self.minutes) * 4
    }

    /// Whether a week of `days` (daily minutes) did it.
    fn met(self, days: &[u32]) -> bool {
        days.iter().filter(|&&m| self.counts(m)).count() >= usize::from(self.days)
    }
}

/// What changed the target last, and why today's walk is what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
// Its own name in schemas, apart from a plan's steps.
#[schemars(rename = "WalkStep")]
pub enum Step {
    /// No walk in the last weeks: the first steps.
    Start,
    /// Started afresh after weeks without a walk.
    Restart,
    /// Up after a week done.
    Up,
    /// As last week (not done yet, or at the goal).
    Same,
    /// Back for a flare (this week or last).
    Flare,
    /// Back after a week or more without a walk.
    Gap,
}

/// Short bouts of walking with rests between.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Bouts {
    /// Minutes of walking in a bout.
    pub walk: u16,
    /// How many bouts.
    pub rounds: u16,
    /// Minutes of rest (sitting or leaning forward) between them, at most.
    pub rest: u16,
}

/// What today calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Today {
    /// A walk of the target's minutes.
    Go,
    /// Today's walk is done.
    Done,
    /// The week's walks are done: another is welcome, or rest.
    Optional,
}

/// This week so far (Monday to today).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct WeekSoFar {
    /// Days with a walk of about the target's minutes.
    pub days: u8,
    /// Every minute walked.
    pub minutes: u32,
}

/// Today's walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Suggestion {
    pub mode: Mode,
    /// Minutes a walk and walks a week, this week.
    pub target: Target,
    pub step: Step,
    pub today: Today,
    /// Minutes walked today already.
    pub walked_today: u32,
    pub week: WeekSoFar,
    /// For [`Mode::Intervals`]: the target's minutes in bouts.
    pub bouts: Option<Bouts>,
}

/// The Monday of `day`'s week.
pub fn monday(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// Minutes a day from `from` to `to`, each day's walks added up.
fn daily(walks: &[Walked], from: NaiveDate, to: NaiveDate) -> BTreeMap<NaiveDate, u32> {
    let mut out = BTreeMap::new();
    for w in walks.iter().filter(|w| w.on >= from && w.on <= to) {
        *out.entry(w.on).or_insert(0) += u32::from(w.minutes);
    }
    out
}

/// The daily minutes of the week starting `start`.
fn week_days(days: &BTreeMap<NaiveDate, u32>, start: NaiveDate) -> Vec<u32> {
    days.range(start..start + Duration::days(7))
        .map(|(_, &m)| m)
        .filter(|&m| m > 0)
        .collect()
}

/// Today's walk, from the walks and flare days on record (any order; a
/// walk or flare after today is left out).
pub fn suggest(today: NaiveDate, walks: &[Walked], flares: &[NaiveDate], mode: Mode) -> Suggestion {
    let this_week = monday(today);
    let first = this_week - Duration::weeks(LOOKBACK_WEEKS);
    let days = daily(walks, first, today);
    let flare_in = |start: NaiveDate| {
        flares
            .iter()
            .any(|&f| f >= start && f < start + Duration::days(7) && f <= today)
    };
    let mut target: Option<Target> = None;
    let mut step = Step::Start;
    let mut empty = 0;
    let mut walked_before = false;
    for w in 0..LOOKBACK_WEEKS {
        let start = first + Duration::weeks(w);
        let week = week_days(&days, start);
        let flare = flare_in(start);
        empty = if week.is_empty() { empty + 1 } else { 0 };
        target = match target {
            None if week.is_empty() => None,
            None => {
                walked_before = true;
                step = Step::Start;
                // Started where the person was, and that week counts.
                let t = Target::from_week(&week);
                Some(if flare {
                    step = Step::Flare;
                    t.back(2)
                } else if t.met(&week) && !t.at_goal() {
                    step = Step::Up;
                    t.up()
                } else {
                    t
                })
            }
            Some(_) if empty >= RESTART_WEEKS => {
                step = Step::Restart;
                None
            }
            Some(t) if flare => {
                step = Step::Flare;
                Some(t.back(2))
            }
            Some(t) if week.is_empty() => {
                step = Step::Gap;
                Some(t.back(1))
            }
            Some(t) if t.met(&week) && !t.at_goal() => {
                step = Step::Up;
                Some(t.up())
            }
            Some(t) => {
                step = Step::Same;
                Some(t)
            }
        };
    }
    let now = week_days(&days, this_week);
    let mut target = target.unwrap_or_else(|| {
        step = if walked_before {
            Step::Restart
        } else {
            Step::Start
        };
        // Walks already this week (the first ever, or the first after a
        // gap): start where they are.
        if now.is_empty() {
            Target::START
        } else {
            Target::from_week(&now)
        }
    });
    // A flare this week steps back at once.
    if flare_in(this_week) {
        target = target.back(2);
        step = Step::Flare;
    }
    let walked_today = days.get(&today).copied().unwrap_or(0);
    let week = WeekSoFar {
        days: now.iter().filter(|&&m| target.counts(m)).count() as u8,
        minutes: now.iter().sum(),
    };
    let today = if walked_today > 0 && target.counts(walked_today) {
        Today::Done
    } else if week.days >= target.days {
        Today::Optional
    } else {
        Today::Go
    };
    Suggestion {
        mode,
        target,
        step,
        today,
        walked_today,
        week,
        bouts: bouts(mode, target.minutes),
    }
}

/// The minutes in short bouts, for [`Mode::Intervals`]: a third of the
/// minutes a bout, 3 to 10 (within a standing limit), a rest of up to two
/// minutes between.
pub fn bouts(mode: Mode, minutes: u16) -> Option<Bouts> {
    let Mode::Intervals { longest_bout } = mode else {
        return None;
    };
    let mut walk = (minutes / 3).clamp(3, 10);
    if let Some(limit) = longest_bout {
        walk = walk.min(limit.max(1));
    }
    Some(Bouts {
        walk,
        rounds: minutes.div_ceil(walk),
        rest: 2,
    })
}

/// Walks in one week, for progress and the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct WalkWeek {
    /// Its Monday.
    pub start: NaiveDate,
    /// Days with a walk.
    pub days: u8,
    /// Every minute walked.
    pub minutes: u32,
}

/// The walks of the `n` weeks up to `today`'s (oldest first; the last one
/// is this week so far).
pub fn weeks(walks: &[Walked], today: NaiveDate, n: u32) -> Vec<WalkWeek> {
    let this_week = monday(today);
    let first = this_week - Duration::weeks(i64::from(n.max(1)) - 1);
    let days = daily(walks, first, today);
    (0..i64::from(n.max(1)))
        .map(|w| {
            let start = first + Duration::weeks(w);
            let week = week_days(&days, start);
            WalkWeek {
                start,
                days: week.len() as u8,
                minutes: week.iter().sum(),
            }
        })
        .collect()
}

/// Walks in one stretch of days (a report's week, `from` to `to`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct WalkSpan {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Days with a walk.
    pub days: u8,
    /// Every minute walked.
    pub minutes: u32,
}

/// The walks in each of `spans` (`from` to `to`, inclusive).
pub fn in_spans(
    walks: &[Walked],
    spans: impl IntoIterator<Item = (NaiveDate, NaiveDate)>,
) -> Vec<WalkSpan> {
    spans
        .into_iter()
        .map(|(from, to)| {
            let days = daily(walks, from, to);
            WalkSpan {
                from,
                to,
                days: days.len() as u8,
                minutes: days.values().sum(),
            }
        })
        .collect()
}

/// The capability movement a person who cannot stand has ruled out.
pub const STANDING_UP: &str = "standing-up";
/// The capability movement a limit on standing names.
pub const STANDING_MINUTES: &str = "standing-minutes";
/// The cause of leg symptoms that walking brings on and sitting eases.
pub const STENOSIS_CAUSE: &str = "spinal-stenosis";
/// The conditions that say so (a diagnosis of that cause).
pub const STENOSIS_CONDITIONS: &[&str] = &["spinal-stenosis-diagnosed"];
/// A score for the cause from the latest answers at or above which walking
/// is taken to bring on leg symptoms (one of its two telling answers).
pub const STENOSIS_SCORE: i32 = 3;

/// The facts that decide the mode: from the person's conditions (with
/// what they include) and the causes of their latest session with
/// answers, if any.
pub fn facts(
    lib: &crate::library::Library,
    conditions: &[String],
    latest_causes: &[crate::record::CauseRecord],
) -> Facts {
    let declared = lib.with_includes(conditions);
    let cannot_stand = declared
        .iter()
        .any(|c| c.rules.iter().any(|r| r.movement == STANDING_UP));
    let standing_limit = lib
        .limits_for(conditions)
        .iter()
        .filter(|(_, l)| l.movement == STANDING_MINUTES)
        .map(|(_, l)| l.max_minutes_in_a_row.min(u32::from(u16::MAX)) as u16)
        .min();
    let leg_symptoms_walking = declared
        .iter()
        .any(|c| STENOSIS_CONDITIONS.contains(&c.id.as_str()))
        || latest_causes
            .iter()
            .any(|c| c.id == STENOSIS_CAUSE && c.score >= STENOSIS_SCORE);
    Facts {
        cannot_stand,
        standing_limit,
        leg_symptoms_walking,
    }
}

#[cfg(test)]
mod tests;
