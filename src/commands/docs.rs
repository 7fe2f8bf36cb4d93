//! `backrelief completions SHELL` and `backrelief man`.

use super::cli::Cli;
use crate::error::{exit, Error, Result};
use crate::library::Library;
use crate::output::print;
use clap::builder::PossibleValuesParser;
use clap::CommandFactory;
use std::path::Path;

/// Exit codes, as in README's table and `error::exit`.
const EXIT_STATUS: &[(i32, &str)] = &[
    (exit::OK, "Success."),
    (
        exit::INVALID_DATA,
        "An invalid library, profile or history file, or a file that cannot be read or written (history not saved).",
    ),
    (
        exit::USAGE,
        "A usage error: a bad flag, an unknown id, a bad answers file.",
    ),
    (
        exit::RED_FLAG,
        "A red-flag answer: the session stopped and said where to get care.",
    ),
    (
        exit::HANGUP,
        "The terminal closed (hang-up, with or without SIGHUP) or SIGHUP came: a session that had started is saved.",
    ),
    (
        exit::INTERRUPTED,
        "Interrupted: end of input at a question, Ctrl+C, q or SIGINT (what was done is saved).",
    ),
];

/// Any other terminating signal n exits 128 + n.
const EXIT_SIGNAL: (&str, &str) = (
    "128 + n",
    "Signal n ended a session or a question, e.g. 143 for SIGTERM; the terminal is restored and what was done is saved.",
);

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "BACKRELIEF_COLOR",
        "auto, always or never: the same as --color.",
    ),
    (
        "BACKRELIEF_LIBRARY",
        "A directory of YAML files merged over the built-in library: the same as --library.",
    ),
    (
        "BACKRELIEF_HOME",
        "Where history is kept: the same as --data-dir.",
    ),
    (
        "NO_COLOR",
        "When set and not empty, no colour (unless --color always).",
    ),
    (
        "CLICOLOR_FORCE",
        "When set and not 0, colour even when output is not a terminal (NO_COLOR wins).",
    ),
    ("CLICOLOR", "0 means no colour."),
    (
        "TERM",
        "dumb means no colour, typed-line questions and the plain session runner.",
    ),
    (
        "COLUMNS",
        "Where output is not a terminal, the width to wrap text at (80 when unset).",
    ),
    (
        "XDG_CONFIG_HOME, XDG_DATA_HOME",
        "The base directories below (used when absolute).",
    ),
];

const FILES: &[(&str, &str)] = &[
    (
        "$XDG_CONFIG_HOME/backrelief/profile.yaml",
        "Your profile: conditions, equipment, usual minutes, opt-ins (~/.config when XDG_CONFIG_HOME is unset).",
    ),
    (
        "$XDG_CONFIG_HOME/backrelief/routines/",
        "Your own YAML library files, merged over the built-in library by id.",
    ),
    (
        "$XDG_DATA_HOME/backrelief/history.jsonl",
        "Past sessions, one JSON line each (~/.local/share when XDG_DATA_HOME is unset; BACKRELIEF_HOME or --data-dir replaces the directory).",
    ),
    (
        "$XDG_DATA_HOME/backrelief/history.lock",
        "Held while history is read or written.",
    ),
];

/// Text made safe for roff: a backslash and a leading dot or quote would
/// be read as requests.
fn roff_text(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    match s.chars().next() {
        Some('.' | '\'') => format!("\\&{s}"),
        _ => s,
    }
}

/// EXIT STATUS, ENVIRONMENT and FILES, in roff.
fn extra_sections() -> String {
    let mut out = String::new();
    let mut section = |title: &str, items: &mut dyn Iterator<Item = (String, &str)>| {
        out.push_str(&format!(".SH \"{title}\"\n"));
        for (term, text) in items {
            out.push_str(&format!(
                ".TP\n\\fB{}\\fR\n{}\n",
                roff_text(&term),
                roff_text(text)
            ));
        }
    };
    section(
        "EXIT STATUS",
        &mut EXIT_STATUS
            .iter()
            .map(|(c, t)| (c.to_string(), *t))
            .chain(std::iter::once((EXIT_SIGNAL.0.to_string(), EXIT_SIGNAL.1))),
    );
    section(
        "ENVIRONMENT",
        &mut ENVIRONMENT.iter().map(|(n, t)| (n.to_string(), *t)),
    );
    section("FILES", &mut FILES.iter().map(|(n, t)| (n.to_string(), *t)));
    out
}

/// One page: clap_mangen's, with ours before VERSION (where man pages
/// keep them).
fn page(cmd: &clap::Command) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut buf)
        .map_err(|e| Error::io("rendering the man page", e))?;
    let page = String::from_utf8_lossy(&buf).into_owned();
    let at = page.find("\n.SH VERSION").map_or(page.len(), |i| i + 1);
    let mut out = page[..at].to_string();
    out.push_str(&extra_sections());
    out.push_str(&page[at..]);
    Ok(out.into_bytes())
}

/// The command tree as the pages show it: built, so subcommands are named
/// `backrelief-list` and carry the global options.
fn built() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// `backrelief man`: the main page to stdout, or with `--dir` the main page
/// and one per command (subcommands of subcommands too) written to DIR.
pub fn man(dir: Option<&Path>) -> Result<()> {
    let cmd = built();
    let Some(dir) = dir else {
        return print(&String::from_utf8_lossy(&page(&cmd)?));
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    let mut written = Vec::new();
    fn walk(cmd: &clap::Command, dir: &Path, written: &mut Vec<String>) -> Result<()> {
        let name = format!("{}.1", cmd.get_display_name().unwrap_or(cmd.get_name()));
        crate::store::files::write_atomic(&dir.join(&name), &page(cmd)?)?;
        written.push(name);
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, dir, written)?;
        }
        Ok(())
    }
    walk(&cmd, dir, &mut written)?;
    print(&format!(
        "wrote {} pages to {}: {}\n",
        written.len(),
        dir.display(),
        written.join(" ")
    ))
}

/// The command for completion scripts: the arguments that take an id offer
/// the built-in library's ids. Only the scripts see these lists: parsing
/// still takes names and aliases, and ids from the person's own files.
fn with_ids(lib: &Library) -> clap::Command {
    // Each id with its name, which zsh and fish show beside it.
    let ids = |items: Vec<(&str, &str)>| {
        PossibleValuesParser::new(items.into_iter().map(|(id, name)| {
            clap::builder::PossibleValue::new(id.to_string()).help(name.to_string())
        }))
    };
    let exercises = || {
        ids(lib
            .exercises
            .iter()
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect())
    };
    let programs = || {
        ids(lib
            .programs
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str()))
            .collect())
    };
    let causes = || {
        ids(lib
            .causes
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_str()))
            .collect())
    };
    let conditions = || {
        ids(lib
            .conditions
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_str()))
            .collect())
    };
    let muscles = || {
        ids(lib
            .muscles
            .iter()
            .map(|m| (m.id.as_str(), m.name.as_str()))
            .collect())
    };
    let equipment = || {
        ids(lib
            .equipment
            .iter()
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect())
    };
    let opt_in = || {
        ids(lib
            .exercises
            .iter()
            .filter(|e| e.opt_in)
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect())
    };
    // Built first: each command's arguments are made only when it is built.
    let mut cmd = Cli::command();
    cmd.build();
    cmd.mut_subcommand("show", |c| {
        c.mut_arg("exercise", |a| a.value_parser(exercises()))
    })
    .mut_subcommand("run", |c| {
        c.mut_arg("program", |a| a.value_parser(programs()))
    })
    .mut_subcommand("programs", |c| {
        c.mut_arg("program", |a| a.value_parser(programs()))
    })
    .mut_subcommand("causes", |c| {
        c.mut_arg("cause", |a| a.value_parser(causes()))
    })
    .mut_subcommand("conditions", |c| {
        c.mut_arg("condition", |a| a.value_parser(conditions()))
    })
    .mut_subcommand("list", |c| {
        c.mut_arg("muscle", |a| a.value_parser(muscles()))
            .mut_arg("cause", |a| a.value_parser(causes()))
            .mut_arg("equipment", |a| a.value_parser(equipment()))
    })
    .mut_subcommand("session", |c| {
        c.mut_arg("program", |a| a.value_parser(programs()))
            .mut_arg("equipment", |a| a.value_parser(equipment()))
    })
    .mut_subcommand("sheet", |c| {
        c.mut_arg("program", |a| a.value_parser(programs()))
            .mut_arg("exercises", |a| a.value_parser(exercises()))
    })
    .mut_subcommand("profile", |c| {
        c.mut_arg("add_condition", |a| a.value_parser(conditions()))
            .mut_arg("remove_condition", |a| a.value_parser(conditions()))
            .mut_arg("equipment", |a| a.value_parser(equipment()))
            .mut_arg("opt_in", |a| a.value_parser(opt_in()))
            .mut_arg("opt_out", |a| a.value_parser(opt_in()))
    })
}

/// `cmd` without its hidden options and commands (clap_complete's scripts
/// would offer them): built first, so the global options are copied into
/// each subcommand, then made again from the visible parts.
fn visible(cmd: &clap::Command) -> clap::Command {
    let auto = |id: &str| id == "help" || id == "version";
    let mut out = clap::Command::new(cmd.get_name().to_string())
        .about(cmd.get_about().cloned().unwrap_or_default())
        .args(
            cmd.get_arguments()
                .filter(|a| !a.is_hide_set() && !auto(a.get_id().as_str()))
                .cloned(),
        )
        .subcommands(
            cmd.get_subcommands()
                .filter(|s| !s.is_hide_set() && s.get_name() != "help")
                .map(visible),
        );
    if let Some(v) = cmd.get_version() {
        out = out.version(v.to_string());
    }
    out
}

/// `backrelief completions SHELL`: bash, zsh, fish and PowerShell get a
/// script that asks backrelief at each Tab (`complete.rs`); elvish a
/// script with the built-in ids.
pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    if let Some(ours) = super::complete::Shell::of(shell) {
        return print(ours.script());
    }
    let lib = crate::store::library::builtin_library();
    let mut cmd = with_ids(&lib);
    cmd.build();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut visible(&cmd), "backrelief", &mut buf);
    print(&String::from_utf8_lossy(&buf))
}
