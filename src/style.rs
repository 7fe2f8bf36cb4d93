//! Colour and text layout for terminal output. Whether to colour follows
//! the conventions people set once for every program: `--color` (or
//! `BACKRELIEF_COLOR`) when given, otherwise `NO_COLOR`, `CLICOLOR_FORCE`,
//! `CLICOLOR=0`, `TERM=dumb`, then whether the stream is a terminal. The
//! codes are anstyle's; the decision is handed to anstream once, so every
//! write to stdout (ours and clap's help) strips them when colour is off.

use crate::output::{sanitise, sanitise_lines};
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

#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    /// Columns to wrap at: see `columns`.
    pub width: usize,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            color: false,
            width: DEFAULT_WIDTH,
        }
    }
}

/// Where no terminal says otherwise, text wraps at 80 columns.
pub const DEFAULT_WIDTH: usize = 80;

/// Lines longer than this are hard to read, however wide the terminal.
pub const MAX_WIDTH: usize = 100;

/// Columns to wrap text at: the terminal's width when `tty` (the stream
/// written to is a terminal), otherwise `COLUMNS` when set, otherwise 80;
/// never more than `MAX_WIDTH` nor less than 20.
pub fn columns(tty: bool) -> usize {
    let terminal = if tty {
        crossterm::terminal::size()
            .ok()
            .map(|(w, _)| w as usize)
            .filter(|&w| w > 0)
    } else {
        None
    };
    let env = || {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|&w| w > 0)
    };
    terminal
        .or_else(env)
        .unwrap_or(DEFAULT_WIDTH)
        .clamp(20, MAX_WIDTH)
}

impl Style {
    /// Colour as decided for stdout (see `choose_stdout_colour`), and the
    /// width of the terminal or `COLUMNS`.
    pub fn detect(when: ColorWhen) -> Style {
        Style {
            color: choose_stdout_colour(when),
            width: columns(std::io::stdout().is_terminal()),
        }
    }
    /// `text` is sanitised (newlines kept), so only our codes reach the terminal.
    fn paint(&self, style: anstyle::Style, text: &str) -> String {
        let text = sanitise_lines(text);
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }
    pub fn bold(&self, t: &str) -> String {
        self.paint(anstyle::Style::new().bold(), t)
    }
    pub fn dim(&self, t: &str) -> String {
        self.paint(anstyle::Style::new().dimmed(), t)
    }
    pub fn warn(&self, t: &str) -> String {
        self.paint(anstyle::AnsiColor::Yellow.on_default().bold(), t)
    }
    pub fn heading(&self, t: &str) -> String {
        self.paint(anstyle::AnsiColor::Cyan.on_default().bold(), t)
    }
}

/// Greedy word wrap to `width` columns, each line prefixed by `indent`
/// (the first line by `first`). `text` is sanitised first, so no control
/// character reaches the output and none is taken for a space; `first` and
/// `indent` are ours and may hold colour codes.
pub fn wrap(text: &str, width: usize, first: &str, indent: &str) -> String {
    let text = sanitise_lines(text);
    let mut out = String::new();
    let mut line = String::from(first);
    let mut line_len = first.chars().count();
    let mut empty = true;
    for word in text.split_whitespace() {
        let wl = word.chars().count();
        if !empty && line_len + 1 + wl > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(indent);
            line_len = indent.chars().count();
            empty = true;
        }
        if !empty {
            line.push(' ');
            line_len += 1;
        }
        line.push_str(word);
        line_len += wl;
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// Cuts `text` to at most `width` columns, ending in "…" when cut. `text`
/// is sanitised first, so a cut never splits an escape sequence.
pub fn truncate(text: &str, width: usize) -> String {
    let text = sanitise(text);
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// Pads to `width` columns (by chars; the library text is ASCII-heavy).
/// `text` is sanitised first.
pub fn pad(text: &str, width: usize) -> String {
    let text = sanitise(text);
    let spaces = width.saturating_sub(text.chars().count());
    // One allocation and no formatting machinery: `list` pads every cell.
    let mut out = String::with_capacity(text.len() + spaces);
    out.push_str(&text);
    out.extend(std::iter::repeat_n(' ', spaces));
    out
}

/// "90 s", "2 min", "2 min 30 s".
pub fn duration(seconds: u32) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_width_with_indent() {
        let w = wrap("one two three four five six", 12, "1. ", "   ");
        assert_eq!(w, "1. one two\n   three\n   four five\n   six\n");
        assert!(w.lines().all(|l| l.len() <= 12));
    }

    #[test]
    fn truncates_and_pads() {
        assert_eq!(truncate("hamstrings", 6), "hamst…");
        assert_eq!(truncate("core", 6), "core");
        assert_eq!(pad("ab", 4), "ab  ");
    }

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

    #[test]
    fn painted_text_is_plain_sgr() {
        let on = Style {
            color: true,
            ..Style::default()
        };
        assert_eq!(on.warn("!"), "\x1b[1m\x1b[33m!\x1b[0m");
        assert_eq!(Style::default().warn("!"), "!");
    }

    #[test]
    fn formats_durations() {
        assert_eq!(duration(45), "45 s");
        assert_eq!(duration(120), "2 min");
        assert_eq!(duration(150), "2 min 30 s");
    }
}
