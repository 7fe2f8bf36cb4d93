//! Keys and a terminal that went away, shared by the full-screen runner
//! and the key prompts.
//!
//! Keys. We read the tty ourselves and decode the keys (`keyboard`), one
//! reader for it; crossterm only draws. Its own reader cannot be used:
//! it spins at 100% CPU forever once the tty reads return 0 bytes or fail
//! (crossterm issue 793), so a closed terminal, ssh connection or tmux
//! pane left the process spinning; and mixing our `poll(2)` with it loses
//! keys, because its epoll is edge-triggered and, when a resize and a key
//! arrive in the same wake-up, it returns the resize without reading the
//! tty: the key is never reported again (the full-screen loop redrew
//! forever without taking it). [`Input::next_event`] waits with `poll(2)`
//! on the tty, with a bounded timeout, reads what is there and decodes it.
//! A hung-up tty reports `POLLHUP` (Linux also sets `POLLERR`, and
//! `POLLNVAL` covers a closed descriptor), and its reads give 0 bytes or
//! EIO, whether or not SIGHUP was sent: a tty that is not the controlling
//! terminal gets no SIGHUP at all. Our SIGWINCH handler cuts the wait short
//! so a resize redraws at once.

#[cfg(unix)]
use super::signals::ignored_at_start;
#[cfg(not(unix))]
use crossterm::event;
use crossterm::event::Event;
use std::io;
#[cfg(unix)]
use std::sync::atomic::{AtomicBool, Ordering};
#[cfg(unix)]
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// What [`Input::next_event`] saw.
#[derive(Debug)]
pub enum Next {
    Event(Event),
    /// Nothing before the timeout (or a signal cut the wait short).
    Timeout,
    /// The terminal is gone: closed window, dropped ssh, killed tmux pane.
    /// Only detected on Unix, where the tty is polled directly.
    #[cfg_attr(not(unix), allow(dead_code))]
    HungUp,
}

/// The terminal keys are read from: standard input when it is a terminal,
/// otherwise `/dev/tty`.
pub struct Input {
    #[cfg(unix)]
    fd: std::os::fd::RawFd,
    /// `/dev/tty`, kept open for as long as it is read.
    #[cfg(unix)]
    _tty: Option<std::fs::File>,
}

/// Keys decoded but not yet taken, and a sequence split across reads.
/// Process-wide, like the terminal itself: keys typed ahead of the next
/// question are kept for it.
#[cfg(unix)]
struct Typed {
    decoder: super::keyboard::Decoder,
    keys: std::collections::VecDeque<crossterm::event::KeyEvent>,
}

#[cfg(unix)]
static TYPED: std::sync::Mutex<Typed> = std::sync::Mutex::new(Typed {
    decoder: super::keyboard::Decoder::new(),
    keys: std::collections::VecDeque::new(),
});

/// Set by SIGWINCH. The handler is also what makes a resize cut our
/// `poll(2)` short (EINTR): SIGWINCH's default action is to do nothing.
#[cfg(unix)]
fn resized() -> &'static AtomicBool {
    static RESIZED: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    RESIZED.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        let sig = signal_hook::consts::SIGWINCH;
        if !ignored_at_start(sig) {
            // Without the handler a resize shows at the next redraw anyway.
            let _ = signal_hook::flag::register(sig, flag.clone());
            super::signals::wake_on(sig);
        }
        flag
    })
}

/// What a read of the tty gave.
#[cfg(unix)]
enum Read {
    Bytes(usize),
    /// Interrupted by a signal, or nothing there after all.
    Nothing,
    HungUp,
}

impl Input {
    pub fn open() -> Input {
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            resized();
            // SAFETY: isatty only inspects the descriptor.
            if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
                return Input {
                    fd: libc::STDIN_FILENO,
                    _tty: None,
                };
            }
            match std::fs::File::open("/dev/tty") {
                Ok(f) => Input {
                    fd: f.as_raw_fd(),
                    _tty: Some(f),
                },
                // No terminal at all: no key ever comes (the waits still
                // end with their timeout, and signals still stop them).
                Err(_) => Input { fd: -1, _tty: None },
            }
        }
        #[cfg(not(unix))]
        Input {}
    }

    /// Polls the tty for `timeout`: `Some(true)` when there are bytes to
    /// read, `Some(false)` when there is nothing yet, `None` when it hung up.
    #[cfg(unix)]
    fn poll(&self, timeout: Duration) -> Option<bool> {
        // A signal (EINTR or the self-pipe) gives no events: the caller
        // looks at the flags.
        let revents = wait_on(self.fd, libc::POLLIN, timeout);
        if revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return None;
        }
        Some(revents & libc::POLLIN != 0)
    }

    /// One read of what is waiting on the tty (poll said there is some, so
    /// it does not block). End of file or EIO is a hang-up.
    #[cfg(unix)]
    fn read(&self, buf: &mut [u8]) -> io::Result<Read> {
        // SAFETY: `buf` is valid for writes of its length.
        let n = unsafe { libc::read(self.fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n > 0 {
            return Ok(Read::Bytes(n as usize));
        }
        if n == 0 {
            return Ok(Read::HungUp);
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINTR | libc::EAGAIN) => Ok(Read::Nothing),
            Some(libc::EIO | libc::ENXIO | libc::EBADF) => Ok(Read::HungUp),
            _ => Err(e),
        }
    }

    /// True when the terminal has gone away.
    pub fn hung_up(&self) -> bool {
        #[cfg(unix)]
        {
            self.poll(Duration::ZERO).is_none()
        }
        #[cfg(not(unix))]
        false
    }

    /// The next terminal event, waiting at most `timeout`; a signal ends the
    /// wait early (as a `Timeout`, or a `Resize` for SIGWINCH), and a
    /// hang-up is reported, never spun on.
    pub fn next_event(&self, timeout: Duration) -> io::Result<Next> {
        #[cfg(unix)]
        {
            let mut typed = TYPED.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(k) = typed.keys.pop_front() {
                return Ok(Next::Event(Event::Key(k)));
            }
            let found = self.poll(timeout);
            if resized().swap(false, Ordering::SeqCst) {
                let (w, h) = crossterm::terminal::size().unwrap_or((0, 0));
                return Ok(Next::Event(Event::Resize(w, h)));
            }
            match found {
                None => return Ok(self.gone()),
                Some(false) => return Ok(Next::Timeout),
                Some(true) => {}
            }
            let mut buf = [0u8; 1024];
            let n = match self.read(&mut buf)? {
                Read::Bytes(n) => n,
                Read::Nothing => return Ok(Next::Timeout),
                Read::HungUp => return Ok(self.gone()),
            };
            // A full buffer means more is waiting: a trailing Esc may be
            // the start of a sequence rather than the Esc key.
            let more = n == buf.len() || self.poll(Duration::ZERO) == Some(true);
            let keys = typed.decoder.feed(&buf[..n], more);
            typed.keys.extend(keys);
            Ok(match typed.keys.pop_front() {
                Some(k) => Next::Event(Event::Key(k)),
                None => Next::Timeout,
            })
        }
        #[cfg(not(unix))]
        {
            if event::poll(timeout)? {
                Ok(Next::Event(event::read()?))
            } else {
                Ok(Next::Timeout)
            }
        }
    }

    #[cfg(unix)]
    fn gone(&self) -> Next {
        detach_dead_outputs();
        Next::HungUp
    }
}

/// Points standard output and error at `/dev/null` when they are a terminal
/// that hung up, so what is printed after a hang-up (the summary, the exit
/// message) is dropped instead of failing with EIO or panicking.
pub fn detach_dead_outputs() {
    #[cfg(unix)]
    {
        for fd in [libc::STDOUT_FILENO, libc::STDERR_FILENO] {
            let mut pfd = libc::pollfd {
                fd,
                events: libc::POLLOUT,
                revents: 0,
            };
            // SAFETY: one valid pollfd, for the duration of the call.
            let rc = unsafe { libc::poll(&mut pfd, 1, 0) };
            if rc == 1 && pfd.revents & (libc::POLLHUP | libc::POLLERR) != 0 {
                if let Ok(null) = std::fs::OpenOptions::new().write(true).open("/dev/null") {
                    use std::os::fd::AsRawFd;
                    // SAFETY: dup2 onto a standard descriptor we own; the
                    // old description is closed by the kernel.
                    unsafe { libc::dup2(null.as_raw_fd(), fd) };
                }
            }
        }
    }
}

/// True when standard output is a terminal that hung up.
pub fn output_hung_up() -> bool {
    #[cfg(unix)]
    {
        let mut pfd = libc::pollfd {
            fd: libc::STDOUT_FILENO,
            events: libc::POLLOUT,
            revents: 0,
        };
        // SAFETY: one valid pollfd, for the duration of the call.
        let rc = unsafe { libc::poll(&mut pfd, 1, 0) };
        // A reader gone from a pipe shows as POLLERR; only a tty hangs up.
        rc == 1 && pfd.revents & libc::POLLHUP != 0
    }
    #[cfg(not(unix))]
    false
}

/// Waits up to `timeout` for `events` on `fd` (none when it is negative)
/// and for the self-pipe the signals write to: `fd`'s events, none when
/// the time ran out or a signal came (cut short by EINTR, or by the pipe
/// when the signal came just before the wait), so a caller that looks at
/// the signal flags after each wait may wait as long as it likes.
#[cfg(unix)]
fn wait_on(fd: libc::c_int, events: libc::c_short, timeout: Duration) -> libc::c_short {
    let wake = super::signals::wake_fd().unwrap_or(-1);
    let mut pfds = [
        libc::pollfd {
            fd,
            events,
            revents: 0,
        },
        libc::pollfd {
            fd: wake,
            events: libc::POLLIN,
            revents: 0,
        },
    ];
    // Rounded up: a wait shorter than a millisecond must not become
    // poll(0), which returns at once and would spin until the time came.
    let ms = timeout.as_nanos().div_ceil(1_000_000).min(i32::MAX as u128) as libc::c_int;
    // SAFETY: two valid pollfds, for the duration of the call (poll skips
    // a negative descriptor).
    let rc = unsafe { libc::poll(pfds.as_mut_ptr(), 2, ms) };
    if rc <= 0 {
        return 0;
    }
    if pfds[1].revents != 0 {
        super::signals::drain_wake();
    }
    pfds[0].revents
}

/// Sleeps for `timeout`, or less if a signal comes (`poll(2)` is cut short
/// by any caught signal, unlike `thread::sleep`, and by the self-pipe).
pub fn sleep(timeout: Duration) {
    #[cfg(unix)]
    wait_on(-1, 0, timeout);
    #[cfg(not(unix))]
    std::thread::sleep(timeout);
}

/// Drops whatever was typed on the terminal and not yet read, so a key
/// pressed ahead of a question does not answer it.
pub fn discard_typed_ahead() {
    #[cfg(unix)]
    {
        // SAFETY: isatty and tcflush only act on the standard input descriptor.
        unsafe {
            if libc::isatty(libc::STDIN_FILENO) == 1 {
                libc::tcflush(libc::STDIN_FILENO, libc::TCIFLUSH);
            }
        }
        TYPED.lock().unwrap_or_else(|e| e.into_inner()).keys.clear();
    }
}

/// What [`LineInput::next_line`] saw. (Without Unix's poll(2), lines are
/// never waited for, so only some of these are made there.)
#[derive(Debug, PartialEq, Eq)]
#[cfg_attr(not(unix), allow(dead_code))]
pub enum LineWait {
    Line(String),
    /// Nothing before the timeout, or a signal cut the wait short.
    Nothing,
    /// End of input typed (Ctrl+D at the start of a line).
    End,
    HungUp,
}

/// Whole lines typed on a terminal in its ordinary (canonical) mode, read
/// from standard input without blocking: for plain mode's commands.
pub struct LineInput {
    pending: Vec<u8>,
}

impl LineInput {
    /// Only when standard input is a terminal.
    pub fn open() -> Option<LineInput> {
        use std::io::IsTerminal;
        (cfg!(unix) && std::io::stdin().is_terminal()).then(|| LineInput {
            pending: Vec::new(),
        })
    }

    /// The next line typed, waiting at most `timeout`.
    pub fn next_line(&mut self, timeout: Duration) -> io::Result<LineWait> {
        if let Some(line) = self.take_line() {
            return Ok(LineWait::Line(line));
        }
        #[cfg(unix)]
        {
            let revents = wait_on(libc::STDIN_FILENO, libc::POLLIN, timeout);
            if revents == 0 {
                return Ok(LineWait::Nothing);
            }
            if revents & libc::POLLIN == 0 {
                return Ok(LineWait::HungUp);
            }
            let mut buf = [0u8; 256];
            // SAFETY: `buf` is valid for writes of its length.
            let n = unsafe { libc::read(libc::STDIN_FILENO, buf.as_mut_ptr().cast(), buf.len()) };
            if n == 0 {
                return Ok(if revents & libc::POLLHUP != 0 {
                    LineWait::HungUp
                } else {
                    LineWait::End
                });
            }
            if n < 0 {
                let e = io::Error::last_os_error();
                return match e.raw_os_error() {
                    Some(libc::EINTR | libc::EAGAIN) => Ok(LineWait::Nothing),
                    Some(libc::EIO | libc::ENXIO | libc::EBADF) => Ok(LineWait::HungUp),
                    _ => Err(e),
                };
            }
            self.pending.extend_from_slice(&buf[..n as usize]);
            if self.pending.len() > 4096 {
                self.pending.clear();
            }
            Ok(self.take_line().map_or(LineWait::Nothing, LineWait::Line))
        }
        #[cfg(not(unix))]
        {
            sleep(timeout);
            Ok(LineWait::Nothing)
        }
    }

    fn take_line(&mut self) -> Option<String> {
        let end = self.pending.iter().position(|&b| b == b'\n')?;
        let line: Vec<u8> = self.pending.drain(..=end).collect();
        Some(String::from_utf8_lossy(&line[..end]).into_owned())
    }
}
