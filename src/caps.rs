//! Ceilings on the text a person types that backrelief keeps: one rule for
//! names, one for longer texts. Pure.
//!
//! At entry (the command line, a prompt, an answers file) a longer text is
//! refused with a message naming the ceiling (a usage error, exit 2). Read
//! back from a file of the person's own (their profile, a history backup),
//! it is cut to the ceiling with a notice, so an older file still loads.

use crate::library::text::is_unsafe;

/// The longest name, in characters: a condition in the person's own words,
/// a program's name (which its id, at most `Id::MAX_LEN`, also bounds).
pub const NAME_CHARS: usize = 100;

/// The longest free text, in characters: a note, a clinician's words
/// (`profile --cleared`).
pub const TEXT_CHARS: usize = 2000;

/// `text` as typed, trimmed, if it may be kept as `what` ("a condition's
/// name"): 1 to `max` characters with no control or direction character.
/// Otherwise the reason, in words that follow the value.
pub fn entered(what: &str, text: &str, max: usize) -> Result<String, String> {
    let kept = text.trim();
    let chars = kept.chars().count();
    if chars == 0 {
        return Err(format!("{what} is empty"));
    }
    if chars > max {
        return Err(format!(
            "{what} has {chars} characters; it is at most {max}"
        ));
    }
    if kept.chars().any(is_unsafe) {
        return Err(format!(
            "{what} has a control or direction character; type it as plain text"
        ));
    }
    Ok(kept.to_string())
}

/// The start of `text` to quote in a message: at most 40 characters, with
/// "..." when there was more (a message never repeats a huge value).
pub fn shown(text: &str) -> String {
    let mut s = text.to_string();
    match cut(&mut s, 40) {
        Some(_) => s + "...",
        None => s,
    }
}

/// Cuts `text` to `max` characters (at a character, never inside one);
/// its length in characters when it was cut.
pub fn cut(text: &mut String, max: usize) -> Option<usize> {
    let (end, _) = text.char_indices().nth(max)?;
    let chars = max + text[end..].chars().count();
    text.truncate(end);
    Some(chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_refuses_what_is_empty_too_long_or_hidden_and_names_the_ceiling() {
        assert_eq!(entered("a name", "  hips  ", 5), Ok("hips".to_string()));
        assert_eq!(entered("a name", "ééééé", 5), Ok("ééééé".to_string()));
        assert_eq!(entered("a name", "  ", 5).unwrap_err(), "a name is empty");
        assert_eq!(
            entered("a name", "éééééé", 5).unwrap_err(),
            "a name has 6 characters; it is at most 5"
        );
        for hidden in ["a\u{1b}[2J", "a\nb", "a\u{202e}b"] {
            assert!(entered("a name", hidden, 50)
                .unwrap_err()
                .contains("control or direction"));
        }
    }

    #[test]
    fn a_cut_keeps_whole_characters_and_says_how_long_it_was() {
        let mut s = "é".repeat(7);
        assert_eq!(cut(&mut s, 5), Some(7));
        assert_eq!(s, "é".repeat(5));
        assert_eq!(cut(&mut s, 5), None);
        assert_eq!(s, "é".repeat(5));
    }
}
