//! `list`, `show`, `muscles`, `causes`, `conditions`, `programs`, `therapies`.

use super::cli::ListArgs;
use super::context::Context;
use crate::browse::{ListFilter, ListLayout};
use crate::error::Result;
use crate::output::print;

pub fn list(ctx: &Context, args: &ListArgs) -> Result<()> {
    let filter = ListFilter {
        muscle: args.muscle.clone(),
        category: args.category.clone(),
        cause: args.cause.clone(),
        equipment: args.equipment.clone(),
        position: args.position.clone(),
        max_difficulty: args.max_difficulty,
    };
    let layout = if args.json {
        ListLayout::Json
    } else if args.tsv {
        ListLayout::Tsv
    } else {
        // Cut to fit only on a terminal; a pipe or a file gets every word.
        ListLayout::Table {
            width: ctx.cut_width(),
        }
    };
    print(&crate::browse::list(ctx.library()?, &filter, layout)?)
}

pub fn show(ctx: &Context, exercise: &str, json: bool) -> Result<()> {
    print(&crate::browse::show(
        ctx.library()?,
        exercise,
        json,
        &ctx.style,
    )?)
}

pub fn muscles(ctx: &Context, json: bool) -> Result<()> {
    let lib = ctx.library()?;
    if json {
        return print(&crate::browse::muscles_json(lib));
    }
    print(&crate::browse::muscles(lib, ctx.cut_width()))
}

pub fn causes(ctx: &Context, cause: Option<&str>, json: bool) -> Result<()> {
    let lib = ctx.library()?;
    if json {
        return print(&crate::browse::causes_json(lib, cause)?);
    }
    print(&crate::browse::causes(lib, cause, &ctx.style)?)
}

pub fn therapies(ctx: &Context, json: bool) -> Result<()> {
    let lib = ctx.library()?;
    if json {
        return print(&crate::browse::therapies_json(lib));
    }
    print(&crate::browse::therapies(lib, &ctx.style))
}

pub fn conditions(ctx: &Context, condition: Option<&str>, json: bool) -> Result<()> {
    let lib = ctx.library()?;
    if json {
        return print(&crate::browse::conditions_json(lib, condition)?);
    }
    print(&crate::browse::conditions(lib, condition, &ctx.style)?)
}
