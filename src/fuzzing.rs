//! Entry points for the fuzz targets in `fuzz/`, also used by the test
//! that replays saved crash inputs (`tests/fuzz-regressions/`). Each must
//! return normally for any input: errors are fine, panics are bugs.

use crate::library::{Library, Loader, SourceFile};
use std::sync::OnceLock;

/// Loads arbitrary bytes as a library file.
pub fn library_loader(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let file = SourceFile {
            path: "fuzz.yaml".into(),
            text: text.to_string(),
        };
        let _ = Loader::new().layer(vec![file]).load();
    }
}

/// Arbitrary bytes (as lossy UTF-8) through the output sanitiser and every
/// layout and escaping step after it: none may panic, and none may let an
/// ESC, BEL, C1 or bidi control through.
pub fn sanitiser(data: &[u8]) {
    use crate::output::{final_filter, is_unsafe, json_safe, sanitise, sanitise_lines};
    let text = String::from_utf8_lossy(data);
    let safe = |s: &str, keep: &[char]| s.chars().all(|c| keep.contains(&c) || !is_unsafe(c));
    let once = sanitise(&text);
    assert!(safe(&once, &[]), "sanitise: {once:?}");
    assert_eq!(sanitise(&once), once, "sanitise is idempotent");
    assert!(safe(&sanitise_lines(&text), &['\n']));
    let width = data.first().map_or(10, |b| usize::from(*b % 90));
    assert!(safe(&crate::style::truncate(&text, width), &[]));
    assert!(safe(&crate::style::pad(&text, width), &[]));
    assert!(safe(
        &crate::style::wrap(&text, width.max(1), "", "  "),
        &['\n']
    ));
    assert!(safe(&crate::render::sheet::escape_md(&text), &[]));
    assert!(safe(&crate::render::sheet::escape_html(&text), &['\n']));
    let json = json_safe(serde_json::to_string(&*text).expect("strings serialize"));
    assert!(safe(&json, &[]), "json: {json:?}");
    assert_eq!(
        serde_json::from_str::<String>(&json).expect("still JSON"),
        *text
    );
    let filtered = final_filter(&text);
    assert!(!filtered.contains(['\u{7}', '\u{9b}']));
}

/// Parses arbitrary bytes as an answers file against the built-in library.
pub fn answers_parser(data: &[u8]) {
    static LIB: OnceLock<Library> = OnceLock::new();
    let lib = LIB.get_or_init(crate::store::library::builtin_library);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = crate::answers::parse_answers(lib, "fuzz.yaml", text, None);
    }
}

/// Arbitrary bytes as a history file to import: no panic, and whatever is
/// accepted is in range, carries no control or bidi character in an id, and
/// prints clean (notes may hold anything; the output layer escapes them).
pub fn history_import(data: &[u8]) {
    use crate::library::text::is_unsafe;
    let Ok((records, _)) = crate::store::history::parse_import("fuzz.jsonl", data) else {
        return;
    };
    for r in &records {
        assert_eq!(r.validate(), Ok(()), "{r:?}");
        let mut ids = vec![r.id.as_str()];
        if let crate::planner::Source::Program { id } = &r.source {
            ids.push(id);
        }
        ids.extend(r.causes.iter().map(|c| c.id.as_str()));
        ids.extend(r.steps.iter().map(|s| s.exercise.as_str()));
        assert!(!ids.iter().any(|id| id.chars().any(is_unsafe)), "{ids:?}");
    }
    let refs: Vec<_> = records.iter().collect();
    let table = crate::render::history::table(&refs, Some(80));
    assert!(
        !table.chars().any(|c| c != '\n' && is_unsafe(c)),
        "{table:?}"
    );
    let csv = crate::render::history::csv(&refs);
    assert!(!csv.chars().any(|c| c != '\n' && is_unsafe(c)), "{csv:?}");
}

/// The one user file behind the cache seeds in `fuzz/seeds/library_cache`.
pub const CACHE_OWN_FILE: &str = "\
exercises:
  - id: towel-hamstring-slide
    name: Towel hamstring slide
    category: mobility
    muscles:
      primary: [hamstrings]
    position: on-back
    equipment: []
    difficulty: 1
    dose:
      hold: 20
      sets: 2
      rest: 20
    dose_source: \"precaution: a gentle starting dose\"
    instructions:
      - Slide one heel along a towel, then back.
    come_out: Bend both knees, roll onto your side and push up to sitting.
    feel: A gentle pull behind the thigh.
    cautions:
      - Stop if it pinches.
    make_it_easier: Move less far.
    illustration: |
      o__/
    movements: [lying-on-back]
    needs: []
";

/// Arbitrary bytes as a library cache's payload (the user's entries, as
/// `library.bin` holds them after its header): decoded implies validated.
/// Whatever decodes and passes the check a load makes keeps every
/// built-in red flag word for word and every built-in condition rule, and
/// nothing a forged cache says can lower that floor.
pub fn library_cache(data: &[u8]) {
    use crate::store::{library, library_cache};
    let Some(entries) = library_cache::decode_payload(data) else {
        return;
    };
    // The person's file the cache claims to stand for (the seeds' own).
    let own = [SourceFile {
        path: "mine.yaml".into(),
        text: CACHE_OWN_FILE.into(),
    }];
    let Some(lib) = library::checked(&entries, &own) else {
        return;
    };
    let builtin = library::builtin_library();
    for flag in builtin.red_flags.iter() {
        let kept = lib.red_flags.iter().find(|f| f.id == flag.id);
        assert_eq!(
            kept.map(json),
            Some(json(flag)),
            "red flag {} changed by a cache",
            flag.id
        );
    }
    for condition in builtin.conditions.iter() {
        let kept = lib
            .condition(&condition.id)
            .unwrap_or_else(|| panic!("condition {} dropped by a cache", condition.id));
        let rules: Vec<_> = kept.rules.iter().map(json).collect();
        for rule in condition.rules.iter() {
            assert!(
                rules.contains(&json(rule)),
                "a rule of {} dropped by a cache",
                condition.id
            );
        }
    }
}

/// A library entry as JSON, to compare (its types have no `PartialEq`).
fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).expect("library entries serialise")
}
