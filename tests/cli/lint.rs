//! lint, rules, explain: formats, the planted-defect corpus, hostile inputs (odd files and
//! paths: `lint_inputs.rs`).

use crate::common::*;

/// A complete note of alice (lints clean on TODAY).
pub fn good(date: &str) -> String {
    format!(
        "---\ndate: {date}\nreport: alice\nsupervisor: dana\nduration_min: 45\nshare_with: [sales]\n---\n\n\
## Leverage\nTwo weeks of pipeline work.\n\n## Common base\nThe dip is seasonal.\n\n\
## Reverse teaching\nHow leads are scored.\n\n## Joint data analysis\nOrders 412.\n\n\
## Conclusions\n- Hold Q1 hiring. share:finance\n\n## Cascading actions\n\
- [ ] Re-plan Q1 @alice due:2026-12-04\n\n## Private\nCanary: moving-to-mars.\n"
    )
}

/// A notebook with one clean note and one with three kinds of findings.
fn small(env: &Env) {
    env.notebook();
    env.write("notes/alice/2026-11-20.md", good("2026-11-20"));
    env.write(
        "notes/bob/2026-11-19.md",
        "---\ndate: 2026-11-19\nreport: bob\nsupervisor: dana\nduration_min: ninety\n---\n\n\
## Leverage\nOn-call load.\n\n## Common base\nTODO\n\n## Reverse teaching\nPager rotations.\n\n\
## Joint data analysis\nPages 12.\n\n## Conclusions\n- Cut alerts. share:platform\n\n\
## Cascading actions\n- [ ] Prune alerts due:2026-11-20\n- [ ] Write the runbook @bob\n",
    );
}

#[test]
fn human_output() {
    let env = Env::new();
    small(&env);
    let a = env.cascade().arg("lint").assert().code(1);
    insta::assert_snapshot!("lint_human", stdout(&a));
}

#[test]
fn json_output() {
    let env = Env::new();
    small(&env);
    let a = env
        .cascade()
        .args(["lint", "--format", "json"])
        .assert()
        .code(1);
    let out = stdout(&a);
    assert!(out.starts_with("{\n  \"version\": 1,"), "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["files_checked"], 2);
    insta::assert_snapshot!("lint_json", out);
}

#[test]
fn github_output() {
    let env = Env::new();
    small(&env);
    let a = env
        .cascade()
        .args(["lint", "--format", "github"])
        .assert()
        .code(1);
    insta::assert_snapshot!("lint_github", stdout(&a));
}

#[test]
fn quiet_prints_errors_only_and_clean_notes_exit_zero() {
    let env = Env::new();
    small(&env);
    let a = env.cascade().args(["lint", "-q"]).assert().code(1);
    let out = stdout(&a);
    assert!(
        !out.contains("warning") && !out.contains("checked"),
        "{out}"
    );
    assert!(out.contains("error[actions/owner]"), "{out}");
    let a = env.cascade().args(["lint", "notes/alice"]).assert().code(0);
    assert_eq!(stdout(&a), "checked 1 note: no problems\n");
}

#[test]
fn the_planted_corpus_is_found_exactly() {
    let env = Env::new();
    let dir = env.work().join("corpus");
    let corpus = crate::corpus::generate(&dir, 800, 11).unwrap();
    assert!(corpus.planted.len() > 100, "{}", corpus.planted.len());
    let a = env
        .cascade_at(&corpus.today.to_string())
        .args(["-C", "corpus", "lint", "--format", "json"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(v["files_checked"], 800);
    let errors: Vec<(String, String, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["rule"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    for p in &corpus.planted {
        assert!(
            errors
                .iter()
                .any(|e| e.0 == p.path && e.1 == p.rule && e.2 == p.line as u64),
            "planted {p:?} not reported"
        );
    }
    let kinds: std::collections::BTreeSet<&str> = corpus.planted.iter().map(|p| p.rule).collect();
    assert!(kinds.len() >= 12, "{kinds:?}");
    for e in &errors {
        assert!(
            corpus.planted.iter().any(|p| p.path == e.0),
            "error in a valid note: {e:?}"
        );
    }
}

/// Row 17: a task item in a code block, an HTML comment or a heading is not an action.
#[test]
fn task_items_in_code_comments_and_headings_are_not_actions() {
    let env = Env::new();
    env.notebook();
    let text = good("2026-11-20").replace(
        "## Private",
        "```\n- [ ] in code\n```\n<!--\n- [ ] in a comment\n-->\n### - [ ] in a heading\n- [ ] in setext\n  ---\n\n## Private",
    );
    env.write("notes/alice/2026-11-20.md", &text);
    let a = env.cascade().arg("lint").assert().code(0);
    assert_eq!(stdout(&a), "checked 1 note: no problems\n");
}

/// Row 38: `--format github` escapes `%`, CR, LF, `:` and `,` per the workflow-command rules.
#[test]
fn github_annotations_escape_paths_and_messages() {
    let env = Env::new();
    env.notebook();
    env.write("notes/alice/50%,a:b.md", "no front matter\r\nsecond line\n");
    let a = env
        .cascade()
        .args(["lint", "--format", "github"])
        .assert()
        .code(1);
    let out = stdout(&a);
    let line = out
        .lines()
        .find(|l| l.contains("front-matter/missing"))
        .unwrap();
    assert!(
        line.starts_with(
            "::error file=notes/alice/50%25%2Ca%3Ab.md,line=1,col=1,title=front-matter/missing::"
        ),
        "{line}"
    );
    assert!(line.contains("%0Ahelp: "), "{line}");
    assert!(!line.contains('\r'));
}

#[test]
fn staged_lints_the_index_not_the_work_tree() {
    let env = Env::new();
    env.notebook();
    env.write("notes/alice/2026-11-20.md", good("2026-11-20"));
    env.commit_all("first", "2026-11-20T10:00:00Z");
    // Stage a broken version, then fix the work tree without staging.
    let broken = good("2026-11-20").replace(" @alice", "");
    env.write("notes/alice/2026-11-20.md", &broken);
    env.git(&env.work())
        .args(["add", "notes"])
        .status()
        .unwrap();
    env.write("notes/alice/2026-11-20.md", good("2026-11-20"));
    env.cascade().arg("lint").assert().code(0);
    let a = env.cascade().args(["lint", "--staged"]).assert().code(1);
    assert!(
        stdout(&a).contains("error[actions/owner]"),
        "{}",
        stdout(&a)
    );
    assert!(stdout(&a).contains("checked 1 note"), "{}", stdout(&a));
    // Nothing staged: nothing to check.
    env.git(&env.work()).args(["reset", "-q"]).status().unwrap();
    let a = env.cascade().args(["lint", "--staged"]).assert().code(0);
    assert_eq!(stdout(&a), "checked 0 notes: no problems\n");
}

#[test]
fn unknown_rule_ids_are_reported_from_config_and_directives() {
    let env = Env::new();
    env.notebook();
    let mut cfg = env.read("cascade.toml");
    cfg.push_str("\n[lint.rules]\n\"leverage/mising\" = \"off\"\n");
    env.write("cascade.toml", cfg);
    env.write(
        "notes/alice/2026-11-20.md",
        good("2026-11-20").replace(
            "## Private",
            "<!-- cascade-disable steps/nope -->\n## Private",
        ),
    );
    let a = env.cascade().arg("lint").assert().code(0);
    let out = stdout(&a);
    assert!(
        out.contains(
            "warning[lint/unknown-rule]: `[lint.rules]` names an unknown rule `leverage/mising`"
        ),
        "{out}"
    );
    assert!(out.contains("--> cascade.toml:"), "{out}");
    assert!(out.contains("did you mean `leverage/missing`?"), "{out}");
    assert!(
        out.contains("`cascade-disable` names an unknown rule `steps/nope`"),
        "{out}"
    );
}

#[test]
fn a_bad_severity_or_a_missing_path_cannot_run() {
    let env = Env::new();
    env.notebook();
    let a = env.cascade().args(["lint", "nope.md"]).assert().code(2);
    assert!(
        stderr(&a).contains("no such file or directory"),
        "{}",
        stderr(&a)
    );
    let mut cfg = env.read("cascade.toml");
    cfg.push_str("\n[lint.rules]\n\"steps/missing\" = \"loud\"\n");
    env.write("cascade.toml", cfg);
    let a = env.cascade().arg("lint").assert().code(2);
    assert!(
        stderr(&a).contains("expected `error`, `warning`, `info` or `off`"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn lint_outside_a_notebook_is_a_usage_error() {
    let env = Env::new();
    let a = env.cascade().arg("lint").assert().code(2);
    assert!(
        stderr(&a).contains("not in a cascade notebook"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn rules_and_explain() {
    let env = Env::new();
    let a = env.cascade().arg("rules").assert().success();
    insta::assert_snapshot!("rules_table", stdout(&a));
    let a = env
        .cascade()
        .args(["rules", "--format", "json"])
        .assert()
        .success();
    assert!(
        stdout(&a).starts_with("{\n  \"version\": 1,"),
        "{}",
        stdout(&a)
    );
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert!(v["rules"].as_array().unwrap().len() >= 22);
    let a = env
        .cascade()
        .args(["explain", "steps/missing"])
        .assert()
        .success();
    insta::assert_snapshot!("explain_steps_missing", stdout(&a));
    let a = env
        .cascade()
        .args(["explain", "steps/mising"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("did you mean `steps/missing`?"),
        "{}",
        stderr(&a)
    );
    // Inside a notebook, `rules` shows the configured severities.
    env.notebook();
    let mut cfg = env.read("cascade.toml");
    cfg.push_str("\n[lint.rules]\n\"leverage/missing\" = \"off\"\n");
    env.write("cascade.toml", cfg);
    let a = env.cascade().arg("rules").assert().success();
    let line = stdout(&a)
        .lines()
        .find(|l| l.starts_with("leverage/missing"))
        .unwrap()
        .to_owned();
    assert!(line.contains(" off "), "{line}");
}

#[test]
fn private_text_never_reaches_lint_output() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-20.md",
        good("2026-11-20").replace(
            "Canary: moving-to-mars.",
            "- [ ] canary-private-action\nTODO canary-private-todo",
        ),
    );
    env.write(
        "notes/bob/2026-11-19.md",
        good("2026-11-19")
            .replace("alice", "bob")
            .replace("duration_min: 45", "duration_min: 45\nprivate: true")
            .replace("- [ ] Re-plan Q1 @bob", "- [ ] canary-secret-action"),
    );
    for format in ["human", "json", "github"] {
        let a = env.cascade().args(["lint", "--format", format]).assert();
        let out = stdout(&a);
        assert!(out.contains("actions/owner"), "{format}: {out}");
        assert!(!out.contains("canary"), "{format}: {out}");
    }
}

#[test]
fn tab_nested_tasks_are_actions() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-20.md",
        good("2026-11-20").replace(
            "- [ ] Re-plan Q1 @alice due:2026-12-04\n",
            "- [ ] Re-plan Q1 @alice due:2026-12-04\n\t- [ ] Child without owner due:2026-12-04\n",
        ),
    );
    let a = env.cascade().args(["lint", "-q"]).assert().code(1);
    assert!(
        stdout(&a).contains("error[actions/owner]"),
        "{}",
        stdout(&a)
    );
    assert!(stdout(&a).contains(":26:"), "{}", stdout(&a));
}

#[test]
fn conflicts_and_a_missing_closing_fence_in_front_matter() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-20.md",
        good("2026-11-20").replacen(
            "date: 2026-11-20\n",
            "<<<<<<< HEAD\ndate: 2026-11-20\n=======\ndate: 2026-11-21\n>>>>>>> other\n",
            1,
        ),
    );
    let a = env.cascade().args(["lint", "-q"]).assert().code(1);
    assert!(
        stdout(&a).contains("error[note/conflict-markers]: unresolved merge conflict marker\n --> notes/alice/2026-11-20.md:2:1"),
        "{}",
        stdout(&a)
    );
    // No closing fence, and a `---` rule further down: not read as the end of the front matter.
    let text =
        good("2026-11-20").replacen("---\n\n## Leverage", "\n## Leverage", 1) + "---\nFooter\n";
    env.write("notes/alice/2026-11-20.md", &text);
    let a = env
        .cascade()
        .args(["lint", "--format", "json", "-q"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let d = v["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["rule"], "front-matter/parse");
    assert_eq!(
        (d[0]["line"].as_u64(), d[0]["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        d[0]["message"],
        "opening `---` has no closing `---` or `...`"
    );
    // -q keeps JSON to errors.
    assert!(d.iter().all(|d| d["severity"] == "error"));
}
