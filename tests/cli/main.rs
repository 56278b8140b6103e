//! CLI tests, compiled into one binary to keep `cargo test` fast.

mod common;
mod digest;
mod foundation;
mod git_writes;
mod hostile;
mod lint;
mod markdown;
mod privacy;
mod workflow;
