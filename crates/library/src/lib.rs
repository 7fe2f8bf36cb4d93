//! The exercise library: its model, loading from YAML, merging of layers
//! and validation.
//!
//! This crate depends only on std, serde, serde_yaml, serde_path_to_error,
//! strsim and postcard, because the binary's `build.rs` uses it too: the build fails
//! when the built-in library is invalid.

mod cite;
mod compact;
mod fast;
mod files;
mod id;
mod list;
mod loader;
mod locate;
mod lookups;
mod merge;
mod model;
mod parse_problem;
pub mod position;
mod problems;
mod rust_source;
mod safety;
mod scoped;
mod shared_text;
mod strings;
#[cfg(feature = "synthetic")]
pub mod synthetic;
pub mod text;
mod unknown;
mod validate;

pub use cite::{is_precaution, parts as citation_parts, Part as CitationPart, PRECAUTION};
pub use compact::{from_compact, to_compact};
pub use files::{
    collect_all, collect_files, read_regular_file, refuse_unless_regular, strip_bom, SourceFile,
    MAX_TOTAL_BYTES,
};
pub use id::{Id, IdError};
pub use list::{List, Map};
pub use loader::{from_yaml, to_yaml, Loader, LEFT_OUT};
pub use locate::value_under_key;
pub use lookups::{edit_distance, normalize, suggest, Lookup};
pub use merge::overlay;
pub use model::*;
pub use problems::{Problem, Problems};
pub use rust_source::library_as_rust;
pub use safety::LYING_ON_BACK;
/// Any YAML value, for fields of a person's files that this version does not
/// know and keeps as they were (the profile's `extra`).
pub use serde_yaml::Value as YamlValue;
pub use shared_text::Text;
pub use unknown::Unknown;
