//! `cascade log REPORT`: the meetings with one report.

use crate::actions::Needs;
use crate::cli::LogArgs;
use crate::error::{EXIT_OK, Result};
use crate::git::history;
use crate::notebook::load::load_report;
use crate::ui::Ctx;
use crate::views::log;

/// Run `cascade log`.
pub fn run(args: LogArgs, ctx: &mut Ctx) -> Result<u8> {
    let nb = ctx.indexed_notebook()?;
    let report = super::report_arg(&nb, &args.report, super::Folders::Allowed)?;
    let loaded = load_report(&nb, &report);
    super::warn_unreadable(ctx, &loaded);
    let mine = loaded.of_report(&nb, &report);
    let ledger = history::ledger(&nb, &mine, Needs::default(), ctx.today)?;
    super::warn_ledger(ctx, &ledger);
    let l = log::build(&nb, &loaded.notes, &ledger, &report, ctx.today);
    super::print_view(ctx, args.format, &l, log::render_human)?;
    Ok(EXIT_OK)
}
