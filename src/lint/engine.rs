//! Checking the inputs: in parallel, a chunk at a time ([`super::check`] checks each file),
//! findings written in sorted order as soon as every note before them and their report's
//! notes are read.

use std::collections::HashMap;

use jiff::civil::Date;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::check::{Checked, check_input, for_ledger};
use super::inputs::{Input, OlderNotes, Others};
use super::{Across, Cx, Diagnostic, LedgerOf, Linted, Report, Settings, Severity, rules};
use crate::error::Result;
use crate::notebook::Notebook;
use crate::notebook::inventory::NotePath;
use crate::notebook::load::{self, Loaded, NoteFile};

/// Where findings go as soon as their place in the sorted output is known.
pub type Emit<'a> = &'a mut dyn Out;

/// What takes the findings: it writes them, and may leave some out (an older note's).
pub trait Out {
    /// Take findings, in output order.
    fn write(&mut self, d: &[Diagnostic]) -> Result<()>;

    /// Whether a finding of `rule` at `severity` on `path` would be shown. One that would
    /// not is counted as left out and never made: the rules that read several notes ask
    /// first, since most of what they find in a large notebook is on older notes.
    fn shows(&mut self, _severity: Severity, _rule: &str, _path: &str) -> bool {
        true
    }
}

impl<F: FnMut(&[Diagnostic]) -> Result<()>> Out for F {
    fn write(&mut self, d: &[Diagnostic]) -> Result<()> {
        self(d)
    }
}

/// How many inputs are checked in parallel before their findings can be written: enough to
/// keep every core busy and to link the actions of many reports in one ledger (which reads
/// history only where copies disagree), few enough that memory stays flat. On 100,000 notes
/// (`lint --all --format json`, peak RSS, one notebook path) 2,048 took 74–80 MiB and 512 took
/// 64 MiB (docs/performance.md has the runs). Two chunks are in flight (one checked while the
/// one before is written), so a chunk is half what one alone was.
const CHUNK: usize = 256;

/// [`CHUNK`]; a debug build takes another from `CASCADE_DEBUG_LINT_CHUNK`, so that tests
/// can cut a small notebook into many chunks and compare.
fn chunk_size() -> usize {
    #[cfg(debug_assertions)]
    if let Some(n) = std::env::var("CASCADE_DEBUG_LINT_CHUNK")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
    {
        return n.max(1);
    }
    CHUNK
}

/// How much the process may hold (its resident set, [`crate::memcap::held`]) before lint
/// asks the allocator to give free memory back between chunks. Giving back costs time (the
/// next chunk faults its pages in again: on 100,000 notes, every chunk, 2.5 s of system time
/// more); held under this, nothing is asked (docs/performance.md).
const GIVE_BACK_OVER: usize = 48 << 20;

/// What a run checked, besides the findings it emitted.
#[derive(Debug, Clone, Copy, Default)]
pub struct Done {
    /// Files read (symlinks that were not followed are not counted).
    pub files_checked: usize,
    /// True when checking a file panicked (a bug in cascade): exit 3.
    pub internal: bool,
}

/// Check the inputs and collect their findings, sorted; then, from the inputs and `others`
/// (the rest of their reports' notes), the findings that read several notes.
pub(super) fn check_inputs(
    nb: &Notebook,
    today: Date,
    inputs: Vec<Input>,
    all_notes: Vec<String>,
    others: Others,
    ledger_of: LedgerOf,
) -> Result<Report> {
    let mut diagnostics = Vec::new();
    let done = check_inputs_to(
        nb,
        today,
        inputs,
        all_notes,
        others,
        ledger_of,
        (None, &mut |d: &[Diagnostic]| {
            diagnostics.extend_from_slice(d);
            Ok(())
        }),
    )?;
    Ok(Report {
        files_checked: done.files_checked,
        diagnostics,
        internal: done.internal,
        not_shown: 0,
    })
}

/// The group an input is linked in for the rules that read several notes: its report's
/// folder (an alias folder with the person it names), or the file alone outside one.
fn group_of(nb: &Notebook, rel: &str) -> String {
    match folder_of(rel) {
        Some(folder) => format!("/{}", nb.canonical(folder)),
        None => rel.to_owned(),
    }
}

/// The report folder of `notes/<folder>/…`, if `rel` is in one.
fn folder_of(rel: &str) -> Option<&str> {
    rel.strip_prefix(crate::notebook::NOTES_DIR)
        .and_then(|r| r.strip_prefix('/'))
        .and_then(|r| r.split_once('/'))
        .map(|(folder, _)| folder)
}

fn rel_of(i: &Input) -> &str {
    match i {
        Input::Disk(n) => &n.rel,
        Input::Staged { rel, .. } | Input::Unclear { rel, .. } => rel,
        Input::Skipped(s) => &s.rel,
    }
}

/// One checked input waiting for its place in the output.
struct Held {
    group: usize,
    rel: String,
    diagnostics: Vec<Diagnostic>,
}

/// The groups of the inputs (see [`group_of`]), by first appearance in sorted order.
struct Groups {
    /// Group key to id.
    ids: HashMap<String, usize>,
    /// Each input's group.
    member: Vec<usize>,
    /// Each group's last input.
    last: Vec<usize>,
}

impl Groups {
    fn of<'a>(nb: &Notebook, rels: impl ExactSizeIterator<Item = &'a str>) -> Groups {
        let mut g = Groups {
            ids: HashMap::new(),
            member: Vec::with_capacity(rels.len()),
            last: Vec::new(),
        };
        // Sorted, a report folder's inputs follow each other: its group is found once per run
        // of them.
        let mut run: Option<(&str, usize)> = None;
        for (i, rel) in rels.enumerate() {
            let folder = folder_of(rel);
            let id = match (run, folder) {
                (Some((f, id)), Some(folder)) if f == folder => id,
                _ => {
                    let next = g.ids.len();
                    let id = *g.ids.entry(group_of(nb, rel)).or_insert(next);
                    run = folder.map(|f| (f, id));
                    id
                }
            };
            if id == g.last.len() {
                g.last.push(i);
            }
            g.last[id] = i;
            g.member.push(id);
        }
        g
    }
}

/// The paths of `others` by the group (of `ids`) they are linked in; a note of no input's
/// group is not needed.
fn by_group(
    nb: &Notebook,
    ids: &HashMap<String, usize>,
    others: Vec<NotePath>,
) -> HashMap<usize, Vec<NotePath>> {
    let mut of: HashMap<usize, Vec<NotePath>> = HashMap::new();
    for o in others {
        if let Some(&id) = ids.get(&group_of(nb, &o.rel)) {
            of.entry(id).or_default().push(o);
        }
    }
    of
}

/// Check the inputs in sorted path order, a chunk at a time in parallel, and hand `emit` each
/// input's findings (the findings that read several notes merged in) as soon as every input
/// before it is written and its report's notes are all linked: memory grows with a chunk of
/// notes, never with the number of findings. What `older` leaves out of older notes (`emit`
/// filters with it) is counted there as each note is checked, and never made.
pub(super) fn check_inputs_to(
    nb: &Notebook,
    today: Date,
    mut inputs: Vec<Input>,
    all_notes: Vec<String>,
    others: Others,
    ledger_of: LedgerOf,
    (older, emit): (Option<&OlderNotes>, Emit),
) -> Result<Done> {
    let settings = Settings::from_notebook(nb)?;
    let held = super::held_by_folder(all_notes.iter().map(String::as_str), today);
    // Only each report's latest dates are kept of them: a hundred thousand names are not.
    drop(all_notes);
    // The output's filter of older notes knows them too, where it would list the folders.
    if let Some(o) = older {
        o.know(&held);
    }
    let mut cx = Cx::new(nb, today, held);
    cx.keep = rules::ACROSS.iter().any(|r| settings.level(r).is_some());
    cx.older = older;
    cx.across_errors = rules::ACROSS
        .iter()
        .any(|r| settings.level(r) == Some(Severity::Error));
    let files_checked = inputs
        .iter()
        .filter(|i| !matches!(i, Input::Skipped(_)))
        .count();
    inputs.sort_by(|a, b| rel_of(a).cmp(rel_of(b)));
    let Groups {
        ids: group_ids,
        member,
        last,
    } = Groups::of(nb, inputs.iter().map(rel_of));
    // The other notes, by group: paths to read when the group is linked, or notes read
    // already (a language server's, for the one note it lints).
    let (others_of, read) = match others {
        Others::Paths(paths) => (by_group(nb, &group_ids, paths), None),
        Others::Read(notes, linting) => (HashMap::new(), Some((notes, linting))),
    };
    // The config's own findings go where their path sorts among the inputs'.
    let mut config = settings.config_diagnostics.clone();
    sort(&mut config);
    let mut out = Output {
        nb,
        today,
        settings: &settings,
        ledger_of,
        keep: cx.keep,
        member,
        finished: vec![false; last.len()],
        last,
        others_of,
        read,
        config: config.into(),
        held: std::collections::VecDeque::new(),
        kept: HashMap::new(),
        internal: false,
    };
    let size = chunk_size();
    // The pool checks chunk after chunk, in order, while this thread links and writes the
    // ones checked: one waits checked between them, so a report's linking (hundreds of notes
    // at once) does not leave the pool idle. In lockstep, each chunk waiting for the one
    // before to be written, the pool stood idle for a fifth of the run.
    let (send, checked) = std::sync::mpsc::sync_channel::<Vec<(String, Checked)>>(1);
    let (cx, settings) = (&cx, &settings);
    std::thread::scope(|s| {
        s.spawn(move || {
            let mut inputs = inputs.into_iter();
            loop {
                let chunk: Vec<Input> = inputs.by_ref().take(size).collect();
                // Nothing left, or this thread stopped writing (an error): stop checking.
                if chunk.is_empty() || send.send(check_chunk(cx, settings, chunk)).is_err() {
                    break;
                }
            }
        });
        // Moved here, so that an error below drops it and the checking thread stops.
        let checked = checked;
        let mut first = 0;
        for chunk in &checked {
            let n = chunk.len();
            out.absorb(first, chunk, emit)?;
            // What the chunk took is free now: give it back, or the peak depends on when
            // the allocator would have (see `memcap::give_back`).
            if crate::memcap::held() > GIVE_BACK_OVER {
                crate::memcap::give_back();
                rayon::broadcast(|_| crate::memcap::give_back());
            }
            first += n;
        }
        Ok::<(), crate::error::Error>(())
    })?;
    out.flush_config(None, emit)?;
    Ok(Done {
        files_checked,
        internal: out.internal,
    })
}

/// Check a chunk of inputs in parallel, in order.
fn check_chunk(cx: &Cx, settings: &Settings, chunk: Vec<Input>) -> Vec<(String, Checked)> {
    chunk
        .into_par_iter()
        .map(|input| (rel_of(&input).to_owned(), check_input(cx, settings, input)))
        .collect()
}

/// What stands between checked inputs and the output: their findings held until their
/// place comes, and what the rules that read several notes wait for.
struct Output<'a, 'o> {
    nb: &'a Notebook,
    today: Date,
    settings: &'a Settings,
    ledger_of: LedgerOf<'a>,
    keep: bool,
    /// Each input's group.
    member: Vec<usize>,
    /// Each group's last input.
    last: Vec<usize>,
    /// Groups whose notes are all linked.
    finished: Vec<bool>,
    /// The other notes to read, by group.
    others_of: HashMap<usize, Vec<NotePath>>,
    /// Notes read already, and the one being linted.
    read: Option<(&'o [NoteFile], &'o str)>,
    /// The config's own findings not written yet.
    config: std::collections::VecDeque<Diagnostic>,
    held: std::collections::VecDeque<Held>,
    kept: HashMap<usize, (Vec<NoteFile>, FxHashMap<String, Linted>)>,
    internal: bool,
}

impl Output<'_, '_> {
    /// Take in the checked inputs `first..`, link every group now complete, and write what
    /// can be written.
    fn absorb(&mut self, first: usize, checked: Vec<(String, Checked)>, emit: Emit) -> Result<()> {
        let end = first + checked.len() - 1;
        for (k, (rel, (d, panicked, keep))) in checked.into_iter().enumerate() {
            let group = self.member[first + k];
            self.internal |= panicked;
            if let Some((n, l)) = keep {
                let e = self.kept.entry(group).or_default();
                e.1.insert(n.rel.clone(), l);
                e.0.push(n);
            }
            self.held.push_back(Held {
                group,
                rel,
                diagnostics: d,
            });
        }
        // Every group whose last input is in: link their actions, in one ledger.
        let complete: Vec<usize> = (0..self.last.len())
            .filter(|&g| !self.finished[g] && self.last[g] <= end)
            .collect();
        if self.keep && !complete.is_empty() {
            let mut notes = Vec::new();
            let mut linted = FxHashMap::default();
            let mut more = Vec::new();
            for g in &complete {
                if let Some((n, l)) = self.kept.remove(g) {
                    notes.extend(n);
                    linted.extend(l);
                }
                more.extend(self.others_of.remove(g).unwrap_or_default());
            }
            let more = match self.read.take() {
                Some((notes, linting)) => Others::Read(notes, linting),
                None => Others::Paths(more),
            };
            let found = across(
                self.nb,
                (self.today, self.settings),
                notes,
                more,
                &linted,
                self.ledger_of,
                &mut *emit,
            )?;
            let mut by_path: FxHashMap<String, Vec<Diagnostic>> = FxHashMap::default();
            for d in found {
                by_path.entry(d.path.clone()).or_default().push(d);
            }
            for h in self.held.iter_mut() {
                if let Some(extra) = by_path.remove(&h.rel) {
                    h.diagnostics.extend(extra);
                }
            }
        }
        for g in complete {
            self.finished[g] = true;
        }
        while self.held.front().is_some_and(|h| self.finished[h.group]) {
            let Some(mut h) = self.held.pop_front() else {
                break;
            };
            sort(&mut h.diagnostics);
            self.flush_config(Some(&h.rel), emit)?;
            emit.write(&h.diagnostics)?;
        }
        Ok(())
    }

    /// Emit the config's findings that sort before `path` (all of them at the end).
    fn flush_config(&mut self, path: Option<&str>, emit: Emit) -> Result<()> {
        let mut ready = Vec::new();
        while let Some(d) = self.config.front() {
            if path.is_some_and(|p| d.path.as_str() >= p) {
                break;
            }
            ready.extend(self.config.pop_front());
        }
        if ready.is_empty() {
            return Ok(());
        }
        emit.write(&ready)
    }
}

/// Findings in output order: path, line, column, rule.
fn sort(d: &mut [Diagnostic]) {
    d.sort_by(|a, b| (&a.path, a.line, a.column, a.rule).cmp(&(&b.path, b.line, b.column, b.rule)));
}

/// The findings of the rules that read several notes: the ledger of the linted notes and
/// `others`, each note as held by today, reported on the linted notes only, and only those
/// `to` shows.
fn across(
    nb: &Notebook,
    (today, settings): (Date, &Settings),
    mut notes: Vec<NoteFile>,
    others: Others,
    linted: &FxHashMap<String, Linted>,
    ledger_of: LedgerOf,
    to: &mut dyn Out,
) -> Result<Vec<Diagnostic>> {
    match others {
        Others::Paths(others) => notes.par_extend(
            others
                .par_iter()
                .filter_map(|p| load::load_file(nb, p).ok().map(for_ledger)),
        ),
        Others::Read(others, linting) => {
            notes.extend(others.iter().filter(|n| n.rel != linting).cloned());
        }
    }
    let mut notes = Loaded {
        notes,
        ..Loaded::default()
    }
    .held_by(today)
    .notes;
    load::sort(&mut notes);
    let ledger = ledger_of(&notes)?;
    let mut out = Across {
        today,
        notes: &notes,
        linted,
        settings,
        to,
        out: Vec::new(),
    };
    rules::check_across(&ledger, &mut out);
    let found = out.out;
    // The notes were read on the pool's threads: freed there, most of their memory goes back
    // to the thread that took it, not across threads, and this thread writes on meanwhile.
    rayon::spawn(move || drop((notes, ledger)));
    Ok(found)
}
