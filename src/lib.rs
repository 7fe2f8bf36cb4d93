//! backrelief: a gentle command-line guide for low back and hip pain.
//!
//! The binary in `main.rs` only parses arguments and maps errors to exit
//! codes; everything else lives here, one module per concern:
//! `library` (model, loading, validation), `browse` (list/show/...),
//! `timing` (the arithmetic of holds, sides, sets and rests).

pub mod app;
pub mod assess;
pub mod browse;
pub mod cli;
pub mod error;
pub mod fsutil;
pub mod fuzzing;
pub mod history;
pub mod library;
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
