//! The note-level rows of the hostile-inputs table, each checked through `cascade lint` or
//! `cascade new` with the exact finding a user sees: line, column, rule, message, help.

use crate::common::*;
use crate::lint::good;

const REL: &str = "notes/alice/2026-11-20.md";

/// A notebook to lint one note at a time in.
struct Lab {
    env: Env,
}

impl Lab {
    fn new() -> Lab {
        let env = Env::new();
        env.notebook();
        Lab { env }
    }

    /// Lint `bytes` as the only note, at `REL`: the exit code and one line per finding,
    /// `LINE:COL rule severity: message | help`.
    fn lint(&self, bytes: impl AsRef<[u8]>) -> (i32, Vec<String>) {
        let _ = std::fs::remove_dir_all(self.env.work().join("notes"));
        self.env.write(REL, bytes);
        let out = self
            .env
            .cascade()
            .args(["lint", "--format", "json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
        assert_eq!(v["files_checked"], 1);
        let found = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let mut s = format!(
                    "{}:{} {} {}: {}",
                    d["line"],
                    d["column"],
                    d["rule"].as_str().unwrap(),
                    d["severity"].as_str().unwrap(),
                    d["message"].as_str().unwrap()
                );
                if let Some(h) = d["help"].as_str() {
                    s.push_str(" | ");
                    s.push_str(h);
                }
                s
            })
            .collect();
        (out.status.code().unwrap(), found)
    }
}

fn note() -> String {
    good("2026-11-20")
}

/// `note()` with `from` replaced by `to`, once.
fn edit(from: &str, to: &str) -> String {
    let n = note();
    assert!(n.contains(from), "{from:?}");
    n.replacen(from, to, 1)
}

/// Every line ending of `text` as CRLF.
fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

/// Every other line ending of `text` as CRLF.
fn mixed(text: &str) -> String {
    text.split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| {
            if i % 2 == 0 {
                l.replacen('\n', "\r\n", 1)
            } else {
                l.to_owned()
            }
        })
        .collect()
}

const YAML_HELP: &str = "fix the YAML between the `---` fences (quote text containing `:` or `#`)";

/// A note with a finding in the front matter, one at the end of a front matter line, and
/// two in the body.
fn with_findings() -> String {
    edit("duration_min: 45", "duration_min: ninety").replacen(" @alice", "", 1)
}

fn with_findings_want() -> Vec<String> {
    vec![
        "5:15 front-matter/type error: `duration_min` must be a positive number of minutes, found text".into(),
        "24:1 actions/report-owns-none warning: no action is owned by the report, @alice | add what alice will do in their area: `- [ ] … @alice due:YYYY-MM-DD`".into(),
        "25:3 actions/owner error: this open action has no owner | add `@handle` of who does it".into(),
    ]
}

#[test]
fn row_1_a_bom_before_the_fence_is_read_normally_with_lines_true_to_the_file() {
    let lab = Lab::new();
    let bom = |t: &str| format!("\u{feff}{t}");
    assert_eq!(lab.lint(bom(&note())), (0, vec![]));
    assert_eq!(lab.lint(bom(&with_findings())), (1, with_findings_want()));
    // A finding on line 1 itself: its column does not count the BOM.
    let unterminated = edit("share_with: [sales]\n---\n", "share_with: [sales]\n");
    assert_eq!(
        lab.lint(bom(&unterminated)),
        (
            1,
            vec!["1:1 front-matter/parse error: opening `---` has no closing `---` or `...` | end the front matter with a line holding only `---`".into()]
        )
    );
}

#[test]
fn row_2_crlf_and_mixed_line_endings_give_the_same_findings_as_lf() {
    let lab = Lab::new();
    assert_eq!(lab.lint(crlf(&note())), (0, vec![]));
    assert_eq!(lab.lint(mixed(&note())), (0, vec![]));
    assert_eq!(lab.lint(with_findings()), (1, with_findings_want()));
    assert_eq!(lab.lint(crlf(&with_findings())), (1, with_findings_want()));
    assert_eq!(lab.lint(mixed(&with_findings())), (1, with_findings_want()));
    // A column at the very end of a line, right before the `\r`.
    let trailing = edit("supervisor: dana", "supervisor: dana:");
    let want = (
        1,
        vec![format!(
            "4:17 front-matter/parse error: front matter is not valid YAML: mapping values are not allowed in this context | {YAML_HELP}"
        )],
    );
    for text in [trailing.clone(), crlf(&trailing), mixed(&trailing)] {
        assert_eq!(lab.lint(&text), want, "{text:?}");
    }
}

#[test]
fn row_7_unterminated_front_matter_is_a_parse_error_at_1_1_and_never_body() {
    let lab = Lab::new();
    // The body below has an ownerless action and an empty step: not reported, as it is
    // never read as body.
    let text = edit("share_with: [sales]\n---\n", "share_with: [sales]\n")
        .replacen(" @alice", "", 1)
        .replacen("The dip is seasonal.", "", 1);
    let want = vec!["1:1 front-matter/parse error: opening `---` has no closing `---` or `...` | end the front matter with a line holding only `---`".to_owned()];
    assert_eq!(lab.lint(&text), (1, want.clone()));
    assert_eq!(lab.lint(crlf(&text)), (1, want));
}

#[test]
fn row_8_text_before_the_fence_means_no_front_matter_with_a_hint() {
    let lab = Lab::new();
    let hint = "1:1 front-matter/missing error: the note has no front matter | a `---` block starts on line 2; front matter must start on line 1, with nothing before it";
    assert_eq!(
        lab.lint(format!("\n{}", note())),
        (1, vec![hint.to_owned()])
    );
    assert_eq!(
        lab.lint(format!("Notes\n{}", note())),
        (1, vec![hint.to_owned()])
    );
    let body_only = note().split_once("---\n\n").unwrap().1.to_owned();
    assert_eq!(
        lab.lint(body_only),
        (
            1,
            vec!["1:1 front-matter/missing error: the note has no front matter | start the note with `---`, then `date:`, `report:` and `supervisor:`, then `---`".into()]
        )
    );
}

#[test]
fn row_9_broken_yaml_is_a_parse_error_at_the_line_of_the_file() {
    let lab = Lab::new();
    for (from, to, at, why) in [
        (
            "supervisor: dana",
            "  supervisor: dana",
            "4:13",
            "mapping values are not allowed in this context",
        ),
        (
            "supervisor: dana",
            "supervisor:\tdana\n\tx: 1",
            "4:13",
            "while scanning a plain scalar, found a tab",
        ),
        (
            "supervisor: dana",
            "\tsupervisor: dana",
            "4:1",
            "while scanning a plain scalar, found a tab",
        ),
        (
            "supervisor: dana",
            "supervisor: \"dana",
            "4:13",
            "unclosed quote",
        ),
        (
            "share_with: [sales]",
            "share_with: [sales",
            "6:13",
            "unclosed bracket '['",
        ),
    ] {
        assert_eq!(
            lab.lint(edit(from, to)),
            (
                1,
                vec![format!(
                    "{at} front-matter/parse error: front matter is not valid YAML: {why} | {YAML_HELP}"
                )]
            ),
            "{to:?}"
        );
    }
}

#[test]
fn row_10_a_duplicate_key_is_a_parse_error_at_the_second_key() {
    let lab = Lab::new();
    assert_eq!(
        lab.lint(edit("supervisor: dana", "supervisor: dana\nreport: bob")),
        (
            1,
            vec![format!(
                "5:1 front-matter/parse error: front matter is not valid YAML: duplicate mapping key: report | {YAML_HELP}"
            )]
        )
    );
}

#[test]
fn row_11_an_alias_bomb_and_deep_nesting_are_parse_errors() {
    let lab = Lab::new();
    // Seven levels of aliases over nine items, the size the table measured gray_matter at:
    // 9^8 nodes if expanded, about 300 bytes of YAML.
    let mut bomb =
        String::from("---\na: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    for (name, prev) in [
        ('b', 'a'),
        ('c', 'b'),
        ('d', 'c'),
        ('e', 'd'),
        ('f', 'e'),
        ('g', 'f'),
        ('h', 'g'),
    ] {
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    bomb.push_str("---\n\n");
    bomb.push_str(note().split_once("---\n\n").unwrap().1);
    assert_eq!(
        lab.lint(&bomb),
        (
            1,
            vec![format!(
                "6:8 front-matter/parse error: front matter is not valid YAML: it expands to more values than a note's front matter may hold (aliases or size over cascade's limits) | {YAML_HELP}"
            )]
        )
    );
    let deep = edit(
        "supervisor: dana",
        &format!("supervisor: dana\nx: {}", "[".repeat(100_000)),
    );
    assert_eq!(
        lab.lint(&deep),
        (
            1,
            vec![format!(
                "5:36 front-matter/parse error: front matter is not valid YAML: it nests deeper than a note's front matter may (over 32 levels) | {YAML_HELP}"
            )]
        )
    );
}

#[test]
fn row_12_wrong_types_name_the_key_and_the_type_at_the_value() {
    let lab = Lab::new();
    let text = edit("date: 2026-11-20", "date: [1,2]").replacen(
        "duration_min: 45",
        "duration_min: ninety\nindicators: {x: high}",
        1,
    );
    assert_eq!(
        lab.lint(text),
        (
            1,
            vec![
                "2:7 front-matter/type error: `date` must be a real date as YYYY-MM-DD, found a list".into(),
                "5:15 front-matter/type error: `duration_min` must be a positive number of minutes, found text".into(),
                "6:17 indicators/type error: indicator `x` must be a number, found text | indicators are numbers so they can be compared across meetings, e.g. `morale: 7.5`".into(),
            ]
        )
    );
}

#[test]
fn row_13_impossible_and_misshapen_dates_expect_a_real_yyyy_mm_dd() {
    let lab = Lab::new();
    for (date, why) in [
        ("2026-02-30", "does not exist in the calendar"),
        ("2026-13-01", "does not exist in the calendar"),
        ("next tuesday", "is not a date"),
        ("20260105", "is not a date"),
        ("2026-01-05T10:00", "is not a date"),
    ] {
        assert_eq!(
            lab.lint(edit("date: 2026-11-20", &format!("date: {date}"))),
            (
                1,
                vec![format!(
                    "2:7 front-matter/type error: `date`: `{date}` {why}: expected a real date as YYYY-MM-DD | write the meeting date like `date: 2026-11-20`"
                )]
            ),
        );
        let token = date.replace(' ', "_");
        assert_eq!(
            lab.lint(edit("due:2026-12-04", &format!("due:{token}"))),
            (
                1,
                vec![format!(
                    "25:25 actions/date-invalid error: `due:{token}`: `{token}` {why}: expected a real date as YYYY-MM-DD | write a real date as YYYY-MM-DD, e.g. `due:2026-12-01`"
                )]
            ),
        );
    }
}

#[test]
fn row_15_unknown_keys_are_warnings_never_dropped_silently() {
    let lab = Lab::new();
    assert_eq!(
        lab.lint(edit("duration_min: 45", "duraton_min: 45\nfoo: 1")),
        (
            0,
            vec![
                "5:1 front-matter/unknown-key warning: unknown front matter key `duraton_min` | did you mean `duration_min`?".into(),
                "6:1 front-matter/unknown-key warning: unknown front matter key `foo` | known keys: date, report, supervisor, duration_min, cadence_days, share_with, tags, indicators, private".into(),
                "8:1 leverage/missing warning: no `duration_min`: the meeting's leverage cannot be computed | add the meeting's length in minutes, e.g. `duration_min: 45`".into(),
            ]
        )
    );
}

#[test]
fn row_18_a_million_nested_quotes_and_4000_nested_lists_lint_clean() {
    let lab = Lab::new();
    let text = edit(
        "Orders 412.\n",
        &format!(
            "Orders 412.\n\n{}x\n\n{}x\n",
            ">".repeat(1_000_000),
            "- ".repeat(4_000)
        ),
    );
    assert_eq!(lab.lint(text), (0, vec![]));
}

#[test]
fn row_14_a_date_or_report_that_disagrees_with_the_path_names_both() {
    let lab = Lab::new();
    let report = "3:9 note/path-mismatch error: `report: bob` but the note is in the folder of `alice` (notes/alice/2026-11-20.md) | fix `report`, or move the note: `git mv notes/alice/2026-11-20.md notes/bob/2026-11-20.md`";
    let owns = "24:1 actions/report-owns-none warning: no action is owned by the report, @bob | add what bob will do in their area: `- [ ] … @bob due:YYYY-MM-DD`";
    assert_eq!(
        lab.lint(edit("report: alice", "report: bob")),
        (1, vec![report.to_owned(), owns.to_owned()])
    );
    assert_eq!(
        lab.lint(edit("date: 2026-11-20", "date: 2026-11-19")),
        (
            1,
            vec!["2:7 note/path-mismatch error: `date: 2026-11-19` but the file is named for 2026-11-20 (notes/alice/2026-11-20.md) | fix `date`, or rename the note: `git mv notes/alice/2026-11-20.md notes/alice/2026-11-19.md`".into()]
        )
    );
    // Both wrong: both are reported at once, not the second only after the first is fixed.
    let both =
        edit("date: 2026-11-20", "date: 2026-11-19").replacen("report: alice", "report: bob", 1);
    let to = "`git mv notes/alice/2026-11-20.md notes/bob/2026-11-19.md`";
    assert_eq!(
        lab.lint(both),
        (
            1,
            vec![
                format!(
                    "2:7 note/path-mismatch error: `date: 2026-11-19` but the file is named for 2026-11-20 (notes/alice/2026-11-20.md) | fix `date`, or rename the note: {to}"
                ),
                format!(
                    "3:9 note/path-mismatch error: `report: bob` but the note is in the folder of `alice` (notes/alice/2026-11-20.md) | fix `report`, or move the note: {to}"
                ),
                owns.to_owned(),
            ]
        )
    );
}

/// Whether every line of `text` ends with CRLF (`Some(true)`), every one with LF
/// (`Some(false)`), or they are mixed (`None`).
fn all_crlf(text: &str) -> Option<bool> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.iter().all(|l| l.ends_with("\r\n")) {
        Some(true)
    } else if lines.iter().all(|l| !l.contains('\r')) {
        Some(false)
    } else {
        None
    }
}

#[test]
fn row_2_new_and_person_add_write_the_line_ending_the_notebook_uses() {
    let env = Env::new();
    env.notebook();
    assert_eq!(all_crlf(&env.read("cascade.toml")), Some(false));
    // The report's last note is CRLF (with a BOM): the next one is CRLF throughout.
    env.write(
        "notes/alice/2026-11-13.md",
        format!("\u{feff}{}", crlf(&good("2026-11-13"))),
    );
    let a = env
        .cascade()
        .args(["new", "alice", "--date", "2026-11-20"])
        .assert()
        .success();
    assert_eq!(
        stdout(&a),
        "created notes/alice/2026-11-20.md (carried 1 open action from 2026-11-13)\n"
    );
    let alice = env.read("notes/alice/2026-11-20.md");
    assert_eq!(all_crlf(&alice), Some(true), "{alice:?}");
    assert!(alice.contains("\r\n- [ ] Re-plan Q1 @alice due:2026-12-04 (from 2026-11-13)\r\n"));
    // No note yet and an LF cascade.toml: LF, even from a template checked out with CRLF.
    let template =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/note.md.j2"))
            .unwrap();
    env.write("templates/note.md.j2", crlf(&template));
    env.cascade()
        .args(["new", "bob", "--date", "2026-11-20"])
        .assert()
        .success();
    let bob = env.read("notes/bob/2026-11-20.md");
    assert_eq!(all_crlf(&bob), Some(false), "{bob:?}");
    std::fs::remove_dir_all(env.work().join("templates")).unwrap();
    // A CRLF cascade.toml: person add writes CRLF (after the last person, before the
    // commented examples), and a first note is CRLF.
    let config = crlf(&env.read("cascade.toml"));
    env.write("cascade.toml", &config);
    env.cascade()
        .args(["person", "add", "carol", "--name", "Carol"])
        .assert()
        .success();
    assert_eq!(
        env.read("cascade.toml"),
        config.replacen(
            "# People you meet",
            "[people.carol]\r\nname = \"Carol\"\r\n\r\n# People you meet",
            1
        )
    );
    env.cascade()
        .args(["new", "carol", "--date", "2026-11-20"])
        .assert()
        .success();
    let carol = env.read("notes/carol/2026-11-20.md");
    assert_eq!(all_crlf(&carol), Some(true), "{carol:?}");
    let parsed = cascade::note::Note::parse(&carol);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.sections.len(), 7);
}
