//! CLI tests, compiled into one binary to keep `cargo test` fast.

mod bounds;
mod common;
mod digest;
mod foundation;
mod hostile;
mod inventory;
mod lint;
mod workflow;
