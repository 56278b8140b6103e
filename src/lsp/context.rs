//! What the server reads of the notebook around the note being edited: the report's other
//! notes on disk, with the editor's text standing in for the note itself.

use jiff::civil::Date;

use crate::actions::Ledger;
use crate::note::Note;
use crate::notebook::Notebook;
use crate::notebook::inventory::{self, path_parts};
use crate::notebook::load::{self, NoteFile};

/// The note being edited, as typed, where it lives in the notebook.
pub struct Buffer<'a> {
    /// The notebook.
    pub nb: &'a Notebook,
    /// Its path relative to the root.
    pub rel: &'a str,
    /// The parsed text.
    pub note: Note<'a>,
    /// Today.
    pub today: Date,
}

impl<'a> Buffer<'a> {
    /// Parse the text of `rel`.
    pub fn new(nb: &'a Notebook, rel: &'a str, text: &'a str, today: Date) -> Buffer<'a> {
        Buffer {
            nb,
            rel,
            note: Note::parse(text),
            today,
        }
    }

    /// The report the note belongs to: its `report:`, else its folder; an alias resolved.
    pub fn report(&self) -> String {
        NoteFile::of(self.nb, self.rel, &self.note).report
    }

    /// The meeting's date: `date:`, else the file name's, else today.
    pub fn date(&self) -> Date {
        self.note
            .meta
            .date
            .as_ref()
            .map(|d| d.value)
            .or_else(|| path_parts(self.rel).map(|(_, d)| d))
            .unwrap_or(self.today)
    }

    /// Days until the next meeting: the note's `cadence_days`, else the person's or default.
    pub fn cadence(&self) -> u32 {
        crate::measure::cadence(self.nb, &NoteFile::of(self.nb, self.rel, &self.note))
    }

    /// The notes of the report on disk, this one as typed, sorted as the action model links
    /// them.
    pub fn report_notes(&self) -> Vec<NoteFile> {
        let report = self.report();
        let mut notes: Vec<NoteFile> = notes_of(self.nb, &report)
            .into_iter()
            .filter(|n| n.rel != self.rel)
            .collect();
        notes.push(NoteFile::of(self.nb, self.rel, &self.note));
        load::sort(&mut notes);
        notes
    }

    /// The report's latest note dated before this one (its indicators are the ones to
    /// review again).
    pub fn previous(&self) -> Option<NoteFile> {
        let date = self.date();
        let report = self.report();
        let (dated, _) = inventory::report_notes(self.nb, &report);
        let (_, p) = dated
            .into_iter()
            .rev()
            .find(|(d, p)| *d < date && p.rel != self.rel)?;
        load::load_file(self.nb, &p).ok()
    }

    /// The action model of the report's notes held by today (no history read: where copies
    /// disagree, a closed copy wins).
    pub fn ledger(&self) -> Ledger {
        let today = self.today;
        let notes: Vec<NoteFile> = self
            .report_notes()
            .into_iter()
            .filter(|n| n.date.is_none_or(|d| d <= today))
            .collect();
        Ledger::link(self.nb, &notes)
    }
}

/// The notes of `report`'s folder on disk, sorted by report, date and path.
pub fn notes_of(nb: &Notebook, report: &str) -> Vec<NoteFile> {
    let (dated, _) = inventory::report_notes(nb, report);
    let mut notes: Vec<NoteFile> = dated
        .iter()
        .filter_map(|(_, p)| load::load_file(nb, p).ok())
        .collect();
    load::sort(&mut notes);
    notes
}

/// The groups a conclusion or action may go to: `[groups]` and every person's groups.
pub fn groups(nb: &Notebook) -> Vec<String> {
    let mut g: std::collections::BTreeSet<String> = nb.config.groups.keys().cloned().collect();
    for p in nb.config.people.values() {
        g.extend(p.groups.iter().cloned());
    }
    g.into_iter().collect()
}
