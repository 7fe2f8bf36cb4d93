//! Where command output goes: standard output through [`Output::print`],
//! warnings and errors through [`Output::warn`]. A command is handed its
//! [`Output`] in its context: the process's own streams, or buffers when a
//! test runs the command in-process. ([`print`] and [`warn`] write to the
//! process's streams, for what runs before or outside a command.)
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
use std::cell::RefCell;
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

/// One command's standard output and standard error: the process's own, or
/// buffers ([`Output::captured`]) a test reads back. Output goes through
/// the same filters either way; colour codes are kept only when `colour`.
pub struct Output {
    out: RefCell<Sink>,
    err: RefCell<Sink>,
    colour: bool,
}

enum Sink {
    /// The process's stream.
    Process,
    /// Bytes kept for a test.
    Buffer(Vec<u8>),
}

/// What a command run in-process wrote: standard output and standard
/// error, as the process would have written them.
#[derive(Debug, Default)]
pub struct Captured {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Output {
    /// The process's standard streams; colour as decided for stdout
    /// (`term::colour::choose_stdout_colour`, which anstream follows).
    pub fn process(colour: bool) -> Output {
        Output {
            out: RefCell::new(Sink::Process),
            err: RefCell::new(Sink::Process),
            colour,
        }
    }

    /// Buffers in place of both streams, with colour codes stripped from
    /// standard output unless `colour`.
    pub fn captured(colour: bool) -> Output {
        Output {
            out: RefCell::new(Sink::Buffer(Vec::new())),
            err: RefCell::new(Sink::Buffer(Vec::new())),
            colour,
        }
    }

    /// The same streams, colour codes kept only when `colour`.
    pub fn with_colour(self, colour: bool) -> Output {
        Output { colour, ..self }
    }

    /// Whether our colour codes reach standard output.
    pub fn colour(&self) -> bool {
        self.colour
    }

    /// What was written, when captured (empty for the process's streams).
    pub fn into_captured(self) -> Captured {
        let bytes = |sink: Sink| match sink {
            Sink::Process => Vec::new(),
            Sink::Buffer(b) => b,
        };
        Captured {
            stdout: bytes(self.out.into_inner()),
            stderr: bytes(self.err.into_inner()),
        }
    }

    /// As [`print`]: command output to standard output, filtered.
    pub fn print(&self, text: &str) -> Result<()> {
        match &mut *self.out.borrow_mut() {
            Sink::Process => print(text),
            Sink::Buffer(b) => {
                let text = final_filter(text);
                if self.colour {
                    b.extend_from_slice(text.as_bytes());
                } else {
                    b.extend_from_slice(anstream::adapter::strip_str(&text).to_string().as_bytes());
                }
                Ok(())
            }
        }
    }

    /// As [`print_bytes`]: bytes of our own making, as they are.
    pub fn print_bytes(&self, bytes: &[u8]) -> Result<()> {
        match &mut *self.out.borrow_mut() {
            Sink::Process => print_bytes(bytes),
            Sink::Buffer(b) => {
                b.extend_from_slice(bytes);
                Ok(())
            }
        }
    }

    /// As [`warn`]: one line to standard error, sanitised; never fails.
    pub fn warn(&self, line: &str) {
        match &mut *self.err.borrow_mut() {
            Sink::Process => warn(line),
            Sink::Buffer(b) => {
                b.extend_from_slice(sanitise_lines(line).as_bytes());
                b.push(b'\n');
            }
        }
    }

    /// As [`warn_styled`]: clap's errors in colour.
    pub fn warn_styled(&self, line: &str) {
        match &mut *self.err.borrow_mut() {
            Sink::Process => warn_styled(line),
            Sink::Buffer(b) => {
                b.extend_from_slice(final_filter(line).as_bytes());
                b.push(b'\n');
            }
        }
    }
}
