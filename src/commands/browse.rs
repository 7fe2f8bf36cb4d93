//! `list`, `show`, `muscles`, `causes`, `conditions`, `programs`, `therapies`.

use super::Context;
use crate::browse::{ListFilter, ListLayout};
use crate::cli::ListArgs;
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
    use std::io::IsTerminal;
    let layout = if args.json {
        ListLayout::Json
    } else if args.tsv {
        ListLayout::Tsv
    } else {
        // Cut to fit only on a terminal; a pipe or a file gets every word.
        ListLayout::Table {
            width: std::io::stdout().is_terminal().then_some(ctx.style.width),
        }
    };
    print(&crate::browse::list(&ctx.library()?, &filter, layout)?)
}

pub fn show(ctx: &Context, exercise: &str, json: bool) -> Result<()> {
    print(&crate::browse::show(
        &ctx.library()?,
        exercise,
        json,
        &ctx.style,
    )?)
}

pub fn muscles(ctx: &Context) -> Result<()> {
    print(&crate::browse::muscles(&ctx.library()?))
}

pub fn causes(ctx: &Context, cause: Option<&str>) -> Result<()> {
    print(&crate::browse::causes(&ctx.library()?, cause, &ctx.style)?)
}

pub(super) fn programs(ctx: &Context, program: Option<&str>) -> Result<()> {
    print(&crate::browse::programs(
        &ctx.library()?,
        program,
        &ctx.style,
    )?)
}

pub fn therapies(ctx: &Context) -> Result<()> {
    print(&crate::browse::therapies(&ctx.library()?, &ctx.style))
}

pub fn conditions(ctx: &Context, condition: Option<&str>) -> Result<()> {
    print(&crate::browse::conditions(
        &ctx.library()?,
        condition,
        &ctx.style,
    )?)
}
