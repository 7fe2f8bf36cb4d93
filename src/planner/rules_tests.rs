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

pub(super) fn v(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|s| s.to_string()).collect()
}

pub(super) const ALL_EQUIPMENT: &[&str] = &[
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

/// Every condition whose rules are about quick changes of head position
/// (vertigo among them).
fn head_changes_hard_conditions(lib: &Library) -> Vec<&str> {
    let hard: Vec<&str> = lib
        .conditions
        .iter()
        .filter(|c| order::head_changes_hard(lib, &[c.id.to_string()]))
        .map(|c| c.id.as_str())
        .collect();
    assert!(hard.contains(&"vertigo"), "{hard:?}");
    hard
}

#[test]
fn when_head_changes_are_hard_a_plan_lies_down_at_most_once() {
    // Vertigo and every condition whose rules are about quick changes of
    // head position: lying down, rolling over and getting up again bring
    // the symptoms on, so a plan lies down once at most and gathers its
    // steps by position.
    let lib = lib();
    let hard = head_changes_hard_conditions(&lib);
    for c in &hard {
        // Able to get down to the floor: lying down is possible at all.
        for a in many_days(&[c, "floor-is-fine"], Some(58)) {
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

/// What the profile asks as "Are any of these hard for you?": the
/// capabilities a person can name.
fn capabilities(lib: &Library) -> Vec<String> {
    lib.questions
        .iter()
        .find(|q| q.id == "capabilities")
        .expect("the capabilities question")
        .choices
        .iter()
        .map(|c| c.id.to_string())
        .collect()
}

/// A few kinds of day: nothing in particular, flexion irritable, stenosis,
/// a leg.
fn kinds_of_day() -> Vec<Vec<String>> {
    vec![
        v(&[]),
        v(&["sitting-worse", "bending-worse"]),
        v(&["walking-worse", "sitting-eases"]),
        v(&["shooting-leg-pain"]),
    ]
}

#[test]
fn every_capability_and_every_pair_of_them_gets_three_exercises_or_more() {
    // Fewer than three is allowed only with three or more restrictions
    // together; one or two always leave a session worth the name, with
    // every piece of equipment or none at all.
    let lib = lib();
    let caps = capabilities(&lib);
    assert!(caps.len() >= 8, "{caps:?}");
    let mut sets: Vec<Vec<String>> = caps.iter().map(|c| vec![c.clone()]).collect();
    for (i, a) in caps.iter().enumerate() {
        for b in &caps[i + 1..] {
            sets.push(vec![a.clone(), b.clone()]);
        }
    }
    for conditions in &sets {
        for equipment in [v(&[]), v(ALL_EQUIPMENT)] {
            for minutes in [5, 15, 30, 60] {
                for symptoms in kinds_of_day() {
                    let a = Answers {
                        pain: 4,
                        areas: v(&["low-back"]),
                        symptoms: symptoms.clone(),
                        conditions: conditions.clone(),
                        equipment: equipment.clone(),
                        minutes,
                        age: Some(72),
                        ..Answers::default()
                    };
                    let p = plan_for(&lib, &a, date(3, 9));
                    assert!(
                        p.steps.len() >= 3,
                        "{conditions:?}, {equipment:?}, {minutes} min, {symptoms:?}: {:?}",
                        p.steps.iter().map(|s| &s.exercise).collect::<Vec<_>>()
                    );
                }
            }
        }
    }
}

#[test]
fn who_cannot_get_down_to_the_floor_has_a_chair_and_a_full_session() {
    // A person who cannot get down to the floor does everything on a
    // chair, standing or at a wall: a chair is taken as at hand even when
    // they list no equipment, and the plan fills its time with strength
    // work in it.
    let lib = lib();
    for conditions in [v(&["floor-is-hard"]), v(&["wheelchair"])] {
        for minutes in [15, 30] {
            for symptoms in kinds_of_day() {
                let a = Answers {
                    pain: 3,
                    areas: v(&["low-back"]),
                    symptoms: symptoms.clone(),
                    conditions: conditions.clone(),
                    equipment: vec![],
                    minutes,
                    age: Some(70),
                    ..Answers::default()
                };
                let p = plan_for(&lib, &a, date(5, 20));
                let got = f64::from(p.seconds_planned);
                let want = f64::from(minutes * 60);
                let shown = || p.steps.iter().map(|s| &s.exercise).collect::<Vec<_>>();
                assert!(
                    (got - want).abs() <= want * FIT_TOLERANCE,
                    "{conditions:?} {minutes} min {symptoms:?}: {got} s, {:?}",
                    shown()
                );
                assert!(
                    strength_share(&p.steps).unwrap_or(0.0) >= MIN_STRENGTH_SHARE,
                    "{conditions:?} {minutes} min {symptoms:?}: {:?}",
                    shown()
                );
                for s in &p.steps {
                    let e = lib.exercise(&s.exercise).unwrap();
                    assert!(!e.position.is_floor(), "{} on the floor", e.id);
                }
            }
        }
    }
}

#[test]
fn every_three_capabilities_together_get_three_exercises_or_a_written_reason() {
    // A reason instead of a plan of three is allowed only for three or
    // more restrictions together: every triple of them gives either a plan
    // of at least three exercises or a note saying why it has fewer (and
    // what would add more), with every piece of equipment or none.
    let lib = lib();
    let caps = capabilities(&lib);
    let (mut planned, mut reasoned) = (0, 0);
    for (i, a) in caps.iter().enumerate() {
        for (j, b) in caps.iter().enumerate().skip(i + 1) {
            for c in &caps[j + 1..] {
                let conditions = vec![a.clone(), b.clone(), c.clone()];
                for equipment in [v(&[]), v(ALL_EQUIPMENT)] {
                    for minutes in [5, 30] {
                        for symptoms in [v(&[]), v(&["walking-worse", "sitting-eases"])] {
                            let answers = Answers {
                                pain: 4,
                                areas: v(&["low-back"]),
                                symptoms,
                                conditions: conditions.clone(),
                                equipment: equipment.clone(),
                                minutes,
                                age: Some(72),
                                ..Answers::default()
                            };
                            let p = plan_for(&lib, &answers, date(3, 9));
                            let reason = p
                                .notes
                                .iter()
                                .find(|n| n.contains("everything you told us together"));
                            if p.steps.len() >= annotate::FEW_EXERCISES {
                                assert!(reason.is_none(), "{conditions:?}: {reason:?}");
                                planned += 1;
                            } else {
                                let reason = reason.unwrap_or_else(|| {
                                    panic!(
                                        "{conditions:?}, {equipment:?}, {minutes} min: {:?} and no reason: {:?}",
                                        p.steps.iter().map(|s| &s.exercise).collect::<Vec<_>>(),
                                        p.notes
                                    )
                                });
                                assert!(
                                    reason.contains("more would fit")
                                        || reason.contains("Nothing more"),
                                    "{reason}"
                                );
                                reasoned += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(planned > reasoned, "planned {planned}, reasoned {reasoned}");
}

#[test]
fn a_plan_that_falls_short_says_what_would_add_to_it() {
    // The note on a short plan names the equipment that would add safe
    // exercises (the most useful first), never one the person is taken to
    // have: a chair is at hand for whoever cannot get down to the floor.
    let lib = lib();
    let why = |conditions: &[&str], equipment: &[&str]| {
        let a = Answers {
            pain: 3,
            areas: v(&["low-back"]),
            conditions: v(conditions),
            equipment: v(equipment),
            minutes: 60,
            ..Answers::default()
        };
        annotate::what_would_add(&Request {
            lib: &lib,
            answers: &a,
            opt_in: &[],
            history: &[],
            flares: &[],
            date: date(2, 2),
            program: None,
        })
    };
    let none = why(&["kneeling-is-hard"], &[]);
    assert!(none.contains("sturdy chair"), "{none}");
    let floor = why(&["floor-is-hard"], &[]);
    assert!(!floor.contains("chair"), "{floor}");
    assert!(floor.contains("more would fit"), "{floor}");
    let every: Vec<&str> = lib.equipment.iter().map(|q| q.id.as_str()).collect();
    let all = why(&["floor-is-hard"], &every);
    assert!(all.contains("Nothing more in the library"), "{all}");
}

fn teen(age: u32, symptoms: &[&str]) -> Answers {
    Answers {
        pain: 4,
        areas: v(&["low-back"]),
        symptoms: v(symptoms),
        equipment: v(ALL_EQUIPMENT),
        minutes: 20,
        age: Some(age),
        ..Answers::default()
    }
}

#[test]
fn a_young_back_that_hurts_arching_sees_a_clinician_first_and_gets_the_careful_plan() {
    // Under 20, with pain worse arching back or standing: a stress
    // fracture of a vertebra (spondylolysis) may be behind it. The plan
    // says to see a clinician first and, until one has looked, is the
    // careful default and keeps out of arching.
    let lib = lib();
    let careful = |p: &Plan| {
        p.steps.iter().all(|s| {
            let e = lib.exercise(&s.exercise).unwrap();
            e.difficulty <= CAREFUL_MAX_DIFFICULTY
                && !lib.involves(e, END_RANGE_HOLD)
                && !lib.involves(e, "spinal-extension")
        })
    };
    for age in [12, 15, 19] {
        for symptoms in [
            &["bending-back-worse"][..],
            &["bending-back-worse", "standing-worse"],
            &["standing-worse", "sitting-eases"],
        ] {
            for d in dates() {
                let p = plan_for(&lib, &teen(age, symptoms), d);
                let ids: Vec<&str> = p.causes.iter().map(|c| c.id.as_str()).collect();
                assert!(
                    ids[..2.min(ids.len())].contains(&"spondylolysis"),
                    "{age} {symptoms:?}: {ids:?}"
                );
                assert!(
                    p.notes.iter().any(|n| n.contains("stress fracture")),
                    "{age} {symptoms:?}: {:?}",
                    p.notes
                );
                assert!(careful(&p), "{age} {symptoms:?}: {:?}", p.steps);
                assert!(p.steps.len() >= 3, "{age} {symptoms:?}");
                // The careful default's words about an unknown condition
                // are not shown: the cause's note says why.
                assert!(p.advice.iter().all(|a| !a.advice.contains("does not know")));
            }
        }
    }
    // Once a clinician has looked, the plan is an ordinary one again.
    let cleared = Answers {
        cleared: true,
        ..teen(15, &["bending-back-worse"])
    };
    assert!(until_seen(&lib, &cleared, &crate::assess::rank_causes(&lib, &cleared)).is_empty());
    // An adult, or a person whose age is not known, is never told it.
    for age in [None, Some(20), Some(35)] {
        let a = Answers {
            age,
            ..teen(15, &["bending-back-worse", "standing-worse"])
        };
        let p = plan_for(&lib, &a, date(4, 4));
        assert!(p.causes.iter().all(|c| c.id != "spondylolysis"), "{age:?}");
        assert!(
            p.notes.iter().all(|n| !n.contains("stress fracture")),
            "{age:?}"
        );
    }
}

#[test]
fn poor_balance_keeps_off_the_floor_unless_the_person_can_get_down() {
    // Getting down to the floor and up again is when a fall is likeliest:
    // poor balance (and all that includes it) keeps the plan off the floor,
    // unless the person says they can get down and up on their own. What
    // they name themselves ("the floor is hard") is never lifted.
    let lib = lib();
    let on_floor = |p: &Plan| {
        p.steps
            .iter()
            .filter(|s| lib.exercise(&s.exercise).unwrap().position.is_floor())
            .count()
    };
    let mut floor_steps = 0;
    for balance in ["poor-balance", "peripheral-neuropathy", "vertigo"] {
        for a in many_days(&[balance], Some(74)) {
            for d in dates() {
                assert_eq!(
                    on_floor(&plan_for(&lib, &a, d)),
                    0,
                    "{balance} {:?}",
                    a.symptoms
                );
            }
        }
        for a in many_days(&[balance, "floor-is-fine"], Some(74)) {
            floor_steps += on_floor(&plan_for(&lib, &a, date(6, 3)));
        }
        for a in many_days(&[balance, "floor-is-fine", "floor-is-hard"], Some(74)) {
            assert_eq!(on_floor(&plan_for(&lib, &a, date(6, 3))), 0);
        }
    }
    assert!(
        floor_steps > 0,
        "floor work comes back for who can get down"
    );
}

/// A week of daily sessions of `a` up to (not including) `until`, each
/// done in full and calm: the history that moves the ladders.
fn a_week_before(lib: &Library, a: &Answers, until: NaiveDate) -> Vec<PastSession> {
    let mut history = Vec::new();
    for back in (1..=7).rev() {
        let day = until - chrono::Duration::days(back);
        let p = plan(&Request {
            lib,
            answers: a,
            opt_in: &[],
            history: &history,
            flares: &[],
            date: day,
            program: None,
        })
        .expect("plans");
        history.push(PastSession {
            date: day,
            exercises: p.steps.iter().map(|s| s.exercise.clone()).collect(),
            pain_before: a.pain,
            pain_after: Some(a.pain),
            felt: Vec::new(),
        });
    }
    history
}

#[test]
fn a_condition_that_says_what_to_begin_with_opens_the_plan_with_it() {
    // After birth (and a caesarean, which includes it) the note promises
    // breathing, the pelvic floor and gentle deep tummy work first: the
    // plan opens with them, in that order, after only the settling of a
    // severe day, on any date, length and pain, and after a week of
    // sessions.
    let lib = lib();
    let opening: Vec<&crate::library::Condition> = lib
        .conditions
        .iter()
        .filter(|c| !c.begin_with.is_empty())
        .collect();
    assert!(opening.iter().any(|c| c.id == "after-birth"));
    let meets = |id: &str, entry: &str| {
        let e = lib.exercise(id).unwrap();
        e.id == entry || e.category.as_str() == entry
    };
    let mut checked = 0;
    for declared in ["after-birth", "caesarean"] {
        let entries: Vec<String> = lib
            .with_includes(&[declared])
            .iter()
            .flat_map(|c| c.begin_with.iter().map(|e| e.to_string()))
            .collect();
        assert_eq!(entries.len(), 3, "{declared}");
        for mut a in many_days(&[declared], Some(33)).into_iter().step_by(3) {
            a.equipment = v(&["mat", "chair"]);
            for pain in [a.pain, 7, 8] {
                for minutes in [5, a.minutes] {
                    let a = Answers {
                        pain,
                        minutes,
                        ..a.clone()
                    };
                    for d in dates() {
                        let week = a_week_before(&lib, &a, d);
                        for history in [&[][..], &week[..]] {
                            let p = plan(&Request {
                                lib: &lib,
                                answers: &a,
                                opt_in: &[],
                                history,
                                flares: &[],
                                date: d,
                                program: None,
                            })
                            .unwrap();
                            let ids: Vec<&str> =
                                p.steps.iter().map(|s| s.exercise.as_str()).collect();
                            // Settling first on a severe day, then the
                            // promised opening, each entry once, in order.
                            let settled = p
                                .steps
                                .iter()
                                .take_while(|s| s.phase == Phase::Settle)
                                .count();
                            let mut at = settled;
                            for entry in &entries {
                                if p.steps[..settled].iter().any(|s| meets(&s.exercise, entry)) {
                                    continue;
                                }
                                assert!(
                                    at < ids.len() && meets(ids[at], entry),
                                    "{declared}, pain {pain}, {minutes} min, {d}, {} sessions before: '{entry}' at step {} of {ids:?}",
                                    history.len(),
                                    at + 1
                                );
                                assert_eq!(p.steps[at].phase, Phase::Begin);
                                at += 1;
                            }
                            checked += 1;
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn when_head_changes_are_hard_a_plan_ends_upright_or_says_to_sit_a_minute() {
    // Vertigo and every condition that rules out quick head movement:
    // getting up from the floor at the end is the change that brings the
    // dizziness on. The plan ends sitting or standing where it can; when it
    // cannot, its last step says to sit for a minute before standing.
    let lib = lib();
    let hard = head_changes_hard_conditions(&lib);
    // Plans ending upright and ending with the sentence, with a chair at
    // hand and without one.
    let (mut upright, mut told) = ([0; 2], [0; 2]);
    for c in &hard {
        for extra in [
            &[][..],
            &["floor-is-fine"],
            &["high-blood-pressure", "floor-is-fine"],
        ] {
            let conditions: Vec<&str> = std::iter::once(*c).chain(extra.iter().copied()).collect();
            for (n, a) in many_days(&conditions, Some(58))
                .into_iter()
                .enumerate()
                .step_by(3)
            {
                // Without a chair, a calm finish sitting is harder to find.
                let chair = n % 2 == 0;
                let equipment = if chair {
                    a.equipment.clone()
                } else {
                    v(&["mat"])
                };
                for pain in [a.pain, 8] {
                    let a = Answers {
                        pain,
                        equipment: equipment.clone(),
                        ..a.clone()
                    };
                    for d in [date(1, 14), date(11, 26)] {
                        let week = a_week_before(&lib, &a, d);
                        let p = plan(&Request {
                            lib: &lib,
                            answers: &a,
                            opt_in: &[],
                            history: &week,
                            flares: &[],
                            date: d,
                            program: None,
                        })
                        .unwrap();
                        let last = p.steps.last().unwrap();
                        let e = lib.exercise(&last.exercise).unwrap();
                        if e.position.is_floor() {
                            assert!(
                                last.why.contains(order::SIT_BEFORE_STANDING),
                                "{conditions:?} pain {pain} {d}: {}",
                                last.why
                            );
                            told[usize::from(chair)] += 1;
                        } else {
                            upright[usize::from(chair)] += 1;
                        }
                        // Only the last step says it.
                        assert!(p.steps[..p.steps.len() - 1]
                            .iter()
                            .all(|s| !s.why.contains(order::SIT_BEFORE_STANDING)));
                    }
                }
            }
        }
    }
    // With a chair at hand every plan ends upright; without one the
    // sentence is said, and some plans still end standing.
    assert_eq!(told[1], 0, "upright {upright:?}, told {told:?}");
    assert!(
        upright[1] > 0 && told[0] > 0 && upright[0] > 0,
        "upright {upright:?}, told {told:?}"
    );
}

#[test]
fn an_answer_that_brings_a_limit_keeps_it_today() {
    // Pain that builds on standing or walking (stenosis-like) brings the
    // limit on minutes standing in a row that "standing is hard" brings:
    // derived from the answers through the library (`brings`), on every
    // date, length and pain, and after a week of sessions.
    let lib = lib();
    let mut bringing: Vec<(String, Vec<String>)> = Vec::new();
    for field in [
        crate::library::Field::Areas,
        crate::library::Field::Symptoms,
    ] {
        for c in lib.question_for(field).unwrap().choices.iter() {
            if !c.brings.is_empty() {
                bringing.push((
                    c.id.to_string(),
                    c.brings.iter().map(|b| b.to_string()).collect(),
                ));
            }
        }
    }
    let ids: Vec<&str> = bringing.iter().map(|(id, _)| id.as_str()).collect();
    assert!(
        ids.contains(&"standing-worse") && ids.contains(&"walking-worse"),
        "{ids:?}"
    );
    let mut limited = 0;
    for (choice, brings) in &bringing {
        let limits = lib.limits_for(brings);
        assert!(!limits.is_empty(), "{choice} brings no limit");
        for mut a in many_days(&[], Some(67)).into_iter().step_by(2) {
            a.symptoms.push(choice.clone());
            assert_eq!(&crate::assess::brought_today(&lib, &a), brings);
            for d in [date(1, 14), date(11, 26)] {
                let week = a_week_before(&lib, &a, d);
                for history in [&[][..], &week[..]] {
                    let p = plan(&Request {
                        lib: &lib,
                        answers: &a,
                        opt_in: &[],
                        history,
                        flares: &[],
                        date: d,
                        program: None,
                    })
                    .unwrap();
                    for (_, l) in &limits {
                        let run = longest_run(&lib, &p.steps, &l.movement);
                        assert!(
                            run <= l.max_minutes_in_a_row * 60,
                            "{choice}, {} min, {d}: {} s of {} in a row: {:?}",
                            a.minutes,
                            run,
                            l.movement,
                            p.steps.iter().map(|s| &s.exercise).collect::<Vec<_>>()
                        );
                        limited += usize::from(run > 0);
                    }
                }
            }
        }
    }
    assert!(limited > 0, "some plans still stand");
    // A person who declares it already gets it once.
    let a = Answers {
        symptoms: v(&["standing-worse", "walking-worse"]),
        conditions: v(&["standing-is-hard"]),
        ..Answers::default()
    };
    assert!(crate::assess::brought_today(&lib, &a).is_empty());
}

#[test]
fn a_wheelchair_user_gets_trunk_and_upper_body_strength_and_one_note() {
    // The legs may not work: every plan has strength work for the trunk
    // and for the upper body (`plan_with`), on every date and after a week
    // of sessions, at any ordinary or high pain. The floor note, which a
    // wheelchair user's own note covers, is not shown again.
    let lib = lib();
    let primary = |id: &str, muscles: &[&str]| {
        let e = lib.exercise(id).unwrap();
        e.category == Category::Strengthening
            && e.muscles
                .primary
                .iter()
                .any(|m| muscles.contains(&m.as_str()))
    };
    let floor_note = lib
        .condition("floor-is-hard")
        .unwrap()
        .advice
        .clone()
        .unwrap();
    for equipment in [v(ALL_EQUIPMENT), v(&["chair"])] {
        for mut a in many_days(&["wheelchair"], Some(45)).into_iter().step_by(2) {
            a.equipment = equipment.clone();
            for pain in [a.pain, 7] {
                let a = Answers { pain, ..a.clone() };
                for d in [date(1, 14), date(11, 26)] {
                    let week = a_week_before(&lib, &a, d);
                    for history in [&[][..], &week[..]] {
                        let p = plan(&Request {
                            lib: &lib,
                            answers: &a,
                            opt_in: &[],
                            history,
                            flares: &[],
                            date: d,
                            program: None,
                        })
                        .unwrap();
                        let ids: Vec<&str> = p.steps.iter().map(|s| s.exercise.as_str()).collect();
                        assert!(
                            ids.iter().any(|id| primary(id, &["core"])),
                            "pain {pain}, {} min, {d}: {ids:?}",
                            a.minutes
                        );
                        assert!(
                            ids.iter()
                                .any(|id| primary(id, &["upper-back", "shoulders"])),
                            "pain {pain}, {} min, {d}: {ids:?}",
                            a.minutes
                        );
                        assert!(p.advice.iter().all(|x| x.advice != *floor_note));
                    }
                }
            }
        }
    }
    // Ticking the floor too, or poor balance (whose note says it keeps off
    // the floor), shows the floor note no more.
    for conditions in [v(&["wheelchair", "floor-is-hard"]), v(&["poor-balance"])] {
        let advice = condition_advice(&lib, &conditions);
        assert!(!advice.is_empty());
        assert!(
            advice.iter().all(|x| x.advice != *floor_note),
            "{conditions:?}"
        );
    }
    // Named alone, it is still said.
    let advice = condition_advice(&lib, &v(&["floor-is-hard"]));
    assert!(advice.iter().any(|x| x.advice == *floor_note));
}
#[test]
fn a_plan_of_fewer_than_three_says_why() {
    // No combination of capabilities leaves fewer than three (the test
    // above), so leave nearly everything out by hand ("I can't do this
    // one"): the plan then says how many suit and what would add more.
    let lib = lib();
    for keep in [
        &["seated-march", "seated-breathing"][..],
        &["seated-breathing"],
    ] {
        let a = Answers {
            pain: 4,
            areas: v(&["low-back"]),
            equipment: v(&["chair"]),
            minutes: 15,
            avoid: lib
                .exercises
                .iter()
                .map(|e| e.id.to_string())
                .filter(|id| !keep.contains(&id.as_str()))
                .collect(),
            ..Answers::default()
        };
        let p = plan_for(&lib, &a, date(3, 9));
        assert!(p.steps.len() < annotate::FEW_EXERCISES, "{:?}", p.steps);
        let note = p
            .notes
            .iter()
            .find(|n| n.contains("everything you told us together"))
            .unwrap_or_else(|| panic!("{:?}", p.notes));
        let count = if keep.len() == 1 {
            "Only one exercise"
        } else {
            "Only 2 exercises"
        };
        assert!(note.starts_with(count), "{note}");
        assert!(
            note.contains("more would fit") || note.contains("Nothing more"),
            "{note}"
        );
    }
}
