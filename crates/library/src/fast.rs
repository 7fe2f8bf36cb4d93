//! The fast path for loading: a block-style file is cut into its entries
//! by indentation, and each entry is deserialized on its own. Besides speed
//! (libyaml-based parsing is the cost of loading), this gives exact line and
//! column for type errors.
//!
//! Anything unusual (flow-style sections, anchors shared between entries,
//! tabs, unknown top-level keys, a syntax error) sends the whole file to the
//! careful path in `loader.rs`, which reports problems precisely.

use crate::files::Files;
use crate::model::{
    Cause, Condition, Equipment, Exercise, Lesson, Movement, Muscle, Program, Question, RedFlag,
    Section, Source, Therapy,
};
use crate::problems::Problem;
use serde::de::DeserializeOwned;
use serde_yaml::Value;

/// One entry's text, dedented so it parses as a mapping on its own.
pub(crate) struct Job {
    pub(crate) file: usize,
    pub(crate) section: Section,
    /// Zero-based line of the entry's `- `.
    pub(crate) item_line: usize,
    /// Columns removed from every line of `text`.
    pub(crate) shift: usize,
    pub(crate) text: String,
}

pub(crate) enum Parsed {
    Muscle(Muscle),
    Movement(Movement),
    Condition(Condition),
    Equipment(Equipment),
    Exercise(Box<Exercise>),
    Cause(Cause),
    Therapy(Therapy),
    Program(Program),
    RedFlag(RedFlag),
    Question(Question),
    Source(Source),
    Lesson(Lesson),
}

pub(crate) enum Failure {
    /// Not plain YAML on its own: parse the file the careful way.
    Syntax,
    Problem(Problem),
}

// These run on every line of every file (470,000 for 10,000 exercises),
// so they look at bytes where `str`'s trims would decode characters.

fn indent(line: &str) -> usize {
    line.bytes().take_while(|&b| b == b' ').count()
}

/// Not blank and not a comment.
fn is_content(line: &str) -> bool {
    // What `char::is_whitespace` says of ASCII; past it, ask it.
    let blank = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r');
    match line.bytes().find(|b| !blank(b)) {
        None => false,
        Some(b) if b.is_ascii() => b != b'#',
        Some(_) => {
            let t = line.trim();
            !t.is_empty() && !t.starts_with('#')
        }
    }
}

/// Cuts a file into entries, or `None` when it is not plain block style.
pub(crate) fn split(file: usize, text: &str) -> Option<Vec<Job>> {
    if text.contains('\t') || text.contains("\n---") || text.starts_with("---") {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut jobs = Vec::new();
    let mut sections_seen = Vec::new();
    let mut l = 0;
    while l < lines.len() {
        let line = lines[l];
        if !is_content(line) {
            l += 1;
            continue;
        }
        if indent(line) != 0 {
            return None;
        }
        let key = line
            .split(" #")
            .next()
            .unwrap_or(line)
            .trim_end()
            .strip_suffix(':')?;
        let section = Section::from_key(key)?;
        if sections_seen.contains(&section) {
            return None;
        }
        sections_seen.push(section);
        let end = (l + 1..lines.len())
            .find(|&n| is_content(lines[n]) && indent(lines[n]) == 0)
            .unwrap_or(lines.len());
        let mut item_indent = None;
        let mut starts = Vec::new();
        for (n, line) in lines.iter().enumerate().take(end).skip(l + 1) {
            if !is_content(line) {
                continue;
            }
            let ind = indent(line);
            let is_item = line[ind..].starts_with("- ");
            match item_indent {
                None if is_item => {
                    item_indent = Some(ind);
                    starts.push(n);
                }
                None => return None,
                Some(i) if ind == i && is_item => starts.push(n),
                Some(i) if ind <= i => return None,
                Some(_) => {}
            }
        }
        let d = item_indent.unwrap_or(0);
        let shift = d + 2;
        for (k, &start) in starts.iter().enumerate() {
            let stop = starts.get(k + 1).copied().unwrap_or(end);
            let mut text = String::new();
            for line in &lines[start..stop] {
                let head = line
                    .get(..shift)
                    .filter(|h| h.bytes().all(|b| b == b' ' || b == b'-'));
                if let (Some(_), Some(rest)) = (head, line.get(shift..)) {
                    text.push_str(rest);
                } else if line.trim().is_empty() || line.trim_start().starts_with('#') {
                    // Blank or a comment: keep the line count.
                } else {
                    return None;
                }
                text.push('\n');
            }
            jobs.push(Job {
                file,
                section,
                item_line: start,
                shift,
                text,
            });
        }
        l = end;
    }
    if sections_seen.is_empty() {
        return None;
    }
    Some(jobs)
}

fn typed<T: DeserializeOwned>(job: &Job, files: Files) -> Result<T, Failure> {
    // The plain parse is quicker; the path is only needed for the message.
    if let Ok(v) = serde_yaml::from_str(&job.text) {
        return Ok(v);
    }
    let de = serde_yaml::Deserializer::from_str(&job.text);
    match serde_path_to_error::deserialize(de) {
        Ok(v) => Ok(v),
        Err(err) => {
            let Ok(value) = serde_yaml::from_str::<Value>(&job.text) else {
                return Err(Failure::Syntax);
            };
            let at = err
                .inner()
                .location()
                .map(|loc| (job.item_line + loc.line(), job.shift + loc.column()));
            let id = value.get("id").and_then(Value::as_str);
            let file = files.get(job.file);
            Err(Failure::Problem(crate::parse_problem::entry_problem(
                file.path,
                file.text,
                job.section,
                job.item_line,
                id,
                &err,
                at,
            )))
        }
    }
}

/// Deserializes one entry into the type of its section.
pub(crate) fn parse(job: &Job, files: Files) -> Result<Parsed, Failure> {
    Ok(match job.section {
        Section::Muscles => Parsed::Muscle(typed(job, files)?),
        Section::Movements => Parsed::Movement(typed(job, files)?),
        Section::Conditions => Parsed::Condition(typed(job, files)?),
        Section::Equipment => Parsed::Equipment(typed(job, files)?),
        Section::Exercises => Parsed::Exercise(Box::new(typed(job, files)?)),
        Section::Causes => Parsed::Cause(typed(job, files)?),
        Section::Therapies => Parsed::Therapy(typed(job, files)?),
        Section::Programs => Parsed::Program(typed(job, files)?),
        Section::RedFlags => Parsed::RedFlag(typed(job, files)?),
        Section::Questions => Parsed::Question(typed(job, files)?),
        Section::Sources => Parsed::Source(typed(job, files)?),
        Section::Lessons => Parsed::Lesson(typed(job, files)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_checks_agree_with_the_str_trims_they_replace() {
        let lines = [
            "",
            " ",
            "\t",
            "\u{0B}",
            "\u{0C} # x",
            "#",
            "  # comment",
            "  - id: x",
            "a",
            "\u{a0}",
            "\u{a0}#",
            "\u{a0}x",
            "\u{2003} - y",
            "\u{85}",
            "é",
            "  é",
            "\r",
            " \u{3000}#",
            "- ",
            "-",
            "   -  ",
        ];
        for line in lines {
            let t = line.trim();
            assert_eq!(
                is_content(line),
                !t.is_empty() && !t.starts_with('#'),
                "{line:?}"
            );
            assert_eq!(
                indent(line),
                line.len() - line.trim_start_matches(' ').len(),
                "{line:?}"
            );
        }
    }
}
