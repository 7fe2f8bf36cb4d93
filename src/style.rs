//! Kept so that code written against the old paths still builds: text
//! layout now lives in `layout` (pure) and the colour decision in
//! `term::colour`. New code uses those.

pub use crate::layout::{pad, truncate, wrap, Style, DEFAULT_WIDTH};
pub use crate::term::colour::{
    choose_stdout_colour, colour_on, columns, dumb_terminal, ColorEnv, ColorWhen,
};
