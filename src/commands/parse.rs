//! The command line read into `Cli`, and its values turned into the
//! core's types.

use super::cli::{BellWhen, Cli, ColorArg};
use crate::output::Output;
use crate::style::ColorWhen;

/// Parses the command line with clap's help and errors coloured as our
/// own output is (`choice`), written to `out`: a usage error (sanitised
/// like every error) or the help ends the run here, with clap's exit code.
/// `stderr_colour`: clap's errors in colour. `read_env`: options take
/// values from their environment variables (not in a setting made by a
/// test, which gives what they would).
pub fn parse(
    args: Vec<std::ffi::OsString>,
    out: &Output,
    stderr_colour: bool,
    read_env: bool,
) -> Result<Cli, i32> {
    use clap::{CommandFactory, FromArgMatches};
    let clap_choice = if out.colour() {
        clap::ColorChoice::Always
    } else {
        clap::ColorChoice::Never
    };
    // The command is dropped before the command runs: freeing it costs
    // instructions, but the library then reuses its memory instead of
    // touching new pages, and a page fault costs more (perf stat, `list`).
    let mut command = Cli::command().color(clap_choice);
    if !read_env {
        command.build();
        command = without_env(command);
    }
    let parsed = command
        .try_get_matches_from_mut(args)
        .and_then(|m| Cli::from_arg_matches(&m));
    drop(command);
    match parsed {
        Ok(cli) => Ok(cli),
        Err(e) if e.use_stderr() => {
            if stderr_colour {
                out.warn_styled(e.render().ansi().to_string().trim_end());
            } else {
                out.warn(e.render().to_string().trim_end());
            }
            Err(e.exit_code())
        }
        // The help or the version, to standard output.
        Err(e) => {
            let _ = out.print(&e.render().ansi().to_string());
            Err(e.exit_code())
        }
    }
}

/// `cmd` (built) with no argument taking a value from the environment.
fn without_env(cmd: clap::Command) -> clap::Command {
    cmd.mut_args(|a| a.env(None)).mut_subcommands(without_env)
}

/// `--bell WHEN` as the profile keeps it.
pub fn bell(when: BellWhen) -> crate::profile::Bell {
    use crate::profile::Bell;
    match when {
        BellWhen::Off => Bell::Off,
        BellWhen::Changes => Bell::Changes,
        BellWhen::Countdown => Bell::Countdown,
    }
}

/// `--color` as the style module takes it.
pub fn when(arg: Option<ColorArg>) -> ColorWhen {
    match arg {
        None | Some(ColorArg::Auto) => ColorWhen::Auto,
        Some(ColorArg::Always) => ColorWhen::Always,
        Some(ColorArg::Never) => ColorWhen::Never,
    }
}
