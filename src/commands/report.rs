//! `backrelief report`: the last weeks gathered for a clinician visit, as
//! Markdown or printable HTML. Never asks anything.

use super::cli::{ReportArgs, ReportFormat};
use super::context::Context;
use crate::error::Result;
use crate::output::print;
use crate::render::report::{html, markdown};

pub fn run(ctx: &Context, args: &ReportArgs) -> Result<()> {
    let lib = ctx.library()?;
    let store = ctx.history()?;
    let (records, damaged) = store.read()?;
    super::context::report_damaged(&store.path, &damaged);
    let ratings = store.read_function()?;
    let stops = store.read_stops()?;
    let profile = crate::store::profile::load_from(crate::store::profile::path().as_deref(), lib)?;
    let report = crate::report::build(
        lib,
        &records,
        &ratings,
        &stops,
        profile.as_ref(),
        ctx.clock.today(),
        args.weeks,
        crate::report::first_day(&records),
    );
    let text = match args.format {
        ReportFormat::Markdown => markdown(&report),
        ReportFormat::Html => html(&report),
    };
    match &args.output {
        Some(path) if !crate::store::files::is_stdout(path) => {
            crate::store::files::write_atomic(path, text.as_bytes())?;
            print(&format!("wrote {}\n", path.display()))
        }
        _ => print(&text),
    }
}
