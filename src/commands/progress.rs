//! `backrelief progress`: pain, minutes and streaks over the last weeks.

use super::context::{schedule_tail, Context};
use crate::error::Result;
use crate::output::print;

pub fn run(ctx: &Context, weeks: u32, json: bool) -> Result<()> {
    let store = ctx.history()?;
    let today = ctx.clock.today();
    let tail = schedule_tail(&store, crate::progress::since(today), today)?;
    let age = profile_age(ctx);
    if json {
        let mut summary = crate::progress::summary(&tail.records, &tail.ratings, today, weeks);
        summary.see_a_clinician =
            crate::progress::safety_net(&tail.records, &tail.ratings, today, age)
                .iter()
                .map(crate::safety_net::Reason::words)
                .collect();
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
        age,
    ))
}

/// The age in the profile, for the safety net; none when there is no
/// profile or it cannot be read (`session` reports that problem).
fn profile_age(ctx: &Context) -> Option<u32> {
    let lib = ctx.library().ok()?;
    crate::store::profile::load_from(crate::store::profile::path().as_deref(), lib)
        .ok()
        .flatten()
        .and_then(|p| p.age)
}
