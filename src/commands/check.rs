//! `backrelief check`: the library with the user's layers and the given
//! files, every file parsed and validated.

use super::context::Context;
use crate::error::Result;
use crate::output::print;
use std::path::PathBuf;

pub fn run(ctx: &Context, paths: &[PathBuf]) -> Result<()> {
    let lib = ctx.library_checked(paths)?;
    // A person's exercise from before capabilities: not an error
    // (their files keep working), but said, with what it means.
    for e in lib.exercises.iter().filter(|e| e.needs.is_none()) {
        crate::output::warn(&format!(
            "exercise '{}' does not say what it `needs` (capabilities such as weight-through-hands; `needs: []` for none): until it does, it is taken to need every capability and is left out for anyone who has told us one is hard",
            crate::output::sanitise(&e.id)
        ));
    }
    // Warnings never stop a person's library from loading.
    for w in &lib.warnings {
        crate::output::warn(&format!(
            "{}:{}:{}: warning: {}",
            w.path, w.line, w.column, w.message
        ));
    }
    print(&format!(
        "ok: {} exercises, {} causes, {} programs\n",
        lib.exercises.len(),
        lib.causes.len(),
        lib.programs.len()
    ))
}
