//! Reading library files from disk: directories are walked in sorted order,
//! symlink loops are cut, and anything unreadable becomes a problem report.

use crate::Problem;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// One library file's text and the name used for it in messages.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// The files a load draws on, numbered as entries' `Origin::file`: first
/// the base layer's (the built-in files, embedded as static text, when the
/// loader starts from a pre-validated library), then the loader's own.
#[derive(Clone, Copy)]
pub(crate) struct Files<'a> {
    pub(crate) base: &'a [(&'static str, &'static str)],
    pub(crate) own: &'a [SourceFile],
}

/// One file's name (as shown in messages) and text.
#[derive(Clone, Copy)]
pub(crate) struct FileRef<'a> {
    pub(crate) path: &'a str,
    pub(crate) text: &'a str,
}

impl<'a> Files<'a> {
    /// File `i`; an empty, nameless file for an index that is out of range
    /// (which only a bug could produce), so a message is still written.
    pub(crate) fn get(&self, i: usize) -> FileRef<'a> {
        if let Some((path, text)) = self.base.get(i) {
            return FileRef { path, text };
        }
        match self.own.get(i - self.base.len()) {
            Some(f) => FileRef {
                path: &f.path,
                text: &f.text,
            },
            None => FileRef {
                path: "library",
                text: "",
            },
        }
    }

    /// Whether an entry from file `i` came from the pre-validated base.
    pub(crate) fn is_base(&self, i: usize) -> bool {
        i < self.base.len()
    }
}

/// Library files larger than this are refused before parsing: far above
/// the built-in library and a ten-thousand-exercise library.
pub(crate) const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// All the library files one load reads, together, at most: their sizes
/// are summed before any is read, so many large (or sparse) files cost a
/// few `stat` calls, not their bytes.
pub const MAX_TOTAL_BYTES: u64 = 32 * 1024 * 1024;
const MAX_DEPTH: usize = 16;

/// Reads a file or every `*.yaml`/`*.yml` file under a directory.
pub fn collect_files(path: &Path, problems: &mut Vec<Problem>) -> Vec<SourceFile> {
    collect_all(&[path], problems).pop().unwrap_or_default()
}

/// The files under each of `paths` (a file, or the YAML files under a
/// directory), one list per path, read only when all of them together
/// come to at most `MAX_TOTAL_BYTES`; otherwise nothing is read and one
/// problem says so.
pub fn collect_all(paths: &[&Path], problems: &mut Vec<Problem>) -> Vec<Vec<SourceFile>> {
    let found: Vec<Vec<Found>> = paths
        .iter()
        .map(|p| {
            let mut out = Vec::new();
            walk(p, 0, &mut HashSet::new(), &mut out, problems);
            out
        })
        .collect();
    let all = || found.iter().flatten();
    let total: u64 = all().map(|f| f.size).sum();
    if total > MAX_TOTAL_BYTES {
        // The first of the largest (`max_by_key` keeps the last).
        let largest = all().rev().max_by_key(|f| f.size).expect("some file");
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        problems.push(Problem::file(
            &shown.join(", "),
            format!(
                "the library files here add up to {} ({} files; the largest is {}, {}); backrelief reads at most {} of library files in all, so none were read",
                size_text(total),
                all().count(),
                largest.shown,
                size_text(largest.size),
                size_text(MAX_TOTAL_BYTES)
            ),
        ));
        return paths.iter().map(|_| Vec::new()).collect();
    }
    // The sizes were read before the files: a file that grew since is cut
    // off by the budget that is left, so the total holds in bytes read.
    let mut budget = MAX_TOTAL_BYTES;
    found
        .into_iter()
        .map(|files| {
            files
                .into_iter()
                .filter_map(|f| read_found(f, &mut budget, problems))
                .collect()
        })
        .collect()
}

/// A library file found, not yet read.
struct Found {
    path: PathBuf,
    shown: String,
    size: u64,
}

/// Reads a found file within what is left of `budget`.
fn read_found(f: Found, budget: &mut u64, problems: &mut Vec<Problem>) -> Option<SourceFile> {
    let bytes = match read_regular_file(&f.path, (*budget).min(MAX_FILE_BYTES)) {
        Ok(bytes) => bytes,
        Err(e) => {
            problems.push(Problem::file(&f.shown, format!("cannot read: {e}")));
            return None;
        }
    };
    *budget = budget.saturating_sub(bytes.len() as u64);
    match String::from_utf8(strip_bom(&bytes).to_vec()) {
        Ok(text) => Some(SourceFile {
            path: f.shown,
            text,
        }),
        Err(e) => {
            let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = upto.iter().filter(|&&b| b == b'\n').count();
            let col = upto.len() - upto.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            problems.push(Problem {
                path: f.shown,
                line: line + 1,
                column: col + 1,
                message: "file is not valid UTF-8 text".to_string(),
            });
            None
        }
    }
}

fn walk(
    path: &Path,
    depth: usize,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<Found>,
    problems: &mut Vec<Problem>,
) {
    let shown = path.display().to_string();
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            problems.push(Problem::file(&shown, format!("cannot read: {e}")));
            return;
        }
    };
    if meta.is_dir() {
        let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if !seen.insert(canonical) || depth > MAX_DEPTH {
            problems.push(Problem::file(
                &shown,
                "directory loops back on itself through a symlink (or is nested too deep); skipped"
                    .to_string(),
            ));
            return;
        }
        let entries = match fs::read_dir(path) {
            Ok(rd) => rd,
            Err(e) => {
                problems.push(Problem::file(&shown, format!("cannot read directory: {e}")));
                return;
            }
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for child in children {
            let is_yaml = child.extension().is_some_and(|x| x == "yaml" || x == "yml");
            if is_yaml || child.is_dir() {
                walk(&child, depth + 1, seen, out, problems);
            }
        }
        return;
    }
    // The size `stat` reports gives the friendliest message; the read is
    // capped too, for files whose reported size is not their content.
    if meta.len() > MAX_FILE_BYTES {
        problems.push(Problem::file(
            &shown,
            format!(
                "file is {} MiB; library files are limited to {} MiB",
                meta.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
        return;
    }
    out.push(Found {
        path: path.to_path_buf(),
        shown,
        size: meta.len(),
    });
}

/// Reads a whole regular file, refusing anything else (a FIFO, a device,
/// a socket, a directory) before it is opened, so nothing ever blocks or
/// streams forever, and reading at most `cap` bytes: the cap counts the
/// bytes actually read, not the size `stat` reports. Symlinks are followed.
/// A missing file is `ErrorKind::NotFound`, so callers can treat it as empty.
pub fn read_regular_file(path: &Path, cap: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    // `metadata` follows symlinks and never opens the file, so a FIFO
    // (or a link to one) is refused without blocking.
    let before = fs::metadata(path)?;
    refuse_unless_regular(&before)?;
    let file = fs::File::open(path)?;
    let after = file.metadata()?;
    refuse_unless_regular(&after)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if (before.dev(), before.ino()) != (after.dev(), after.ino()) {
            return Err(std::io::Error::other(
                "the file was replaced while being opened",
            ));
        }
    }
    // Sized from `stat` (within the cap), so a whole file is read without
    // growing the buffer as it goes; the cap still counts the bytes read.
    let expected = usize::try_from(after.len().min(cap)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(expected.saturating_add(1));
    file.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(std::io::Error::other(format!(
            "file is larger than {}; refusing to read it",
            size_text(cap)
        )));
    }
    Ok(bytes)
}

/// "32 MiB", "64 KiB".
fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// An error unless `meta` is a regular file; the message says what it is.
pub fn refuse_unless_regular(meta: &fs::Metadata) -> std::io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!(
            "not a regular file ({}); refusing to use it",
            file_kind(meta)
        ),
    ))
}

/// What a non-regular file is, in words.
pub(crate) fn file_kind(meta: &fs::Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// Text without a leading UTF-8 byte-order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_counts_bytes_read_and_only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("f");
        fs::write(&f, b"12345").unwrap();
        assert_eq!(read_regular_file(&f, 5).unwrap(), b"12345");
        assert!(read_regular_file(&f, 4)
            .unwrap_err()
            .to_string()
            .contains("larger than"));
        let err = read_regular_file(Path::new("/dev/zero"), 4).unwrap_err();
        assert!(err.to_string().contains("a character device"), "{err}");
        let err = read_regular_file(dir.path(), 4).unwrap_err();
        assert!(err.to_string().contains("a directory"), "{err}");
        assert_eq!(
            read_regular_file(&dir.path().join("none"), 4)
                .unwrap_err()
                .kind(),
            std::io::ErrorKind::NotFound
        );
    }

    #[test]
    fn a_byte_order_mark_is_stripped_once() {
        assert_eq!(strip_bom(b"\xEF\xBB\xBFa: 1"), b"a: 1");
        assert_eq!(strip_bom(b"a: 1"), b"a: 1");
    }
}
