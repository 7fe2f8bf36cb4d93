//! Where command output goes: standard output, with a closed pipe
//! (`| head`) taken as the reader being done rather than as an error.

use crate::error::{Error, Result};
use std::io::Write;

/// Writes command output to stdout.
pub fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("writing output", e)),
        _ => Ok(()),
    }
}
