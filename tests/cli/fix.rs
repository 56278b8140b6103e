//! `cascade lint --fix [--unsafe-fixes] [--diff]`: each fix on a notebook, what it writes and
//! what it leaves, the diff, private text never printed, refusals. Today is 2026-11-24.

use proptest::prelude::Strategy;
use proptest::strategy::Just;
use proptest::{arbitrary::any, prop_oneof};

use crate::common::*;

const D10: &str = "notes/alice/2026-11-10.md";
const D17: &str = "notes/alice/2026-11-17.md";
const D20: &str = "notes/alice/2026-11-20.md";
const CANARY: &str = "canary-7f3e";

fn head(date: &str, private: bool) -> String {
    let private = if private { "private: true\n" } else { "" };
    format!(
        "---\ndate: {date}\nreport: alice\nsupervisor: dana\nduration_min: 45\nshare_with: [sales]\n{private}---\n"
    )
}

/// A complete note of alice on `date` whose cascading actions are `actions`.
fn note(date: &str, actions: &[&str]) -> String {
    format!(
        "{}\n## Leverage\nTwo weeks of pipeline work.\n\n## Common base\nThe dip is seasonal.\n\n\
## Reverse teaching\nHow leads are scored.\n\n## Joint data analysis\nOrders 412.\n\n\
## Conclusions\n- Hold Q1 hiring. share:finance\n\n## Cascading actions\n{}\n",
        head(date, false),
        actions.join("\n")
    )
}

/// A note of alice on 2026-11-20 without Common base and Reverse teaching, with a private part.
fn gappy(private: bool) -> String {
    format!(
        "{}\n## Leverage\nTwo weeks of pipeline work.\n\n## Joint data analysis\nOrders 412.\n\n\
## Conclusions\n- Hold Q1 hiring. share:finance\n\n## Cascading actions\n- [ ] Re-plan @alice due:2026-12-04\n\n\
## Private\nAlice may leave. {CANARY}\n",
        head("2026-11-20", private)
    )
}

fn git_status(env: &Env) -> String {
    let out = env
        .git(&env.work())
        .args(["status", "--porcelain"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// The rule ids `cascade lint --format json` reports, sorted.
fn rules_found(env: &Env) -> Vec<String> {
    let out = env
        .cascade()
        .args(["lint", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut r: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect();
    r.sort();
    r
}

fn all_output(a: &assert_cmd::assert::Assert) -> String {
    format!("{}{}", stdout(a), stderr(a))
}

#[test]
fn lint_fix_adds_missing_step_headings_empty_and_still_reports_them() {
    let env = Env::new();
    env.notebook();
    env.write(D20, gappy(false));
    let a = env.cascade().args(["lint", "--fix"]).assert().code(1);
    assert!(
        stderr(&a).contains("fixed 2 findings in 1 note\n"),
        "{}",
        stderr(&a)
    );
    assert_eq!(
        env.read(D20),
        gappy(false).replace(
            "## Joint data analysis",
            "## Common base\n\n## Reverse teaching\n\n## Joint data analysis"
        )
    );
    // Reported as empty now, in the remaining findings printed after the fix.
    let out = stdout(&a);
    assert!(
        out.contains("error[steps/empty]: `Common base` is empty"),
        "{out}"
    );
    assert!(!out.contains("steps/missing"), "{out}");
    assert_eq!(rules_found(&env), ["steps/empty", "steps/empty"]);
    assert!(!all_output(&a).contains(CANARY));
}

#[test]
fn lint_fix_a_second_time_changes_nothing() {
    let env = Env::new();
    env.notebook();
    env.write(D20, gappy(false));
    env.cascade().args(["lint", "--fix"]).assert().code(1);
    let once = env.read(D20);
    let a = env
        .cascade()
        .args(["lint", "--fix", "--unsafe-fixes"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("fixed 0 findings in 0 notes\n"),
        "{}",
        stderr(&a)
    );
    assert_eq!(env.read(D20), once);
    assert_eq!(env.names("notes/alice"), ["2026-11-20.md"]);
}

#[test]
fn lint_fix_ticks_a_stale_copy_as_the_copy_that_closed_the_action() {
    let env = Env::new();
    env.notebook();
    let forecast = "Send the forecast @alice due:2026-11-20";
    env.write(D10, note("2026-11-10", &[&format!("- [ ] {forecast}")]));
    env.commit_all("alice 10", "2026-11-10T10:00:00+00:00");
    let carried = format!("- [ ] {forecast} (from 2026-11-10)");
    env.write(D17, note("2026-11-17", &[&carried]));
    env.commit_all("alice 17", "2026-11-17T10:00:00+00:00");
    // Ticked in the older note after the newer one carried it.
    env.write(D10, note("2026-11-10", &[&format!("- [x] {forecast}")]));
    env.commit_all("done", "2026-11-19T10:00:00+00:00");
    assert_eq!(rules_found(&env), ["actions/stale-copy"]);
    let d10 = env.read(D10);

    let a = env.cascade().args(["lint", "--fix"]).assert().success();
    assert!(
        stderr(&a).contains("fixed 1 finding in 1 note\n"),
        "{}",
        stderr(&a)
    );
    assert_eq!(
        env.read(D17),
        note("2026-11-17", &[&carried.replace("[ ]", "[x]")])
    );
    assert_eq!(env.read(D10), d10, "the older note is left as it was");
    assert_eq!(git_status(&env), format!(" M {D17}\n"));
    assert_eq!(rules_found(&env), Vec::<String>::new());
    // Still closed on the day of the first tick.
    let a = env
        .cascade()
        .args(["actions", "--all", "--format", "json"])
        .assert()
        .success();
    assert!(stdout(&a).contains("2026-11-19"), "{}", stdout(&a));
}

#[test]
fn lint_fix_renames_a_note_filed_under_the_wrong_date_only_with_unsafe_fixes() {
    let env = Env::new();
    env.notebook();
    let wrong = "notes/alice/2026-11-19.md";
    let text = note("2026-11-20", &["- [ ] Re-plan @alice due:2026-12-04"]);
    env.write(wrong, &text);
    let a = env.cascade().args(["lint", "--fix"]).assert().code(1);
    assert!(
        stderr(&a)
            .contains("fixed 0 findings in 0 notes\n1 more fix is available with `--unsafe-fixes`"),
        "{}",
        stderr(&a)
    );
    assert_eq!(env.names("notes/alice"), ["2026-11-19.md"]);

    let a = env
        .cascade()
        .args(["lint", "--fix", "--unsafe-fixes", wrong])
        .assert()
        .success();
    assert!(
        stderr(&a).contains("fixed 1 finding in 1 note\n"),
        "{}",
        stderr(&a)
    );
    assert_eq!(env.names("notes/alice"), ["2026-11-20.md"]);
    assert_eq!(env.read(D20), text, "renamed, not edited");
    assert_eq!(rules_found(&env), Vec::<String>::new());
}

#[test]
fn lint_fix_refuses_to_rename_a_note_onto_an_existing_one() {
    let env = Env::new();
    env.notebook();
    let wrong = "notes/alice/2026-11-19.md";
    let text = note("2026-11-20", &["- [ ] Re-plan @alice due:2026-12-04"]);
    env.write(wrong, &text);
    let other = note("2026-11-20", &["- [ ] Other @alice due:2026-12-04"]);
    env.write(D20, &other);
    let a = env
        .cascade()
        .args(["lint", "--fix", "--unsafe-fixes"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains(&format!(
            "warning: {wrong} was not renamed: {D20} already exists"
        )),
        "{}",
        stderr(&a)
    );
    assert_eq!(env.names("notes/alice"), ["2026-11-19.md", "2026-11-20.md"]);
    assert_eq!((env.read(wrong), env.read(D20)), (text, other));
}

#[test]
fn lint_fix_renames_a_misspelt_step_heading_only_with_unsafe_fixes() {
    let env = Env::new();
    env.notebook();
    let text = note("2026-11-20", &["- [ ] Re-plan @alice due:2026-12-04"])
        .replace("## Conclusions", "## Conclusion");
    env.write(D20, &text);
    env.cascade().args(["lint", "--fix"]).assert().code(1);
    assert_eq!(env.read(D20), text, "no safe fix for a misspelt heading");
    env.cascade()
        .args(["lint", "--fix", "--unsafe-fixes"])
        .assert()
        .success();
    assert_eq!(
        env.read(D20),
        text.replace("## Conclusion\n", "## Conclusions\n")
    );
}

#[test]
fn lint_diff_changes_nothing_and_prints_a_unified_diff() {
    let env = Env::new();
    env.notebook();
    let text = gappy(false).replace("\n## Private\nAlice may leave. canary-7f3e\n", "");
    env.write(D20, &text);
    let a = env.cascade().args(["lint", "--diff"]).assert().code(1);
    assert_eq!(
        stdout(&a),
        "--- a/notes/alice/2026-11-20.md\n+++ b/notes/alice/2026-11-20.md\n@@ -9,6 +9,10 @@\n \
## Leverage\n Two weeks of pipeline work.\n \n+## Common base\n+\n+## Reverse teaching\n+\n \
## Joint data analysis\n Orders 412.\n \n"
    );
    assert!(
        stderr(&a).contains("`--fix` would fix 2 findings in 1 note; nothing was changed"),
        "{}",
        stderr(&a)
    );
    assert_eq!(env.read(D20), text);
    assert_eq!(env.names("notes/alice"), ["2026-11-20.md"]);
}

#[test]
fn lint_diff_never_prints_a_private_part_nor_a_private_note() {
    let env = Env::new();
    env.notebook();
    // The inserted heading is next to the private part: its lines are masked in the context.
    let text = gappy(false).replace(
        "## Cascading actions\n- [ ] Re-plan @alice due:2026-12-04\n\n",
        "",
    );
    env.write(D20, &text);
    let a = env.cascade().args(["lint", "--diff"]).assert().code(1);
    assert!(
        stdout(&a).contains(
            "+## Cascading actions\n+\n (private line, not shown)\n (private line, not shown)\n"
        ),
        "{}",
        stdout(&a)
    );
    assert!(!all_output(&a).contains(CANARY), "{}", all_output(&a));
    assert_eq!(env.read(D20), text);

    // A private note: only the lines changed.
    env.write(D20, gappy(true));
    for args in [
        &["lint", "--diff"][..],
        &["lint", "--diff", "--format", "json"],
    ] {
        let a = env.cascade().args(args).assert().code(1);
        assert_eq!(
            stdout(&a),
            "--- a/notes/alice/2026-11-20.md\n+++ b/notes/alice/2026-11-20.md\n# lines changed: 13 (not shown: the note is private)\n"
        );
        assert!(!all_output(&a).contains(CANARY));
        assert!(!all_output(&a).contains("pipeline"));
    }
    assert_eq!(env.read(D20), gappy(true));
}

#[test]
fn lint_fix_on_a_private_note_applies_and_prints_no_private_text() {
    let env = Env::new();
    env.notebook();
    env.write(D20, gappy(true));
    for format in ["human", "json", "github"] {
        env.write(D20, gappy(true));
        let a = env
            .cascade()
            .args(["lint", "--fix", "--format", format])
            .assert()
            .code(1);
        assert!(!all_output(&a).contains(CANARY), "{format}");
        assert!(!all_output(&a).contains("pipeline"), "{format}");
        assert_eq!(
            env.read(D20),
            gappy(true).replace(
                "## Joint data analysis",
                "## Common base\n\n## Reverse teaching\n\n## Joint data analysis"
            )
        );
    }
}

#[test]
fn lint_fix_keeps_a_crlf_note_with_a_bom_in_crlf_with_its_bom() {
    let env = Env::new();
    env.notebook();
    let text = format!("\u{feff}{}", gappy(false).replace('\n', "\r\n"));
    env.write(D20, &text);
    env.cascade().args(["lint", "--fix"]).assert().code(1);
    let after = std::fs::read(env.work().join(D20)).unwrap();
    let expected = text.replace(
        "## Joint data analysis",
        "## Common base\r\n\r\n## Reverse teaching\r\n\r\n## Joint data analysis",
    );
    assert_eq!(String::from_utf8(after).unwrap(), expected);
}

#[test]
fn lint_fix_refuses_a_note_changed_since_it_was_read() {
    let env = Env::new();
    env.notebook();
    env.write(D20, gappy(false));
    let a = env
        .cascade()
        .env("CASCADE_DEBUG_SAVE_BEFORE_WRITE", "- an editor's line\n")
        .args(["lint", "--fix"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains(&format!(
            "{D20} changed on disk while cascade was fixing it; it was not written"
        )),
        "{}",
        stderr(&a)
    );
    assert_eq!(
        env.read(D20),
        format!("{}- an editor's line\n", gappy(false))
    );
    assert_eq!(
        env.names("notes/alice"),
        ["2026-11-20.md"],
        "no temp file left"
    );
}

#[test]
fn lint_fix_with_staged_is_a_usage_error_and_changes_nothing() {
    let env = Env::new();
    env.notebook();
    env.write(D20, gappy(false));
    env.git(&env.work()).args(["add", "-A"]).status().unwrap();
    for flag in ["--fix", "--diff", "--unsafe-fixes"] {
        let a = env
            .cascade()
            .args(["lint", "--staged", flag])
            .assert()
            .code(2);
        assert!(
            stderr(&a).contains("not on the versions staged in git's index"),
            "{}",
            stderr(&a)
        );
        assert!(stdout(&a).is_empty());
        assert_eq!(env.read(D20), gappy(false));
    }
}

#[test]
fn rules_say_which_rules_fix_and_how_safely() {
    let env = Env::new();
    let a = env
        .cascade()
        .args(["rules", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(v["version"], 1);
    let safety = |id: &str| -> Vec<String> {
        v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()["fixes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["safety"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(safety("steps/missing"), ["safe", "unsafe"]);
    assert_eq!(safety("actions/stale-copy"), ["safe"]);
    assert_eq!(safety("note/path-mismatch"), ["unsafe"]);
    assert_eq!(safety("steps/empty"), Vec::<String>::new());
}

/// The bytes no fix may change: the front matter (to the end of its closing fence), and the
/// text of each private part, heading included.
fn kept_parts(text: &str) -> (String, Vec<String>, bool) {
    use cascade::note::{Note, Split, Step};
    let n = Note::parse(text);
    let head = match &n.split {
        Split::Present(f) => text[..f.body_start].to_owned(),
        _ => String::new(),
    };
    let private = n
        .sections
        .iter()
        .filter(|s| s.step == Step::Private)
        .map(|s| {
            (s.line..s.end_line.min(n.index.len() + 1))
                .map(|l| n.line_text(l))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    (head, private, n.is_private())
}

/// The one note in alice's folder but the 2026-11-10 one: its name and bytes.
fn the_note(env: &Env) -> (String, Vec<u8>) {
    let names: Vec<String> = env
        .names("notes/alice")
        .into_iter()
        .filter(|n| n != "2026-11-10.md")
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let rel = format!("notes/alice/{}", names[0]);
    let bytes = std::fs::read(env.work().join(&rel)).unwrap();
    (rel, bytes)
}

/// A note of alice dated 2026-11-20, filed under that day or the day before: step headings
/// written right, misspelt or left out, any order and level, with or without content, a
/// private part anywhere (holding the canary, as does every line of a private note), maybe a
/// copy of an action ticked in an older note, LF or CRLF, with or without a BOM.
fn arb_case() -> impl Strategy<Value = (String, String, bool)> {
    let heading = prop_oneof![
        Just("Leverage"),
        Just("Common base"),
        Just("Comon base"),
        Just("Reverse teaching"),
        Just("Joint data analysis"),
        Just("Conclusion"),
        Just("Conclusions"),
        Just("Cascading actions"),
        Just("Notes"),
        Just("Private"),
    ];
    let body = prop_oneof![
        Just(""),
        Just("Some words.\n"),
        Just("- Hold it. share:finance\n"),
        Just("- [ ] Send the forecast @alice due:2026-11-20 (from 2026-11-10)\n"),
    ];
    (
        any::<bool>(),
        proptest::collection::vec((2..4usize, heading, body), 0..8),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(private, sections, crlf, bom, misfiled, older)| {
            let mut s = head("2026-11-20", private);
            for (level, h, b) in sections {
                // Private text: a private part's, or any line of a private note.
                let b = if h == "Private" {
                    "canary-7f3e in a line\n".to_owned()
                } else if private {
                    b.replace("Some words.", "Some canary-7f3e words.")
                } else {
                    b.to_owned()
                };
                s.push_str(&format!("\n{} {h}\n{b}", "#".repeat(level)));
            }
            if crlf {
                s = s.replace('\n', "\r\n");
            }
            if bom {
                s.insert(0, '\u{feff}');
            }
            let name = if misfiled { "2026-11-19" } else { "2026-11-20" };
            (s, format!("notes/alice/{name}.md"), older)
        })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 16,
        max_shrink_iters: 64,
        ..proptest::prelude::ProptestConfig::default()
    })]

    #[test]
    fn lint_fix_keeps_front_matter_and_private_parts_adds_no_finding_and_converges(
        (text, rel, older) in arb_case()
    ) {
        let env = Env::new();
        env.notebook();
        if older {
            env.write(D10, note("2026-11-10", &["- [x] Send the forecast @alice due:2026-11-20"]));
        }
        env.write(&rel, &text);
        let before = rules_found(&env);

        // Safe fixes: no new finding but the empty steps that were missing.
        let a = env.cascade().args(["lint", "--fix"]).assert();
        let code = a.get_output().status.code();
        proptest::prop_assert!(matches!(code, Some(0 | 1)), "{}", stderr(&a));
        proptest::prop_assert!(!all_output(&a).contains(CANARY));
        let (now, _) = the_note(&env);
        proptest::prop_assert_eq!(&now, &rel, "no rename without --unsafe-fixes");
        for r in rules_found(&env) {
            proptest::prop_assert!(before.contains(&r) || r == "steps/empty", "new finding {}", r);
        }

        // Then the unsafe ones, until nothing is left to fix.
        let a = env.cascade().args(["lint", "--fix", "--unsafe-fixes"]).assert();
        proptest::prop_assert!(!all_output(&a).contains(CANARY));
        let (rel2, fixed) = the_note(&env);
        let fixed = String::from_utf8(fixed).unwrap();
        proptest::prop_assert_eq!(kept_parts(&text), kept_parts(&fixed));
        proptest::prop_assert_eq!(text.starts_with('\u{feff}'), fixed.starts_with('\u{feff}'));
        if text.contains("\r\n") {
            proptest::prop_assert!(!fixed.replace("\r\n", "").contains('\n'), "a bare LF");
        }
        if older {
            proptest::prop_assert_eq!(
                env.read(D10),
                note("2026-11-10", &["- [x] Send the forecast @alice due:2026-11-20"])
            );
        }

        // A second run changes nothing.
        let a = env.cascade().args(["lint", "--fix", "--unsafe-fixes"]).assert();
        proptest::prop_assert!(stderr(&a).contains("fixed 0 findings in 0 notes\n"), "{}", stderr(&a));
        let (rel3, again) = the_note(&env);
        proptest::prop_assert_eq!(rel3, rel2);
        proptest::prop_assert_eq!(String::from_utf8(again).unwrap(), fixed);
    }
}

#[test]
fn lint_fix_refuses_a_read_only_note_exits_2_naming_it_and_leaves_no_temp_file() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.notebook();
    let p = env.write(D20, gappy(false));
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    let a = env.cascade().args(["lint", "--fix"]).assert().code(2);
    assert!(
        stderr(&a).contains(&format!("{D20} is read-only; nothing was written")),
        "{}",
        stderr(&a)
    );
    assert_eq!(env.read(D20), gappy(false));
    assert_eq!(env.names("notes/alice"), ["2026-11-20.md"]);
}

#[test]
fn lint_fix_never_writes_through_a_symlinked_note() {
    let env = Env::new();
    env.notebook();
    let outside = env.write("outside.md", gappy(false));
    std::fs::create_dir_all(env.work().join("notes/alice")).unwrap();
    std::os::unix::fs::symlink(&outside, env.work().join(D20)).unwrap();
    let a = env.cascade().args(["lint", "--fix"]).assert().success();
    assert!(
        stderr(&a).contains("fixed 0 findings in 0 notes\n"),
        "{}",
        stderr(&a)
    );
    assert!(stdout(&a).contains("file/symlink"), "{}", stdout(&a));
    assert_eq!(env.read("outside.md"), gappy(false));
    assert!(
        std::fs::symlink_metadata(env.work().join(D20))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}
