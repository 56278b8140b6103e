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
    let path = nb.root.join(&*copy.path);
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
    let a = edit::holds(text, copy.line, copy.texts.identity(), copy.state)
        .map_err(|e| moved(copy, &e))?;
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
        b.texts.identity() == a.texts.identity()
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
pub(crate) fn simulate_editor(path: &Path) {
    use std::io::Write;
    if let Ok(s) = std::env::var("CASCADE_DEBUG_SAVE_BEFORE_WRITE")
        && !s.is_empty()
        && let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(path)
    {
        let _ = f.write_all(s.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::ActionState;
    use crate::notebook::load::NoteFile;

    const NOTE: &str = "---\ndate: 2026-11-24\nreport: alice\n---\n## Cascading actions\n- [ ] Call the bank @dana\n";
    const REL: &str = "notes/alice/2026-11-24.md";

    /// A notebook with one note, and the copy of its one action as the ledger read it.
    fn setup() -> (tempfile::TempDir, Notebook, Copy) {
        let dir = tempfile::tempdir().unwrap();
        crate::notebook::create(dir.path(), "dana", crate::notebook::DefaultShare::Groups).unwrap();
        std::fs::create_dir_all(dir.path().join("notes/alice")).unwrap();
        std::fs::write(dir.path().join(REL), NOTE).unwrap();
        let nb = Notebook::open(dir.path()).unwrap();
        let parsed = crate::note::Note::parse(NOTE);
        let n = NoteFile::from_note(REL, &parsed);
        let copy = Copy::of(
            &n,
            &REL.into(),
            &n.actions[0],
            false,
            &|h: &str| h.to_owned(),
            crate::notebook::DefaultShare::Groups,
            &mut crate::actions::Lists::default(),
        );
        (dir, nb, copy)
    }

    fn done() -> Change {
        Change::State(ActionState::Done)
    }

    #[test]
    fn the_tick_is_written_and_nothing_else() {
        let (dir, nb, copy) = setup();
        write(&nb, &copy, done()).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join(REL)).unwrap(),
            NOTE.replace("[ ]", "[x]")
        );
        let names: Vec<_> = std::fs::read_dir(dir.path().join("notes/alice"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("2026-11-24.md")]);
    }

    #[test]
    fn a_line_that_no_longer_holds_the_action_is_refused() {
        let (dir, nb, copy) = setup();
        let path = dir.path().join(REL);
        // Reworded, ticked, or moved down a line since the ledger read it.
        for now in [
            NOTE.replace("Call the bank", "Call the other bank"),
            NOTE.replace("[ ]", "[-]"),
            NOTE.replace("## Cascading actions\n", "## Cascading actions\n\n"),
        ] {
            std::fs::write(&path, &now).unwrap();
            let e = write(&nb, &copy, done()).unwrap_err();
            assert_eq!(e.exit_code(), 2);
            assert!(
                e.to_string()
                    .starts_with(&format!("{REL}:6 no longer holds")),
                "{e}"
            );
            assert_eq!(std::fs::read_to_string(&path).unwrap(), now);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_note_that_became_a_symlink_or_a_folder_is_refused() {
        let (dir, nb, copy) = setup();
        let path = dir.path().join(REL);
        let elsewhere = dir.path().join("elsewhere.md");
        std::fs::write(&elsewhere, NOTE).unwrap();
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
        let e = write(&nb, &copy, done()).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("symlink not followed"), "{e}");
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), NOTE);
        assert!(std::fs::symlink_metadata(&path).unwrap().is_symlink());
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        let e = write(&nb, &copy, done()).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }
}
