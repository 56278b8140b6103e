//! `cascade lint --fix`: lint, fix what can be fixed, write each note atomically, lint again,
//! until nothing more is fixed (a bounded number of passes).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::{Applied, apply_all, fixes_of};
use crate::error::{Error, ErrorKind, Result};
use crate::fsx;
use crate::lint::{Diagnostic, LedgerOf, Report, Safety, lint_paths, rules};
use crate::note::Note;
use crate::notebook::Notebook;
use crate::notebook::inventory::read_capped;

/// Passes of lint then fix before giving up on fixes that keep making new ones.
const PASSES: usize = 10;

/// What the fixes of one pass make of one note.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The note, relative to the notebook root.
    pub rel: String,
    /// Its bytes as read.
    pub before: Vec<u8>,
    /// What the fixes made of its text, and where it moves.
    pub applied: Applied,
    /// The note is private: its text is never printed.
    pub private_note: bool,
    /// An edit is in a private part: the note's text is never printed.
    pub private_part: bool,
}

/// What `cascade lint --fix` did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The findings after the last pass.
    pub report: Report,
    /// Fixes applied.
    pub fixes: usize,
    /// Notes written or renamed.
    pub notes: usize,
    /// Fixes left because only `--unsafe-fixes` applies them (in the last pass).
    pub unsafe_left: usize,
    /// Every pass still found fixes to make.
    pub unconverged: bool,
    /// Fixes not made, and why.
    pub refused: Vec<String>,
}

/// The fixes of one pass, up to safety `max`, for the findings of `report`: per note, what
/// its fixes make of it. Notes that cannot be read or decoded are left as they are.
pub fn plan(
    nb: &Notebook,
    report: &Report,
    max: Safety,
    refused: &mut Vec<String>,
) -> (Vec<Planned>, usize) {
    let mut by_note: BTreeMap<&str, Vec<Diagnostic>> = BTreeMap::new();
    for d in &report.diagnostics {
        if !d.path_lossy && rules::find(d.rule).is_some_and(|r| !r.fixes.is_empty()) {
            by_note.entry(d.path.as_str()).or_default().push(d.clone());
        }
    }
    let mut out = Vec::new();
    let mut unsafe_left = 0;
    for (rel, diagnostics) in by_note {
        let Ok(before) = read_capped(&nb.root.join(rel), nb.max_note_bytes()) else {
            continue;
        };
        let Ok(text) = crate::text::decode(&before) else {
            continue;
        };
        let mut fixes = fixes_of(text, rel, &diagnostics);
        // A rename onto an existing note is never made; said only when it would have been.
        fixes.retain(|f| match &f.rename {
            Some(to) if std::fs::symlink_metadata(nb.root.join(to)).is_ok() => {
                let why = format!(
                    "{rel} was not renamed: {to} already exists (merge the two notes by hand, or fix `date:`)"
                );
                if f.safety <= max && !refused.contains(&why) {
                    refused.push(why);
                }
                false
            }
            _ => true,
        });
        let applied = apply_all(text, &fixes, max);
        unsafe_left += applied.unsafe_left;
        if applied.applied.is_empty() {
            continue;
        }
        let note = Note::parse(text);
        let (private_note, private_part) =
            (note.is_private(), in_private_part(&note, &applied.lines));
        out.push(Planned {
            rel: rel.to_owned(),
            before,
            private_note,
            private_part,
            applied,
        });
    }
    (out, unsafe_left)
}

/// Whether one of `lines` is in a private part of the note, below its heading (an insertion
/// before the heading is not in it).
fn in_private_part(note: &Note, lines: &[usize]) -> bool {
    note.sections
        .iter()
        .filter(|s| s.step == crate::note::Step::Private)
        .any(|s| lines.iter().any(|&l| (s.line + 1..s.end_line).contains(&l)))
}

/// Lint `paths` (the whole notebook when empty), apply the fixes up to safety `max` and write
/// them, and lint again, until a pass fixes nothing or [`PASSES`] passes were made.
pub fn run(
    nb: &Notebook,
    cwd: &Path,
    paths: &[PathBuf],
    today: Date,
    ledger_of: LedgerOf,
    max: Safety,
) -> Result<Outcome> {
    let mut paths: Vec<PathBuf> = paths.to_vec();
    let mut out = Outcome::default();
    let mut written = std::collections::BTreeSet::new();
    for pass in 0..=PASSES {
        let report = lint_paths(nb, cwd, &paths, today, ledger_of)?;
        let (planned, unsafe_left) = plan(nb, &report, max, &mut out.refused);
        out.report = report;
        out.unsafe_left = unsafe_left;
        if planned.is_empty() {
            return Ok(out);
        }
        if pass == PASSES {
            out.unconverged = true;
            return Ok(out);
        }
        for p in &planned {
            write(nb, p)?;
            out.fixes += p.applied.applied.len();
            written.insert(p.rel.clone());
            if let Some(to) = &p.applied.rename {
                written.remove(&p.rel);
                written.insert(to.clone());
                // A note named on the command line is linted at its new path from now on.
                let from = crate::notebook::normalize(&nb.root.join(&p.rel));
                for path in &mut paths {
                    if crate::notebook::normalize(&cwd.join(&*path)) == from {
                        *path = nb.root.join(to);
                    }
                }
            }
        }
        // A renamed note counts once, under its new name.
        out.notes = written.len();
    }
    Ok(out)
}

/// Write one note's fixes: the text atomically, then the rename, refused when the note
/// changed since it was read or the new name is taken.
fn write(nb: &Notebook, p: &Planned) -> Result<()> {
    let path = nb.root.join(&p.rel);
    let folder = path.parent().unwrap_or(&nb.root);
    // Two cascades editing the same report's notes take turns.
    let _lock = fsx::lock(folder)?;
    #[cfg(debug_assertions)]
    crate::actions::write::simulate_editor(&path);
    let now = read_capped(&path, nb.max_note_bytes()).ok();
    if now.as_deref() != Some(p.before.as_slice()) {
        return Err(Error::usage(
            format!(
                "{} changed on disk while cascade was fixing it; it was not written",
                p.rel
            ),
            Some("save it in your editor, then run `cascade lint --fix` again"),
        ));
    }
    if p.applied.text.as_bytes() != p.before.as_slice() {
        fsx::write_atomic(&path, p.applied.text.as_bytes(), fsx::Mode::Replace)?;
    }
    if let Some(to) = &p.applied.rename {
        let target = nb.root.join(to);
        fsx::rename_noclobber(&path, &target).map_err(|e| {
            if e.kind() == ErrorKind::AlreadyExists {
                Error::usage_of(
                    ErrorKind::AlreadyExists,
                    format!("{to} already exists; {} was not renamed", p.rel),
                    Some("merge the two notes by hand, or fix `date:` in the front matter".into()),
                )
            } else {
                e
            }
        })?;
    }
    Ok(())
}
