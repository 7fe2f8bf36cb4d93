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
