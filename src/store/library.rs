//! Where the library comes from: the built-in layer (validated when the
//! program was built), the user's routines directory, `--library`, and the
//! extra paths `check` is given, each layer overriding by id.

use crate::error::Result;
use crate::library::{collect_all, Library, Loader, SourceFile};
use std::path::{Path, PathBuf};

/// The built-in files, as the loader wants them.
pub fn builtin_files() -> Vec<SourceFile> {
    crate::builtin::FILES
        .iter()
        .map(|(path, text)| SourceFile {
            path: (*path).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}

/// The built-in library alone: validated when the program was built and
/// compiled in as static values, which it borrows, so nothing is parsed,
/// checked or decoded. Its entries keep their origins in
/// `crate::builtin::FILES`.
pub fn builtin_library() -> Library {
    Library::from_static(&crate::builtin::SECTIONS)
}

/// A loader that starts from the pre-validated built-in library: layers
/// added to it are parsed and merged over it, the built-in files are not.
pub fn over_builtin() -> Loader {
    Loader::over(builtin_library(), crate::builtin::FILES)
}

/// The most `check -` reads from standard input (a library file's limit).
const STDIN_BYTES: u64 = 32 * 1024 * 1024;

/// The library the cache's `entries` (the user's, decoded) make over the
/// built-in one, merged and checked as if just parsed from `own`: the
/// built-in red flags, rules and every other built-in entry come from the
/// program, the floor holds, and the whole passes validation. `None` when
/// anything fails, so the files are loaded instead.
pub fn checked(entries: &Library, own: &[SourceFile]) -> Option<Library> {
    Loader::merge_decoded(builtin_library(), crate::builtin::FILES, own, entries).ok()
}

/// The directories and files layered over the built-in library, in order.
#[derive(Clone, Debug, Default)]
pub struct Layers {
    /// `~/.config/backrelief/routines`, when it exists.
    pub user_dir: Option<PathBuf>,
    /// `--library DIR`.
    pub library_dir: Option<PathBuf>,
    /// The library cache's file (`Dirs::cache_file`).
    pub cache_file: Option<PathBuf>,
    /// Paths given to `check`.
    pub extra: Vec<PathBuf>,
    /// Whether a merge of the user's layers may come from, and go to, the
    /// library cache. `check` reports on the files as they are: never.
    pub cached: bool,
}

/// Built-in, then each layer, each overriding by id. The built-in layer is
/// never parsed here: only the user's files are, merged over it; when
/// `cached` and without `extra`, a successful merge is cached and reused
/// while the files stay the same (`library_cache`). Warnings go to the
/// process's standard error.
pub fn load(layers: &Layers) -> Result<Library> {
    load_noting(layers, &|line| crate::output::warn(line))
}

/// [`load`], its warnings (fields this version left out) given to `warn`.
pub fn load_noting(layers: &Layers, warn: &dyn Fn(&str)) -> Result<Library> {
    let user_dir = layers.user_dir.as_ref().filter(|d| d.is_dir());
    if user_dir.is_none() && layers.library_dir.is_none() && layers.extra.is_empty() {
        return Ok(builtin_library());
    }
    // Every file of every layer is found, and their sizes summed, before
    // any is read (`collect_all`).
    let mut problems = Vec::new();
    let extra: Vec<&Path> = layers
        .extra
        .iter()
        .filter(|p| !crate::store::stdin::is_stdin(p))
        .map(PathBuf::as_path)
        .collect();
    let mut roots: Vec<&Path> = user_dir.iter().map(|d| d.as_path()).collect();
    roots.extend(layers.library_dir.as_deref());
    let layer_count = roots.len();
    roots.extend(&extra);
    let mut found = collect_all(&roots, &mut problems).into_iter();
    let mut files: Vec<Vec<SourceFile>> = found.by_ref().take(layer_count).collect();
    let mut extra_files: Vec<SourceFile> = found.flatten().collect();
    let merge = |files: Vec<Vec<SourceFile>>, problems| {
        let mut loader = over_builtin();
        for layer in files {
            loader.layer(layer);
        }
        Ok(loader.problems(problems).load()?)
    };
    if layers.cached && layers.extra.is_empty() && problems.is_empty() {
        // Only the user's own layers, all readable: the last merge of the
        // same files may be cached.
        let lib = crate::store::library_cache::load_cached(
            layers.cache_file.as_deref(),
            files,
            |files| merge(files, problems),
            checked,
        )?;
        // Fields this version left out are said by every command (`check`
        // says them with its other warnings); a library with any is never
        // cached, so each run says them again.
        for w in lib.left_out() {
            warn(&format!(
                "{}:{}:{}: warning: {}",
                w.path, w.line, w.column, w.message
            ));
        }
        return Ok(lib);
    }
    if !layers.extra.is_empty() {
        if layers
            .extra
            .iter()
            .any(|p| crate::store::stdin::is_stdin(p))
        {
            // `check -`: the YAML on standard input, named as such.
            let text = crate::store::stdin::read_text(STDIN_BYTES)?;
            extra_files.push(SourceFile {
                path: crate::store::stdin::NAME.to_string(),
                text: text.to_string(),
            });
        }
        files.push(extra_files);
    }
    merge(files, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::to_compact;

    /// The library and its origins in a form that compares whole, every
    /// field: the compact form and its string table.
    fn form(lib: &Library) -> (Vec<u8>, String) {
        to_compact(lib).expect("the library serializes")
    }

    #[test]
    fn the_compiled_in_library_is_the_one_its_yaml_describes() {
        let parsed = Loader::new()
            .layer(builtin_files())
            .load()
            .expect("the built-in library is valid");
        let compiled = builtin_library();
        assert_eq!(form(&compiled), form(&parsed));
        assert_eq!(
            compiled.exercise("cat-cow").map(|e| &e.name),
            parsed.exercise("cat-cow").map(|e| &e.name)
        );
    }
}
