//! Benchmarks (divan): library loading, planning and sheet rendering.
//! Run with `cargo bench`.

use backrelief::assess::Answers;
use backrelief::library::{Library, Loader, SourceFile};
use backrelief::planner::{plan, Plan, Request};
use backrelief::store::library::builtin_files;
use backrelief_library::synthetic;
use chrono::NaiveDate;

fn main() {
    divan::main();
}

fn builtin() -> Library {
    Loader::new().layer(builtin_files()).load().expect("valid")
}

fn big_files() -> Vec<SourceFile> {
    vec![SourceFile {
        path: "generated.yaml".into(),
        text: synthetic::exercises_yaml(10_000),
    }]
}

fn answers() -> Answers {
    Answers {
        red_flags: vec![],
        pain: 5,
        areas: vec!["low-back".into(), "hip".into(), "leg-below-knee".into()],
        symptoms: vec!["sitting-worse".into(), "shooting-leg-pain".into()],
        conditions: vec!["glaucoma".into()],
        equipment: vec![
            "mat".into(),
            "chair".into(),
            "strap".into(),
            "foam-roller".into(),
        ],
        minutes: 20,
        age: None,
    }
}

fn plan_for(lib: &Library) -> Plan {
    let a = answers();
    plan(&Request {
        lib,
        answers: &a,
        opt_in: &[],
        history: &[],
        date: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        program: None,
    })
    .expect("plans")
}

#[divan::bench]
fn load_builtin_library() -> Library {
    builtin()
}

#[divan::bench(sample_count = 10)]
fn load_10000_exercises(bencher: divan::Bencher) {
    bencher.with_inputs(big_files).bench_values(|files| {
        Loader::new()
            .layer(builtin_files())
            .layer(files)
            .load()
            .expect("valid")
    });
}

#[divan::bench(sample_count = 10)]
fn load_and_plan_10000_exercises(bencher: divan::Bencher) {
    bencher.with_inputs(big_files).bench_values(|files| {
        let lib = Loader::new()
            .layer(builtin_files())
            .layer(files)
            .load()
            .expect("valid");
        plan_for(&lib)
    });
}

#[divan::bench]
fn plan_a_session(bencher: divan::Bencher) {
    let lib = builtin();
    bencher.bench(|| plan_for(&lib));
}

#[divan::bench]
fn render_sheets(bencher: divan::Bencher) {
    let lib = builtin();
    let p = plan_for(&lib);
    let date = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    bencher.bench(|| {
        (
            backrelief::render::sheet::text(&lib, &p, date),
            backrelief::render::sheet::markdown(&lib, &p, date),
            backrelief::render::sheet::html(&lib, &p, date),
        )
    });
}
