//! Runs one parsed command: loads the library, dispatches, prints.

use crate::cli::{Cli, Command, Global};
use crate::error::{Error, Result};
use crate::library::{collect_files, Library, Loader, SourceFile};
use crate::style::Style;
use crate::{browse, paths};
use std::io::Write;
use std::path::PathBuf;

/// The built-in files, as the loader wants them.
pub fn builtin_files() -> Vec<SourceFile> {
    crate::builtin::FILES
        .iter()
        .map(|(path, text)| SourceFile {
            path: (*path).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}

/// The built-in library alone: validated when the program was built, so it
/// is read from its JSON form without parsing or checking YAML again.
pub fn builtin_library() -> Library {
    let mut lib: Library =
        serde_json::from_str(crate::builtin::JSON).expect("the build wrote valid JSON");
    lib.reindex();
    lib
}

/// Built-in, then the user's routines directory, then `--library`, then
/// any extra paths (for `check`), each layer overriding by id.
pub fn load_library(global: &Global, extra: &[PathBuf]) -> Result<Library> {
    let user_dir = paths::user_routines().filter(|d| d.is_dir());
    if user_dir.is_none() && global.library.is_none() && extra.is_empty() {
        return Ok(builtin_library());
    }
    let mut loader = Loader::new();
    loader.layer(builtin_files());
    let mut problems = Vec::new();
    if let Some(dir) = user_dir {
        loader.layer(collect_files(&dir, &mut problems));
    }
    if let Some(dir) = &global.library {
        loader.layer(collect_files(dir, &mut problems));
    }
    if !extra.is_empty() {
        let mut files = Vec::new();
        for p in extra {
            files.extend(collect_files(p, &mut problems));
        }
        loader.layer(files);
    }
    Ok(loader.problems(problems).load()?)
}

/// Writes command output to stdout. A closed pipe (`| head`) is not an error.
pub fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("writing output", e)),
        _ => Ok(()),
    }
}

pub fn run(cli: Cli) -> Result<()> {
    use clap::CommandFactory;
    let style = Style::detect(cli.global.no_color);
    let global = &cli.global;
    // The only reading of the wall clock's date choice; every command below
    // is handed this clock rather than asking the system.
    let clock = crate::clock::Clock::new(global.today);
    match &cli.command {
        Command::Check { paths } => {
            let lib = load_library(global, paths)?;
            print(&format!(
                "ok: {} exercises, {} causes, {} programs\n",
                lib.exercises.len(),
                lib.causes.len(),
                lib.programs.len()
            ))
        }
        Command::List(args) => print(&browse::list(&load_library(global, &[])?, args)?),
        Command::Show { exercise, json } => print(&browse::show(
            &load_library(global, &[])?,
            exercise,
            *json,
            &style,
        )?),
        Command::Muscles => print(&browse::muscles(&load_library(global, &[])?)),
        Command::Causes { cause } => print(&browse::causes(
            &load_library(global, &[])?,
            cause.as_deref(),
            &style,
        )?),
        Command::Programs { program } => print(&browse::programs(
            &load_library(global, &[])?,
            program.as_deref(),
            &style,
        )?),
        Command::Session(args) => crate::session::session(global, args, &style, &clock),
        Command::Run {
            program,
            minutes,
            run,
        } => {
            let args = crate::cli::SessionArgs {
                program: Some(program.clone()),
                minutes: *minutes,
                run: run.clone(),
                ..Default::default()
            };
            crate::session::session(global, &args, &style, &clock)
        }
        Command::History(args) => crate::history::command(global, args),
        Command::Progress { weeks } => {
            let store = crate::history::Store::open(global.data_dir.as_ref())?;
            let (records, damaged) = store.read()?;
            for d in &damaged {
                eprintln!("{}:{}: {}", store.path.display(), d.line, d.message);
            }
            print(&crate::progress::report(&records, clock.today(), *weeks))
        }
        Command::Sheet(args) => crate::sheet::command(global, args, clock.today()),
        Command::Profile(args) => crate::profile::command(global, args),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "backrelief", &mut buf);
            print(&String::from_utf8_lossy(&buf))
        }
        Command::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut buf)
                .map_err(|e| Error::io("rendering the man page", e))?;
            print(&String::from_utf8_lossy(&buf))
        }
        Command::Therapies => print(&browse::therapies(&load_library(global, &[])?, &style)),
    }
}
