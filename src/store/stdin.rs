//! `-` for standard input, wherever a file is read: `history import -`,
//! `check -`, `--answers -`. A path naming this process's own standard
//! input (`/dev/stdin`, `/proc/self/fd/0`) counts as `-` even when it is a
//! pipe, and likewise its own standard output where a file is written
//! (`-o /dev/stdout`); any other FIFO or device is still refused.

use crate::error::{Error, Result};
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

pub use super::streams::{is_own_stdout, is_stdin, NAME};

/// Everything on standard input, at most `cap` bytes, read once: a second
/// call (a command that looks at its answers twice) gets the same bytes.
pub fn read_all(cap: u64) -> Result<&'static [u8]> {
    static READ: OnceLock<std::result::Result<Vec<u8>, String>> = OnceLock::new();
    let read = READ.get_or_init(|| {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(cap.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        if bytes.len() as u64 > cap {
            return Err(format!(
                "more than {} KiB; refusing to read it",
                cap.div_ceil(1024)
            ));
        }
        Ok(bytes)
    });
    match read {
        Ok(bytes) => Ok(bytes),
        Err(e) => Err(Error::data(NAME, e)),
    }
}

/// Standard input as UTF-8 text (a byte-order mark dropped), read once.
pub fn read_text(cap: u64) -> Result<&'static str> {
    let bytes = crate::library::strip_bom(read_all(cap)?);
    std::str::from_utf8(bytes).map_err(|e| {
        Error::data(
            NAME,
            format!("not valid UTF-8 text (byte {})", e.valid_up_to() + 1),
        )
    })
}

/// Standard input copied aside into a private temporary file in `dir`
/// (`.backrelief-*.tmp`, mode 0600), at most `cap` bytes, so that what is
/// read from it is all there before anything is changed. The file is
/// removed when the handle is dropped.
pub fn copy_aside(dir: &Path, cap: u64) -> Result<tempfile::NamedTempFile> {
    copy_aside_from(dir, cap, &mut std::io::stdin().lock(), NAME)
}

/// The regular file at `path` copied aside the same way, so that a file
/// read twice (checked, then imported) cannot change in between, and
/// importing the log into itself reads a copy.
pub fn copy_file_aside(dir: &Path, path: &Path, cap: u64) -> Result<tempfile::NamedTempFile> {
    let shown = path.display().to_string();
    let ctx = |e| Error::io(format!("reading {shown}"), e);
    // `metadata` never opens: a FIFO or device is refused without blocking.
    let refuse = crate::library::refuse_unless_regular;
    refuse(&std::fs::metadata(path).map_err(ctx)?).map_err(ctx)?;
    let mut file = std::fs::File::open(path).map_err(ctx)?;
    refuse(&file.metadata().map_err(ctx)?).map_err(ctx)?;
    copy_aside_from(dir, cap, &mut file, &shown)
}

/// What `reader` gives, copied aside into a private temporary file in
/// `dir`; `name` names the source in messages.
fn copy_aside_from(
    dir: &Path,
    cap: u64,
    reader: &mut dyn Read,
    name: &str,
) -> Result<tempfile::NamedTempFile> {
    crate::store::private::create_dir_all(dir)
        .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    // Named as `store::files::temp_file_in` names them (that module reads
    // this one, so it is not called from here).
    let mut tmp = tempfile::Builder::new()
        .prefix(".backrelief-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(format!("creating a temporary file in {}", dir.display()), e))?;
    let copied = std::io::copy(&mut reader.take(cap.saturating_add(1)), tmp.as_file_mut())
        .map_err(|e| Error::io(format!("copying {name} to {}", tmp.path().display()), e))?;
    if copied > cap {
        return Err(Error::data(
            name,
            format!("more than {} MiB; refusing to read it", cap / (1024 * 1024)),
        ));
    }
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(format!("writing {}", tmp.path().display()), e))?;
    Ok(tmp)
}
