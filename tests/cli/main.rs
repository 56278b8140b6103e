//! CLI tests, compiled into one binary to keep `cargo test` fast.

mod common;
mod digest;
mod foundation;
mod lint;
mod workflow;
