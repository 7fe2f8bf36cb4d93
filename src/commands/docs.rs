//! `backrelief completions SHELL` and `backrelief man`.

use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::output::print;
use clap::CommandFactory;

pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "backrelief", &mut buf);
    print(&String::from_utf8_lossy(&buf))
}

pub fn man() -> Result<()> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| Error::io("rendering the man page", e))?;
    print(&String::from_utf8_lossy(&buf))
}
