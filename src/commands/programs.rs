//! `backrelief programs`: browse, and save or delete the person's own
//! programs. A saved program is a YAML file in the user's library
//! directory (`routines/programs/ID.yaml`), checked like any library file
//! before it is written; built-in programs are never replaced or deleted.

use super::cli::{ProgramsAction, ProgramsArgs};
use super::context::Context;
use crate::error::{Error, Result};
use crate::library::{
    collect_files, DoseOverride, Id, Library, Loader, Program, ProgramStep, SourceFile, Text,
};
use crate::output::sanitise;
use crate::record::Status;
use crate::store::library::{builtin_files, builtin_library};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

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

fn user_dir(ctx: &Context) -> Result<PathBuf> {
    ctx.dirs.user_routines().ok_or_else(|| {
        Error::Usage("cannot find your config directory; set XDG_CONFIG_HOME or HOME".into())
    })
}

/// The first line of every file `programs save` writes: what makes a file
/// its own, to replace or delete. Files saved before this line existed
/// began the same way.
const MARK: &str = "# Saved by `backrelief programs save`";

/// Where `programs save` keeps a program: a file name made from the id
/// alone, so it can only ever be inside `routines/programs/`.
fn saved_path(dir: &Path, id: &Id) -> PathBuf {
    dir.join("programs").join(id.file_name("yaml"))
}

#[derive(Serialize)]
struct ProgramsFile<'a> {
    programs: [&'a Program; 1],
}

/// What a file `programs save` wrote holds: one program, nothing else.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedFile {
    programs: Vec<SavedId>,
}

#[derive(Deserialize)]
struct SavedId {
    id: String,
}

/// Who wrote the file at `path`, for program `id`.
enum Owner {
    Nobody,
    /// `programs save`: it starts with `MARK` and holds only `id`.
    Us,
    /// A person (or it holds more than `programs save` wrote).
    Person,
}

fn owner(path: &Path, id: &Id) -> Result<Owner> {
    let text = match crate::store::files::read_text(path) {
        Ok(None) => return Ok(Owner::Nobody),
        Ok(Some(text)) => text,
        Err(e) => return Err(Error::io(format!("reading {}", path.display()), e)),
    };
    let ours = text.starts_with(MARK)
        && crate::library::from_yaml::<SavedFile>(&text)
            .is_ok_and(|f| f.programs.len() == 1 && f.programs[0].id == id.as_str());
    Ok(if ours { Owner::Us } else { Owner::Person })
}

/// The lock that `programs save` and `delete` hold while they look at and
/// change `routines/programs/`, so that of two saves of one id exactly
/// one writes and the other is told. A file of its own that is never
/// renamed or deleted (`.lock`, so the library never reads it).
fn lock(dir: &Path) -> Result<std::fs::File> {
    let programs = dir.join("programs");
    crate::store::private::create_dir_all(&programs)
        .map_err(|e| Error::io(format!("creating {}", programs.display()), e))?;
    let path = programs.join(".backrelief-programs.lock");
    let file = crate::store::private::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(format!("opening {}", path.display()), e))?;
    file.lock()
        .map_err(|e| Error::io(format!("locking {}", path.display()), e))?;
    Ok(file)
}

/// "'x' is a file you wrote" and how to change it instead.
fn hand_written(path: &Path, id: &Id) -> Error {
    Error::Usage(format!(
        "{} was not written by `programs save` (it does not start with its header line, or holds more than program '{id}'), so backrelief leaves it alone; edit it by hand (remove the entry under `programs:`, or the file), then `backrelief check`",
        path.display()
    ))
}

fn save(
    ctx: &Context,
    name: &str,
    from_last: bool,
    exercises: Option<&[String]>,
    force: bool,
) -> Result<()> {
    // Bidi overrides and control characters would pass here and be refused
    // only by the validator, naming a file that was never written.
    let name = &crate::caps::entered("a program's name", name, Id::MAX_LEN).map_err(|m| {
        Error::Usage(format!(
            "'{}' cannot name a program: {m}",
            sanitise(&crate::caps::shown(name))
        ))
    })?;
    let id = Id::slug(name).map_err(|_| {
        Error::Usage(format!(
            "'{}' cannot name a program: use 1 to {} letters, digits and spaces",
            sanitise(name),
            Id::MAX_LEN
        ))
    })?;
    if builtin_library().program(&id).is_some() {
        return Err(Error::Usage(format!(
            "'{id}' is a built-in program and is never replaced; choose another name"
        )));
    }
    let lib = ctx.library()?;
    let dir = user_dir(ctx)?;
    let path = saved_path(&dir, &id);
    let (steps, summary, for_causes) = if from_last {
        from_last_session(ctx, lib)?
    } else {
        chosen(ctx, lib, exercises.unwrap_or_default())?
    };
    if steps.is_empty() {
        return Err(Error::Usage("no exercises to save".into()));
    }
    let program = Program {
        id: id.as_str().into(),
        name: name.trim().into(),
        summary: summary.into(),
        for_causes: for_causes.into(),
        steps: steps.into(),
        origin: Default::default(),
    };
    let text = format!(
        "{MARK} on {}. Edit it if you like;\n# `backrelief check` checks it, `backrelief programs delete {id}` removes it.\n{}",
        ctx.clock.today(),
        crate::library::to_yaml(&ProgramsFile {
            programs: [&program]
        })
    );
    // Refused before anything is created, and again once the folder is
    // locked: from there to the write, no other save or delete changes it.
    may_write(&path, &id, lib, force)?;
    let _lock = lock(&dir)?;
    may_write(&path, &id, lib, force)?;
    check_with(&dir, &path, &text)?;
    crate::store::files::write_atomic(&path, text.as_bytes())?;
    let n = program.steps.len();
    ctx.print(&format!(
        "Saved program '{id}' ({n} {}) to {}.\nRun it with `backrelief run {id}`; print it with `backrelief sheet --program {id}`.\n",
        if n == 1 { "exercise" } else { "exercises" },
        path.display()
    ))
}

/// Whether `programs save` may write program `id` at `path`: never over a
/// file a person wrote, over its own file only with `--force`, and never
/// beside another program with the same id.
fn may_write(path: &Path, id: &Id, lib: &Library, force: bool) -> Result<()> {
    match owner(path, id)? {
        Owner::Person => Err(hand_written(path, id)),
        Owner::Us if !force => Err(Error::Usage(format!(
            "you already have a program '{id}' ({}); --force replaces it",
            path.display()
        ))),
        Owner::Nobody if lib.program(id).is_some() => Err(Error::Usage(format!(
            "a program '{id}' is already in your library files; choose another name"
        ))),
        Owner::Us | Owner::Nobody => Ok(()),
    }
}

/// Checks the library as it will load with `text` at `path`: the built-in
/// files, then the user's files with this one in place of any earlier copy.
fn check_with(dir: &Path, path: &Path, text: &str) -> Result<()> {
    let mut problems = Vec::new();
    let mut user: Vec<SourceFile> = if dir.is_dir() {
        collect_files(dir, &mut problems)
    } else {
        Vec::new()
    };
    let shown = path.display().to_string();
    user.retain(|f| f.path != shown);
    user.push(SourceFile {
        path: shown,
        text: text.to_string(),
    });
    Loader::new()
        .layer(builtin_files())
        .layer(user)
        .problems(problems)
        .load()?;
    Ok(())
}

/// Steps, summary and causes of a program made from the last session.
type Made = (Vec<ProgramStep>, String, Vec<Text>);

fn from_last_session(ctx: &Context, lib: &Library) -> Result<Made> {
    let (records, _) = ctx.history()?.read()?;
    let last = records.iter().max_by_key(|r| r.started).ok_or_else(|| {
        Error::Usage(
            "no sessions in history yet, so there is no last session to save; use --exercises"
                .into(),
        )
    })?;
    let mut steps: Vec<ProgramStep> = Vec::new();
    for s in last.steps.iter().filter(|s| s.status != Status::NotReached) {
        // Saved under today's id, should the exercise have been renamed.
        let id = lib.current_id(&s.exercise);
        if steps.iter().any(|x| x.exercise == id) {
            continue;
        }
        steps.push(ProgramStep {
            exercise: id.into(),
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
        .map(|c| Text::from(c.id.as_str()))
        .collect();
    let summary = format!(
        "Saved from the session of {}.",
        last.started.format("%-d %B %Y")
    );
    Ok((steps, summary, causes))
}

fn chosen(ctx: &Context, lib: &Library, exercises: &[String]) -> Result<Made> {
    let mut steps: Vec<ProgramStep> = Vec::new();
    for q in exercises {
        let e = crate::browse::find_exercise(lib, q)?;
        steps.push(ProgramStep {
            exercise: e.id.clone(),
            dose: None,
        });
    }
    let summary = format!(
        "Your own choice of exercises, saved {}.",
        ctx.clock.today().format("%-d %B %Y")
    );
    Ok((steps, summary, Vec::new()))
}

fn delete(ctx: &Context, name: &str) -> Result<()> {
    let lib = ctx.library()?;
    let id = match lib.resolve::<Program>(name) {
        Ok(id) => Id::parse(id),
        Err(_) => Id::slug(name),
    }
    .map_err(|_| {
        Error::Usage(format!(
            "no program '{}' of yours; see `backrelief programs`",
            sanitise(name)
        ))
    })?;
    if builtin_library().program(&id).is_some() {
        return Err(Error::Usage(format!(
            "'{id}' is a built-in program; only programs you saved can be deleted"
        )));
    }
    let dir = user_dir(ctx)?;
    let path = saved_path(&dir, &id);
    if path.exists() {
        let _lock = lock(&dir)?;
        return match owner(&path, &id)? {
            Owner::Us => {
                std::fs::remove_file(&path)
                    .map_err(|e| Error::io(format!("removing {}", path.display()), e))?;
                ctx.print(&format!(
                    "Deleted your program '{id}' ({}).\n",
                    path.display()
                ))
            }
            Owner::Person => Err(hand_written(&path, &id)),
            Owner::Nobody => Err(Error::Usage(format!(
                "no program '{id}' of yours; see `backrelief programs`"
            ))),
        };
    }
    if lib.program(&id).is_some() {
        return Err(Error::Usage(format!(
            "'{id}' was not saved by `programs save`, so backrelief leaves it alone; remove it from your library files by hand (the file under {} that lists it under `programs:`), then `backrelief check`",
            dir.display()
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
        return ctx.print(&programs_json(lib, program)?);
    }
    let style = &ctx.style;
    ctx.print(&match program {
        None => crate::render::library::programs(lib, style),
        Some(q) => {
            crate::render::library::program(lib, crate::browse::find_program(lib, q)?, style)
        }
    })
}

/// `programs --json`: every program, or the one asked for.
fn programs_json(
    lib: &crate::library::Library,
    query: Option<&str>,
) -> crate::error::Result<String> {
    use crate::render::json;
    let Some(q) = query else {
        return Ok(json::list(crate::views::PROGRAMS, &lib.programs));
    };
    Ok(json::object(
        crate::views::PROGRAM,
        crate::browse::find_program(lib, q)?,
    ))
}
