//! Shell completion that asks backrelief itself: the scripts that
//! `backrelief completions SHELL` prints call `backrelief __complete SHELL
//! INDEX -- WORDS...` at each Tab, and this module answers with the
//! candidates for word INDEX: commands, options, the ids of the library
//! with the person's own files (exercises, programs, causes, conditions,
//! muscles, equipment, red flags, opt-ins), value lists (categories,
//! positions, every `--flag` with fixed values), or "complete a file name".
//!
//! Completing never prints an error: a library that cannot be read gives
//! the built-in one, anything else gives no candidates, and the exit code
//! is always 0.

use super::cli::Cli;
use crate::library::{Category, Library, Position};
use clap::{Arg, ArgAction, Command, CommandFactory, ValueHint};

/// The first word of a completion request.
pub const SUBCOMMAND: &str = "__complete";

/// Printed alone when the word is a file name: the script completes paths.
const FILES: &str = "::files";

/// The shells with a script of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    PowerShell,
}

impl Shell {
    fn parse(name: &str) -> Option<Shell> {
        match name {
            "bash" => Some(Shell::Bash),
            "zsh" => Some(Shell::Zsh),
            "fish" => Some(Shell::Fish),
            "powershell" => Some(Shell::PowerShell),
            _ => None,
        }
    }

    /// The script `backrelief completions SHELL` prints.
    pub fn script(self) -> &'static str {
        match self {
            Shell::Bash => include_str!("completions/backrelief.bash"),
            Shell::Zsh => include_str!("completions/_backrelief"),
            Shell::Fish => include_str!("completions/backrelief.fish"),
            Shell::PowerShell => include_str!("completions/backrelief.ps1"),
        }
    }

    pub fn of(shell: clap_complete::Shell) -> Option<Shell> {
        match shell {
            clap_complete::Shell::Bash => Some(Shell::Bash),
            clap_complete::Shell::Zsh => Some(Shell::Zsh),
            clap_complete::Shell::Fish => Some(Shell::Fish),
            clap_complete::Shell::PowerShell => Some(Shell::PowerShell),
            _ => None,
        }
    }
}

/// One thing the word may become, and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub value: String,
    pub help: String,
}

/// What word INDEX may be.
#[derive(Debug, PartialEq, Eq)]
pub enum Completion {
    Candidates(Vec<Candidate>),
    Files,
}

/// `backrelief __complete SHELL INDEX -- WORDS...`, when that is the
/// command line: prints the candidates and gives the exit code (0).
pub fn from_args(args: &[std::ffi::OsString]) -> Option<i32> {
    if args.get(1).and_then(|a| a.to_str()) != Some(SUBCOMMAND) {
        return None;
    }
    let text: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let shell = text.get(2).and_then(|s| Shell::parse(s));
    let index = text.get(3).and_then(|s| s.parse::<usize>().ok());
    let words = match text.get(4).map(String::as_str) {
        Some("--") => &text[5..],
        _ => &[][..],
    };
    if let (Some(shell), Some(index)) = (shell, index) {
        let mut words = words.to_vec();
        // PowerShell before 7.3 drops an empty argument: the word being
        // completed may be missing.
        while words.len() <= index {
            words.push(String::new());
        }
        let lib = library(&words[..index]);
        let out = render(shell, &complete(&lib, &words[..=index]));
        // A reader gone is no error worth reporting to a shell.
        let _ = crate::output::print(&out);
    }
    Some(0)
}

/// The library with the person's own files (`--library` or
/// `BACKRELIEF_LIBRARY` too), or the built-in one if that cannot be read.
fn library(words: &[String]) -> Library {
    let given = words
        .windows(2)
        .rev()
        .find_map(|w| (w[0] == "--library").then(|| w[1].clone()))
        .or_else(|| {
            words
                .iter()
                .rev()
                .find_map(|w| w.strip_prefix("--library=").map(str::to_string))
        })
        .or_else(|| std::env::var("BACKRELIEF_LIBRARY").ok())
        .filter(|d| !d.is_empty());
    let dirs = crate::store::paths::Dirs::from_env();
    crate::store::library::load(&crate::store::library::Layers {
        user_dir: dirs.user_routines(),
        library_dir: given.map(Into::into),
        cache_file: dirs.cache_file(),
        extra: Vec::new(),
        cached: true,
    })
    .unwrap_or_else(|_| crate::store::library::builtin_library())
}

/// Candidates as each shell's script reads them, one a line.
pub fn render(shell: Shell, completion: &Completion) -> String {
    let list = match completion {
        Completion::Files => return format!("{FILES}\n"),
        Completion::Candidates(list) => list,
    };
    let clean = |s: &str| s.replace(['\n', '\t', '\r'], " ");
    let mut out = String::new();
    for c in list {
        let (value, help) = (clean(&c.value), clean(&c.help));
        let line = match shell {
            Shell::Bash => value,
            Shell::Zsh => {
                let value = value.replace('\\', "\\\\").replace(':', "\\:");
                if help.is_empty() {
                    value
                } else {
                    format!("{value}:{help}")
                }
            }
            Shell::Fish | Shell::PowerShell => {
                if help.is_empty() {
                    value
                } else {
                    format!("{value}\t{help}")
                }
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// What the last of `words` (the program's name first) may become.
pub fn complete(lib: &Library, words: &[String]) -> Completion {
    let mut root = Cli::command();
    root.build();
    let Some((current, rest)) = words.split_last() else {
        return Completion::Candidates(Vec::new());
    };
    let mut cmd = &root;
    let mut depth = 0;
    let mut positional = 0;
    let mut i = 1;
    let mut only_values = false;
    while i < rest.len() {
        let w = &rest[i];
        if only_values {
            positional += 1;
        } else if w == "--" {
            only_values = true;
        } else if let Some(long) = w.strip_prefix("--") {
            if !long.contains('=') {
                if let Some(arg) = cmd.get_arguments().find(|a| a.get_long() == Some(long)) {
                    if takes_value(arg)
                        && (requires_value(arg) || is_value_of(arg, rest.get(i + 1)))
                    {
                        if i + 1 == rest.len() {
                            return values(lib, arg, current);
                        }
                        i += 1;
                    }
                }
            }
        } else if w.len() == 2 && w.starts_with('-') {
            let short = w.chars().nth(1);
            if let Some(arg) = cmd.get_arguments().find(|a| a.get_short() == short) {
                if takes_value(arg) && requires_value(arg) {
                    if i + 1 == rest.len() {
                        return values(lib, arg, current);
                    }
                    i += 1;
                }
            }
        } else if let Some(sub) = (positional == 0).then(|| cmd.find_subcommand(w)).flatten() {
            cmd = sub;
            depth += 1;
        } else {
            positional += 1;
        }
        i += 1;
    }
    if !only_values {
        if let Some((name, value)) = current.strip_prefix("--").and_then(|c| c.split_once('=')) {
            return match cmd.get_arguments().find(|a| a.get_long() == Some(name)) {
                Some(arg) => prefixed(&format!("--{name}="), values(lib, arg, value)),
                None => Completion::Candidates(Vec::new()),
            };
        }
        if current.starts_with('-') {
            return Completion::Candidates(keep(options(cmd), current));
        }
    }
    let subcommands = if positional == 0 && !only_values {
        keep(
            cmd.get_subcommands()
                // `help` is offered at the top only.
                .filter(|s| !s.is_hide_set() && (s.get_name() != "help" || depth == 0))
                .map(|s| Candidate {
                    value: s.get_name().to_string(),
                    help: about(s),
                })
                .collect(),
            current,
        )
    } else {
        Vec::new()
    };
    let arg = cmd
        .get_positionals()
        .filter(|a| !a.is_hide_set())
        .nth(positional);
    match arg.map(|a| values(lib, a, current)) {
        Some(Completion::Files) if subcommands.is_empty() => Completion::Files,
        Some(Completion::Candidates(list)) => {
            Completion::Candidates(subcommands.into_iter().chain(list).collect())
        }
        _ => Completion::Candidates(subcommands),
    }
}

fn about(cmd: &Command) -> String {
    cmd.get_about().map(|s| s.to_string()).unwrap_or_default()
}

fn takes_value(arg: &Arg) -> bool {
    matches!(arg.get_action(), ArgAction::Set | ArgAction::Append)
}

/// `--bell` may stand alone (`num_args = 0..=1`).
fn requires_value(arg: &Arg) -> bool {
    arg.get_num_args().is_none_or(|n| n.min_values() > 0)
}

/// The word after an option whose value is optional is its value when it
/// is one of the option's values.
fn is_value_of(arg: &Arg, next: Option<&String>) -> bool {
    next.is_some_and(|n| {
        arg.get_possible_values()
            .iter()
            .any(|p| p.matches(n, false))
    })
}

/// The options of `cmd`, long forms, with their help.
fn options(cmd: &Command) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_positional())
        .filter_map(|a| {
            a.get_long().map(|l| Candidate {
                value: format!("--{l}"),
                help: a.get_help().map(|h| h.to_string()).unwrap_or_default(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.value.cmp(&b.value));
    out.dedup_by(|a, b| a.value == b.value);
    out
}

/// The values `arg` takes, those starting with `word` (after its last
/// comma for a comma-separated list, which the candidates keep).
fn values(lib: &Library, arg: &Arg, word: &str) -> Completion {
    let list = arg.get_value_delimiter() == Some(',');
    let (done, part) = match word.rfind(',') {
        Some(at) if list => (&word[..=at], &word[at + 1..]),
        _ => ("", word),
    };
    let Some(all) = known_values(lib, arg) else {
        return if is_path(arg) {
            Completion::Files
        } else {
            Completion::Candidates(Vec::new())
        };
    };
    let taken: Vec<&str> = done.split(',').collect();
    let left = all
        .into_iter()
        .filter(|c| !taken.contains(&c.value.as_str()))
        .collect();
    prefixed(done, Completion::Candidates(keep(left, part)))
}

fn is_path(arg: &Arg) -> bool {
    matches!(
        arg.get_value_hint(),
        ValueHint::AnyPath | ValueHint::FilePath | ValueHint::DirPath
    ) || arg
        .get_value_names()
        .is_some_and(|n| n.iter().any(|n| n == "FILE" || n == "DIR"))
}

/// Ids from the library for the arguments that take them, or the fixed
/// values clap knows; none for free text.
fn known_values(lib: &Library, arg: &Arg) -> Option<Vec<Candidate>> {
    fn pairs<'a>(it: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<Candidate> {
        it.map(|(id, name)| Candidate {
            value: id.to_string(),
            help: name.to_string(),
        })
        .collect()
    }
    let found = match arg.get_id().as_str() {
        "exercise" | "exercises" => pairs(
            lib.exercises
                .iter()
                .map(|e| (e.id.as_str(), e.name.as_str())),
        ),
        "program" => pairs(
            lib.programs
                .iter()
                .map(|p| (p.id.as_str(), p.name.as_str())),
        ),
        "cause" => pairs(lib.causes.iter().map(|c| (c.id.as_str(), c.name.as_str()))),
        "condition" | "add_condition" | "remove_condition" => pairs(
            lib.conditions
                .iter()
                .map(|c| (c.id.as_str(), c.name.as_str())),
        ),
        "muscle" => pairs(lib.muscles.iter().map(|m| (m.id.as_str(), m.name.as_str()))),
        "equipment" => pairs(
            lib.equipment
                .iter()
                .map(|e| (e.id.as_str(), e.name.as_str())),
        ),
        "checked" | "unchecked" => pairs(
            lib.red_flags
                .iter()
                .map(|f| (f.id.as_str(), f.ask.as_ref().map_or("", |a| a.as_str()))),
        ),
        "opt_in" | "opt_out" => pairs(
            lib.exercises
                .iter()
                .filter(|e| e.opt_in)
                .map(|e| (e.id.as_str(), e.name.as_str())),
        ),
        "category" => pairs(Category::ALL.iter().map(|c| (c.as_str(), ""))),
        "position" => pairs(Position::ALL.iter().map(|p| (p.as_str(), ""))),
        _ => {
            let fixed: Vec<Candidate> = arg
                .get_possible_values()
                .iter()
                .filter(|p| !p.is_hide_set())
                .map(|p| Candidate {
                    value: p.get_name().to_string(),
                    help: p.get_help().map(|h| h.to_string()).unwrap_or_default(),
                })
                .collect();
            return (!fixed.is_empty()).then_some(fixed);
        }
    };
    Some(found)
}

/// The candidates that start with `word`.
fn keep(list: Vec<Candidate>, word: &str) -> Vec<Candidate> {
    list.into_iter()
        .filter(|c| c.value.starts_with(word))
        .collect()
}

fn prefixed(prefix: &str, completion: Completion) -> Completion {
    match completion {
        Completion::Candidates(list) if !prefix.is_empty() => Completion::Candidates(
            list.into_iter()
                .map(|c| Candidate {
                    value: format!("{prefix}{}", c.value),
                    help: c.help,
                })
                .collect(),
        ),
        other => other,
    }
}
