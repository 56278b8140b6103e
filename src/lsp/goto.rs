//! Go to definition: `(from DATE)` to the line where the action was born, `@handle` to the
//! person's entry in `cascade.toml`.

use std::path::PathBuf;

use super::context::Buffer;
use super::hover::handle_of;
use crate::notebook::{CONFIG_FILE, Notebook};

/// A place in a file: its path and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
}

/// Where the token under the cursor is defined: `word` is the whitespace-delimited word at
/// the cursor on 1-based `line`.
pub fn definition(buf: &Buffer, line: usize, word: &str) -> Option<Target> {
    if let Some(h) = handle_of(word) {
        return person_entry(buf.nb, h);
    }
    let on_from = word == "(from"
        || buf
            .note
            .line_text(line)
            .split_whitespace()
            .collect::<Vec<_>>()
            .windows(2)
            .any(|w| w[0] == "(from" && w[1] == word);
    if on_from {
        return birth(buf, line);
    }
    None
}

/// The line where the action on `line` was born: the first copy of its action in the report's
/// notes, else the note its `(from DATE)` names.
fn birth(buf: &Buffer, line: usize) -> Option<Target> {
    let here = buf.note.actions.iter().find(|a| a.line == line)?;
    let ledger = buf.ledger();
    let first = ledger
        .actions
        .iter()
        .find(|a| {
            a.copies
                .iter()
                .any(|c| *c.path == *buf.rel && c.line == line)
        })
        .map(|a| &a.copies[0])
        .filter(|c| *c.path != *buf.rel);
    if let Some(c) = first {
        return Some(Target {
            path: buf.nb.root.join(&*c.path),
            line: c.line,
        });
    }
    // Not linked (reworded past recognition, or its note is gone): the note of that date.
    let date = *here.from.as_ref()?.date.as_ref().ok()?;
    let path = buf.nb.note_path(&buf.report(), date);
    path.is_file().then_some(Target { path, line: 1 })
}

/// The line of `cascade.toml` where the person `name` (a handle or an alias) is declared.
pub fn person_entry(nb: &Notebook, name: &str) -> Option<Target> {
    let lower = name.to_lowercase();
    let handle = nb.resolve_handle(name).or(nb.resolve_handle(&lower))?;
    let line = config_line(&nb.config_text, handle)?;
    Some(Target {
        path: nb.root.join(CONFIG_FILE),
        line,
    })
}

/// The 1-based line of `[people.HANDLE]`, or of `HANDLE = …` in `[people]`.
fn config_line(text: &str, handle: &str) -> Option<usize> {
    let mut table = String::new();
    let unquote = |s: &str| s.trim().trim_matches('"').trim_matches('\'').to_owned();
    for (i, raw) in text.lines().enumerate() {
        let t = raw.trim();
        if let Some(h) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            table = h.trim().to_owned();
            if let Some(rest) = table.strip_prefix("people.")
                && unquote(rest) == handle
            {
                return Some(i + 1);
            }
            continue;
        }
        let key = t.split(['=', '.']).next().map(unquote);
        if table == "people" && key.as_deref() == Some(handle) {
            return Some(i + 1);
        }
        if table.is_empty()
            && let Some(rest) = t.strip_prefix("people.")
            && rest.split(['=', '.']).next().map(unquote).as_deref() == Some(handle)
        {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::config_line;

    #[test]
    fn a_person_is_found_in_a_table_of_its_own_or_inline() {
        let t = "me = \"dana\"\n\n[people.alice]\nname = \"A\"\n\n[people]\nbob = { name = \"B\" }\n\"carl\".name = \"C\"\n";
        assert_eq!(config_line(t, "alice"), Some(3));
        assert_eq!(config_line(t, "bob"), Some(7));
        assert_eq!(config_line(t, "carl"), Some(8));
        assert_eq!(config_line(t, "dan"), None);
    }
}
