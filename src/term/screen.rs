//! The full screen: raw mode and the alternate screen for as long as a
//! guard lives, always restored (on return, on error, on a signal and on a
//! panic: a hook restores it before the panic message prints), and the
//! terminal's size.

use crossterm::{cursor, execute, terminal};
use std::io;
use std::sync::Once;

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

/// Raw mode alone (the key prompts draw in place, not on the alternate
/// screen), turned off when it drops.
pub struct RawMode;

impl RawMode {
    pub fn enter() -> io::Result<RawMode> {
        terminal::enable_raw_mode()?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// The terminal's size as columns and rows; a pty with no size reports 0x0,
/// and then a classic 80x24 is assumed.
pub fn size() -> (u16, u16) {
    usable(terminal::size().unwrap_or((0, 0)))
}

/// The largest side a layout is drawn for: a terminal (or a forged
/// resize) reporting 65535x65535 must not make the screen buffers grow to
/// gigabytes; nothing readable needs more than this.
pub const MAX_SIDE: u16 = 1000;

/// `(w, h)`, or 80x24 when either is zero, each side at most `MAX_SIDE`.
pub fn usable((w, h): (u16, u16)) -> (u16, u16) {
    if w > 0 && h > 0 {
        (w.min(MAX_SIDE), h.min(MAX_SIDE))
    } else {
        (80, 24)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_or_empty_size_becomes_one_a_layout_can_draw() {
        assert_eq!(usable((65535, 65535)), (MAX_SIDE, MAX_SIDE));
        assert_eq!(usable((200, 60)), (200, 60));
        assert_eq!(usable((0, 60)), (80, 24));
        assert_eq!(usable((1001, 12)), (MAX_SIDE, 12));
    }
}
