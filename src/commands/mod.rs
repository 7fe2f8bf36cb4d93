//! The command layer: the only code that knows clap. Each command turns its
//! arguments into a plain request, calls the core, and prints. This file
//! only dispatches: the shared context is in `context`, the red-flag screen
//! and today's answers (shared by `session`, `run` and `sheet`) in
//! `checkin`, the arguments in `cli`.

mod browse;
pub mod check;
pub mod checkin;
pub mod cli;
pub mod complete;
mod context;
mod docs;
mod function;
mod history;
mod learn;
pub mod parse;
pub mod profile;
mod programs;
mod progress;
pub mod remind;
mod report;
mod session;
mod sheet;
mod walk;

use crate::error::Result;
use cli::{Cli, Command};
use context::Context;

pub fn run(cli: Cli) -> Result<()> {
    let ctx = Context::new(&cli.global);
    match &cli.command {
        Command::Check { paths, json, .. } => check::run(&ctx, paths, json.json),
        Command::List(args) => browse::list(&ctx, args),
        Command::Show { exercise, json, .. } => browse::show(&ctx, exercise, *json),
        Command::Muscles { json, .. } => browse::muscles(&ctx, json.json),
        Command::Causes { cause, json, .. } => browse::causes(&ctx, cause.as_deref(), json.json),
        Command::Conditions {
            condition, json, ..
        } => browse::conditions(&ctx, condition.as_deref(), json.json),
        Command::Programs(args) => programs::run(&ctx, args),
        Command::Therapies { json, .. } => browse::therapies(&ctx, json.json),
        Command::Learn { lesson, .. } => learn::run(&ctx, lesson.as_deref()),
        Command::Session(args) => session::run(&ctx, args),
        Command::Run {
            program,
            minutes,
            run,
            ..
        } => session::run_program(&ctx, program, *minutes, run),
        Command::History(args) => history::run(&ctx, args),
        Command::Walk(args) => walk::run(&ctx, args),
        Command::Progress { weeks, json, .. } => progress::run(&ctx, *weeks, json.json),
        Command::Sheet(args) => sheet::run(&ctx, args),
        Command::Function(args) => function::run(&ctx, args),
        Command::Report(args) => report::run(&ctx, args),
        Command::Remind(args) => remind::run(&ctx, args),
        Command::Nudge { .. } => remind::nudge(&ctx),
        Command::Profile(args) => profile::run(&ctx, args),
        Command::Completions { shell, .. } => docs::completions(*shell),
        Command::Man { dir, .. } => docs::man(dir.as_deref()),
    }
}
