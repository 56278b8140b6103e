//! `cascade status`: where every report stands today.

use crate::actions::{Needs, kept};
use crate::cli::StatusArgs;
use crate::error::{EXIT_OK, Result};
use crate::git::history;
use crate::ui::Ctx;
use crate::views::status;

/// Run `cascade status`.
pub fn run(args: StatusArgs, ctx: &mut Ctx) -> Result<u8> {
    let nb = ctx.indexed_notebook()?;
    // Open actions only: the kept links serve.
    let (loaded, mut ledger) = kept::live_links(&nb, ctx.today);
    super::warn_unreadable(ctx, &loaded);
    history::stamp(&nb, &mut ledger, Needs::default(), ctx.today)?;
    ledger.resolve();
    super::warn_ledger(ctx, &ledger);
    let s = status::build(&nb, &loaded, &ledger, ctx.today);
    super::print_view(ctx, args.format, &s, status::render_human)?;
    super::keep_to_exit((loaded, ledger));
    Ok(EXIT_OK)
}
