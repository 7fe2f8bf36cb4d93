//! backrelief: a gentle command-line guide for low back and hip pain.
//!
//! Three layers; arrows point down only (`tests/integration/layers.rs` checks):
//!
//! - Commands (`commands/`, with its `cli`): the only code that knows clap. Each
//!   command turns its arguments into a plain request, calls the core and
//!   prints. `main.rs` parses, calls `commands::run` and maps the error to
//!   an exit code.
//! - Core, pure and unit-tested (no terminal, file or clock): `library`
//!   (the `backrelief-library` crate: model, loader, validator, lookups),
//!   `answers` and `assess` (red flags, causes), `planner` (in named
//!   stages), `timing`, `record` (what a session leaves behind), `codec` (history
//!   lines to records and back, and the folds over them),
//!   `progress` (arithmetic and report), `function` (weekly activity
//!   ratings), `caps` (ceilings on text a person types), `safety_net` (when to see a clinician), `report` (the visit report), `remind` (reminder entries as
//!   text), `browse` and `render` (text from
//!   data), the runner's state machine (`runner::machine`).
//! - Edges, behind small seams: `clock` (the only reader of real time),
//!   `store` (history log and its index, profile, paths, whole-file writes, library
//!   layers), `prompt` (questions on a terminal or a pipe), the runner's
//!   views (`runner::tui`, `runner::plain`), `system` (the system's own
//!   tools: systemctl, crontab, launchctl, notify-send), `child` (their
//!   processes, with a time limit), `style`, `output`.
//!
//! `error` is the one error type; `fuzzing` holds the fuzz targets' bodies.
//!
//! Modules are `pub` only where the integration tests, benches or fuzz
//! targets reach into them; the rest are `pub(crate)`, so dead code shows.

pub(crate) mod answers;
pub mod assess;
pub(crate) mod browse;
pub(crate) mod caps;
pub(crate) mod child;
pub(crate) mod clock;
pub mod codec;
pub mod commands;
pub mod error;
pub(crate) mod function;
pub mod fuzzing;
pub mod layout;
pub(crate) mod lessons;
/// The library loader lives in its own crate, `crates/library`; re-exported
/// so `crate::library::...` paths keep working.
pub use backrelief_library as library;
pub mod output;
pub mod planner;
pub(crate) mod profile;
pub mod progress;
pub(crate) mod prompt;
pub mod record;
pub(crate) mod remind;
pub mod render;
pub(crate) mod report;
pub(crate) mod runner;
pub mod safety_net;
pub(crate) mod shape;
pub mod shapes;
pub mod store;
pub(crate) mod style;
pub(crate) mod system;
pub(crate) mod term;
pub(crate) mod timing;
pub(crate) mod views;
pub(crate) mod walking;

/// The library compiled into the binary from `routines/`.
pub(crate) mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

    /// The built-in library as validated by the build, with its entries'
    /// origins, as static values (`library::library_as_rust`).
    mod statics {
        use crate::library::*;
        include!(concat!(env!("OUT_DIR"), "/builtin_library.rs"));
    }
    pub use statics::SECTIONS;
}
