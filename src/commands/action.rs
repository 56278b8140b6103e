//! `cascade action done|drop|reopen|due`: change one action in the note that holds its
//! newest copy.

use crate::actions::edit::{self, Change, Plan};
use crate::actions::select::{self, Query};
use crate::actions::{Action, Copy, Ledger, Needs};
use crate::cli::{ActionArgs, ActionDueArgs};
use crate::dates::parse_ymd;
use crate::error::{EXIT_OK, Error, ErrorKind, Result};
use crate::git::history;
use crate::note::ActionState;
use crate::notebook::inventory::NotePath;
use crate::notebook::load::{NoteFile, load_all, load_file};
use crate::notebook::{self, Notebook};
use crate::ui::Ctx;
use crate::views::action as view;

/// Run `cascade action done|drop|reopen`.
pub fn state(args: ActionArgs, to: ActionState, ctx: &mut Ctx) -> Result<u8> {
    run(args, Change::State(to), ctx)
}

/// Run `cascade action due DATE`.
pub fn due(args: ActionDueArgs, ctx: &mut Ctx) -> Result<u8> {
    let d = parse_ymd(&args.date).map_err(|m| {
        Error::usage(
            format!("due date: {m}; nothing was written"),
            Some("write a real date as YYYY-MM-DD, e.g. 2026-12-01"),
        )
    })?;
    run(args.which, Change::Due(d), ctx)
}

fn run(args: ActionArgs, change: Change, ctx: &mut Ctx) -> Result<u8> {
    let nb = ctx.indexed_notebook()?;
    let report = match &args.report {
        Some(r) => Some(super::report_arg(&nb, r, super::Folders::Allowed)?),
        None => None,
    };
    let loaded = load_all(&nb).held_by(ctx.today);
    super::warn_unreadable(ctx, &loaded);
    let mut notes = loaded.notes;
    let mut ledger = history::ledger(&nb, &notes, Needs::default(), ctx.today)?;
    let cwd = ctx.cwd.clone();
    let query = Query::parse(&args.query, &|p| note_rel(&nb, &cwd, p));
    let mut k = one(&ledger, &query, report.as_deref())?;
    // Usually one write. When the copy written does not make the action read as asked (its
    // newest copy went back to the committed text, and an older copy's tick written after
    // that still decides), the copy that now decides is written too, until it does.
    let mut written: Vec<Copy> = Vec::new();
    loop {
        let a = &ledger.actions[k];
        let Plan::Write(i) = edit::plan(a, change) else {
            break;
        };
        let c = a.copies[i].clone();
        if written.iter().any(|w| w.path == c.path && w.line == c.line) {
            return Err(Error::Internal(format!(
                "{}:{} was written and the action still does not read as asked",
                c.path, c.line
            )));
        }
        if let Err(e) = crate::actions::write::write(&nb, &c, change) {
            // "Nothing was written" is about this note: say what an earlier round wrote.
            for w in &written {
                ctx.warn(format!(
                    "{}:{} was written before this error; `cascade actions --all` shows where the action stands",
                    w.path, w.line
                ));
            }
            return Err(e);
        }
        // The action again, from its report's notes only (the one written read anew): an
        // action's copies are all in its report's notes.
        let report = a.report.clone();
        written.push(c);
        let w = &written[written.len() - 1];
        reload(&nb, &mut notes, &w.path)?;
        let mine: Vec<NoteFile> = notes
            .iter()
            .filter(|n| *n.report == *report)
            .cloned()
            .collect();
        ledger = history::ledger(&nb, &mine, Needs::default(), ctx.today)?;
        k = ledger
            .actions
            .iter()
            .position(|a| {
                a.copies
                    .iter()
                    .any(|x| x.path == w.path && x.line == w.line)
            })
            .ok_or_else(|| {
                Error::Internal(format!(
                    "{}:{} holds no action after the edit",
                    w.path, w.line
                ))
            })?;
    }
    let a = &ledger.actions[k];
    let report = nb.canonical(&a.report).to_owned();
    let out = match written.split_first() {
        None => view::outcome(a, a.latest(), change, false, &[], &report),
        Some((first, also)) => view::outcome(a, first, change, true, also, &report),
    };
    super::print_view(ctx, args.format, &out, view::render_human)?;
    if !written.is_empty()
        && matches!(
            change,
            Change::State(ActionState::Done | ActionState::Dropped)
        )
    {
        ctx.note(format!(
            "the day it counts as {} is the day of the commit that records it (`cascade commit`); until then, today",
            if change == Change::State(ActionState::Done) {
                "done"
            } else {
                "dropped"
            }
        ));
    }
    Ok(EXIT_OK)
}

/// Read the note at `rel` again into `notes`, after writing it.
fn reload(nb: &Notebook, notes: &mut [NoteFile], rel: &str) -> Result<()> {
    let path = NotePath {
        rel: rel.to_owned(),
        path: nb.root.join(rel),
        lossy: false,
    };
    let n = load_file(nb, &path).map_err(|u| Error::usage(u.warning(), None))?;
    if let Some(slot) = notes.iter_mut().find(|n| n.rel == rel) {
        *slot = n;
    }
    Ok(())
}

/// A `PATH:LINE` as typed (from the current directory, or from the notebook root) as a path
/// relative to the notebook root.
fn note_rel(nb: &Notebook, cwd: &std::path::Path, typed: &str) -> String {
    let from_cwd = notebook::absolute(&cwd.join(typed));
    if from_cwd.starts_with(&nb.root) {
        let rel = nb.rel(&from_cwd);
        if crate::notebook::inventory::is_note_rel(&rel) {
            return rel;
        }
    }
    typed.trim_start_matches("./").to_owned()
}

/// The one action `query` means, or an error listing the candidates.
fn one(ledger: &Ledger, query: &Query, report: Option<&str>) -> Result<usize> {
    let found = select::find(ledger, query, report);
    match found.as_slice() {
        [k] => Ok(*k),
        [] => {
            let near = select::closest(ledger, query, report, 3);
            let help = if near.is_empty() {
                "`cascade actions --all` lists every action with its note and line".to_owned()
            } else {
                format!(
                    "did you mean\n{}",
                    near.iter()
                        .map(|a| listed(a))
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            };
            Err(Error::usage_of(
                ErrorKind::NotFound,
                format!(
                    "no action matches `{}`{}; nothing was written",
                    query.shown(),
                    report
                        .map(|r| format!(" in {r}'s notes"))
                        .unwrap_or_default()
                ),
                Some(help),
            ))
        }
        many => Err(Error::usage(
            format!(
                "`{}` matches {} actions; nothing was written:\n{}",
                query.shown(),
                many.len(),
                many.iter()
                    .map(|&k| listed(&ledger.actions[k]))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            Some("name one by its PATH:LINE, add words, or narrow with --report"),
        )),
    }
}

/// An action as listed in a message: where its newest copy is, its state and its text (the
/// supervisor's own terminal: a private one is shown, marked).
fn listed(a: &Action) -> String {
    let c = a.latest();
    format!(
        "  {}:{}  {}  {}{}",
        c.path,
        c.line,
        a.state.as_str(),
        c.texts.title(),
        if c.private { " (private)" } else { "" }
    )
}
