//! The floor under the runner's CPU: a program that does only what any
//! full-screen countdown must, once a second of session time (every
//! `1 / scale` real seconds): wake from `poll(2)` on the terminal and write
//! one frame's bytes to it. `scripts/bench-report` runs it beside the
//! runner, with the runner's own count of wake-ups and bytes, and shows the
//! runner's CPU against it: what is left above the floor is ours to cut.
//!
//! It speaks the start of a session ("Start the session", "to start") so
//! the same pseudo-terminal driver answers it, and leaves the alternate
//! screen at the end as the runner does.
//!
//!     cargo run --release --example wake_floor -- WAKES BYTES SCALE

#[cfg(unix)]
fn main() {
    use std::io::Write;
    let args: Vec<f64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("WAKES BYTES SCALE, numbers"))
        .collect();
    let [wakes, bytes, scale] = args[..] else {
        eprintln!("usage: wake_floor WAKES BYTES SCALE");
        std::process::exit(2);
    };
    let frame = vec![b'x'; bytes as usize];
    // Raw mode, as the runner reads keys: one key at a time.
    // SAFETY: a termios filled by tcgetattr, on standard input.
    unsafe {
        let mut raw: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(0, &mut raw) == 0 {
            libc::cfmakeraw(&mut raw);
            libc::tcsetattr(0, libc::TCSANOW, &raw);
        }
    }
    let mut out = std::io::stdout().lock();
    let mut key = |prompt: &[u8]| {
        out.write_all(prompt).and_then(|()| out.flush()).unwrap();
        let mut c = [0u8; 1];
        // SAFETY: one byte into a one-byte buffer.
        unsafe { libc::read(0, c.as_mut_ptr().cast(), 1) };
    };
    key(b"Start the session? ");
    key(b"\x1b[?1049h press space to start");
    let mut out = std::io::stdout().lock();
    let wait_ms = (1000.0 / scale).ceil() as libc::c_int;
    for _ in 0..wakes as usize {
        let mut pfd = libc::pollfd {
            fd: 0,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd, for the duration of the call.
        unsafe { libc::poll(&mut pfd, 1, wait_ms) };
        out.write_all(&frame).and_then(|()| out.flush()).unwrap();
    }
    out.write_all(b"\x1b[?1049l")
        .and_then(|()| out.flush())
        .unwrap();
}

#[cfg(not(unix))]
fn main() {
    eprintln!("wake_floor needs poll(2)");
    std::process::exit(2);
}
