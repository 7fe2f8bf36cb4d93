//! The problem for a library entry that failed to deserialize, shared by
//! the fast path (`fast.rs`) and the careful one (`loader.rs`).

use crate::locate::{self, Seg};
use crate::model::Section;
use crate::problems::{backticked, strip_location, strip_path_prefix, Problem};

/// The problem for an entry that failed to deserialize. `at` is its exact
/// one-based position when serde_yaml knows it; otherwise the failing
/// field's path is followed through the text.
pub(crate) fn entry_problem(
    file_path: &str,
    text: &str,
    section: Section,
    item_line: usize,
    id: Option<&str>,
    err: &serde_path_to_error::Error<serde_yaml::Error>,
    at: Option<(usize, usize)>,
) -> Problem {
    let inner = err.inner().to_string();
    let (line, column) = at.unwrap_or_else(|| {
        let mut path: Vec<Seg> = err
            .path()
            .iter()
            .filter_map(|s| match s {
                serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
                serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
                _ => None,
            })
            .collect();
        if let Some(field) = backticked(&inner, "unknown field `") {
            path.push(Seg::Key(field));
        }
        let lines: Vec<&str> = text.lines().collect();
        let (l, c) = locate::find_in_item(&lines, item_line, &path);
        (l + 1, c + 1)
    });
    let singular = section.singular();
    let id_hint = id.map(|s| format!(" '{s}'")).unwrap_or_default();
    let field = err.path().to_string();
    let where_ = if field == "." || field.is_empty() {
        String::new()
    } else {
        format!(", field `{field}`")
    };
    let message = strip_path_prefix(&strip_location(&inner), &field);
    Problem {
        path: file_path.to_string(),
        line,
        column,
        message: format!("{singular}{id_hint}{where_}: {message}"),
    }
}
