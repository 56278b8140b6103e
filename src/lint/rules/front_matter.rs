//! Front matter rules: the YAML block that says who met whom, when, and for how long.

use crate::lint::{Rule, Severity, Sink};
use crate::note::{Note, ProblemKind, Split};

/// YAML not well-formed, not a mapping, or an unterminated fence.
pub const PARSE: Rule = Rule {
    id: "front-matter/parse",
    severity: Severity::Error,
    summary: "the front matter is not valid YAML, not a mapping, or has no closing `---`",
    explanation: "\
The front matter is the YAML between a `---` on the first line and the next line holding only
`---` (or `...`). The error points at the line of the file where the YAML breaks.

Bad:
```markdown
---
date: 2026-11-20
report: alice
  supervisor: dana
---
```

Good:
```markdown
---
date: 2026-11-20
report: alice
supervisor: dana
---
```
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// No front matter.
pub const MISSING: Rule = Rule {
    id: "front-matter/missing",
    severity: Severity::Error,
    summary: "the note does not start with a `---` front matter block",
    explanation: "\
Every note starts with front matter on line 1: nothing may come before the opening `---`, not
even a blank line. When a `---` block is found further down, the help line says where.

Bad:
```markdown
# 1:1 Alice
---
date: 2026-11-20
---
```

Good:
```markdown
---
date: 2026-11-20
report: alice
supervisor: dana
---
# 1:1 Alice
```
",
    completion: false,
    quotes_note: false,
    fixes: &[],
};

/// date, report or supervisor missing.
pub const REQUIRED: Rule = Rule {
    id: "front-matter/required",
    severity: Severity::Error,
    summary: "`date`, `report` or `supervisor` is missing from the front matter",
    explanation: "\
`date`, `report` and `supervisor` say which meeting the note is; without them it cannot be
placed in a report's history, a status or a digest.

Bad:
```yaml
date: 2026-11-20
```

Good:
```yaml
date: 2026-11-20
report: alice
supervisor: dana
```
",
    completion: false,
    quotes_note: false,
    fixes: &[],
};

/// A known key with a value of the wrong type.
pub const TYPE: Rule = Rule {
    id: "front-matter/type",
    severity: Severity::Error,
    summary: "a front matter value has the wrong type (e.g. a date that is not YYYY-MM-DD)",
    explanation: "\
Each key takes one type: `date` a real date written `YYYY-MM-DD`, `report` and `supervisor` a
handle, `duration_min` and `cadence_days` positive numbers, `share_with` and `tags` lists,
`private` true or false. The error is at the value's line.

Bad:
```yaml
date: 2026-02-30
duration_min: ninety
```

Good:
```yaml
date: 2026-02-27
duration_min: 90
```
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// A key the format does not know.
pub const UNKNOWN_KEY: Rule = Rule {
    id: "front-matter/unknown-key",
    severity: Severity::Warning,
    summary: "a front matter key cascade does not know (often a typo)",
    explanation: "\
An unknown key is never silently dropped: it is usually a typo of a known one, and the help
line suggests the closest. Known keys: date, report, supervisor, duration_min, cadence_days,
share_with, tags, indicators, private.

Bad:
```yaml
duraton_min: 45
```

Good:
```yaml
duration_min: 45
```
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// The rules of this family.
pub const RULES: &[Rule] = &[PARSE, MISSING, REQUIRED, TYPE, UNKNOWN_KEY];

/// Map the note model's front matter problems to rules; check required keys.
pub fn check(note: &Note, sink: &mut Sink) {
    let mut parse_failed = false;
    for p in &note.problems {
        let rule = match p.kind {
            ProblemKind::Parse => {
                parse_failed = true;
                &PARSE
            }
            ProblemKind::Missing => &MISSING,
            ProblemKind::Type => &TYPE,
            ProblemKind::UnknownKey => &UNKNOWN_KEY,
            ProblemKind::IndicatorType => continue, // indicators/type
        };
        sink.emit(rule, p.line, p.column, || {
            (p.message.clone(), p.help.clone())
        });
    }
    let Split::Present(fence) = &note.split else {
        return;
    };
    if parse_failed {
        return;
    }
    let present = [
        ("date", note.meta.date.is_some(), "date: 2026-11-20"),
        ("report", note.meta.report.is_some(), "report: alice"),
        (
            "supervisor",
            note.meta.supervisor.is_some(),
            "supervisor: dana",
        ),
    ];
    for (key, found, example) in present {
        if !found && !note.key_mistyped(key) {
            sink.emit(&REQUIRED, fence.close_line, 1, || {
                (
                    format!("the front matter has no `{key}`"),
                    Some(format!("add `{example}` before this closing `---`")),
                )
            });
        }
    }
}
