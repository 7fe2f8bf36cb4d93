//! `backrelief completions SHELL` and `backrelief man`.

use super::cli::Cli;
use super::context::Context;
use crate::error::{exit, Error, Result};
use crate::library::Library;
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

/// One page: clap_mangen's sections (NAME, SYNOPSIS, DESCRIPTION, OPTIONS,
/// SUBCOMMANDS), then EXAMPLES (the examples `--help` shows), NOTES, EXIT
/// STATUS, ENVIRONMENT, FILES, SEE ALSO and VERSION, in the order man
/// pages keep them. `parent` names the page a subcommand's belongs under.
fn page(cmd: &clap::Command, parent: Option<&str>) -> Result<Vec<u8>> {
    let man = clap_mangen::Man::new(cmd.clone())
        .date(release_date())
        .source(format!("backrelief {}", env!("CARGO_PKG_VERSION")));
    let mut buf = Vec::new();
    let io = |e| Error::io("rendering the man page", e);
    man.render_title(&mut buf).map_err(io)?;
    man.render_name_section(&mut buf).map_err(io)?;
    man.render_synopsis_section(&mut buf).map_err(io)?;
    man.render_description_section(&mut buf).map_err(io)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut buf).map_err(io)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut buf).map_err(io)?;
    }
    let mut out = String::from_utf8_lossy(&buf).into_owned();
    let after = cmd
        .get_after_long_help()
        .or(cmd.get_after_help())
        .map(|s| s.to_string())
        .unwrap_or_default();
    let (notes, examples) = split_examples(&after);
    if let Some(examples) = examples {
        out.push_str(".SH EXAMPLES\n.nf\n");
        for line in examples.lines() {
            out.push_str(&roff_text(line.trim_start()));
            out.push('\n');
        }
        out.push_str(".fi\n");
    }
    if !notes.is_empty() {
        out.push_str(&format!(".SH NOTES\n{}\n", roff_text(&notes)));
    }
    out.push_str(&extra_sections());
    out.push_str(&see_also(cmd, parent));
    if cmd.get_version().is_some() || cmd.get_long_version().is_some() {
        let mut version = Vec::new();
        man.render_version_section(&mut version).map_err(io)?;
        out.push_str(&String::from_utf8_lossy(&version));
    }
    Ok(out.into_bytes())
}

/// SEE ALSO: the page above this one and each command's page below it.
fn see_also(cmd: &clap::Command, parent: Option<&str>) -> String {
    let mut pages: Vec<String> = parent.map(str::to_string).into_iter().collect();
    pages.extend(
        cmd.get_subcommands()
            .filter(|s| !s.is_hide_set())
            .map(|s| s.get_display_name().unwrap_or(s.get_name()).to_string()),
    );
    if pages.is_empty() {
        return String::new();
    }
    let list: Vec<String> = pages
        .iter()
        .map(|p| format!("\\fB{}\\fR(1)", roff_text(p)))
        .collect();
    format!(".SH \"SEE ALSO\"\n{}\n", list.join(",\n"))
}

/// The date the pages carry: SOURCE_DATE_EPOCH when set (reproducible
/// builds), otherwise this version's release date in CHANGELOG.md; never
/// the day the pages are made. Empty for a version not yet released.
pub fn release_date() -> String {
    if let Some(day) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
    {
        return day.format("%Y-%m-%d").to_string();
    }
    changelog_date(
        include_str!("../../CHANGELOG.md"),
        env!("CARGO_PKG_VERSION"),
    )
    .unwrap_or_default()
}

/// `## VERSION - YYYY-MM-DD` in a changelog.
pub fn changelog_date(changelog: &str, version: &str) -> Option<String> {
    changelog.lines().find_map(|line| {
        let rest = line.strip_prefix("## ")?.trim().trim_start_matches('[');
        let rest = rest.strip_prefix(version)?.trim_start_matches(']');
        let date = rest.trim().strip_prefix('-')?.trim();
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .ok()
            .map(|d| d.to_string())
    })
}

/// A command's after-help text cut in two: the rest, and its
/// "Examples:" block (the indented lines after it), if any.
pub fn split_examples(text: &str) -> (String, Option<String>) {
    let Some(at) = text.find("Example") else {
        return (text.trim().to_string(), None);
    };
    let Some(line_end) = text[at..].find('\n') else {
        return (text.trim().to_string(), None);
    };
    let body = &text[at + line_end + 1..];
    let mut end = 0;
    for line in body.split_inclusive('\n') {
        if !line.starts_with("  ") {
            break;
        }
        end += line.len();
    }
    let examples = body[..end].trim_end().to_string();
    let rest = format!("{}\n\n{}", text[..at].trim(), body[end..].trim());
    (rest.trim().to_string(), Some(examples))
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
pub fn man(ctx: &Context, dir: Option<&Path>) -> Result<()> {
    let cmd = built();
    let Some(dir) = dir else {
        return ctx.print(&String::from_utf8_lossy(&page(&cmd, None)?));
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    let mut written = Vec::new();
    fn walk(
        cmd: &clap::Command,
        parent: Option<&str>,
        dir: &Path,
        written: &mut Vec<String>,
    ) -> Result<()> {
        let me = cmd.get_display_name().unwrap_or(cmd.get_name());
        let name = format!("{me}.1");
        // Pages are for everyone (`man` may run as another user, a
        // package installs them 0644): not private like backrelief's data.
        crate::store::files::write_atomic_public(&dir.join(&name), &page(cmd, parent)?)?;
        written.push(name);
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, Some(me), dir, written)?;
        }
        Ok(())
    }
    walk(&cmd, None, dir, &mut written)?;
    ctx.print(&format!(
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
pub fn completions(ctx: &Context, shell: clap_complete::Shell) -> Result<()> {
    if let Some(ours) = super::complete::Shell::of(shell) {
        return ctx.print(ours.script());
    }
    let lib = crate::store::library::builtin_library();
    let mut cmd = with_ids(&lib);
    cmd.build();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut visible(&cmd), "backrelief", &mut buf);
    ctx.print(&String::from_utf8_lossy(&buf))
}
