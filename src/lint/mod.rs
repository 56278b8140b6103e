//! `cascade lint`: every note checked against the six steps of the method.
//!
//! Files are read and checked in parallel and only diagnostics are kept, so memory stays
//! flat however many notes there are. A file that cannot be read or decoded is a diagnostic
//! on that file; a panic while checking one file is caught and reported on that file, and
//! the others are still checked.

mod render;
pub mod rules;

use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};
use crate::note::Note;
use crate::notebook::inventory::{self, NotePath, SkipKind, Skipped};
use crate::notebook::{CONFIG_FILE, Notebook};

pub use crate::notebook::inventory::path_parts;
use crate::text::LineIndex;

pub use render::{Format, explain, render, render_human, rules_json, rules_markdown, rules_table};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Makes `cascade lint` exit 1.
    Error,
    /// Reported, exit code unchanged.
    Warning,
}

impl Severity {
    /// The word used in output and in `cascade.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A lint rule: stable id, default severity, and the text `cascade explain` prints.
#[derive(Debug)]
pub struct Rule {
    /// Stable id, `family/name`; never changes once released.
    pub id: &'static str,
    /// Severity unless `[lint.rules]` says otherwise.
    pub severity: Severity,
    /// One line for `cascade rules`.
    pub summary: &'static str,
    /// Why the rule exists, with a bad and a good example (Markdown).
    pub explanation: &'static str,
    /// A completion rule: skipped for notes dated after today (agendas).
    pub completion: bool,
    /// Its message or help may quote the note (a key, a name, a date as written): in a private
    /// note or part such a finding says only the rule's summary and line. False only for rules
    /// whose words are all cascade's own (a step or key it expected and did not find).
    pub quotes_note: bool,
}

/// One finding, located in a file as it is on disk.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// Rule id.
    pub rule: &'static str,
    /// Effective severity.
    pub severity: Severity,
    /// Path relative to the notebook root, `/`-separated.
    pub path: String,
    /// True when the path is not UTF-8 and was converted lossily.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub path_lossy: bool,
    /// 1-based line (BOM and CRLF counted as on disk).
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: Option<String>,
    /// The text of the line, for the snippet.
    #[serde(skip)]
    pub source_line: Option<String>,
}

/// The outcome of a lint run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Files read (symlinks that were not followed are not counted).
    pub files_checked: usize,
    /// Findings sorted by path, line, column, rule.
    pub diagnostics: Vec<Diagnostic>,
    /// True when checking a file panicked (a bug in cascade): exit 3.
    pub internal: bool,
}

impl Report {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == s).count()
    }

    /// The exit code: 3 after an internal error, 1 with errors, else 0.
    pub fn exit_code(&self) -> u8 {
        if self.internal {
            crate::error::EXIT_INTERNAL
        } else if self.errors() > 0 {
            crate::error::EXIT_FINDINGS
        } else {
            crate::error::EXIT_OK
        }
    }
}

/// Effective severities: defaults overridden by `[lint.rules]`.
#[derive(Debug, Clone)]
pub struct Settings {
    levels: HashMap<&'static str, Option<Severity>>,
    max_file_bytes: u64,
    /// Diagnostics about the settings themselves (unknown rule ids in `cascade.toml`).
    config_diagnostics: Vec<Diagnostic>,
}

impl Settings {
    /// Read `[lint]` of the notebook's config; a bad severity is a config error.
    pub fn from_notebook(nb: &Notebook) -> Result<Settings> {
        let mut levels: HashMap<&'static str, Option<Severity>> =
            rules::all().map(|r| (r.id, Some(r.severity))).collect();
        let text = &nb.config_text;
        let index = LineIndex::new(text);
        let mut config_diagnostics = Vec::new();
        for (id, value) in &nb.config.lint.rules {
            let span = value.span();
            let (line, column) = index.position(text, span.start.min(text.len()));
            let level = match value.get_ref().as_str() {
                "error" => Some(Severity::Error),
                "warning" | "warn" => Some(Severity::Warning),
                "off" => None,
                other => {
                    return Err(Error::input_at(
                        format!(
                            "invalid {CONFIG_FILE}: `lint.rules.\"{id}\"` is `{other}`; expected `error`, `warning` or `off`"
                        ),
                        crate::error::Location {
                            path: CONFIG_FILE.into(),
                            line,
                            column,
                            source_line: Some(index.line_text(text, line).to_owned()),
                        },
                        Some(format!("e.g. `\"{id}\" = \"warning\"`")),
                    ));
                }
            };
            match rules::find(id) {
                Some(rule) if rule.id == rules::file::INTERNAL.id => {}
                Some(rule) => {
                    levels.insert(rule.id, level);
                }
                None => {
                    // The key's line: the value's line is the same for `"id" = "off"`.
                    config_diagnostics.push(Diagnostic {
                        rule: rules::note::UNKNOWN_RULE.id,
                        severity: Severity::Warning,
                        path: CONFIG_FILE.into(),
                        path_lossy: false,
                        line,
                        column: 1,
                        message: format!("`[lint.rules]` names an unknown rule `{id}`"),
                        help: Some(unknown_rule_help(id)),
                        source_line: Some(index.line_text(text, line).to_owned()),
                    });
                }
            }
        }
        if let Some(level) = levels.get(rules::note::UNKNOWN_RULE.id).copied() {
            config_diagnostics.retain_mut(|d| match level {
                Some(s) => {
                    d.severity = s;
                    true
                }
                None => false,
            });
        }
        Ok(Settings {
            levels,
            max_file_bytes: nb.max_note_bytes(),
            config_diagnostics,
        })
    }

    /// The effective severity of a rule, `None` when it is off.
    pub fn level(&self, rule: &Rule) -> Option<Severity> {
        self.levels
            .get(rule.id)
            .copied()
            .unwrap_or(Some(rule.severity))
    }
}

/// The help line for an unknown rule id: the closest known id, or where to list them.
pub fn unknown_rule_help(id: &str) -> String {
    match crate::notebook::closest(id, rules::all().map(|r| r.id)) {
        Some(c) => format!("did you mean `{c}`? (`cascade rules` lists them all)"),
        None => "`cascade rules` lists the rule ids".into(),
    }
}

/// What the rules may know beyond the note itself.
pub struct Cx<'a> {
    /// The notebook.
    pub nb: &'a Notebook,
    /// `--today`.
    pub today: Date,
    /// Per report folder, the date of its latest note held on or before today.
    pub latest: HashMap<String, Date>,
    /// Handles of people, their aliases and `me`.
    pub known: HashSet<String>,
}

impl<'a> Cx<'a> {
    fn new(nb: &'a Notebook, today: Date, all_notes: &[String]) -> Cx<'a> {
        let mut latest: HashMap<String, Date> = HashMap::new();
        for rel in all_notes {
            if let Some((report, date)) = path_parts(rel)
                && date <= today
            {
                let e = latest.entry(report.to_owned()).or_insert(date);
                if date > *e {
                    *e = date;
                }
            }
        }
        let mut known: HashSet<String> = HashSet::new();
        known.insert(nb.config.me.clone());
        for (h, p) in &nb.config.people {
            known.insert(h.clone());
            known.extend(p.aliases.iter().cloned());
        }
        Cx {
            nb,
            today,
            latest,
            known,
        }
    }
}

/// Where the findings of one file go; rules call [`Sink::emit`].
pub struct Sink<'a> {
    /// Notebook-level context.
    pub cx: &'a Cx<'a>,
    /// The file's path relative to the root.
    pub rel: &'a str,
    /// The note is dated after today: completion rules are skipped.
    pub agenda: bool,
    /// The note is its report's latest held meeting (by file name).
    pub latest: bool,
    settings: &'a Settings,
    disabled: Vec<String>,
    out: Vec<Diagnostic>,
}

impl Sink<'_> {
    /// Report a finding of `rule`, unless it is off, disabled in the note or not applicable.
    pub fn emit(
        &mut self,
        rule: &'static Rule,
        line: usize,
        column: usize,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        if rule.completion && self.agenda {
            return;
        }
        if self.disabled.iter().any(|d| d == rule.id) {
            return;
        }
        let Some(severity) = self.settings.level(rule) else {
            return;
        };
        self.out.push(Diagnostic {
            rule: rule.id,
            severity,
            path: self.rel.to_owned(),
            path_lossy: false,
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
            help,
            source_line: None,
        });
    }
}

/// A file to check.
#[derive(Debug)]
enum Input {
    /// A file on disk.
    Disk(NotePath),
    /// A version staged in git's index.
    Staged { rel: String, bytes: Vec<u8> },
    /// A staged version that a filter keeps from being read in clear: reported, never read raw.
    Unclear { rel: String, why: String },
    /// A path the inventory skipped (a symlink, a FIFO, a folder it could not read).
    Skipped(Skipped),
}

/// The notes under `dir`, by the inventory's rules.
fn walk(nb: &Notebook, dir: &Path, into: &mut Vec<Input>) {
    let inv = inventory::scan_dir(nb, dir, usize::MAX);
    into.extend(inv.notes.into_iter().map(Input::Disk));
    into.extend(inv.skipped.into_iter().map(Input::Skipped));
}

/// Lint every note of the notebook.
pub fn lint_notebook(nb: &Notebook, today: Date) -> Result<Report> {
    let mut inputs = Vec::new();
    walk(nb, &nb.notes_dir(), &mut inputs);
    let names: Vec<String> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Disk(n) => Some(n.rel.clone()),
            _ => None,
        })
        .collect();
    check_inputs(nb, today, inputs, &names)
}

/// Lint the given files and directories (every `.md`/`.markdown` file below a directory).
pub fn lint_paths(nb: &Notebook, cwd: &Path, paths: &[PathBuf], today: Date) -> Result<Report> {
    if paths.is_empty() {
        return lint_notebook(nb, today);
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
    let names = sibling_names(nb, &inputs);
    check_inputs(nb, today, inputs, &names)
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

/// Lint the versions of notes staged in git's index, as the git adapter read them.
pub fn lint_staged(nb: &Notebook, staged: Vec<StagedNote>, today: Date) -> Result<Report> {
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
    let mut names = sibling_names(nb, &inputs);
    names.extend(inputs.iter().filter_map(|i| match i {
        Input::Staged { rel, .. } | Input::Unclear { rel, .. } => Some(rel.clone()),
        _ => None,
    }));
    check_inputs(nb, today, inputs, &names)
}

/// The notes beside the inputs, `notes/<report>/*`, for the reports the inputs belong to:
/// enough to tell which input is its report's latest note without walking the notebook, so
/// linting one note stays fast in a notebook of 100,000.
fn sibling_names(nb: &Notebook, inputs: &[Input]) -> Vec<String> {
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
    let mut names = Vec::new();
    for report in reports {
        let (dated, _) = inventory::report_notes(nb, &report);
        names.extend(dated.into_iter().map(|(_, n)| n.rel));
    }
    names
}

fn check_inputs(
    nb: &Notebook,
    today: Date,
    inputs: Vec<Input>,
    all_notes: &[String],
) -> Result<Report> {
    let settings = Settings::from_notebook(nb)?;
    let cx = Cx::new(nb, today, all_notes);
    let files_checked = inputs
        .iter()
        .filter(|i| {
            matches!(
                i,
                Input::Disk(_) | Input::Staged { .. } | Input::Unclear { .. }
            )
        })
        .count();
    let per_file: Vec<(Vec<Diagnostic>, bool)> = inputs
        .into_par_iter()
        .map(|input| check_input(&cx, &settings, input))
        .collect();
    let mut diagnostics = settings.config_diagnostics.clone();
    let mut internal = false;
    for (d, panicked) in per_file {
        diagnostics.extend(d);
        internal |= panicked;
    }
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.rule).cmp(&(&b.path, b.line, b.column, b.rule))
    });
    Ok(Report {
        files_checked,
        diagnostics,
        internal,
    })
}

/// A diagnostic on a whole file, outside the note's own rules.
fn file_diagnostic(
    settings: &Settings,
    rule: &'static Rule,
    rel: &str,
    lossy: bool,
    (line, column): (usize, usize),
    message: String,
    help: Option<String>,
) -> Vec<Diagnostic> {
    let Some(severity) = settings.level(rule) else {
        return Vec::new();
    };
    vec![Diagnostic {
        rule: rule.id,
        severity,
        path: rel.to_owned(),
        path_lossy: lossy,
        line,
        column,
        message,
        help,
        source_line: None,
    }]
}

fn check_input(cx: &Cx, settings: &Settings, input: Input) -> (Vec<Diagnostic>, bool) {
    match input {
        Input::Skipped(s) => (
            skipped(settings, &s.rel, s.lossy, &s.kind, s.path.is_dir()),
            false,
        ),
        Input::Disk(n) => match n.read(settings.max_file_bytes) {
            Ok(bytes) => check_bytes(cx, settings, &n.rel, n.lossy, &bytes),
            Err(kind) => (skipped(settings, &n.rel, n.lossy, &kind, false), false),
        },
        Input::Unclear { rel, why } => (
            file_diagnostic(
                settings,
                &rules::file::UNREADABLE,
                &rel,
                false,
                (1, 1),
                format!("cannot read the staged version in clear: {why}; it was not checked"),
                Some("configure the filter (unlock the repository: `git-crypt unlock`, `transcrypt`…) and `git add` the note again".into()),
            ),
            false,
        ),
        Input::Staged { rel, bytes } => {
            if bytes.len() as u64 > settings.max_file_bytes {
                let kind = SkipKind::TooLarge(bytes.len() as u64, settings.max_file_bytes);
                return (skipped(settings, &rel, false, &kind, false), false);
            }
            check_bytes(cx, settings, &rel, false, &bytes)
        }
    }
}

/// The finding on a path that was not read, in the inventory's words.
fn skipped(
    settings: &Settings,
    rel: &str,
    lossy: bool,
    kind: &SkipKind,
    folder: bool,
) -> Vec<Diagnostic> {
    use rules::file;
    let rule = match kind {
        SkipKind::Symlink => &file::SYMLINK,
        SkipKind::TooLarge(..) => &file::TOO_LARGE,
        SkipKind::NotAFile(_) | SkipKind::Unreadable(_) => &file::UNREADABLE,
    };
    file_diagnostic(
        settings,
        rule,
        rel,
        lossy,
        (1, 1),
        kind.message(),
        Some(kind.help(folder)),
    )
}

/// Check one file's bytes; a panic is caught and becomes an internal error on that file.
fn check_bytes(
    cx: &Cx,
    settings: &Settings,
    rel: &str,
    lossy: bool,
    bytes: &[u8],
) -> (Vec<Diagnostic>, bool) {
    let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
        #[cfg(debug_assertions)]
        if std::env::var("CASCADE_DEBUG_PANIC_ON").is_ok_and(|s| !s.is_empty() && rel.contains(&s))
        {
            panic!("CASCADE_DEBUG_PANIC_ON matched {rel}");
        }
        check_text(cx, settings, rel, bytes)
    }));
    match run {
        Ok(mut d) => {
            for x in &mut d {
                x.path_lossy = lossy;
            }
            (d, false)
        }
        Err(_) => (
            vec![Diagnostic {
                rule: rules::file::INTERNAL.id,
                severity: Severity::Error,
                path: rel.to_owned(),
                path_lossy: lossy,
                line: 1,
                column: 1,
                message: "internal error while checking this file (a bug in cascade)".into(),
                help: Some(
                    "please report it with this file if you can share it; the other files were checked"
                        .into(),
                ),
                source_line: None,
            }],
            true,
        ),
    }
}

fn check_text(cx: &Cx, settings: &Settings, rel: &str, bytes: &[u8]) -> Vec<Diagnostic> {
    let text = match crate::text::decode(bytes) {
        Ok(t) => t,
        Err(e) => {
            let mut d = file_diagnostic(
                settings,
                &rules::file::ENCODING,
                rel,
                false,
                (e.line, e.column),
                e.message,
                Some(e.help),
            );
            // No snippet: the note cannot be parsed, so whether the line is private is unknown.
            d.iter_mut().for_each(|x| x.source_line = None);
            return d;
        }
    };
    let note = Note::parse(text);
    let by_path = path_parts(rel);
    let date = note
        .meta
        .date
        .as_ref()
        .map(|d| d.value)
        .or(by_path.map(|(_, d)| d));
    let latest = by_path.is_some_and(|(r, d)| cx.latest.get(r) == Some(&d));
    let mut sink = Sink {
        cx,
        rel,
        agenda: date.is_some_and(|d| d > cx.today),
        latest,
        settings,
        disabled: note.directives.iter().map(|d| d.rule.clone()).collect(),
        out: Vec::new(),
    };
    rules::check_note(&note, &mut sink);
    let mut out = sink.out;
    // Lines of a private note, or of a private part, are never shown, not even in a snippet,
    // and no message quotes them: a finding there says only which rule and which line.
    let private_note = note.is_private();
    let private: Vec<(usize, usize)> = note
        .sections
        .iter()
        .filter(|s| s.step == crate::note::Step::Private)
        .map(|s| {
            let bare = crate::note::is_bare_private_heading(note.line_text(s.line));
            (s.line + usize::from(bare), s.end_line)
        })
        .collect();
    for d in &mut out {
        if private_note || private.iter().any(|&(a, b)| (a..b).contains(&d.line)) {
            unquote(d);
        } else {
            d.source_line = Some(note.line_text(d.line).to_owned());
        }
    }
    out
}

/// Make a finding on a private line say nothing of the line: no snippet, and unless its rule
/// never quotes a note ([`Rule::quotes_note`]), its rule's summary, where it is, and where to
/// read more instead of its message.
fn unquote(d: &mut Diagnostic) {
    d.source_line = None;
    let rule = rules::find(d.rule);
    if rule.is_some_and(|r| !r.quotes_note) {
        return;
    }
    let summary = rule.map_or("a finding", |r| r.summary);
    d.message = format!("{summary}, on line {} (private: not quoted)", d.line);
    d.help = Some(format!(
        "the line is private, so it is not shown; `cascade explain {}` says what the rule wants",
        d.rule
    ));
}

#[cfg(test)]
mod tests;
