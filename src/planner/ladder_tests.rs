//! The ladder over generated histories: twelve-week simulations that
//! follow the plan day by day (the rung the ladder gives is the rung done),
//! and bounded property tests over random histories.

use super::ladder::{
    dose_at, dose_words, position, top_level, Family, Felt, Position, Reason, Rules, TOP_LEVEL,
};
use super::PastSession;
use crate::library::{Exercise, Library};
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

fn lib() -> Library {
    crate::store::library::builtin_library()
}

/// Monday 2 November 2026.
fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 2).expect("valid date")
}

fn anything(_: &Exercise) -> bool {
    true
}

fn rules() -> Rules<'static> {
    Rules {
        ok: &anything,
        may_rise: true,
        seasoned: false,
    }
}

/// What happened on one day of a simulation.
#[derive(Clone, Debug)]
struct Outcome {
    before: u8,
    after: Option<u8>,
    felt: Option<Felt>,
    /// The family was done (else skipped or no session).
    done: bool,
    flare: bool,
}

fn calm(before: u8) -> Outcome {
    Outcome {
        before,
        after: Some(before.saturating_sub(1)),
        felt: None,
        done: true,
        flare: false,
    }
}

/// Day by day for `days` days: the ladder places the family, the person
/// does that rung (when `done`), and the outcome is recorded. Returns the
/// position planned on each day (None before the first session).
fn simulate(
    fam: &Family,
    start_rung: usize,
    days: i64,
    outcome: impl Fn(i64, &Position) -> Option<Outcome>,
) -> (Vec<(NaiveDate, Position)>, Vec<PastSession>, Vec<NaiveDate>) {
    let mut history: Vec<PastSession> = Vec::new();
    let mut flares: Vec<NaiveDate> = Vec::new();
    let mut planned = Vec::new();
    for i in 0..days {
        let today = start() + Duration::days(i);
        let window = today - Duration::days(super::HISTORY_DAYS - 1);
        let recent: Vec<PastSession> = history
            .iter()
            .filter(|p| p.date >= window)
            .cloned()
            .collect();
        let p = position(fam, &recent, &flares, today, &rules()).unwrap_or(Position {
            rung: start_rung,
            level: 0,
            calm: 0,
            last_up: None,
            reason: Reason::Start,
        });
        let Some(o) = outcome(i, &p) else {
            planned.push((today, p));
            continue;
        };
        if o.flare {
            flares.push(today);
        }
        let id = fam.rungs[p.rung].id.to_string();
        history.push(PastSession {
            date: today,
            exercises: if o.done {
                vec![id.clone()]
            } else {
                vec!["diaphragmatic-breathing".into()]
            },
            pain_before: o.before,
            pain_after: o.after,
            felt: o.felt.map(|f| vec![(id, f)]).unwrap_or_default(),
        });
        planned.push((today, p));
    }
    (planned, history, flares)
}

fn on(planned: &[(NaiveDate, Position)], day: i64) -> &Position {
    &planned[day as usize].1
}

fn bridge(lib: &Library) -> Family<'_> {
    Family::of(lib, lib.exercise("glute-bridge").expect("built in"))
}

#[test]
fn families_run_from_the_easiest_variant_to_the_hardest() {
    let lib = lib();
    let f = bridge(&lib);
    let ids: Vec<&str> = f.rungs.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["pelvic-tilt", "glute-bridge", "single-leg-bridge"]);
    // Dose steps: two more reps to 12, then a set more at the library's reps.
    let gb = lib.exercise("glute-bridge").unwrap();
    let steps: Vec<String> = (0..=top_level(gb))
        .map(|l| dose_words(&dose_at(gb, l)))
        .collect();
    assert_eq!(steps, ["2 x 10", "2 x 12", "3 x 10", "3 x 12"]);
}

#[test]
fn dose_steps_only_grow() {
    let lib = lib();
    for e in &lib.exercises {
        let mut prev = dose_at(e, -1);
        for l in 0..=top_level(e) {
            let d = dose_at(e, l);
            let work = |d: &crate::library::Dose| {
                d.sets * d.reps.unwrap_or(1) * d.hold.unwrap_or(1).max(1)
            };
            assert!(work(&d) >= work(&prev), "{} level {l}", e.id);
            prev = d;
        }
    }
}

#[test]
fn steady_improvement_climbs_dose_by_dose_then_one_rung() {
    let lib = lib();
    let f = bridge(&lib);
    let (planned, _, _) = simulate(&f, 1, 84, |i, _| Some(calm(5 - (i / 20) as u8)));
    // Day 0 and 1 at 2 x 10; two calm sessions: 2 x 12 on day 2.
    assert_eq!((on(&planned, 1).rung, on(&planned, 1).level), (1, 0));
    let d2 = on(&planned, 2);
    assert_eq!((d2.rung, d2.level), (1, 1));
    assert_eq!(
        super::ladder::why(&f, d2, start() + Duration::days(2)),
        "rung 2 of 3, 2 x 12: 2 calm sessions at 2 x 10: 2 x 12 today"
    );
    // 3 x 12 (the top) on day 6; three calm sessions there: the single-leg
    // bridge on day 9.
    assert_eq!(on(&planned, 6).level, 3);
    let d9 = on(&planned, 9);
    assert_eq!(d9.rung, 2, "{d9:?}");
    assert_eq!(
        super::ladder::why(&f, d9, start() + Duration::days(9)),
        "rung 3 of 3, 1 x 8 each side: 3 calm sessions of Glute bridge at 3 x 12: the harder variant today"
    );
    assert_eq!(on(&planned, 8).rung, 1);
    // Then it keeps climbing in dose, never past the top of the ladder.
    let last = on(&planned, 83);
    assert_eq!(last.rung, 2);
    assert!(last.level > 3, "{last:?}");
}

#[test]
fn a_flare_on_the_harder_variant_steps_back_at_once() {
    let lib = lib();
    let f = bridge(&lib);
    // Calm until the single-leg bridge (day 9); its first session raises
    // pain from 2 to 5 (a Tuesday: 10 November).
    let (planned, history, _) = simulate(&f, 1, 84, |i, _| {
        Some(if i == 9 {
            Outcome {
                after: Some(5),
                ..calm(2)
            }
        } else {
            calm(2)
        })
    });
    assert_eq!(history[9].exercises, ["single-leg-bridge"]);
    let d10 = on(&planned, 10);
    assert_eq!(d10.rung, 1, "{d10:?}");
    assert_eq!(
        super::ladder::why(&f, d10, start() + Duration::days(10)),
        "rung 2 of 3, 2 x 10: pain rose after this on Wednesday: back to the easier variant"
    );
    // It climbs again step by step, and the harder rung waits for three
    // calm sessions at the top dose (and a week since the last rung up).
    let again = planned
        .iter()
        .skip(11)
        .position(|(_, p)| p.rung == 2)
        .map(|k| k + 11)
        .expect("back on the harder rung in twelve weeks");
    assert!(again >= 10 + 9, "{again}");
}

#[test]
fn too_hard_steps_back_and_too_easy_counts_twice() {
    let lib = lib();
    let f = bridge(&lib);
    let felt = |f: Felt| Outcome {
        felt: Some(f),
        ..calm(3)
    };
    // "Too easy" once: a dose step the next day.
    let (planned, _, _) = simulate(&f, 1, 3, |_, _| Some(felt(Felt::TooEasy)));
    assert_eq!(on(&planned, 1).level, 1);
    // "Too hard" on the first day: the rung below the next.
    let (planned, _, _) = simulate(&f, 1, 3, |_, _| Some(felt(Felt::TooHard)));
    assert_eq!(on(&planned, 1).rung, 0);
    assert!(matches!(on(&planned, 1).reason, Reason::TooHard { .. }));
}

#[test]
fn skipped_runs_and_a_week_away_change_nothing_but_two_weeks_step_down() {
    let lib = lib();
    let f = bridge(&lib);
    // Every other day the family is skipped; it still climbs, only slower.
    let (planned, _, _) = simulate(&f, 1, 30, |i, _| {
        Some(if i % 2 == 1 {
            Outcome {
                done: false,
                ..calm(4)
            }
        } else {
            calm(4)
        })
    });
    assert_eq!(on(&planned, 2).level, 0, "one calm session, on day 0");
    assert_eq!(
        on(&planned, 3).level,
        1,
        "two calm sessions, on days 0 and 2"
    );
    // A week away (days 10-16): as before it, no step down.
    let week = |i: i64| !(10..17).contains(&i);
    let (planned, _, _) = simulate(&f, 1, 30, |i, _| week(i).then(|| calm(4)));
    assert_eq!(on(&planned, 17).rung, on(&planned, 9).rung.max(1));
    assert!(!matches!(on(&planned, 17).reason, Reason::Gap { .. }));
    // Two weeks and more away (days 10-25): one rung down.
    let (planned, _, _) = simulate(&f, 1, 40, |i, _| (!(10..26).contains(&i)).then(|| calm(4)));
    let before = on(&planned, 9).rung;
    let after = on(&planned, 26);
    assert_eq!(after.rung, before - 1, "{after:?}");
    assert!(matches!(
        after.reason,
        Reason::Gap {
            days: 17,
            down: true
        }
    ));
    // Eight weeks and more: the planner reads no further back, so afresh.
    let (planned, _, _) = simulate(&f, 1, 80, |i, _| (!(10..70).contains(&i)).then(|| calm(4)));
    assert!(matches!(on(&planned, 70).reason, Reason::Start));
}

#[test]
fn a_plateau_keeps_climbing_the_ladder_but_slowly_rising_pain_does_not_climb() {
    let lib = lib();
    let f = bridge(&lib);
    // Pain after equal to pain before is calm: the ladder climbs.
    let (planned, _, _) = simulate(&f, 1, 84, |_, _| {
        Some(Outcome {
            after: Some(6),
            ..calm(6)
        })
    });
    assert_eq!(on(&planned, 9).rung, 2);
    // Pain after a point above before, every time: never calm, never up.
    let (planned, _, _) = simulate(&f, 1, 84, |i, _| {
        let before = 3 + (i / 21) as u8;
        Some(Outcome {
            after: Some(before + 1),
            ..calm(before)
        })
    });
    assert!(planned.iter().all(|(_, p)| p.rung == 1 && p.level == 0));
}

/// One day's random outcome: pain before, its rise, how it felt (0-3),
/// whether the family was done, whether it was a flare day.
type Raw = (u8, i8, u8, bool, bool);

/// Random outcomes for a closed-loop simulation.
fn outcome_strategy() -> impl Strategy<Value = Vec<Option<Raw>>> {
    proptest::collection::vec(
        proptest::option::weighted(
            0.8,
            (
                0u8..=9,
                -2i8..=3,
                0u8..=3,
                any::<bool>(),
                proptest::bool::weighted(0.08),
            ),
        ),
        20..84,
    )
}

fn outcome_of(o: &Option<Raw>) -> Option<Outcome> {
    o.map(|(before, rise, felt, done, flare)| Outcome {
        before,
        after: Some((i16::from(before) + i16::from(rise)).clamp(0, 10) as u8),
        felt: match felt {
            0 => Some(Felt::TooEasy),
            1 => Some(Felt::TooHard),
            2 => Some(Felt::AboutRight),
            _ => None,
        },
        done,
        flare,
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The day after a flare: no family on a higher rung, and no larger
    /// dose, than the day of the flare planned.
    #[test]
    fn the_day_after_a_flare_is_never_harder(outcomes in outcome_strategy(), which in 0usize..3) {
        let lib = lib();
        let id = ["glute-bridge", "clamshell", "heel-slide"][which];
        let f = Family::of(&lib, lib.exercise(id).unwrap());
        let own = f.rung_of(id).unwrap();
        let (planned, history, flares) = simulate(&f, own, outcomes.len() as i64, |i, _| {
            outcome_of(&outcomes[i as usize])
        });
        for d in &flares {
            let i = (*d - start()).num_days() as usize;
            let had_history = history.iter().any(|s| s.date < *d && s.exercises.iter().any(|x| f.contains(x)));
            if i + 1 >= planned.len() || !had_history {
                continue;
            }
            let (a, b) = (&planned[i].1, &planned[i + 1].1);
            prop_assert!(b.rung <= a.rung, "{a:?} then {b:?}");
            if b.rung == a.rung {
                // Dose steps only grow (see `dose_steps_only_grow`).
                prop_assert!(b.level <= a.level, "{a:?} then {b:?}");
            }
        }
    }

    /// Never two rungs up within a week, and the hardest rung never before
    /// the rung below was done calmly three times.
    #[test]
    fn one_rung_a_week_and_the_hardest_only_after_the_one_below(outcomes in outcome_strategy(), which in 0usize..3) {
        let lib = lib();
        let id = ["glute-bridge", "clamshell", "heel-slide"][which];
        let f = Family::of(&lib, lib.exercise(id).unwrap());
        let own = f.rung_of(id).unwrap();
        let (planned, history, flares) = simulate(&f, own, outcomes.len() as i64, |i, _| {
            outcome_of(&outcomes[i as usize])
        });
        let ups: Vec<NaiveDate> = planned
            .windows(2)
            .filter(|w| w[1].1.rung > w[0].1.rung)
            .map(|w| w[1].0)
            .collect();
        for w in ups.windows(2) {
            prop_assert!((w[1] - w[0]).num_days() >= super::ladder::RUNG_UP_EVERY_DAYS, "{ups:?}");
        }
        for (day, p) in &planned {
            let e = f.rungs[p.rung];
            if e.difficulty >= TOP_LEVEL && p.rung > 0 {
                let below = f.rungs[p.rung - 1].id.as_str();
                // Calm sessions below, "too easy" counting twice.
                let calm_below: u32 = history
                    .iter()
                    .filter(|s| s.date < *day && !flares.contains(&s.date))
                    .filter(|s| s.exercises.iter().any(|x| x == below))
                    .filter(|s| s.pain_after.is_some_and(|a| a <= s.pain_before))
                    .map(|s| if s.felt.iter().any(|(_, f)| *f == Felt::TooEasy) { 2 } else { 1 })
                    .sum();
                prop_assert!(calm_below >= super::ladder::RUNG_UP_AFTER, "{} on {day} after {calm_below} calm", e.id);
            }
        }
    }
}
