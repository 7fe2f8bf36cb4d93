//! The command layer: the only code that knows clap. Each command turns its
//! arguments into a plain request, calls the core, and prints.

mod browse;
mod docs;
mod history;
mod profile;
mod session;
mod sheet;

use crate::cli::{Cli, Command, Global};
use crate::clock::Clock;
use crate::error::Result;
use crate::library::Library;
use crate::output::print;
use crate::store::history::{Damaged, Store};
use crate::store::library::Layers;
use crate::style::Style;
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
            style: Style::detect(global.no_color),
            // The wall clock is made here once; every command is handed it.
            clock: Clock::new(global.today),
        }
    }

    /// The library with the user's layers; `extra` are paths for `check`.
    pub fn library_with(&self, extra: &[PathBuf]) -> Result<Library> {
        crate::store::library::load(&Layers {
            user_dir: crate::store::paths::user_routines(),
            library_dir: self.library_dir.clone(),
            extra: extra.to_vec(),
        })
    }

    pub fn library(&self) -> Result<Library> {
        self.library_with(&[])
    }

    pub fn history(&self) -> Result<Store> {
        Store::open(self.data_dir.as_ref())
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
        Command::Check { paths } => {
            let lib = ctx.library_with(paths)?;
            print(&format!(
                "ok: {} exercises, {} causes, {} programs\n",
                lib.exercises.len(),
                lib.causes.len(),
                lib.programs.len()
            ))
        }
        Command::List(args) => browse::list(&ctx, args),
        Command::Show { exercise, json } => browse::show(&ctx, exercise, *json),
        Command::Muscles => browse::muscles(&ctx),
        Command::Causes { cause } => browse::causes(&ctx, cause.as_deref()),
        Command::Conditions { condition } => browse::conditions(&ctx, condition.as_deref()),
        Command::Programs { program } => browse::programs(&ctx, program.as_deref()),
        Command::Therapies => browse::therapies(&ctx),
        Command::Session(args) => session::run(&ctx, args),
        Command::Run {
            program,
            minutes,
            run,
        } => session::run_program(&ctx, program, *minutes, run),
        Command::History(args) => history::run(&ctx, args),
        Command::Progress { weeks } => {
            let store = ctx.history()?;
            let today = ctx.clock.today();
            let (records, damaged) = store.read_since(crate::progress::since(today))?;
            report_damaged(&store.path, &damaged);
            print(&crate::progress::report(
                &records,
                ctx.clock.today(),
                *weeks,
            ))
        }
        Command::Sheet(args) => sheet::run(&ctx, args),
        Command::Profile(args) => profile::run(&ctx, args),
        Command::Completions { shell } => docs::completions(*shell),
        Command::Man => docs::man(),
    }
}
