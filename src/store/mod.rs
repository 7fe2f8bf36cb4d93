//! The files backrelief keeps and reads: XDG paths, whole-file writes, the
//! history log, the profile, and the library's layers (and their cache).

pub mod files;
pub mod history;
pub mod index;
pub mod library;
pub mod library_cache;
pub mod paths;
pub mod private;
pub mod profile;
pub mod stdin;
pub mod streams;

#[cfg(test)]
mod walk_tests;
