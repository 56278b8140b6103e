//! Conclusion rules: step 5 (congruent conclusions) and what step 6 cascades to other groups.

use crate::lint::{Rule, Severity, Sink};
use crate::note::{Note, Step};

/// Conclusions written as prose, not bullets.
pub const MISSING: Rule = Rule {
    id: "conclusions/missing",
    severity: Severity::Error,
    summary: "`## Conclusions` has text but no bullet: no conclusion can be cascaded",
    explanation: "\
Each conclusion is a top-level bullet of `## Conclusions`: that is what the digest quotes,
with its `path:line`, to the groups it concerns. Prose under the heading is kept in the note
but cannot be cascaded.

Bad:
```markdown
## Conclusions
We agreed to be careful with hiring.
```

Good:
```markdown
## Conclusions
- Freeze Q1 hiring until the pipeline recovers. share:finance
```
",
    completion: true,
    quotes_note: false,
};

/// Nothing says who should hear the conclusions.
pub const NO_AUDIENCE: Rule = Rule {
    id: "cascade/no-audience",
    severity: Severity::Warning,
    summary: "conclusions have no audience: no `share:GROUP` and no `share_with` in the front matter",
    explanation: "\
Step 6 multiplies a meeting's leverage by sharing its conclusions with the groups they
concern. The digest lists a conclusion under each group of its audience; conclusions with
no audience are listed apart, under \"(no audience)\", where no group will look for them. Say
who should hear them, per bullet or for the whole note.

Bad:
```markdown
## Conclusions
- Freeze Q1 hiring until the pipeline recovers.
```

Good:
```markdown
## Conclusions
- Freeze Q1 hiring until the pipeline recovers. share:finance,sales
```
or `share_with: [finance]` in the front matter.
",
    completion: true,
    quotes_note: false,
};

/// The rules of this family.
pub const RULES: &[Rule] = &[MISSING, NO_AUDIENCE];

/// Bullets in `## Conclusions`, and an audience for them.
pub fn check(note: &Note, sink: &mut Sink) {
    let Some(section) = note.section(Step::Conclusions) else {
        return;
    };
    if section.content_lines.is_empty() {
        return; // steps/empty
    }
    if note.conclusions.is_empty() {
        sink.emit(
            &MISSING,
            section.content_lines[0],
            1,
            "`Conclusions` has no bullet: nothing can be cascaded",
            Some("write each conclusion as a bullet: `- Freeze Q1 hiring. share:finance`".into()),
        );
        return;
    }
    if note.meta.share_with.is_empty() && note.conclusions.iter().all(|c| c.share.is_empty()) {
        sink.emit(
            &NO_AUDIENCE,
            section.line,
            1,
            "no conclusion has an audience: the digest lists them under \"(no audience)\", for no group",
            Some(
                "add `share:GROUP` to a bullet, or `share_with: [GROUP]` to the front matter"
                    .into(),
            ),
        );
    }
}
