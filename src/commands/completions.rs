//! `cascade completions SHELL` and `cascade man`: generated from the clap definitions.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::{EXIT_OK, Error, Result};
use crate::ui::Ctx;

/// Run `cascade completions`.
pub fn completions(args: CompletionsArgs, ctx: &mut Ctx) -> Result<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "cascade", &mut buf);
    ctx.out_raw(buf)?;
    Ok(EXIT_OK)
}

/// Run `cascade man`.
pub fn man(ctx: &mut Ctx) -> Result<u8> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| Error::Internal(format!("man page: {e}")))?;
    ctx.out_raw(buf)?;
    Ok(EXIT_OK)
}
