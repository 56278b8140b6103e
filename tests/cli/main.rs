//! CLI tests, compiled into one binary to keep `cargo test` fast.

mod bounds;
mod common;
mod digest;
mod foundation;
mod hostile;
mod lint;
mod workflow;
