//! Where command output goes: standard output through [`print`], warnings
//! and errors through [`warn`].
//!
//! Every renderer passes text that came from a file, the command line or
//! the environment through `layout::sanitise` (or `sanitise_lines`) as it
//! enters the renderer; `layout`'s wrap, truncate, pad and the `Style`
//! painters do it themselves. [`print`] then filters the finished text once
//! more, letting through only our own colour codes. (The sanitisers are
//! re-exported here for the callers that already name them so.)
//!
//! Standard output with a closed pipe (`| head`) is taken as the reader
//! being done rather than as an error. Warnings and errors go through
//! [`warn`], which never fails (a full or closed stderr is ignored).

use crate::error::{Error, Result};
use std::io::Write;

pub use crate::layout::{
    final_filter, is_bidi_control, is_unsafe, json_safe, sanitise, sanitise_lines,
};

/// Writes command output to stdout, through anstream: when colour is off
/// (see `term::colour::choose_stdout_colour`) our colour codes are stripped too.
pub fn print(text: &str) -> Result<()> {
    let text = final_filter(text);
    let mut out = anstream::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("writing output", e)),
        _ => Ok(()),
    }
}

/// Writes bytes of our own making to standard output as they are, for a
/// format whose control characters matter (iCalendar's CRLF line ends).
/// Never for text from outside: that goes through [`print`].
pub fn print_bytes(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("writing output", e)),
        _ => Ok(()),
    }
}

/// Writes one line (a warning, an error) to stderr, sanitised (newlines
/// kept; no escape at all gets through: only clap's errors are ever
/// coloured on stderr, through [`warn_styled`]). Write
/// errors are ignored: there is nowhere left to report them, and a full or
/// closed stderr must never end the program.
pub fn warn(line: &str) {
    let text = sanitise_lines(line);
    let mut err = std::io::stderr().lock();
    let _ = err
        .write_all(text.as_bytes())
        .and_then(|_| err.write_all(b"\n"))
        .and_then(|_| err.flush());
}

/// Like [`warn`], for clap's errors rendered in colour: our final filter
/// lets only SGR colour codes through.
pub fn warn_styled(line: &str) {
    let text = final_filter(line);
    let mut err = std::io::stderr().lock();
    let _ = err
        .write_all(text.as_bytes())
        .and_then(|_| err.write_all(b"\n"))
        .and_then(|_| err.flush());
}
