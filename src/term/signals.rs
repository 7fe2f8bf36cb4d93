//! Signals: [`StopSignals`] catches every signal whose default action ends
//! the process, while a wait is armed, so the wait can restore the terminal,
//! save what was done and exit with 128 + the signal. Disarmed, the signals
//! act as usual (the handlers are installed once; signal-hook cannot
//! remove them, so disarming hands each signal back to its default action).

use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

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
pub(super) fn ignored_at_start(sig: i32) -> bool {
    // SAFETY: a query only (no new action); `old` is a valid, zeroed struct.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(sig, std::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN
    }
}

#[cfg(not(unix))]
pub(super) fn ignored_at_start(_sig: i32) -> bool {
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
                wake_on(sig);
            }
            Ok(h)
        })
        .as_ref()
        .map_err(|e| io::Error::other(e.clone()))
}

/// The self-pipe: a byte is written to it by every signal a wait must
/// end for (the stopping signals while armed, and a resize), so a wait
/// that polls its read end ([`wake_fd`]) ends at once even when the
/// signal came just before the wait began, between a look at the flags
/// and the `poll(2)` (which EINTR alone would miss). The waits can then
/// sleep as long as nothing changes, with no periodic look at the flags.
#[cfg(unix)]
fn wake_pipe() -> Option<&'static (
    std::os::unix::net::UnixStream,
    std::os::unix::net::UnixStream,
)> {
    static PIPE: OnceLock<
        Option<(
            std::os::unix::net::UnixStream,
            std::os::unix::net::UnixStream,
        )>,
    > = OnceLock::new();
    PIPE.get_or_init(|| {
        let (read, write) = std::os::unix::net::UnixStream::pair().ok()?;
        read.set_nonblocking(true).ok()?;
        write.set_nonblocking(true).ok()?;
        Some((read, write))
    })
    .as_ref()
}

/// Makes `sig` (once its own handlers are in place) write to the self-pipe.
#[cfg(unix)]
pub(super) fn wake_on(sig: i32) {
    if let Some(write) = wake_pipe().and_then(|(_, w)| w.try_clone().ok()) {
        // Without it a wait still ends by EINTR, as before.
        let _ = signal_hook::low_level::pipe::register(sig, write);
    }
}

#[cfg(not(unix))]
pub(super) fn wake_on(_sig: i32) {}

/// The read end of the self-pipe, for a wait to poll beside what it waits
/// for; `None` when it could not be made (EINTR still ends the wait).
#[cfg(unix)]
pub(super) fn wake_fd() -> Option<std::os::fd::RawFd> {
    use std::os::fd::AsRawFd;
    wake_pipe().map(|(r, _)| r.as_raw_fd())
}

/// Empties the self-pipe once a wait has seen it (the flags say which
/// signal came).
#[cfg(unix)]
pub(super) fn drain_wake() {
    use std::io::Read;
    if let Some((read, _)) = wake_pipe() {
        let mut read: &std::os::unix::net::UnixStream = read;
        let mut buf = [0u8; 64];
        while matches!(read.read(&mut buf), Ok(n) if n > 0) {}
    }
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
