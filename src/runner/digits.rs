//! Big digits, five rows tall, readable from the floor.

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

/// Width in columns of `big(text)`.
pub fn width(text: &str) -> usize {
    big(text)[0].chars().count()
}

/// "m:ss" for a countdown, rounding up so 0:00 shows only at the end.
pub fn clock_face(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
