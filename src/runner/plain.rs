//! Plain mode: the session as timed lines of text, for screen readers,
//! logs and pipes. Same timings as the full-screen runner.

use super::machine::{label, Control, Item, Mode, Runner, View, Wake};
use crate::layout::sanitise;
use crate::library::Library;
use crate::planner::Plan;
use crate::term::input::{LineInput, LineWait};
use crate::timing::SegmentKind;
use std::io::{self, Write};
use std::time::Duration;

/// A writer that turns into a sink at its first error, so output that
/// nobody reads any more (`| head`, a full disk, a closed terminal) never
/// stops the session; the run goes on, timed as before.
pub struct Lossy<W> {
    inner: Option<W>,
    error: Option<io::Error>,
}

impl<W: Write> Lossy<W> {
    pub fn new(inner: W) -> Lossy<W> {
        Lossy {
            inner: Some(inner),
            error: None,
        }
    }

    /// The error that turned it into a sink, if one did.
    pub fn error(&self) -> Option<&io::Error> {
        self.error.as_ref()
    }

    fn fail(&mut self, e: io::Error) {
        self.inner = None;
        self.error.get_or_insert(e);
    }
}

impl<W: Write> Write for Lossy<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(w) = &mut self.inner {
            match w.write(buf) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => return Err(e),
                Err(e) => self.fail(e),
                Ok(n) => return Ok(n),
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some(w) = &mut self.inner {
            match w.flush() {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => return Err(e),
                Err(e) => self.fail(e),
                Ok(()) => {}
            }
        }
        Ok(())
    }
}

fn step_header(out: &mut impl Write, plan: &Plan, lib: &Library, step: usize) -> io::Result<()> {
    let s = &plan.steps[step];
    writeln!(
        out,
        "\nStep {} of {} · {} · {}",
        step + 1,
        plan.steps.len(),
        s.phase.label(),
        sanitise(&s.name)
    )?;
    if let Some(e) = lib.exercise(&s.exercise) {
        for (i, line) in e.instructions.iter().enumerate() {
            out.write_all(
                crate::layout::wrap(line, 78, &format!("  {}. ", i + 1), "     ").as_bytes(),
            )?;
        }
        out.write_all(crate::layout::wrap(&e.feel, 78, "  Feel: ", "    ").as_bytes())?;
    }
    Ok(())
}

/// Plain mode as a view of the one loop (`drive`): a line when a segment
/// starts, " done" when it ends. With `commands` (standard input is a
/// terminal: a screen reader, TERM=dumb) it also reads commands ended by
/// Enter; with standard input piped nothing is read and nothing waits.
pub struct Lines<'a, W: Write> {
    plan: &'a Plan,
    lib: &'a Library,
    items: Vec<Item>,
    out: &'a mut Lossy<W>,
    shown: Option<usize>,
    commands: Option<Commands>,
    /// What the last look saw, to announce changes made by commands.
    mode: Mode,
    length: Duration,
    help: bool,
}

impl<W: Write> View for Lines<'_, W> {
    fn show(
        &mut self,
        r: &Runner,
        _now: Duration,
        _effects: &[super::machine::Effect],
    ) -> io::Result<()> {
        let interrupted = r.mode() == Mode::Quit;
        let pos = if r.is_over() {
            self.items.len()
        } else {
            r.position()
        };
        // A skip or back typed since the last look: said (a skip with the
        // way back), never "done".
        let typed = self.commands.as_mut().and_then(|c| c.last.take());
        let skipped = matches!(typed, Some(Control::Skip | Control::SetAside));
        let out = &mut *self.out;
        if self.shown != Some(pos) {
            // Close the open line, then any segment passed since the last look.
            if self.shown.is_some() {
                let end = match (interrupted, typed) {
                    (true, _) => " stopped",
                    (false, Some(Control::Skip)) => " skipped (p, then Enter, goes back)",
                    (false, Some(Control::SetAside)) => {
                        " set aside: left out of every plan from now on (p, then Enter, takes it back)"
                    }
                    (false, Some(Control::Back)) => " going back",
                    (false, _) => " done",
                };
                writeln!(out, "{end}")?;
            }
            let back = self.shown.is_some_and(|s| pos < s);
            if !interrupted && !back && !skipped {
                for idx in self.shown.map_or(0, |s| s + 1)..pos {
                    write_segment_start(out, self.plan, self.lib, &self.items, idx)?;
                    writeln!(out, " done")?;
                }
            }
            if pos < self.items.len() {
                if let Some(card) = super::machine::lesson_during(self.plan, &self.items[pos]) {
                    write!(
                        out,
                        "\n  While you rest: {}",
                        crate::lessons::plan_card(card, 76)
                    )?;
                }
                write_segment_start(out, self.plan, self.lib, &self.items, pos)?;
            }
            self.shown = Some(pos);
            self.length = r.segment_length();
        } else if self.commands.is_some() {
            announce(out, r, self.mode, self.length, self.help)?;
            self.length = r.segment_length();
        }
        self.mode = r.mode();
        self.help = r.show_help;
        out.flush()?;
        if self.out.error().is_some() && crate::term::output_hung_up() {
            return Err(io::Error::other("the terminal hung up"));
        }
        Ok(())
    }

    fn wait(&mut self, r: &Runner, timeout: Duration) -> io::Result<Wake> {
        match &mut self.commands {
            Some(c) => c.wait(r, timeout),
            None => {
                crate::term::input::sleep(timeout);
                Ok(Wake::Nothing)
            }
        }
    }

    fn hung_up(&mut self) -> bool {
        crate::term::output_hung_up()
    }
}

impl<'a, W: Write> Lines<'a, W> {
    /// A view for `runner`; with `commands`, reads commands from the
    /// terminal (and says how, once).
    pub fn new(
        plan: &'a Plan,
        lib: &'a Library,
        runner: &Runner,
        out: &'a mut Lossy<W>,
        commands: bool,
    ) -> io::Result<Lines<'a, W>> {
        let commands = commands.then(Commands::open).flatten();
        if commands.is_some() {
            out.write_all(crate::layout::wrap(INTRO, 78, "", "").as_bytes())?;
        }
        Ok(Lines {
            plan,
            lib,
            items: runner.items().to_vec(),
            out,
            shown: None,
            commands,
            mode: runner.mode(),
            length: runner.segment_length(),
            help: false,
        })
    }
}

fn write_segment_start(
    out: &mut impl Write,
    plan: &Plan,
    lib: &Library,
    items: &[Item],
    idx: usize,
) -> io::Result<()> {
    let item = &items[idx];
    if item.segment.kind == SegmentKind::GetReady || idx == 0 || items[idx - 1].step != item.step {
        step_header(out, plan, lib, item.step)?;
    }
    write!(out, "  {} ...", sanitise(&label(plan, item)))
}

/// Said once before the first exercise.
pub const INTRO: &str = "Commands, each followed by Enter: Enter alone pauses or carries on; \
n skips; p goes back; x sets aside an exercise you cannot do; + or - changes this hold or rest by 10 s; q ends the session; ? lists these.";

/// The lines `?` shows.
const HELP: &str =
    "  Enter  pause, or carry on\n  n      skip a wait, or the rest of this exercise\n  \
p      restart this exercise (or go back one)\n  \
x      I can't do this one: leave it out of every plan from now on (p takes it back)\n  + / -  add or take away 10 seconds (in a rep: its hold)\n  \
q      end the session (asks first)\n  ?      this list (pauses; Enter carries on)";

/// The key a typed line stands for; `confirming` while "End the session
/// now?" waits for its answer.
pub fn key_for(line: &str, confirming: bool) -> Option<Control> {
    let word = line.trim().to_lowercase();
    if confirming {
        return match word.as_str() {
            "y" | "yes" | "q" | "quit" => Some(Control::Yes),
            "" | "n" | "no" => Some(Control::No),
            _ => None,
        };
    }
    Some(match word.as_str() {
        "" | "pause" | "resume" | "go" | "space" => Control::PauseResume,
        "n" | "next" | "skip" => Control::Skip,
        "p" | "back" | "previous" => Control::Back,
        "+" | "more" => Control::More,
        "-" | "less" => Control::Less,
        "q" | "quit" | "stop" | "end" => Control::Quit,
        "?" | "h" | "help" => Control::Help,
        "x" | "cant" | "can't" => Control::SetAside,
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
    /// The last skip or back typed, not yet shown.
    last: Option<Control>,
}

impl Commands {
    /// Only when standard input is a terminal.
    pub fn open() -> Option<Commands> {
        crate::term::discard_typed_ahead();
        LineInput::open().map(|input| Commands { input, last: None })
    }

    pub fn wait(&mut self, r: &Runner, timeout: Duration) -> io::Result<Wake> {
        let confirming = matches!(r.mode(), Mode::ConfirmQuit { .. });
        Ok(match self.input.next_line(timeout)? {
            LineWait::Line(line) => match key_for(&line, confirming) {
                Some(control) => {
                    self.last =
                        matches!(control, Control::Skip | Control::Back | Control::SetAside)
                            .then_some(control);
                    Wake::Control(control)
                }
                None => Wake::Nothing,
            },
            LineWait::End => Wake::Control(Control::Interrupt),
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
        assert_eq!(key_for("", false), Some(Control::PauseResume));
        assert_eq!(key_for(" N ", false), Some(Control::Skip));
        assert_eq!(key_for("p", false), Some(Control::Back));
        assert_eq!(key_for("q", false), Some(Control::Quit));
        assert_eq!(key_for("?", false), Some(Control::Help));
        assert_eq!(key_for("+", false), Some(Control::More));
        assert_eq!(key_for("X", false), Some(Control::SetAside));
        assert_eq!(key_for("y", true), Some(Control::Yes));
        assert_eq!(key_for("n", true), Some(Control::No));
        assert_eq!(key_for("banana", false), None);
    }
}
