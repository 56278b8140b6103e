//! One file per subcommand: glue between the CLI and the library.

pub mod demo;
pub mod digest;
pub mod init;
pub mod lint;
pub mod new;
pub mod person;

use crate::cli::{Command, PersonCommand};
use crate::error::Result;
use crate::ui::Ctx;

/// Run a parsed command; returns the exit code.
pub fn dispatch(command: Command, ctx: &mut Ctx) -> Result<u8> {
    match command {
        Command::Init(a) => init::run(a, ctx),
        Command::Person(PersonCommand::Add(a)) => person::add(a, ctx),
        Command::New(a) => new::run(a, ctx),
        Command::Demo(a) => demo::run(a, ctx),
        Command::Digest(a) => digest::run(a, ctx),
        Command::Lint(a) => lint::run(a, ctx),
        Command::Rules(a) => lint::rules(a, ctx),
        Command::Explain(a) => lint::explain(a, ctx),
    }
}
