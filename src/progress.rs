//! Progress over weeks, computed from history (pure). Its text is drawn
//! in `render/progress.rs`.

use crate::function;
use crate::record::Status;
use crate::record::{FunctionRecord, Record};
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::BTreeMap;

/// Fewer sessions with a pain score after than this is "too little data".
pub const MIN_SESSIONS: usize = 3;

/// The report covers this many weeks, today included: the longest chart
/// (6 weeks) and the 28-day average with the 28 days before it. A history
/// of years costs no more to report on than one of weeks.
pub const WEEKS: i64 = 8;

/// The first day the report covers.
pub fn since(today: NaiveDate) -> NaiveDate {
    today - Duration::days(WEEKS * 7 - 1)
}

/// One day's pain, averaged over its sessions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DailyPain {
    pub before: f64,
    pub after: Option<f64>,
}

pub fn days<'a>(records: impl IntoIterator<Item = &'a Record>) -> BTreeMap<NaiveDate, DailyPain> {
    let mut sums: BTreeMap<NaiveDate, (f64, usize, f64, usize)> = BTreeMap::new();
    for r in records {
        let e = sums.entry(r.started.date_naive()).or_default();
        e.0 += f64::from(r.pain_before);
        e.1 += 1;
        if let Some(a) = r.pain_after {
            e.2 += f64::from(a);
            e.3 += 1;
        }
    }
    sums.into_iter()
        .map(|(d, (b, nb, a, na))| {
            (
                d,
                DailyPain {
                    before: b / nb as f64,
                    after: (na > 0).then(|| a / na as f64),
                },
            )
        })
        .collect()
}

/// Mean pain before sessions in the `len` days ending on `end`.
pub fn window(days: &BTreeMap<NaiveDate, DailyPain>, end: NaiveDate, len: i64) -> Option<f64> {
    let start = end - Duration::days(len - 1);
    let v: Vec<f64> = days.range(start..=end).map(|(_, d)| d.before).collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// Days in a row with a session, ending today (or yesterday, if today has none yet).
pub fn current_streak(days: &BTreeMap<NaiveDate, DailyPain>, today: NaiveDate) -> u32 {
    let mut d = if days.contains_key(&today) {
        today
    } else {
        today - Duration::days(1)
    };
    let mut n = 0;
    while days.contains_key(&d) {
        n += 1;
        d -= Duration::days(1);
    }
    n
}

pub fn longest_streak(days: &BTreeMap<NaiveDate, DailyPain>) -> u32 {
    let mut best = 0;
    let mut run = 0;
    let mut prev: Option<NaiveDate> = None;
    for d in days.keys() {
        run = if prev.is_some_and(|p| *d - p == Duration::days(1)) {
            run + 1
        } else {
            1
        };
        best = best.max(run);
        prev = Some(*d);
    }
    best
}

/// Every reason the safety net holds today (see `safety_net`), from the
/// records and function ratings of the last `WEEKS` weeks.
pub fn safety_net(
    records: &[Record],
    ratings: &[FunctionRecord],
    today: NaiveDate,
    age: Option<u32>,
) -> Vec<crate::safety_net::Reason> {
    let from = since(today);
    let days = crate::safety_net::day_pain(
        records
            .iter()
            .map(|r| (r.started.date_naive(), r.pain_before))
            .filter(|(d, _)| *d >= from),
    );
    let in_range = function::in_range(ratings, from, today);
    let better = function::improved(&function::trends(&in_range));
    crate::safety_net::check(&days, better, age, today)
}

/// The current id of an exercise id read from history: a renamed
/// exercise's former id gives its new one (the library knows, so the
/// command passes it in); any other id is returned unchanged.
pub type CurrentId<'f> = &'f dyn Fn(&str) -> &str;

/// The week's average pain before sessions, ending on `day`.
pub fn week_pain(records: &[Record], day: NaiveDate) -> Option<f64> {
    window(&days(records), day, 7)
}

/// Days with a session this week (from Monday, or from the first day
/// recorded when that was this week), and the days of the week so far. A
/// record dated after today, from a clock set back, starts nothing.
pub fn this_week(days: &BTreeMap<NaiveDate, DailyPain>, today: NaiveDate) -> (usize, i64) {
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let week_start = days
        .keys()
        .next()
        .map_or(monday, |d| (*d).max(monday))
        .min(today);
    let sessions = days.range(week_start..=today).count();
    let elapsed = (today - week_start).num_days().max(0) + 1;
    (sessions, elapsed)
}

/// How much lower the pain was straight after each session with a score
/// after (negative: higher).
pub fn pain_drops<'a>(records: impl IntoIterator<Item = &'a Record>) -> Vec<f64> {
    records
        .into_iter()
        .filter_map(|r| {
            r.pain_after
                .map(|a| f64::from(r.pain_before) - f64::from(a))
        })
        .collect()
}

/// Per exercise, by its current id (a session that did it under an old id
/// and a new one counts once): sessions it was done in, the summed pain
/// drop of those with a pain-after score, and how many had one.
pub fn exercise_stats<'a>(
    records: &[&'a Record],
    current: CurrentId,
) -> BTreeMap<&'a str, (u32, f64, u32)> {
    let mut stats: BTreeMap<&str, (u32, f64, u32)> = BTreeMap::new();
    for r in records {
        let mut done: Vec<&str> = r
            .steps
            .iter()
            .filter(|s| s.status == Status::Done)
            .map(|s| current(s.exercise.as_str()))
            .collect();
        done.sort_unstable();
        done.dedup();
        for id in done {
            let e = stats.entry(id).or_default();
            e.0 += 1;
            if let Some(a) = r.pain_after {
                e.1 += f64::from(r.pain_before) - f64::from(a);
                e.2 += 1;
            }
        }
    }
    stats
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, n).unwrap()
    }

    #[test]
    fn streaks_count_consecutive_days() {
        let mut days = BTreeMap::new();
        for n in [1, 2, 3, 5, 6, 7, 8, 10] {
            days.insert(
                d(n),
                DailyPain {
                    before: 5.0,
                    after: Some(4.0),
                },
            );
        }
        assert_eq!(longest_streak(&days), 4);
        assert_eq!(current_streak(&days, d(10)), 1);
        assert_eq!(
            current_streak(&days, d(11)),
            1,
            "today not done yet still counts yesterday"
        );
        assert_eq!(current_streak(&days, d(12)), 0);
    }
}

/// Average pain before sessions over a window, and over the one before it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Average {
    pub days: u32,
    pub pain: Option<f64>,
    pub previous: Option<f64>,
}

/// One exercise: sessions that included it, and the mean pain drop in
/// those with a pain score after.
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct ExerciseProgress {
    pub exercise: String,
    pub sessions: u32,
    pub scored_sessions: u32,
    pub mean_pain_drop: Option<f64>,
}

/// One day in the chart's window.
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct DayPain {
    pub date: NaiveDate,
    pub pain_before: f64,
    pub pain_after: Option<f64>,
}

/// What `progress --json` prints: the numbers behind the report.
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Summary {
    pub today: NaiveDate,
    /// The safety net's advice, with its reason and numbers (see
    /// `safety_net`); empty when it does not hold.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub see_a_clinician: Vec<String>,
    pub sessions: usize,
    /// Sessions with a pain score after.
    pub scored_sessions: usize,
    /// Whether there are `MIN_SESSIONS` scored sessions, the least the
    /// report draws conclusions from.
    pub enough_data: bool,
    pub days: Vec<DayPain>,
    pub averages: Vec<Average>,
    pub mean_pain_drop: Option<f64>,
    pub current_streak: u32,
    pub longest_streak: u32,
    pub exercises: Vec<ExerciseProgress>,
    /// The function ratings of the weeks shown (the table `progress`
    /// prints under the chart).
    pub function: function::Summary,
}

/// The numbers behind the report (`render::progress::report`): over its last `WEEKS` weeks, with the
/// days of the last `weeks`.
pub fn summary(
    records: &[Record],
    ratings: &[FunctionRecord],
    today: NaiveDate,
    weeks: u32,
    current: CurrentId,
) -> Summary {
    let from = since(today);
    let records: Vec<&Record> = records
        .iter()
        .filter(|r| r.started.date_naive() >= from)
        .collect();
    let days = days(records.iter().copied());
    let first = today - Duration::days(i64::from(weeks) * 7 - 1);
    let averages = [7u32, 28]
        .into_iter()
        .map(|len| Average {
            days: len,
            pain: window(&days, today, i64::from(len)),
            previous: window(
                &days,
                today - Duration::days(i64::from(len)),
                i64::from(len),
            ),
        })
        .collect();
    let drops = pain_drops(records.iter().copied());
    let stats = exercise_stats(&records, current);
    Summary {
        today,
        see_a_clinician: Vec::new(),
        sessions: records.len(),
        scored_sessions: drops.len(),
        enough_data: drops.len() >= MIN_SESSIONS,
        days: days
            .range(first..=today)
            .map(|(d, p)| DayPain {
                date: *d,
                pain_before: p.before,
                pain_after: p.after,
            })
            .collect(),
        averages,
        mean_pain_drop: (!drops.is_empty()).then(|| drops.iter().sum::<f64>() / drops.len() as f64),
        current_streak: current_streak(&days, today),
        longest_streak: longest_streak(&days),
        exercises: stats
            .into_iter()
            .map(|(id, (n, sum, scored))| ExerciseProgress {
                exercise: id.to_string(),
                sessions: n,
                scored_sessions: scored,
                mean_pain_drop: (scored > 0).then(|| sum / f64::from(scored)),
            })
            .collect(),
        function: function::summary(ratings, first, today),
    }
}
