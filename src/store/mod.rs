//! The files backrelief keeps and reads: XDG paths, whole-file writes, the
//! history log, the profile, and the library's layers.

pub mod files;
pub mod history;
pub mod index;
pub mod library;
pub mod paths;
pub mod profile;
