//! `--json` on every command that prints data: each document names its
//! shape in `schema` and validates against that shape's JSON Schema in
//! `docs/schema/` (derived from the output types: see `schemas.rs`).

use crate::support::*;
use serde_json::Value;

fn schema(name: &str) -> jsonschema::Validator {
    let path = format!(
        "{}/docs/schema/{name}.schema.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("schema file");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn assert_valid(v: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

/// The schema of a document's shape, from its `schema` field
/// ("backrelief/NAME/VERSION").
pub fn schema_of_document(doc: &Value) -> jsonschema::Validator {
    let id = doc["schema"].as_str().expect("a `schema` field");
    schema(id.split('/').nth(1).expect("backrelief/NAME/VERSION"))
}

/// Checks a document against its shape's published schema.
pub fn assert_document_valid(doc: &Value, what: &str) {
    assert_valid(&schema_of_document(doc), doc, what);
}

/// Runs `args`, expecting success and one JSON document naming `schema`,
/// valid against that shape's published schema.
fn json(home: &Home, args: &[&str], expected_schema: &str) -> Value {
    let out = home.run_in_process(args).success();
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    assert_eq!(v["schema"], expected_schema, "{args:?}");
    assert_document_valid(&v, &format!("{args:?}"));
    // The schema comes first, so a reader can check it before the rest.
    assert!(stdout(&out).starts_with(&format!("{{\n  \"schema\": \"{expected_schema}\"")));
    v
}

/// Three real sessions, run fast with a pain score after each.
fn with_sessions(home: &Home) {
    let f = home.write("a.yaml", SHORT);
    for (i, pain) in ["3", "2", "1"].iter().enumerate() {
        let mut cmd = home.cmd();
        cmd.args(["session", "--plain", "--answers"]).arg(&f);
        if i == 1 {
            cmd.args(["--note", "felt looser"]);
        }
        cmd.env("BACKRELIEF_TIME_SCALE", "1000")
            .write_stdin(format!("{pain}\n"))
            .assert()
            .success();
    }
    home.run(&["session", "--program", "desk-worker-reset", "--plain"])
        .code(130); // the questionnaire needs answers: end of input stops it
}

#[test]
fn plans_validate_against_the_plan_schema() {
    let home = Home::new();
    let v = schema("plan");
    let gentle = home.write(
        "gentle.yaml",
        "red_flags: []\npain: 8\nareas: [low-back, leg-below-knee]\nsymptoms: [shooting-leg-pain, bending-worse]\nconditions: [pregnancy, glaucoma]\nequipment: [mat, chair]\nminutes: 30\n",
    );
    let short = home.write("short.yaml", SHORT);
    let mut kinds = Vec::new();
    for (file, extra) in [
        (&short, vec![]),
        (&short, vec!["--program", "desk-worker-reset"]),
        (&gentle, vec![]),
        (&gentle, vec!["--program", "sciatica-relief"]),
    ] {
        let mut args = vec!["session", "--plan", "--json", "--answers"];
        let path = file.display().to_string();
        args.push(&path);
        args.extend(extra);
        let plan = json(&home, &args, "backrelief/plan/1");
        assert_valid(&v, &plan, &format!("{args:?}"));
        assert!(!plan["steps"].as_array().unwrap().is_empty());
        kinds.push(plan["source"]["kind"].as_str().unwrap().to_string());
        if file == &gentle {
            assert_eq!(plan["gentle"], true);
            assert!(!plan["stop_signs"].as_array().unwrap().is_empty());
        }
    }
    assert!(kinds.contains(&"program".into()) && kinds.contains(&"answers".into()));
    // The schema is not a formality: a plan missing a field, or with a
    // phase that does not exist, fails it.
    let mut plan = json(
        &home,
        &[
            "session",
            "--plan",
            "--json",
            "--answers",
            &short.display().to_string(),
        ],
        "backrelief/plan/1",
    );
    plan["steps"][0]["phase"] = "stretching".into();
    assert!(!v.is_valid(&plan));
    plan.as_object_mut().unwrap().remove("steps");
    assert!(!v.is_valid(&plan));
}

#[test]
fn history_records_validate_against_the_record_schema() {
    let home = Home::new();
    with_sessions(&home);
    let v = schema("record");
    // Checked against the history schema by `json`.
    let doc = json(&home, &["history", "--json"], "backrelief/history/2");
    let sessions = doc["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 3);
    // One style of version: the document's, not each record's integer.
    for s in sessions {
        assert!(s.get("schema").is_none(), "{s}");
        let started = s["started"].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(started).is_ok(),
            "{started}"
        );
    }
    assert_eq!(sessions[1]["note"], "felt looser");
    assert_eq!(sessions[2]["pain_after"], 1);
    // The backup format is the same records, one per line.
    let export = stdout(&home.run_in_process(&["history", "export"]).success());
    for line in export.lines() {
        assert_valid(&v, &serde_json::from_str(line).unwrap(), "history export");
    }
    assert_eq!(export.lines().count(), 3);
    let mut bad: Value = serde_json::from_str(export.lines().next().unwrap()).unwrap();
    assert!(v.is_valid(&bad));
    bad["pain_before"] = 11.into();
    assert!(!v.is_valid(&bad));
}

#[test]
fn exercises_validate_against_the_exercise_schema() {
    let home = Home::new();
    let v = schema("exercise");
    let one = json(
        &home,
        &["show", "bird-dog", "--json"],
        "backrelief/exercise/1",
    );
    assert_valid(&v, &one, "show bird-dog");
    assert_eq!(one["id"], "bird-dog");
    let all = json(&home, &["list", "--json"], "backrelief/exercises/1");
    let exercises = all["exercises"].as_array().unwrap();
    assert_eq!(exercises.len(), builtin().exercises.len());
    // Each item is what `show` prints, without the document's `schema`.
    for e in exercises {
        let mut doc = e.clone();
        doc["schema"] = "backrelief/exercise/1".into();
        assert_valid(&v, &doc, e["id"].as_str().unwrap());
    }
    let mut bad = one.clone();
    bad["category"] = "yoga".into();
    assert!(!v.is_valid(&bad));
}

#[test]
fn every_library_command_prints_json_with_a_schema() {
    let home = Home::new();
    let lib = builtin();
    let causes = json(&home, &["causes", "--json"], "backrelief/causes/1");
    assert_eq!(causes["causes"].as_array().unwrap().len(), lib.causes.len());
    let one = json(
        &home,
        &["causes", "sciatica", "--json"],
        "backrelief/cause/1",
    );
    assert_eq!(one["id"], "sciatica");

    let programs = json(&home, &["programs", "--json"], "backrelief/programs/1");
    assert_eq!(
        programs["programs"].as_array().unwrap().len(),
        lib.programs.len()
    );
    let one = json(
        &home,
        &["programs", "desk-worker-reset", "--json"],
        "backrelief/program/1",
    );
    assert_eq!(one["id"], "desk-worker-reset");
    assert!(!one["steps"].as_array().unwrap().is_empty());

    let conditions = json(&home, &["conditions", "--json"], "backrelief/conditions/1");
    assert_eq!(
        conditions["conditions"].as_array().unwrap().len(),
        lib.conditions.len()
    );
    let hip = json(
        &home,
        &["conditions", "hip-replacement", "--json"],
        "backrelief/condition/1",
    );
    assert_eq!(hip["id"], "hip-replacement");
    let left_out = hip["left_out"].as_array().unwrap();
    assert!(!left_out.is_empty());
    assert!(left_out
        .iter()
        .all(|l| l["exercise"].is_string() && l["reason"].is_string()));

    let muscles = json(&home, &["muscles", "--json"], "backrelief/muscles/1");
    let hamstrings = muscles["muscles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "hamstrings")
        .expect("hamstrings");
    let primary = lib
        .exercises
        .iter()
        .filter(|e| e.muscles.primary.iter().any(|m| m == "hamstrings"))
        .count();
    assert_eq!(hamstrings["primary_in"], primary);

    let therapies = json(&home, &["therapies", "--json"], "backrelief/therapies/1");
    assert_eq!(
        therapies["therapies"].as_array().unwrap().len(),
        lib.therapies.len()
    );

    // An unknown id is still a usage error, not an empty document.
    home.run_in_process(&["causes", "nope-nope", "--json"])
        .code(2);

    // Function ratings: rated from the command line, read back as JSON.
    let rated = json(
        &home,
        &["function", "--rate", "a 30-minute walk=4", "--json"],
        "backrelief/function/2",
    );
    assert_eq!(
        rated["ratings"][0]["ratings"][0]["activity"],
        "a 30-minute walk"
    );
    assert_eq!(rated["ratings"][0]["ratings"][0]["score"], 4);
}

#[test]
fn progress_and_profile_print_json_with_a_schema() {
    let home = Home::new();
    let empty = json(&home, &["progress", "--json"], "backrelief/progress/1");
    assert_eq!(empty["sessions"], 0);
    assert_eq!(empty["enough_data"], false);
    with_sessions(&home);
    let p = json(
        &home,
        &["progress", "--json", "--weeks", "1"],
        "backrelief/progress/1",
    );
    assert_eq!(p["sessions"], 3);
    assert_eq!(p["scored_sessions"], 3);
    assert_eq!(p["enough_data"], true);
    assert_eq!(p["current_streak"], 1);
    assert_eq!(p["today"], today());
    // Pain 3 before each; 3, 2 and 1 after: a mean drop of 1.
    assert_eq!(p["mean_pain_drop"], 1.0);
    assert_eq!(p["days"].as_array().unwrap().len(), 1);
    assert_eq!(p["days"][0]["pain_after"], 2.0);
    // Each exercise counts the sessions that did it.
    let history = home.history();
    for e in p["exercises"].as_array().unwrap() {
        let done = history
            .iter()
            .filter(|r| {
                r["steps"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s["exercise"] == e["exercise"] && s["status"] == "done")
            })
            .count();
        assert_eq!(e["sessions"], done, "{e}");
    }

    let home = Home::new();
    let none = json(&home, &["profile", "--json"], "backrelief/profile/2");
    assert!(none["profile"].is_null());
    assert!(none["path"].as_str().unwrap().ends_with("profile.yaml"));
    let set = json(
        &home,
        &[
            "profile",
            "--json",
            "--add-condition",
            "glaucoma",
            "--minutes",
            "20",
        ],
        "backrelief/profile/2",
    );
    assert_eq!(set["profile"]["minutes"], 20);
    // The profile file's own `version` is not shown: the document has one.
    assert!(set["profile"].get("version").is_none());
    assert_eq!(set["profile"]["conditions"][0], "glaucoma");
    let again = json(&home, &["profile", "--json"], "backrelief/profile/2");
    assert_eq!(again["profile"], set["profile"]);
}

/// Two weekly function ratings, a week apart and ending today.
fn with_ratings(home: &Home) {
    let today: chrono::NaiveDate = today().parse().unwrap();
    let week_ago = (today - chrono::Duration::days(7)).to_string();
    for (day, walk, lift) in [
        (week_ago.as_str(), "4", "2"),
        (&today.to_string(), "8", "3"),
    ] {
        home.run_in_process(&[
            "--today",
            day,
            "function",
            "--rate",
            &format!("a 30-minute walk={walk}"),
            "--rate",
            &format!("lifting my child={lift}"),
        ])
        .success();
    }
}

#[test]
fn progress_and_report_json_carry_the_function_ratings() {
    let home = Home::new();
    with_sessions(&home);
    with_ratings(&home);
    let p = json(&home, &["progress", "--json"], "backrelief/progress/1");
    let r = json(&home, &["report", "--json"], "backrelief/report/1");
    for doc in [&p, &r] {
        let f = &doc["function"];
        assert_eq!(f["ratings"].as_array().unwrap().len(), 2, "{f}");
        assert_eq!(f["ratings"][1]["date"], today());
        assert_eq!(f["ratings"][1]["average"], 5.5);
        let walk = &f["activities"][0];
        assert_eq!(walk["activity"], "a 30-minute walk");
        assert_eq!(walk["scores"][1]["score"], 8);
        // +4 on one activity is beyond its noise (3); +1 is not.
        assert_eq!(walk["change"], 4);
        assert_eq!(walk["meaningful"], true);
        assert_eq!(f["activities"][1]["meaningful"], false);
        // The average rose 2.5: beyond the noise of 2.
        assert_eq!(f["average_change"], 2.5);
        assert_eq!(f["meaningful"], true);
    }
    // The report's numbers are those its Markdown shows.
    assert_eq!(r["sessions"], 3);
    assert_eq!(r["notes"][0]["text"], "felt looser");
    assert_eq!(r["mean_drop"], 1.0);
    let markdown = stdout(&home.run_in_process(&["report"]).success());
    assert!(markdown.contains("felt looser"));
    // JSON is a format of its own: it does not mix with --format.
    home.run_in_process(&["report", "--json", "--format", "html"])
        .code(2);
    // And -o writes it to a file, as the other formats.
    let out = home.path().join("visit.json");
    home.run_in_process(&["report", "--json", "-o", &out.display().to_string()])
        .success();
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written["schema"], "backrelief/report/1");
    assert_document_valid(&written, "report --json -o");
}

#[test]
fn check_json_lists_problems_with_their_place_and_keeps_the_exit_code() {
    let home = Home::new();
    let ok = json(&home, &["check", "--json"], "backrelief/check/1");
    assert_eq!(ok["ok"], true);
    assert_eq!(ok["counts"]["exercises"], builtin().exercises.len());
    assert_eq!(ok["problems"].as_array().unwrap().len(), 0);

    let bad = home.write(
        "mine.yaml",
        "exercises:\n  - id: my-stretch\n    difficulty: lots\n",
    );
    let out = home
        .run_in_process(&["check", "--json", &bad.display().to_string()])
        .code(1);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["schema"], "backrelief/check/1");
    assert_document_valid(&doc, "check --json (problems)");
    assert_eq!(doc["ok"], false);
    assert!(doc.get("counts").is_none());
    let p = &doc["problems"][0];
    assert_eq!(p["severity"], "error");
    assert_eq!(p["path"], bad.display().to_string());
    assert_eq!(
        (p["line"].as_u64(), p["column"].as_u64()),
        (Some(3), Some(17))
    );
    assert!(p["message"].as_str().unwrap().contains("difficulty"), "{p}");
    // Standard error still says it, as without --json.
    assert!(stderr(&out).contains(":3:17:"));
    // Without --json: the same exit code, nothing on standard output.
    let plain = home
        .run_in_process(&["check", &bad.display().to_string()])
        .code(1);
    assert!(stdout(&plain).is_empty());
}
