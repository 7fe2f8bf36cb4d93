//! backrelief: a gentle command-line guide for low back and hip pain.
//!
//! The binary in `main.rs` only parses arguments and maps errors to exit
//! codes; everything else lives here, one module per concern:
//!
//! - `library`: the model, loading (fast per-entry path and careful path),
//!   validation; also compiled by `build.rs` to check `routines/`.
//! - `assess`: answers, the red-flag screen, cause ranking. `prompt`: asking.
//! - `planner`: the pure planner. `timing`: holds, sides, sets and rests.
//! - `runner`: the session state machine, its clock, the full-screen and
//!   plain front ends.
//! - `history`, `progress`: records and what they show.
//! - `browse`, `render`, `sheet`: output. `style`: colour and wrapping.
//! - `session`, `profile`, `app`: the commands that tie these together.
//! - `paths`, `fsutil`, `error`: XDG paths, atomic writes, errors and exit
//!   codes. `fuzzing`: bodies of the fuzz targets.

pub mod answers;
pub mod assess;
pub mod browse;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod error;
pub mod fuzzing;
pub mod library;
pub mod output;
pub mod planner;
pub mod profile;
pub mod progress;
pub mod prompt;
pub mod record;
pub mod render;
pub mod runner;
pub mod store;
pub mod style;
pub mod timing;

/// The library compiled into the binary from `routines/`.
pub mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

    /// The built-in library as validated by the build, in JSON.
    pub static JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin.json"));
}
