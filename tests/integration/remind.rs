//! `backrelief remind` and `nudge`, with fake systemctl, crontab, launchctl
//! and notify-send on PATH and a temporary HOME: nothing on the real system
//! is read or changed.

use crate::support::{bin, stdout, today, today_at_nine, Home};
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
        let mut c = self.home.cmd();
        c.env("HOME", self.home.path().join("home"))
            .env("PATH", self.home.path().join("fake"))
            .env("FAKE_LOG", self.home.path().join("log"))
            .env("FAKE_CRONTAB", self.crontab_file())
            .args(args);
        c
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
