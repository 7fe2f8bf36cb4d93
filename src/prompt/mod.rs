//! Asking questions. On a terminal, `keys::KeyPrompter` lets people use the
//! arrow keys, space and Enter, or type; without a terminal, `Prompter`
//! reads lines. Both validate every answer and ask again with a short hint;
//! end of input stops cleanly and nothing is written. `select` is the
//! multiple choice's state and layout, pure, so it is tested without a
//! terminal.

pub mod function;
pub mod keys;
pub mod select;

use crate::assess::{self, Answers, RedFlagStop, AGES, MAX_MINUTES, MIN_MINUTES};
use crate::error::{Error, Result};
use crate::library::{Asked, Field, Library, Question, Text};
use crate::profile::Profile;
use std::io::{BufRead, Write};

/// The questions the program asks, however they are answered.
pub trait Ask {
    /// Writes `text` as it is (sanitised, newlines kept).
    fn say(&mut self, text: &str) -> Result<()>;
    /// Columns to wrap at.
    fn width(&self) -> usize;
    /// Writes `text` with each line wrapped to the width.
    fn tell(&mut self, text: &str) -> Result<()> {
        let w = self.width();
        let mut out = String::new();
        let mut lines = text.split('\n').peekable();
        while let Some(line) = lines.next() {
            match (line.is_empty(), lines.peek().is_some()) {
                (true, true) => out.push('\n'),
                (true, false) => {}
                (false, _) => out.push_str(&crate::style::wrap(line, w, "", "")),
            }
        }
        self.say(&out)
    }
    fn yes_no(&mut self, question: &str) -> Result<bool>;
    fn number(&mut self, question: &str, hint: Option<&str>, lo: u32, hi: u32) -> Result<u32>;
    fn choices(&mut self, q: &Question) -> Result<Vec<String>>;
    fn text(&mut self, question: &str) -> Result<String>;
}

/// The most of one typed line kept (see `Prompter::line`).
const MAX_LINE_BYTES: u64 = 64 * 1024;

/// Arrow keys on a terminal, lines otherwise.
pub fn terminal() -> Box<dyn Ask> {
    terminal_with(false)
}

/// Like [`terminal`]; `lines` (from `--plain`) asks for typed lines even
/// on a terminal, as `TERM=dumb` does: such a terminal cannot redraw.
pub fn terminal_with(lines: bool) -> Box<dyn Ask> {
    use std::io::IsTerminal;
    let keys = !lines && !crate::style::dumb_terminal();
    if keys && std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        Box::new(keys::KeyPrompter::new())
    } else {
        let width = crate::style::columns(std::io::stderr().is_terminal());
        Box::new(Prompter::new(std::io::stdin().lock(), std::io::stderr()).width(width))
    }
}

/// Reads typed choices: numbers or ids, separated by commas or spaces, in
/// library order. The error is the hint to show.
pub fn parse_choices(q: &Question, text: &str) -> std::result::Result<Vec<String>, String> {
    let mut picked: Vec<String> = Vec::new();
    for word in text.split([',', ' ']).filter(|w| !w.is_empty()) {
        let found = match word.parse::<usize>() {
            Ok(n) if (1..=q.choices.len()).contains(&n) => Some(&q.choices[n - 1]),
            Ok(_) => None,
            Err(_) => q
                .choices
                .iter()
                .find(|c| c.id == crate::library::normalize(word)),
        };
        match found {
            Some(c) if !picked.iter().any(|x| x == &c.id) => picked.push(c.id.to_string()),
            Some(_) => {}
            None => {
                return Err(format!(
                    "'{word}' is not one of the choices; type numbers from 1 to {}.",
                    q.choices.len()
                ))
            }
        }
    }
    // Keep library order so the same answers always plan the same.
    Ok(q.choices
        .iter()
        .filter(|c| picked.iter().any(|x| x == &c.id))
        .map(|c| c.id.to_string())
        .collect())
}

/// The hint for a number out of range or not a number.
pub fn not_a_number(text: &str, lo: u32, hi: u32) -> String {
    format!("'{text}' is not a whole number from {lo} to {hi}; please try again.")
}

/// Line-based questions over any reader and writer, so tests can drive it.
pub struct Prompter<R, W> {
    input: R,
    output: W,
    /// Columns to wrap questions at.
    width: usize,
}

/// What the questionnaire produced.
// Made once per session and moved once: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Outcome {
    /// A red flag: the session must not go ahead.
    Stop(RedFlagStop),
    /// Today's answers, and the profile to save if this was the first run.
    Answers(Answers, Option<Profile>),
}

/// Answers given on the command line, which skip their questions.
#[derive(Clone, Debug, Default)]
pub struct Given {
    pub pain: Option<u8>,
    pub minutes: Option<u32>,
    pub equipment: Option<Vec<String>>,
    /// Ask only the red flags and pain (for `run PROGRAM`).
    pub brief: bool,
}

pub(crate) fn interrupted() -> Error {
    Error::Interrupted("stopped: no more input, so nothing was saved".to_string())
}

impl<R: BufRead, W: Write> Prompter<R, W> {
    pub fn new(input: R, output: W) -> Self {
        Prompter {
            input,
            output,
            width: crate::style::DEFAULT_WIDTH,
        }
    }

    /// Wraps questions at `width` columns instead of 80.
    pub fn width(self, width: usize) -> Self {
        Prompter { width, ..self }
    }

    /// One typed line, trimmed. Only its first `MAX_LINE_BYTES` are kept
    /// (every answer is far shorter; a note is cut to its ceiling anyway),
    /// so a huge line on a pipe is never held.
    fn line(&mut self) -> Result<String> {
        let ctx = |e| Error::io("reading your answer", e);
        let mut buf = Vec::new();
        let n = std::io::Read::take(&mut self.input, MAX_LINE_BYTES)
            .read_until(b'\n', &mut buf)
            .map_err(ctx)?;
        if n == 0 {
            return Err(interrupted());
        }
        if !buf.ends_with(b"\n") {
            // The rest of a long line is read past, not kept.
            loop {
                let rest = self.input.fill_buf().map_err(ctx)?;
                if rest.is_empty() {
                    break;
                }
                match rest.iter().position(|&b| b == b'\n') {
                    Some(i) => {
                        self.input.consume(i + 1);
                        break;
                    }
                    None => {
                        let all = rest.len();
                        self.input.consume(all);
                    }
                }
            }
        }
        Ok(String::from_utf8_lossy(&buf).trim().to_string())
    }
}

impl<R: BufRead, W: Write> Ask for Prompter<R, W> {
    fn width(&self) -> usize {
        self.width
    }

    /// Questions and hints quote library text and the person's input:
    /// sanitised here, newlines kept.
    fn say(&mut self, text: &str) -> Result<()> {
        self.output
            .write_all(crate::output::sanitise_lines(text).as_bytes())
            .and_then(|_| self.output.flush())
            .map_err(|e| Error::io("writing the question", e))
    }

    fn text(&mut self, question: &str) -> Result<String> {
        self.say(&format!("{question}\n  > "))?;
        self.line()
    }

    fn yes_no(&mut self, question: &str) -> Result<bool> {
        self.say(&crate::style::wrap(question, self.width, "", ""))?;
        loop {
            self.say("  [y/n] > ")?;
            match self.line()?.to_lowercase().as_str() {
                "y" | "yes" => return Ok(true),
                "n" | "no" => return Ok(false),
                _ => self.say("  Please answer y (yes) or n (no).\n")?,
            }
        }
    }

    fn number(&mut self, question: &str, hint: Option<&str>, lo: u32, hi: u32) -> Result<u32> {
        self.say(&crate::style::wrap(question, self.width, "", ""))?;
        if let Some(h) = hint {
            self.say(&crate::style::wrap(h, self.width, "  ", "  "))?;
        }
        loop {
            self.say(&format!("  [{lo}-{hi}] > "))?;
            let text = self.line()?;
            match text.parse::<u32>() {
                Ok(n) if (lo..=hi).contains(&n) => return Ok(n),
                _ => self.say(&format!("  {}\n", not_a_number(&text, lo, hi)))?,
            }
        }
    }

    /// A multiple choice: numbers or ids, separated by commas or spaces;
    /// an empty line means none.
    fn choices(&mut self, q: &Question) -> Result<Vec<String>> {
        self.say(&crate::style::wrap(&q.ask, self.width, "", ""))?;
        if let Some(h) = &q.hint {
            self.say(&crate::style::wrap(h, self.width, "  ", "  "))?;
        }
        for (i, c) in q.choices.iter().enumerate() {
            self.say(&format!("  {:>2}. {}\n", i + 1, c.label))?;
        }
        loop {
            self.say("  numbers, e.g. 1,3 (Enter for none) > ")?;
            let text = self.line()?;
            match parse_choices(q, &text) {
                Ok(picked) => return Ok(picked),
                Err(hint) => self.say(&format!("  {hint}\n"))?,
            }
        }
    }
}

/// The age question, when the library has one.
/// "Something else" was ticked: its name in the person's own words. A
/// known name (or a slip of one, once confirmed) becomes that condition; a
/// name backrelief does not know is kept, and the careful default stays.
fn something_else(ask: &mut dyn Ask, lib: &Library, p: &mut Profile) -> Result<()> {
    use crate::profile::{name_condition, Named, CAREFUL_DEFAULT};
    // Kept as plain text: no control or direction characters, and at
    // most `caps::NAME_CHARS`; a longer name is asked again.
    let text = loop {
        let typed = ask
            .text("What is the other condition, in your own words? (Enter to leave it unnamed)")?;
        let typed: String = typed
            .chars()
            .filter(|c| !crate::library::text::is_unsafe(*c))
            .collect();
        if typed.trim().is_empty() {
            return Ok(());
        }
        match crate::caps::entered("That name", &typed, crate::caps::NAME_CHARS) {
            Ok(t) => break t,
            Err(m) => ask.say(&format!("  {m}; please write it shorter.\n"))?,
        }
    };
    let text = text.as_str();
    let ids = match name_condition(lib, text) {
        Named::Known(id) => vec![id],
        Named::Within(ids) => {
            ask.say(&format!(
                "  Recognised: {}.\n",
                crate::profile::recognised(lib, &ids)
            ))?;
            ids
        }
        Named::Typo(id) => {
            let name = lib.condition(&id).map_or(id.as_str(), |c| c.name.as_str());
            if ask.yes_no(&format!("Did you mean: {name}?"))? {
                vec![id]
            } else {
                vec![]
            }
        }
        Named::Unknown => vec![],
    };
    match ids.is_empty() {
        false => {
            p.conditions.retain(|c| c != CAREFUL_DEFAULT);
            for id in ids {
                if !p.conditions.contains(&id) {
                    p.conditions.push(id);
                }
            }
        }
        true => {
            p.conditions.retain(|c| c != CAREFUL_DEFAULT);
            p.unlisted.push(text.to_string());
        }
    }
    Ok(())
}

fn ask_age(ask: &mut dyn Ask, lib: &Library) -> Result<Option<u32>> {
    let Some(q) = lib.question_for(Field::Age) else {
        return Ok(None);
    };
    let age = ask.number(&q.ask, q.hint.as_deref(), *AGES.start(), *AGES.end())?;
    Ok(Some(age))
}

/// The red-flag questions alone, the first part of every questionnaire
/// (and all that is asked when the profile cannot be read): the stop for
/// the first yes, or `None` when every answer was no.
pub fn red_flag_screen(
    ask: &mut dyn Ask,
    lib: &Library,
    profile: Option<&Profile>,
) -> Result<Option<RedFlagStop>> {
    // Every question, every time, one at a time: saddle numbness in
    // particular is rarely mentioned unless asked on its own (clinical
    // notes), so there is no shortcut past them. Flags raised by a
    // combination of answers are checked once the answers are in
    // (`assess::screen_answers`); only questions are asked here.
    let asked: Vec<(&crate::library::RedFlag, &Text)> = lib
        .red_flags
        .iter()
        .filter_map(|f| f.ask.as_ref().map(|q| (f, q)))
        .collect();
    let total = asked.len();
    ask.tell(&format!(
        "First, {total} safety questions, asked before every session. Answer yes to anything that is true today.\n\n"
    ))?;
    for (i, (flag, question)) in asked.into_iter().enumerate() {
        // A flag a clinician has checked stays true; what matters now is
        // whether anything changed since.
        let question = match profile.and_then(|p| p.checked_on(&flag.id)) {
            Some(on) => format!(
                "{question}\n  A clinician checked this on {on}. Is anything new or worse since then?"
            ),
            None => question.to_string(),
        };
        if ask.yes_no(&format!("{} of {total}: {question}", i + 1))? {
            let stop =
                assess::screen(lib, std::slice::from_ref(&flag.id)).expect("a yes always stops");
            return Ok(Some(stop));
        }
    }
    Ok(None)
}

/// Runs the whole questionnaire. Red flags come first, every time.
pub fn questionnaire(
    ask: &mut dyn Ask,
    lib: &Library,
    profile: Option<&Profile>,
    given: &Given,
) -> Result<Outcome> {
    if let Some(stop) = red_flag_screen(ask, lib, profile)? {
        return Ok(Outcome::Stop(stop));
    }
    ask.tell("\nThank you. Now about today.\n\n")?;
    let question = |field: Field| lib.question_for(field);
    let pain = match given.pain {
        Some(p) => p,
        None => {
            let q = question(Field::Pain)
                .map_or("How bad is your pain right now (0-10)?", |q| q.ask.as_str());
            let hint = question(Field::Pain).and_then(|q| q.hint.as_deref());
            ask.number(q, hint, 0, 10)? as u8
        }
    };
    let mut areas = Vec::new();
    let mut symptoms = Vec::new();
    if !given.brief {
        if let Some(q) = question(Field::Areas) {
            areas = ask.choices(q)?;
        }
        if let Some(q) = question(Field::Symptoms) {
            symptoms = ask.choices(q)?;
        }
    }
    let (profile, new_profile) = match profile {
        Some(p) if p.questions_asked() => (p.clone(), None),
        // Made by the `profile` command before any session (or by an older
        // version before age was asked): the health questions have not
        // been asked yet, and skipping them would plan for nobody.
        Some(p) => {
            let p = first_profile(ask, lib, given, Some(p))?;
            (p.clone(), Some(p))
        }
        None => {
            let p = first_profile(ask, lib, given, None)?;
            (p.clone(), Some(p))
        }
    };
    let answers = Answers {
        red_flags: Vec::new(),
        pain,
        areas,
        symptoms,
        conditions: profile.conditions_today(),
        equipment: given.equipment.clone().unwrap_or(profile.equipment.clone()),
        minutes: given.minutes.unwrap_or(profile.minutes),
        age: profile.age,
        avoid: profile.avoid.clone(),
        flare: None,
        cleared: profile.cleared.is_some(),
    };
    // A flag raised by these answers together that a clinician has
    // checked: ask whether anything is new or worse, as for a checked
    // question; a yes stops.
    for id in assess::raised_flags(lib, &answers) {
        let (Some(on), Some(flag)) = (
            profile.checked_on(&id),
            lib.red_flags.iter().find(|f| f.id == id),
        ) else {
            continue;
        };
        let because = flag.because.as_deref().unwrap_or(&flag.why);
        let question = format!(
            "{because}\n  A clinician checked this on {on}. Is anything new or worse since then?"
        );
        if ask.yes_no(&question)? {
            let stop = assess::screen(lib, std::slice::from_ref(&id)).expect("a yes always stops");
            return Ok(Outcome::Stop(stop));
        }
    }
    Ok(Outcome::Answers(answers, new_profile))
}

/// The questions of a first session, remembered for next time: health
/// conditions and what is hard, equipment, exercises a clinician has
/// cleared, age and the usual minutes. What a profile made by the
/// `profile` command already holds is kept: conditions are added to, and
/// equipment, age and minutes already set are not asked again.
fn first_profile(
    ask: &mut dyn Ask,
    lib: &Library,
    given: &Given,
    made: Option<&Profile>,
) -> Result<Profile> {
    let question = |field: Field| lib.question_for(field);
    ask.tell(match made {
        None => "\nThis is your first session, so a few questions to remember for next time.\n\n",
        Some(_) => {
            "\nA few questions about your health, asked once and remembered for next time.\n\n"
        }
    })?;
    let mut p = made.cloned().unwrap_or_default();
    p.questions_asked = Some(true);
    // Health conditions, then what is hard (capabilities): both
    // fill `conditions`, each answer ruling movements out.
    for q in lib
        .questions
        .iter()
        .filter(|q| q.field == Field::Conditions && q.asked == Asked::Profile)
    {
        for id in ask.choices(q)? {
            if !p.conditions.contains(&id) {
                p.conditions.push(id);
            }
        }
    }
    if p.conditions
        .iter()
        .any(|c| c == crate::profile::CAREFUL_DEFAULT)
    {
        something_else(ask, lib, &mut p)?;
    }
    lifting_questions(ask, lib, &mut p)?;
    if given.equipment.is_none() && p.equipment.is_empty() {
        if let Some(q) = question(Field::Equipment) {
            p.equipment = ask.choices(q)?;
        }
    }
    for e in lib.exercises.iter().filter(|e| e.opt_in) {
        let owned = e
            .equipment
            .iter()
            .all(|q| p.equipment.iter().any(|x| x == q));
        let ruled_out = crate::planner::condition_exclusion(lib, e, &p.conditions).is_some();
        if owned && !ruled_out && !p.opt_in.contains(&e.id.to_string()) {
            let q = format!(
                "{}: has a doctor or physiotherapist told you it is safe for you?",
                e.name
            );
            if ask.yes_no(&q)? {
                p.opt_in.push(e.id.to_string());
            }
        }
    }
    if p.age.is_none() {
        p.age = ask_age(ask, lib)?;
    }
    if given.minutes.is_none() && made.is_none() {
        let q = question(Field::Minutes)
            .map_or("How many minutes do you usually have?", |q| q.ask.as_str());
        let hint = question(Field::Minutes).and_then(|q| q.hint.as_deref());
        p.minutes = ask.number(q, hint, MIN_MINUTES, MAX_MINUTES)?;
    }
    Ok(p)
}

/// Rather than assume: when a ticked condition brings one that another
/// condition lifts (poor balance brings the floor being hard), ask the
/// lifting condition's question ("Can you get down to the floor and back
/// up on your own?"): yes adds it, no adds what it lifts, so the person's
/// own answer stands either way. Not asked when they named either.
fn lifting_questions(ask: &mut dyn Ask, lib: &Library, p: &mut Profile) -> Result<()> {
    for lifter in lib.conditions.iter() {
        let Some(question) = lifter.ask.as_deref() else {
            continue;
        };
        let brought: Vec<String> = lib
            .with_includes(&p.conditions)
            .iter()
            .map(|c| c.id.to_string())
            .collect();
        let named = |id: &str| p.conditions.iter().any(|c| c == id);
        let Some(lifted) = lifter
            .lifts
            .iter()
            .find(|x| brought.iter().any(|b| b == x.as_str()) && !named(x))
        else {
            continue;
        };
        if named(&lifter.id) {
            continue;
        }
        let add = if ask.yes_no(question)? {
            lifter.id.to_string()
        } else {
            lifted.to_string()
        };
        p.conditions.push(add);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lib() -> Library {
        crate::store::library::builtin_library()
    }

    fn run(input: &str, profile: Option<&Profile>) -> (Result<Outcome>, String) {
        let lib = lib();
        let mut out = Vec::new();
        let result = questionnaire(
            &mut Prompter::new(input.as_bytes(), &mut out),
            &lib,
            profile,
            &Given::default(),
        );
        (result, String::from_utf8(out).unwrap())
    }

    /// "n" for every red flag that is asked (not those raised by `when`).
    fn noes() -> String {
        "n\n".repeat(lib().red_flags.iter().filter(|f| f.ask.is_some()).count())
    }

    fn aged(age: u32) -> Profile {
        Profile {
            age: Some(age),
            ..Profile::default()
        }
    }

    #[test]
    fn wrong_answers_are_refused_with_a_hint_and_asked_again() {
        let input = format!("{}11\nabc\n6\n5,2\n\n", noes());
        let (result, text) = run(&input, Some(&aged(40)));
        assert!(text.contains("'11' is not a whole number from 0 to 10"));
        assert!(text.contains("'abc' is not a whole number from 0 to 10"));
        let Outcome::Answers(a, new_profile) = result.unwrap() else {
            panic!("stopped")
        };
        assert_eq!(a.pain, 6);
        assert_eq!(a.areas, ["hip", "leg-below-knee"]);
        assert!(a.symptoms.is_empty());
        assert!(new_profile.is_none());
    }

    #[test]
    fn a_yes_stops_at_once() {
        let (result, _) = run("maybe\ny\n", None);
        match result.unwrap() {
            Outcome::Stop(stop) => assert_eq!(stop.flags, ["saddle-numbness"]),
            Outcome::Answers(..) => panic!("a red flag must stop"),
        }
    }

    #[test]
    fn end_of_input_is_an_interruption() {
        let (result, _) = run("n\nn\n", None);
        assert_eq!(result.err().map(|e| e.exit_code()), Some(130));
    }

    #[test]
    fn first_run_asks_the_profile_questions() {
        // conditions: glaucoma (3); what is hard: the floor (1); equipment:
        // mat, inversion-table (1,4); age 72; minutes 20.
        let input = format!("{}3\n1\n\n3\n1\n1,4\n72\n20\n", noes());
        let (result, text) = run(&input, None);
        let Outcome::Answers(a, Some(p)) = result.unwrap() else {
            panic!("no profile")
        };
        assert!(text.contains("Are any of these hard for you?"), "{text}");
        assert_eq!(p.conditions, ["glaucoma", "floor-is-hard"]);
        assert_eq!(p.equipment, ["mat", "inversion-table"]);
        // Inversion is ruled out by glaucoma, so its clearance is not asked.
        assert!(!text.contains("Inversion table: has a doctor"));
        assert_eq!(a.minutes, 20);
        assert_eq!(a.conditions, ["glaucoma", "floor-is-hard"]);
        assert_eq!((p.age, a.age), (Some(72), Some(72)));
    }

    #[test]
    fn poor_balance_asks_about_the_floor_rather_than_assuming() {
        // pain 3, low back, no symptoms; conditions: none; what is hard:
        // balance; then the floor question; equipment: mat; age 80; 15 min.
        let balance = lib()
            .questions
            .iter()
            .find(|q| q.id == "capabilities")
            .unwrap()
            .choices
            .iter()
            .position(|c| c.id == "poor-balance")
            .unwrap()
            + 1;
        let question = "Can you get down to the floor and back up on your own?";
        for (answer, added) in [("y", "floor-is-fine"), ("n", "floor-is-hard")] {
            let input = format!("{}3\n1\n\n\n{balance}\n{answer}\n1\n80\n15\n", noes());
            let (result, text) = run(&input, None);
            let Outcome::Answers(a, Some(p)) = result.unwrap() else {
                panic!("no profile")
            };
            assert!(text.contains(question), "{text}");
            assert_eq!(p.conditions, ["poor-balance", added]);
            assert_eq!(a.conditions, ["poor-balance", added]);
        }
        // Ticking the floor as hard too, or nothing that brings it, asks
        // nothing about it.
        for ticked in [format!("1,{balance}"), "2".to_string()] {
            let input = format!("{}3\n1\n\n\n{ticked}\n1\n80\n15\n", noes());
            let (result, text) = run(&input, None);
            assert!(matches!(result.unwrap(), Outcome::Answers(..)));
            assert!(!text.contains(question), "{ticked}: {text}");
        }
    }

    /// The checklist number of "something else" (the careful default).
    fn careful_default_choice() -> usize {
        lib()
            .questions
            .iter()
            .find(|q| q.id == "conditions")
            .unwrap()
            .choices
            .iter()
            .position(|c| c.id == "careful-default")
            .unwrap()
            + 1
    }

    #[test]
    fn something_else_is_named_confirmed_or_kept_for_the_careful_default() {
        let careful = careful_default_choice();
        // A slip of "pregnancy", confirmed: pregnancy, no careful default.
        let input = format!("{}3\n1\n\n{careful}\n\npregancy\ny\n1\n40\n20\n", noes());
        let (result, text) = run(&input, None);
        let Outcome::Answers(a, Some(p)) = result.unwrap() else {
            panic!("no profile")
        };
        assert!(text.contains("Did you mean: Pregnancy"), "{text}");
        assert_eq!(p.conditions, ["pregnancy"]);
        assert!(!a.conditions.iter().any(|c| c == "careful-default"));
        // A name it does not know: kept, and the plan is careful.
        let input = format!("{}3\n1\n\n{careful}\n\nsarcoidosis\n1\n40\n20\n", noes());
        let (result, _) = run(&input, None);
        let Outcome::Answers(a, Some(p)) = result.unwrap() else {
            panic!("no profile")
        };
        assert_eq!(p.unlisted, ["sarcoidosis"]);
        assert_eq!(a.conditions, ["careful-default"]);
    }

    #[test]
    fn a_name_longer_than_its_ceiling_is_asked_again_and_a_huge_line_is_never_held() {
        let careful = careful_default_choice();
        // 101 characters, then a line of 200 KB: each refused, then a name.
        let long = "x".repeat(crate::caps::NAME_CHARS + 1);
        let huge = "y".repeat(200 * 1024);
        let input = format!(
            "{}3\n1\n\n{careful}\n\n{long}\n{huge}\nsarcoidosis\n1\n40\n20\n",
            noes()
        );
        let (result, text) = run(&input, None);
        let Outcome::Answers(_, Some(p)) = result.unwrap() else {
            panic!("no profile")
        };
        assert_eq!(p.unlisted, ["sarcoidosis"]);
        assert!(
            text.contains(
                "That name has 101 characters; it is at most 100; please write it shorter."
            ),
            "{text}"
        );
        // The huge line was cut where it was read: 64 KiB of it, no more.
        let max = MAX_LINE_BYTES as usize;
        assert!(
            text.contains(&format!("That name has {max} characters")),
            "{}",
            &text[text.len().saturating_sub(2000)..]
        );
    }

    #[test]
    fn a_profile_made_before_any_session_asks_the_health_questions_once() {
        // Made by `profile --avoid bridge --minutes 25 --equipment mat`
        // (or an older version before age was asked): no answers yet.
        let made = Profile {
            avoid: vec!["bridge".into()],
            minutes: 25,
            equipment: vec!["mat".into()],
            ..Profile::default()
        };
        assert!(!made.questions_asked());
        // Pain 2, no areas or symptoms; conditions: glaucoma (3); nothing
        // hard; age 68. Equipment and minutes are already set.
        let input = format!("{}2\n\n\n3\n\n68\n", noes());
        let (result, text) = run(&input, Some(&made));
        let Outcome::Answers(a, Some(p)) = result.unwrap() else {
            panic!("the answers should be saved in the profile: {text}")
        };
        assert!(text.contains("Do any of these apply to you?"), "{text}");
        assert!(text.contains("How old are you?"), "{text}");
        assert_eq!(p.conditions, ["glaucoma"]);
        assert_eq!(a.conditions, ["glaucoma"]);
        assert_eq!((p.age, a.age), (Some(68), Some(68)));
        assert_eq!(
            (p.minutes, &p.equipment, &p.avoid),
            (25, &made.equipment, &made.avoid)
        );
        assert!(p.questions_asked());
        // Next time nothing of the profile is asked again.
        let (again, text) = run(&format!("{}2\n\n\n", noes()), Some(&p));
        assert!(
            matches!(again.unwrap(), Outcome::Answers(_, None)),
            "{text}"
        );
    }

    #[test]
    fn a_flag_a_clinician_checked_asks_what_is_new_or_worse() {
        let mut p = aged(50);
        p.checked.push(crate::profile::Checked::new(
            "cough-or-upper-back".into(),
            chrono::NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
        ));
        let (result, text) = run(&format!("{}2\n\n\n", noes()), Some(&p));
        assert!(matches!(result.unwrap(), Outcome::Answers(..)));
        let asked = text
            .lines()
            .filter(|l| l.contains("A clinician checked this on 2026-10-02"))
            .count();
        assert_eq!(asked, 1, "{text}");
        let flowing = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flowing.contains("Is anything new or worse since then?"));
    }

    #[test]
    fn a_checked_flag_raised_by_answers_asks_what_is_new_or_worse() {
        let mut p = aged(72);
        p.conditions = vec!["osteoporosis".into()];
        p.checked.push(crate::profile::Checked::new(
            "osteoporosis-and-a-strain".into(),
            chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
        ));
        let symptoms = lib().question_for(Field::Symptoms).unwrap().choices.clone();
        let strain = 1 + symptoms
            .iter()
            .position(|c| c.id == "recent-injury")
            .unwrap();
        // Pain 4, no areas, "it started with a strain", then: anything worse?
        let answer = |worse: &str| run(&format!("{}4\n\n{strain}\n{worse}\n", noes()), Some(&p));
        let (result, text) = answer("y");
        match result.unwrap() {
            Outcome::Stop(stop) => assert_eq!(stop.flags, ["osteoporosis-and-a-strain"]),
            Outcome::Answers(..) => panic!("new or worse must stop: {text}"),
        }
        assert!(text.contains("A clinician checked this on 2026-09-01"));
        let (result, _) = answer("n");
        assert!(matches!(result.unwrap(), Outcome::Answers(..)));
    }
}
