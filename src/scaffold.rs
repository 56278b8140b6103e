//! Scaffolding a meeting note: the template rendered with the report, the report's open
//! actions and the previous note's indicators carried over, private when what it carries is
//! private.

use std::path::PathBuf;

use jiff::civil::Date;
use serde_json::json;

use crate::actions::Ledger;
use crate::error::{Error, Result};
use crate::note::{ActionState, Note};
use crate::notebook::Notebook;
use crate::notebook::inventory;
use crate::notebook::load::Unreadable;
use crate::number;
use crate::text;

/// The built-in note template: what a scaffolded note looks like unless the notebook has its
/// own `templates/note.md.j2`. Lint recognizes its prompts left unanswered.
pub const NOTE_TEMPLATE: &str = include_str!("../templates/note.md.j2");

/// A note ready to be written.
#[derive(Debug)]
pub struct Scaffold {
    /// Where it goes.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// How many open actions were carried over.
    pub carried: usize,
    /// How many of them were last written in a note older than the previous one.
    pub carried_older: usize,
    /// The date of the previous note, if any.
    pub previous: Option<Date>,
    /// 1-based line of the first section left empty, for editors.
    pub first_empty_line: Option<usize>,
    /// True when the note was made `private: true` because what it carries is private.
    pub private: bool,
    /// Paths of the report's folder that were skipped, as warnings.
    pub warnings: Vec<String>,
}

/// Renders the note template (`note.md.j2`) with a context: the templates adapter, handed in.
pub type RenderNote<'a> = &'a dyn Fn(&serde_json::Value) -> Result<String>;

/// Render the note of `report` on `date` with `render`, carrying the report's open actions
/// (from `ledger`, made of the notes before `date`) unless `no_carry`.
pub fn scaffold(
    nb: &Notebook,
    report: &str,
    date: Date,
    no_carry: bool,
    ledger: &Ledger,
    render: RenderNote<'_>,
) -> Result<Scaffold> {
    let path = nb.note_path(report, date);
    let (dated, skipped) = inventory::report_notes(nb, report);
    let mut warnings: Vec<String> = skipped
        .iter()
        .map(|s| Unreadable::from_skipped(s).warning())
        .collect();
    // The previous note is the latest one that can be read: one over the size cap or
    // unreadable is skipped with a warning, as every other command skips it.
    let mut previous = None;
    for (d, note) in dated.into_iter().rev().filter(|(d, _)| *d < date) {
        match note.read(nb.max_note_bytes()) {
            Ok(bytes) => {
                previous = Some((d, note, bytes));
                break;
            }
            Err(k) => warnings.push(
                Unreadable {
                    rel: note.rel,
                    message: k.message(),
                }
                .warning(),
            ),
        }
    }
    warnings.sort();
    let mut carried = Vec::new();
    let mut carried_older = 0;
    let mut carries_private = false;
    let previous_rel = previous.as_ref().map(|(_, n, _)| n.rel.clone());
    if !no_carry {
        // Every action of the report still open, wherever it was last written: a line deleted
        // from the newest note is carried again, and a tick in an older note is not undone.
        for a in ledger
            .of_report(report)
            .filter(|a| a.state == ActionState::Open)
        {
            let c = a.latest();
            let mut line = format!("- [ ] {}", c.texts.raw());
            if c.from.is_none()
                && let Some(d) = a.opened
            {
                line.push_str(&format!(" (from {d})"));
            }
            carried.push(line);
            carried_older += usize::from(previous_rel.as_deref() != Some(&*c.path));
            // Text written in a private note goes only into a private note.
            carries_private |= c.private;
        }
    }
    let mut indicators = Vec::new();
    let mut eol = None;
    let mut private = false;
    if let Some((_, _, bytes)) = &previous
        && let Ok(prev_text) = text::decode(bytes)
    {
        eol = Some(text::line_ending_of(prev_text));
        let prev = Note::parse(prev_text);
        // A private note's indicators are carried only into a private note: the new note is
        // private too. With --no-carry nothing of it is copied, and the new note is public.
        let prev_private = prev.is_private();
        private = prev_private && !no_carry;
        if !(no_carry && prev_private) {
            indicators = prev
                .meta
                .indicators
                .iter()
                .map(|i| json!({"name": i.name, "value": number::plain(i.value)}))
                .collect();
        }
    }
    private |= carries_private;
    let eol = eol.unwrap_or_else(|| text::line_ending_of(&nb.config_text));
    let person = nb.config.people.get(report);
    let me = &nb.config.me;
    let ctx = json!({
        "date": date.to_string(),
        "report": report,
        "report_name": person.and_then(|p| p.name.clone()).unwrap_or_else(|| report.to_owned()),
        "supervisor": me,
        "supervisor_name": nb.config.people.get(me).and_then(|p| p.name.clone()).unwrap_or_else(|| me.clone()),
        "duration_min": nb.config.default_duration_min,
        "cadence_days": nb.cadence_for(report),
        "share_with": person.map(|p| p.groups.clone()).unwrap_or_default(),
        "carried": carried,
        "previous_date": previous.as_ref().map(|(d, _, _)| d.to_string()),
        "previous_indicators": indicators,
        "private": private,
    });
    // The template's own line endings (a CRLF checkout of it, say) must not decide the note's.
    let mut rendered = render(&ctx)?.replace("\r\n", "\n");
    if private {
        rendered = mark_private(rendered)?;
    }
    if eol == "\r\n" {
        rendered = rendered.replace('\n', "\r\n");
    }
    let first_empty_line = Note::parse(&rendered).first_empty_step_line();
    Ok(Scaffold {
        path,
        warnings,
        carried: carried.len(),
        carried_older,
        previous: previous.as_ref().map(|(d, _, _)| *d),
        text: rendered,
        first_empty_line,
        private,
    })
}

/// Make a rendered note `private: true` (a notebook's own template may not know the
/// `private` variable); refuse rather than write a public note holding private text.
fn mark_private(rendered: String) -> Result<String> {
    if Note::parse(&rendered).is_private() {
        return Ok(rendered);
    }
    if let Some(rest) = rendered.strip_prefix("---\n") {
        let marked = format!("---\nprivate: true\n{rest}");
        if Note::parse(&marked).is_private() {
            return Ok(marked);
        }
    }
    Err(Error::usage(
        "the previous note is private, and the note template gives no front matter to mark this one `private: true`",
        Some(
            "start templates/note.md.j2 with a `---` front matter block, or pass --no-carry to copy nothing from the private note",
        ),
    ))
}

/// Where the note of `report` on `date` is: `<date>.md`, or an existing `<date>.markdown`,
/// which is the note of that day all the same (no second note is made beside it).
pub fn note_of_the_day(nb: &Notebook, report: &str, date: Date) -> std::path::PathBuf {
    let md = nb.note_path(report, date);
    if std::fs::symlink_metadata(&md).is_ok() {
        return md;
    }
    inventory::report_notes(nb, report)
        .0
        .into_iter()
        .find(|(d, _)| *d == date)
        .map_or(md, |(_, n)| n.path)
}
