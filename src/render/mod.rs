//! Text made from core data, for the terminal or a file: pure functions
//! from plans, records and the library to strings.

pub mod history;
pub mod json;
pub mod library;
pub mod plan;
pub mod profile;
pub mod progress;
pub mod report;
pub mod sheet;
pub mod walk;
