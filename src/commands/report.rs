//! `backrelief report`: the last weeks gathered for a clinician visit, as
//! Markdown, printable HTML or JSON. Never asks anything.

use super::cli::{ReportArgs, ReportFormat};
use super::context::Context;
use crate::error::Result;
use crate::render::report::{html, markdown};

pub fn run(ctx: &Context, args: &ReportArgs) -> Result<()> {
    let lib = ctx.library()?;
    let store = ctx.history()?;
    // Only the weeks shown are read (from the checkpoint the index gives).
    let today = ctx.clock.today();
    let tail = super::context::schedule_tail(
        ctx,
        store,
        crate::report::period_start(today, args.weeks),
        today,
    )?;
    let walked = super::walk::walked(&tail);
    let profile = ctx.profile(lib)?;
    let report = crate::report::build(
        lib,
        &tail.records,
        &tail.ratings,
        &tail.stops,
        profile.as_ref(),
        today,
        args.weeks,
        // The first day anything was recorded, from the index.
        store.first_day()?,
    );
    let mut report = report;
    // Walks are their own programme: they count in no session figure.
    report.walks = crate::walking::in_spans(&walked, report.weeks.iter().map(|w| (w.from, w.to)));
    let text = match args.format {
        _ if args.json => crate::render::json::object(crate::report::REPORT, &report),
        ReportFormat::Markdown => markdown(&report),
        ReportFormat::Html => html(&report),
    };
    match &args.output {
        Some(path) if !crate::store::files::is_stdout(path) => {
            crate::store::files::write_atomic(path, text.as_bytes())?;
            ctx.print(&format!("wrote {}\n", path.display()))
        }
        _ => ctx.print(&text),
    }
}
