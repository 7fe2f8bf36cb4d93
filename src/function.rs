//! Function that matters to the person: the Patient-Specific Functional
//! Scale (Stratford et al., Physiotherapy Canada 1995). The person names up
//! to three activities their back makes hard and rates each 0 (cannot do
//! it) to 10 (as before the problem), once a week. Pure: when a rating is
//! due, and each activity's trend with the measure's noise.
//!
//! The noise rule (Maughan and Lewis, Eur Spine J 2010;19:1484; see the
//! clinical notes): a change of about 2 points in the average score is
//! meaningful; a single activity needs about 3.

use crate::record::{same_activity, FunctionRecord, Rating};
use chrono::{Duration, NaiveDate};

/// Days between ratings.
pub const EVERY_DAYS: i64 = 7;
/// The smallest change in the average score larger than the noise.
pub const MEANINGFUL_AVERAGE: f64 = 2.0;
/// The smallest change in one activity larger than the noise.
pub const MEANINGFUL_ONE: i32 = 3;
/// Where the noise rule comes from, as printed.
pub const SOURCE: &str =
    "Patient-Specific Functional Scale: Stratford et al. 1995; Maughan and Lewis, Eur Spine J 2010";

/// Whether to ask for a rating today.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Due<'a> {
    /// Never rated: ask for the activities and their first ratings.
    First,
    /// A week or more since the last rating: rate the same activities again.
    Again(&'a FunctionRecord),
    /// Rated in the last week.
    NotYet(&'a FunctionRecord),
}

/// Whether a rating is dated in the future (the one rule,
/// [`crate::record::in_future`]): it is named, and not used for the schedule.
pub fn in_future(f: &FunctionRecord, today: NaiveDate) -> bool {
    crate::record::in_future(f.at.date_naive(), today)
}

/// The latest rating by its time, leaving out those dated in the future.
pub fn latest(ratings: &[FunctionRecord], today: NaiveDate) -> Option<&FunctionRecord> {
    ratings
        .iter()
        .filter(|f| !in_future(f, today))
        .max_by_key(|f| f.at)
}

/// A day as a person reads it: "Tuesday 8 June", with the year when it is
/// more than six months from `today` either way.
pub fn day_text(day: NaiveDate, today: NaiveDate) -> String {
    if (day - today).num_days().abs() > 182 {
        day.format("%A %-d %B %Y").to_string()
    } else {
        day.format("%A %-d %B").to_string()
    }
}

/// A rating is due on the first run and then once 7 days have passed since
/// the last one (by date, so the time of day does not matter). Ratings
/// dated in the future do not count.
pub fn due(ratings: &[FunctionRecord], today: NaiveDate) -> Due<'_> {
    match latest(ratings, today) {
        None => Due::First,
        Some(last) if today - last.at.date_naive() >= Duration::days(EVERY_DAYS) => {
            Due::Again(last)
        }
        Some(last) => Due::NotYet(last),
    }
}

/// One activity over the weeks.
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    /// The name as last written.
    pub activity: String,
    /// (date, score), oldest first.
    pub scores: Vec<(NaiveDate, u8)>,
}

impl Trend {
    /// Latest minus first score, when rated more than once.
    pub fn change(&self) -> Option<i32> {
        match (self.scores.first(), self.scores.last()) {
            (Some(a), Some(b)) if self.scores.len() > 1 => Some(i32::from(b.1) - i32::from(a.1)),
            _ => None,
        }
    }

    /// Whether the change is larger than one activity's noise.
    pub fn meaningful(&self) -> bool {
        self.change().is_some_and(|c| c.abs() >= MEANINGFUL_ONE)
    }
}

/// Whether any activity's rating rose meaningfully (the safety net's
/// "function improved").
pub fn improved(trends: &[Trend]) -> bool {
    trends
        .iter()
        .any(|t| t.change().is_some_and(|c| c > 0) && t.meaningful())
}

/// Ratings oldest first, at most one a day (the later one wins), within
/// `from..=to`.
pub fn in_range(
    ratings: &[FunctionRecord],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<&FunctionRecord> {
    let mut v: Vec<&FunctionRecord> = ratings
        .iter()
        .filter(|f| (from..=to).contains(&f.at.date_naive()))
        .collect();
    v.sort_by_key(|f| f.at);
    let mut out: Vec<&FunctionRecord> = Vec::new();
    for f in v {
        if out
            .last()
            .is_some_and(|l| l.at.date_naive() == f.at.date_naive())
        {
            out.pop();
        }
        out.push(f);
    }
    out
}

/// Each activity in the latest rating, with its scores over `ratings`
/// (oldest first; activities matched ignoring case and spacing).
pub fn trends(ratings: &[&FunctionRecord]) -> Vec<Trend> {
    let Some(last) = ratings.last() else {
        return Vec::new();
    };
    last.ratings
        .iter()
        .map(|r| Trend {
            activity: r.activity.trim().to_string(),
            scores: ratings
                .iter()
                .filter_map(|f| {
                    f.ratings
                        .iter()
                        .find(|x| same_activity(&x.activity, &r.activity))
                        .map(|x| (f.at.date_naive(), x.score))
                })
                .collect(),
        })
        .collect()
}

/// The function ratings of a period, as `progress --json` and `report
/// --json` print them: what the tables show, in numbers.
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Summary {
    /// Each rating in the period (at most one a day), oldest first.
    pub ratings: Vec<DayAverage>,
    /// Each activity of the latest rating, with its scores in the period.
    pub activities: Vec<ActivityTrend>,
    /// The change in the average score (see `average_change`).
    pub average_change: Option<f64>,
    /// Whether that change is larger than the measure's noise (2 points).
    pub meaningful: bool,
}

/// One rating's day and mean score.
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct DayAverage {
    pub date: NaiveDate,
    pub average: f64,
}

/// One activity's scores, oldest first, and their change.
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct ActivityTrend {
    pub activity: String,
    pub scores: Vec<DayScore>,
    /// Latest minus first score, when rated more than once.
    pub change: Option<i32>,
    /// Whether the change is larger than one activity's noise (3 points).
    pub meaningful: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct DayScore {
    pub date: NaiveDate,
    pub score: u8,
}

/// The ratings dated `from..=to`, in numbers.
pub fn summary(ratings: &[FunctionRecord], from: NaiveDate, to: NaiveDate) -> Summary {
    let rated = in_range(ratings, from, to);
    let trends = trends(&rated);
    let change = average_change(&trends);
    Summary {
        ratings: rated
            .iter()
            .map(|f| DayAverage {
                date: f.at.date_naive(),
                average: average(&f.ratings),
            })
            .collect(),
        activities: trends
            .iter()
            .map(|t| ActivityTrend {
                activity: t.activity.clone(),
                scores: t
                    .scores
                    .iter()
                    .map(|&(date, score)| DayScore { date, score })
                    .collect(),
                change: t.change(),
                meaningful: t.meaningful(),
            })
            .collect(),
        average_change: change,
        meaningful: change.is_some_and(meaningful_average),
    }
}

/// The mean score of one rating.
pub fn average(ratings: &[Rating]) -> f64 {
    if ratings.is_empty() {
        return 0.0;
    }
    ratings.iter().map(|r| f64::from(r.score)).sum::<f64>() / ratings.len() as f64
}

/// The change in the average score: the mean of each activity's change
/// (activities rated only once are left out), so replacing an activity
/// does not count as a change. `None` when nothing was rated twice.
pub fn average_change(trends: &[Trend]) -> Option<f64> {
    let changes: Vec<i32> = trends.iter().filter_map(Trend::change).collect();
    (!changes.is_empty()).then(|| changes.iter().sum::<i32>() as f64 / changes.len() as f64)
}

/// Whether a change in the average is larger than the noise.
pub fn meaningful_average(change: f64) -> bool {
    change.abs() >= MEANINGFUL_AVERAGE - 1e-9
}

/// "+3, more than the noise" / "+1, within the noise" / "new".
pub fn change_words(change: Option<f64>, meaningful: bool) -> String {
    match change {
        None => "new".to_string(),
        Some(c) => {
            let num = if c.fract().abs() < 1e-9 {
                format!("{c:+.0}")
            } else {
                format!("{c:+.1}")
            };
            let num = if num == "+0" || num == "-0" {
                "0".to_string()
            } else {
                num
            };
            format!(
                "{num}, {}",
                if meaningful {
                    "beyond noise"
                } else {
                    "within noise"
                }
            )
        }
    }
}

/// Checks and tidies ratings given on the command line as
/// `ACTIVITY=SCORE`.
pub fn parse_rating(text: &str) -> Result<Rating, String> {
    let (name, score) = text.rsplit_once('=').ok_or_else(|| {
        format!("'{text}' is not ACTIVITY=SCORE (for example \"a 30-minute walk=4\")")
    })?;
    let score: u8 = score
        .trim()
        .parse()
        .ok()
        .filter(|s| *s <= 10)
        .ok_or_else(|| {
            format!(
                "'{}' is not a rating from 0 (cannot do it) to 10 (as before)",
                score.trim()
            )
        })?;
    Ok(Rating {
        activity: name.split_whitespace().collect::<Vec<_>>().join(" "),
        score,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};

    #[test]
    fn days_more_than_six_months_away_show_the_year() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let day = |d| today + Duration::days(d);
        assert_eq!(day_text(day(5), today), "Monday 30 November");
        assert_eq!(day_text(day(182), today), "Wednesday 26 May");
        assert_eq!(day_text(day(195), today), "Tuesday 8 June 2027");
        assert_eq!(day_text(day(-200), today), "Saturday 9 May 2026");
    }

    #[test]
    fn a_rating_after_tomorrow_is_not_the_latest() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
        let ratings = [rated(1, &[("walk", 4)]), rated(20, &[("walk", 5)])];
        assert!(in_future(&ratings[1], today));
        assert_eq!(latest(&ratings, today), Some(&ratings[0]));
        assert_eq!(due(&ratings, today), Due::Again(&ratings[0]));
        // Tomorrow counts.
        let tomorrow = NaiveDate::from_ymd_opt(2026, 11, 19).unwrap();
        assert_eq!(latest(&ratings, tomorrow), Some(&ratings[1]));
    }

    fn at(day: u32) -> chrono::DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, day, 8, 0, 0)
            .unwrap()
    }

    fn rated(day: u32, scores: &[(&str, u8)]) -> FunctionRecord {
        FunctionRecord::new(
            at(day),
            scores
                .iter()
                .map(|(a, s)| Rating {
                    activity: a.to_string(),
                    score: *s,
                })
                .collect(),
        )
    }

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    #[test]
    fn a_rating_is_due_first_and_then_weekly() {
        assert_eq!(due(&[], d(1)), Due::First);
        let log = vec![rated(3, &[("walk", 4)]), rated(10, &[("walk", 5)])];
        assert!(matches!(due(&log, d(16)), Due::NotYet(l) if l.at == at(10)));
        assert!(matches!(due(&log, d(17)), Due::Again(l) if l.at == at(10)));
        // The order written does not matter: the latest by time counts.
        let reversed: Vec<_> = log.iter().rev().cloned().collect();
        assert!(matches!(due(&reversed, d(12)), Due::NotYet(_)));
    }

    #[test]
    fn trends_follow_activities_by_name_and_replacement_is_new() {
        let log = [
            rated(1, &[("Sitting through a film", 3), ("lifting my child", 2)]),
            rated(
                8,
                &[("sitting  through a FILM", 5), ("a 30-minute walk", 4)],
            ),
            rated(
                15,
                &[("Sitting through a film", 6), ("a 30-minute walk", 5)],
            ),
        ];
        let refs: Vec<&FunctionRecord> = log.iter().collect();
        let t = trends(&refs);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].scores, vec![(d(1), 3), (d(8), 5), (d(15), 6)]);
        assert_eq!(t[0].change(), Some(3));
        assert!(t[0].meaningful());
        assert_eq!(t[1].change(), Some(1));
        assert!(!t[1].meaningful());
        // The average changes by the mean of the activities' changes.
        assert_eq!(average_change(&t), Some(2.0));
        assert!(meaningful_average(2.0));
        assert!(!meaningful_average(1.5));
        assert_eq!(change_words(Some(2.0), true), "+2, beyond noise");
        assert_eq!(change_words(Some(-0.5), false), "-0.5, within noise");
        assert_eq!(change_words(None, false), "new");
    }

    #[test]
    fn one_rating_a_day_in_range() {
        let log = [
            rated(1, &[("walk", 3)]),
            rated(1, &[("walk", 4)]),
            rated(9, &[("walk", 6)]),
        ];
        let got = in_range(&log, d(1), d(8));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].ratings[0].score, 4);
    }

    #[test]
    fn ratings_from_the_command_line() {
        assert_eq!(
            parse_rating(" a 30-minute  walk = 4").unwrap(),
            Rating {
                activity: "a 30-minute walk".into(),
                score: 4
            }
        );
        assert!(parse_rating("walk=11").is_err());
        assert!(parse_rating("walk").is_err());
        assert!(parse_rating("a=b=x").is_err());
    }
}
