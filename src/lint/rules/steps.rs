//! Step rules: the six sections of a high-leverage one-on-one, present and filled in.

use std::sync::{LazyLock, OnceLock};

use crate::lint::fix::Hint;
use crate::lint::{Rule, RuleFix, Safety, Severity, Sink};
use crate::note::{Note, Step};

/// A step's section is absent.
pub const MISSING: Rule = Rule {
    id: "steps/missing",
    severity: Severity::Error,
    summary: "one of the six step sections is missing",
    explanation: "\
A complete note has a section for each of the six steps: Leverage, Common base, Reverse
teaching, Joint data analysis, Conclusions, Cascading actions (headings of any level, any
order, any case). `## Private` is optional. Notes dated after today are agendas and are not
checked for completeness.

Bad:
```markdown
## Leverage
A 45-minute talk that shapes two weeks of Alice's pipeline work.
## Conclusions
- Hold the Q1 hiring plan.
```

Good: the same, plus `## Common base`, `## Reverse teaching`, `## Joint data analysis` and
`## Cascading actions`, each with what was said.
",
    completion: true,
    quotes_note: false,
    fixes: &[
        RuleFix {
            safety: Safety::Safe,
            does: "adds the step's heading, empty, before the next step (the step is still reported empty)",
        },
        RuleFix {
            safety: Safety::Unsafe,
            does: "renames a heading that misspells the step (what is under it becomes that step)",
        },
    ],
};

/// A step's section has nothing in it.
pub const EMPTY: Rule = Rule {
    id: "steps/empty",
    severity: Severity::Error,
    summary: "a step section has no content (comments do not count)",
    explanation: "\
A heading with nothing under it but blank lines or the template's `<!-- prompts -->` means the
step was skipped. Write a line, even `Nothing new this week.`, so the note says so on purpose.

Bad:
```markdown
## Reverse teaching
<!-- What did Alice teach you? -->
```

Good:
```markdown
## Reverse teaching
How the new CRM scores leads: it weights the last touch, not the deal size.
```
",
    completion: true,
    quotes_note: false,
    fixes: &[],
};

/// Template or filler text left in a step.
pub const PLACEHOLDER: Rule = Rule {
    id: "steps/placeholder",
    severity: Severity::Warning,
    summary: "a step holds template or filler text (`TODO`, `TBD`, `YYYY-MM-DD`, a template prompt)",
    explanation: "\
Template prompts with their comment markers removed, `TODO`, `TBD`, `...` or a `YYYY-MM-DD`
left in place make a step look filled in when it is not.

Bad:
```markdown
## Common base
TODO
```

Good:
```markdown
## Common base
We both read the Q4 forecast; we agree the October dip is seasonal.
```
",
    completion: true,
    quotes_note: true,
    fixes: &[],
};

/// The rules of this family.
pub const RULES: &[Rule] = &[MISSING, EMPTY, PLACEHOLDER];

fn hint(step: Step) -> &'static str {
    match step {
        Step::Leverage => "what this meeting should improve, and for how long",
        Step::CommonBase => "the facts and ways of doing things you now share",
        Step::ReverseTeaching => "what the report taught you",
        Step::JointDataAnalysis => "the numbers you looked at together and what they mean",
        Step::Conclusions => "what you both agreed on, one bullet each",
        Step::CascadingActions => "who does what by when: `- [ ] Do it @owner due:2026-12-01`",
        Step::Private => "anything that must never leave the note",
    }
}

/// Normalized prompts of the built-in note template, as (text before, text after) a
/// `{{ variable }}`, e.g. ("what did ", " teach you?").
fn template_prompts() -> &'static [(String, String)] {
    static PROMPTS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    PROMPTS.get_or_init(|| {
        crate::scaffold::NOTE_TEMPLATE
            .lines()
            .filter_map(|l| {
                let inner = l.trim().strip_prefix("<!--")?.strip_suffix("-->")?;
                if inner.contains("{%") {
                    return None;
                }
                // Prompts that name the report are matched around the name.
                let (before, after) = match inner.split_once("{{") {
                    Some((b, rest)) => (b, rest.split_once("}}").map_or("", |(_, a)| a)),
                    None => (inner, ""),
                };
                let (b, a) = (normalize(before), after.trim().to_lowercase());
                (b.len() + a.len() >= 12).then_some((b, a))
            })
            .collect()
    })
}

/// The bytes a template prompt starts with (every byte when one starts with its variable):
/// most content lines start with none of them, and are no prompt.
fn prompt_starts() -> &'static [bool; 256] {
    static STARTS: OnceLock<[bool; 256]> = OnceLock::new();
    STARTS.get_or_init(|| {
        let mut starts = [false; 256];
        for (b, _) in template_prompts() {
            match b.as_bytes().first() {
                Some(&c) => starts[usize::from(c)] = true,
                None => starts = [true; 256],
            }
        }
        starts
    })
}

/// The line without a list marker or an empty checkbox, trimmed.
fn strip_marker(s: &str) -> &str {
    use crate::text::trim;
    let t = trim(s);
    let t = trim(
        t.strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .unwrap_or(t),
    );
    trim(t.strip_prefix("[ ]").unwrap_or(t))
}

fn normalize(s: &str) -> String {
    strip_marker(s).to_lowercase()
}

const FILLERS: &[&str] = &[
    "todo",
    "tbd",
    "tba",
    "fixme",
    "xxx",
    "...",
    "…",
    "-",
    "*",
    "?",
    "lorem ipsum",
];

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn ends_with_ci(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// `YYYY-MM-DD` in any case.
fn has_date_placeholder(s: &str) -> bool {
    // From each `-m` or `-M`: a note has dozens of dashes (its list items, its dates) and
    // almost never a dash before an `m`. Each pair is looked for many bytes at a time, both
    // bytes at once; a search stopping at every dash to look at the byte after it cost about
    // 5,500 instructions a note of 5 KB, the two searches about 4,300 (callgrind).
    static DASH_M: LazyLock<[memchr::memmem::Finder<'static>; 2]> = LazyLock::new(|| {
        [
            memchr::memmem::Finder::new("-m"),
            memchr::memmem::Finder::new("-M"),
        ]
    });
    let b = s.as_bytes();
    DASH_M.iter().any(|f| {
        f.find_iter(b).any(|p| {
            p >= 4
                && b.get(p - 4..p + 6)
                    .is_some_and(|w| w.eq_ignore_ascii_case(b"yyyy-mm-dd"))
        })
    })
}

/// Why a content line is filler, if it is; `dated`: whether the note holds a date placeholder
/// at all (searched once per note: a search started on every line cost more than the rest of
/// this rule). Called on every content line: no allocation.
fn placeholder(line: &str, dated: bool) -> Option<&'static str> {
    if dated && has_date_placeholder(line) {
        return Some("a `YYYY-MM-DD` placeholder");
    }
    // Fillers and template prompts are short lines; most content lines are long.
    if line.len() > 160 {
        return None;
    }
    // A line starting with a letter has no marker to strip.
    let n = if line.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        crate::text::trim(line)
    } else {
        strip_marker(line)
    };
    // An empty bullet or task (`- [ ]`) is filler too.
    if n.is_empty()
        || (n.len() <= 12 && {
            let bare = n.trim_end_matches([':', '.', '!']).trim();
            FILLERS
                .iter()
                .any(|f| bare.eq_ignore_ascii_case(f) || n.eq_ignore_ascii_case(f))
        })
    {
        return Some("filler text");
    }
    // Most lines differ from every prompt in their first letter: compare that first.
    let first = n.as_bytes()[0].to_ascii_lowercase();
    if !prompt_starts()[usize::from(first)] {
        return None;
    }
    if template_prompts().iter().any(|(b, a)| {
        b.as_bytes().first().is_none_or(|&c| c == first)
            && n.len() >= b.len() + a.len()
            && starts_with_ci(n, b)
            && ends_with_ci(n, a)
    }) {
        return Some("the template's prompt");
    }
    None
}

/// Presence, content and filler of each step section.
pub fn check(note: &Note, sink: &mut Sink) {
    if !note.body_parsed {
        return;
    }
    // A line holds `YYYY-MM-DD` only if the note does.
    let dated = std::cell::LazyCell::new(|| has_date_placeholder(note.text));
    for (i, step) in Step::STEPS.iter().enumerate() {
        match note.section(*step) {
            None => {
                // Point where it belongs: at the next step that is present.
                let line = Step::STEPS[i + 1..]
                    .iter()
                    .find_map(|s| note.section(*s))
                    .or_else(|| note.section(Step::Private))
                    .map_or_else(|| crate::text::lines(note.text).count().max(1), |s| s.line);
                sink.emit_fixable(
                    &MISSING,
                    (line, 1),
                    || {
                        (
                            format!(
                                "step {} of 6 is missing: no `## {}` section",
                                i + 1,
                                step.heading()
                            ),
                            Some(format!("add `## {}` with {}", step.heading(), hint(*step))),
                        )
                    },
                    Some(Hint::Step(*step)),
                );
            }
            Some(section) if section.content_lines.is_empty() => {
                sink.emit(&EMPTY, section.line, 1, || {
                    (
                        format!("`{}` is empty", step.heading()),
                        Some(format!("write {}", hint(*step))),
                    )
                })
            }
            Some(section) => {
                for &line in &section.content_lines {
                    if let Some(why) = placeholder(note.line_text(line), *dated) {
                        sink.emit(&PLACEHOLDER, line, 1, || {
                            (
                                format!("`{}` still holds {why}", step.heading()),
                                Some(format!("replace it with {}", hint(*step))),
                            )
                        });
                        break;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn date_placeholders_found_from_each_dash_are_those_found_from_each_y(
            s in "[yYmMdD -]{0,24}",
        ) {
            let b = s.as_bytes();
            let from_y = (0..b.len()).any(|p| {
                b[p].eq_ignore_ascii_case(&b'y')
                    && b.get(p..p + 10).is_some_and(|w| w.eq_ignore_ascii_case(b"yyyy-mm-dd"))
            });
            proptest::prop_assert_eq!(has_date_placeholder(&s), from_y);
        }
    }

    #[test]
    fn template_prompts_are_found() {
        let p = template_prompts();
        assert!(
            p.iter()
                .any(|(b, _)| b.starts_with("what should this meeting improve")),
            "{p:?}"
        );
        assert!(
            p.iter().any(|(b, a)| b == "what did" && a == "teach you?"),
            "{p:?}"
        );
        assert_eq!(placeholder("What did we decide about pricing?", true), None);
        assert_eq!(
            placeholder("What did Alice teach you?", true),
            Some("the template's prompt")
        );
        assert_eq!(
            placeholder("- [ ] What to do @owner due:YYYY-MM-DD", true),
            Some("a `YYYY-MM-DD` placeholder")
        );
        assert_eq!(placeholder("TODO.", true), Some("filler text"));
        assert_eq!(placeholder("TODO: confirm the freeze with HR", true), None);
        assert_eq!(placeholder("- [ ]", true), Some("filler text"));
        assert_eq!(
            placeholder("We agreed the todo list is too long", true),
            None
        );
    }
}
