//! A large, valid, generated library for benchmarks, load tests and fuzz
//! seeds. Not used by the program itself.

use std::fmt::Write as _;

const CATEGORIES: [&str; 6] = [
    "breathing",
    "mobility",
    "decompression",
    "release",
    "realignment",
    "strengthening",
];
const POSITIONS: [&str; 6] = [
    "standing",
    "sitting",
    "kneeling",
    "all-fours",
    "on-back",
    "on-side",
];
const MUSCLES: [&str; 9] = [
    "hip-flexors",
    "glutes",
    "piriformis",
    "hamstrings",
    "quadriceps",
    "adductors",
    "erector-spinae",
    "quadratus-lumborum",
    "core",
];
const CAUSES: [&str; 6] = [
    "muscle-imbalance",
    "poor-posture",
    "tight-hip-flexors",
    "sciatica",
    "arthritis",
    "injury",
];
const CONDITIONS: [&str; 4] = ["pregnancy", "osteoporosis", "glaucoma", "hip-replacement"];

/// YAML for `n` exercises (ids `gen-0` ...), valid against the built-in
/// taxonomy and complete to its schema (a person's file missing a field
/// warns, and a benchmark must not time the warnings); two in three have
/// an easier variant (the one before). `tests/integration/library.rs` loads it and asserts
/// no warning, so a new required field shows up here.
pub fn exercises_yaml(n: usize) -> String {
    let mut out = String::with_capacity(n * 900);
    out.push_str("exercises:\n");
    for i in 0..n {
        let dose = if i % 2 == 0 {
            format!(
                "{{hold: {}, sets: 2, per_side: {}, rest: 10}}",
                20 + (i % 4) * 5,
                i % 4 == 0
            )
        } else {
            format!("{{reps: {}, hold: 3, sets: 2, rest: 15}}", 6 + i % 5)
        };
        writeln!(
            out,
            "  - id: gen-{i}
    name: Generated exercise {i}
    aliases: [generated {i}]
    category: {cat}
    muscles: {{primary: [{m1}], secondary: [{m2}]}}
    position: {pos}
    movements: [{moves}]
    needs: []
    difficulty: {diff}
    dose: {dose}
    dose_source: \"precaution: a generated dose for load tests\"
    instructions:
      - Get into the starting position slowly and breathe.
      - Move through a comfortable range, keeping the back long.
      - Return with control and rest as long as you need.
    come_out: {come_out}
    feel: A gentle stretch or steady work, never sharp pain.
    cautions:
      - Stop if pain spreads down a leg.
    avoid_if: [{cond}]
    make_it_easier: Do less range and fewer reps.{easier}
    helps: [{c1}, {c2}]
    illustration: |2
         o
        /|\\
        / \\",
            cat = CATEGORIES[i % 6],
            m1 = MUSCLES[i % 9],
            m2 = MUSCLES[(i + 4) % 9],
            pos = POSITIONS[i % 6],
            // The movements each position always involves (`implied_by`).
            moves = match POSITIONS[i % 6] {
                "kneeling" | "all-fours" => "kneeling",
                "on-back" => "lying-on-back",
                "sitting" => "sitting",
                _ => "standing",
            },
            come_out = match POSITIONS[i % 6] {
                "standing" => "Stand easy on both feet for a breath.",
                "sitting" => "Sit back easy with both feet on the floor.",
                "kneeling" | "all-fours" => {
                    "Sit back on your heels, then come up one foot at a time, holding on."
                }
                _ => "Roll onto your side, push up with your hands and sit, then stand.",
            },
            diff = 1 + i % 3,
            cond = CONDITIONS[i % 4],
            easier = if i % 3 != 0 && i > 0 {
                format!("\n    easier: gen-{}", i - 1)
            } else {
                String::new()
            },
            c1 = CAUSES[i % 6],
            c2 = CAUSES[(i + 2) % 6],
        )
        .expect("write to String");
    }
    out
}
