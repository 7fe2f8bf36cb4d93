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

/// Runs a program, with `input` on its stdin; its output, or an error
/// naming the command.
fn run(program: &str, args: &[&str], input: Option<&str>) -> Result<std::process::Output> {
    let shown = format!("{program} {}", args.join(" "));
    let mut child = Command::new(program)
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::io(format!("running `{shown}`"), e))?;
    if let (Some(text), Some(mut stdin)) = (input, child.stdin.take()) {
        stdin
            .write_all(text.as_bytes())
            .map_err(|e| Error::io(format!("writing to `{shown}`"), e))?;
    }
    child
        .wait_with_output()
        .map_err(|e| Error::io(format!("running `{shown}`"), e))
}

/// Runs a program that must succeed.
fn must(program: &str, args: &[&str], input: Option<&str>) -> Result<()> {
    let out = run(program, args, input)?;
    if out.status.success() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "`{program} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr).trim()
    )))
}

/// The files an installed reminder keeps, for `system`.
pub fn files(system: System) -> Result<Vec<PathBuf>> {
    let none = |what: &str| Error::Usage(format!("cannot find {what}; is HOME set?"));
    Ok(match system {
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
    })
}

/// What `--install` would write, as files with their text, and the
/// commands it would then run.
pub struct Plan {
    pub files: Vec<(PathBuf, String)>,
    pub commands: Vec<Vec<String>>,
    /// For cron: the line added to the crontab.
    pub cron_line: Option<String>,
}

pub fn plan(system: System, nudge: &Nudge, at: Time) -> Result<Plan> {
    let paths = files(system)?;
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    Ok(match system {
        System::Systemd => {
            let (service, timer) = remind::systemd_units(nudge, at);
            Plan {
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
            let p = paths[0].display().to_string();
            Plan {
                files: vec![(paths[0].clone(), remind::launchd_plist(nudge, at))],
                commands: vec![s(&["launchctl", "load", "-w", &p])],
                cron_line: None,
            }
        }
        System::Cron => Plan {
            files: Vec::new(),
            commands: Vec::new(),
            cron_line: Some(remind::cron_line(nudge, at)),
        },
    })
}

/// The user's crontab, or empty when there is none yet.
fn crontab() -> Result<String> {
    let out = run("crontab", &["-l"], None)?;
    // `crontab -l` fails with "no crontab for USER" when there is none.
    Ok(if out.status.success() {
        String::from_utf8_lossy(&out.stdout).into_owned()
    } else {
        String::new()
    })
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    }
    crate::store::files::write_atomic(path, text.as_bytes())
}

/// Writes the files and runs the commands of `plan`.
pub fn install(system: System, plan: &Plan) -> Result<()> {
    for (path, text) in &plan.files {
        write_file(path, text)?;
    }
    if system == System::Launchd {
        // Loading twice is refused; unload first, and ignore "not loaded".
        if let Some((path, _)) = plan.files.first() {
            let _ = run("launchctl", &["unload", &path.display().to_string()], None);
        }
    }
    if let Some(line) = &plan.cron_line {
        let new = remind::crontab_with(&crontab()?, Some(line));
        must("crontab", &["-"], Some(&new))?;
    }
    for c in &plan.commands {
        let args: Vec<&str> = c[1..].iter().map(String::as_str).collect();
        must(&c[0], &args, None)?;
    }
    Ok(())
}

/// Undoes `install` for `system`; what was removed, in words (empty when
/// nothing of ours was there).
pub fn remove(system: System) -> Result<Vec<String>> {
    let mut done = Vec::new();
    match system {
        System::Cron => {
            if find("crontab").is_some() {
                let current = crontab()?;
                if remind::crontab_has(&current) {
                    must(
                        "crontab",
                        &["-"],
                        Some(&remind::crontab_with(&current, None)),
                    )?;
                    done.push("the crontab line".to_string());
                }
            }
        }
        System::Systemd | System::Launchd => {
            let paths = files(system)?;
            if !paths.iter().any(|p| p.exists()) {
                return Ok(done);
            }
            if system == System::Systemd {
                let timer = format!("{}.timer", remind::NAME);
                // Stopping may fail if it never started; the files still go.
                let _ = run("systemctl", &["--user", "disable", "--now", &timer], None);
            } else {
                let _ = run(
                    "launchctl",
                    &["unload", "-w", &paths[0].display().to_string()],
                    None,
                );
            }
            for p in &paths {
                match std::fs::remove_file(p) {
                    Ok(()) => done.push(p.display().to_string()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(Error::io(format!("removing {}", p.display()), e)),
                }
            }
            if system == System::Systemd {
                let _ = run("systemctl", &["--user", "daemon-reload"], None);
            }
        }
    }
    Ok(done)
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
