//! Private by default (Unix): what backrelief creates is its user's alone.
//! Folders it creates are 0700 and files 0600 (history with its ratings
//! and stops, lock, index, profile, saved programs, cache; whole-file
//! writes go through a temporary file, which is 0600 already). Files it
//! owns that an older backrelief made readable by others are tightened
//! once, with a notice. Folders it did not create are never changed: when
//! others can write to one, a warning says so.

use std::fs::OpenOptions;
use std::path::Path;

/// Mode of the files backrelief creates.
pub const FILE_MODE: u32 = 0o600;
/// Mode of the folders backrelief creates.
pub const DIR_MODE: u32 = 0o700;

/// Creates `dir` and any missing parents, each 0700; folders that exist
/// are left as they are.
pub fn create_dir_all(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, DIR_MODE);
    b.create(dir)
}

/// Options that create a file 0600 (an existing file keeps its mode).
pub fn options() -> OpenOptions {
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, FILE_MODE);
    o
}

/// Tightens `files` to 0600 the first time this runs after an older
/// backrelief: when `marker` (a file this build creates 0600, such as the
/// history lock) can be read by others, every file of the list that others
/// can read or write is made 0600 with a notice (to `say`), and `marker`
/// last, so this happens once; a mode set by hand later is kept. Best
/// effort: a file that cannot be changed is left, without an error.
pub fn tighten_once(marker: &Path, files: &[&Path], say: &dyn Fn(&str)) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let loose = |p: &Path| {
            std::fs::symlink_metadata(p)
                .ok()
                .filter(|m| m.is_file() && m.permissions().mode() & 0o077 != 0)
        };
        if loose(marker).is_none() {
            return;
        }
        for &file in files.iter().chain([marker].iter()) {
            let Some(m) = loose(file) else { continue };
            let was = m.permissions().mode() & 0o777;
            let tightened =
                std::fs::set_permissions(file, std::fs::Permissions::from_mode(FILE_MODE));
            if tightened.is_ok() && file != marker {
                say(&format!(
                    "notice: {} could be read by others (mode {was:o}); it is now yours alone (600)",
                    file.display()
                ));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (marker, files, say);
}

/// Warns when others can write to `dir` (a folder backrelief did not
/// necessarily create, so it is not changed): they could change or
/// replace what is kept there. The warning goes to `say`.
pub fn warn_if_others_can_write(dir: &Path, say: &dyn Fn(&str)) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(m) = std::fs::metadata(dir) {
            let mode = m.permissions().mode();
            // A sticky folder (like /tmp) keeps others from replacing files.
            if m.is_dir() && mode & 0o022 != 0 && mode & 0o1000 == 0 {
                say(&format!(
                    "warning: others can write to {} (mode {:o}); they could change your history there. `chmod go-w` it, or choose another --data-dir",
                    dir.display(),
                    mode & 0o777
                ));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (dir, say);
}

/// A line on standard error, made safe as `output::warn` makes it; written
/// here so the store does not reach the output module (the layer check's
/// longest chain). Where a store's notices go unless it keeps them.
pub fn notice(line: &str) {
    use std::io::Write;
    let text = crate::layout::sanitise_lines(line);
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}").and_then(|()| err.flush());
}
