//! Checking one input: a note on disk or staged, or a path that was not read, into its
//! findings and what the rules that read several notes need of it. A panic is caught on the
//! file that caused it; private lines are never quoted.

use std::panic::AssertUnwindSafe;

use super::inputs::Input;
use super::{Cx, Diagnostic, Linted, Rule, Settings, Severity, Sink, path_parts, rules};
use crate::note::Note;
use crate::notebook::inventory::SkipKind;
use crate::notebook::load::NoteFile;

/// What checking one input found: its findings, whether it panicked, and what the rules
/// that read several notes need of it.
pub(super) type Checked = (Vec<Diagnostic>, bool, Option<(NoteFile, Linted)>);

/// A diagnostic on a whole file, outside the note's own rules.
pub(super) fn file_diagnostic(
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
        hint: None,
    }]
}

/// What the ledger reads of a note, and no more: lint keeps one per note until the end.
pub(super) fn for_ledger(mut n: NoteFile) -> NoteFile {
    n.conclusions = Vec::new();
    n.indicators = Vec::new();
    n
}

pub(super) fn check_input(cx: &Cx, settings: &Settings, input: Input) -> Checked {
    match input {
        Input::Skipped(s) => (
            skipped(settings, &s.rel, s.lossy, &s.kind, s.path.is_dir()),
            false,
            None,
        ),
        Input::Disk(n) => match n.read(settings.max_file_bytes) {
            Ok(bytes) => check_bytes(cx, settings, &n.rel, n.lossy, &bytes),
            Err(kind) => (
                skipped(settings, &n.rel, n.lossy, &kind, false),
                false,
                None,
            ),
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
            None,
        ),
        Input::Staged { rel, bytes } => {
            if bytes.len() as u64 > settings.max_file_bytes {
                let kind = SkipKind::TooLarge(bytes.len() as u64, settings.max_file_bytes);
                return (skipped(settings, &rel, false, &kind, false), false, None);
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
fn check_bytes(cx: &Cx, settings: &Settings, rel: &str, lossy: bool, bytes: &[u8]) -> Checked {
    let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
        #[cfg(debug_assertions)]
        if std::env::var("CASCADE_DEBUG_PANIC_ON").is_ok_and(|s| !s.is_empty() && rel.contains(&s))
        {
            panic!("CASCADE_DEBUG_PANIC_ON matched {rel}");
        }
        check_note(cx, settings, rel, bytes)
    }));
    match run {
        Ok((mut d, kept)) => {
            for x in &mut d {
                x.path_lossy = lossy;
            }
            let kept = kept.map(|(n, mut l)| {
                l.lossy = lossy;
                (n, l)
            });
            (d, false, kept)
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
        hint: None,
            }],
            true,
            None,
        ),
    }
}

/// Check one decoded note against the rules; private lines are never quoted.
#[cfg(test)]
pub(super) fn check_text(cx: &Cx, settings: &Settings, rel: &str, bytes: &[u8]) -> Vec<Diagnostic> {
    check_note(cx, settings, rel, bytes).0
}

/// Check one note's bytes against the rules of one note, and keep what the rules that read
/// several notes need of it when they are on; private lines are never quoted.
fn check_note(
    cx: &Cx,
    settings: &Settings,
    rel: &str,
    bytes: &[u8],
) -> (Vec<Diagnostic>, Option<(NoteFile, Linted)>) {
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
            return (d, None);
        }
    };
    let note = Note::parse_for_lint(text);
    let by_path = path_parts(rel);
    let date = note
        .meta
        .date
        .as_ref()
        .map(|d| d.value)
        .or(by_path.map(|(_, d)| d));
    let latest = by_path.is_some_and(|(r, d)| cx.held.get(r).is_some_and(|h| h.0 == Some(d)));
    let quiet = cx.older.map(|o| o.quiet_on(rel)).unwrap_or_default();
    let mut sink = Sink {
        cx,
        rel,
        agenda: date.is_some_and(|d| d > cx.today),
        latest,
        settings,
        disabled: note.directives.iter().map(|d| d.rule.clone()).collect(),
        quiet: quiet.own,
        hidden: 0,
        out: Vec::new(),
    };
    rules::check_note(&note, &mut sink);
    if let Some(o) = cx.older {
        o.left_out(sink.hidden);
    }
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
    // The rules that read several notes quote a line only in a finding that is shown: on an
    // older note, only an error is.
    let quoted = !private_note && (!quiet.across || cx.across_errors);
    let kept = cx.keep.then(|| {
        let linted = Linted {
            private: private_note,
            lossy: false,
            disabled: note.directives.iter().map(|d| d.rule.clone()).collect(),
            lines: note
                .actions
                .iter()
                .map(|a| {
                    let due = a.due.as_ref().map(|t| t.column);
                    let text = quoted.then(|| note.line_text(a.line).to_owned());
                    (a.line, (a.column, due, text))
                })
                .collect(),
        };
        // The note is not read after: its actions are moved into the summary, and what the
        // ledger does not read is dropped (see `for_ledger`).
        (for_ledger(NoteFile::of_owned(cx.nb, rel, note)), linted)
    });
    (out, kept)
}

/// Make a finding on a private line say nothing of the line: no snippet, and unless its rule
/// never quotes a note ([`Rule::quotes_note`]), its rule's summary, where it is, and where to
/// read more instead of its message.
pub(super) fn unquote(d: &mut Diagnostic) {
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
