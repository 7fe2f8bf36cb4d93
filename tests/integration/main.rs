//! The integration tests: one binary, one module per command area, all
//! running the real `backrelief` in a throwaway home (see `support`).

mod browse;
mod cli;
mod conventions;
mod history;
mod hostile;
mod json;
mod library;
mod planner;
mod questions;
mod runner;
mod safety;
mod session;
mod sheet;
mod store;
mod support;
mod untrusted_text;
