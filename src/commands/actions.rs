//! `cascade actions`: action items across the notebook.

use crate::actions::{Ledger, kept};
use crate::cli::ActionsArgs;
use crate::error::{EXIT_OK, Error, ErrorKind, Result};
use crate::git::history;
use crate::notebook::closest;
use crate::notebook::load::load_all;
use crate::ui::Ctx;
use crate::views::actions::{self, Filter, Which};

/// Run `cascade actions`.
pub fn run(args: ActionsArgs, ctx: &mut Ctx) -> Result<u8> {
    let which = if args.all {
        Which::All
    } else if args.done {
        Which::Done
    } else if args.dropped {
        Which::Dropped
    } else if args.overdue {
        Which::Overdue
    } else {
        Which::Open
    };
    let nb = ctx.indexed_notebook()?;
    let report = match &args.report {
        Some(r) => Some(super::report_arg(&nb, r, super::Folders::Allowed)?),
        None => None,
    };
    // Open actions of anyone: the kept links serve. An owner is checked against every
    // action's, and closed actions need their days.
    let kept = matches!(which, Which::Open | Which::Overdue) && args.owner.is_none();
    let (loaded, mut ledger) = if kept {
        kept::live_links(&nb, ctx.today)
    } else {
        let loaded = load_all(&nb).held_by(ctx.today);
        let ledger = Ledger::link(&nb, &loaded.notes);
        (loaded, ledger)
    };
    super::warn_unreadable(ctx, &loaded);
    history::stamp(&nb, &mut ledger, actions::needs(which), ctx.today)?;
    ledger.resolve();
    super::warn_ledger(ctx, &ledger);
    let owner = match &args.owner {
        Some(o) => {
            // Owners are `@handles` as written in notes (lowercased), not only people.
            let o = o.trim_start_matches('@').to_lowercase();
            let o = nb.canonical(&o).to_owned();
            let known = actions::owners(&nb, &ledger);
            if !known.contains(&o) && o != nb.config.me {
                let help = match closest(&o, known.iter().map(String::as_str)) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => "owners are the `@handle`s written on action items".into(),
                };
                return Err(Error::usage_of(
                    ErrorKind::NotFound,
                    format!("nobody called `{o}` owns an action or is a person of this notebook"),
                    Some(help),
                ));
            }
            Some(o)
        }
        None => None,
    };
    let filter = Filter {
        which,
        owner,
        report,
    };
    let list = actions::build(&nb, &ledger, &filter, ctx.today);
    super::print_view(ctx, args.format, &list, |l, c| {
        actions::render_human(l, which, c)
    })?;
    super::keep_to_exit((loaded, ledger, list));
    Ok(EXIT_OK)
}
