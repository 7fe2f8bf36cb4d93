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
    crate::store::private::create_dir_all(dir)
        .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| Error::io(format!("creating a temporary file in {}", dir.display()), e))?;
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

/// `-o -` means standard output, and so does `-o /dev/stdout` when it is
/// this process's own (a pipe or a terminal).
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-" || crate::store::streams::is_own_stdout(path)
}
