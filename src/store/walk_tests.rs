//! Walks in the history log: their own lines, kept by export, import and
//! compact; undone by a `deleted` amendment; kept as is by an older reader.

use super::history::{parse, parse_import_all, Incoming, Line, Store, FILE_NAME};
use crate::record::{Activity, WalkRecord};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

fn at(day: u32, hour: u32) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T{hour:02}:00:00+01:00")).unwrap()
}

fn walk(day: u32, minutes: u16) -> WalkRecord {
    let t = at(day, 18);
    WalkRecord::new(t, t.date_naive(), minutes, Activity::Walk)
}

fn session(id: &str) -> String {
    format!(
        "{{\"schema\":1,\"id\":\"{id}\",\"started\":\"2026-11-01T07:30:00+01:00\",\"ended\":\"2026-11-01T07:45:00+01:00\",\"source\":{{\"kind\":\"answers\"}},\"causes\":[],\"pain_before\":5,\"pain_after\":null,\"minutes_planned\":15.0,\"steps\":[],\"interrupted\":false}}\n"
    )
}

fn minutes(walks: &[WalkRecord]) -> Vec<u16> {
    walks.iter().map(|w| w.minutes).collect()
}

fn exported(store: &Store) -> String {
    let mut text = String::new();
    let damaged = store
        .export(|line| {
            text += &line.to_json();
            text.push('\n');
            Ok(())
        })
        .unwrap();
    assert!(damaged.is_empty(), "{damaged:?}");
    text
}

#[test]
fn walks_are_their_own_lines_kept_by_export_import_and_compact() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(&dir.path().join(FILE_NAME));
    std::fs::write(&store.path, session("s1")).unwrap();
    let (a, b, c) = (walk(2, 10), walk(3, 15), walk(5, 20));
    // One walk done yesterday, recorded today.
    let late = WalkRecord::new(at(7, 9), at(6, 9).date_naive(), 25, Activity::Intervals);
    for w in [&a, &b, &c, &late] {
        store.append_walk(w).unwrap();
    }
    let line = serde_json::to_string(&a).unwrap();
    assert!(
        line.starts_with("{\"schema\":2,\"kind\":\"walk\",\"id\":\"w2026"),
        "{line}"
    );
    let all = store.read_all_kinds().unwrap();
    assert_eq!(minutes(&all.walks), [10, 15, 20, 25]);
    assert_eq!(all.records.len(), 1);
    assert!(all.damaged.is_empty(), "{:?}", all.damaged);

    // Undo the last one written (the late one), then the one before.
    let undone = store.undo_last_walk().unwrap().unwrap();
    assert_eq!(undone, late);
    assert_eq!(store.undo_last_walk().unwrap().unwrap(), c);
    assert_eq!(minutes(&store.read_all_kinds().unwrap().walks), [10, 15]);
    // Read from a date on, undone walks stay undone.
    let since = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
    assert_eq!(minutes(&store.read_tail(since).unwrap().walks), [15]);

    // Export keeps the live walks (not the undone ones, nor the undo).
    let text = exported(&store);
    assert_eq!(text.matches("\"kind\":\"walk\"").count(), 2, "{text}");
    assert!(!text.contains("\"deleted\""), "{text}");

    // Import into a fresh log: the walks arrive once, a second time not.
    let incoming = parse_import_all("backup.jsonl", text.as_bytes()).unwrap();
    assert_eq!(minutes(&incoming.walks), [10, 15]);
    let other = Store::at(&dir.path().join("other.jsonl"));
    assert_eq!(other.import_all(&incoming).unwrap().walks, 2);
    assert_eq!(other.import_all(&incoming).unwrap().walks, 0);
    assert_eq!(exported(&other), text);

    // Compact: the undone walks and their undo lines go, the rest stay.
    store.compact().unwrap();
    let compacted = std::fs::read_to_string(&store.path).unwrap();
    assert_eq!(compacted, text);
    assert_eq!(minutes(&store.read_all_kinds().unwrap().walks), [10, 15]);

    // An undone walk imported again is back, as a deleted session is.
    let again = Incoming {
        walks: vec![c.clone()],
        ..Incoming::default()
    };
    let third = Store::at(&dir.path().join("third.jsonl"));
    third.append_walk(&c).unwrap();
    third.undo_last_walk().unwrap();
    assert!(third.read_all_kinds().unwrap().walks.is_empty());
    assert_eq!(third.import_all(&again).unwrap().walks, 1);
    assert_eq!(minutes(&third.read_all_kinds().unwrap().walks), [20]);
    // Nothing left to undo is not an error.
    let empty = Store::at(&dir.path().join("empty.jsonl"));
    assert_eq!(empty.undo_last_walk().unwrap(), None);
}

#[test]
fn a_file_to_import_is_held_to_what_a_walk_may_be() {
    let line = serde_json::to_string(&walk(2, 10)).unwrap();
    for (from, to, field) in [
        (
            "\"minutes\":10",
            "\"minutes\":0",
            "field `minutes`: 0 minutes",
        ),
        (
            "\"minutes\":10",
            "\"minutes\":241",
            "field `minutes`: 241 minutes",
        ),
        (
            "\"on\":\"2026-11-02\"",
            "\"on\":\"2026-11-03\"",
            "field `on`",
        ),
        (
            "\"activity\":\"walk\"",
            "\"activity\":\"run\"",
            "unknown variant",
        ),
        ("\"schema\":2", "\"schema\":1", "walks are schema 2, not 1"),
    ] {
        let bad = line.replace(from, to);
        assert_ne!(bad, line);
        let err = parse_import_all("in.jsonl", format!("{}{bad}\n", session("c")).as_bytes())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("in.jsonl:2: "), "{err}");
        assert!(err.contains(field), "{from} -> {to}: {err}");
    }
    // A file's own undo lines are applied on import.
    let w = walk(2, 10);
    let undo = serde_json::to_string(&crate::record::Amendment::deleted(&w.id)).unwrap();
    let text = format!("{}\n{undo}\n{}\n", serde_json::to_string(&w).unwrap(), line);
    let incoming = parse_import_all("in.jsonl", text.as_bytes()).unwrap();
    assert_eq!(incoming.walks.len(), 1);
    // An import of a walk older than the log's sessions still reads.
    let old = WalkRecord::new(
        at(9, 8),
        at(9, 8).date_naive() - Duration::days(20),
        30,
        Activity::Cycle,
    );
    assert!(matches!(
        crate::codec::import_line(
            "x:1",
            serde_json::to_string(&old).unwrap().as_bytes(),
            &mut Vec::new()
        ),
        Ok(Line::Walk(_))
    ));
}

#[test]
fn an_older_reader_keeps_a_walk_line_as_from_a_newer_backrelief() {
    // What a reader that does not know the kind does (the branch every
    // release has had): "from a newer backrelief; kept as is", never
    // damaged, so compact refuses rather than drop it.
    let line = serde_json::to_string(&walk(2, 10)).unwrap();
    let unknown = line.replace("\"kind\":\"walk\"", "\"kind\":\"stroll\"");
    let (_, damaged) = parse(format!("{}{unknown}\n", session("a")).as_bytes());
    assert_eq!(damaged.len(), 1);
    assert!(damaged[0].message.contains("kept as is"), "{damaged:?}");
    // And the undo is an amendment an older reader already reads: to no
    // session it knows, so it changes nothing.
    let undo = crate::record::Amendment::deleted(&walk(2, 10).id);
    let (records, damaged) = parse(
        format!(
            "{}{}\n",
            session("a"),
            serde_json::to_string(&undo).unwrap()
        )
        .as_bytes(),
    );
    assert_eq!((records.len(), damaged.len()), (1, 0));
    let _ = Line::Walk(walk(2, 10));
}

/// A walk written twice in one file (a backup joined to itself, a line
/// pasted twice) comes in once, as a session does; the file's own undo
/// takes it away whatever the copies, and a copy after the undo is back,
/// as a deleted session imported again is.
#[test]
fn a_walk_twice_in_one_file_is_imported_once() {
    let (w, other) = (walk(2, 10), walk(3, 15));
    let line = |w: &WalkRecord| serde_json::to_string(w).unwrap() + "\n";
    let twice = format!("{}{}{}{}", session("s1"), line(&w), line(&other), line(&w));
    let incoming = parse_import_all("in.jsonl", twice.as_bytes()).unwrap();
    assert_eq!(minutes(&incoming.walks), [10, 15]);
    // Into a log: once; the same file again adds nothing.
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(&dir.path().join(FILE_NAME));
    let added = store.import_all(&incoming).unwrap();
    assert_eq!((added.sessions, added.walks), (1, 2));
    assert_eq!(store.import_all(&incoming).unwrap().walks, 0);
    assert_eq!(minutes(&store.read_all_kinds().unwrap().walks), [10, 15]);

    // Written twice, then undone: gone, no copy left.
    let undo = serde_json::to_string(&crate::record::Amendment::deleted(&w.id)).unwrap() + "\n";
    let undone = format!("{}{}{undo}", line(&w), line(&w));
    let incoming = parse_import_all("in.jsonl", undone.as_bytes()).unwrap();
    assert!(incoming.walks.is_empty(), "{:?}", incoming.walks);
    // Written again after the undo: back, once.
    let again = format!("{undone}{}{}", line(&w), line(&w));
    let incoming = parse_import_all("in.jsonl", again.as_bytes()).unwrap();
    assert_eq!(minutes(&incoming.walks), [10]);
}
