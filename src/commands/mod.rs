//! The command layer: the only code that knows clap. Each command turns its
//! arguments into a plain request, calls the core, and prints. This file
//! only dispatches: the shared context is in `context`, the red-flag screen
//! and today's answers (shared by `session`, `run` and `sheet`) in
//! `checkin`, the arguments in `cli`. [`main`] is the whole run of a
//! command line, in the process (`main.rs`) or in a test.

mod browse;
pub mod check;
pub mod checkin;
pub mod cli;
pub mod complete;
pub mod context;
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

use crate::error::{Error, Result};
use crate::output::Captured;
use cli::{Cli, Command};
use context::{Context, Setting};

/// Runs the command line `args` (the program's name first) in `setting`:
/// parses it (help and usage errors printed here), runs the command, and
/// prints its error. Returns the exit code, and what was written when the
/// setting keeps output (`Setting::in_process`).
pub fn main(args: Vec<std::ffi::OsString>, setting: &Setting) -> (i32, Captured) {
    let choice = parse::when(cli::color_arg(&args, setting.color_var.as_deref()));
    let out = setting.output(choice);
    let stderr_colour = setting.stderr_colour(choice);
    let cli = match parse::parse(args, &out, stderr_colour, !setting.captured) {
        Ok(cli) => cli,
        Err(code) => return (code, out.into_captured()),
    };
    let ctx = Context::new(&cli.global, setting, out);
    let code = match run(&ctx, &cli) {
        Ok(()) => 0,
        Err(err) => {
            match &err {
                // The advice was already printed; the exit code says the rest.
                Error::RedFlag => {}
                Error::Library(problems) => ctx.warn(&problems.to_string()),
                other => ctx.warn(&format!("backrelief: {other}")),
            }
            err.exit_code()
        }
    };
    ctx.store_notices();
    if setting.captured {
        return (code, ctx.out.into_captured());
    }
    // The library lives until the process ends: a command is the whole
    // run, and freeing its thousands of strings one by one is work that
    // changes nothing the person sees.
    std::mem::forget(ctx);
    (code, Captured::default())
}

fn run(ctx: &Context, cli: &Cli) -> Result<()> {
    match &cli.command {
        Command::Check { paths, json, .. } => check::run(ctx, paths, json.json),
        Command::List(args) => browse::list(ctx, args),
        Command::Show { exercise, json, .. } => browse::show(ctx, exercise, *json),
        Command::Muscles { json, .. } => browse::muscles(ctx, json.json),
        Command::Causes { cause, json, .. } => browse::causes(ctx, cause.as_deref(), json.json),
        Command::Conditions {
            condition, json, ..
        } => browse::conditions(ctx, condition.as_deref(), json.json),
        Command::Programs(args) => programs::run(ctx, args),
        Command::Therapies { json, .. } => browse::therapies(ctx, json.json),
        Command::Learn { lesson, .. } => learn::run(ctx, lesson.as_deref()),
        Command::Session(args) => session::run(ctx, args),
        Command::Run {
            program,
            minutes,
            run,
            ..
        } => session::run_program(ctx, program, *minutes, run),
        Command::History(args) => history::run(ctx, args),
        Command::Walk(args) => walk::run(ctx, args),
        Command::Progress { weeks, json, .. } => progress::run(ctx, *weeks, json.json),
        Command::Sheet(args) => sheet::run(ctx, args),
        Command::Function(args) => function::run(ctx, args),
        Command::Report(args) => report::run(ctx, args),
        Command::Remind(args) => remind::run(ctx, args),
        Command::Nudge { .. } => remind::nudge(ctx),
        Command::Profile(args) => profile::run(ctx, args),
        Command::Completions { shell, .. } => docs::completions(ctx, *shell),
        Command::Man { dir, .. } => docs::man(ctx, dir.as_deref()),
    }
}
