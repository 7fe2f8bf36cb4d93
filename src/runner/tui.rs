//! The full-screen runner: crossterm, alternate screen, big digits.
//! The terminal is always restored: on return, on error, on a signal and
//! on a panic (a hook restores it before the panic message prints).

use super::digits::{big, clock_face, width};
use super::terminal::{Input, Next, StopSignals};
use super::{default_timeline, label, Effect, Item, Key, Mode, RunResult, Runner};
use crate::clock::SessionClock;
use crate::error::{Error, Result};
use crate::library::Library;
use crate::planner::Plan;
use crate::style::{truncate, wrap};
use crate::timing::SegmentKind;
use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::{cursor, execute, queue, style, terminal};
use std::io::{self, Write};
use std::sync::Once;
use std::time::Duration;

/// Wake at least this often (real time) to notice signals and resizes.
const MAX_WAIT: Duration = Duration::from_millis(250);
/// Below this size the big digits do not fit; a compact layout is used.
const BIG_MIN_WIDTH: u16 = 44;
const BIG_MIN_HEIGHT: u16 = 20;
/// Below this height only the essentials are shown.
const COMPACT_BELOW: u16 = 12;

/// Puts the terminal back as it was. Safe to call more than once. The
/// cursor is shown after leaving the alternate screen, on the screen that
/// stays (some terminals keep its visibility per screen).
pub fn restore_terminal() {
    let mut out = io::stdout();
    let _ = execute!(out, terminal::LeaveAlternateScreen, cursor::Show);
    let _ = terminal::disable_raw_mode();
}

/// Raw mode and the alternate screen for as long as it lives.
pub struct TerminalGuard;

impl TerminalGuard {
    pub fn enter() -> io::Result<TerminalGuard> {
        static HOOK: Once = Once::new();
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore_terminal();
                previous(info);
            }));
        });
        terminal::enable_raw_mode()?;
        let guard = TerminalGuard;
        execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide)?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Maps a key press to a runner key; `n` means "no" while confirming.
pub fn map_key(code: KeyCode, modifiers: KeyModifiers, confirming: bool) -> Option<Key> {
    if modifiers.contains(KeyModifiers::CONTROL)
        && matches!(code, KeyCode::Char('c') | KeyCode::Char('d'))
    {
        return Some(Key::Interrupt);
    }
    Some(match code {
        KeyCode::Char(' ') => Key::PauseResume,
        KeyCode::Char('y') | KeyCode::Char('Y') if confirming => Key::Yes,
        KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc if confirming => Key::No,
        KeyCode::Right | KeyCode::Char('n') => Key::Skip,
        KeyCode::Left | KeyCode::Char('p') => Key::Back,
        KeyCode::Char('+') | KeyCode::Char('=') => Key::More,
        KeyCode::Char('-') | KeyCode::Char('_') => Key::Less,
        KeyCode::Char('q') | KeyCode::Esc => Key::Quit,
        KeyCode::Char('?') | KeyCode::Char('h') => Key::Help,
        _ => return None,
    })
}

fn bar(fraction: f64, width: usize) -> String {
    let filled = ((fraction.clamp(0.0, 1.0)) * width as f64).round() as usize;
    format!("[{}{}]", "█".repeat(filled), "░".repeat(width - filled))
}

fn headline(plan: &Plan, item: &Item) -> String {
    let step = &plan.steps[item.step];
    match item.segment.kind {
        SegmentKind::GetReady => "Get ready".to_string(),
        SegmentKind::SwitchSides => "Switch sides".to_string(),
        SegmentKind::Rest => "Rest".to_string(),
        SegmentKind::Work {
            side,
            set,
            sets,
            rep,
        } => {
            let mut parts = Vec::new();
            if let Some(s) = side {
                parts.push(format!(
                    "{} side",
                    if s.as_str() == "left" {
                        "Left"
                    } else {
                        "Right"
                    }
                ));
            }
            if sets > 1 {
                parts.push(format!("set {set} of {sets}"));
            }
            match rep {
                Some((r, n)) => match step.dose.hold {
                    Some(h) => parts.push(format!("rep {r} of {n}, hold {h} s")),
                    None => parts.push(format!("rep {r} of {n}, slowly")),
                },
                None => parts.push("hold".to_string()),
            }
            let text = parts.join(" · ");
            let mut c = text.chars();
            c.next().map_or(text.clone(), |f| {
                f.to_uppercase().collect::<String>() + c.as_str()
            })
        }
    }
}

/// The lines of one frame, top to bottom, each at most `w` columns.
pub fn frame(plan: &Plan, lib: &Library, r: &Runner, now: Duration, w: u16, h: u16) -> Vec<String> {
    let w = w.max(20) as usize;
    let mut lines = Vec::new();
    let Some(item) = r.current().copied() else {
        lines.push("Session complete.".to_string());
        return lines;
    };
    let step = &plan.steps[item.step];
    let left = r.remaining(now).as_secs_f64().ceil() as u64;
    let face = clock_face(left);
    if h < COMPACT_BELOW {
        // Tiny terminal: the essentials first, keys only if there is room.
        lines.push(truncate(
            &format!("{face} · {} · {}", step.name, headline(plan, &item)),
            w,
        ));
        lines.push(truncate(
            &format!("step {} of {}", item.step + 1, plan.steps.len()),
            w,
        ));
        lines.push(truncate(
            &match r.mode() {
                Mode::Paused => "PAUSED — space to carry on".to_string(),
                Mode::ConfirmQuit { .. } => "Quit now? y/n".to_string(),
                _ => format!(
                    "next: {}",
                    r.upcoming()
                        .map_or("the end".to_string(), |n| label(plan, n))
                ),
            },
            w,
        ));
        lines.push(truncate("space pause · n skip · q quit", w));
        lines.truncate(h.max(1) as usize);
        return lines;
    }
    let big_ok = w as u16 >= BIG_MIN_WIDTH && h >= BIG_MIN_HEIGHT;
    lines.push(truncate(
        &format!(
            "backrelief · step {} of {} · {}",
            item.step + 1,
            plan.steps.len(),
            step.phase.label()
        ),
        w,
    ));
    lines.push(String::new());
    lines.push(truncate(&step.name.to_uppercase(), w));
    lines.push(truncate(&headline(plan, &item), w));
    if big_ok {
        lines.push(String::new());
        let pad = (w.saturating_sub(width(&face))) / 2;
        for row in big(&face) {
            lines.push(format!("{}{row}", " ".repeat(pad)));
        }
        lines.push(String::new());
    } else {
        lines.push(format!("  {face}"));
    }
    let seg_len = r.segment_length().as_secs_f64().max(0.001);
    let bar_w = w.saturating_sub(24).clamp(5, 50);
    lines.push(truncate(
        &format!(
            "this   {} {face}",
            bar(r.elapsed_in_segment(now).as_secs_f64() / seg_len, bar_w)
        ),
        w,
    ));
    let total = r.session_total().as_secs_f64().max(0.001);
    let remaining = r.session_remaining(now);
    lines.push(truncate(
        &format!(
            "all    {} {} left",
            bar(1.0 - remaining.as_secs_f64() / total, bar_w),
            clock_face(remaining.as_secs_f64().ceil() as u64)
        ),
        w,
    ));
    let next = r
        .upcoming()
        .map_or("the end — well done".to_string(), |n| label(plan, n));
    lines.push(truncate(&format!("next:  {next}"), w));
    match r.mode() {
        Mode::Paused => lines.push("PAUSED — press space to carry on".to_string()),
        Mode::ConfirmQuit { .. } => lines.push("End the session now? y = yes, n = no".to_string()),
        _ => lines.push(String::new()),
    }
    if r.show_help {
        for help in [
            "space  pause / resume",
            "n  →   skip a wait, or the rest of this exercise",
            "p  ←   restart this exercise (or go back one)",
            "+ / -  add or take away 10 seconds",
            "q Esc  end the session (asks first)",
            "?      hide this help",
        ] {
            lines.push(truncate(help, w));
        }
    } else if let Some(e) = lib.exercise(&step.exercise) {
        let room = (h as usize).saturating_sub(lines.len() + 1);
        let mut body = Vec::new();
        for (i, s) in e.instructions.iter().enumerate() {
            body.extend(
                wrap(s, w, &format!("{}. ", i + 1), "   ")
                    .lines()
                    .map(String::from),
            );
        }
        body.extend(
            wrap(&e.feel, w, "Feel: ", "      ")
                .lines()
                .map(String::from),
        );
        if body.len() + e.illustration.lines().count() < room {
            body.push(String::new());
            body.extend(e.illustration.lines().map(|l| truncate(l, w)));
        }
        lines.extend(body.into_iter().take(room));
    }
    lines.truncate((h as usize).saturating_sub(1));
    lines.push(truncate(
        "space pause · n skip · p back · +/- 10 s · q quit · ? help",
        w,
    ));
    lines
}

fn draw(out: &mut impl Write, lines: &[String]) -> io::Result<()> {
    for (row, line) in lines.iter().enumerate() {
        queue!(
            out,
            cursor::MoveTo(0, row as u16),
            style::Print(line),
            terminal::Clear(terminal::ClearType::UntilNewLine)
        )?;
    }
    queue!(out, terminal::Clear(terminal::ClearType::FromCursorDown))?;
    out.flush()
}

pub fn run(
    plan: &Plan,
    lib: &Library,
    clock: &dyn SessionClock,
    quiet: bool,
    stop: &StopSignals,
) -> Result<RunResult> {
    let guard = TerminalGuard::enter().map_err(|e| Error::io("preparing the terminal", e))?;
    let input = Input::open();
    let begin = clock.now();
    let mut runner = Runner::new(default_timeline(plan), plan.steps.len(), begin);
    let mut out = io::stdout();
    let mut hung_up = false;
    let result = (|| -> io::Result<()> {
        loop {
            let now = clock.now();
            if stop.raised() || hung_up {
                runner.key(Key::Interrupt, now);
            }
            let effects = runner.tick(now);
            if runner.is_over() {
                if !quiet && rings(&effects) {
                    // The last bell; restoring the terminal flushes it.
                    let _ = out.write_all(b"\x07");
                }
                return Ok(());
            }
            let wait = clock.real(runner.next_wake(now)).min(MAX_WAIT);
            // Any output error on a terminal that hung up is the hang-up.
            let shown = show(&mut out, plan, lib, &runner, now, quiet, &effects);
            match shown {
                Err(_) if input.hung_up() => {
                    hung_up = true;
                    continue;
                }
                other => other?,
            }
            match input.next_event(wait)? {
                Next::HungUp => hung_up = true,
                Next::Event(Event::Key(k)) if k.kind != KeyEventKind::Release => {
                    let confirming = matches!(runner.mode(), Mode::ConfirmQuit { .. });
                    if let Some(key) = map_key(k.code, k.modifiers, confirming) {
                        let effects = runner.key(key, clock.now());
                        if !quiet && effects.contains(&Effect::Transition) {
                            // A failed bell shows up in the next draw.
                            let _ = out.write_all(b"\x07");
                        }
                    }
                }
                // The next loop redraws at the new size.
                Next::Event(_) | Next::Timeout => {}
            }
        }
    })();
    drop(guard);
    result.map_err(|e| Error::io("running the session", e))?;
    Ok(RunResult {
        outcomes: runner.outcomes(),
        interrupted: runner.mode() == Mode::Quit,
        elapsed: clock.now().saturating_sub(begin),
        signalled: runner.hard_stopped(),
        signal: None,
        hung_up,
    })
}

/// True when `effects` ring the bell.
fn rings(effects: &[Effect]) -> bool {
    effects
        .iter()
        .any(|e| matches!(e, Effect::Transition | Effect::Countdown(_)))
}

/// The bell for `effects`, then the frame for `now`.
fn show(
    out: &mut impl Write,
    plan: &Plan,
    lib: &Library,
    runner: &Runner,
    now: Duration,
    quiet: bool,
    effects: &[Effect],
) -> io::Result<()> {
    if !quiet && rings(effects) {
        out.write_all(b"\x07")?;
    }
    // A pty with no size reports 0x0; assume a classic terminal then.
    let (w, h) = match terminal::size() {
        Ok((w, h)) if w > 0 && h > 0 => (w, h),
        _ => (80, 24),
    };
    draw(out, &frame(plan, lib, runner, now, w, h))?;
    // A test seam: proves the panic hook restores the terminal.
    if std::env::var_os("BACKRELIEF_TEST_PANIC").is_some() {
        panic!("panic requested by BACKRELIEF_TEST_PANIC");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny_plan() -> (Plan, Library) {
        let lib = crate::store::library::builtin_library();
        let a = crate::assess::Answers {
            pain: 3,
            minutes: 5,
            ..Default::default()
        };
        let plan = crate::planner::plan(&crate::planner::Request {
            lib: &lib,
            answers: &a,
            opt_in: &[],
            history: &[],
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            program: None,
        })
        .unwrap();
        (plan, lib)
    }

    #[test]
    fn frames_fit_any_terminal_size() {
        let (plan, lib) = tiny_plan();
        let r = Runner::new(default_timeline(&plan), plan.steps.len(), Duration::ZERO);
        for (w, h) in [(20u16, 5u16), (40, 10), (80, 24), (120, 40), (30, 1)] {
            let lines = frame(&plan, &lib, &r, Duration::from_secs(2), w, h);
            assert!(lines.len() <= h as usize, "{w}x{h}: {} lines", lines.len());
            assert!(
                lines
                    .iter()
                    .all(|l| l.chars().count() <= w.max(20) as usize),
                "{w}x{h}"
            );
            assert!(
                lines.iter().any(|l| l.contains("0:03") || l.contains('█')),
                "{w}x{h}: no countdown {lines:?}"
            );
        }
        let big = frame(&plan, &lib, &r, Duration::ZERO, 80, 24);
        assert!(
            big.iter().filter(|l| l.contains('█')).count() >= 5,
            "big digits at 80x24"
        );
    }

    #[test]
    fn keys_map_as_documented() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            map_key(KeyCode::Char(' '), none, false),
            Some(Key::PauseResume)
        );
        assert_eq!(map_key(KeyCode::Char('n'), none, false), Some(Key::Skip));
        assert_eq!(map_key(KeyCode::Char('n'), none, true), Some(Key::No));
        assert_eq!(map_key(KeyCode::Right, none, false), Some(Key::Skip));
        assert_eq!(map_key(KeyCode::Left, none, false), Some(Key::Back));
        assert_eq!(map_key(KeyCode::Esc, none, false), Some(Key::Quit));
        assert_eq!(
            map_key(KeyCode::Char('c'), KeyModifiers::CONTROL, false),
            Some(Key::Interrupt)
        );
        assert_eq!(map_key(KeyCode::Char('x'), none, false), None);
    }
}
