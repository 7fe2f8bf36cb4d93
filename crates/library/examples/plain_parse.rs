//! The baseline for `check` on a large library: a plain serde_yaml typed
//! parse of the same files, with no layering, positions or validation.
//! `scripts/bench-report` times `backrelief check FILE` against it.

use backrelief_library::{
    Cause, Condition, Equipment, Exercise, Movement, Muscle, Program, Question, RedFlag, Therapy,
};
use serde::Deserialize;

#[derive(Deserialize)]
#[allow(dead_code)] // only parsed
struct File {
    #[serde(default)]
    muscles: Vec<Muscle>,
    #[serde(default)]
    movements: Vec<Movement>,
    #[serde(default)]
    conditions: Vec<Condition>,
    #[serde(default)]
    equipment: Vec<Equipment>,
    #[serde(default)]
    exercises: Vec<Exercise>,
    #[serde(default)]
    causes: Vec<Cause>,
    #[serde(default)]
    therapies: Vec<Therapy>,
    #[serde(default)]
    programs: Vec<Program>,
    #[serde(default)]
    red_flags: Vec<RedFlag>,
    #[serde(default)]
    questions: Vec<Question>,
}

fn main() {
    let mut exercises = 0;
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).expect("readable file");
        let file: File = serde_yaml::from_str(&text).expect("valid YAML");
        exercises += file.exercises.len();
    }
    println!("parsed {exercises} exercises");
}
