//! The visit report: the last N weeks gathered for a clinician (pure).
//! Sessions and adherence, pain before and after, the function ratings,
//! what was done, skipped or stopped, pain rises, the days the red-flag
//! screen stopped a session, red flags a clinician has checked, and the
//! profile's conditions. `render::report` writes it out.

use crate::function::{self, Trend};
use crate::library::{Library, Tier};
use crate::profile::Profile;
use crate::record::{FunctionRecord, Record, Status, StopRecord};
use chrono::{Duration, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// One 7-day block of the period, oldest first.
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Week {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub sessions: usize,
    /// Days with at least one session.
    pub days: usize,
    pub pain_before: Option<f64>,
    pub pain_after: Option<f64>,
    pub minutes: f64,
}

/// How one exercise went over the period.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct ExerciseRow {
    pub id: String,
    pub name: String,
    pub done: u32,
    pub skipped: u32,
    /// Stopped before the end of its time.
    pub cut_short: u32,
    pub not_reached: u32,
    /// Sessions that included it (done or cut short) after which pain rose.
    pub rises: u32,
    /// Sessions that included it with a pain score after.
    pub scored: u32,
    /// A rest position or breathing: never linked with a pain rise.
    pub calm_step: bool,
}

impl ExerciseRow {
    /// Linked with pain rising only from a consistent pattern: a rise after
    /// at least `LINK_MIN_RISES` sessions that included it, and after most
    /// of those with a score; never a rest position or breathing.
    pub fn linked(&self) -> bool {
        !self.calm_step && self.rises >= LINK_MIN_RISES && self.rises * 2 > self.scored
    }
}

/// Rises after at least this many sessions before an exercise is linked
/// with pain rising.
pub const LINK_MIN_RISES: u32 = 3;

/// A rest position or breathing: a still hold of a minute or more, or a
/// breathing exercise.
pub fn is_calm_step(lib: &Library, id: &str) -> bool {
    lib.exercise(id).is_some_and(|e| {
        e.category == crate::library::Category::Breathing
            || (e.dose.reps.is_none() && e.dose.hold.is_some_and(|h| h >= 60))
    })
}

/// A session after which pain was higher than before.
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Rise {
    pub date: NaiveDate,
    pub before: u8,
    pub after: u8,
    /// Exercise names done (in full or in part) that session.
    pub exercises: Vec<String>,
}

/// A red flag answered yes and checked by a clinician.
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct CheckedFlag {
    pub id: String,
    /// The question as asked, or the flag's reason when it is not asked.
    pub question: String,
    pub on: NaiveDate,
}

/// One red flag of a stop, and the clinician's check recorded after it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct StopFlag {
    pub id: String,
    /// The question as asked, or the flag's reason when it is not asked.
    pub question: String,
    /// When a clinician checked it (`profile --checked`), if that was on
    /// the day of the stop or later.
    pub checked_on: Option<NaiveDate>,
}

/// A day the red-flag screen stopped a session (one or more times).
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct StopDay {
    pub date: NaiveDate,
    /// The most serious tier that day.
    pub tier: Tier,
    /// Every flag answered yes that day, in the order first given.
    pub flags: Vec<StopFlag>,
    /// How many times the screen stopped that day.
    pub times: usize,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Report {
    pub today: NaiveDate,
    pub from: NaiveDate,
    pub weeks: Vec<Week>,
    pub sessions: usize,
    pub days_with_session: usize,
    /// Days the period covers from the first day anything was recorded
    /// (or the period's start, when that was earlier): adherence counts
    /// from the day someone started, not from empty weeks before it.
    pub days: usize,
    /// The first day anything was recorded, when that falls inside the
    /// period (the report then starts there).
    pub started: Option<NaiveDate>,
    /// Planned steps done in full, over all steps planned.
    pub steps_done: f64,
    pub interrupted: usize,
    pub pain_first_week: Option<f64>,
    pub pain_last_week: Option<f64>,
    /// Mean of (before - after) over sessions with a score after.
    pub mean_drop: Option<f64>,
    /// The ratings in the period (at most one a day), oldest first.
    #[serde(skip)]
    pub ratings: Vec<FunctionRecord>,
    #[serde(skip)]
    pub trends: Vec<Trend>,
    /// The function ratings in numbers (what `ratings` and `trends` show).
    pub function: function::Summary,
    pub exercises: Vec<ExerciseRow>,
    pub rises: Vec<Rise>,
    /// The days the red-flag screen stopped a session, oldest first.
    pub stops: Vec<StopDay>,
    pub checked: Vec<CheckedFlag>,
    /// Condition names from the profile (`None`: no profile).
    pub conditions: Option<Vec<String>>,
    /// Opt-in exercises a clinician has cleared, by name.
    pub opt_in: Vec<String>,
    pub notes: Vec<Note>,
    /// Walks in each of `weeks` (the walking programme; not sessions).
    pub walks: Vec<crate::walking::WalkSpan>,
    /// The safety net's reasons to see a clinician (see `safety_net`); in
    /// JSON, the advice in words, as `progress --json` gives it.
    #[serde(rename = "see_a_clinician", serialize_with = "reason_words")]
    #[schemars(with = "Vec<String>")]
    pub safety_net: Vec<crate::safety_net::Reason>,
}

/// A note the person wrote after a session.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Note {
    pub date: NaiveDate,
    pub text: String,
}

fn reason_words<S: serde::Serializer>(
    reasons: &[crate::safety_net::Reason],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_seq(reasons.iter().map(crate::safety_net::Reason::words))
}

/// The question a red flag asks, or its reason when it is not asked.
fn flag_question(lib: &Library, id: &str) -> String {
    lib.red_flags
        .iter()
        .find(|f| f.id == id)
        .and_then(|f| {
            f.ask
                .as_deref()
                .or(f.because.as_deref())
                .map(str::to_string)
        })
        .unwrap_or_else(|| id.to_string())
}

/// The stops made from `from` to `today`, one row per day.
fn stop_days(
    lib: &Library,
    stops: &[StopRecord],
    profile: Option<&Profile>,
    from: NaiveDate,
    today: NaiveDate,
) -> Vec<StopDay> {
    let mut days: BTreeMap<NaiveDate, StopDay> = BTreeMap::new();
    let mut chosen: Vec<&StopRecord> = stops
        .iter()
        .filter(|s| (from..=today).contains(&s.at.date_naive()))
        .collect();
    chosen.sort_by_key(|s| s.at);
    for s in chosen {
        let date = s.at.date_naive();
        let day = days.entry(date).or_insert(StopDay {
            date,
            tier: s.tier,
            flags: Vec::new(),
            times: 0,
        });
        day.times += 1;
        // Emergency sorts before urgent: the smaller is the more serious.
        day.tier = day.tier.min(s.tier);
        for id in &s.flags {
            if !day.flags.iter().any(|f| &f.id == id) {
                day.flags.push(StopFlag {
                    id: id.clone(),
                    question: flag_question(lib, id),
                    checked_on: profile
                        .and_then(|p| p.checked_on(id))
                        .filter(|on| *on >= date),
                });
            }
        }
    }
    days.into_values().collect()
}

fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// The first day a report of `weeks` weeks to `today` can cover (it may
/// start later: see `build`).
pub fn period_start(today: NaiveDate, weeks: u32) -> NaiveDate {
    today - Duration::days(i64::from(weeks) * 7 - 1)
}

/// Gathers the report of the `weeks` weeks ending on `today`; a person who
/// started (`started`, the first day anything was recorded) inside that
/// period is reported from that day on.
#[allow(clippy::too_many_arguments)]
pub fn build(
    lib: &Library,
    records: &[Record],
    ratings: &[FunctionRecord],
    stops: &[StopRecord],
    profile: Option<&Profile>,
    today: NaiveDate,
    weeks: u32,
    started: Option<NaiveDate>,
) -> Report {
    let period_start = period_start(today, weeks);
    // Started inside the period (and not in the future): begin there.
    let started = started.filter(|s| *s > period_start && *s <= today);
    let from = started.unwrap_or(period_start);
    let mut chosen: Vec<&Record> = records
        .iter()
        .filter(|r| (from..=today).contains(&r.started.date_naive()))
        .collect();
    chosen.sort_by_key(|r| r.started);
    let exercise_name = |id: &str| {
        lib.exercise(id)
            .map_or(id.to_string(), |e| e.name.to_string())
    };

    let week_rows = week_rows(&chosen, period_start, from, weeks);

    let days_with_session = chosen
        .iter()
        .map(|r| r.started.date_naive())
        .collect::<BTreeSet<_>>()
        .len();
    let planned: usize = chosen.iter().map(|r| r.steps.len()).sum();
    let done: usize = chosen
        .iter()
        .map(|r| r.steps.iter().filter(|s| s.status == Status::Done).count())
        .sum();
    let drops: Vec<f64> = chosen
        .iter()
        .filter_map(|r| {
            r.pain_after
                .map(|a| f64::from(r.pain_before) - f64::from(a))
        })
        .collect();

    let (exercises, rises) = exercise_rows(lib, &chosen);

    let in_range: Vec<&FunctionRecord> = function::in_range(ratings, from, today);
    let trends = function::trends(&in_range);

    let checked = checked_flags(lib, profile);
    let condition_name = |id: &String| {
        lib.conditions
            .iter()
            .find(|c| &c.id == id)
            .map_or(id.clone(), |c| c.name.to_string())
    };

    Report {
        today,
        from,
        pain_first_week: week_rows.iter().find_map(|w| w.pain_before),
        pain_last_week: week_rows.iter().rev().find_map(|w| w.pain_before),
        weeks: week_rows,
        sessions: chosen.len(),
        days_with_session,
        days: ((today - from).num_days() + 1) as usize,
        started,
        steps_done: if planned == 0 {
            0.0
        } else {
            done as f64 / planned as f64
        },
        interrupted: chosen.iter().filter(|r| r.interrupted).count(),
        mean_drop: mean(&drops),
        function: function::summary(ratings, from, today),
        ratings: in_range.into_iter().cloned().collect(),
        trends,
        exercises,
        rises,
        stops: stop_days(lib, stops, profile, from, today),
        checked,
        conditions: profile.map(|p| p.conditions.iter().map(condition_name).collect()),
        opt_in: profile
            .map(|p| p.opt_in.iter().map(|id| exercise_name(id)).collect())
            .unwrap_or_default(),
        notes: chosen
            .iter()
            .filter_map(|r| {
                r.note.clone().map(|text| Note {
                    date: r.started.date_naive(),
                    text,
                })
            })
            .collect(),
        walks: Vec::new(),
        // Over the weeks `progress` looks at, whatever weeks the report
        // shows, so both say the same.
        safety_net: crate::progress::safety_net(
            records,
            ratings,
            today,
            profile.and_then(|p| p.age),
        ),
    }
}

/// The weeks of the period, each with its sessions and pain.
fn week_rows(
    chosen: &[&Record],
    period_start: NaiveDate,
    from: NaiveDate,
    weeks: u32,
) -> Vec<Week> {
    // Weeks end on `today`, as before; the first is cut at `from` and
    // weeks wholly before it are left out.
    (0..i64::from(weeks))
        .filter_map(|w| {
            let start = period_start + Duration::days(w * 7);
            let end = start + Duration::days(6);
            (end >= from).then_some((start.max(from), end))
        })
        .map(|(start, end)| {
            let these: Vec<&&Record> = chosen
                .iter()
                .filter(|r| (start..=end).contains(&r.started.date_naive()))
                .collect();
            let days: BTreeSet<NaiveDate> = these.iter().map(|r| r.started.date_naive()).collect();
            let before: Vec<f64> = these.iter().map(|r| f64::from(r.pain_before)).collect();
            let after: Vec<f64> = these
                .iter()
                .filter_map(|r| r.pain_after.map(f64::from))
                .collect();
            Week {
                from: start,
                to: end,
                sessions: these.len(),
                days: days.len(),
                pain_before: mean(&before),
                pain_after: mean(&after),
                // A fold from 0.0: the sum of no floats is -0.0, shown "-0".
                minutes: these.iter().fold(0.0, |total, r| total + r.minutes()),
            }
        })
        .collect()
}

/// Each exercise's row (done, skipped, pain rising after it), and the
/// sessions after which pain rose.
fn exercise_rows(lib: &Library, chosen: &[&Record]) -> (Vec<ExerciseRow>, Vec<Rise>) {
    let exercise_name = |id: &str| {
        lib.exercise(id)
            .map_or(id.to_string(), |e| e.name.to_string())
    };
    let mut rows: BTreeMap<String, ExerciseRow> = BTreeMap::new();
    let mut rises = Vec::new();
    for r in chosen {
        let rose = r.pain_after.is_some_and(|a| a > r.pain_before);
        let mut counted = BTreeSet::new();
        for s in &r.steps {
            // A renamed exercise's old records count with its new id.
            let id = lib.current_id(&s.exercise);
            let row = rows.entry(id.to_string()).or_insert_with(|| ExerciseRow {
                id: id.to_string(),
                name: exercise_name(id),
                calm_step: is_calm_step(lib, id),
                ..ExerciseRow::default()
            });
            match s.status {
                Status::Done => row.done += 1,
                Status::Skipped => row.skipped += 1,
                Status::CutShort => row.cut_short += 1,
                Status::NotReached => row.not_reached += 1,
            }
            if matches!(s.status, Status::Done | Status::CutShort)
                && r.pain_after.is_some()
                && counted.insert(id.to_string())
            {
                row.scored += 1;
                row.rises += u32::from(rose);
            }
        }
        if let (true, Some(after)) = (rose, r.pain_after) {
            rises.push(Rise {
                date: r.started.date_naive(),
                before: r.pain_before,
                after,
                exercises: r
                    .steps
                    .iter()
                    .filter(|s| matches!(s.status, Status::Done | Status::CutShort))
                    .map(|s| exercise_name(&s.exercise))
                    .fold(Vec::new(), |mut v, n| {
                        if !v.contains(&n) {
                            v.push(n);
                        }
                        v
                    }),
            });
        }
    }
    let mut exercises: Vec<ExerciseRow> = rows.into_values().collect();
    exercises.sort_by(|a, b| b.done.cmp(&a.done).then(a.id.cmp(&b.id)));
    (exercises, rises)
}

/// The red flags a clinician has checked, from the profile.
fn checked_flags(lib: &Library, profile: Option<&Profile>) -> Vec<CheckedFlag> {
    profile
        .map(|p| {
            p.checked
                .iter()
                .map(|c| CheckedFlag {
                    id: c.flag.clone(),
                    question: flag_question(lib, &c.flag),
                    on: c.on,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `report --json`: the numbers behind the clinician's report.
pub const REPORT: crate::shape::Shape<Report> = crate::shape::Shape::object("backrelief/report/1");

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Vec<Record> {
        let text = include_str!("../tests/fixtures/history-6-weeks.jsonl");
        crate::store::history::parse(text.as_bytes()).0
    }

    #[test]
    fn weeks_add_up_to_the_period_and_rises_name_their_exercises() {
        let lib = crate::store::library::builtin_library();
        let records = fixture();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let r = build(&lib, &records, &[], &[], None, today, 6, None);
        assert_eq!(r.weeks.len(), 6);
        assert_eq!(r.weeks[0].from, r.from);
        assert_eq!(r.weeks[5].to, today);
        assert_eq!(
            r.weeks.iter().map(|w| w.sessions).sum::<usize>(),
            r.sessions
        );
        assert_eq!(r.days, 42);
        assert!(r.days_with_session <= r.sessions);
        // Every rise is a session whose pain after was higher than before.
        for rise in &r.rises {
            assert!(rise.after > rise.before);
            assert!(!rise.exercises.is_empty());
        }
        let rise_count: u32 = r.exercises.iter().map(|e| e.rises).max().unwrap_or(0);
        assert!(rise_count as usize <= r.rises.len());
        // Each step of each chosen session is counted once.
        let steps: u32 = r
            .exercises
            .iter()
            .map(|e| e.done + e.skipped + e.cut_short + e.not_reached)
            .sum();
        let expected: usize = records
            .iter()
            .filter(|x| x.started.date_naive() >= r.from)
            .map(|x| x.steps.len())
            .sum();
        assert_eq!(steps as usize, expected);
        // A short period holds fewer sessions.
        let one = build(&lib, &records, &[], &[], None, today, 1, None);
        assert!(one.sessions < r.sessions);
        assert!(one.conditions.is_none());
    }

    #[test]
    fn a_week_without_sessions_has_zero_minutes_not_minus_zero() {
        let lib = crate::store::library::builtin_library();
        // Long after the fixture's last session: every week is empty.
        let today = NaiveDate::from_ymd_opt(2027, 6, 1).unwrap();
        let r = build(&lib, &fixture(), &[], &[], None, today, 2, None);
        assert_eq!(r.sessions, 0);
        for w in &r.weeks {
            assert!(w.minutes == 0.0 && w.minutes.is_sign_positive(), "{w:?}");
            assert_eq!(format!("{:.0}", w.minutes), "0");
        }
    }

    #[test]
    fn stops_are_one_row_a_day_with_the_gravest_tier_and_later_checks() {
        use crate::assess::RedFlagStop;
        use crate::record::StoppedIn;
        let lib = crate::store::library::builtin_library();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let at = |d: &str| chrono::DateTime::parse_from_rfc3339(d).unwrap();
        let stop = |d: &str, tier, flags: &[&str]| {
            let s = RedFlagStop {
                tier,
                flags: flags.iter().map(|f| f.to_string()).collect(),
            };
            StopRecord::new(at(d), s.tier, &s.flags, StoppedIn::Session)
        };
        let stops = [
            // Written out of order, as an import leaves them.
            stop(
                "2026-11-20T19:00:00+01:00",
                Tier::Emergency,
                &["saddle-numbness"],
            ),
            stop(
                "2026-11-20T08:00:00+01:00",
                Tier::Urgent,
                &["fever-or-unwell"],
            ),
            stop(
                "2026-11-10T08:00:00+01:00",
                Tier::Urgent,
                &["fever-or-unwell"],
            ),
            stop(
                "2026-10-01T08:00:00+01:00",
                Tier::Urgent,
                &["fever-or-unwell"],
            ),
        ];
        let mut profile = crate::profile::Profile::default();
        profile.checked = vec![crate::profile::Checked::new(
            "fever-or-unwell".into(),
            NaiveDate::from_ymd_opt(2026, 11, 12).unwrap(),
        )];
        let r = build(&lib, &[], &[], &stops, Some(&profile), today, 6, None);
        let rows: Vec<_> = r
            .stops
            .iter()
            .map(|d| {
                let flags: Vec<_> = d
                    .flags
                    .iter()
                    .map(|f| (f.id.as_str(), f.checked_on))
                    .collect();
                (d.date.to_string(), d.tier, d.times, flags)
            })
            .collect();
        let checked = NaiveDate::from_ymd_opt(2026, 11, 12);
        assert_eq!(
            rows,
            vec![
                (
                    "2026-11-10".to_string(),
                    Tier::Urgent,
                    1,
                    vec![("fever-or-unwell", checked)]
                ),
                (
                    "2026-11-20".to_string(),
                    Tier::Emergency,
                    2,
                    vec![("fever-or-unwell", None), ("saddle-numbness", None)]
                ),
            ]
        );
        assert!(r.stops[0].flags[0]
            .question
            .starts_with("Do you have a fever"));
        // Stops are not sessions.
        assert_eq!((r.sessions, r.days_with_session), (0, 0));
    }
}
