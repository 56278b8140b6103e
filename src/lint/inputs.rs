//! What to lint: the notebook's notes, the paths given, or the versions staged in git's
//! index, gathered by the inventory's rules before anything is read.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::engine::check_inputs;
use super::{LedgerOf, Report, path_parts};
use crate::error::{Error, ErrorKind, Result};
use crate::notebook::Notebook;
use crate::notebook::inventory::{self, NotePath, SkipKind, Skipped};
use crate::notebook::load::{NoteFile, load_file};

/// A file to check.
#[derive(Debug)]
pub(super) enum Input {
    /// A file on disk.
    Disk(NotePath),
    /// A version staged in git's index.
    Staged { rel: String, bytes: Vec<u8> },
    /// A staged version that a filter keeps from being read in clear: reported, never read raw.
    Unclear { rel: String, why: String },
    /// A path the inventory skipped (a symlink, a FIFO, a folder it could not read).
    Skipped(Skipped),
}

/// The other notes of the inputs' reports, for the rules that read several notes: paths to
/// read, or notes read already ([`ReportNotes`], kept by a language server between edits).
pub(super) enum Others<'a> {
    /// Read them.
    Paths(Vec<NotePath>),
    /// Read already, but for the note being linted (its text being linted stands for it).
    Read(&'a [NoteFile], &'a str),
}

/// The notes of one report's folder, read once, for linting a note of it again and again (an
/// editor's buffer, at each edit) without reading the others each time.
#[derive(Debug, Clone, Default)]
pub struct ReportNotes {
    /// Every note's name in the folder.
    names: Vec<String>,
    /// What the rules that read several notes need of each.
    notes: Vec<NoteFile>,
}

impl ReportNotes {
    /// Read the notes of the folder `rel` (a note's path relative to the root) is in.
    pub fn of(nb: &Notebook, rel: &str) -> ReportNotes {
        let Some((report, _)) = path_parts(rel) else {
            return ReportNotes::default();
        };
        let (dated, _) = inventory::report_notes(nb, report);
        ReportNotes {
            names: dated.iter().map(|(_, n)| n.rel.clone()).collect(),
            notes: dated
                .iter()
                .filter_map(|(_, p)| load_file(nb, p).ok().map(super::engine::for_ledger))
                .collect(),
        }
    }
}

/// The notes under `dir`, by the inventory's rules.
fn walk(nb: &Notebook, dir: &Path, into: &mut Vec<Input>) {
    let inv = inventory::scan_dir(nb, dir, usize::MAX);
    into.extend(inv.notes.into_iter().map(Input::Disk));
    into.extend(inv.skipped.into_iter().map(Input::Skipped));
}

/// Lint every note of the notebook; `ledger_of` links their actions for the rules that read
/// several notes.
pub fn lint_notebook(nb: &Notebook, today: Date, ledger_of: LedgerOf) -> Result<Report> {
    let mut inputs = Vec::new();
    walk(nb, &nb.notes_dir(), &mut inputs);
    let names: Vec<String> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Disk(n) => Some(n.rel.clone()),
            _ => None,
        })
        .collect();
    check_inputs(
        nb,
        today,
        inputs,
        &names,
        Others::Paths(Vec::new()),
        ledger_of,
    )
}

/// Lint the given files and directories (every `.md`/`.markdown` file below a directory).
/// Findings that read several notes are reported on these files only, from every note of
/// their reports' folders.
pub fn lint_paths(
    nb: &Notebook,
    cwd: &Path,
    paths: &[PathBuf],
    today: Date,
    ledger_of: LedgerOf,
) -> Result<Report> {
    if paths.is_empty() {
        return lint_notebook(nb, today, ledger_of);
    }
    let mut inputs = Vec::new();
    let notes_dir = crate::notebook::normalize(&nb.notes_dir());
    for p in paths {
        let p = crate::notebook::normalize(&cwd.join(p));
        let meta = std::fs::symlink_metadata(&p).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::usage_of(
                    ErrorKind::NotFound,
                    format!("{}: no such file or directory", p.display()),
                    Some(
                        "give note files or folders, or no path to lint the whole notebook".into(),
                    ),
                )
            } else {
                Error::io(&p, e)
            }
        })?;
        if meta.is_dir() {
            // The notebook's root (or a folder above `notes/`) means its notes, not its
            // digests, README or templates.
            walk(
                nb,
                if notes_dir.starts_with(&p) {
                    &notes_dir
                } else {
                    &p
                },
                &mut inputs,
            );
        } else {
            // A file named explicitly is checked whatever its extension; a symlink, a FIFO
            // or a device is reported and never opened.
            match inventory::classify(nb, &p).map_err(|e| Error::io(&p, e))? {
                Ok(n) => inputs.push(Input::Disk(n)),
                Err(s) => inputs.push(Input::Skipped(s)),
            }
        }
    }
    // A file named twice, or a file and its folder, is checked once.
    let mut seen = HashSet::new();
    inputs.retain(|i| match i {
        Input::Disk(NotePath { path: p, .. }) | Input::Skipped(Skipped { path: p, .. }) => {
            seen.insert(p.clone())
        }
        Input::Staged { .. } | Input::Unclear { .. } => true,
    });
    let (names, others) = siblings(nb, &inputs);
    check_inputs(nb, today, inputs, &names, Others::Paths(others), ledger_of)
}

/// A staged note as git hands it over, read in clear where a filter applies.
#[derive(Debug)]
pub enum StagedNote {
    /// A staged symlink named like a note: skipped, never followed.
    Link {
        /// Path relative to the root, `/`-separated.
        rel: String,
        /// Where it is in the work tree.
        path: PathBuf,
    },
    /// The staged version's bytes, in clear.
    Clear {
        /// Path relative to the root, `/`-separated.
        rel: String,
        /// The note's text as staged.
        bytes: Vec<u8>,
    },
    /// A staged version a filter keeps from being read in clear: reported, never read raw.
    Unclear {
        /// Path relative to the root, `/`-separated.
        rel: String,
        /// Why it cannot be read in clear.
        why: String,
    },
}

/// Lint the versions of notes staged in git's index, as the git adapter read them. For the
/// rules that read several notes, a staged version stands for its note in the work tree, and
/// the other notes of its report are read from the work tree.
pub fn lint_staged(
    nb: &Notebook,
    staged: Vec<StagedNote>,
    today: Date,
    ledger_of: LedgerOf,
) -> Result<Report> {
    let inputs: Vec<Input> = staged
        .into_iter()
        .map(|s| match s {
            StagedNote::Link { rel, path } => Input::Skipped(Skipped {
                rel,
                lossy: false,
                path,
                kind: SkipKind::Symlink,
            }),
            StagedNote::Clear { rel, bytes } => Input::Staged { rel, bytes },
            StagedNote::Unclear { rel, why } => Input::Unclear { rel, why },
        })
        .collect();
    let (mut names, others) = siblings(nb, &inputs);
    names.extend(inputs.iter().filter_map(|i| match i {
        Input::Staged { rel, .. } | Input::Unclear { rel, .. } => Some(rel.clone()),
        _ => None,
    }));
    check_inputs(nb, today, inputs, &names, Others::Paths(others), ledger_of)
}

/// Lint one note's text in place of its file on disk (an editor's unsaved buffer), as
/// `cascade lint` would if the file held `bytes`: the same rules, settings and findings, the
/// other notes of its report taken from `report` (read from disk by [`ReportNotes::of`]).
pub fn lint_text(
    nb: &Notebook,
    rel: &str,
    bytes: Vec<u8>,
    report: &ReportNotes,
    today: Date,
    ledger_of: LedgerOf,
) -> Result<Report> {
    let mut names = report.names.clone();
    if !names.iter().any(|n| n == rel) {
        names.push(rel.to_owned());
    }
    let input = Input::Staged {
        rel: rel.to_owned(),
        bytes,
    };
    check_inputs(
        nb,
        today,
        vec![input],
        &names,
        Others::Read(&report.notes, rel),
        ledger_of,
    )
}

/// The notes beside the inputs, `notes/<report>/*`, for the reports the inputs belong to:
/// enough to tell which input is its report's latest note and to follow its actions across
/// the report's notes without walking the notebook, so linting one note stays fast in a
/// notebook of 100,000. Returns every name, and the notes that are not inputs themselves.
fn siblings(nb: &Notebook, inputs: &[Input]) -> (Vec<String>, Vec<NotePath>) {
    let mut reports = std::collections::BTreeSet::new();
    for i in inputs {
        let rel = match i {
            Input::Disk(n) => n.rel.clone(),
            Input::Staged { rel, .. } | Input::Unclear { rel, .. } => rel.clone(),
            _ => continue,
        };
        if let Some((report, _)) = path_parts(&rel) {
            reports.insert(report.to_owned());
        }
    }
    // A staged version that cannot be read in clear is read from the work tree, if it can be.
    let given: HashSet<&str> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Disk(n) => Some(n.rel.as_str()),
            Input::Staged { rel, .. } => Some(rel.as_str()),
            Input::Unclear { .. } | Input::Skipped(_) => None,
        })
        .collect();
    let mut names = Vec::new();
    let mut others = Vec::new();
    for report in reports {
        let (dated, _) = inventory::report_notes(nb, &report);
        for (_, n) in dated {
            names.push(n.rel.clone());
            if !given.contains(n.rel.as_str()) {
                others.push(n);
            }
        }
    }
    (names, others)
}
