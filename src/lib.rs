//! backrelief: a gentle command-line guide for low back and hip pain.
//!
//! The binary in `main.rs` only parses arguments and maps errors to exit
//! codes; everything else lives here, one module per concern.

pub mod library;

/// The library compiled into the binary from `routines/`.
pub mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}
