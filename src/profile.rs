//! The profile: what a person told us once (conditions, equipment, usual
//! session length) so daily runs ask only about today.

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const PROFILE_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub version: u32,
    #[serde(default)]
    pub conditions: Vec<String>,
    #[serde(default)]
    pub equipment: Vec<String>,
    pub minutes: u32,
    /// Opt-in exercises (such as inversion) a clinician has cleared.
    #[serde(default)]
    pub opt_in: Vec<String>,
    /// No bell during sessions.
    #[serde(default)]
    pub quiet: bool,
}

impl Default for Profile {
    fn default() -> Profile {
        Profile {
            version: PROFILE_VERSION,
            conditions: Vec::new(),
            equipment: Vec::new(),
            minutes: 15,
            opt_in: Vec::new(),
            quiet: false,
        }
    }
}

pub fn path() -> Option<PathBuf> {
    crate::paths::config_dir().map(|d| d.join("profile.yaml"))
}

/// Reads the profile; `Ok(None)` when there is none yet.
pub fn load(path: &Path) -> Result<Option<Profile>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(format!("reading {}", path.display()), e)),
    };
    let profile: Profile = crate::library::from_yaml(&text).map_err(|at| {
        Error::data(
            format!("{}{at}", path.display()).trim_end_matches(':'),
            "fix it, or remove the file to answer the first-run questions again",
        )
    })?;
    if profile.version > PROFILE_VERSION {
        return Err(Error::data(
            path.display(),
            format!(
                "written by a newer backrelief (profile version {}); this one reads version {PROFILE_VERSION}",
                profile.version
            ),
        ));
    }
    Ok(Some(profile))
}

pub fn save(path: &Path, profile: &Profile) -> Result<()> {
    let text = format!(
        "# backrelief profile: edit here or with `backrelief profile`.\n{}",
        crate::library::to_yaml(profile)
    );
    write_atomic(path, text.as_bytes())
}

/// The profile as `backrelief profile` shows it.
pub fn describe(lib: &crate::library::Library, p: &Profile, at: &Path) -> String {
    let names = |ids: &[String], name: &dyn Fn(&str) -> Option<String>| -> String {
        if ids.is_empty() {
            "none".to_string()
        } else {
            ids.iter()
                .map(|id| name(id).unwrap_or_else(|| id.clone()))
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    format!(
        "Profile ({})\n  conditions: {}\n  equipment:  {}\n  minutes:    {}\n  opted in:   {}\n  bell:       {}\n",
        at.display(),
        names(&p.conditions, &|id| lib.condition(id).map(|c| c.name.clone())),
        names(&p.equipment, &|id| lib.equipment_item(id).map(|c| c.name.clone())),
        p.minutes,
        names(&p.opt_in, &|id| lib.exercise(id).map(|c| c.name.clone())),
        if p.quiet { "off" } else { "on" },
    )
}

/// `backrelief profile`: show, change or reset the profile.
pub fn command(global: &crate::cli::Global, args: &crate::cli::ProfileArgs) -> Result<()> {
    let lib = crate::app::load_library(global, &[])?;
    let at = path().ok_or_else(|| {
        Error::Usage("cannot find a config directory; set XDG_CONFIG_HOME".into())
    })?;
    if args.reset {
        match std::fs::remove_file(&at) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(format!("removing {}", at.display()), e)),
        }
        return crate::app::print(
            "Profile forgotten: the next session asks the first-run questions again.\n",
        );
    }
    let existing = load(&at)?;
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
    for c in &args.add_condition {
        let id = condition(c)?;
        if !p.conditions.contains(&id) {
            p.conditions.push(id);
        }
        changed = true;
    }
    for c in &args.remove_condition {
        let id = condition(c)?;
        p.conditions.retain(|x| *x != id);
        changed = true;
    }
    if let Some(eq) = &args.equipment {
        p.equipment = crate::session::resolve_equipment(&lib, eq)?;
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
    if args.quiet || args.bell {
        p.quiet = args.quiet;
        changed = true;
    }
    if changed {
        save(&at, &p)?;
    } else if existing.is_none() {
        return crate::app::print(&format!(
            "No profile yet ({}). Run `backrelief session` to create one, or set values with flags (see --help).\n",
            at.display()
        ));
    }
    crate::app::print(&describe(&lib, &p, &at))
}
