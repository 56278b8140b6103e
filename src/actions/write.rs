//! Writing one change to one action line into its note, atomically, or nothing at all.
//!
//! The note is read with the inventory's rules (a regular file, never through a symlink, under
//! the size cap), the line must still hold the copy the ledger saw (same text, same state), and
//! the file must hold the same bytes just before the rename as when it was read: an editor that
//! saved the note in between wins, and the command says to run again.

use std::path::Path;

use super::Copy;
use super::edit::{self, Change, EditError};
use crate::error::{Error, Result};
use crate::fsx;
use crate::notebook::Notebook;
use crate::notebook::inventory::read_capped;

/// Write `change` to the line of `copy` in its note.
pub fn write(nb: &Notebook, copy: &Copy, change: Change) -> Result<()> {
    let path = nb.root.join(&copy.path);
    let folder = path.parent().unwrap_or(&nb.root);
    // Two cascades editing the same report's notes take turns.
    let _lock = fsx::lock(folder)?;
    let before = read(&path, &copy.path, nb)?;
    let text = crate::text::decode(&before).map_err(|e| {
        Error::input(
            format!(
                "{}:{}:{}: {}; nothing was written",
                copy.path, e.line, e.column, e.message
            ),
            Some(e.help),
        )
    })?;
    let a =
        edit::holds(text, copy.line, &copy.identity, copy.state).map_err(|e| moved(copy, &e))?;
    let after = edit::apply(text, &a, change).map_err(|e| moved(copy, &e))?;
    check(&after, &a, change)?;
    #[cfg(debug_assertions)]
    simulate_editor(&path);
    if read(&path, &copy.path, nb)? != before {
        return Err(Error::usage(
            format!(
                "{} changed on disk while cascade was editing it; nothing was written",
                copy.path
            ),
            Some("save it in your editor, then run the command again"),
        ));
    }
    fsx::write_atomic(&path, after.as_bytes(), fsx::Mode::Replace)
}

/// The note's bytes, or why it is not edited.
fn read(path: &Path, rel: &str, nb: &Notebook) -> Result<Vec<u8>> {
    read_capped(path, nb.max_note_bytes()).map_err(|k| {
        Error::usage(
            format!("{rel}: {}; nothing was written", k.message()),
            Some(&k.help(false)),
        )
    })
}

fn moved(copy: &Copy, e: &EditError) -> Error {
    let what = match e {
        EditError::NoAction => "no longer holds an action item",
        EditError::NotTheAction => "no longer holds this action as it was read",
    };
    Error::usage(
        format!(
            "{}:{} {what} (the note changed since it was read); nothing was written",
            copy.path, copy.line
        ),
        Some("run the command again"),
    )
}

/// The edited text must read as the same action with the change made, and nothing else
/// changed: a parser and an editor that disagree write nothing.
fn check(after: &str, a: &crate::note::Action, change: Change) -> Result<()> {
    let b = edit::action_at(after, a.line);
    let ok = b.as_ref().is_some_and(|b| {
        b.identity == a.identity
            && b.owners == a.owners
            && b.from == a.from
            && match change {
                Change::State(s) => b.state == s && b.due == a.due,
                Change::Due(d) => {
                    b.state == a.state
                        && b.due.as_ref().and_then(|t| t.date.clone().ok()) == Some(d)
                }
            }
    });
    if ok {
        Ok(())
    } else {
        Err(Error::Internal(format!(
            "the edit of line {} does not read back as intended; nothing was written",
            a.line
        )))
    }
}

/// Test builds only: an editor saving the note between cascade's read and its write.
#[cfg(debug_assertions)]
fn simulate_editor(path: &Path) {
    use std::io::Write;
    if let Ok(s) = std::env::var("CASCADE_DEBUG_SAVE_BEFORE_WRITE")
        && !s.is_empty()
        && let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(path)
    {
        let _ = f.write_all(s.as_bytes());
    }
}
