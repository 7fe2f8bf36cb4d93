//! Whole-plan tests: each stage is checked through what `plan` returns.

use super::*;

fn lib() -> Library {
    crate::store::library::builtin_library()
}

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, n).expect("valid date")
}

fn plan_for(lib: &Library, a: &Answers, history: &[PastSession], date: NaiveDate) -> Plan {
    plan(&Request {
        lib,
        answers: a,
        opt_in: &[],
        history,
        flares: &[],
        date,
        program: None,
    })
    .expect("plans")
}

fn desk_worker() -> Answers {
    Answers {
        red_flags: vec![],
        pain: 4,
        areas: vec!["low-back".into(), "hip".into()],
        symptoms: vec![
            "sitting-worse".into(),
            "standing-worse".into(),
            "desk-hours".into(),
        ],
        conditions: vec![],
        equipment: vec!["mat".into(), "chair".into(), "wall".into(), "strap".into()],
        minutes: 15,
        age: None,
        avoid: vec![],
        flare: None,
        cleared: false,
    }
}

fn ids(p: &Plan) -> Vec<&str> {
    p.steps.iter().map(|s| s.exercise.as_str()).collect()
}

#[test]
fn fits_time_and_is_shaped_warm_up_to_cool_down() {
    let lib = lib();
    for minutes in [5, 10, 15, 20, 30, 45, 60] {
        let a = Answers {
            minutes,
            ..desk_worker()
        };
        let p = plan_for(&lib, &a, &[], day(25));
        let t = f64::from(minutes * 60);
        let got = f64::from(p.seconds_planned);
        assert!(
            got >= t * 0.9 && got <= t * 1.1,
            "{minutes} min -> {got} s: {:?}",
            ids(&p)
        );
        assert_eq!(
            p.steps.first().unwrap().phase,
            Phase::WarmUp,
            "{:?}",
            ids(&p)
        );
        assert_eq!(
            p.steps.last().unwrap().phase,
            Phase::CoolDown,
            "{:?}",
            ids(&p)
        );
        assert!(p.steps.iter().any(|s| s.phase == Phase::Strengthening));
        assert!(p.steps.windows(2).all(|w| w[0].phase <= w[1].phase));
    }
}

#[test]
fn is_deterministic() {
    let lib = lib();
    let a = desk_worker();
    assert_eq!(
        plan_for(&lib, &a, &[], day(3)),
        plan_for(&lib, &a, &[], day(3))
    );
}

#[test]
fn high_pain_is_gentle() {
    let lib = lib();
    let a = Answers {
        pain: 7,
        ..desk_worker()
    };
    let p = plan_for(&lib, &a, &[], day(25));
    assert!(p.gentle);
    for s in &p.steps {
        let e = lib.exercise(&s.exercise).unwrap();
        assert!(!e.loaded && e.difficulty == 1, "{}", e.id);
    }
    assert!(p.notes.iter().any(|n| n.contains("gentler")));
}

#[test]
fn does_not_repeat_the_same_plan_three_days_running() {
    let lib = lib();
    let a = desk_worker();
    let mut history = Vec::new();
    let mut plans = Vec::new();
    for d in 1..=7 {
        let p = plan_for(&lib, &a, &history, day(d));
        history.push(PastSession {
            date: day(d),
            exercises: p.steps.iter().map(|s| s.exercise.clone()).collect(),
            pain_before: 4,
            pain_after: Some(4),
            felt: Vec::new(),
        });
        plans.push(ids(&p).into_iter().map(String::from).collect::<Vec<_>>());
    }
    for w in plans.windows(3) {
        assert!(!(w[0] == w[1] && w[1] == w[2]), "{w:?}");
    }
    let distinct: std::collections::BTreeSet<&String> = plans.iter().flatten().collect();
    assert!(
        distinct.len() > plans[0].len(),
        "only {} exercises used in a week",
        distinct.len()
    );
}

fn session(d: u32, exercises: &[&str], before: u8, after: u8) -> PastSession {
    PastSession {
        date: day(d),
        exercises: exercises.iter().map(|s| s.to_string()).collect(),
        pain_before: before,
        pain_after: Some(after),
        felt: Vec::new(),
    }
}

#[test]
fn regresses_to_the_easier_variant_after_pain_rose_by_two() {
    let lib = lib();
    let a = desk_worker();
    let p0 = plan_for(&lib, &a, &[], day(10));
    let strength = p0
        .steps
        .iter()
        .find(|s| s.phase == Phase::Strengthening)
        .unwrap();
    let easier = lib.exercise(&strength.exercise).unwrap().easier.clone();
    let history = [session(9, &[strength.exercise.as_str()], 3, 5)];
    let p = plan_for(&lib, &a, &history, day(10));
    match easier {
        Some(e)
            if exclusion(&lib, lib.exercise(&e).unwrap(), &a, &[]).is_none()
                && !ids(&p0).contains(&e.as_str()) =>
        {
            assert!(ids(&p).contains(&e.as_str()), "{:?}", ids(&p));
            assert!(p.steps.iter().any(|s| s.why.contains("pain rose")));
        }
        _ => assert!(p.steps.iter().any(|s| s.why.contains("smaller dose"))),
    }
}

#[test]
fn a_dose_step_after_two_calm_sessions_but_not_one() {
    let lib = lib();
    let a = Answers {
        minutes: 10,
        ..desk_worker()
    };
    let p0 = plan_for(&lib, &a, &[], day(20));
    let first = p0
        .steps
        .iter()
        .map(|s| lib.exercise(&s.exercise).unwrap())
        .find(|e| super::top_level(e) > 0)
        .expect("an exercise with dose steps")
        .id
        .to_string();
    // Calm sessions with it, then two without it, so that variety does not
    // keep it out of today's plan.
    let calm = |n: u32| -> Vec<PastSession> {
        let mut h: Vec<PastSession> = (1..=n)
            .map(|d| session(12 + d, &[first.as_str()], 4, 3))
            .collect();
        h.push(session(13 + n, &["diaphragmatic-breathing"], 4, 3));
        h.push(session(14 + n, &["diaphragmatic-breathing"], 4, 3));
        h
    };
    let one = plan_for(&lib, &a, &calm(1), day(20));
    let step = |p: &Plan| p.steps.iter().find(|s| s.exercise == first).cloned();
    if let Some(s) = step(&one) {
        assert!(s.why.contains("1 calm session at this dose"), "{}", s.why);
    }
    let two = plan_for(&lib, &a, &calm(2), day(20));
    let s = step(&two).expect("still planned");
    assert!(
        s.why.contains("2 calm sessions at ") && s.why.contains(" today"),
        "{}",
        s.why
    );
}

/// The why of a step names the dose the step is planned at, after the
/// time fitting, softening and an older adult's holds changed it: never the
/// ladder's own dose when they differ. Over a week of calm sessions (so the
/// ladder speaks) at every length, on ordinary and gentle days.
#[test]
fn the_why_names_the_dose_planned_not_the_ladders() {
    let lib = lib();
    let mut worded = 0;
    let mut changed = 0;
    for (pain, age) in [(4, None), (7, None), (4, Some(80))] {
        for minutes in [5, 15, 30, 60] {
            let a = Answers {
                minutes,
                pain,
                age,
                ..desk_worker()
            };
            let mut history: Vec<PastSession> = Vec::new();
            for d in 1..=9 {
                let p = plan_for(&lib, &a, &history, day(d));
                for s in &p.steps {
                    let Some(said) = &s.because.ladder else {
                        continue;
                    };
                    worded += 1;
                    let e = lib.exercise(&s.exercise).unwrap();
                    if (1..=super::top_level(e)).all(|l| super::dose_at(e, l) != s.dose)
                        && s.dose != e.dose
                    {
                        changed += 1;
                    }
                    let shown = super::dose_words(&s.dose);
                    assert!(
                        s.why.contains(&shown) && s.why.contains(&said.words(&s.dose)),
                        "{minutes} min, day {d}: {} at {shown}: {}",
                        s.exercise,
                        s.why
                    );
                }
                history.push(PastSession {
                    date: day(d),
                    exercises: p.steps.iter().map(|s| s.exercise.clone()).collect(),
                    pain_before: pain,
                    pain_after: Some(pain),
                    felt: Vec::new(),
                });
            }
        }
    }
    // The time fitting did change some ladder doses, so the rule was tried.
    assert!(
        worded > 0 && changed > 0,
        "{worded} worded, {changed} changed"
    );
}

#[test]
fn programs_drop_unsafe_steps_and_fit_time() {
    let lib = lib();
    let a = Answers {
        conditions: vec!["pregnancy".into()],
        equipment: vec!["chair".into()],
        minutes: 20,
        ..desk_worker()
    };
    let p = plan(&Request {
        lib: &lib,
        answers: &a,
        opt_in: &[],
        history: &[],
        flares: &[],
        date: day(1),
        program: Some("morning-decompression"),
    })
    .unwrap();
    assert!(p
        .left_out
        .iter()
        .any(|l| l.exercise == "partial-hang" && l.reason == "needs pull-up-bar"));
    // Pregnancy rules out head-down positions (child's pose) by movement,
    // and lying flat on the back: those steps become their variants.
    assert!(p.left_out.iter().any(|l| l.exercise == "child-pose"
        && l.reason
            .starts_with("left out: having your head below your heart")));
    assert_eq!(super::longest_run(&lib, &p.steps, "lying-on-back"), 0);
    assert!(!p.stop_signs.is_empty());
    assert!(!ids(&p).contains(&"partial-hang"));
    let t = 1200.0;
    assert!(
        f64::from(p.seconds_planned) >= t * 0.9 && f64::from(p.seconds_planned) <= t * 1.1,
        "{}",
        p.seconds_planned
    );
    assert_eq!(
        plan(&Request {
            lib: &lib,
            answers: &a,
            opt_in: &[],
            history: &[],
            flares: &[],
            date: day(1),
            program: Some("nope")
        }),
        Err(PlanError::UnknownProgram("nope".into()))
    );
}

#[test]
fn very_severe_pain_is_short_calm_and_says_where_to_get_help() {
    let lib = lib();
    let a = Answers {
        pain: 9,
        minutes: 30,
        ..desk_worker()
    };
    let p = plan_for(&lib, &a, &[], day(25));
    assert!(p.steps.len() <= SEVERE_MAX_EXERCISES, "{:?}", ids(&p));
    assert!(p.seconds_planned <= SEVERE_MAX_MINUTES * 60 * 11 / 10);
    // A rest position, then breathing, come first.
    assert_eq!(p.steps[0].phase, Phase::Settle, "{:?}", ids(&p));
    let first = lib.exercise(&p.steps[0].exercise).unwrap();
    assert!(first.cool_down && first.category != crate::library::Category::Breathing);
    assert_eq!(
        lib.exercise(&p.steps[1].exercise).unwrap().category,
        crate::library::Category::Breathing
    );
    assert!(p
        .notes
        .iter()
        .any(|n| n.contains("very severe") && n.contains("non-emergency")));
}

#[test]
fn a_first_session_stays_at_level_two_and_programs_swap_in_easier_variants() {
    let lib = lib();
    let a = Answers {
        minutes: 60,
        equipment: lib.equipment.iter().map(|e| e.id.to_string()).collect(),
        ..desk_worker()
    };
    let first = plan_for(&lib, &a, &[], day(25));
    assert!(first
        .steps
        .iter()
        .all(|s| lib.exercise(&s.exercise).unwrap().difficulty <= FIRST_SESSION_MAX_DIFFICULTY));
    // The gentle level-1 strength work (chair, standing and wall exercises
    // rank well for a desk worker) is set aside so there would be room for
    // level 3.
    let a = Answers {
        avoid: lib
            .exercises
            .iter()
            .filter(|e| e.difficulty == 1 && e.category == crate::library::Category::Strengthening)
            .map(|e| e.id.to_string())
            .collect(),
        ..a
    };
    // One session later, level 3 still waits for a rung below done calmly.
    let later = plan_for(&lib, &a, &[session(24, &["cat-cow"], 4, 4)], day(25));
    assert!(later
        .steps
        .iter()
        .all(|s| lib.exercise(&s.exercise).unwrap().difficulty < super::ladder::TOP_LEVEL));
}

#[test]
fn direction_moves_the_irritable_way_down_and_says_why() {
    let lib = lib();
    let a = Answers {
        symptoms: vec!["bending-worse".into(), "sitting-worse".into()],
        minutes: 20,
        ..desk_worker()
    };
    let p = plan_for(&lib, &a, &[], day(25));
    assert_eq!(p.irritable, Some(crate::library::Direction::Flexion));
    let moves = |s: &Step, d| lib.moves_toward(lib.exercise(&s.exercise).unwrap(), d);
    use crate::library::Direction::{Extension, Flexion};
    assert!(p.steps.iter().all(|s| !moves(s, Flexion)), "{:?}", ids(&p));
    let easing: Vec<&Step> = p.steps.iter().filter(|s| moves(s, Extension)).collect();
    assert!(!easing.is_empty(), "{:?}", ids(&p));
    assert!(easing.iter().all(|s| s.why.contains("tends to ease")));
    assert!(p
        .notes
        .iter()
        .any(|n| n.contains("bend the back forward hurt more at the moment")));
    // On a day of high pain the irritable way is left out, with the reason.
    let bad = Answers {
        pain: 7,
        ..a.clone()
    };
    let e = lib.exercise("knee-to-chest").unwrap();
    assert!(exclusion(&lib, e, &bad, &[]).is_some_and(|r| r.contains("bend the back forward")));
    assert!(exclusion(&lib, e, &a, &[]).is_none());
}

/// An older adult's static stretches are held 30-60 s, about a minute a
/// side in all; anyone else's 20-30 s (ACSM, Garber et al. 2011). Every
/// other step is dosed alike whatever the age.
#[test]
fn older_adults_hold_stretches_longer() {
    let lib = lib();
    let is_stretch = |s: &Step| lib.exercise(&s.exercise).is_some_and(|e| e.stretch);
    let mut stretches = 0;
    for minutes in [5, 10, 15, 20, 30, 45, 60] {
        for pain in [2, 4, 7] {
            for (age, lo, hi) in [(Some(70), 30, 60), (Some(40), 20, 30), (None, 20, 30)] {
                let a = Answers {
                    minutes,
                    pain,
                    age,
                    ..desk_worker()
                };
                let p = plan_for(&lib, &a, &[], day(25));
                for s in p.steps.iter().filter(|s| is_stretch(s)) {
                    stretches += 1;
                    let hold = s.hold_seconds.expect("a stretch is held");
                    assert!(
                        (lo..=hi).contains(&hold),
                        "age {age:?}, {minutes} min, pain {pain}: {} held {hold} s",
                        s.exercise
                    );
                    if age == Some(70) {
                        let library = lib.exercise(&s.exercise).unwrap().dose;
                        assert!(
                            hold * s.sets <= 60 || s.sets <= library.sets,
                            "{} at 70: {} x {hold} s",
                            s.exercise,
                            s.sets
                        );
                    }
                }
            }
        }
    }
    assert!(stretches > 20, "the plans hold stretches to check");
}

#[test]
fn a_severe_day_changes_position_as_little_as_it_can() {
    use crate::library::position::{total_seconds, Pace};
    let lib = lib();
    let positions = |p: &Plan| -> Vec<crate::library::Position> {
        p.steps
            .iter()
            .map(|s| lib.exercise(&s.exercise).unwrap().position)
            .collect()
    };
    let mut reordered = 0;
    for (symptoms, pain, d) in [
        (vec!["sitting-worse", "desk-hours"], 8, 3),
        (vec!["standing-worse", "walking-worse"], 9, 10),
        (vec!["leg-below-knee", "morning-stiffness"], 10, 17),
        (vec![], 8, 24),
    ] {
        let a = Answers {
            pain,
            symptoms: symptoms.into_iter().map(String::from).collect(),
            ..desk_worker()
        };
        let p = plan_for(&lib, &a, &[], day(d));
        let ps = positions(&p);
        // Settling first, then no order of the same steps with the same
        // start changes position less.
        assert_eq!(p.steps[0].phase, Phase::Settle);
        let settled = p
            .steps
            .iter()
            .take_while(|s| s.phase == Phase::Settle)
            .count();
        let start = ps[settled - 1];
        // The phase order before the labels followed the new order: a
        // warm-up exercise relabelled (release, cool-down) was a warm-up,
        // a settling step after the first ones was the cool-down.
        let planned_phase = |s: &Step| {
            let e = lib.exercise(&s.exercise).unwrap();
            match (Phase::of(&lib, e), s.phase) {
                (Phase::WarmUp, _) => Phase::WarmUp,
                (_, Phase::Settle) => Phase::CoolDown,
                (_, p) => p,
            }
        };
        let mut by_phase = p.steps[settled..].to_vec();
        by_phase.sort_by_key(planned_phase);
        let phase_ps: Vec<_> = by_phase
            .iter()
            .map(|s| lib.exercise(&s.exercise).unwrap().position)
            .collect();
        let got = total_seconds(start, &ps[settled..], Pace::Usual);
        let was = total_seconds(start, &phase_ps, Pace::Usual);
        assert!(got <= was, "{:?}: {got} s > {was} s", ids(&p));
        if got < was {
            reordered += 1;
        }
        // Never back to a position left earlier in the session.
        let mut seen = Vec::new();
        for w in ps.windows(2) {
            if w[0] != w[1] {
                assert!(!seen.contains(&w[1]), "{:?}: back to {:?}", ids(&p), w[1]);
                seen.push(w[0]);
            }
        }
    }
    assert!(reordered > 0, "no severe day needed reordering");
}

#[test]
fn a_renamed_exercise_keeps_its_ladder_from_history_under_its_old_id() {
    let lib = lib();
    let e = lib
        .exercise("foam-roll-lower-back")
        .expect("the old id still finds it");
    assert_eq!(e.id, "foam-roll-upper-back");
    let fam = Family::of(&lib, e);
    let ok = |_: &Exercise| true;
    let rules = ladder::Rules {
        ok: &ok,
        may_rise: true,
        seasoned: false,
    };
    let old: Vec<PastSession> = (1..=4)
        .map(|d| session(d, &["foam-roll-lower-back"], 3, 2))
        .collect();
    let new: Vec<PastSession> = (1..=4)
        .map(|d| session(d, &["foam-roll-upper-back"], 3, 2))
        .collect();
    // Read by the old id as written, the family has no history at all;
    // read by today's ids, exactly the history it would have had.
    assert_eq!(ladder::position(&fam, &old, &[], day(6), &rules), None);
    let moved = ladder::position(&fam, &current_ids(&lib, &old), &[], day(6), &rules);
    assert!(moved.is_some());
    assert_eq!(moved, ladder::position(&fam, &new, &[], day(6), &rules));
}

/// "Not the N you asked for" names the minutes the person asked for, not
/// a severe day's shorter target (a physiotherapist's review: "not the 10
/// you asked for" when 15 was asked).
#[test]
fn a_short_plan_names_the_minutes_the_person_asked_for() {
    let lib = lib();
    let mut seen = 0;
    for pain in [8, 9] {
        for minutes in [15, 20, 30] {
            for equipment in [vec![], vec!["chair".to_string()]] {
                let a = Answers {
                    pain,
                    minutes,
                    equipment,
                    ..desk_worker()
                };
                let p = plan_for(&lib, &a, &[], day(25));
                for n in p.notes.iter().filter(|n| n.contains("you asked for")) {
                    seen += 1;
                    assert!(
                        n.contains(&format!("not the {minutes} you asked for")),
                        "{n}"
                    );
                }
            }
        }
    }
    assert!(seen > 0, "no short plan among the severe days tried");
}
