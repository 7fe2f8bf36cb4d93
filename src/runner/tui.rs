//! The full-screen runner: crossterm, alternate screen, a phase banner in
//! big letters and colour, big digits. The terminal is always restored: on
//! return, on error, on a signal and on a panic (a hook restores it before
//! the panic message prints).
//!
//! Drawing costs bytes on every ssh link, tmux pane and screen reader, so
//! a frame is built as text (pure, tested) and only the cells that changed
//! since the last one are written, the shortest way (relative cursor
//! moves, erases, text shifted along its row, a paint sent only when it
//! changes); nothing is written while nothing shown changes, and the size
//! is read once and then taken from resize events. The big words and
//! digits are block characters (three bytes each); the bars, which move
//! every second, fill with `#` (one byte).

use super::digits::{banner, big, clock_face, width};
use super::machine::{label, Banner, Control, Effect, Item, Mode, Runner, View, Wake};
use crate::clock::SessionClock;
use crate::error::{Error, Result};
use crate::layout::{truncate, wrap};
use crate::library::Library;
use crate::planner::Plan;
use crate::term::screen::{usable, TerminalGuard};
use crate::term::{Input, Next};
use crate::timing::{Breath, SegmentKind};
use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use std::io::{self, Write};
use std::time::Duration;

/// Below this size the big digits do not fit; the time is one line.
const BIG_MIN_WIDTH: u16 = 44;
const BIG_MIN_HEIGHT: u16 = 24;
/// Below this height the banner is one line.
const BANNER_MIN_HEIGHT: u16 = 16;
/// Below this height only the essentials are shown.
const COMPACT_BELOW: u16 = 12;
/// The longest real wait on the finish screen (a key or a signal ends it
/// at once).
const MAX_WAIT: Duration = Duration::from_secs(1);
/// The finish screen stays this long (session time) unless a key is pressed.
const FINISH_SECONDS: u64 = 10;

/// Maps a key press to a runner key; `n` means "no" while confirming.
pub fn map_key(code: KeyCode, modifiers: KeyModifiers, confirming: bool) -> Option<Control> {
    if modifiers.contains(KeyModifiers::CONTROL)
        && matches!(code, KeyCode::Char('c') | KeyCode::Char('d'))
    {
        return Some(Control::Interrupt);
    }
    Some(match code {
        KeyCode::Char(' ') | KeyCode::Enter => Control::PauseResume,
        KeyCode::Char('y') | KeyCode::Char('Y') if confirming => Control::Yes,
        KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc if confirming => Control::No,
        KeyCode::Right | KeyCode::Char('n') => Control::Skip,
        KeyCode::Left | KeyCode::Char('p') => Control::Back,
        KeyCode::Char('+') | KeyCode::Char('=') => Control::More,
        KeyCode::Char('-') | KeyCode::Char('_') => Control::Less,
        KeyCode::Char('q') | KeyCode::Esc => Control::Quit,
        KeyCode::Char('?') | KeyCode::Char('h') => Control::Help,
        KeyCode::Char('x') | KeyCode::Char('X') => Control::SetAside,
        _ => return None,
    })
}

/// How a cell is painted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paint {
    #[default]
    Plain,
    Bold,
    /// The banner's colour and style for this phase.
    Banner(Banner),
}

/// One row of a frame: its text (at most the width) and its paint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub text: String,
    pub paint: Paint,
}

impl Row {
    fn plain(text: impl Into<String>) -> Row {
        Row {
            text: text.into(),
            paint: Paint::Plain,
        }
    }
    fn painted(text: impl Into<String>, paint: Paint) -> Row {
        Row {
            text: text.into(),
            paint,
        }
    }
}

/// The SGR codes for a paint: each phase its own colour; without colour,
/// the work (hold, lift, lower, breathe) in bold reverse video, the waits
/// (get ready, rest, switch sides) in bold, a pause in reverse video.
pub fn sgr(paint: Paint, color: bool) -> &'static str {
    let Paint::Banner(phase) = paint else {
        return if paint == Paint::Bold { "1" } else { "0" };
    };
    if color {
        match phase {
            Banner::GetReady => "1;33",
            Banner::Hold | Banner::Stay => "1;32",
            Banner::Lift => "1;36",
            Banner::Lower => "1;94",
            Banner::Rest => "1;35",
            Banner::SwitchSides => "1;93",
            Banner::BreatheIn => "1;96",
            Banner::BreatheOut => "1;34",
            Banner::Paused => "1;91",
            Banner::Done => "1;92",
        }
    } else {
        // Without colour: weight and words, never reverse video (a block
        // from the edge with dark letters cut out). The waits are plain
        // in ordinary weight, the work in bold; the words tell them apart.
        match phase {
            Banner::Hold
            | Banner::Stay
            | Banner::Lift
            | Banner::Lower
            | Banner::BreatheIn
            | Banner::BreatheOut => "1",
            Banner::GetReady | Banner::Rest | Banner::SwitchSides => "0",
            Banner::Paused | Banner::Done => "1",
        }
    }
}

/// Cells in the bars at `w` columns.
fn bar_width(w: usize) -> usize {
    w.saturating_sub(24).clamp(5, 50)
}

fn bar(fraction: f64, width: usize) -> String {
    let filled = ((fraction.clamp(0.0, 1.0)) * width as f64).round() as usize;
    format!("[{}{}]", "#".repeat(filled), " ".repeat(width - filled))
}

fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    c.next().map_or(String::new(), |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

/// Where in the exercise the person is; a rep's hold as `+` and `-` left it.
fn headline(plan: &Plan, r: &Runner, item: &Item) -> String {
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
                parts.push(format!("{} side", s.as_str()));
            }
            if sets > 1 {
                parts.push(format!("set {set} of {sets}"));
            }
            match rep {
                Some((k, n)) => match step.dose.hold.map(|h| r.rep_hold().unwrap_or(h)) {
                    Some(h) => parts.push(format!("rep {k} of {n}, hold {h} s")),
                    None => parts.push(format!("rep {k} of {n}, slowly")),
                },
                None => parts.push("hold".to_string()),
            }
            capitalised(&parts.join(" · "))
        }
    }
}

/// The phase in big letters `k` times their size (0: one line), centred,
/// or in one line where they do not fit.
fn banner_rows(phase: Banner, w: usize, k: usize) -> Vec<Row> {
    let paint = Paint::Banner(phase);
    if let Some(rows) = banner(phase.words()).filter(|_| k > 0) {
        let rows = scaled(&rows, k);
        let bw = rows[0].chars().count();
        if bw <= w {
            let pad = " ".repeat((w - bw) / 2);
            return rows
                .iter()
                .map(|r| Row::painted(format!("{pad}{r}"), paint))
                .collect();
        }
    }
    let words = format!("  {}  ", phase.words());
    vec![Row::painted(truncate(&words, w), paint)]
}

/// `rows` grown `k` times in both directions.
fn scaled(rows: &[String], k: usize) -> Vec<String> {
    if k <= 1 {
        return rows.to_vec();
    }
    rows.iter()
        .flat_map(|r| {
            let wide: String = r.chars().flat_map(|c| std::iter::repeat_n(c, k)).collect();
            std::iter::repeat_n(wide, k)
        })
        .collect()
}

/// Lines of help, wrapped at `w`.
fn help_lines(w: usize) -> Vec<String> {
    [
        ("space  ", "pause / resume"),
        ("n  →   ", "skip a wait, or the rest of this exercise"),
        ("p  ←   ", "restart this one (or go back one)"),
        ("x      ", "can't do it: left out from now on"),
        (
            "+ / -  ",
            "add or take away 10 seconds (in a rep: its hold)",
        ),
        ("q Esc  ", "end the session (asks first)"),
        ("?      ", "hide this help"),
    ]
    .iter()
    .flat_map(|(keys, what)| {
        wrap(what, w, keys, "       ")
            .lines()
            .map(String::from)
            .collect::<Vec<_>>()
    })
    .collect()
}

/// `body` in at most `room` rows; when cut, the last row says "...".
fn fit(mut body: Vec<String>, room: usize) -> Vec<String> {
    if body.len() > room {
        body.truncate(room.saturating_sub(1));
        if room > 0 {
            body.push("...".to_string());
        }
    }
    body
}

/// The bottom line: the keys, or what a pause or a question is waiting
/// for. The keys come in order of need (quit and help first), and as
/// many as fit the width are shown; after a skip, "p back" leads.
fn key_line(r: &Runner, compact: bool, w: usize) -> String {
    if r.waiting() && r.mode() == Mode::Paused && !r.show_help {
        let start = if compact {
            "space start"
        } else {
            "space to start"
        };
        let mut line = String::new();
        for k in [start, "q quit", "? help"] {
            if crate::layout::width(&line) + 3 + crate::layout::width(k) <= w {
                if !line.is_empty() {
                    line.push_str(" · ");
                }
                line.push_str(k);
            }
        }
        return line;
    }
    match (r.mode(), compact) {
        (Mode::Paused, false) => return "PAUSED — press space to carry on".to_string(),
        (Mode::Paused, true) => return "PAUSED — space to carry on".to_string(),
        (Mode::ConfirmQuit { .. }, false) => {
            return "End the session now? y = yes, n = no".to_string()
        }
        (Mode::ConfirmQuit { .. }, true) => return "Quit now? y/n".to_string(),
        _ => {}
    }
    let mut keys: Vec<&str> = Vec::new();
    if r.set_aside_last {
        keys.push("set aside — p back");
    } else if r.skipped {
        keys.push("skipped — p back");
    }
    keys.extend(["q quit", "? help", "space pause", "n skip"]);
    if !r.skipped {
        keys.push("p back");
    }
    keys.extend(["x can't do", "+/- 10 s"]);
    let mut line = String::new();
    for k in keys {
        let extra = if line.is_empty() { 0 } else { 3 };
        if crate::layout::width(&line) + extra + crate::layout::width(k) > w {
            continue;
        }
        if !line.is_empty() {
            line.push_str(" · ");
        }
        line.push_str(k);
    }
    line
}

/// The rows of one frame, top to bottom: at most `h` rows of at most `w`
/// columns. Its parts: the header, the phase banner, side/rep/set, the
/// clock with the figure, the bars, the body (steps, help) and the keys.
/// Built afresh; the run keeps one [`Frames`], which must build the same.
#[cfg(test)]
fn frame(plan: &Plan, lib: &Library, r: &Runner, now: Duration, w: u16, h: u16) -> Vec<Row> {
    Frames::new(plan, lib).frame(r, now, w, h)
}

/// An exercise's figure as drawn: the start and end positions (sanitised,
/// trimmed, the shorter padded so that both take the same rows) and the
/// width of the wider.
#[derive(Default)]
struct Figure {
    start: Vec<String>,
    end: Vec<String>,
    width: usize,
}

impl Figure {
    fn of(exercise: Option<&crate::library::Exercise>) -> Figure {
        let Some(e) = exercise else {
            return Figure::default();
        };
        let lines = |art: &str| -> Vec<String> {
            crate::layout::sanitise_lines(art)
                .lines()
                .map(|l| l.trim_end().to_string())
                .collect()
        };
        let mut start = lines(&e.illustration);
        let mut end = e.illustration_end.as_deref().map(lines).unwrap_or_default();
        let width = start
            .iter()
            .chain(&end)
            .map(|l| crate::layout::width(l))
            .max()
            .unwrap_or(0);
        // Both take the room of the larger, so nothing around them moves
        // as they change.
        let rows = start.len().max(end.len());
        for figure in [&mut start, &mut end] {
            if !figure.is_empty() {
                figure.resize(rows, String::new());
            }
        }
        Figure { start, end, width }
    }
}

/// What the body of a frame depends on: while it stays the same, so do
/// the body's lines (a plan's items never change during a run).
#[derive(Clone, Copy, PartialEq, Eq)]
struct BodyKey {
    position: usize,
    help: bool,
    waiting: bool,
    at_end: bool,
    figure_shown: bool,
    w: usize,
    room: usize,
}

/// Builds the frames of one plan's run. What does not move with the
/// clock is laid out once and kept: each step's figure, and the body
/// (the steps wrapped to the width, the help) until what it shows
/// changes. A frame in which only time moves builds just the rows that
/// show time; `frame` builds every frame afresh and must look the same.
pub struct Frames<'a> {
    plan: &'a Plan,
    lib: &'a Library,
    /// Each step's figure, by step.
    figures: Vec<Figure>,
    body: Option<(BodyKey, Vec<String>)>,
    /// The phase banner, by phase, width and scale.
    banner: Option<((Banner, usize, usize), Vec<Row>)>,
}

impl<'a> Frames<'a> {
    pub fn new(plan: &'a Plan, lib: &'a Library) -> Frames<'a> {
        let figures = plan
            .steps
            .iter()
            .map(|s| Figure::of(lib.exercise(&s.exercise)))
            .collect();
        Frames {
            plan,
            lib,
            figures,
            body: None,
            banner: None,
        }
    }

    /// The rows of the frame at `now` (see [`frame`]).
    pub fn frame(&mut self, r: &Runner, now: Duration, w: u16, h: u16) -> Vec<Row> {
        let w = w.max(20) as usize;
        let Some(m) = Moment::of(self.plan, self.lib, &self.figures, r, now) else {
            return vec![Row::plain("Session complete.")];
        };
        if h < COMPACT_BELOW {
            return compact_frame(&m, r, w, h.max(1) as usize);
        }
        let extra = bar_rows(&m, r, now, w);
        let sizes = Sizes::fit(&m, w, h);
        let mut top = header_rows(&m, r, w);
        let banner = (m.phase, w, sizes.banner);
        match &self.banner {
            Some((kept, rows)) if *kept == banner => top.extend_from_slice(rows),
            _ => {
                let rows = banner_rows(m.phase, w, sizes.banner);
                top.extend_from_slice(&rows);
                self.banner = Some((banner, rows));
            }
        }
        top.push(Row::plain(""));
        top.extend(status_rows(&m, r, w, sizes.status));
        let (clock, figure_shown) = clock_rows(&m, w, sizes.digits);
        top.extend(clock);
        let room = (h as usize).saturating_sub(top.len() + 5);
        let key = BodyKey {
            position: r.position(),
            help: r.show_help,
            waiting: r.waiting(),
            at_end: m.at_end,
            figure_shown,
            w,
            room,
        };
        let body = match &self.body {
            Some((kept, body)) if *kept == key => body.clone(),
            _ => {
                let body = body_lines(&m, r, w, room, figure_shown);
                self.body = Some((key, body.clone()));
                body
            }
        };
        assemble(
            top,
            extra,
            body,
            key_line(r, false, w),
            h as usize,
            r.show_help,
        )
    }
}

/// What one frame shows, gathered once: the step and its exercise, the
/// figure, the phase, and the one remaining time (the big clock, the name
/// row and the step's bar all show it).
struct Moment<'a> {
    plan: &'a Plan,
    lib: &'a Library,
    item: Item,
    exercise: Option<&'a crate::library::Exercise>,
    phase: Banner,
    face: String,
    /// How much of the counted part is done, 0 to 1.
    done: f64,
    /// The end position is shown (a rep's move and hold).
    at_end: bool,
    figure: &'a [String],
    fig_w: usize,
}

impl<'a> Moment<'a> {
    fn of(
        plan: &'a Plan,
        lib: &'a Library,
        figures: &'a [Figure],
        r: &Runner,
        now: Duration,
    ) -> Option<Moment<'a>> {
        let item = *r.current()?;
        let exercise = lib.exercise(&plan.steps[item.step].exercise);
        let drawn = &figures[item.step];
        // The end position during a rep's move and hold, the start during
        // its return and everywhere else.
        let at_end = !drawn.end.is_empty()
            && matches!(
                r.rep_phase(now),
                Some(crate::timing::RepPhase::Move | crate::timing::RepPhase::Hold)
            );
        let (left, done) = countdown(r, now);
        Some(Moment {
            plan,
            lib,
            item,
            exercise,
            phase: r.banner(now),
            face: clock_face(left),
            done,
            at_end,
            figure: if at_end { &drawn.end } else { &drawn.start },
            fig_w: drawn.width,
        })
    }

    fn step(&self) -> &'a crate::planner::Step {
        &self.plan.steps[self.item.step]
    }
}

/// The one remaining time: the seconds left in this part of a rep, or in
/// the segment, and how much of that part is done.
fn countdown(r: &Runner, now: Duration) -> (u64, f64) {
    match r.rep_part(now) {
        Some((into, len)) => (
            len.saturating_sub(into).max(1),
            into as f64 / len.max(1) as f64,
        ),
        None => {
            let len = r.segment_length().as_secs_f64().max(0.001);
            (
                r.remaining(now).as_secs_f64().ceil() as u64,
                r.elapsed_in_segment(now).as_secs_f64() / len,
            )
        }
    }
}

/// The widest phase banner (SWITCH SIDES, BREATHE OUT): every phase is
/// drawn at the scale this one fits, so the layout keeps still.
const WIDEST_BANNER: usize = 58;
/// From this height side, rep and set come in big letters.
const STATUS_MIN_HEIGHT: u16 = 36;
/// From this height the phase banner is drawn twice its size.
const BANNER_TWICE_HEIGHT: u16 = 44;
/// Rows kept for the steps below the clock when sizing the digits.
const BODY_MIN: usize = 5;
/// Rows the bars take at most (the breath, this part, all, next).
const BARS: usize = 4;

/// How big each part is drawn: the banner's and the digits' scale (0: a
/// line of text) and whether side, rep and set come in big letters. The
/// window decides: the digits take the rows the rest leaves.
struct Sizes {
    banner: usize,
    status: bool,
    digits: usize,
}

impl Sizes {
    fn fit(m: &Moment, w: usize, h: u16) -> Sizes {
        let banner = match h {
            h if h < BANNER_MIN_HEIGHT => 0,
            h if h >= BANNER_TWICE_HEIGHT && 2 * WIDEST_BANNER <= w => 2,
            _ => 1,
        };
        let status = h >= STATUS_MIN_HEIGHT;
        let used = 3 + (5 * banner).max(1) + 1 + 6 * usize::from(status) + BARS + 1 + BODY_MIN;
        let digits = if w >= usize::from(BIG_MIN_WIDTH) && h >= BIG_MIN_HEIGHT {
            let wide = w.saturating_sub(m.fig_w + 8) / width(&m.face).max(1);
            let tall = usize::from(h).saturating_sub(used + 1) / 5;
            wide.min(tall).clamp(1, 6)
        } else {
            0
        };
        Sizes {
            banner,
            status,
            digits,
        }
    }
}

/// The step line, then the phase, the time, the exercise and where in it
/// the person is, in words (for screen readers and tests), then a blank.
fn header_rows(m: &Moment, r: &Runner, w: usize) -> Vec<Row> {
    let step = m.step();
    vec![
        Row::plain(truncate(
            &format!(
                "backrelief · step {} of {} · {}",
                m.item.step + 1,
                m.plan.steps.len(),
                step.phase.label()
            ),
            w,
        )),
        Row::painted(
            truncate(
                &format!(
                    "{} {} · {} · {}",
                    m.phase.words(),
                    m.face,
                    step.name.to_uppercase(),
                    if r.waiting() {
                        "press space to start".to_string()
                    } else {
                        headline(m.plan, r, &m.item)
                    }
                ),
                w,
            ),
            Paint::Bold,
        ),
        Row::plain(""),
    ]
}

/// Side, rep and set in capitals for big letters ("LEFT   REP 3/5"): of
/// the work under way, or during a wait, of the work it leads to.
fn status_words(r: &Runner, item: &Item) -> Option<String> {
    let work = match item.segment.kind {
        SegmentKind::Work { .. } => item,
        _ => r.upcoming().filter(|n| n.step == item.step)?,
    };
    let SegmentKind::Work {
        side,
        set,
        sets,
        rep,
    } = work.segment.kind
    else {
        return None;
    };
    let mut parts = Vec::new();
    if let Some(s) = side {
        parts.push(s.as_str().to_uppercase());
    }
    if let Some((r, n)) = rep {
        parts.push(format!("REP {r}/{n}"));
    }
    if sets > 1 {
        parts.push(format!("SET {set}/{sets}"));
    }
    (!parts.is_empty()).then(|| parts.join("   "))
}

/// Side, rep and set in big letters where the window has the rows (a
/// blank band when there are none to show), so they read from the mat.
fn status_rows(m: &Moment, r: &Runner, w: usize, big: bool) -> Vec<Row> {
    if !big {
        return Vec::new();
    }
    let text = status_words(r, &m.item).and_then(|t| banner(&t));
    let mut rows: Vec<Row> = match text {
        Some(b) if b[0].chars().count() <= w => {
            let pad = " ".repeat((w - b[0].chars().count()) / 2);
            b.iter()
                .map(|l| Row::painted(format!("{pad}{l}"), Paint::Bold))
                .collect()
        }
        _ => (0..5).map(|_| Row::plain("")).collect(),
    };
    rows.push(Row::plain(""));
    rows
}

/// The clock: big digits `k` times their size with the figure beside them
/// where both fit (true when the figure is shown), or one line of text.
fn clock_rows(m: &Moment, w: usize, k: usize) -> (Vec<Row>, bool) {
    if k == 0 {
        let pad = " ".repeat(w.saturating_sub(m.face.len()) / 2);
        return (
            vec![Row::painted(format!("{pad}{}", m.face), Paint::Bold)],
            false,
        );
    }
    let digits = scaled(&big(&m.face), k);
    let dw = width(&m.face) * k;
    let mut rows = Vec::new();
    let beside = !m.figure.is_empty() && dw + m.fig_w + 6 <= w;
    if beside {
        let pad = (w - dw - m.fig_w - 4) / 2;
        // The figure beside the middle of the digits.
        let skip = digits.len().saturating_sub(m.figure.len()) / 2;
        for i in 0..digits.len().max(m.figure.len() + skip) {
            let d = digits.get(i).map_or("", String::as_str);
            let fig = i
                .checked_sub(skip)
                .and_then(|j| m.figure.get(j))
                .map_or("", String::as_str);
            let left = format!("{}{d}", " ".repeat(pad));
            // Big digits are blocks and blanks, a column each.
            let gap = (pad + dw + 4).saturating_sub(pad + d.chars().count());
            rows.push(Row::plain(
                format!("{left}{}{fig}", " ".repeat(gap)).trim_end(),
            ));
        }
    } else {
        let pad = " ".repeat(w.saturating_sub(dw) / 2);
        rows.extend(digits.iter().map(|d| Row::plain(format!("{pad}{d}"))));
    }
    rows.push(Row::plain(""));
    (rows, beside)
}

/// The breath's bar, this part's bar with the same time as the clock,
/// the session's, and what comes next: rows that give way to the help.
fn bar_rows(m: &Moment, r: &Runner, now: Duration, w: usize) -> Vec<Row> {
    let bar_w = bar_width(w);
    let mut rows = Vec::new();
    if let Some((b, full)) = r.breathing(now) {
        let word = if b == Breath::In { "in " } else { "out" };
        rows.push(format!("breathe {word} {}", bar(full, bar_w)));
    }
    let total = r.session_total().as_secs_f64().max(0.001);
    let remaining = r.session_remaining(now).as_secs_f64();
    rows.push(format!("this    {} {}", bar(m.done, bar_w), m.face));
    rows.push(format!(
        "all     {} {} left",
        bar(1.0 - remaining / total, bar_w),
        clock_face(remaining.ceil() as u64)
    ));
    let next = r
        .upcoming()
        .map_or("the end — well done".to_string(), |n| label(m.plan, n));
    rows.push(format!("next:   {next}"));
    rows.into_iter()
        .map(|t| Row::plain(truncate(&t, w)))
        .collect()
}

/// The help, or what to do: the next exercise during a wait, the figure
/// where it was not beside the digits and fits whole in `room`, the steps
/// and what to feel.
fn body_lines(m: &Moment, r: &Runner, w: usize, room: usize, figure_shown: bool) -> Vec<String> {
    if r.show_help {
        return help_lines(w);
    }
    let Some(e) = m.exercise else {
        return Vec::new();
    };
    let mut body = Vec::new();
    if r.waiting() {
        body.extend(
            wrap("When you are in position, press space to start.", w, "", "")
                .lines()
                .map(String::from),
        );
    }
    if !matches!(m.item.segment.kind, SegmentKind::Work { .. }) {
        // What comes next, so the person can set up before the timer.
        body.push(truncate(
            &format!("Next: {} — {}", m.step().name, e.position.words()),
            w,
        ));
    }
    if !figure_shown && m.figure.len() + body.len() <= room && m.fig_w <= w {
        body.extend(m.figure.iter().cloned());
    }
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
    // How to come out of the position just finished, after its last work.
    if let Some(way) = come_out_after(m, r) {
        let lines: Vec<String> = wrap(way, w, "Coming out: ", "  ")
            .lines()
            .map(String::from)
            .collect();
        if body.len() + 1 + lines.len() <= room {
            body.push(String::new());
            body.extend(lines);
        }
    }
    // Today's lesson in a long rest (the rule plain mode follows too),
    // only where its rows are free: never cut, never instead of the steps.
    if let Some(card) = super::machine::lesson_during(m.plan, &m.item) {
        let mut lesson = vec![
            String::new(),
            truncate(&format!("While you rest: {}", card.title), w),
        ];
        lesson.extend(wrap(&card.text, w, "  ", "  ").lines().map(String::from));
        if body.len() + lesson.len() <= room {
            body.extend(lesson);
        }
    }
    body
}

/// During a wait right after a step's last work: how to come out of that
/// exercise's position, if the library says.
fn come_out_after<'a>(m: &Moment<'a>, r: &Runner) -> Option<&'a str> {
    if matches!(m.item.segment.kind, SegmentKind::Work { .. }) {
        return None;
    }
    let before = r.items()[..r.position()].last()?;
    let later_work = r.items()[r.position()..]
        .iter()
        .any(|i| i.step == before.step && matches!(i.segment.kind, SegmentKind::Work { .. }));
    if !matches!(before.segment.kind, SegmentKind::Work { .. }) || later_work {
        return None;
    }
    let e = m.lib.exercise(&m.plan.steps[before.step].exercise)?;
    e.come_out.as_deref()
}

/// The parts in `h` rows, the keys at the bottom: the help must fit, so the bars, the blank rows,
/// then the header give way to it; other bodies are cut with "...".
fn assemble(
    mut top: Vec<Row>,
    mut extra: Vec<Row>,
    body: Vec<String>,
    keys: String,
    h: usize,
    help: bool,
) -> Vec<Row> {
    let room = |top: &[Row], extra: &[Row]| h.saturating_sub(top.len() + extra.len() + 1);
    if help {
        while room(&top, &extra) < body.len() && !extra.is_empty() {
            extra.remove(0);
        }
        while room(&top, &extra) < body.len() {
            match top.iter().rposition(|row| row.text.is_empty()) {
                Some(i) => {
                    top.remove(i);
                }
                None if top.len() > 2 => {
                    top.remove(0);
                }
                None => break,
            }
        }
    }
    let mut rows = top;
    rows.extend(extra);
    let room = h.saturating_sub(rows.len() + 1);
    rows.extend(fit(body, room).into_iter().map(Row::plain));
    // The keys on the bottom row, where a person looks for them.
    rows.resize(h.saturating_sub(1), Row::plain(""));
    rows.push(Row::plain(keys));
    rows
}

/// A tiny terminal: the essentials first, the keys only if there is room.
fn compact_frame(m: &Moment, r: &Runner, w: usize, h: usize) -> Vec<Row> {
    let mut rows = vec![
        Row::painted(
            truncate(
                &format!("{} {} · {}", m.phase.words(), m.face, m.step().name),
                w,
            ),
            Paint::Banner(m.phase),
        ),
        Row::plain(truncate(
            &format!(
                "step {} of {} · {}",
                m.item.step + 1,
                m.plan.steps.len(),
                headline(m.plan, r, &m.item)
            ),
            w,
        )),
    ];
    let status = match r.mode() {
        Mode::Paused | Mode::ConfirmQuit { .. } => key_line(r, true, w),
        _ => format!(
            "next: {}",
            r.upcoming()
                .map_or("the end".to_string(), |n| label(m.plan, n))
        ),
    };
    rows.push(Row::plain(truncate(&status, w)));
    rows.push(Row::plain(truncate(&key_line(r, true, w), w)));
    rows.truncate(h);
    rows
}

/// What the finish screen shows.
#[derive(Clone, Copy, Debug)]
pub struct Finish {
    pub held: Duration,
    pub completed: usize,
    pub steps: usize,
    pub streak: Option<u32>,
}

impl Finish {
    pub fn of(r: &Runner, streak: Option<u32>) -> Finish {
        let outcomes = r.outcomes();
        Finish {
            held: r.held_total(),
            completed: outcomes
                .iter()
                .filter(|o| o.status == super::Status::Done)
                .count(),
            steps: outcomes.len(),
            streak,
        }
    }
}

/// The screen at the end: DONE, time held, exercises completed, the streak.
pub fn finish_frame(f: &Finish, w: u16, h: u16) -> Vec<Row> {
    let wu = w.max(20) as usize;
    let mut rows = vec![Row::plain("backrelief · session complete"), Row::plain("")];
    rows.extend(banner_rows(
        Banner::Done,
        wu,
        usize::from(h >= BANNER_MIN_HEIGHT),
    ));
    rows.push(Row::plain(""));
    let held = crate::layout::duration(f.held.as_secs_f64().round() as u32);
    rows.push(Row::plain(format!("Time held:   {held}")));
    rows.push(Row::plain(format!(
        "Exercises:   {} of {} completed",
        f.completed, f.steps
    )));
    if let Some(days) = f.streak {
        let days = if days == 1 {
            "1 day (today)".to_string()
        } else {
            format!("{days} days in a row")
        };
        rows.push(Row::plain(format!("Streak:      {days}")));
    }
    rows.push(Row::plain(""));
    rows.push(Row::plain("Well done. Any key to carry on."));
    if h < COMPACT_BELOW {
        rows.retain(|r| !r.text.is_empty());
    }
    let mut rows: Vec<Row> = rows
        .into_iter()
        .map(|r| Row::painted(truncate(&r.text, wu), r.paint))
        .collect();
    rows.truncate(h.max(1) as usize);
    rows
}

/// One cell of the screen: a character and its paint.
type Glyph = (char, Paint);

/// The screen as cells, a row after another (`w` a row).
type Cells = Vec<Glyph>;

/// The second column of a wide character (CJK, emoji): never written, as
/// the terminal fills it when it writes the character before it.
const WIDE_TAIL: char = '\0';

/// The paint a cell is compared and written by: without colour, the
/// phases that look alike (bold, or plain) are one paint, so a change of
/// phase rewrites only the letters that change, not every lit cell.
fn seen_as(paint: Paint, color: bool) -> Paint {
    match paint {
        Paint::Banner(_) if !color => match sgr(paint, false) {
            "0" => Paint::Plain,
            _ => Paint::Bold,
        },
        _ => paint,
    }
}

/// `row` laid out into `line` (its cells, already sized), blanks after it.
fn fill(line: &mut [Glyph], row: Option<&Row>, color: bool) {
    let w = line.len();
    let mut n = 0;
    if let Some(row) = row {
        let paint = seen_as(row.paint, color);
        for c in row.text.chars() {
            // Widths as the terminal counts them; a character of no
            // width (sanitised text has none) takes no cell.
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if cw == 0 {
                continue;
            }
            if n + cw > w {
                break;
            }
            // A blank looks the same in any paint (none has a background).
            line[n] = (c, if c == ' ' { Paint::Plain } else { paint });
            n += 1;
            if cw == 2 {
                line[n] = (WIDE_TAIL, paint);
                n += 1;
            }
        }
    }
    line[n..].fill((' ', Paint::Plain));
}

/// The screen as cells (for tests; `Screen` fills its own buffers).
#[cfg(test)]
fn cells(rows: &[Row], w: u16, h: u16) -> Cells {
    let w = w as usize;
    let mut grid = vec![(' ', Paint::Plain); w * h as usize];
    if w > 0 {
        for (i, line) in grid.chunks_mut(w).enumerate() {
            fill(line, rows.get(i), true);
        }
    }
    grid
}

/// Decimal digits of `n`, for the length of an escape sequence.
fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// Bytes of a relative move of `n` columns (`ESC [ C` for one).
fn step_len(n: usize) -> usize {
    match n {
        0 => 0,
        1 => 3,
        n => 3 + digits(n),
    }
}

/// Bytes of `ESC [ row ; col H` (`ESC [ row H` in the first column).
fn absolute_len(row: usize, col: usize) -> usize {
    3 + digits(row + 1) + if col == 0 { 0 } else { 1 + digits(col + 1) }
}

/// Bytes of the change from paint `from` to `to` (see `Pen::set_paint`).
fn sgr_len(from: Paint, to: Paint, color: bool) -> usize {
    match to {
        Paint::Plain => 3,
        p if from == Paint::Plain => 3 + sgr(p, color).len(),
        p => 5 + sgr(p, color).len(),
    }
}

fn is_blank(g: Glyph) -> bool {
    g == (' ', Paint::Plain)
}

/// Where one frame's bytes leave the terminal's cursor and which paint
/// they leave on, so each write moves the cursor the shortest way and
/// sends a paint only when it changes.
#[derive(Clone, Copy)]
struct Pen {
    /// Row and column of the cursor; `None` when not known (the start of
    /// a frame, or after the last column, where terminals differ).
    at: Option<(usize, usize)>,
    paint: Paint,
    color: bool,
    /// Columns a row.
    w: usize,
}

impl Pen {
    fn new(color: bool, w: usize) -> Pen {
        Pen {
            at: None,
            paint: Paint::Plain,
            color,
            w,
        }
    }

    /// Bytes of the shortest way to (`row`, `col`): an absolute move, or
    /// down (which keeps the column) and then left or right, or a return
    /// and then right.
    fn move_len(&self, row: usize, col: usize) -> usize {
        let absolute = absolute_len(row, col);
        self.relative_len(row, col)
            .map_or(absolute, |n| n.min(absolute))
    }

    /// Bytes of a relative move there, from a known place above or on its row.
    fn relative_len(&self, row: usize, col: usize) -> Option<usize> {
        let (r, c) = self.at.filter(|&(r, _)| r <= row)?;
        let across = if col == c {
            0
        } else {
            step_len(col.abs_diff(c)).min(1 + step_len(col))
        };
        Some(step_len(row - r) + across)
    }

    fn move_to(&mut self, out: &mut Vec<u8>, row: usize, col: usize) {
        match (self.at, self.relative_len(row, col)) {
            (Some((r, c)), Some(n)) if n <= absolute_len(row, col) => {
                step(out, row - r, b'B');
                if col != c {
                    if step_len(col.abs_diff(c)) <= 1 + step_len(col) {
                        step(out, col.abs_diff(c), if col > c { b'C' } else { b'D' });
                    } else {
                        out.push(b'\r');
                        step(out, col, b'C');
                    }
                }
            }
            // Writing into a Vec cannot fail.
            _ if col == 0 => {
                let _ = write!(out, "\x1b[{}H", row + 1);
            }
            _ => {
                let _ = write!(out, "\x1b[{};{}H", row + 1, col + 1);
            }
        }
        self.at = Some((row, col));
    }

    fn set_paint(&mut self, out: &mut Vec<u8>, paint: Paint) {
        if paint != self.paint {
            match paint {
                Paint::Plain => out.extend_from_slice(b"\x1b[m"),
                // From plain, a paint adds to nothing: no reset first.
                p if self.paint == Paint::Plain => {
                    let _ = write!(out, "\x1b[{}m", sgr(p, self.color));
                }
                p => {
                    let _ = write!(out, "\x1b[0;{}m", sgr(p, self.color));
                }
            }
            self.paint = paint;
        }
    }

    /// Bytes of writing `cells` with the paint now on.
    fn write_len(&self, cells: &[Glyph]) -> usize {
        let mut paint = self.paint;
        let mut n = 0;
        for &(c, p) in cells {
            if c == WIDE_TAIL {
                continue;
            }
            if p != paint && c != ' ' {
                n += sgr_len(paint, p, self.color);
                paint = p;
            }
            n += c.len_utf8();
        }
        n
    }

    /// Writes `cells`, the cursor at their first; a blank in whatever
    /// paint is on (none has a background, so it looks the same).
    fn write(&mut self, out: &mut Vec<u8>, cells: &[Glyph]) {
        for &(c, p) in cells {
            if c == WIDE_TAIL {
                continue;
            }
            if p != self.paint && c != ' ' {
                self.set_paint(out, p);
            }
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
        self.at = match self.at {
            Some((r, c)) if c + cells.len() < self.w => Some((r, c + cells.len())),
            _ => None,
        };
    }

    /// Writes `cells` as `write` does, but a long run of blanks is erased
    /// (`ESC [ n X`) and moved over where that costs less than the blanks.
    fn write_erasing(&mut self, out: &mut Vec<u8>, cells: &[Glyph]) {
        let mut from = 0;
        while from < cells.len() {
            let blank = cells[from..].iter().position(|&g| is_blank(g));
            let Some(b) = blank.map(|b| from + b) else {
                break;
            };
            let n = cells[b..].iter().take_while(|&&g| is_blank(g)).count();
            if step_len(n) * 2 < n {
                self.write(out, &cells[from..b]);
                step(out, n, b'X');
                step(out, n, b'C');
                self.at = self.at.map(|(r, c)| (r, c + n));
                from = b + n;
            } else {
                self.write(out, &cells[from..b + n]);
                from = b + n;
            }
        }
        self.write(out, &cells[from..]);
    }

    /// The end of a frame: the paint back to plain.
    fn finish(&mut self, out: &mut Vec<u8>) {
        self.set_paint(out, Paint::Plain);
        self.at = None;
    }
}

/// `ESC [ n <cmd>` (`ESC [ <cmd>` for one), nothing for none.
fn step(out: &mut Vec<u8>, n: usize, cmd: u8) {
    match n {
        0 => {}
        1 => out.extend_from_slice(&[0x1b, b'[', cmd]),
        n => {
            let _ = write!(out, "\x1b[{n}{}", cmd as char);
        }
    }
}

/// The bytes that turn row `i` from `old` into `new`: when the text moved
/// along the row (a word grew or shrank before it), its cells are shifted
/// (`ESC [ n @` inserts blanks, `ESC [ n P` deletes cells) where that and
/// the rest cost less than rewriting them; rows with wide characters are
/// never shifted (terminals differ on half of one).
fn diff_row(pen: &mut Pen, out: &mut Vec<u8>, i: usize, old: &[Glyph], new: &[Glyph]) {
    let Some((places, k)) = shift_of(old, new) else {
        return diff_line(pen, out, i, old, new);
    };
    let mut best = *pen;
    let mut bytes = Vec::new();
    diff_line(&mut best, &mut bytes, i, old, new);
    let w = old.len();
    let mut shifted = Vec::with_capacity(w);
    for col in places {
        let mut moved = *pen;
        let mut shifting = Vec::new();
        moved.move_to(&mut shifting, i, col);
        shifted.clear();
        shifted.extend_from_slice(&old[..col]);
        let n = k.unsigned_abs();
        if k > 0 {
            step(&mut shifting, n, b'@');
            shifted.resize(col + n, (' ', Paint::Plain));
            shifted.extend_from_slice(&old[col..w - n]);
        } else {
            step(&mut shifting, n, b'P');
            shifted.extend_from_slice(&old[col + n..]);
            shifted.resize(w, (' ', Paint::Plain));
        }
        diff_line(&mut moved, &mut shifting, i, &shifted, new);
        if shifting.len() < bytes.len() {
            best = moved;
            bytes = shifting;
        }
    }
    *pen = best;
    out.extend_from_slice(&bytes);
}

/// By how many cells the text of `old` moved along its row to end where
/// `new` ends (positive: right), and the two places to try the shift:
/// where the rows first differ, and where their common end starts. None
/// when the text did not move, there is no common end, or a character is
/// wide.
fn shift_of(old: &[Glyph], new: &[Glyph]) -> Option<([usize; 2], isize)> {
    let end = |row: &[Glyph]| row.iter().rposition(|&g| !is_blank(g)).map_or(0, |e| e + 1);
    let (to, tn) = (end(old), end(new));
    if to == tn || old.len() != new.len() || old.iter().chain(new).any(|g| g.0 == WIDE_TAIL) {
        return None;
    }
    let mut s = 0;
    while s < to.min(tn) && old[to - 1 - s] == new[tn - 1 - s] {
        s += 1;
    }
    if s == 0 {
        return None;
    }
    let k = tn as isize - to as isize;
    // Inserting at, or deleting from, a place before the common end
    // starts in both rows keeps it whole.
    let last = if k > 0 { to - s } else { tn - s };
    let first = old
        .iter()
        .zip(new)
        .take_while(|(a, b)| a == b)
        .count()
        .min(last);
    Some(([first, last], k))
}

/// The bytes that turn row `i` from `old` into `new`: the cells that
/// changed, the unchanged ones between two of them rewritten where that
/// costs less than moving over them, and an erase to the end of the row
/// where the rest of it is blank.
fn diff_line(pen: &mut Pen, out: &mut Vec<u8>, i: usize, old: &[Glyph], new: &[Glyph]) {
    let w = new.len();
    // From here to the end the new row is blank.
    let tail = new.iter().rposition(|&g| !is_blank(g)).map_or(0, |e| e + 1);
    let changed = |c: usize| old.get(c) != Some(&new[c]);
    let mut col = 0;
    // The cursor is at `col` after a write in this row.
    let mut written = false;
    while col < w {
        let Some(first) = (col..w).find(|&c| changed(c)) else {
            break;
        };
        // A write never starts in the second column of a wide character.
        let start = if first > 0 && new[first].0 == WIDE_TAIL {
            first - 1
        } else {
            first
        };
        if start >= tail {
            // Only blanks from here: one erase to the end of the row.
            if !written || pen.write_len(&new[col..start]) > pen.move_len(i, start) {
                pen.move_to(out, i, start);
            } else {
                pen.write(out, &new[col..start]);
            }
            out.extend_from_slice(b"\x1b[K");
            break;
        }
        if written && pen.write_len(&new[col..start]) <= pen.move_len(i, start) {
            pen.write(out, &new[col..start]);
        } else {
            pen.move_to(out, i, start);
        }
        // The run of changed cells (a wide character's tail with it).
        let mut end = first + 1;
        while end < tail && (changed(end) || new[end].0 == WIDE_TAIL) {
            end += 1;
        }
        pen.write_erasing(out, &new[start..end]);
        written = true;
        col = end;
    }
}

/// The bytes that turn `old` into `new` (`w` cells a row): everything
/// after a clear when there is no `old` (the first frame, a resize),
/// otherwise only what changed.
#[cfg(test)]
fn diff(old: Option<&Cells>, new: &Cells, w: usize, color: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let mut pen = Pen::new(color, w);
    let blank;
    let old = match old.filter(|o| o.len() == new.len()) {
        Some(old) => old,
        None => {
            out.extend_from_slice(CLEAR);
            blank = vec![(' ', Paint::Plain); new.len()];
            &blank
        }
    };
    for (i, (a, b)) in old.chunks(w.max(1)).zip(new.chunks(w.max(1))).enumerate() {
        diff_row(&mut pen, &mut out, i, a, b);
    }
    if !out.is_empty() {
        pen.finish(&mut out);
    }
    out
}

const CLEAR: &[u8] = b"\x1b[m\x1b[2J";

/// Writes only what changed on the terminal; remembers what is shown.
/// Its buffers (the cells shown, one row being laid out, the bytes to
/// write) are kept from frame to frame. A row of text the same as the
/// last frame's is not laid out again; any other is laid out into the
/// one spare row and compared with what is shown, and only the rows that
/// differ are written and kept.
struct Screen {
    /// What the terminal shows, `size.0` cells a row; empty when unknown
    /// (the first frame, after a resize).
    shown: Cells,
    /// The rows `shown` was laid out from.
    rows: Vec<Row>,
    /// One row being laid out.
    spare: Vec<Glyph>,
    /// The bytes of this frame.
    bytes: Vec<u8>,
    size: (u16, u16),
    color: bool,
}

impl Screen {
    fn new(size: (u16, u16), color: bool) -> Screen {
        Screen {
            shown: Vec::new(),
            rows: Vec::new(),
            spare: Vec::new(),
            bytes: Vec::new(),
            size,
            color,
        }
    }

    fn show(&mut self, out: &mut impl Write, rows: Vec<Row>) -> io::Result<()> {
        let (w, h) = (self.size.0 as usize, self.size.1 as usize);
        self.bytes.clear();
        if w == 0 || h == 0 {
            return Ok(());
        }
        let mut pen = Pen::new(self.color, w);
        if self.shown.len() != w * h {
            // Unknown (the first frame, a resize): cleared, then all of it.
            self.shown.clear();
            self.shown.resize(w * h, (' ', Paint::Plain));
            self.rows.clear();
            self.bytes.extend_from_slice(CLEAR);
        }
        self.spare.resize(w, (' ', Paint::Plain));
        for (i, line) in self.shown.chunks_mut(w).enumerate() {
            // A row laid out before, from the same text, is shown as it is.
            if i < self.rows.len() && self.rows.get(i) == rows.get(i) {
                continue;
            }
            fill(&mut self.spare, rows.get(i), self.color);
            if self.spare[..] != line[..] {
                diff_row(&mut pen, &mut self.bytes, i, line, &self.spare);
                line.copy_from_slice(&self.spare);
            }
        }
        self.rows = rows;
        if self.bytes.is_empty() {
            return Ok(());
        }
        pen.finish(&mut self.bytes);
        out.write_all(&self.bytes)?;
        out.flush()
    }

    fn resize(&mut self, (w, h): (u16, u16)) {
        self.size = usable((w, h));
        self.shown.clear();
        self.rows.clear();
    }
}

/// The full screen as a view of the one loop (`drive`).
pub struct FullScreen<'a, O: Write> {
    frames: Frames<'a>,
    out: O,
    screen: Screen,
    /// The tty keys come from; none in tests.
    input: Option<Input>,
    /// A test seam, read once: proves the panic hook restores the terminal.
    panic_after_draw: bool,
}

impl<O: Write> View for FullScreen<'_, O> {
    fn show(&mut self, r: &Runner, now: Duration, _effects: &[Effect]) -> io::Result<()> {
        if r.is_over() {
            // The last bell; restoring the terminal flushes it.
            return Ok(());
        }
        let (w, h) = self.screen.size;
        self.screen
            .show(&mut self.out, self.frames.frame(r, now, w, h))?;
        if self.panic_after_draw {
            panic!("panic requested by BACKRELIEF_TEST_PANIC");
        }
        Ok(())
    }

    fn next_change(&self, r: &Runner, now: Duration) -> Option<Duration> {
        // Everything drawn moves on the segment's whole seconds: the
        // clocks, the phase, the breath; the bars are drawn as they stand
        // then (a bar cell never waits more than a second).
        r.next_second(now)
    }

    fn bell(&mut self) {
        // A failed bell shows up in the next draw.
        let _ = self.out.write_all(b"\x07");
    }

    fn wait(&mut self, r: &Runner, timeout: Duration) -> io::Result<Wake> {
        let Some(input) = &self.input else {
            return Ok(Wake::Nothing);
        };
        Ok(match input.next_event(timeout)? {
            Next::HungUp => Wake::HungUp,
            Next::Event(Event::Key(k)) if k.kind != KeyEventKind::Release => {
                let confirming = matches!(r.mode(), Mode::ConfirmQuit { .. });
                map_key(k.code, k.modifiers, confirming).map_or(Wake::Nothing, Wake::Control)
            }
            Next::Event(Event::Resize(w, h)) => {
                self.screen.resize((w, h));
                Wake::Nothing
            }
            Next::Event(_) | Next::Timeout => Wake::Nothing,
        })
    }

    fn hung_up(&mut self) -> bool {
        self.input.as_ref().is_some_and(Input::hung_up)
    }
}

impl<'a> FullScreen<'a, io::Stdout> {
    /// Raw mode and the alternate screen (restored when the guard drops),
    /// and a view on them.
    pub fn enter(
        plan: &'a Plan,
        lib: &'a Library,
        color: bool,
        panic_after_draw: bool,
    ) -> Result<(TerminalGuard, FullScreen<'a, io::Stdout>)> {
        let guard = TerminalGuard::enter().map_err(|e| Error::io("preparing the terminal", e))?;
        let view = FullScreen {
            frames: Frames::new(plan, lib),
            out: io::stdout(),
            screen: Screen::new(crate::term::screen::size(), color),
            input: Some(Input::open()),
            panic_after_draw,
        };
        Ok((guard, view))
    }

    /// The finish screen, until a key, a signal (`stop`) or
    /// `FINISH_SECONDS` of session time; true when the terminal hung up.
    pub fn finish_screen(
        &mut self,
        runner: &Runner,
        clock: &dyn SessionClock,
        stop: &dyn Fn() -> bool,
        streak: Option<u32>,
    ) -> io::Result<bool> {
        let finish = Finish::of(runner, streak);
        let until = clock.now() + Duration::from_secs(FINISH_SECONDS);
        loop {
            let (w, h) = self.screen.size;
            if self
                .screen
                .show(&mut self.out, finish_frame(&finish, w, h))
                .is_err()
                && self.hung_up()
            {
                return Ok(true);
            }
            let now = clock.now();
            if now >= until || stop() {
                return Ok(false);
            }
            let Some(input) = &self.input else {
                return Ok(false);
            };
            match input.next_event(clock.real(until - now).min(MAX_WAIT))? {
                Next::HungUp => return Ok(true),
                Next::Event(Event::Key(k)) if k.kind != KeyEventKind::Release => return Ok(false),
                Next::Event(Event::Resize(w, h)) => self.screen.resize((w, h)),
                Next::Event(_) | Next::Timeout => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::drive::{drive, Seams, Stop};
    use crate::runner::machine::default_timeline;
    use std::cell::Cell;

    /// A session clock that moves only when the loop waits.
    struct Fake(Cell<Duration>);
    impl crate::clock::SessionClock for Fake {
        fn now(&self) -> Duration {
            self.0.get()
        }
        fn real(&self, session: Duration) -> Duration {
            session
        }
    }
    struct Never;
    impl Stop for Never {
        fn raised(&self) -> bool {
            false
        }
    }

    /// The full screen at a size, driven by the one loop on a fake clock:
    /// counts the wake-ups and keeps the bytes written.
    struct Recorder<'a> {
        screen: FullScreen<'a, Vec<u8>>,
        clock: &'a Fake,
        wakes: usize,
        /// The bytes of the first frame (the whole screen).
        first: Option<usize>,
    }
    impl View for Recorder<'_> {
        fn show(&mut self, r: &Runner, now: Duration, e: &[Effect]) -> io::Result<()> {
            self.screen.show(r, now, e)?;
            self.first.get_or_insert(self.screen.out.len());
            Ok(())
        }
        fn next_change(&self, r: &Runner, now: Duration) -> Option<Duration> {
            self.screen.next_change(r, now)
        }
        fn wait(&mut self, _r: &Runner, timeout: Duration) -> io::Result<Wake> {
            self.wakes += 1;
            self.clock.0.set(self.clock.0.get() + timeout);
            Ok(Wake::Nothing)
        }
        fn hung_up(&mut self) -> bool {
            false
        }
    }

    /// Bytes written after the first frame and wake-ups for `items` run
    /// to the end at `w`x`h`, and the session time it took.
    fn drive_recorded(
        plan: &Plan,
        lib: &Library,
        items: Vec<Item>,
        w: u16,
        h: u16,
    ) -> (usize, usize, Duration) {
        let clock = Fake(Cell::new(Duration::ZERO));
        let mut runner = Runner::new(items, plan.steps.len(), Duration::ZERO);
        let mut view = Recorder {
            screen: FullScreen {
                frames: Frames::new(plan, lib),
                out: Vec::new(),
                screen: Screen::new((w, h), true),
                input: None,
                panic_after_draw: false,
            },
            clock: &clock,
            wakes: 0,
            first: None,
        };
        let seams = Seams {
            clock: &clock,
            stop: &Never,
            voice: None,
            bell: crate::profile::Bell::Off,
        };
        drive(plan, &mut runner, &seams, &mut view).unwrap();
        let first = view.first.unwrap_or(0);
        (view.screen.out.len() - first, view.wakes, clock.now())
    }

    /// The budget of bytes a second at 80x24, in colour (each phase's
    /// colour rewrites every lit cell of the big word), once the first
    /// frame is drawn. The target is to write no more than termdown does
    /// for a countdown of the same length (scripts/bench-report measures
    /// both, without colour); this budget is set near its steady rate, so
    /// that a change that costs bytes shows here.
    const BYTES_A_SECOND: usize = 200;

    fn dose(hold: Option<u32>, reps: Option<u32>, tempo: Option<[u32; 3]>) -> crate::library::Dose {
        crate::library::Dose {
            hold,
            reps,
            sets: 1,
            per_side: false,
            rest: 0,
            pyramid: 0,
            tempo: tempo.map(Into::into),
            alternating: false,
        }
    }

    #[test]
    fn a_one_minute_hold_wakes_and_writes_within_budget() {
        let (plan, lib) = tiny_plan();
        let items = crate::runner::machine::step_items(0, &dose(Some(60), None, None), 0, false);
        let (bytes, wakes, took) = drive_recorded(&plan, &lib, items, 80, 24);
        assert_eq!(took, Duration::from_secs(60), "no drift");
        // Each second moves the clock, and nothing drawn moves between two
        // seconds: one wake-up a second.
        assert!(wakes <= 60 + 1, "{wakes} wake-ups");
        // A hold moves the digits and the bars only: half the budget.
        assert!(bytes <= 60 * BYTES_A_SECOND / 2, "{bytes} bytes in 60 s");
    }

    #[test]
    fn timed_reps_write_within_budget() {
        // Ten reps: lift 2 s, hold 5 s, lower 3 s. Each rep changes the
        // big word three times, the figure twice and every bar.
        let (plan, lib) = tiny_plan();
        let items = crate::runner::machine::step_items(
            0,
            &dose(Some(5), Some(10), Some([2, 5, 3])),
            0,
            false,
        );
        let (bytes, _, took) = drive_recorded(&plan, &lib, items, 80, 24);
        let secs = took.as_secs() as usize;
        assert!(secs >= 100, "{secs} s");
        assert!(bytes <= secs * BYTES_A_SECOND, "{bytes} bytes in {secs} s");
    }

    fn texts(rows: &[Row]) -> Vec<String> {
        rows.iter().map(|r| r.text.clone()).collect()
    }

    fn tiny_plan() -> (Plan, Library) {
        plan_of(5)
    }

    fn plan_of(minutes: u32) -> (Plan, Library) {
        let lib = crate::store::library::builtin_library();
        let a = crate::assess::Answers {
            pain: 3,
            minutes,
            ..Default::default()
        };
        let plan = crate::planner::plan(&crate::planner::Request {
            lib: &lib,
            answers: &a,
            opt_in: &[],
            history: &[],
            flares: &[],
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            program: None,
        })
        .unwrap();
        (plan, lib)
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(24))]
        /// Frames that keep what did not move look, at every moment, the
        /// same as a frame built afresh: through waits, reps, both figures,
        /// the help, skips, set-asides, pauses and resizes.
        #[test]
        fn a_kept_frame_is_the_frame_built_afresh(
            size in (20u16..160, 5u16..70),
            wait_for_start: bool,
            steps in proptest::collection::vec((0u64..9_000, 0usize..14, proptest::bool::weighted(0.05)), 1..60),
        ) {
            let (plan, lib) = plan_of(20);
            let mut frames = Frames::new(&plan, &lib);
            let mut r = Runner::new(default_timeline(&plan, &lib), plan.steps.len(), Duration::ZERO);
            if wait_for_start {
                r.wait_for_start(Duration::ZERO);
            }
            let controls = [Control::PauseResume, Control::Skip, Control::Back, Control::More,
                            Control::Less, Control::Help, Control::SetAside];
            let (mut w, mut h) = size;
            let mut now = Duration::ZERO;
            for (ms, control, resize) in steps {
                now += Duration::from_millis(ms);
                r.tick(now);
                if let Some(&c) = controls.get(control) {
                    r.control(c, now);
                }
                if resize {
                    (w, h) = (h.max(20), w.min(70));
                }
                proptest::prop_assert_eq!(frames.frame(&r, now, w, h), frame(&plan, &lib, &r, now, w, h));
            }
        }
    }

    #[test]
    fn frames_fit_any_terminal_size() {
        let (plan, lib) = tiny_plan();
        let mut r = Runner::new(
            default_timeline(&plan, &lib),
            plan.steps.len(),
            Duration::ZERO,
        );
        r.tick(Duration::from_secs(2));
        for (w, h) in [
            (20u16, 5u16),
            (40, 10),
            (40, 12),
            (60, 20),
            (80, 24),
            (120, 40),
            (30, 1),
        ] {
            let lines = texts(&frame(&plan, &lib, &r, Duration::from_secs(2), w, h));
            assert!(lines.len() <= h as usize, "{w}x{h}: {} lines", lines.len());
            assert!(
                lines
                    .iter()
                    .all(|l| l.chars().count() <= w.max(20) as usize),
                "{w}x{h}"
            );
            // The first get-ready follows the change of position from standing.
            let left = clock_face(plan.steps[0].lead_in.saturating_sub(2).into());
            assert!(
                lines.iter().any(|l| l.contains(&left) || l.contains('█')),
                "{w}x{h}: no countdown {lines:?}"
            );
        }
        let big = texts(&frame(&plan, &lib, &r, Duration::ZERO, 80, 24));
        assert!(
            big.iter().filter(|l| l.contains('█')).count() >= 5,
            "big digits at 80x24"
        );
    }

    #[test]
    fn the_key_line_keeps_quit_and_help_at_any_width_and_says_p_after_a_skip() {
        let (plan, lib) = tiny_plan();
        let mut r = Runner::new(
            default_timeline(&plan, &lib),
            plan.steps.len(),
            Duration::ZERO,
        );
        for w in [20, 40, 80] {
            let line = key_line(&r, false, w);
            assert!(line.starts_with("q quit · ? help"), "{w}: {line}");
            assert!(crate::layout::width(&line) <= w, "{w}: {line}");
        }
        assert!(key_line(&r, false, 80).contains("p back"));
        r.control(Control::Skip, Duration::from_secs(1));
        assert!(key_line(&r, false, 40).starts_with("skipped — p back"));
        let rows = texts(&frame(&plan, &lib, &r, Duration::from_secs(1), 40, 12));
        assert!(rows.iter().any(|l| l.contains("p back")), "{rows:#?}");
    }

    /// An exercise with an end position shows it during each rep's move and
    /// hold, and its start during the return, in the same place.
    #[test]
    fn the_end_figure_alternates_with_the_start_by_the_reps_tempo() {
        let (mut plan, lib) = tiny_plan();
        let e = lib.exercise("glute-bridge").unwrap();
        let end = e.illustration_end.as_deref().unwrap();
        let tempo = e.dose.rep_tempo().unwrap();
        let widest = |art: &str| {
            art.lines()
                .map(str::trim)
                .max_by_key(|l| l.len())
                .unwrap()
                .to_string()
        };
        let (start, end) = (widest(&e.illustration), widest(end));
        plan.steps[0].exercise = e.id.to_string();
        plan.steps[0].dose = e.dose;
        let mut r = Runner::new(
            default_timeline(&plan, &lib),
            plan.steps.len(),
            Duration::ZERO,
        );
        r.control(Control::Skip, Duration::ZERO);
        let at = |s: u32| Duration::from_secs(u64::from(s));
        let moments = [
            (at(1), &end),
            (at(tempo.move_s + 1), &end),
            (at(tempo.move_s + tempo.hold_s + 1), &start),
        ];
        for (w, h) in [(80u16, 24u16), (200, 60)] {
            let mut bars = Vec::new();
            for (now, shown) in moments {
                r.tick(now);
                let rows = texts(&frame(&plan, &lib, &r, now, w, h));
                let other = if shown == &end { &start } else { &end };
                assert!(
                    rows.iter().any(|l| l.contains(shown.as_str()))
                        && !rows.iter().any(|l| l.contains(other.as_str())),
                    "{w}x{h} at {now:?}: {rows:#?}"
                );
                bars.push(rows.iter().position(|l| l.starts_with("this ")));
            }
            assert!(
                bars.iter().all(|b| b.is_some() && *b == bars[0]),
                "{bars:?}"
            );
        }
        // Before the first rep, the start position.
        let r = Runner::new(
            default_timeline(&plan, &lib),
            plan.steps.len(),
            Duration::ZERO,
        );
        let rows = texts(&frame(&plan, &lib, &r, Duration::ZERO, 80, 24));
        assert!(rows.iter().any(|l| l.contains(start.as_str())), "{rows:#?}");
    }

    /// Every exercise's figure, and its end figure, shows whole at 80x24
    /// and 200x60 (beside the digits or under them) during its work, and
    /// its start figure during the get-ready before it; no row is wider
    /// than the screen, at 40x12 either.
    #[test]
    fn every_figure_shows_whole_at_80x24_and_200x60() {
        let (mut plan, lib) = tiny_plan();
        plan.steps.truncate(1);
        let lines = |art: &str| -> Vec<String> {
            crate::layout::sanitise_lines(art)
                .lines()
                .map(|l| l.trim().to_string())
                .collect()
        };
        let whole = |rows: &[String], fig: &[String]| {
            // Each line of the figure, in order, on rows one after another.
            (0..rows.len()).any(|top| {
                fig.iter()
                    .enumerate()
                    .all(|(i, l)| rows.get(top + i).is_some_and(|r| r.contains(l.as_str())))
            })
        };
        for e in lib.exercises.iter() {
            plan.steps[0].exercise = e.id.to_string();
            plan.steps[0].name = e.name.to_string();
            plan.steps[0].dose = e.dose;
            let start = lines(&e.illustration);
            let ready = Runner::new(default_timeline(&plan, &lib), 1, Duration::ZERO);
            let mut r = Runner::new(default_timeline(&plan, &lib), 1, Duration::ZERO);
            r.control(Control::Skip, Duration::ZERO);
            let now = Duration::from_secs(1);
            r.tick(now);
            let shown = match (&e.illustration_end, r.rep_phase(now)) {
                (Some(end), Some(crate::timing::RepPhase::Move)) => lines(end),
                _ => start.clone(),
            };
            for (w, h) in [(80u16, 24u16), (200, 60), (40, 12)] {
                let rows = texts(&frame(&plan, &lib, &ready, Duration::ZERO, w, h));
                let work = texts(&frame(&plan, &lib, &r, now, w, h));
                let tag = format!("{} at {w}x{h}", e.id);
                assert!(
                    rows.iter()
                        .chain(&work)
                        .all(|l| crate::layout::width(l) <= usize::from(w)),
                    "{tag}"
                );
                if w >= 80 {
                    assert!(whole(&rows, &start), "{tag}, get ready: {rows:#?}");
                    assert!(whole(&work, &shown), "{tag}, at work: {work:#?}");
                }
            }
        }
    }

    #[test]
    fn the_figure_shows_where_it_fits_and_the_digits_grow_with_the_window() {
        let (plan, lib) = tiny_plan();
        let mut r = Runner::new(
            default_timeline(&plan, &lib),
            plan.steps.len(),
            Duration::ZERO,
        );
        let now = Duration::from_secs(1);
        r.tick(now);
        let e = lib.exercise(&plan.steps[0].exercise).unwrap();
        let fig = crate::layout::sanitise_lines(&e.illustration);
        let line = fig
            .lines()
            .map(str::trim_end)
            .max_by_key(|l| l.len())
            .unwrap()
            .to_string();
        let digit_rows = |w, h| {
            texts(&frame(&plan, &lib, &r, now, w, h))
                .iter()
                .filter(|l| l.contains('█'))
                .count()
        };
        for (w, h) in [(80u16, 24u16), (200, 60)] {
            let rows = texts(&frame(&plan, &lib, &r, now, w, h));
            assert!(
                rows.iter().any(|l| l.contains(line.trim())),
                "{w}x{h}: {rows:#?}"
            );
            assert!(
                rows.iter().any(|l| l.starts_with("Next: ")),
                "get ready says what comes next"
            );
            assert!(rows.iter().all(|l| crate::layout::width(l) <= w as usize));
        }
        assert!(
            digit_rows(200, 60) > digit_rows(80, 24),
            "bigger digits at 200x60"
        );
        let small = texts(&frame(&plan, &lib, &r, now, 40, 12));
        assert!(small.iter().all(|l| crate::layout::width(l) <= 40));
    }

    #[test]
    fn a_long_rest_shows_the_lesson_where_it_fits_and_a_short_one_does_not() {
        let (mut plan, lib) = tiny_plan();
        plan.lesson = Some(crate::planner::LessonCard {
            id: "test".into(),
            title: "Pain is not damage".into(),
            text: "Hurting does not mean harm: a sore back is usually a sensitive back, \
                   and gentle movement helps it settle."
                .into(),
            source: "precaution".into(),
        });
        let mut timeline = default_timeline(&plan, &lib);
        // Two rests before the first step: 30 s (a lesson) and 10 s (none).
        let rest = |seconds| Item {
            segment: crate::timing::Segment {
                kind: SegmentKind::Rest,
                seconds,
            },
            ..timeline[0]
        };
        let (long, short) = (rest(30), rest(10));
        timeline.splice(0..0, [long, short]);
        let mut r = Runner::new(timeline, plan.steps.len(), Duration::ZERO);
        r.tick(Duration::from_secs(1));
        for (w, h) in [(80u16, 60u16), (40, 60)] {
            let rows = texts(&frame(&plan, &lib, &r, Duration::from_secs(1), w, h));
            assert!(
                rows.iter()
                    .any(|l| l.contains("While you rest: Pain is not damage")),
                "{w}x{h}: {rows:#?}"
            );
            assert!(
                rows.iter().any(|l| l.contains("gentle movement")),
                "{rows:#?}"
            );
            assert!(rows.iter().all(|l| crate::layout::width(l) <= w as usize));
        }
        // Not where the rows are taken: no cut card.
        let small = texts(&frame(&plan, &lib, &r, Duration::from_secs(1), 80, 24));
        assert!(
            !small.iter().any(|l| l.contains("Pain is not damage")),
            "{small:#?}"
        );
        // The 10 s rest: no lesson.
        r.tick(Duration::from_secs(31));
        assert_eq!(r.current().map(|i| i.segment.seconds), Some(10));
        let short = texts(&frame(&plan, &lib, &r, Duration::from_secs(31), 80, 60));
        assert!(
            !short.iter().any(|l| l.contains("Pain is not damage")),
            "{short:#?}"
        );
    }

    #[test]
    fn after_a_steps_last_work_the_wait_says_how_to_come_out() {
        let (plan, lib) = tiny_plan();
        let items = default_timeline(&plan, &lib);
        let is_work = |i: &Item| matches!(i.segment.kind, SegmentKind::Work { .. });
        // The first wait after a step's last work whose exercise says how to come out.
        let k = (1..items.len())
            .find(|&k| {
                let before = &items[k - 1];
                !is_work(&items[k])
                    && is_work(before)
                    && !items[k..]
                        .iter()
                        .any(|i| i.step == before.step && is_work(i))
                    && lib
                        .exercise(&plan.steps[before.step].exercise)
                        .is_some_and(|e| e.come_out.is_some())
            })
            .expect("a step with a way to come out");
        let way = lib
            .exercise(&plan.steps[items[k - 1].step].exercise)
            .and_then(|e| e.come_out.clone())
            .unwrap();
        let first_word = way.split_whitespace().next().unwrap().to_string();
        let mut r = Runner::new(items[k - 1..].to_vec(), plan.steps.len(), Duration::ZERO);
        let now = Duration::from_secs(1);
        r.tick(now);
        let during = texts(&frame(&plan, &lib, &r, now, 80, 60));
        assert!(
            !during.iter().any(|l| l.starts_with("Coming out: ")),
            "{during:#?}"
        );
        r.control(Control::Skip, now);
        assert_eq!(r.position(), 1);
        let rows = texts(&frame(&plan, &lib, &r, now, 80, 60));
        assert!(
            rows.iter()
                .any(|l| l.starts_with(&format!("Coming out: {first_word}"))),
            "{rows:#?}"
        );
        assert!(rows.iter().all(|l| crate::layout::width(l) <= 80));
    }

    #[test]
    fn keys_map_as_documented() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            map_key(KeyCode::Char(' '), none, false),
            Some(Control::PauseResume)
        );
        assert_eq!(
            map_key(KeyCode::Char('n'), none, false),
            Some(Control::Skip)
        );
        assert_eq!(map_key(KeyCode::Char('n'), none, true), Some(Control::No));
        assert_eq!(map_key(KeyCode::Right, none, false), Some(Control::Skip));
        assert_eq!(map_key(KeyCode::Left, none, false), Some(Control::Back));
        assert_eq!(map_key(KeyCode::Esc, none, false), Some(Control::Quit));
        assert_eq!(
            map_key(KeyCode::Char('c'), KeyModifiers::CONTROL, false),
            Some(Control::Interrupt)
        );
        assert_eq!(
            map_key(KeyCode::Char('x'), none, false),
            Some(Control::SetAside)
        );
        assert_eq!(map_key(KeyCode::Char('z'), none, false), None);
    }

    #[test]
    fn every_phase_has_its_own_colour_and_a_style_without_colour() {
        use std::collections::HashSet;
        let all = [
            Banner::GetReady,
            Banner::Hold,
            Banner::Lift,
            Banner::Lower,
            Banner::Rest,
            Banner::SwitchSides,
            Banner::BreatheIn,
            Banner::BreatheOut,
            Banner::Paused,
            Banner::Done,
        ];
        let colours: HashSet<&str> = all.iter().map(|&p| sgr(Paint::Banner(p), true)).collect();
        assert_eq!(colours.len(), all.len(), "one colour each");
        for p in all {
            let mono = sgr(Paint::Banner(p), false);
            assert!(
                mono.split(';').all(|c| c == "1" || c == "0"),
                "{p:?}: only weight without colour, never reverse video, not {mono}"
            );
            assert!(!sgr(Paint::Banner(p), true).split(';').any(|c| c == "7"));
        }
        assert_eq!(sgr(Paint::Banner(Banner::Hold), false), "1");
        assert_ne!(
            sgr(Paint::Banner(Banner::Hold), false),
            sgr(Paint::Banner(Banner::Rest), false),
            "work and rest differ without colour"
        );
    }

    #[test]
    fn the_finish_screen_says_done_time_held_exercises_and_streak() {
        let f = Finish {
            held: Duration::from_secs(250),
            completed: 3,
            steps: 4,
            streak: Some(5),
        };
        for (w, h) in [(80u16, 24u16), (60, 20), (40, 12), (20, 5)] {
            let rows = finish_frame(&f, w, h);
            let text = texts(&rows).join("\n");
            assert!(rows.len() <= h as usize, "{w}x{h}");
            assert!(
                rows.iter().all(|r| r.text.chars().count() <= w as usize),
                "{w}x{h}"
            );
            if h >= 12 {
                assert!(text.contains("Time held:   4 min 10 s"), "{text}");
                assert!(text.contains("3 of 4 completed"), "{text}");
                assert!(text.contains("5 days in a row"), "{text}");
            }
        }
        let big = finish_frame(&f, 80, 24);
        assert_eq!(
            big.iter()
                .filter(|r| r.paint == Paint::Banner(Banner::Done))
                .count(),
            5,
            "DONE in big letters"
        );
        let none = texts(&finish_frame(&Finish { streak: None, ..f }, 80, 24)).join("\n");
        assert!(!none.contains("Streak"));
    }

    #[test]
    fn help_and_steps_fit_or_say_where_they_are_cut() {
        let (plan, lib) = tiny_plan();
        let mut r = Runner::new(
            default_timeline(&plan, &lib),
            plan.steps.len(),
            Duration::ZERO,
        );
        r.tick(Duration::from_secs(6));
        for (w, h) in [(60u16, 20u16), (40, 12)] {
            let steps = texts(&frame(&plan, &lib, &r, Duration::from_secs(6), w, h));
            let e = lib.exercise(&plan.steps[0].exercise).unwrap();
            let last = e.feel.split_whitespace().last().unwrap();
            assert!(
                steps.iter().any(|l| l == "...") || steps.iter().any(|l| l.ends_with(last)),
                "{w}x{h}: steps neither whole nor marked cut: {steps:#?}"
            );
            r.control(Control::Help, Duration::from_secs(6));
            let help = texts(&frame(&plan, &lib, &r, Duration::from_secs(6), w, h));
            r.control(Control::Help, Duration::from_secs(6));
            assert!(help.len() <= h as usize);
            assert!(
                help.iter().any(|l| l.contains("hide this help")),
                "{w}x{h}: the help's last line is cut: {help:#?}"
            );
            assert!(help.iter().all(|l| l.chars().count() <= w as usize));
        }
    }

    proptest::proptest! {
        /// The screen, reusing its buffers frame after frame, writes what
        /// laying out each frame afresh and comparing it with the last does.
        #[test]
        fn the_screen_writes_what_a_fresh_diff_writes(
            frames in proptest::collection::vec(
                // Short texts come back often, in another paint or row.
                proptest::collection::vec(("[ a-c界:]{0,14}|[ab]{1,2}", 0u8..3), 0..5), 1..8),
        ) {
            let (w, h) = (12u16, 4u16);
            let mut screen = Screen::new((w, h), true);
            let mut last: Option<Cells> = None;
            for frame in frames {
                let paints = [Paint::Plain, Paint::Banner(Banner::Hold), Paint::Bold];
                let rows: Vec<Row> = frame
                    .into_iter()
                    .map(|(t, p)| Row::painted(t, paints[p as usize]))
                    .collect();
                let mut out = Vec::new();
                screen.show(&mut out, rows.clone()).unwrap();
                let new = cells(&rows, w, h);
                proptest::prop_assert_eq!(out, diff(last.as_ref(), &new, w as usize, true));
                last = Some(new);
            }
        }
    }

    /// What a terminal (the `vt100` parser) shows after `bytes`: each
    /// cell's text, weight and colour.
    fn terminal_shows(parser: &vt100::Parser) -> Vec<(String, bool, vt100::Color)> {
        let screen = parser.screen();
        let (h, w) = screen.size();
        (0..h.get())
            .flat_map(|r| (0..w.get()).map(move |c| (r, c)))
            .map(|(r, c)| {
                let cell = screen.cell(r, c).unwrap();
                let text = cell.contents().to_string();
                let text = if text.is_empty() {
                    " ".to_string()
                } else {
                    text
                };
                // A blank's paint is not seen.
                if text == " " {
                    (text, false, vt100::Color::Default)
                } else {
                    (text, cell.bold(), cell.fgcolor())
                }
            })
            .collect()
    }

    proptest::proptest! {
        /// Whatever the frames, the terminal ends up showing the last one
        /// exactly as a terminal drawing it afresh would: the shortest
        /// moves, erases, shifts and paints change nothing seen.
        #[test]
        fn a_terminal_shows_each_frame_as_drawn_afresh(
            frames in proptest::collection::vec(
                proptest::collection::vec(("[ a-cé█界:]{0,16}|[ █]{0,20}", 0u8..4), 0..6), 1..10),
        ) {
            let (w, h) = (14u16, 5u16);
            let mut screen = Screen::new((w, h), true);
            let mut parser = vt100::Parser::new(h.try_into().unwrap(), w.try_into().unwrap(), 0);
            for frame in frames {
                let paints = [Paint::Plain, Paint::Banner(Banner::Hold), Paint::Bold,
                              Paint::Banner(Banner::Lift)];
                let rows: Vec<Row> = frame
                    .into_iter()
                    .map(|(t, p)| Row::painted(t, paints[p as usize]))
                    .collect();
                let mut out = Vec::new();
                screen.show(&mut out, rows.clone()).unwrap();
                parser.process(&out);
                let mut fresh = vt100::Parser::new(h.try_into().unwrap(), w.try_into().unwrap(), 0);
                fresh.process(&diff(None, &cells(&rows, w, h), w as usize, true));
                proptest::prop_assert_eq!(terminal_shows(&parser), terminal_shows(&fresh));
            }
        }
    }

    #[test]
    fn only_changed_cells_are_written() {
        let a = vec![Row::plain("0:10 left"), Row::plain("same")];
        let b = vec![Row::plain("0:09 left"), Row::plain("same")];
        let (ca, cb) = (cells(&a, 20, 3), cells(&b, 20, 3));
        let first = diff(None, &ca, 20, false);
        assert!(String::from_utf8_lossy(&first).contains("same"));
        let next = String::from_utf8(diff(Some(&ca), &cb, 20, false)).unwrap();
        assert_eq!(next, "\x1b[1;3H09", "two cells, one jump");
        assert!(
            diff(Some(&cb), &cb, 20, false).is_empty(),
            "nothing changed, nothing written"
        );
        let painted = vec![Row::painted("HOLD", Paint::Banner(Banner::Hold))];
        let out = String::from_utf8(diff(None, &cells(&painted, 10, 1), 10, true)).unwrap();
        assert!(out.contains("\x1b[1;32mHOLD\x1b[m"), "{out:?}");
    }
}
