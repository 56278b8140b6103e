//! Checking the inputs: in parallel, one file at a time, a panic caught on the file that
//! caused it, only diagnostics kept, sorted at the end.

use std::panic::AssertUnwindSafe;

use jiff::civil::Date;
use rayon::prelude::*;

use super::inputs::Input;
use super::{Cx, Diagnostic, Report, Rule, Settings, Severity, Sink, path_parts, rules};
use crate::error::Result;
use crate::note::Note;
use crate::notebook::Notebook;
use crate::notebook::inventory::SkipKind;

/// Check the inputs in parallel and collect their findings, sorted.
pub(super) fn check_inputs(
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

/// Check one decoded note against the rules; private lines are never quoted.
pub(super) fn check_text(cx: &Cx, settings: &Settings, rel: &str, bytes: &[u8]) -> Vec<Diagnostic> {
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
