//! `cascade lint`, `cascade rules`, `cascade explain`.

use std::collections::HashSet;

use jiff::civil::Date;

use crate::actions::{Ledger, Needs};
use crate::cli::{ExplainArgs, LintArgs, LintFormat, ListFormat, RulesArgs};
use crate::error::{EXIT_OK, Error, ErrorKind, Result};
use crate::lint::{self, Format, Safety, Settings};
use crate::notebook::Notebook;
use crate::notebook::load::NoteFile;
use crate::text::plural;
use crate::ui::Ctx;

/// How lint links actions across notes: the action model, with the write times git history
/// gives where copies disagree. Its warnings (no repository, a shallow clone) are left to the
/// views that show dates: lint's findings need only states.
pub fn ledger_of(nb: &Notebook, today: Date) -> impl Fn(&[NoteFile]) -> Result<Ledger> {
    move |notes| crate::git::history::ledger(nb, notes, Needs::default(), today)
}

/// Run `cascade lint`; exit 0 without errors, 1 with errors, 3 after an internal error.
pub fn run(args: LintArgs, ctx: &mut Ctx) -> Result<u8> {
    crate::memcap::no_huge_pages();
    let nb = ctx.notebook()?;
    let ledger = ledger_of(&nb, ctx.today);
    if args.fix || args.unsafe_fixes || args.diff {
        return fix(&nb, args, ctx, &ledger);
    }
    let plan = if args.staged {
        let paths: Vec<String> = args
            .paths
            .iter()
            .map(|p| nb.rel(&crate::notebook::normalize(&ctx.cwd.join(p))))
            .collect();
        let staged = crate::git::staged::staged_notes(&nb, &paths)?;
        lint::plan_staged(&nb, staged)
    } else {
        lint::plan_paths(&nb, &ctx.cwd, &args.paths)?
    };
    let format = format_of(&args);
    // Findings are written as soon as their place is known: a notebook with a hundred
    // thousand findings is never held in memory, nor is its output.
    let (color, today) = (ctx.color, ctx.today);
    let older = older_notes(&nb, &args, ctx);
    let mut out = |s: &str| match format {
        Format::Json => ctx.out_raw(s),
        _ => ctx.out_human(s),
    };
    let stream = lint::Stream::new(format, color, args.quiet, plan.files_checked(), &mut out);
    let mut to = Shown {
        stream,
        older: older.as_ref(),
    };
    let done = plan.check_to(&nb, today, &ledger, older.as_ref(), &mut to)?;
    // The findings on older notes that were counted as they were checked, never made.
    if let Some(o) = &older {
        to.stream.hide(o.take_left_out());
    }
    let tally = to.stream.finish()?;
    Ok(lint::exit_code(tally.errors, done.internal))
}

/// The output of a lint run: what it shows is written, the rest counted.
struct Shown<'a, 'o> {
    stream: lint::Stream<'o>,
    older: Option<&'a lint::OlderNotes<'a>>,
}

impl lint::Out for Shown<'_, '_> {
    fn write(&mut self, d: &[lint::Diagnostic]) -> Result<()> {
        let Some(o) = self.older else {
            return self.stream.write(d);
        };
        // Written where they are, one by one: most findings of a large notebook are on older
        // notes and left out, and the shown ones need no copy.
        let mut hidden = 0;
        for x in d {
            if o.shows(x) {
                self.stream.write(std::slice::from_ref(x))?;
            } else {
                hidden += 1;
            }
        }
        self.stream.hide(hidden);
        Ok(())
    }

    fn shows(&mut self, severity: lint::Severity, rule: &str, path: &str) -> bool {
        let shown = self.older.is_none_or(|o| o.shows_at(severity, rule, path));
        if !shown {
            self.stream.hide(1);
        }
        shown
    }
}

/// Unless `--all` (or `--staged`), warnings and infos only on each report's latest note; files
/// named one by one are what the user asked about: everything is shown there.
fn older_notes<'a>(nb: &'a Notebook, args: &LintArgs, ctx: &Ctx) -> Option<lint::OlderNotes<'a>> {
    if args.all || args.staged {
        return None;
    }
    let named: HashSet<String> = args
        .paths
        .iter()
        .map(|p| crate::notebook::normalize(&ctx.cwd.join(p)))
        .filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| !m.is_dir()))
        .map(|p| nb.rel(&p))
        .collect();
    Some(lint::OlderNotes::new(nb, ctx.today, named))
}

fn format_of(args: &LintArgs) -> Format {
    match args.format {
        LintFormat::Human => Format::Human,
        LintFormat::Json => Format::Json,
        LintFormat::Github => Format::Github,
    }
}

/// Print the findings of a collected report in the format asked for.
fn show(report: &lint::Report, args: &LintArgs, ctx: &mut Ctx) -> Result<()> {
    let format = format_of(args);
    let text = lint::render(report, format, ctx.color, args.quiet);
    match format {
        Format::Json => ctx.out_raw(text),
        _ => ctx.out_human(&text),
    }
}

/// `cascade lint --fix [--unsafe-fixes]`, or `--diff`: fix, then report what is left.
fn fix(
    nb: &Notebook,
    args: LintArgs,
    ctx: &mut Ctx,
    ledger: &dyn Fn(&[NoteFile]) -> Result<Ledger>,
) -> Result<u8> {
    if args.staged {
        return Err(Error::usage(
            "`--fix` and `--diff` work on the notes in the work tree, not on the versions staged in git's index; nothing was changed",
            Some("run `cascade lint --fix` without `--staged`, then `git add` the notes it fixed"),
        ));
    }
    let max = if args.unsafe_fixes {
        Safety::Unsafe
    } else {
        Safety::Safe
    };
    if args.diff {
        let report = lint::lint_paths(nb, &ctx.cwd, &args.paths, ctx.today, ledger)?;
        let mut refused = Vec::new();
        let (planned, unsafe_left) = lint::fix::plan(nb, &report, max, &mut refused);
        for w in refused {
            ctx.warn(w);
        }
        let text: String = planned.iter().map(lint::fix::diff).collect();
        // A note's text may hold control characters: shown as for any human output.
        ctx.out_human(&text)?;
        let fixes: usize = planned.iter().map(|p| p.applied.applied.len()).sum();
        ctx.note(format!(
            "{} would fix {} in {}; nothing was changed",
            if args.unsafe_fixes {
                "`--fix --unsafe-fixes`"
            } else {
                "`--fix`"
            },
            plural(fixes as i64, "finding"),
            plural(planned.len() as i64, "note")
        ));
        hint_unsafe(ctx, unsafe_left);
        return Ok(report.exit_code());
    }
    let out = lint::fix::run(nb, &ctx.cwd, &args.paths, ctx.today, ledger, max)?;
    for w in &out.refused {
        ctx.warn(w);
    }
    if out.unconverged {
        ctx.warn("the fixes kept finding more to fix; run `cascade lint --fix` again and report this if it persists");
    }
    ctx.note(format!(
        "fixed {} in {}",
        plural(out.fixes as i64, "finding"),
        plural(out.notes as i64, "note")
    ));
    hint_unsafe(ctx, out.unsafe_left);
    let mut report = out.report;
    if let Some(o) = older_notes(nb, &args, ctx) {
        o.quiet(&mut report);
    }
    show(&report, &args, ctx)?;
    Ok(report.exit_code())
}

/// Say how many fixes only `--unsafe-fixes` would make.
fn hint_unsafe(ctx: &mut Ctx, n: usize) {
    if n > 0 {
        ctx.note(format!(
            "{n} more fix{} available with `--unsafe-fixes` (they may change what a note means: see `cascade rules`)",
            if n == 1 { " is" } else { "es are" }
        ));
    }
}

/// Run `cascade rules`: severities as configured when inside a notebook.
pub fn rules(args: RulesArgs, ctx: &mut Ctx) -> Result<u8> {
    let settings = match ctx.notebook() {
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
