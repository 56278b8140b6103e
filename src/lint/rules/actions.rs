//! Action rules: step 6, who does what by when.

use crate::actions::Ledger;
use crate::lint::{Across, Rule, Severity, Sink};
use crate::note::{ActionState, Note, Step};

/// An open action with no `@owner`.
pub const OWNER: Rule = Rule {
    id: "actions/owner",
    severity: Severity::Error,
    summary: "an open action has no `@owner`",
    explanation: "\
An action nobody owns is not done. Name one owner (or more) with `@handle`.

Bad:
```markdown
- [ ] Send the forecast to finance due:2026-11-27
```

Good:
```markdown
- [ ] Send the forecast to finance @alice due:2026-11-27
```
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// An open action with no `due:` date.
pub const DUE: Rule = Rule {
    id: "actions/due",
    severity: Severity::Error,
    summary: "an open action has no `due:` date",
    explanation: "\
Without a due date an action cannot be overdue, so it is never followed up. Give every open
action a `due:YYYY-MM-DD`.

Bad:
```markdown
- [ ] Send the forecast to finance @alice
```

Good:
```markdown
- [ ] Send the forecast to finance @alice due:2026-11-27
```
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// A `due:` or `(from …)` that is not a real date.
pub const DATE_INVALID: Rule = Rule {
    id: "actions/date-invalid",
    severity: Severity::Error,
    summary: "an action's `due:` or `(from …)` is not a real date written YYYY-MM-DD",
    explanation: "\
Dates are written `YYYY-MM-DD` and must exist: `2026-02-30`, `2026-13-01`, `next-tuesday` and
`20260105` are refused. The error points at the token.

Bad:
```markdown
- [ ] Book the offsite @bob due:2026-02-30
```

Good:
```markdown
- [ ] Book the offsite @bob due:2026-02-27
```
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// An open action past its due date.
pub const OVERDUE: Rule = Rule {
    id: "actions/overdue",
    severity: Severity::Warning,
    summary: "an open action is past its due date",
    explanation: "\
An action is followed across the report's notes (see `actions/stale-copy`): it is reported
once, on its latest copy (the newest note that holds it), and only while it is open, wherever
it was ticked. `cascade actions --overdue` lists the same actions. Notes dated after today
(agendas) do not count. Tick it (`[x]`), drop it (`[-]`) or give it a new date.

Bad (today is 2026-11-24):
```markdown
- [ ] Send the forecast @alice due:2026-11-10
```

Good:
```markdown
- [x] Send the forecast @alice due:2026-11-10
```
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// The report owns none of the actions.
pub const REPORT_OWNS_NONE: Rule = Rule {
    id: "actions/report-owns-none",
    severity: Severity::Warning,
    summary: "the report owns none of the note's actions",
    explanation: "\
In a cascading action the report implements the decision in their own area: a meeting after
which only the supervisor has something to do did not delegate anything.

Bad (report: alice):
```markdown
## Cascading actions
- [ ] Share the conclusion with finance @dana due:2026-11-27
```

Good:
```markdown
## Cascading actions
- [ ] Share the conclusion with finance @dana due:2026-11-27
- [ ] Re-plan the Q1 pipeline with the team @alice due:2026-12-04
```
",
    completion: true,
    quotes_note: true,
    fixes: &[],
};

/// The rules of this family.
pub const RULES: &[Rule] = &[OWNER, DUE, DATE_INVALID, OVERDUE, REPORT_OWNS_NONE];

/// Owner, due date and dates of each action; one owned by the report.
pub fn check(note: &Note, sink: &mut Sink) {
    for a in &note.actions {
        for (token, key) in [(&a.due, "due:"), (&a.from, "(from ")] {
            if let Some(t) = token
                && let Err(why) = &t.date
            {
                sink.emit(&DATE_INVALID, a.line, t.column, || {
                    (
                        format!("`{key}{}`: {why}", t.raw),
                        Some("write a real date as YYYY-MM-DD, e.g. `due:2026-12-01`".into()),
                    )
                });
            }
        }
        if a.state != ActionState::Open {
            continue;
        }
        if a.owners.is_empty() {
            sink.emit(&OWNER, a.line, a.column, || {
                (
                    "this open action has no owner".into(),
                    Some("add `@handle` of who does it".into()),
                )
            });
        }
        if a.due.is_none() {
            sink.emit(&DUE, a.line, a.column, || {
                (
                    "this open action has no due date".into(),
                    Some("add `due:YYYY-MM-DD`".into()),
                )
            });
        }
    }
    let Some(section) = note.section(Step::CascadingActions) else {
        return;
    };
    if section.content_lines.is_empty() {
        return; // steps/empty
    }
    let Some(report) = report_of(note, sink) else {
        return;
    };
    let aliases: Vec<&str> = sink
        .cx
        .nb
        .config
        .people
        .get(report.as_str())
        .map(|p| p.aliases.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let owned = note.actions.iter().any(|a| {
        a.owners
            .iter()
            .any(|o| *o == report || aliases.contains(&o.as_str()))
    });
    if !owned {
        sink.emit(&REPORT_OWNS_NONE, section.line, 1, || {
            (
                format!("no action is owned by the report, @{report}"),
                Some(format!(
                    "add what {report} will do in their area: `- [ ] … @{report} due:YYYY-MM-DD`"
                )),
            )
        });
    }
}

/// Each open action past its due date, once, on its latest copy: what `cascade actions
/// --overdue` lists.
pub fn check_across(ledger: &Ledger, out: &mut Across) {
    let today = out.today;
    for a in ledger
        .actions
        .iter()
        .filter(|a| a.state == ActionState::Open)
    {
        let c = a.latest();
        let Some(d) = c.due.filter(|d| *d < today) else {
            continue;
        };
        out.emit(&OVERDUE, (&c.path, c.line), true, || {
            let late = crate::dates::days_between(d, today);
            (
                format!(
                    "due {d}, {late} day{} ago, still open",
                    if late == 1 { "" } else { "s" }
                ),
                Some("tick it `[x]`, drop it `[-]`, or set a new `due:`".into()),
            )
        });
    }
}

/// The note's report: front matter, else the folder of its path.
pub(crate) fn report_of(note: &Note, sink: &Sink) -> Option<String> {
    note.meta
        .report
        .as_ref()
        .map(|r| r.value.clone())
        .or_else(|| crate::lint::path_parts(sink.rel).map(|(r, _)| r.to_owned()))
}
