//! list, show, muscles, causes, programs, therapies through the real binary.

use crate::support::{builtin, stdout, Home};
use assert_cmd::assert::Assert;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

/// Runs `args` in a fresh home.
fn run(args: &[&str]) -> Assert {
    Home::new().run_in_process(args)
}

#[test]
fn list_by_muscle_snapshot() {
    let out = run(&["list", "--muscle", "hamstrings"]).success();
    let text = stdout(&out);
    // Secondary matches are marked and come after every primary match.
    let marked: Vec<bool> = text
        .lines()
        .skip(1)
        .map(|l| l.ends_with("hamstrings (secondary)"))
        .collect();
    assert!(marked.contains(&true) && marked.contains(&false), "{text}");
    assert!(marked.windows(2).all(|w| w[0] <= w[1]), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn piped_list_is_never_cut_and_tsv_has_every_field() {
    let text = stdout(&run(&["list"]).success());
    assert!(!text.contains('…'), "{text}");
    let lib = builtin();
    assert_eq!(text.lines().count(), lib.exercises.len() + 1);
    for e in &lib.exercises {
        let row = format!("{} ", e.id);
        let line = text
            .lines()
            .find(|l| l.starts_with(&row))
            .unwrap_or_else(|| panic!("{} missing or cut:\n{text}", e.id));
        assert!(
            line.ends_with(&e.muscles.primary.join(", ")),
            "{line:?} cut"
        );
    }
    let tsv = stdout(&run(&["list", "--muscle", "hamstrings", "--tsv"]).success());
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows[0], ["ID", "CATEGORY", "LVL", "POSITION", "MUSCLES"]);
    assert!(rows.iter().all(|r| r.len() == 5), "{tsv}");
    let glute_bridge = rows.iter().find(|r| r[0] == "glute-bridge").unwrap();
    assert_eq!(glute_bridge[4], "glutes, hamstrings (secondary)");
}

#[test]
fn list_filters_combine_and_know_aliases() {
    let text = stdout(&run(&[
        "list",
        "--muscle",
        "PSOAS",
        "--category",
        "release",
        "--max-difficulty",
        "1",
    ]));
    let ids: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            // Primary matches first, then secondary, each in library order.
            "standing-hip-flexor-stretch",
            "seated-hip-flexor-stretch",
            "side-lying-quad-stretch",
            "figure-four-stretch",
            "butterfly-stretch",
        ]
    );

    let text = stdout(&run(&[
        "list",
        "--cause",
        "sciatica",
        "--equipment",
        "none",
        "--position",
        "on-front",
    ]));
    let ids: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(ids, ["sphinx", "prone-press-up"]);

    let text = stdout(&run(&["list", "--equipment", "roller"]));
    assert_eq!(text.lines().count() - 1, 3, "{text}");
    assert!(text.lines().skip(1).all(|l| l.contains("foam-roll")));
}

#[test]
fn unknown_filter_values_suggest_and_exit_2() {
    run(&["list", "--muscle", "hamstring"])
        .code(2)
        .stderr("backrelief: no muscle 'hamstring' — did you mean 'hamstrings'?\n");
    run(&["list", "--category", "strenght"])
        .code(2)
        .stderr(contains("did you mean 'strengthening'?"));
    run(&["list", "--position", "upside-down"])
        .code(2)
        .stderr(contains("positions are: standing"));
    run(&["list", "--max-difficulty", "4"]).code(2);
}

#[test]
fn list_json_is_full_records() {
    let out = run(&["list", "--category", "breathing", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(v["schema"], "backrelief/exercises/1");
    let arr = v["exercises"].as_array().unwrap();
    assert_eq!(arr.len(), 3);
    assert_eq!(arr[0]["id"], "diaphragmatic-breathing");
    assert!(arr[0]["instructions"].as_array().unwrap().len() >= 3);
    assert!(arr[0]["dose"]["hold"].is_u64());
}

#[test]
fn show_snapshot_and_lookup_by_name_or_alias() {
    let out = run(&["show", "bird-dog"]).success();
    insta::assert_snapshot!(stdout(&out));
    assert_eq!(
        stdout(&run(&["show", "Child's Pose"])),
        stdout(&run(&["show", "balasana"]))
    );
    run(&["show", "brid-dog"])
        .code(2)
        .stderr(contains("did you mean 'bird-dog'?"));
}

#[test]
fn muscles_counts_exercises() {
    let text = stdout(&run(&["muscles"]));
    let ham = text
        .lines()
        .find(|l| l.starts_with("hamstrings "))
        .expect("hamstrings row");
    let count: usize = ham.split_whitespace().nth(1).unwrap().parse().unwrap();
    let listed = stdout(&run(&["list", "--muscle", "hamstrings"]))
        .lines()
        .count()
        - 1;
    assert_eq!(count, listed);
    assert!(ham.contains("back-of-thigh"));
}

#[test]
fn causes_snapshot() {
    let out = run(&["causes", "sciatica"]).success();
    insta::assert_snapshot!(stdout(&out));
    let all = stdout(&run(&["causes"]));
    for id in [
        "muscle-imbalance",
        "poor-posture",
        "tight-hip-flexors",
        "sciatica",
        "arthritis",
        "injury",
    ] {
        assert!(all.contains(id), "{id}");
    }
}

#[test]
fn programs_list_and_detail() {
    let all = stdout(&run(&["programs"]));
    assert_eq!(
        all.lines().filter(|l| l.contains(" steps, about ")).count(),
        6
    );
    let out = run(&["programs", "desk-worker-reset"]);
    insta::assert_snapshot!(stdout(&out));
    run(&["programs", "nope-nope"]).code(2);
}

#[test]
fn therapies_are_advice() {
    let text = stdout(&run(&["therapies"]));
    for name in ["Chiropractic", "Massage", "Physiotherapy"] {
        assert!(text.contains(name), "{name}");
    }
    assert!(text.contains("not timed steps"));
}

#[test]
fn no_color_when_piped_even_without_no_color() {
    Home::new()
        .cmd()
        .env_remove("NO_COLOR")
        .args(["show", "plank"])
        .assert()
        .stdout(contains('\x1b').not());
}

#[test]
fn piped_muscles_keep_every_alias() {
    // A muscle with more aliases than a terminal row holds: piped, none is cut.
    let home = Home::new();
    let aliases: Vec<String> = (1..=12)
        .map(|i| format!("a-rather-long-alias-{i}"))
        .collect();
    home.write(
        "config/backrelief/routines/muscles.yaml",
        &format!(
            "muscles:\n  - id: hamstrings\n    name: Hamstrings\n    aliases: [{}]\n",
            aliases.join(", ")
        ),
    );
    let text = stdout(&home.run_in_process(&["muscles"]).success());
    let row = text
        .lines()
        .find(|l| l.starts_with("hamstrings "))
        .expect("hamstrings row");
    assert!(row.ends_with("a-rather-long-alias-12"), "{row}");
    assert!(!row.contains('…'), "{row}");
}
