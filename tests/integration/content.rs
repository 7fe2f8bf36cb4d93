//! Issue 32: progress and report from the first day, lessons, walks and
//! the library's sources.

use crate::support::{stdout, Home};
use chrono::{Duration, NaiveDate};

const TODAY: &str = "2026-11-25";

fn day(offset: i64) -> NaiveDate {
    TODAY.parse::<NaiveDate>().unwrap() - Duration::days(offset)
}

/// One session line as `session` writes it, on `date` at half past seven.
fn session_line(date: NaiveDate, n: u32, before: u8, after: u8) -> String {
    format!(
        r#"{{"schema":1,"id":"{}-073000-0000000{n}","started":"{date}T07:30:00+01:00","ended":"{date}T07:45:00+01:00","source":{{"kind":"answers"}},"causes":[],"pain_before":{before},"pain_after":{after},"minutes_planned":15.0,"steps":[{{"exercise":"cat-cow","status":"done","seconds_held":90,"seconds_planned":90}}],"interrupted":false}}"#,
        date.format("%Y%m%d")
    )
}

/// A person who started ten days ago (today is day 10) and did six
/// sessions since.
fn started_ten_days_ago() -> Home {
    let home = Home::new();
    let lines: Vec<String> = [9, 8, 6, 5, 2, 0]
        .iter()
        .enumerate()
        .map(|(n, off)| session_line(day(*off), n as u32, 6, 4))
        .collect();
    home.write("data/history.jsonl", &(lines.join("\n") + "\n"));
    home
}

#[test]
fn progress_for_someone_who_started_ten_days_ago_starts_at_the_first_day() {
    let home = started_ten_days_ago();
    let out = home.run(&["--today", TODAY, "progress"]);
    let text = stdout(&out);
    assert!(
        text.contains("each day's session, since Nov 16"),
        "the chart starts on the first day:\n{text}"
    );
    // Ten columns, one a day, not six weeks with the days at the right edge.
    let axis = text.lines().find(|l| l.contains('└')).unwrap();
    assert_eq!(axis.chars().filter(|c| *c == '─').count(), 10, "{axis}");
    let pain_row = text.lines().find(|l| l.starts_with("  4 ┤")).unwrap();
    assert!(pain_row.starts_with("  4 ┤██"), "{pain_row}");
    // Wednesday 25 November: the week began on Monday 23rd, before it a
    // session on the 23rd and today.
    assert!(
        text.contains("This week: sessions on 2 of 3 day(s) so far."),
        "{text}"
    );
}

#[test]
fn report_for_someone_who_started_ten_days_ago_counts_adherence_from_that_day() {
    let home = started_ten_days_ago();
    let out = home.run(&["--today", TODAY, "report"]);
    let text = stdout(&out);
    assert!(
        text.contains("6 sessions on 6 of 10 days (60%)"),
        "adherence over the ten days, not six weeks:\n{text}"
    );
    assert!(
        text.contains("The 10 days since the first record on 16 November 2026"),
        "{text}"
    );
    // Two weeks: 16-18 Nov (3 days) and 19-25 Nov; none before the start.
    assert!(text.contains("16 Nov to 18 Nov"), "{text}");
    assert!(text.contains("| 2 of 3 |"), "{text}");
    assert!(
        !text.contains("Oct"),
        "no empty weeks before day one:\n{text}"
    );
}
