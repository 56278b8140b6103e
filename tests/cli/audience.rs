//! `cascade digest --audience`: one digest per group, holding only what is shared with that
//! group, printed, written to a folder or committed beside the supervisor's digest; and
//! `default_share = "none"`, which shares nothing that is not marked.

use cascade::digest::audience::AudienceDigest;
use serde_json::Value;

use crate::common::*;
use crate::digest::{note, tick};

const GROUPS: &str = "\n[groups.sales]\nname = \"Sales leadership\"\n\n[groups.finance]\nname = \"Finance\"\n\n[groups.platform]\nname = \"Platform team\"\n";

/// Every text no group may read: private canaries, items of no group, and platform's, which
/// neither sales nor finance may read.
const NEVER: &[&str] = &[
    "canarysection",
    "canarysectionaction",
    "canaryprivatenote",
    "canaryprivateaction",
    "Nobody conclusion",
    "Nobody action",
];
const PLATFORM: &[&str] = &["Platform only conclusion", "Platform migration"];

/// Alice's note shares with sales by default and marks items for finance, both and platform;
/// Bob's public note shares with no group; Bob's private note names sales and finance. Every
/// note is committed, and one action is ticked in a later commit.
fn notebook(env: &Env, default_share: &str) {
    env.notebook();
    let cfg = env.read("cascade.toml");
    let mut cfg = cfg.replacen(
        "\ndefault_share = \"groups\"\n",
        &format!("\ndefault_share = \"{default_share}\"\n"),
        1,
    );
    assert!(
        cfg.contains(&format!("default_share = \"{default_share}\"")),
        "{cfg}"
    );
    cfg.push_str(GROUPS);
    env.write("cascade.toml", cfg);
    env.write(
        "notes/alice/2026-11-24.md",
        note(
            "2026-11-24",
            "alice",
            "share_with: [sales]\nindicators:\n  orders: 40\n",
            "## Conclusions\n\
             - Sales default conclusion\n\
             - Finance only conclusion share:finance\n\
             - Both groups conclusion share:sales,finance\n\
             - Platform only conclusion share:platform\n\n\
             ## Cascading actions\n\
             - [ ] Sales default action @alice due:2026-12-20\n\
             - [ ] Sales done action @alice due:2026-12-20\n\
             - [ ] Finance bank call @alice due:2026-11-20 share:finance\n\
             - [ ] Platform migration @bob due:2026-12-20 share:platform\n\n\
             ## Private\n\
             - canarysection share:sales\n\
             - [ ] canarysectionaction @alice share:finance\n",
        ),
    );
    env.write(
        "notes/bob/2026-11-23.md",
        note(
            "2026-11-23",
            "bob",
            "",
            "## Conclusions\n- Nobody conclusion\n\n## Cascading actions\n- [ ] Nobody action @bob due:2026-12-20\n",
        ),
    );
    env.write(
        "notes/bob/2026-11-24.md",
        note(
            "2026-11-24",
            "bob",
            "private: true\nshare_with: [sales, finance]\n",
            "## Conclusions\n- canaryprivatenote share:sales\n\n## Cascading actions\n- [ ] canaryprivateaction @bob share:finance\n",
        ),
    );
    env.commit_all("week 48", "2026-11-24T10:00:00+00:00");
    tick(env, "notes/alice/2026-11-24.md", "Sales done action");
    env.commit_all("tick", "2026-11-24T15:00:00+00:00");
}

fn git_out(env: &Env, args: &[&str]) -> String {
    let out = env.git(&env.work()).args(args).output().unwrap();
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Every commit id of the repository, full and short.
fn commit_ids(env: &Env) -> Vec<String> {
    git_out(env, &["log", "--all", "--format=%H"])
        .lines()
        .flat_map(|h| [h.to_owned(), h[..7].to_owned()])
        .collect()
}

/// `text` holds none of what a group may never read, nor a path, nor a commit id, nor
/// anything of the supervisor's cadence or meetings.
fn assert_nothing_else(env: &Env, text: &str, also_forbidden: &[&str]) {
    let ids = commit_ids(env);
    let forbidden = NEVER
        .iter()
        .chain(also_forbidden)
        .copied()
        .chain(ids.iter().map(String::as_str))
        .chain(["notes/", "Cadence", "cadence", "leverage", "invested"]);
    for f in forbidden {
        assert!(!text.contains(f), "{f:?} in:\n{text}");
    }
}

fn texts(v: &[cascade::digest::audience::SharedAction]) -> Vec<&str> {
    v.iter().map(|a| a.text.as_str()).collect()
}

fn conclusions(a: &AudienceDigest) -> Vec<&str> {
    a.conclusions.iter().map(|c| c.text.as_str()).collect()
}

/// What each group reads, in JSON, Markdown and HTML: its own items, nobody else's.
#[test]
fn audience_digest_holds_only_what_is_shared_with_its_group() {
    let env = Env::new();
    notebook(&env, "groups");
    let run = |group: &str, format: &str| {
        let a = env
            .cascade()
            .args(["digest", "--audience", group, "--format", format])
            .assert()
            .success();
        (stdout(&a), stderr(&a))
    };

    let (json, err) = run("sales", "json");
    assert_eq!(err, "");
    let sales: AudienceDigest = serde_json::from_str(&json).unwrap();
    assert_eq!(sales.version, 1);
    assert_eq!(sales.kind, "audience");
    assert_eq!(sales.week.as_deref(), Some("2026-W48"));
    assert_eq!(sales.audience_name, "Sales leadership");
    assert_eq!(
        conclusions(&sales),
        ["Sales default conclusion", "Both groups conclusion"]
    );
    assert_eq!(texts(&sales.actions.done), ["Sales done action"]);
    assert_eq!(
        texts(&sales.actions.opened),
        ["Sales default action", "Sales done action"]
    );
    assert_eq!(texts(&sales.actions.open), ["Sales default action"]);
    assert!(sales.actions.overdue.is_empty());
    assert_eq!(
        sales
            .indicators
            .iter()
            .map(|i| (i.name.as_str(), i.value))
            .collect::<Vec<_>>(),
        [("orders", 40.0)]
    );
    assert!(sales.conclusions.iter().all(|c| c.link.is_none()));
    assert_nothing_else(
        &env,
        &json,
        &[PLATFORM, &["Finance only", "Finance bank"]].concat(),
    );

    let (json, _) = run("finance", "json");
    let finance: AudienceDigest = serde_json::from_str(&json).unwrap();
    assert_eq!(
        conclusions(&finance),
        ["Finance only conclusion", "Both groups conclusion"]
    );
    assert_eq!(texts(&finance.actions.overdue), ["Finance bank call"]);
    assert_eq!(finance.actions.overdue[0].days_late, Some(4));
    assert!(finance.actions.done.is_empty());
    // Indicators go where the note goes: alice's note is shared with sales only.
    assert!(finance.indicators.is_empty());
    assert_nothing_else(
        &env,
        &json,
        &[PLATFORM, &["Sales default", "Sales done"]].concat(),
    );
}

/// Markdown and HTML: the group's items with people's names, nobody else's; the supervisor's
/// own digest keeps every section.
#[test]
fn audience_markdown_and_html_hold_only_their_groups_items() {
    let env = Env::new();
    notebook(&env, "groups");
    let run = |group: &str, format: &str| {
        let a = env
            .cascade()
            .args(["digest", "--audience", group, "--format", format])
            .assert()
            .success();
        stdout(&a)
    };
    for format in ["md", "html"] {
        let sales = run("sales", format);
        for want in [
            "Sales leadership",
            "Sales default conclusion",
            "Both groups conclusion",
            "Sales default action",
            "Sales done action",
            "Alice Martin",
        ] {
            assert!(
                sales.contains(want),
                "{want} missing from {format}:\n{sales}"
            );
        }
        assert_nothing_else(
            &env,
            &sales,
            &[PLATFORM, &["Finance only", "Finance bank"]].concat(),
        );
        let finance = run("finance", format);
        for want in [
            "Finance only conclusion",
            "Both groups conclusion",
            "Finance bank call",
            "4 days late",
        ] {
            assert!(
                finance.contains(want),
                "{want} missing from {format}:\n{finance}"
            );
        }
        assert_nothing_else(
            &env,
            &finance,
            &[
                PLATFORM,
                &["Sales default", "Sales done", "Sales leadership"],
            ]
            .concat(),
        );
        // Owners by name, not by handle.
        assert!(!finance.contains("@alice"), "{finance}");
    }
    // The supervisor's own digest is unchanged: it still has every group and its paths.
    let a = env.cascade().args(["digest"]).assert().success();
    let own = stdout(&a);
    for want in [
        "Platform only conclusion",
        "Nobody conclusion",
        "notes/alice/2026-11-24.md",
        "Cadence health",
    ] {
        assert!(own.contains(want), "{want} missing:\n{own}");
    }
}

/// `--audience all` and several `--audience`: a JSON array of documents, each with its
/// version; Markdown one after another with a rule between them; HTML only to files.
#[test]
fn several_audiences_print_one_document_each_in_order() {
    let env = Env::new();
    notebook(&env, "groups");
    let a = env
        .cascade()
        .args(["digest", "--audience", "all", "--format", "json"])
        .assert()
        .success();
    let all: Vec<AudienceDigest> = serde_json::from_str(&stdout(&a)).unwrap();
    let groups: Vec<&str> = all.iter().map(|d| d.audience.as_str()).collect();
    assert_eq!(groups, ["finance", "platform", "sales"]);
    assert!(all.iter().all(|d| d.version == 1 && d.kind == "audience"));
    assert_eq!(conclusions(&all[1]), ["Platform only conclusion"]);
    assert_eq!(texts(&all[1].actions.open), ["Platform migration"]);
    let raw: Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert!(raw.as_array().unwrap().iter().all(|d| d["version"] == 1));
    assert_nothing_else(&env, &stdout(&a), &[]);

    // Two names, one repeated: each group once, in the order asked.
    let a = env
        .cascade()
        .args([
            "digest",
            "--audience",
            "sales",
            "--audience",
            "finance",
            "--audience",
            "sales",
        ])
        .assert()
        .success();
    let md = stdout(&a);
    let parts: Vec<&str> = md.split("\n---\n\n").collect();
    assert_eq!(parts.len(), 2, "{md}");
    assert!(
        parts[0].starts_with("# Cascade digest 2026-W48 for Sales leadership\n"),
        "{md}"
    );
    assert!(
        parts[1].starts_with("# Cascade digest 2026-W48 for Finance\n"),
        "{md}"
    );
    assert!(
        !parts[0].contains("Finance only") && !parts[1].contains("Sales default"),
        "{md}"
    );

    let a = env
        .cascade()
        .args(["digest", "--audience", "all", "--format", "html"])
        .assert()
        .code(2);
    assert_eq!(stdout(&a), "");
    assert!(stderr(&a).contains("--out DIR"), "{}", stderr(&a));
}

/// An unknown group: exit 2, the group it most likely means and the list.
#[test]
fn unknown_audience_exits_2_with_did_you_mean() {
    let env = Env::new();
    notebook(&env, "groups");
    let a = env
        .cascade()
        .args(["digest", "--audience", "finanse"])
        .assert()
        .code(2);
    assert_eq!(stdout(&a), "");
    let err = stderr(&a);
    assert!(err.contains("--audience finanse: no such group"), "{err}");
    assert!(err.contains("did you mean `finance`?"), "{err}");
    assert!(err.contains("finance, platform, sales"), "{err}");
}

/// `--out DIR`: one file per group, never replacing a file there without `--force`.
#[test]
fn out_dir_writes_one_file_per_group_and_refuses_to_replace_files_without_force() {
    let env = Env::new();
    notebook(&env, "groups");
    let args = [
        "digest",
        "--audience",
        "all",
        "--format",
        "html",
        "--out",
        "out",
    ];
    let a = env.cascade().args(args).assert().success();
    assert_eq!(stdout(&a), "");
    assert_eq!(
        env.names("out"),
        ["finance.html", "platform.html", "sales.html"]
    );
    let sales = env.read("out/sales.html");
    assert!(sales.starts_with("<!DOCTYPE html>") && sales.contains("Sales default conclusion"));
    assert_nothing_else(&env, &sales, &[PLATFORM, &["Finance only"]].concat());
    assert!(
        env.read("out/platform.html")
            .contains("Platform only conclusion")
    );

    // A file already there (a hand-written one, say): nothing is written without --force.
    env.write("out/finance.html", "mine");
    std::fs::remove_file(env.work().join("out/sales.html")).unwrap();
    let a = env.cascade().args(args).assert().code(2);
    assert!(
        stderr(&a)
            .contains("out/finance.html, out/platform.html already exist; nothing was written"),
        "{}",
        stderr(&a)
    );
    assert_eq!(env.read("out/finance.html"), "mine");
    assert_eq!(env.names("out"), ["finance.html", "platform.html"]);
    env.cascade().args(args).arg("--force").assert().success();
    assert!(
        env.read("out/finance.html")
            .contains("Finance only conclusion")
    );
    assert_eq!(
        env.names("out"),
        ["finance.html", "platform.html", "sales.html"]
    );

    // One group and a file name: the file, as without --audience.
    env.cascade()
        .args([
            "digest",
            "--audience",
            "sales",
            "--format",
            "json",
            "--out",
            "sales.json",
        ])
        .assert()
        .success();
    let one: AudienceDigest = serde_json::from_str(&env.read("sales.json")).unwrap();
    assert_eq!(one.audience, "sales");
    // One group and an existing folder: a file in it.
    env.cascade()
        .args(["digest", "--audience", "sales", "--out", "out"])
        .assert()
        .success();
    assert!(
        env.read("out/sales.md")
            .starts_with("# Cascade digest 2026-W48 for Sales leadership")
    );
}

/// `--commit --audience all`: the supervisor's digest and each group's Markdown and JSON, in
/// one commit of exactly those paths with the `Week:` trailer; then "up to date"; hand edits
/// kept without `--force`.
#[test]
fn commit_audience_all_commits_exactly_the_digest_and_each_groups_files() {
    let env = Env::new();
    notebook(&env, "groups");
    // Something else staged stays staged and out of the digest's commit.
    env.write("other.txt", "staged");
    git_out(&env, &["add", "other.txt"]);
    let head = git_out(&env, &["rev-parse", "HEAD"]);
    let a = env
        .cascade()
        .args([
            "digest",
            "--commit",
            "--audience",
            "all",
            "--week",
            "2026-W48",
        ])
        .assert()
        .success();
    assert!(
        stdout(&a).starts_with(
            "committed digests/2026-W48.md and the digests of finance, platform, sales in digests/2026-W48/ ("
        ),
        "{}",
        stdout(&a)
    );
    assert_eq!(git_out(&env, &["rev-parse", "HEAD~1"]), head);
    let files = git_out(&env, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(
        files,
        "digests/2026-W48.md\n\
         digests/2026-W48/finance.json\n\
         digests/2026-W48/finance.md\n\
         digests/2026-W48/platform.json\n\
         digests/2026-W48/platform.md\n\
         digests/2026-W48/sales.json\n\
         digests/2026-W48/sales.md\n"
    );
    let message = git_out(&env, &["log", "-1", "--format=%B"]);
    assert_eq!(
        message,
        "Digest 2026-W48\n\nWith the digests of finance, platform, sales.\n\nWeek: 2026-W48\n\n"
    );
    assert_eq!(
        git_out(&env, &["diff", "--cached", "--name-only"]),
        "other.txt\n"
    );
    let committed = git_out(&env, &["show", "HEAD:digests/2026-W48/sales.json"]);
    let sales: AudienceDigest = serde_json::from_str(&committed).unwrap();
    assert_eq!(sales.version, 1);
    assert_eq!(
        conclusions(&sales),
        ["Sales default conclusion", "Both groups conclusion"]
    );
    let finance_md = git_out(&env, &["show", "HEAD:digests/2026-W48/finance.md"]);
    assert!(finance_md.contains("Finance bank call"), "{finance_md}");
    for f in ["sales.json", "sales.md", "finance.json", "finance.md"] {
        let text = env.read(&format!("digests/2026-W48/{f}"));
        let others: &[&str] = if f.starts_with("sales") {
            &["Finance only", "Platform"]
        } else {
            &["Sales default", "Platform"]
        };
        assert_nothing_else(&env, &text, others);
    }

    // Nothing changed: no commit.
    let head = git_out(&env, &["rev-parse", "HEAD"]);
    let a = env
        .cascade()
        .args([
            "digest",
            "--commit",
            "--audience",
            "all",
            "--week",
            "2026-W48",
        ])
        .assert()
        .success();
    assert!(
        stdout(&a).ends_with("are up to date; nothing to commit\n"),
        "{}",
        stdout(&a)
    );
    assert_eq!(git_out(&env, &["rev-parse", "HEAD"]), head);
}

/// A hand edit to one group's committed file: refused, every file as it was; `--force`
/// replaces it.
#[test]
fn commit_audience_keeps_hand_edits_to_a_groups_file_without_force() {
    let env = Env::new();
    notebook(&env, "groups");
    env.cascade()
        .args([
            "digest",
            "--commit",
            "--audience",
            "all",
            "--week",
            "2026-W48",
        ])
        .assert()
        .success();
    let head = git_out(&env, &["rev-parse", "HEAD"]);
    env.write("digests/2026-W48/sales.md", "edited by hand\n");
    let a = env
        .cascade()
        .args([
            "digest",
            "--commit",
            "--audience",
            "sales",
            "--week",
            "2026-W48",
        ])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("digests/2026-W48/sales.md has changes that are not committed"),
        "{}",
        stderr(&a)
    );
    assert_eq!(env.read("digests/2026-W48/sales.md"), "edited by hand\n");
    assert_eq!(git_out(&env, &["rev-parse", "HEAD"]), head);
    env.cascade()
        .args([
            "digest",
            "--commit",
            "--audience",
            "sales",
            "--week",
            "2026-W48",
            "--force",
        ])
        .assert()
        .success();
    // The file is back to the committed digest: nothing to commit, no new commit.
    assert_eq!(git_out(&env, &["rev-parse", "HEAD"]), head);
    assert!(
        env.read("digests/2026-W48/sales.md")
            .contains("Sales default conclusion")
    );
}

/// `default_share = "none"`: what has no `share:` goes to no group; the supervisor's digest
/// lists it under "(no audience)".
#[test]
fn default_share_none_shares_only_what_is_marked() {
    let env = Env::new();
    notebook(&env, "none");
    let a = env
        .cascade()
        .args(["digest", "--audience", "all", "--format", "json"])
        .assert()
        .success();
    let all: Vec<AudienceDigest> = serde_json::from_str(&stdout(&a)).unwrap();
    let sales = all.iter().find(|d| d.audience == "sales").unwrap();
    assert_eq!(conclusions(sales), ["Both groups conclusion"]);
    assert!(sales.actions.open.is_empty() && sales.actions.done.is_empty());
    assert!(sales.indicators.is_empty());
    let finance = all.iter().find(|d| d.audience == "finance").unwrap();
    assert_eq!(
        conclusions(finance),
        ["Finance only conclusion", "Both groups conclusion"]
    );
    assert_eq!(texts(&finance.actions.overdue), ["Finance bank call"]);
    assert_nothing_else(&env, &stdout(&a), &["Sales default"]);

    let a = env
        .cascade()
        .args(["digest", "--format", "json"])
        .assert()
        .success();
    let own: Value = serde_json::from_str(&stdout(&a)).unwrap();
    let unmarked = own["conclusions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"] == "Sales default conclusion")
        .unwrap();
    assert_eq!(unmarked["audience"], serde_json::json!([]));
    let md = stdout(&env.cascade().args(["digest"]).assert().success());
    let no_audience = md.split("### (no audience)").nth(1).unwrap();
    assert!(no_audience.contains("Sales default conclusion"), "{md}");
}

/// `cascade init --default-share none` writes the key with what it means; the default is
/// `groups`, today's behaviour.
#[test]
fn init_writes_default_share_with_its_meaning() {
    let env = Env::new();
    env.cascade()
        .args(["init", "--me", "dana", "--default-share", "none", "book"])
        .assert()
        .success();
    let cfg = std::fs::read_to_string(env.work().join("book/cascade.toml")).unwrap();
    assert!(cfg.contains("\ndefault_share = \"none\"\n"), "{cfg}");
    assert!(
        cfg.contains("\"none\" sends it nowhere until it is marked"),
        "{cfg}"
    );
    env.cascade()
        .args(["init", "--me", "dana", "plain"])
        .assert()
        .success();
    let cfg = std::fs::read_to_string(env.work().join("plain/cascade.toml")).unwrap();
    assert!(cfg.contains("\ndefault_share = \"groups\"\n"), "{cfg}");
    let a = env
        .cascade()
        .args(["init", "--me", "dana", "--default-share", "some", "bad"])
        .assert()
        .code(2);
    assert!(!env.work().join("bad").exists(), "{}", stderr(&a));
}

/// `conclusions/audience` (info): for each conclusion without `share:`, where it goes; none
/// for a marked one or a private note, and none under `--quiet`.
#[test]
fn lint_says_where_each_unmarked_conclusion_goes() {
    for (share, said) in [
        (
            "groups",
            "this conclusion goes to sales (the note's `share_with`)",
        ),
        (
            "none",
            "this conclusion goes to no group: `default_share = \"none\"` in cascade.toml shares only what is marked",
        ),
    ] {
        let env = Env::new();
        notebook(&env, share);
        let a = env.cascade().args(["lint", "--format", "json"]).assert();
        let v: Value = serde_json::from_str(&stdout(&a)).unwrap();
        let found: Vec<(String, u64, String, String)> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "conclusions/audience")
            .map(|d| {
                (
                    d["path"].as_str().unwrap().to_owned(),
                    d["line"].as_u64().unwrap(),
                    d["severity"].as_str().unwrap().to_owned(),
                    d["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        // Line 14 of alice's note is "- Sales default conclusion"; bob's public note has no
        // `share_with` (cascade/no-audience says so once), his private note shares nothing.
        assert_eq!(
            found,
            [(
                "notes/alice/2026-11-24.md".to_owned(),
                14,
                "info".to_owned(),
                said.to_owned()
            )],
            "{share}"
        );
        let quiet = env.cascade().args(["lint", "--quiet"]).assert();
        assert!(
            !stdout(&quiet).contains("conclusions/audience"),
            "{}",
            stdout(&quiet)
        );
        let human = env.cascade().args(["lint"]).assert();
        assert!(
            stdout(&human).contains("info[conclusions/audience]"),
            "{}",
            stdout(&human)
        );
    }
}

/// The demo commits its week's digest and each group's, as `digest --commit --audience all`
/// does, in date order after the rest of its history; none holds private text or a path.
#[test]
fn the_demo_commits_the_audience_digests_of_its_week() {
    let env = Env::new();
    let a = env.cascade().args(["demo", "sample"]).assert().success();
    assert!(
        stdout(&a).contains(
            "the digest of 2026-W47 and one per group (finance, platform, product, sales, support) committed under digests/"
        ),
        "{}",
        stdout(&a)
    );
    let dir = env.work().join("sample");
    let git = |args: &[&str]| {
        let out = env.git(&dir).args(args).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let mut want = vec!["digests/2026-W47.md".to_owned()];
    for g in ["finance", "platform", "product", "sales", "support"] {
        want.push(format!("digests/2026-W47/{g}.json"));
        want.push(format!("digests/2026-W47/{g}.md"));
    }
    let files = git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.lines().collect::<Vec<_>>(), want);
    assert!(git(&["log", "-1", "--format=%B"]).ends_with("\n\nWeek: 2026-W47\n\n"));
    assert_eq!(
        git(&["log", "-1", "--format=%ad", "--date=short"]),
        "2026-11-24\n"
    );
    assert_eq!(git(&["status", "--porcelain"]), "");
    let ids = git(&["log", "--format=%H"]);
    for f in &want[1..] {
        let text = std::fs::read_to_string(dir.join(f)).unwrap();
        if f.ends_with(".json") {
            let d: AudienceDigest = serde_json::from_str(&text).unwrap();
            assert_eq!((d.version, d.week.as_deref()), (1, Some("2026-W47")));
        }
        assert!(
            !text.contains("feeling stretched") && !text.contains("notes/"),
            "{f}: {text}"
        );
        for id in ids.lines() {
            assert!(!text.contains(&id[..7]), "{f} names commit {id}");
        }
    }
    let sales: AudienceDigest = serde_json::from_str(
        &std::fs::read_to_string(dir.join("digests/2026-W47/sales.json")).unwrap(),
    )
    .unwrap();
    assert!(
        !sales.conclusions.is_empty() || !sales.actions.open.is_empty(),
        "{sales:?}"
    );
    // `digest --commit --audience all` on the demo finds nothing to change.
    let a = env
        .cascade()
        .current_dir(&dir)
        .args([
            "digest",
            "--commit",
            "--audience",
            "all",
            "--week",
            "2026-W47",
        ])
        .assert()
        .success();
    assert!(
        stdout(&a).ends_with("are up to date; nothing to commit\n"),
        "{}",
        stdout(&a)
    );
}

/// With `[notebook] url`, each item links to its note's line; a script address never becomes
/// a link, and text from notes is escaped in HTML and made inert in Markdown.
#[test]
fn audience_items_link_to_their_note_and_never_to_a_script() {
    let env = Env::new();
    env.notebook();
    let mut cfg = env.read("cascade.toml");
    cfg.push_str("\n[notebook]\nurl = \"https://git.example.org/dana/1on1/blob/main\"\n");
    env.write("cascade.toml", &cfg);
    env.write(
        "notes/alice/2026-11-24.md",
        note(
            "2026-11-24",
            "alice",
            "share_with: [sales]\n",
            "## Conclusions\n- Ship it <script>alert(1)</script>\n\n## Cascading actions\n- [ ] Call the bank @alice due:2026-12-20\n",
        ),
    );
    let run = |format: &str| {
        stdout(
            &env.cascade()
                .args(["digest", "--audience", "sales", "--format", format])
                .assert()
                .success(),
        )
    };
    let link = "https://git.example.org/dana/1on1/blob/main/notes/alice/2026-11-24.md#L";
    let d: AudienceDigest = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(
        d.conclusions[0].link.as_deref(),
        Some(format!("{link}12").as_str())
    );
    assert_eq!(
        d.actions.open[0].link.as_deref(),
        Some(format!("{link}15").as_str())
    );
    let md = run("md");
    assert!(md.contains(&format!("[2026-11-24](<{link}12>)")), "{md}");
    assert!(md.contains(&format!("[note](<{link}15>)")), "{md}");
    assert!(
        md.contains("Ship it &lt;script&gt;") && !md.contains("<script>"),
        "{md}"
    );
    let html = run("html");
    // Attribute values are HTML-escaped (`/` as `&#x2f;`), which browsers read back.
    let href = format!("href=\"{}12\"", link.replace('/', "&#x2f;"));
    assert!(html.contains(&href), "{html}");
    assert!(
        html.contains("Ship it &lt;script&gt;") && !html.contains("<script>"),
        "{html}"
    );

    cfg = cfg.replace("https://git.example.org", "javascript:alert(1)//x");
    env.write("cascade.toml", &cfg);
    let d: AudienceDigest = serde_json::from_str(&run("json")).unwrap();
    // The model keeps what the config says; the pages make no link of it.
    assert!(
        d.conclusions[0]
            .link
            .as_deref()
            .unwrap()
            .starts_with("javascript:")
    );
    for text in [run("md"), run("html")] {
        assert!(!text.contains("javascript:"), "{text}");
    }
}

/// A group named in a note that cannot be a file name (`share:x/y`, no `[groups]` declared):
/// printing works, writing its file is refused before anything is written.
#[test]
fn a_group_that_cannot_be_a_file_name_writes_no_file() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-24.md",
        note(
            "2026-11-24",
            "alice",
            "share_with: [sales]\n",
            "## Conclusions\n- Kept local\n- Escapes share:../../x\n",
        ),
    );
    env.commit_all("note", "2026-11-24T10:00:00+00:00");
    let a = env
        .cascade()
        .args(["digest", "--audience", "all", "--format", "json"])
        .assert()
        .success();
    let all: Vec<AudienceDigest> = serde_json::from_str(&stdout(&a)).unwrap();
    let groups: Vec<&str> = all.iter().map(|d| d.audience.as_str()).collect();
    assert_eq!(groups, ["sales", "../../x"]);
    let head = git_out(&env, &["rev-parse", "HEAD"]);
    for args in [
        &["digest", "--audience", "all", "--out", "out"][..],
        &["digest", "--audience", "all", "--commit"][..],
    ] {
        let a = env.cascade().args(args).assert().code(2);
        assert!(
            stderr(&a).contains("so its digest cannot be written to a file; nothing was written"),
            "{}",
            stderr(&a)
        );
    }
    assert!(!env.work().join("out").exists());
    assert_eq!(env.names("digests"), Vec::<String>::new());
    assert_eq!(git_out(&env, &["rev-parse", "HEAD"]), head);
    assert!(!env.tmp.path().join("x").exists());
}
