//! Benchmarks (divan): library loading, planning, sheet rendering and
//! reading history.
//! Run with `cargo bench`.

use backrelief::assess::Answers;
use backrelief::library::{Library, Loader, SourceFile};
use backrelief::planner::{plan, Plan, Request};
use backrelief::store::history;
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
        avoid: vec![],
        flare: None,
        cleared: false,
    }
}

fn plan_for(lib: &Library) -> Plan {
    let a = answers();
    plan(&Request {
        lib,
        answers: &a,
        opt_in: &[],
        history: &[],
        flares: &[],
        date: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        program: None,
    })
    .expect("plans")
}

#[divan::bench]
fn load_builtin_library() -> Library {
    builtin()
}

/// What every command does first: the compiled-in, pre-validated library,
/// borrowed and indexed.
#[divan::bench]
fn compiled_in_library() -> Library {
    backrelief::store::library::builtin_library()
}

/// A user library of 20 exercises merged over the built-in one.
#[divan::bench]
fn load_20_user_exercises(bencher: divan::Bencher) {
    bencher
        .with_inputs(|| {
            vec![SourceFile {
                path: "mine.yaml".into(),
                text: synthetic::exercises_yaml(20),
            }]
        })
        .bench_values(|files| {
            backrelief::store::library::over_builtin()
                .layer(files)
                .load()
                .expect("valid")
        });
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

/// Ten years of twice-daily sessions, each followed by its pain-after
/// line, as the program writes them (about 7 MB), in a directory of its own.
fn years_of_history() -> &'static std::path::Path {
    use std::fmt::Write as _;
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let first = today() - chrono::Duration::days(3650);
        let mut text = String::new();
        for i in 0..7300i64 {
            let day = first + chrono::Duration::days(i / 2);
            let id = format!("{}-{:02}3000-{i:08x}", day.format("%Y%m%d"), 7 + 11 * (i % 2));
            let steps: Vec<String> = (0..8)
                .map(|k| format!("{{\"exercise\":\"exercise-{k}\",\"status\":\"done\",\"seconds_held\":90,\"seconds_planned\":150,\"dose\":{{\"hold\":30,\"sets\":2,\"per_side\":true,\"rest\":15}}}}"))
                .collect();
            writeln!(
                text,
                "{{\"schema\":1,\"id\":\"{id}\",\"started\":\"{day}T07:30:00+01:00\",\"ended\":\"{day}T07:50:12+01:00\",\"source\":{{\"kind\":\"answers\"}},\"causes\":[{{\"id\":\"sciatica\",\"score\":7}}],\"pain_before\":5,\"pain_after\":null,\"minutes_planned\":20.1,\"steps\":[{}],\"interrupted\":false}}",
                steps.join(",")
            )
            .expect("write to String");
            writeln!(
                text,
                "{{\"schema\":2,\"kind\":\"pain_after\",\"session\":\"{id}\",\"pain_after\":3}}"
            )
            .expect("write to String");
        }
        std::fs::write(dir.path().join(history::FILE_NAME), text).expect("written");
        dir
    })
    .path()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn years_store() -> history::Store {
    history::Store::at(&years_of_history().join(history::FILE_NAME))
}

/// The whole log, as `history` without limits and `export` read it.
#[divan::bench(sample_count = 10)]
fn history_read_all() -> usize {
    years_store().read().expect("readable").0.len()
}

/// What `session --plan` reads: the planner's 56 days.
#[divan::bench]
fn history_read_planner_window() -> usize {
    let store = years_store();
    let since = backrelief::planner::history_start(today());
    store.read_since(since).expect("readable").0.len()
}

/// What `progress` reads: its 8 weeks.
#[divan::bench]
fn history_read_progress_window() -> usize {
    let store = years_store();
    let since = backrelief::progress::since(today());
    store.read_since(since).expect("readable").0.len()
}

/// What `history --last 10` reads.
#[divan::bench]
fn history_read_last_10() -> usize {
    years_store().read_latest(10).expect("readable").0.len()
}

/// The first read after the index is lost (or the log replaced): the
/// whole log is scanned for dates once, then the end read.
#[divan::bench(sample_count = 10)]
fn history_rebuild_index_then_read_window(bencher: divan::Bencher) {
    let index = years_of_history().join(backrelief::store::index::INDEX_NAME);
    bencher
        .with_inputs(|| {
            let _ = std::fs::remove_file(&index);
        })
        .bench_values(|()| {
            let since = backrelief::planner::history_start(today());
            years_store().read_since(since).expect("readable").0.len()
        });
}
