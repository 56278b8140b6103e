//! Leverage rules: step 1, a small time investment that improves weeks of work.

use crate::lint::{Rule, Severity, Sink};
use crate::note::{Note, Split};

/// No meeting length: leverage cannot be computed.
pub const MISSING: Rule = Rule {
    id: "leverage/missing",
    severity: Severity::Warning,
    summary: "the note has no `duration_min`, so the meeting's leverage cannot be computed",
    explanation: "\
Leverage is the report's working hours until the next meeting divided by the hours the
meeting took: 90 minutes that shape two weeks of work is a leverage of about 50. The digest and
`cascade status` compute it from `duration_min`; without it they fall back to the notebook's
`default_duration_min`, which is a guess.

`cascade new` leaves `duration_min:` blank for you to fill after the meeting; until then the
note is reported, and counted as `default_duration_min`.

Bad:
```yaml
date: 2026-11-20
report: alice
supervisor: dana
duration_min:
```

Good:
```yaml
date: 2026-11-20
report: alice
supervisor: dana
duration_min: 45
```
",
    completion: true,
    quotes_note: false,
    fixes: &[],
};

/// The rules of this family.
pub const RULES: &[Rule] = &[MISSING];

/// `duration_min` present (or wrongly typed, which `front-matter/type` reports).
pub fn check(note: &Note, sink: &mut Sink) {
    let Split::Present(fence) = &note.split else {
        return;
    };
    let parse_failed = note
        .problems
        .iter()
        .any(|p| p.kind == crate::note::ProblemKind::Parse);
    if note.meta.duration_min.is_some() || parse_failed || note.key_mistyped("duration_min") {
        return;
    }
    match &note.meta.duration_min_blank {
        Some(at) => sink.emit(&MISSING, at.line, at.column, || {
            (
                "`duration_min` is blank: the meeting's leverage cannot be computed".into(),
                Some(
                    "write how many minutes the meeting took after it, e.g. `duration_min: 45`"
                        .into(),
                ),
            )
        }),
        None => sink.emit(&MISSING, fence.close_line, 1, || {
            (
                "no `duration_min`: the meeting's leverage cannot be computed".into(),
                Some("add the meeting's length in minutes, e.g. `duration_min: 45`".into()),
            )
        }),
    }
}
