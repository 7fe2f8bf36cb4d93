//! The integration tests: one binary, one module per command area, all
//! running the real `backrelief` in a throwaway home (see `support`).

mod browse;
mod cli;
mod floor;
mod history;
mod hostile;
mod library;
mod planner;
mod questions;
mod runner;
mod safety;
mod session;
mod sheet;
mod store;
mod support;
mod terminal;
mod untrusted_text;
