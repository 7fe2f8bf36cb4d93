//! A value that names nothing of its kind, carrying the closest name when
//! one is near enough to be a typo: the one place "did you mean" is worded,
//! for the command line, a person's files and the library's own checks.

use crate::text::escape;
use std::fmt;

/// "no muscle 'hamstring' — did you mean 'hamstrings'?",
/// "unknown condition 'osteoporsis' in `conditions` — did you mean
/// 'osteoporosis'?", "unknown section `exercize` — did you mean
/// `exercises`?"; with nothing close, the hint instead ("no muscle 'x';
/// see `backrelief muscles` for the list").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    /// "no" for a name given on the command line, "unknown" for one read
    /// from a file or a field.
    lead: &'static str,
    /// What kind of thing was named: "muscle", "red flag".
    what: String,
    value: String,
    /// Where it was given: a field of a file (shown as " in `field`").
    field: Option<String>,
    suggestion: Option<String>,
    /// What to do instead, when nothing is close enough to suggest.
    hint: Option<String>,
    /// A key of a file (quoted `so`) rather than a value (quoted 'so').
    key: bool,
}

impl Unknown {
    /// `value` names no `what` (read from a file or a field); `suggestion`
    /// is the closest name, if any.
    pub fn new(what: impl Into<String>, value: &str, suggestion: Option<&str>) -> Unknown {
        Unknown {
            lead: "unknown",
            what: what.into(),
            value: value.to_string(),
            field: None,
            suggestion: suggestion.map(str::to_string),
            hint: None,
            key: false,
        }
    }

    /// The same, for a name given on the command line: "no muscle 'x'".
    pub fn given(what: impl Into<String>, value: &str, suggestion: Option<&str>) -> Unknown {
        Unknown {
            lead: "no",
            ..Unknown::new(what, value, suggestion)
        }
    }

    /// What to do when nothing is close enough to suggest.
    pub fn hint(mut self, hint: impl Into<String>) -> Unknown {
        self.hint = Some(hint.into());
        self
    }

    /// The field of a file it was given in.
    pub fn in_field(mut self, field: impl Into<String>) -> Unknown {
        self.field = Some(field.into());
        self
    }

    /// A key of a file, quoted as one.
    pub fn key(mut self) -> Unknown {
        self.key = true;
        self
    }

    /// The closest name, if one was near enough to be a typo.
    pub fn suggestion(&self) -> Option<&str> {
        self.suggestion.as_deref()
    }

    /// " — did you mean 'x'?" when there is a suggestion: for a message
    /// that words the rest itself ("'x' is not a listed source").
    pub fn did_you_mean(&self) -> String {
        let q = self.quote();
        self.suggestion
            .as_deref()
            .map(|s| format!(" — did you mean {q}{}{q}?", escape(s)))
            .unwrap_or_default()
    }

    fn quote(&self) -> char {
        if self.key {
            '`'
        } else {
            '\''
        }
    }
}

impl fmt::Display for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.quote();
        let (lead, what, value) = (self.lead, &self.what, escape(&self.value));
        write!(f, "{lead} {what} {q}{value}{q}")?;
        if let Some(field) = &self.field {
            write!(f, " in `{field}`")?;
        }
        match (&self.suggestion, &self.hint) {
            (Some(_), _) => f.write_str(&self.did_you_mean()),
            (None, Some(hint)) => write!(f, "; {hint}"),
            (None, None) => Ok(()),
        }
    }
}

impl std::error::Error for Unknown {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_did_you_mean_or_the_hint_never_both() {
        let near = Unknown::given("muscle", "hamstring", Some("hamstrings")).hint("see the list");
        assert_eq!(
            near.to_string(),
            "no muscle 'hamstring' — did you mean 'hamstrings'?"
        );
        let far = Unknown::given("muscle", "x", None).hint("see the list");
        assert_eq!(far.to_string(), "no muscle 'x'; see the list");
        let field =
            Unknown::new("condition", "osteoporsis", Some("osteoporosis")).in_field("conditions");
        assert_eq!(
            field.to_string(),
            "unknown condition 'osteoporsis' in `conditions` — did you mean 'osteoporosis'?"
        );
        let key = Unknown::new("section", "exercize", Some("exercises")).key();
        assert_eq!(
            key.to_string(),
            "unknown section `exercize` — did you mean `exercises`?"
        );
        assert_eq!(
            Unknown::new("area", "knee", None).to_string(),
            "unknown area 'knee'"
        );
    }

    #[test]
    fn the_value_and_suggestion_are_escaped() {
        let u = Unknown::given("exercise", "a\u{1b}[2Jb", Some("ab\n"));
        assert!(!u.to_string().contains('\u{1b}'), "{u}");
        assert!(!u.to_string().contains('\n'), "{u}");
    }
}
