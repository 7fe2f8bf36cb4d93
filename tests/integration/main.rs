//! The integration tests: one binary, one module per command area, all
//! running the real `backrelief` in a throwaway home (see `support`).

mod browse;
mod cache;
mod ceilings;
mod cli;
mod completions;
mod content;
mod conventions;
mod every_body;
mod floor;
mod function;
mod future;
mod history;
mod hostile;
mod json;
mod layers;
mod library;
mod pipes;
mod planner;
mod programs;
mod questions;
mod release;
mod remind;
mod report;
mod runner;
mod safety;
mod schemas;
mod screens;
mod session;
mod sheet;
mod store;
mod support;
mod terminal;
mod untrusted_text;
mod upgrade;
mod walk;
