//! Spoken cues through a speech program found on `PATH` (espeak-ng,
//! spd-say, or macOS's `say`). The timer never waits for speech: cues go to
//! a worker thread that speaks them one after another, dropping any that
//! waited too long (a late "three" is worse than none), and waits for each
//! child, so none is left a zombie. A speech program that hangs is stopped
//! (`child`): after `CUE_LIMIT` on one cue, or when the run ends.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The speech programs tried, in order, and the arguments before the text.
const PROGRAMS: &[(&str, &[&str])] = &[("espeak-ng", &[]), ("spd-say", &["--wait"]), ("say", &[])];

/// A cue that waited longer than this for the voice is dropped.
const STALE: Duration = Duration::from_secs(2);

/// `BACKRELIEF_VOICE_SECONDS` (1 to 600), a test seam: how long a cue may
/// wait and the end waits for the last ones, instead of [`STALE`] and the
/// caller's limit, so a test of what is said is not cut short by a busy
/// machine running its speech program late.
fn patience() -> Option<Duration> {
    std::env::var("BACKRELIEF_VOICE_SECONDS")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|s| (1..=600).contains(s))
        .map(Duration::from_secs)
}

/// The longest one cue may take to say (a few words take a second or two).
const CUE_LIMIT: Duration = Duration::from_secs(15);

/// The first speech program on `path` (a `PATH`-style list).
pub fn find(path: &std::ffi::OsStr) -> Option<(PathBuf, &'static [&'static str])> {
    for dir in std::env::split_paths(path) {
        for (name, args) in PROGRAMS {
            let candidate = dir.join(name);
            if is_executable(&candidate) {
                return Some((candidate, args));
            }
        }
    }
    None
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    p.is_file()
}

/// Speaks cues in order without ever blocking the caller.
pub struct Voice {
    tx: Sender<(String, Instant)>,
    /// Closed by the worker when it has said everything.
    done: std::sync::mpsc::Receiver<()>,
    /// The speech program speaking now, if any, and whether the run is
    /// over (then none is started).
    speaking: Arc<Mutex<Speaking>>,
}

impl Voice {
    /// The voice, or `None` with no speech program on `PATH`.
    pub fn start() -> Option<Voice> {
        let (program, args) = find(&std::env::var_os("PATH")?)?;
        let (tx, rx) = channel::<(String, Instant)>();
        let (done_tx, done) = channel::<()>();
        let speaking = Arc::new(Mutex::new(Speaking::default()));
        let now = Arc::clone(&speaking);
        let stale = patience().unwrap_or(STALE);
        std::thread::Builder::new()
            .name("voice".into())
            .spawn(move || {
                let _done = done_tx;
                for (text, at) in rx {
                    if at.elapsed() > stale {
                        continue;
                    }
                    let child = {
                        let mut state = now.lock().unwrap_or_else(|e| e.into_inner());
                        if state.over {
                            break;
                        }
                        let child = crate::child::spawn_alone(
                            Command::new(&program)
                                .args(args)
                                .arg(&text)
                                .stdin(Stdio::null())
                                .stdout(Stdio::null())
                                .stderr(Stdio::null()),
                        );
                        state.pid = child.as_ref().map_or(0, |c| c.id());
                        child
                    };
                    // Waiting here (not in the timer's loop) reaps it.
                    if let Ok(mut child) = child {
                        let _ = crate::child::wait_limited(&mut child, CUE_LIMIT);
                        now.lock().unwrap_or_else(|e| e.into_inner()).pid = 0;
                    }
                }
            })
            .ok()?;
        Some(Voice { tx, done, speaking })
    }

    /// Lets the last cues ("done") be said once the timer has stopped,
    /// waiting at most `max`.
    /// A speech program still speaking then is stopped: it never
    /// outlives the run.
    pub fn finish(self, max: Duration) {
        let max = patience().unwrap_or(max);
        drop(self.tx);
        if self.done.recv_timeout(max).is_err() {
            let mut state = self.speaking.lock().unwrap_or_else(|e| e.into_inner());
            state.over = true;
            if state.pid != 0 {
                crate::child::stop_group(state.pid);
            }
        }
    }

    pub fn say(&self, text: &str) {
        // A worker that died takes the voice with it; the run goes on.
        let _ = self.tx.send((text.to_string(), Instant::now()));
    }
}

/// The speech program speaking now (its process id, 0 when none), and
/// whether the run is over.
#[derive(Default)]
struct Speaking {
    pid: u32,
    over: bool,
}

/// Whether a speech program is on `PATH`: asked before the session starts,
/// so a missing one is said while the person is still at the screen.
pub fn available() -> bool {
    std::env::var_os("PATH").is_some_and(|p| find(&p).is_some())
}

/// What is said when `--voice` finds no speech program (once per run).
pub const NO_VOICE: &str =
    "note: no speech program found (espeak-ng, spd-say or say); carrying on without a voice";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_speech_program_on_the_path() {
        let dir = std::env::temp_dir().join(format!("backrelief-voice-{}", std::process::id()));
        let (a, b) = (dir.join("a"), dir.join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let path = std::env::join_paths([&a, &b]).unwrap();
        assert!(find(&path).is_none());
        let say = b.join("say");
        std::fs::write(&say, "#!/bin/sh\n").unwrap();
        assert!(find(&path).is_none(), "not executable");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&say, std::fs::Permissions::from_mode(0o755)).unwrap();
            assert_eq!(find(&path).unwrap().0, say);
            let espeak = a.join("espeak-ng");
            std::fs::write(&espeak, "#!/bin/sh\n").unwrap();
            std::fs::set_permissions(&espeak, std::fs::Permissions::from_mode(0o755)).unwrap();
            assert_eq!(find(&path).unwrap().0, espeak, "earlier on PATH wins");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
