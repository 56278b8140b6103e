//! `cascade trend REPORT [INDICATOR]`: an indicator's values across meetings.

use crate::cli::TrendArgs;
use crate::error::{EXIT_OK, Error, ErrorKind, Result};
use crate::notebook::closest;
use crate::notebook::load::load_report;
use crate::ui::Ctx;
use crate::views::trend;

/// Run `cascade trend`.
pub fn run(args: TrendArgs, ctx: &mut Ctx) -> Result<u8> {
    let nb = ctx.indexed_notebook()?;
    let report = super::report_arg(&nb, &args.report, super::Folders::Allowed)?;
    let loaded = load_report(&nb, &report).held_by(ctx.today);
    super::warn_unreadable(ctx, &loaded);
    let mut t = trend::build(&nb, &loaded.notes, &report);
    if let Some(name) = &args.indicator {
        if !t.indicators.iter().any(|s| &s.name == name) {
            let names: Vec<&str> = t.indicators.iter().map(|s| s.name.as_str()).collect();
            let help = match closest(name, names.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None if names.is_empty() => format!(
                    "{report}'s notes record no indicators yet; add them under `indicators:` in the front matter"
                ),
                None => format!("{report}'s indicators: {}", names.join(", ")),
            };
            return Err(Error::usage_of(
                ErrorKind::NotFound,
                format!("{report} has no indicator `{}`", name.escape_debug()),
                Some(help),
            ));
        }
        t.indicators.retain(|s| &s.name == name);
    }
    super::print_view(ctx, args.format, &t, trend::render_human)?;
    Ok(EXIT_OK)
}
