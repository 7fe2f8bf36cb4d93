//! Flares: a day when pain is clearly worse than usual. Recognised from the
//! answers and history, or stated by the person. A flare day (unless the
//! pain is very severe, which keeps its own short plan) gets a flare plan:
//! rest positions and breathing, gentle movement the comfortable way, a
//! little walking where the person can walk, and a few plain words. The
//! flare is recorded as its own history record; every ladder then steps
//! back one rung, the next day is gentle, and the days after climb again.

use super::PastSession;
use chrono::NaiveDate;
use serde::Serialize;

/// Pain before at least this many points above the mean of the last days...
pub const JUMP_POINTS: f64 = 2.0;
/// ...and at least this share above it...
pub const JUMP_SHARE: f64 = 0.30;
/// ...over the sessions of this many days before today...
pub const JUMP_WINDOW_DAYS: i64 = 7;
/// ...when there are at least this many of them.
pub const JUMP_MIN_SESSIONS: usize = 3;
/// A rise after the last session counts when that session was this recent.
pub const RISE_WITHIN_DAYS: i64 = 3;
/// The day after a flare stays gentle this many days.
pub const GENTLE_DAYS_AFTER: i64 = 1;

/// Why today is a flare day.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(tag = "sign", rename_all = "kebab-case")]
pub enum Sign {
    /// The person said so (`--flare`, `flare: true`, or the question).
    Stated,
    /// Pain well above the mean of the last week's sessions.
    Jump {
        pain: u8,
        mean: f64,
        sessions: usize,
    },
    /// Pain rose by 2 or more after the last session.
    Rise {
        on: NaiveDate,
        before: u8,
        after: u8,
    },
}

/// Whether today's pain (before the session) makes today a flare day, from
/// the sessions before today (oldest first).
pub fn recognise(pain: u8, history: &[PastSession], today: NaiveDate) -> Option<Sign> {
    let window: Vec<u8> = history
        .iter()
        .filter(|s| s.date < today && (today - s.date).num_days() <= JUMP_WINDOW_DAYS)
        .map(|s| s.pain_before)
        .collect();
    if window.len() >= JUMP_MIN_SESSIONS {
        let mean = window.iter().map(|p| f64::from(*p)).sum::<f64>() / window.len() as f64;
        let p = f64::from(pain);
        if p >= mean + JUMP_POINTS && p >= mean * (1.0 + JUMP_SHARE) {
            return Some(Sign::Jump {
                pain,
                mean: (mean * 10.0).round() / 10.0,
                sessions: window.len(),
            });
        }
    }
    let last = history.iter().rev().find(|s| s.date <= today)?;
    let after = last.pain_after?;
    let recent = (today - last.date).num_days() <= RISE_WITHIN_DAYS;
    (recent && i32::from(after) - i32::from(last.pain_before) >= super::REGRESS_RISE).then_some(
        Sign::Rise {
            on: last.date,
            before: last.pain_before,
            after,
        },
    )
}

/// The last flare before today, if it was within `GENTLE_DAYS_AFTER` days:
/// today builds back up gently.
pub fn easing_after(flares: &[NaiveDate], today: NaiveDate) -> Option<NaiveDate> {
    flares
        .iter()
        .copied()
        .filter(|d| *d < today && (today - *d).num_days() <= GENTLE_DAYS_AFTER)
        .max()
}

/// What the flare plan says before it starts: that flares are common and
/// settle, how to walk (or not), and what would make it urgent instead.
pub fn notes(sign: &Sign, walking: Walking) -> Vec<String> {
    let why = match sign {
        Sign::Stated => "You said this is a flare.".to_string(),
        Sign::Jump {
            pain,
            mean,
            sessions,
        } => format!(
            "Your pain is {pain} today, well above your usual ({mean} on average over your last {sessions} sessions): this looks like a flare."
        ),
        Sign::Rise { before, after, .. } => format!(
            "Your pain went from {before} to {after} after your last session: this looks like a flare."
        ),
    };
    let mut notes = vec![
        format!(
            "{why} Flares are common and usually settle within days to a few weeks. Today is a flare plan: rest positions and slow breathing, then gentle movement the way that feels easier. Every exercise steps back one rung, and the next days build up again step by step."
        ),
    ];
    match walking {
        Walking::Walk => notes.push(
            "A little walking helps a flare settle: a few minutes at an easy pace, once or twice today, stopping before it hurts more.".to_string(),
        ),
        Walking::Intervals => notes.push(
            "A little walking helps a flare settle; as walking brings on your leg symptoms, walk in short spells of a minute or two with a rest sitting or leaning forward between them, or use an exercise bike instead.".to_string(),
        ),
        Walking::None => {}
    }
    notes.push(
        "Get urgent help instead (call your emergency number or go to A&E) if you get numbness around your bottom or genitals, trouble passing or holding urine or stools, weakness in your legs that is getting worse, or a fever with the pain. See a doctor soon if the pain keeps getting worse over days, or if it is no better after a few weeks.".to_string(),
    );
    notes
}

/// Whether the flare plan suggests walking, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Walking {
    Walk,
    /// Walking brings on leg symptoms (as in spinal stenosis): short spells
    /// with rests, or cycling.
    Intervals,
    /// The person cannot stand or walk.
    None,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, n).expect("valid date")
    }

    fn s(d: u32, before: u8, after: u8) -> PastSession {
        PastSession {
            date: day(d),
            exercises: vec!["cat-cow".into()],
            pain_before: before,
            pain_after: Some(after),
            felt: Vec::new(),
        }
    }

    #[test]
    fn a_jump_needs_two_points_thirty_percent_and_three_sessions() {
        let h = [s(5, 3, 3), s(6, 3, 3), s(7, 4, 4)];
        // Mean 3.3: 6 is 2.7 points and 80% above.
        assert!(matches!(
            recognise(6, &h, day(8)),
            Some(Sign::Jump {
                pain: 6,
                sessions: 3,
                ..
            })
        ));
        assert_eq!(recognise(5, &h, day(8)), None, "1.7 points");
        assert_eq!(recognise(6, &h[1..], day(8)), None, "two sessions");
        // Older than a week: not counted.
        assert_eq!(recognise(6, &h, day(15)), None);
        // High and steady is not a flare: 8 over a mean of 7 is 14%.
        let high = [s(5, 7, 7), s(6, 7, 7), s(7, 7, 7)];
        assert_eq!(recognise(8, &high, day(8)), None);
    }

    #[test]
    fn a_rise_after_the_last_recent_session_is_a_flare() {
        let h = [s(5, 2, 2), s(6, 2, 4)];
        assert_eq!(
            recognise(3, &h, day(7)),
            Some(Sign::Rise {
                on: day(6),
                before: 2,
                after: 4
            })
        );
        assert_eq!(recognise(3, &h, day(10)), None, "four days on");
        assert_eq!(recognise(3, &[s(6, 2, 3)], day(7)), None);
    }

    #[test]
    fn the_day_after_a_flare_eases_back_in() {
        assert_eq!(easing_after(&[day(6)], day(7)), Some(day(6)));
        assert_eq!(easing_after(&[day(6)], day(8)), None);
        assert_eq!(easing_after(&[day(7)], day(7)), None);
    }

    #[test]
    fn the_flare_words_reassure_and_name_what_is_urgent() {
        let n = notes(&Sign::Stated, Walking::Walk);
        assert!(n[0].contains("Flares are common and usually settle"));
        assert!(n[1].contains("A little walking"));
        assert!(n[2].contains("Get urgent help"));
        // No walking where a person cannot stand; intervals with leg symptoms.
        assert_eq!(notes(&Sign::Stated, Walking::None).len(), 2);
        assert!(notes(&Sign::Stated, Walking::Intervals)[1].contains("short spells"));
    }
}
