//! Identity rules: where one action, followed across a report's notes by the action model
//! ([`crate::actions`]), reads differently from one note to the next.
//!
//! Findings never quote an action's text: they name notes, lines and days, so a finding on a
//! public copy says nothing of a private one.

use std::collections::HashMap;

use jiff::civil::Date;

use crate::actions::{Action, Closed, Ledger};
use crate::lint::fix::Hint;
use crate::lint::{Across, Rule, RuleFix, Safety, Severity};
use crate::note::ActionState;

/// A copy still open in a note newer than the one whose tick or drop closed the action.
pub const STALE_COPY: Rule = Rule {
    id: "actions/stale-copy",
    severity: Severity::Warning,
    summary: "a copy of an action is still open after another copy closed it",
    explanation: "\
An action carried into newer notes has a copy in each. Its state is the copy written last
(by commit, uncommitted edits newest), wherever it is: a tick in an older note, after the
action was carried, closes it. The copy still open in the newer note then tells whoever reads
that note that the action is open: tick it too (`[x]`, or `[-]` for a dropped action).

Bad (the 2026-11-10 note was ticked after the 2026-11-17 note carried the action):
```markdown
<!-- notes/alice/2026-11-10.md -->
- [x] Send the forecast @alice due:2026-11-20
<!-- notes/alice/2026-11-17.md -->
- [ ] Send the forecast @alice due:2026-11-20 (from 2026-11-10)
```

Good:
```markdown
<!-- notes/alice/2026-11-17.md -->
- [x] Send the forecast @alice due:2026-11-20 (from 2026-11-10)
```
",
    completion: false,
    quotes_note: true,
    fixes: &[RuleFix {
        safety: Safety::Safe,
        does: "writes the open copy's marker as the copy that closed the action (`[x]` or `[-]`)",
    }],
};

/// An open action that the report's next note did not carry, and nobody closed.
pub const NOT_CARRIED: Rule = Rule {
    id: "actions/not-carried",
    severity: Severity::Warning,
    summary: "an open action was not carried into the report's next note",
    explanation: "\
`cascade new` carries every open action of a report into its next note, marked `(from DATE)`.
An open action that a newer note of the report does not hold, and that no note closed, was
lost on the way (a carried line deleted, or a note written by hand): it stays open in an old
note nobody reads again. The finding points at the line where it was last written: tick it
(`[x]`), drop it (`[-]`), or carry it by copying the line, with `(from DATE)`, into the newest
note. Notes dated after today (agendas) do not count.

Bad (notes/alice/2026-11-17.md has no copy of it):
```markdown
<!-- notes/alice/2026-11-10.md -->
- [ ] Send the forecast @alice due:2026-11-20
```

Good:
```markdown
<!-- notes/alice/2026-11-17.md -->
- [ ] Send the forecast @alice due:2026-11-20 (from 2026-11-10)
```
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// A line that could continue several actions.
pub const AMBIGUOUS: Rule = Rule {
    id: "actions/ambiguous",
    severity: Severity::Warning,
    summary: "cascade cannot tell which action a carried line continues",
    explanation: "\
A line with `(from DATE)` continues the action born on DATE with the same words, else the one
whose words it shares most. When two actions of that day are as close to it as each other, or
several reworded lines could each be the one action left, cascade picks one and says so here:
the state written on this line may be counted for the wrong action. Keep the words of the line
it continues (reword less), or keep one carried line per action.

Bad (two actions were born on 2026-11-10):
```markdown
<!-- notes/alice/2026-11-10.md -->
- [ ] Call the bank about the loan @alice due:2026-11-20
- [ ] Call the bank about the lease @alice due:2026-11-20
<!-- notes/alice/2026-11-17.md -->
- [x] Call the bank @alice due:2026-11-20 (from 2026-11-10)
```

Good:
```markdown
<!-- notes/alice/2026-11-17.md -->
- [x] Call the bank about the loan @alice due:2026-11-20 (from 2026-11-10)
```
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// The rules of this family.
pub const RULES: &[Rule] = &[STALE_COPY, NOT_CARRIED, AMBIGUOUS];

/// Copies left open after a close, open actions left behind, lines linked by a guess.
pub fn check_across(ledger: &Ledger, out: &mut Across) {
    let next = next_notes(out);
    for a in &ledger.actions {
        stale(a, out);
        not_carried(a, &next, out);
    }
    for amb in &ledger.ambiguous {
        out.emit(&AMBIGUOUS, (&amb.path, amb.line), false, || {
            let names: Vec<String> = amb
                .candidates
                .iter()
                .map(|(p, l)| format!("{p}:{l}"))
                .collect();
            let message = if names.len() > 1 {
                format!(
                    "this line could continue any of {} actions, last written at {}",
                    names.len(),
                    names.join(", ")
                )
            } else {
                format!(
                    "several reworded lines here could each continue the action last written at {}",
                    names.join(", ")
                )
            };
            (
                message,
                Some(
                    "keep the words of the line it continues (reword less), or keep one carried line per action"
                        .into(),
                ),
            )
        });
    }
}

/// A report's dated notes, (date, path) in notes order, and whether their dates are in that
/// order too.
type Dated<'a> = (Vec<(Date, &'a str)>, bool);

/// Each report's held notes with their dates.
fn next_notes<'a>(out: &Across<'a>) -> HashMap<&'a str, Dated<'a>> {
    let mut by_report: HashMap<&str, Vec<(Date, &str)>> = HashMap::new();
    for n in out.notes {
        if let Some(d) = n.date {
            by_report
                .entry(n.report.as_str())
                .or_default()
                .push((d, n.rel.as_str()));
        }
    }
    by_report
        .into_iter()
        .map(|(r, notes)| {
            let sorted = notes.is_sorted_by_key(|(d, _)| *d);
            (r, (notes, sorted))
        })
        .collect()
}

/// Open copies in notes newer than the closing one: each a tick to make.
fn stale(a: &Action, out: &mut Across) {
    let Some(closer) = a.closer.map(|i| &a.copies[i]) else {
        return;
    };
    let (verb, mark) = match a.state {
        ActionState::Done => ("ticked done", "[x]"),
        ActionState::Dropped => ("dropped", "[-]"),
        ActionState::Open => return,
    };
    let when = || match &a.closed {
        Some(Closed::On(d, _)) => format!(" on {d}"),
        Some(Closed::Before(d)) => format!(" before {d}"),
        Some(Closed::After(d)) => format!(" after {d}"),
        Some(Closed::Unknown) | None => String::new(),
    };
    for c in a.stale_copies() {
        out.emit_fixable(
            &STALE_COPY,
            (&c.path, c.line),
            false,
            || {
                (
                    format!(
                        "still open here, but the action was {verb} in {}:{}{}",
                        closer.path,
                        closer.line,
                        when()
                    ),
                    Some(format!(
                        "mark this copy `{mark}` too (or run `cascade action {} {}:{}`)",
                        if mark == "[x]" { "done" } else { "drop" },
                        c.path,
                        c.line
                    )),
                )
            },
            Some(Hint::Mark(
                a.state,
                crate::lint::fix::digest(c.texts.identity()),
            )),
        );
    }
}

/// An open action whose newest copy is in a note older than the report's newest held note.
fn not_carried(a: &Action, next: &HashMap<&str, Dated>, out: &mut Across) {
    if a.state != ActionState::Open {
        return;
    }
    let c = a.latest();
    let Some(written) = c.note_date else {
        return;
    };
    let Some((notes, sorted)) = next.get(&*a.report) else {
        return;
    };
    // The first and the last of the report's notes dated after `written`, in notes order.
    let first = if *sorted {
        // Dates in notes order (a report's notes named by their dates): halve, do not scan
        // every note for every open action.
        notes.get(notes.partition_point(|(d, _)| *d <= written))
    } else {
        notes.iter().find(|(d, _)| *d > written)
    };
    let (Some((next_day, next_path)), Some((_, newest))) =
        (first, notes.iter().rfind(|(d, _)| *d > written))
    else {
        return;
    };
    let from = a.opened.unwrap_or(written);
    out.emit(&NOT_CARRIED, (&c.path, c.line), false, || {
        (
            format!(
                "still open, last written here: {next_path}, the report's next note ({next_day}), does not carry it and no note closed it"
            ),
            Some(format!(
                "tick it `[x]` or drop it `[-]` here, or carry it: copy the line with `(from {from})` into {newest} (`cascade new` carries every open action)"
            )),
        )
    });
}
