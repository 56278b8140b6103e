//! Changes not committed yet: a copy whose state in the work tree is not the one at HEAD was
//! written today. Files unchanged since they were staged are not read (git's index says so).

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use git2::{ObjectType, Oid, Repository};
use jiff::civil::Date;

use super::blobs::Blobs;
use super::stat_index::StatIndex;
use super::trees::TreeCache;
use crate::actions::{Ledger, Pending, Stamp, Written, link};
use crate::error::Result;
use crate::notebook::Notebook;

/// From this many notes to look at, git's index tells which are unchanged.
const INDEX_FROM: usize = 64;

/// Copies whose state in the work tree is not the one committed at HEAD: written today.
/// Returns the blob at HEAD of each note looked at (None: not committed), for the walk.
#[allow(clippy::too_many_arguments)]
pub(super) fn uncommitted(
    repo: &Repository,
    nb: &Notebook,
    head: &git2::Commit,
    trees: &mut TreeCache,
    blobs: &Blobs,
    repo_path: &dyn Fn(&str) -> String,
    l: &mut Ledger,
    by_path: &mut HashMap<String, Vec<Pending>>,
    today: Date,
) -> Result<HashMap<String, Option<Oid>>> {
    let head_tree = head.tree_id();
    // Reading git's index costs about as much as hashing a hundred notes: for a few notes,
    // their content is hashed instead.
    let index = (by_path.len() >= INDEX_FROM).then(|| Clean::of(repo));
    // git's cached tree of its whole index is HEAD's: every staged file is the committed one,
    // so HEAD's blobs are the index's, without a look at HEAD's folders.
    let staged = index
        .as_ref()
        .and_then(|i| i.index.as_ref())
        .filter(|i| i.root_tree() == Some(head_tree));
    let mut at_heads = HashMap::with_capacity(by_path.len());
    // In path order, so each report's folder is read once (the tree cache is small).
    let mut entries: Vec<(&String, &mut Vec<Pending>)> = by_path.iter_mut().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (rel, ps) in entries {
        let path = repo_path(rel);
        let at_head = match staged {
            Some(s) => s.get(&path).map(|e| e.id),
            None => trees.blob_at(head_tree, &path)?,
        };
        at_heads.insert(rel.clone(), at_head);
        // Unchanged since it was staged, and staged as committed: nothing to read.
        if at_head.is_some()
            && index
                .as_ref()
                .and_then(|i| i.blob_if_unchanged(&path, &nb.root.join(rel)))
                == at_head
        {
            continue;
        }
        let Ok(now) =
            crate::notebook::inventory::read_capped(&nb.root.join(rel), nb.max_note_bytes())
        else {
            continue;
        };
        if at_head.is_some() && at_head == Oid::hash_object(ObjectType::Blob, &now).ok() {
            continue;
        }
        let actions = match at_head {
            Some(o) => blobs.lines(repo, o)?,
            None => Default::default(),
        };
        ps.retain(|p| {
            let c = &mut l.actions[p.action].copies[p.copy];
            if link::find_in(&actions, c) == Some(c.state) {
                return true;
            }
            c.written = Some(Written::At(Stamp {
                uncommitted: true,
                secs: 0,
                day: today,
                commit: None,
            }));
            false
        });
    }
    by_path.retain(|_, ps| !ps.is_empty());
    Ok(at_heads)
}

/// The index, read as git status reads it: a file whose size and modification time are those
/// it had when it was staged has the staged content, unless it was modified in the same second
/// the index was written (racy git), when only its content can tell.
struct Clean {
    index: Option<StatIndex>,
    /// When the index file was written (seconds, nanoseconds).
    written: (i64, u32),
}

impl Clean {
    fn of(repo: &Repository) -> Clean {
        let path = repo.path().join("index");
        let index = std::fs::read(&path).ok().and_then(|d| StatIndex::parse(&d));
        let written = std::fs::metadata(&path)
            .ok()
            .map(|m| (m.mtime(), m.mtime_nsec() as u32))
            .unwrap_or((i64::MAX, 0));
        Clean { index, written }
    }

    /// The staged blob of `path` (relative to the work tree) when `file` is unchanged since.
    fn blob_if_unchanged(&self, path: &str, file: &Path) -> Option<Oid> {
        let e = self.index.as_ref()?.get(path)?;
        let m = std::fs::symlink_metadata(file).ok()?;
        // git keeps the low 32 bits of each field.
        let mtime = (i64::from(e.mtime.0), e.mtime.1);
        let same = m.is_file()
            && u64::from(e.size) == m.len() & 0xffff_ffff
            && (m.mtime() & 0xffff_ffff, m.mtime_nsec() as u32) == mtime
            && i64::from(e.ctime.0) == m.ctime() & 0xffff_ffff
            && e.ino == m.ino() as u32
            && mtime < self.written;
        same.then_some(e.id)
    }
}
