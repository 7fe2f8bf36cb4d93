//! `backrelief history`: the table, JSON or CSV; import, export, delete.

use super::Context;
use crate::cli::{HistoryAction, HistoryArgs};
use crate::error::{Error, Result};
use crate::output::{json_safe, print, sanitise};
use crate::record::Record;
use crate::render::history::{csv, pain_text, purpose, table};
use crate::store::history::{parse, Damaged, Store};

fn report_damaged(store: &Store, damaged: &[Damaged]) {
    for d in damaged {
        crate::output::warn(&format!(
            "{}:{}: {}",
            store.path.display(),
            d.line,
            d.message
        ));
    }
}

/// `backrelief history ...`
pub fn run(ctx: &Context, args: &HistoryArgs) -> Result<()> {
    let store = ctx.history()?;
    match &args.action {
        Some(HistoryAction::Import { file }) => {
            let bytes = std::fs::read(file)
                .map_err(|e| Error::io(format!("reading {}", file.display()), e))?;
            let (incoming, damaged) = parse(&bytes);
            if !damaged.is_empty() {
                let lines: Vec<String> = damaged
                    .iter()
                    .map(|d| format!("{}:{}: {}", file.display(), d.line, d.message))
                    .collect();
                return Err(Error::data(
                    file.display(),
                    format!(
                        "nothing imported; fix these lines first:\n{}",
                        lines.join("\n")
                    ),
                ));
            }
            let (existing, _) = store.read()?;
            let mut seen: std::collections::HashSet<String> =
                existing.iter().map(|r| r.id.clone()).collect();
            let fresh: Vec<Record> = incoming
                .into_iter()
                .filter(|r| seen.insert(r.id.clone()))
                .collect();
            let skipped = bytes
                .split(|&b| b == b'\n')
                .filter(|l| !l.trim_ascii().is_empty())
                .count()
                - fresh.len();
            if !fresh.is_empty() {
                store.append(&fresh)?;
            }
            print(&format!(
                "imported {} session(s); {skipped} already present\n",
                fresh.len()
            ))
        }
        Some(HistoryAction::Export {
            csv: as_csv,
            output,
        }) => {
            let (records, damaged) = store.read()?;
            report_damaged(&store, &damaged);
            let all: Vec<&Record> = records.iter().collect();
            let text = if *as_csv {
                csv(&all)
            } else {
                records
                    .iter()
                    .map(|r| json_safe(serde_json::to_string(r).expect("records serialize") + "\n"))
                    .collect()
            };
            match output {
                Some(path) => crate::store::files::write_atomic(path, text.as_bytes()),
                None => print(&text),
            }
        }
        Some(HistoryAction::Delete { id, yes }) => {
            let (records, _) = store.read()?;
            let Some(r) = records.iter().find(|r| &r.id == id) else {
                let hint = crate::library::suggest(id, records.iter().map(|r| r.id.as_str()))
                    .map(|s| format!(" — did you mean '{}'?", sanitise(s)))
                    .unwrap_or_else(|| "; see `backrelief history` for ids".to_string());
                return Err(Error::Usage(format!("no session '{}'{hint}", sanitise(id))));
            };
            if !yes {
                let mut p = crate::prompt::terminal();
                let q = format!(
                    "Delete the session of {} ({}, pain {})?",
                    r.started.format("%Y-%m-%d %H:%M"),
                    sanitise(&purpose(r)),
                    pain_text(r)
                );
                if !p.yes_no(&q)? {
                    return print("kept\n");
                }
            }
            store.delete(id)?;
            print(&format!("deleted {}\n", sanitise(id)))
        }
        None => {
            let (records, damaged) = store.read()?;
            report_damaged(&store, &damaged);
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
                print(&json_safe(
                    serde_json::to_string_pretty(&chosen).expect("records serialize") + "\n",
                ))
            } else if args.csv {
                print(&csv(&chosen))
            } else {
                print(&table(&chosen))
            }
        }
    }
}
