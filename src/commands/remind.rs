//! `backrelief remind` (print, install or remove a daily reminder, or
//! write an .ics file) and `backrelief nudge` (what the reminder runs).

use super::cli::{RemindArgs, ReminderSystem};
use super::context::Context;
use crate::error::{Error, Result};
use crate::output::sanitise;
use crate::remind::{Nudge, System};
use crate::system;
use chrono::TimeZone as _;

fn system_of(s: ReminderSystem) -> System {
    match s {
        ReminderSystem::Systemd => System::Systemd,
        ReminderSystem::Cron => System::Cron,
        ReminderSystem::Launchd => System::Launchd,
    }
}

/// This very program, running `nudge` with the same data directory, as a
/// checked model: a path that a generated entry cannot carry exactly (not
/// UTF-8, a control character) is refused by name.
fn nudge_command(ctx: &Context) -> Result<std::result::Result<Nudge, String>> {
    let exe = std::env::current_exe()
        .map_err(|e| Error::io("finding the backrelief program".to_string(), e))?;
    let dir = match &ctx.data_dir {
        Some(dir) => Some(
            std::path::absolute(dir)
                .map_err(|e| Error::io(format!("finding {}", dir.display()), e))?,
        ),
        None => None,
    };
    Ok(Nudge::new(&exe, dir.as_deref()))
}

pub fn run(ctx: &Context, args: &RemindArgs) -> Result<()> {
    if let Some(file) = &args.ics {
        let minutes = ctx
            .library()
            .ok()
            .and_then(|lib| ctx.profile(lib).ok().flatten())
            .map_or(15, |p| p.minutes);
        let now = ctx.clock.now();
        let text = crate::remind::ics(args.at, now.date_naive(), minutes, now.to_utc());
        if crate::store::files::is_stdout(file) {
            // Byte for byte: the CRLF line ends are part of the format.
            return ctx.out.print_bytes(text.as_bytes());
        }
        crate::store::files::write_atomic(file, text.as_bytes())?;
        return ctx.print(&format!(
            "wrote {}: a daily {minutes}-minute event at {} with an alarm; open it with your calendar or phone.\n",
            file.display(),
            args.at
        ));
    }
    let all = [System::Systemd, System::Cron, System::Launchd];
    let chosen: Vec<System> = match args.system {
        Some(s) => vec![system_of(s)],
        None => all.to_vec(),
    };
    if args.status || args.json {
        return status(ctx, &chosen, args.json);
    }
    if args.remove {
        // Every system is tried; one that fails (a crontab that cannot be
        // read) keeps none of the others from being removed.
        let mut removed = system::Removed::default();
        let mut failed = None;
        for s in chosen {
            match system::remove(s) {
                Ok(r) => {
                    removed.done.extend(r.done);
                    removed.left.extend(r.left);
                }
                Err(e) => failed = failed.or(Some(e)),
            }
        }
        for l in &removed.left {
            ctx.warn(&format!("left alone: {l}"));
        }
        if !removed.done.is_empty() {
            ctx.print(&format!(
                "Removed the reminder: {}.\n",
                removed.done.join(", ")
            ))?;
        }
        if let Some(e) = failed {
            return Err(e);
        }
        if removed.done.is_empty() {
            return ctx.print("No backrelief reminder was installed; nothing to remove.\n");
        }
        return Ok(());
    }
    let system = match args.system {
        Some(s) => system_of(s),
        None => system::detect().ok_or_else(|| {
            Error::Usage(
                "found none of launchctl, systemd (systemctl) or crontab; choose one with --system, or use --ics FILE for a calendar"
                    .into(),
            )
        })?,
    };
    let nudge = nudge_command(ctx)?
        .map_err(|why| Error::Usage(format!("cannot make a reminder: {why}")))?;
    let plan = system::plan(system, &nudge, args.at)?;
    if args.install {
        system::install(&plan)?;
        let mut what: Vec<String> = plan
            .files
            .iter()
            .map(|(p, _)| p.display().to_string())
            .collect();
        if plan.cron_line.is_some() {
            what.push("a line in your crontab".to_string());
        }
        return ctx.print(&format!(
            "Installed a daily reminder at {} ({}): {}.\nIt notifies only when today's session is not done. `backrelief remind --status` shows it; `backrelief remind --remove` undoes this.\n",
            args.at,
            system.name(),
            what.join(", ")
        ));
    }
    let mut out = format!(
        "# A daily reminder at {} ({}). It runs `backrelief nudge`, which notifies only\n# when today's session is not done. `--install` does all of this for you.\n",
        args.at,
        system.name()
    );
    for (path, text) in &plan.files {
        out.push_str(&format!("\n# {}\n{text}", path.display()));
    }
    if let Some(line) = &plan.cron_line {
        out.push_str(&format!("\n# Add this line with `crontab -e`:\n{line}\n"));
    }
    if !plan.commands.is_empty() {
        out.push_str("\n# Then run:\n");
        for c in &plan.commands {
            out.push_str(&crate::remind::shell_line(c));
            out.push('\n');
        }
    }
    ctx.print(&out)
}

/// `remind --status`: every reminder of ours that is installed, where,
/// whether it is what this backrelief would write, and when it next fires.
fn status(ctx: &Context, systems: &[System], json: bool) -> Result<()> {
    let nudge = nudge_command(ctx)?;
    let now = ctx.clock.now();
    let mut found = Vec::new();
    let mut failed = None;
    for s in systems {
        match system::installed(*s, &nudge) {
            Ok(Some(i)) => found.push(i),
            Ok(None) => {}
            // Said at the end, after what could be read.
            Err(e) => failed = failed.or(Some(e)),
        }
    }
    let result = status_print(ctx, &found, systems, now, json);
    match failed {
        Some(e) => Err(e),
        None => result,
    }
}

fn status_print(
    ctx: &Context,
    found: &[system::Installed],
    systems: &[System],
    now: chrono::DateTime<chrono::FixedOffset>,
    json: bool,
) -> Result<()> {
    let next = |i: &system::Installed| {
        let at = i.time?;
        let local = crate::remind::next_fire(at, now.naive_local());
        now.offset().from_local_datetime(&local).single()
    };
    if json {
        let rows: Vec<crate::views::ReminderJson> = found
            .iter()
            .map(|i| crate::views::ReminderJson {
                installed: i,
                next: next(i),
            })
            .collect();
        return ctx.print(&crate::render::json::list(crate::views::REMIND, &rows));
    }
    if found.is_empty() {
        let names: Vec<&str> = systems.iter().map(|s| s.name()).collect();
        return ctx.print(&format!(
            "No backrelief reminder is installed (looked for {}). `backrelief remind --install` adds one.\n",
            names.join(", ")
        ));
    }
    let mut out = String::new();
    for i in found {
        let place = if i.location == ["crontab"] {
            "a line in your crontab".to_string()
        } else {
            i.location.join(", ")
        };
        out.push_str(&format!("{}: {place}\n", i.system));
        if let (Some(at), Some(runs)) = (&i.at, &i.runs) {
            out.push_str(&format!(
                "  daily at {at}, running {}\n",
                sanitise(&crate::remind::shell_line(runs))
            ));
        }
        if let Some(t) = next(i) {
            let day = match (t.date_naive() - now.date_naive()).num_days() {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                _ => t.format("%A %-d %B %Y").to_string(),
            };
            out.push_str(&format!(
                "  next: {day} at {} ({})\n",
                t.format("%H:%M"),
                t.format("%Y-%m-%d")
            ));
        }
        if i.matches {
            out.push_str("  matches what this backrelief would write\n");
        } else {
            out.push_str(&format!(
                "  does not match what this backrelief would write: {}\n",
                sanitise(i.problem.as_deref().unwrap_or("it differs"))
            ));
            if let Some(at) = &i.at {
                out.push_str(&format!(
                    "  `backrelief remind --at {at} --system {} --install` rewrites it\n",
                    i.system
                ));
            }
        }
    }
    ctx.print(&out)
}

/// Notifies when no session has been saved today.
pub fn nudge(ctx: &Context) -> Result<()> {
    let store = ctx.history()?;
    let today = ctx.clock.today();
    // Only today matters: the end of the log is read, not all of it.
    let tail = super::context::schedule_tail(ctx, store, today, today)?;
    if tail.records.iter().any(|r| r.started.date_naive() == today) {
        return ctx.print("Today's session is done; no reminder.\n");
    }
    // Whoever was told not to exercise today is not nudged to; a stop dated
    // later (a clock set wrong, an import) must not silence every day until
    // then.
    if tail.stops.iter().any(|s| s.at.date_naive() == today) {
        return ctx.print("The red-flag screen stopped a session today; no reminder.\n");
    }
    let body = "A few minutes for your back today? Run `backrelief session` when you are ready.";
    if system::notify("backrelief", body)? {
        ctx.print("Reminder shown: today's session is not done yet.\n")
    } else {
        ctx.print(&format!(
            "{body}\n(no notify-send or osascript found, so this went to standard output)\n"
        ))
    }
}
