//! The terminal's edge cases, shared by the full-screen runner and the key
//! prompts: the signals that end a wait, and a terminal that went away.
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
//!
//! Signals. [`StopSignals`] catches every signal whose default action ends
//! the process, while a wait is armed, so the wait can restore the terminal,
//! save what was done and exit with 128 + the signal. Disarmed, the signals
//! act as usual (the handlers are installed once; signal-hook cannot
//! remove them, so disarming hands each signal back to its default action).

#[cfg(not(unix))]
use crossterm::event;
use crossterm::event::Event;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The signal number a hang-up is reported as (SIGHUP is 1 everywhere).
pub const SIGHUP: i32 = 1;

/// The signals that end a run or a question: every one whose default
/// action terminates the process and that a handler may catch. SIGPIPE is
/// left out: Rust ignores it, a closed pipe shows up as a write error.
#[cfg(unix)]
const STOPPING: &[i32] = &[
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGUSR1,
    signal_hook::consts::SIGUSR2,
    signal_hook::consts::SIGALRM,
    signal_hook::consts::SIGVTALRM,
    signal_hook::consts::SIGPROF,
    signal_hook::consts::SIGXCPU,
    signal_hook::consts::SIGXFSZ,
];
#[cfg(not(unix))]
const STOPPING: &[i32] = &[signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT];

/// True if the signal was already ignored when we started (`nohup`, a
/// shell's `trap '' SIG`): by Unix convention a program leaves such a
/// signal ignored rather than catching it.
#[cfg(unix)]
fn ignored_at_start(sig: i32) -> bool {
    // SAFETY: a query only (no new action); `old` is a valid, zeroed struct.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(sig, std::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN
    }
}

#[cfg(not(unix))]
fn ignored_at_start(_sig: i32) -> bool {
    false
}

/// The handlers' shared state, installed once per process.
struct Handlers {
    /// The last signal caught while armed (0: none).
    caught: Arc<AtomicUsize>,
    /// True while no wait is armed: the signals' default action applies.
    disarmed: Arc<AtomicBool>,
    /// True while a `StopSignals` is alive.
    armed: AtomicBool,
}

fn handlers() -> io::Result<&'static Handlers> {
    static HANDLERS: OnceLock<Result<Handlers, String>> = OnceLock::new();
    HANDLERS
        .get_or_init(|| {
            let h = Handlers {
                caught: Arc::new(AtomicUsize::new(0)),
                disarmed: Arc::new(AtomicBool::new(true)),
                armed: AtomicBool::new(false),
            };
            for &sig in STOPPING.iter().filter(|&&s| !ignored_at_start(s)) {
                // Order matters: the default action runs first when disarmed.
                signal_hook::flag::register_conditional_default(sig, h.disarmed.clone())
                    .and_then(|_| {
                        signal_hook::flag::register_usize(sig, h.caught.clone(), sig as usize)
                    })
                    .map_err(|e| e.to_string())?;
            }
            Ok(h)
        })
        .as_ref()
        .map_err(|e| io::Error::other(e.clone()))
}

/// While it lives, the terminating signals are caught instead of ending the
/// process; see [`StopSignals::caught`]. One at a time: the runner and the
/// questions never wait at once.
pub struct StopSignals {
    handlers: &'static Handlers,
    /// Set once the caller has seen the signal and will act on it.
    taken: AtomicBool,
}

impl StopSignals {
    /// Arms the handlers (installing them the first time).
    pub fn install() -> io::Result<StopSignals> {
        let handlers = handlers()?;
        if handlers.armed.swap(true, Ordering::SeqCst) {
            return Err(io::Error::other("signal handlers are already armed"));
        }
        handlers.caught.store(0, Ordering::SeqCst);
        handlers.disarmed.store(false, Ordering::SeqCst);
        Ok(StopSignals {
            handlers,
            taken: AtomicBool::new(false),
        })
    }

    /// True once a terminating signal has arrived.
    pub fn raised(&self) -> bool {
        self.handlers.caught.load(Ordering::SeqCst) != 0
    }

    /// The signal that arrived, if any; the caller now owns acting on it
    /// (otherwise disarming delivers it again, to its default action).
    pub fn caught(&self) -> Option<i32> {
        match self.handlers.caught.load(Ordering::SeqCst) {
            0 => None,
            sig => {
                self.taken.store(true, Ordering::SeqCst);
                Some(sig as i32)
            }
        }
    }
}

impl Drop for StopSignals {
    fn drop(&mut self) {
        self.handlers.disarmed.store(true, Ordering::SeqCst);
        let late = self.handlers.caught.swap(0, Ordering::SeqCst);
        self.handlers.armed.store(false, Ordering::SeqCst);
        // A signal nobody acted on (it came as the wait ended) is not lost:
        // it is raised again, now with its default action.
        if late != 0 && !self.taken.load(Ordering::SeqCst) {
            let _ = signal_hook::low_level::raise(late as i32);
        }
    }
}

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
        if self.fd < 0 {
            std::thread::sleep(timeout);
            return Some(false);
        }
        let mut pfd = libc::pollfd {
            fd: self.fd,
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = timeout.as_millis().min(i32::MAX as u128) as libc::c_int;
        // SAFETY: one valid pollfd, for the duration of the call.
        let rc = unsafe { libc::poll(&mut pfd, 1, ms) };
        if rc < 0 {
            // EINTR: a signal; the caller looks at the flags.
            return Some(false);
        }
        if pfd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return None;
        }
        Some(pfd.revents & libc::POLLIN != 0)
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
