//! Hover: a person behind `@handle`, an indicator's recent values, the rule of a finding.

use super::complete::in_front_matter;
use super::context::{Buffer, notes_of};
use crate::lint::{self, Diagnostic};
use crate::note::ActionState;
use crate::notebook::Notebook;
use crate::notebook::load::NoteFile;

/// The whitespace-delimited word around byte `offset` of `line` (whose text starts at byte
/// `start` of the buffer), with its byte range in the buffer.
pub fn word_at(line: &str, start: usize, offset: usize) -> Option<(&str, std::ops::Range<usize>)> {
    let at = offset.checked_sub(start)?.min(line.len());
    let begin = line[..at].rfind(char::is_whitespace).map_or(0, |i| {
        i + line[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = line[at..]
        .find(char::is_whitespace)
        .map_or(line.len(), |i| at + i);
    (begin < end).then(|| (&line[begin..end], start + begin..start + end))
}

/// A handle written `@handle` (trailing punctuation left out), as action owners are read.
pub fn handle_of(word: &str) -> Option<&str> {
    let h = word
        .strip_prefix('@')?
        .trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
    (!h.is_empty()).then_some(h)
}

/// The hover text (Markdown) at 1-based `line`, on `word` when the cursor is on one.
pub fn hover(
    buf: &Buffer,
    line: usize,
    word: Option<&str>,
    findings: &[Diagnostic],
) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(h) = word.and_then(handle_of) {
        parts.extend(person(buf, h));
    } else if let Some(name) = indicator_on(buf, line) {
        parts.push(indicator(buf, &name));
    }
    let mut seen = Vec::new();
    for d in findings.iter().filter(|d| d.line == line) {
        if seen.contains(&d.rule) {
            continue;
        }
        seen.push(d.rule);
        if let Some(rule) = lint::rules::find(d.rule) {
            parts.push(lint::explain(rule));
        }
    }
    (!parts.is_empty()).then(|| parts.join("\n\n---\n\n"))
}

/// What cascade knows of a person: name, cadence, last meeting, open actions.
fn person(buf: &Buffer, name: &str) -> Option<String> {
    let nb: &Notebook = buf.nb;
    let lower = name.to_lowercase();
    let handle = nb.resolve_handle(name).or(nb.resolve_handle(&lower))?;
    let mut s = format!("**{}** (`@{handle}`)", nb.name_of(handle));
    if handle != lower {
        s.push_str(&format!(", written as the alias `@{name}`"));
    }
    if handle == nb.config.me {
        s.push_str("\n\nyou");
        return Some(s);
    }
    let notes: Vec<NoteFile> = if buf.report() == handle {
        buf.report_notes()
    } else {
        notes_of(nb, handle)
    };
    let last = notes
        .iter()
        .filter_map(|n| n.date)
        .filter(|d| *d <= buf.today)
        .max();
    s.push_str(&format!(
        "\n\n- cadence: every {} days\n- last meeting: {}",
        nb.cadence_for(handle),
        last.map_or("none yet".to_owned(), |d| d.to_string())
    ));
    let held: Vec<NoteFile> = notes
        .into_iter()
        .filter(|n| n.date.is_none_or(|d| d <= buf.today))
        .collect();
    let ledger = crate::actions::Ledger::link(nb, &held);
    let open: Vec<_> = ledger
        .of_report(handle)
        .filter(|a| a.state == ActionState::Open)
        .collect();
    s.push_str(&format!("\n- open actions: {}", open.len()));
    for a in open.iter().take(10) {
        let c = a.latest();
        let due = c.due.map(|d| format!(" (due {d})")).unwrap_or_default();
        // Text only from a public copy, as everywhere a machine reads it: a hover is JSON
        // that an editor may log or hand to a plugin.
        match a.shared() {
            Some(p) => s.push_str(&format!(
                "\n  - {}{due}",
                crate::text::one_line(p.texts.title())
            )),
            None => s.push_str(&format!("\n  - (private action){due}")),
        }
    }
    if open.len() > 10 {
        s.push_str(&format!("\n  - … and {} more", open.len() - 10));
    }
    Some(s)
}

/// The indicator whose entry is on 1-based `line` of the front matter (`  name: value` under
/// `indicators:`).
fn indicator_on(buf: &Buffer, line: usize) -> Option<String> {
    if !in_front_matter(buf, line) {
        return None;
    }
    buf.note
        .meta
        .indicators
        .iter()
        .find(|i| i.line == line)
        .map(|i| i.name.clone())
        .or_else(|| {
            let t = buf.note.line_text(line);
            let owner = (2..line)
                .rev()
                .map(|l| buf.note.line_text(l))
                .find(|t| !t.is_empty() && !t.starts_with([' ', '\t', '#']))?;
            (t.starts_with([' ', '\t']) && owner.trim_start().starts_with("indicators:"))
                .then(|| {
                    t.split_once(':')
                        .map(|(k, _)| k.trim().trim_matches(['"', '\'']))
                })
                .flatten()
                .filter(|k| !k.is_empty())
                .map(str::to_owned)
        })
}

/// The indicator's values in the report's notes up to this one, the latest last.
fn indicator(buf: &Buffer, name: &str) -> String {
    let date = buf.date();
    let values: Vec<(String, f64)> = buf
        .report_notes()
        .iter()
        .filter(|n| n.rel != buf.rel && n.date.is_some_and(|d| d < date))
        .filter_map(|n| {
            let v = n.indicators.iter().find(|i| i.name == name)?;
            Some((n.date?.to_string(), v.value))
        })
        .collect();
    let mut s = format!("**{name}**");
    if values.is_empty() {
        s.push_str("\n\nno earlier value in this report's notes");
        return s;
    }
    s.push_str("\n\n| meeting | value |\n| --- | --- |");
    for (d, v) in values.iter().rev().take(6).rev() {
        s.push_str(&format!("\n| {d} | {} |", crate::number::plain(*v)));
    }
    s
}
