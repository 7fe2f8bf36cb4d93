//! Bytes typed on a terminal in raw mode, turned into key presses: the keys
//! the runner and the questions use (letters, digits, Enter, Tab,
//! Backspace, Esc, arrows, Home/End, Ctrl+letter), the way crossterm
//! reports them. Pure: `runner::terminal` reads the bytes.
//!
//! We decode keys ourselves because we read the tty ourselves: crossterm's
//! reader spins on a closed terminal (crossterm issue 793) and, on a
//! resize, can drop the readiness of bytes already waiting (its edge-
//! triggered epoll reports the tty and its SIGWINCH pipe together, and it
//! returns the resize without reading the tty), so a key typed after a
//! resize was never seen. One reader of the tty avoids both.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Bytes kept while a sequence is incomplete; anything longer is noise.
const MAX_PENDING: usize = 64;

/// Holds the bytes of a sequence split across reads.
#[derive(Default, Debug)]
pub struct Decoder {
    pending: Vec<u8>,
}

/// One step of decoding the front of a buffer.
#[derive(Debug, PartialEq)]
enum Decoded {
    /// A key, and how many bytes it took.
    Key(KeyEvent, usize),
    /// Bytes that are no key we know (mouse reports, F-keys, stray bytes).
    Skip(usize),
    /// An incomplete sequence: wait for more bytes.
    Wait,
}

impl Decoder {
    pub const fn new() -> Decoder {
        Decoder {
            pending: Vec::new(),
        }
    }

    /// The keys in `bytes` (one read), in order. `more` says more bytes are
    /// already waiting: then a lone Esc at the end may start a sequence.
    pub fn feed(&mut self, bytes: &[u8], more: bool) -> Vec<KeyEvent> {
        self.pending.extend_from_slice(bytes);
        let mut keys = Vec::new();
        let mut at = 0;
        while at < self.pending.len() {
            match step(&self.pending[at..], more) {
                Decoded::Key(k, n) => {
                    keys.push(k);
                    at += n;
                }
                Decoded::Skip(n) => at += n,
                Decoded::Wait => break,
            }
        }
        self.pending.drain(..at);
        if self.pending.len() > MAX_PENDING {
            self.pending.clear();
        }
        keys
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn plain(code: KeyCode) -> KeyEvent {
    key(code, KeyModifiers::NONE)
}

fn step(buf: &[u8], more: bool) -> Decoded {
    match buf[0] {
        0x1b => escape(buf, more),
        b'\r' | b'\n' => Decoded::Key(plain(KeyCode::Enter), 1),
        b'\t' => Decoded::Key(plain(KeyCode::Tab), 1),
        0x7f | 0x08 => Decoded::Key(plain(KeyCode::Backspace), 1),
        0 => Decoded::Key(key(KeyCode::Char(' '), KeyModifiers::CONTROL), 1),
        c @ 0x01..=0x1a => Decoded::Key(
            key(KeyCode::Char((c - 1 + b'a') as char), KeyModifiers::CONTROL),
            1,
        ),
        c @ 0x1c..=0x1f => Decoded::Key(
            key(
                KeyCode::Char((c - 0x1c + b'4') as char),
                KeyModifiers::CONTROL,
            ),
            1,
        ),
        _ => utf8(buf),
    }
}

fn utf8(buf: &[u8]) -> Decoded {
    let len = match buf[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Decoded::Skip(1),
    };
    if buf.len() < len {
        // Only wait if what came so far can still become a character.
        return if buf[1..].iter().all(|b| b & 0xc0 == 0x80) {
            Decoded::Wait
        } else {
            Decoded::Skip(1)
        };
    }
    match std::str::from_utf8(&buf[..len])
        .ok()
        .and_then(|s| s.chars().next())
    {
        Some(c) if c.is_control() => Decoded::Skip(len),
        Some(c) => {
            let m = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            Decoded::Key(key(KeyCode::Char(c), m), len)
        }
        None => Decoded::Skip(1),
    }
}

fn escape(buf: &[u8], more: bool) -> Decoded {
    let Some(&next) = buf.get(1) else {
        // A lone Esc is the Esc key unless the rest of a sequence is coming.
        return if more {
            Decoded::Wait
        } else {
            Decoded::Key(plain(KeyCode::Esc), 1)
        };
    };
    match next {
        b'[' => csi(buf),
        b'O' => match buf.get(2) {
            None => Decoded::Wait,
            Some(&c) => match arrow(c) {
                Some(code) => Decoded::Key(plain(code), 3),
                None => Decoded::Skip(3),
            },
        },
        0x1b => Decoded::Key(plain(KeyCode::Esc), 1),
        // Esc then a key: that key with Alt, as terminals send Alt+key.
        _ => match step(&buf[1..], more) {
            Decoded::Key(mut k, n) => {
                k.modifiers |= KeyModifiers::ALT;
                Decoded::Key(k, n + 1)
            }
            Decoded::Skip(n) => Decoded::Skip(n + 1),
            Decoded::Wait => Decoded::Wait,
        },
    }
}

fn arrow(c: u8) -> Option<KeyCode> {
    Some(match c {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        _ => return None,
    })
}

/// `ESC [ params final`: arrows and editing keys, with xterm's modifier
/// parameter (`ESC [ 1 ; 5 C` is Ctrl+Right); any other is skipped whole.
fn csi(buf: &[u8]) -> Decoded {
    // Parameter and intermediate bytes, then one final byte (ECMA-48).
    let Some(end) = buf[2..].iter().position(|b| (0x40..=0x7e).contains(b)) else {
        return if buf[2..].iter().all(|b| (0x20..=0x3f).contains(b)) {
            Decoded::Wait
        } else {
            Decoded::Skip(2)
        };
    };
    let len = 2 + end + 1;
    let params: Vec<u16> = std::str::from_utf8(&buf[2..2 + end])
        .unwrap_or("")
        .split(';')
        .map(|p| p.parse().unwrap_or(0))
        .collect();
    let modifiers = match params.get(1) {
        Some(&m) if m > 1 => {
            let bits = m - 1;
            let mut mods = KeyModifiers::NONE;
            if bits & 1 != 0 {
                mods |= KeyModifiers::SHIFT;
            }
            if bits & 2 != 0 {
                mods |= KeyModifiers::ALT;
            }
            if bits & 4 != 0 {
                mods |= KeyModifiers::CONTROL;
            }
            mods
        }
        _ => KeyModifiers::NONE,
    };
    let code = match buf[len - 1] {
        b'~' => match params.first() {
            Some(1 | 7) => Some(KeyCode::Home),
            Some(2) => Some(KeyCode::Insert),
            Some(3) => Some(KeyCode::Delete),
            Some(4 | 8) => Some(KeyCode::End),
            Some(5) => Some(KeyCode::PageUp),
            Some(6) => Some(KeyCode::PageDown),
            _ => None,
        },
        b'Z' => Some(KeyCode::BackTab),
        // `ESC [ <` starts an SGR mouse report, which also ends in M or m.
        c if buf[2] != b'<' => arrow(c),
        _ => None,
    };
    match code {
        Some(code) => Decoded::Key(key(code, modifiers), len),
        None => Decoded::Skip(len),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<KeyEvent> {
        Decoder::default().feed(bytes, false)
    }

    #[test]
    fn letters_digits_and_symbols_are_characters() {
        assert_eq!(
            keys(b"q1+ "),
            vec![
                plain(KeyCode::Char('q')),
                plain(KeyCode::Char('1')),
                plain(KeyCode::Char('+')),
                plain(KeyCode::Char(' ')),
            ]
        );
        assert_eq!(
            keys(b"Y"),
            vec![key(KeyCode::Char('Y'), KeyModifiers::SHIFT)]
        );
        assert_eq!(keys("é→".as_bytes()).len(), 2);
    }

    #[test]
    fn control_keys() {
        assert_eq!(keys(b"\r"), vec![plain(KeyCode::Enter)]);
        assert_eq!(keys(b"\n"), vec![plain(KeyCode::Enter)]);
        assert_eq!(keys(b"\x7f"), vec![plain(KeyCode::Backspace)]);
        assert_eq!(keys(b"\t"), vec![plain(KeyCode::Tab)]);
        assert_eq!(
            keys(b"\x03\x04"),
            vec![
                key(KeyCode::Char('c'), KeyModifiers::CONTROL),
                key(KeyCode::Char('d'), KeyModifiers::CONTROL),
            ]
        );
    }

    #[test]
    fn arrows_in_both_cursor_modes_and_with_modifiers() {
        assert_eq!(
            keys(b"\x1b[A\x1b[B\x1bOC\x1bOD"),
            vec![
                plain(KeyCode::Up),
                plain(KeyCode::Down),
                plain(KeyCode::Right),
                plain(KeyCode::Left),
            ]
        );
        assert_eq!(
            keys(b"\x1b[1;5C"),
            vec![key(KeyCode::Right, KeyModifiers::CONTROL)]
        );
        assert_eq!(keys(b"\x1b[3~"), vec![plain(KeyCode::Delete)]);
    }

    #[test]
    fn a_lone_escape_is_esc_unless_more_is_coming() {
        assert_eq!(keys(b"\x1b"), vec![plain(KeyCode::Esc)]);
        let mut d = Decoder::default();
        assert!(d.feed(b"\x1b", true).is_empty());
        assert_eq!(d.feed(b"[D", false), vec![plain(KeyCode::Left)]);
        assert_eq!(
            keys(b"\x1bq"),
            vec![key(KeyCode::Char('q'), KeyModifiers::ALT)]
        );
    }

    #[test]
    fn sequences_and_characters_split_across_reads_are_joined() {
        let mut d = Decoder::default();
        assert!(d.feed(b"\x1b[1;", false).is_empty());
        assert_eq!(
            d.feed(b"2Aq", false),
            vec![
                key(KeyCode::Up, KeyModifiers::SHIFT),
                plain(KeyCode::Char('q'))
            ]
        );
        let e = "é".as_bytes();
        assert!(d.feed(&e[..1], false).is_empty());
        assert_eq!(d.feed(&e[1..], false), vec![plain(KeyCode::Char('é'))]);
    }

    #[test]
    fn unknown_sequences_and_stray_bytes_are_skipped_not_typed() {
        // F5, an SGR mouse report, a focus event, a C1 control, a bad byte.
        assert_eq!(
            keys(b"\x1b[15~\x1b[<0;3;4M\x1b[I\xc2\x9b\xffn"),
            vec![plain(KeyCode::Char('n'))]
        );
    }

    #[test]
    fn endless_garbage_is_dropped_not_kept() {
        let mut d = Decoder::default();
        let mut junk = b"\x1b[".to_vec();
        junk.extend(std::iter::repeat_n(b'1', 200));
        assert!(d.feed(&junk, false).is_empty());
        assert!(d.pending.is_empty());
        assert_eq!(d.feed(b"y", false), vec![plain(KeyCode::Char('y'))]);
    }
}
