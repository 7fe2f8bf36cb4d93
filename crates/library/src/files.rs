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

/// Library files larger than this are refused before parsing: the built-in
/// library is well under 1 MiB, and a 10,000-exercise library about 15 MiB.
const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
const MAX_DEPTH: usize = 16;

/// Reads a file or every `*.yaml`/`*.yml` file under a directory.
pub fn collect_files(path: &Path, problems: &mut Vec<Problem>) -> Vec<SourceFile> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    walk(path, 0, &mut seen, &mut out, problems);
    out
}

fn walk(
    path: &Path,
    depth: usize,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<SourceFile>,
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
    match fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => out.push(SourceFile { path: shown, text }),
            Err(e) => {
                let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let line = upto.iter().filter(|&&b| b == b'\n').count();
                let col = upto.len() - upto.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
                problems.push(Problem {
                    path: shown,
                    line: line + 1,
                    column: col + 1,
                    message: "file is not valid UTF-8 text".to_string(),
                });
            }
        },
        Err(e) => problems.push(Problem::file(&shown, format!("cannot read: {e}"))),
    }
}
