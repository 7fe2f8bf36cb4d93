//! An id: what names an entry of the library, and the only thing a file
//! name is ever made from. One rule, checked wherever an id comes in (a
//! library file, the library cache, the command line, answers, an import):
//! 1 to `Id::MAX_LEN` lowercase ASCII letters, digits and single dashes,
//! starting and ending with a letter or digit, and never a name Windows
//! keeps for a device (`con`, `nul`, `com1`, ...). So an id can never be
//! a path (`../x`, `a/b`, `C:`), hide a character, or open a device.

use std::fmt;

/// A checked id. Built only by `Id::parse` (or `Id::slug`, which ends in
/// it), so holding one means the rule holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(String);

/// Why a text is not an id, in words that follow "'x' is not an id: ".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdError {
    Empty,
    TooLong(usize),
    Character(char),
    Dashes,
    Device,
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Empty => write!(f, "it is empty"),
            IdError::TooLong(n) => write!(f, "it has {n} characters; at most {}", Id::MAX_LEN),
            IdError::Character(c) => write!(
                f,
                "it has {c:?}; use lowercase letters, digits and single dashes"
            ),
            IdError::Dashes => write!(
                f,
                "dashes go singly between letters or digits, never first or last"
            ),
            IdError::Device => write!(f, "Windows keeps that name for a device"),
        }
    }
}

/// Names Windows keeps for devices, with or without an extension.
const DEVICES: &[&str] = &["con", "prn", "aux", "nul"];

impl Id {
    /// The longest id, in bytes (all ASCII).
    pub const MAX_LEN: usize = 80;

    /// `text` as an id, if it is one.
    pub fn parse(text: &str) -> Result<Id, IdError> {
        Id::check(text)?;
        Ok(Id(text.to_string()))
    }

    /// Whether `text` is an id, and if not, why.
    pub fn check(text: &str) -> Result<(), IdError> {
        if text.is_empty() {
            return Err(IdError::Empty);
        }
        if let Some(c) = text
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
        {
            return Err(IdError::Character(c));
        }
        if text.len() > Id::MAX_LEN {
            return Err(IdError::TooLong(text.len()));
        }
        if text.starts_with('-') || text.ends_with('-') || text.contains("--") {
            return Err(IdError::Dashes);
        }
        let device = DEVICES.contains(&text)
            || matches!(text.as_bytes(), [b'c', b'o', b'm', d] | [b'l', b'p', b't', d] if d.is_ascii_digit());
        if device {
            return Err(IdError::Device);
        }
        Ok(())
    }

    /// The id a name a person typed makes: "My Mornings!" -> "my-mornings".
    /// Letters outside ASCII are dropped ("Café" -> "caf"); the result is
    /// checked like any id.
    pub fn slug(name: &str) -> Result<Id, IdError> {
        let mut out = String::new();
        for c in name.trim().chars().flat_map(char::to_lowercase) {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        Id::parse(out.trim_end_matches('-'))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file name for this id with `extension`: "hips.yaml". The only
    /// way a file name is made from an id.
    pub fn file_name(&self, extension: &str) -> String {
        format!("{}.{extension}", self.0)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_bounded_lowercase_slugs_and_never_paths_or_devices() {
        for ok in [
            "cat-cow", "a", "x1", "com10", "console", "lpt", "con-1", "nul2x",
        ] {
            assert_eq!(Id::parse(ok).map(|i| i.to_string()), Ok(ok.to_string()));
        }
        let long = "a".repeat(Id::MAX_LEN);
        assert!(Id::parse(&long).is_ok());
        for (bad, why) in [
            ("", IdError::Empty),
            ("../../..", IdError::Character('.')),
            ("a/b", IdError::Character('/')),
            ("a\\b", IdError::Character('\\')),
            ("C:", IdError::Character('C')),
            ("Cat", IdError::Character('C')),
            ("café", IdError::Character('é')),
            ("a b", IdError::Character(' ')),
            ("a\u{202e}", IdError::Character('\u{202e}')),
            ("-a", IdError::Dashes),
            ("a-", IdError::Dashes),
            ("a--b", IdError::Dashes),
            ("con", IdError::Device),
            ("nul", IdError::Device),
            ("aux", IdError::Device),
            ("prn", IdError::Device),
            ("com1", IdError::Device),
            ("lpt9", IdError::Device),
            ("com0", IdError::Device),
        ] {
            assert_eq!(Id::parse(bad), Err(why), "{bad:?}");
        }
        assert_eq!(
            Id::parse(&format!("{long}a")),
            Err(IdError::TooLong(Id::MAX_LEN + 1))
        );
    }

    #[test]
    fn a_name_becomes_an_id_only_through_the_same_check() {
        assert_eq!(Id::slug("My Mornings!").unwrap().as_str(), "my-mornings");
        assert_eq!(
            Id::slug("  Café  au lait ").unwrap().as_str(),
            "caf-au-lait"
        );
        assert_eq!(Id::slug("../../..").unwrap_err(), IdError::Empty);
        assert_eq!(Id::slug("CON").unwrap_err(), IdError::Device);
        assert_eq!(Id::slug("hips").unwrap().file_name("yaml"), "hips.yaml");
    }
}
