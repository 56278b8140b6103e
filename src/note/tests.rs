use super::*;
use proptest::prelude::*;

const SAMPLE: &str = "---
date: 2026-11-20
report: alice
supervisor: dana
duration_min: 90
share_with: [sales, platform]
indicators:
  incoming_orders: 412
  morale: 7.5
---

# 1:1 Alice / Dana

## Leverage
Pricing decisions for Q4.

## Common base
<!-- prompt only -->

## Reverse teaching
Alice explained the discount ladder.

## Joint data analysis
Orders flat.

## Conclusions
- Take a conservative approach to near-term hiring. share:finance
- Keep the price list.

## Cascading actions
- [ ] Freeze two open reqs @alice due:2026-11-27
- [x] Share the order-trend analysis with finance @dana due:2026-11-24
- [-] Dropped: revisit price list @alice due:2026-11-30
- [ ] Carried: draft Q1 plan @alice due:2026-11-15 (from 2026-11-06)
```
- [ ] not an action in code
```
<!-- - [ ] not an action in a comment -->

## Private
- [ ] secret thing @alice due:2026-12-01
";

fn lines_of(n: &Note, f: impl Fn(&str) -> bool) -> Vec<usize> {
    (1..=n.index.len()).filter(|&l| f(n.line_text(l))).collect()
}

#[test]
fn sample_parses() {
    let n = Note::parse(SAMPLE);
    assert!(n.problems.is_empty(), "{:?}", n.problems);
    assert_eq!(
        n.meta.date.as_ref().unwrap().value.to_string(),
        "2026-11-20"
    );
    assert_eq!(n.meta.report.as_ref().unwrap().line, 3);
    assert_eq!(n.meta.indicators.len(), 2);
    assert_eq!(n.meta.indicators[1].line, 9);
    assert_eq!(n.meta.share_with.len(), 2);
    let steps: Vec<Step> = n.sections.iter().map(|s| s.step).collect();
    assert_eq!(steps.len(), 7);
    assert!(
        n.section(Step::CommonBase)
            .unwrap()
            .content_lines
            .is_empty()
    );
    assert_eq!(n.actions.len(), 4);
    assert_eq!(n.actions[0].owners[..], ["alice"]);
    assert_eq!(n.actions[1].state, ActionState::Done);
    assert_eq!(n.actions[2].state, ActionState::Dropped);
    assert_eq!(n.actions[3].texts.identity(), "carried: draft q1 plan");
    assert_eq!(n.conclusions.len(), 2);
    assert_eq!(n.conclusions[0].share[..], ["finance"]);
    assert_eq!(
        n.conclusions[0].text,
        "Take a conservative approach to near-term hiring."
    );
    let want = lines_of(&n, |l| {
        l.starts_with("- [") && !l.contains("not an") && !l.contains("secret")
    });
    assert_eq!(n.actions.iter().map(|a| a.line).collect::<Vec<_>>(), want);
}

#[test]
fn a_blank_duration_or_cadence_is_absent_not_mistyped() {
    for blank in ["", " ~", "   # minutes", " null"] {
        let text = format!(
            "---\ndate: 2026-11-20\nreport: alice\nduration_min:{blank}\ncadence_days:{blank}\n---\n"
        );
        let n = Note::parse(&text);
        assert_eq!(n.problems, [], "{blank:?}");
        assert_eq!(n.meta.duration_min, None);
        assert_eq!(n.meta.cadence_days, None);
        let at = n.meta.duration_min_blank.as_ref().expect("blank located");
        assert_eq!(at.line, 4, "{blank:?}");
    }
    let n = Note::parse("---\ndate: 2026-11-20\nduration_min: 45\n---\n");
    assert_eq!(n.meta.duration_min_blank, None);
    assert_eq!(n.meta.duration_min.map(|d| d.value), Some(45.0));
}

#[test]
fn bom_and_crlf_keep_lines() {
    let lf = Note::parse(SAMPLE);
    let crlf_text = format!("\u{feff}{}", SAMPLE.replace('\n', "\r\n"));
    let crlf = Note::parse(&crlf_text);
    assert!(crlf.problems.is_empty(), "{:?}", crlf.problems);
    assert_eq!(lf.actions, crlf.actions);
    assert_eq!(lf.sections, crlf.sections);
    assert_eq!(lf.conclusions, crlf.conclusions);
    assert_eq!(lf.meta.report, crlf.meta.report);
}

#[test]
fn unterminated_fence_is_not_body() {
    let n = Note::parse("---\ndate: 2026-11-20\n\n## Conclusions\n- x\n");
    assert_eq!(n.problems[0].kind, ProblemKind::Parse);
    assert_eq!((n.problems[0].line, n.problems[0].column), (1, 1));
    assert!(n.problems[0].message.contains("no closing"));
    assert!(n.sections.is_empty());
}

#[test]
fn a_note_with_front_matter_and_no_body_has_no_sections_actions_or_directives() {
    for text in ["---\ndate: 2026-11-20\n---\n", "---\ndate: 2026-11-20\n---"] {
        let n = Note::parse(text);
        assert!(n.problems.is_empty(), "{text:?}: {:?}", n.problems);
        assert_eq!(
            n.meta.date.as_ref().map(|d| d.value.to_string()).as_deref(),
            Some("2026-11-20")
        );
        assert!(n.sections.is_empty(), "{text:?}");
        assert!(n.actions.is_empty(), "{text:?}");
        assert!(n.conclusions.is_empty(), "{text:?}");
        assert!(n.directives.is_empty(), "{text:?}");
    }
}

#[test]
fn text_before_fence_is_missing_with_hint() {
    let n = Note::parse("\n---\ndate: 2026-11-20\n---\n");
    assert_eq!(n.problems[0].kind, ProblemKind::Missing);
    assert!(n.problems[0].help.as_ref().unwrap().contains("line 2"));
}

#[test]
fn yaml_errors_point_at_file_lines() {
    let n = Note::parse("---\ndate: 2026-11-20\nreport: alice\nreport: bob\n---\n");
    assert_eq!(n.problems[0].kind, ProblemKind::Parse);
    assert_eq!(n.problems[0].line, 4, "{:?}", n.problems);
    let n = Note::parse("---\ndate: 2026-11-20\ntags: [a, b\n---\n");
    assert_eq!(n.problems[0].kind, ProblemKind::Parse);
    assert!(n.problems[0].line >= 3, "{:?}", n.problems);
}

#[test]
fn wrong_types_name_the_key() {
    let n = Note::parse(
        "---\ndate: [1,2]\nduration_min: ninety\nindicators: {x: high}\nfoo: 1\nreprot: x\n---\n",
    );
    let kinds: Vec<_> = n.problems.iter().map(|p| (p.kind, p.line)).collect();
    assert_eq!(
        kinds,
        vec![
            (ProblemKind::Type, 2),
            (ProblemKind::Type, 3),
            (ProblemKind::IndicatorType, 4),
            (ProblemKind::UnknownKey, 5),
            (ProblemKind::UnknownKey, 6),
        ]
    );
    assert!(n.problems[1].message.contains("duration_min"));
    assert!(n.problems[2].message.contains("`x`"));
    assert_eq!(
        n.problems[4].help.as_deref(),
        Some("did you mean `report`?")
    );
}

#[test]
fn impossible_dates_are_type_errors() {
    for d in [
        "2026-02-30",
        "2026-13-01",
        "next tuesday",
        "20260105",
        "2026-01-05T10:00",
    ] {
        let text = format!("---\ndate: {d}\n---\n");
        let n = Note::parse(&text);
        assert_eq!(n.problems.len(), 1, "{d}: {:?}", n.problems);
        assert_eq!(n.problems[0].kind, ProblemKind::Type);
        assert!(n.problems[0].message.contains("YYYY-MM-DD"), "{d}");
    }
}

#[test]
fn alias_bomb_and_deep_nesting_stop_fast() {
    let bomb = "---\na: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n---\n";
    let n = Note::parse(bomb);
    assert_eq!(n.problems[0].kind, ProblemKind::Parse);
    let deep = format!("---\nx: {}\n---\n", "[".repeat(100_000));
    let n = Note::parse(&deep);
    assert_eq!(n.problems[0].kind, ProblemKind::Parse);
}

#[test]
fn hostile_nesting_is_linear() {
    let quotes = format!("---\ndate: 2026-11-20\n---\n{}x\n", ">".repeat(1_000_000));
    let n = Note::parse(&quotes);
    assert!(n.actions.is_empty());
    let mut lists = String::from("---\ndate: 2026-11-20\n---\n## Cascading actions\n");
    for i in 0..4000 {
        lists.push_str(&" ".repeat(i * 2));
        lists.push_str("- [ ] x @a due:2026-01-01\n");
    }
    let n = Note::parse(&lists);
    assert_eq!(n.actions.len(), 4000);
}

#[test]
fn items_in_code_comments_headings_and_quotes_are_not_actions() {
    let text = "---\ndate: 2026-11-20\n---\n## Cascading actions\n```\n- [ ] a\n```\n<!--\n- [ ] b\n-->\n### - [ ] c\n> - [ ] d\n    code\n- [x] real\n- [ ] e\n---\n";
    let n = Note::parse(text);
    let titles: Vec<_> = n.actions.iter().map(|a| a.texts.title()).collect();
    assert_eq!(titles, vec!["real", "e"]);
}

#[test]
fn conflict_markers_hide_actions() {
    let text = "---\ndate: 2026-11-20\n---\n## Cascading actions\n<<<<<<< HEAD\n- [ ] a\n=======\n- [x] a\n>>>>>>> other\n- [ ] b\n";
    let n = Note::parse(text);
    assert_eq!(n.conflict_line, Some(5));
    assert_eq!(n.actions.len(), 1);
    assert_eq!(n.actions[0].texts.title(), "b");
}

#[test]
fn private_subheadings_stay_private() {
    let text = "---\ndate: 2026-11-20\n---\n## Private\n### Conclusions\n- leaked?\n## Conclusions\n- ok\n";
    let n = Note::parse(text);
    assert_eq!(n.conclusions.len(), 1);
    assert_eq!(n.conclusions[0].text, "ok");
}

#[test]
fn headings_a_reader_takes_for_private_start_a_private_part_at_any_level() {
    for h in [
        "### **Private**",
        "### *Private*",
        "### Private (HR only)",
        "#### 🔒 Private",
        "### Private notes",
        "## PRIVATE",
        "## private:",
        "## _Private_",
        "## Privé",
        "### Notes (private)",
        "### Confidential",
    ] {
        let text = format!(
            "---\ndate: 2026-11-20\n---\n## Conclusions\n- before\n{h}\n- SECRET\n###### deeper\n- SECRET\n### After\n- after\n## Cascading actions\n- [ ] act @a due:2026-12-01\n"
        );
        let n = Note::parse(&text);
        let texts: Vec<&str> = n.conclusions.iter().map(|c| c.text.as_str()).collect();
        // The private part lasts until a heading of its level or higher; the step goes on.
        let expect = if h.starts_with("## ") {
            vec!["before"]
        } else {
            vec!["before", "after"]
        };
        assert_eq!(texts, expect, "{h}");
        assert_eq!(n.actions.len(), 1, "{h}");
        let p = n.section(Step::Private).unwrap();
        assert_eq!(
            (p.line, p.level),
            (6, h.bytes().take_while(|&b| b == b'#').count()),
            "{h}"
        );
    }
    for h in [
        "## Conclusions",
        "### Notes",
        "## Leverage (pricing)",
        "### Deprivation",
    ] {
        assert!(!is_private_heading(h.trim_start_matches('#')), "{h}");
    }
}

#[test]
fn lines_a_reader_takes_for_a_private_heading_start_a_private_part() {
    for (label, level) in [
        ("**Private**", 7),
        ("**Private:**", 7),
        ("_Private notes_", 7),
        ("Private:", 7),
        ("🔒 PRIVATE", 7),
        ("<h3>Private</h3>", 3),
        ("<H4 class=x>Private (HR)</H4>", 4),
    ] {
        let text = format!(
            "---\ndate: 2026-11-20\n---\n## Conclusions\n- before\n{label}\n\n- SECRET\n### After\n- after\n## Cascading actions\n- [ ] act @a due:2026-12-01\n"
        );
        // The blank line ends the HTML block an HTML heading starts (as in CommonMark).
        let n = Note::parse(&text);
        let texts: Vec<&str> = n.conclusions.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["before", "after"], "{label}");
        let p = n.section(Step::Private).unwrap();
        assert_eq!((p.line, p.level, p.end_line), (6, level, 9), "{label}");
    }
    // Not labels: a sentence, a bullet saying more, emphasis on other words.
    for line in [
        "Keep it private.",
        "- Keep it private",
        "**Pricing**",
        "We met privately today",
    ] {
        let text =
            format!("---\ndate: 2026-11-20\n---\n## Conclusions\n- before\n{line}\n- kept\n");
        let n = Note::parse(&text);
        assert!(n.section(Step::Private).is_none(), "{line}");
        assert_eq!(
            n.conclusions.len(),
            2 + usize::from(line.starts_with('-')),
            "{line}"
        );
    }
}

#[test]
fn the_items_under_a_private_bullet_are_private() {
    for item in ["- **Private**", "* Private:", "1. _Private notes_"] {
        let text = format!(
            "---\ndate: 2026-11-20\n---\n## Cascading actions\n- [ ] before @a due:2026-12-01\n{item}\n  - [ ] SECRET @a due:2026-12-01\n\n    more SECRET\n- [ ] after @a due:2026-12-01\n## Conclusions\n- c\n"
        );
        let n = Note::parse(&text);
        let titles: Vec<&str> = n.actions.iter().map(|a| a.texts.title()).collect();
        assert_eq!(titles, ["before", "after"], "{item}");
        let p = n.section(Step::Private).unwrap();
        assert_eq!((p.line, p.end_line), (6, 10), "{item}");
        assert_eq!(n.conclusions.len(), 1, "{item}");
    }
}

#[test]
fn a_lone_cr_is_a_line_break_so_a_private_part_after_it_stays_private() {
    let text = "---\rdate: 2026-11-20\rreport: alice\r---\r## Conclusions\r- pub share:sales\r\r## Private\rSECRET\r- SECRET too\r";
    let n = Note::parse(text);
    assert!(n.problems.is_empty(), "{:?}", n.problems);
    assert_eq!(n.meta.report.as_ref().unwrap().value, "alice");
    let texts: Vec<&str> = n.conclusions.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, vec!["pub"]);
    assert_eq!(n.section(Step::Private).unwrap().line, 8);
    assert_eq!(n.line_text(9), "SECRET");
}

#[test]
fn a_private_note_whose_front_matter_is_not_recognised_is_private() {
    for head in [
        "\n---\ndate: 2026-11-20\nprivate: true\n---\n",
        "<!-- note -->\n---\ndate: 2026-11-20\nprivate: true\n---\n",
        "# comment\n---\ndate: 2026-11-20\nprivate: true\n---\n",
        " ---\ndate: 2026-11-20\nprivate: true\n ---\n",
        "----\ndate: 2026-11-20\nprivate: true\n----\n",
        "+++\ndate = 2026-11-20\nprivate = true\n+++\n",
        "---\ndate: 2026-11-20\nPrivate: true\n---\n",
        "---\ndate: 2026-11-20\nPRIVATE: true\n---\n",
        "---\ndate: 2026-11-20\nprivate: yes\n---\n",
    ] {
        let text = format!("{head}## Conclusions\n- SECRET share:sales\n");
        assert!(Note::parse(&text).is_private(), "{head:?}");
    }
    for head in [
        "---\ndate: 2026-11-20\nprivate: false\n---\n",
        "---\ndate: 2026-11-20\n---\n",
        "\n---\ndate: 2026-11-20\n---\n",
    ] {
        let text = format!("{head}## Conclusions\n- shared share:sales\n");
        assert!(!Note::parse(&text).is_private(), "{head:?}");
    }
}

#[test]
fn directives_are_read() {
    let text =
        "---\ndate: 2026-11-20\n---\n<!-- cascade-disable steps/missing leverage/missing -->\n";
    let n = Note::parse(text);
    let rules: Vec<&str> = n.directives.iter().map(|d| d.rule.as_str()).collect();
    assert_eq!(rules, ["steps/missing", "leverage/missing"]);
    assert_eq!(n.directives[0].line, 4);
}

#[test]
fn setext_headings_and_any_case() {
    let text = "---\ndate: 2026-11-20\n---\n\nCONCLUSIONS\n-----------\n- one\n\n## cascading ACTIONS\n- [ ] x @a due:2026-01-01\n";
    let n = Note::parse(text);
    assert_eq!(n.conclusions.len(), 1);
    assert_eq!(n.sections[0].line, 5);
    assert_eq!(n.actions.len(), 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(text) = crate::text::decode(&bytes) {
            let _ = Note::parse(text);
        }
        let lossy = String::from_utf8_lossy(&bytes);
        let _ = Note::parse(&lossy);
    }

    #[test]
    fn markdownish_text_never_panics(s in "(---\n|\r\n|- \\[[ x-]\\] |## |<!--|-->|```|@a|due:|share:|\\(from |[a-z: \n#>\\[\\]]){0,80}") {
        let _ = Note::parse(&s);
    }

    #[test]
    fn lines_stay_true_for_lf_crlf_and_bom(
        pre in proptest::collection::vec("[a-z ]{0,12}", 0..5),
        items in proptest::collection::vec(("[a-z]{1,8}", 0..3usize), 1..6),
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let mut text = String::from("---\ndate: 2026-11-20\nreport: alice\n---\n");
        for p in &pre { text.push_str(p); text.push('\n'); }
        text.push_str("## Cascading actions\n");
        for (t, s) in &items {
            let m = ["[ ]", "[x]", "[-]"][*s];
            text.push_str(&format!("- {m} {t} @alice due:2026-12-01\n\n"));
        }
        if crlf { text = text.replace('\n', "\r\n"); }
        if bom { text.insert(0, '\u{feff}'); }
        let n = Note::parse(&text);
        prop_assert!(n.problems.is_empty());
        prop_assert_eq!(n.actions.len(), items.len());
        let on_disk: Vec<&str> = text.split('\n').collect();
        for a in &n.actions {
            let l = on_disk[a.line - 1].trim_end_matches('\r');
            prop_assert!(l.contains(a.texts.raw()), "line {} is {:?}, action {:?}", a.line, l, a.texts.raw());
        }
        let sec = n.section(Step::CascadingActions).unwrap();
        let heading = on_disk[sec.line - 1].trim_start_matches(crate::text::BOM);
        prop_assert!(heading.starts_with("## Cascading"));
    }
}

#[test]
fn lone_cr_front_matter_reads_the_same_through_either_yaml_reader() {
    // `"alice"` is quoted, so serde-saphyr reads this block, not the fast reader.
    let text = "---\rdate: 2026-11-20\rreport: \"alice\"\rindicators:\r  orders: 3\r---\r## Conclusions\r- ok\r";
    let n = Note::parse(text);
    assert!(n.problems.is_empty(), "{:?}", n.problems);
    assert_eq!(n.meta.report.as_ref().unwrap().value, "alice");
    assert_eq!(n.meta.report.as_ref().unwrap().line, 3);
    assert_eq!(n.meta.indicators[0].name, "orders");
    assert_eq!(n.conclusions[0].line, 8);
}

/// `key_mistyped` read the key back out of the problem's message text; the problem now
/// names its key.
#[test]
fn a_mistyped_key_is_known_by_the_problem_key_not_its_message() {
    let n = Note::parse("---\ndate: [1]\nduration_min: long\nreport: alice\n---\n");
    assert!(n.key_mistyped("date"));
    assert!(n.key_mistyped("duration_min"));
    assert!(!n.key_mistyped("report"));
    assert!(!n.key_mistyped("dat"));
    assert!(!n.key_mistyped("duration"));
}

/// The actions of a note whose *Cascading actions* section holds `body`, as (line, title).
fn actions_in(body: &str) -> Vec<(usize, String)> {
    let text = format!("---\ndate: 2026-11-20\n---\n## Cascading actions\n{body}");
    assert_eq!(super::reference::differences(&text), Vec::<String>::new());
    Note::parse(&text)
        .actions
        .iter()
        .map(|a| (a.line, a.texts.title().to_string()))
        .collect()
}

#[test]
fn a_task_inside_an_html_block_is_not_an_action() {
    let body = "<div>\n- [ ] in a div\n</div>\n\n<details>\n\n- [x] after a blank line\n</details>\n\n<pre>\n- [ ] preformatted\n\n- [ ] still pre\n</pre>\n- [ ] real\n";
    assert_eq!(
        actions_in(body),
        [(11, "after a blank line".into()), (19, "real".into())]
    );
}

#[test]
fn a_task_in_indented_code_after_a_fence_is_not_an_action() {
    let body =
        "```\nx\n```\n    - [ ] code after a fence\n\n    - [ ] code after a blank\n- [ ] real\n";
    assert_eq!(actions_in(body), [(11, "real".into())]);
}

#[test]
fn a_fence_inside_a_list_item_hides_its_tasks_and_closes_at_its_indent() {
    let body = "- item\n    ```\n    - [ ] in code\n    ```\n- [ ] after\n- ```\n  - [ ] in the item's code\n  ```\n- [ ] last\n";
    assert_eq!(actions_in(body), [(9, "after".into()), (13, "last".into())]);
}

#[test]
fn a_task_on_a_lazy_paragraph_line_is_not_an_action() {
    // Indented four under a paragraph, a list marker is text of the paragraph.
    let body = "Some text\n    - [ ] lazy\n\n- [ ] real\n  - [ ] nested\n";
    assert_eq!(actions_in(body), [(8, "real".into()), (9, "nested".into())]);
}

#[test]
fn a_setext_heading_of_several_lines_naming_private_starts_a_private_part() {
    let text = "---\ndate: 2026-11-20\n---\n## Conclusions\n- before\n\nWhat we said,\nkept private\n------------\n- SECRET\n## Cascading actions\n- [ ] act\n";
    let n = Note::parse(text);
    let texts: Vec<&str> = n.conclusions.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["before"]);
    let p = n.section(Step::Private).unwrap();
    assert_eq!((p.line, p.level, p.end_line), (8, 2, 11));
    assert_eq!(n.actions.len(), 1);
}

#[test]
fn an_html_heading_naming_private_keeps_its_whole_html_block_private() {
    // Without a blank line, what follows `<h3>Private</h3>` is HTML to CommonMark: `### After`
    // is no heading there, so the private part goes on to the next heading read as one.
    let text = "---\ndate: 2026-11-20\n---\n## Conclusions\n- before\n<h3>Private</h3>\n- SECRET\n### After\n- SECRET TOO\n\n## Cascading actions\n- [ ] act\n";
    let n = Note::parse(text);
    let texts: Vec<&str> = n.conclusions.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["before"]);
    let p = n.section(Step::Private).unwrap();
    assert_eq!((p.line, p.level, p.end_line), (6, 3, 11));
    assert_eq!(n.actions.len(), 1);
}

#[test]
fn a_private_heading_inside_an_html_block_still_starts_a_private_part() {
    let text = "---\ndate: 2026-11-20\n---\n## Conclusions\n- before\n<div>\n## Private\n</div>\n\n- SECRET\n";
    let n = Note::parse(text);
    let texts: Vec<&str> = n.conclusions.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["before"]);
    assert_eq!(n.section(Step::Private).unwrap().line, 7);
}

#[test]
fn lazy_lines_under_thousands_of_nested_items_stay_linear() {
    // Each lazy line at the margin looks for the item it belongs to among every open one.
    let depth = 2_000;
    let mut text = String::from("---\ndate: 2026-11-20\n---\n## Cascading actions\n");
    for i in 0..depth {
        text.push_str(&" ".repeat(2 * i));
        text.push_str("- [ ] x\n");
    }
    text.push_str(&"lazy\n".repeat(200_000));
    // Read in well under a second when linear (quadratic, minutes). How long it takes is not
    // asserted here: a timing bound fails on a loaded machine; the test checks what it reads.
    let n = Note::parse(&text);
    assert_eq!(n.actions.len(), depth);
    assert!(n.actions.iter().all(|a| a.texts.title() == "x"));
}

#[test]
fn a_task_whose_paragraph_ends_in_a_setext_underline_is_a_heading_not_an_action() {
    let text = "---\ndate: 2026-11-20\n---\n# Cascading actions\n- [ ] Send the plan\n  to finance\n  ---\n- [ ] real\n";
    assert_eq!(super::reference::differences(text), Vec::<String>::new());
    let n = Note::parse(text);
    let lines: Vec<usize> = n.actions.iter().map(|a| a.line).collect();
    assert_eq!(lines, [8]);
}
