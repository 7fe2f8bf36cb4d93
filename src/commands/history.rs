//! `backrelief history`: the table, JSON or CSV; import, export, delete.

use super::cli::{HistoryAction, HistoryArgs};
use super::context::Context;
use crate::error::{Error, Result};
use crate::output::{json_safe, sanitise};
use crate::record::Record;
use crate::render::history::{csv, csv_row, pain_text, purpose, table, CSV_HEADER};
use crate::store::history::{Line, Store};
use std::path::Path;

/// `backrelief history ...`
pub fn run(ctx: &Context, args: &HistoryArgs) -> Result<()> {
    let store = ctx.history()?;
    match &args.action {
        Some(HistoryAction::Import { file }) => import(ctx, store, file),
        Some(HistoryAction::Compact) => {
            let (lines, sessions) = store.compact()?;
            ctx.print(&format!(
                "compacted {}: {lines} line(s) -> {sessions} session(s)\n",
                store.path.display()
            ))
        }
        Some(HistoryAction::Export {
            csv: as_csv,
            output,
        }) => export(ctx, store, *as_csv, output.as_deref()),
        Some(HistoryAction::Delete { id, yes }) => delete(ctx, store, id, *yes),
        None => list(ctx, store, args),
    }
}

/// `history import`: every record not already present, all or nothing.
fn import(ctx: &Context, store: &Store, file: &Path) -> Result<()> {
    use crate::store::stdin;
    // Copied aside whole before anything is imported (standard
    // input, or the file, which is read twice: checked, then
    // imported), so the import stays all or nothing.
    let dir = store.path.parent().unwrap_or(Path::new("."));
    let cap = crate::store::history::MAX_BYTES;
    let (aside, name) = match stdin::is_stdin(file) {
        true => (stdin::copy_aside(dir, cap)?, stdin::NAME.to_string()),
        false => (
            stdin::copy_file_aside(dir, file, cap)?,
            file.display().to_string(),
        ),
    };
    let imported = store.import_file(aside.path(), &name)?;
    drop(aside);
    for notice in &imported.notices {
        ctx.warn(&format!("notice: {notice}"));
    }
    let (had, added) = (imported.in_file, imported.added);
    let mut also = String::new();
    for (n, got, what) in [
        (had.ratings, added.ratings, "function rating(s)"),
        (had.flares, added.flares, "flare(s)"),
        (had.walks, added.walks, "walk(s)"),
        (had.stops, added.stops, "red-flag stop(s)"),
    ] {
        if n > 0 {
            also += &format!("; {got} {what}, {} already present", n - got);
        }
    }
    ctx.print(&format!(
        "imported {} session(s); {} already present{also}\n",
        added.sessions,
        had.sessions - added.sessions
    ))
}

/// `history export`: one line at a time, as `compact` writes them:
/// function ratings and red-flag stops go with the sessions (not in
/// CSV), so a backup keeps them. To a file (written whole or not at all)
/// or to standard output.
fn export(ctx: &Context, store: &Store, as_csv: bool, output: Option<&Path>) -> Result<()> {
    let text = |line: Line| match line {
        Line::Session(r) if as_csv => Some(csv_row(&r)),
        _ if as_csv => None,
        line => Some(json_safe(line.to_json() + "\n")),
    };
    let header = if as_csv { CSV_HEADER } else { "" };
    match output {
        Some(path) if !crate::store::files::is_stdout(path) => {
            crate::store::files::write_atomic_with(path, |out| {
                let failed = |e| Error::io(format!("writing {}", path.display()), e);
                out.write_all(header.as_bytes()).map_err(failed)?;
                let damaged = store.export(|line| match text(line) {
                    Some(t) => out.write_all(t.as_bytes()).map_err(failed),
                    None => Ok(()),
                })?;
                super::context::report_damaged(ctx, &store.path, &damaged);
                Ok(())
            })
        }
        _ => {
            // Printed a few dozen lines at a time.
            let mut chunk = String::from(header);
            let damaged = store.export(|line| {
                chunk += text(line).as_deref().unwrap_or("");
                if chunk.len() >= 64 * 1024 {
                    ctx.print(&std::mem::take(&mut chunk))?;
                }
                Ok(())
            })?;
            ctx.print(&chunk)?;
            super::context::report_damaged(ctx, &store.path, &damaged);
            Ok(())
        }
    }
}

/// `history delete`: one session, after asking (unless `--yes`).
fn delete(ctx: &Context, store: &Store, query: &str, yes: bool) -> Result<()> {
    let (records, _) = store.read()?;
    let r = find_session(&records, query)?;
    let id = &r.id;
    if !yes {
        let mut p = crate::prompt::terminal();
        let q = format!(
            "Delete the session of {} ({}, pain {})?",
            r.started.format("%Y-%m-%d %H:%M"),
            sanitise(&purpose(r)),
            pain_text(r)
        );
        if !p.yes_no(&q)? {
            return ctx.print("kept\n");
        }
    }
    // Checked again under the lock: it may have gone meanwhile.
    if !store.delete(id)? {
        return Err(Error::Usage(format!(
            "no session '{}' (deleted meanwhile)",
            sanitise(id)
        )));
    }
    ctx.print(&format!("deleted {}\n", sanitise(id)))
}

/// `history` alone: the sessions (all, `--since` a day or the `--last`
/// few) as a table, JSON or CSV.
fn list(ctx: &Context, store: &Store, args: &HistoryArgs) -> Result<()> {
    // With `--since` or `--last`, only the end of the log is read.
    let (records, damaged) = match (args.since, args.last) {
        (Some(d), _) => store.read_since(d)?,
        (None, Some(n)) => store.read_latest(n)?,
        (None, None) => store.read()?,
    };
    super::context::report_damaged(ctx, &store.path, &damaged);
    let mut chosen: Vec<&Record> = records
        .iter()
        .filter(|r| args.since.is_none_or(|d| r.started.date_naive() >= d))
        .collect();
    chosen.sort_by_key(|r| r.started);
    if let Some(n) = args.last {
        let skip = chosen.len().saturating_sub(n);
        chosen.drain(..skip);
    }
    if args.json {
        let shown: Vec<_> = chosen
            .iter()
            .map(|r| crate::render::json::Unversioned(*r))
            .collect();
        ctx.print(&crate::render::json::list(crate::record::HISTORY, &shown))
    } else if args.csv {
        ctx.print(&csv(&chosen))
    } else {
        ctx.print(&table(&chosen, ctx.cut_width()))
    }
}

/// The session with this id, or the only one whose id starts with it.
fn find_session<'a>(records: &'a [Record], query: &str) -> Result<&'a Record> {
    if let Some(r) = records.iter().find(|r| r.id == query) {
        return Ok(r);
    }
    let matches: Vec<&Record> = records
        .iter()
        .filter(|r| !query.is_empty() && r.id.starts_with(query))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => {
            let near = crate::library::suggest(query, records.iter().map(|r| r.id.as_str()));
            let unknown = crate::library::Unknown::given("session", query, near);
            Err(unknown.hint("see `backrelief history` for ids").into())
        }
        many => Err(Error::Usage(format!(
            "'{}' starts {} session ids ({}); give more of the id",
            sanitise(query),
            many.len(),
            many.iter()
                .take(5)
                .map(|r| sanitise(&r.id))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}
