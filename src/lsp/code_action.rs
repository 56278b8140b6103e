//! Code actions on findings: "Disable RULE for this note", and the fixes `lint --fix` makes.

use lsp_types::{Position, TextEdit};

use super::position::of_offset;
use crate::lint::Diagnostic;
use crate::note::{Note, Split};

/// A code action as the server offers it: a title and the edits to the note that do it.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// What the editor shows.
    pub title: String,
    /// The rule it concerns.
    pub rule: &'static str,
    /// The edits to the note's text.
    pub edits: Vec<TextEdit>,
    /// An edit that fixes the finding (a quick fix), not one that silences it.
    pub fix: bool,
}

/// The actions offered for `findings` (those of the note in the range asked about).
pub fn actions(note: &Note, findings: &[&Diagnostic]) -> Vec<Edit> {
    let mut out = Vec::new();
    for d in findings {
        out.extend(fixes(note, d));
    }
    let mut disabled: Vec<&str> = Vec::new();
    for d in findings {
        if disabled.contains(&d.rule) {
            continue;
        }
        if let Some(e) = disable(note, d.rule) {
            disabled.push(d.rule);
            out.push(e);
        }
    }
    out
}

/// The fix of a finding, exactly as `cascade lint --fix` (or `--unsafe-fixes`, said in its
/// title) would make it. A rename of the note is left to `cascade lint --fix --unsafe-fixes`:
/// an editor would have to move the open buffer.
pub fn fixes(note: &Note, finding: &Diagnostic) -> Vec<Edit> {
    let Some(f) = crate::lint::fix::fix_of(note.text, &finding.path, finding) else {
        return Vec::new();
    };
    if f.rename.is_some() || f.edits.is_empty() {
        return Vec::new();
    }
    let at = |offset| of_offset(note.text, &note.index, offset);
    vec![Edit {
        title: match f.safety {
            crate::lint::Safety::Safe => f.title,
            crate::lint::Safety::Unsafe => format!("{} (unsafe: check the meaning)", f.title),
        },
        rule: f.rule,
        edits: f
            .edits
            .iter()
            .map(|e| TextEdit {
                range: lsp_types::Range::new(at(e.range.start), at(e.range.end)),
                new_text: e.text.clone(),
            })
            .collect(),
        fix: true,
    }]
}

/// "Disable RULE for this note": a `<!-- cascade-disable RULE -->` line where the body starts
/// (directives are read in the body). None where a directive cannot work: rules on the file
/// itself, checked before the note is read, and a note whose body cannot be told apart from
/// its front matter.
fn disable(note: &Note, rule: &'static str) -> Option<Edit> {
    if rule.starts_with("file/") || rule.starts_with("internal/") || !note.body_parsed {
        return None;
    }
    let at = match &note.split {
        Split::Present(f) => f.body_start,
        Split::Missing { .. } => 0,
        Split::Unterminated => return None,
    };
    let text = note.text;
    let line = format!("<!-- cascade-disable {rule} -->");
    let ending = crate::text::line_ending_of(text);
    // A file ending on the closing fence, without a newline, gets one first.
    let new_text = if at == text.len() && !text.is_empty() && !text.ends_with(['\n', '\r']) {
        format!("{ending}{line}{ending}")
    } else {
        format!("{line}{ending}")
    };
    // Before a BOM's end, never inside it.
    let at = if at == 0 && text.starts_with(crate::text::BOM) {
        crate::text::BOM.len()
    } else {
        at
    };
    let pos: Position = of_offset(text, &note.index, at);
    Some(Edit {
        title: format!("Disable {rule} for this note"),
        rule,
        edits: vec![TextEdit {
            range: lsp_types::Range::new(pos, pos),
            new_text,
        }],
        fix: false,
    })
}
