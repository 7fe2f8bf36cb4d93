//! The session runner's edge: it reads the clock, the keys and the signals,
//! feeds them to the pure state machine in `machine`, and shows it on a
//! real terminal, either full-screen (`tui`) or as plain lines (`plain`).

pub mod digits;
mod drive;
mod machine;
pub mod plain;
pub mod tui;
mod voice;

pub use machine::Status;

pub use drive::{run, RunOptions, RunResult};
pub use voice::{available as voice_available, NO_VOICE};
