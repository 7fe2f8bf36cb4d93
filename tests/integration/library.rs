//! The built-in library's content, and how broken library files are reported.

use crate::support::{builtin, stderr, Home};
use backrelief::library::{Category, Library, Loader, Muscle, Problems, SourceFile};
use backrelief::store::library::{builtin_files, builtin_library, over_builtin};
use predicates::str::{contains, starts_with};

#[test]
fn builtin_library_is_valid_and_large_enough() {
    let lib = builtin();
    assert!(
        lib.exercises.len() >= 40,
        "{} exercises",
        lib.exercises.len()
    );
    assert!(lib.programs.len() >= 6);
    for cat in Category::ALL {
        assert!(
            lib.exercises.iter().any(|e| e.category == cat),
            "{cat:?} has no exercise"
        );
    }
}

#[test]
fn every_id_the_article_names_exists() {
    let lib = builtin();
    for id in [
        "muscle-imbalance",
        "poor-posture",
        "tight-hip-flexors",
        "sciatica",
        "arthritis",
        "injury",
    ] {
        assert!(lib.cause(id).is_some(), "cause {id}");
    }
    for id in [
        "child-pose",
        "seated-forward-bend",
        "kneeling-hip-flexor-stretch",
        "standing-hip-flexor-stretch",
        "foam-roll-upper-back",
        "foam-roll-glutes",
        "foam-roll-hip-flexors",
        "dead-hang",
        "inversion-table",
        "figure-four-stretch",
        "downward-dog",
        "pigeon-pose",
        "cat-cow",
        "plank",
        "bird-dog",
        "glute-bridge",
        "supine-pelvic-realignment",
        "trigger-point-release",
        "diaphragmatic-breathing",
        "knee-to-chest",
        "lower-trunk-rotation",
        "dead-bug",
        "side-plank",
        "clamshell",
        "hamstring-strap-stretch",
        "sciatic-nerve-glide",
        "prone-press-up",
        "sphinx",
        "hip-90-90",
        "thread-the-needle",
        "chin-tuck",
        "standing-back-extension",
        "hip-hinge",
    ] {
        assert!(lib.exercise(id).is_some(), "exercise {id}");
    }
    for id in [
        "chiropractic-adjustment",
        "massage-therapy",
        "physical-therapy",
    ] {
        assert!(lib.therapy(id).is_some(), "therapy {id}");
        assert!(
            lib.exercise(id).is_none(),
            "{id} must never be a timed step"
        );
    }
    for id in [
        "hip-flexors",
        "glutes",
        "piriformis",
        "hamstrings",
        "quadriceps",
        "adductors",
        "erector-spinae",
        "quadratus-lumborum",
        "core",
    ] {
        assert!(lib.muscle(id).is_some(), "muscle {id}");
    }
    for (alias, id) in [
        ("psoas", "hip-flexors"),
        ("abs", "core"),
        ("lower-back", "erector-spinae"),
    ] {
        assert_eq!(lib.resolve::<Muscle>(alias), Ok(id));
    }
    for id in [
        "pregnancy",
        "osteoporosis",
        "glaucoma",
        "high-blood-pressure",
        "heart-disease",
        "hip-replacement",
        "shoulder-injury",
        "acute-disc-herniation",
        "recent-surgery",
    ] {
        assert!(lib.condition(id).is_some(), "condition {id}");
    }
}

#[test]
fn every_exercise_carries_safety_text_and_an_easier_option() {
    for e in &builtin().exercises {
        assert!(!e.instructions.is_empty(), "{}", e.id);
        assert!(!e.cautions.is_empty(), "{} has no caution", e.id);
        assert!(
            !e.make_it_easier.trim().is_empty(),
            "{} has no easier option",
            e.id
        );
        assert!(!e.illustration.trim().is_empty(), "{}", e.id);
    }
}

#[test]
fn inversion_and_hanging_carry_the_medical_contraindications() {
    let lib = builtin();
    let inv = lib.exercise("inversion-table").unwrap();
    for c in [
        "pregnancy",
        "glaucoma",
        "high-blood-pressure",
        "heart-disease",
        "osteoporosis",
        "hip-replacement",
        "implant",
    ] {
        assert!(
            backrelief::planner::condition_exclusion(lib, inv, &[c.to_string()]).is_some(),
            "inversion must be left out with {c}"
        );
    }
    assert!(inv.opt_in, "inversion is opt-in");
    assert!(inv.cautions.iter().any(|c| c.contains("professional")));
    let hang = lib.exercise("dead-hang").unwrap();
    assert!(backrelief::planner::condition_exclusion(lib, hang, &["shoulder-injury"]).is_some());
    assert!(hang
        .cautions
        .iter()
        .any(|c| c.contains("doctor or physiotherapist")));
    let pigeon = lib.exercise("pigeon-pose").unwrap();
    assert!(backrelief::planner::condition_exclusion(lib, pigeon, &["hip-replacement"]).is_some());
}

#[test]
fn sciatica_evidence_is_stated_as_a_range() {
    let lib = builtin();
    let text: String = lib
        .cause("sciatica")
        .unwrap()
        .evidence
        .iter()
        .map(|e| e.claim.as_str())
        .collect();
    assert!(text.contains("13-40%") && text.contains("43%"), "{text}");
}

/// The problems of one user file over the built-in library. Loaded both
/// ways, which must agree exactly: over the pre-validated built-in library
/// (as the program does) and with the built-in YAML parsed again.
fn load_one(text: &str) -> Vec<String> {
    let file = SourceFile {
        path: "user.yaml".into(),
        text: text.into(),
    };
    let shown = |r: Result<Library, Problems>| match r {
        Ok(lib) => Ok(serde_json::to_string(&(&lib, lib.origins())).unwrap()),
        Err(p) => Err(p.0.iter().map(|p| p.to_string()).collect::<Vec<_>>()),
    };
    let merged = shown(over_builtin().layer(vec![file.clone()]).load());
    let parsed = shown(
        Loader::new()
            .layer(builtin_files())
            .layer(vec![file])
            .load(),
    );
    assert_eq!(merged, parsed, "the two ways of loading disagree");
    merged.err().unwrap_or_default()
}

#[test]
fn the_embedded_library_is_the_one_its_yaml_loads() {
    let shown = |lib: &Library| serde_json::to_string(&(lib, lib.origins())).unwrap();
    let from_yaml = Loader::new().layer(builtin_files()).load().unwrap();
    assert_eq!(shown(&builtin_library()), shown(&from_yaml));
    // An empty user layer (an empty routines directory) changes nothing.
    let merged = over_builtin().layer(Vec::new()).load().unwrap();
    assert_eq!(shown(&merged), shown(&from_yaml));
}

#[test]
fn problems_at_built_in_entries_keep_their_place_when_merged() {
    // A user condition that closes a circle of `includes` through a
    // built-in one: both ends are reported, each at its own file:line:col.
    let problems = load_one(
        "conditions:\n  - id: hip-replacement-posterior\n    name: Mine\n    includes: [hip-replacement]\n",
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("routines/taxonomy.yaml:")
                && p.contains("condition 'hip-replacement': `includes` go round in a circle")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("user.yaml:4:5: condition 'hip-replacement-posterior'")),
        "{problems:?}"
    );
    // An override of a built-in exercise (keeping its movements: they
    // are a floor) merges the same both ways.
    assert_eq!(load_one(&bird_dog_override()), Vec::<String>::new());
    // A built-in red flag keeps its protection, and the message says where it is.
    let problems = load_one(
        "red_flags:\n  - id: saddle-numbness\n    tier: urgent\n    ask: Fine?\n    why: x\n",
    );
    assert!(
        problems.iter().any(|p| p.starts_with("user.yaml:2:5: red flag 'saddle-numbness' is built in (first defined at routines/questions.yaml:")),
        "{problems:?}"
    );
}

pub const GOOD: &str = "\
exercises:
  - id: wall-sit
    name: Wall sit
    category: strengthening
    muscles:
      primary: [quadriceps]
    position: standing
    equipment: [wall]
    difficulty: 2
    dose:
      hold: 20
      sets: 2
      rest: 20
    instructions:
      - Slide down the wall.
    feel: Thighs working.
    cautions:
      - Stop if your knees hurt.
    make_it_easier: Stay higher.
    illustration: |
      |o
      |_\\
    movements: [standing]
";

#[test]
fn a_valid_user_file_adds_an_exercise() {
    assert_eq!(load_one(GOOD), Vec::<String>::new());
}

/// The end position is optional and checked like the figure: at most 40
/// columns a line, never empty.
#[test]
fn an_end_figure_is_checked_like_the_figure() {
    let with = |art: &str| {
        GOOD.replace(
            "    movements: [standing]\n",
            &format!("    movements: [standing]\n    illustration_end: {art}\n"),
        )
    };
    assert_eq!(load_one(&with("\"|o\\n|_\\\n\"")), Vec::<String>::new());
    let wide = format!("\"{}\\n\"", "o".repeat(41));
    let errs = load_one(&with(&wide));
    assert!(
        errs.iter().any(|e| e.starts_with("user.yaml:")
            && e.contains(
                "exercise 'wall-sit': illustration_end lines must fit 40 columns; this one has 41"
            )),
        "{errs:?}"
    );
    let errs = load_one(&with("\" \""));
    assert!(
        errs.iter().any(|e| e.contains("illustration_end")),
        "{errs:?}"
    );
}

#[test]
fn syntax_error_has_exact_line_and_column() {
    let broken = GOOD.replace("    name: Wall sit\n", "    name: Wall sit\n   bad: [\n");
    let errs = load_one(&broken);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].starts_with("user.yaml:4:"), "{errs:?}");
}

#[test]
fn each_problem_is_reported_with_its_position() {
    let text = GOOD
        .replace(
            "      primary: [quadriceps]",
            "      primary: [quadriceps, hamstring]",
        )
        .replace("      hold: 20", "      hold: 0")
        .replace("      - Slide down the wall.", "      - \"\"");
    let errs = load_one(&text);
    assert!(errs.contains(&"user.yaml:6:29: exercise 'wall-sit': unknown muscle 'hamstring' — did you mean 'hamstrings'?".to_string()), "{errs:?}");
    assert!(
        errs.iter()
            .any(|e| e.starts_with("user.yaml:10:5: exercise 'wall-sit': dose has a zero")),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.starts_with("user.yaml:15:9: exercise 'wall-sit': instruction 1 is empty")),
        "{errs:?}"
    );
}

#[test]
fn wrong_type_and_unknown_field_point_at_the_field() {
    let text = GOOD
        .replace("    difficulty: 2", "    difficulty: two")
        .replace("      rest: 20", "      rest: 20\n      rset: 1");
    let errs = load_one(&text);
    assert!(
        errs.iter().any(|e| e
            .starts_with("user.yaml:9:17: exercise 'wall-sit', field `difficulty`: invalid type")),
        "{errs:?}"
    );
    // A field this version does not know, in a person's own file (a newer
    // backrelief's, or a typo), is left out with a warning at its place,
    // both ways of loading alike; the built-in library's rules refuse it.
    let text = GOOD.replace("      rest: 20", "      rest: 20\n      rset: 1");
    assert_eq!(load_one(&text), Vec::<String>::new());
    let file = SourceFile {
        path: "user.yaml".into(),
        text,
    };
    let lib = over_builtin().layer(vec![file.clone()]).load().unwrap();
    let left_out: Vec<String> = lib.left_out().map(|p| p.to_string()).collect();
    assert_eq!(left_out.len(), 1, "{left_out:?}");
    let at = "user.yaml:14:7: exercise 'wall-sit', field `dose.rset`: unknown field `rset`";
    assert!(left_out[0].starts_with(at), "{left_out:?}");
    assert!(left_out[0].ends_with(backrelief::library::LEFT_OUT));
    let wall_sit = lib.exercises.iter().find(|e| e.id == "wall-sit");
    let dose = &wall_sit.expect("loaded, the field left out").dose;
    assert_eq!((dose.sets, dose.rest), (2, 20));
    let strict = Loader::new()
        .strict()
        .layer(builtin_files())
        .layer(vec![file])
        .load();
    let errs: Vec<String> = strict
        .unwrap_err()
        .0
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert!(errs.iter().any(|e| e.starts_with(at)), "{errs:?}");
}

#[test]
fn duplicate_ids_in_one_layer_and_unknown_references_are_reported() {
    let twice = format!("{GOOD}{}", GOOD.replace("exercises:\n", ""));
    let errs = load_one(&twice);
    assert!(
        errs.iter()
            .any(|e| e.starts_with("user.yaml:24:5: duplicate exercise id 'wall-sit'")),
        "{errs:?}"
    );
    let prog = "programs:\n  - id: mine\n    name: Mine\n    summary: x\n    steps:\n      - exercise: bird-dgo\n";
    let errs = load_one(prog);
    assert_eq!(errs, vec!["user.yaml:6:19: program 'mine': unknown exercise 'bird-dgo' — did you mean 'bird-dog'?".to_string()]);
}

#[test]
fn variant_cycles_are_refused() {
    let text = format!(
        "{}{}",
        GOOD.replace(
            "    make_it_easier: Stay higher.",
            "    make_it_easier: Stay higher.\n    easier: wall-sit-2"
        ),
        GOOD.replace("exercises:\n", "")
            .replace("wall-sit", "wall-sit-2")
            .replace(
                "    make_it_easier: Stay higher.",
                "    make_it_easier: Stay higher.\n    easier: wall-sit"
            )
    );
    let errs = load_one(&text);
    assert!(
        errs.iter()
            .any(|e| e.contains("go round in a circle: wall-sit -> wall-sit-2 -> wall-sit")),
        "{errs:?}"
    );
}

/// `GOOD` as the user's own bird-dog: it keeps the built-in one's
/// movements, which a layer may add to but not drop.
fn bird_dog_override() -> String {
    GOOD.replace("wall-sit", "bird-dog")
        .replace("Wall sit", "My bird-dog")
        .replace(
            "movements: [standing]",
            "movements: [standing, kneeling, weight-on-arms]",
        )
}

#[test]
fn a_user_layer_overrides_builtin_entries_by_id() {
    let text = bird_dog_override();
    let file = SourceFile {
        path: "user.yaml".into(),
        text,
    };
    let lib = Loader::new()
        .layer(builtin_files())
        .layer(vec![file])
        .load()
        .unwrap();
    assert_eq!(lib.exercise("bird-dog").unwrap().name, "My bird-dog");
    assert_eq!(
        lib.exercises.iter().filter(|e| e.id == "bird-dog").count(),
        1
    );
}

#[test]
fn check_command_reports_ok_and_problems() {
    let home = Home::new();
    home.run_in_process(&["check"])
        .success()
        .stdout(starts_with(format!(
            "ok: {} exercises, {} causes, 6 programs",
            crate::support::builtin().exercises.len(),
            crate::support::builtin().causes.len()
        )));

    let good = home.write("lib/good.yaml", GOOD);
    home.in_process()
        .arg("check")
        .arg(&good)
        .assert()
        .stdout(starts_with(format!(
            "ok: {} exercises",
            crate::support::builtin().exercises.len() + 1
        )));

    std::fs::remove_file(&good).unwrap();
    let bad = home.write(
        "lib/bad.yaml",
        &GOOD.replace("[quadriceps]", "[quads, nope]"),
    );
    let out = home
        .in_process()
        .arg("check")
        .arg(home.path().join("lib"))
        .assert()
        .code(1);
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{}:6:24: exercise 'wall-sit': unknown muscle 'nope'",
            bad.display()
        )),
        "{err}"
    );
    // quads is an alias, but the library itself must use ids.
    assert!(
        err.contains("unknown muscle 'quads' — did you mean 'quadriceps'?"),
        "{err}"
    );
}

#[test]
fn user_routines_directory_and_library_flag_are_merged() {
    let home = Home::new();
    home.write("config/backrelief/routines/mine.yaml", GOOD);
    home.run_in_process(&["show", "wall-sit"])
        .success()
        .stdout(contains("Wall sit"));

    let other = Home::new();
    other.write("lib/x.yaml", &GOOD.replace("Wall sit", "Wall squat hold"));
    other
        .in_process()
        .args(["show", "wall-sit", "--library"])
        .arg(other.path().join("lib"))
        .assert()
        .stdout(contains("Wall squat hold"));
}

#[test]
fn empty_and_non_utf8_files_are_problems_not_panics() {
    let home = Home::new();
    home.write("lib/empty.yaml", "");
    std::fs::write(
        home.path().join("lib/binary.yaml"),
        b"exercises:\n  - id: \xff\xfe\n",
    )
    .unwrap();
    home.in_process()
        .arg("check")
        .arg(home.path().join("lib"))
        .assert()
        .code(1)
        .stderr(contains("binary.yaml:2:9: file is not valid UTF-8"))
        .stderr(contains("empty.yaml:1:1: file is empty"));
}

#[test]
fn the_prebuilt_builtin_library_matches_the_yaml() {
    let from_yaml = builtin();
    let prebuilt = backrelief::store::library::builtin_library();
    assert_eq!(
        serde_json::to_value(&prebuilt).unwrap(),
        serde_json::to_value(from_yaml).unwrap()
    );
    assert_eq!(
        prebuilt.exercise("bird-dog").map(|e| e.name.as_str()),
        Some("Bird-dog")
    );
}

#[test]
fn built_in_safety_is_a_floor_a_layer_may_add_to_but_not_take_from() {
    let builtin = backrelief::store::library::builtin_library();
    let plank = builtin.exercise("plank").unwrap();
    let as_yaml = |section: &str, value: serde_json::Value| {
        backrelief::library::to_yaml(&serde_json::json!({ section: [value] }))
    };
    let mut weaker = serde_json::to_value(plank).unwrap();
    weaker["movements"] = serde_json::json!(["standing"]);
    weaker["loaded"] = serde_json::json!(false);
    let problems = load_one(&as_yaml("exercises", weaker.clone()));
    assert_eq!(problems.len(), 1, "{problems:?}");
    for words in [
        "exercise 'plank' is built in (first defined at routines/exercises/",
        "not drop or reword its movement 'weight-on-arms'",
        "its movement 'raised-abdominal-pressure'",
        "turn off `loaded`",
    ] {
        assert!(problems[0].contains(words), "{words}: {problems:?}");
    }
    // Adding a movement, a rule, an alias or a stop sign is fine.
    let mut stronger = serde_json::to_value(plank).unwrap();
    stronger["movements"]
        .as_array_mut()
        .unwrap()
        .push("lying-on-front".into());
    assert_eq!(
        load_one(&as_yaml("exercises", stronger)),
        Vec::<String>::new()
    );
    let pregnancy = builtin.condition("pregnancy").unwrap();
    let mut more = serde_json::to_value(pregnancy).unwrap();
    more["aliases"]
        .as_array_mut()
        .unwrap()
        .push("expecting".into());
    more["rules"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "movement": "inversion", "reason": "it is not safe", "source": "mine"
        }));
    assert_eq!(load_one(&as_yaml("conditions", more)), Vec::<String>::new());
    // Dropping or rewording a rule, a limit or an alias is not.
    let mut fewer = serde_json::to_value(pregnancy).unwrap();
    fewer["rules"].as_array_mut().unwrap().remove(0);
    fewer["rules"][0]["reason"] = "fine really".into();
    fewer["aliases"] = serde_json::json!([]);
    let problems = load_one(&as_yaml("conditions", fewer));
    assert_eq!(problems.len(), 1, "{problems:?}");
    for words in [
        "condition 'pregnancy' is built in",
        "rule on 'raised-abdominal-pressure'",
        "rule on 'pressure-on-abdomen'",
        "alias 'pregnant'",
    ] {
        assert!(problems[0].contains(words), "{words}: {problems:?}");
    }
    // Dropping a limit is not either.
    let standing = builtin.condition("standing-is-hard").unwrap();
    let mut unlimited = serde_json::to_value(standing).unwrap();
    unlimited["limits"] = serde_json::json!([]);
    let problems = load_one(&as_yaml("conditions", unlimited));
    assert!(
        problems.len() == 1 && problems[0].contains("limit on 'standing-minutes'"),
        "{problems:?}"
    );
    // `check` says the same, with the exit code for an invalid library.
    let home = Home::new();
    let file = home.write("mine.yaml", &as_yaml("exercises", weaker));
    let out = home.in_process().arg("check").arg(&file).assert().code(1);
    let err = stderr(&out);
    assert!(
        err.contains("exercise 'plank' is built in") && err.contains("'weight-on-arms'"),
        "{err}"
    );
}

/// The benchmark library generator keeps up with the schema: its
/// exercises, laid over the built-in library as a person's own file would
/// be, load without a single warning (a missing new field would warn).
#[test]
fn the_generated_benchmark_library_loads_without_warnings() {
    let lib = Loader::new()
        .layer(builtin_files())
        .layer(vec![SourceFile {
            path: "generated.yaml".into(),
            text: backrelief_library::synthetic::exercises_yaml(60),
        }])
        .load()
        .expect("the generated library is valid");
    assert!(lib.exercise("gen-59").is_some());
    let warnings: Vec<String> = lib.warnings.iter().map(|w| w.to_string()).collect();
    assert!(warnings.is_empty(), "{}", warnings.join("\n"));
}

/// Where the ladder of a chair, standing or wall exercise ends on purpose,
/// and why: (id, the missing link, the reason).
const LADDER_ENDS: &[(&str, &str, &str)] = &[
    // The easiest forms: gentle, sitting, difficulty 1; each has its own
    // `make_it_easier` step in place.
    (
        "seated-tummy-brace",
        "easier",
        "the gentlest strength work there is: a light tightening while sitting and breathing",
    ),
    (
        "seated-pelvic-floor-squeeze",
        "easier",
        "a gentle squeeze while sitting and breathing; its own make_it_easier squeezes less and for less time",
    ),
    (
        "seated-pelvic-floor-squeeze",
        "harder",
        "it grows by longer holds and more squeezes (a pelvic health physiotherapist sets more), not by a different exercise",
    ),
    (
        "seated-shoulder-squeeze",
        "easier",
        "a squeeze without weight, sitting: the gentlest work for the upper back",
    ),
    (
        "seated-knee-squeeze",
        "easier",
        "a half-strength squeeze, sitting: nothing moves",
    ),
    (
        "seated-heel-raise",
        "easier",
        "the calves' gentlest work: sitting, the legs carry no weight",
    ),
    (
        "seated-trunk-turn",
        "easier",
        "the smallest turn of the trunk, sitting, arms folded",
    ),
    (
        "seated-pelvic-rock",
        "easier",
        "only the pelvis moves, a little, sitting",
    ),
    (
        "seated-back-extension",
        "easier",
        "a small arch, sitting, with the hands supporting the back",
    ),
    (
        "seated-breathing",
        "easier",
        "slow breathing, sitting: nothing gentler",
    ),
    (
        "seated-figure-four",
        "easier",
        "the chair form of the figure-four stretch; lower the ankle on the shin to ease it",
    ),
    (
        "seated-hamstring-stretch",
        "easier",
        "the chair form of the hamstring stretch; bend the knee a little to ease it",
    ),
    (
        "seated-hip-flexor-stretch",
        "easier",
        "the chair form of the hip flexor stretch; smaller range eases it",
    ),
    (
        "supported-single-leg-stand",
        "easier",
        "both hands on a chair, a foot just off the floor: the first step of balance work",
    ),
    (
        "partial-hang",
        "easier",
        "the feet stay on the floor and take as much weight as is needed",
    ),
    (
        "trigger-point-release",
        "easier",
        "a ball against a wall: the person sets the pressure by leaning less",
    ),
    (
        "wall-pelvic-tilt",
        "easier",
        "its easier form is the same tilt sitting, in `make_it_easier`",
    ),
    (
        "seated-goal-post",
        "easier",
        "the arms stay at shoulder height, sitting: gentler work for the upper back",
    ),
    (
        "chin-tuck",
        "easier",
        "a small nod of the head, sitting: nothing gentler",
    ),
    (
        "sciatic-nerve-glide",
        "easier",
        "a glide is eased by moving less, in `make_it_easier`",
    ),
    // The top of a ladder that stays off the floor: harder still needs
    // weights, bands or someone beside the person.
    (
        "hip-hinge",
        "harder",
        "a loaded hinge needs weights and a clinician's coaching",
    ),
    (
        "deeper-wall-sit",
        "harder",
        "lower than the thighs level strains the knees; longer holds are the dose's job",
    ),
    (
        "single-leg-heel-raise",
        "harder",
        "the top of the calf ladder without weights",
    ),
    (
        "single-leg-stand",
        "harder",
        "harder balance work (eyes closed, soft ground) needs someone beside the person",
    ),
    (
        "standing-back-extension",
        "harder",
        "arching further means lying face down (sphinx, press-up): the floor's own ladder",
    ),
    (
        "standing-side-reach",
        "harder",
        "a side bend further than this is an end-range stretch, not needed for the back",
    ),
    (
        "wall-push-up-far",
        "harder",
        "push-ups lower down put the body's weight through the wrists: a clinician's call",
    ),
    (
        "wall-side-steps",
        "harder",
        "harder still needs a resistance band, which the library does not ask for",
    ),
    (
        "wall-pelvic-tilt",
        "harder",
        "a tilt is a small movement; lying down (pelvic tilt) is easier, not harder",
    ),
    (
        "wall-angel",
        "harder",
        "further overhead range loads the shoulder",
    ),
    (
        "chin-tuck",
        "harder",
        "the exercise itself, not a chair version: it keeps its rank for everyone",
    ),
    (
        "sciatic-nerve-glide",
        "harder",
        "a nerve glide is never made harder at home: tensioning the nerve can flare it",
    ),
];

/// Issue 29: every exercise that is done on a chair, standing or at a wall
/// (no floor) has an easier and a harder variant, or `LADDER_ENDS` says why
/// its ladder ends there; an easier variant is never harder, a harder one
/// never easier, and the list of ends holds no stale entry.
#[test]
fn every_chair_standing_and_wall_exercise_has_both_variants() {
    use backrelief::library::Position;
    let lib = builtin();
    let off_floor = |e: &backrelief::library::Exercise| {
        matches!(e.position, Position::Standing | Position::Sitting)
            && !lib.involves(e, "floor-transfer")
    };
    let mut problems = Vec::new();
    for e in lib.exercises.iter().filter(|e| off_floor(e)) {
        for (field, link) in [("easier", &e.easier), ("harder", &e.harder)] {
            let end = LADDER_ENDS
                .iter()
                .find(|(id, f, _)| *id == e.id.as_str() && *f == field);
            match (link.as_deref(), end) {
                (Some(v), None) => {
                    let x = lib.exercise(v).expect("validated link");
                    let in_order = if field == "easier" {
                        x.difficulty <= e.difficulty
                    } else {
                        x.difficulty >= e.difficulty
                    };
                    if !in_order {
                        problems.push(format!(
                            "{}: its {field} variant {v} is at difficulty {} against its {}",
                            e.id, x.difficulty, e.difficulty
                        ));
                    }
                }
                (None, Some((_, _, why))) => {
                    assert!(why.split_whitespace().count() >= 5, "{}: {why}", e.id);
                    if field == "easier" && e.difficulty != 1 {
                        problems.push(format!(
                            "{}: the easiest form must be at difficulty 1",
                            e.id
                        ));
                    }
                }
                (None, None) => problems.push(format!(
                    "{}: no {field} variant; add one, or say why in LADDER_ENDS",
                    e.id
                )),
                (Some(v), Some(_)) => problems.push(format!(
                    "{}: has {field} {v} now; take it out of LADDER_ENDS",
                    e.id
                )),
            }
        }
    }
    for (id, _, _) in LADDER_ENDS {
        let e = lib.exercise(id).expect("an exercise");
        assert!(off_floor(e), "{id} is floor work: not for LADDER_ENDS");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The seated hip flexor stretch is done sideways on an armless chair with
/// one leg behind: a transfer out of a wheelchair, so a wheelchair user
/// never gets it (a physiotherapist's review), while someone for whom only
/// the floor is hard still does.
#[test]
fn a_wheelchair_user_is_not_asked_to_sit_sideways_on_another_chair() {
    let lib = builtin();
    let e = lib.exercise("seated-hip-flexor-stretch").unwrap();
    let wheelchair = vec!["wheelchair".to_string()];
    assert!(backrelief::planner::condition_exclusion(lib, e, &wheelchair).is_some());
    let floor = vec!["floor-is-hard".to_string()];
    assert!(backrelief::planner::condition_exclusion(lib, e, &floor).is_none());
}
