//! The command line read into `Cli`, and its values turned into the
//! core's types.

use super::cli::{BellWhen, Cli, ColorArg};
use crate::style::ColorWhen;

/// Parses the command line with clap's help and errors coloured as our
/// own output is; a usage error (sanitised like every error) or the help
/// ends the program here with clap's exit code.
pub fn parse_or_exit(args: Vec<std::ffi::OsString>) -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    use std::io::IsTerminal;
    let choice = when(super::cli::color_arg(&args));
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
