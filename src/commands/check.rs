//! `backrelief check`: the library with the user's layers and the given
//! files, every file parsed and validated.

use super::context::Context;
use crate::error::{Error, Result};
use crate::library::Library;
use crate::views::{CheckProblem, CheckResult, Counts, Severity};
use std::path::PathBuf;

pub fn run(ctx: &Context, paths: &[PathBuf], json: bool) -> Result<()> {
    let lib = match ctx.library_checked(paths) {
        Ok(lib) => lib,
        Err(Error::Library(problems)) if json => {
            ctx.print(&crate::render::json::object(
                crate::views::CHECK,
                &CheckResult {
                    ok: false,
                    counts: None,
                    problems: problems
                        .0
                        .iter()
                        .map(|p| CheckProblem::at(Severity::Error, p))
                        .collect(),
                },
            ))?;
            // The same exit code and message (on standard error) as without --json.
            return Err(Error::Library(problems));
        }
        Err(e) => return Err(e),
    };
    let problems = warnings(lib);
    if json {
        return ctx.print(&crate::render::json::object(
            crate::views::CHECK,
            &CheckResult {
                ok: true,
                counts: Some(counts(lib)),
                problems,
            },
        ));
    }
    // Warnings never stop a person's library from loading.
    for w in &problems {
        let message = match (&w.path, w.line, w.column) {
            (Some(path), Some(line), Some(column)) => {
                format!("{path}:{line}:{column}: warning: {}", w.message)
            }
            _ => w.message.clone(),
        };
        ctx.warn(&message);
    }
    let c = counts(lib);
    ctx.print(&format!(
        "ok: {} exercises, {} causes, {} programs\n",
        c.exercises, c.causes, c.programs
    ))
}

fn counts(lib: &Library) -> Counts {
    Counts {
        exercises: lib.exercises.len(),
        causes: lib.causes.len(),
        programs: lib.programs.len(),
    }
}

/// The library's warnings: exercises from before capabilities first, then
/// those found in the files.
fn warnings(lib: &Library) -> Vec<CheckProblem> {
    // A person's exercise from before capabilities: not an error
    // (their files keep working), but said, with what it means.
    let needs = lib
        .exercises
        .iter()
        .filter(|e| e.needs.is_none())
        .map(|e| CheckProblem {
            severity: Severity::Warning,
            path: None,
            line: None,
            column: None,
            message: format!(
                "exercise '{}' does not say what it `needs` (capabilities such as weight-through-hands; `needs: []` for none): until it does, it is taken to need every capability and is left out for anyone who has told us one is hard",
                crate::output::sanitise(&e.id)
            ),
        });
    needs
        .chain(
            lib.warnings
                .iter()
                .map(|w| CheckProblem::at(Severity::Warning, w)),
        )
        .collect()
}
