//! `cascade rollup`: a manager of managers' digest, read only from the audience digests other
//! notebooks committed.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{Env, redact, stderr, stdout};

const PRIVATE_CANARY: &str = "CANARY-PRIVATE-ROLLUP";
const SALES_CANARY: &str = "CANARY-SALES-ONLY";

/// An audience digest of 2026-W48 as `who`'s notebook commits it for `group`.
fn audience_json(who: &str, group: &str, conclusion: &str, version: u32) -> String {
    let v: Value = json!({
        "version": version,
        "kind": "audience",
        "week": "2026-W48",
        "from": "2026-11-23",
        "to": "2026-11-29",
        "as_of": "2026-11-27",
        "audience": group,
        "audience_name": if group == "leadership" { "Leadership" } else { "Sales" },
        "supervisor": who,
        "supervisor_name": format!("{} Manager", who.to_uppercase()),
        "conclusions": [{
            "text": conclusion, "report": "alice", "report_name": "Alice Martin",
            "date": "2026-11-24", "link": null
        }],
        "actions": {
            "done": [{
                "text": format!("{who}: ship the pricing page"), "state": "done",
                "report": "alice", "report_name": "Alice Martin", "owners": ["alice"],
                "due": "2026-11-25", "opened": "2026-11-10", "days_late": null,
                "done_on": "2026-11-24", "dropped_on": null, "link": null
            }],
            "dropped": [],
            "opened": [],
            "open": [{
                "text": format!("{who}: hire a second tester"), "state": "open",
                "report": "bob", "report_name": "Bob Li", "owners": ["bob"],
                "due": "2026-11-20", "opened": "2026-11-02", "days_late": null,
                "done_on": null, "dropped_on": null, "link": null
            }],
            "overdue": [{
                "text": format!("{who}: hire a second tester"), "state": "open",
                "report": "bob", "report_name": "Bob Li", "owners": ["bob"],
                "due": "2026-11-20", "opened": "2026-11-02", "days_late": 7,
                "done_on": null, "dropped_on": null, "link": null
            }]
        },
        "indicators": [{
            "report": "alice", "report_name": "Alice Martin", "name": "pipeline",
            "date": "2026-11-24", "value": 12.0, "previous": 10.0, "delta": 2.0,
            "flagged": false, "link": null
        }]
    });
    serde_json::to_string_pretty(&v).unwrap()
}

/// A source notebook `<name>-1on1` beside the roll-up notebook: notes holding private text,
/// the given files, all committed on `date`.
fn source(env: &Env, name: &str, files: &[(&str, String)], date: &str) -> PathBuf {
    let dir = env.tmp.path().join(format!("{name}-1on1"));
    let write = |rel: &str, text: &str| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "notes/alice/2026-11-24.md",
        &format!(
            "---\nreport: alice\ndate: 2026-11-24\n---\n## Conclusions\n- Public line\n## Private\n{PRIVATE_CANARY}\n"
        ),
    );
    write(
        "notes/bob/2026-11-25.md",
        &format!("---\nreport: bob\ndate: 2026-11-25\nprivate: true\n---\n{PRIVATE_CANARY}\n"),
    );
    for (rel, text) in files {
        write(rel, text);
    }
    if !dir.join(".git").exists() {
        assert!(
            env.git(&dir)
                .args(["init", "-q"])
                .status()
                .unwrap()
                .success()
        );
    }
    commit(env, &dir, date);
    dir
}

fn commit(env: &Env, dir: &Path, date: &str) {
    assert!(env.git(dir).args(["add", "-A"]).status().unwrap().success());
    let st = env
        .git(dir)
        .args(["commit", "-q", "--allow-empty", "-m", "digests"])
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .status()
        .unwrap();
    assert!(st.success());
}

fn head(env: &Env, dir: &Path) -> String {
    let out = env
        .git(dir)
        .args(["rev-parse", "--short=7", "HEAD"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// The roll-up notebook in `work()`, `me = "vera"`, reading `leadership` digests of `sources`
/// (`name`, `url`, `branch`).
fn rollup_notebook(env: &Env, sources: &[(&str, &str, Option<&str>)]) {
    env.cascade()
        .args(["init", "--me", "vera"])
        .assert()
        .success();
    let mut toml = env.read("cascade.toml");
    toml.push_str("\n[rollup]\naudience = \"leadership\"\n");
    for (name, url, branch) in sources {
        toml.push_str(&format!(
            "\n[[rollup.source]]\nname = \"{name}\"\nurl = \"{url}\"\n"
        ));
        if let Some(b) = branch {
            toml.push_str(&format!("branch = \"{b}\"\n"));
        }
    }
    env.write("cascade.toml", toml);
    env.commit_all("roll-up notebook", "2026-11-01T09:00:00+00:00");
}

fn leadership(who: &str, conclusion: &str) -> (&'static str, String) {
    (
        "digests/2026-W48/leadership.json",
        audience_json(who, "leadership", conclusion, 1),
    )
}

fn sales(who: &str) -> (&'static str, String) {
    (
        "digests/2026-W48/sales.json",
        audience_json(who, "sales", &format!("{SALES_CANARY} {who}"), 1),
    )
}

fn porcelain(env: &Env) -> String {
    let out = env
        .git(&env.work())
        .args(["status", "--porcelain", "--ignored"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Three managers' notebooks, one without that week's digest, one with a newer version, and
/// two unreachable sources.
fn cascade_of_notebooks(env: &Env) -> Vec<(String, String)> {
    let dana = source(
        env,
        "dana",
        &[
            leadership("dana", "Price list stays frozen until January"),
            sales("dana"),
        ],
        "2026-11-27T17:00:00+01:00",
    );
    let erin = source(
        env,
        "erin",
        &[
            leadership("erin", "Support hires two engineers in Q1"),
            sales("erin"),
        ],
        "2026-11-26T18:30:00+00:00",
    );
    let finn = source(
        env,
        "finn",
        &[leadership("finn", "The mobile app ships on 2026-12-07")],
        "2026-11-28T08:00:00-05:00",
    );
    // Last week's digest only.
    let gail = source(
        env,
        "gail",
        &[(
            "digests/2026-W47/leadership.json",
            audience_json("gail", "leadership", "An old conclusion", 1),
        )],
        "2026-11-20T10:00:00+00:00",
    );
    let hugo = source(
        env,
        "hugo",
        &[(
            "digests/2026-W48/leadership.json",
            audience_json("hugo", "leadership", "From a newer cascade", 2),
        )],
        "2026-11-27T10:00:00+00:00",
    );
    let not_repo = env.tmp.path().join("ivan-1on1");
    std::fs::create_dir_all(&not_repo).unwrap();
    rollup_notebook(
        env,
        &[
            ("dana", "../dana-1on1", None),
            ("erin", "../erin-1on1", Some("main")),
            ("finn", &format!("file://{}", finn.display()), None),
            ("gail", "../gail-1on1", None),
            ("hugo", "../hugo-1on1", None),
            ("ivan", "../ivan-1on1", None),
            ("jane", "file:///nonexistent/jane-1on1", None),
        ],
    );
    [
        ("dana", &dana),
        ("erin", &erin),
        ("finn", &finn),
        ("gail", &gail),
        ("hugo", &hugo),
    ]
    .iter()
    .map(|(n, d)| ((*n).to_owned(), head(env, d)))
    .collect()
}

#[test]
fn rollup_merges_three_notebooks_digests_and_reports_missing_unreachable_and_newer_sources() {
    let env = Env::new();
    let heads = cascade_of_notebooks(&env);
    let before = porcelain(&env);
    let a = env.cascade().args(["rollup"]).assert().code(0);
    let out = stdout(&a);
    let id = |n: &str| heads.iter().find(|(h, _)| h == n).unwrap().1.clone();
    let expected_sources = format!(
        "## Sources

- **dana** (DANA Manager): read `digests/2026-W48/leadership.json` at {} (2026-11-27)
- **erin** (ERIN Manager): read `digests/2026-W48/leadership.json` at {} (2026-11-26)
- **finn** (FINN Manager): read `digests/2026-W48/leadership.json` at {} (2026-11-28)
- **gail**: no digest for 2026-W48 (`digests/2026-W48/leadership.json` is not at {}, 2026-11-20)
- **hugo**: unreadable at {} (2026-11-27): version 2, written by a newer cascade (this one reads version 1): update cascade
- **ivan**: could not be reached: [TMP]/ivan-1on1 is not a git repository
- **jane**: could not be reached: /nonexistent/jane-1on1 does not exist
",
        id("dana"),
        id("erin"),
        id("finn"),
        id("gail"),
        id("hugo")
    );
    let shown = redact(&env, &out);
    assert!(
        shown.ends_with(&expected_sources),
        "{shown}\n--- expected the end ---\n{expected_sources}"
    );
    let expected_conclusions = "## Conclusions

### DANA Manager (dana)

- Price list stays frozen until January — Alice Martin, 2026-11-24, `dana:digests/2026-W48/leadership.json`

### ERIN Manager (erin)

- Support hires two engineers in Q1 — Alice Martin, 2026-11-24, `erin:digests/2026-W48/leadership.json`

### FINN Manager (finn)

- The mobile app ships on 2026-12-07 — Alice Martin, 2026-11-24, `finn:digests/2026-W48/leadership.json`

## Actions
";
    assert!(out.contains(expected_conclusions), "{out}");
    assert!(
        out.starts_with(
            "# Cascade roll-up 2026-W48 · Leadership\n\n2026-11-23 to 2026-11-29 · 3 of 7 sources read\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("- [ ] dana: hire a second tester (@bob) — dana, due 2026-11-20, **7 days late**, `dana:digests/2026-W48/leadership.json`\n"),
        "{out}"
    );
    assert!(out.contains("### Open, not yet due (0)\n"), "{out}");
    assert!(
        out.contains("| erin | Alice Martin | pipeline | 2026-11-24 | 12 | 10 | +2 |  |\n"),
        "{out}"
    );
    for canary in [
        PRIVATE_CANARY,
        SALES_CANARY,
        "An old conclusion",
        "From a newer cascade",
    ] {
        assert!(!out.contains(canary), "{canary} in\n{out}");
        assert!(!stderr(&a).contains(canary), "{canary}");
    }
    // Reading local sources writes nothing anywhere.
    assert_eq!(porcelain(&env), before);
    assert!(!env.work().join(".git/cascade").exists());
}

#[test]
fn rollup_json_carries_version_1_each_items_source_and_every_source_line() {
    let env = Env::new();
    cascade_of_notebooks(&env);
    for format in ["json", "html"] {
        let a = env
            .cascade()
            .args(["rollup", "--week", "2026-W48", "--format", format])
            .assert()
            .code(0);
        let out = stdout(&a);
        for canary in [PRIVATE_CANARY, SALES_CANARY, "From a newer cascade"] {
            assert!(!out.contains(canary), "{canary} in {format}");
        }
        if format == "html" {
            assert!(out.starts_with("<!DOCTYPE html>"), "{out}");
            assert!(
                out.contains("Price list stays frozen until January"),
                "{out}"
            );
            continue;
        }
        let v: Value = serde_json::from_str(&out).unwrap();
        assert!(out.starts_with("{\n  \"version\": 1,\n  \"kind\": \"rollup\","));
        assert_eq!(v["week"], "2026-W48");
        assert_eq!(v["audience"], "leadership");
        let conclusions: Vec<(String, String)> = v["conclusions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["source"].as_str().unwrap().to_owned(),
                    c["text"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            conclusions,
            [
                (
                    "dana".into(),
                    "Price list stays frozen until January".into()
                ),
                ("erin".into(), "Support hires two engineers in Q1".into()),
                ("finn".into(), "The mobile app ships on 2026-12-07".into()),
            ]
        );
        assert_eq!(
            v["conclusions"][0]["where"],
            "dana:digests/2026-W48/leadership.json"
        );
        let states: Vec<(&str, &str)> = v["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["name"].as_str().unwrap(), s["state"].as_str().unwrap()))
            .collect();
        assert_eq!(
            states,
            [
                ("dana", "read"),
                ("erin", "read"),
                ("finn", "read"),
                ("gail", "no_digest"),
                ("hugo", "unreadable"),
                ("ivan", "unreachable"),
                ("jane", "unreachable"),
            ]
        );
        assert_eq!(v["actions"]["done"].as_array().unwrap().len(), 3);
        assert_eq!(v["actions"]["done"][2]["source"], "finn");
    }
}

#[test]
fn rollup_with_no_source_read_prints_the_sources_and_exits_2() {
    let env = Env::new();
    source(
        &env,
        "gail",
        &[(
            "digests/2026-W47/leadership.json",
            audience_json("gail", "leadership", "An old conclusion", 1)
                .replace("\"2026-W48\"", "\"2026-W47\""),
        )],
        "2026-11-20T10:00:00+00:00",
    );
    rollup_notebook(
        &env,
        &[
            ("gail", "../gail-1on1", None),
            ("ivan", "../ivan-1on1", None),
        ],
    );
    let a = env.cascade().args(["rollup"]).assert().code(2);
    let out = redact(&env, &stdout(&a));
    assert!(out.contains("0 of 2 sources read"), "{out}");
    assert!(
        out.contains("- **ivan**: could not be reached: [TMP]/ivan-1on1 does not exist\n"),
        "{out}"
    );
    assert!(
        stderr(&a).contains(
            "error: no source of the roll-up could be read for 2026-W48 (the sources section says why)"
        ),
        "{}",
        stderr(&a)
    );
    // Another week that gail did publish rolls up.
    let a = env
        .cascade()
        .args(["rollup", "--week", "2026-W47"])
        .assert()
        .code(0);
    assert!(stdout(&a).contains("An old conclusion"));
}

#[test]
fn rollup_fetches_remote_sources_through_the_users_git_into_a_cache_git_status_never_shows() {
    let env = Env::new();
    let dana = source(
        &env,
        "dana",
        &[leadership("dana", "Price list stays frozen until January")],
        "2026-11-27T17:00:00+00:00",
    );
    // The user's git rewrites the address to a file:// URL: the fetch goes through their git,
    // with their config, as it would to a forge.
    let mut gitconfig = std::fs::read_to_string(env.home().join(".gitconfig")).unwrap();
    gitconfig.push_str(&format!(
        "[url \"file://{}/\"]\n\tinsteadOf = https://git.example.org/\n",
        env.tmp.path().display()
    ));
    std::fs::write(env.home().join(".gitconfig"), gitconfig).unwrap();
    rollup_notebook(
        &env,
        &[
            ("dana", "https://git.example.org/dana-1on1", None),
            ("erin", "https://git.example.org/dana-1on1", Some("nope")),
            ("finn", "https://git.example.org/nothing-here", None),
        ],
    );
    let before = porcelain(&env);
    assert_eq!(before, "");
    let a = env.cascade().args(["rollup"]).assert().code(0);
    let out = redact(&env, &stdout(&a));
    assert!(
        out.contains("- Price list stays frozen until January — Alice Martin, 2026-11-24, `dana:digests/2026-W48/leadership.json`\n"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "- **dana** (DANA Manager): read `digests/2026-W48/leadership.json` at {} (2026-11-27)\n",
            head(&env, &dana)
        )),
        "{out}"
    );
    assert!(
        out.contains(
            "- **erin**: could not be reached: couldn't find remote ref refs/heads/nope\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("- **finn**: could not be reached: '[TMP]/nothing-here' does not appear to be a git repository\n"),
        "{out}"
    );
    assert!(!out.contains(PRIVATE_CANARY));
    assert!(!stderr(&a).contains(PRIVATE_CANARY));
    let cache = env.work().join(".git/cascade/rollup/dana");
    assert!(cache.join("shallow").is_file(), "one commit deep");
    assert_eq!(porcelain(&env), "");

    // The next roll-up fetches the new tip into the same cache.
    std::fs::write(
        dana.join("digests/2026-W48/leadership.json"),
        audience_json("dana", "leadership", "Price list thaws in February", 1),
    )
    .unwrap();
    commit(&env, &dana, "2026-11-28T09:00:00+00:00");
    let a = env.cascade().args(["rollup"]).assert().code(0);
    let out = stdout(&a);
    assert!(out.contains("- Price list thaws in February"), "{out}");
    assert!(!out.contains("frozen until January"), "{out}");
    assert!(
        out.contains(&format!("at {} (2026-11-28)", head(&env, &dana))),
        "{out}"
    );
    assert_eq!(porcelain(&env), "");
}

#[test]
fn rollup_without_sources_or_with_a_path_for_an_audience_exits_2_saying_what_to_write() {
    let env = Env::new();
    env.cascade()
        .args(["init", "--me", "vera"])
        .assert()
        .success();
    let a = env.cascade().args(["rollup"]).assert().code(2);
    assert_eq!(stdout(&a), "");
    let err = stderr(&a);
    assert!(
        err.contains("error: cascade.toml names no notebooks to roll up"),
        "{err}"
    );
    assert!(err.contains("[[rollup.source]]"), "{err}");

    let mut toml = env.read("cascade.toml");
    toml.push_str("\n[rollup]\naudience = \"../notes\"\n");
    env.write("cascade.toml", &toml);
    let a = env.cascade().args(["rollup"]).assert().code(2);
    let err = stderr(&a);
    assert!(
        err.contains("invalid cascade.toml: `rollup.audience`: handle `../notes` must start with a lowercase letter or a digit"),
        "{err}"
    );
    assert!(
        err.contains("audience = \"../notes\""),
        "snippet of the line: {err}"
    );
}

#[test]
fn rollup_source_names_and_branches_that_could_be_paths_or_options_are_refused() {
    for (entry, says) in [
        (
            "name = \"../x\"\nurl = \"../x\"\n",
            "roll-up source name: handle `../x`",
        ),
        (
            "name = \"dana\"\nurl = \"--upload-pack=touch /tmp/x\"\n",
            "`url` of roll-up source `dana` is not a path or URL",
        ),
        (
            "name = \"dana\"\nurl = \"../dana\"\nbranch = \"--force\"\n",
            "`branch` of roll-up source `dana` is not a branch name: `--force`",
        ),
    ] {
        let env = Env::new();
        env.cascade()
            .args(["init", "--me", "vera"])
            .assert()
            .success();
        let mut toml = env.read("cascade.toml");
        toml.push_str(&format!(
            "\n[rollup]\naudience = \"leadership\"\n\n[[rollup.source]]\n{entry}"
        ));
        env.write("cascade.toml", &toml);
        let a = env.cascade().args(["rollup"]).assert().code(2);
        let err = stderr(&a);
        assert!(err.contains(says), "{err}");
        assert_eq!(stdout(&a), "");
    }
}

#[test]
fn rollup_shows_a_sources_markup_escapes_and_script_links_as_inert_text_in_every_format() {
    let env = Env::new();
    let hostile = "Ban <script>alert(1)</script> \u{1b}[2J[x](javascript:alert(1))";
    let mut v: Value =
        serde_json::from_str(&audience_json("dana", "leadership", hostile, 1)).unwrap();
    v["conclusions"][0]["link"] = json!("javascript:alert(2)");
    v["actions"]["done"][0]["link"] = json!("https://x.org/\"><img src=x onerror=alert(3)>");
    v["supervisor_name"] = json!("Dana <b>\n## Injected");
    source(
        &env,
        "dana",
        &[(
            "digests/2026-W48/leadership.json",
            serde_json::to_string(&v).unwrap(),
        )],
        "2026-11-27T17:00:00+00:00",
    );
    rollup_notebook(&env, &[("dana", "../dana-1on1", None)]);
    for format in ["md", "html", "json"] {
        let a = env
            .cascade()
            .args(["rollup", "--format", format])
            .assert()
            .code(0);
        let out = stdout(&a);
        assert!(
            !out.contains('\u{1b}'),
            "{format}: an escape reached the output"
        );
        assert!(!out.contains("alert(2)"), "{format}: {out}");
        assert!(!out.contains("onerror"), "{format}: {out}");
        if format != "json" {
            assert!(!out.contains("<script>"), "{format}: {out}");
            assert!(!out.contains("<b>"), "{format}: {out}");
        }
        if format == "md" {
            // A line break in a name would start a heading of its own.
            assert!(!out.contains("\n## Injected"), "{format}: {out}");
        }
    }
    let a = env.cascade().args(["rollup"]).assert().code(0);
    assert!(
        stdout(&a).contains(
            "- Ban &lt;script&gt;alert(1)&lt;/script&gt;  \\[2J\\[x\\](javascript:alert(1)) — Alice Martin, 2026-11-24, `dana:digests/2026-W48/leadership.json`\n"
        ),
        "{}",
        stdout(&a)
    );
}
