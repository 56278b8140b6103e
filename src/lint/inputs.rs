//! What to lint: the notebook's notes, the paths given, or the versions staged in git's
//! index, gathered by the inventory's rules before anything is read.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::engine::{Done, Emit, check_inputs, check_inputs_to};
use super::{Diagnostic, Held, LedgerOf, Report, Severity, path_parts, rules};
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
    /// A path the inventory skipped (a symlink, a FIFO, a folder it could not read): rare, so
    /// boxed, keeping the list of a hundred thousand inputs small.
    Skipped(Box<Skipped>),
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
                .filter_map(|(_, p)| load_file(nb, p).ok().map(super::check::for_ledger))
                .collect(),
        }
    }
}

/// The notes under `dir`, by the inventory's rules.
fn walk(nb: &Notebook, dir: &Path, into: &mut Vec<Input>) {
    let inv = inventory::scan_sorted(nb, dir);
    into.extend(inv.notes.into_iter().map(Input::Disk));
    into.extend(inv.skipped.into_iter().map(|s| Input::Skipped(Box::new(s))));
}

/// What one lint run checks: its inputs, every note name its reports hold (to tell each
/// report's latest note), and the other notes of their reports (for the rules that read
/// several notes).
pub struct Plan {
    inputs: Vec<Input>,
    names: Vec<String>,
    others: Vec<NotePath>,
}

impl Plan {
    /// How many files the run reads (a symlink that is not followed is not one).
    pub fn files_checked(&self) -> usize {
        self.inputs
            .iter()
            .filter(|i| !matches!(i, Input::Skipped(_)))
            .count()
    }

    /// Check the plan's inputs and collect their findings, sorted.
    pub fn check(self, nb: &Notebook, today: Date, ledger_of: LedgerOf) -> Result<Report> {
        check_inputs(
            nb,
            today,
            self.inputs,
            self.names,
            Others::Paths(self.others),
            ledger_of,
        )
    }

    /// Check the plan's inputs, handing `emit` their findings in sorted order as they are
    /// known, so that memory does not grow with the number of findings. What `older` leaves
    /// out is counted in it as each note is checked and never made (`emit` filters with it).
    pub fn check_to(
        self,
        nb: &Notebook,
        today: Date,
        ledger_of: LedgerOf,
        older: Option<&OlderNotes>,
        emit: Emit,
    ) -> Result<Done> {
        check_inputs_to(
            nb,
            today,
            self.inputs,
            self.names,
            Others::Paths(self.others),
            ledger_of,
            (older, emit),
        )
    }
}

/// Every note of the notebook.
pub fn plan_notebook(nb: &Notebook) -> Plan {
    let mut inputs = Vec::new();
    walk(nb, &nb.notes_dir(), &mut inputs);
    let names: Vec<String> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Disk(n) => Some(n.rel.clone()),
            _ => None,
        })
        .collect();
    Plan {
        inputs,
        names,
        others: Vec::new(),
    }
}

/// Lint every note of the notebook; `ledger_of` links their actions for the rules that read
/// several notes.
pub fn lint_notebook(nb: &Notebook, today: Date, ledger_of: LedgerOf) -> Result<Report> {
    plan_notebook(nb).check(nb, today, ledger_of)
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
    plan_paths(nb, cwd, paths)?.check(nb, today, ledger_of)
}

/// The given files and directories (every note below a directory); none: the notebook.
pub fn plan_paths(nb: &Notebook, cwd: &Path, paths: &[PathBuf]) -> Result<Plan> {
    if paths.is_empty() {
        return Ok(plan_notebook(nb));
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
                Err(s) => inputs.push(Input::Skipped(Box::new(s))),
            }
        }
    }
    // A file named twice, or a file and its folder, is checked once.
    let mut seen = HashSet::new();
    inputs.retain(|i| match i {
        Input::Disk(NotePath { path: p, .. }) => seen.insert(p.clone()),
        Input::Skipped(s) => seen.insert(s.path.clone()),
        Input::Staged { .. } | Input::Unclear { .. } => true,
    });
    let (names, others) = siblings(nb, &inputs);
    Ok(Plan {
        inputs,
        names,
        others,
    })
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
    plan_staged(nb, staged).check(nb, today, ledger_of)
}

/// The versions of notes staged in git's index.
pub fn plan_staged(nb: &Notebook, staged: Vec<StagedNote>) -> Plan {
    let inputs: Vec<Input> = staged
        .into_iter()
        .map(|s| match s {
            StagedNote::Link { rel, path } => Input::Skipped(Box::new(Skipped {
                rel,
                lossy: false,
                path,
                kind: SkipKind::Symlink,
            })),
            StagedNote::Clear { rel, bytes } => Input::Staged { rel, bytes },
            StagedNote::Unclear { rel, why } => Input::Unclear { rel, why },
        })
        .collect();
    let (mut names, others) = siblings(nb, &inputs);
    names.extend(inputs.iter().filter_map(|i| match i {
        Input::Staged { rel, .. } | Input::Unclear { rel, .. } => Some(rel.clone()),
        _ => None,
    }));
    Plan {
        inputs,
        names,
        others,
    }
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
        names,
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

/// Leave out the warnings and infos on a report's older notes, counting them in
/// `report.not_shown`. A past meeting's note is history: its warnings would repeat on every run
/// and could only be silenced by rewriting it. A note's own rules are reported on the report's
/// latest note held by `today` (and on agendas after it); the rules that follow actions across
/// notes also on the note before it, the one the latest note carried from (an action dropped
/// from the new note shows there, once). Kept everywhere: every error; every finding on a file
/// in `named` (the user asked about it); those about the file itself (`file/*`); anything not
/// at `notes/<report>/<date>`.
///
/// One finding at a time ([`OlderNotes::shows`]), so that findings written as they come are
/// filtered as a whole report is ([`OlderNotes::quiet`]).
pub struct OlderNotes<'a> {
    nb: &'a Notebook,
    today: Date,
    named: HashSet<String>,
    /// Per report folder: its latest note held by today, and the held note before it. Filled
    /// as folders are asked about, from the threads that check notes too.
    held: std::sync::Mutex<rustc_hash::FxHashMap<String, Held>>,
    /// Findings left out as notes were checked ([`OlderNotes::left_out`]).
    left_out: std::sync::atomic::AtomicUsize,
}

/// Whether a finding is shown on every note, older ones too: an error, or one about the file
/// itself (`file/*` speaks of a symlink in `notes/`, say, not of the meeting).
pub(crate) fn always_shown(severity: Severity, rule: &str) -> bool {
    severity == Severity::Error || rule.starts_with("file/")
}

/// Which warnings and infos on one note are left out ([`OlderNotes::quiet_on`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Quiet {
    /// Those of the note's own rules.
    pub own: bool,
    /// Those of the rules that follow actions across notes.
    pub across: bool,
}

impl<'a> OlderNotes<'a> {
    /// The filter for a run on `nb` as of `today`; `named`: files the user named (shown whole).
    pub fn new(nb: &'a Notebook, today: Date, named: HashSet<String>) -> OlderNotes<'a> {
        OlderNotes {
            nb,
            today,
            named,
            held: std::sync::Mutex::default(),
            left_out: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Take the dates of report folders already known ([`super::held_by_folder`] of the
    /// run's notes): those folders are not listed when asked about.
    pub(crate) fn know(&self, held: &rustc_hash::FxHashMap<String, Held>) {
        self.lock()
            .extend(held.iter().map(|(f, h)| (f.clone(), *h)));
    }

    /// Leave out of `report` what is not shown, counting it.
    pub fn quiet(&self, report: &mut Report) {
        let before = report.diagnostics.len();
        report.diagnostics.retain(|d| self.shows(d));
        report.not_shown += before - report.diagnostics.len();
    }

    /// Whether `d` is shown.
    pub fn shows(&self, d: &Diagnostic) -> bool {
        self.shows_at(d.severity, d.rule, &d.path)
    }

    /// Whether a finding of `rule` at `severity` on `path` is shown.
    pub fn shows_at(&self, severity: Severity, rule: &str, path: &str) -> bool {
        if always_shown(severity, rule) {
            return true;
        }
        let quiet = self.quiet_on(path);
        !if rules::ACROSS.iter().any(|r| r.id == rule) {
            quiet.across
        } else {
            quiet.own
        }
    }

    /// Which warnings and infos on `path` are left out, but for those about the file itself
    /// (`file/*`): errors are always shown. Asked once per note by the threads that check
    /// notes, so that what is left out is counted there and never made.
    pub fn quiet_on(&self, path: &str) -> Quiet {
        if self.named.contains(path) {
            return Quiet::default();
        }
        let Some((folder, date)) = path_parts(path) else {
            return Quiet::default();
        };
        let (latest, previous) = self.held_in(folder);
        Quiet {
            own: latest.is_some_and(|l| date < l),
            across: previous.or(latest).is_some_and(|l| date < l),
        }
    }

    /// Count `n` findings left out where a note was checked (they were never made).
    pub fn left_out(&self, n: usize) {
        self.left_out
            .fetch_add(n, std::sync::atomic::Ordering::Relaxed);
    }

    /// The findings counted by [`OlderNotes::left_out`] since last asked.
    pub fn take_left_out(&self) -> usize {
        self.left_out.swap(0, std::sync::atomic::Ordering::Relaxed)
    }

    /// The latest note of `folder` held by today and the held note before it: listed the
    /// first time the folder is asked about.
    fn held_in(&self, folder: &str) -> Held {
        if let Some(&h) = self.lock().get(folder) {
            return h;
        }
        // Listed without the lock: two threads may list one folder at once, to the same end.
        let (dated, _) = inventory::report_notes(self.nb, folder);
        let h = super::held_by_folder(dated.iter().map(|(_, n)| n.rel.as_str()), self.today)
            .remove(folder)
            .unwrap_or_default();
        self.lock().insert(folder.to_owned(), h);
        h
    }

    /// The folders' dates known so far. A poisoned lock only means another thread panicked
    /// while listing: the map it left holds whole entries.
    fn lock(&self) -> std::sync::MutexGuard<'_, rustc_hash::FxHashMap<String, Held>> {
        self.held
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
