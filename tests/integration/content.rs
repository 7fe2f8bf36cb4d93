//! Issue 32: progress and report from the first day, lessons, walks and
//! the library's sources.

use crate::support::{stdout, Home};
use chrono::{Duration, NaiveDate};

const TODAY: &str = "2026-11-25";

fn day(offset: i64) -> NaiveDate {
    TODAY.parse::<NaiveDate>().unwrap() - Duration::days(offset)
}

/// One session line as `session` writes it, on `date` at half past seven.
fn session_line(date: NaiveDate, n: u32, before: u8, after: u8) -> String {
    format!(
        r#"{{"schema":1,"id":"{}-073000-0000000{n}","started":"{date}T07:30:00+01:00","ended":"{date}T07:45:00+01:00","source":{{"kind":"answers"}},"causes":[],"pain_before":{before},"pain_after":{after},"minutes_planned":15.0,"steps":[{{"exercise":"cat-cow","status":"done","seconds_held":90,"seconds_planned":90}}],"interrupted":false}}"#,
        date.format("%Y%m%d")
    )
}

/// A person who started ten days ago (today is day 10) and did six
/// sessions since.
fn started_ten_days_ago() -> Home {
    let home = Home::new();
    let lines: Vec<String> = [9, 8, 6, 5, 2, 0]
        .iter()
        .enumerate()
        .map(|(n, off)| session_line(day(*off), n as u32, 6, 4))
        .collect();
    home.write("data/history.jsonl", &(lines.join("\n") + "\n"));
    home
}

#[test]
fn progress_for_someone_who_started_ten_days_ago_starts_at_the_first_day() {
    let home = started_ten_days_ago();
    let out = home.run_in_process(&["--today", TODAY, "progress"]);
    let text = stdout(&out);
    assert!(
        text.contains("each day's session, since Nov 16"),
        "the chart starts on the first day:\n{text}"
    );
    // Ten columns, one a day, not six weeks with the days at the right edge.
    let axis = text.lines().find(|l| l.contains('└')).unwrap();
    assert_eq!(axis.chars().filter(|c| *c == '─').count(), 10, "{axis}");
    let pain_row = text.lines().find(|l| l.starts_with("  4 ┤")).unwrap();
    assert!(pain_row.starts_with("  4 ┤██"), "{pain_row}");
    // Wednesday 25 November: the week began on Monday 23rd, before it a
    // session on the 23rd and today.
    assert!(
        text.contains("This week: sessions on 2 of 3 day(s) so far."),
        "{text}"
    );
}

#[test]
fn report_for_someone_who_started_ten_days_ago_counts_adherence_from_that_day() {
    let home = started_ten_days_ago();
    let out = home.run_in_process(&["--today", TODAY, "report"]);
    let text = stdout(&out);
    assert!(
        text.contains("6 sessions on 6 of 10 days (60%)"),
        "adherence over the ten days, not six weeks:\n{text}"
    );
    assert!(
        text.contains("The 10 days since the first record on 16 November 2026"),
        "{text}"
    );
    // Two weeks: 16-18 Nov (3 days) and 19-25 Nov; none before the start.
    assert!(text.contains("16 Nov to 18 Nov"), "{text}");
    assert!(text.contains("| 2 of 3 |"), "{text}");
    assert!(
        !text.contains("Oct"),
        "no empty weeks before day one:\n{text}"
    );
}

// --- Sources a reader can find: the validator -------------------------

use backrelief::library::{Library, Loader, Problems, SourceFile};
use backrelief::store::library::{builtin_files, over_builtin};

/// A user's exercise (`id`) whose fields can be swapped: `{evidence}`,
/// `{dose_source}` and `{feel}` are filled in by each test.
fn exercise_yaml(evidence: &str, dose_source: &str, feel: &str) -> String {
    format!(
        "exercises:
  - id: wall-press
    name: Wall press
    category: strengthening
    muscles:
      primary: [core]
    position: standing
    movements: [standing]
    difficulty: 1
    dose:
      reps: 8
{dose_source}    instructions:
      - Stand facing a wall and press both hands into it.
    feel: {feel}
    cautions:
      - Stop if it hurts sharply.
    make_it_easier: Press more gently.
    illustration: |2
        o|
{evidence}{COME_OUT}"
    )
}

/// `exercise_yaml` with its id and name changed.
fn renamed_yaml(id: &str, name: &str) -> String {
    exercise_yaml("", SOURCED, FEEL)
        .replace("id: wall-press", &format!("id: {id}"))
        .replace("name: Wall press", &format!("name: {name}"))
}

fn file(text: &str) -> SourceFile {
    SourceFile {
        path: "mine.yaml".into(),
        text: text.into(),
    }
}

/// Loaded as the built-in library is (strict: problems are errors).
fn strict_problems(text: &str) -> Vec<String> {
    match Loader::new()
        .strict()
        .layer(builtin_files())
        .layer(vec![file(text)])
        .load()
    {
        Ok(_) => Vec::new(),
        Err(Problems(p)) => p.iter().map(|p| p.to_string()).collect(),
    }
}

/// Loaded as a person's own file is: it loads, with warnings.
fn user_warnings(text: &str) -> Vec<String> {
    let lib: Library = over_builtin()
        .layer(vec![file(text)])
        .load()
        .expect("a user's file with unlisted sources still loads");
    lib.warnings.iter().map(|p| p.to_string()).collect()
}

const SOURCED: &str = "    dose_source: garber-2011\n";
/// Said last, so the lines above keep their numbers.
const COME_OUT: &str = "    come_out: Step back from the wall.\n";
const FEEL: &str = "The front of your trunk working.";

#[test]
fn the_built_in_library_is_sourced_and_loads_strictly() {
    let lib = Loader::new()
        .strict()
        .layer(builtin_files())
        .load()
        .unwrap();
    assert!(lib.warnings.is_empty());
    // Nothing cites the project's own notes; every exercise's dose is sourced.
    for e in lib.exercises.iter() {
        assert!(e.dose_source.is_some(), "{}", e.id);
    }
    let all = serde_json::to_string(&lib).unwrap();
    assert!(!all.contains("clinical-notes"));
    assert!(!all.contains("Clinical notes"));
    assert!(lib.source("pocovi-2024").is_some());
}

#[test]
fn a_claim_without_a_listed_source_is_refused_at_its_place() {
    let text = exercise_yaml(
        "    evidence:\n      - claim: Walls help.\n        source: clinical-notes.md\n",
        SOURCED,
        FEEL,
    );
    let p = strict_problems(&text);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with(
            "mine.yaml:23:17: exercise 'wall-press': 'clinical-notes.md' is not a listed source"
        ),
        "{p:?}"
    );
    // A precaution is not evidence for a claim.
    let text = exercise_yaml(
        "    evidence:\n      - claim: Walls help.\n        source: \"precaution: it seems likely\"\n",
        SOURCED,
        FEEL,
    );
    let p = strict_problems(&text);
    assert!(
        p.iter().any(|p| p.starts_with("mine.yaml:23:")
            && p.contains("a claim of evidence needs a listed source")),
        "{p:?}"
    );
    // A listed source is fine.
    let text = exercise_yaml(
        "    evidence:\n      - claim: Exercise helps.\n        source: hayden-2021\n",
        SOURCED,
        FEEL,
    );
    assert_eq!(strict_problems(&text), Vec::<String>::new());
}

#[test]
fn a_dose_with_neither_source_nor_precaution_is_refused() {
    let p = strict_problems(&exercise_yaml("", "", FEEL));
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("mine.yaml:10:5: exercise 'wall-press': its dose names no source"),
        "{p:?}"
    );
    let reasoned = "    dose_source: \"precaution: a usual starting dose\"\n";
    assert_eq!(
        strict_problems(&exercise_yaml("", reasoned, FEEL)),
        Vec::<String>::new()
    );
    let empty = "    dose_source: \"precaution:\"\n";
    let p = strict_problems(&exercise_yaml("", empty, FEEL));
    assert!(p[0].contains("needs the reasoning"), "{p:?}");
}

#[test]
fn an_id_in_reader_text_is_refused_at_its_column() {
    let feel = "Your erector-spinae working.";
    let p = strict_problems(&exercise_yaml("", SOURCED, feel));
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with(
            "mine.yaml:15:16: exercise 'wall-press', field `feel`: 'erector-spinae' is an id"
        ),
        "{p:?}"
    );
    // What people call things is not an id in prose, even when written
    // like one (the exercise named "Cat-cow").
    let feel = "Like the cat-cow, but standing.";
    assert_eq!(
        strict_problems(&exercise_yaml("", SOURCED, feel)),
        Vec::<String>::new()
    );
}

#[test]
fn a_user_file_gets_warnings_never_an_error() {
    let text = exercise_yaml(
        "    evidence:\n      - claim: Walls help.\n        source: My physio, 2019\n",
        "",
        "Your erector-spinae working.",
    );
    let w = user_warnings(&text);
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(
        w.iter()
            .any(|w| w.starts_with("mine.yaml:22:17:") && w.contains("'My physio, 2019'")),
        "{w:?}"
    );
    assert!(w.iter().any(|w| w.starts_with("mine.yaml:10:5:")), "{w:?}");
    assert!(w.iter().any(|w| w.starts_with("mine.yaml:14:16:")), "{w:?}");
    // Every command still runs; `check` shows the warnings and succeeds.
    let home = Home::new();
    let path = home.write("lib/mine.yaml", &text);
    let out = home
        .run_in_process(&["check", path.to_str().unwrap()])
        .success();
    let err = crate::support::stderr(&out);
    assert!(err.contains("mine.yaml:22:17: warning: "), "{err}");
    assert!(stdout(&out).starts_with("ok: "));
    let dir = home.path().join("lib");
    home.run_in_process(&["--library", dir.to_str().unwrap(), "show", "wall-press"])
        .success();
}

// --- Names that match ids, and renamed ids that keep resolving ---------

#[test]
fn an_id_that_contradicts_its_name_or_position_is_refused_at_its_place() {
    let p = strict_problems(&renamed_yaml("wall-press-lower", "Wall press, upper body"));
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with(
            "mine.yaml:3:5: exercise 'wall-press-lower': its id says 'lower' but its name"
        ),
        "{p:?}"
    );
    // A position word in the id must be the exercise's position.
    let p = strict_problems(&renamed_yaml("seated-wall-press", "Seated wall press"));
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].contains("its id says 'seated' but its position is standing"),
        "{p:?}"
    );
    // Agreeing words are fine; in a person's own file it is a warning.
    assert_eq!(
        strict_problems(&renamed_yaml("standing-wall-press", "Standing wall press")),
        Vec::<String>::new()
    );
    let w = user_warnings(&renamed_yaml("wall-press-lower", "Wall press, upper body"));
    assert!(w.iter().any(|w| w.starts_with("mine.yaml:3:5:")), "{w:?}");
}

#[test]
fn a_former_id_must_find_exactly_one_exercise() {
    let text = exercise_yaml("", SOURCED, FEEL).replace(
        "    category: strengthening\n",
        "    former_ids: [cat-cow]\n    category: strengthening\n",
    );
    let p = strict_problems(&text);
    assert!(
        p.iter().any(|p| p.starts_with("mine.yaml:4:18:")
            && p.contains("former id 'cat-cow' is another exercise's id")),
        "{p:?}"
    );
}

/// A history line of a session that did `exercise`, `days_ago` days before TODAY.
fn did(exercise: &str, days_ago: i64, n: u32) -> String {
    session_line(day(days_ago), n, 3, 2).replace("cat-cow", exercise)
}

#[test]
fn a_renamed_exercise_resolves_by_its_old_id_everywhere() {
    let home = Home::new();
    let old = "foam-roll-lower-back";
    // `show` and the profile's --avoid take the old id.
    let out = home.run_in_process(&["show", old]).success();
    assert!(
        stdout(&out).contains("(foam-roll-upper-back)"),
        "{}",
        stdout(&out)
    );
    // A profile written before the rename still leaves it out.
    home.write(
        "config/backrelief/profile.yaml",
        "version: 1\nconditions: []\nequipment: [mat, foam-roller]\nminutes: 20\navoid: [foam-roll-lower-back]\n",
    );
    let out = home.run_in_process(&["profile"]).success();
    assert!(
        stdout(&out).contains("Foam roll the upper back"),
        "{}",
        stdout(&out)
    );
    // A saved program written with the old id loads and runs it.
    home.write(
        "config/backrelief/routines/programs/mine.yaml",
        "programs:\n  - id: my-rolling\n    name: My rolling\n    summary: Rolling.\n    steps:\n      - exercise: foam-roll-lower-back\n",
    );
    let out = home.run_in_process(&["check"]).success();
    assert!(
        !crate::support::stderr(&out).contains("unknown exercise"),
        "{}",
        crate::support::stderr(&out)
    );
    // History under the old id counts for the exercise in the report.
    let lines: Vec<String> = (0..3).map(|n| did(old, 3 - i64::from(n), n)).collect();
    home.write("data/history.jsonl", &(lines.join("\n") + "\n"));
    let out = home.run_in_process(&["--today", TODAY, "report"]).success();
    let text = stdout(&out);
    assert!(text.contains("Foam roll the upper back"), "{text}");
    assert!(!text.contains(old), "{text}");
}

#[test]
fn progress_counts_a_renamed_exercise_once_under_its_current_id() {
    let home = Home::new();
    let (old, new) = ("foam-roll-lower-back", "foam-roll-upper-back");
    // Two sessions before the rename, two after.
    let lines: Vec<String> = [old, old, new, new]
        .iter()
        .enumerate()
        .map(|(n, id)| did(id, 4 - n as i64, n as u32))
        .collect();
    home.write("data/history.jsonl", &(lines.join("\n") + "\n"));
    let out = home
        .run_in_process(&["--today", TODAY, "progress"])
        .success();
    let text = stdout(&out);
    assert!(!text.contains(old), "{text}");
    let rows: Vec<&str> = text.lines().filter(|l| l.contains(new)).collect();
    // One row in "done most" and one in "largest pain drops", each of all four.
    assert_eq!(rows.len(), 2, "{text}");
    assert!(rows[0].trim_end().ends_with(" 4"), "{text}");
    assert!(rows[1].contains("(4 sessions)"), "{text}");
    let out = home
        .run_in_process(&["--today", TODAY, "progress", "--json"])
        .success();
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let rolls: Vec<&serde_json::Value> = json["exercises"]
        .as_array()
        .expect("exercises")
        .iter()
        .filter(|e| {
            e["exercise"]
                .as_str()
                .is_some_and(|e| e.starts_with("foam-roll"))
        })
        .collect();
    assert_eq!(rolls.len(), 1, "{json}");
    assert_eq!(rolls[0]["exercise"], new);
    assert_eq!(rolls[0]["sessions"], 4);
}

// --- Every position says how to come out of it -------------------------

#[test]
fn an_exercise_without_a_way_out_is_refused_at_its_place() {
    let text = exercise_yaml("", SOURCED, FEEL).replace(COME_OUT, "");
    let p = strict_problems(&text);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("mine.yaml:2:5: exercise 'wall-press': says nothing of how to come out of it (standing)"),
        "{p:?}"
    );
    let empty = exercise_yaml("", SOURCED, FEEL).replace(COME_OUT, "    come_out: \" \"\n");
    let p = strict_problems(&empty);
    assert!(
        p.iter()
            .any(|p| p.starts_with("mine.yaml:21:") && p.contains("`come_out` is empty")),
        "{p:?}"
    );
    // A person's own file: a warning, and every command still runs.
    let w = user_warnings(&text);
    assert!(
        w.iter()
            .any(|w| w.starts_with("mine.yaml:2:5:") && w.contains("come out")),
        "{w:?}"
    );
}

#[test]
fn every_built_in_exercise_says_how_to_come_out_and_show_prints_it() {
    let lib = crate::support::builtin();
    for e in lib.exercises.iter() {
        let way = e.come_out.as_deref().unwrap_or_default();
        assert!(way.split_whitespace().count() >= 5, "{}: {way:?}", e.id);
    }
    let out = Home::new()
        .run_in_process(&["show", "child-pose"])
        .success();
    let text = stdout(&out);
    assert!(
        text.contains("To come out: Walk your hands back toward your knees"),
        "{text}"
    );
}

#[test]
fn the_seated_hip_flexor_stretch_is_there_for_someone_who_cannot_kneel() {
    let lib = crate::support::builtin();
    let e = lib.exercise("seated-hip-flexor-stretch").unwrap();
    assert!(e.stretch && !lib.involves(e, "kneeling") && !lib.involves(e, "floor-transfer"));
    assert_eq!(e.harder.as_deref(), Some("standing-hip-flexor-stretch"));
    let standing = lib.exercise("standing-hip-flexor-stretch").unwrap();
    assert_eq!(
        standing.easier.as_deref(),
        Some("seated-hip-flexor-stretch")
    );
    assert!(e.dose_source.is_some() && !e.evidence.is_empty());
}

// --- Words that feed fear ---------------------------------------------

#[test]
fn reader_text_never_says_poor_posture_or_that_moving_makes_it_worse() {
    let lib = crate::support::builtin();
    let all = serde_json::to_string(lib).unwrap().to_lowercase();
    for phrase in [
        "poor posture",
        "makes it worse",
        "make it worse",
        "bad posture",
    ] {
        assert!(!all.contains(phrase), "the library says {phrase:?}");
    }
    // "Realignment" is never an exercise's name: it names the tradition,
    // and every plan with such a step says what it really does.
    for e in lib.exercises.iter() {
        assert!(!e.name.to_lowercase().contains("realign"), "{}", e.name);
    }
    let home = Home::new();
    let answers = home.write(
        "a.yaml",
        "red_flags: []\npain: 3\nareas: [low-back]\nsymptoms: []\nconditions: []\nequipment: [mat]\nminutes: 20\n",
    );
    let out = home
        .run_in_process(&[
            "session",
            "--plan",
            "--program",
            "core-realignment",
            "--answers",
            answers.to_str().unwrap(),
        ])
        .success();
    assert!(
        stdout(&out).contains("they do not move bones back into place"),
        "{}",
        stdout(&out)
    );
}

// --- Lessons during long rests ----------------------------------------

#[test]
fn a_lesson_card_shows_during_a_long_rest_and_at_the_finish_and_is_recorded() {
    let home = Home::new();
    // One exercise with a 30 s rest between its sets: the card shows there.
    let program = "programs:\n  - id: resting\n    name: Resting\n    summary: Two sets.\n    steps:\n      - exercise: glute-bridge\n        dose: {reps: 2, sets: 2, rest: 30}\n";
    home.write("config/backrelief/routines/programs/resting.yaml", program);
    let f = home.write("a.yaml", crate::support::SHORT);
    let out = home
        .cmd()
        .env("BACKRELIEF_TIME_SCALE", "200")
        .args(["session", "--program", "resting", "--answers"])
        .arg(&f)
        .write_stdin("2\n")
        .assert()
        .success();
    let text = stdout(&out);
    let lib = crate::support::builtin();
    let first = &lib.lessons[0];
    let during = text
        .find(&format!("While you rest: {}", first.title))
        .unwrap_or_else(|| panic!("no card during the rest:\n{text}"));
    let finish = text.rfind(first.title.as_str()).unwrap();
    assert!(finish > during, "and again at the finish:\n{text}");
    assert_eq!(home.history()[0]["lesson"], first.id.as_str());
}

/// A condition whose alias is another condition's id (as "spinal-fusion"
/// once was an alias of `implant`): the alias would win over the id.
const ALIAS_IS_AN_ID: &str = "conditions:
  - id: metal-plates
    name: Metal plates in a bone
    aliases: [plates, spinal-fusion]
    advice: Ask your surgeon which movements to avoid.
";

#[test]
fn an_alias_that_is_another_conditions_id_is_refused_at_its_place() {
    let problems = strict_problems(ALIAS_IS_AN_ID);
    assert!(
        problems.iter().any(|p| p.starts_with("mine.yaml:4:")
            && p.contains("alias 'spinal-fusion' is the id of condition 'spinal-fusion'")),
        "{problems:?}"
    );
    // A name that is another condition's alias, in other spelling, too.
    let problems = strict_problems(&ALIAS_IS_AN_ID.replace("spinal-fusion]", "Back_Fusion]"));
    assert!(
        problems
            .iter()
            .any(|p| p.contains("alias 'Back_Fusion' is the alias of condition 'spinal-fusion'")),
        "{problems:?}"
    );
    // In a person's own file it is a warning: the file still loads.
    let warnings = user_warnings(ALIAS_IS_AN_ID);
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("mine.yaml:4:") && w.contains("'spinal-fusion'")),
        "{warnings:?}"
    );
}

// --- Positions that say where the body is ------------------------------

/// An exercise done on the floor has a floor position (sitting on the
/// floor is not sitting on a chair): the run's get-ready times, the
/// planner's order and the vertigo rule of ending upright all read it.
#[test]
fn an_exercise_on_the_floor_has_a_floor_position() {
    let lib = crate::support::builtin();
    for e in lib.exercises.iter() {
        assert_eq!(
            lib.involves(e, "floor-transfer"),
            e.position.is_floor(),
            "{}: position {}",
            e.id,
            e.position.as_str()
        );
        // Its first instruction, which says how to get into it, agrees.
        let first = e.instructions[0].to_lowercase();
        let on_floor = [
            "sit on the floor",
            "sit on the roller",
            "sit on a mat",
            "lie on",
            "lie face",
            "kneel",
            "on your hands and knees",
        ]
        .iter()
        .any(|w| first.contains(w));
        if on_floor {
            assert!(e.position.is_floor(), "{}: \"{first}\"", e.id);
        }
    }
    for id in [
        "hip-90-90",
        "butterfly-stretch",
        "seated-forward-bend",
        "foam-roll-glutes",
    ] {
        assert_eq!(
            lib.exercise(id).unwrap().position.as_str(),
            "sitting-on-floor"
        );
    }
    // Needing to get down to the floor with an upright position is refused
    // at the position (a warning in a person's own file).
    let text = exercise_yaml("", SOURCED, FEEL).replace(
        "    position: standing\n    movements: [standing]\n",
        "    position: sitting\n    movements: [sitting]\n    needs: [floor-transfer]\n",
    );
    let p = strict_problems(&text);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("mine.yaml:7:5: exercise 'wall-press': it needs 'floor-transfer', so it is done on the floor, but its position is sitting"),
        "{p:?}"
    );
    let w = user_warnings(&text);
    assert!(w.iter().any(|w| w.starts_with("mine.yaml:7:5:")), "{w:?}");
    let fixed = text.replace("position: sitting\n", "position: sitting-on-floor\n");
    assert_eq!(strict_problems(&fixed), Vec::<String>::new());
}

/// A condition's `begin_with` names exercises or categories, each once;
/// anything else is refused at its place.
#[test]
fn what_a_condition_begins_with_is_checked_at_its_place() {
    let text = "conditions:\n  - id: my-knees\n    name: My knees\n    begin_with: [breathng, bird-dog, bird-dog]\n";
    let p = strict_problems(text);
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(
        p[0].starts_with("mine.yaml:4:18: condition 'my-knees': 'breathng' in `begin_with` is neither an exercise id nor a category (breathing, mobility, decompression, release, realignment, strengthening); did you mean 'breathing'?"),
        "{p:?}"
    );
    assert!(
        p[1].contains("'bird-dog' is in `begin_with` twice"),
        "{p:?}"
    );
    let fine = "conditions:\n  - id: my-knees\n    name: My knees\n    begin_with: [breathing, bird-dog]\n";
    assert_eq!(strict_problems(fine), Vec::<String>::new());
}

/// The other condition rules of the physiotherapist's review are checked
/// at their place too: `plan_with` as `begin_with`, `advice_covers` only
/// what a condition includes (and with advice of its own), `ask` only with
/// `lifts`, and an answer's `brings` only known conditions.
#[test]
fn condition_rules_from_the_review_are_checked_at_their_place() {
    let text = "conditions:\n  - id: my-knees\n    name: My knees\n    plan_with: [bird-dogg]\n    advice_covers: [glaucoma]\n    ask: Can you kneel?\n";
    let p = strict_problems(text);
    assert_eq!(p.len(), 4, "{p:?}");
    assert!(
        p.iter().any(|p| p.starts_with(
            "mine.yaml:4:17: condition 'my-knees': 'bird-dogg' in `plan_with` is neither"
        )),
        "{p:?}"
    );
    assert!(p.iter().any(|p| p.starts_with("mine.yaml:5:21: condition 'my-knees': it covers the advice of 'glaucoma', which it does not include")), "{p:?}");
    assert!(
        p.iter()
            .any(|p| p.starts_with("mine.yaml:5:") && p.contains("`advice_covers` needs `advice`")),
        "{p:?}"
    );
    assert!(
        p.iter().any(|p| p.starts_with("mine.yaml:6:")
            && p.contains("`ask` is the question for a condition that `lifts` another")),
        "{p:?}"
    );
    let fine = "conditions:\n  - id: my-knees\n    name: My knees\n    includes: [knee-pain]\n    advice: Go gently.\n    advice_covers: [knee-pain]\n    plan_with: [bird-dog]\n";
    assert_eq!(strict_problems(fine), Vec::<String>::new());
    let brings = "questions:\n  - id: my-q\n    field: symptoms\n    asked: daily\n    ask: Anything?\n    choices:\n      - id: my-choice\n        label: Mine\n        brings: [standing-is-hrad]\n";
    let p = strict_problems(brings);
    assert!(
        p.iter()
            .any(|p| p.starts_with("mine.yaml:9:18:")
                && p.contains("did you mean 'standing-is-hard'")),
        "{p:?}"
    );
}
