//! `backrelief profile`: show, change or reset the profile.

use super::cli::ProfileArgs;
use super::context::Context;
use crate::error::{Error, Result};
use crate::library::{Library, Unknown};
use crate::profile::Profile;
use crate::render::profile::describe;
use crate::store::profile::{load, save};
use chrono::NaiveDate;
use std::path::Path;

pub fn run(ctx: &Context, args: &ProfileArgs) -> Result<()> {
    let lib = ctx.library()?;
    let at = ctx.profile_path().ok_or_else(|| {
        Error::Usage("cannot find a config directory; set XDG_CONFIG_HOME".into())
    })?;
    if args.reset {
        return forget(ctx, &at);
    }
    let existing = load(&at, lib, ctx)?;
    let mut p = existing.clone().unwrap_or_default();
    let today = ctx.clock.today();
    // In this order, so that `--cleared` sees the conditions just added,
    // and the first bad value is the one named.
    let mut told = Vec::new();
    let mut changed = change_conditions(lib, args, &mut p, &mut told, today)?;
    changed |= change_exercises(lib, args, &mut p)?;
    changed |= change_red_flags(lib, args, &mut p, today)?;
    changed |= change_settings(args, &mut p);
    if changed {
        save(&at, &p)?;
    }
    for t in &told {
        ctx.warn(t.trim_end());
    }
    show(ctx, lib, args, &p, &at, changed || existing.is_some())
}

/// `--reset`: the profile file goes; a missing one is already forgotten.
fn forget(ctx: &Context, at: &Path) -> Result<()> {
    match std::fs::remove_file(at) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(format!("removing {}", at.display()), e)),
    }
    ctx.print("Profile forgotten: the next session asks the first-run questions again.\n")
}

/// Takes out what `words` name, read as `--add-condition` reads them: an
/// id or name, or every condition named in a phrase ("34 weeks pregnant"),
/// and the phrase itself when it was kept as written. A name that matches
/// nothing is the unknown-name error, with its did-you-mean.
fn remove_condition(lib: &Library, words: &str, p: &mut Profile) -> Result<()> {
    let before = (p.conditions.len(), p.unlisted.len());
    p.unlisted
        .retain(|u| !u.trim().eq_ignore_ascii_case(words.trim()));
    match crate::profile::name_condition(lib, words) {
        crate::profile::Named::Known(id) => p.conditions.retain(|x| *x != id),
        crate::profile::Named::Within(ids) => p.conditions.retain(|x| !ids.contains(x)),
        _ => {}
    }
    if (p.conditions.len(), p.unlisted.len()) == before {
        // Known but not in the profile is nothing to do; unknown is an error.
        condition(lib, words)?;
    }
    Ok(())
}

/// `--add-condition`, `--remove-condition` and `--cleared`. What the
/// person should hear about a name (recognised within a phrase, or kept as
/// written) goes to `told`. Whether anything changed.
fn change_conditions(
    lib: &Library,
    args: &ProfileArgs,
    p: &mut Profile,
    told: &mut Vec<String>,
    today: NaiveDate,
) -> Result<bool> {
    for c in &args.add_condition {
        add_condition(lib, c, p, told)?;
    }
    for c in &args.remove_condition {
        remove_condition(lib, c, p)?;
    }
    if let Some(text) = &args.cleared {
        if !p.careful_default() {
            return Err(Error::Usage(
                "there is nothing to clear: the careful default is not on (no condition backrelief does not know)".into(),
            ));
        }
        let text = crate::caps::entered("what they said", text, crate::caps::TEXT_CHARS)
            .map_err(|m| Error::Usage(format!("--cleared: {m}")))?;
        p.cleared = Some(crate::profile::Cleared::new(text, today));
    }
    Ok(!args.add_condition.is_empty()
        || !args.remove_condition.is_empty()
        || args.cleared.is_some())
}

/// One `--add-condition`: a known condition, the known ones within a
/// phrase, a likely typo (refused with its suggestion), or a name kept as
/// written, which brings the careful default.
fn add_condition(lib: &Library, c: &str, p: &mut Profile, told: &mut Vec<String>) -> Result<()> {
    // Checked before it is compared with every name.
    let c = &crate::caps::entered("a condition's name", c, crate::caps::NAME_CHARS)
        .map_err(|m| Error::Usage(format!("--add-condition: {m}")))?;
    let mut add = |id: String| {
        if !p.conditions.contains(&id) {
            p.conditions.push(id);
        }
    };
    match crate::profile::name_condition(lib, c) {
        crate::profile::Named::Known(id) => add(id),
        crate::profile::Named::Within(ids) => {
            told.push(format!(
                "Recognised in '{}': {}.\n",
                crate::output::sanitise(c),
                crate::profile::recognised(lib, &ids)
            ));
            ids.into_iter().for_each(add);
        }
        crate::profile::Named::Typo(s) => {
            return Err(Error::Usage(format!(
                "{} If you meant something else, write it out in full: backrelief keeps a name it does not know and makes your plan careful",
                crate::library::Unknown::new("condition", c, Some(&s))
            )));
        }
        crate::profile::Named::Unknown => {
            let name = c.clone();
            if !p.unlisted.contains(&name) {
                p.unlisted.push(name.clone());
            }
            // A new condition needs a clinician's look of its own.
            p.cleared = None;
            told.push(format!(
                "'{}' is not a condition backrelief knows, so it is kept as you wrote it and your plan is careful (the gentlest exercises, nothing held at the end of its range, no deep forward bending or twisting of the spine, no hanging, upside-down or face-down positions, no stepping up). Show the plan to your doctor or physiotherapist; when they are happy, run `backrelief profile --cleared \"what they said\"`.\n",
                crate::output::sanitise(&name)
            ));
        }
    }
    Ok(())
}

/// `--avoid`, `--unavoid`, `--equipment`, `--opt-in` and `--opt-out`.
/// Whether anything changed.
fn change_exercises(lib: &Library, args: &ProfileArgs, p: &mut Profile) -> Result<bool> {
    for e in &args.avoid {
        p.avoid_exercise(&exercise(lib, e)?);
    }
    for e in &args.unavoid {
        let id = exercise(lib, e)?;
        p.avoid.retain(|x| *x != id);
    }
    if let Some(eq) = &args.equipment {
        p.equipment = crate::answers::resolve_equipment(lib, eq)?;
    }
    for e in &args.opt_in {
        let id = exercise(lib, e)?;
        if !lib.exercise(&id).is_some_and(|x| x.opt_in) {
            return Err(Error::Usage(format!(
                "'{id}' is not an opt-in exercise; only those need clearing"
            )));
        }
        if !p.opt_in.contains(&id) {
            p.opt_in.push(id);
        }
    }
    for e in &args.opt_out {
        let id = exercise(lib, e)?;
        p.opt_in.retain(|x| *x != id);
    }
    Ok(!args.avoid.is_empty()
        || !args.unavoid.is_empty()
        || args.equipment.is_some()
        || !args.opt_in.is_empty()
        || !args.opt_out.is_empty())
}

/// `--checked` (a red flag a clinician has looked at, dated today) and
/// `--unchecked`. Whether anything changed.
fn change_red_flags(
    lib: &Library,
    args: &ProfileArgs,
    p: &mut Profile,
    today: NaiveDate,
) -> Result<bool> {
    for f in &args.checked {
        let id = red_flag(lib, f)?;
        p.checked.retain(|c| c.flag != id);
        p.checked.push(crate::profile::Checked::new(id, today));
    }
    for f in &args.unchecked {
        let id = red_flag(lib, f)?;
        p.checked.retain(|c| c.flag != id);
    }
    Ok(!args.checked.is_empty() || !args.unchecked.is_empty())
}

/// `--minutes`, `--age`, `--quiet`, `--bell` and `--voice`/`--no-voice`,
/// which need no lookup. Whether anything changed.
fn change_settings(args: &ProfileArgs, p: &mut Profile) -> bool {
    if let Some(m) = args.minutes {
        p.minutes = m;
    }
    if let Some(age) = args.age {
        p.age = Some(age);
    }
    if args.quiet {
        p.quiet = true;
    }
    if let Some(when) = args.bell {
        let bell = super::parse::bell(when);
        p.quiet = bell == crate::profile::Bell::Off;
        p.bell = Some(bell).filter(|b| *b != crate::profile::Bell::Off);
    }
    if args.voice || args.no_voice {
        p.voice = args.voice;
    }
    args.minutes.is_some()
        || args.age.is_some()
        || args.quiet
        || args.bell.is_some()
        || args.voice
        || args.no_voice
}

/// The profile as text or JSON; `any` is whether there is one to show.
fn show(
    ctx: &Context,
    lib: &Library,
    args: &ProfileArgs,
    p: &Profile,
    at: &Path,
    any: bool,
) -> Result<()> {
    if args.json {
        // What this version knows: fields a newer one wrote are kept in the
        // file, not shown (the schema describes the known ones).
        let known = p.known();
        let shown = crate::views::ProfileJson {
            path: at.display().to_string(),
            profile: any.then_some(crate::render::json::Unversioned(&known)),
        };
        return ctx.print(&crate::render::json::object(crate::views::PROFILE, &shown));
    }
    if !any {
        return ctx.print(&format!(
            "No profile yet ({}). Run `backrelief session` to create one, or set values with flags (see --help).\n",
            at.display()
        ));
    }
    ctx.print(&describe(lib, p, at))
}

fn condition(lib: &Library, c: &str) -> Result<String> {
    lib.resolve::<crate::library::Condition>(c)
        .map(str::to_string)
        .map_err(|s| {
            Error::from(Unknown::given("condition", c, s).hint("see `backrelief profile --help`"))
        })
}

fn exercise(lib: &Library, e: &str) -> Result<String> {
    lib.resolve::<crate::library::Exercise>(e)
        .map(str::to_string)
        .map_err(|s| Error::from(Unknown::given("exercise", e, s).hint("see `backrelief list`")))
}

fn red_flag(lib: &Library, f: &str) -> Result<String> {
    crate::assess::red_flag_id(lib, f)
        .map(str::to_string)
        .map_err(|s| {
            Error::from(
                Unknown::given("red flag", f, s)
                    .hint("the advice after a stopped session names the flag"),
            )
        })
}
