//! backrelief: a gentle command-line guide for low back and hip pain.
//!
//! The binary in `main.rs` only parses arguments and maps errors to exit
//! codes; everything else lives here, one module per concern:
//!
//! - `library`: the model, loading (fast per-entry path and careful path),
//!   validation: the `backrelief-library` crate in `crates/library`, also a
//!   build-dependency so `build.rs` can check `routines/`.
//! - `assess`: answers, the red-flag screen, cause ranking. `prompt`: asking.
//! - `planner`: the pure planner. `timing`: holds, sides, sets and rests.
//! - `runner`: the session state machine, its clock, the full-screen and
//!   plain front ends.
//! - `history`, `progress`: records and what they show.
//! - `browse`, `render`, `sheet`: output. `style`: colour and wrapping.
//! - `session`, `profile`, `app`: the commands that tie these together.
//! - `paths`, `fsutil`, `error`: XDG paths, atomic writes, errors and exit
//!   codes. `fuzzing`: bodies of the fuzz targets.

pub mod app;
pub mod assess;
pub mod browse;
pub mod cli;
pub mod clock;
pub mod error;
pub mod fsutil;
pub mod fuzzing;
pub mod history;
/// The library loader lives in its own crate, `crates/library`; re-exported
/// so `crate::library::...` paths keep working.
pub use backrelief_library as library;
pub mod paths;
pub mod planner;
pub mod profile;
pub mod progress;
pub mod prompt;
pub mod render;
pub mod runner;
pub mod session;
pub mod sheet;
pub mod style;
pub mod timing;

/// The library compiled into the binary from `routines/`.
pub mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

    /// The built-in library as validated by the build, in JSON.
    pub static JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin.json"));
}
