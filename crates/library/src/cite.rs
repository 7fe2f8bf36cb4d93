//! Citations: what a `source:` field (and `dose_source:`) holds.
//!
//! A citation is one or more parts separated by `;`. A part is either the
//! id of an entry of `sources` (`pocovi-2024`), optionally followed by a
//! note in brackets (`nice-ng59 (traction)`), or `precaution:` followed by
//! the reasoning, for a rule or dose no named source states (the inline
//! form of `basis: precaution`). Nothing else is a citation: the project's
//! own notes may explain a rule, never stand as its source.

use crate::model::{Library, Source};

/// One part of a citation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part<'a> {
    /// A source id, the note after it, if any, and the part as written.
    Source {
        id: &'a str,
        note: Option<&'a str>,
        part: &'a str,
    },
    /// `precaution: <reasoning>`: the reasoning.
    Precaution(&'a str),
}

/// The prefix that marks reasoning instead of a source.
pub const PRECAUTION: &str = "precaution:";

/// The parts of `text`, in order; empty parts are skipped.
pub fn parts(text: &str) -> Vec<Part<'_>> {
    // Reasoning may hold `;` of its own: it runs to the end, so it comes last.
    let (cited, reasoning) = match text.find(PRECAUTION) {
        Some(i) if text[..i].trim_end().is_empty() || text[..i].trim_end().ends_with(';') => {
            (&text[..i], Some(text[i + PRECAUTION.len()..].trim()))
        }
        _ => (text, None),
    };
    let mut out: Vec<Part> = cited
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.find(char::is_whitespace) {
            Some(i) => {
                let note = p[i..].trim();
                let note = note
                    .strip_prefix('(')
                    .and_then(|n| n.strip_suffix(')'))
                    .unwrap_or(note);
                Part::Source {
                    id: &p[..i],
                    note: Some(note),
                    part: p,
                }
            }
            None => Part::Source {
                id: p,
                note: None,
                part: p,
            },
        })
        .collect();
    out.extend(reasoning.map(Part::Precaution));
    out
}

/// Whether `text` rests on reasoning (has a `precaution:` part).
pub fn is_precaution(text: &str) -> bool {
    parts(text).iter().any(|p| matches!(p, Part::Precaution(_)))
}

impl Library {
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// A citation for a reader: each source as "Pocovi et al. 2024" (with
    /// its note), reasoning as "a precaution: ...". A part that names no
    /// listed source (a user's own file) is shown as written.
    pub fn cite(&self, text: &str) -> String {
        parts(text)
            .iter()
            .map(|p| match p {
                Part::Source { id, note, part } => match self.source(id) {
                    Some(s) => match note {
                        Some(n) => format!("{} ({n})", s.short()),
                        None => s.short(),
                    },
                    // A person's own file may cite in words: shown as written.
                    None => part.to_string(),
                },
                Part::Precaution(r) => format!("a precaution: {r}"),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The listed sources `text` names, in order, each once.
    pub fn cited<'a>(&'a self, text: &str) -> Vec<&'a Source> {
        let mut out: Vec<&Source> = Vec::new();
        for p in parts(text) {
            if let Part::Source { id, .. } = p {
                if let Some(s) = self.source(id) {
                    if !out.iter().any(|o| o.id == s.id) {
                        out.push(s);
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_sources_with_notes_or_reasoning() {
        assert_eq!(
            parts("nice-ng59 (traction); wegner-2013; precaution: a wound; and the tissue"),
            vec![
                Part::Source {
                    id: "nice-ng59",
                    note: Some("traction"),
                    part: "nice-ng59 (traction)"
                },
                Part::Source {
                    id: "wegner-2013",
                    note: None,
                    part: "wegner-2013"
                },
                Part::Precaution("a wound; and the tissue"),
            ]
        );
        assert!(is_precaution("precaution: reasoning"));
        assert!(!is_precaution("nice-ng59"));
        assert!(parts(" ; ").is_empty());
    }
}
