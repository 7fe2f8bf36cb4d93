//! Spoken cues through a speech program found on `PATH` (espeak-ng,
//! spd-say, or macOS's `say`). The timer never waits for speech: cues go to
//! a worker thread that speaks them one after another, dropping any that
//! waited too long (a late "three" is worse than none), and waits for each
//! child, so none is left a zombie.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{channel, Sender};
use std::time::{Duration, Instant};

/// The speech programs tried, in order, and the arguments before the text.
const PROGRAMS: &[(&str, &[&str])] = &[("espeak-ng", &[]), ("spd-say", &["--wait"]), ("say", &[])];

/// A cue that waited longer than this for the voice is dropped.
const STALE: Duration = Duration::from_secs(2);

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
}

impl Voice {
    /// The voice, or `None` with no speech program on `PATH`.
    pub fn start() -> Option<Voice> {
        let (program, args) = find(&std::env::var_os("PATH")?)?;
        let (tx, rx) = channel::<(String, Instant)>();
        let (done_tx, done) = channel::<()>();
        std::thread::Builder::new()
            .name("voice".into())
            .spawn(move || {
                let _done = done_tx;
                for (text, at) in rx {
                    if at.elapsed() > STALE {
                        continue;
                    }
                    let child = Command::new(&program)
                        .args(args)
                        .arg(&text)
                        .stdin(Stdio::null())
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .spawn();
                    // Waiting here (not in the timer's loop) reaps it.
                    if let Ok(mut child) = child {
                        let _ = child.wait();
                    }
                }
            })
            .ok()?;
        Some(Voice { tx, done })
    }

    /// Lets the last cues ("done") be said once the timer has stopped,
    /// waiting at most `max`.
    pub fn finish(self, max: Duration) {
        drop(self.tx);
        let _ = self.done.recv_timeout(max);
    }

    pub fn say(&self, text: &str) {
        // A worker that died takes the voice with it; the run goes on.
        let _ = self.tx.send((text.to_string(), Instant::now()));
    }
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
