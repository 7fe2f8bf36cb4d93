//! `backrelief progress`: pain, minutes and streaks over the last weeks.

use super::context::{report_damaged, Context};
use crate::error::Result;
use crate::output::print;

pub fn run(ctx: &Context, weeks: u32, json: bool) -> Result<()> {
    let store = ctx.history()?;
    let today = ctx.clock.today();
    let tail = store.read_tail(crate::progress::since(today))?;
    report_damaged(&store.path, &tail.damaged);
    if json {
        let summary = crate::progress::summary(&tail.records, today, weeks);
        return print(&crate::render::json::object(
            crate::render::json::PROGRESS,
            &summary,
        ));
    }
    print(&crate::progress::report(
        &tail.records,
        &tail.ratings,
        today,
        weeks,
    ))
}
