//! `cascade new`: scaffold a meeting note from the template, carrying open actions over.

use std::io::IsTerminal;

use crate::actions::Needs;
use crate::cli::NewArgs;
use crate::dates::parse_ymd;
use crate::error::{EXIT_OK, Error, ErrorKind, Result};
use crate::fsx::{self, Mode};
use crate::git::history;
use crate::notebook::load::load_report;
use crate::notebook::{Notebook, validate_handle};
use crate::scaffold;
use crate::templates::Templates;
use crate::ui::Ctx;

/// `--force` on a note that is a symlink writes through it only to a file inside `notes/`:
/// never out of the notebook.
fn refuse_link_out_of_notes(nb: &Notebook, target: &std::path::Path) -> Result<()> {
    let is_link = std::fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(());
    }
    let notes = std::fs::canonicalize(nb.notes_dir()).unwrap_or_else(|_| nb.notes_dir());
    let inside = std::fs::canonicalize(target).is_ok_and(|real| real.starts_with(&notes));
    if inside {
        return Ok(());
    }
    Err(Error::usage(
        format!(
            "{} is a symlink to a file outside the notebook's notes; nothing was written",
            nb.rel(target)
        ),
        Some("remove the link, or write to the file it points to yourself"),
    ))
}

/// Run `cascade new`.
pub fn run(args: NewArgs, ctx: &mut Ctx) -> Result<u8> {
    validate_handle(&args.report)
        .map_err(|m| Error::usage(m, Some("handles look like `alice` or `bob-2`")))?;
    let date = match &args.date {
        Some(d) => parse_ymd(d).map_err(|m| Error::usage(format!("--date: {m}"), None))?,
        None => ctx.today,
    };
    let nb = ctx.indexed_notebook()?;
    let report = super::report_arg(&nb, &args.report, super::Folders::Refused)?;
    let target = scaffold::note_of_the_day(&nb, &report, date);
    if target.exists() && !args.force {
        return Err(fsx::exists_error(&std::path::PathBuf::from(
            nb.rel(&target),
        )));
    }
    if args.force {
        refuse_link_out_of_notes(&nb, &target)?;
    }
    let templates = Templates::new(Some(&nb.root));
    let render = |ctx: &serde_json::Value| templates.render("note.md.j2", ctx);
    // The actions of the notes before this one, in the state their copies were last written.
    let loaded = load_report(&nb, &report).held_by(crate::dates::add_days(date, -1));
    let mine = loaded.of_report(&nb, &report);
    let ledger = history::ledger(&nb, &mine, Needs::default(), ctx.today)?;
    let mut s = scaffold::scaffold(&nb, &report, date, args.no_carry, &ledger, &render)?;
    s.path = target;
    for w in &s.warnings {
        ctx.warn(w);
    }
    fsx::create_dir_all(s.path.parent().unwrap_or(&nb.root))?;
    let mode = if args.force {
        Mode::Replace
    } else {
        Mode::CreateNew
    };
    fsx::write_atomic(&s.path, s.text.as_bytes(), mode).map_err(|e| match e {
        e if e.kind() == ErrorKind::AlreadyExists => {
            fsx::exists_error(&std::path::PathBuf::from(nb.rel(&s.path)))
        }
        other => other,
    })?;
    let rel = nb.rel(&s.path);
    let mut msg = format!("created {rel}");
    if let Some(p) = s.previous {
        if s.carried > 0 && s.carried_older > 0 {
            msg.push_str(&format!(
                " (carried {} open action{}: {} from {p}, {} still open in older notes)",
                s.carried,
                if s.carried == 1 { "" } else { "s" },
                s.carried - s.carried_older,
                s.carried_older
            ));
        } else if s.carried > 0 {
            msg.push_str(&format!(
                " (carried {} open action{} from {p})",
                s.carried,
                if s.carried == 1 { "" } else { "s" }
            ));
        } else {
            msg.push_str(&format!(" (no open actions to carry from {p})"));
        }
    }
    ctx.out(msg)?;
    if s.private {
        ctx.note(format!(
            "{rel} is private (`private: true`) because what it carries was written in a private note: it stays out of every digest; pass --no-carry for a public note that copies nothing"
        ));
    }
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let editor_set = crate::editor::from_env().is_some();
    if crate::editor::new_opens(args.edit, args.no_edit, terminal, editor_set) {
        ctx.flush()?;
        crate::editor::open(&s.path, s.first_empty_line)?;
    }
    Ok(EXIT_OK)
}
