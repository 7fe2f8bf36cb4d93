//! Plain mode: the session as timed lines of text, for screen readers,
//! logs and pipes. Same timings as the full-screen runner.

use super::drive::{drive, Seams, View, Wake};
use super::{default_timeline, label, RunResult, Runner};
use crate::layout::sanitise;
use crate::library::Library;
use crate::planner::Plan;
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
struct Lines<'a, W: Write> {
    plan: &'a Plan,
    lib: &'a Library,
    items: Vec<super::Item>,
    out: &'a mut Lossy<W>,
    shown: Option<usize>,
    commands: Option<super::commands::Commands>,
    /// What the last look saw, to announce changes made by commands.
    mode: super::Mode,
    length: Duration,
    help: bool,
}

impl<W: Write> View for Lines<'_, W> {
    fn show(&mut self, r: &Runner, _now: Duration, _effects: &[super::Effect]) -> io::Result<()> {
        let interrupted = r.mode() == super::Mode::Quit;
        let pos = if r.is_over() {
            self.items.len()
        } else {
            r.position()
        };
        let out = &mut *self.out;
        if self.shown != Some(pos) {
            // Close the open line, then any segment passed since the last look.
            if self.shown.is_some() {
                writeln!(out, "{}", if interrupted { " stopped" } else { " done" })?;
            }
            let back = self.shown.is_some_and(|s| pos < s);
            if !interrupted && !back {
                for idx in self.shown.map_or(0, |s| s + 1)..pos {
                    write_segment_start(out, self.plan, self.lib, &self.items, idx)?;
                    writeln!(out, " done")?;
                }
            }
            if pos < self.items.len() {
                write_segment_start(out, self.plan, self.lib, &self.items, pos)?;
            }
            self.shown = Some(pos);
            self.length = r.segment_length();
        } else if self.commands.is_some() {
            super::commands::announce(out, r, self.mode, self.length, self.help)?;
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

pub fn run(
    plan: &Plan,
    lib: &Library,
    seams: &Seams,
    out: &mut Lossy<impl Write>,
    commands: bool,
) -> io::Result<RunResult> {
    let items = default_timeline(plan, lib);
    let begin = seams.clock.now();
    let mut runner = Runner::new(items.clone(), plan.steps.len(), begin);
    let commands = commands.then(super::commands::Commands::open).flatten();
    if commands.is_some() {
        writeln!(out, "{}", super::commands::INTRO)?;
    }
    let mut view = Lines {
        plan,
        lib,
        items,
        out,
        shown: None,
        commands,
        mode: runner.mode(),
        length: runner.segment_length(),
        help: false,
    };
    let driven = drive(plan, &mut runner, seams, &mut view)?;
    Ok(RunResult {
        outcomes: runner.outcomes(),
        interrupted: runner.mode() == super::Mode::Quit,
        elapsed: driven.elapsed,
        signalled: runner.hard_stopped(),
        signal: None,
        hung_up: driven.hung_up,
    })
}

fn write_segment_start(
    out: &mut impl Write,
    plan: &Plan,
    lib: &Library,
    items: &[super::Item],
    idx: usize,
) -> io::Result<()> {
    let item = &items[idx];
    if item.segment.kind == SegmentKind::GetReady || idx == 0 || items[idx - 1].step != item.step {
        step_header(out, plan, lib, item.step)?;
    }
    write!(out, "  {} ...", sanitise(&label(plan, item)))
}
