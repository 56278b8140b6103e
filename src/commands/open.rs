//! `cascade open REPORT`: the latest note of a report in the editor.

use crate::cli::OpenArgs;
use crate::error::{EXIT_OK, Error, Result};
use crate::note::Note;
use crate::notebook::inventory;
use crate::notebook::load::Unreadable;
use crate::ui::Ctx;

/// Run `cascade open`.
pub fn run(args: OpenArgs, ctx: &mut Ctx) -> Result<u8> {
    let nb = ctx.notebook()?;
    let report = super::report_arg(&nb, &args.report, super::Folders::Allowed)?;
    let (mut dated, skipped) = inventory::report_notes(&nb, &report);
    for s in &skipped {
        ctx.warn(Unreadable::from_skipped(s).warning());
    }
    let Some((_, note)) = dated.pop() else {
        return Err(Error::usage(
            format!("{report} has no notes yet"),
            Some(&format!(
                "`cascade new {report}` scaffolds one and, in a terminal, opens it"
            )),
        ));
    };
    // At the first step section still empty, when the note can be read.
    let path = note.path;
    let line = inventory::read_capped(&path, nb.max_note_bytes())
        .ok()
        .and_then(|b| {
            crate::text::decode(&b)
                .ok()
                .map(|t| Note::parse(t).first_empty_step_line())
        })
        .flatten();
    let rel = nb.rel(&path);
    match line {
        Some(l) => ctx.out(format!("opening {rel}:{l}"))?,
        None => ctx.out(format!("opening {rel}"))?,
    }
    ctx.flush()?;
    crate::editor::open(&path, line)?;
    Ok(EXIT_OK)
}
