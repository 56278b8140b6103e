//! CLI tests, compiled into one binary to keep `cargo test` fast.

mod bounds;
mod common;
#[path = "../support/corpus.rs"]
mod corpus;
mod digest;
mod foundation;
mod git_writes;
mod hostile;
mod inventory;
mod layers;
mod lint;
mod markdown;
mod privacy;
mod workflow;
