//! Plain mode's commands, typed and ended by Enter, for a screen reader or
//! a terminal that cannot draw (TERM=dumb): the same pause, skip, back,
//! quit, +/- and help as the full screen's keys, announced in words when
//! they change something.

use super::drive::Wake;
use super::{Key, Mode, Runner};
use crate::term::input::{LineInput, LineWait};
use std::io::{self, Write};
use std::time::Duration;

/// Said once before the first exercise.
pub const INTRO: &str = "Commands, each followed by Enter: Enter alone pauses or carries on; \
n skips; p goes back; + or - changes this hold or rest by 10 s; q ends the session; ? lists these.";

/// The lines `?` shows.
const HELP: &str =
    "  Enter  pause, or carry on\n  n      skip a wait, or the rest of this exercise\n  \
p      restart this exercise (or go back one)\n  + / -  add or take away 10 seconds\n  \
q      end the session (asks first)\n  ?      this list (pauses; Enter carries on)";

/// The key a typed line stands for; `confirming` while "End the session
/// now?" waits for its answer.
pub fn key_for(line: &str, confirming: bool) -> Option<Key> {
    let word = line.trim().to_lowercase();
    if confirming {
        return match word.as_str() {
            "y" | "yes" | "q" | "quit" => Some(Key::Yes),
            "" | "n" | "no" => Some(Key::No),
            _ => None,
        };
    }
    Some(match word.as_str() {
        "" | "pause" | "resume" | "go" | "space" => Key::PauseResume,
        "n" | "next" | "skip" => Key::Skip,
        "p" | "back" | "previous" => Key::Back,
        "+" | "more" => Key::More,
        "-" | "less" => Key::Less,
        "q" | "quit" | "stop" | "end" => Key::Quit,
        "?" | "h" | "help" => Key::Help,
        _ => return None,
    })
}

/// Says what a command changed, in words: paused, carrying on, the
/// question before quitting, the help, a hold made longer or shorter.
pub fn announce(
    out: &mut impl Write,
    r: &Runner,
    was: Mode,
    length: Duration,
    help: bool,
) -> io::Result<()> {
    let mode = r.mode();
    if mode != was {
        match mode {
            Mode::Paused if r.show_help => {}
            Mode::Paused => writeln!(out, "\n  Paused. Press Enter to carry on.")?,
            Mode::Running => writeln!(out, "\n  Carrying on.")?,
            Mode::ConfirmQuit { .. } => {
                writeln!(out, "\n  End the session now? Type y or n, then Enter.")?
            }
            Mode::Finished | Mode::Quit => {}
        }
    }
    if r.show_help && !help {
        writeln!(out, "\n{HELP}")?;
    }
    let now = r.segment_length();
    if now != length && mode == Mode::Running {
        writeln!(
            out,
            "\n  Now {} in all for this part.",
            crate::layout::duration(now.as_secs() as u32)
        )?;
    }
    Ok(())
}

/// Commands read from the terminal a line at a time.
pub struct Commands {
    input: LineInput,
}

impl Commands {
    /// Only when standard input is a terminal.
    pub fn open() -> Option<Commands> {
        crate::term::discard_typed_ahead();
        LineInput::open().map(|input| Commands { input })
    }

    pub fn wait(&mut self, r: &Runner, timeout: Duration) -> io::Result<Wake> {
        let confirming = matches!(r.mode(), Mode::ConfirmQuit { .. });
        Ok(match self.input.next_line(timeout)? {
            LineWait::Line(line) => key_for(&line, confirming).map_or(Wake::Nothing, Wake::Key),
            LineWait::End => Wake::Key(Key::Interrupt),
            LineWait::HungUp => Wake::HungUp,
            LineWait::Nothing => Wake::Nothing,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_commands_are_the_full_screens_keys() {
        assert_eq!(key_for("", false), Some(Key::PauseResume));
        assert_eq!(key_for(" N ", false), Some(Key::Skip));
        assert_eq!(key_for("p", false), Some(Key::Back));
        assert_eq!(key_for("q", false), Some(Key::Quit));
        assert_eq!(key_for("?", false), Some(Key::Help));
        assert_eq!(key_for("+", false), Some(Key::More));
        assert_eq!(key_for("y", true), Some(Key::Yes));
        assert_eq!(key_for("n", true), Some(Key::No));
        assert_eq!(key_for("banana", false), None);
    }
}
