//! The cascade across notebooks and levels, built by cascade itself at every step: managers
//! commit their audience digests (`digest --commit --audience all`), a manager of managers
//! rolls them up and publishes the roll-up (`rollup --commit`), and one level up a roll-up
//! reads that like any other source. Nothing private and nothing shared only with another group
//! appears at any level.

use std::path::{Path, PathBuf};

use mail_parser::MessageParser;
use serde_json::Value;

use crate::common::{Env, stderr, stdout};

const CANARY: &str = "CANARY-LEVELS-PRIVATE";
const SALES_ONLY: &str = "CANARY-LEVELS-SALES-ONLY";

/// `cascade` run in `dir`, on 2026-11-29.
fn cascade_in(env: &Env, dir: &Path) -> assert_cmd::Command {
    let mut c = env.cascade_at("2026-11-29");
    c.arg("-C").arg(dir);
    c
}

/// Commit everything in `dir` on `date`.
fn commit_all(env: &Env, dir: &Path, date: &str) {
    for args in [
        vec!["add", "-A"],
        vec!["commit", "-q", "--allow-empty", "-m", "notes"],
    ] {
        let st = env
            .git(dir)
            .args(&args)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .status()
            .unwrap();
        assert!(st.success());
    }
}

/// A manager's notebook `<who>-1on1` with one week of notes, its audience digests committed.
fn manager(env: &Env, who: &str) -> PathBuf {
    let dir = env.tmp.path().join(format!("{who}-1on1"));
    std::fs::create_dir_all(&dir).unwrap();
    cascade_in(env, &dir)
        .args(["init", "--me", who])
        .assert()
        .success();
    let mut config = std::fs::read_to_string(dir.join("cascade.toml")).unwrap();
    config.push_str(
        "\n[groups.leadership]\nname = \"Leadership\"\n[groups.sales]\n[people.alice]\nname = \"Alice Martin\"\n",
    );
    std::fs::write(dir.join("cascade.toml"), config).unwrap();
    std::fs::create_dir_all(dir.join("notes/alice")).unwrap();
    std::fs::write(
        dir.join("notes/alice/2026-11-24.md"),
        format!(
            "---\ndate: 2026-11-24\nreport: alice\nduration_min: 30\nshare_with: [leadership]\n---\n## Conclusions\n- {who}: pricing ships first.\n- {SALES_ONLY} share:sales\n## Cascading actions\n- [ ] {who}: hire a tester @alice due:2026-12-10 share:leadership\n## Private\n{CANARY}\n"
        ),
    )
    .unwrap();
    commit_all(env, &dir, "2026-11-24T18:00:00+00:00");
    let a = cascade_in(env, &dir)
        .args([
            "digest",
            "--week",
            "2026-W48",
            "--commit",
            "--audience",
            "all",
        ])
        .assert()
        .success();
    assert!(stdout(&a).contains("committed"), "{}", stdout(&a));
    dir
}

/// A roll-up notebook `<who>` over `sources` (paths), audience leadership.
fn rollup_notebook(env: &Env, who: &str, sources: &[(&str, &Path)]) -> PathBuf {
    let dir = env.tmp.path().join(who);
    std::fs::create_dir_all(&dir).unwrap();
    cascade_in(env, &dir)
        .args(["init", "--me", who])
        .assert()
        .success();
    let mut config = std::fs::read_to_string(dir.join("cascade.toml")).unwrap();
    config.push_str(&format!(
        "\n[notebook]\nfrom = \"{who} <{who}@example.org>\"\n[groups.leadership]\nname = \"Leadership\"\nemail = \"leaders@example.org\"\n[rollup]\naudience = \"leadership\"\n"
    ));
    for (name, path) in sources {
        config.push_str(&format!(
            "[[rollup.source]]\nname = \"{name}\"\nurl = \"{}\"\n",
            path.display()
        ));
    }
    std::fs::write(dir.join("cascade.toml"), config).unwrap();
    commit_all(env, &dir, "2026-11-28T09:00:00+00:00");
    dir
}

fn texts(v: &Value) -> Vec<String> {
    let mut t: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap().to_owned())
        .collect();
    t.sort();
    t
}

#[test]
fn the_cascade_goes_up_two_levels_from_committed_audience_digests_only() {
    let env = Env::new();
    let dana = manager(&env, "dana");
    let eve = manager(&env, "eve");
    // Each manager committed their own digest and one per group, and nothing else.
    let files = env
        .git(&dana)
        .args(["show", "--name-only", "--format=%B", "HEAD"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&files.stdout).into_owned();
    for f in [
        "digests/2026-W48.md",
        "digests/2026-W48/leadership.json",
        "digests/2026-W48/leadership.md",
        "digests/2026-W48/sales.json",
        "digests/2026-W48/sales.md",
    ] {
        assert!(shown.contains(f), "{shown}");
    }
    assert!(shown.contains("Week: 2026-W48"), "{shown}");

    // One level up: the director rolls up both managers' leadership digests.
    let director = rollup_notebook(&env, "dir", &[("dana", &dana), ("eve", &eve)]);
    let a = cascade_in(&env, &director)
        .args(["rollup", "--week", "2026-W48", "--format", "json"])
        .assert()
        .success();
    let j: Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(j["version"], 1);
    assert_eq!(
        texts(&j["conclusions"]),
        ["dana: pricing ships first.", "eve: pricing ships first."]
    );
    let all = format!("{}{}", stdout(&a), stderr(&a));
    assert!(!all.contains(CANARY) && !all.contains(SALES_ONLY), "{all}");

    // Sent as an email to the director's leadership group, parsed back.
    let a = cascade_in(&env, &director)
        .args(["rollup", "--week", "2026-W48", "--format", "email"])
        .assert()
        .success();
    let raw = stdout(&a);
    let m = MessageParser::default().parse(raw.as_bytes()).unwrap();
    assert_eq!(
        m.to().unwrap().first().unwrap().address(),
        Some("leaders@example.org")
    );
    let body = m.body_text(0).unwrap().into_owned();
    assert!(body.contains("dana: pricing ships first."), "{body}");
    assert!(
        !body.contains(CANARY) && !body.contains(SALES_ONLY),
        "{body}"
    );

    // Published one level up, as the director's own leadership digest.
    let a = cascade_in(&env, &director)
        .args(["rollup", "--week", "2026-W48", "--commit"])
        .assert()
        .success();
    assert!(stdout(&a).contains("committed"), "{}", stdout(&a));
    let log = env
        .git(&director)
        .args(["show", "--name-only", "--format=%s", "HEAD"])
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&log.stdout).into_owned();
    assert_eq!(
        log.lines().filter(|l| !l.is_empty()).collect::<Vec<_>>(),
        [
            "Roll-up 2026-W48",
            "digests/2026-W48/leadership.json",
            "digests/2026-W48/leadership.md"
        ]
    );
    // Publishing again changes nothing.
    let a = cascade_in(&env, &director)
        .args(["rollup", "--week", "2026-W48", "--commit"])
        .assert()
        .success();
    assert!(stdout(&a).contains("up to date"), "{}", stdout(&a));

    // Two levels up: the VP's roll-up reads the director's like any other source.
    let vp = rollup_notebook(&env, "vp", &[("dir", &director)]);
    let a = cascade_in(&env, &vp)
        .args(["rollup", "--week", "2026-W48", "--format", "json"])
        .assert()
        .success();
    let j: Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(
        texts(&j["conclusions"]),
        ["dana: pricing ships first.", "eve: pricing ships first."]
    );
    assert!(
        j["conclusions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["source"] == "dir"),
        "{j}"
    );
    let all = format!("{}{}", stdout(&a), stderr(&a));
    assert!(!all.contains(CANARY) && !all.contains(SALES_ONLY), "{all}");
}
