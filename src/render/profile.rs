//! The profile as `backrelief profile` shows it.

use crate::layout::sanitise;
use crate::library::Library;
use crate::profile::Profile;
use std::path::Path;

pub fn describe(lib: &Library, p: &Profile, at: &Path) -> String {
    let names = |ids: &[String], name: &dyn Fn(&str) -> Option<String>| -> String {
        if ids.is_empty() {
            "none".to_string()
        } else {
            ids.iter()
                .map(|id| sanitise(&name(id).unwrap_or_else(|| id.clone())).into_owned())
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    let mut out = format!(
        "Profile ({})\n  conditions: {}\n  equipment:  {}\n  minutes:    {}\n  age:        {}\n  opted in:   {}\n  bell:       {}\n  voice:      {}\n",
        sanitise(&at.display().to_string()),
        names(&p.conditions, &|id| lib.condition(id).map(|c| c.name.to_string())),
        names(&p.equipment, &|id| lib.equipment_item(id).map(|c| c.name.to_string())),
        p.minutes,
        p.age.map_or_else(|| "not given".to_string(), |a| a.to_string()),
        names(&p.opt_in, &|id| lib.exercise(id).map(|c| c.name.to_string())),
        p.bell().as_str(),
        if p.voice { "on" } else { "off" },
    );
    if !p.unlisted.is_empty() {
        out.push_str(&format!(
            "  not known to backrelief: {}\n",
            p.unlisted
                .iter()
                .map(|u| sanitise(u).into_owned())
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    if !p.avoid.is_empty() {
        out.push_str(&format!(
            "  left out (--avoid): {}\n",
            names(&p.avoid, &|id| lib.exercise(id).map(|c| c.name.to_string()))
        ));
    }
    match (&p.cleared, p.careful_default()) {
        (Some(c), _) => out.push_str(&format!(
            "  cleared by a clinician on {}: {}\n",
            c.on,
            sanitise(&c.text)
        )),
        (None, true) => out.push_str(
            "  careful plan: on until a clinician has looked (backrelief profile --cleared TEXT)\n",
        ),
        (None, false) => {}
    }
    for c in &p.checked {
        out.push_str(&format!(
            "  checked by a clinician on {}: {}\n",
            c.on,
            sanitise(&c.flag)
        ));
    }
    out
}
