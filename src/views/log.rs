//! `cascade log REPORT`: the meetings with one report, newest first.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::actions::Ledger;
use crate::measure;
use crate::notebook::Notebook;
use crate::notebook::load::NoteFile;
use crate::number::{self, num};
use crate::ui::{Cell, Table, plural};

/// The meeting history of one report.
#[derive(Debug, Clone, Serialize)]
pub struct Log {
    /// Schema version of the JSON output.
    pub version: u32,
    /// Handle.
    pub report: String,
    /// Name from the config, else the handle.
    pub name: String,
    /// Meetings, newest first.
    pub meetings: Vec<Meeting>,
}

/// One meeting.
#[derive(Debug, Clone, Serialize)]
pub struct Meeting {
    /// Meeting date.
    pub date: String,
    /// Length in minutes (the note's, else the config default).
    #[serde(serialize_with = "num")]
    pub duration_min: f64,
    /// Bullets of `## Conclusions` (null for a private note).
    pub conclusions: Option<usize>,
    /// Actions first written in this note (null for a private note).
    pub actions_opened: Option<usize>,
    /// Actions whose tick (or drop) was written in this note, whichever note they were born
    /// in (null for a private note).
    pub actions_closed: Option<usize>,
    /// `private: true`: only the date and length are shown.
    pub private: bool,
    /// Dated after today: an agenda, not a meeting held.
    pub agenda: bool,
    /// The note, relative to the notebook root.
    pub path: String,
}

/// Build the log of `report` from `notes` (sorted by report and date, as loaded).
pub fn build(nb: &Notebook, notes: &[NoteFile], ledger: &Ledger, report: &str, today: Date) -> Log {
    // Per note: actions born in it, and actions whose closing tick was written in it.
    let mut born: HashMap<&str, usize> = HashMap::new();
    let mut closed_in: HashMap<&str, usize> = HashMap::new();
    for a in ledger.of_report(report) {
        if let Some(c) = a.copies.first() {
            *born.entry(&c.path).or_default() += 1;
        }
        if let Some(c) = a.closer.and_then(|i| a.copies.get(i)) {
            *closed_in.entry(&c.path).or_default() += 1;
        }
    }
    let mut meetings = Vec::new();
    for n in notes.iter().filter(|n| super::report_of(nb, n) == report) {
        let Some(date) = n.date else { continue };
        let opened = born.get(n.rel.as_str()).copied().unwrap_or(0);
        let closed = closed_in.get(n.rel.as_str()).copied().unwrap_or(0);
        let private = |v: usize| (!n.private).then_some(v);
        meetings.push(Meeting {
            date: date.to_string(),
            duration_min: measure::minutes(nb, n),
            conclusions: private(n.conclusions.len()),
            actions_opened: private(opened),
            actions_closed: private(closed),
            private: n.private,
            agenda: date > today,
            path: n.rel.clone(),
        });
    }
    meetings.reverse();
    Log {
        version: 1,
        name: nb.name_of(report),
        report: report.to_owned(),
        meetings,
    }
}

/// The log as a table and a total.
pub fn render_human(log: &Log, color: bool) -> String {
    let mut out = format!("{} ({})\n", log.name, log.report);
    if log.meetings.is_empty() {
        out.push_str(&format!(
            "no meetings yet: `cascade new {}` scaffolds the first note\n",
            log.report
        ));
        return out;
    }
    out.push('\n');
    let mut t = Table::new(&["date", ">min", ">conclusions", ">opened", ">closed", "note"]);
    let count = |v: Option<usize>| Cell::new(v.map_or("-".into(), |v| v.to_string()));
    for m in &log.meetings {
        let mut note = m.path.clone();
        if m.private {
            note.push_str("  (private)");
        }
        if m.agenda {
            note.push_str("  (agenda)");
        }
        t.row(vec![
            Cell::new(&m.date),
            Cell::new(number::human(m.duration_min, 1)),
            count(m.conclusions),
            count(m.actions_opened),
            count(m.actions_closed),
            Cell::styled(note, Some("2")),
        ]);
    }
    out.push_str(&t.render(color));
    let held: Vec<&Meeting> = log.meetings.iter().filter(|m| !m.agenda).collect();
    let hours: f64 = held.iter().map(|m| m.duration_min / 60.0).sum();
    out.push('\n');
    out.push_str(&plural(held.len() as i64, "meeting"));
    out.push_str(&format!(", {} h", number::human(hours, 2)));
    if let Some(first) = held.last() {
        out.push_str(&format!(" since {}", first.date));
    }
    out.push('\n');
    out
}
