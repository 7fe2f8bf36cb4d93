//! The walking suggestion over generated weeks: steady, flare, gap,
//! stenosis, cannot walk.

use super::*;

/// A Monday.
fn monday0() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()
}

fn day(n: i64) -> NaiveDate {
    monday0() + Duration::days(n)
}

/// Weeks of walks: for week `w`, `plan(w)` gives the minutes walked on
/// Monday, Tuesday, ... (0 for no walk).
fn weeks_of(n: i64, plan: impl Fn(i64) -> Vec<u16>) -> Vec<Walked> {
    let mut out = Vec::new();
    for w in 0..n {
        for (d, &m) in plan(w).iter().enumerate() {
            if m > 0 {
                out.push(Walked {
                    on: day(w * 7 + d as i64),
                    minutes: m,
                });
            }
        }
    }
    out
}

/// Someone who does exactly what is suggested, every day it asks, for `n`
/// weeks from the start, with flares on `flares`: the target each week.
fn follow(n: i64, flares: &[NaiveDate], skip_weeks: &[i64]) -> Vec<(Target, Step)> {
    let mut walks = Vec::new();
    let mut seen = Vec::new();
    for w in 0..n {
        let monday = day(w * 7);
        let s = suggest(monday, &walks, flares, Mode::Walk);
        seen.push((s.target, s.step));
        if skip_weeks.contains(&w) {
            continue;
        }
        for d in 0..7 {
            let today = monday + Duration::days(d);
            let s = suggest(today, &walks, flares, Mode::Walk);
            if s.today == Today::Go {
                walks.push(Walked {
                    on: today,
                    minutes: s.target.minutes,
                });
            }
        }
    }
    seen
}

#[test]
fn nothing_on_record_starts_at_ten_minutes_three_days() {
    let s = suggest(day(3), &[], &[], Mode::Walk);
    assert_eq!(
        s.target,
        Target {
            minutes: 10,
            days: 3
        }
    );
    assert_eq!((s.step, s.today, s.bouts), (Step::Start, Today::Go, None));
}

#[test]
fn a_steady_walker_builds_to_thirty_minutes_five_times_a_week_by_time() {
    let seen = follow(12, &[], &[]);
    let minutes: Vec<u16> = seen.iter().map(|(t, _)| t.minutes).collect();
    let days: Vec<u8> = seen.iter().map(|(t, _)| t.days).collect();
    // 10 the first week, 5 more each week done, then one more day a week.
    assert_eq!(
        minutes,
        [10, 15, 20, 25, 30, 30, 30, 30, 30, 30, 30, 30],
        "{seen:?}"
    );
    assert_eq!(days, [3, 3, 3, 3, 3, 4, 5, 5, 5, 5, 5, 5], "{seen:?}");
    assert_eq!(seen[1].1, Step::Up);
    assert_eq!(seen[11].1, Step::Same);
    // Never past the goal, never a step of more than 5 minutes or a day.
    for pair in seen.windows(2) {
        let (a, b) = (pair[0].0, pair[1].0);
        assert!(b.minutes <= a.minutes + STEP_MINUTES && b.days <= a.days + 1);
        assert!(b.minutes <= GOAL_MINUTES && b.days <= GOAL_DAYS);
    }
}

#[test]
fn a_week_not_done_stays_and_a_week_done_by_about_the_minutes_goes_up() {
    // 20 minutes three days a week (the start, done: 25 next), then a
    // week of three walks of 20 (4/5 of 25): up; then a week of two walks
    // only: the same.
    let walks = weeks_of(3, |w| match w {
        0 => vec![20, 0, 20, 0, 20, 0, 0],
        1 => vec![20, 0, 20, 0, 20, 0, 0],
        _ => vec![30, 0, 30, 0, 0, 0, 0],
    });
    let s = suggest(day(7), &walks, &[], Mode::Walk);
    assert_eq!((s.target.minutes, s.step), (25, Step::Up), "{s:?}");
    let s = suggest(day(14), &walks, &[], Mode::Walk);
    assert_eq!((s.target.minutes, s.step), (30, Step::Up), "{s:?}");
    let s = suggest(day(21), &walks, &[], Mode::Walk);
    assert_eq!((s.target.minutes, s.step), (30, Step::Same), "{s:?}");
    // Three walks of 19 are not about 25.
    let short = weeks_of(2, |w| {
        vec![20 - w as u16, 0, 20 - w as u16, 0, 20 - w as u16, 0, 0]
    });
    let s = suggest(day(14), &short, &[], Mode::Walk);
    assert_eq!((s.target.minutes, s.step), (25, Step::Same), "{s:?}");
}

#[test]
fn the_start_is_where_the_person_already_is() {
    // Already walking 30 minutes four days a week: not sent back to 10.
    let walks = weeks_of(1, |_| vec![30, 32, 0, 28, 0, 30, 0]);
    let s = suggest(day(9), &walks, &[], Mode::Walk);
    assert_eq!(
        s.target,
        Target {
            minutes: 30,
            days: 5
        },
        "{s:?}"
    );
    // The first walks of all, this week: the start is where they are, and
    // goes up only once the week is over.
    let this_week = weeks_of(1, |_| vec![20, 25, 0, 0, 0, 0, 0]);
    let s = suggest(day(1), &this_week, &[], Mode::Walk);
    assert_eq!(
        (s.target.minutes, s.target.days, s.step),
        (20, 3, Step::Start)
    );
    // A few short walks start at the floor of the programme.
    let walks = weeks_of(1, |_| vec![5, 0, 0, 0, 0, 0, 0]);
    let s = suggest(day(9), &walks, &[], Mode::Walk);
    assert_eq!((s.target.minutes, s.target.days), (10, 3));
}

#[test]
fn a_flare_steps_back_ten_minutes_at_once_and_builds_up_again() {
    let flare = [day(5 * 7 + 2)];
    let seen = follow(10, &flare, &[]);
    let minutes: Vec<u16> = seen.iter().map(|(t, _)| t.minutes).collect();
    // Up to 30 by week 4; the flare in week 5 takes 10 off that week and
    // the next starts from there, then it climbs again.
    assert_eq!(minutes[4], 30, "{seen:?}");
    assert_eq!(minutes[6], 20, "{seen:?}");
    assert_eq!(seen[6].1, Step::Flare);
    assert_eq!(minutes[7], 25, "{seen:?}");
    assert_eq!(minutes[8], 30, "{seen:?}");
    // On the day of the flare itself, today's walk is already shorter.
    let walks = weeks_of(5, |_| vec![30, 0, 30, 0, 30, 0, 0]);
    let before = suggest(day(35 + 1), &walks, &flare, Mode::Walk);
    let on = suggest(day(35 + 2), &walks, &flare, Mode::Walk);
    assert_eq!(before.target.minutes, 30);
    assert_eq!((on.target.minutes, on.step), (20, Step::Flare));
    // Never below the start.
    let early = suggest(day(3), &[], &[day(1)], Mode::Walk);
    assert_eq!(early.target.minutes, START_MINUTES);
}

#[test]
fn a_gap_steps_back_a_week_at_a_time_and_four_weeks_start_afresh() {
    // Walking 25 minutes, then nothing.
    let walks = weeks_of(3, |_| vec![25, 0, 25, 0, 25, 0, 0]);
    let at = |weeks_later: i64| suggest(day(21 + weeks_later * 7), &walks, &[], Mode::Walk);
    assert_eq!(at(0).target.minutes, 30);
    assert_eq!((at(1).target.minutes, at(1).step), (25, Step::Gap));
    assert_eq!(at(2).target.minutes, 20);
    assert_eq!(at(3).target.minutes, 15);
    let fresh = at(4);
    assert_eq!(
        (fresh.target.minutes, fresh.target.days, fresh.step),
        (10, 3, Step::Restart)
    );
    // And the suggestion of a followed programme with a skipped fortnight.
    let seen = follow(8, &[], &[3, 4]);
    let minutes: Vec<u16> = seen.iter().map(|(t, _)| t.minutes).collect();
    assert_eq!(minutes, [10, 15, 20, 25, 20, 15, 20, 25], "{seen:?}");
}

#[test]
fn walks_after_today_and_long_ago_are_left_out() {
    let walks = vec![
        Walked {
            on: day(400),
            minutes: 30,
        },
        Walked {
            on: day(-200),
            minutes: 30,
        },
    ];
    let s = suggest(day(3), &walks, &[], Mode::Walk);
    assert_eq!((s.target, s.step), (Target::START, Step::Start));
}

#[test]
fn today_done_or_the_week_done() {
    let walks = weeks_of(1, |_| vec![10, 10, 0, 0, 0, 0, 0]);
    // Monday of week 2 after a week done: 15 minutes.
    let mut walks2 = walks.clone();
    let s = suggest(day(7), &walks2, &[], Mode::Walk);
    assert_eq!((s.target.minutes, s.today), (10, Today::Go), "{s:?}");
    walks2.push(Walked {
        on: day(7),
        minutes: 9,
    });
    let s = suggest(day(7), &walks2, &[], Mode::Walk);
    assert_eq!((s.today, s.walked_today), (Today::Done, 9));
    for d in [8, 9] {
        walks2.push(Walked {
            on: day(d),
            minutes: 12,
        });
    }
    let s = suggest(day(10), &walks2, &[], Mode::Walk);
    assert_eq!(
        s.week,
        WeekSoFar {
            days: 3,
            minutes: 33
        }
    );
    assert_eq!(s.today, Today::Optional);
}

#[test]
fn stenosis_walks_in_short_bouts_with_rests_and_the_same_progression() {
    let mode = Mode::for_facts(Facts {
        leg_symptoms_walking: true,
        ..Facts::default()
    });
    assert_eq!(mode, Mode::Intervals { longest_bout: None });
    let walks = weeks_of(1, |_| vec![20, 0, 20, 0, 20, 0, 0]);
    let plain = suggest(day(7), &walks, &[], Mode::Walk);
    let s = suggest(day(7), &walks, &[], mode);
    assert_eq!(s.target.minutes, 25);
    // The same minutes, by the same rules...
    assert_eq!((s.target, s.step), (plain.target, plain.step));
    // ... in bouts: a third of them a bout, enough bouts to make them up.
    let b = s.bouts.expect("bouts");
    assert_eq!((b.walk, b.rounds, b.rest), (8, 4, 2), "{s:?}");
    assert!(b.walk * b.rounds >= s.target.minutes);
    // Never shorter than 3 or longer than 10 minutes a bout.
    for m in (START_MINUTES..=GOAL_MINUTES).step_by(5) {
        let b = bouts(mode, m).unwrap();
        assert!((3..=10).contains(&b.walk), "{m}: {b:?}");
        assert!(b.walk * b.rounds >= m);
    }
    // Standing limited to 3 minutes: no bout longer.
    let limited = Mode::for_facts(Facts {
        standing_limit: Some(3),
        ..Facts::default()
    });
    let b = bouts(limited, 30).unwrap();
    assert_eq!((b.walk, b.rounds), (3, 10));
}

#[test]
fn someone_who_cannot_stand_is_never_asked_to_walk() {
    // Whatever else is true, not standing means another activity.
    for facts in [
        Facts {
            cannot_stand: true,
            ..Facts::default()
        },
        Facts {
            cannot_stand: true,
            leg_symptoms_walking: true,
            standing_limit: Some(3),
        },
    ] {
        let mode = Mode::for_facts(facts);
        assert_eq!(mode, Mode::Other);
        let walks = weeks_of(3, |w| {
            vec![
                15 + 5 * w as u16,
                0,
                15 + 5 * w as u16,
                0,
                15 + 5 * w as u16,
                0,
                0,
            ]
        });
        let s = suggest(day(21), &walks, &[], mode);
        assert_eq!((s.mode, s.bouts), (Mode::Other, None));
        // The minutes of the activity build as walking would.
        assert_eq!(s.target.minutes, 30);
        let plain = suggest(day(21), &walks, &[], Mode::Walk);
        assert_eq!((s.target, s.step), (plain.target, plain.step));
    }
    assert_eq!(Mode::for_facts(Facts::default()), Mode::Walk);
}

#[test]
fn weeks_add_up_the_walks_of_each_week() {
    let walks = weeks_of(2, |w| vec![10 + w as u16, 0, 5, 0, 0, 0, 0]);
    let got = weeks(&walks, day(9), 3);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].minutes, 0);
    assert_eq!((got[1].start, got[1].days, got[1].minutes), (day(0), 2, 15));
    // This week so far: up to today (Wednesday) only.
    assert_eq!((got[2].start, got[2].days, got[2].minutes), (day(7), 2, 16));
}

/// Every basis cites sources the library lists, or says its reasoning.
#[test]
fn every_basis_names_a_listed_source_or_its_reasoning() {
    let lib = crate::store::library::builtin_library();
    for basis in [
        GOAL_BASIS,
        FLARE_BASIS,
        GAP_BASIS,
        INTERVALS_BASIS,
        OTHER_BASIS,
    ] {
        for part in crate::library::citation_parts(basis) {
            if let crate::library::CitationPart::Source { id, .. } = part {
                assert!(lib.source(id).is_some(), "{id} is not in sources.yaml");
            }
        }
        assert!(!lib.cite(basis).is_empty());
    }
    assert!(GOAL_BASIS.starts_with("pocovi-2024"));
}
