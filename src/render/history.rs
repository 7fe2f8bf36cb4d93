//! History as a table or CSV.

use crate::layout::sanitise_lines;
use crate::planner::Source;
use crate::record::Record;

/// What a session was for: its program, or its top causes.
pub fn purpose(r: &Record) -> String {
    match &r.source {
        Source::Program { id } => id.clone(),
        Source::Answers if r.causes.is_empty() => "general".to_string(),
        Source::Answers => r
            .causes
            .iter()
            .take(2)
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        Source::Chosen => "chosen exercises".to_string(),
    }
}

pub fn pain_text(r: &Record) -> String {
    match r.pain_after {
        Some(a) => format!("{} -> {a}", r.pain_before),
        None => format!("{} -> ?", r.pain_before),
    }
}

/// The history table. On a terminal (`cut` is its width) the FOR column
/// is cut to keep rows within 80 columns; piped, every word is kept.
pub fn table(records: &[&Record], cut: Option<usize>) -> String {
    use crate::layout::{pad, truncate};
    if records.is_empty() {
        return "No sessions yet. Run `backrelief session` to do the first one.\n".to_string();
    }
    // Ids are shown whole: `history delete` takes them (or a unique prefix).
    let id_w = records
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    // Long ids take room from the FOR column, keeping rows within 80 columns.
    let for_w = match cut {
        Some(_) => 22usize.saturating_sub(id_w.saturating_sub(20)).max(14),
        None => records
            .iter()
            .map(|r| crate::layout::width(&purpose(r)))
            .max()
            .unwrap_or(3)
            .max(3),
    };
    let mut out = format!(
        "{} {} {} {} {} {}\n",
        pad("DATE", 10),
        pad("ID", id_w),
        pad("FOR", for_w),
        pad("MIN", 4),
        pad("PAIN", 8),
        "DONE"
    );
    for r in records {
        out.push_str(&format!(
            "{} {} {} {} {} {:>3.0}%{}\n",
            r.started.format("%Y-%m-%d"),
            pad(&r.id, id_w),
            pad(&truncate(&purpose(r), for_w), for_w),
            pad(&format!("{:.0}", r.minutes()), 4),
            pad(&pain_text(r), 8),
            r.completion() * 100.0,
            if r.interrupted { " stopped early" } else { "" }
        ));
    }
    out
}

/// One CSV cell: sanitised (newlines kept, inside quotes), a cell a
/// spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`,
/// tab or carriage return) prefixed with `'`, and quoted when needed.
fn csv_field(s: &str) -> String {
    let s = sanitise_lines(s);
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.into_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub fn csv(records: &[&Record]) -> String {
    let mut out = String::from(CSV_HEADER);
    for r in records {
        out.push_str(&csv_row(r));
    }
    out
}

/// The first line of [`csv`].
pub const CSV_HEADER: &str =
    "id,started,ended,for,minutes,pain_before,pain_after,completion,interrupted,note\n";

/// One session as a line of [`csv`].
pub fn csv_row(r: &Record) -> String {
    {
        let row = [
            r.id.clone(),
            r.started.to_rfc3339(),
            r.ended.to_rfc3339(),
            purpose(r),
            format!("{:.1}", r.minutes()),
            r.pain_before.to_string(),
            r.pain_after.map(|p| p.to_string()).unwrap_or_default(),
            format!("{:.2}", r.completion()),
            r.interrupted.to_string(),
            r.note.clone().unwrap_or_default(),
        ];
        let mut out = row
            .iter()
            .map(|f| csv_field(f))
            .collect::<Vec<_>>()
            .join(",");
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_cells_cannot_be_formulas_or_controls() {
        use super::csv_field;
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-1"), "'-1");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(
            csv_field("\u{1b}]52;c;eA==\u{7}"),
            "\\u{1b}]52;c;eA==\\u{7}"
        );
        assert_eq!(csv_field("plain note"), "plain note");
    }
}
