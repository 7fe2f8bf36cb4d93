//! `backrelief remind` (print, install or remove a daily reminder, or
//! write an .ics file) and `backrelief nudge` (what the reminder runs).

use super::Context;
use crate::cli::{RemindArgs, ReminderSystem};
use crate::error::{Error, Result};
use crate::output::print;
use crate::remind::{Nudge, System};
use crate::system;

fn system_of(s: ReminderSystem) -> System {
    match s {
        ReminderSystem::Systemd => System::Systemd,
        ReminderSystem::Cron => System::Cron,
        ReminderSystem::Launchd => System::Launchd,
    }
}

/// This very program, running `nudge` with the same data directory.
fn nudge_command(ctx: &Context) -> Result<Nudge> {
    let exe = std::env::current_exe()
        .map_err(|e| Error::io("finding the backrelief program".to_string(), e))?;
    let mut args = Vec::new();
    if let Some(dir) = &ctx.data_dir {
        let dir = std::path::absolute(dir)
            .map_err(|e| Error::io(format!("finding {}", dir.display()), e))?;
        args.push("--data-dir".to_string());
        args.push(dir.display().to_string());
    }
    args.push("nudge".to_string());
    Ok(Nudge {
        program: exe.display().to_string(),
        args,
    })
}

pub fn run(ctx: &Context, args: &RemindArgs) -> Result<()> {
    if let Some(file) = &args.ics {
        let minutes = ctx
            .library()
            .ok()
            .and_then(|lib| {
                crate::store::profile::load_from(crate::store::profile::path().as_deref(), lib)
                    .ok()
                    .flatten()
            })
            .map_or(15, |p| p.minutes);
        let now = ctx.clock.now();
        let text = crate::remind::ics(args.at, now.date_naive(), minutes, now.to_utc());
        crate::store::files::write_atomic(file, text.as_bytes())?;
        return print(&format!(
            "wrote {}: a daily {minutes}-minute event at {} with an alarm; open it with your calendar or phone.\n",
            file.display(),
            args.at
        ));
    }
    if args.remove {
        let systems = match args.system {
            Some(s) => vec![system_of(s)],
            None => vec![System::Systemd, System::Cron, System::Launchd],
        };
        let mut removed = Vec::new();
        for s in systems {
            removed.extend(system::remove(s)?);
        }
        if removed.is_empty() {
            return print("No backrelief reminder was installed; nothing to remove.\n");
        }
        return print(&format!("Removed the reminder: {}.\n", removed.join(", ")));
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
    let nudge = nudge_command(ctx)?;
    let plan = system::plan(system, &nudge, args.at)?;
    if args.install {
        system::install(system, &plan)?;
        let mut what: Vec<String> = plan
            .files
            .iter()
            .map(|(p, _)| p.display().to_string())
            .collect();
        if plan.cron_line.is_some() {
            what.push("a line in your crontab".to_string());
        }
        return print(&format!(
            "Installed a daily reminder at {} ({}): {}.\nIt notifies only when today's session is not done. `backrelief remind --remove` undoes this.\n",
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
            out.push_str(&c.join(" "));
            out.push('\n');
        }
    }
    print(&out)
}

/// Notifies when no session has been saved today.
pub fn nudge(ctx: &Context) -> Result<()> {
    let store = ctx.history()?;
    let today = ctx.clock.today();
    // Only today matters: the end of the log is read, not all of it.
    let tail = store.read_tail(today)?;
    super::report_damaged(&store.path, &tail.damaged);
    if tail.records.iter().any(|r| r.started.date_naive() == today) {
        return print("Today's session is done; no reminder.\n");
    }
    // Whoever was told not to exercise today is not nudged to; a stop dated
    // later (a clock set wrong, an import) must not silence every day until
    // then.
    if tail.stops.iter().any(|s| s.at.date_naive() == today) {
        return print("The red-flag screen stopped a session today; no reminder.\n");
    }
    let body = "A few minutes for your back today? Run `backrelief session` when you are ready.";
    if system::notify("backrelief", body)? {
        print("Reminder shown: today's session is not done yet.\n")
    } else {
        print(&format!(
            "{body}\n(no notify-send or osascript found, so this went to standard output)\n"
        ))
    }
}
