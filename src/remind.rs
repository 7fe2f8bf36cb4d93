//! Daily reminders, as text (pure): a systemd user timer and service, a
//! crontab line, a launchd agent, and an iCalendar file with a daily event
//! and an alarm. Each runs `backrelief nudge`, which notifies only when
//! today's session is not done. Writing them and calling the system's
//! tools is `system`.

use chrono::{DateTime, NaiveDate, Utc};
use std::fmt::Write as _;

/// The name every installed entry carries, so `--remove` finds exactly ours.
pub const NAME: &str = "backrelief-nudge";
/// The launchd label (reverse-DNS, as launchd expects).
pub const LAUNCHD_LABEL: &str = "org.backrelief.nudge";

/// A time of day, to the minute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Time {
    pub hour: u32,
    pub minute: u32,
}

impl std::fmt::Display for Time {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

/// Parses `--at`: `HH:MM`, 24-hour.
pub fn parse_time(text: &str) -> Result<Time, String> {
    let bad = || format!("'{text}' is not a time like 08:00 or 18:30 (24-hour)");
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let num = |s: &str, max: u32| {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    match (num(h, 23), num(m, 59)) {
        (Some(hour), Some(minute)) if m.len() == 2 => Ok(Time { hour, minute }),
        _ => Err(bad()),
    }
}

/// Where the reminder is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum System {
    Systemd,
    Cron,
    Launchd,
}

impl System {
    pub fn name(self) -> &'static str {
        match self {
            System::Systemd => "systemd",
            System::Cron => "cron",
            System::Launchd => "launchd",
        }
    }
}

/// What the reminder runs: the program and its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nudge {
    pub program: String,
    pub args: Vec<String>,
}

/// A word quoted for systemd's `ExecStart` (double quotes, C escapes).
fn systemd_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@".contains(c))
    {
        return s.to_string();
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // `%` starts a specifier and `$` a variable in ExecStart.
            '%' => out.push_str("%%"),
            '$' => out.push_str("$$"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A word quoted for `sh` (single quotes), with `%` escaped for cron,
/// which turns a bare `%` into a newline.
fn cron_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''").replace('%', "\\%"))
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The service and the timer (`backrelief-nudge.service`, `.timer`).
pub fn systemd_units(nudge: &Nudge, at: Time) -> (String, String) {
    let mut exec = systemd_quote(&nudge.program);
    for a in &nudge.args {
        exec.push(' ');
        exec.push_str(&systemd_quote(a));
    }
    let service = format!(
        "[Unit]\nDescription=backrelief: a reminder when today's session is not done\n\n[Service]\nType=oneshot\nExecStart={exec}\n"
    );
    let timer = format!(
        "[Unit]\nDescription=backrelief: a daily reminder at {at}\n\n[Timer]\nOnCalendar=*-*-* {at}:00\nPersistent=true\nUnit={NAME}.service\n\n[Install]\nWantedBy=timers.target\n"
    );
    (service, timer)
}

/// One crontab line, marked with `# backrelief-nudge`. Cron has no session
/// bus address, so the line gives the usual one for notify-send.
pub fn cron_line(nudge: &Nudge, at: Time) -> String {
    let mut cmd = cron_quote(&nudge.program);
    for a in &nudge.args {
        cmd.push(' ');
        cmd.push_str(&cron_quote(a));
    }
    format!(
        "{} {} * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/$(id -u)/bus {cmd} # {NAME}",
        at.minute, at.hour
    )
}

/// The crontab with our line (if any) replacing any line of ours.
pub fn crontab_with(existing: &str, line: Option<&str>) -> String {
    let marker = format!("# {NAME}");
    let mut out: String = existing
        .lines()
        .filter(|l| !l.trim_end().ends_with(&marker))
        .map(|l| format!("{l}\n"))
        .collect();
    if let Some(l) = line {
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// Whether a crontab holds our line.
pub fn crontab_has(existing: &str) -> bool {
    let marker = format!("# {NAME}");
    existing.lines().any(|l| l.trim_end().ends_with(&marker))
}

/// A launchd agent running the nudge every day at `at`.
pub fn launchd_plist(nudge: &Nudge, at: Time) -> String {
    let mut args = format!("    <string>{}</string>\n", xml(&nudge.program));
    for a in &nudge.args {
        writeln!(args, "    <string>{}</string>", xml(a)).expect("write to String");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\">\n<dict>\n  <key>Label</key>\n  <string>{LAUNCHD_LABEL}</string>\n  <key>ProgramArguments</key>\n  <array>\n{args}  </array>\n  <key>StartCalendarInterval</key>\n  <dict>\n    <key>Hour</key>\n    <integer>{}</integer>\n    <key>Minute</key>\n    <integer>{}</integer>\n  </dict>\n</dict>\n</plist>\n",
        at.hour, at.minute
    )
}

/// Escapes iCalendar TEXT (RFC 5545 3.3.11).
fn ics_text(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line at 75 octets (RFC 5545 3.1): CRLF then a space,
/// never inside a UTF-8 character.
pub fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        // The first line holds 75 octets; the rest 74 after the space.
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

/// An iCalendar file with one daily event at `at` (floating local time,
/// so it stays at that hour wherever the phone is), starting `first`,
/// lasting `minutes`, with an alarm at the start.
pub fn ics(at: Time, first: NaiveDate, minutes: u32, stamp: DateTime<Utc>) -> String {
    let start = first
        .and_hms_opt(at.hour, at.minute, 0)
        .expect("a valid time of day");
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        format!("PRODID:-//backrelief//backrelief {}//EN", env!("CARGO_PKG_VERSION")),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        "BEGIN:VEVENT".to_string(),
        // Stable for a time of day, so importing again updates the event.
        format!("UID:{NAME}-{:02}{:02}@backrelief", at.hour, at.minute),
        format!("DTSTAMP:{}", stamp.format("%Y%m%dT%H%M%SZ")),
        format!("DTSTART:{}", start.format("%Y%m%dT%H%M%S")),
        format!("DURATION:PT{minutes}M"),
        "RRULE:FREQ=DAILY".to_string(),
        format!("SUMMARY:{}", ics_text("Back exercises (backrelief)")),
        format!(
            "DESCRIPTION:{}",
            ics_text("A few minutes for your back: run `backrelief session` when you are ready. Skip a day when pain is sharp or spreads down a leg, and get care for red-flag signs (numbness around the genitals or back passage, bladder or bowel trouble, weakness in the legs).")
        ),
        "TRANSP:TRANSPARENT".to_string(),
        "BEGIN:VALARM".to_string(),
        "ACTION:DISPLAY".to_string(),
        format!("DESCRIPTION:{}", ics_text("Time for your back exercises")),
        "TRIGGER:PT0M".to_string(),
        "END:VALARM".to_string(),
        "END:VEVENT".to_string(),
        "END:VCALENDAR".to_string(),
    ];
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nudge() -> Nudge {
        Nudge {
            program: "/opt/my tools/backrelief".into(),
            args: vec!["nudge".into()],
        }
    }

    #[test]
    fn times_are_24_hour_hh_mm() {
        assert_eq!(parse_time("08:00").unwrap(), Time { hour: 8, minute: 0 });
        assert_eq!(parse_time("8:05").unwrap().to_string(), "08:05");
        for bad in ["24:00", "08:60", "8", "08:5", "ab:cd", "", "-1:00", "+8:00"] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn entries_quote_the_program_for_each_system() {
        let at = Time {
            hour: 7,
            minute: 30,
        };
        let (service, timer) = systemd_units(&nudge(), at);
        assert!(
            service.contains("ExecStart=\"/opt/my tools/backrelief\" nudge\n"),
            "{service}"
        );
        assert!(timer.contains("OnCalendar=*-*-* 07:30:00\n"), "{timer}");
        let line = cron_line(
            &Nudge {
                program: "/it's/50%/backrelief".into(),
                args: vec!["nudge".into()],
            },
            at,
        );
        assert!(line.starts_with("30 7 * * * "), "{line}");
        assert!(
            line.contains("'/it'\\''s/50\\%/backrelief' 'nudge' # backrelief-nudge"),
            "{line}"
        );
        let plist = launchd_plist(&nudge(), at);
        assert!(plist.contains("<integer>7</integer>") && plist.contains("<integer>30</integer>"));
        assert!(plist.contains("<string>/opt/my tools/backrelief</string>"));
    }

    #[test]
    fn crontab_edits_touch_only_our_line() {
        let theirs = "MAILTO=me\n0 1 * * * backup\n";
        let ours = "0 8 * * * x # backrelief-nudge";
        let with = crontab_with(theirs, Some(ours));
        assert_eq!(with, format!("{theirs}{ours}\n"));
        assert!(crontab_has(&with));
        // Installing twice keeps one line; removing gives back theirs.
        assert_eq!(crontab_with(&with, Some(ours)), with);
        assert_eq!(crontab_with(&with, None), theirs);
    }

    #[test]
    fn folding_keeps_lines_within_75_octets_and_characters_whole() {
        let long = format!("DESCRIPTION:{}", "é".repeat(100));
        let folded = fold(&long);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
        assert_eq!(ics_text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }
}
