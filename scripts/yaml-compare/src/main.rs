//! serde_yaml 0.9 (archived), yaml_serde (the YAML organisation's fork)
//! and serde-saphyr, on the same inputs. CPU time of this thread, so other
//! work on the machine matters less; runs interleaved, median of 7.

use backrelief_library::Exercise;
use serde::Deserialize;
use std::time::Duration;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Doc {
    exercises: Vec<Exercise>,
}

type Parse = fn(&str) -> Result<Doc, (Option<(u64, u64)>, String)>;

fn serde_yaml_parse(s: &str) -> Result<Doc, (Option<(u64, u64)>, String)> {
    serde_yaml::from_str(s)
        .map_err(|e| (e.location().map(|l| (l.line() as u64, l.column() as u64)), e.to_string()))
}

fn yaml_serde_parse(s: &str) -> Result<Doc, (Option<(u64, u64)>, String)> {
    yaml_serde::from_str(s)
        .map_err(|e| (e.location().map(|l| (l.line() as u64, l.column() as u64)), e.to_string()))
}

/// The default budget allows 250,000 nodes and 1,000,000 events, fewer
/// than the 10,000-exercise library has; the project's own cap on a file
/// (`MAX_FILE_BYTES`) bounds what any budget here must allow.
fn saphyr_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! { max_nodes: 5_000_000, max_events: 10_000_000 },
    }
}

fn saphyr_parse(s: &str) -> Result<Doc, (Option<(u64, u64)>, String)> {
    serde_saphyr::from_str_with_options(s, saphyr_options())
        .map_err(|e| (e.location().map(|l| (l.line(), l.column())), e.to_string()))
}

type Walk = fn(&str) -> Result<(), String>;

/// The whole tree, aliases expanded, as the loader's first pass reads it
/// (into a `Value`; serde-saphyr has none, and walks it with IgnoredAny).
const WALKERS: [(&str, Walk); 3] = [
    ("serde_yaml 0.9.34", |s| serde_yaml::from_str::<serde_yaml::Value>(s).map(drop).map_err(|e| e.to_string())),
    ("yaml_serde 0.10.7", |s| yaml_serde::from_str::<yaml_serde::Value>(s).map(drop).map_err(|e| e.to_string())),
    ("serde-saphyr 2.2.0", |s| {
        serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(s, saphyr_options()).map(drop).map_err(|e| e.to_string())
    }),
];

const PARSERS: [(&str, Parse); 3] = [
    ("serde_yaml 0.9.34", serde_yaml_parse),
    ("yaml_serde 0.10.7", yaml_serde_parse),
    ("serde-saphyr 2.2.0", saphyr_parse),
];

fn cpu() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

const GOOD: &str = "exercises:
  - id: wall-sit
    name: Wall sit
    category: strengthening
    muscles: {primary: [quadriceps]}
    position: standing
    movements: [squatting]
    difficulty: 2
    dose: {hold: 30, sets: 2, rest: 30}
    instructions: [Lean on a wall.]
    feel: Thighs.
    cautions: []
    make_it_easier: Sit higher.
    illustration: \"|_\"
";

/// A broken copy of GOOD, and where the problem is (line, column; 1-based).
fn cases() -> Vec<(&'static str, String, (u64, u64))> {
    vec![
        ("wrong type", GOOD.replace("difficulty: 2", "difficulty: hard"), (8, 17)),
        ("unknown field", GOOD.replace("    feel: Thighs.", "    feels: Thighs."), (11, 5)),
        ("bad enum value", GOOD.replace("position: standing", "position: upright"), (6, 15)),
        // The entry that lacks it.
        ("missing field", GOOD.replace("    feel: Thighs.\n", ""), (2, 5)),
        ("unclosed quote", GOOD.replace("\"|_\"", "\"|_"), (14, 19)),
        ("bad indentation", GOOD.replace("    difficulty: 2", "   difficulty: 2"), (8, 4)),
        ("tab indentation", GOOD.replace("    difficulty: 2", "\tdifficulty: 2"), (8, 1)),
        // The second `feel`.
        ("duplicate key", GOOD.replace("    feel: Thighs.", "    feel: Thighs.\n    feel: Legs."), (12, 5)),
        ("wrong type in a nested map", GOOD.replace("hold: 30", "hold: long"), (9, 18)),
    ]
}

fn alias_bomb() -> String {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    text + "exercises: *a9\n"
}

fn deep_flow() -> String {
    format!("exercises: {}{}\n", "[".repeat(5000), "]".repeat(5000))
}

fn deep_block() -> String {
    let mut nested = String::from("exercises:\n");
    for i in 0..3000 {
        nested.push_str(&format!("{}- a{i}:\n", "  ".repeat(i + 1)));
    }
    nested
}

fn one_line(s: &str) -> String {
    let s = s.replace('\n', " | ");
    if s.chars().count() > 150 {
        s.chars().take(150).collect::<String>() + "…"
    } else {
        s
    }
}

fn main() {
    for (name, p) in PARSERS {
        assert!(p(GOOD).is_ok(), "{name} refuses the good file: {:?}", p(GOOD).err());
    }
    println!("## Positions (expected line:column of the problem)\n");
    let mut right = [0; 3];
    for (what, text, (line, col)) in cases() {
        println!("{what}: expected {line}:{col}");
        for (i, (name, p)) in PARSERS.iter().enumerate() {
            match p(&text) {
                Ok(_) => println!("  {name}: ACCEPTED"),
                Err((at, msg)) => {
                    let ok = at == Some((line, col));
                    right[i] += usize::from(ok);
                    let at = at.map_or("none".into(), |(l, c)| format!("{l}:{c}"));
                    println!("  {name}: {at}{} — {}", if ok { " (right)" } else { "" }, one_line(&msg));
                }
            }
        }
    }
    for (i, (name, _)) in PARSERS.iter().enumerate() {
        println!("{name}: {} of {} positions exact", right[i], cases().len());
    }

    println!("\n## Hostile input (CPU time, outcome)\n");
    for (what, text) in [("alias bomb (9^10 nodes)", alias_bomb()), ("5000 nested [", deep_flow()), ("3000 nested maps", deep_block())] {
        println!("{what}:");
        for (name, w) in WALKERS {
            let t = cpu();
            let r = w(&text);
            let spent = cpu() - t;
            match r {
                Ok(()) => println!("  {name}: ACCEPTED in {spent:.1?}"),
                Err(msg) => println!("  {name}: refused in {spent:.1?} — {}", one_line(&msg)),
            }
        }
    }

    println!("\n## Speed: the generated 10,000-exercise library, typed (CPU time)\n");
    let big = backrelief_library::synthetic::exercises_yaml(10_000);
    println!("{} bytes", big.len());
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); 3];
    for _ in 0..7 {
        for (i, (name, p)) in PARSERS.iter().enumerate() {
            let t = cpu();
            let d = p(&big).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            times[i].push(cpu() - t);
            assert_eq!(d.exercises.len(), 10_000);
        }
    }
    for (i, (name, _)) in PARSERS.iter().enumerate() {
        times[i].sort();
        println!("  {name}: median {:.1?} (min {:.1?}, max {:.1?})", times[i][3], times[i][0], times[i][6]);
    }
}
