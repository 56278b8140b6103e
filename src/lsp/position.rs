//! Where things are: LSP positions (0-based lines, UTF-16 columns) against cascade's (1-based
//! lines, 1-based columns in characters, BOM not counted), and `file:` URIs against paths.

use std::path::{Path, PathBuf};

use lsp_types::{Position, Range};
use serde_json::Value;

use crate::text::{BOM, LineIndex};

/// The LSP position of cascade's 1-based `line` and character `column` in `text`.
pub fn to_lsp(text: &str, index: &LineIndex, line: usize, column: usize) -> Position {
    let line = line.clamp(1, index.len());
    let line_text = index.line_text(text, line);
    // Editors that keep a BOM count it as a character of the first line; cascade does not.
    let bom = u32::from(line == 1 && text.starts_with(BOM));
    Position::new(
        (line - 1) as u32,
        bom + utf16_len(line_text.chars().take(column.saturating_sub(1))),
    )
}

/// The range a finding at (`line`, `column`) underlines: the word it points at (at least one
/// character when the line has one there), so an editor shows more than a caret.
pub fn finding_range(text: &str, index: &LineIndex, line: usize, column: usize) -> Range {
    let start = to_lsp(text, index, line, column);
    let line_text = index.line_text(text, line.clamp(1, index.len()));
    let rest = line_text.chars().skip(column.saturating_sub(1));
    let mut word = 0u32;
    for (i, c) in rest.enumerate() {
        if c.is_whitespace() && i > 0 {
            break;
        }
        word += c.len_utf16() as u32;
    }
    Range::new(start, Position::new(start.line, start.character + word))
}

/// The byte offset in `text` of an LSP position, clamped to its line (a position past the end
/// of a line is its end, as the protocol asks).
pub fn offset(text: &str, index: &LineIndex, pos: Position) -> usize {
    let line = pos.line as usize + 1;
    if line > index.len() {
        return text.len();
    }
    let start = index.line_start(line);
    let raw = &text[start..];
    let mut units = 0u32;
    for (i, c) in raw.char_indices() {
        if c == '\n' || c == '\r' || units >= pos.character {
            return start + i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

/// The LSP position of byte `offset`.
pub fn of_offset(text: &str, index: &LineIndex, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let line = index.line_of(offset);
    let start = index.line_start(line);
    Position::new((line - 1) as u32, utf16_len(text[start..offset].chars()))
}

fn utf16_len(chars: impl Iterator<Item = char>) -> u32 {
    chars.map(|c| c.len_utf16() as u32).sum()
}

/// The local path a `file:` URI names; None for any other scheme or a remote host.
pub fn uri_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let path = if rest.starts_with('/') {
        rest
    } else {
        rest.strip_prefix("localhost")?
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = percent_decode(path)?;
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

/// The `file:` URI of an absolute path.
pub fn path_uri(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut s = String::from("file://");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The text of the line starting at byte `start`, without its ending (a BOM kept).
pub(super) fn raw_line(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())]
}

/// Apply one `contentChanges` entry: the whole text, or a range replaced.
pub(super) fn apply_change(text: &mut String, change: &Value) {
    let Some(new) = change.get("text").and_then(Value::as_str) else {
        return;
    };
    let range: Option<lsp_types::Range> = change
        .get("range")
        .and_then(|r| serde_json::from_value(r.clone()).ok());
    match range {
        None => *text = new.to_owned(),
        Some(r) => {
            let index = LineIndex::new(text);
            let a = offset(text, &index, r.start);
            let b = offset(text, &index, r.end).max(a);
            text.replace_range(a..b, new);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_and_the_bom_editors_keep() {
        let text = "\u{feff}é😀x\nab";
        let index = LineIndex::new(text);
        // cascade's column 3 is `x`: é (1 unit) and 😀 (2 units) come before it, and the BOM.
        assert_eq!(to_lsp(text, &index, 1, 3), Position::new(0, 4));
        assert_eq!(
            offset(text, &index, Position::new(0, 4)),
            text.find('x').unwrap()
        );
        assert_eq!(to_lsp(text, &index, 2, 2), Position::new(1, 1));
        assert_eq!(offset(text, &index, Position::new(1, 99)), text.len());
        assert_eq!(of_offset(text, &index, text.len()), Position::new(1, 2));
    }

    #[test]
    fn file_uris_round_trip_through_paths_with_spaces_and_accents() {
        let p = Path::new("/tmp/a b/é#1.md");
        let uri = path_uri(p);
        assert_eq!(uri, "file:///tmp/a%20b/%C3%A9%231.md");
        assert_eq!(uri_path(&uri).unwrap(), p);
        assert_eq!(uri_path("untitled:Untitled-1"), None);
        assert_eq!(
            uri_path("file://localhost/x.md").unwrap(),
            Path::new("/x.md")
        );
    }
}
