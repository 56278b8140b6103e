//! `cascade lint --diff`: what the fixes would change, as a unified diff, private text never
//! shown.

use std::collections::HashSet;
use std::fmt::Write as _;

use similar::{ChangeTag, TextDiff, udiff::UnifiedHunkHeader};

use super::run::Planned;
use crate::note::{Note, Step};

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// The unified diff of one note's planned fixes. A line of a private part, shown as context
/// or changed, reads `(private line, not shown)`; for a private note, or an edit inside a
/// private part, only the numbers of the lines changed are given, and why.
pub fn diff(p: &Planned) -> String {
    let to = p.applied.rename.as_deref().unwrap_or(&p.rel);
    let mut s = String::new();
    if to != p.rel {
        let _ = writeln!(s, "rename from {}\nrename to {to}", p.rel);
    }
    // Only decoded notes are planned; a lossy read would be a bug, so show nothing of it.
    let Ok(before) = std::str::from_utf8(&p.before) else {
        return s;
    };
    let after = p.applied.text.as_str();
    if before == after {
        return s;
    }
    let _ = writeln!(s, "--- a/{}\n+++ b/{to}", p.rel);
    // A lone CR ends a line for the note's parser but not for the diff: the line numbers of
    // private parts could not be trusted.
    let lone_cr = |t: &str| t.split('\r').skip(1).any(|rest| !rest.starts_with('\n'));
    if p.private_note || p.private_part || lone_cr(before) || lone_cr(after) {
        let lines: Vec<String> = p.applied.lines.iter().map(usize::to_string).collect();
        let _ = writeln!(
            s,
            "# lines changed: {} (not shown: {})",
            lines.join(", "),
            if p.private_note {
                "the note is private"
            } else if p.private_part {
                "the change is in a private part"
            } else {
                "the note ends lines with a lone CR"
            }
        );
        return s;
    }
    let (old_private, new_private) = (private_lines(before), private_lines(after));
    let d = TextDiff::from_lines(before, after);
    for group in d.grouped_ops(CONTEXT) {
        let _ = writeln!(s, "{}", UnifiedHunkHeader::new(&group));
        for op in &group {
            for c in d.iter_changes(op) {
                let sign = match c.tag() {
                    ChangeTag::Equal => ' ',
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                };
                let private = c
                    .old_index()
                    .is_some_and(|i| old_private.contains(&(i + 1)))
                    || c.new_index()
                        .is_some_and(|i| new_private.contains(&(i + 1)));
                let value = c.value();
                if private {
                    let _ = writeln!(s, "{sign}(private line, not shown)");
                } else {
                    s.push(sign);
                    s.push_str(value);
                }
                if !value.ends_with('\n') {
                    s.push_str("\n\\ No newline at end of file\n");
                }
            }
        }
    }
    s
}

/// The 1-based lines of a note's private parts, headings included.
fn private_lines(text: &str) -> HashSet<usize> {
    let n = Note::parse(text);
    n.sections
        .iter()
        .filter(|s| s.step == Step::Private)
        .flat_map(|s| s.line..s.end_line)
        .collect()
}
