//! Group rules: once `[groups]` declares the groups conclusions and actions go to, every
//! `share:` and `share_with` names one of them.

use std::collections::HashSet;

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
    fixes: &[],
};

/// The rules of this family.
pub const RULES: &[Rule] = &[UNKNOWN];

/// Every group the note names, in `share_with`, on conclusions and on actions, is declared.
/// One finding per line, at its first undeclared group: a line may name thousands.
pub fn check(note: &Note, sink: &mut Sink) {
    let config = &sink.cx.nb.config;
    if config.groups.is_empty() {
        return;
    }
    // (line, column, group, where, how many more on the line)
    let mut found: Vec<(usize, usize, &str, &str, usize)> = Vec::new();
    for g in note
        .meta
        .share_with
        .iter()
        .filter(|g| !config.group_declared(&g.value))
    {
        match found.last_mut() {
            Some(last) if last.0 == g.line => last.4 += 1,
            _ => found.push((g.line, g.column, &g.value, "`share_with`", 0)),
        }
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
        let mut seen = HashSet::new();
        let unknown: Vec<&str> = groups
            .iter()
            .map(String::as_str)
            .filter(|g| !config.group_declared(g) && seen.insert(*g))
            .collect();
        let Some(first) = unknown.first() else {
            continue;
        };
        let column = share_column(note.index.line_text(note.text, line), first);
        found.push((line, column, first, what, unknown.len() - 1));
    }
    for (line, column, group, what, more) in found {
        let more = if more > 0 {
            format!(" (and {more} more on this line)")
        } else {
            String::new()
        };
        sink.emit(&UNKNOWN, line, column, || {
            (
                format!(
                    "group `{group}` in {what} is not declared in [groups] of cascade.toml{more}"
                ),
                Some(config.undeclared_group_help(group)),
            )
        });
    }
}

/// The 1-based column of `group` in the `share:` tokens of `line`, by the name the scanner
/// reads (case-folded, trailing punctuation trimmed), else 1.
fn share_column(line: &str, group: &str) -> usize {
    for (start, _) in line.match_indices("share:") {
        if line[..start]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace())
        {
            continue;
        }
        let rest = &line[start + "share:".len()..];
        let token = &rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())];
        let mut offset = start + "share:".len();
        for part in token.split(',') {
            let name = part.trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
            if name.to_lowercase() == group {
                return crate::text::column_in_line(line, offset);
            }
            offset += part.len() + 1;
        }
    }
    1
}
