//! The profile file: `profile.yaml` in the config directory.

use crate::error::{Error, Result};
use crate::library::Library;
use crate::profile::{Profile, PROFILE_VERSION};
use crate::store::files::write_atomic;
use std::path::Path;

/// Where what is said about the file goes: the command's standard error.
pub trait Notes {
    /// Said each time the file is read.
    fn say(&self, line: &str);
    /// Said once in a command, however often it reads the file.
    fn say_once(&self, line: &str);
}

pub type Warn<'a> = &'a dyn Notes;

/// Reads the profile at `path`; none when there is no config directory.
pub fn load_from(path: Option<&Path>, lib: &Library, warn: Warn) -> Result<Option<Profile>> {
    match path {
        Some(p) => load(p, lib, warn),
        None => Ok(None),
    }
}

/// Reads the profile and checks it against the library; `Ok(None)` when
/// there is none yet. A value that names nothing is refused with the file,
/// line and column, because ignoring it would switch a filter off.
/// Notices (a name cut to length) go to `warn`.
pub fn load(path: &Path, lib: &Library, warn: Warn) -> Result<Option<Profile>> {
    let text = match crate::store::files::read_text(path) {
        Ok(Some(t)) => t,
        Ok(None) => return Ok(None),
        Err(e) => return Err(Error::io(format!("reading {}", path.display()), e)),
    };
    let profile: Profile = crate::library::from_yaml(&text).map_err(|at| {
        Error::data(
            format!("{}{at}", path.display()).trim_end_matches(':'),
            "fix it, or remove the file to answer the first-run questions again",
        )
    })?;
    let (lo, hi) = (crate::assess::MIN_MINUTES, crate::assess::MAX_MINUTES);
    if !(lo..=hi).contains(&profile.minutes) {
        return Err(Error::data(
            path.display(),
            format!(
                "`minutes` must be {lo} to {hi}, not {}; fix it in the file, or start again with `backrelief profile --reset`",
                profile.minutes
            ),
        ));
    }
    if profile.version > PROFILE_VERSION {
        return Err(Error::data(
            path.display(),
            format!(
                "written by a newer backrelief (profile version {}); this one reads version {PROFILE_VERSION}",
                profile.version
            ),
        ));
    }
    let mut profile = profile;
    for field in profile.unknown_fields() {
        warn.say_once(&unknown_field(path, &field));
    }
    for notice in crate::profile::cut_names(&mut profile) {
        warn.say(&format!("notice: {}: {notice}", path.display()));
    }
    let profile = crate::profile::check(lib, profile).map_err(|problem| {
        let at = crate::library::value_under_key(&text, problem.field, &problem.value)
            .map(|(line, column)| format!(":{line}:{column}"))
            .unwrap_or_default();
        Error::data(
            format!("{}{at}", path.display()),
            format!(
                "{} Fix it in the file, or start again with `backrelief profile --reset`.",
                problem.message
            ),
        )
    })?;
    Ok(Some(profile))
}

/// That `field` of the profile at `path` is not one this version knows:
/// said once in a command (which may read the profile more than once).
fn unknown_field(path: &Path, field: &str) -> String {
    format!(
        "warning: {}: `{}` is not a field this backrelief knows (a newer one may have written it); it is kept as it is and not used",
        path.display(),
        crate::output::sanitise(field)
    )
}

/// Writes the profile, with the fields this version does not know
/// (`extra`) as they were read.
pub fn save(path: &Path, profile: &Profile) -> Result<()> {
    let text = format!(
        "# backrelief profile: edit here or with `backrelief profile`.\n{}",
        crate::library::to_yaml(profile)
    );
    write_atomic(path, text.as_bytes())
}

/// Adds exercise ids to the `avoid` list of the profile at `path` (what
/// `profile --avoid` records) and saves it, reading the file afresh so a
/// change made meanwhile is kept. `Ok(false)` when there is no profile:
/// one is never made here, because a profile made without the first-run
/// questions would stop them being asked (conditions included).
pub fn avoid(path: &Path, lib: &Library, ids: &[String], warn: Warn) -> Result<bool> {
    let Some(mut p) = load(path, lib, warn)? else {
        return Ok(false);
    };
    let mut added = false;
    for id in ids {
        added |= p.avoid_exercise(id);
    }
    if added {
        save(path, &p)?;
    }
    Ok(true)
}
