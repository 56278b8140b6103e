//! People rules: everyone named is in `[people]`, and every report is met on time.

use crate::lint::{Rule, Severity, Sink};
use crate::note::Note;

/// A report or owner not in `[people]`.
pub const UNKNOWN: Rule = Rule {
    id: "people/unknown",
    severity: Severity::Warning,
    summary: "a `report` or `@owner` is not in `[people]` of cascade.toml (nor an alias, nor `me`)",
    explanation: "\
Handles are how cascade follows a person across notes, statuses and digests; a typo (`@alcie`)
starts a new person. Add the person with `cascade person add`, or an alias to an existing one.

Bad:
```markdown
- [ ] Update the forecast @alcie due:2026-11-27
```

Good:
```markdown
- [ ] Update the forecast @alice due:2026-11-27
```
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// The report's latest meeting is older than the cadence.
pub const CADENCE_OVERDUE: Rule = Rule {
    id: "cadence/overdue",
    severity: Severity::Warning,
    summary: "a report's latest meeting is older than their cadence (reported on that note)",
    explanation: "\
Each report is met every `cadence_days` (the note's, else the person's in `cascade.toml`, else
`default_cadence_days`). The warning is on the report's latest note, and goes away when the
next note is written.

Bad (today is 2026-11-24, cadence 14 days): the latest note of bob is
`notes/bob/2026-10-20.md`.

Good: `cascade new bob` and hold the meeting.
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// The rules of this family.
pub const RULES: &[Rule] = &[UNKNOWN, CADENCE_OVERDUE];

/// Known handles; cadence of the latest note.
pub fn check(note: &Note, sink: &mut Sink) {
    let known = &sink.cx.known;
    let suggest = |h: &str| -> Option<String> {
        Some(
            match crate::notebook::closest(h, known.iter().map(String::as_str)) {
                Some(c) => format!("did you mean `{c}`? Or add them: `cascade person add {h}`"),
                None => format!("add them: `cascade person add {h}`"),
            },
        )
    };
    if let Some(r) = &note.meta.report
        && !known.contains(&r.value)
    {
        sink.emit(&UNKNOWN, r.line, r.column, || {
            (
                format!("report `{}` is not in [people] of cascade.toml", r.value),
                suggest(&r.value),
            )
        });
    }
    let mut seen: Vec<&str> = Vec::new();
    for a in &note.actions {
        for o in &a.owners {
            if !known.contains(o) && !seen.contains(&o.as_str()) {
                seen.push(o);
                sink.emit(&UNKNOWN, a.line, a.column, || {
                    (
                        format!("owner `@{o}` is not in [people] of cascade.toml"),
                        suggest(o),
                    )
                });
            }
        }
    }
    if !sink.latest {
        return;
    }
    let (Some(date), Some(report)) = (&note.meta.date, super::actions::report_of(note, sink))
    else {
        return;
    };
    let cadence = note
        .meta
        .cadence_days
        .as_ref()
        .map_or_else(|| sink.cx.nb.cadence_for(&report), |c| c.value);
    let age = crate::dates::days_between(date.value, sink.cx.today);
    if age > i64::from(cadence) {
        sink.emit(&CADENCE_OVERDUE, date.line, date.column, || {
            let message = format!(
                "the last meeting with {report} was {age} days ago; the cadence is {cadence} days"
            );
            (
                message,
                Some(format!("hold the next one: `cascade new {report}`")),
            )
        });
    }
}
