//! Progress as text: the report `progress` prints (the safety net's
//! advice, the pain chart, averages, streaks and exercises) and the table
//! of function ratings. The numbers come from `progress.rs`.

use crate::function::{self, Trend};
use crate::layout::pad;
use crate::progress::{
    current_streak, days, exercise_stats, longest_streak, pain_drops, safety_net, since, this_week,
    week_pain, window, CurrentId, DailyPain, MIN_SESSIONS, WEEKS,
};
use crate::record::{FunctionRecord, Record};
use chrono::{Duration, NaiveDate};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The progress report: pain, streaks and exercises (under their current
/// ids), then the function ratings of the last `weeks` weeks.
pub fn report(
    records: &[Record],
    ratings: &[FunctionRecord],
    today: NaiveDate,
    weeks: u32,
    age: Option<u32>,
    current: CurrentId,
) -> String {
    let mut out = String::new();
    for advice in safety_net(records, ratings, today, age) {
        writeln!(out, "{}\n", advice.words()).expect("write to String");
    }
    out += &pain_report(records, today, weeks, current);
    let from = today - Duration::days(i64::from(weeks) * 7 - 1);
    let table = function_table(records, ratings, from, today);
    if !table.is_empty() {
        out.push('\n');
        out.push_str(&table);
    }
    out
}

/// Most rating columns shown, so the table fits 80 columns.
const RATING_COLUMNS: usize = 5;
const NAME_W: usize = 22;

/// Each activity's ratings (the last five) beside the week's pain, with the
/// change since the first rating and whether it is beyond the noise. Empty
/// when nothing was rated in the range.
pub fn function_table(
    records: &[Record],
    ratings: &[FunctionRecord],
    from: NaiveDate,
    to: NaiveDate,
) -> String {
    let rated = function::in_range(ratings, from, to);
    if rated.is_empty() {
        return String::new();
    }
    let trends = function::trends(&rated);
    let shown = &rated[rated.len().saturating_sub(RATING_COLUMNS)..];
    let mut out =
        String::from("What you can do, rated weekly (0 = cannot do it, 10 = as before)\n");
    let mut head = pad("", NAME_W + 2);
    for f in shown {
        head.push_str(&format!("{:>7}", f.at.format("%b %-d").to_string()));
    }
    head.push_str("  change");
    writeln!(out, "{}", head.trim_end()).expect("write to String");
    let mut pain = pad("  pain (week's average)", NAME_W + 2);
    for f in shown {
        let cell =
            week_pain(records, f.at.date_naive()).map_or("-".to_string(), |p| format!("{p:.1}"));
        pain.push_str(&format!("{cell:>7}"));
    }
    writeln!(out, "{}", pain.trim_end()).expect("write to String");
    let row = |name: &str, cells: Vec<String>, change: String| {
        let mut line = format!("  {}", pad(&crate::layout::truncate(name, NAME_W), NAME_W));
        for c in cells {
            line.push_str(&format!("{c:>7}"));
        }
        line.push_str(&format!("  {change}"));
        line
    };
    for t in &trends {
        let cells = shown
            .iter()
            .map(|f| {
                t.scores
                    .iter()
                    .find(|(d, _)| *d == f.at.date_naive())
                    .map_or("·".to_string(), |(_, s)| s.to_string())
            })
            .collect();
        let words = function::change_words(t.change().map(f64::from), t.meaningful());
        writeln!(out, "{}", row(&t.activity, cells, words)).expect("write to String");
    }
    let averages = shown
        .iter()
        .map(|f| format!("{:.1}", function::average(&f.ratings)))
        .collect();
    let change = function::average_change(&trends);
    let words = function::change_words(change, change.is_some_and(function::meaningful_average));
    writeln!(out, "{}", row("average", averages, words)).expect("write to String");
    out.push_str(&noise_sentence(&trends, change));
    out
}

/// The noise rule in words, and what it says about these ratings.
pub fn noise_sentence(trends: &[Trend], change: Option<f64>) -> String {
    let verdict = match change {
        None => "Rate again next week to see a trend.".to_string(),
        Some(c) if function::meaningful_average(c) => format!(
            "Your average has changed by {}: more than the measure's noise, a real change.",
            fmt_points(c)
        ),
        Some(c) => format!(
            "Your average has changed by {}: within the measure's noise so far.",
            fmt_points(c)
        ),
    };
    let one = trends.iter().filter(|t| t.meaningful()).count();
    let ones = if one > 0 {
        format!(
            " {one} activit{} changed by 3 or more.",
            if one == 1 { "y has" } else { "ies have" }
        )
    } else {
        String::new()
    };
    crate::layout::wrap(
        &format!(
            "{verdict}{ones} A change of 2 points in the average, or 3 in one activity, is larger than the noise ({}).",
            function::SOURCE
        ),
        80,
        "",
        "",
    )
}

fn fmt_points(c: f64) -> String {
    let n = if c.fract().abs() < 1e-9 {
        format!("{:.0}", c.abs())
    } else {
        format!("{:.1}", c.abs())
    };
    format!(
        "{}{n} point{}",
        if c < 0.0 { "-" } else { "+" },
        if (c.abs() - 1.0).abs() < 1e-9 {
            ""
        } else {
            "s"
        }
    )
}

/// Pain over the last `WEEKS` weeks; `weeks` of them are charted.
fn pain_report(records: &[Record], today: NaiveDate, weeks: u32, current: CurrentId) -> String {
    let first = since(today);
    let records: Vec<&Record> = records
        .iter()
        .filter(|r| r.started.date_naive() >= first)
        .collect();
    let scored = records.iter().filter(|r| r.pain_after.is_some()).count();
    let days = days(records.iter().copied());
    if scored < MIN_SESSIONS {
        return too_little_data(scored, &days, today);
    }
    let mut out = chart(&days, today, weeks);
    out.push('\n');
    out += &averages(&days, today);
    out += &sessions(&records, &days, today);
    out += &exercises(&records, current);
    out
}

/// A streak that reaches back past what the report covers may be longer.
fn streak(n: u32) -> String {
    if i64::from(n) >= WEEKS * 7 - 1 {
        format!("{n} or more")
    } else {
        n.to_string()
    }
}

/// Fewer scored sessions than a report needs: how many there are, and the
/// streak when there is one.
fn too_little_data(
    scored: usize,
    days: &BTreeMap<NaiveDate, DailyPain>,
    today: NaiveDate,
) -> String {
    let mut out = String::new();
    writeln!(
        out,
        "Too little data yet: {} session{} with a pain score after in the last {WEEKS} weeks, and progress needs at least {MIN_SESSIONS}.\nKeep going: after a few sessions this shows your pain over the weeks.",
        scored,
        if scored == 1 { "" } else { "s" }
    )
    .expect("write to String");
    if !days.is_empty() {
        writeln!(
            out,
            "Current streak: {} day(s).",
            streak(current_streak(days, today))
        )
        .expect("write to String");
    }
    out
}

/// The average pain of the last 7 and 28 days, each beside the same
/// number of days before.
fn averages(days: &BTreeMap<NaiveDate, DailyPain>, today: NaiveDate) -> String {
    let mut out = String::new();
    let avg = |end: NaiveDate, len: i64| window(days, end, len);
    for (len, label) in [(7, "7 days"), (28, "28 days")] {
        match (avg(today, len), avg(today - Duration::days(len), len)) {
            (Some(now), Some(prev)) => writeln!(
                out,
                "Average pain, last {label}: {now:.1} (previous {len}: {prev:.1}, {})",
                pain_change_words(now, prev)
            ),
            (Some(now), None) => writeln!(
                out,
                "Average pain, last {label}: {now:.1} (nothing earlier to compare)"
            ),
            _ => writeln!(out, "Average pain, last {label}: no sessions"),
        }
        .expect("write to String");
    }
    out
}

/// The pain straight after a session on average, the streaks, and the
/// days with a session this week.
fn sessions(
    records: &[&Record],
    days: &BTreeMap<NaiveDate, DailyPain>,
    today: NaiveDate,
) -> String {
    let mut out = String::new();
    let drops = pain_drops(records.iter().copied());
    let mean_drop = drops.iter().sum::<f64>() / drops.len() as f64;
    writeln!(
        out,
        "Pain straight after a session, last {WEEKS} weeks: {} on average.",
        if mean_drop >= 0.0 {
            format!("{mean_drop:.1} lower")
        } else {
            format!("{:.1} higher", -mean_drop)
        }
    )
    .expect("write to String");
    writeln!(
        out,
        "Streak: {} day(s) now; longest {} day(s) in the last {WEEKS} weeks.",
        streak(current_streak(days, today)),
        streak(longest_streak(days))
    )
    .expect("write to String");
    let (this_week, elapsed) = this_week(days, today);
    writeln!(
        out,
        "This week: sessions on {this_week} of {elapsed} day(s) so far."
    )
    .expect("write to String");
    out
}

/// Exercises: how often done, and the mean pain drop in sessions that
/// included them.
fn exercises(records: &[&Record], current: CurrentId) -> String {
    let stats = exercise_stats(records, current);
    let mut most: Vec<(&str, u32)> = stats.iter().map(|(k, v)| (*k, v.0)).collect();
    most.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut out = format!("\nDone most in {WEEKS} weeks (sessions):\n");
    for (id, n) in most.iter().take(5) {
        writeln!(out, "  {} {n}", pad(id, 30)).expect("write to String");
    }
    let mut best: Vec<(&str, f64, u32)> = stats
        .iter()
        .filter(|(_, v)| v.2 >= 3)
        .map(|(k, v)| (*k, v.1 / f64::from(v.2), v.2))
        .collect();
    best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    if best.is_empty() {
        // Said plainly rather than as an empty list under a heading.
        out.push_str("Not enough sessions yet to see which exercises go with less pain: each needs 3 or more with a pain score after.\n");
        return out;
    }
    out.push_str("Largest pain drops after sessions that included (3 or more):\n");
    for (id, drop, n) in best.iter().take(5) {
        let words = if *drop >= 0.0 {
            format!("{drop:.1} lower")
        } else {
            format!("{:.1} higher", -drop)
        };
        writeln!(out, "  {} {words} on average ({n} sessions)", pad(id, 30))
            .expect("write to String");
    }
    out.push_str("These go together; they do not prove which exercise helped.\n");
    out
}

/// One column per day for `weeks` weeks, or from the first day in `days`
/// when that is later (ten days of history fill the chart, not its right
/// edge): █ up to the pain after, ░ for how much lower it was than before,
/// + for how much higher (shapes that differ without colour).
pub fn chart(days: &BTreeMap<NaiveDate, DailyPain>, today: NaiveDate, weeks: u32) -> String {
    let window = today - Duration::days(i64::from(weeks) * 7 - 1);
    let first = days
        .keys()
        .next()
        .map_or(window, |d| (*d).max(window))
        .min(today);
    let n = (today - first).num_days() + 1;
    let cols: Vec<Option<&DailyPain>> = (0..n)
        .map(|i| days.get(&(first + Duration::days(i))))
        .collect();
    let mut out = if first > window {
        format!(
            "Pain before and after each day's session, since {}\n",
            first.format("%b %-d")
        )
    } else {
        format!("Pain before and after each day's session, last {weeks} weeks\n")
    };
    for level in (1..=10).rev() {
        let mut line = format!("{level:>3} ┤");
        for c in &cols {
            let ch = match c {
                None => ' ',
                Some(d) => {
                    let before = d.before.round() as i32;
                    let after = d.after.map_or(before, |a| a.round() as i32);
                    if level <= after.min(before) {
                        '█'
                    } else if level <= before {
                        '░'
                    } else if level <= after {
                        '+'
                    } else {
                        ' '
                    }
                }
            };
            line.push(ch);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&format!("  0 └{}\n", "─".repeat(n as usize)));
    let mut labels = String::from("     ");
    let mut i = 0;
    while i < n {
        let label = (first + Duration::days(i)).format("%b %-d").to_string();
        labels.push_str(&format!("{label:<7}"));
        i += 7;
    }
    out.push_str(labels.trim_end());
    out.push('\n');
    out.push_str("     █ pain after   ░ how much lower than before   + how much higher\n");
    out
}

/// "down 1.2 (a meaningful change)": 2 points or 30% is the accepted
/// minimal meaningful change (Childs et al. 2005; Ostelo et al. 2008).
fn pain_change_words(now: f64, before: f64) -> String {
    let diff = now - before;
    let meaningful = diff.abs() >= 2.0 || (before > 0.0 && diff.abs() / before >= 0.3);
    let dir = if diff < -0.05 {
        "down"
    } else if diff > 0.05 {
        "up"
    } else {
        return "no change".to_string();
    };
    format!(
        "{dir} {:.1}{}",
        diff.abs(),
        if meaningful { ": meaningful" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::summary;
    use crate::record::Status;

    fn d(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, n).unwrap()
    }

    /// A session on day `n` of November whose steps were all done.
    fn did(n: u32, exercises: &[&str]) -> Record {
        use crate::record::{StepRecord, SCHEMA};
        let started = d(n).and_hms_opt(9, 0, 0).unwrap().and_utc().fixed_offset();
        Record {
            schema: SCHEMA,
            id: format!("s{n}"),
            started,
            ended: started + Duration::minutes(15),
            source: crate::planner::Source::Answers,
            causes: Vec::new(),
            pain_before: 5,
            pain_after: Some(3),
            minutes_planned: 15.0,
            steps: exercises
                .iter()
                .map(|e| StepRecord {
                    exercise: (*e).to_string(),
                    status: Status::Done,
                    seconds_held: 60,
                    seconds_planned: 60,
                    dose: None,
                })
                .collect(),
            interrupted: false,
            note: None,
            felt: Vec::new(),
            lesson: None,
        }
    }

    #[test]
    fn a_renamed_exercise_counts_under_its_current_id() {
        let records = [
            did(20, &["old-roll", "cat-cow"]),
            did(21, &["new-roll"]),
            // Both ids in one session: one session of the exercise.
            did(22, &["old-roll", "new-roll"]),
        ];
        fn current(id: &str) -> &str {
            if id == "old-roll" {
                "new-roll"
            } else {
                id
            }
        }
        let s = summary(&records, &[], d(22), 2, &current);
        let rows: Vec<(&str, u32, u32)> = s
            .exercises
            .iter()
            .map(|e| (e.exercise.as_str(), e.sessions, e.scored_sessions))
            .collect();
        assert_eq!(rows, [("cat-cow", 1, 1), ("new-roll", 3, 3)]);
        let text = report(&records, &[], d(22), 2, None, &current);
        assert!(!text.contains("old-roll"), "{text}");
        let row = text
            .lines()
            .find(|l| l.trim_start().starts_with("new-roll") && l.contains("lower on average"))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(row.contains("(3 sessions)"), "{row}");
        // Without the library's renames, the old id stays its own row.
        fn same(id: &str) -> &str {
            id
        }
        let s = summary(&records, &[], d(22), 2, &same);
        assert_eq!(s.exercises.len(), 3);
    }

    #[test]
    fn meaningful_change_follows_two_points_or_thirty_percent() {
        assert_eq!(pain_change_words(4.0, 6.0), "down 2.0: meaningful");
        assert_eq!(pain_change_words(2.0, 3.0), "down 1.0: meaningful");
        assert_eq!(pain_change_words(5.5, 6.0), "down 0.5");
        assert_eq!(pain_change_words(6.0, 6.0), "no change");
    }

    #[test]
    fn chart_marks_drops_and_rises() {
        let mut days = BTreeMap::new();
        days.insert(
            d(24),
            DailyPain {
                before: 6.0,
                after: Some(4.0),
            },
        );
        days.insert(
            d(25),
            DailyPain {
                before: 3.0,
                after: Some(5.0),
            },
        );
        let c = chart(&days, d(25), 1);
        let row = |lvl: &str| c.lines().find(|l| l.starts_with(lvl)).unwrap().to_string();
        assert!(row("  6 ┤").ends_with('░'.to_string().as_str()) || row("  6 ┤").contains('░'));
        assert!(row("  5 ┤").ends_with("░+"));
        assert!(row("  3 ┤").ends_with("██"));
        assert!(c.lines().all(|l| l.chars().count() <= 80));
    }
}
