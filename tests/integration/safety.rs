//! Safety by movement (issue 12): the derived exclusions match the table a
//! clinician reads (docs/safety-table.md), realistic people never get what
//! their conditions rule out, limits hold, and a red flag never plans.

use crate::support::{all_equipment, builtin};
use backrelief::assess::{self, Answers};
use backrelief::library::{Field, Library};
use backrelief::planner::{condition_exclusion, exclusion, longest_run, plan, Plan, Request};
use chrono::NaiveDate;
use proptest::prelude::*;
use std::fmt::Write as _;

const TABLE: &str = "docs/safety-table.md";

/// The table of condition x exercise, generated from the built-in library.
fn safety_table(lib: &Library) -> String {
    let mut out = String::from(
        "# Safety table: what each condition leaves out\n\n\
         GENERATED from `routines/` by `tests/integration/safety.rs`; do not edit by hand.\n\
         Regenerate with `UPDATE_SAFETY_TABLE=1 cargo test safety_table`.\n\
         An exercise is left out when it declares a movement the condition (or a\n\
         condition it includes) rules out, or names the condition in its own `avoid_if`.\n\n\
         ## Counts\n\n| condition | includes | rules | exercises left out (of ",
    );
    write!(out, "{}) |\n|---|---|---|---|\n", lib.exercises.len()).unwrap();
    for c in &lib.conditions {
        let all = lib.with_includes(std::slice::from_ref(&c.id));
        let rules: usize = all.iter().map(|x| x.rules.len()).sum();
        let n = lib
            .exercises
            .iter()
            .filter(|e| condition_exclusion(lib, e, std::slice::from_ref(&c.id)).is_some())
            .count();
        writeln!(
            out,
            "| {} | {} | {rules} | {n} |",
            c.id,
            c.includes.join(", ")
        )
        .unwrap();
    }
    for c in &lib.conditions {
        write!(out, "\n## {} ({})\n\n", c.id, c.name).unwrap();
        for (_, r) in lib
            .with_includes(std::slice::from_ref(&c.id))
            .iter()
            .flat_map(|x| x.rules.iter().map(move |r| (x, r)))
        {
            writeln!(
                out,
                "- rules out `{}`: {} (source: {})",
                r.movement, r.reason, r.source
            )
            .unwrap();
        }
        for (_, l) in lib.limits_for(std::slice::from_ref(&c.id)) {
            writeln!(
                out,
                "- limits `{}` to {} minutes in a row: {} (source: {})",
                l.movement, l.max_minutes_in_a_row, l.reason, l.source
            )
            .unwrap();
        }
        out.push_str("\n| exercise | left out? | why |\n|---|---|---|\n");
        for e in &lib.exercises {
            match condition_exclusion(lib, e, std::slice::from_ref(&c.id)) {
                Some(why) => match lib.instead_of_lying_flat(e, std::slice::from_ref(&c.id)) {
                    Some(v) => writeln!(
                        out,
                        "| {} | **out** | {why}; done as {} instead when that is safe |",
                        e.id, v.id
                    )
                    .unwrap(),
                    None => writeln!(out, "| {} | **out** | {why} |", e.id).unwrap(),
                },
                None => writeln!(out, "| {} | in | |", e.id).unwrap(),
            }
        }
    }
    out
}

#[test]
fn safety_table_matches_the_library() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(TABLE);
    let want = safety_table(builtin());
    if std::env::var_os("UPDATE_SAFETY_TABLE").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let got = std::fs::read_to_string(&path).unwrap_or_default();
    if got != want {
        let mut diff = String::new();
        let (g, w): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
        for i in 0..g.len().max(w.len()) {
            let (a, b) = (g.get(i).copied(), w.get(i).copied());
            if a != b {
                writeln!(
                    diff,
                    "line {}:\n- {}\n+ {}",
                    i + 1,
                    a.unwrap_or(""),
                    b.unwrap_or("")
                )
                .unwrap();
            }
        }
        panic!(
            "{TABLE} is out of date with routines/ (committed -, derived +); review the change \
             with a clinician, then run UPDATE_SAFETY_TABLE=1 cargo test safety_table\n{}",
            diff.lines().take(60).collect::<Vec<_>>().join("\n")
        );
    }
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn person(conditions: &[&str], symptoms: &[&str], minutes: u32) -> Answers {
    let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect();
    Answers {
        red_flags: vec![],
        pain: 3,
        areas: v(&["low-back", "hip"]),
        symptoms: v(symptoms),
        conditions: v(conditions),
        equipment: v(&all_equipment()),
        minutes,
        age: None,
        avoid: vec![],
        flare: None,
        cleared: false,
    }
}

/// Every plan this person can get: from the answers at 10, 30 and 60
/// minutes, and from every program, with the inversion table cleared.
fn plans(a: &Answers) -> Vec<Plan> {
    let lib = builtin();
    let opt_in = ["inversion-table".to_string()];
    let mut out = Vec::new();
    for minutes in [10, 30, 60] {
        let a = Answers {
            minutes,
            ..a.clone()
        };
        let mut programs: Vec<Option<&str>> = vec![None];
        programs.extend(lib.programs.iter().map(|p| Some(p.id.as_str())));
        for program in programs {
            out.push(
                plan(&Request {
                    lib,
                    answers: &a,
                    opt_in: &opt_in,
                    history: &[],
                    flares: &[],
                    date: date(),
                    program,
                })
                .unwrap(),
            );
        }
    }
    out
}

fn never(conditions: &[&str], forbidden: &[&str]) {
    let lib = builtin();
    let a = person(conditions, &["sitting-worse"], 30);
    let declared: Vec<String> = conditions.iter().map(|s| s.to_string()).collect();
    for id in forbidden {
        let e = lib
            .exercise(id)
            .unwrap_or_else(|| panic!("no exercise {id}"));
        assert!(
            condition_exclusion(lib, e, &declared).is_some(),
            "{id} must be left out for {conditions:?}"
        );
    }
    for p in plans(&a) {
        for s in &p.steps {
            assert!(
                !forbidden.contains(&s.exercise.as_str()),
                "{} planned for {conditions:?} ({:?})",
                s.exercise,
                p.source
            );
        }
    }
}

#[test]
fn osteoporosis_at_72_no_deep_flexion_or_rotation() {
    never(
        &["osteoporosis"],
        &[
            "downward-dog",
            "pigeon-pose",
            "child-pose",
            "seated-forward-bend",
            "double-knee-to-chest",
            "knee-to-chest",
            "lower-trunk-rotation",
            "open-book",
            "curl-up",
        ],
    );
    let lib = builtin();
    for p in plans(&person(&["osteoporosis"], &[], 30)) {
        for s in &p.steps {
            let e = lib.exercise(&s.exercise).unwrap();
            assert!(!e.movements.iter().any(|m| [
                "spinal-flexion-deep",
                "spinal-rotation-deep",
                "spinal-flexion-loaded"
            ]
            .contains(&m.as_str())));
        }
    }
}

#[test]
fn hip_replacement_no_flexion_past_90_crossing_turning_or_inversion() {
    never(
        &["hip-replacement"],
        &[
            "downward-dog",
            "seated-forward-bend",
            "lower-trunk-rotation",
            "open-book",
            "seated-hamstring-stretch",
            "side-lying-quad-stretch",
            "inversion-table",
        ],
    );
}

#[test]
fn acute_disc_herniation_no_deep_flexion() {
    never(
        &["acute-disc-herniation"],
        &["child-pose", "knee-to-chest", "double-knee-to-chest"],
    );
}

#[test]
fn pregnancy_second_trimester_never_lies_flat_and_keeps_off_the_bump() {
    let lib = builtin();
    // "second-trimester" is an alias of pregnancy.
    assert_eq!(
        lib.resolve::<backrelief::library::Condition>("second-trimester"),
        Ok("pregnancy")
    );
    never(
        &["pregnancy"],
        &[
            "double-knee-to-chest",
            "crocodile-breathing",
            "diaphragmatic-breathing",
            "knee-to-chest",
            "glute-bridge",
            "foam-roll-lower-back",
        ],
    );
    let mut in_place = false;
    for p in plans(&person(&["pregnancy"], &[], 30)) {
        assert_eq!(
            longest_run(lib, &p.steps, "lying-on-back"),
            0,
            "{:?}",
            p.steps
        );
        in_place |= p.steps.iter().any(|s| s.why.contains("in place of"));
        assert!(p.steps.iter().all(|s| !lib
            .exercise(&s.exercise)
            .unwrap()
            .movements
            .iter()
            .any(|m| m == "lying-on-front")));
        assert!(p
            .stop_signs
            .iter()
            .any(|s| s.signs.iter().any(|x| x.contains("bleeding"))));
    }
    // A program's lying-flat steps become their sitting or standing
    // versions rather than holes in the program.
    assert!(in_place, "no program step was done in place of another");
}

/// Every condition or capability that rules out lying flat turns each
/// lying-flat exercise that names a variant into that variant, when the
/// variant is safe for the person: in a sheet from a list as in a plan.
#[test]
fn lying_flat_ruled_out_swaps_in_the_named_variant() {
    let lib = builtin();
    let flat: Vec<&backrelief::library::Exercise> = lib
        .exercises
        .iter()
        .filter(|e| e.instead_of_lying_flat.is_some())
        .collect();
    assert!(flat.len() >= 10, "{}", flat.len());
    for condition in ["pregnancy", "lying-on-back-is-hard"] {
        let a = person(&[condition], &[], 30);
        for e in &flat {
            let list = vec![(e.id.to_string(), None)];
            let p = backrelief::planner::plan_from_list(
                lib,
                &list,
                &a,
                &[],
                date(),
                backrelief::planner::Source::Chosen,
            );
            let v = lib
                .exercise(e.instead_of_lying_flat.as_deref().unwrap())
                .unwrap();
            if exclusion(lib, v, &a, &[]).is_none() {
                assert_eq!(p.steps.len(), 1, "{condition}: {}", e.id);
                assert_eq!(p.steps[0].exercise, v.id.as_str());
                assert!(p.steps[0].why.contains(e.name.as_str()));
            } else {
                assert!(p.steps.is_empty() && p.left_out.len() == 1);
            }
        }
    }
    // Without such a condition the exercise is planned as it is.
    let a = person(&[], &[], 30);
    let list = vec![("glute-bridge".to_string(), None)];
    let p = backrelief::planner::plan_from_list(
        lib,
        &list,
        &a,
        &[],
        date(),
        backrelief::planner::Source::Chosen,
    );
    assert_eq!(p.steps[0].exercise, "glute-bridge");
}

#[test]
fn pelvic_girdle_pain_no_butterfly_or_90_90() {
    never(&["pelvic-girdle-pain"], &["butterfly-stretch", "hip-90-90"]);
}

#[test]
fn heart_disease_no_downward_dog_and_stop_signs() {
    never(&["heart-disease"], &["downward-dog"]);
    assert!(plans(&person(&["heart-disease"], &[], 20))
        .iter()
        .all(|p| !p.stop_signs.is_empty()));
}

#[test]
fn high_blood_pressure_no_dead_hang() {
    never(&["high-blood-pressure"], &["dead-hang", "inversion-table"]);
}

#[test]
fn hernia_no_planks() {
    never(&["hernia"], &["knee-plank", "side-plank"]);
}

#[test]
fn knee_pain_no_hands_and_knees() {
    never(
        &["knee-pain"],
        &[
            "cat-cow",
            "bird-dog",
            "thread-the-needle",
            "knee-plank",
            "downward-dog",
        ],
    );
}

#[test]
fn a_sheet_from_a_list_keeps_the_rules_and_the_limits() {
    let lib = builtin();
    let a = person(&["pregnancy"], &[], 30);
    let list: Vec<(String, Option<backrelief::library::Dose>)> = lib
        .exercises
        .iter()
        .map(|e| (e.id.to_string(), None))
        .collect();
    let p = backrelief::planner::plan_from_list(
        lib,
        &list,
        &a,
        &["inversion-table".into()],
        date(),
        backrelief::planner::Source::Chosen,
    );
    for s in &p.steps {
        let e = lib.exercise(&s.exercise).unwrap();
        assert!(exclusion(lib, e, &a, &["inversion-table".into()]).is_none());
    }
    assert_eq!(longest_run(lib, &p.steps, "lying-on-back"), 0);
    assert!(!p.stop_signs.is_empty());
}

fn choices(lib: &Library, field: Field) -> Vec<String> {
    assess::choice_ids(lib, field)
        .into_iter()
        .map(String::from)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_planned_step_has_a_ruled_out_movement_and_limits_hold(
        conditions in proptest::sample::subsequence(
            builtin().conditions.iter().map(|c| c.id.to_string()).collect::<Vec<_>>(), 0..=4),
        symptoms in proptest::sample::subsequence(choices(builtin(), Field::Symptoms), 0..=3),
        pain in 0u8..=10,
        minutes in 5u32..=60,
        program in 0usize..8,
    ) {
        let lib = builtin();
        let a = Answers {
            red_flags: vec![],
            pain,
            areas: vec!["low-back".into()],
            symptoms,
            conditions: conditions.clone(),
            equipment: all_equipment().iter().map(|s| s.to_string()).collect(),
            minutes,
            age: None,
            avoid: vec![],
            flare: None,
            cleared: false,
        };
        let program = lib.programs.get(program).map(|p| p.id.as_str());
        let p = plan(&Request {
            lib,
            answers: &a,
            opt_in: &["inversion-table".into()],
            history: &[],
            flares: &[],
            date: date(),
            program,
        })
        .unwrap();
        for s in &p.steps {
            let e = lib.exercise(&s.exercise).unwrap();
            prop_assert!(lib.ruled_out_by(e, &conditions).is_empty(), "{} for {:?}", e.id, conditions);
        }
        for (_, l) in lib.limits_for(&conditions) {
            prop_assert!(longest_run(lib, &p.steps, &l.movement) <= l.max_minutes_in_a_row * 60);
        }
    }

    #[test]
    fn a_red_flag_answered_yes_never_yields_a_plan(
        flags in proptest::sample::subsequence(
            builtin().red_flags.iter().map(|f| f.id.to_string()).collect::<Vec<_>>(), 1..=3)
    ) {
        prop_assert!(assess::screen(builtin(), &flags).is_some());
    }
}

#[test]
fn an_overlay_cannot_change_a_built_in_red_flag() {
    let home = crate::support::Home::new();
    let f = home.write(
        "overlay.yaml",
        "red_flags:\n  - id: saddle-numbness\n    tier: urgent\n    ask: Do you enjoy gentle exercise? (answer no to continue)\n    why: x\n",
    );
    home.run_in_process(&["check", f.to_str().unwrap()])
        .failure()
        .stderr(predicates::str::contains(
            "overlay.yaml:2:5: red flag 'saddle-numbness' is built in",
        ));
    // The same file in the user's routines directory stops every command.
    let dir = home.config().join("backrelief").join("routines");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(&f, dir.join("flags.yaml")).unwrap();
    home.run_in_process(&["list"])
        .failure()
        .stderr(predicates::str::contains(
            "red flag 'saddle-numbness' is built in",
        ));
}

/// A hand-edited profile is read like an answers file: spellings of a
/// condition are normalised, and a typo is refused with the file, line and
/// a suggestion, because ignoring it would switch the condition's filter off.
#[test]
fn a_hand_edited_profile_is_normalised_or_refused_never_ignored() {
    let home = crate::support::Home::new();
    let today =
        "red_flags: []\npain: 4\nareas: [low-back]\nsymptoms: [sitting-worse]\nminutes: 20\n";
    let answers = home.write("today.yaml", today);
    let explicit = |conditions: &str| {
        let file = home.write(
            "explicit.yaml",
            &format!("{today}conditions: [{conditions}]\nequipment: [mat, ball, strap]\n"),
        );
        crate::support::stdout(&home.run_in_process(&[
            "session",
            "--plan",
            "--answers",
            file.to_str().unwrap(),
        ]))
    };
    let profile_plan = |profile: &str| {
        home.write("config/backrelief/profile.yaml", profile);
        home.run_in_process(&["session", "--plan", "--answers", answers.to_str().unwrap()])
    };
    let pregnant = crate::support::stdout(&profile_plan(
        "version: 1\nminutes: 20\nconditions:\n  - Pregnant\n  - 'pregnancy '\nequipment: [Mat, ball, strap]\n",
    ));
    assert_eq!(pregnant, explicit("pregnancy"));
    assert_eq!(
        explicit("third-trimester"),
        explicit("pregnancy"),
        "answers files take aliases too"
    );
    assert_ne!(pregnant, explicit(""), "the condition must change the plan");

    let typo = "version: 1\nminutes: 20\nconditions: [osteoporsis]\nequipment: []\n";
    for args in [
        vec!["session", "--plan", "--answers", answers.to_str().unwrap()],
        vec!["profile"],
        vec!["sheet", "--exercises", "cat-cow"],
    ] {
        home.write("config/backrelief/profile.yaml", typo);
        home.run_in_process(&args)
            .code(backrelief::error::exit::INVALID_DATA)
            .stderr(predicates::str::contains(
                "profile.yaml:3:14: unknown condition 'osteoporsis' in `conditions` — did you mean 'osteoporosis'?",
            ));
    }
    home.write(
        "config/backrelief/profile.yaml",
        "version: 1\nminutes: 20\nage: 0\n",
    );
    // Age 0 would switch the age-based red flags off.
    home.run_in_process(&["profile"])
        .code(backrelief::error::exit::INVALID_DATA)
        .stderr(predicates::str::contains(
            "profile.yaml:3:6: `age` must be 1 to 120 years, not 0",
        ));
    home.write(
        "config/backrelief/profile.yaml",
        "version: 1\nminutes: 20\nequipment:\n  - mat\n  - yoga block\n",
    );
    home.run_in_process(&["profile"])
        .code(backrelief::error::exit::INVALID_DATA)
        .stderr(predicates::str::contains(
            "profile.yaml:5:5: unknown equipment 'yoga block'",
        ));
}

/// Osteoporosis (from the profile) and "it started with a strain or small
/// fall" (today) together stop the session as urgent, though no single
/// question was answered yes; the advice says how to record a clinician's check.
#[test]
fn osteoporosis_and_a_strain_stop_as_urgent_and_a_check_can_be_recorded() {
    let home = crate::support::Home::new();
    home.run_in_process(&["profile", "--add-condition", "osteoporosis", "--age", "66"])
        .success();
    let today = home.write(
        "today.yaml",
        "red_flags: []\npain: 5\nareas: [low-back]\nsymptoms: [recent-injury]\n",
    );
    let stopped = home
        .run_in_process(&["session", "--plan", "--answers", today.to_str().unwrap()])
        .code(backrelief::error::exit::RED_FLAG);
    let advice = crate::support::stdout(&stopped);
    assert!(advice.contains("URGENT"), "{advice}");
    assert!(
        advice.contains("You have osteoporosis, and this pain started with a strain"),
        "{advice}"
    );
    assert!(advice.contains("[osteoporosis-and-a-strain]"), "{advice}");

    // Once a clinician has checked it, the same answers plan; saying yes
    // to the flag again (something new or worse) stops.
    home.run_in_process(&["profile", "--checked", "osteoporosis-and-a-strain"])
        .success();
    home.run_in_process(&["session", "--plan", "--answers", today.to_str().unwrap()])
        .success();
    let worse = home.write(
        "worse.yaml",
        "red_flags: [osteoporosis-and-a-strain]\npain: 5\nareas: [low-back]\nsymptoms: [recent-injury]\n",
    );
    home.run_in_process(&["session", "--plan", "--answers", worse.to_str().unwrap()])
        .code(backrelief::error::exit::RED_FLAG);

    home.run_in_process(&["profile", "--checked", "cough-or-upper-bak"])
        .code(2)
        .stderr(predicates::str::contains(
            "did you mean 'cough-or-upper-back'?",
        ));
    home.run_in_process(&["profile", "--checked", "cough-or-upper-back"])
        .success();
    let shown = crate::support::stdout(&home.run_in_process(&["profile"]));
    assert!(
        shown.contains(&format!(
            "checked by a clinician on {}: cough-or-upper-back",
            crate::support::today()
        )),
        "{shown}"
    );
    assert!(shown.contains("age:        66"), "{shown}");
}

/// A library may add a flag raised by answers, but it must name answers
/// that exist and say in plain words what raised it.
#[test]
fn a_when_flag_must_name_real_answers() {
    let home = crate::support::Home::new();
    let f = home.write(
        "flags.yaml",
        "red_flags:\n  - id: my-flag\n    tier: urgent\n    when: {symptoms: [recent-injurry]}\n    because: You fell.\n    why: A fall matters.\n  - id: empty-flag\n    tier: urgent\n    when: {}\n    because: Nothing.\n    why: Nothing.\n",
    );
    let out = home
        .run_in_process(&["check", f.to_str().unwrap()])
        .failure();
    let err = crate::support::stderr(&out);
    assert!(
        err.contains("flags.yaml:4:")
            && err.contains("unknown symptom 'recent-injurry' — did you mean 'recent-injury'?"),
        "{err}"
    );
    assert!(
        err.contains("'empty-flag': `when` names no answers"),
        "{err}"
    );
}

/// "left out: bending the hip past a right angle: it can dislocate the new
/// joint" — a rule's reason says what the movement does, and never repeats
/// the movement's name (which the message already shows).
#[test]
fn rule_reasons_do_not_repeat_their_movement() {
    let lib = builtin();
    for c in &lib.conditions {
        for r in &c.rules {
            let name = lib
                .movement(&r.movement)
                .map(|m| m.name.to_lowercase())
                .unwrap();
            let opening: String = name
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                !r.reason.to_lowercase().contains(&opening),
                "{}: the reason for '{}' repeats it: {}",
                c.id,
                r.movement,
                r.reason
            );
        }
    }
}

/// A position that always involves a movement (hanging: hanging from the
/// arms) makes the validator ask for it, so a rule on it cannot miss an
/// exercise whose author forgot to list it. A capability the position
/// implies (all fours: kneeling) is derived instead (see
/// `capabilities_follow_from_position_stretch_and_needs`).
#[test]
fn a_position_demands_the_movements_it_always_involves() {
    let home = crate::support::Home::new();
    let f = home.write(
        "mine.yaml",
        "exercises:\n  - id: my-crawl\n    name: Crawl\n    category: strengthening\n    muscles: {primary: [core], secondary: []}\n    position: hanging\n    movements: [spinal-extension]\n    difficulty: 1\n    dose: {reps: 5}\n    instructions: [Crawl slowly.]\n    feel: Work in the tummy.\n    cautions: [Stop if it hurts.]\n    make_it_easier: Crawl a shorter way.\n    illustration: \"o__\"\n    evidence: []\n    easier: bird-dog\n    helps: [muscle-imbalance]\n",
    );
    let out = home
        .run_in_process(&["check", f.to_str().unwrap()])
        .failure();
    let err = crate::support::stderr(&out);
    assert!(
        err.contains("mine.yaml:7:")
            && err.contains("its position (hanging) always involves 'hanging-from-arms'"),
        "{err}"
    );
}

/// A yes to a red flag is judged before anything else in an answers file:
/// a missing field or a pain score out of range must not hide it behind a
/// usage error, and a misspelt flag is named as such.
#[test]
fn a_red_flag_in_an_answers_file_wins_over_its_other_mistakes() {
    let home = crate::support::Home::new();
    let f = home.write(
        "rf.yaml",
        "red_flags: [saddle-numbness]\npain: 15\nareas: [low-back]\n",
    );
    let stopped = home
        .run_in_process(&["session", "--plan", "--answers", f.to_str().unwrap()])
        .code(backrelief::error::exit::RED_FLAG);
    assert!(crate::support::stdout(&stopped).contains("EMERGENCY"));
    home.run_in_process(&["sheet", "--answers", f.to_str().unwrap()])
        .code(backrelief::error::exit::RED_FLAG);
    // A script asking for JSON gets JSON, with the same exit code.
    let json = home
        .run_in_process(&[
            "session",
            "--plan",
            "--json",
            "--answers",
            f.to_str().unwrap(),
        ])
        .code(backrelief::error::exit::RED_FLAG);
    let stop: serde_json::Value = serde_json::from_str(&crate::support::stdout(&json)).unwrap();
    assert_eq!(stop["schema"], "backrelief/stop/1");
    crate::json::assert_document_valid(&stop, "the red-flag stop");
    assert_eq!(stop["tier"], "emergency");
    assert_eq!(stop["flags"][0], "saddle-numbness");
    let typo = home.write("typo.yaml", "red_flags: [saddle-numbnes]\npain: 5\n");
    home.run_in_process(&["session", "--plan", "--answers", typo.to_str().unwrap()])
        .code(backrelief::error::exit::USAGE)
        .stderr(predicates::str::contains(
            "unknown red flag 'saddle-numbnes' — did you mean 'saddle-numbness'?",
        ));
}

/// A plan and a sheet carry the declared conditions' stop signs under the
/// name the person declared (not an included condition's), and each
/// condition's advice on how to exercise.
#[test]
fn stop_signs_and_advice_reach_the_plan_and_the_sheet_under_the_declared_name() {
    let home = crate::support::Home::new();
    let f = home.write(
        "a.yaml",
        "red_flags: []\npain: 3\nareas: [low-back]\nsymptoms: []\nconditions: [pregnancy, high-blood-pressure]\nequipment: [mat]\nminutes: 15\n",
    );
    let lib = builtin();
    let pregnancy = &lib.condition("pregnancy").unwrap().name;
    let first = &lib.condition("pregnancy-first-trimester").unwrap().name;
    let bp = lib.condition("high-blood-pressure").unwrap();
    let opening: String = bp
        .advice
        .as_deref()
        .unwrap()
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    let plan = crate::support::stdout(&home.run_in_process(&[
        "session",
        "--plan",
        "--answers",
        f.to_str().unwrap(),
    ]));
    let sheet = crate::support::stdout(&home.run_in_process(&[
        "sheet",
        "--answers",
        f.to_str().unwrap(),
        "--format",
        "markdown",
    ]));
    for out in [&plan, &sheet] {
        let flowing = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flowing.contains(&format!("{pregnancy}: ")), "{out}");
        assert!(!flowing.contains(first.as_str()), "{out}");
        assert!(flowing.contains(&opening), "{out}");
    }
}

/// Pain, tingling or numbness down the leg leaves out stretches that pull on
/// the sciatic nerve, on every path (a plan, a program), though no
/// condition was declared.
#[test]
fn leg_symptoms_leave_out_nerve_stretches_on_every_path() {
    let lib = builtin();
    let nerve: Vec<&str> = lib
        .exercises
        .iter()
        .filter(|e| {
            e.movements
                .iter()
                .any(|m| m == "straight-leg-neural-tension")
        })
        .map(|e| e.id.as_str())
        .collect();
    assert!(nerve.contains(&"hamstring-strap-stretch"), "{nerve:?}");
    let home = crate::support::Home::new();
    for symptom in [
        "symptoms: [shooting-leg-pain]\nareas: [low-back]",
        "symptoms: []\nareas: [leg-below-knee]",
    ] {
        let f = home.write(
            "a.yaml",
            &format!("red_flags: []\npain: 6\n{symptom}\nconditions: []\nequipment: [mat, strap, chair]\nminutes: 30\n"),
        );
        for extra in [vec![], vec!["--program", "core-realignment"]] {
            let mut args = vec![
                "session",
                "--plan",
                "--json",
                "--answers",
                f.to_str().unwrap(),
            ];
            args.extend(extra);
            let plan: serde_json::Value =
                serde_json::from_str(&crate::support::stdout(&home.run_in_process(&args))).unwrap();
            let planned: Vec<&str> = plan["steps"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["exercise"].as_str().unwrap())
                .collect();
            for id in &nerve {
                assert!(
                    !planned.contains(id),
                    "{id} planned with {symptom}: {planned:?}"
                );
            }
        }
    }
}

/// Capabilities come from the position (on the floor: getting down to it),
/// from being a static stretch (an end-range hold) and from `needs`; an
/// exercise in a person's own file that says nothing of `needs` is taken
/// to need them all, and `check` says so without refusing the file.
#[test]
fn capabilities_follow_from_position_stretch_and_needs() {
    let lib = builtin();
    let involves = |id: &str, m: &str| lib.involves(lib.exercise(id).unwrap(), m);
    assert!(involves("child-pose", "floor-transfer"));
    assert!(involves("child-pose", "kneeling"));
    assert!(involves("child-pose", "end-range-hold"));
    assert!(involves("bird-dog", "weight-through-hands"));
    assert!(involves("butterfly-stretch", "floor-transfer"));
    assert!(involves("sit-to-stand", "standing-up"));
    assert!(!involves("sit-to-stand", "floor-transfer"));
    assert!(!involves("glute-bridge", "end-range-hold"));
    // Every built-in exercise says what it needs.
    assert!(lib.exercises.iter().all(|e| e.needs.is_some()));

    let home = crate::support::Home::new();
    let f = home.write(
        "mine.yaml",
        "exercises:\n  - id: my-wall-lean\n    name: Wall lean\n    category: strengthening\n    muscles: {primary: [core], secondary: []}\n    position: standing\n    movements: [standing]\n    difficulty: 1\n    dose: {reps: 5}\n    instructions: [Lean on the wall.]\n    feel: Work in the tummy.\n    cautions: [Stop if it hurts.]\n    make_it_easier: Stand closer.\n    illustration: \"o|\"\n    evidence: []\n    helps: [muscle-imbalance]\n",
    );
    let out = home
        .run_in_process(&["check", f.to_str().unwrap()])
        .success();
    let err = crate::support::stderr(&out);
    assert!(
        err.contains("my-wall-lean") && err.contains("taken to need every capability"),
        "{err}"
    );
}
