//! Text laid out for a terminal, pure: display width (wide characters count
//! two columns, colour codes none), word wrap, truncation and padding,
//! durations in words, and the sanitising that makes text from outside our
//! own code safe to show. No terminal, environment or output here: the
//! core (assess, timing, progress, the planner, the runner's machine) may
//! use it; `output` writes what it makes and `term` decides colour and size.

use std::borrow::Cow;
use unicode_width::UnicodeWidthChar;

pub use crate::library::text::{is_bidi_control, is_unsafe};

/// Untrusted one-line text made safe for a terminal: C0 and C1 controls
/// (newline and tab included), DEL and bidi controls become a visible
/// `\u{..}` escape. The result holds no unsafe character, is unchanged by a
/// second call, and borrows when there was nothing to replace.
pub fn sanitise(s: &str) -> Cow<'_, str> {
    crate::library::text::escape(s)
}

/// Like [`sanitise`], but newlines are kept: for fields that may span
/// lines (illustrations, explanations, notes).
pub fn sanitise_lines(s: &str) -> Cow<'_, str> {
    crate::library::text::escape_lines(s)
}

/// The last filter before the terminal: escapes every unsafe character
/// except newline, tab and our own SGR colour codes (`ESC [ digits/; m`).
pub fn final_filter(text: &str) -> Cow<'_, str> {
    let bad = |c: char| is_unsafe(c) && c != '\n' && c != '\t';
    if crate::library::text::is_printable_ascii(text, b"\n\t") || !text.chars().any(bad) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}' {
            if let Some(len) = sgr_len(rest) {
                out.push_str(&rest[..len]);
                rest = &rest[len..];
                continue;
            }
        }
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// JSON from serde_json made safe for a terminal: serde_json escapes C0
/// controls inside strings but writes DEL, C1 and bidi controls raw. Those
/// become `\uXXXX` escapes (all are in the Basic Multilingual Plane), so the
/// JSON still parses to the same strings. Newlines outside strings (pretty
/// printing) are kept; inside strings serde_json has already escaped them.
pub fn json_safe(json: String) -> String {
    if !json.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return json;
    }
    json.chars()
        .map(|c| {
            if c != '\n' && is_unsafe(c) {
                format!("\\u{:04x}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The length of an SGR sequence (`ESC [ 1;33 m`) at the start of `s`.
pub(crate) fn sgr_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix("\u{1b}[")?;
    let params = body
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    (body.as_bytes().get(params) == Some(&b'm')).then_some(2 + params + 1)
}

/// Columns a character takes: two for wide (CJK, most emoji), none for
/// combining marks and controls.
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Columns `s` takes on a terminal: wide characters count two, combining
/// marks none, and our SGR colour codes nothing at all.
pub fn width(s: &str) -> usize {
    if s.is_ascii() && !s.contains('\u{1b}') {
        return s.len();
    }
    let mut cols = 0;
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}' {
            if let Some(len) = sgr_len(rest) {
                rest = &rest[len..];
                continue;
            }
        }
        cols += char_width(c);
        rest = &rest[c.len_utf8()..];
    }
    cols
}

/// Units that stay on the line of the number before them ("10 s", "2 min").
const UNITS: &[&str] = &[
    "s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "h", "hour",
    "hours", "ms", "%", "kg", "lb", "lbs", "cm", "mm", "m", "km", "in", "rep", "reps", "set",
    "sets", "day", "days", "week", "weeks", "year", "years", "times", "x", "°",
];

/// True for "10", "2.5", "20-30", "(3", "1/2": a number a unit may follow.
fn is_number(word: &str) -> bool {
    let core = word.trim_start_matches(['(', '~', '+', '-', '≈', '<', '>']);
    core.starts_with(|c: char| c.is_ascii_digit())
        && core
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '–' | '/' | ':'))
}

fn is_unit(word: &str) -> bool {
    let core = word.trim_end_matches([',', '.', ';', ':', ')', '!', '?']);
    UNITS.contains(&core)
}

/// The words of `text` as wrapping sees them: split at white space, with a
/// number and the unit after it kept together ("10 s" is one word).
fn words(text: &str) -> Vec<Cow<'_, str>> {
    let mut out: Vec<Cow<'_, str>> = Vec::new();
    let mut glue = false;
    for w in text.split_whitespace() {
        match out.last_mut() {
            Some(last) if glue && is_unit(w) => {
                let joined = format!("{last} {w}");
                *last = Cow::Owned(joined);
                glue = false;
                continue;
            }
            _ => {}
        }
        glue = is_number(w);
        out.push(Cow::Borrowed(w));
    }
    out
}

/// Greedy word wrap to `cols` columns (display width), each line prefixed
/// by `indent` (the first line by `first`). `text` is sanitised first, so
/// no control character reaches the output and none is taken for a space;
/// `first` and `indent` are ours and may hold colour codes, which take no
/// room. A word is never split: not an id, a path, nor a number from its
/// unit; a word longer than the line stands on a line of its own.
pub fn wrap(text: &str, cols: usize, first: &str, indent: &str) -> String {
    let text = sanitise_lines(text);
    let mut out = String::with_capacity(text.len() + 16);
    let mut line = String::from(first);
    let mut line_len = width(first);
    let indent_len = width(indent);
    let mut empty = true;
    for word in words(&text) {
        let wl = width(&word);
        if !empty && line_len + 1 + wl > cols {
            out.push_str(line.trim_end());
            out.push('\n');
            line.clear();
            line.push_str(indent);
            line_len = indent_len;
            empty = true;
        }
        if !empty {
            line.push(' ');
            line_len += 1;
        }
        line.push_str(&word);
        line_len += wl;
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// Cuts `text` to at most `cols` columns, ending in "…" when cut. `text`
/// is sanitised first, so a cut never splits an escape sequence, and a wide
/// character that would cross the edge is left out whole.
pub fn truncate(text: &str, cols: usize) -> String {
    let text = sanitise(text);
    if width(&text) <= cols {
        return text.into_owned();
    }
    let room = cols.saturating_sub(1);
    let mut s = String::with_capacity(text.len().min(cols * 4));
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w > room {
            break;
        }
        used += w;
        s.push(c);
    }
    if cols > 0 {
        s.push('…');
    }
    s
}

/// Pads to `cols` columns of display width. `text` is sanitised first.
pub fn pad(text: &str, cols: usize) -> String {
    let text = sanitise(text);
    let spaces = cols.saturating_sub(width(&text));
    // One allocation and no formatting machinery: `list` pads every cell.
    let mut out = String::with_capacity(text.len() + spaces);
    out.push_str(&text);
    out.extend(std::iter::repeat_n(' ', spaces));
    out
}

/// `text` centred in `cols` columns (left-padded only).
pub fn centre(text: &str, cols: usize) -> String {
    let spaces = cols.saturating_sub(width(text)) / 2;
    let mut out = String::with_capacity(text.len() + spaces);
    out.extend(std::iter::repeat_n(' ', spaces));
    out.push_str(text);
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

/// "m:ss", as a countdown shows time.
pub fn clock_face(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// Colour and width for command output, decided once at the edge
/// (`term::colour`) and passed down; the painters are pure.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    /// Columns to wrap at.
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

impl Style {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn clean(s: &str) -> bool {
        !s.contains(['\u{1b}', '\u{7}', '\u{9b}']) && !s.chars().any(is_unsafe)
    }

    /// No unsafe character but newline, tab and the ESC of an SGR sequence.
    fn only_sgr(f: &str) -> bool {
        f.char_indices().all(|(i, c)| match c {
            '\n' | '\t' => true,
            '\u{1b}' => sgr_len(&f[i..]).is_some(),
            c => !is_unsafe(c),
        })
    }

    #[test]
    fn wraps_at_width_with_indent() {
        let w = wrap("one two three four five six", 12, "1. ", "   ");
        assert_eq!(w, "1. one two\n   three\n   four five\n   six\n");
        assert!(w.lines().all(|l| l.len() <= 12));
    }

    #[test]
    fn colour_codes_take_no_room_and_wide_characters_two() {
        let bang = "\x1b[1m\x1b[33m!\x1b[0m ";
        assert_eq!(width(bang), 2);
        let w = wrap("aaaa bbbb cccc", 11, bang, "  ");
        assert_eq!(w, format!("{bang}aaaa bbbb\n  cccc\n"));
        assert_eq!(width("腰痛 ok"), 7);
        let w = wrap("腰痛 腰痛 腰痛 腰痛", 10, "", "");
        assert!(w.lines().all(|l| width(l) <= 10), "{w:?}");
        assert_eq!(w.lines().count(), 2);
        assert_eq!(truncate("腰痛腰痛", 5), "腰痛…");
        assert!(width(&truncate("😀😀😀", 4)) <= 4);
        assert_eq!(pad("腰", 4), "腰  ");
    }

    #[test]
    fn a_number_stays_with_its_unit() {
        let w = wrap("hold it for 10 s then rest", 14, "", "");
        assert_eq!(w, "hold it for\n10 s then rest\n");
        let w = wrap("about 2 min, then 30 seconds.", 9, "", "");
        assert!(w.lines().any(|l| l == "2 min,"), "{w:?}");
        assert!(w.lines().any(|l| l == "30 seconds."), "{w:?}");
        // An id or a path is never split, even when longer than the line.
        let w = wrap("see desk-worker-reset now", 8, "", "");
        assert_eq!(w, "see\ndesk-worker-reset\nnow\n");
    }

    #[test]
    fn truncates_and_pads() {
        assert_eq!(truncate("hamstrings", 6), "hamst…");
        assert_eq!(truncate("core", 6), "core");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(centre("ab", 6), "  ab");
    }

    #[test]
    fn formats_durations() {
        assert_eq!(duration(45), "45 s");
        assert_eq!(duration(120), "2 min");
        assert_eq!(duration(150), "2 min 30 s");
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
    fn json_stays_json_and_holds_no_control() {
        let v = serde_json::json!({"a": "\u{1b}]0;t\u{7}\u{9b}\u{202e}\u{7f}\n"});
        let text = json_safe(serde_json::to_string_pretty(&v).unwrap());
        assert!(!text.chars().any(|c| c != '\n' && is_unsafe(c)), "{text}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
    }

    #[test]
    fn final_filter_keeps_our_colours_only() {
        let ours = "\u{1b}[1;33m!\u{1b}[0m ok\n\tx";
        assert_eq!(final_filter(ours), ours);
        assert_eq!(
            final_filter("\u{1b}]0;t\u{7}\u{1b}[2J\u{9b}1m\u{202e}"),
            "\\u{1b}]0;t\\u{7}\\u{1b}[2J\\u{9b}1m\\u{202e}"
        );
        assert_eq!(final_filter("\u{1b}[1;33"), "\\u{1b}[1;33");
    }

    proptest! {
        #[test]
        fn sanitised_text_holds_no_control(s in any::<String>(), n in 0usize..40) {
            let once = sanitise(&s);
            prop_assert!(clean(&once));
            prop_assert_eq!(sanitise(&once), once.clone());
            prop_assert!(clean(&truncate(&once, n)));
            prop_assert!(width(&truncate(&once, n)) <= n);
            prop_assert!(clean(&pad(&once, n)));
            let wrapped = wrap(&sanitise_lines(&s), n.max(1), "", "");
            prop_assert!(clean(&wrapped.replace('\n', "")), "{:?}", wrapped);
            let f = final_filter(&s);
            prop_assert!(only_sgr(&f), "{:?}", f);
        }

        #[test]
        fn wrapped_lines_fit_unless_one_word_is_longer(
            ws in prop::collection::vec("[a-z腰😀]{1,6}|[0-9]{1,3} (s|min)", 0..20),
            cols in 8usize..40,
        ) {
            let text = ws.join(" ");
            for line in wrap(&text, cols, "", "").lines() {
                prop_assert!(width(line) <= cols || !line.contains(' ') || words(line).len() == 1, "{line:?}");
            }
        }

        #[test]
        fn controls_are_always_caught(
            pre in "[a-z ]{0,8}",
            c in prop_oneof![
                (0u32..0x20).prop_map(|u| char::from_u32(u).unwrap()),
                (0x7fu32..0xa0).prop_map(|u| char::from_u32(u).unwrap()),
                prop::sample::select(vec!['\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{61c}']),
            ],
            post in "[a-z ]{0,8}",
        ) {
            let s = format!("{pre}{c}{post}");
            prop_assert!(clean(&sanitise(&s)));
            for n in 0..s.chars().count() + 8 {
                prop_assert!(clean(&truncate(&s, n)));
            }
        }
    }
}
