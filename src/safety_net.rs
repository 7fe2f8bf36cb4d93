//! The safety net: when the course over weeks says a person should get
//! their back looked at, say so plainly, with the reason and the numbers.
//! Derived from history every time (never stored), and never from less
//! than two weeks of records.
//!
//! It holds when, by the noise rules `progress` uses (a change of 2 points
//! or 30% is meaningful; Childs et al. 2005, Ostelo et al. 2008):
//! - after 4 to 6 weeks of regular sessions, neither pain nor function has
//!   changed meaningfully;
//! - pain has trended up over two weeks or more;
//! - pain was severe (8 or more) on more than half of the days with a
//!   record in the last 14;
//! - over fifty, pain has not improved after a month.
//!
//! Guidelines treat these as reasons to see a clinician (NICE NG59; Chou
//! et al., ACP/APS guideline 2007; clinical notes, "The course over
//! weeks"). The exact thresholds are `basis: precaution`: they follow the
//! noise rules rather than a trial.

use crate::assess::SEVERE_PAIN;
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::BTreeMap;

/// Records must reach back at least this many days.
pub const MIN_DAYS: i64 = 14;
/// "After four to six weeks": the window of regular sessions looked at.
pub const NO_CHANGE_DAYS: i64 = 28;
/// Regular: sessions on at least this many days in each week of the window.
pub const REGULAR_DAYS_A_WEEK: usize = 2;
/// Pain trending up is judged over at most this many days (at least `MIN_DAYS`).
pub const TREND_DAYS: i64 = 28;
/// Pain at or below this has no meaningful change left to make (2 points):
/// "no change" is not said of it.
pub const MILD_PAIN: f64 = 2.0;
/// Over this age, no improvement after a month is reason enough.
pub const OLDER_AGE: u32 = 50;

/// A meaningful change: 2 points, or 30% of where it started.
pub fn meaningful(change: f64, from: f64) -> bool {
    change.abs() >= 2.0 || (from > 0.0 && change.abs() / from >= 0.3)
}

/// Why the safety net holds, with the numbers behind it.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// Regular sessions for `weeks` weeks and no meaningful change.
    NoChange {
        weeks: i64,
        sessions: usize,
        from: f64,
        to: f64,
    },
    /// Pain trending up from about `from` to about `to` over `days` days.
    Rising { days: i64, from: f64, to: f64 },
    /// Severe pain on `severe` of the `days` days with a record in 14.
    Severe { severe: usize, days: usize },
    /// Over fifty, and no improvement after a month.
    OlderNoBetter {
        age: u32,
        days: i64,
        from: f64,
        to: f64,
    },
}

impl Reason {
    /// The advice in plain words, with its numbers.
    pub fn words(&self) -> String {
        let why = match self {
            Reason::NoChange {
                weeks,
                sessions,
                from,
                to,
            } => format!(
                "after {sessions} sessions over {weeks} weeks, your pain has not changed meaningfully ({from:.1} then, {to:.1} now), nor has your function"
            ),
            Reason::Rising { days, from, to } => format!(
                "your pain has been rising over the last {days} days (from about {from:.1} to about {to:.1})"
            ),
            Reason::Severe { severe, days } => format!(
                "your pain was severe (8 or more) on {severe} of the {days} days you recorded in the last two weeks"
            ),
            Reason::OlderNoBetter {
                age,
                days,
                from,
                to,
            } => format!(
                "at {age}, your pain is no better after {days} days ({from:.1} then, {to:.1} now)"
            ),
        };
        format!(
            "Please see a physiotherapist or doctor about your back: {why}. This is worth having looked at; bring `backrelief report` with you."
        )
    }
}

/// Pain before sessions by day, from each session's (date, pain before).
pub fn day_pain(
    sessions: impl IntoIterator<Item = (NaiveDate, u8)>,
) -> BTreeMap<NaiveDate, DayPain> {
    let mut days: BTreeMap<NaiveDate, (u32, u8, usize)> = BTreeMap::new();
    for (date, pain) in sessions {
        let e = days.entry(date).or_default();
        e.0 += u32::from(pain);
        e.1 = e.1.max(pain);
        e.2 += 1;
    }
    days.into_iter()
        .map(|(d, (sum, max, n))| {
            (
                d,
                DayPain {
                    mean: f64::from(sum) / n as f64,
                    max,
                    sessions: n,
                },
            )
        })
        .collect()
}

/// One day's pain before the session (the mean, and the highest).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DayPain {
    pub mean: f64,
    pub max: u8,
    pub sessions: usize,
}

/// Every reason the safety net holds on `today`, most pressing first.
/// `days` is pain before sessions by day; `function_better` whether a
/// function rating improved meaningfully (`function::improved`).
pub fn check(
    days: &BTreeMap<NaiveDate, DayPain>,
    function_better: bool,
    age: Option<u32>,
    today: NaiveDate,
) -> Vec<Reason> {
    let days: BTreeMap<NaiveDate, DayPain> = days.range(..=today).map(|(d, p)| (*d, *p)).collect();
    let Some(first) = days.keys().next().copied() else {
        return Vec::new();
    };
    let span = (today - first).num_days() + 1;
    if span < MIN_DAYS {
        return Vec::new();
    }
    let mut out = Vec::new();
    // Severe on more than half of the days with a record, in 14.
    let last14: Vec<&DayPain> = days
        .range(today - Duration::days(MIN_DAYS - 1)..=today)
        .map(|(_, p)| p)
        .collect();
    let severe = last14.iter().filter(|p| p.max >= SEVERE_PAIN).count();
    if !last14.is_empty() && severe * 2 > last14.len() {
        out.push(Reason::Severe {
            severe,
            days: last14.len(),
        });
    }
    // Rising: a least-squares line over the last (up to) 28 days.
    let window = TREND_DAYS.min(span);
    let points: Vec<(f64, f64)> = days
        .range(today - Duration::days(window - 1)..=today)
        .map(|(d, p)| ((*d - today).num_days() as f64, p.mean))
        .collect();
    if let Some((from, to)) = line_ends(&points, -(window - 1) as f64) {
        if to > from && meaningful(to - from, from) {
            out.push(Reason::Rising {
                days: window,
                from,
                to,
            });
        }
    }
    let mean_of = |a: NaiveDate, b: NaiveDate| -> Option<f64> {
        let v: Vec<f64> = days.range(a..=b).map(|(_, p)| p.mean).collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    };
    let start = today - Duration::days(NO_CHANGE_DAYS - 1);
    let first_week = mean_of(start, start + Duration::days(6));
    let last_week = mean_of(today - Duration::days(6), today);
    let regular = (0..NO_CHANGE_DAYS / 7).all(|w| {
        let a = start + Duration::days(w * 7);
        days.range(a..=a + Duration::days(6)).count() >= REGULAR_DAYS_A_WEEK
    });
    let still_hurts = last_week.is_some_and(|p| p > MILD_PAIN);
    if let (true, true, Some(from), Some(to)) =
        (span >= NO_CHANGE_DAYS, still_hurts, first_week, last_week)
    {
        let better = to < from && meaningful(to - from, from);
        let rising = out.iter().any(|r| matches!(r, Reason::Rising { .. }));
        if regular && !meaningful(to - from, from) && !function_better {
            let sessions = days.range(start..=today).map(|(_, p)| p.sessions).sum();
            out.push(Reason::NoChange {
                weeks: NO_CHANGE_DAYS / 7,
                sessions,
                from,
                to,
            });
        } else if let Some(age) = age.filter(|a| *a > OLDER_AGE) {
            if !better && !rising && !function_better {
                out.push(Reason::OlderNoBetter {
                    age,
                    days: NO_CHANGE_DAYS,
                    from,
                    to,
                });
            }
        }
    }
    out
}

/// The fitted line's values at `x0` and at 0, if there are enough points
/// spread over at least a week.
fn line_ends(points: &[(f64, f64)], x0: f64) -> Option<(f64, f64)> {
    if points.len() < 4 {
        return None;
    }
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    if sxx == 0.0 || points.last()?.0 - points.first()?.0 < 7.0 {
        return None;
    }
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let slope = sxy / sxx;
    let at = |x: f64| my + slope * (x - mx);
    Some((
        (at(x0) * 10.0).round() / 10.0,
        (at(0.0) * 10.0).round() / 10.0,
    ))
}

/// Whether the plan on `today` is the first session of its week (Monday to
/// Sunday), given the days with a session before it.
pub fn first_of_week(session_days: &[NaiveDate], today: NaiveDate) -> bool {
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    !session_days.iter().any(|d| (monday..today).contains(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Monday 2 November 2026.
    fn start() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 2).expect("valid date")
    }

    /// Twelve weeks of days: `pain(i)` on day `i`, or no session.
    fn days(n: i64, pain: impl Fn(i64) -> Option<u8>) -> BTreeMap<NaiveDate, DayPain> {
        (0..n)
            .filter_map(|i| {
                pain(i).map(|p| {
                    (
                        start() + Duration::days(i),
                        DayPain {
                            mean: f64::from(p),
                            max: p,
                            sessions: 1,
                        },
                    )
                })
            })
            .collect()
    }

    fn on(d: &BTreeMap<NaiveDate, DayPain>, i: i64, age: Option<u32>) -> Vec<Reason> {
        check(d, false, age, start() + Duration::days(i))
    }

    #[test]
    fn never_from_less_than_two_weeks_of_records() {
        let d = days(84, |_| Some(9));
        assert!(on(&d, 12, None).is_empty());
        assert!(matches!(
            on(&d, 13, None)[0],
            Reason::Severe {
                severe: 14,
                days: 14
            }
        ));
    }

    #[test]
    fn a_plateau_of_regular_sessions_says_so_after_four_weeks() {
        // Forty-nine daily sessions at 6/10, at fifty.
        let d = days(84, |_| Some(6));
        assert!(on(&d, 26, Some(50)).is_empty());
        let r = on(&d, 27, Some(50));
        assert_eq!(
            r,
            [Reason::NoChange {
                weeks: 4,
                sessions: 28,
                from: 6.0,
                to: 6.0
            }]
        );
        assert_eq!(
            r[0].words(),
            "Please see a physiotherapist or doctor about your back: after 28 sessions over 4 weeks, your pain has not changed meaningfully (6.0 then, 6.0 now), nor has your function. This is worth having looked at; bring `backrelief report` with you."
        );
        // A meaningful improvement in function holds it back.
        assert!(check(&d, true, Some(50), start() + Duration::days(27)).is_empty());
    }

    #[test]
    fn steady_improvement_and_skipped_weeks_say_nothing() {
        // Down a point every ten days from 6, to 1, a session every other
        // day; then staying at 1, where no meaningful change is left to make.
        let d = days(84, |i| (i % 2 == 0).then(|| (6 - i / 10).max(1) as u8));
        for i in 0..84 {
            assert!(on(&d, i, Some(60)).is_empty(), "day {i}");
        }
        // Sessions on one day a week only are not regular: no "no change".
        let d = days(84, |i| (i % 7 == 0).then_some(5));
        assert!(on(&d, 60, None).is_empty());
        // Over fifty, a month without improvement is reason enough.
        assert!(matches!(
            on(&d, 60, Some(51))[..],
            [Reason::OlderNoBetter { age: 51, .. }]
        ));
    }

    #[test]
    fn slowly_rising_pain_is_named_with_its_numbers() {
        // From 3 by a point a week: rising over the last four weeks.
        let d = days(84, |i| Some(3 + (i / 7) as u8));
        let r = on(&d, 41, None);
        assert!(
            matches!(r[0], Reason::Rising { days: 28, from, to } if to - from >= 2.0),
            "{r:?}"
        );
        assert!(r[0].words().contains("rising over the last 28 days"));
        // Two weeks from 3 to 4 is already 30% up: a trend by the noise rules.
        assert!(matches!(
            on(&d, 13, None)[..],
            [Reason::Rising { days: 14, .. }]
        ));
    }

    #[test]
    fn severe_days_count_only_days_with_a_record() {
        // 8 or more on 5 of 8 recorded days in 14: more than half.
        let d = days(28, |i| match i {
            14..=21 => Some(if i < 19 { 8 } else { 4 }),
            _ => None,
        });
        assert!(on(&d, 20, None).is_empty(), "records reach back 7 days");
        let d = days(28, |i| match i {
            0 => Some(3),
            14..=21 => Some(if i < 19 { 8 } else { 4 }),
            _ => None,
        });
        assert!(on(&d, 27, None).contains(&Reason::Severe { severe: 5, days: 8 }));
    }

    #[test]
    fn the_plan_says_it_on_the_first_session_of_the_week() {
        let monday = start();
        assert!(first_of_week(&[monday - Duration::days(1)], monday));
        assert!(!first_of_week(&[monday], monday + Duration::days(2)));
        assert!(first_of_week(&[monday], monday + Duration::days(7)));
    }
}
