//! `backrelief remind` and `nudge`, with fake systemctl, crontab, launchctl
//! and notify-send on PATH and a temporary HOME: nothing on the real system
//! is read or changed.

use crate::support::{bin, stderr, stdout, today, today_at_nine, Home};
use std::path::PathBuf;

/// A home with a `fake/` bin directory of logging stand-ins.
struct Fake {
    home: Home,
}

const SCRIPT: &str = "#!/bin/sh\necho \"$0 $*\" >> \"$FAKE_LOG\"\n";
const CRONTAB: &str = "#!/bin/sh\necho \"crontab $*\" >> \"$FAKE_LOG\"\nif [ \"$1\" = -l ]; then\n  [ -f \"$FAKE_CRONTAB\" ] || { echo \"no crontab for you\" >&2; exit 1; }\n  /bin/cat \"$FAKE_CRONTAB\"\nelse\n  /bin/cat > \"$FAKE_CRONTAB\"\nfi\n";

impl Fake {
    fn new(tools: &[&str]) -> Fake {
        use std::os::unix::fs::PermissionsExt;
        let home = Home::new();
        for t in tools {
            let text = if *t == "crontab" { CRONTAB } else { SCRIPT };
            let p = home.write(&format!("fake/{t}"), text);
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        std::fs::create_dir_all(home.path().join("fake")).unwrap();
        std::fs::create_dir_all(home.path().join("home")).unwrap();
        Fake { home }
    }

    fn cmd(&self, args: &[&str]) -> assert_cmd::Command {
        let mut c = self.home.command(bin());
        self.fake_env(&mut c).args(args);
        assert_cmd::Command::from_std(c)
    }

    /// HOME and PATH inside the fake home, and where the fakes log.
    fn fake_env<'c>(&self, c: &'c mut std::process::Command) -> &'c mut std::process::Command {
        c.env("HOME", self.home.path().join("home"))
            .env("PATH", self.home.path().join("fake"))
            .env("FAKE_LOG", self.home.path().join("log"))
            .env("FAKE_CRONTAB", self.crontab_file())
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.home.path().join("log")).unwrap_or_default()
    }

    fn crontab_file(&self) -> PathBuf {
        self.home.path().join("crontab.txt")
    }

    fn units(&self) -> PathBuf {
        self.home.config().join("systemd/user")
    }
}

#[test]
fn remind_prints_the_entry_for_each_system_and_writes_nothing() {
    let f = Fake::new(&[]);
    let exe = bin().display().to_string();
    let systemd = stdout(
        &f.cmd(&["remind", "--at", "07:45", "--system", "systemd"])
            .assert()
            .success(),
    );
    assert!(systemd.contains("backrelief-nudge.timer"), "{systemd}");
    assert!(systemd.contains("OnCalendar=*-*-* 07:45:00"), "{systemd}");
    assert!(
        systemd.contains(&format!("ExecStart={exe} --data-dir ")),
        "{systemd}"
    );
    assert!(systemd.contains("systemctl --user enable --now backrelief-nudge.timer"));
    let cron = stdout(
        &f.cmd(&["remind", "--at", "07:45", "--system", "cron"])
            .assert()
            .success(),
    );
    assert!(cron.contains(&format!("45 7 * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/$(id -u)/bus '{exe}' '--data-dir'")), "{cron}");
    assert!(cron.contains("'nudge' # backrelief-nudge"), "{cron}");
    let launchd = stdout(
        &f.cmd(&["remind", "--at", "07:45", "--system", "launchd"])
            .assert()
            .success(),
    );
    assert!(
        launchd.contains("Library/LaunchAgents/org.backrelief.nudge.plist"),
        "{launchd}"
    );
    assert!(
        launchd.contains("<key>Hour</key>\n    <integer>7</integer>"),
        "{launchd}"
    );
    assert!(
        launchd.contains(&format!("<string>{exe}</string>")),
        "{launchd}"
    );
    assert!(!f.units().exists());
    assert!(!f.home.path().join("home/Library").exists());
    assert_eq!(f.log(), "");
    f.cmd(&["remind", "--at", "25:00"]).assert().code(2);
}

#[test]
fn what_exists_decides_the_system() {
    let f = Fake::new(&["crontab"]);
    let out = stdout(&f.cmd(&["remind"]).assert().success());
    assert!(out.contains("(cron)") && out.contains("0 8 * * *"), "{out}");
    let f = Fake::new(&["launchctl", "crontab"]);
    let out = stdout(&f.cmd(&["remind"]).assert().success());
    assert!(out.contains("(launchd)"), "{out}");
    let none = Fake::new(&[]);
    none.cmd(&["remind"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--system"));
}

#[test]
fn systemd_install_writes_units_and_remove_undoes_it() {
    let f = Fake::new(&["systemctl"]);
    f.cmd(&[
        "remind",
        "--at",
        "08:00",
        "--system",
        "systemd",
        "--install",
    ])
    .assert()
    .success();
    let timer = std::fs::read_to_string(f.units().join("backrelief-nudge.timer")).unwrap();
    assert!(timer.contains("OnCalendar=*-*-* 08:00:00"), "{timer}");
    let service = std::fs::read_to_string(f.units().join("backrelief-nudge.service")).unwrap();
    assert!(service.contains(" nudge\n"), "{service}");
    let log = f.log();
    assert!(log.contains("systemctl --user daemon-reload"), "{log}");
    assert!(
        log.contains("systemctl --user enable --now backrelief-nudge.timer"),
        "{log}"
    );
    f.cmd(&["remind", "--remove"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Removed the reminder"));
    assert!(!f.units().join("backrelief-nudge.timer").exists());
    assert!(!f.units().join("backrelief-nudge.service").exists());
    assert!(f
        .log()
        .contains("systemctl --user disable --now backrelief-nudge.timer"));
    f.cmd(&["remind", "--remove"])
        .assert()
        .success()
        .stdout(predicates::str::contains("nothing to remove"));
}

#[test]
fn cron_install_keeps_other_lines_and_remove_takes_only_ours() {
    let f = Fake::new(&["crontab"]);
    std::fs::write(f.crontab_file(), "MAILTO=me\n0 1 * * * backup.sh\n").unwrap();
    for _ in 0..2 {
        f.cmd(&["remind", "--at", "18:30", "--system", "cron", "--install"])
            .assert()
            .success();
    }
    let tab = std::fs::read_to_string(f.crontab_file()).unwrap();
    assert!(
        tab.starts_with("MAILTO=me\n0 1 * * * backup.sh\n30 18 * * * "),
        "{tab}"
    );
    assert_eq!(tab.matches("# backrelief-nudge").count(), 1, "{tab}");
    f.cmd(&["remind", "--remove", "--system", "cron"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(f.crontab_file()).unwrap(),
        "MAILTO=me\n0 1 * * * backup.sh\n"
    );
    // With no crontab at all, installing makes one.
    let fresh = Fake::new(&["crontab"]);
    fresh
        .cmd(&["remind", "--system", "cron", "--install"])
        .assert()
        .success();
    assert!(std::fs::read_to_string(fresh.crontab_file())
        .unwrap()
        .contains("0 8 * * * "));
}

#[test]
fn launchd_install_writes_the_agent_under_home() {
    let f = Fake::new(&["launchctl"]);
    f.cmd(&["remind", "--at", "06:05", "--install"])
        .assert()
        .success();
    let plist = f
        .home
        .path()
        .join("home/Library/LaunchAgents/org.backrelief.nudge.plist");
    let text = std::fs::read_to_string(&plist).unwrap();
    assert!(text.contains("<integer>6</integer>") && text.contains("<integer>5</integer>"));
    assert!(f
        .log()
        .contains(&format!("launchctl load -w {}", plist.display())));
    f.cmd(&["remind", "--remove", "--system", "launchd"])
        .assert()
        .success();
    assert!(!plist.exists());
    assert!(f.log().contains("launchctl unload -w"));
}

fn session_line(day_offset: i64) -> String {
    let at = today_at_nine() + chrono::Duration::days(day_offset);
    let end = at + chrono::Duration::minutes(10);
    format!(
        "{{\"schema\":1,\"id\":\"s{day_offset}\",\"started\":\"{}\",\"ended\":\"{}\",\"source\":{{\"kind\":\"answers\"}},\"causes\":[],\"pain_before\":4,\"pain_after\":2,\"minutes_planned\":10.0,\"steps\":[],\"interrupted\":false}}\n",
        at.to_rfc3339(),
        end.to_rfc3339()
    )
}

#[test]
fn nudge_notifies_only_when_todays_session_is_not_done() {
    let f = Fake::new(&["notify-send"]);
    // Nothing yet: notified.
    f.cmd(&["nudge"]).assert().success();
    assert!(
        f.log().contains("notify-send --app-name=backrelief"),
        "{}",
        f.log()
    );
    assert!(f.log().contains("backrelief session"));
    // Yesterday's session does not count for today.
    f.home.write("data/history.jsonl", &session_line(-1));
    std::fs::remove_file(f.home.path().join("log")).unwrap();
    f.cmd(&["nudge"]).assert().success();
    assert_eq!(f.log().lines().count(), 1);
    // Today's session: no notification.
    f.home
        .write("data/history.jsonl", &(session_line(-1) + &session_line(0)));
    std::fs::remove_file(f.home.path().join("log")).unwrap();
    f.cmd(&["nudge"])
        .assert()
        .success()
        .stdout(predicates::str::contains("done; no reminder"));
    assert_eq!(f.log(), "");
    // A red-flag stop today silences it; one dated later (a clock set
    // wrong, an import) does not silence every day until then.
    let stop = |day: &str| {
        format!("{{\"schema\":2,\"kind\":\"red_flag_stop\",\"id\":\"r{day}\",\"at\":\"{day}T08:00:00+00:00\",\"tier\":\"urgent\",\"flags\":[\"fever-or-unwell\"],\"command\":\"session\"}}\n")
    };
    f.home.write("data/history.jsonl", &stop("2099-01-01"));
    std::fs::remove_file(f.home.path().join("log")).ok();
    f.cmd(&["nudge"]).assert().success();
    assert_eq!(f.log().lines().count(), 1, "a future stop silences nothing");
    f.home.write("data/history.jsonl", &stop(&today()));
    std::fs::remove_file(f.home.path().join("log")).unwrap();
    f.cmd(&["nudge"])
        .assert()
        .success()
        .stdout(predicates::str::contains("red-flag screen stopped"));
    assert_eq!(f.log(), "");
    // No notifier at all: said on standard output instead.
    let bare = Fake::new(&[]);
    let out = stdout(&bare.cmd(&["nudge"]).assert().success());
    assert!(out.contains("no notify-send or osascript found"), "{out}");
}

/// The content lines of an iCalendar file, unfolded, after checking the
/// RFC 5545 line rules: CRLF endings and at most 75 octets a line.
fn unfold(bytes: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    assert!(text.ends_with("\r\n"));
    let physical: Vec<&str> = text.strip_suffix("\r\n").unwrap().split("\r\n").collect();
    let mut lines: Vec<String> = Vec::new();
    for l in physical {
        assert!(
            !l.contains('\n') && !l.contains('\r'),
            "bare line break in {l:?}"
        );
        assert!(l.len() <= 75, "{} octets: {l}", l.len());
        match l.strip_prefix(' ') {
            Some(rest) => lines.last_mut().expect("a first line").push_str(rest),
            None => lines.push(l.to_string()),
        }
    }
    lines
}

#[test]
fn ics_has_rfc_5545_required_fields_crlf_and_folded_lines() {
    let f = Fake::new(&[]);
    let file = f.home.path().join("back.ics");
    f.cmd(&["remind", "--at", "07:30", "--ics"])
        .arg(&file)
        .assert()
        .success();
    let lines = unfold(&std::fs::read(&file).unwrap());
    // Components nest properly, and each holds its required properties once.
    let mut stack: Vec<String> = Vec::new();
    let mut props: Vec<(String, String, String)> = Vec::new();
    for l in &lines {
        let (name, value) = l.split_once(':').expect("NAME:VALUE");
        let name = name.split(';').next().unwrap();
        match name {
            "BEGIN" => stack.push(value.to_string()),
            "END" => assert_eq!(stack.pop().as_deref(), Some(value), "{l}"),
            _ => props.push((
                stack.last().cloned().unwrap_or_default(),
                name.into(),
                value.into(),
            )),
        }
    }
    assert!(stack.is_empty());
    assert_eq!(lines.first().unwrap(), "BEGIN:VCALENDAR");
    let get = |comp: &str, name: &str| -> Vec<String> {
        props
            .iter()
            .filter(|(c, n, _)| c == comp && n == name)
            .map(|(_, _, v)| v.clone())
            .collect()
    };
    assert_eq!(get("VCALENDAR", "VERSION"), vec!["2.0"]);
    assert_eq!(get("VCALENDAR", "PRODID").len(), 1);
    assert_eq!(get("VEVENT", "UID").len(), 1);
    let stamp = get("VEVENT", "DTSTAMP");
    assert!(
        stamp.len() == 1 && stamp[0].len() == 16 && stamp[0].ends_with('Z'),
        "{stamp:?}"
    );
    let day: chrono::NaiveDate = today().parse().unwrap();
    assert_eq!(
        get("VEVENT", "DTSTART"),
        vec![format!("{}T073000", day.format("%Y%m%d"))]
    );
    assert_eq!(get("VEVENT", "RRULE"), vec!["FREQ=DAILY"]);
    assert_eq!(get("VALARM", "ACTION"), vec!["DISPLAY"]);
    assert_eq!(get("VALARM", "TRIGGER").len(), 1);
    assert_eq!(get("VALARM", "DESCRIPTION").len(), 1);
    // The long description was folded and reads back whole.
    let desc = &get("VEVENT", "DESCRIPTION")[0];
    assert!(
        desc.len() > 75 && desc.contains("backrelief session"),
        "{desc}"
    );
}

// ---- hostile paths, foreign bytes, failing tools -------------------------

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

/// A fake tool that logs its arguments, says `said` on stderr and exits
/// with `code`.
fn failing(f: &Fake, tool: &str, code: i32, said: &str) {
    use std::os::unix::fs::PermissionsExt;
    let p = f.home.write(
        &format!("fake/{tool}"),
        &format!(
            "#!/bin/sh\necho \"{tool} $*\" >> \"$FAKE_LOG\"\necho '{said}' >&2\nexit {code}\n"
        ),
    );
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// A fake `systemd-analyze` that logs, then hands over to the machine's
/// own where there is one: `verify` reads unit files offline and changes
/// nothing, and it is systemd's own parser that judges the quoting (and
/// that the program named by `ExecStart=` exists as written).
fn systemd_analyze_passthrough(f: &Fake) {
    use std::os::unix::fs::PermissionsExt;
    let p = f.home.write(
        "fake/systemd-analyze",
        "#!/bin/sh\necho \"systemd-analyze $*\" >> \"$FAKE_LOG\"\nif [ -x /usr/bin/systemd-analyze ]; then exec /usr/bin/systemd-analyze \"$@\"; fi\n",
    );
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The command of a crontab line as cron hands it to `/bin/sh` (Vixie
/// cron and cronie): the five time fields dropped, `\%` made `%`, and
/// the command ending at the first other `%`.
fn as_cron_runs_it(line: &str) -> String {
    let cmd = line.splitn(6, ' ').nth(5).expect("a command");
    let mut out = String::new();
    let mut escaped = false;
    for c in cmd.chars() {
        if escaped {
            if c == '%' {
                out.pop();
            }
            out.push(c);
            escaped = false;
        } else if c == '%' {
            break;
        } else {
            escaped = c == '\\';
            out.push(c);
        }
    }
    out
}

/// Runs our crontab line the way cron would, with `/bin/sh`, and returns
/// what it printed: the binary it names must run, with the data folder it
/// names.
fn run_cron_line(f: &Fake) -> String {
    let tab = std::fs::read(f.crontab_file()).unwrap();
    let text = String::from_utf8_lossy(&tab);
    let line = text
        .lines()
        .find(|l| l.ends_with("# backrelief-nudge"))
        .expect("our line");
    let out = f
        .home
        .command("/bin/sh")
        .arg("-c")
        .arg(as_cron_runs_it(line))
        .env("HOME", f.home.path().join("home"))
        .env(
            "PATH",
            format!("{}:/usr/bin:/bin", f.home.path().join("fake").display()),
        )
        .env("FAKE_LOG", f.home.path().join("log"))
        .env_remove("BACKRELIEF_HOME")
        .output()
        .unwrap();
    assert!(out.status.success(), "{line}\n{}", stderr(&out));
    stdout(&out)
}

/// A data folder under the fake home whose history says today's session is
/// done, so `nudge` run with exactly that folder says so.
fn done_folder(f: &Fake, name: &OsStr) -> PathBuf {
    let dir = f.home.path().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("history.jsonl"), session_line(0)).unwrap();
    dir
}

/// Data folder names: each is written exactly (`Ok`) or refused (`Err`).
fn hostile_names() -> Vec<(Vec<u8>, bool)> {
    vec![
        (b"my data".to_vec(), true),
        (b"it's \"quoted\"".to_vec(), true),
        (b"$HOME and $(id) and ${X}".to_vec(), true),
        (b"`id`".to_vec(), true),
        (b"50% of 100%%".to_vec(), true),
        (b"back\\slash\\%n".to_vec(), true),
        (b"x & <y> # z ; w".to_vec(), true),
        (b"line\nbreak".to_vec(), false),
        (b"cr\rhere".to_vec(), false),
        (b"esc\x1b[31m".to_vec(), false),
        (b"latin1 \xe9t\xe9".to_vec(), false),
    ]
}

#[test]
fn hostile_data_folders_are_refused_or_exactly_quoted_for_every_system() {
    let systems = [
        ("systemd", &["systemctl", "systemd-analyze"][..]),
        ("cron", &["crontab"][..]),
        ("launchd", &["launchctl"][..]),
    ];
    for (name, ok) in hostile_names() {
        for (system, tools) in systems {
            let f = Fake::new(tools);
            systemd_analyze_passthrough(&f);
            let dir = done_folder(&f, OsStr::from_bytes(&name));
            let run = f
                .cmd(&["remind", "--at", "07:15", "--system", system, "--install"])
                .arg("--data-dir")
                .arg(&dir)
                .assert();
            let shown = format!("{system} {:?}", String::from_utf8_lossy(&name));
            if !ok {
                let run = run.code(2);
                let err = stderr(&run);
                assert!(err.contains("the data folder '"), "{shown}: {err}");
                assert!(!stdout(&run).contains("Installed"), "{shown}");
                assert!(!f.units().exists(), "{shown}");
                assert!(!f.home.path().join("home/Library").exists(), "{shown}");
                assert!(!f.crontab_file().exists(), "{shown}");
                assert_eq!(f.log(), "", "{shown}: no tool was run");
                continue;
            }
            let out = stdout(&run.success());
            assert!(
                out.contains("Installed a daily reminder at 07:15"),
                "{shown}: {out}"
            );
            let dir = dir.to_str().unwrap();
            match system {
                "systemd" => {
                    let service =
                        std::fs::read_to_string(f.units().join("backrelief-nudge.service"))
                            .unwrap();
                    // systemd's rules: double quotes, \ and " escaped, and
                    // $ and % doubled in an argument.
                    let quoted = dir
                        .replace('\\', "\\\\")
                        .replace('"', "\\\"")
                        .replace('%', "%%")
                        .replace('$', "$$");
                    let exec = format!(
                        "ExecStart={} --data-dir \"{quoted}\" nudge\n",
                        bin().display()
                    );
                    assert!(service.ends_with(&exec), "{shown}:\n{service}");
                    assert_eq!(service.matches("ExecStart=").count(), 1, "{shown}");
                    assert!(
                        f.log().contains("systemd-analyze --user verify --man=no"),
                        "{shown}"
                    );
                }
                "cron" => {
                    let said = run_cron_line(&f);
                    assert!(said.contains("Today's session is done"), "{shown}: {said}");
                }
                _ => {
                    let plist = std::fs::read_to_string(
                        f.home
                            .path()
                            .join("home/Library/LaunchAgents/org.backrelief.nudge.plist"),
                    )
                    .unwrap();
                    let xml = dir
                        .replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;")
                        .replace('"', "&quot;")
                        .replace('\'', "&apos;");
                    assert!(
                        plist.contains(&format!(
                            "<string>--data-dir</string>\n    <string>{xml}</string>\n"
                        )),
                        "{shown}:\n{plist}"
                    );
                }
            }
            let status = stdout(
                &f.cmd(&["remind", "--status", "--system", system])
                    .arg("--data-dir")
                    .arg(dir)
                    .assert()
                    .success(),
            );
            assert!(
                status.contains("matches what this backrelief would write"),
                "{shown}: {status}"
            );
        }
    }
}

/// A hard link to the binary under test at `dir/backrelief` (a copy where
/// links cannot be made), so the program's own path is hostile.
fn binary_at(f: &Fake, dir: &OsStr) -> PathBuf {
    let d = f.home.path().join(dir);
    std::fs::create_dir_all(&d).unwrap();
    let exe = d.join("backrelief");
    if std::fs::hard_link(bin(), &exe).is_err() {
        std::fs::copy(bin(), &exe).unwrap();
    }
    exe
}

#[test]
fn hostile_binary_paths_are_refused_or_written_so_they_still_run() {
    // (folder, systemd takes it, cron and launchd take it)
    let cases: [(&[u8], bool, bool); 8] = [
        (b"my tools", true, true),
        (b"$HOME", true, true),
        (b"`id`", true, true),
        (b"100%", false, true),
        (b"it's", false, true),
        (b"say \"hi\"", false, true),
        (b"new\nline", false, false),
        (b"\xff\xfe", false, false),
    ];
    for (folder, systemd_ok, others_ok) in cases {
        let shown = format!("{:?}", String::from_utf8_lossy(folder));
        let f = Fake::new(&["systemctl", "crontab", "launchctl"]);
        systemd_analyze_passthrough(&f);
        let exe = binary_at(&f, OsStr::from_bytes(folder));
        let data = done_folder(&f, OsStr::new("data-ok"));
        let install = |system: &str| {
            let mut c = f.home.command(&exe);
            f.fake_env(&mut c)
                .args([
                    "remind",
                    "--at",
                    "06:00",
                    "--install",
                    "--system",
                    system,
                    "--data-dir",
                ])
                .arg(&data);
            c.output().unwrap()
        };
        let out = install("systemd");
        if systemd_ok {
            assert!(out.status.success(), "{shown}: {}", stderr(&out));
            let service =
                std::fs::read_to_string(f.units().join("backrelief-nudge.service")).unwrap();
            let exec = exe.to_str().unwrap();
            // The program is written literally: `$` is not a variable there.
            let word = if exec.contains(' ') {
                format!("\"{exec}\"")
            } else {
                exec.to_string()
            };
            assert!(
                service.contains(&format!("ExecStart={word} --data-dir")),
                "{shown}: {service}"
            );
        } else {
            assert_eq!(out.status.code(), Some(2), "{shown}");
            assert!(!stdout(&out).contains("Installed"), "{shown}");
            assert!(!f.units().exists(), "{shown}");
        }
        for system in ["cron", "launchd"] {
            let out = install(system);
            if others_ok {
                assert!(out.status.success(), "{shown} {system}: {}", stderr(&out));
            } else {
                assert_eq!(out.status.code(), Some(2), "{shown} {system}");
                assert!(
                    stderr(&out).contains("the backrelief program's path '"),
                    "{shown}: {}",
                    stderr(&out)
                );
            }
        }
        if others_ok {
            let said = run_cron_line(&f);
            assert!(said.contains("Today's session is done"), "{shown}: {said}");
        } else {
            assert!(!f.crontab_file().exists(), "{shown}");
        }
    }
}

#[test]
fn foreign_crontab_bytes_stay_identical_through_install_and_remove() {
    let f = Fake::new(&["crontab"]);
    // Latin-1, CRLF endings, and user lines that merely end with our marker.
    let theirs: &[u8] = b"MAILTO=j\xfcrgen@example.org\r\n0 1 * * * backup --note '\xe9t\xe9'\r\n5 5 * * * my-own-thing # backrelief-nudge\n# 0 8 * * * old idea # backrelief-nudge\n";
    std::fs::write(f.crontab_file(), theirs).unwrap();
    for at in ["18:30", "07:00"] {
        f.cmd(&["remind", "--at", at, "--system", "cron", "--install"])
            .assert()
            .success();
    }
    let tab = std::fs::read(f.crontab_file()).unwrap();
    assert_eq!(&tab[..theirs.len()], theirs);
    let ours = String::from_utf8(tab[theirs.len()..].to_vec()).unwrap();
    assert!(
        ours.starts_with("0 7 * * * ") && ours.ends_with(" # backrelief-nudge\n"),
        "{ours}"
    );
    assert_eq!(ours.lines().count(), 1, "{ours}");
    assert!(
        f.log()
            .lines()
            .all(|l| l == "crontab -l" || l == "crontab -"),
        "{}",
        f.log()
    );
    f.cmd(&["remind", "--remove", "--system", "cron"])
        .assert()
        .success()
        .stdout(predicates::str::contains("the crontab line"));
    assert_eq!(std::fs::read(f.crontab_file()).unwrap(), theirs);
    // Nothing of ours left: removing again writes nothing.
    std::fs::remove_file(f.home.path().join("log")).unwrap();
    f.cmd(&["remind", "--remove", "--system", "cron"])
        .assert()
        .success()
        .stdout(predicates::str::contains("nothing to remove"));
    assert_eq!(f.log(), "crontab -l\n");
    assert_eq!(std::fs::read(f.crontab_file()).unwrap(), theirs);
}

#[test]
fn a_crontab_that_cannot_be_read_is_never_written() {
    let theirs = "0 1 * * * backup.sh\n";
    for (code, said) in [
        (1, "crontab: cannot open your crontab: Permission denied"),
        (2, "no crontab for you"),
        (127, "crontab: not found"),
    ] {
        let f = Fake::new(&[]);
        failing(&f, "crontab", code, said);
        std::fs::write(f.crontab_file(), theirs).unwrap();
        for args in [
            &["remind", "--system", "cron", "--install"][..],
            &["remind", "--system", "cron", "--remove"][..],
        ] {
            let run = f.cmd(args).assert().failure();
            let err = stderr(&run);
            assert!(
                err.contains("`crontab -l` failed, so your crontab was left as it was")
                    && err.contains(said),
                "{args:?} {said}: {err}"
            );
            assert!(!stdout(&run).contains("Installed"), "{said}");
        }
        assert_eq!(
            f.log(),
            "crontab -l\n".repeat(2),
            "{said}: only read, never written"
        );
        assert_eq!(std::fs::read_to_string(f.crontab_file()).unwrap(), theirs);
    }
}

#[test]
fn systemd_install_is_verified_first_and_undone_when_refused() {
    // systemd-analyze refuses: nothing is written or enabled.
    let f = Fake::new(&["systemctl"]);
    failing(
        &f,
        "systemd-analyze",
        1,
        "backrelief-nudge.service: Command is not executable",
    );
    let run = f
        .cmd(&["remind", "--system", "systemd", "--install"])
        .assert()
        .code(2);
    assert!(
        stderr(&run).contains("`systemd-analyze` refused the systemd entry, so nothing was installed: backrelief-nudge.service: Command is not executable"),
        "{}",
        stderr(&run)
    );
    assert!(!stdout(&run).contains("Installed"));
    assert!(!f.units().join("backrelief-nudge.service").exists());
    assert!(!f.log().contains("systemctl"), "{}", f.log());
    // systemctl refuses to enable it: the files go again, and it says why.
    let f = Fake::new(&["systemd-analyze"]);
    failing(&f, "systemctl", 1, "Failed to connect to bus");
    let run = f
        .cmd(&["remind", "--system", "systemd", "--install"])
        .assert()
        .failure();
    let err = stderr(&run);
    assert!(
        err.contains("the reminder was not installed") && err.contains("Failed to connect to bus"),
        "{err}"
    );
    assert!(!stdout(&run).contains("Installed"));
    assert!(!f.units().join("backrelief-nudge.service").exists());
    assert!(!f.units().join("backrelief-nudge.timer").exists());
}

#[test]
fn unit_files_backrelief_did_not_write_are_left_alone() {
    let f = Fake::new(&["systemctl", "launchctl"]);
    let mine = "[Unit]\nDescription=my own nudge\n\n[Service]\nExecStart=/usr/bin/true\n";
    let service = f.units().join("backrelief-nudge.service");
    f.home
        .write("config/systemd/user/backrelief-nudge.service", mine);
    let run = f
        .cmd(&["remind", "--system", "systemd", "--install"])
        .assert()
        .code(2);
    assert!(
        stderr(&run).contains("was not written by backrelief"),
        "{}",
        stderr(&run)
    );
    f.cmd(&["remind", "--remove", "--system", "systemd"])
        .assert()
        .success()
        .stderr(predicates::str::contains("left alone"))
        .stdout(predicates::str::contains("nothing to remove"));
    assert_eq!(std::fs::read_to_string(&service).unwrap(), mine);
    assert_eq!(f.log(), "");
}

/// `docs/schema/remind.schema.json`, with formats (date-time) checked.
fn remind_schema() -> jsonschema::Validator {
    let path = format!(
        "{}/docs/schema/remind.schema.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

#[test]
fn status_says_what_is_installed_where_whether_it_matches_and_when_it_fires() {
    let f = Fake::new(&["crontab", "systemctl", "launchctl"]);
    let none = stdout(&f.cmd(&["remind", "--status"]).assert().success());
    assert!(
        none.contains("No backrelief reminder is installed"),
        "{none}"
    );
    let empty: serde_json::Value =
        serde_json::from_str(&stdout(&f.cmd(&["remind", "--json"]).assert().success())).unwrap();
    assert_eq!(
        empty,
        serde_json::json!({"schema": "backrelief/remind/2", "reminders": []})
    );

    f.cmd(&["remind", "--at", "23:59", "--system", "cron", "--install"])
        .assert()
        .success();
    f.cmd(&[
        "remind",
        "--at",
        "00:00",
        "--system",
        "launchd",
        "--install",
    ])
    .assert()
    .success();
    let text = stdout(&f.cmd(&["remind", "--status"]).assert().success());
    assert!(
        text.contains("cron: a line in your crontab\n  daily at 23:59, running "),
        "{text}"
    );
    let plist = f
        .home
        .path()
        .join("home/Library/LaunchAgents/org.backrelief.nudge.plist");
    assert!(
        text.contains(&format!("launchd: {}\n  daily at 00:00", plist.display())),
        "{text}"
    );
    assert_eq!(
        text.matches("  matches what this backrelief would write\n")
            .count(),
        2,
        "{text}"
    );
    // 00:00 has always passed today; 23:59 has not, unless it is 23:59 now.
    assert!(text.contains("  next: tomorrow at 00:00"), "{text}");

    let json: serde_json::Value =
        serde_json::from_str(&stdout(&f.cmd(&["remind", "--json"]).assert().success())).unwrap();
    assert_eq!(json["schema"], "backrelief/remind/2");
    let errors: Vec<String> = remind_schema()
        .iter_errors(&json)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let rows = json["reminders"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{json}");
    assert_eq!(rows[0]["system"], "cron");
    assert_eq!(rows[0]["location"], serde_json::json!(["crontab"]));
    assert_eq!(rows[0]["at"], "23:59");
    assert_eq!(rows[0]["matches"], true);
    assert_eq!(rows[0]["runs"][0], bin().display().to_string());
    assert_eq!(rows[1]["system"], "launchd");
    let next = chrono::DateTime::parse_from_rfc3339(rows[1]["next"].as_str().unwrap()).unwrap();
    let day: chrono::NaiveDate = today().parse().unwrap();
    assert_eq!(next.date_naive(), day.succ_opt().unwrap());
    assert_eq!(next.format("%H:%M").to_string(), "00:00");

    // Another data folder than the installed entry's: it no longer matches.
    let other = stdout(
        &f.cmd(&[
            "remind",
            "--status",
            "--system",
            "cron",
            "--data-dir",
            "/elsewhere",
        ])
        .assert()
        .success(),
    );
    assert!(
        other.contains("does not match what this backrelief would write: it runs another backrelief or data folder")
            && other.contains("`backrelief remind --at 23:59 --system cron --install` rewrites it"),
        "{other}"
    );
    f.cmd(&["remind", "--status", "--install"]).assert().code(2);

    // An entry of ours that no longer reads back is listed, with why.
    f.home.write(
        "home/Library/LaunchAgents/org.backrelief.nudge.plist",
        &std::fs::read_to_string(&plist)
            .unwrap()
            .replace("</plist>", ""),
    );
    let out = f
        .cmd(&["remind", "--json", "--system", "launchd"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["reminders"][0]["matches"], false, "{json}");
    assert!(json["reminders"][0]["problem"]
        .as_str()
        .unwrap()
        .starts_with("cannot be read"));
    assert!(remind_schema().is_valid(&json), "{json}");
}

#[test]
fn printed_commands_are_shell_quoted() {
    let f = Fake::new(&[]);
    let home = f.home.path().join("it's home");
    std::fs::create_dir_all(&home).unwrap();
    let out = stdout(
        &f.cmd(&["remind", "--system", "launchd"])
            .env("HOME", &home)
            .assert()
            .success(),
    );
    let plist = home.join("Library/LaunchAgents/org.backrelief.nudge.plist");
    let quoted = format!("'{}'", plist.display().to_string().replace('\'', "'\\''"));
    assert!(
        out.contains(&format!("\nlaunchctl load -w {quoted}\n")),
        "{out}"
    );
    // The shell reads it back as the one path.
    let echoed = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(format!("printf %s {quoted}"))
        .output()
        .unwrap();
    assert_eq!(echoed.stdout, plist.as_os_str().as_bytes());
}

#[test]
fn one_system_failing_keeps_neither_remove_nor_status_from_the_others() {
    let f = Fake::new(&["systemctl"]);
    f.cmd(&["remind", "--system", "systemd", "--install"])
        .assert()
        .success();
    failing(&f, "crontab", 1, "crontab: your crontab is locked");
    std::fs::write(f.crontab_file(), "0 1 * * * backup.sh\n").unwrap();
    let status = f.cmd(&["remind", "--status"]).assert().failure();
    assert!(
        stdout(&status).contains("systemd: ") && stderr(&status).contains("is locked"),
        "{}{}",
        stdout(&status),
        stderr(&status)
    );
    let removed = f.cmd(&["remind", "--remove"]).assert().failure();
    assert!(
        stdout(&removed).contains("Removed the reminder: ")
            && stderr(&removed).contains("is locked"),
        "{}{}",
        stdout(&removed),
        stderr(&removed)
    );
    assert!(!f.units().join("backrelief-nudge.timer").exists());
    assert_eq!(
        std::fs::read_to_string(f.crontab_file()).unwrap(),
        "0 1 * * * backup.sh\n"
    );
    assert!(!f.log().contains("crontab -\n"), "{}", f.log());
}

/// A fake `tool` that hangs: it writes down its pid (in `$FAKE_PIDS`),
/// starts a helper that sleeps holding its output open (its pid too), then
/// sleeps itself.
fn hanging(f: &Fake, tool: &str) {
    use std::os::unix::fs::PermissionsExt;
    let p = f.home.write(
        &format!("fake/{tool}"),
        &format!(
            "#!/bin/sh\necho $$ >> \"$FAKE_PIDS\"\necho \"{tool} $*\" >> \"$FAKE_LOG\"\n/bin/sleep 300 &\necho $! >> \"$FAKE_PIDS\"\nexec /bin/sleep 300\n"
        ),
    );
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Whether process `pid` still exists (a zombie counts as gone), waiting
/// up to a minute for it to go: a SIGKILL lands when the process is next
/// scheduled, which on a loaded machine is not at once.
fn alive(pid: i32) -> bool {
    let running = || {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
            !s.rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with('Z')
        })
    };
    let deadline = std::time::Instant::now() + crate::support::PTY_WAIT;
    while running() {
        if std::time::Instant::now() > deadline {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    false
}

/// The time limit the hung-tool tests set (`BACKRELIEF_TOOL_SECONDS`):
/// long enough that the tools that answer (the other fakes, a shell
/// script each) finish within it on a busy machine, short enough that
/// the test does not wait the real 20 s. The cases run at once.
const TEST_TOOL_SECONDS: &str = "5";

/// Runs `args` with `tool` hanging (and `others` answering): exit 2, an
/// error naming the tool and the limit, and nothing it started left.
fn stopped_when_hung(tool: &str, others: &[&str], args: &[&str]) -> Fake {
    let f = Fake::new(others);
    hanging(&f, tool);
    let pids = f.home.path().join("pids");
    let run = f
        .cmd(args)
        .env("BACKRELIEF_TOOL_SECONDS", TEST_TOOL_SECONDS)
        .env("FAKE_PIDS", &pids)
        // Far longer than the limit: only a hang reaches it.
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .code(2);
    let err = stderr(&run);
    assert!(
        err.contains(&format!("`{tool}"))
            && err.contains(&format!(
                "did not finish within {TEST_TOOL_SECONDS} seconds, so it was stopped"
            )),
        "{tool}: {err}"
    );
    assert!(!stdout(&run).contains("Installed"), "{tool}");
    let started = std::fs::read_to_string(&pids)
        .unwrap_or_else(|e| panic!("{tool} never started ({e}): {}", f.log()));
    for pid in started.lines() {
        let pid: i32 = pid.trim().parse().unwrap();
        assert!(!alive(pid), "{tool}: process {pid} was left running");
    }
    f
}

/// Every system tool runs with a time limit: one that hangs is stopped,
/// with everything it started, and the command says so with exit code 2
/// instead of hanging; "Installed" is never printed.
#[test]
fn a_system_tool_that_hangs_is_stopped_with_a_clear_error() {
    std::thread::scope(|s| {
        let cases = [
            ("cron", "crontab", &[][..]),
            ("systemd", "systemd-analyze", &["systemctl"][..]),
            ("systemd", "systemctl", &["systemd-analyze"][..]),
            ("launchd", "launchctl", &[][..]),
        ];
        let runs: Vec<_> = cases
            .into_iter()
            .map(|(system, tool, others)| {
                s.spawn(move || {
                    let f = stopped_when_hung(
                        tool,
                        others,
                        &["remind", "--system", system, "--install"],
                    );
                    if system == "systemd" {
                        assert!(!f.units().join("backrelief-nudge.timer").exists(), "{tool}");
                    }
                })
            })
            .collect();
        // The nudge's notification too.
        let nudge = s.spawn(|| {
            stopped_when_hung("notify-send", &[], &["nudge"]);
        });
        for r in runs.into_iter().chain([nudge]) {
            r.join().unwrap();
        }
    });
}
