//! The weekly function questions: on the first run, up to three activities
//! the back makes hard, each rated 0-10; later weeks, the same activities
//! again, with the chance to add one (up to three) or replace one.

use super::Ask;
use crate::error::Result;
use crate::record::{check_ratings, FunctionRecord, Rating, MAX_ACTIVITIES};

const HINT: &str =
    "0 means you cannot do it at all, 10 that you can do it as well as before your back trouble.";

/// Asks for ratings; an empty list when the person names nothing.
pub fn rate(ask: &mut dyn Ask, previous: Option<&FunctionRecord>) -> Result<Vec<Rating>> {
    let mut ratings: Vec<Rating> = Vec::new();
    match previous {
        None => {
            ask.tell("\nOnce a week, a check on what matters to you: name up to three everyday activities your back makes hard (for example \"sitting through a film\", \"lifting my child\", \"a 30-minute walk\"), and say how well you can do each now.\n")?;
            while ratings.len() < MAX_ACTIVITIES {
                let Some(activity) = name(ask, &ratings, ratings.len() + 1)? else {
                    break;
                };
                ratings.push(score(ask, activity)?);
            }
        }
        Some(last) => {
            ask.tell("\nYour weekly check: how well can you do the activities you named?\n")?;
            for r in &last.ratings {
                ratings.push(score(ask, r.activity.trim().to_string())?);
            }
            if ratings.len() < MAX_ACTIVITIES && ask.yes_no("Add another activity?")? {
                if let Some(activity) = name(ask, &ratings, ratings.len() + 1)? {
                    ratings.push(score(ask, activity)?);
                }
            }
            if !ratings.is_empty()
                && ask.yes_no("Replace one of them with a different activity?")?
            {
                let list: Vec<String> = ratings
                    .iter()
                    .enumerate()
                    .map(|(i, r)| format!("{} {}", i + 1, r.activity))
                    .collect();
                let which = ask.number(
                    "Which one?",
                    Some(&list.join(", ")),
                    1,
                    ratings.len() as u32,
                )? as usize
                    - 1;
                let others: Vec<Rating> = ratings
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != which)
                    .map(|(_, r)| r.clone())
                    .collect();
                if let Some(activity) = name(ask, &others, which + 1)? {
                    ratings[which] = score(ask, activity)?;
                }
            }
        }
    }
    Ok(ratings)
}

/// One activity's name, asked until it is valid; `None` on an empty line.
fn name(ask: &mut dyn Ask, so_far: &[Rating], n: usize) -> Result<Option<String>> {
    loop {
        let text = ask.text(&format!("Activity {n} (Enter to finish):"))?;
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            return Ok(None);
        }
        let mut trial = so_far.to_vec();
        trial.push(Rating {
            activity: text.clone(),
            score: 0,
        });
        match check_ratings(&trial) {
            Ok(()) => return Ok(Some(text)),
            Err(e) => ask.say(&format!(
                "  {}\n",
                e.trim_start_matches("field `ratings.activity`: ")
            ))?,
        }
    }
}

fn score(ask: &mut dyn Ask, activity: String) -> Result<Rating> {
    let score = ask.number(
        &format!("{activity}: how well can you do it now?"),
        Some(HINT),
        0,
        10,
    )? as u8;
    Ok(Rating { activity, score })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompt::Prompter;

    fn run(input: &str, previous: Option<&FunctionRecord>) -> (Result<Vec<Rating>>, String) {
        let mut out = Vec::new();
        let got = {
            let mut p = Prompter::new(input.as_bytes(), &mut out);
            rate(&mut p, previous)
        };
        (got, String::from_utf8(out).unwrap())
    }

    #[test]
    fn first_time_names_up_to_three_and_stops_on_an_empty_line() {
        let (got, out) = run(
            "sitting through a film\n4\nSitting  through a FILM\nlifting my child\n11\n2\n\n",
            None,
        );
        let got = got.unwrap();
        assert_eq!(
            got,
            vec![
                Rating {
                    activity: "sitting through a film".into(),
                    score: 4
                },
                Rating {
                    activity: "lifting my child".into(),
                    score: 2
                },
            ]
        );
        assert!(out.contains("is named twice"), "{out}");
        assert!(
            out.contains("'11' is not a whole number from 0 to 10"),
            "{out}"
        );
    }

    #[test]
    fn later_weeks_rate_the_same_activities_and_may_replace_one() {
        let last = FunctionRecord::new(
            chrono::DateTime::parse_from_rfc3339("2026-11-18T08:00:00+01:00").unwrap(),
            vec![
                Rating {
                    activity: "walk".into(),
                    score: 3,
                },
                Rating {
                    activity: "stairs".into(),
                    score: 5,
                },
            ],
        );
        // walk 5, stairs 6, no addition, replace 2 with "gardening" at 2.
        let (got, out) = run("5\n6\nn\ny\n2\ngardening\n2\n", Some(&last));
        assert_eq!(
            got.unwrap(),
            vec![
                Rating {
                    activity: "walk".into(),
                    score: 5
                },
                Rating {
                    activity: "gardening".into(),
                    score: 2
                },
            ]
        );
        assert!(out.contains("walk: how well can you do it now?"), "{out}");
        // End of input is an interruption, never a half-made rating.
        assert!(run("5\n", Some(&last)).0.is_err());
    }
}
