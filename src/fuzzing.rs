//! Entry points for the fuzz targets in `fuzz/`, also used by the test
//! that replays saved crash inputs (`tests/fuzz-regressions/`). Each must
//! return normally for any input: errors are fine, panics are bugs.

use crate::library::{Library, Loader, SourceFile};
use std::sync::OnceLock;

/// Loads arbitrary bytes as a library file.
pub fn library_loader(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let file = SourceFile {
            path: "fuzz.yaml".into(),
            text: text.to_string(),
        };
        let _ = Loader::new().layer(vec![file]).load();
    }
}

/// Parses arbitrary bytes as an answers file against the built-in library.
pub fn answers_parser(data: &[u8]) {
    static LIB: OnceLock<Library> = OnceLock::new();
    let lib = LIB.get_or_init(crate::store::library::builtin_library);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = crate::answers::parse_answers(lib, "fuzz.yaml", text, None);
    }
}
