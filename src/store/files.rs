//! Whole-file reads and writes. Reads take regular files only, capped by
//! the bytes actually read. Writes are atomic: a reader sees the old file or
//! the new one, never half of each, even if the process dies mid-write.

use crate::error::{Error, Result};
use crate::library::{read_regular_file, refuse_unless_regular, strip_bom};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Answers and profile files are small; this is far more than enough.
pub const MAX_SMALL_FILE_BYTES: u64 = 1024 * 1024;

/// Reads a small text file (answers, profile): a regular file only, at most
/// `MAX_SMALL_FILE_BYTES`, UTF-8 with or without a byte-order mark.
/// `Ok(None)` when there is no such file.
pub fn read_text(path: &Path) -> std::io::Result<Option<String>> {
    let bytes = match read_regular_file(path, MAX_SMALL_FILE_BYTES) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    String::from_utf8(strip_bom(&bytes).to_vec())
        .map(Some)
        .map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "not valid UTF-8 text (byte {})",
                    e.utf8_error().valid_up_to() + 1
                ),
            )
        })
}

/// Follows symlinks (relative ones from the link's directory) to the path
/// that a write should replace; the path itself when it is not a link.
pub fn resolve_symlinks(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Replaces the whole file at `path` with `bytes`, atomically. A symlink
/// is followed and its target replaced (the link stays, so dotfiles and
/// synced folders keep working); an existing file keeps its mode and owner;
/// anything that is not a regular file (FIFO, device, socket, directory)
/// is refused rather than replaced.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |out| {
        out.write_all(bytes)
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))
    })
}

/// [`write_atomic`], with the contents written by `write` a piece at a
/// time (through a buffer), so they need not be in memory at once. When
/// `write` fails, the file is left as it was.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    replace_whole(path, Access::Private, write)
}

/// [`write_atomic`] for a file meant for everyone to read, such as a man
/// page: a new file gets the mode any program's new file gets (0666 less
/// the umask, so 0644 under the usual 022), not backrelief's private 0600.
/// An existing file keeps its mode, as with [`write_atomic`].
pub fn write_atomic_public(path: &Path, bytes: &[u8]) -> Result<()> {
    replace_whole(path, Access::Public, |out| {
        out.write_all(bytes)
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))
    })
}

/// Who may read a file backrelief creates.
#[derive(Clone, Copy)]
enum Access {
    /// Its user alone (0600), as for everything in backrelief's folders.
    Private,
    /// As the umask says, as for any program's new file.
    Public,
}

fn replace_whole(
    path: &Path,
    access: Access,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let target =
        resolve_symlinks(path).map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    let existing = match std::fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(format!("writing {}", path.display()), e)),
    };
    if let Some(m) = &existing {
        refuse_unless_regular(m)
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    }
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match access {
        Access::Private => crate::store::private::create_dir_all(dir),
        Access::Public => std::fs::create_dir_all(dir),
    }
    .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    sweep_temp(dir);
    let tmp = match access {
        Access::Private => temp_file_in(dir),
        Access::Public => public_temp_file_in(dir),
    };
    let mut tmp =
        tmp.map_err(|e| Error::io(format!("creating a temporary file in {}", dir.display()), e))?;
    let ctx = |e| Error::io(format!("writing {}", target.display()), e);
    if let Some(m) = &existing {
        // The replacement looks like the file it replaces: same mode, and
        // (when allowed, as for root) the same owner.
        std::fs::set_permissions(tmp.path(), m.permissions()).map_err(ctx)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(m.uid()), Some(m.gid()));
        }
    }
    {
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, tmp.as_file_mut());
        write(&mut out)?;
        out.flush().map_err(ctx)?;
    }
    tmp.as_file().sync_all().map_err(ctx)?;
    tmp.persist(&target)
        .map_err(|e| Error::io(format!("replacing {}", target.display()), e.error))?;
    // Make the rename itself durable.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// What every temporary file backrelief writes is called:
/// `.backrelief-XXXXXX.tmp`, in the folder of the file it will replace.
pub const TEMP_PREFIX: &str = ".backrelief-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// A new temporary file in `dir`, named `.backrelief-XXXXXX.tmp`, removed
/// when dropped unless persisted. Private (0600) on Unix.
pub fn temp_file_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
}

/// [`temp_file_in`], created with mode 0666 less the umask (the kernel
/// applies the umask to the mode `open` is given), so that once renamed
/// into place it is readable as any new file is.
fn public_temp_file_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut b = tempfile::Builder::new();
    b.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    b.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    b.tempfile_in(dir)
}

/// Temporary files older than this are left over from a run that was
/// killed while writing: no write takes anywhere near as long.
pub const TEMP_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes what a killed run left in `dir`, one of backrelief's own
/// folders: regular files named `.backrelief-*.tmp` (never a link, a
/// folder or any other name) last changed over an hour ago, so a write in
/// progress in another process is never touched. Errors are ignored: this
/// is tidying, and the next run tries again.
pub fn sweep_temp(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        // `DirEntry::metadata` does not follow a symlink.
        let Ok(meta) = entry.metadata() else { continue };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > TEMP_MAX_AGE);
        if meta.file_type().is_file() && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `-o -` means standard output, and so does `-o /dev/stdout` when it is
/// this process's own (a pipe or a terminal).
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-" || crate::store::streams::is_own_stdout(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_old_temporary_files_of_ours_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let old = std::time::SystemTime::now() - TEMP_MAX_AGE - std::time::Duration::from_secs(60);
        let file = |name: &str, aged: bool| {
            let p = dir.path().join(name);
            std::fs::write(&p, b"x").unwrap();
            if aged {
                let f = std::fs::File::options().write(true).open(&p).unwrap();
                f.set_modified(old).unwrap();
            }
            p
        };
        let swept = file(".backrelief-abc123.tmp", true);
        let young = file(".backrelief-def456.tmp", false);
        let others = [
            file("history.jsonl", true),
            file(".backrelief-abc.tmp.keep", true),
            file("backrelief-abc.tmp", true),
            file(".tmpXYZ", true),
        ];
        std::fs::create_dir(dir.path().join(".backrelief-dir.tmp")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&others[0], dir.path().join(".backrelief-link.tmp")).unwrap();
        sweep_temp(dir.path());
        assert!(!swept.exists());
        assert!(young.exists());
        for p in &others {
            assert!(p.exists(), "{}", p.display());
        }
        assert!(dir.path().join(".backrelief-dir.tmp").is_dir());
        #[cfg(unix)]
        assert!(dir
            .path()
            .join(".backrelief-link.tmp")
            .symlink_metadata()
            .is_ok());
        // A fresh temporary file has the name the sweep knows.
        let tmp = temp_file_in(dir.path()).unwrap();
        let name = tmp.path().file_name().unwrap().to_str().unwrap();
        assert!(
            name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX),
            "{name}"
        );
    }
}
