//! Big digits and letters, five rows tall, readable from the floor.

const FONT: [[&str; 5]; 11] = [
    ["███", "█ █", "█ █", "█ █", "███"],
    ["  █", "  █", "  █", "  █", "  █"],
    ["███", "  █", "███", "█  ", "███"],
    ["███", "  █", "███", "  █", "███"],
    ["█ █", "█ █", "███", "  █", "  █"],
    ["███", "█  ", "███", "  █", "███"],
    ["███", "█  ", "███", "█ █", "███"],
    ["███", "  █", "  █", "  █", "  █"],
    ["███", "█ █", "███", "█ █", "███"],
    ["███", "█ █", "███", "  █", "███"],
    [" ", "█", " ", "█", " "],
];

/// Renders "m:ss" (or any digits and colons) as five lines, each glyph
/// doubled in width so it stays legible.
pub fn big(text: &str) -> [String; 5] {
    let mut rows: [String; 5] = Default::default();
    for ch in text.chars() {
        let glyph = match ch {
            '0'..='9' => FONT[ch as usize - '0' as usize],
            ':' => FONT[10],
            _ => continue,
        };
        for (row, part) in rows.iter_mut().zip(glyph) {
            if !row.is_empty() {
                row.push_str("  ");
            }
            for c in part.chars() {
                row.push(c);
                row.push(c);
            }
        }
    }
    rows
}

/// Capital letters for the phase banner, five rows tall like the digits,
/// four columns wide (five for T, W, Y; three for I), one column apart.
const LETTERS: [(char, [&str; 5]); 20] = [
    ('A', [" ██ ", "█  █", "████", "█  █", "█  █"]),
    ('B', ["███ ", "█  █", "███ ", "█  █", "███ "]),
    ('C', [" ███", "█   ", "█   ", "█   ", " ███"]),
    ('D', ["███ ", "█  █", "█  █", "█  █", "███ "]),
    ('E', ["████", "█   ", "███ ", "█   ", "████"]),
    ('F', ["████", "█   ", "███ ", "█   ", "█   "]),
    ('G', [" ███", "█   ", "█ ██", "█  █", " ███"]),
    ('H', ["█  █", "█  █", "████", "█  █", "█  █"]),
    ('I', ["███", " █ ", " █ ", " █ ", "███"]),
    ('L', ["█   ", "█   ", "█   ", "█   ", "████"]),
    ('N', ["█  █", "██ █", "█ ██", "█  █", "█  █"]),
    ('O', [" ██ ", "█  █", "█  █", "█  █", " ██ "]),
    ('P', ["███ ", "█  █", "███ ", "█   ", "█   "]),
    ('R', ["███ ", "█  █", "███ ", "█ █ ", "█  █"]),
    ('S', [" ███", "█   ", " ██ ", "   █", "███ "]),
    ('T', ["█████", "  █  ", "  █  ", "  █  ", "  █  "]),
    ('U', ["█  █", "█  █", "█  █", "█  █", " ██ "]),
    ('W', ["█   █", "█   █", "█ █ █", "█ █ █", " █ █ "]),
    ('Y', ["█   █", " █ █ ", "  █  ", "  █  ", "  █  "]),
    (' ', ["  ", "  ", "  ", "  ", "  "]),
];

/// A slash, for "rep 3/5" in big letters.
const SLASH: [&str; 5] = ["   █", "  █ ", " █  ", "█   ", "    "];

/// The glyph of a capital, a space, a digit or a slash.
fn glyph(ch: char) -> Option<[&'static str; 5]> {
    match ch {
        '0'..='9' => Some(FONT[ch as usize - '0' as usize]),
        '/' => Some(SLASH),
        _ => LETTERS.iter().find(|(c, _)| *c == ch).map(|(_, g)| *g),
    }
}

/// `text` (capitals, spaces, digits and slashes) in big letters, or `None`
/// when a character has no glyph.
pub fn banner(text: &str) -> Option<[String; 5]> {
    let mut rows: [String; 5] = Default::default();
    for (i, ch) in text.chars().enumerate() {
        let glyph = glyph(ch)?;
        for (row, part) in rows.iter_mut().zip(glyph) {
            if i > 0 {
                row.push(' ');
            }
            row.push_str(part);
        }
    }
    Some(rows)
}

/// Width in columns of `big(text)`, counted without drawing it (the
/// full screen asks every second): each glyph twice its width, two
/// columns between glyphs.
pub fn width(text: &str) -> usize {
    let (mut cols, mut glyphs) = (0usize, 0usize);
    for ch in text.chars() {
        let glyph = match ch {
            '0'..='9' => FONT[ch as usize - '0' as usize],
            ':' => FONT[10],
            _ => continue,
        };
        cols += 2 * glyph[0].chars().count();
        glyphs += 1;
    }
    cols + 2 * glyphs.saturating_sub(1)
}

/// "m:ss" for a countdown, rounding up so 0:00 shows only at the end.
pub use crate::layout::clock_face;

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_width_is_the_width_drawn(text in "[0-9:a ]{0,8}") {
            proptest::prop_assert_eq!(width(&text), big(&text)[0].chars().count());
        }
    }

    #[test]
    fn renders_a_countdown() {
        let rows = big("1:05");
        assert_eq!(rows.len(), 5);
        assert!(rows
            .iter()
            .all(|r| r.chars().count() == rows[0].chars().count()));
        assert_eq!(width("1:05"), rows[0].chars().count());
        assert_eq!(clock_face(65), "1:05");
        assert_eq!(clock_face(5), "0:05");
    }

    #[test]
    fn every_banner_has_glyphs_and_fits_sixty_columns() {
        for words in [
            "GET READY",
            "HOLD",
            "LIFT",
            "LOWER",
            "REST",
            "SWITCH SIDES",
            "BREATHE IN",
            "BREATHE OUT",
            "PAUSED",
            "DONE",
        ] {
            let rows = banner(words).unwrap_or_else(|| panic!("no glyph in {words}"));
            let w = rows[0].chars().count();
            assert!(rows.iter().all(|r| r.chars().count() == w), "{words}");
            assert!(w <= 58, "{words}: {w} columns");
        }
        assert!(banner("hold").is_none(), "capitals only");
        let rep = banner("LEFT  REP 3/5  SET 1/2").expect("side, rep and set");
        assert!(rep
            .iter()
            .all(|r| r.chars().count() == rep[0].chars().count()));
    }
}
