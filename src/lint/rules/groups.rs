//! Group rules: once `[groups]` declares the groups conclusions and actions go to, every
//! `share:` and `share_with` names one of them.

use crate::lint::{Rule, Severity, Sink};
use crate::note::Note;

/// A `share:` or `share_with` group not declared in `[groups]`.
pub const UNKNOWN: Rule = Rule {
    id: "groups/unknown",
    severity: Severity::Error,
    summary: "a group in `share:` or `share_with` is not declared in `[groups]` of cascade.toml",
    explanation: "\
Once `[groups]` of cascade.toml declares a group, the digest's audiences are those groups: a
misspelt one (`share:salse`) would quietly open a section of the digest that nobody reads, and
the conclusion or action would never reach the group it was meant for. Correct the name, or
declare the group. While `[groups]` declares none, any group may be named and this rule is
silent.

Bad (`[groups.sales]` and `[groups.finance]` declared):
```markdown
- Freeze Q1 hiring until the pipeline recovers. share:salse
```

Good:
```markdown
- Freeze Q1 hiring until the pipeline recovers. share:sales
```
",
    completion: false,
    quotes_note: true,
};

/// The rules of this family.
pub const RULES: &[Rule] = &[UNKNOWN];

/// Every group the note names, in `share_with`, on conclusions and on actions, is declared.
pub fn check(note: &Note, sink: &mut Sink) {
    let config = &sink.cx.nb.config;
    if config.groups.is_empty() {
        return;
    }
    let mut found: Vec<(usize, usize, String, &str)> = Vec::new();
    for g in &note.meta.share_with {
        found.push((g.line, g.column, g.value.clone(), "`share_with`"));
    }
    let shares = note
        .conclusions
        .iter()
        .map(|c| (c.line, &c.share, "`share:` of a conclusion"))
        .chain(
            note.actions
                .iter()
                .map(|a| (a.line, &a.share, "`share:` of an action")),
        );
    for (line, groups, what) in shares {
        for g in groups {
            found.push((line, share_column(note, line, g), g.clone(), what));
        }
    }
    for (line, column, group, what) in found {
        if !config.group_declared(&group) {
            sink.emit(
                &UNKNOWN,
                line,
                column,
                format!("group `{group}` in {what} is not declared in [groups] of cascade.toml"),
                Some(config.undeclared_group_help(&group)),
            );
        }
    }
}

/// The 1-based column of `group` in a `share:` token of `line` (as the scanner read it:
/// case-folded, trailing punctuation trimmed), else 1.
fn share_column(note: &Note, line: usize, group: &str) -> usize {
    let text = note.index.line_text(note.text, line);
    for (start, _) in text.match_indices("share:") {
        if text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace())
        {
            continue;
        }
        let rest = &text[start + "share:".len()..];
        let token = &rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())];
        let mut offset = start + "share:".len();
        for part in token.split(',') {
            let name = part.trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
            if name.to_lowercase() == group {
                return crate::text::column_in_line(text, offset);
            }
            offset += part.len() + 1;
        }
    }
    1
}
