//! Note-level rules: where the note lives, conflict markers, `cascade-disable` directives.

use crate::lint::{Rule, RuleFix, Safety, Severity, Sink, path_parts, unknown_rule_help};
use crate::note::Note;

/// Front matter disagrees with the path.
pub const PATH_MISMATCH: Rule = Rule {
    id: "note/path-mismatch",
    severity: Severity::Error,
    summary: "the note's `report` or `date` differs from its path `notes/<report>/<date>.md`",
    explanation: "\
A note lives at `notes/<report>/<date>.md`, and its front matter says the same. When they
differ (a copied note whose date was not updated, a file renamed by hand), history, carry-over
and the digest would disagree about which meeting it is.

Bad: `notes/alice/2026-11-20.md` with `date: 2026-11-13`.

Good: `notes/alice/2026-11-20.md` with `date: 2026-11-20` (or `git mv` the file).
",
    completion: false,
    quotes_note: true,
    fixes: &[RuleFix {
        safety: Safety::Unsafe,
        does: "renames a note filed under another date to the date its `date:` says (refused if that note exists)",
    }],
};

/// Merge conflict markers.
pub const CONFLICT_MARKERS: Rule = Rule {
    id: "note/conflict-markers",
    severity: Severity::Error,
    summary: "the note contains merge conflict markers (`<<<<<<<`, `=======`, `>>>>>>>`)",
    explanation: "\
An unresolved merge leaves both versions in the file. Actions between the markers are not
counted until the conflict is resolved. The error is at the first marker.

Bad:
```markdown
<<<<<<< HEAD
- [ ] Draft the plan @alice due:2026-11-27
=======
- [x] Draft the plan @alice due:2026-11-27
>>>>>>> laptop
```

Good: keep one side, delete the markers, commit.
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// A rule id cascade does not know, in a directive or in `cascade.toml`.
pub const UNKNOWN_RULE: Rule = Rule {
    id: "lint/unknown-rule",
    severity: Severity::Warning,
    summary: "`cascade-disable` or `[lint.rules]` names a rule that does not exist",
    explanation: "\
A misspelt rule id would silence nothing, silently. `<!-- cascade-disable RULE -->` in a note
and `[lint.rules]` in `cascade.toml` must name ids that `cascade rules` lists.

Bad:
```markdown
<!-- cascade-disable steps/placeholders -->
```

Good:
```markdown
<!-- cascade-disable steps/placeholder -->
```
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// The rules of this family.
pub const RULES: &[Rule] = &[PATH_MISMATCH, CONFLICT_MARKERS, UNKNOWN_RULE];

/// Path against front matter, conflict markers, unknown directive ids.
pub fn check(note: &Note, sink: &mut Sink) {
    if let Some(line) = note.conflict_line {
        sink.emit(&CONFLICT_MARKERS, line, 1, || {
            (
                "unresolved merge conflict marker".into(),
                Some(
                    "resolve the conflict: keep one side and delete the `<<<<<<<`, `=======` and `>>>>>>>` lines"
                        .into(),
                ),
            )
        });
    }
    for d in &note.directives {
        if crate::lint::rules::find(&d.rule).is_none() {
            sink.emit(&UNKNOWN_RULE, d.line, d.column, || {
                (
                    format!("`cascade-disable` names an unknown rule `{}`", d.rule),
                    Some(unknown_rule_help(&d.rule)),
                )
            });
        }
    }
    let (Some(report), Some(date)) = (&note.meta.report, &note.meta.date) else {
        return;
    };
    let rel = sink.rel;
    if crate::notebook::is_note_rel_path(rel, &report.value, date.value) {
        return;
    }
    let expected = crate::notebook::note_rel_path(&report.value, date.value);
    let Some((r, d)) = path_parts(rel) else {
        sink.emit(&PATH_MISMATCH, 1, 1, || {
            (
                format!("the note is at {rel}, not at {expected}"),
                Some(format!("move it: `git mv {rel} {expected}`")),
            )
        });
        return;
    };
    // Both can be wrong at once; reporting only the first would hide the second until the
    // first is fixed. Neither fires for `.markdown`: same meeting, other extension.
    if r != report.value {
        sink.emit(&PATH_MISMATCH, report.line, report.column, || {
            (
                format!(
                    "`report: {}` but the note is in the folder of `{r}` ({rel})",
                    report.value
                ),
                Some(format!(
                    "fix `report`, or move the note: `git mv {rel} {expected}`"
                )),
            )
        });
    }
    if d != date.value {
        sink.emit(&PATH_MISMATCH, date.line, date.column, || {
            (
                format!(
                    "`date: {}` but the file is named for {d} ({rel})",
                    date.value
                ),
                Some(format!(
                    "fix `date`, or rename the note: `git mv {rel} {expected}`"
                )),
            )
        });
    }
}
