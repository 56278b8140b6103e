//! The action index: each report's live actions (open, or closed as far as the notes tell
//! while only the history can decide), as linked from its notes, kept between runs in
//! `<git dir>/cascade/actions.index` beside the note index.
//!
//! A view that shows open actions only (`status`, `actions --open`, through [`live_links`])
//! then reads the notes' front matter and this, not every action line of ten thousand notes,
//! and links nothing. A report's entry holds only while every note of it is the file it was
//! linked from (the note index's key: size, both times, inode), with the same notes and no
//! other, under the same config, by the same build: a report whose notes changed is linked
//! again from them (every note is then read in full), the others served still, and the file
//! is written anew. Like the note index, the file is owner-only, written whole or not at all,
//! and a damaged one is read as none.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use jiff::civil::Date;

use super::{Action, Copy, Ledger};
use crate::note::ActionState;
use crate::notebook::Notebook;
use crate::notebook::index::codec::{Reader, Writer};
use crate::notebook::index::{Use, sealed};
use crate::notebook::load::{self, Loaded, NoteFile};

/// The file's name, beside the note index.
pub const FILE: &str = "actions.index";

/// The magic line, with the format's version.
const MAGIC: &[u8] = b"cascade action index\n\x02";

/// The notes held by `today` and the links of their actions for a view of open actions only:
/// from the action index when it holds every report as its notes are now (the ledger then has
/// the live actions only, and no ambiguities), else linked from every note in full, the index
/// brought up to date. The history has not dated anything yet: the caller stamps the ledger
/// (`git::history::stamp`, `Needs::default()`) and resolves it, as for any ledger.
pub fn live_links(nb: &Notebook, today: Date) -> (Loaded, Ledger) {
    let mut kept = entries(nb);
    if let Some(heads) = load::load_heads(nb).map(|l| l.held_by(today))
        && let Some(ledger) = ledger_of(nb, &heads.notes, &mut kept, false)
    {
        return (heads, ledger);
    }
    let loaded = load::load_all(nb).held_by(today);
    // The reports whose notes did not change are served still; the others are linked.
    let mut ledger = ledger_of(nb, &loaded.notes, &mut kept, true)
        .unwrap_or_else(|| Ledger::link(nb, &loaded.notes));
    ledger.notices.extend(write(nb, &loaded.notes, &ledger));
    (loaded, ledger)
}

/// Whether a linked action is one a view of open actions needs: open, or closed only as far
/// as the notes tell, when the history may find it open.
fn is_live(a: &Action) -> bool {
    a.state == ActionState::Open || a.undecided()
}

/// The config's part of every fingerprint: its text.
fn config_print(nb: &Notebook) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    nb.config_text.hash(&mut h);
    h.finish()
}

/// What a report's entry rests on: the config (`config`, its print), and each of the report's
/// notes (in linking order) by path and key; None when a note's key cannot be vouched for.
fn fingerprint(config: u64, notes: &[NoteFile]) -> Option<u64> {
    let mut h = std::hash::DefaultHasher::new();
    config.hash(&mut h);
    notes.len().hash(&mut h);
    for n in notes {
        n.rel.hash(&mut h);
        n.key?.hash(&mut h);
    }
    Some(h.finish())
}

/// Where the action index of `nb` is, when the note index is used.
fn file_of(nb: &Notebook) -> Option<PathBuf> {
    match &nb.index {
        Use::At(notes_index) => Some(notes_index.with_file_name(FILE)),
        _ => None,
    }
}

/// Each report's entry in the index (its fingerprint and live actions, states not decided),
/// when the file is there, whole and this build's; none otherwise.
type Entries = HashMap<String, (u64, Vec<Action>)>;

/// The entries of the action index of `nb`.
fn entries(nb: &Notebook) -> Entries {
    (|| decode(&std::fs::read(file_of(nb)?).ok()?, sealed::this_build()?))().unwrap_or_default()
}

/// The ledger of `notes` (sorted): each report from `kept` when its fingerprint holds, else,
/// when `link` (the notes hold their bodies), linked from its notes; None when a report is
/// neither. A report served has its live actions only; one linked has all of them.
fn ledger_of(nb: &Notebook, notes: &[NoteFile], kept: &mut Entries, link: bool) -> Option<Ledger> {
    let groups = super::link::by_report(notes);
    let config = config_print(nb);
    let holds: Vec<bool> = groups
        .iter()
        .map(|g| {
            kept.get(g[0].report.as_str())
                .is_some_and(|(print, _)| fingerprint(config, g) == Some(*print))
        })
        .collect();
    if !link && holds.contains(&false) {
        return None;
    }
    let canonical = |h: &str| nb.canonical(h).to_owned();
    let mut linked = groups
        .par_iter()
        .zip(&holds)
        .filter(|(_, h)| !**h)
        .map(|(g, _)| super::link::link(g, &canonical, nb.config.default_share))
        .collect::<Vec<_>>()
        .into_iter();
    let mut actions = Vec::new();
    let mut ambiguous = Vec::new();
    for (g, h) in groups.iter().zip(&holds) {
        if *h {
            actions.extend(kept.remove(g[0].report.as_str())?.1);
        } else {
            let (a, amb) = linked.next()?;
            actions.extend(a);
            ambiguous.extend(amb);
        }
    }
    let served = holds.iter().filter(|h| **h).count();
    let mut l = Ledger::of(actions, ambiguous);
    l.notices.push(format!(
        "action index: {served} of {} reports unchanged since linked",
        groups.len()
    ));
    Some(l)
}

/// Keep the live actions of `ledger`, just linked from `notes` (in full, sorted), for every
/// report whose notes can all be vouched for. A notice when it cannot be written.
fn write(nb: &Notebook, notes: &[NoteFile], ledger: &Ledger) -> Option<String> {
    let file = file_of(nb)?;
    let build = sealed::this_build()?;
    let mut w = Writer::default();
    let (size, secs, nanos) = build;
    w.uint(size);
    w.int(secs);
    w.int(nanos);
    let groups = super::link::by_report(notes);
    let config = config_print(nb);
    let mut actions = ledger.actions.iter().peekable();
    let mut entries = Vec::with_capacity(groups.len());
    for g in &groups {
        let report = g[0].report.as_str();
        // The ledger's actions are in the notes' order of reports.
        let mut live = Vec::new();
        while let Some(a) = actions.next_if(|a| *a.report == *report) {
            if is_live(a) {
                live.push(a);
            }
        }
        if let Some(print) = fingerprint(config, g) {
            entries.push((report, print, live));
        }
    }
    if actions.next().is_some() {
        return Some("action index not written: the actions are not in their notes' order".into());
    }
    w.usize(entries.len());
    for (report, print, live) in &entries {
        w.str(report);
        w.uint(*print);
        w.usize(live.len());
        for a in live {
            encode(&mut w, a);
        }
    }
    let (bytes, bin_len) = w.finish();
    let mut body = Vec::with_capacity(8 + bytes.len());
    body.extend_from_slice(&(bin_len as u64).to_le_bytes());
    body.extend_from_slice(&bytes);
    sealed::write(&file, &sealed::seal(MAGIC, &body))
        .err()
        .map(|why| format!("action index not written: {}: {why}", file.display()))
}

/// One action: its report is its entry's.
fn encode<'a>(w: &mut Writer<'a>, a: &'a Action) {
    w.opt_date(a.opened);
    w.usize(a.copies.len());
    for c in &a.copies {
        w.text(&c.path);
        w.usize(c.line);
        w.opt_date(c.note_date);
        w.state(c.state);
        w.bool(c.private);
        w.action_texts(&c.texts);
        w.strs(&c.owners);
        w.opt_date(c.due);
        w.opt_date(c.from);
        w.strs(&c.audience);
    }
}

/// The entries of an index written by `build`: each report's fingerprint and live actions
/// (their states not decided yet).
fn decode(bytes: &[u8], build: sealed::Build) -> Option<Entries> {
    let body = sealed::unseal(MAGIC, bytes)?;
    let (len, rest) = body.split_first_chunk::<8>()?;
    let (bin, arena) = rest.split_at_checked(usize::try_from(u64::from_le_bytes(*len)).ok()?)?;
    let mut r = Reader::new(bin, std::str::from_utf8(arena).ok()?);
    ((r.uint()?, r.int()?, r.int()?) == build).then_some(())?;
    let n = r.count()?;
    let mut out = HashMap::with_capacity(n);
    for _ in 0..n {
        let report = r.str()?;
        let print = r.uint()?;
        let live = r.list(|r| decode_action(r, &report))?;
        out.insert(report, (print, live));
    }
    r.done().then_some(out)
}

/// One action of `report`.
fn decode_action(r: &mut Reader, report: &str) -> Option<Action> {
    let opened = r.opt_date()?;
    let copies = r.list(|r| {
        Some(Copy {
            path: r.text()?,
            line: r.usize()?,
            note_date: r.opt_date()?,
            state: r.state()?,
            private: r.bool()?,
            texts: r.action_texts()?,
            owners: Arc::from(r.strs()?),
            due: r.opt_date()?,
            from: r.opt_date()?,
            audience: Arc::from(r.strs()?),
            written: None,
        })
    })?;
    (!copies.is_empty()).then_some(())?;
    Some(Action {
        report: report.into(),
        opened,
        copies,
        ..Action::default()
    })
}

#[cfg(test)]
mod tests;
