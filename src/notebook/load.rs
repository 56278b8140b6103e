//! Loading every note of a notebook into owned summaries.
//!
//! The privacy line is drawn here, once: a `private: true` note keeps only its date, report
//! and duration, and no section text is ever copied out of `## Private` (the note model only
//! reads conclusions and actions from their own sections).

use jiff::civil::Date;
use rayon::prelude::*;

use crate::note::{Action, Conclusion, Indicator, Note};
use crate::notebook::Notebook;
use crate::notebook::index::{Index, Key};
use crate::notebook::inventory::{self, NotePath, Skipped};

/// What cascade keeps of one note file after parsing it.
#[derive(Debug, Clone)]
pub struct NoteFile {
    /// Path relative to the notebook root, `/`-separated.
    pub rel: String,
    /// The report: front matter `report`, else the folder name.
    pub report: String,
    /// Meeting date: front matter `date`, else the file name.
    pub date: Option<Date>,
    /// Meeting length in minutes, if given.
    pub duration_min: Option<f64>,
    /// `cadence_days` of the note, if given.
    pub cadence_days: Option<u32>,
    /// `private: true`: content below is empty; only the meeting counts.
    pub private: bool,
    /// Groups the conclusions go to.
    pub share_with: Vec<String>,
    /// Indicators (empty for private notes).
    pub indicators: Vec<Indicator>,
    /// Conclusions (empty for private notes).
    pub conclusions: Vec<Conclusion>,
    /// Actions (empty for private notes).
    pub actions: Vec<Action>,
    /// Actions of a private note, kept apart so that nothing reading `actions` can show them:
    /// only the action model reads them, to count their ticks and list them to the supervisor.
    pub private_actions: Vec<Action>,
    /// Number of front matter problems found while parsing.
    pub problems: usize,
    /// The file it was read from, when the note index can tell it again (what a kept answer
    /// about the note is checked against).
    pub key: Option<Key>,
}

/// A note file that could not be read or decoded.
#[derive(Debug, Clone)]
pub struct Unreadable {
    /// Path relative to the notebook root.
    pub rel: String,
    /// Why.
    pub message: String,
}

/// All notes of a notebook.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// Parsed notes, sorted by (report, date, path).
    pub notes: Vec<NoteFile>,
    /// Files that could not be used.
    pub unreadable: Vec<Unreadable>,
    /// What `-v` says of the note index (not used, rebuilt, not written, and why).
    pub index_notices: Vec<String>,
}

impl NoteFile {
    /// Summarize a parsed note of `nb` found at `rel`, its report an alias resolved.
    pub fn of(nb: &Notebook, rel: &str, note: &Note) -> NoteFile {
        let mut n = NoteFile::from_note(rel, note);
        canonical_report(nb, &mut n);
        n
    }

    /// [`NoteFile::of`] of a note that is not needed after: its actions are moved, not
    /// copied (lint summarizes every note it checks for the ledger, then drops it).
    pub fn of_owned(nb: &Notebook, rel: &str, mut note: Note) -> NoteFile {
        let actions = std::mem::take(&mut note.actions);
        let conclusions = std::mem::take(&mut note.conclusions);
        let indicators = std::mem::take(&mut note.meta.indicators);
        let mut n = NoteFile::summary(rel, &note, actions, conclusions, indicators);
        canonical_report(nb, &mut n);
        n
    }

    /// Summarize a parsed note found at `rel`.
    pub fn from_note(rel: &str, note: &Note) -> NoteFile {
        NoteFile::summary(
            rel,
            note,
            note.actions.clone(),
            note.conclusions.clone(),
            note.meta.indicators.clone(),
        )
    }

    /// Summarize `note` with its actions, conclusions and indicators given apart.
    fn summary(
        rel: &str,
        note: &Note,
        actions: Vec<Action>,
        conclusions: Vec<Conclusion>,
        indicators: Vec<Indicator>,
    ) -> NoteFile {
        let mut parts = rel.rsplit('/');
        let file = parts.next().unwrap_or("");
        // Only `notes/<report>/<file>` names a report by its folder (not `notes/<file>`).
        let folder = match (parts.next(), parts.next()) {
            (Some(f), Some(_)) => f,
            _ => "",
        };
        let report = note
            .meta
            .report
            .as_ref()
            .map(|r| r.value.clone())
            .unwrap_or_else(|| folder.to_owned());
        let date = note
            .meta
            .date
            .as_ref()
            .map(|d| d.value)
            .or_else(|| inventory::name_date(file));
        let private = note.is_private();
        let (actions, private_actions) = if private {
            (Vec::new(), actions)
        } else {
            (actions, Vec::new())
        };
        NoteFile {
            rel: rel.to_owned(),
            report,
            date,
            duration_min: note.meta.duration_min.as_ref().map(|d| d.value),
            cadence_days: note.meta.cadence_days.as_ref().map(|c| c.value),
            private,
            share_with: note
                .meta
                .share_with
                .iter()
                .map(|s| s.value.clone())
                .collect(),
            indicators: if private { Vec::new() } else { indicators },
            conclusions: if private { Vec::new() } else { conclusions },
            actions: if private { Vec::new() } else { actions },
            private_actions,
            problems: note.problems.len(),
            key: None,
        }
    }
}

/// Read and summarize one note; a file the inventory's rules refuse to read is [`Unreadable`].
pub fn load_file(nb: &Notebook, note: &NotePath) -> Result<NoteFile, Unreadable> {
    let mut n = read_note(nb, note)?;
    canonical_report(nb, &mut n);
    Ok(n)
}

/// Read and summarize one note as it says (an alias not resolved): what the index keeps.
fn read_note(nb: &Notebook, note: &NotePath) -> Result<NoteFile, Unreadable> {
    let rel = note.rel.clone();
    let bytes = note.read(nb.max_note_bytes()).map_err(|k| Unreadable {
        rel: rel.clone(),
        message: k.message(),
    })?;
    let text = crate::text::decode(&bytes).map_err(|e| Unreadable {
        rel: rel.clone(),
        message: format!("{}:{}: {}", e.line, e.column, e.message),
    })?;
    Ok(NoteFile::from_note(&rel, &Note::parse(text)))
}

/// An alias (`report: al`, or a folder named for it) is the person it names.
fn canonical_report(nb: &Notebook, n: &mut NoteFile) {
    let handle = nb.canonical(&n.report);
    if handle != n.report {
        n.report = handle.to_owned();
    }
}

impl Unreadable {
    /// The warning every command gives for it: `<path> was skipped: <why>`.
    pub fn warning(&self) -> String {
        format!("{} was skipped: {}", self.rel, self.message)
    }

    /// A path the inventory skipped, as the warning every command gives.
    pub fn from_skipped(s: &Skipped) -> Unreadable {
        Unreadable {
            rel: s.rel.clone(),
            message: s.kind.message(),
        }
    }
}

impl Loaded {
    /// The notes of `report` (aliases resolved): all an action model of that report needs,
    /// since an action never crosses reports.
    pub fn of_report(&self, nb: &Notebook, report: &str) -> Vec<NoteFile> {
        self.notes
            .iter()
            .filter(|n| nb.canonical(&n.report) == report)
            .cloned()
            .collect()
    }

    /// Without the notes dated after `today`: an agenda says nothing yet about what was done,
    /// so it must not tick, add or date anything in today's views.
    pub fn held_by(mut self, today: Date) -> Loaded {
        self.notes.retain(|n| n.date.is_none_or(|d| d <= today));
        self
    }
}

/// Load every note of the notebook, in parallel.
pub fn load_all(nb: &Notebook) -> Loaded {
    load_from(nb, inventory::scan(nb), true)
}

/// Load the notes dated from `from` to `to`: picked by the date in their file name, so only
/// those are read; a note named otherwise is read, and kept when its front matter's date is.
pub fn load_dated(nb: &Notebook, from: Date, to: Date) -> Loaded {
    // Only those are listed: the index keeps the others, which this run does not look at.
    let named = |name: &str| inventory::name_date(name).is_none_or(|d| from <= d && d <= to);
    let mut loaded = load_from(nb, inventory::scan_named(nb, &named), false);
    loaded
        .notes
        .retain(|n| n.date.is_some_and(|d| from <= d && d <= to));
    loaded
}

/// Load the notes of one report (`handle` canonical): its folder, its aliases' folders and
/// the notes directly under `notes/`, not the other reports' folders, so a command about one
/// report reads as little of a notebook of forty reports as it can. A note filed in another
/// report's folder is not seen here (lint reports it: `note/path-mismatch`).
pub fn load_report(nb: &Notebook, handle: &str) -> Loaded {
    let dir = nb.notes_dir();
    let mut inv = inventory::scan_dir(nb, &dir, 1);
    let mut folders = vec![handle.to_owned()];
    if let Some(p) = nb.config.people.get(handle) {
        folders.extend(p.aliases.iter().cloned());
    }
    for f in folders {
        // A handle or alias is one path component (validated in the config), never `..`.
        if f.is_empty() || f.contains(['/', '\\']) || f == "." || f == ".." {
            continue;
        }
        let more = inventory::scan_dir(nb, &dir.join(&f), usize::MAX);
        inv.notes.extend(more.notes);
        inv.skipped.extend(more.skipped);
    }
    let mut loaded = load_from(nb, inv, false);
    loaded.notes.retain(|n| nb.canonical(&n.report) == handle);
    loaded
}

/// Every note of the notebook with its front matter only (no indicators, conclusions or
/// actions) and its key, when the note index holds every one as its file is now; None
/// otherwise, and then the caller loads them in full, which brings the index up to date.
/// For a view whose answers about the notes' bodies are kept apart (`status`).
pub fn load_heads(nb: &Notebook) -> Option<Loaded> {
    let index = Index::open(nb);
    if !index.used() {
        return None;
    }
    let inv = inventory::scan(nb);
    let mut picked: Vec<&NotePath> = inv.notes.iter().collect();
    picked.sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    let keys = keys_of(nb, &picked);
    let notices = index.notices.clone();
    // Both in path order: the index holds exactly these notes, each as its file is now, but
    // for those it never holds (a file that cannot be read as a note: it is read again, and
    // refused again).
    let mut heads = index.heads()?.into_iter().peekable();
    let mut notes = Vec::with_capacity(picked.len());
    let mut unreadable: Vec<Unreadable> =
        inv.skipped.iter().map(Unreadable::from_skipped).collect();
    let mut last: Option<(String, String)> = None;
    for (p, k) in picked.iter().zip(keys) {
        let Some((_, key, mut n)) = heads.next_if(|(rel, ..)| *rel == p.rel) else {
            unreadable.push(read_note(nb, p).err()?);
            continue;
        };
        (k? == key).then_some(())?;
        // Notes in path order come a report's folder at a time: its alias is resolved once.
        match &last {
            Some((written, handle)) if *written == n.report => n.report.clone_from(handle),
            _ => {
                let written = n.report.clone();
                canonical_report(nb, &mut n);
                last = Some((written, n.report.clone()));
            }
        }
        notes.push(n);
    }
    // A note the index holds is gone: the index is to forget it.
    heads.next().is_none().then_some(())?;
    let mut loaded = Loaded {
        notes,
        unreadable,
        index_notices: notices,
    };
    // As a full load says it: the files refused were looked up and read.
    let read = loaded.unreadable.len() - inv.skipped.len();
    loaded
        .index_notices
        .push(index_line(picked.len() - read, picked.len()));
    loaded.unreadable.sort_by(|a, b| a.rel.cmp(&b.rel));
    sort(&mut loaded.notes);
    Some(loaded)
}

/// What `-v` says of a load: how many of the `looked_up` notes came from the index.
fn index_line(from_index: usize, looked_up: usize) -> String {
    format!(
        "note index: {from_index} of {looked_up} notes unchanged since read, {} read now",
        looked_up - from_index
    )
}

/// The keys of the files `picked`, in parallel; a file over the size cap has none, so it is
/// read (and refused) the way it always is.
fn keys_of(nb: &Notebook, picked: &[&NotePath]) -> Vec<Option<Key>> {
    let cap = nb.max_note_bytes();
    picked
        .par_iter()
        .map(|p| Key::of(&p.path).filter(|k| k.size() <= cap))
        .collect()
}

/// Load the notes of `inv`: each from the note index when its file is the one the index read,
/// else read and parsed (in parallel); the index is then brought up to date. When `inv` is the
/// `whole` notebook's, the index forgets the notes that are gone.
fn load_from(nb: &Notebook, inv: inventory::Inventory, whole: bool) -> Loaded {
    let mut index = Index::open(nb);
    let mut picked: Vec<&NotePath> = inv.notes.iter().collect();
    // In path order, the notes come out nearly in the order they are sorted in at the end
    // (report, date, path), which costs a sort of summaries next to nothing.
    picked.sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    let keys: Vec<Option<Key>> = if index.used() {
        keys_of(nb, &picked)
    } else {
        vec![None; picked.len()]
    };
    if index.used() {
        // Every note of the notebook is looked up: the index forgets those it holds that are
        // gone.
        if whole {
            index.want_all();
        } else {
            index.want(picked.iter().map(|p| p.rel.as_str()));
        }
    }
    let known: Vec<Option<NoteFile>> = picked
        .iter()
        .zip(&keys)
        .map(|(p, k)| k.and_then(|k| index.take(&p.rel, k)))
        .collect();
    let hit: Vec<bool> = known.iter().map(Option::is_some).collect();
    let results: Vec<Result<NoteFile, Unreadable>> = picked
        .par_iter()
        .zip(known)
        .map(|(p, known)| match known {
            Some(n) => Ok(n),
            None => read_note(nb, p),
        })
        .collect();
    let mut loaded = Loaded {
        notes: Vec::with_capacity(results.len()),
        ..Loaded::default()
    };
    // Only a reading the index could vouch for is told by its key.
    let vouched: Vec<Option<Key>> = keys
        .iter()
        .map(|k| k.filter(|k| index.settled(*k)))
        .collect();
    if index.used() {
        let read: Vec<(&str, Key, &NoteFile, bool)> = picked
            .iter()
            .zip(&keys)
            .zip(&results)
            .zip(&hit)
            .filter_map(|(((p, k), r), h)| Some((p.rel.as_str(), (*k)?, r.as_ref().ok()?, *h)))
            .collect();
        let from_index = hit.iter().filter(|h| **h).count();
        loaded.index_notices = index.save(&read, whole);
        loaded
            .index_notices
            .push(index_line(from_index, picked.len()));
    } else {
        loaded.index_notices = index.notices;
    }
    loaded
        .unreadable
        .extend(inv.skipped.iter().map(Unreadable::from_skipped));
    for (r, key) in results.into_iter().zip(vouched) {
        match r {
            Ok(mut n) => {
                canonical_report(nb, &mut n);
                n.key = key;
                loaded.notes.push(n);
            }
            Err(u) => loaded.unreadable.push(u),
        }
    }
    loaded.unreadable.sort_by(|a, b| a.rel.cmp(&b.rel));
    sort(&mut loaded.notes);
    loaded
}

/// Sort notes by report, date and path: the order the action model links them in.
pub fn sort(notes: &mut [NoteFile]) {
    let order =
        |a: &NoteFile, b: &NoteFile| (&a.report, a.date, &a.rel).cmp(&(&b.report, b.date, &b.rel));
    // Read in path order, the notes of a notebook whose files are named by date are in this
    // order already: a sort would still take a copy of them all.
    if !notes.is_sorted_by(|a, b| order(a, b).is_le()) {
        notes.sort_by(order);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nf(rel: &str, text: &str) -> NoteFile {
        NoteFile::from_note(rel, &Note::parse(text))
    }

    #[test]
    fn notes_are_sorted_by_report_then_date_whatever_their_paths() {
        let note = |rel: &str, report: &str, date: &str| {
            nf(rel, &format!("---\ndate: {date}\nreport: {report}\n---\n"))
        };
        // Path order is not the linking order: a note filed under `notes/` names its report,
        // and a name that is not its date.
        let mut notes = vec![
            note("notes/a-old.md", "bob", "2026-11-20"),
            note("notes/alice/2026-11-13.md", "alice", "2026-11-13"),
            note("notes/alice/2026-11-06.md", "alice", "2026-11-06"),
            note("notes/bob/2026-11-01.md", "bob", "2026-11-01"),
        ];
        sort(&mut notes);
        let order: Vec<&str> = notes.iter().map(|n| n.rel.as_str()).collect();
        let want = [
            "notes/alice/2026-11-06.md",
            "notes/alice/2026-11-13.md",
            "notes/bob/2026-11-01.md",
            "notes/a-old.md",
        ];
        assert_eq!(order, want);
        // Sorted already: left as it is.
        sort(&mut notes);
        let again: Vec<&str> = notes.iter().map(|n| n.rel.as_str()).collect();
        assert_eq!(again, want);
    }

    #[test]
    fn private_notes_keep_only_counts() {
        let n = nf(
            "notes/alice/2026-11-06.md",
            "---\ndate: 2026-11-06\nreport: alice\nprivate: true\nindicators: {x: 1}\n---\n## Conclusions\n- secret\n## Cascading actions\n- [ ] secret @alice due:2026-11-15\n",
        );
        assert!(n.private);
        assert!(n.conclusions.is_empty() && n.actions.is_empty() && n.indicators.is_empty());
        // Its actions are kept apart, for the action model only.
        assert_eq!(n.private_actions.len(), 1);
    }
}
