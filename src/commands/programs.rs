//! `backrelief programs`: browse, and save or delete the person's own
//! programs. A saved program is a YAML file in the user's library
//! directory (`routines/programs/ID.yaml`), checked like any library file
//! before it is written; built-in programs are never replaced or deleted.

use super::cli::{ProgramsAction, ProgramsArgs};
use super::context::Context;
use crate::error::{Error, Result};
use crate::library::{collect_files, DoseOverride, Loader, Program, ProgramStep, SourceFile, Text};
use crate::output::{print, sanitise};
use crate::record::Status;
use crate::store::library::{builtin_files, builtin_library};
use serde::Serialize;
use std::path::PathBuf;

pub fn run(ctx: &Context, args: &ProgramsArgs) -> Result<()> {
    match &args.action {
        None => list(ctx, args.program.as_deref(), args.json.json),
        Some(ProgramsAction::Save {
            name,
            from_last,
            exercises,
            force,
        }) => save(ctx, name, *from_last, exercises.as_deref(), *force),
        Some(ProgramsAction::Delete { name }) => delete(ctx, name),
    }
}

/// "My Mornings!" -> "my-mornings". Ids are ASCII, like the library's:
/// letters outside it are dropped ("Café" -> "caf").
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn user_dir() -> Result<PathBuf> {
    crate::store::paths::user_routines().ok_or_else(|| {
        Error::Usage("cannot find your config directory; set XDG_CONFIG_HOME or HOME".into())
    })
}

/// Where `programs save` keeps a program.
fn saved_path(dir: &std::path::Path, id: &str) -> PathBuf {
    dir.join("programs").join(format!("{id}.yaml"))
}

#[derive(Serialize)]
struct ProgramsFile<'a> {
    programs: [&'a Program; 1],
}

fn save(
    ctx: &Context,
    name: &str,
    from_last: bool,
    exercises: Option<&[String]>,
    force: bool,
) -> Result<()> {
    let id = slug(name);
    // Bidi overrides and control characters would pass here and be refused
    // only by the validator, naming a file that was never written.
    if id.is_empty()
        || name.chars().any(crate::library::text::is_unsafe)
        || name.chars().count() > 80
    {
        return Err(Error::Usage(format!(
            "'{}' cannot name a program: use 1 to 80 letters, digits and spaces",
            sanitise(name)
        )));
    }
    if builtin_library().program(&id).is_some() {
        return Err(Error::Usage(format!(
            "'{id}' is a built-in program and is never replaced; choose another name"
        )));
    }
    let lib = ctx.library()?;
    let dir = user_dir()?;
    let path = saved_path(&dir, &id);
    if lib.program(&id).is_some() && !(force && path.exists()) {
        return Err(Error::Usage(if path.exists() {
            format!(
                "you already have a program '{id}' ({}); --force replaces it",
                path.display()
            )
        } else {
            format!("a program '{id}' is already in your library files; choose another name")
        }));
    }
    let today = ctx.clock.today();
    let (steps, summary, for_causes) = if from_last {
        let (records, _) = ctx.history()?.read()?;
        let last = records.iter().max_by_key(|r| r.started).ok_or_else(|| {
            Error::Usage(
                "no sessions in history yet, so there is no last session to save; use --exercises"
                    .into(),
            )
        })?;
        let mut steps: Vec<ProgramStep> = Vec::new();
        for s in last.steps.iter().filter(|s| s.status != Status::NotReached) {
            if steps.iter().any(|x| x.exercise == s.exercise) {
                continue;
            }
            steps.push(ProgramStep {
                exercise: s.exercise.as_str().into(),
                dose: s.dose.map(|d| DoseOverride {
                    hold: d.hold,
                    reps: d.reps,
                    sets: Some(d.sets),
                    rest: Some(d.rest),
                }),
            });
        }
        let causes = last
            .causes
            .iter()
            .filter(|c| lib.cause(&c.id).is_some())
            .map(|c| c.id.clone())
            .collect();
        (
            steps,
            format!(
                "Saved from the session of {}.",
                last.started.format("%-d %B %Y")
            ),
            causes,
        )
    } else {
        let mut steps: Vec<ProgramStep> = Vec::new();
        for q in exercises.unwrap_or_default() {
            let e = crate::browse::find_exercise(lib, q)?;
            steps.push(ProgramStep {
                exercise: e.id.clone(),
                dose: None,
            });
        }
        (
            steps,
            format!(
                "Your own choice of exercises, saved {}.",
                today.format("%-d %B %Y")
            ),
            Vec::new(),
        )
    };
    if steps.is_empty() {
        return Err(Error::Usage("no exercises to save".into()));
    }
    let program = Program {
        id: id.clone().into(),
        name: name.trim().into(),
        summary: summary.into(),
        for_causes: for_causes.into_iter().map(Text::from).collect(),
        steps: steps.into(),
        origin: Default::default(),
    };
    let text = format!(
        "# Saved by `backrelief programs save` on {today}. Edit it if you like;\n# `backrelief check` checks it, `backrelief programs delete {id}` removes it.\n{}",
        crate::library::to_yaml(&ProgramsFile {
            programs: [&program]
        })
    );
    // Checked as the library will load it: the built-in files, then the
    // user's files with this one in place of any earlier copy.
    let mut problems = Vec::new();
    let mut user: Vec<SourceFile> = if dir.is_dir() {
        collect_files(&dir, &mut problems)
    } else {
        Vec::new()
    };
    let shown = path.display().to_string();
    user.retain(|f| f.path != shown);
    user.push(SourceFile {
        path: shown,
        text: text.clone(),
    });
    Loader::new()
        .layer(builtin_files())
        .layer(user)
        .problems(problems)
        .load()?;
    let parent = path.parent().expect("a file in a directory");
    crate::store::private::create_dir_all(parent)
        .map_err(|e| Error::io(format!("creating {}", parent.display()), e))?;
    crate::store::files::write_atomic(&path, text.as_bytes())?;
    let n = program.steps.len();
    print(&format!(
        "Saved program '{id}' ({n} {}) to {}.\nRun it with `backrelief run {id}`; print it with `backrelief sheet --program {id}`.\n",
        if n == 1 { "exercise" } else { "exercises" },
        path.display()
    ))
}

fn delete(ctx: &Context, name: &str) -> Result<()> {
    let lib = ctx.library()?;
    let id = lib
        .resolve::<Program>(name)
        .map(str::to_string)
        .unwrap_or_else(|_| slug(name));
    let path = saved_path(&user_dir()?, &id);
    if path.exists() {
        std::fs::remove_file(&path)
            .map_err(|e| Error::io(format!("removing {}", path.display()), e))?;
        return print(&format!(
            "Deleted your program '{id}' ({}).\n",
            path.display()
        ));
    }
    if builtin_library().program(&id).is_some() {
        return Err(Error::Usage(format!(
            "'{id}' is a built-in program; only programs you saved can be deleted"
        )));
    }
    if lib.program(&id).is_some() {
        return Err(Error::Usage(format!(
            "'{id}' was not saved by `programs save`; remove it from your library files by hand"
        )));
    }
    Err(Error::Usage(format!(
        "no program '{}' of yours; see `backrelief programs`",
        sanitise(name)
    )))
}

/// `backrelief programs [PROGRAM]`: every program, or one in full.
fn list(ctx: &Context, program: Option<&str>, json: bool) -> Result<()> {
    let lib = ctx.library()?;
    if json {
        return crate::output::print(&crate::browse::programs_json(lib, program)?);
    }
    crate::output::print(&crate::browse::programs(lib, program, &ctx.style)?)
}
