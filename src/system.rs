//! The system's own tools, found on `PATH`: systemctl, crontab and
//! launchctl for reminders, notify-send or osascript for a desktop
//! notification. Reminder files are written under `HOME`/XDG directories;
//! nothing else on the system is touched.

use crate::error::{Error, Result};
use crate::remind::{self, Nudge, System, Time};
use crate::store::paths;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The first executable called `name` on `PATH`.
pub fn find(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file() && is_executable(&m)))
}

#[cfg(unix)]
fn is_executable(m: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    m.permissions().mode() & 0o111 != 0
}

// Windows has no execute bit; a file on PATH with the name is the program.
#[cfg(not(unix))]
fn is_executable(_: &std::fs::Metadata) -> bool {
    true
}

/// The reminder system this machine has: launchd where launchctl is (macOS),
/// systemd where systemctl is and systemd is running, else cron.
pub fn detect() -> Option<System> {
    if find("launchctl").is_some() {
        Some(System::Launchd)
    } else if find("systemctl").is_some() && Path::new("/run/systemd/system").is_dir() {
        Some(System::Systemd)
    } else if find("crontab").is_some() {
        Some(System::Cron)
    } else {
        None
    }
}

/// Runs a program with `input` on its stdin and `LC_ALL=C` (so its
/// messages are the ones this code looks for); its output, or an error
/// naming the command.
fn run(program: &str, args: &[&str], input: Option<&[u8]>) -> Result<std::process::Output> {
    run_env(program, args, input, &[])
}

fn shown(program: &str, args: &[&str]) -> String {
    let mut words = vec![program.to_string()];
    words.extend(args.iter().map(|a| a.to_string()));
    remind::shell_line(&words)
}

fn run_env(
    program: &str,
    args: &[&str],
    input: Option<&[u8]>,
    env: &[(&str, &std::ffi::OsStr)],
) -> Result<std::process::Output> {
    let shown = shown(program, args);
    let mut command = Command::new(program);
    command
        .args(args)
        .env("LC_ALL", "C")
        .envs(env.iter().copied())
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = crate::child::spawn_alone(&mut command)
        .map_err(|e| Error::io(format!("running `{shown}`"), e))?;
    let writer = match (input, child.stdin.take()) {
        (Some(bytes), Some(mut stdin)) => {
            let bytes = bytes.to_vec();
            // A thread, so a program that writes before it has read
            // everything cannot block us both.
            Some(std::thread::spawn(move || stdin.write_all(&bytes)))
        }
        _ => None,
    };
    let limit = tool_limit();
    let out = wait_output(child, limit)
        .map_err(|e| Error::io(format!("running `{shown}`"), e))?
        .ok_or_else(|| {
            Error::Usage(format!(
                "`{shown}` did not finish within {} seconds, so it was stopped",
                limit.as_secs()
            ))
        })?;
    if let Some(w) = writer {
        w.join()
            .unwrap_or_else(|_| Err(std::io::Error::other("writer thread failed")))
            .map_err(|e| Error::io(format!("writing to `{shown}`"), e))?;
    }
    Ok(out)
}

/// The longest a system tool may run: every one of them answers in well
/// under a second, so one that takes this long is hung (a `crontab` waiting
/// on a lock, a `systemctl` whose bus does not answer) and is stopped.
pub const TOOL_SECONDS: u64 = 20;

/// [`TOOL_SECONDS`], or `BACKRELIEF_TOOL_SECONDS` (1 to 600; a test seam,
/// so a test of a hung tool does not wait 20 seconds).
fn tool_limit() -> std::time::Duration {
    let seconds = std::env::var("BACKRELIEF_TOOL_SECONDS")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|s| (1..=600).contains(s))
        .unwrap_or(TOOL_SECONDS);
    std::time::Duration::from_secs(seconds)
}

/// [`std::process::Child::wait_with_output`] within `limit`: `None` when
/// the child (or a process it started that still holds its output open)
/// ran past it and was stopped.
fn wait_output(
    mut child: std::process::Child,
    limit: std::time::Duration,
) -> std::io::Result<Option<std::process::Output>> {
    use std::io::Read;
    use std::sync::mpsc::channel;
    let deadline = std::time::Instant::now() + limit;
    let (tx, rx) = channel();
    let readers = [
        child
            .stdout
            .take()
            .map(|o| Box::new(o) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|e| Box::new(e) as Box<dyn Read + Send>),
    ];
    for (which, reader) in readers.into_iter().enumerate() {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let read = match reader {
                Some(mut r) => r.read_to_end(&mut buf).map(|_| buf),
                None => Ok(buf),
            };
            let _ = tx.send((which, read));
        });
    }
    drop(tx);
    let Some(status) = crate::child::wait_limited(&mut child, limit)? else {
        return Ok(None);
    };
    let mut streams = [Vec::new(), Vec::new()];
    for _ in 0..2 {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match rx.recv_timeout(left) {
            Ok((which, read)) => streams[which] = read?,
            // It ended, but something it started keeps its output open.
            Err(_) => {
                crate::child::stop(&mut child);
                return Ok(None);
            }
        }
    }
    let [stdout, stderr] = streams;
    Ok(Some(std::process::Output {
        status,
        stdout,
        stderr,
    }))
}

/// What a failed command said, on one line, safe to print.
fn said(out: &std::process::Output) -> String {
    let text = String::from_utf8_lossy(&out.stderr);
    let text = text.trim();
    let text = if text.is_empty() {
        format!("{}", out.status)
    } else {
        text.lines().collect::<Vec<_>>().join("; ")
    };
    crate::output::sanitise(&text).into_owned()
}

/// Runs a program that must succeed.
fn must(program: &str, args: &[&str], input: Option<&[u8]>) -> Result<()> {
    let out = run(program, args, input)?;
    if out.status.success() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "`{}` failed: {}",
        shown(program, args),
        said(&out)
    )))
}

/// The files an installed reminder keeps, for `system`.
pub fn files(system: System) -> Result<Vec<PathBuf>> {
    let none = |what: &str| Error::Usage(format!("cannot find {what}; is HOME set?"));
    let paths = match system {
        System::Systemd => {
            let dir =
                paths::systemd_user_dir().ok_or_else(|| none("the systemd user directory"))?;
            vec![
                dir.join(format!("{}.service", remind::NAME)),
                dir.join(format!("{}.timer", remind::NAME)),
            ]
        }
        System::Launchd => {
            let dir = paths::launch_agents_dir().ok_or_else(|| none("~/Library/LaunchAgents"))?;
            vec![dir.join(format!("{}.plist", remind::LAUNCHD_LABEL))]
        }
        System::Cron => Vec::new(),
    };
    for p in &paths {
        // These paths are printed and handed to launchctl: the same rules
        // as for anything written into an entry.
        remind::checked_path("the reminder's file", p).map_err(Error::Usage)?;
    }
    Ok(paths)
}

/// What `--install` would write, as files with their text, and the
/// commands it would then run. Made only by [`plan`], which has read every
/// text back into the model it came from.
pub struct Plan {
    pub system: System,
    pub files: Vec<(PathBuf, String)>,
    pub commands: Vec<Vec<String>>,
    /// For cron: the line added to the crontab.
    pub cron_line: Option<String>,
}

/// The entry for `system`, rendered from the checked model and read back:
/// anything that does not parse back into exactly `nudge` and `at` is an
/// error, and nothing is written.
pub fn plan(system: System, nudge: &Nudge, at: Time) -> Result<Plan> {
    let paths = files(system)?;
    let refused =
        |why: String| Error::Usage(format!("cannot make a {} reminder: {why}", system.name()));
    let garbled = |why: String| {
        Error::Usage(format!(
            "the {} entry did not read back as written ({why}); nothing was installed",
            system.name()
        ))
    };
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    Ok(match system {
        System::Systemd => {
            let (service, timer) = remind::systemd_units(nudge, at).map_err(refused)?;
            let back = remind::parse_systemd_service(&service).map_err(garbled)?;
            let when = remind::parse_systemd_timer(&timer).map_err(garbled)?;
            if back != *nudge || when != at {
                return Err(garbled(format!("it runs {back:?} at {when}")));
            }
            Plan {
                system,
                files: vec![(paths[0].clone(), service), (paths[1].clone(), timer)],
                commands: vec![
                    s(&["systemctl", "--user", "daemon-reload"]),
                    s(&[
                        "systemctl",
                        "--user",
                        "enable",
                        "--now",
                        &format!("{}.timer", remind::NAME),
                    ]),
                ],
                cron_line: None,
            }
        }
        System::Launchd => {
            let plist = remind::launchd_plist(nudge, at).map_err(refused)?;
            let back = remind::parse_plist(&plist).map_err(garbled)?;
            if back != (at, nudge.clone()) {
                return Err(garbled(format!("it runs {:?} at {}", back.1, back.0)));
            }
            let p = paths[0].display().to_string();
            Plan {
                system,
                files: vec![(paths[0].clone(), plist)],
                commands: vec![s(&["launchctl", "load", "-w", &p])],
                cron_line: None,
            }
        }
        System::Cron => {
            let line = remind::cron_line(nudge, at).map_err(refused)?;
            if remind::parse_cron_line(&line) != Some((at, nudge.clone())) {
                return Err(garbled("the line is not in backrelief's form".into()));
            }
            Plan {
                system,
                files: Vec::new(),
                commands: Vec::new(),
                cron_line: Some(line),
            }
        }
    })
}

/// The user's crontab, byte for byte (`crontab -l`, with `LC_ALL=C`). No
/// crontab yet (exit 1 saying "no crontab for") is an empty one; any other
/// failure is an error, so nothing is written over a table we could not read.
fn crontab() -> Result<Vec<u8>> {
    let out = run("crontab", &["-l"], None)?;
    if out.status.success() {
        return Ok(out.stdout);
    }
    if out.status.code() == Some(1)
        && String::from_utf8_lossy(&out.stderr).contains("no crontab for")
    {
        return Ok(Vec::new());
    }
    Err(Error::Usage(format!(
        "`crontab -l` failed, so your crontab was left as it was: {}",
        said(&out)
    )))
}

/// Whether the file at `path` (if any) is one backrelief wrote.
fn owned(system: System, text: &str) -> bool {
    match system {
        System::Systemd => remind::systemd_is_ours(text),
        System::Launchd => text.contains(&format!("<string>{}</string>", remind::LAUNCHD_LABEL)),
        System::Cron => false,
    }
}

/// The files of `plan` as they are now (`None` where there is none); an
/// error for one backrelief did not write, which is never replaced.
fn before(plan: &Plan) -> Result<Vec<Option<Vec<u8>>>> {
    plan.files
        .iter()
        .map(|(path, _)| match std::fs::read(path) {
            Ok(bytes) if owned(plan.system, &String::from_utf8_lossy(&bytes)) => Ok(Some(bytes)),
            Ok(_) => Err(Error::Usage(format!(
                "{} was not written by backrelief, so it is left alone; move it away to install the reminder",
                path.display()
            ))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(format!("reading {}", path.display()), e)),
        })
        .collect()
}

/// Puts the files of `plan` back as they were before an install failed.
fn restore(plan: &Plan, old: &[Option<Vec<u8>>]) {
    for ((path, _), old) in plan.files.iter().zip(old) {
        let _ = match old {
            Some(bytes) => crate::store::files::write_atomic(path, bytes),
            None => std::fs::remove_file(path).map_err(|e| Error::io("", e)),
        };
    }
}

/// Runs the system's own checker on the files of `plan` where it is
/// installed (`systemd-analyze verify`, `plutil -lint`), on copies in a
/// temporary folder, before anything is installed.
fn system_check(plan: &Plan) -> Result<()> {
    let tool = match plan.system {
        System::Systemd => "systemd-analyze",
        System::Launchd => "plutil",
        System::Cron => return Ok(()),
    };
    if find(tool).is_none() {
        return Ok(());
    }
    let dir = tempfile::Builder::new()
        .prefix(".backrelief-")
        .tempdir()
        .map_err(|e| Error::io("creating a temporary folder", e))?;
    let mut args: Vec<String> = match plan.system {
        System::Systemd => vec!["--user".into(), "verify".into(), "--man=no".into()],
        _ => vec!["-lint".into()],
    };
    for (path, text) in &plan.files {
        let copy = dir.path().join(path.file_name().expect("a file name"));
        std::fs::write(&copy, text)
            .map_err(|e| Error::io(format!("writing {}", copy.display()), e))?;
        args.push(copy.display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // `--user` needs a runtime folder to exist; a private one will do.
    let runtime = std::env::var_os("XDG_RUNTIME_DIR")
        .unwrap_or_else(|| dir.path().as_os_str().to_os_string());
    let out = run_env(tool, &args, None, &[("XDG_RUNTIME_DIR", &runtime)])?;
    if out.status.success() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "`{tool}` refused the {} entry, so nothing was installed: {}",
        plan.system.name(),
        said(&out)
    )))
}

/// Installs `plan`: checks it with the system's own tool where there is
/// one, writes it, reads it back, and enables it. `Ok` only when every
/// step was accepted; otherwise the files are put back as they were.
pub fn install(plan: &Plan) -> Result<()> {
    if let Some(line) = &plan.cron_line {
        return install_cron(line);
    }
    let old = before(plan)?;
    system_check(plan)?;
    let result = (|| {
        for (path, text) in &plan.files {
            crate::store::files::write_atomic(path, text.as_bytes())?;
            let back = std::fs::read(path)
                .map_err(|e| Error::io(format!("reading back {}", path.display()), e))?;
            if back != text.as_bytes() {
                return Err(Error::Usage(format!(
                    "{} did not read back as written",
                    path.display()
                )));
            }
        }
        if plan.system == System::Launchd {
            // Loading twice is refused; unload first, and ignore "not loaded".
            if let Some((path, _)) = plan.files.first() {
                let _ = run("launchctl", &["unload", &path.display().to_string()], None);
            }
        }
        for c in &plan.commands {
            let args: Vec<&str> = c[1..].iter().map(String::as_str).collect();
            must(&c[0], &args, None)?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        restore(plan, &old);
        if plan.system == System::Systemd {
            let _ = run("systemctl", &["--user", "daemon-reload"], None);
        }
        return Err(match e {
            Error::Usage(m) => Error::Usage(format!("{m}; the reminder was not installed")),
            other => other.prefixed("the reminder was not installed"),
        });
    }
    Ok(())
}

/// Replaces our crontab line (if any) with `line`, leaving every other byte
/// as it was, then reads the table back to see that cron kept it.
fn install_cron(line: &str) -> Result<()> {
    if find("crontab").is_none() {
        return Err(Error::Usage(
            "crontab is not installed here; choose another --system".into(),
        ));
    }
    let current = crontab()?;
    let new = remind::crontab_with(&current, Some(line));
    must("crontab", &["-"], Some(&new))?;
    let back = crontab()?;
    let ours: Vec<String> = remind::crontab_ours(&back)
        .into_iter()
        .map(|(l, _, _)| l)
        .collect();
    if ours != [line] || remind::crontab_theirs(&back) != remind::crontab_theirs(&current) {
        return Err(Error::Usage(
            "the crontab read back is not what was written; check it with `crontab -l`".into(),
        ));
    }
    Ok(())
}

/// What `remove` did: what went, and what was left alone and why.
#[derive(Default)]
pub struct Removed {
    pub done: Vec<String>,
    pub left: Vec<String>,
}

/// Undoes `install` for `system`, touching only what backrelief wrote.
pub fn remove(system: System) -> Result<Removed> {
    let mut r = Removed::default();
    match system {
        System::Cron => {
            if find("crontab").is_some() {
                let current = crontab()?;
                if !remind::crontab_ours(&current).is_empty() {
                    let new = remind::crontab_with(&current, None);
                    must("crontab", &["-"], Some(&new))?;
                    let back = crontab()?;
                    if !remind::crontab_ours(&back).is_empty()
                        || remind::crontab_theirs(&back) != remind::crontab_theirs(&current)
                    {
                        return Err(Error::Usage(
                            "the crontab read back is not what was written; check it with `crontab -l`"
                                .into(),
                        ));
                    }
                    r.done.push("the crontab line".to_string());
                }
            }
        }
        System::Systemd | System::Launchd => {
            let mut ours = Vec::new();
            for p in files(system)? {
                match std::fs::read(&p) {
                    Ok(b) if owned(system, &String::from_utf8_lossy(&b)) => ours.push(p),
                    Ok(_) => r
                        .left
                        .push(format!("{} (not written by backrelief)", p.display())),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(Error::io(format!("reading {}", p.display()), e)),
                }
            }
            if ours.is_empty() {
                return Ok(r);
            }
            if system == System::Systemd {
                let timer = format!("{}.timer", remind::NAME);
                // Stopping may fail if it never started; the files still go.
                let _ = run("systemctl", &["--user", "disable", "--now", &timer], None);
            } else {
                let _ = run(
                    "launchctl",
                    &["unload", "-w", &ours[0].display().to_string()],
                    None,
                );
            }
            for p in &ours {
                match std::fs::remove_file(p) {
                    Ok(()) => r.done.push(p.display().to_string()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(Error::io(format!("removing {}", p.display()), e)),
                }
            }
            if system == System::Systemd {
                let _ = run("systemctl", &["--user", "daemon-reload"], None);
            }
        }
    }
    Ok(r)
}

/// A reminder found installed: where, what it says, and whether it is
/// what this backrelief would write now.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Installed {
    pub system: &'static str,
    /// The files, or `crontab` for a line in the user's crontab.
    pub location: Vec<String>,
    /// The time it fires each day, when it could be read.
    pub at: Option<String>,
    /// The command it runs, when it could be read.
    pub runs: Option<Vec<String>>,
    /// Whether it is exactly what `remind --install --at AT` would write.
    pub matches: bool,
    /// Why it could not be read, or how it differs.
    pub problem: Option<String>,
    #[serde(skip)]
    pub time: Option<Time>,
}

/// The reminder of `system` that is installed, if any; `nudge` is what this
/// backrelief would run (or why it could not make one).
pub fn installed(
    system: System,
    nudge: &std::result::Result<Nudge, String>,
) -> Result<Option<Installed>> {
    let mut found = Installed {
        system: system.name(),
        location: Vec::new(),
        at: None,
        runs: None,
        matches: false,
        problem: None,
        time: None,
    };
    let read: std::result::Result<(Time, Nudge), String>;
    let mut texts: Vec<String> = Vec::new();
    match system {
        System::Cron => {
            if find("crontab").is_none() {
                return Ok(None);
            }
            let tab = crontab()?;
            let ours = remind::crontab_ours(&tab);
            let Some((line, at, n)) = ours.into_iter().next() else {
                return Ok(None);
            };
            found.location.push("crontab".into());
            texts.push(line);
            read = Ok((at, n));
        }
        System::Systemd | System::Launchd => {
            let paths = files(system)?;
            for p in &paths {
                match std::fs::read(p) {
                    Ok(b) => texts.push(String::from_utf8_lossy(&b).into_owned()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => texts.push(String::new()),
                    Err(e) => return Err(Error::io(format!("reading {}", p.display()), e)),
                }
            }
            if texts.iter().all(String::is_empty) {
                return Ok(None);
            }
            found.location = paths.iter().map(|p| p.display().to_string()).collect();
            read = if system == System::Systemd {
                remind::parse_systemd_service(&texts[0])
                    .and_then(|n| Ok((remind::parse_systemd_timer(&texts[1])?, n)))
            } else {
                remind::parse_plist(&texts[0])
            };
        }
    }
    match read {
        Err(why) => found.problem = Some(format!("cannot be read: {why}")),
        Ok((at, n)) => {
            found.at = Some(at.to_string());
            found.time = Some(at);
            let mut runs = vec![n.program.clone()];
            runs.extend(n.args.iter().cloned());
            found.runs = Some(runs);
            match nudge {
                Err(why) => found.problem = Some(why.clone()),
                Ok(mine) => match plan(system, mine, at) {
                    Err(e) => found.problem = Some(e.to_string()),
                    Ok(p) => {
                        let expect: Vec<&str> = match &p.cron_line {
                            Some(l) => vec![l.as_str()],
                            None => p.files.iter().map(|(_, t)| t.as_str()).collect(),
                        };
                        found.matches = texts.iter().map(String::as_str).eq(expect);
                        if !found.matches {
                            found.problem = Some(if n != *mine {
                                "it runs another backrelief or data folder than this one".into()
                            } else {
                                "its text differs from what this backrelief writes".into()
                            });
                        }
                    }
                },
            }
        }
    }
    Ok(Some(found))
}

/// Shows a desktop notification with notify-send or osascript; `false`
/// when neither is on `PATH`.
pub fn notify(title: &str, body: &str) -> Result<bool> {
    if find("notify-send").is_some() {
        must(
            "notify-send",
            &[
                "--app-name=backrelief",
                "--icon=dialog-information",
                title,
                body,
            ],
            None,
        )?;
        return Ok(true);
    }
    if find("osascript").is_some() {
        let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
        let script = format!(
            "display notification {} with title {}",
            quote(body),
            quote(title)
        );
        must("osascript", &["-e", &script], None)?;
        return Ok(true);
    }
    Ok(false)
}
