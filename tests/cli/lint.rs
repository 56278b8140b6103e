//! lint, rules, explain: formats, the planted-defect corpus, hostile inputs.

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

/// Rows 3-5 of shared/hostile-inputs.md: invalid UTF-8, UTF-16 and a binary file are `file/encoding`
/// errors, the others still checked, nothing rewritten.
#[test]
fn bad_encodings_are_reported_and_others_still_checked() {
    let env = Env::new();
    env.notebook();
    env.write("notes/alice/2026-11-20.md", good("2026-11-20"));
    let mut latin1 = good("2026-11-13").into_bytes();
    let at = latin1.windows(8).position(|w| w == b"pipeline").unwrap();
    latin1.insert(at, 0xE9);
    let p = env.write("notes/alice/2026-11-13.md", &latin1);
    env.write("notes/alice/2026-11-06.md", b"\xFF\xFE-\x00-\x00-\x00");
    env.write("notes/alice/2026-10-30.md", b"---\x00\x01\x02binary");
    let a = env
        .cascade()
        .args(["lint", "--format", "json"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(v["files_checked"], 4);
    let d = v["diagnostics"].as_array().unwrap();
    let enc: Vec<_> = d.iter().filter(|d| d["rule"] == "file/encoding").collect();
    assert_eq!(enc.len(), 3, "{d:?}");
    let find = |name: &str| {
        enc.iter()
            .find(|d| d["path"].as_str().unwrap().ends_with(name))
            .unwrap()
    };
    let l = find("2026-11-13.md");
    assert_eq!(
        (l["line"].as_u64(), l["column"].as_u64()),
        (Some(10), Some(14))
    );
    assert!(l["message"].as_str().unwrap().contains("0xE9"));
    assert!(
        find("2026-11-06.md")["message"]
            .as_str()
            .unwrap()
            .contains("UTF-16")
    );
    assert!(
        find("2026-10-30.md")["message"]
            .as_str()
            .unwrap()
            .contains("NUL")
    );
    // Never rewritten.
    assert_eq!(std::fs::read(p).unwrap(), latin1);
}

/// Row 6: a 50 MB note is `file/too-large` under the configurable cap, never read.
#[test]
fn a_huge_file_is_capped_without_being_read() {
    let env = Env::new();
    env.notebook();
    let p = env.write("notes/alice/2026-11-20.md", "");
    std::fs::File::options()
        .write(true)
        .open(&p)
        .unwrap()
        .set_len(50 << 20)
        .unwrap();
    let a = env.cascade().arg("lint").assert().code(1);
    let out = stdout(&a);
    assert!(
        out.contains("error[file/too-large]: the file is 50 MB, over the 10 MB cap"),
        "{out}"
    );
    // The cap is configurable.
    env.write(
        "notes/bob/2026-11-19.md",
        good("2026-11-19").replace("alice", "bob"),
    );
    let mut cfg = env.read("cascade.toml");
    cfg.push_str("\n[lint]\nmax_file_bytes = 100\n");
    env.write("cascade.toml", cfg);
    let a = env.cascade().args(["lint", "notes/bob"]).assert().code(1);
    assert!(stdout(&a).contains("file/too-large"), "{}", stdout(&a));
}

/// Row 16: merge conflict markers are an error at the first marker.
#[test]
fn conflict_markers_are_an_error_at_the_first_marker() {
    let env = Env::new();
    env.notebook();
    let text = good("2026-11-20").replace(
        "- [ ] Re-plan Q1 @alice due:2026-12-04\n",
        "<<<<<<< HEAD\n- [ ] Re-plan Q1 @alice due:2026-12-04\n=======\n- [x] Re-plan Q1 @alice due:2026-12-04\n>>>>>>> laptop\n",
    );
    env.write("notes/alice/2026-11-20.md", &text);
    let a = env
        .cascade()
        .args(["lint", "--format", "json"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "note/conflict-markers")
        .unwrap();
    assert_eq!(d["line"], 25);
    assert_eq!(d["severity"], "error");
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

/// Row 18: deep nesting is checked without recursion.
#[test]
fn hostile_nesting_is_checked_without_recursion() {
    let env = Env::new();
    env.notebook();
    let mut deep = good("2026-11-20");
    deep.push_str(&">".repeat(1_000_000));
    deep.push('\n');
    for i in 0..4000 {
        deep.push_str(&" ".repeat(i % 200));
        deep.push_str("- x\n");
    }
    env.write("notes/alice/2026-11-20.md", &deep);
    env.cascade().arg("lint").assert().code(0);
}

/// Row 19: a panic on one file is an internal error naming it, exit 3, the others checked.
#[test]
fn a_panic_on_one_file_is_an_internal_error_and_the_others_are_checked() {
    let env = Env::new();
    env.notebook();
    env.write("notes/alice/2026-11-20.md", good("2026-11-20"));
    env.write(
        "notes/alice/2026-11-13.md",
        good("2026-11-13").replace("@alice", ""),
    );
    let a = env
        .cascade()
        .env("CASCADE_DEBUG_PANIC_ON", "2026-11-20")
        .args(["lint", "--format", "json"])
        .assert()
        .code(3);
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let rules: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"internal/error"), "{rules:?}");
    assert!(rules.contains(&"actions/owner"), "{rules:?}");
}

/// Row 23: a symlink out of the notebook or a loop is reported once and not followed.
#[cfg(unix)]
#[test]
fn symlinks_are_reported_once_and_not_followed() {
    let env = Env::new();
    env.notebook();
    env.write("notes/alice/2026-11-20.md", good("2026-11-20"));
    let outside = env.tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.md"), "canary-outside").unwrap();
    std::os::unix::fs::symlink(&outside, env.work().join("notes/outside")).unwrap();
    std::os::unix::fs::symlink(
        env.work().join("notes"),
        env.work().join("notes/alice/loop"),
    )
    .unwrap();
    let a = env.cascade().arg("lint").assert().code(0);
    let out = stdout(&a);
    assert_eq!(out.matches("warning[file/symlink]").count(), 2, "{out}");
    assert!(
        !out.contains("canary-outside") && !out.contains("secret.md"),
        "{out}"
    );
    assert!(
        out.contains("checked 1 note: 0 errors, 2 warnings"),
        "{out}"
    );
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

/// Row 39: `--format json` stays valid with a path that is not UTF-8.
#[cfg(unix)]
#[test]
fn json_stays_valid_with_a_non_utf8_path() {
    use std::os::unix::ffi::OsStrExt;
    let env = Env::new();
    env.notebook();
    let name = std::ffi::OsStr::from_bytes(b"caf\xE9.md");
    std::fs::create_dir_all(env.work().join("notes/alice")).unwrap();
    std::fs::write(env.work().join("notes/alice").join(name), "x\n").unwrap();
    let a = env
        .cascade()
        .args(["lint", "--format", "json"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["path"], "notes/alice/caf\u{FFFD}.md");
    assert_eq!(d["path_lossy"], true);
}

/// Row 40: output piped into `head` ends quietly with exit 0.
#[test]
fn output_piped_into_head_ends_quietly() {
    let env = Env::new();
    env.notebook();
    for i in 1..=28 {
        env.write(
            &format!("notes/alice/2026-02-{i:02}.md"),
            "# nothing\n".repeat(200),
        );
    }
    let bin = assert_cmd::cargo::cargo_bin("cascade");
    let out = std::process::Command::new("bash")
        .current_dir(env.work())
        .env("NO_COLOR", "1")
        .arg("-c")
        .arg(format!(
            "'{}' --today 2026-11-24 lint | head -1; echo \"status=${{PIPESTATUS[0]}}\"",
            bin.display()
        ))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The first line, then lint's own status: findings (1) or a quiet broken pipe (0).
    assert!(stdout.starts_with("error["), "{stdout}");
    assert!(
        stdout.contains("status=0") || stdout.contains("status=1"),
        "{stdout}"
    );
    assert!(stderr.is_empty(), "{stderr}");
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
        stderr(&a).contains("expected `error`, `warning` or `off`"),
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
fn paths_are_normalized_and_each_file_checked_once() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-20.md",
        good("2026-11-20").replace(" @alice", ""),
    );
    env.write("README.md", "not a note\n");
    env.write("digests/2026-W47.md", "# digest\n");
    let a = env
        .cascade()
        .args([
            "-C",
            "notes/alice",
            "lint",
            "./2026-11-20.md",
            "../alice/2026-11-20.md",
            ".",
            "--format",
            "json",
        ])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(v["files_checked"], 1);
    let d = v["diagnostics"].as_array().unwrap();
    assert!(
        d.iter().all(|d| d["path"] == "notes/alice/2026-11-20.md"),
        "{d:?}"
    );
    assert!(d.iter().all(|d| d["rule"] != "note/path-mismatch"), "{d:?}");
    assert_eq!(d.iter().filter(|d| d["rule"] == "actions/owner").count(), 1);
    // The notebook's root means its notes, not README or digests.
    let a = env.cascade().args(["lint", "."]).assert().code(1);
    assert!(stdout(&a).contains("checked 1 note:"), "{}", stdout(&a));
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
