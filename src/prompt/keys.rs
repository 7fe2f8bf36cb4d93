//! Questions answered with keys on a terminal: ←/→ for yes or no, ↑/↓ and
//! space to tick choices, Enter to confirm; typing works too, exactly as in
//! line mode. Raw mode is on only while a question waits for keys, and a
//! guard turns it off again whatever happens.

use super::select::{fit, Key, Select};
use super::{interrupted, not_a_number, Ask};
use crate::error::{Error, Result};
use crate::layout::wrap;
use crate::library::Question;
use crate::term::screen::RawMode;
use crate::term::{detach_dead_outputs, Input, Next, StopSignals, SIGHUP};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, queue, terminal};
use std::io::{self, Write};
use std::time::Duration;

/// Raw mode, and the terminating signals caught, for as long as it lives.
/// A signal or a closed terminal ends the wait for a key (see
/// `term::input`): raw mode is turned off and the question fails with
/// `Error::Stopped`, instead of the process dying in raw mode or spinning.
struct Raw {
    input: Input,
    signals: StopSignals,
    _raw: RawMode,
}

impl Raw {
    fn on() -> Result<Raw> {
        let signals =
            StopSignals::install().map_err(|e| Error::io("installing signal handlers", e))?;
        let raw = RawMode::enter().map_err(|e| Error::io("preparing the terminal", e))?;
        Ok(Raw {
            input: Input::open(),
            signals,
            _raw: raw,
        })
    }
}

/// How often a wait for a key wakes to look at the signals, at most; a
/// signal also cuts the wait short at once.
const MAX_WAIT: Duration = Duration::from_millis(200);

pub struct KeyPrompter {
    out: io::Stderr,
    /// Lines drawn by the last `draw`, so it can be redrawn in place.
    drawn: usize,
}

impl Default for KeyPrompter {
    fn default() -> Self {
        KeyPrompter::new()
    }
}

fn is_enter(k: &KeyEvent) -> bool {
    // In raw mode a line feed arrives as Ctrl+J.
    k.code == KeyCode::Enter
        || (k.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(k.code, KeyCode::Char('j') | KeyCode::Char('m')))
}

/// The next key press; Ctrl+C or Ctrl+D stop everything, and so do a
/// terminating signal and a closed terminal.
fn next_key(raw: &Raw) -> Result<KeyEvent> {
    loop {
        if let Some(sig) = raw.signals.caught() {
            // SIGHUP often comes with a closed terminal: nothing may print there.
            let gone = raw.input.hung_up();
            detach_dead_outputs();
            return Err(Error::stopped(sig, gone, "nothing more was saved"));
        }
        match raw.input.next_event(MAX_WAIT) {
            Ok(Next::Event(Event::Key(k))) if k.kind != KeyEventKind::Release => {
                if k.modifiers.contains(KeyModifiers::CONTROL)
                    && matches!(k.code, KeyCode::Char('c') | KeyCode::Char('d'))
                {
                    return Err(stopped_at_key(k.code == KeyCode::Char('c')));
                }
                return Ok(k);
            }
            Ok(Next::HungUp) => {
                // The SIGHUP that often comes with it is the same event.
                let _ = raw.signals.caught();
                return Err(Error::stopped(SIGHUP, true, "nothing more was saved"));
            }
            Ok(_) => {}
            Err(_) => return Err(interrupted()),
        }
    }
}

/// Ctrl+C ("interrupted") or Ctrl+D (end of input) at a question. The
/// cursor is still on the question's line: the message goes below it.
fn stopped_at_key(ctrl_c: bool) -> Error {
    let _ = io::stderr().write_all(b"\r\n");
    if ctrl_c {
        Error::Interrupted("interrupted; nothing was saved".to_string())
    } else {
        interrupted()
    }
}

/// A typed character, if the key is one.
fn typed(k: &KeyEvent) -> Option<char> {
    match k.code {
        KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => Some(c),
        _ => None,
    }
}

impl KeyPrompter {
    pub fn new() -> KeyPrompter {
        KeyPrompter {
            out: io::stderr(),
            drawn: 0,
        }
    }

    /// The terminal's rows (24 when it does not say).
    fn rows(&self) -> usize {
        crate::term::screen::size().1 as usize
    }

    /// `text` wrapped to the terminal, as `say` would print it.
    fn wrapped(&self, text: &str, first: &str, indent: &str) -> String {
        wrap(text, self.width(), first, indent)
    }

    /// Draws `lines` over what the last call drew.
    fn draw(&mut self, lines: &[String]) -> Result<()> {
        let w = self.width();
        // Wrapped to the terminal, so the count of rows to redraw is exact.
        let body: Vec<String> = lines.iter().flat_map(|l| fit(l, w)).collect();
        let out = &mut self.out;
        let drawn = self.drawn;
        let result = (|| -> io::Result<()> {
            queue!(out, cursor::MoveToColumn(0))?;
            if drawn > 1 {
                queue!(out, cursor::MoveUp((drawn - 1) as u16))?;
            }
            queue!(out, terminal::Clear(terminal::ClearType::FromCursorDown))?;
            out.write_all(body.join("\r\n").as_bytes())?;
            out.flush()
        })();
        self.drawn = body.len();
        result.map_err(|e| Error::io("drawing the question", e))
    }

    /// Leaves the final answer on screen and moves below it.
    fn finish(&mut self, raw: Raw, answer: &str) -> Result<()> {
        self.draw(&[format!("  → {answer}")])?;
        drop(raw);
        self.drawn = 0;
        self.say("\n")
    }
}

impl Ask for KeyPrompter {
    /// One less than the terminal's columns, so a full line never leaves
    /// the cursor waiting at the edge; 79 when a pty reports no size.
    fn width(&self) -> usize {
        (crate::term::screen::size().0 as usize).max(20) - 1
    }

    /// Sanitised like every question (newlines kept).
    fn say(&mut self, text: &str) -> Result<()> {
        self.out
            .write_all(crate::output::sanitise_lines(text).as_bytes())
            .and_then(|_| self.out.flush())
            .map_err(|e| Error::io("writing the question", e))
    }

    fn yes_no(&mut self, question: &str) -> Result<bool> {
        self.say(&self.wrapped(question, "", ""))?;
        let raw = Raw::on()?;
        let mut selected: Option<bool> = None;
        let mut note = String::new();
        loop {
            let mark = |v: bool| if selected == Some(v) { "›" } else { " " };
            self.draw(&[format!(
                "  {} yes   {} no     (y or n, or ←/→ and Enter){note}",
                mark(true),
                mark(false)
            )])?;
            let k = next_key(&raw)?;
            let answer = match (typed(&k), k.code) {
                (Some('y' | 'Y'), _) => Some(true),
                (Some('n' | 'N'), _) => Some(false),
                (_, KeyCode::Left | KeyCode::Up) => {
                    selected = Some(true);
                    None
                }
                (_, KeyCode::Right | KeyCode::Down) => {
                    selected = Some(false);
                    None
                }
                (_, KeyCode::Tab) => {
                    selected = Some(!selected.unwrap_or(false));
                    None
                }
                _ if is_enter(&k) && selected.is_some() => selected,
                _ => {
                    note = "  Please answer y (yes) or n (no).".to_string();
                    None
                }
            };
            if let Some(v) = answer {
                self.finish(raw, if v { "yes" } else { "no" })?;
                return Ok(v);
            }
        }
    }

    fn number(&mut self, question: &str, hint: Option<&str>, lo: u32, hi: u32) -> Result<u32> {
        self.say(&self.wrapped(question, "", ""))?;
        if let Some(h) = hint {
            self.say(&self.wrapped(h, "  ", "  "))?;
        }
        let raw = Raw::on()?;
        let mut buf = String::new();
        let mut note: Option<String> = None;
        loop {
            let mut lines = vec![format!("  [{lo}-{hi}] > {buf}")];
            if let Some(n) = &note {
                lines.push(format!("  {n} (↑/↓ change the number)"));
            }
            self.draw(&lines)?;
            let k = next_key(&raw)?;
            let current = buf.parse::<i64>().ok();
            match k.code {
                KeyCode::Up | KeyCode::Right => {
                    buf = current
                        .map_or(i64::from(lo), |v| (v + 1).min(i64::from(hi)))
                        .to_string();
                }
                KeyCode::Down | KeyCode::Left => {
                    buf = current
                        .map_or(i64::from(hi), |v| (v - 1).max(i64::from(lo)))
                        .to_string();
                }
                KeyCode::Backspace => {
                    buf.pop();
                }
                _ if is_enter(&k) => match buf.parse::<u32>() {
                    Ok(n) if (lo..=hi).contains(&n) => {
                        self.finish(raw, &n.to_string())?;
                        return Ok(n);
                    }
                    _ => {
                        note = Some(not_a_number(&buf, lo, hi));
                        buf.clear();
                    }
                },
                _ => {
                    if let Some(c) = typed(&k).filter(|_| buf.len() < 12) {
                        buf.push(c);
                    }
                }
            }
        }
    }

    fn choices(&mut self, q: &Question) -> Result<Vec<String>> {
        let mut asked = self.wrapped(&q.ask, "", "");
        if let Some(h) = &q.hint {
            asked.push_str(&self.wrapped(h, "  ", "  "));
        }
        self.say(&asked)?;
        let raw = Raw::on()?;
        let mut select = Select::new(q);
        loop {
            // The list scrolls within the screen below the question (within
            // the whole screen if that is too small), so it is always
            // redrawn in place and never pushed into the scrollback.
            let rows = self.rows();
            let below = rows.saturating_sub(asked.lines().count());
            let room = if below >= 8 {
                below
            } else {
                rows.saturating_sub(1)
            };
            let lines = select.lines(self.width(), room.max(1));
            self.draw(&lines)?;
            let k = next_key(&raw)?;
            let key = match k.code {
                KeyCode::Up => Key::Up,
                KeyCode::Down => Key::Down,
                KeyCode::Backspace => Key::Backspace,
                KeyCode::Char(' ') => Key::Space,
                _ if is_enter(&k) => Key::Enter,
                _ => match typed(&k) {
                    Some(c) => Key::Char(c),
                    None => continue,
                },
            };
            if let Some(ids) = select.key(key) {
                let labels: Vec<&str> = q
                    .choices
                    .iter()
                    .filter(|c| ids.iter().any(|x| x == &c.id))
                    .map(|c| c.label.as_str())
                    .collect();
                let answer = if labels.is_empty() {
                    "none".to_string()
                } else {
                    labels.join(", ")
                };
                self.finish(raw, &answer)?;
                return Ok(ids);
            }
        }
    }

    fn text(&mut self, question: &str) -> Result<String> {
        self.say(&self.wrapped(question, "", ""))?;
        let raw = Raw::on()?;
        let mut buf = String::new();
        loop {
            self.draw(&[format!("  > {buf}")])?;
            let k = next_key(&raw)?;
            match k.code {
                KeyCode::Backspace => {
                    buf.pop();
                }
                _ if is_enter(&k) => {
                    let shown = if buf.is_empty() {
                        "(nothing)".to_string()
                    } else {
                        buf.clone()
                    };
                    self.finish(raw, &shown)?;
                    return Ok(buf.trim().to_string());
                }
                _ => {
                    if let Some(c) = typed(&k).filter(|_| buf.len() < 500) {
                        buf.push(c);
                    }
                }
            }
        }
    }
}
