//! Rules for classes of people, checked over many answers: the pure
//! planner only (no files, no clock), every cause and several lengths,
//! dates and ages.

use super::*;
use crate::library::Position;

fn lib() -> Library {
    crate::store::library::builtin_library()
}

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("valid date")
}

fn plan_for(lib: &Library, a: &Answers, date: NaiveDate) -> Plan {
    plan(&Request {
        lib,
        answers: a,
        opt_in: &[],
        history: &[],
        flares: &[],
        date,
        program: None,
    })
    .expect("plans")
}

fn v(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|s| s.to_string()).collect()
}

const ALL_EQUIPMENT: &[&str] = &[
    "mat",
    "chair",
    "wall",
    "strap",
    "ball",
    "foam-roller",
    "stick",
];

/// Answers that point at each cause in turn (one symptom or area at a
/// time), with nothing pointing anywhere too, at a few lengths and pains.
fn many_days(conditions: &[&str], age: Option<u32>) -> Vec<Answers> {
    let lib = lib();
    let mut out = Vec::new();
    let symptoms = crate::assess::choice_ids(&lib, crate::library::Field::Symptoms);
    let mut sets: Vec<Vec<String>> = vec![vec![]];
    sets.extend(symptoms.iter().map(|s| v(&[s])));
    for (i, symptoms) in sets.into_iter().enumerate() {
        let minutes = [10, 15, 20, 30, 45, 60][i % 6];
        let pain = [2, 4, 5, 6][i % 4];
        out.push(Answers {
            pain,
            areas: v(&["low-back"]),
            symptoms,
            conditions: v(conditions),
            equipment: v(ALL_EQUIPMENT),
            minutes,
            age,
            ..Answers::default()
        });
    }
    out
}

fn dates() -> [NaiveDate; 3] {
    [date(1, 14), date(6, 3), date(11, 26)]
}

#[test]
fn no_warm_up_holds_a_joint_at_the_end_of_its_range() {
    // The warm-up readies the body in mid-range; a static stretch or an
    // end-range hold (the 90/90 hip switch) waits until the body is warm,
    // at any age.
    let lib = lib();
    let mut warm_ups = 0;
    for age in [None, Some(30), Some(81)] {
        for a in many_days(&[], age) {
            for d in dates() {
                let p = plan_for(&lib, &a, d);
                for s in p.steps.iter().filter(|s| s.phase == Phase::WarmUp) {
                    warm_ups += 1;
                    let e = lib.exercise(&s.exercise).unwrap();
                    assert!(
                        !lib.involves(e, END_RANGE_HOLD),
                        "{} is labelled a warm-up (age {age:?}, {:?})",
                        e.id,
                        a.symptoms
                    );
                }
            }
        }
    }
    assert!(warm_ups > 0, "plans still have warm-ups");
    // Every exercise in the library follows the same rule.
    for e in lib.exercises.iter() {
        if Phase::of(&lib, e) == Phase::WarmUp {
            assert!(!lib.involves(e, END_RANGE_HOLD), "{}", e.id);
        }
    }
    let switch = lib.exercise("hip-90-90").expect("the 90/90 hip switch");
    assert_ne!(Phase::of(&lib, switch), Phase::WarmUp);
}

#[test]
fn who_must_not_hold_their_breath_gets_no_held_bracing() {
    // Every condition that says never to hold the breath (glaucoma, high
    // blood pressure, heart disease, ...) also rules out hard bracing:
    // a held plank of any kind invites the same strain.
    let lib = lib();
    let breathless: Vec<&str> = lib
        .conditions
        .iter()
        .filter(|c| keep_breathing(&lib, &[c.id.to_string()]))
        .map(|c| c.id.as_str())
        .collect();
    assert!(breathless.len() >= 3, "{breathless:?}");
    for c in &breathless {
        let rules: Vec<&str> = lib
            .with_includes(&[*c])
            .iter()
            .flat_map(|x| x.rules.iter().map(|r| r.movement.as_str()))
            .collect();
        assert!(
            rules.contains(&"raised-abdominal-pressure"),
            "{c} forbids holding the breath but not hard bracing"
        );
    }
    let held = |e: &Exercise| {
        lib.involves(e, BREATH_HOLDING) || lib.involves(e, "raised-abdominal-pressure")
    };
    for conditions in [
        &["glaucoma", "heart-disease"][..],
        &["high-blood-pressure"],
        &["glaucoma"],
    ] {
        for a in many_days(conditions, Some(67)) {
            for d in dates() {
                let p = plan_for(&lib, &a, d);
                for s in &p.steps {
                    let e = lib.exercise(&s.exercise).unwrap();
                    assert!(!held(e), "{conditions:?}: {} planned", e.id);
                }
            }
        }
    }
}

/// How many times a plan goes from not lying into lying down, starting
/// standing.
fn lie_downs(lib: &Library, p: &Plan) -> usize {
    let mut at = Position::Standing;
    let mut n = 0;
    for s in &p.steps {
        let to = lib.exercise(&s.exercise).unwrap().position;
        if to.is_lying() && !at.is_lying() {
            n += 1;
        }
        at = to;
    }
    n
}

#[test]
fn when_head_changes_are_hard_a_plan_lies_down_at_most_once() {
    // Vertigo and every condition whose rules are about quick changes of
    // head position: lying down, rolling over and getting up again bring
    // the symptoms on, so a plan lies down once at most and gathers its
    // steps by position.
    let lib = lib();
    let hard: Vec<&str> = lib
        .conditions
        .iter()
        .filter(|c| order::head_changes_hard(&lib, &[c.id.to_string()]))
        .map(|c| c.id.as_str())
        .collect();
    assert!(hard.contains(&"vertigo"), "{hard:?}");
    for c in &hard {
        for a in many_days(&[c], Some(58)) {
            for d in dates() {
                let p = plan_for(&lib, &a, d);
                assert!(
                    lie_downs(&lib, &p) <= 1,
                    "{c}, {:?}: {:?}",
                    a.symptoms,
                    p.steps.iter().map(|s| &s.exercise).collect::<Vec<_>>()
                );
            }
        }
    }
}
