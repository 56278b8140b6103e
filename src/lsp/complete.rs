//! Completion: `@` people and aliases, `share:` groups, `due:` dates, the front matter's keys
//! and values, indicator names from the report's previous note.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, InsertTextFormat, Position, Range,
    TextEdit,
};

use super::context::{Buffer, groups};
use super::position::of_offset;
use crate::dates::add_days;
use crate::note::{KNOWN_KEYS, Split};
use crate::text::LineIndex;

/// Where the cursor is, as completion reads it.
struct At<'t> {
    /// The text of the line before the cursor.
    prefix: &'t str,
    /// Byte offset of the cursor.
    offset: usize,
    /// 1-based line.
    line: usize,
}

/// The completions at byte `offset` of `text` (the buffer's text).
pub fn complete(buf: &Buffer, text: &str, index: &LineIndex, offset: usize) -> Vec<CompletionItem> {
    let line = index.line_of(offset);
    let start = index.line_start(line);
    let mut prefix = &text[start.min(offset)..offset];
    if line == 1 {
        prefix = prefix.strip_prefix(crate::text::BOM).unwrap_or(prefix);
    }
    let at = At {
        prefix,
        offset,
        line,
    };
    let cursor = of_offset(text, index, offset);
    if in_front_matter(buf, line) {
        front_matter(buf, text, index, &at, cursor)
    } else {
        body(buf, &at, text, index, cursor)
    }
}

/// Whether 1-based `line` is between the front matter's fences (or after an opening fence
/// not closed yet, as while it is being typed).
pub fn in_front_matter(buf: &Buffer, line: usize) -> bool {
    match &buf.note.split {
        Split::Present(f) => line > f.open_line && line < f.close_line,
        Split::Unterminated => line > 1,
        Split::Missing { .. } => false,
    }
}

/// The word before the cursor (back to whitespace) and its start offset.
fn word<'t>(at: &At<'t>) -> (&'t str, usize) {
    let start = at.prefix.rfind(char::is_whitespace).map_or(0, |i| {
        i + at.prefix[i..].chars().next().map_or(1, char::len_utf8)
    });
    (&at.prefix[start..], at.offset - (at.prefix.len() - start))
}

fn item(label: String, detail: Option<String>, kind: CompletionItemKind) -> CompletionItem {
    CompletionItem {
        label,
        detail,
        kind: Some(kind),
        ..CompletionItem::default()
    }
}

/// Items replacing `from..cursor` with their text (or `insert` when given).
fn edits(
    items: Vec<(String, Option<String>, Option<String>)>,
    range: Range,
    kind: CompletionItemKind,
) -> Vec<CompletionItem> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, (label, detail, insert))| {
            let mut it = item(label.clone(), detail, kind);
            it.sort_text = Some(format!("{i:04}"));
            it.filter_text = Some(label.clone());
            it.insert_text_format = Some(InsertTextFormat::PLAIN_TEXT);
            it.text_edit = Some(CompletionTextEdit::Edit(TextEdit {
                range,
                new_text: insert.unwrap_or(label),
            }));
            it
        })
        .collect()
}

fn range_from(text: &str, index: &LineIndex, from: usize, cursor: Position) -> Range {
    Range::new(of_offset(text, index, from), cursor)
}

fn body(
    buf: &Buffer,
    at: &At,
    text: &str,
    index: &LineIndex,
    cursor: Position,
) -> Vec<CompletionItem> {
    let (w, w_start) = word(at);
    if w.starts_with('@') {
        return edits(
            people(buf),
            range_from(text, index, w_start, cursor),
            CompletionItemKind::REFERENCE,
        );
    }
    if let Some(rest) = w.strip_prefix("share:") {
        let from = w_start + "share:".len() + rest.rfind(',').map_or(0, |i| i + 1);
        return edits(
            group_items(buf),
            range_from(text, index, from, cursor),
            CompletionItemKind::ENUM_MEMBER,
        );
    }
    if w.starts_with("due:") {
        return edits(
            dates(buf),
            range_from(text, index, w_start + "due:".len(), cursor),
            CompletionItemKind::VALUE,
        );
    }
    Vec::new()
}

/// `@handle` for every person and alias, and `@me`.
fn people(buf: &Buffer) -> Vec<(String, Option<String>, Option<String>)> {
    let nb = buf.nb;
    let mut out = Vec::new();
    for (h, p) in &nb.config.people {
        out.push((format!("@{h}"), p.name.clone(), None));
        for a in &p.aliases {
            out.push((format!("@{a}"), Some(format!("alias of @{h}")), None));
        }
    }
    if !nb.config.people.contains_key(&nb.config.me) {
        out.push((format!("@{}", nb.config.me), Some("you".into()), None));
    }
    out
}

fn group_items(buf: &Buffer) -> Vec<(String, Option<String>, Option<String>)> {
    groups(buf.nb)
        .into_iter()
        .map(|g| {
            let name = buf.nb.config.groups.get(&g).and_then(|c| c.name.clone());
            (g, name, None)
        })
        .collect()
}

/// The report's next meeting by cadence, a week after the meeting, the end of its month.
fn dates(buf: &Buffer) -> Vec<(String, Option<String>, Option<String>)> {
    let date = buf.date();
    let cadence = buf.cadence();
    let mut out: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    let candidates = [
        (
            add_days(date, i64::from(cadence)),
            format!("next meeting ({cadence} days after {date})"),
        ),
        (add_days(date, 7), format!("a week after {date}")),
        (date.last_of_month(), "end of the month".to_owned()),
    ];
    for (d, why) in candidates {
        let label = d.to_string();
        if !out.iter().any(|(l, _, _)| *l == label) {
            out.push((label, Some(why), None));
        }
    }
    out
}

fn front_matter(
    buf: &Buffer,
    text: &str,
    index: &LineIndex,
    at: &At,
    cursor: Position,
) -> Vec<CompletionItem> {
    let indented = at.prefix.starts_with([' ', '\t']);
    let (_, w_start) = word(at);
    if indented {
        let owner = (2..at.line)
            .rev()
            .map(|l| buf.note.line_text(l))
            .find(|t| !t.is_empty() && !t.starts_with([' ', '\t', '#']))
            .and_then(|t| t.split_once(':'))
            .map(|(k, _)| k.trim());
        let range = range_from(text, index, w_start, cursor);
        return match owner {
            Some("indicators") if !at.prefix.contains(':') => {
                edits(indicator_items(buf), range, CompletionItemKind::FIELD)
            }
            Some("share_with") if at.prefix.trim_start().starts_with('-') => {
                edits(group_items(buf), range, CompletionItemKind::ENUM_MEMBER)
            }
            _ => Vec::new(),
        };
    }
    let Some((key, value)) = at.prefix.split_once(':') else {
        let items = KNOWN_KEYS
            .iter()
            .map(|k| (k.to_string(), None, Some(format!("{k}: "))))
            .collect();
        return edits(
            items,
            range_from(text, index, w_start, cursor),
            CompletionItemKind::PROPERTY,
        );
    };
    // The value typed so far: after `[` or the last `,` of a flow list.
    let from = at.offset - value.len()
        + value
            .rfind([',', '[', ' '])
            .map_or(0, |i| i + 1)
            .max(value.len() - value.trim_start().len());
    let range = range_from(text, index, from, cursor);
    let nb = buf.nb;
    let items: Vec<(String, Option<String>, Option<String>)> = match key.trim() {
        "report" => nb
            .report_handles()
            .into_iter()
            .map(|h| {
                let name = nb.config.people.get(&h).and_then(|p| p.name.clone());
                (h, name, None)
            })
            .collect(),
        "supervisor" => vec![(nb.config.me.clone(), Some("you".into()), None)],
        "share_with" => group_items(buf),
        "private" => vec![
            (
                "true".into(),
                Some("nothing of the note is shared".into()),
                None,
            ),
            ("false".into(), None, None),
        ],
        "date" => {
            let mut v = vec![(buf.today.to_string(), Some("today".into()), None)];
            if let Some((_, d)) = crate::notebook::inventory::path_parts(buf.rel)
                && d != buf.today
            {
                v.insert(0, (d.to_string(), Some("the file's date".into()), None));
            }
            v
        }
        _ => return Vec::new(),
    };
    edits(items, range, CompletionItemKind::VALUE)
}

/// The indicators of the report's previous note, as `name: ` to fill in.
fn indicator_items(buf: &Buffer) -> Vec<(String, Option<String>, Option<String>)> {
    let Some(prev) = buf.previous() else {
        return Vec::new();
    };
    let date = prev.date.map(|d| d.to_string()).unwrap_or_default();
    prev.indicators
        .iter()
        .map(|i| {
            (
                i.name.clone(),
                Some(format!("{} on {date}", crate::number::plain(i.value))),
                Some(format!("{}: ", i.name)),
            )
        })
        .collect()
}
