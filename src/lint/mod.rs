//! `cascade lint`: every note checked against the six steps of the method.
//!
//! Files are read and checked in parallel and only diagnostics are kept, so memory stays
//! flat however many notes there are. A file that cannot be read or decoded is a diagnostic
//! on that file; a panic while checking one file is caught and reported on that file, and
//! the others are still checked.

mod check;
mod engine;
pub mod fix;
mod inputs;
mod render;
pub mod rules;
mod settings;

use rustc_hash::{FxHashMap, FxHashSet};

use jiff::civil::Date;
use serde::Serialize;

use crate::actions::Ledger;
use crate::error::Result;
use crate::notebook::Notebook;
use crate::notebook::load::NoteFile;

pub use crate::notebook::inventory::path_parts;

#[cfg(test)]
use check::check_text;
pub use engine::{Done, Emit, Out};
pub use inputs::{
    OlderNotes, Plan, ReportNotes, StagedNote, lint_notebook, lint_paths, lint_staged, lint_text,
    plan_notebook, plan_paths, plan_staged,
};
pub use render::{
    Format, Stream, Tally, explain, render, render_human, rules_json, rules_markdown, rules_table,
};
pub use settings::{Settings, unknown_rule_help};

/// Links the actions of notes (sorted by report, date and path) into the action model, with
/// the states their write times decide: the command hands it in, so lint reads no history.
pub type LedgerOf<'a> = &'a dyn Fn(&[NoteFile]) -> Result<Ledger>;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Makes `cascade lint` exit 1.
    Error,
    /// Reported, exit code unchanged.
    Warning,
    /// Information (where a conclusion goes): reported by `cascade lint`, not counted as a
    /// problem, left out by `--quiet` and by `cascade commit`.
    Info,
}

impl Severity {
    /// The word used in output and in `cascade.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
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
    /// The fixes `cascade lint --fix` can make for its findings (none for most rules).
    pub fixes: &'static [RuleFix],
}

/// Whether a fix can change what the note means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    /// Never changes meaning: `cascade lint --fix` applies it.
    Safe,
    /// A guess that may change meaning: applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Safety {
    /// The word used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::Unsafe => "unsafe",
        }
    }
}

/// A fix a rule declares: how safe it is and what it does, for `cascade rules` and its page.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleFix {
    /// Safe or unsafe.
    pub safety: Safety,
    /// What the fix does, one line.
    pub does: &'static str,
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
    /// What the rule knew that its fix needs and the note alone does not tell.
    #[serde(skip)]
    pub hint: Option<fix::Hint>,
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
    /// Warnings and infos left out because they are on a report's older notes (see
    /// [`OlderNotes`]).
    pub not_shown: usize,
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
        exit_code(self.errors(), self.internal)
    }
}

/// Lint's exit code: 3 after an internal error, 1 with errors, else 0.
pub fn exit_code(errors: usize, internal: bool) -> u8 {
    if internal {
        crate::error::EXIT_INTERNAL
    } else if errors > 0 {
        crate::error::EXIT_FINDINGS
    } else {
        crate::error::EXIT_OK
    }
}

/// A report folder's latest note held by today, and the held note before it.
pub(crate) type Held = (Option<Date>, Option<Date>);

/// Per report folder of the notes `rels` (`notes/<report>/<date>.md`), its latest note held by
/// `today` and the held note before it (`None` where it has none); in one pass.
pub(crate) fn held_by_folder<'a>(
    rels: impl IntoIterator<Item = &'a str>,
    today: Date,
) -> FxHashMap<String, Held> {
    let mut held: FxHashMap<String, Held> = FxHashMap::default();
    for rel in rels {
        let Some((report, date)) = path_parts(rel) else {
            continue;
        };
        // A report's name is copied once, not once per note.
        let h = match held.get_mut(report) {
            Some(h) => h,
            None => held.entry(report.to_owned()).or_default(),
        };
        if date > today {
            continue;
        }
        // The two newest held dates, kept apart: the latest and the one before it.
        match *h {
            (Some(l), _) if date == l => {}
            (Some(l), p) if date < l => {
                if p.is_none_or(|p| date > p) {
                    h.1 = Some(date);
                }
            }
            (l, _) => *h = (Some(date), l),
        }
    }
    held
}

/// What the rules may know beyond the note itself.
pub struct Cx<'a> {
    /// The notebook.
    pub nb: &'a Notebook,
    /// `--today`.
    pub today: Date,
    /// Per report folder, its latest note held by today and the held note before it.
    pub held: FxHashMap<String, Held>,
    /// Handles of people, their aliases and `me`.
    pub known: FxHashSet<String>,
    /// Keep what the rules that read several notes need of each note: one of them is on.
    keep: bool,
    /// What the output leaves out of older notes, when it does: counted as each note is
    /// checked, and never made.
    older: Option<&'a OlderNotes<'a>>,
    /// A rule that reads several notes reports errors, which are shown on older notes too.
    across_errors: bool,
}

impl<'a> Cx<'a> {
    /// `held`: [`held_by_folder`] of every note of the reports linted.
    fn new(nb: &'a Notebook, today: Date, held: FxHashMap<String, Held>) -> Cx<'a> {
        let mut known: FxHashSet<String> = FxHashSet::default();
        known.insert(nb.config.me.clone());
        for (h, p) in &nb.config.people {
            known.insert(h.clone());
            known.extend(p.aliases.iter().cloned());
        }
        Cx {
            nb,
            today,
            held,
            known,
            keep: false,
            older: None,
            across_errors: false,
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
    /// The output leaves out this note's warnings and infos (an older note's).
    quiet: bool,
    /// Findings left out for that: counted, never made.
    hidden: usize,
    out: Vec<Diagnostic>,
}

impl Sink<'_> {
    /// Report a finding of `rule` at `line` and `column`, unless it is off, disabled in the
    /// note or not applicable. `words` makes its message and help, only when it is shown: an
    /// older note's warnings are counted and never worded.
    pub fn emit(
        &mut self,
        rule: &'static Rule,
        line: usize,
        column: usize,
        words: impl FnOnce() -> (String, Option<String>),
    ) {
        self.emit_fixable(rule, (line, column), words, None);
    }

    /// [`Sink::emit`], with what the finding's fix needs to know.
    pub fn emit_fixable(
        &mut self,
        rule: &'static Rule,
        (line, column): (usize, usize),
        words: impl FnOnce() -> (String, Option<String>),
        hint: Option<fix::Hint>,
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
        if self.quiet && !inputs::always_shown(severity, rule.id) {
            self.hidden += 1;
            return;
        }
        let (message, help) = words();
        self.out.push(Diagnostic {
            rule: rule.id,
            severity,
            path: self.rel.to_owned(),
            path_lossy: false,
            line: line.max(1),
            column: column.max(1),
            message,
            help,
            source_line: None,
            hint,
        });
    }
}

/// An action line of a linted note: the marker's column, the `due:` token's column, and the
/// line's text for the snippet (None in a private note).
type ActionLine = (usize, Option<usize>, Option<String>);

/// What a linted note's lines are to the rules that read several notes.
#[derive(Debug, Default)]
pub(crate) struct Linted {
    /// The note is private: findings on it quote nothing.
    private: bool,
    /// Its path was not UTF-8.
    lossy: bool,
    /// Rules its `cascade-disable` directives silence.
    disabled: Vec<String>,
    /// Its action lines by line number, in line order (a note's actions are in file order,
    /// one per line).
    lines: Vec<(usize, ActionLine)>,
}

/// Where the findings of rules that read several notes go: only onto the notes being linted,
/// each as if the note's own check had found it.
pub struct Across<'a> {
    /// `--today`.
    pub today: Date,
    /// The notes the ledger was linked from, held by today, sorted by report, date and path.
    pub notes: &'a [NoteFile],
    linted: &'a FxHashMap<String, Linted>,
    settings: &'a Settings,
    /// Where the findings go: asked first whether it shows one.
    to: &'a mut dyn engine::Out,
    out: Vec<Diagnostic>,
}

impl Across<'_> {
    /// Report a finding of `rule` on a line of `path`, at its `due:` token when `at_due`, if
    /// that note is being linted, neither the config nor the note silences the rule, and the
    /// output shows it. `words` makes its message and help, only then: most findings of a
    /// large notebook are on older notes, counted and not shown.
    pub fn emit(
        &mut self,
        rule: &'static Rule,
        (path, line): (&str, usize),
        at_due: bool,
        words: impl FnOnce() -> (String, Option<String>),
    ) {
        self.emit_fixable(rule, (path, line), at_due, words, None);
    }

    /// [`Across::emit`], with what the finding's fix needs to know.
    pub fn emit_fixable(
        &mut self,
        rule: &'static Rule,
        (path, line): (&str, usize),
        at_due: bool,
        words: impl FnOnce() -> (String, Option<String>),
        hint: Option<fix::Hint>,
    ) {
        let Some(note) = self.linted.get(path) else {
            return;
        };
        if note.disabled.iter().any(|d| d == rule.id) {
            return;
        }
        let Some(severity) = self.settings.level(rule) else {
            return;
        };
        if !self.to.shows(severity, rule.id, path) {
            return;
        }
        let (message, help) = words();
        let (marker, due, text) = note
            .lines
            .binary_search_by_key(&line, |&(l, _)| l)
            .map_or((1, None, None), |i| note.lines[i].1.clone());
        let mut d = Diagnostic {
            rule: rule.id,
            severity,
            path: path.to_owned(),
            path_lossy: note.lossy,
            line: line.max(1),
            column: if at_due {
                due.unwrap_or(marker)
            } else {
                marker
            },
            message,
            help,
            source_line: text,
            hint,
        };
        if note.private || d.source_line.is_none() {
            check::unquote(&mut d);
        }
        self.out.push(d);
    }
}

#[cfg(test)]
mod tests;
