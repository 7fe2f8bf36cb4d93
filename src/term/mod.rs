//! The terminal edge, shared by the prompts and the runner: whether to
//! colour and how wide to lay out (`colour`), raw mode, the alternate screen
//! and the size (`screen`), keys read and decoded from the tty (`input`,
//! `keyboard`), a terminal that went away (`input`), and the signals that
//! end a wait (`signals`). Nothing in the core imports it.

pub mod colour;
pub mod input;
#[cfg(unix)]
mod keyboard;
pub mod screen;
pub mod signals;

pub use input::{detach_dead_outputs, discard_typed_ahead, output_hung_up, Input, Next};
pub use signals::{StopSignals, SIGHUP};
