//! Problems found in library files, each shown as `path:line:column: message`,
//! and the clean-up of serde_yaml's messages that goes into them.

use std::fmt;

/// One problem in a library file, reported as `path:line:column: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    /// One-based line.
    pub line: usize,
    /// One-based column.
    pub column: usize,
    pub message: String,
}

impl Problem {
    /// A problem with a whole file rather than a place in it.
    pub(crate) fn file(path: &str, message: String) -> Problem {
        Problem {
            path: path.to_string(),
            line: 1,
            column: 1,
            message,
        }
    }
}

/// Shown with every control or bidi character in the path and message
/// escaped (`\u{1b}`): messages quote text from the file.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            crate::text::escape(&self.path),
            self.line,
            self.column,
            crate::text::escape(&self.message)
        )
    }
}

/// Every problem found while loading, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// serde_yaml appends " at line L column C"; the position is shown up front.
pub(crate) fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// serde_yaml starts some messages with the path it was at ("dose: unknown
/// field"); the field is already named, so that prefix is dropped.
pub(crate) fn strip_path_prefix(message: &str, field: &str) -> String {
    if let Some((head, rest)) = message.split_once(": ") {
        if !head.contains(' ') && !head.is_empty() && field.starts_with(head) {
            return rest.to_string();
        }
    }
    message.to_string()
}

/// The name between `prefix` and the next backtick, as in "unknown field `x`".
pub(crate) fn backticked(message: &str, prefix: &str) -> Option<String> {
    let rest = &message[message.find(prefix)? + prefix.len()..];
    Some(rest[..rest.find('`')?].to_string())
}
