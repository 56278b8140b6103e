//! Conclusion rules: step 5 (congruent conclusions) and what step 6 cascades to other groups.

use crate::lint::{Rule, Severity, Sink};
use crate::note::{Note, Step};
use crate::notebook::DefaultShare;

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
    fixes: &[],
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
    fixes: &[],
};

/// Where a conclusion without `share:` goes.
pub const AUDIENCE: Rule = Rule {
    id: "conclusions/audience",
    severity: Severity::Info,
    summary: "where a conclusion without `share:` goes: its note's `share_with`, or no group under `default_share = \"none\"`",
    explanation: "\
A conclusion marked `share:GROUP` goes to those groups. One without `share:` goes where
`default_share` in cascade.toml sends it: with `default_share = \"groups\"` (the default), to
the groups of its note's `share_with`; with `default_share = \"none\"`, to no group, so nothing
is shared that was not marked. This rule says, for each unmarked conclusion, where it will go,
so nothing reaches a group, or misses one, by surprise. It is information, not a problem:
`--quiet` and `cascade commit` leave it out.

Bad — unmarked, it goes wherever the default sends it (here: the note's `share_with`, or
no group):
```markdown
## Conclusions
- Keep the price list as it is.
```

Good — said where it goes, whatever the default:
```markdown
## Conclusions
- Keep the price list as it is. share:sales
```
",
    completion: true,
    quotes_note: true,
    fixes: &[],
};

/// The rules of this family.
pub const RULES: &[Rule] = &[MISSING, NO_AUDIENCE, AUDIENCE];

/// Bullets in `## Conclusions`, and an audience for them.
pub fn check(note: &Note, sink: &mut Sink) {
    let Some(section) = note.section(Step::Conclusions) else {
        return;
    };
    if section.content_lines.is_empty() {
        return; // steps/empty
    }
    if note.conclusions.is_empty() {
        sink.emit(&MISSING, section.content_lines[0], 1, || {
            (
                "`Conclusions` has no bullet: nothing can be cascaded".into(),
                Some(
                    "write each conclusion as a bullet: `- Freeze Q1 hiring. share:finance`".into(),
                ),
            )
        });
        return;
    }
    if note.meta.share_with.is_empty() && note.conclusions.iter().all(|c| c.share.is_empty()) {
        // Said once for the section; each bullet needs no line of its own.
        sink.emit(&NO_AUDIENCE, section.line, 1, || {
            (
                "no conclusion has an audience: the digest lists them under \"(no audience)\", for no group".into(),
                Some(
                    "add `share:GROUP` to a bullet, or `share_with: [GROUP]` to the front matter"
                        .into(),
                ),
            )
        });
        return;
    }
    audience(note, sink);
}

/// For each conclusion without `share:`, where it goes. A private note shares nothing, so
/// there is nothing to say about it.
fn audience(note: &Note, sink: &mut Sink) {
    if note.is_private() {
        return;
    }
    let share_with: Vec<String> = note
        .meta
        .share_with
        .iter()
        .map(|g| g.value.clone())
        .collect();
    let default_share = sink.cx.nb.config.default_share;
    for c in note.conclusions.iter().filter(|c| c.share.is_empty()) {
        let goes = default_share.audience(&c.share, &share_with);
        let (message, help) = if !goes.is_empty() {
            (
                format!(
                    "this conclusion goes to {} (the note's `share_with`)",
                    goes.join(", ")
                ),
                "add `share:GROUP` to the bullet to send it to other groups instead",
            )
        } else if default_share == DefaultShare::None {
            (
                "this conclusion goes to no group: `default_share = \"none\"` in cascade.toml shares only what is marked".to_owned(),
                "add `share:GROUP` to the bullet to share it",
            )
        } else {
            (
                "this conclusion goes to no group: it has no `share:` and the note no `share_with`"
                    .to_owned(),
                "add `share:GROUP` to the bullet to share it",
            )
        };
        sink.emit(&AUDIENCE, c.line, 1, || (message, Some(help.into())));
    }
}
