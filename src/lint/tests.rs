//! One failing and one passing example per rule, on a complete note that lints clean.

use std::path::PathBuf;

use proptest::prelude::*;

use super::*;
use crate::notebook::Config;

const CONFIG: &str = "me = \"dana\"\n[people.alice]\nname = \"Alice\"\naliases = [\"al\"]\n[people.bob]\ncadence_days = 14\n";

/// A complete note of alice on 2026-11-20 (line numbers are used below).
const BASE: &str = "---
date: 2026-11-20
report: alice
supervisor: dana
duration_min: 45
share_with: [sales]
indicators:
  incoming_orders: 412
---

# 1:1 Alice / Dana — 2026-11-20

## Leverage
Forty-five minutes that shape two weeks of pipeline work.

## Common base
The October dip is seasonal; we both read the forecast.

## Reverse teaching
How the CRM scores leads: the last touch, not the deal size.

## Joint data analysis
Incoming orders 412, up from 380.

## Conclusions
- Hold Q1 hiring until the pipeline recovers. share:finance

## Cascading actions
- [ ] Re-plan the Q1 pipeline @alice due:2026-12-04
- [x] Send the forecast @dana due:2026-11-21

## Private
Alice is thinking about a move. TODO
";

const REL: &str = "notes/alice/2026-11-20.md";

fn today() -> Date {
    jiff::civil::date(2026, 11, 24)
}

fn notebook(extra: &str) -> Notebook {
    let text = format!("{CONFIG}{extra}");
    Notebook {
        root: PathBuf::from("/nb"),
        config: Config::parse(&text, "cascade.toml").expect("config"),
        config_text: text,
        index: crate::notebook::index::Use::Off,
    }
}

fn lint_as(rel: &str, bytes: &[u8], extra_config: &str) -> Vec<Diagnostic> {
    let nb = notebook(extra_config);
    let settings = Settings::from_notebook(&nb).expect("settings");
    let cx = Cx::new(&nb, today(), super::held_by_folder([rel], today()));
    check_text(&cx, &settings, rel, bytes)
}

fn lint(text: &str) -> Vec<Diagnostic> {
    lint_as(REL, text.as_bytes(), "")
}

fn show(d: &[Diagnostic]) -> String {
    d.iter()
        .map(|d| {
            format!(
                "{}:{}:{} {} {}",
                d.line,
                d.column,
                d.rule,
                d.severity.as_str(),
                d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from:?} not in BASE");
    BASE.replacen(from, to, 1)
}

#[test]
fn the_base_note_is_clean() {
    let d = lint(BASE);
    assert!(d.is_empty(), "{}", show(&d));
}

#[test]
fn bom_and_crlf_notes_are_clean_and_lines_stay_true() {
    let crlf = BASE.replace('\n', "\r\n");
    let bom = format!("\u{feff}{crlf}");
    for text in [crlf.as_str(), bom.as_str()] {
        assert!(lint(text).is_empty(), "{}", show(&lint(text)));
        let bad = text.replacen("due:2026-12-04", "", 1);
        let d = lint(&bad);
        assert_eq!(
            show(&d),
            "29:3:actions/due error this open action has no due date"
        );
    }
}

/// (rule, bad note, line of the finding, good note that must not have it)
// One row per rule: the table is as long as the registry, and reads best in one place.
#[allow(clippy::too_many_lines)]
fn cases() -> Vec<(&'static str, String, usize, String)> {
    let no_fence = BASE.replacen("---\n", "", 2);
    vec![
        (
            "front-matter/parse",
            edit("report: alice", "  report: [alice"),
            3,
            BASE.into(),
        ),
        (
            "front-matter/parse",
            edit("---\n\n# 1:1", "\n# 1:1"),
            1,
            BASE.into(),
        ),
        ("front-matter/missing", format!("\n{BASE}"), 1, BASE.into()),
        ("front-matter/missing", no_fence, 1, BASE.into()),
        (
            "front-matter/required",
            edit("supervisor: dana\n", ""),
            8,
            BASE.into(),
        ),
        (
            "front-matter/type",
            edit("duration_min: 45", "duration_min: ninety"),
            5,
            BASE.into(),
        ),
        (
            "front-matter/type",
            edit("date: 2026-11-20", "date: 2026-02-30"),
            2,
            BASE.into(),
        ),
        (
            "front-matter/type",
            edit("date: 2026-11-20", "date: 20261120"),
            2,
            BASE.into(),
        ),
        (
            "front-matter/unknown-key",
            edit("duration_min", "duraton_min"),
            5,
            BASE.into(),
        ),
        (
            "indicators/type",
            edit("incoming_orders: 412", "incoming_orders: high"),
            8,
            BASE.into(),
        ),
        (
            "note/path-mismatch",
            edit("report: alice", "report: bob"),
            3,
            BASE.into(),
        ),
        (
            "note/path-mismatch",
            edit("date: 2026-11-20", "date: 2026-11-13"),
            2,
            BASE.into(),
        ),
        (
            "note/conflict-markers",
            edit(
                "- [x] Send the forecast",
                "<<<<<<< HEAD\n- [x] Send the forecast\n=======\n- [ ] Send it\n>>>>>>> laptop\n- [x] Send the forecast",
            ),
            30,
            BASE.into(),
        ),
        (
            "lint/unknown-rule",
            edit(
                "## Private",
                "<!-- cascade-disable steps/placeholders -->\n## Private",
            ),
            32,
            edit(
                "## Private",
                "<!-- cascade-disable steps/placeholder -->\n## Private",
            ),
        ),
        (
            "steps/missing",
            edit(
                "## Reverse teaching\nHow the CRM scores leads: the last touch, not the deal size.\n",
                "",
            ),
            20,
            BASE.into(),
        ),
        (
            "steps/missing",
            edit("## Cascading actions", "## Next steps"),
            // At the Private heading, never inside the section.
            32,
            edit("## Cascading actions", "### 6. cascading ACTIONS:"),
        ),
        (
            "steps/empty",
            edit(
                "The October dip is seasonal; we both read the forecast.",
                "<!-- Facts -->",
            ),
            16,
            edit(
                "The October dip is seasonal; we both read the forecast.",
                "Nothing new.",
            ),
        ),
        (
            "steps/placeholder",
            edit(
                "How the CRM scores leads: the last touch, not the deal size.",
                "TBD",
            ),
            20,
            BASE.into(),
        ),
        (
            "steps/placeholder",
            edit(
                "- [ ] Re-plan",
                "- [ ] What to do @owner due:YYYY-MM-DD\n- [ ] Re-plan",
            ),
            29,
            BASE.into(),
        ),
        (
            "conclusions/missing",
            edit("- Hold Q1 hiring", "Hold Q1 hiring"),
            26,
            BASE.into(),
        ),
        (
            "cascade/no-audience",
            edit("share_with: [sales]\n", "").replacen(" share:finance", "", 1),
            24,
            edit("share_with: [sales]\n", ""),
        ),
        (
            "conclusions/audience",
            edit(" share:finance", ""),
            26,
            BASE.into(),
        ),
        (
            "actions/owner",
            edit("Re-plan the Q1 pipeline @alice", "Re-plan the Q1 pipeline"),
            29,
            BASE.into(),
        ),
        (
            "actions/owner",
            edit(
                "- [ ] Re-plan the Q1 pipeline @alice",
                "- [ ] Re-plan the Q1 pipeline",
            ),
            29,
            edit(
                "- [ ] Re-plan the Q1 pipeline @alice",
                "- [x] Re-plan the Q1 pipeline",
            ),
        ),
        ("actions/due", edit(" due:2026-12-04", ""), 29, BASE.into()),
        (
            "actions/date-invalid",
            edit("due:2026-12-04", "due:2026-13-01"),
            29,
            BASE.into(),
        ),
        (
            "actions/date-invalid",
            edit("due:2026-11-21", "due:2026-11-21 (from 2026-02-30)"),
            30,
            BASE.into(),
        ),
        (
            "actions/report-owns-none",
            edit(
                "Re-plan the Q1 pipeline @alice",
                "Re-plan the Q1 pipeline @dana",
            ),
            28,
            edit(
                "Re-plan the Q1 pipeline @alice",
                "Re-plan the Q1 pipeline @al",
            ),
        ),
        (
            "leverage/missing",
            edit("duration_min: 45\n", ""),
            8,
            BASE.into(),
        ),
        ("people/unknown", edit("@alice", "@alcie"), 29, BASE.into()),
        (
            "cadence/overdue",
            edit("date: 2026-11-20", "date: 2026-10-20"),
            2,
            BASE.into(),
        ),
        (
            "file/encoding",
            format!("{}\u{0}", BASE),
            BASE.lines().count() + 1,
            BASE.into(),
        ),
    ]
}

#[test]
fn each_rule_fires_on_its_bad_example_and_not_on_its_good_one() {
    for (rule, bad, line, good) in cases() {
        // cadence/overdue needs the file name to match the date it tests.
        let rel = if rule == "cadence/overdue" {
            "notes/alice/2026-10-20.md"
        } else {
            REL
        };
        let d = lint_as(rel, bad.as_bytes(), "");
        assert!(
            d.iter().any(|d| d.rule == rule && d.line == line),
            "{rule}: expected at line {line}, got:\n{}\n--- note:\n{bad}",
            show(&d)
        );
        let d = lint(&good);
        assert!(
            !d.iter().any(|d| d.rule == rule),
            "{rule}: the good example has it:\n{}",
            show(&d)
        );
    }
}

#[test]
fn groups_unknown_fires_only_once_groups_are_declared() {
    let declared = "[groups.sales]\n[groups.finance]\n";
    let bad = BASE.replacen(" share:finance", " share:fnance", 1);
    let found = |text: &str, extra: &str| -> Vec<(usize, usize, String)> {
        lint_as(REL, text.as_bytes(), extra)
            .into_iter()
            .filter(|d| d.rule == "groups/unknown")
            .map(|d| (d.line, d.column, d.help.unwrap_or_default()))
            .collect()
    };
    assert_eq!(found(&bad, ""), []);
    assert_eq!(found(BASE, declared), []);
    let line = BASE
        .lines()
        .position(|l| l.contains("share:finance"))
        .unwrap()
        + 1;
    let column = BASE.lines().nth(line - 1).unwrap().find("finance").unwrap() + 1;
    assert_eq!(
        found(&bad, declared),
        [(
            line,
            column,
            "did you mean `finance`? Or declare it in cascade.toml: `[groups.fnance]`".into()
        )]
    );
    let d = lint_as(REL, bad.as_bytes(), declared);
    let d = d.iter().find(|d| d.rule == "groups/unknown").unwrap();
    assert_eq!(d.severity, Severity::Error);

    // A line naming thousands of groups is one finding, not thousands (each would carry the
    // whole line as its snippet).
    let many: Vec<String> = (0..5000).map(|i| format!("g{i}")).collect();
    let hostile = BASE.replacen(
        " share:finance",
        &format!(" share:sales,{}", many.join(",")),
        1,
    );
    let d: Vec<Diagnostic> = lint_as(REL, hostile.as_bytes(), declared)
        .into_iter()
        .filter(|d| d.rule == "groups/unknown")
        .collect();
    assert_eq!(d.len(), 1, "{}", show(&d));
    assert_eq!(
        d[0].message,
        "group `g0` in `share:` of a conclusion is not declared in [groups] of cascade.toml (and 4999 more on this line)"
    );
    assert_eq!((d[0].line, d[0].column), (line, column + "sales,".len()));
}

#[test]
fn every_rule_has_a_case_or_a_cli_test() {
    // These need a file system or a panic; tests/cli/lint.rs covers them.
    let elsewhere = [
        "file/too-large",
        "file/unreadable",
        "file/symlink",
        "internal/error",
        // Needs `[groups]` declared: groups_unknown_fires_only_once_groups_are_declared.
        "groups/unknown",
    ];
    let covered: Vec<&str> = cases()
        .iter()
        .map(|c| c.0)
        .chain(across_cases().iter().map(|c| c.0))
        .collect();
    for r in rules::all() {
        assert!(
            covered.contains(&r.id) || elsewhere.contains(&r.id),
            "rule {} has no test case",
            r.id
        );
    }
}

/// A note of alice's on `day` whose one step is `actions` (its first action on line 7).
fn note_on(day: &str, actions: &str) -> (String, String) {
    (
        format!("notes/alice/{day}.md"),
        format!(
            "---\ndate: {day}\nreport: alice\nsupervisor: dana\n---\n## Cascading actions\n{actions}"
        ),
    )
}

/// Lint several notes, their actions linked without history: a closed copy wins.
fn lint_notes(notes: &[(String, String)]) -> Vec<Diagnostic> {
    let nb = notebook("");
    let inputs = notes
        .iter()
        .map(|(rel, text)| inputs::Input::Staged {
            rel: rel.clone(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    let names: Vec<String> = notes.iter().map(|n| n.0.clone()).collect();
    let ledger_of =
        |n: &[crate::notebook::load::NoteFile]| Ok(crate::actions::Ledger::link(&nb, n));
    engine::check_inputs(
        &nb,
        today(),
        inputs,
        names,
        inputs::Others::Paths(Vec::new()),
        &ledger_of,
    )
    .expect("lint")
    .diagnostics
}

/// (rule, bad notes, (path, line) of the finding, good notes that must not have it)
type AcrossCase = (
    &'static str,
    Vec<(String, String)>,
    (&'static str, usize),
    Vec<(String, String)>,
);

/// One failing and one passing example per rule that reads several notes.
fn across_cases() -> Vec<AcrossCase> {
    let forecast = "Send the forecast @alice due:2026-11-20";
    let carried = format!("{forecast} (from 2026-11-10)");
    vec![
        (
            "actions/stale-copy",
            vec![
                note_on("2026-11-10", &format!("- [x] {forecast}\n")),
                note_on("2026-11-17", &format!("- [ ] {carried}\n")),
            ],
            ("notes/alice/2026-11-17.md", 7),
            vec![
                note_on("2026-11-10", &format!("- [x] {forecast}\n")),
                note_on("2026-11-17", &format!("- [x] {carried}\n")),
            ],
        ),
        (
            "actions/not-carried",
            vec![
                note_on("2026-11-10", &format!("- [ ] {forecast}\n")),
                note_on("2026-11-17", "- [ ] Hire @alice due:2026-12-20\n"),
            ],
            ("notes/alice/2026-11-10.md", 7),
            vec![
                note_on("2026-11-10", &format!("- [ ] {forecast}\n")),
                note_on("2026-11-17", &format!("- [ ] {carried}\n")),
                // An agenda written ahead does not count.
                note_on("2026-12-01", "- [ ] Hire @alice due:2026-12-20\n"),
            ],
        ),
        (
            "actions/ambiguous",
            vec![
                note_on(
                    "2026-11-10",
                    "- [ ] Call the bank about the loan @alice due:2026-11-30\n- [ ] Call the bank about the lease @alice due:2026-11-30\n",
                ),
                note_on(
                    "2026-11-17",
                    "- [x] Call the bank @alice due:2026-11-30 (from 2026-11-10)\n",
                ),
            ],
            ("notes/alice/2026-11-17.md", 7),
            vec![
                note_on(
                    "2026-11-10",
                    "- [ ] Call the bank about the loan @alice due:2026-11-30\n- [ ] Call the bank about the lease @alice due:2026-11-30\n",
                ),
                note_on(
                    "2026-11-17",
                    "- [x] Call the bank about the loan @alice due:2026-11-30 (from 2026-11-10)\n",
                ),
            ],
        ),
        (
            "actions/overdue",
            vec![
                note_on("2026-11-10", &format!("- [ ] {forecast}\n")),
                note_on("2026-11-17", &format!("- [ ] {carried}\n")),
            ],
            ("notes/alice/2026-11-17.md", 7),
            // Ticked in the older note after it was carried: closed, so not late.
            vec![
                note_on("2026-11-10", &format!("- [x] {forecast}\n")),
                note_on("2026-11-17", &format!("- [ ] {carried}\n")),
            ],
        ),
    ]
}

#[test]
fn each_rule_across_notes_fires_once_on_its_bad_example_and_not_on_its_good_one() {
    for (rule, bad, (path, line), good) in across_cases() {
        let d = lint_notes(&bad);
        let found: Vec<&Diagnostic> = d.iter().filter(|d| d.rule == rule).collect();
        assert!(
            found.len() == 1 && found[0].path == path && found[0].line == line,
            "{rule}: expected once at {path}:{line}, got:\n{}",
            show(&d)
        );
        assert!(found[0].source_line.is_some(), "{rule}: no snippet");
        let d = lint_notes(&good);
        assert!(
            !d.iter().any(|d| d.rule == rule),
            "{rule}: the good example has it:\n{}",
            show(&d)
        );
    }
}

#[test]
fn findings_across_notes_on_a_private_note_quote_nothing() {
    // The copy left open is in a private note: its finding says the rule and the line only.
    let open = note_on(
        "2026-11-17",
        "- [ ] canary forecast @alice due:2026-11-20 (from 2026-11-10)\n",
    );
    let private = (
        open.0,
        open.1
            .replacen("report: alice", "report: alice\nprivate: true", 1),
    );
    let d = lint_notes(&[
        note_on(
            "2026-11-10",
            "- [x] canary forecast @alice due:2026-11-20\n",
        ),
        private,
    ]);
    let stale: Vec<&Diagnostic> = d
        .iter()
        .filter(|d| d.rule == "actions/stale-copy")
        .collect();
    assert_eq!(stale.len(), 1, "{}", show(&d));
    assert_eq!(
        stale[0].message,
        "a copy of an action is still open after another copy closed it, on line 8 (private: not quoted)"
    );
    assert!(stale[0].source_line.is_none());
    for x in d.iter().filter(|x| x.path.ends_with("17.md")) {
        assert!(
            x.source_line.is_none() && !format!("{x:?}").contains("canary"),
            "{x:?}"
        );
    }
}

#[test]
fn rules_across_notes_are_silenced_by_config_and_directives() {
    let bad = vec![
        note_on("2026-11-10", "- [x] Send it @alice due:2026-11-20\n"),
        note_on(
            "2026-11-17",
            "<!-- cascade-disable actions/stale-copy -->\n- [ ] Send it @alice due:2026-11-20 (from 2026-11-10)\n",
        ),
    ];
    assert!(
        !lint_notes(&bad)
            .iter()
            .any(|d| d.rule == "actions/stale-copy")
    );
}

#[test]
fn rule_ids_are_unique_and_well_formed() {
    let mut seen = std::collections::HashSet::new();
    for r in rules::all() {
        assert!(seen.insert(r.id), "duplicate id {}", r.id);
        let (family, name) = r.id.split_once('/').expect("family/name");
        for part in [family, name] {
            assert!(
                !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                r.id
            );
        }
        assert!(
            r.explanation.contains("Bad") && r.explanation.contains("Good")
                || r.id == "internal/error"
                || r.id == "file/too-large",
            "{} needs a bad and a good example",
            r.id
        );
    }
}

#[test]
fn released_rule_ids_never_change() {
    // Adding a rule appends here; removing or renaming one breaks users' configs.
    let ids: Vec<&str> = rules::all().map(|r| r.id).collect();
    for id in [
        "front-matter/parse",
        "front-matter/missing",
        "front-matter/required",
        "front-matter/type",
        "note/path-mismatch",
        "steps/missing",
        "steps/empty",
        "steps/placeholder",
        "conclusions/missing",
        "actions/owner",
        "actions/due",
        "actions/date-invalid",
        "actions/overdue",
        "actions/report-owns-none",
        "cascade/no-audience",
        "indicators/type",
        "leverage/missing",
        "cadence/overdue",
        "people/unknown",
        "note/conflict-markers",
        "file/encoding",
        "file/too-large",
        "actions/stale-copy",
        "actions/not-carried",
        "actions/ambiguous",
        "conclusions/audience",
    ] {
        assert!(ids.contains(&id), "{id} is gone");
    }
}

#[test]
fn agendas_skip_completion_rules_only() {
    let agenda = "---\ndate: 2026-12-01\nreport: alice\nsupervisor: dana\n---\n## Cascading actions\n- [ ] Prepare numbers due:2026-13-01\n";
    let d = lint_as("notes/alice/2026-12-01.md", agenda.as_bytes(), "");
    let mut rules: Vec<&str> = d.iter().map(|d| d.rule).collect();
    rules.sort();
    assert_eq!(
        rules,
        vec!["actions/date-invalid", "actions/owner"],
        "{}",
        show(&d)
    );
}

#[test]
fn config_turns_rules_off_or_up_and_reports_unknown_ids() {
    let bad = edit(" due:2026-12-04", "").replacen("duration_min: 45\n", "", 1);
    let d = lint_as(
        REL,
        bad.as_bytes(),
        "[lint.rules]\n\"actions/due\" = \"off\"\n\"leverage/missing\" = \"error\"\n",
    );
    assert_eq!(
        show(&d),
        "8:1:leverage/missing error no `duration_min`: the meeting's leverage cannot be computed"
    );
    let nb = notebook("[lint.rules]\n\"steps/mising\" = \"off\"\n");
    let s = Settings::from_notebook(&nb).unwrap();
    assert_eq!(s.config_diagnostics.len(), 1);
    let c = &s.config_diagnostics[0];
    assert_eq!(
        (c.rule, c.path.as_str(), c.line),
        ("lint/unknown-rule", "cascade.toml", 8)
    );
    assert!(
        c.help.as_deref().unwrap().contains("steps/missing"),
        "{:?}",
        c.help
    );
    let nb = notebook("[lint.rules]\n\"steps/missing\" = \"loud\"\n");
    let e = Settings::from_notebook(&nb).unwrap_err();
    assert_eq!(e.location().unwrap().line, 8);
}

#[test]
fn directives_silence_one_rule_in_one_note() {
    let bad = edit(" due:2026-12-04", "").replacen(
        "## Private",
        "<!-- cascade-disable actions/due -->\n## Private",
        1,
    );
    assert!(lint(&bad).is_empty(), "{}", show(&lint(&bad)));
}

#[test]
fn encoding_errors_point_at_the_bad_byte() {
    let mut bytes = b"---\ndate: 2026-11-20\nreport: al".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b"ice\n---\n");
    let d = lint_as(REL, &bytes, "");
    assert_eq!(
        show(&d),
        "3:11:file/encoding error invalid UTF-8: byte 0xE9 is not valid here"
    );
    let d = lint_as(REL, &[0xFF, 0xFE, b'-', 0], "");
    assert!(d[0].message.contains("UTF-16"), "{}", show(&d));
}

#[test]
fn conflicted_actions_are_not_counted() {
    let bad = edit(
        "- [ ] Re-plan the Q1 pipeline @alice due:2026-12-04",
        "<<<<<<< HEAD\n- [ ] Re-plan the Q1 pipeline due:2026-12-04\n=======\n- [ ] Re-plan @zed\n>>>>>>> other",
    );
    let d = lint(&bad);
    let rules: Vec<&str> = d.iter().map(|d| d.rule).collect();
    assert!(rules.contains(&"note/conflict-markers"), "{}", show(&d));
    assert!(
        !rules.contains(&"actions/owner") && !rules.contains(&"people/unknown"),
        "{}",
        show(&d)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn lint_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..800)) {
        let _ = lint_as(REL, &bytes, "");
    }

    #[test]
    fn lint_never_panics_on_markdownish_text(s in "(---\n|\r\n|- \\[[ x-]\\] |## |<!--|-->|```|@a|due:|share:|\\(from |2026-11-20|cascade-disable |[a-z: \n#>\\[\\]]){0,80}") {
        let d = lint(&s);
        let lines = s.split('\n').count().max(1);
        for x in d {
            prop_assert!(x.line >= 1 && x.line <= lines + 1, "{} beyond {}", x.line, lines);
        }
    }
}

#[test]
fn rules_doc_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let want = rules_markdown();
    if std::env::var_os("UPDATE_RULES_DOC").is_some() {
        std::fs::write(path, &want).expect("write docs/rules.md");
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is stale: run `UPDATE_RULES_DOC=1 cargo test rules_doc`"
    );
}

#[test]
fn private_lines_are_never_shown_in_snippets() {
    let shown = |text: &str| -> Vec<String> {
        lint(text)
            .iter()
            .filter_map(|d| d.source_line.clone())
            .collect()
    };
    // A missing last step is pointed at the Private heading, not at the section's last line.
    let t =
        edit("## Cascading actions", "## Next steps").replacen("Alice is thinking", "canary", 1);
    assert!(
        shown(&t).iter().all(|l| !l.contains("canary")),
        "{:?}",
        shown(&t)
    );
    // A finding inside `## Private` has no snippet.
    let t = edit("Alice is thinking about a move. TODO", "<<<<<<< canary");
    let d = lint(&t);
    assert!(
        d.iter().any(|d| d.rule == "note/conflict-markers"),
        "{}",
        show(&d)
    );
    assert!(
        shown(&t).iter().all(|l| !l.contains("canary")),
        "{:?}",
        shown(&t)
    );
    // A private note whose front matter is broken is still private.
    let t = edit(
        "duration_min: 45",
        "duration_min: 45\nprivate: true\ntags: [a, b",
    )
    .replacen("@alice due:2026-12-04", "canary", 1);
    assert!(lint(&t).iter().any(|d| d.rule == "front-matter/parse"));
    assert!(shown(&t).is_empty(), "{:?}", shown(&t));
    // A reason after the ids of a directive is not read as ids, so never quoted.
    let t = edit(
        "## Private",
        "<!-- cascade-disable leverage/missing: canary is leaving -->\n## Private",
    );
    let d = lint(&t);
    assert!(
        d.iter().all(|d| !d.message.contains("canary")),
        "{}",
        show(&d)
    );
    assert!(d.is_empty(), "{}", show(&d));
}

proptest! {
    /// One pass keeps, per folder, the latest held date and the newest date before it: what
    /// taking the latest held date first, then the newest date below it, gives.
    #[test]
    fn held_by_folder_keeps_the_latest_held_note_and_the_one_before(
        notes in proptest::collection::vec((0u8..3, 1i8..=28, prop_oneof![Just("md"), Just("markdown"), Just("txt")]), 0..24),
    ) {
        let today = jiff::civil::date(2026, 11, 20);
        let rels: Vec<String> = notes
            .iter()
            .map(|(f, d, ext)| format!("notes/r{f}/2026-11-{d:02}.{ext}"))
            .chain(["notes/2026-11-01.md".to_owned(), "notes/r0/sub/2026-11-02.md".to_owned()])
            .collect();
        let held = held_by_folder(rels.iter().map(String::as_str), today);
        for f in 0..3 {
            let folder = format!("r{f}");
            let dates: Vec<jiff::civil::Date> = rels
                .iter()
                .filter_map(|r| path_parts(r))
                .filter(|(r, _)| *r == folder)
                .map(|(_, d)| d)
                .collect();
            let latest = dates.iter().copied().filter(|d| *d <= today).max();
            let previous = latest.and_then(|l| dates.iter().copied().filter(|d| *d < l).max());
            let expected = (!dates.is_empty()).then_some((latest, previous));
            prop_assert_eq!(held.get(&folder).copied(), expected, "{:?}", rels);
        }
        prop_assert_eq!(held.len(), (0..3).filter(|f| rels.iter().any(|r| path_parts(r).is_some_and(|(x, _)| x == format!("r{f}")))).count());
    }
}
