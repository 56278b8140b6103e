//! Closes of actions: what a changed note closed, compared with its previous version.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use git2::{ObjectType, Oid, Repository, Tree};
use jiff::civil::Date;

use super::{Change, CloseEvent, History};
use crate::error::Result;
use crate::note::{ActionState, Note};
use crate::notebook::Notebook;
use crate::notebook::load::NoteFile;

/// Compare a changed note's versions and record the actions it closed.
pub(super) fn examine(
    repo: &Repository,
    ch: &Change,
    day: Date,
    commit: Option<Oid>,
    hist: &mut History,
) -> Result<()> {
    let Some(new) = ch.new else {
        return Ok(());
    };
    let new_blob = repo.find_blob(new)?;
    let old_blob = ch.old.map(|o| repo.find_blob(o)).transpose()?;
    compare(
        &ch.rel,
        old_blob.as_ref().map(|b| b.content()),
        new_blob.content(),
        day,
        commit,
        hist,
    );
    Ok(())
}

/// Record actions closed between `old` and `new` (the texts of one note file).
pub(super) fn compare(
    rel: &str,
    old: Option<&[u8]>,
    new: &[u8],
    day: Date,
    commit: Option<Oid>,
    hist: &mut History,
) {
    let Ok(new_text) = crate::text::decode(new) else {
        return;
    };
    let old_text = old.and_then(|o| crate::text::decode(o).ok());
    // Cheap test first: a note that gained no ticked line closed nothing.
    let before: HashSet<&str> = old_text.map(closed_lines).unwrap_or_default();
    if closed_lines(new_text).is_subset(&before) {
        return;
    }
    let new_note = NoteFile::from_note(rel, &Note::parse(new_text));
    let old_states: HashMap<String, ActionState> = old_text
        .map(|t| {
            NoteFile::from_note(rel, &Note::parse(t))
                .actions
                .into_iter()
                .map(|a| (a.identity, a.state))
                .collect()
        })
        .unwrap_or_default();
    for a in &new_note.actions {
        if a.state == ActionState::Open {
            continue;
        }
        let date = match old_states.get(&a.identity) {
            Some(ActionState::Open) => day,
            Some(_) => continue,
            // Written already closed: it counts by its meeting date.
            None => new_note.date.unwrap_or(day),
        };
        hist.record(
            &new_note,
            &a.identity,
            CloseEvent {
                date,
                commit,
                note_date: new_note.date,
                state: a.state,
            },
        );
    }
}

/// Lines holding a ticked or dropped task marker, trimmed.
fn closed_lines(text: &str) -> HashSet<&str> {
    crate::text::lines(text)
        .map(|(_, l)| l.trim())
        .filter(|l| l.contains("[x]") || l.contains("[X]") || l.contains("[-]"))
        .collect()
}

/// Notes of the digest changed in the work tree but not committed: dated `today`.
///
/// A note is compared with HEAD by the id git would give its content, which is cheaper than
/// a status of the whole work tree and needs no index.
pub(super) fn uncommitted(
    repo: &Repository,
    notes: &[NoteFile],
    at_head: &[Option<Oid>],
    nb: &Notebook,
    today: Date,
    hist: &mut History,
) -> Result<()> {
    for (n, head_blob) in notes.iter().zip(at_head) {
        let file = nb.root.join(&n.rel);
        let Ok(new) = crate::notebook::inventory::read_capped(&file, nb.max_note_bytes()) else {
            continue;
        };
        let head_blob = *head_blob;
        if head_blob.is_some() && head_blob == Oid::hash_object(ObjectType::Blob, &new).ok() {
            continue;
        }
        let old = head_blob.map(|o| repo.find_blob(o)).transpose()?;
        compare(
            &n.rel,
            old.as_ref().map(|b| b.content()),
            &new,
            today,
            None,
            hist,
        );
    }
    Ok(())
}

/// For notes added between two trees, find the note each was renamed from (git's similarity
/// detection), so an action keeps its history when a note is renamed to fix its date.
pub(super) fn find_sources(
    repo: &Repository,
    old_tree: &Tree,
    new_tree: &Tree,
    changes: &mut Vec<Change>,
    repo_path: &dyn Fn(&str) -> String,
) -> Result<()> {
    let mut opts = git2::DiffOptions::new();
    let mut rel_of: HashMap<String, String> = HashMap::new();
    // The folders of the added notes: a rename source is a note deleted from one of them.
    let mut dirs: HashSet<String> = HashSet::new();
    for c in changes.iter().filter(|c| c.old.is_none()) {
        let p = repo_path(&c.rel);
        if let Some((d, _)) = p.rsplit_once('/') {
            dirs.insert(d.to_owned());
        }
        rel_of.insert(p, c.rel.clone());
    }
    for d in &dirs {
        opts.pathspec(d);
    }
    let mut diff = repo.diff_tree_to_tree(Some(old_tree), Some(new_tree), Some(&mut opts))?;
    if !diff.deltas().any(|d| d.status() == git2::Delta::Deleted) {
        return Ok(());
    }
    let mut find = git2::DiffFindOptions::new();
    find.renames(true);
    diff.find_similar(Some(&mut find))?;
    for d in diff.deltas() {
        if d.status() != git2::Delta::Renamed {
            continue;
        }
        let Some(to) = d.new_file().path().and_then(path_str) else {
            continue;
        };
        let Some(to_rel) = rel_of.get(&to) else {
            continue;
        };
        let from_rel = d.old_file().path().and_then(path_str);
        let old_blob = d.old_file().id();
        if let Some(from) = from_rel {
            changes.retain(|c| c.new.is_some() || repo_path(&c.rel) != from);
        }
        if let Some(c) = changes.iter_mut().find(|c| &c.rel == to_rel) {
            c.old = Some(old_blob);
        }
    }
    Ok(())
}

fn path_str(p: &Path) -> Option<String> {
    p.to_str().map(|s| s.replace('\\', "/"))
}
