//! Every body (issue 29): conditions and capabilities named in a person's
//! own words, the careful default for what backrelief does not know, and
//! `--avoid`, through the real binary.

use crate::support::{stderr, stdout, Home};

/// Answers with no profile fields, so the profile supplies them.
const TODAY: &str = "red_flags: []\npain: 3\nareas: [low-back]\nsymptoms: []\n";

fn profile(home: &Home, args: &[&str]) -> String {
    let mut all = vec!["profile"];
    all.extend_from_slice(args);
    stdout(&home.run(&all).success())
}

fn plan_json(home: &Home) -> serde_json::Value {
    let answers = home.write("today.yaml", TODAY);
    let out = home
        .run(&[
            "session",
            "--plan",
            "--json",
            "--answers",
            answers.to_str().unwrap(),
        ])
        .success();
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn planned(plan: &serde_json::Value) -> Vec<String> {
    plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["exercise"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn own_words_name_conditions_and_capabilities_and_typos_are_refused() {
    let home = Home::new();
    profile(
        &home,
        &[
            "--equipment",
            "mat,chair,wall",
            "--minutes",
            "15",
            "--age",
            "70",
        ],
    );
    let shown = profile(
        &home,
        &[
            "--add-condition",
            "I can't get down to the floor",
            "--add-condition",
            "osteoarthritis",
            "--add-condition",
            "BPPV",
        ],
    );
    assert!(
        shown.contains("Getting down to the floor and up again is hard")
            && shown.contains("Osteoarthritis")
            && shown.contains("Vertigo"),
        "{shown}"
    );
    assert!(!shown.contains("Osteoporosis"), "{shown}");
    // A slip of a long name is refused with what it may mean, never kept
    // as unknown.
    let out = home
        .run(&["profile", "--add-condition", "pregancy"])
        .code(2);
    assert!(
        stderr(&out).contains("did you mean 'pregnancy'"),
        "{}",
        stderr(&out)
    );
    assert!(!profile(&home, &[]).contains("not known to backrelief"));
    // Nothing on the floor, nothing with the head low, balance supported.
    let lib = crate::support::builtin();
    for id in planned(&plan_json(&home)) {
        let e = lib.exercise(&id).unwrap();
        for m in [
            "floor-transfer",
            "head-below-heart",
            "quick-head-movement",
            "narrow-base-balance",
        ] {
            assert!(!lib.involves(e, m), "{id} involves {m}");
        }
    }
}

#[test]
fn an_unknown_condition_makes_the_plan_careful_until_a_clinician_clears_it() {
    let home = Home::new();
    profile(
        &home,
        &[
            "--equipment",
            "mat,chair,wall,strap",
            "--minutes",
            "20",
            "--age",
            "45",
        ],
    );
    let out = home
        .run(&["profile", "--add-condition", "sarcoidosis"])
        .success();
    assert!(
        stderr(&out).contains("your plan is careful"),
        "{}",
        stderr(&out)
    );
    let plan = plan_json(&home);
    let lib = crate::support::builtin();
    let steps = planned(&plan);
    assert!(steps.len() >= 3, "{steps:?}");
    for id in &steps {
        let e = lib.exercise(id).unwrap();
        assert!(e.difficulty <= 1, "{id} is level {}", e.difficulty);
        for m in [
            "end-range-hold",
            "inversion",
            "hanging-from-arms",
            "head-below-heart",
            "lying-on-front",
        ] {
            assert!(!lib.involves(e, m), "{id} involves {m}");
        }
    }
    let text = plan.to_string();
    assert!(
        text.contains("show this plan to your doctor or physiotherapist"),
        "{text}"
    );
    // A clinician has looked: the careful default is lifted, the name kept.
    let shown = profile(&home, &["--cleared", "Dr Lee: fine to exercise as usual"]);
    assert!(shown.contains("cleared by a clinician on"), "{shown}");
    assert!(shown.contains("sarcoidosis"), "{shown}");
    assert!(!plan_json(&home)
        .to_string()
        .contains("show this plan to your doctor"));
    // Nothing to clear any more is said, not silently accepted.
    home.run(&["profile", "--remove-condition", "sarcoidosis"])
        .success();
    home.run(&["profile", "--cleared", "again"]).code(2);
}

#[test]
fn an_avoided_exercise_is_left_out_of_plans_programs_and_sheets() {
    let home = Home::new();
    profile(
        &home,
        &["--equipment", "mat,chair,wall,strap", "--minutes", "30"],
    );
    let before = planned(&plan_json(&home));
    let gone = before
        .iter()
        .find(|id| *id != "diaphragmatic-breathing")
        .unwrap()
        .clone();
    let shown = profile(&home, &["--avoid", &gone]);
    assert!(shown.contains("left out (--avoid)"), "{shown}");
    assert!(!planned(&plan_json(&home)).contains(&gone));
    let sheet = stdout(
        &home
            .run(&["sheet", "--exercises", &format!("{gone},glute-bridge")])
            .success(),
    );
    assert!(sheet.contains("cannot do this one"), "{sheet}");
    profile(&home, &["--unavoid", &gone]);
    assert!(!profile(&home, &[]).contains("left out (--avoid)"));
}
