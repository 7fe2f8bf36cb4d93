//! Colour and text layout for terminal output. Colour only when stdout is a
//! terminal and neither `--no-color` nor `NO_COLOR` says otherwise.

use crate::output::{sanitise, sanitise_lines};
use std::io::IsTerminal;

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
    pub fn detect(no_color_flag: bool) -> Style {
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let tty = std::io::stdout().is_terminal();
        Style {
            color: !no_color_flag && !no_color_env && tty,
            width: columns(tty),
        }
    }
    /// `text` is sanitised (newlines kept), so only our codes reach the terminal.
    fn paint(&self, code: &str, text: &str) -> String {
        let text = sanitise_lines(text);
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    pub fn bold(&self, t: &str) -> String {
        self.paint("1", t)
    }
    pub fn dim(&self, t: &str) -> String {
        self.paint("2", t)
    }
    pub fn warn(&self, t: &str) -> String {
        self.paint("1;33", t)
    }
    pub fn heading(&self, t: &str) -> String {
        self.paint("1;36", t)
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
    let n = text.chars().count();
    if n >= width {
        text.to_string()
    } else {
        format!("{text}{}", " ".repeat(width - n))
    }
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
    fn formats_durations() {
        assert_eq!(duration(45), "45 s");
        assert_eq!(duration(120), "2 min");
        assert_eq!(duration(150), "2 min 30 s");
    }
}
