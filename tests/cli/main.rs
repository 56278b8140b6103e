//! CLI tests, compiled into one binary to keep `cargo test` fast.

mod action_cmd;
mod action_model;
mod action_model_prop;
mod audience;
mod bounds;
mod cascade_levels;
mod commit;
mod common;
#[path = "../support/corpus.rs"]
mod corpus;
mod digest;
mod digest_git;
mod digest_output;
mod editor;
mod foundation;
mod git_refusals;
mod git_writes;
mod hostile;
mod inventory;
mod issue_config;
mod layers;
mod lint;
mod lint_identity;
mod lint_inputs;
mod lsp;
mod markdown;
mod privacy;
mod privacy_sweep;
mod privacy_terminal;
mod rollup;
mod send;
mod setup;
mod workflow;
