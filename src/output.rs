//! Where command output goes, and the one layer that makes text from
//! outside our own code safe to show.
//!
//! Every renderer passes text that came from a file, the command line or
//! the environment (library entries, history records, profile values,
//! answers, ids) through [`sanitise`] (or [`sanitise_lines`] where a field
//! may span lines) as it enters the renderer, before any wrapping,
//! truncation or styling. `style::wrap`, `truncate`, `pad` and the
//! `Style` painters do it themselves, so text laid out by them is covered
//! twice. [`print`] then filters the finished text once more, letting
//! through only our own colour codes.
//!
//! Standard output with a closed pipe (`| head`) is taken as the reader
//! being done rather than as an error. Warnings and errors go through
//! [`warn`], which never fails (a full or closed stderr is ignored).

use crate::error::{Error, Result};
use std::borrow::Cow;
use std::io::Write;

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
fn sgr_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix("\u{1b}[")?;
    let params = body
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    (body.as_bytes().get(params) == Some(&b'm')).then_some(2 + params + 1)
}

/// Writes command output to stdout, through anstream: when colour is off
/// (see `style::choose_stdout_colour`) our colour codes are stripped too.
pub fn print(text: &str) -> Result<()> {
    let text = final_filter(text);
    let mut out = anstream::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("writing output", e)),
        _ => Ok(()),
    }
}

/// Writes one line (a warning, an error) to stderr, sanitised (newlines
/// kept; no escape at all gets through: only clap's errors are ever
/// coloured on stderr, through [`warn_styled`]). Write
/// errors are ignored: there is nowhere left to report them, and a full or
/// closed stderr must never end the program.
pub fn warn(line: &str) {
    let text = sanitise_lines(line);
    let mut err = std::io::stderr().lock();
    let _ = err
        .write_all(text.as_bytes())
        .and_then(|_| err.write_all(b"\n"))
        .and_then(|_| err.flush());
}

/// Like [`warn`], for clap's errors rendered in colour: our final filter
/// lets only SGR colour codes through.
pub fn warn_styled(line: &str) {
    let text = final_filter(line);
    let mut err = std::io::stderr().lock();
    let _ = err
        .write_all(text.as_bytes())
        .and_then(|_| err.write_all(b"\n"))
        .and_then(|_| err.flush());
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
            prop_assert!(clean(&crate::style::truncate(&once, n)));
            prop_assert!(clean(&crate::style::pad(&once, n)));
            let wrapped = crate::style::wrap(&sanitise_lines(&s), n.max(1), "", "");
            prop_assert!(clean(&wrapped.replace('\n', "")), "{:?}", wrapped);
            let f = final_filter(&s);
            prop_assert!(only_sgr(&f), "{:?}", f);
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
                prop_assert!(clean(&crate::style::truncate(&s, n)));
            }
        }
    }
}
