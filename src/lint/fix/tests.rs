//! The fixes one by one, and properties of fixing any note: bytes outside the edits, the
//! front matter and the private parts unchanged, a second pass changes nothing, no new finding.

use std::collections::BTreeSet;
use std::path::PathBuf;

use proptest::prelude::*;

use super::*;
use crate::lint::check::check_text;
use crate::lint::{Cx, Settings, Severity};
use crate::notebook::{Config, Notebook};

const CONFIG: &str = "me = \"dana\"\n[people.alice]\nname = \"Alice\"\n";
const REL: &str = "notes/alice/2026-11-20.md";

fn lint_as(rel: &str, text: &str) -> Vec<Diagnostic> {
    let nb = Notebook {
        root: PathBuf::from("/nb"),
        config: Config::parse(CONFIG, "cascade.toml").expect("config"),
        config_text: CONFIG.into(),
        index: crate::notebook::index::Use::Off,
    };
    let settings = Settings::from_notebook(&nb).expect("settings");
    let today = jiff::civil::date(2026, 11, 24);
    let cx = Cx::new(&nb, today, crate::lint::held_by_folder([rel], today));
    check_text(&cx, &settings, rel, text.as_bytes())
}

fn rules_of(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.rule).collect()
}

/// Fix `text` once, up to `max`: the new text, where it moves, how many fixes were made.
fn fix_once(rel: &str, text: &str, max: Safety) -> (String, Option<String>, usize) {
    let fixes = fixes_of(text, rel, &lint_as(rel, text));
    let a = apply_all(text, &fixes, max);
    (a.text, a.rename, a.applied.len())
}

const HEAD: &str = "---\ndate: 2026-11-20\nreport: alice\nsupervisor: dana\nduration_min: 45\nshare_with: [sales]\n---\n";

#[test]
fn apply_changes_only_the_ranges_and_refuses_overlaps() {
    let text = "abcdef";
    let e = |a: usize, b: usize, t: &str| Edit {
        range: a..b,
        text: t.into(),
    };
    assert_eq!(
        apply(text, &[e(4, 5, "E"), e(1, 2, "B"), e(1, 1, "+")]),
        Some("a+BcdEf".into())
    );
    // Insertions at one place keep their order.
    assert_eq!(
        apply(text, &[e(3, 3, "1"), e(3, 3, "2")]),
        Some("abc12def".into())
    );
    assert_eq!(apply(text, &[e(1, 3, "x"), e(2, 4, "y")]), None);
    assert_eq!(apply(text, &[e(5, 9, "x")]), None);
    assert_eq!(apply("é", &[e(1, 1, "x")]), None, "inside a character");
}

#[test]
fn missing_steps_are_added_empty_in_the_method_order_before_the_next_step() {
    let text = format!(
        "{HEAD}\n## Leverage\nA talk.\n\n## Conclusions\n- Hold it. share:finance\n\n## Private\nsecret canary\n"
    );
    let (after, rename, n) = fix_once(REL, &text, Safety::Safe);
    assert_eq!((rename, n), (None, 4));
    assert_eq!(
        after,
        format!(
            "{HEAD}\n## Leverage\nA talk.\n\n## Common base\n\n## Reverse teaching\n\n## Joint data analysis\n\n## Conclusions\n- Hold it. share:finance\n\n## Cascading actions\n\n## Private\nsecret canary\n"
        )
    );
    // Still reported: empty now, no longer missing.
    let left = rules_of(&lint_as(REL, &after));
    assert!(!left.contains(&"steps/missing"), "{left:?}");
    assert_eq!(left.iter().filter(|r| **r == "steps/empty").count(), 4);
    assert_eq!(fix_once(REL, &after, Safety::Unsafe).2, 0, "a second pass");
}

#[test]
fn a_missing_step_is_added_in_a_crlf_note_with_a_bom_keeping_both() {
    let text = format!(
        "\u{feff}{}\r\n## Leverage\r\nA talk.\r\n## Common base\r\nx\r\n## Reverse teaching\r\ny\r\n## Joint data analysis\r\nz\r\n## Conclusions\r\n- c share:finance\r\n## Cascading actions\r\n- [ ] Do it @alice due:2026-12-01",
        HEAD.replace('\n', "\r\n")
    );
    let text = text.replace("## Common base\r\nx\r\n", "");
    let (after, _, n) = fix_once(REL, &text, Safety::Safe);
    assert_eq!(n, 1);
    assert!(after.starts_with('\u{feff}'));
    assert_eq!(
        after,
        text.replace(
            "## Reverse teaching",
            "## Common base\r\n\r\n## Reverse teaching"
        )
    );
    assert!(!after.replace("\r\n", "").contains('\n'), "only CRLF");
}

#[test]
fn a_misspelt_step_heading_is_renamed_by_an_unsafe_fix_only() {
    let text = format!(
        "{HEAD}\n## Leverage\nA talk.\n\n### 2. Comon base:\nWe agree.\n\n## Reverse teaching\nx\n\n## Joint data analysis\ny\n\n## Conclusion\n- Hold it. share:finance\n\n## Cascading actions\n- [ ] Do it @alice due:2026-12-01\n"
    );
    let fixes = fixes_of(&text, REL, &lint_as(REL, &text));
    assert_eq!(
        fixes
            .iter()
            .map(|f| (f.rule, f.title.as_str(), f.safety))
            .collect::<Vec<_>>(),
        [
            (
                "steps/missing",
                "Rename the heading to `Common base`",
                Safety::Unsafe
            ),
            (
                "steps/missing",
                "Rename the heading to `Conclusions`",
                Safety::Unsafe
            ),
        ]
    );
    // No safe fix: adding a second heading beside the misspelt one would be wrong.
    assert_eq!(fix_once(REL, &text, Safety::Safe).2, 0);
    let (after, _, n) = fix_once(REL, &text, Safety::Unsafe);
    assert_eq!(n, 2);
    assert_eq!(
        after,
        text.replace("### 2. Comon base:", "### Common base")
            .replace("## Conclusion\n", "## Conclusions\n")
    );
    assert!(
        lint_as(REL, &after).is_empty(),
        "{:?}",
        lint_as(REL, &after)
    );
}

#[test]
fn a_note_filed_under_another_date_is_renamed_by_an_unsafe_fix() {
    let rel = "notes/alice/2026-11-19.md";
    let text = format!(
        "{HEAD}\n## Leverage\na\n## Common base\nb\n## Reverse teaching\nc\n## Joint data analysis\nd\n## Conclusions\n- e share:finance\n## Cascading actions\n- [ ] f @alice due:2026-12-01\n"
    );
    let fixes = fixes_of(&text, rel, &lint_as(rel, &text));
    assert_eq!(fixes.len(), 1);
    assert_eq!(fixes[0].rule, "note/path-mismatch");
    assert_eq!(fixes[0].safety, Safety::Unsafe);
    assert_eq!(fixes[0].edits, []);
    assert_eq!(fixes[0].rename.as_deref(), Some(REL));
    assert_eq!(fix_once(rel, &text, Safety::Safe).2, 0);
    // Another folder than `report:` is not a date filed wrong: no fix.
    let other = "notes/bob/2026-11-20.md";
    assert!(fixes_of(&text, other, &lint_as(other, &text)).is_empty());
}

#[test]
fn a_stale_copy_is_marked_as_the_copy_that_closed_it() {
    let text = format!("{HEAD}\n## Cascading actions\n-   [ ]  Send it @alice due:2026-12-01\n");
    let line = 10;
    let d = |state| Diagnostic {
        rule: "actions/stale-copy",
        severity: Severity::Warning,
        path: REL.into(),
        path_lossy: false,
        line,
        column: 5,
        message: String::new(),
        help: None,
        source_line: None,
        hint: Some(Hint::Mark(state, digest("send it"))),
    };
    let f = fix_of(&text, REL, &d(ActionState::Done)).expect("a fix");
    assert_eq!(f.safety, Safety::Safe);
    assert_eq!(
        apply(&text, &f.edits).unwrap(),
        text.replace("[ ]  Send", "[x]  Send")
    );
    let f = fix_of(&text, REL, &d(ActionState::Dropped)).expect("a fix");
    assert_eq!(
        apply(&text, &f.edits).unwrap(),
        text.replace("[ ]  Send", "[-]  Send")
    );
    // Already closed, or no action on the line: nothing to do.
    let done = text.replace("[ ]", "[x]");
    assert_eq!(fix_of(&done, REL, &d(ActionState::Done)), None);
    let mut elsewhere = d(ActionState::Done);
    elsewhere.line = 9;
    assert_eq!(fix_of(&text, REL, &elsewhere), None);
    // Another action on the line (the note changed since it was linted): not ticked.
    let other = text.replace("Send it", "Call the bank");
    assert_eq!(fix_of(&other, REL, &d(ActionState::Done)), None);
}

#[test]
fn a_fix_that_would_land_in_a_private_part_is_not_offered() {
    // `## Private` inside `# Conclusions`, steps written `###`: the missing step's heading,
    // added at the end as `###`, would be a subheading of the private part.
    let text = format!(
        "{HEAD}\n### Leverage\na\n### Common base\nb\n### Reverse teaching\nc\n### Joint data analysis\nd\n# Conclusions\n- e share:finance\n## Private\nsecret canary\n"
    );
    let d = lint_as(REL, &text);
    assert_eq!(rules_of(&d), ["steps/missing"]);
    assert_eq!(fixes_of(&text, REL, &d), []);
    // A private part that ends the note at the top level: the step goes before it.
    let text = text
        .replace("# Conclusions", "### Conclusions")
        .replace("## Private", "# Private");
    let fixes = fixes_of(&text, REL, &lint_as(REL, &text));
    assert_eq!(fixes.len(), 1);
    assert_eq!(
        apply(&text, &fixes[0].edits).unwrap(),
        text.replace("# Private", "# Cascading actions\n\n# Private")
    );
}

/// A note made of pieces: a front matter (public or private), step headings written right,
/// misspelt or left out, in any order, with or without content, a private part somewhere,
/// LF or CRLF, with or without a BOM.
fn arb_note() -> impl Strategy<Value = String> {
    let heading = prop_oneof![
        Just("Leverage"),
        Just("Common base"),
        Just("Comon base"),
        Just("Reverse teaching"),
        Just("Joint data analysis"),
        Just("Conclusions"),
        Just("Conclusion"),
        Just("Cascading actions"),
        Just("Cascading action"),
        Just("Notes"),
        Just("Private"),
    ];
    let body = prop_oneof![
        Just(""),
        Just("Some words.\n"),
        Just("- Hold it. share:finance\n"),
        Just("- [ ] Do it @alice due:2026-12-01\n"),
        Just("secret canary\n"),
        Just("```\n## Leverage\n```\n"),
    ];
    (
        any::<bool>(),
        proptest::collection::vec((1..4usize, heading, body), 0..9),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(private, sections, crlf, bom, final_nl)| {
            let mut s = String::from(HEAD);
            if private {
                s = s.replace("---\ndate", "---\nprivate: true\ndate");
            }
            for (level, h, b) in sections {
                s.push_str(&format!("\n{} {h}\n{b}", "#".repeat(level)));
            }
            if !final_nl {
                s = s.trim_end_matches('\n').to_owned();
            }
            if crlf {
                s = s.replace('\n', "\r\n");
            }
            if bom {
                s.insert(0, '\u{feff}');
            }
            s
        })
}

/// Fix `text` up to `max` until a pass fixes nothing: the text, its path, the passes made.
fn converge(text: &str, max: Safety) -> (String, String, usize) {
    let mut rel = REL.to_owned();
    let mut cur = text.to_owned();
    for passes in 0..5 {
        let (next, rename, n) = fix_once(&rel, &cur, max);
        if n == 0 {
            assert_eq!(next, cur, "no fix, no change");
            return (cur, rel, passes);
        }
        if let Some(to) = rename {
            rel = to;
        }
        cur = next;
    }
    panic!("fixes do not converge: {cur:?}");
}

/// What no fix may change, checked between a note and its fixed text.
fn assert_kept(text: &str, fixed: &str) {
    let (before, after) = (Note::parse(text), Note::parse(fixed));
    assert!(keeps(&before, fixed));
    assert_eq!(private_parts(&before), private_parts(&after));
    assert_eq!(before.is_private(), after.is_private());
    assert_eq!(text.starts_with('\u{feff}'), fixed.starts_with('\u{feff}'));
    if text.contains("\r\n") {
        assert!(
            !fixed.replace("\r\n", "").contains('\n'),
            "a bare LF in a CRLF note"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn safe_fixes_keep_what_they_must_converge_and_add_no_finding(text in arb_note()) {
        let (fixed, rel, passes) = converge(&text, Safety::Safe);
        prop_assert!(passes <= 1, "{} passes", passes);
        prop_assert_eq!(&rel, REL);
        assert_kept(&text, &fixed);
        // No new finding, but the empty steps that were missing.
        let old: BTreeSet<&str> = rules_of(&lint_as(REL, &text)).into_iter().collect();
        for r in rules_of(&lint_as(&rel, &fixed)) {
            prop_assert!(old.contains(r) || r == "steps/empty", "new finding {} in {:?}", r, fixed);
        }
    }

    #[test]
    fn unsafe_fixes_keep_what_they_must_and_converge(text in arb_note()) {
        let (fixed, _, passes) = converge(&text, Safety::Unsafe);
        prop_assert!(passes <= 2, "{} passes", passes);
        assert_kept(&text, &fixed);
    }

    #[test]
    fn apply_never_touches_bytes_outside_the_edits(
        text in "[a-z\\n]{0,40}",
        cuts in proptest::collection::vec((0..40usize, 0..4usize, "[A-Z]{0,3}"), 0..5),
    ) {
        let mut edits: Vec<Edit> = Vec::new();
        let mut at = 0;
        for (gap, len, t) in cuts {
            let start = (at + gap).min(text.len());
            let end = (start + len).min(text.len());
            edits.push(Edit { range: start..end, text: t });
            at = end;
        }
        let out = apply(&text, &edits).expect("sorted, not overlapping");
        let mut rebuilt = String::new();
        let mut prev = 0;
        for e in &edits {
            rebuilt.push_str(&text[prev..e.range.start]);
            rebuilt.push_str(&e.text);
            prev = e.range.end;
        }
        rebuilt.push_str(&text[prev..]);
        prop_assert_eq!(out, rebuilt);
    }
}
