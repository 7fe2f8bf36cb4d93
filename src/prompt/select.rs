//! A multiple choice answered with keys, as pure state: what is ticked,
//! what is being typed, and the lines to draw for a given terminal size.
//! `keys::KeyPrompter` feeds it keys and draws its lines; the tests drive
//! it directly.
//!
//! Typed numbers (or ids) only ever add to what is ticked, and show as
//! ticked while they are typed, so the screen says what Enter will answer;
//! space on a choice ticks or unticks it.

use super::parse_choices;
use crate::library::Question;

/// The keys a multiple choice understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Up,
    Down,
    /// Space: ticks or unticks the choice under the cursor, or ends a
    /// typed number.
    Space,
    Backspace,
    Enter,
    Char(char),
}

/// The longest typed word kept.
const MAX_TYPED: usize = 60;

pub struct Select<'q> {
    q: &'q Question,
    /// The choice under the cursor.
    at: usize,
    ticked: Vec<bool>,
    /// The number or id being typed, not yet ended by a comma, a space or
    /// Enter.
    typed: String,
    note: Option<String>,
    /// The first choice shown when the list is taller than the screen.
    top: usize,
}

impl<'q> Select<'q> {
    pub fn new(q: &'q Question) -> Select<'q> {
        Select {
            q,
            at: 0,
            ticked: vec![false; q.choices.len()],
            typed: String::new(),
            note: None,
            top: 0,
        }
    }

    /// The choice the typed word names, if it names one.
    fn pending(&self) -> Option<usize> {
        let word = self.typed.trim();
        if word.is_empty() {
            return None;
        }
        let ids = parse_choices(self.q, word).ok()?;
        let id = ids.first()?;
        self.q.choices.iter().position(|c| &c.id == id)
    }

    /// Ticked now, or being typed (so Enter would tick it).
    fn shown_ticked(&self, i: usize) -> bool {
        self.ticked[i] || self.pending() == Some(i)
    }

    /// Ends the typed word: its choice is ticked (never unticked) and the
    /// cursor moves to it. A word that names no choice leaves a hint.
    fn commit(&mut self) -> bool {
        let word = std::mem::take(&mut self.typed);
        let word = word.trim();
        if word.is_empty() {
            return true;
        }
        match parse_choices(self.q, word) {
            Ok(ids) => {
                for id in ids {
                    if let Some(i) = self.q.choices.iter().position(|c| c.id == id) {
                        self.note = self.ticked[i].then(|| {
                            format!("{} is ticked already (space on it unticks it).", i + 1)
                        });
                        self.ticked[i] = true;
                        self.at = i;
                    }
                }
                true
            }
            Err(hint) => {
                self.note = Some(hint);
                false
            }
        }
    }

    /// Takes one key; `Some(ids)` when the answer is given, in library order.
    pub fn key(&mut self, key: Key) -> Option<Vec<String>> {
        let n = self.q.choices.len();
        match key {
            Key::Up | Key::Down => {
                self.note = None;
                self.commit();
                if n > 0 {
                    self.at = match key {
                        Key::Up => self.at.checked_sub(1).unwrap_or(n - 1),
                        _ => (self.at + 1) % n,
                    };
                }
            }
            Key::Space if self.typed.trim().is_empty() => {
                self.note = None;
                if let Some(t) = self.ticked.get_mut(self.at) {
                    *t = !*t;
                }
            }
            Key::Space | Key::Char(',') => {
                self.note = None;
                self.commit();
            }
            Key::Backspace => {
                self.typed.pop();
            }
            Key::Enter => {
                self.note = None;
                if self.commit() {
                    return Some(self.answer());
                }
            }
            Key::Char(c) if !c.is_control() && self.typed.chars().count() < MAX_TYPED => {
                self.note = None;
                self.typed.push(c);
                if let Some(i) = self.pending() {
                    self.at = i;
                }
            }
            Key::Char(_) => {}
        }
        None
    }

    /// The ticked ids, in library order.
    pub fn answer(&self) -> Vec<String> {
        self.q
            .choices
            .iter()
            .zip(&self.ticked)
            .filter(|(_, t)| **t)
            .map(|(c, _)| c.id.to_string())
            .collect()
    }

    /// What to draw: the choices (a window of them when the list is taller
    /// than `rows`), what is ticked, and the typing line; at most `rows`
    /// rows of at most `width` columns, so it can be redrawn in place.
    pub fn lines(&mut self, width: usize, rows: usize) -> Vec<String> {
        let n = self.q.choices.len();
        let shown: Vec<usize> = (0..n).filter(|&i| self.shown_ticked(i)).collect();
        let mut footer = Vec::new();
        if !shown.is_empty() {
            let nums: Vec<String> = shown.iter().map(|i| (i + 1).to_string()).collect();
            footer.push(format!("  ticked: {}", nums.join(", ")));
        }
        footer.push(format!(
            "  ↑/↓, space to tick, or type numbers; Enter when done > {}",
            self.typed
        ));
        if let Some(note) = &self.note {
            footer.push(format!("  {note}"));
        }
        let footer: Vec<String> = footer.iter().flat_map(|l| fit(l, width)).collect();
        let entries: Vec<Vec<String>> = (0..n)
            .map(|i| {
                let line = format!(
                    "{} [{}] {:>2}. {}",
                    if i == self.at { " ›" } else { "  " },
                    if self.shown_ticked(i) { "x" } else { " " },
                    i + 1,
                    self.q.choices[i].label
                );
                fit(&line, width)
            })
            .collect();
        let all_rows: usize = entries.iter().map(Vec::len).sum();
        let budget = rows.saturating_sub(footer.len()).max(1);
        let mut out = Vec::new();
        if all_rows <= budget {
            self.top = 0;
            out.extend(entries.into_iter().flatten());
        } else {
            // Two rows say how many are hidden above and below.
            let room = budget.saturating_sub(2).max(1);
            let (top, end) = window(&entries, self.top, self.at, room);
            self.top = top;
            out.push(if top > 0 {
                format!("  ↑ {top} more")
            } else {
                String::new()
            });
            out.extend(entries[top..end].iter().flatten().cloned());
            out.push(if end < n {
                format!("  ↓ {} more", n - end)
            } else {
                String::new()
            });
        }
        out.extend(footer);
        out
    }
}

/// The entries `top..end` to show in `room` rows, keeping `at` in view and
/// moving the window as little as possible.
fn window(entries: &[Vec<String>], top: usize, at: usize, room: usize) -> (usize, usize) {
    let rows = |a: usize, b: usize| entries[a..b].iter().map(Vec::len).sum::<usize>();
    let mut top = top.min(at);
    // Scroll down until `at` fits below `top`.
    while top < at && rows(top, at + 1) > room {
        top += 1;
    }
    let mut end = top + 1;
    while end < entries.len() && rows(top, end + 1) <= room {
        end += 1;
    }
    // At the bottom, fill the room upward.
    while top > 0 && rows(top - 1, end) <= room {
        top -= 1;
    }
    (top, end)
}

/// A line as drawn at `width` columns: short lines keep their spacing;
/// long ones wrap at words, indented under their first word, and a word
/// longer than the line is cut. Sanitised.
pub fn fit(line: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let line = crate::output::sanitise(line);
    if line.chars().count() <= width {
        return vec![line.into_owned()];
    }
    let lead = " ".repeat(line.len() - line.trim_start().len());
    crate::style::wrap(&line, width, &lead, &format!("{lead}  "))
        .lines()
        .map(|x| crate::style::truncate(x, width))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{Field, Library};

    fn lib() -> Library {
        crate::store::library::builtin_library()
    }

    fn symptoms(lib: &Library) -> &Question {
        lib.question_for(Field::Symptoms)
            .expect("a symptoms question")
    }

    fn press(s: &mut Select, keys: &str) -> Option<Vec<String>> {
        let mut out = None;
        for c in keys.chars() {
            out = s.key(match c {
                '↑' => Key::Up,
                '↓' => Key::Down,
                ' ' => Key::Space,
                '⌫' => Key::Backspace,
                '\r' => Key::Enter,
                c => Key::Char(c),
            });
        }
        out
    }

    fn ids(q: &Question, numbers: &[usize]) -> Vec<String> {
        numbers
            .iter()
            .map(|n| q.choices[n - 1].id.to_string())
            .collect()
    }

    #[test]
    fn typed_numbers_add_to_the_ticks_and_show_before_enter() {
        let lib = lib();
        let q = symptoms(&lib);
        let mut s = Select::new(q);
        assert_eq!(press(&mut s, " ↓↓ 4,9"), None);
        let screen = s.lines(80, 40).join("\n");
        for n in [1, 3, 4, 9] {
            let label = &q.choices[n - 1].label;
            assert!(
                screen.contains(&format!("[x] {n:>2}. {label}")),
                "{n} not shown ticked:\n{screen}"
            );
        }
        assert!(screen.contains("ticked: 1, 3, 4, 9"), "{screen}");
        assert_eq!(press(&mut s, "\r"), Some(ids(q, &[1, 3, 4, 9])));
    }

    #[test]
    fn a_typed_number_never_unticks_and_space_does() {
        let lib = lib();
        let q = symptoms(&lib);
        let mut s = Select::new(q);
        press(&mut s, " 1,");
        assert!(s.lines(80, 40).join("\n").contains("1 is ticked already"));
        assert_eq!(s.answer(), ids(q, &[1]));
        // The cursor went to 1; space there unticks it.
        press(&mut s, "3 ↑↑ ");
        assert_eq!(s.answer(), ids(q, &[3]));
        // Backspace takes back a typed number before it is ended.
        assert_eq!(press(&mut s, "5⌫\r"), Some(ids(q, &[3])));
    }

    #[test]
    fn a_wrong_word_is_refused_and_nothing_is_lost() {
        let lib = lib();
        let q = symptoms(&lib);
        let mut s = Select::new(q);
        assert_eq!(press(&mut s, " 99\r"), None);
        assert!(s.lines(80, 40).join("\n").contains("'99' is not one of"));
        assert_eq!(press(&mut s, "\r"), Some(ids(q, &[1])));
    }

    #[test]
    fn a_tall_list_is_windowed_to_the_rows_and_follows_the_cursor() {
        let lib = lib();
        let q = symptoms(&lib);
        let n = q.choices.len();
        let mut s = Select::new(q);
        for rows in [6, 10, 14] {
            for _ in 0..n + 3 {
                press(&mut s, "↓");
                let lines = s.lines(60, rows);
                assert!(lines.len() <= rows, "{} rows > {rows}", lines.len());
                assert!(lines.iter().all(|l| l.chars().count() <= 60));
                assert!(lines.iter().any(|l| l.starts_with(" ›")), "{lines:?}");
            }
        }
        // Typing a number scrolls to it.
        press(&mut s, &n.to_string());
        let lines = s.lines(60, 8).join("\n");
        assert!(lines.contains(&format!("[x] {n:>2}.")), "{lines}");
    }

    #[test]
    fn fit_wraps_at_words_within_the_width() {
        let lines = fit("  one two three four five six seven", 12);
        assert_eq!(
            lines,
            [
                "  one two",
                "    three",
                "    four",
                "    five six",
                "    seven"
            ]
        );
        assert_eq!(fit("  short", 12), ["  short"]);
    }
}
