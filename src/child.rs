//! Child processes that cannot hang backrelief or outlive it: each starts
//! in a process group of its own (on Unix) and is waited for with a time
//! limit; past it, the group is stopped, whatever the child started too.
//! Used for the system's tools (`system`) and the speech program
//! (`runner::voice`).

use std::process::{Child, Command, ExitStatus};
use std::time::{Duration, Instant};

/// Starts `command` in a process group of its own (on Unix), so that
/// stopping it stops whatever it started too.
pub fn spawn_alone(command: &mut Command) -> std::io::Result<Child> {
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(command, 0);
    command.spawn()
}

/// Stops `child` and everything in its process group.
pub fn stop(child: &mut Child) {
    stop_group(child.id());
    let _ = child.kill();
    let _ = child.wait();
}

/// Stops the process group a child started by [`spawn_alone`] leads, by
/// the child's id (from another thread than the one waiting for it).
pub fn stop_group(leader: u32) {
    #[cfg(unix)]
    if let Ok(pid) = i32::try_from(leader) {
        if pid > 1 {
            // SAFETY: kill(2) with a negative pid signals that process
            // group; it touches no memory.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }
    #[cfg(not(unix))]
    let _ = leader;
}

/// Waits for `child` (started by [`spawn_alone`]) for at most `limit`;
/// its exit status, or `None` when it was still running and was stopped.
pub fn wait_limited(child: &mut Child, limit: Duration) -> std::io::Result<Option<ExitStatus>> {
    let deadline = Instant::now() + limit;
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        let now = Instant::now();
        if now >= deadline {
            stop(child);
            return Ok(None);
        }
        std::thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}
