//! Plain mode: the session as timed lines of text, for screen readers,
//! logs and pipes. Same timings as the full-screen runner.

use super::{default_timeline, label, Key, RunResult, Runner, StopSignals};
use crate::clock::SessionClock;
use crate::layout::sanitise;
use crate::library::Library;
use crate::planner::Plan;
use crate::timing::SegmentKind;
use std::io::{self, Write};
use std::time::Duration;

/// The longest real sleep, so a signal is noticed quickly.
const MAX_SLEEP: Duration = Duration::from_millis(100);

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

pub fn run(
    plan: &Plan,
    lib: &Library,
    clock: &dyn SessionClock,
    out: &mut Lossy<impl Write>,
    stop: &StopSignals,
    voice: Option<&super::voice::Voice>,
) -> io::Result<RunResult> {
    let items = default_timeline(plan, lib);
    let begin = clock.now();
    let mut runner = Runner::new(items.clone(), plan.steps.len(), begin);
    super::speak(voice, plan, &runner, &[super::Effect::Transition]);
    let mut shown: Option<usize> = None;
    let mut hung_up = false;
    loop {
        let now = clock.now();
        // A write failed: if it was a terminal that hung up, nobody is
        // there any more and the run ends as if SIGHUP had come.
        if !hung_up && out.error().is_some() && crate::term::output_hung_up() {
            hung_up = true;
        }
        if stop.raised() || hung_up {
            runner.key(Key::Interrupt, now);
        }
        let effects = runner.tick(now);
        super::speak(voice, plan, &runner, &effects);
        let interrupted = runner.mode() == super::Mode::Quit;
        let pos = if runner.is_over() {
            items.len()
        } else {
            runner.position()
        };
        if shown != Some(pos) {
            // Close the open line, then any segment passed since the last look.
            if shown.is_some() {
                writeln!(out, "{}", if interrupted { " stopped" } else { " done" })?;
            }
            if !interrupted {
                for idx in shown.map_or(0, |s| s + 1)..pos {
                    write_segment_start(out, plan, lib, &items, idx)?;
                    writeln!(out, " done")?;
                }
            }
            if pos < items.len() {
                write_segment_start(out, plan, lib, &items, pos)?;
            }
            out.flush()?;
            shown = Some(pos);
        }
        if runner.is_over() {
            break;
        }
        let wait = clock.real(runner.next_wake(now)).min(MAX_SLEEP);
        std::thread::sleep(wait);
    }
    let interrupted = runner.mode() == super::Mode::Quit;
    Ok(RunResult {
        outcomes: runner.outcomes(),
        interrupted,
        elapsed: clock.now().saturating_sub(begin),
        signalled: runner.hard_stopped(),
        signal: None,
        hung_up,
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
