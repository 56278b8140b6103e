//! `cascade lint`, `cascade rules`, `cascade explain`.

use jiff::civil::Date;

use crate::actions::{Ledger, Needs};
use crate::cli::{ExplainArgs, LintArgs, LintFormat, ListFormat, RulesArgs};
use crate::error::{EXIT_OK, Error, ErrorKind, Result};
use crate::lint::{self, Format, Settings};
use crate::notebook::Notebook;
use crate::notebook::load::NoteFile;
use crate::ui::Ctx;

/// How lint links actions across notes: the action model, with the write times git history
/// gives where copies disagree. Its warnings (no repository, a shallow clone) are left to the
/// views that show dates: lint's findings need only states.
pub fn ledger_of(nb: &Notebook, today: Date) -> impl Fn(&[NoteFile]) -> Result<Ledger> {
    move |notes| crate::git::history::ledger(nb, notes, Needs::default(), today)
}

/// Run `cascade lint`; exit 0 without errors, 1 with errors, 3 after an internal error.
pub fn run(args: LintArgs, ctx: &mut Ctx) -> Result<u8> {
    let nb = Notebook::discover(&ctx.cwd)?;
    let ledger = ledger_of(&nb, ctx.today);
    let report = if args.staged {
        let paths: Vec<String> = args
            .paths
            .iter()
            .map(|p| nb.rel(&crate::notebook::normalize(&ctx.cwd.join(p))))
            .collect();
        let staged = crate::git::staged::staged_notes(&nb, &paths)?;
        lint::lint_staged(&nb, staged, ctx.today, &ledger)?
    } else {
        lint::lint_paths(&nb, &ctx.cwd, &args.paths, ctx.today, &ledger)?
    };
    let format = match args.format {
        LintFormat::Human => Format::Human,
        LintFormat::Json => Format::Json,
        LintFormat::Github => Format::Github,
    };
    let text = lint::render(&report, format, ctx.color, args.quiet);
    match format {
        Format::Json => ctx.out_raw(text)?,
        _ => ctx.out_human(&text)?,
    }
    Ok(report.exit_code())
}

/// Run `cascade rules`: severities as configured when inside a notebook.
pub fn rules(args: RulesArgs, ctx: &mut Ctx) -> Result<u8> {
    let settings = match Notebook::discover(&ctx.cwd) {
        Ok(nb) => Some(Settings::from_notebook(&nb)?),
        Err(e) if e.kind() == ErrorKind::NoNotebook => None,
        Err(e) => return Err(e),
    };
    let text = match args.format {
        ListFormat::Human => lint::rules_table(settings.as_ref()),
        ListFormat::Json => lint::rules_json(settings.as_ref()),
    };
    ctx.out_raw(text)?;
    Ok(EXIT_OK)
}

/// Run `cascade explain RULE`.
pub fn explain(args: ExplainArgs, ctx: &mut Ctx) -> Result<u8> {
    let Some(rule) = lint::rules::find(&args.rule) else {
        return Err(Error::usage_of(
            ErrorKind::NotFound,
            format!("unknown rule `{}`", args.rule),
            Some(lint::unknown_rule_help(&args.rule)),
        ));
    };
    ctx.out_raw(lint::explain(rule))?;
    Ok(EXIT_OK)
}
