//! Fixes for lint findings, as edits of a note's text: pure, text in, edits out.
//!
//! A fix belongs to one finding. Its edits are byte ranges of the note as it is on disk (BOM
//! and line endings included) with their replacement text; a fix may instead rename the note.
//! Every fix is checked before it is offered: applied alone, it leaves the front matter, the
//! note's privacy and every private part's text as they were, or it is not offered at all.
//! `cascade lint --fix` applies them ([`run`]); an editor can offer each as a code action
//! ([`fix_of`]) and apply it with [`apply`].

mod diff;
mod run;

use std::ops::Range;

use super::{Diagnostic, Safety, path_parts, rules};
use crate::note::{ActionState, Note, Split, Step};
use crate::text::BOM;

pub use diff::diff;
pub use run::{Outcome, Planned, plan, run};

/// What a rule knew when it reported a finding that its fix needs, and the note alone does
/// not tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// The step a `steps/missing` finding is about.
    Step(Step),
    /// The state that closed the action whose copy `actions/stale-copy` found open, and the
    /// [`digest`] of that copy's identity: the line must still hold it.
    Mark(ActionState, u64),
}

/// A digest of an action's identity: enough to tell that a line still holds the same action,
/// and no text of it, so a finding on a private line carries none.
pub fn digest(identity: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    identity.hash(&mut h);
    h.finish()
}

/// One change to a note's text: the bytes of `range` replaced by `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the note as on disk (an empty range inserts).
    pub range: Range<usize>,
    /// What replaces it.
    pub text: String,
}

/// The fix of one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The finding's rule id.
    pub rule: &'static str,
    /// The finding's line.
    pub line: usize,
    /// What it does, for a menu ("Tick this copy too: `[x]`").
    pub title: String,
    /// Safe fixes are applied by `--fix`, unsafe ones only with `--unsafe-fixes`.
    pub safety: Safety,
    /// The edits of the note's text, in order, not overlapping (empty for a rename).
    pub edits: Vec<Edit>,
    /// The note's new path relative to the notebook root, `/`-separated, for a rename.
    pub rename: Option<String>,
}

/// The fix of finding `d` on the note `rel` whose text is `text`, if its rule has one and it
/// applies to this text as it is now.
pub fn fix_of(text: &str, rel: &str, d: &Diagnostic) -> Option<Fix> {
    fix_in(&Note::parse(text), rel, d)
}

/// The fixes of the findings of `diagnostics` that are on the note `rel`, in their order.
pub fn fixes_of(text: &str, rel: &str, diagnostics: &[Diagnostic]) -> Vec<Fix> {
    let note = Note::parse(text);
    diagnostics
        .iter()
        .filter(|d| d.path == rel)
        .filter_map(|d| fix_in(&note, rel, d))
        .collect()
}

/// `text` with `edits` made, or None when two of them overlap or one is out of the text or
/// splits a character. Only the bytes of the ranges change.
pub fn apply(text: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    // Stable: insertions at one place keep their order.
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in sorted {
        let r = &e.range;
        if r.start < at
            || r.start > r.end
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            return None;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(&e.text);
        at = r.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// What applying the fixes of one note made of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The new text.
    pub text: String,
    /// Where the note moves, if a fix renames it.
    pub rename: Option<String>,
    /// The fixes applied, by their index in the list given.
    pub applied: Vec<usize>,
    /// Lines of the text given that the edits change (an insertion counts its line).
    pub lines: Vec<usize>,
    /// Fixes left out because only `--unsafe-fixes` applies them.
    pub unsafe_left: usize,
}

/// Apply the fixes of one note up to safety `max`, in order. A fix whose edits overlap one
/// already applied is left for the next pass; a combination that would change the front
/// matter, the note's privacy or a private part is not made.
pub fn apply_all(text: &str, fixes: &[Fix], max: Safety) -> Applied {
    let before = Note::parse(text);
    let mut edits: Vec<Edit> = Vec::new();
    let mut out = Applied {
        text: text.to_owned(),
        rename: None,
        applied: Vec::new(),
        lines: Vec::new(),
        unsafe_left: 0,
    };
    for (i, f) in fixes.iter().enumerate() {
        if f.safety > max {
            out.unsafe_left += 1;
            continue;
        }
        if f.rename.is_some() && out.rename.is_some() {
            continue;
        }
        let mut next = edits.clone();
        next.extend(f.edits.iter().cloned());
        let Some(after) = apply(text, &next) else {
            continue;
        };
        if !keeps(&before, &after) {
            continue;
        }
        edits = next;
        out.text = after;
        out.applied.push(i);
        if f.rename.is_some() {
            out.rename.clone_from(&f.rename);
        }
    }
    let mut lines: Vec<usize> = edits
        .iter()
        .flat_map(|e| {
            let a = before.index.line_of(e.range.start);
            let b = before
                .index
                .line_of(e.range.end.saturating_sub(1).max(e.range.start));
            a..=b
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    out.lines = lines;
    out
}

/// Whether `after` keeps what no fix may change of `before`: the front matter's bytes, the
/// note's privacy, and the text of every private part.
fn keeps(before: &Note, after: &str) -> bool {
    let a = Note::parse(after);
    if a.is_private() != before.is_private() {
        return false;
    }
    let head = |n: &Note<'_>| match &n.split {
        Split::Present(f) => Some(n.text[..f.body_start].to_owned()),
        Split::Unterminated => Some(n.text.to_owned()),
        Split::Missing { .. } => None,
    };
    head(before) == head(&a) && private_parts(before) == private_parts(&a)
}

/// The text of each private part of a note, heading included.
fn private_parts<'a>(n: &Note<'a>) -> Vec<&'a str> {
    n.sections
        .iter()
        .filter(|s| s.step == Step::Private)
        .map(|s| {
            let start = n.index.line_start(s.line);
            let end = if s.end_line > n.index.len() {
                n.text.len()
            } else {
                n.index.line_start(s.end_line)
            };
            &n.text[start..end]
        })
        .collect()
}

/// The fix of `d` in the parsed note, checked alone.
fn fix_in(note: &Note, rel: &str, d: &Diagnostic) -> Option<Fix> {
    if d.path != rel {
        return None;
    }
    let fix = match (d.rule, &d.hint) {
        (id, Some(Hint::Step(step))) if id == rules::steps::MISSING.id => missing_step(note, *step),
        (id, Some(Hint::Mark(state, identity))) if id == rules::identity::STALE_COPY.id => {
            stale_copy(note, d.line, *state, *identity)
        }
        (id, _) if id == rules::note::PATH_MISMATCH.id => misfiled(note, rel, d.line),
        _ => None,
    }?;
    let fix = Fix {
        rule: d.rule,
        line: d.line,
        ..fix
    };
    let after = apply(note.text, &fix.edits)?;
    keeps(note, &after).then_some(fix)
}

/// A fix before its rule and line are filled in.
fn fix(title: String, safety: Safety, edits: Vec<Edit>) -> Fix {
    Fix {
        rule: "",
        line: 0,
        title,
        safety,
        edits,
        rename: None,
    }
}

/// The line ending the note uses: CRLF when its first line ends so.
fn newline(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Byte range of 1-based `line`, without its ending or the BOM.
fn line_span(note: &Note, line: usize) -> Range<usize> {
    let mut start = note.index.line_start(line);
    if line == 1 && note.text.starts_with(BOM) {
        start += BOM.len();
    }
    start..start + note.line_text(line).len()
}

/// A missing step: a heading that names no step but is a misspelling of it is renamed
/// (unsafe: what is under it becomes that step, and conclusions go to the digest); else its
/// heading is added, empty, before the first step that follows it in the method's order.
fn missing_step(note: &Note, step: Step) -> Option<Fix> {
    if note.section(step).is_some() || step == Step::Private {
        return None;
    }
    if let Some(f) = misspelt(note, step) {
        return Some(f);
    }
    let nl = newline(note.text);
    let step_level = note
        .sections
        .iter()
        .find(|s| s.step != Step::Private)
        .map_or(2, |s| s.level);
    let last_step = note
        .sections
        .iter()
        .filter(|s| s.step != Step::Private)
        .map(|s| s.line)
        .max()
        .unwrap_or(0);
    let before = Step::STEPS
        .iter()
        .skip_while(|s| **s != step)
        .skip(1)
        .filter_map(|s| note.section(*s))
        .min_by_key(|s| s.line)
        .or_else(|| {
            // With no later step, before a private part that ends the note's steps (one
            // nested in a step is not where a step starts).
            note.sections.iter().find(|s| {
                s.step == Step::Private
                    && s.line > last_step
                    && !note
                        .sections
                        .iter()
                        .any(|o| o.line < s.line && s.line < o.end_line)
            })
        });
    let (at, text) = match before {
        Some(s) => {
            // Only before an ATX heading line: a setext heading's text starts lines earlier.
            if !note.line_text(s.line).trim_start().starts_with('#') {
                return None;
            }
            let hashes = "#".repeat(s.level);
            (
                line_span(note, s.line).start,
                format!("{hashes} {}{nl}{nl}", step.heading()),
            )
        }
        None => {
            let hashes = "#".repeat(step_level);
            let sep = if note.text.is_empty() || note.text.ends_with('\n') {
                ""
            } else {
                nl
            };
            (
                note.text.len(),
                format!("{sep}{nl}{hashes} {}{nl}", step.heading()),
            )
        }
    };
    Some(fix(
        format!("Add the `{}` heading, empty", step.heading()),
        Safety::Safe,
        vec![Edit {
            range: at..at,
            text,
        }],
    ))
}

/// A heading, outside any private part, that names no step and reads as `step` misspelt.
fn misspelt(note: &Note, step: Step) -> Option<Fix> {
    let want = step.heading().to_lowercase();
    let most = (want.len() / 8).max(1);
    let privates: Vec<(usize, usize)> = note
        .sections
        .iter()
        .filter(|s| s.step == Step::Private)
        .map(|s| (s.line, s.end_line))
        .collect();
    let text_start = note.text.as_ptr() as usize;
    note.headings_seen
        .iter()
        .filter(|(line, _, title)| {
            Step::from_heading(title).is_none()
                && !privates.iter().any(|&(a, b)| (a..b).contains(line))
                && note.line_text(*line).trim_start().starts_with('#')
        })
        .filter_map(|&(line, _, title)| {
            let t = title.trim().trim_end_matches(':').trim();
            let t = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')');
            let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
            let dist = strsim::levenshtein(&t.to_lowercase(), &want);
            (dist <= most).then_some((dist, line, title))
        })
        .min_by_key(|&(dist, line, _)| (dist, line))
        .and_then(|(_, line, title)| {
            let start = (title.as_ptr() as usize).checked_sub(text_start)?;
            let span = line_span(note, line);
            // The title must be a slice of its own line, as the parser hands it over.
            if start < span.start || start + title.len() > span.end {
                return None;
            }
            Some(fix(
                format!("Rename the heading to `{}`", step.heading()),
                Safety::Unsafe,
                vec![Edit {
                    range: start..start + title.len(),
                    text: step.heading().to_owned(),
                }],
            ))
        })
}

/// An open copy of an action that another copy closed: its marker written as the closing
/// copy's. Safe: the action model already counts the action closed, and the day it was
/// closed stays the day of the first close. Only while the line holds that copy, open.
fn stale_copy(note: &Note, line: usize, state: ActionState, identity: u64) -> Option<Fix> {
    if state == ActionState::Open {
        return None;
    }
    let a = note.actions.iter().find(|a| a.line == line)?;
    if a.state != ActionState::Open || digest(a.texts.identity()) != identity {
        return None;
    }
    let span = line_span(note, line);
    let s = &note.text[span.clone()];
    let at = s
        .char_indices()
        .nth(a.column.saturating_sub(1))
        .map_or(s.len(), |(i, _)| i);
    if s.get(at..at + 3) != Some("[ ]") {
        return None;
    }
    let mark = crate::actions::edit::marker(state);
    let title = match state {
        ActionState::Done => format!("Tick this copy too: `{mark}`, as another copy closed it"),
        _ => format!("Drop this copy too: `{mark}`, as another copy dropped it"),
    };
    let start = span.start + at;
    Some(fix(
        title,
        Safety::Safe,
        vec![Edit {
            range: start..start + 3,
            text: mark.to_owned(),
        }],
    ))
}

/// A note filed under another date than its `date:` says: renamed to that date, in its
/// report's folder. Unsafe: either may be the wrong one.
fn misfiled(note: &Note, rel: &str, line: usize) -> Option<Fix> {
    let (date, report) = (note.meta.date.as_ref()?, note.meta.report.as_ref()?);
    if date.line != line {
        return None;
    }
    let (folder, day) = path_parts(rel)?;
    if folder != report.value || day == date.value {
        return None;
    }
    let ext = rel.rsplit_once('.').map_or("md", |(_, e)| e);
    let to = format!(
        "{}/{folder}/{}.{ext}",
        crate::notebook::NOTES_DIR,
        date.value
    );
    Some(Fix {
        rename: Some(to.clone()),
        ..fix(
            format!("Rename the note to {to}"),
            Safety::Unsafe,
            Vec::new(),
        )
    })
}

#[cfg(test)]
mod tests;
