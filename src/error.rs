//! The program's error type and the one table of exit codes.

use crate::library::Problems;
use std::fmt;

/// Exit codes, used everywhere (documented in README).
pub mod exit {
    pub const OK: i32 = 0;
    /// The library, the profile or history is invalid, or a file cannot be
    /// read or written.
    pub const INVALID_DATA: i32 = 1;
    /// Bad command-line usage, a value that names nothing, or an answers
    /// file that cannot be used (it stands in for the command line).
    pub const USAGE: i32 = 2;
    /// A red-flag answer: the session stopped and advised care.
    pub const RED_FLAG: i32 = 3;
    /// Interrupted (Ctrl+C, end of input at a prompt, a quit session).
    pub const INTERRUPTED: i32 = 130;
    /// The terminal closed (or SIGHUP came): 128 + SIGHUP.
    pub const HANGUP: i32 = 129;
    /// Any other terminating signal ends with 128 + its number.
    pub const SIGNAL_BASE: i32 = 128;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in library files, each already `path:line:column: message`.
    #[error("{0}")]
    Library(Problems),
    /// A data file (answers, profile, history) that cannot be used.
    #[error("{path}: {message}")]
    Data { path: String, message: String },
    /// A usage problem: unknown id, bad flag value. The message suggests the fix.
    #[error("{0}")]
    Usage(String),
    /// A name that names nothing of its kind, with its "did you mean"
    /// (boxed: it is the largest variant, and errors travel far).
    #[error("{0}")]
    Unknown(Box<crate::library::Unknown>),
    /// The red-flag screen stopped the session; the advice was already shown.
    #[error("session stopped: please get the care described above")]
    RedFlag,
    /// The person stopped (end of input, Ctrl+C); nothing was written.
    #[error("{0}")]
    Interrupted(String),
    /// A signal or a closed terminal ended a run or a question; what a
    /// session had done is saved. Exits with 128 + the signal (a hang-up
    /// counts as SIGHUP, 1).
    #[error("{message}")]
    Stopped { signal: i32, message: String },
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Library(_) | Error::Data { .. } | Error::Io { .. } => exit::INVALID_DATA,
            Error::Usage(_) | Error::Unknown(_) => exit::USAGE,
            Error::RedFlag => exit::RED_FLAG,
            Error::Interrupted(_) => exit::INTERRUPTED,
            Error::Stopped { signal, .. } => exit::SIGNAL_BASE + signal,
        }
    }

    /// `signal` (or a hang-up, as SIGHUP) stopped things; `what` says what
    /// happened to the work, e.g. "nothing was saved".
    pub fn stopped(signal: i32, hung_up: bool, what: &str) -> Error {
        let cause = if hung_up {
            "the terminal closed".to_string()
        } else {
            format!("stopped by signal {signal}")
        };
        Error::Stopped {
            signal,
            message: format!("{cause}; {what}"),
        }
    }

    pub fn io(context: impl fmt::Display, source: std::io::Error) -> Error {
        Error::Io {
            context: context.to_string(),
            source,
        }
    }

    /// The same error, its context prefixed ("not saved: appending to ...").
    pub fn prefixed(self, prefix: &str) -> Error {
        match self {
            Error::Io { context, source } => Error::Io {
                context: format!("{prefix}: {context}"),
                source,
            },
            Error::Data { path, message } => Error::Data {
                path: format!("{prefix}: {path}"),
                message,
            },
            other => other,
        }
    }

    pub fn data(path: impl fmt::Display, message: impl fmt::Display) -> Error {
        Error::Data {
            path: path.to_string(),
            message: message.to_string(),
        }
    }
}

impl From<crate::library::Unknown> for Error {
    fn from(u: crate::library::Unknown) -> Error {
        Error::Unknown(Box::new(u))
    }
}

impl From<Problems> for Error {
    fn from(p: Problems) -> Error {
        Error::Library(p)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
