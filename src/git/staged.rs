//! The notes staged in git's index (added, modified, renamed), read for `lint --staged`.

use std::path::Path;

use crate::error::{Error, Result};
use crate::lint::StagedNote;
use crate::notebook::{Notebook, inventory};

/// The staged notes of the notebook, limited to `paths` (relative to the root) when any.
pub fn staged_notes(nb: &Notebook, paths: &[String]) -> Result<Vec<StagedNote>> {
    let repo = super::require(&nb.root)?;
    let workdir = repo
        .workdir()
        .ok_or_else(|| Error::git("the repository has no work tree", None))?
        .to_path_buf();
    let workdir = super::real(&workdir);
    let root = super::real(&nb.root);
    let index = super::staged_index(&repo)?;
    let head_tree = repo.head().ok().and_then(|h| h.peel_to_tree().ok());
    let mut opts = git2::DiffOptions::new();
    opts.include_typechange(true);
    let diff = repo.diff_tree_to_index(head_tree.as_ref(), Some(&index), Some(&mut opts))?;
    let mut notes = Vec::new();
    // Staged blobs to read, with their paths from the work tree root.
    let mut staged: Vec<(String, String, git2::Oid)> = Vec::new();
    for delta in diff.deltas() {
        use git2::Delta::*;
        if !matches!(
            delta.status(),
            Added | Modified | Renamed | Copied | Typechange
        ) {
            continue;
        }
        let file = delta.new_file();
        let Some(path) = file.path() else { continue };
        let abs = workdir.join(path);
        let Ok(in_root) = abs.strip_prefix(&root) else {
            continue;
        };
        let rel = crate::notebook::rel_path(Path::new(""), in_root);
        if !inventory::is_note_rel(&rel) {
            continue;
        }
        if !paths.is_empty()
            && !paths
                .iter()
                .any(|p| rel == *p || rel.starts_with(&format!("{}/", p.trim_end_matches('/'))))
        {
            continue;
        }
        if file.mode() == git2::FileMode::Link {
            notes.push(StagedNote::Link { rel, path: abs });
            continue;
        }
        let Some(in_repo) = path.to_str() else {
            // git names it in bytes cascade cannot pass back to git to ask about filters.
            notes.push(StagedNote::Unclear {
                rel,
                why: "its path is not UTF-8, so git cannot be asked whether a filter applies to it"
                    .into(),
            });
            continue;
        };
        staged.push((rel, in_repo.to_owned(), file.id()));
    }
    let asked: Vec<super::clear::Staged> = staged
        .iter()
        .map(|(_, path, blob)| super::clear::Staged { path, blob: *blob })
        .collect();
    let clear = super::clear::staged_in_clear(&repo, &asked)?;
    for ((rel, _, blob), clear) in staged.into_iter().zip(clear) {
        use super::clear::Clear;
        notes.push(match clear {
            None => StagedNote::Clear {
                rel,
                bytes: repo.find_blob(blob)?.content().to_vec(),
            },
            Some(Clear::Bytes(bytes)) => StagedNote::Clear { rel, bytes },
            Some(Clear::Unclear(why)) => StagedNote::Unclear { rel, why },
        });
    }
    Ok(notes)
}
