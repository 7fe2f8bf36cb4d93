//! The walking programme in words: today's walk, and the walks of the
//! weeks for `progress`.

use crate::library::Library;
use crate::walking::{
    Mode, Step, Suggestion, Today, WalkWeek, FLARE_BASIS, GAP_BASIS, GOAL_BASIS, GOAL_DAYS,
    GOAL_MINUTES, INTERVALS_BASIS, OTHER_BASIS,
};
use std::fmt::Write;

/// "a walk", "walking in short bouts", "your activity".
fn noun(mode: Mode) -> &'static str {
    match mode {
        Mode::Walk => "walk",
        Mode::Intervals { .. } => "walk",
        Mode::Other => "activity",
    }
}

fn days_text(n: u8) -> String {
    match n {
        1 => "1 day".into(),
        n => format!("{n} days"),
    }
}

/// Today's walk in one line, for a session plan. On a flare day the label
/// says it is shorter ("Today's activity, shorter for the flare: 10
/// minutes of wheeling..."), so the sentence after it reads whole.
pub fn plan_line(s: &Suggestion) -> String {
    let m = s.target.minutes;
    let record = format!("`backrelief walk {m}` when done");
    let label = |what: &str| {
        if s.step == Step::Flare {
            format!("Today's {what}, shorter for the flare:")
        } else {
            format!("Today's {what}:")
        }
    };
    match (s.today, s.mode) {
        (Today::Done, _) => format!(
            "Today's {} is done ({} minutes).",
            noun(s.mode),
            s.walked_today
        ),
        (Today::Optional, _) => format!(
            "This week's {}s are done; another of {m} minutes is welcome, or rest ({record}).",
            noun(s.mode)
        ),
        (Today::Go, Mode::Walk) => {
            format!(
                "{} {m} minutes, in one go or in bouts ({record}).",
                label("walk")
            )
        }
        (Today::Go, Mode::Intervals { .. }) => {
            let b = s.bouts.expect("intervals have bouts");
            format!(
                "{} {m} minutes in short bouts ({} x {} minutes, resting sitting or leaning forward between), or on an exercise bike ({record}).",
                label("walk"),
                b.rounds,
                b.walk
            )
        }
        (Today::Go, Mode::Other) => format!(
            "{} {m} minutes of wheeling, arm cycling or seated exercise ({record}).",
            label("activity")
        ),
    }
}

/// What to do today, in a few lines.
pub fn suggestion(s: &Suggestion) -> String {
    let t = s.target;
    let mut out = String::new();
    let what = match s.mode {
        Mode::Walk => format!("a walk of {} minutes", t.minutes),
        Mode::Intervals { .. } => {
            let b = s.bouts.expect("intervals have bouts");
            format!(
                "{} minutes of walking in short bouts: {} x {} minutes, resting up to {} minutes between, sitting or leaning forward (on a bench, a rail or a trolley) until your legs settle; or {} minutes on an exercise bike",
                t.minutes, b.rounds, b.walk, b.rest, t.minutes
            )
        }
        Mode::Other => format!(
            "{} minutes of an activity that warms you up: wheeling your chair, arm cycling, or seated exercise",
            t.minutes
        ),
    };
    let week = format!(
        "{} a week; {} done this week",
        days_text(t.days),
        s.week.days
    );
    match s.today {
        Today::Go => writeln!(out, "Today: {what} ({week})."),
        Today::Done => writeln!(
            out,
            "Today's {} is done ({} minutes). Aim: {what} ({week}).",
            noun(s.mode),
            s.walked_today
        ),
        Today::Optional => writeln!(
            out,
            "This week's {} are done. Another is welcome, or rest. Aim: {what}.",
            days_text(t.days)
        ),
    }
    .expect("write to String");
    let why = match s.step {
        Step::Start => format!(
            "A start: {} minutes, {} a week, then 5 minutes more each week you do them, towards about {GOAL_MINUTES} minutes {GOAL_DAYS} days a week.",
            t.minutes,
            days_text(t.days)
        ),
        Step::Restart => "Starting afresh after some weeks without: it builds up again from here.".into(),
        Step::Up => "A step up: last week's were done.".into(),
        Step::Same if t.at_goal() => format!(
            "At the goal: about {GOAL_MINUTES} minutes, {GOAL_DAYS} days a week. Keep it up."
        ),
        Step::Same => "The same as last week, until a week's are done.".into(),
        Step::Flare => "Shorter for a flare: an easy one helps it settle, and it builds up again from next week.".into(),
        Step::Gap => "Shorter after a week or more without: it builds up again.".into(),
    };
    writeln!(out, "{why} It goes up by time, not by pain.").expect("write to String");
    if matches!(s.mode, Mode::Intervals { .. }) {
        out.push_str("If the distance you can walk keeps getting shorter, or a leg gets weak or numb, see a doctor.\n");
    }
    wrapped(&out)
}

/// Each line wrapped at 80 columns, as `progress` prints.
fn wrapped(text: &str) -> String {
    text.lines()
        .map(|l| crate::style::wrap(l, 80, "", ""))
        .collect()
}

/// The sources behind a suggestion, as "Based on: ..." lines with links.
pub fn basis(lib: &Library, s: &Suggestion) -> String {
    let mut bases = vec![GOAL_BASIS];
    match s.step {
        Step::Flare => bases.push(FLARE_BASIS),
        Step::Gap | Step::Restart => bases.push(GAP_BASIS),
        _ => {}
    }
    match s.mode {
        Mode::Intervals { .. } => bases.push(INTERVALS_BASIS),
        Mode::Other => bases.push(OTHER_BASIS),
        Mode::Walk => {}
    }
    let mut out = String::new();
    for b in bases {
        writeln!(out, "Based on: {}.", lib.cite(b)).expect("write to String");
        for source in lib.cited(b) {
            if let Some(link) = source.link() {
                writeln!(out, "  {} {link}", source.short()).expect("write to String");
            }
        }
    }
    out
}

/// The walks of each week, for `progress`: a line a week, newest last.
pub fn weeks(walks: &[WalkWeek], mode: Mode) -> String {
    let mut out = String::new();
    let heading = match mode {
        Mode::Other => "Activity (walking programme)",
        _ => "Walks",
    };
    writeln!(
        out,
        "{heading}, by week (goal: about {GOAL_MINUTES} minutes, {GOAL_DAYS} days a week):"
    )
    .expect("write to String");
    for w in walks {
        let bar = "#".repeat(w.days as usize);
        writeln!(
            out,
            "  week of {}  {:<7} {} on {}",
            w.start.format("%a %e %b"),
            bar,
            minutes_text(w.minutes),
            days_text(w.days)
        )
        .expect("write to String");
    }
    out
}

fn minutes_text(m: u32) -> String {
    match m {
        1 => "1 minute".into(),
        m => format!("{m} minutes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::walking::{suggest, Walked};
    use chrono::NaiveDate;

    /// A flare day's line, for each way of being active, reads as one
    /// sentence: the label says it is shorter, then the minutes and what to
    /// do, then how to record it.
    #[test]
    fn a_flare_days_activity_line_reads_as_a_sentence() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 16).expect("valid date");
        let before = today - chrono::Duration::days(3);
        let walks: Vec<Walked> = (1..=3)
            .map(|d| Walked {
                on: before - chrono::Duration::days(d),
                minutes: 20,
            })
            .collect();
        let modes = [
            (
                Mode::Walk,
                "Today's walk, shorter for the flare: ",
                "minutes, in one go or in bouts (",
            ),
            (
                Mode::Intervals { longest_bout: None },
                "Today's walk, shorter for the flare: ",
                "minutes in short bouts (",
            ),
            (
                Mode::Other,
                "Today's activity, shorter for the flare: ",
                "minutes of wheeling, arm cycling or seated exercise (`backrelief walk",
            ),
        ];
        for (mode, label, what) in modes {
            let s = suggest(today, &walks, &[today], mode);
            assert_eq!(s.step, Step::Flare, "{s:?}");
            let line = plan_line(&s);
            let m = s.target.minutes;
            assert!(line.starts_with(&format!("{label}{m} {what}")), "{line}");
            assert!(line.ends_with("when done)."), "{line}");
            // And without a flare, no word of one.
            let calm = plan_line(&suggest(today, &walks, &[], mode));
            assert!(!calm.contains("flare"), "{calm}");
            assert!(calm.starts_with("Today's "), "{calm}");
        }
    }
}
