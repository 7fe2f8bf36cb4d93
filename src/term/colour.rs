//! Whether to colour, and how wide to lay text out. Colour follows the
//! conventions people set once for every program: `--color` (or
//! `BACKRELIEF_COLOR`) when given, otherwise `NO_COLOR`, `CLICOLOR_FORCE`,
//! `CLICOLOR=0`, `TERM=dumb`, then whether the stream is a terminal. The
//! codes are anstyle's; the decision is handed to anstream once, so every
//! write to stdout (ours and clap's help) strips them when colour is off.

use crate::layout::{Style, DEFAULT_WIDTH, MAX_WIDTH};
use std::io::IsTerminal;

/// `--color`: auto, always or never.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorWhen {
    #[default]
    Auto,
    Always,
    Never,
}

/// The environment variables that decide colour under `auto`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColorEnv {
    /// `NO_COLOR` set and not empty (no-color.org).
    pub no_color: bool,
    /// `CLICOLOR_FORCE` set and not `0`.
    pub clicolor_force: bool,
    /// `CLICOLOR=0`.
    pub clicolor_off: bool,
    /// `TERM=dumb`: a terminal that cannot move the cursor or colour.
    pub term_dumb: bool,
}

impl ColorEnv {
    pub fn read() -> ColorEnv {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        ColorEnv {
            no_color: var("NO_COLOR").is_some(),
            clicolor_force: var("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
            clicolor_off: var("CLICOLOR").is_some_and(|v| v == "0"),
            term_dumb: dumb_terminal(),
        }
    }
}

/// `TERM=dumb`: no colour, no full screen, no redrawing prompts.
pub fn dumb_terminal() -> bool {
    std::env::var_os("TERM").is_some_and(|t| t == "dumb")
}

/// Whether to colour a stream: an explicit `always`/`never` wins; under
/// `auto`, NO_COLOR beats CLICOLOR_FORCE (as in anstream), which beats
/// CLICOLOR=0 and TERM=dumb; otherwise colour only on a terminal.
pub fn colour_on(when: ColorWhen, tty: bool, env: &ColorEnv) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto if env.no_color => false,
        ColorWhen::Auto if env.clicolor_force => true,
        ColorWhen::Auto => tty && !env.clicolor_off && !env.term_dumb,
    }
}

/// Decides colour for stdout and hands the decision to anstream, so
/// `output::print` (and clap, given the same choice) follow it. Returns it.
pub fn choose_stdout_colour(when: ColorWhen) -> bool {
    let on = colour_on(when, std::io::stdout().is_terminal(), &ColorEnv::read());
    let choice = if on {
        anstream::ColorChoice::Always
    } else {
        anstream::ColorChoice::Never
    };
    choice.write_global();
    on
}

/// Columns to wrap text at: the terminal's width when `tty` (the stream
/// written to is a terminal), otherwise `COLUMNS` when set, otherwise 80;
/// never more than `MAX_WIDTH` nor less than 20.
pub fn columns(tty: bool) -> usize {
    width(tty, columns_var())
}

/// `COLUMNS`, when set to a positive number.
pub fn columns_var() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&w| w > 0)
}

/// [`columns`] with `COLUMNS` given (`columns_var`) rather than read.
pub fn width(tty: bool, columns_var: Option<usize>) -> usize {
    let terminal = if tty {
        crossterm::terminal::size()
            .ok()
            .filter(|&(w, _)| w > 0)
            .map(|(w, _)| w.min(super::screen::MAX_SIDE) as usize)
    } else {
        None
    };
    terminal
        .or(columns_var)
        .unwrap_or(DEFAULT_WIDTH)
        .clamp(20, MAX_WIDTH)
}

/// Colour as decided for stdout (see `choose_stdout_colour`), and the width
/// of the terminal or `COLUMNS`.
pub fn detect_style(when: ColorWhen) -> Style {
    Style {
        color: choose_stdout_colour(when),
        width: columns(std::io::stdout().is_terminal()),
    }
}

impl Style {
    /// See [`detect_style`].
    pub fn detect(when: ColorWhen) -> Style {
        detect_style(when)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_the_conventions_in_order() {
        let env = |f: fn(&mut ColorEnv)| {
            let mut e = ColorEnv::default();
            f(&mut e);
            e
        };
        let none = ColorEnv::default();
        assert!(colour_on(ColorWhen::Auto, true, &none));
        assert!(!colour_on(ColorWhen::Auto, false, &none));
        assert!(colour_on(
            ColorWhen::Always,
            false,
            &env(|e| e.no_color = true)
        ));
        assert!(!colour_on(
            ColorWhen::Never,
            true,
            &env(|e| e.clicolor_force = true)
        ));
        assert!(!colour_on(
            ColorWhen::Auto,
            true,
            &env(|e| e.no_color = true)
        ));
        assert!(colour_on(
            ColorWhen::Auto,
            false,
            &env(|e| e.clicolor_force = true)
        ));
        let both = env(|e| {
            e.no_color = true;
            e.clicolor_force = true
        });
        assert!(!colour_on(ColorWhen::Auto, true, &both));
        assert!(!colour_on(
            ColorWhen::Auto,
            true,
            &env(|e| e.clicolor_off = true)
        ));
        assert!(!colour_on(
            ColorWhen::Auto,
            true,
            &env(|e| e.term_dumb = true)
        ));
        let forced_dumb = env(|e| {
            e.term_dumb = true;
            e.clicolor_force = true
        });
        assert!(colour_on(ColorWhen::Auto, true, &forced_dumb));
    }
}
