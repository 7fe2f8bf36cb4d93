//! Text that did not come from our own code (library files, history,
//! profiles, answers, the command line) may hold terminal control: escape
//! sequences that retitle the window, clear the screen or write the
//! clipboard, and bidi controls that reorder what is shown. This module
//! says which characters those are and how they are shown instead.
//!
//! It lives in the library module so that the validator (compiled by
//! `build.rs` too) and the output layer (`crate::output`) share one
//! definition.

use std::borrow::Cow;

/// Bidi controls: embeddings and overrides (U+202A–U+202E), isolates
/// (U+2066–U+2069) and the implicit marks (U+200E, U+200F, U+061C).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// A character that must never reach a terminal raw: C0 controls, DEL,
/// C1 controls and bidi controls. Newline is one too; callers that allow
/// it say so (`escape_lines`).
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// `s` with every unsafe character, newline included, replaced by a visible
/// `\u{..}` escape. Borrows when nothing needed replacing.
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_with(s, false)
}

/// Like `escape`, but newlines are kept, for text that may span lines.
pub fn escape_lines(s: &str) -> Cow<'_, str> {
    escape_with(s, true)
}

/// Whether every byte of `s` is printable ASCII or one of `also`: such
/// text needs no escape, and checking bytes is much cheaper than asking
/// each character's Unicode category (most of what is printed).
pub fn is_printable_ascii(s: &str, also: &[u8]) -> bool {
    s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) || also.contains(&b))
}

fn escape_with(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let bad = |c: char| is_unsafe(c) && !(keep_newlines && c == '\n');
    let also: &[u8] = if keep_newlines { b"\n" } else { b"" };
    if is_printable_ascii(s, also) || !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_but_not_ordinary_text() {
        assert_eq!(escape("bird-dog · ½"), "bird-dog · ½");
        assert!(is_printable_ascii("bird-dog 1/2", b""));
        assert!(!is_printable_ascii("a\tb", b"") && is_printable_ascii("a\tb", b"\t"));
        assert!(!is_printable_ascii("\u{7f}", b"") && !is_printable_ascii("½", b""));
        assert_eq!(escape("a\u{7f}b"), "a\\u{7f}b");
        assert_eq!(escape_lines("a\nb\tc"), "a\nb\\u{9}c");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(escape("\u{1b}]0;x\u{7}"), "\\u{1b}]0;x\\u{7}");
        assert_eq!(
            escape("a\u{9b}2J\u{202e}b\u{7f}"),
            "a\\u{9b}2J\\u{202e}b\\u{7f}"
        );
        assert_eq!(escape("a\nb\tc"), "a\\u{a}b\\u{9}c");
        assert_eq!(escape_lines("a\nb\rc"), "a\nb\\u{d}c");
    }
}
