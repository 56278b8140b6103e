//! A front matter YAML error as the note's author should read it: placed where the mistake
//! is, and said in the note's terms rather than the parser's.

use super::yaml::to_file as yaml_to_file;
use super::{Problem, ProblemKind};

/// The problem of front matter that is not valid YAML; `first_line` is the file line where
/// the YAML starts.
pub(super) fn problem(yaml: &str, first_line: usize, e: &serde_saphyr::Error) -> Problem {
    let (line, column) = e.location().map_or(yaml_to_file(first_line, 0, 0), |l| {
        yaml_to_file(first_line, l.line() as usize, l.column() as usize)
    });
    let mut message = format!("front matter is not valid YAML: {}", yaml_message(e));
    let (line, column) = match culprit(yaml, line + 1 - first_line.min(line + 1), &message) {
        Some((l, c, why)) => {
            message.push_str(why);
            yaml_to_file(first_line, l, c)
        }
        None => (line, column),
    };
    Problem {
        kind: ProblemKind::Parse,
        line,
        column,
        message,
        help: Some(
            "fix the YAML between the `---` fences (quote text containing `:` or `#`)".into(),
        ),
        key: None,
    }
}

/// A better place for a YAML error than where the parser gave up, as (1-based line of the
/// YAML, column, note): the tab it found, or a flow `[`/`{` left open on an earlier line.
fn culprit(yaml: &str, error_line: usize, message: &str) -> Option<(usize, usize, &'static str)> {
    let lines: Vec<&str> = crate::text::lines(yaml).map(|(_, l)| l).collect();
    if message.contains("tab") {
        let from = error_line.saturating_sub(1);
        for (i, l) in lines.iter().enumerate().skip(from) {
            if let Some(p) = l.find('\t') {
                return (i + 1 != error_line).then(|| (i + 1, l[..p].chars().count() + 1, ""));
            }
        }
        return None;
    }
    // Running depth of flow collections; the line where it last rose from zero and never
    // came back before the error is where the unclosed bracket is.
    let mut depth: i32 = 0;
    let mut opened: Option<(usize, usize)> = None;
    for (i, l) in lines.iter().enumerate().take(error_line.saturating_sub(1)) {
        // Brackets count only inside a flow collection: one already open, or a value that
        // starts with `[` or `{` (in `topic: costs (see [1)` the `[` is plain text).
        let from = if depth > 0 {
            0
        } else {
            let t = l.trim_start();
            let t = t.strip_prefix("- ").map_or(t, str::trim_start);
            let v = t.split_once(": ").map_or(t, |(_, v)| v).trim_start();
            if !(v.starts_with('[') || v.starts_with('{')) {
                continue;
            }
            l.len() - v.len()
        };
        let mut quote: Option<char> = None;
        for (p, c) in l.char_indices().skip_while(|&(p, _)| p < from) {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if p == 0 || l[..p].ends_with(' ') => break,
                (None, '[' | '{') => {
                    if depth == 0 {
                        opened = Some((i + 1, l[..p].chars().count() + 1));
                    }
                    depth += 1;
                }
                (None, ']' | '}') => depth = (depth - 1).max(0),
                _ => {}
            }
        }
    }
    if depth > 0
        && let Some((line, col)) = opened
    {
        return Some((line, col, " (a `[` or `{` opened here is never closed)"));
    }
    None
}

/// The message of a YAML error without the location the library appends.
fn yaml_message(e: &serde_saphyr::Error) -> String {
    let full = e.to_string();
    let first = full.lines().next().unwrap_or("").trim();
    // Drop a trailing " at line X column Y" style suffix: we report the location ourselves.
    let cut = first
        .find(" at line ")
        .or_else(|| first.find(" at row "))
        .unwrap_or(first.len());
    let msg = first[..cut].trim_end_matches([',', ':', ' ']);
    // The library suggests one of its own options; that is not advice for a note's author.
    let msg = msg.split(", set DuplicateKeyPolicy").next().unwrap_or(msg);
    if msg.is_empty() {
        "syntax error".into()
    } else if msg.starts_with("budget breached") {
        // An alias bomb or a huge block: say what it means, not which counter tripped.
        "it expands to more values than a note's front matter may hold (aliases or size over cascade's limits)".into()
    } else if msg.starts_with("recursion limit exceeded") {
        "it nests deeper than a note's front matter may (over 32 levels)".into()
    } else if msg.contains("expected a scalar key") {
        // `title: {{ .Name }}`: template syntax read as a nested mapping.
        format!("{msg} (a value starting with `{{` is read as a mapping: quote it)")
    } else {
        msg.to_owned()
    }
}
