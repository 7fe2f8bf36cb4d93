//! `backrelief profile`: show, change or reset the profile.

use super::cli::ProfileArgs;
use super::context::Context;
use crate::error::{Error, Result};
use crate::output::print;
use crate::render::profile::describe;
use crate::store::profile::{load, path, save};

pub fn run(ctx: &Context, args: &ProfileArgs) -> Result<()> {
    let lib = ctx.library()?;
    let at = path().ok_or_else(|| {
        Error::Usage("cannot find a config directory; set XDG_CONFIG_HOME".into())
    })?;
    if args.reset {
        match std::fs::remove_file(&at) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(format!("removing {}", at.display()), e)),
        }
        return print("Profile forgotten: the next session asks the first-run questions again.\n");
    }
    let existing = load(&at, lib)?;
    let mut p = existing.clone().unwrap_or_default();
    let condition = |c: &String| -> Result<String> {
        lib.resolve::<crate::library::Condition>(c)
            .map(str::to_string)
            .map_err(|s| {
                crate::browse::unknown("condition", c, s, "see `backrelief profile --help`")
            })
    };
    let exercise = |e: &String| -> Result<String> {
        lib.resolve::<crate::library::Exercise>(e)
            .map(str::to_string)
            .map_err(|s| crate::browse::unknown("exercise", e, s, "see `backrelief list`"))
    };
    let mut changed = false;
    if let Some(m) = args.minutes {
        p.minutes = m;
        changed = true;
    }
    let mut told: Vec<String> = Vec::new();
    for c in &args.add_condition {
        // Checked before it is compared with every name.
        let c = &crate::caps::entered("a condition's name", c, crate::caps::NAME_CHARS)
            .map_err(|m| Error::Usage(format!("--add-condition: {m}")))?;
        match crate::profile::name_condition(lib, c) {
            crate::profile::Named::Known(id) => {
                if !p.conditions.contains(&id) {
                    p.conditions.push(id);
                }
            }
            crate::profile::Named::Within(ids) => {
                told.push(format!(
                    "Recognised in '{}': {}.\n",
                    crate::output::sanitise(c),
                    crate::profile::recognised(lib, &ids)
                ));
                for id in ids {
                    if !p.conditions.contains(&id) {
                        p.conditions.push(id);
                    }
                }
            }
            crate::profile::Named::Typo(s) => {
                return Err(Error::Usage(format!(
                    "unknown condition '{}' — did you mean '{s}'? If you meant something else, write it out in full: backrelief keeps a name it does not know and makes your plan careful",
                    crate::output::sanitise(c)
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
        changed = true;
    }
    for c in &args.remove_condition {
        if let Some(i) = p.unlisted.iter().position(|u| u.trim() == c.trim()) {
            p.unlisted.remove(i);
        } else {
            let id = condition(c)?;
            p.conditions.retain(|x| *x != id);
        }
        changed = true;
    }
    if let Some(text) = &args.cleared {
        if !p.careful_default() {
            return Err(Error::Usage(
                "there is nothing to clear: the careful default is not on (no condition backrelief does not know)".into(),
            ));
        }
        let text = crate::caps::entered("what they said", text, crate::caps::TEXT_CHARS)
            .map_err(|m| Error::Usage(format!("--cleared: {m}")))?;
        p.cleared = Some(crate::profile::Cleared {
            text,
            on: ctx.clock.today(),
        });
        changed = true;
    }
    for e in &args.avoid {
        let id = exercise(e)?;
        if !p.avoid.contains(&id) {
            p.avoid.push(id);
        }
        changed = true;
    }
    for e in &args.unavoid {
        let id = exercise(e)?;
        p.avoid.retain(|x| *x != id);
        changed = true;
    }
    if let Some(eq) = &args.equipment {
        p.equipment = crate::answers::resolve_equipment(lib, eq)?;
        changed = true;
    }
    for e in &args.opt_in {
        let id = exercise(e)?;
        if !lib.exercise(&id).is_some_and(|x| x.opt_in) {
            return Err(Error::Usage(format!(
                "'{id}' is not an opt-in exercise; only those need clearing"
            )));
        }
        if !p.opt_in.contains(&id) {
            p.opt_in.push(id);
        }
        changed = true;
    }
    for e in &args.opt_out {
        let id = exercise(e)?;
        p.opt_in.retain(|x| *x != id);
        changed = true;
    }
    if let Some(age) = args.age {
        p.age = Some(age);
        changed = true;
    }
    let flag = |f: &String| -> Result<String> {
        crate::assess::red_flag_id(lib, f)
            .map(str::to_string)
            .map_err(|s| {
                crate::browse::unknown(
                    "red flag",
                    f,
                    s,
                    "the advice after a stopped session names the flag",
                )
            })
    };
    for f in &args.checked {
        let id = flag(f)?;
        p.checked.retain(|c| c.flag != id);
        p.checked.push(crate::profile::Checked {
            flag: id,
            on: ctx.clock.today(),
        });
        changed = true;
    }
    for f in &args.unchecked {
        let id = flag(f)?;
        p.checked.retain(|c| c.flag != id);
        changed = true;
    }
    if args.quiet {
        p.quiet = true;
        changed = true;
    }
    if let Some(when) = args.bell {
        let bell = super::parse::bell(when);
        p.quiet = bell == crate::profile::Bell::Off;
        p.bell = Some(bell).filter(|b| *b != crate::profile::Bell::Off);
        changed = true;
    }
    if args.voice || args.no_voice {
        p.voice = args.voice;
        changed = true;
    }
    if changed {
        save(&at, &p)?;
    }
    for t in &told {
        crate::output::warn(t.trim_end());
    }
    if args.json {
        let shown = crate::views::ProfileJson {
            path: at.display().to_string(),
            profile: (changed || existing.is_some())
                .then_some(crate::render::json::Unversioned(&p)),
        };
        return print(&crate::render::json::object(crate::views::PROFILE, &shown));
    }
    if !changed && existing.is_none() {
        return print(&format!(
            "No profile yet ({}). Run `backrelief session` to create one, or set values with flags (see --help).\n",
            at.display()
        ));
    }
    print(&describe(lib, &p, &at))
}
