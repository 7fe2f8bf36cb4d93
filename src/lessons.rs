//! Short lessons that lower fear (pure): which card to show today, and
//! the cards as text. A card is shown at the end of a finished session,
//! its id kept in the session record, never the same card twice within a
//! week, and never after a red-flag stop (a stop ends before any session).

use crate::layout::wrap;
use crate::library::{Lesson, Library};
use chrono::{Duration, NaiveDate};

/// A card shown on or after this many days ago may not be shown again.
pub const NOT_AGAIN_WITHIN_DAYS: i64 = 7;

/// The card to show on `today`, given the cards shown before (`shown`:
/// the day and the card's id, in any order): the next card in library
/// order after the one shown last, skipping any shown within the last
/// week. `None` when every card was shown within the week.
pub fn next<'a>(
    lib: &'a Library,
    shown: &[(NaiveDate, &str)],
    today: NaiveDate,
) -> Option<&'a Lesson> {
    let cards = &lib.lessons;
    if cards.is_empty() {
        return None;
    }
    let since = today - Duration::days(NOT_AGAIN_WITHIN_DAYS - 1);
    let recent = |id: &str| {
        shown
            .iter()
            .any(|(d, s)| *s == id && (since..=today).contains(d))
    };
    // Start after the card shown last (a card removed from the library
    // since starts the rotation over).
    let last = shown
        .iter()
        .filter(|(d, _)| *d <= today)
        .max_by_key(|(d, _)| *d)
        .and_then(|(_, id)| cards.iter().position(|c| c.id == *id));
    let start = last.map_or(0, |i| i + 1);
    (0..cards.len())
        .map(|k| &cards[(start + k) % cards.len()])
        .find(|c| !recent(&c.id))
}

/// A card as a plan carries it into the run.
pub fn for_plan(lib: &Library, l: &Lesson) -> crate::planner::LessonCard {
    crate::planner::LessonCard {
        id: l.id.to_string(),
        title: l.title.to_string(),
        text: l.text.to_string(),
        source: lib.cite(&l.source),
    }
}

/// A plan's card as text, for a rest or the finish screen.
pub fn plan_card(c: &crate::planner::LessonCard, width: usize) -> String {
    let mut out = format!("{}\n", c.title);
    out.push_str(&wrap(&c.text, width, "  ", "  "));
    out.push_str(&wrap(&format!("Source: {}", c.source), width, "  ", "  "));
    out
}

/// One card as text: its title, then the text, then who says so.
pub fn card(lib: &Library, l: &Lesson, width: usize) -> String {
    let mut out = format!("{}\n", l.title);
    out.push_str(&wrap(&l.text, width, "  ", "  "));
    out.push_str(&wrap(
        &format!("Source: {}", lib.cite(&l.source)),
        width,
        "  ",
        "  ",
    ));
    out
}

/// Every card, for `backrelief learn`, with the sources in full at the end.
pub fn all(lib: &Library, width: usize) -> String {
    let mut out = String::new();
    for l in lib.lessons.iter() {
        out.push_str(&card(lib, l, width));
        out.push('\n');
    }
    let mut sources: Vec<&crate::library::Source> = Vec::new();
    for l in lib.lessons.iter() {
        for s in lib.cited(&l.source) {
            if !sources.iter().any(|x| x.id == s.id) {
                sources.push(s);
            }
        }
    }
    if !sources.is_empty() {
        out.push_str("Sources\n");
        for s in sources {
            out.push_str(&wrap(&s.reference(), width, "  - ", "    "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lib() -> Library {
        crate::store::library::builtin_library()
    }

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap() + Duration::days(n)
    }

    #[test]
    fn cards_rotate_in_order_and_never_repeat_within_a_week() {
        let lib = lib();
        let n = lib.lessons.len();
        assert!(
            n >= 6,
            "hurt and harm, flares, scans, moving, sleep, stress"
        );
        // A session every day for five weeks, each day taking today's card.
        let mut shown: Vec<(NaiveDate, String)> = Vec::new();
        for d in 0..35 {
            let view: Vec<(NaiveDate, &str)> =
                shown.iter().map(|(d, s)| (*d, s.as_str())).collect();
            if let Some(c) = next(&lib, &view, day(d)) {
                shown.push((day(d), c.id.to_string()));
            }
        }
        // Never the same card twice within seven days.
        for (i, (d, id)) in shown.iter().enumerate() {
            for (d2, id2) in &shown[i + 1..] {
                if id == id2 {
                    assert!(
                        (*d2 - *d).num_days() >= NOT_AGAIN_WITHIN_DAYS,
                        "{id} on {d} and {d2}"
                    );
                }
            }
        }
        // Every card comes round; the first days take them in order.
        for (k, c) in lib.lessons.iter().enumerate() {
            assert_eq!(shown[k].1, c.id.as_str());
        }
        // With six cards and daily sessions, the seventh day has none left.
        if n < 7 {
            assert!(!shown.iter().any(|(d, _)| *d == day(n as i64)));
        }
    }

    #[test]
    fn a_gap_resumes_after_the_last_card_shown() {
        let lib = lib();
        let second = lib.lessons[1].id.to_string();
        let shown = [(day(0), second.as_str())];
        // Weeks later: the card after the last one shown.
        assert_eq!(next(&lib, &shown, day(30)).unwrap().id, lib.lessons[2].id);
        // The next day: not the one from yesterday.
        assert_eq!(next(&lib, &shown, day(1)).unwrap().id, lib.lessons[2].id);
        // Nothing shown yet: the first card.
        assert_eq!(next(&lib, &[], day(0)).unwrap().id, lib.lessons[0].id);
    }

    #[test]
    fn every_card_is_brief_sourced_and_agrees_with_the_stop_rules() {
        let lib = lib();
        for l in lib.lessons.iter() {
            let sentences = l.text.matches(['.', '?', '!']).count();
            assert!((2..=4).contains(&sentences), "{}: {sentences}", l.id);
            assert!(!lib.cited(&l.source).is_empty(), "{}", l.id);
            // No card may tell anyone to push through sharp pain or pain
            // spreading down a leg.
            let t = l.text.to_lowercase();
            assert!(!t.contains("push through"), "{}", l.id);
            if t.contains("sharp") || t.contains("down a leg") {
                assert!(t.contains("stop"), "{}", l.id);
            }
        }
        let card = card(&lib, &lib.lessons[0], 60);
        assert!(card.starts_with(lib.lessons[0].title.as_str()));
        assert!(card.lines().all(|l| l.chars().count() <= 60), "{card}");
    }
}
