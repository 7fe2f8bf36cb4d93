//! Daily reminders, as text (pure): a systemd user timer and service, a
//! crontab line, a launchd agent, and an iCalendar file with a daily event
//! and an alarm. Each runs `backrelief nudge`, which notifies only when
//! today's session is not done. Writing them and calling the system's
//! tools is `system`.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use std::fmt::Write as _;
use std::path::Path;

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

/// What the reminder runs: the program and its arguments. Built only by
/// [`Nudge::new`] (or read back from an entry), so every word is UTF-8
/// with no control or bidi character.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Nudge {
    pub program: String,
    pub args: Vec<String>,
}

/// `path` as text for a generated entry, or why it cannot be one: it must
/// be absolute, UTF-8, and free of control and bidi characters (a newline
/// would start a line of its own in a crontab or a unit file). `what` names
/// it in the message ("the data folder").
pub fn checked_path(what: &str, path: &Path) -> Result<String, String> {
    let shown = path.to_string_lossy();
    let Some(text) = path.to_str() else {
        return Err(format!(
            "{what} {} is not valid UTF-8, so a reminder could not name it exactly",
            shell_quote(&crate::output::sanitise(&shown))
        ));
    };
    if let Some(c) = text.chars().find(|&c| crate::output::is_unsafe(c)) {
        return Err(format!(
            "{what} {} holds a control character (U+{:04X}), which a reminder entry cannot carry safely",
            shell_quote(&crate::output::sanitise(text)),
            c as u32
        ));
    }
    // XML 1.0 has no way to write these two, even as references.
    if text.contains(['\u{fffe}', '\u{ffff}']) {
        return Err(format!(
            "{what} {} holds a noncharacter (U+FFFE or U+FFFF)",
            shell_quote(text)
        ));
    }
    if !path.is_absolute() {
        return Err(format!(
            "{what} {} is not an absolute path",
            shell_quote(text)
        ));
    }
    Ok(text.to_string())
}

impl Nudge {
    /// `program nudge`, or `program --data-dir DIR nudge`: both paths
    /// absolute and checked (see [`checked_path`]).
    pub fn new(program: &Path, data_dir: Option<&Path>) -> Result<Nudge, String> {
        let program = checked_path("the backrelief program's path", program)?;
        let mut args = Vec::new();
        if let Some(dir) = data_dir {
            args.push("--data-dir".to_string());
            args.push(checked_path("the data folder", dir)?);
        }
        args.push("nudge".to_string());
        Ok(Nudge { program, args })
    }
}

/// A word for a POSIX shell: as it is when it holds only characters no
/// shell treats specially, otherwise in single quotes. For commands that
/// are printed for a person to run.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@%".contains(c))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// A printed command line, each word shell-quoted.
pub fn shell_line(words: &[String]) -> String {
    words
        .iter()
        .map(|w| shell_quote(w))
        .collect::<Vec<_>>()
        .join(" ")
}

// ---- systemd ------------------------------------------------------------

const SERVICE_DESCRIPTION: &str = "backrelief: a reminder when today's session is not done";

/// Whether a unit file is one backrelief wrote: its first lines are ours.
pub fn systemd_is_ours(text: &str) -> bool {
    text.starts_with("[Unit]\nDescription=backrelief: ")
}

/// The program, as the first word of `ExecStart=`. systemd takes it
/// literally (no `$` expansion) but expands `%` specifiers in it and refuses
/// quotes and backslashes there, so those are refused here; a space is
/// kept by double quotes.
fn systemd_executable(program: &str) -> Result<String, String> {
    if let Some(c) = program.chars().find(|c| "\"'\\%".contains(*c)) {
        return Err(format!(
            "systemd cannot run a program whose path holds {c:?}: {}; move backrelief to a folder without it, or use --system cron",
            shell_quote(program)
        ));
    }
    let normal = program.starts_with('/')
        && !program.ends_with('/')
        && !program.contains("//")
        && !program.split('/').any(|p| p == "." || p == "..");
    if !normal {
        return Err(format!(
            "systemd needs a plain absolute path to the program, not {}",
            shell_quote(program)
        ));
    }
    Ok(if program.contains(' ') {
        format!("\"{program}\"")
    } else {
        program.to_string()
    })
}

/// An argument of `ExecStart=`: `%` and `$` doubled (specifiers and
/// variables), then double quotes with `\` and `"` escaped when needed.
fn systemd_arg(s: &str) -> String {
    let escaped = s.replace('%', "%%").replace('$', "$$");
    if !escaped.is_empty()
        && escaped
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@%$".contains(c))
    {
        return escaped;
    }
    format!("\"{}\"", escaped.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The service and the timer (`backrelief-nudge.service`, `.timer`).
pub fn systemd_units(nudge: &Nudge, at: Time) -> Result<(String, String), String> {
    let mut exec = systemd_executable(&nudge.program)?;
    for a in &nudge.args {
        exec.push(' ');
        exec.push_str(&systemd_arg(a));
    }
    let service = format!(
        "[Unit]\nDescription={SERVICE_DESCRIPTION}\n\n[Service]\nType=oneshot\nExecStart={exec}\n"
    );
    let timer = format!(
        "[Unit]\nDescription=backrelief: a daily reminder at {at}\n\n[Timer]\nOnCalendar=*-*-* {at}:00\nPersistent=true\nUnit={NAME}.service\n\n[Install]\nWantedBy=timers.target\n"
    );
    Ok((service, timer))
}

/// A unit file as `(section, key, value)`, in order; blank lines and
/// comments skipped. Strict: a line that is neither is an error.
fn unit_entries(text: &str) -> Result<Vec<(String, String, String)>, String> {
    let mut section = String::new();
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if line.ends_with('\\') {
            return Err(format!("line {}: a continued line", n + 1));
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.to_string();
        } else if let Some((k, v)) = line.split_once('=') {
            out.push((section.clone(), k.trim().to_string(), v.trim().to_string()));
        } else {
            return Err(format!("line {}: not a setting: {line:?}", n + 1));
        }
    }
    Ok(out)
}

/// Splits an `ExecStart=` value into words as systemd does: whitespace
/// separates, double or single quotes group, and a backslash escapes the
/// next character (only the escapes backrelief writes are accepted).
fn systemd_words(value: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut chars = value.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
            chars.next();
        }
        if chars.peek().is_none() {
            return Ok(words);
        }
        let mut word = String::new();
        let mut quote: Option<char> = None;
        while let Some(c) = chars.next() {
            match (quote, c) {
                (None, ' ' | '\t') => break,
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (_, '\\') => match chars.next() {
                    Some(e @ ('\\' | '"' | '\'')) => word.push(e),
                    other => return Err(format!("an escape backrelief never writes: \\{other:?}")),
                },
                (_, c) => word.push(c),
            }
        }
        if quote.is_some() {
            return Err("unbalanced quotes".to_string());
        }
        words.push(word);
    }
}

/// Undoes [`systemd_arg`]'s doubling: `%%` and `$$`; any other `%` or `$`
/// would be a specifier or a variable, which backrelief never writes.
fn systemd_unexpand(word: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        if (c == '%' || c == '$') && chars.next() != Some(c) {
            return Err(format!("a lone {c:?} in {word:?}"));
        }
        out.push(c);
    }
    Ok(out)
}

/// The program and arguments a service runs, read back from its text as
/// systemd reads it, and checked to be exactly the shape backrelief writes.
pub fn parse_systemd_service(text: &str) -> Result<Nudge, String> {
    let entries = unit_entries(text)?;
    let expect = [
        ("Unit", "Description"),
        ("Service", "Type"),
        ("Service", "ExecStart"),
    ];
    let keys: Vec<(&str, &str)> = entries
        .iter()
        .map(|(s, k, _)| (s.as_str(), k.as_str()))
        .collect();
    if keys != expect {
        return Err(format!("the service has settings {keys:?}, not {expect:?}"));
    }
    if entries[1].2 != "oneshot" {
        return Err(format!("Type={}, not oneshot", entries[1].2));
    }
    let words = systemd_words(&entries[2].2)?;
    let (program, args) = words.split_first().ok_or("an empty ExecStart=")?;
    if program.contains('%') {
        return Err(format!("a specifier in the program {program:?}"));
    }
    let args = args
        .iter()
        .map(|a| systemd_unexpand(a))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Nudge {
        program: program.clone(),
        args,
    })
}

/// The time a timer fires, read back from its text.
pub fn parse_systemd_timer(text: &str) -> Result<Time, String> {
    let entries = unit_entries(text)?;
    let find = |s: &str, k: &str| {
        entries
            .iter()
            .filter(|(es, ek, _)| es == s && ek == k)
            .map(|(_, _, v)| v.as_str())
            .collect::<Vec<_>>()
    };
    if find("Timer", "Unit") != [format!("{NAME}.service").as_str()] {
        return Err(format!("the timer does not start {NAME}.service"));
    }
    match find("Timer", "OnCalendar")[..] {
        [on] => on
            .strip_prefix("*-*-* ")
            .and_then(|t| t.strip_suffix(":00"))
            .and_then(|t| parse_time(t).ok())
            .ok_or_else(|| format!("OnCalendar={on} is not a daily time")),
        _ => Err("the timer needs one OnCalendar=".to_string()),
    }
}

// ---- cron ---------------------------------------------------------------

/// What every crontab line of ours starts its command with: cron has no
/// session bus address, so the line gives the usual one for notify-send.
const CRON_ENV: &str = "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/$(id -u)/bus ";
/// The marker that ends our line.
const CRON_MARK: &str = " # backrelief-nudge";
/// Vixie cron and cronie read at most 1000 bytes of a line's command.
const CRON_MAX: usize = 999;

/// A word for `/bin/sh` inside a crontab: single quotes, a `'` as `'\''`,
/// and each `%` outside the quotes as `\%`. cron turns an unescaped `%`
/// into a newline and drops the backslash of `\%`; a `\` inside the quotes
/// can never escape the `%`, because a closing quote comes between them.
fn cron_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''").replace('%', "'\\%'"))
}

/// One crontab line, marked with `# backrelief-nudge`.
pub fn cron_line(nudge: &Nudge, at: Time) -> Result<String, String> {
    let mut cmd = cron_quote(&nudge.program);
    for a in &nudge.args {
        cmd.push(' ');
        cmd.push_str(&cron_quote(a));
    }
    let line = format!("{} {} * * * {CRON_ENV}{cmd}{CRON_MARK}", at.minute, at.hour);
    if line.len() > CRON_MAX {
        return Err(format!(
            "the crontab line would be {} bytes, longer than cron reads ({CRON_MAX}); use a shorter path",
            line.len()
        ));
    }
    Ok(line)
}

/// What cron hands to `/bin/sh`: the command up to the first unescaped
/// `%` (the rest would be its standard input), with `\%` made `%`.
fn cron_command(cmd: &str) -> (String, bool) {
    let mut out = String::new();
    let mut escaped = false;
    for c in cmd.chars() {
        if escaped {
            if c == '%' {
                out.pop();
            }
            out.push(c);
            escaped = false;
            continue;
        }
        if c == '%' {
            return (out, true);
        }
        escaped = c == '\\';
        out.push(c);
    }
    (out, false)
}

/// Words as `/bin/sh` reads them, for the only forms backrelief writes:
/// single-quoted runs, `\'`, and a bare `%`, words parted by one space.
/// Anything else (a `$`, a backtick, a `;`, an unquoted space) is not ours.
fn sh_words(cmd: &str) -> Option<Vec<String>> {
    let mut words = vec![String::new()];
    let mut chars = cmd.chars();
    let mut fresh = true;
    while let Some(c) = chars.next() {
        let word = words.last_mut().expect("one word at least");
        match c {
            '\'' => {
                loop {
                    match chars.next()? {
                        '\'' => break,
                        q => word.push(q),
                    }
                }
                fresh = false;
            }
            '\\' if chars.next()? == '\'' => {
                word.push('\'');
                fresh = false;
            }
            '%' => {
                word.push('%');
                fresh = false;
            }
            ' ' if !fresh => {
                words.push(String::new());
                fresh = true;
            }
            _ => return None,
        }
    }
    (!fresh).then_some(words)
}

/// The time and command of a crontab line, if it is exactly the form
/// backrelief writes (a line that only ends with the marker is not ours).
pub fn parse_cron_line(line: &str) -> Option<(Time, Nudge)> {
    let mut fields = line.splitn(6, ' ');
    let minute = fields.next()?;
    let hour = fields.next()?;
    if [fields.next()?, fields.next()?, fields.next()?] != ["*"; 3] {
        return None;
    }
    let at = parse_time(&format!("{hour}:{minute:0>2}")).ok()?;
    if format!("{} {}", at.minute, at.hour) != format!("{minute} {hour}") {
        return None;
    }
    let cmd = fields
        .next()?
        .strip_prefix(CRON_ENV)?
        .strip_suffix(CRON_MARK)?;
    let (cmd, cut) = cron_command(cmd);
    if cut {
        return None;
    }
    let mut words = sh_words(&cmd)?.into_iter();
    let program = words.next()?;
    let nudge = Nudge {
        program,
        args: words.collect(),
    };
    let safe = |w: &String| !w.chars().any(crate::output::is_unsafe);
    (safe(&nudge.program) && nudge.args.iter().all(safe)).then_some((at, nudge))
}

/// The crontab's lines with their endings, exactly as they were.
fn crontab_lines(existing: &[u8]) -> impl Iterator<Item = &[u8]> {
    existing.split_inclusive(|b| *b == b'\n')
}

/// Whether a line (with its ending) is a line of ours.
fn is_ours(line: &[u8]) -> bool {
    let text = line.strip_suffix(b"\n").unwrap_or(line);
    std::str::from_utf8(text).is_ok_and(|t| parse_cron_line(t).is_some())
}

/// The crontab with every line of ours taken out and `line` (if any) added
/// at the end; every other byte stays as it was (a last line without a
/// newline gets one, since cron ignores such a line).
pub fn crontab_with(existing: &[u8], line: Option<&str>) -> Vec<u8> {
    let mut out = Vec::with_capacity(existing.len() + 200);
    for l in crontab_lines(existing).filter(|l| !is_ours(l)) {
        out.extend_from_slice(l);
    }
    if let Some(line) = line {
        if !out.is_empty() && !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out
}

/// The lines of ours in a crontab, as text, with what they say.
pub fn crontab_ours(existing: &[u8]) -> Vec<(String, Time, Nudge)> {
    crontab_lines(existing)
        .filter(|l| is_ours(l))
        .filter_map(|l| {
            let text = std::str::from_utf8(l).ok()?.trim_end_matches('\n');
            let (at, nudge) = parse_cron_line(text)?;
            Some((text.to_string(), at, nudge))
        })
        .collect()
}

/// The crontab without our lines: what must stay byte for byte.
pub fn crontab_theirs(existing: &[u8]) -> Vec<u8> {
    crontab_lines(existing)
        .filter(|l| !is_ours(l))
        .flatten()
        .copied()
        .collect()
}

// ---- launchd ------------------------------------------------------------

/// Text for an XML element: `&`, `<`, `>` and both quotes as references.
fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

const PLIST_PROLOG: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n";

/// A launchd agent running the nudge every day at `at`.
pub fn launchd_plist(nudge: &Nudge, at: Time) -> Result<String, String> {
    let mut args = format!("    <string>{}</string>\n", xml(&nudge.program));
    for a in &nudge.args {
        writeln!(args, "    <string>{}</string>", xml(a)).expect("write to String");
    }
    Ok(format!(
        "{PLIST_PROLOG}<plist version=\"1.0\">\n<dict>\n  <key>Label</key>\n  <string>{LAUNCHD_LABEL}</string>\n  <key>ProgramArguments</key>\n  <array>\n{args}  </array>\n  <key>StartCalendarInterval</key>\n  <dict>\n    <key>Hour</key>\n    <integer>{}</integer>\n    <key>Minute</key>\n    <integer>{}</integer>\n  </dict>\n</dict>\n</plist>\n",
        at.hour, at.minute
    ))
}

/// An XML element: its name, attributes and children (elements, or text
/// with the references resolved).
#[derive(Debug)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    kids: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    El(El),
    Text(String),
}

/// A small, strict XML reader for the documents backrelief writes: no
/// comments, CDATA, empty-element tags or processing instructions past
/// the prolog, and only the five named references and numeric ones.
struct Xml<'a> {
    rest: &'a str,
}

impl Xml<'_> {
    fn eat(&mut self, s: &str) -> Result<(), String> {
        match self.rest.strip_prefix(s) {
            Some(r) => {
                self.rest = r;
                Ok(())
            }
            None => Err(format!("expected {s:?} at {:?}", head(self.rest))),
        }
    }

    fn name(&mut self) -> Result<String, String> {
        let end = self
            .rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(self.rest.len());
        if end == 0 {
            return Err(format!("expected a name at {:?}", head(self.rest)));
        }
        let (name, rest) = self.rest.split_at(end);
        self.rest = rest;
        Ok(name.to_string())
    }

    fn text(&mut self, stop: char) -> Result<String, String> {
        let end = self.rest.find(stop).ok_or("unterminated text")?;
        let raw = &self.rest[..end];
        self.rest = &self.rest[end..];
        unescape_xml(raw)
    }

    fn element(&mut self) -> Result<El, String> {
        self.eat("<")?;
        let name = self.name()?;
        let mut attrs = Vec::new();
        while self.rest.starts_with(' ') {
            self.eat(" ")?;
            let key = self.name()?;
            self.eat("=\"")?;
            let value = self.text('"')?;
            self.eat("\"")?;
            attrs.push((key, value));
        }
        self.eat(">")?;
        let mut kids = Vec::new();
        loop {
            if self.rest.starts_with("</") {
                self.eat("</")?;
                self.eat(&name)?;
                self.eat(">")?;
                return Ok(El { name, attrs, kids });
            }
            if self.rest.starts_with('<') {
                kids.push(Node::El(self.element()?));
            } else {
                kids.push(Node::Text(self.text('<')?));
            }
        }
    }
}

fn head(s: &str) -> &str {
    &s[..s.char_indices().nth(20).map_or(s.len(), |(i, _)| i)]
}

fn unescape_xml(raw: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(i) = rest.find(['&', '<']) {
        out.push_str(&rest[..i]);
        if rest[i..].starts_with('<') {
            return Err("a raw '<' in text".to_string());
        }
        let end = rest[i..].find(';').ok_or("an unterminated reference")? + i;
        let name = &rest[i + 1..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = match name.strip_prefix("#x") {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => name.strip_prefix('#').and_then(|d| d.parse().ok()),
                };
                code.and_then(char::from_u32)
                    .ok_or_else(|| format!("an unknown reference &{name};"))?
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    if let Some(c) = out
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(format!("a character XML cannot hold: U+{:04X}", c as u32));
    }
    Ok(out)
}

/// The element children of `el`, with only whitespace between them.
fn elements(el: &El) -> Result<Vec<&El>, String> {
    el.kids
        .iter()
        .filter_map(|k| match k {
            Node::El(e) => Some(Ok(e)),
            Node::Text(t) if t.trim().is_empty() => None,
            Node::Text(t) => Some(Err(format!("text {t:?} in <{}>", el.name))),
        })
        .collect()
}

/// The text of `<name>TEXT</name>`.
fn leaf<'a>(el: &'a El, name: &str) -> Result<&'a str, String> {
    match (&el.name, &el.kids[..]) {
        (n, [Node::Text(t)]) if n == name => Ok(t),
        (n, []) if n == name => Ok(""),
        _ => Err(format!("expected <{name}>, found <{}>", el.name)),
    }
}

/// A `<dict>` as (key, value element) pairs, in order.
fn dict(el: &El) -> Result<Vec<(&str, &El)>, String> {
    if el.name != "dict" {
        return Err(format!("expected <dict>, found <{}>", el.name));
    }
    elements(el)?
        .chunks(2)
        .map(|pair| match pair {
            [k, v] => Ok((leaf(k, "key")?, *v)),
            _ => Err("a <key> without a value".to_string()),
        })
        .collect()
}

/// The time and command of a launchd agent, read back from its text as an
/// XML reader would, and checked to be exactly the shape backrelief writes.
pub fn parse_plist(text: &str) -> Result<(Time, Nudge), String> {
    let mut x = Xml {
        rest: text
            .strip_prefix(PLIST_PROLOG)
            .ok_or("not the plist prolog backrelief writes")?,
    };
    let plist = x.element()?;
    if !x.rest.trim().is_empty() {
        return Err("text after the document".to_string());
    }
    if plist.name != "plist" || plist.attrs != [("version".to_string(), "1.0".to_string())] {
        return Err("not a plist version 1.0".to_string());
    }
    let [top] = elements(&plist)?[..] else {
        return Err("a plist holds one dict".to_string());
    };
    let top = dict(top)?;
    let keys: Vec<&str> = top.iter().map(|(k, _)| *k).collect();
    if keys != ["Label", "ProgramArguments", "StartCalendarInterval"] {
        return Err(format!("keys {keys:?}"));
    }
    if leaf(top[0].1, "string")? != LAUNCHD_LABEL {
        return Err("another label".to_string());
    }
    let array = top[1].1;
    if array.name != "array" {
        return Err("ProgramArguments is not an array".to_string());
    }
    let words = elements(array)?
        .into_iter()
        .map(|e| leaf(e, "string").map(str::to_string))
        .collect::<Result<Vec<_>, _>>()?;
    let (program, args) = words.split_first().ok_or("no program")?;
    let when = dict(top[2].1)?;
    let number = |key: &str, i: usize| -> Result<u32, String> {
        match when.get(i) {
            Some((k, v)) if *k == key => leaf(v, "integer")?
                .parse()
                .map_err(|_| format!("{key} is not a number")),
            _ => Err(format!("no {key}")),
        }
    };
    if when.len() != 2 {
        return Err("StartCalendarInterval holds Hour and Minute only".to_string());
    }
    let (hour, minute) = (number("Hour", 0)?, number("Minute", 1)?);
    if hour > 23 || minute > 59 {
        return Err(format!("{hour}:{minute} is not a time of day"));
    }
    Ok((
        Time { hour, minute },
        Nudge {
            program: program.clone(),
            args: args.to_vec(),
        },
    ))
}

/// When a daily reminder at `at` next fires after `now` (local time).
pub fn next_fire(at: Time, now: NaiveDateTime) -> NaiveDateTime {
    let today = now
        .date()
        .and_hms_opt(at.hour, at.minute, 0)
        .expect("a valid time of day");
    if today > now {
        today
    } else {
        today + chrono::Duration::days(1)
    }
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

    #[test]
    fn times_are_24_hour_hh_mm() {
        assert_eq!(parse_time("08:00").unwrap(), Time { hour: 8, minute: 0 });
        assert_eq!(parse_time("8:05").unwrap().to_string(), "08:05");
        for bad in ["24:00", "08:60", "8", "08:5", "ab:cd", "", "-1:00", "+8:00"] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
    }

    /// Words no entry may mangle: spaces, both quotes, `$`, a backtick,
    /// `%`, a backslash before `%`, `&`, `<`, `#`, `;`, non-ASCII.
    const HOSTILE: [&str; 10] = [
        "/opt/my tools/data",
        "/it's/\"here\"",
        "/a/$HOME/$(id)/`id`",
        "/50%/100%%/%n",
        "/back\\slash\\%/x\\",
        "/x & <y> &amp;",
        "/a # b ; c | d",
        "/caf\u{e9}/\u{65e5}\u{672c}",
        "/trailing space /",
        "/'\\''/%'\\%",
    ];

    fn hostile_nudges() -> Vec<Nudge> {
        HOSTILE
            .iter()
            .map(|d| Nudge::new(Path::new("/usr/bin/backrelief"), Some(Path::new(d))).unwrap())
            .collect()
    }

    #[test]
    fn paths_with_controls_or_not_utf8_or_relative_are_refused_by_name() {
        for bad in [
            "/a\nb",
            "/a\rb",
            "/tab\there",
            "/esc\u{1b}[31m",
            "/del\u{7f}",
            "/c1\u{85}",
            "/bidi\u{202e}",
        ] {
            let e = Nudge::new(Path::new("/bin/backrelief"), Some(Path::new(bad))).unwrap_err();
            assert!(
                e.starts_with("the data folder '/") && e.contains("control character"),
                "{e}"
            );
            assert!(!e.chars().any(crate::output::is_unsafe), "{e:?}");
        }
        let e = Nudge::new(Path::new("relative/backrelief"), None).unwrap_err();
        assert!(e.contains("not an absolute path"), "{e}");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let latin1 = std::ffi::OsStr::from_bytes(b"/home/j\xfcrgen");
            let e = Nudge::new(Path::new(latin1), None).unwrap_err();
            assert!(
                e.contains("the backrelief program's path") && e.contains("not valid UTF-8"),
                "{e}"
            );
        }
    }

    #[test]
    fn every_entry_reads_back_as_the_model_it_was_made_from() {
        let at = Time { hour: 7, minute: 5 };
        for n in hostile_nudges() {
            let (service, timer) = systemd_units(&n, at).unwrap();
            assert_eq!(parse_systemd_service(&service).unwrap(), n, "{service}");
            assert_eq!(parse_systemd_timer(&timer).unwrap(), at);
            let line = cron_line(&n, at).unwrap();
            assert_eq!(parse_cron_line(&line), Some((at, n.clone())), "{line}");
            let plist = launchd_plist(&n, at).unwrap();
            assert_eq!(parse_plist(&plist).unwrap(), (at, n.clone()), "{plist}");
        }
    }

    #[test]
    fn systemds_executable_is_literal_and_its_arguments_escaped() {
        let at = Time { hour: 8, minute: 0 };
        let n = Nudge::new(
            Path::new("/opt/my $tools/backrelief"),
            Some(Path::new("/d/50% $x\"")),
        )
        .unwrap();
        let (service, _) = systemd_units(&n, at).unwrap();
        assert!(
            service.contains(
                "ExecStart=\"/opt/my $tools/backrelief\" --data-dir \"/d/50%% $$x\\\"\" nudge\n"
            ),
            "{service}"
        );
        for bad in [
            "/opt/a\"b/backrelief",
            "/opt/a'b/x",
            "/opt/a\\b/x",
            "/opt/100%/x",
            "/opt//x",
            "/opt/../x",
        ] {
            let n = Nudge::new(Path::new(bad), None).unwrap();
            let e = systemd_units(&n, at).unwrap_err();
            assert!(e.contains("systemd"), "{e}");
        }
    }

    #[test]
    fn cron_keeps_percent_from_becoming_a_newline() {
        let at = Time {
            hour: 7,
            minute: 30,
        };
        let n = Nudge::new(Path::new("/it's/50%/backrelief"), None).unwrap();
        let line = cron_line(&n, at).unwrap();
        assert_eq!(
            line,
            "30 7 * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/$(id -u)/bus '/it'\\''s/50'\\%'/backrelief' 'nudge' # backrelief-nudge"
        );
        // What cron hands the shell: no unescaped %, so nothing is cut.
        let (cmd, cut) = cron_command(&line);
        assert!(
            !cut && cmd.contains("'/it'\\''s/50'%'/backrelief'"),
            "{cmd}"
        );
        let long = Nudge::new(Path::new(&format!("/{}", "x".repeat(1000))), None).unwrap();
        assert!(cron_line(&long, at)
            .unwrap_err()
            .contains("longer than cron reads"));
    }

    #[test]
    fn printed_commands_are_shell_quoted() {
        assert_eq!(shell_quote("/a/b-c.plist"), "/a/b-c.plist");
        assert_eq!(shell_quote("/it's here/$x"), "'/it'\\''s here/$x'");
        assert_eq!(shell_quote(""), "''");
        let words = ["launchctl".to_string(), "load".into(), "/a b/x".into()];
        assert_eq!(shell_line(&words), "launchctl load '/a b/x'");
    }

    #[test]
    fn crontab_edits_touch_only_our_line_byte_for_byte() {
        let at = Time { hour: 8, minute: 0 };
        let ours = cron_line(&Nudge::new(Path::new("/bin/backrelief"), None).unwrap(), at).unwrap();
        let theirs: &[u8] = b"MAILTO=me\r\n0 1 * * * backup \xe9t\xe9\r\n5 5 * * * mine # backrelief-nudge\n# not ours either: x # backrelief-nudge\n";
        let with = crontab_with(theirs, Some(&ours));
        assert_eq!(with, [theirs, ours.as_bytes(), b"\n"].concat());
        assert_eq!(crontab_ours(&with).len(), 1);
        assert_eq!(crontab_theirs(&with), theirs);
        // Installing twice keeps one line; removing gives back theirs.
        assert_eq!(crontab_with(&with, Some(&ours)), with);
        assert_eq!(crontab_with(&with, None), theirs);
        // A last line without a newline gets one before ours.
        assert_eq!(
            crontab_with(b"0 1 * * * x", Some(&ours)),
            [b"0 1 * * * x\n", ours.as_bytes(), b"\n"].concat()
        );
        // A line the previous release wrote (`\%` inside the quotes) is ours.
        let old = "30 18 * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/$(id -u)/bus '/it'\\''s/50\\%/backrelief' 'nudge' # backrelief-nudge";
        let (at_old, n) = parse_cron_line(old).expect("an old line of ours");
        assert_eq!(
            (at_old.hour, n.program.as_str()),
            (18, "/it's/50%/backrelief")
        );
        // Our form with something added is not ours.
        for near in [
            format!("{ours}; rm -rf ~ # backrelief-nudge"),
            ours.replace("'nudge'", "'nudge'; curl x"),
            ours.replace("'nudge'", "'nudge' $(evil)"),
            ours.replace("'nudge'", "'nudge'%evil"),
            ours.replacen("0 8 ", "00 8 ", 1),
            format!("{ours}\r"),
        ] {
            assert!(parse_cron_line(&near).is_none(), "{near}");
        }
    }

    #[test]
    fn plists_that_are_not_exactly_ours_do_not_read_back() {
        let at = Time { hour: 6, minute: 5 };
        let n = Nudge::new(Path::new("/bin/backrelief"), None).unwrap();
        let good = launchd_plist(&n, at).unwrap();
        for bad in [
            good.replace(
                "<string>nudge</string>",
                "<string>nudge</string><string>x</string",
            ),
            good.replace("nudge", "a & b"),
            good.replace("nudge", "a <b"),
            good.replace("nudge", "\u{1}"),
            good.replace("nudge", "&#1;"),
            good.replace("<integer>6</integer>", "<integer>24</integer>"),
            good.replace("</plist>", "</plist><x>"),
        ] {
            assert!(parse_plist(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_next_firing_is_today_if_still_ahead_else_tomorrow() {
        let at = Time { hour: 8, minute: 0 };
        let day = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let next = next_fire(at, day.and_hms_opt(7, 59, 0).unwrap());
        assert_eq!(next, day.and_hms_opt(8, 0, 0).unwrap());
        let next = next_fire(at, day.and_hms_opt(8, 0, 0).unwrap());
        assert_eq!(next.to_string(), "2027-01-01 08:00:00");
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
