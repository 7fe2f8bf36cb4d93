//! `backrelief progress`: pain, minutes and streaks over the last weeks.

use super::context::{schedule_tail, Context};
use crate::error::Result;

pub fn run(ctx: &Context, weeks: u32, json: bool) -> Result<()> {
    let store = ctx.history()?;
    let today = ctx.clock.today();
    // Back far enough for the walking programme's weeks too.
    let since = crate::progress::since(today).min(super::walk::since(today));
    let mut tail = schedule_tail(ctx, store, since, today)?;
    let age = profile_age(ctx);
    let walks = walks(ctx, &tail, today, weeks);
    // History keeps the ids it was written with; a renamed exercise counts
    // under its current id (an unreadable library leaves ids as they are).
    if let Ok(lib) = ctx.library() {
        for step in tail.records.iter_mut().flat_map(|r| r.steps.iter_mut()) {
            if lib.current_id(&step.exercise) != step.exercise {
                step.exercise = lib.current_id(&step.exercise).to_string();
            }
        }
    }
    // The ids are current already.
    let current: crate::progress::CurrentId = &|id| id;
    if json {
        let mut summary =
            crate::progress::summary(&tail.records, &tail.ratings, today, weeks, current);
        summary.see_a_clinician =
            crate::progress::safety_net(&tail.records, &tail.ratings, today, age)
                .iter()
                .map(crate::safety_net::Reason::words)
                .collect();
        return ctx.print(&crate::render::json::object(
            crate::views::PROGRESS,
            &crate::views::ProgressJson {
                summary: &summary,
                walks: walks.as_ref(),
            },
        ));
    }
    let mut text =
        crate::render::progress::report(&tail.records, &tail.ratings, today, weeks, age, current);
    // Shown once someone walks: the sessions' report is unchanged without.
    if let Some(w) = walks.as_ref().filter(|_| !tail.walks.is_empty()) {
        // Walks are their own programme: they count in no session figure.
        text.push('\n');
        text += &crate::render::walk::weeks(&w.weeks, w.suggestion.mode);
        text += &crate::render::walk::suggestion(&w.suggestion);
    }
    ctx.print(&text)
}

/// The walks of the weeks shown and today's walk; `None` when the library
/// or profile cannot be read (`session` reports those problems).
fn walks(
    ctx: &Context,
    tail: &crate::store::history::Tail,
    today: chrono::NaiveDate,
    weeks: u32,
) -> Option<crate::views::Walks> {
    let lib = ctx.library().ok()?;
    let profile = ctx.profile(lib).ok().flatten();
    Some(crate::views::Walks {
        weeks: crate::walking::weeks(&super::walk::walked(tail), today, weeks),
        suggestion: super::walk::suggestion(lib, profile.as_ref(), tail, today),
    })
}

/// The age in the profile, for the safety net; none when there is no
/// profile or it cannot be read (`session` reports that problem).
fn profile_age(ctx: &Context) -> Option<u32> {
    let lib = ctx.library().ok()?;
    ctx.profile(lib).ok().flatten().and_then(|p| p.age)
}
