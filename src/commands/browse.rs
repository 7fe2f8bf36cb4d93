//! `list`, `show`, `muscles`, `causes`, `conditions`, `programs`, `therapies`.

use super::cli::ListArgs;
use super::context::Context;
use crate::browse::{find_cause, find_condition, find_exercise, ListFilter, ListLayout};
use crate::error::Result;
use crate::render::library;

pub fn list(ctx: &Context, args: &ListArgs) -> Result<()> {
    let filter = ListFilter {
        muscle: args.muscle.clone(),
        category: args.category.clone(),
        cause: args.cause.clone(),
        equipment: args.equipment.clone(),
        position: args.position.clone(),
        max_difficulty: args.max_difficulty,
    };
    let found = crate::browse::filter(ctx.library()?, &filter)?;
    if args.json {
        let records: Vec<&crate::library::Exercise> = found.iter().map(|f| f.exercise).collect();
        return ctx.print(&crate::render::json::list(
            crate::views::EXERCISES,
            &records,
        ));
    }
    let layout = if args.tsv {
        ListLayout::Tsv
    } else {
        // Cut to fit only on a terminal; a pipe or a file gets every word.
        ListLayout::Table {
            width: ctx.cut_width(),
        }
    };
    ctx.print(&library::list(&found, layout))
}

pub fn show(ctx: &Context, exercise: &str, json: bool) -> Result<()> {
    let lib = ctx.library()?;
    let e = find_exercise(lib, exercise)?;
    if json {
        return ctx.print(&crate::render::json::object(crate::views::EXERCISE, e));
    }
    ctx.print(&library::exercise(lib, e, &ctx.style))
}

pub fn muscles(ctx: &Context, json: bool) -> Result<()> {
    let lib = ctx.library()?;
    if json {
        return ctx.print(&muscles_json(lib));
    }
    ctx.print(&library::muscles(lib, ctx.cut_width()))
}

pub fn causes(ctx: &Context, cause: Option<&str>, json: bool) -> Result<()> {
    let lib = ctx.library()?;
    if json {
        return ctx.print(&causes_json(lib, cause)?);
    }
    match cause {
        None => ctx.print(&library::causes(lib, &ctx.style)),
        Some(q) => ctx.print(&library::cause(lib, find_cause(lib, q)?, &ctx.style)),
    }
}

pub fn therapies(ctx: &Context, json: bool) -> Result<()> {
    let lib = ctx.library()?;
    if json {
        return ctx.print(&therapies_json(lib));
    }
    ctx.print(&library::therapies(lib, &ctx.style))
}

pub fn conditions(ctx: &Context, condition: Option<&str>, json: bool) -> Result<()> {
    let lib = ctx.library()?;
    if json {
        return ctx.print(&conditions_json(lib, condition)?);
    }
    match condition {
        None => ctx.print(&library::conditions(lib, &ctx.style)),
        Some(q) => ctx.print(&library::condition(
            lib,
            find_condition(lib, q)?,
            &ctx.style,
        )),
    }
}

/// `causes --json`: every cause, or the one asked for.
pub(super) fn causes_json(
    lib: &crate::library::Library,
    query: Option<&str>,
) -> crate::error::Result<String> {
    use crate::render::json;
    let Some(q) = query else {
        return Ok(json::list(crate::views::CAUSES, &lib.causes));
    };
    Ok(json::object(crate::views::CAUSE, find_cause(lib, q)?))
}

/// `conditions --json`: every condition, or the one asked for, each with
/// the exercises it leaves out.
pub(super) fn conditions_json(
    lib: &crate::library::Library,
    query: Option<&str>,
) -> crate::error::Result<String> {
    use crate::render::json;
    let with = |c| crate::views::ConditionJson {
        condition: c,
        left_out: crate::browse::left_out_for(lib, c)
            .into_iter()
            .map(|(e, reason)| crate::views::LeftOut {
                exercise: &e.id,
                reason,
            })
            .collect(),
    };
    let Some(q) = query else {
        let all: Vec<crate::views::ConditionJson> = lib.conditions.iter().map(with).collect();
        return Ok(json::list(crate::views::CONDITIONS, &all));
    };
    Ok(json::object(
        crate::views::CONDITION,
        &with(find_condition(lib, q)?),
    ))
}

/// `muscles --json`: the taxonomy with how many exercises work each muscle.
pub(super) fn muscles_json(lib: &crate::library::Library) -> String {
    let count = |id: &str, pick: fn(&crate::library::Exercise) -> &[crate::library::Text]| {
        lib.exercises
            .iter()
            .filter(|e| pick(e).iter().any(|x| x == id))
            .count()
    };
    let rows: Vec<crate::views::MuscleJson> = lib
        .muscles
        .iter()
        .map(|m| crate::views::MuscleJson {
            muscle: m,
            primary_in: count(&m.id, |e| &e.muscles.primary),
            secondary_in: count(&m.id, |e| &e.muscles.secondary),
        })
        .collect();
    crate::render::json::list(crate::views::MUSCLES, &rows)
}

/// `therapies --json`.
pub(super) fn therapies_json(lib: &crate::library::Library) -> String {
    crate::render::json::list(crate::views::THERAPIES, &lib.therapies)
}
