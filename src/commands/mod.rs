//! The command layer: the only code that knows clap. Each command turns its
//! arguments into a plain request, calls the core, and prints.

mod browse;
mod docs;
mod function;
mod history;
mod profile;
mod programs;
mod remind;
mod report;
mod session;
mod sheet;

use crate::cli::{Cli, ColorArg, Command, Global};
use crate::clock::Clock;
use crate::error::Result;
use crate::library::Library;
use crate::output::print;
use crate::store::history::{Damaged, Store};
use crate::store::library::Layers;
use crate::style::{ColorWhen, Style};
use std::path::{Path, PathBuf};

/// What every command is given: where things are, how to print, and the
/// one clock.
pub struct Context {
    pub library_dir: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    pub style: Style,
    pub clock: Clock,
}

impl Context {
    pub fn new(global: &Global) -> Context {
        Context {
            library_dir: global.library.clone(),
            data_dir: global.data_dir.clone(),
            style: Style::detect(color_when(global)),
            // The wall clock is made here once; every command is handed it.
            clock: Clock::new(global.today),
        }
    }

    /// The library with the user's layers, from the cache when their files
    /// are unchanged.
    /// The library lives until the process ends: a command is the whole
    /// run, and freeing its thousands of strings one by one cost a third
    /// as much again as decoding them (callgrind, `list`).
    pub fn library(&self) -> Result<&'static Library> {
        self.load_library(Vec::new(), true)
    }

    /// What `check` reports on: the user's layers and `extra` paths, every
    /// file parsed, the cache neither read nor written.
    pub fn library_checked(&self, extra: &[PathBuf]) -> Result<&'static Library> {
        self.load_library(extra.to_vec(), false)
    }

    fn load_library(&self, extra: Vec<PathBuf>, cached: bool) -> Result<&'static Library> {
        let lib = crate::store::library::load(&Layers {
            user_dir: crate::store::paths::user_routines(),
            library_dir: self.library_dir.clone(),
            extra,
            cached,
        })?;
        Ok(Box::leak(Box::new(lib)))
    }

    pub fn history(&self) -> Result<Store> {
        Store::open(self.data_dir.as_ref())
    }
}

fn when(arg: Option<ColorArg>) -> ColorWhen {
    match arg {
        None | Some(ColorArg::Auto) => ColorWhen::Auto,
        Some(ColorArg::Always) => ColorWhen::Always,
        Some(ColorArg::Never) => ColorWhen::Never,
    }
}

/// `--no-color` wins over `--color`.
fn color_when(global: &Global) -> ColorWhen {
    if global.no_color {
        ColorWhen::Never
    } else {
        when(global.color)
    }
}

/// Parses the command line with clap's help and errors coloured as our
/// own output is; a usage error (sanitised like every error) or the help
/// ends the program here with clap's exit code.
pub fn parse_or_exit(args: Vec<std::ffi::OsString>) -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    use std::io::IsTerminal;
    let choice = when(crate::cli::color_arg(&args));
    let on = crate::style::choose_stdout_colour(choice);
    let clap_choice = if on {
        clap::ColorChoice::Always
    } else {
        clap::ColorChoice::Never
    };
    // The command is dropped before the command runs: freeing it costs
    // instructions, but the library then reuses its memory instead of
    // touching new pages, and a page fault costs more (perf stat, `list`).
    let mut command = Cli::command().color(clap_choice);
    let parsed = command
        .try_get_matches_from_mut(args)
        .and_then(|m| Cli::from_arg_matches(&m));
    drop(command);
    match parsed {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            let env = crate::style::ColorEnv::read();
            if crate::style::colour_on(choice, std::io::stderr().is_terminal(), &env) {
                crate::output::warn_styled(e.render().ansi().to_string().trim_end());
            } else {
                crate::output::warn(e.render().to_string().trim_end());
            }
            std::process::exit(e.exit_code());
        }
        Err(e) => e.exit(),
    }
}

/// Damaged history lines are reported, not fatal.
pub fn report_damaged(path: &Path, damaged: &[Damaged]) {
    for d in damaged {
        crate::output::warn(&format!("{}:{}: {}", path.display(), d.line, d.message));
    }
}

pub fn run(cli: Cli) -> Result<()> {
    let ctx = Context::new(&cli.global);
    match &cli.command {
        Command::Check { paths, .. } => {
            let lib = ctx.library_checked(paths)?;
            // A person's exercise from before capabilities: not an error
            // (their files keep working), but said, with what it means.
            for e in lib.exercises.iter().filter(|e| e.needs.is_none()) {
                crate::output::warn(&format!(
                    "exercise '{}' does not say what it `needs` (capabilities such as weight-through-hands; `needs: []` for none): until it does, it is taken to need every capability and is left out for anyone who has told us one is hard",
                    crate::output::sanitise(&e.id)
                ));
            }
            print(&format!(
                "ok: {} exercises, {} causes, {} programs\n",
                lib.exercises.len(),
                lib.causes.len(),
                lib.programs.len()
            ))
        }
        Command::List(args) => browse::list(&ctx, args),
        Command::Show { exercise, json, .. } => browse::show(&ctx, exercise, *json),
        Command::Muscles { json, .. } => browse::muscles(&ctx, json.json),
        Command::Causes { cause, json, .. } => browse::causes(&ctx, cause.as_deref(), json.json),
        Command::Conditions {
            condition, json, ..
        } => browse::conditions(&ctx, condition.as_deref(), json.json),
        Command::Programs(args) => programs::run(&ctx, args),
        Command::Therapies { json, .. } => browse::therapies(&ctx, json.json),
        Command::Session(args) => session::run(&ctx, args),
        Command::Run {
            program,
            minutes,
            run,
            ..
        } => session::run_program(&ctx, program, *minutes, run),
        Command::History(args) => history::run(&ctx, args),
        Command::Progress { weeks, json, .. } => {
            let store = ctx.history()?;
            let today = ctx.clock.today();
            let tail = store.read_tail(crate::progress::since(today))?;
            report_damaged(&store.path, &tail.damaged);
            if json.json {
                let summary = crate::progress::summary(&tail.records, today, *weeks);
                return print(&crate::render::json::object(
                    crate::render::json::PROGRESS,
                    &summary,
                ));
            }
            print(&crate::progress::report(
                &tail.records,
                &tail.ratings,
                today,
                *weeks,
            ))
        }
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
