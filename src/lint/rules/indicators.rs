//! Indicator rules: the numbers of step 4, joint data analysis.

use crate::lint::{Rule, Severity, Sink};
use crate::note::{Note, ProblemKind};

/// An indicator that is not a number.
pub const TYPE: Rule = Rule {
    id: "indicators/type",
    severity: Severity::Error,
    summary: "an indicator's value is not a number",
    explanation: "\
Indicators are the numbers you looked at together; the digest and `cascade trend` compare them
from meeting to meeting, so each must be a plain number (no units, no words).

Bad:
```yaml
indicators:
  incoming_orders: high
  churn: 3%
```

Good:
```yaml
indicators:
  incoming_orders: 412
  churn_pct: 3
```
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// The rules of this family.
pub const RULES: &[Rule] = &[TYPE];

/// Report non-numeric indicators found by the note model.
pub fn check(note: &Note, sink: &mut Sink) {
    for p in note
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::IndicatorType)
    {
        sink.emit(&TYPE, p.line, p.column, || {
            (p.message.clone(), p.help.clone())
        });
    }
}
