//! The daily views: status, actions, log and trend, and the demo's tour, on a notebook built
//! here with dated commits (`week`, shared with the other workflow tests).

use serde_json::Value;

use crate::common::*;

/// A note with front matter `date`, `report`, extra YAML lines, then `body`.
pub(crate) fn note(date: &str, report: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ndate: {date}\nreport: {report}\nsupervisor: dana\n{extra}---\n\n# 1:1 {report} — {date}\n\n{body}"
    )
}

/// A complete note body: every step filled, then `conclusions` and `actions` lines.
pub(crate) fn body(conclusions: &str, actions: &str) -> String {
    format!(
        "## Leverage\nThe Q1 plan, for a week.\n\n## Common base\nOrders are counted weekly.\n\n## Reverse teaching\nHow the pipeline reacts to price.\n\n## Joint data analysis\nOrders are flat.\n\n## Conclusions\n{conclusions}\n## Cascading actions\n{actions}\n## Private\nCANARY-PRIVATE tired this week.\n"
    )
}

pub(crate) fn json_of(a: &assert_cmd::assert::Assert) -> Value {
    serde_json::from_str(&stdout(a)).unwrap()
}

/// Alice weekly (30 min), Bob every 14 days (45 min) and overdue, Carol never met; each note
/// committed on its meeting day. Today is 2026-11-24 (a Tuesday of 2026-W48).
pub(crate) fn week(env: &Env) {
    env.notebook();
    env.cascade()
        .args(["person", "add", "carol", "--name", "Carol Diaz"])
        .assert()
        .success();
    env.commit_all("Notebook", "2026-10-01T09:00:00+00:00");
    let alice = [
        ("2026-10-27", 370, ""),
        ("2026-11-03", 372, ""),
        (
            "2026-11-10",
            376,
            "- [ ] Draft Q1 plan @alice due:2026-11-20\n",
        ),
        (
            "2026-11-17",
            379,
            "- [ ] Draft Q1 plan @alice due:2026-11-20 (from 2026-11-10)\n- [ ] Call the bank @dana due:2026-11-25\n",
        ),
        (
            "2026-11-24",
            300,
            "- [ ] Draft Q1 plan @alice due:2026-11-20 (from 2026-11-10)\n- [x] Call the bank @dana due:2026-11-25\n- [ ] Freeze two open reqs @alice due:2026-12-04\n",
        ),
    ];
    for (d, orders, actions) in alice {
        let morale = if d == "2026-11-24" {
            "  morale: 7\n"
        } else {
            ""
        };
        env.write(
            &format!("notes/alice/{d}.md"),
            note(
                d,
                "alice",
                &format!(
                    "duration_min: 30\nshare_with: [sales]\nindicators:\n  orders: {orders}\n{morale}"
                ),
                &body("- Hold prices until January.\n", actions),
            ),
        );
        env.commit_all(&format!("alice {d}"), &format!("{d}T17:00:00+00:00"));
    }
    env.write(
        "notes/bob/2026-10-20.md",
        note(
            "2026-10-20",
            "bob",
            "duration_min: 45\nprivate: true\n",
            &body(
                "- CANARY-CONCLUSION private\n",
                "- [ ] CANARY-ACTION @bob due:2026-10-30\n",
            ),
        ),
    );
    env.commit_all("bob 2026-10-20", "2026-10-20T17:00:00+00:00");
    env.write(
        "notes/bob/2026-11-03.md",
        note(
            "2026-11-03",
            "bob",
            "duration_min: 45\n",
            &body(
                "- Move the release to Thursday.\n- Keep the on-call rota.\n",
                "- [ ] Fix the CI @bob due:2026-11-10\n- [-] Rewrite the deploy script @bob due:2026-11-20\n",
            ),
        ),
    );
    env.commit_all("bob 2026-11-03", "2026-11-03T17:00:00+00:00");
}

#[test]
fn status_has_a_row_per_report_with_overdue_and_never_met() {
    let env = Env::new();
    week(&env);
    let a = env.cascade().args(["status"]).assert().success();
    insta::assert_snapshot!("status_human", stdout(&a));
    let text = stdout(
        &env.cascade()
            .args(["status", "--format", "json"])
            .assert()
            .success(),
    );
    insta::assert_snapshot!("status_json", text);
    assert!(text.starts_with("{\n  \"version\": 1,"), "{text}");
    let j: Value = serde_json::from_str(&text).unwrap();
    let rows = j["reports"].as_array().unwrap();
    let row = |h: &str| rows.iter().find(|r| r["report"] == h).unwrap().clone();
    // Carol: in the config, no note yet.
    assert_eq!(row("carol")["last"], Value::Null);
    assert_eq!(row("carol")["next_due"], Value::Null);
    assert_eq!(row("carol")["open_actions"], 0);
    // Bob: last met 2026-11-03, every 14 days: due 2026-11-17, 7 days overdue.
    assert_eq!(row("bob")["next_due"], "2026-11-17");
    assert_eq!(row("bob")["overdue_days"], 7);
    // One of them written in a private note: counted, so it is never forgotten.
    assert_eq!(row("bob")["open_actions"], 2);
    assert_eq!(row("bob")["overdue_actions"], 2);
    // 45 min every 14 days at 40 h/week: 80 h / 0.75 h.
    assert_eq!(row("bob")["leverage"], 106.6666667);
    // Alice: met today; four 30-minute meetings in November.
    assert_eq!(row("alice")["overdue_days"], 0);
    assert_eq!(row("alice")["hours_this_month"], 2);
    assert_eq!(row("alice")["leverage"], 80);
    assert_eq!(row("alice")["open_actions"], 2);
    assert_eq!(row("alice")["overdue_actions"], 1);
    // Never the supervisor, never private text.
    assert!(rows.iter().all(|r| r["report"] != "dana"));
    assert!(!stdout(&a).contains("CANARY"));
}

#[test]
fn status_of_an_empty_notebook_and_outside_one() {
    let env = Env::new();
    env.cascade()
        .args(["init", "--me", "dana"])
        .assert()
        .success();
    let a = env.cascade().args(["status"]).assert().success();
    assert_eq!(
        stdout(&a),
        "no reports yet: add one with `cascade person add HANDLE --name \"…\"`\n"
    );
    let j = json_of(
        &env.cascade()
            .args(["status", "--format", "json"])
            .assert()
            .success(),
    );
    assert_eq!(j["reports"], serde_json::json!([]));
    let elsewhere = Env::new();
    let a = elsewhere.cascade().args(["status"]).assert().code(2);
    assert!(
        stderr(&a).contains("not in a cascade notebook"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn actions_lists_a_carried_action_once_with_its_latest_note() {
    let env = Env::new();
    week(&env);
    let a = env.cascade().args(["actions"]).assert().success();
    let out = stdout(&a);
    insta::assert_snapshot!("actions_open_human", out);
    assert_eq!(out.matches("Draft Q1 plan").count(), 1, "{out}");
    let text = stdout(
        &env.cascade()
            .args(["actions", "--all", "--format", "json"])
            .assert()
            .success(),
    );
    insta::assert_snapshot!("actions_all_json", text);
    assert!(text.starts_with("{\n  \"version\": 1,"), "{text}");
    let j: Value = serde_json::from_str(&text).unwrap();
    let list = j["actions"].as_array().unwrap();
    let drafts: Vec<&Value> = list
        .iter()
        .filter(|a| a["text"] == "Draft Q1 plan")
        .collect();
    assert_eq!(drafts.len(), 1);
    let d = drafts[0];
    assert_eq!(d["state"], "open");
    assert_eq!(d["owner"], "alice");
    assert_eq!(d["path"], "notes/alice/2026-11-24.md");
    let line = env
        .read("notes/alice/2026-11-24.md")
        .lines()
        .position(|l| l.contains("Draft Q1 plan"))
        .unwrap()
        + 1;
    assert_eq!(d["line"], line);
    assert_eq!(d["from"], "2026-11-10");
    assert_eq!(d["due"], "2026-11-20");
    assert_eq!(d["days_late"], 4);
    // Done today, not late; private notes contribute nothing.
    let bank = list.iter().find(|a| a["text"] == "Call the bank").unwrap();
    assert_eq!(bank["state"], "done");
    assert_eq!(bank["days_late"], Value::Null);
    assert!(!j.to_string().contains("CANARY"));
}

#[test]
fn actions_filters() {
    let env = Env::new();
    week(&env);
    let texts = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["actions", "--format", "json"];
        full.extend_from_slice(args);
        json_of(&env.cascade().args(&full).assert().success())["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["text"].as_str().unwrap_or("(private)").to_owned())
            .collect()
    };
    // The action of a private note is listed, its text held back from JSON.
    assert_eq!(
        texts(&[]),
        [
            "(private)",
            "Fix the CI",
            "Draft Q1 plan",
            "Freeze two open reqs"
        ]
    );
    // Overdue: the latest first.
    assert_eq!(
        texts(&["--overdue"]),
        ["(private)", "Fix the CI", "Draft Q1 plan"]
    );
    assert_eq!(texts(&["--done"]), ["Call the bank"]);
    assert_eq!(texts(&["--dropped"]), ["Rewrite the deploy script"]);
    assert_eq!(texts(&["--owner", "dana", "--all"]), ["Call the bank"]);
    assert_eq!(texts(&["--owner", "@Dana", "--all"]), ["Call the bank"]);
    assert_eq!(texts(&["--report", "bob"]), ["(private)", "Fix the CI"]);
    assert_eq!(texts(&["--report", "carol"]), Vec::<String>::new());
    let a = env
        .cascade()
        .args(["actions", "--report", "carol"])
        .assert()
        .success();
    assert_eq!(stdout(&a), "no open actions\n");
    let a = env
        .cascade()
        .args(["actions", "--overdue"])
        .assert()
        .success();
    assert!(
        stdout(&a).ends_with("\n3 overdue actions\n"),
        "{}",
        stdout(&a)
    );

    let a = env
        .cascade()
        .args(["actions", "--report", "alcie"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("`alcie` is not a person of this notebook"),
        "{}",
        stderr(&a)
    );
    assert!(
        stderr(&a).contains("did you mean `alice`?"),
        "{}",
        stderr(&a)
    );
    let a = env
        .cascade()
        .args(["actions", "--owner", "dnaa"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("did you mean `dana`?"),
        "{}",
        stderr(&a)
    );
    let a = env
        .cascade()
        .args(["actions", "--done", "--overdue"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("cannot be used with"), "{}", stderr(&a));
}

#[test]
fn log_lists_meetings_newest_first() {
    let env = Env::new();
    week(&env);
    let a = env.cascade().args(["log", "alice"]).assert().success();
    insta::assert_snapshot!("log_alice_human", stdout(&a));
    let text = stdout(
        &env.cascade()
            .args(["log", "bob", "--format", "json"])
            .assert()
            .success(),
    );
    insta::assert_snapshot!("log_bob_json", text);
    assert!(text.starts_with("{\n  \"version\": 1,"), "{text}");
    let j: Value = serde_json::from_str(&text).unwrap();
    let m = j["meetings"].as_array().unwrap();
    assert_eq!(m[0]["date"], "2026-11-03");
    assert_eq!(m[0]["conclusions"], 2);
    assert_eq!(m[0]["actions_opened"], 2);
    assert_eq!(m[0]["actions_closed"], 1);
    assert_eq!(m[1]["private"], true);
    assert_eq!(m[1]["conclusions"], Value::Null);
    assert!(!j.to_string().contains("CANARY"));
    let j = json_of(
        &env.cascade()
            .args(["log", "alice", "--format", "json"])
            .assert()
            .success(),
    );
    let today = &j["meetings"][0];
    assert_eq!(today["date"], "2026-11-24");
    // Freeze is new; Call the bank was open and is now done.
    assert_eq!(today["actions_opened"], 1);
    assert_eq!(today["actions_closed"], 1);

    let a = env.cascade().args(["log", "carol"]).assert().success();
    assert_eq!(
        stdout(&a),
        "Carol Diaz (carol)\nno meetings yet: `cascade new carol` scaffolds the first note\n"
    );
    let a = env.cascade().args(["log", "bobb"]).assert().code(2);
    assert!(stderr(&a).contains("did you mean `bob`?"), "{}", stderr(&a));
    let a = env.cascade().args(["log", "../etc"]).assert().code(2);
    assert!(stderr(&a).contains("handle"), "{}", stderr(&a));
}

#[test]
fn trend_flags_the_unusual_change_like_the_digest() {
    let env = Env::new();
    week(&env);
    let a = env
        .cascade()
        .args(["trend", "alice", "orders"])
        .assert()
        .success();
    insta::assert_snapshot!("trend_alice_orders_human", stdout(&a));
    let text = stdout(
        &env.cascade()
            .args(["trend", "alice", "orders", "--format", "json"])
            .assert()
            .success(),
    );
    insta::assert_snapshot!("trend_alice_orders_json", text);
    assert!(text.starts_with("{\n  \"version\": 1,"), "{text}");
    let j: Value = serde_json::from_str(&text).unwrap();
    let s = &j["indicators"][0];
    assert_eq!(s["name"], "orders");
    assert_eq!(s["sparkline"], "▇▇██▁");
    let pts = s["points"].as_array().unwrap();
    let flagged: Vec<&Value> = pts.iter().filter(|p| p["flagged"] == true).collect();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0]["date"], "2026-11-24");
    assert_eq!(flagged[0]["delta"], -79);
    assert_eq!(flagged[0]["usual_change"], 3);

    // The digest of the same week flags the same value.
    let d = json_of(
        &env.cascade()
            .args(["digest", "--format", "json", "--week", "2026-W48"])
            .assert()
            .success(),
    );
    let ind = d["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "orders")
        .unwrap()
        .clone();
    assert_eq!(ind["flagged"], true);
    assert_eq!(ind["usual_change"], flagged[0]["usual_change"]);

    // Without INDICATOR: one line per indicator.
    let a = env.cascade().args(["trend", "alice"]).assert().success();
    insta::assert_snapshot!("trend_alice_overview", stdout(&a));
    let a = env
        .cascade()
        .args(["trend", "alice", "ordres"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("alice has no indicator `ordres`"),
        "{}",
        stderr(&a)
    );
    assert!(
        stderr(&a).contains("did you mean `orders`?"),
        "{}",
        stderr(&a)
    );
    let a = env.cascade().args(["trend", "carol"]).assert().success();
    assert!(
        stdout(&a).contains("no indicators recorded"),
        "{}",
        stdout(&a)
    );
    let a = env.cascade().args(["trend", "alcie"]).assert().code(2);
    assert!(
        stderr(&a).contains("did you mean `alice`?"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn demo_tour_shows_the_real_status() {
    let env = Env::new();
    let a = env.cascade().args(["demo", "sample"]).assert().success();
    let out = stdout(&a);
    let status = stdout(
        &env.cascade()
            .args(["-C", "sample", "status"])
            .assert()
            .success(),
    );
    assert!(out.contains(&status), "{out}");
    assert!(out.contains("Try next:\n"), "{out}");
    assert!(out.contains("cascade status"), "{out}");
    assert!(out.contains("cascade actions --overdue"), "{out}");
}

#[test]
fn a_private_note_with_broken_front_matter_stays_private() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-17.md",
        note(
            "2026-11-17",
            "alice",
            "private: true\ntags: [a\n",
            &body(
                "- CANARY-CONCLUSION fire someone. share:sales\n",
                "- [ ] CANARY-ACTION @alice due:2026-11-20\n",
            ),
        ),
    );
    env.write(
        "notes/bob/2026-11-18.md",
        note(
            "2026-11-18",
            "bob",
            "private: \"true\"\n",
            &body(
                "- CANARY-B share:sales\n",
                "- [ ] CANARY-B2 @bob due:2026-11-20\n",
            ),
        ),
    );
    env.commit_all("notes", "2026-11-18T10:00:00+00:00");
    for args in [
        vec!["actions", "--all", "--format", "json"],
        vec!["log", "alice", "--format", "json"],
        vec!["status", "--format", "json"],
        vec!["digest", "--week", "2026-W47", "--format", "json"],
        vec!["digest", "--week", "2026-W47"],
        vec!["lint", "--format", "json"],
        vec!["lint"],
    ] {
        let a = env.cascade().args(&args).assert();
        let out = stdout(&a);
        assert!(!out.contains("CANARY"), "{args:?}: {out}");
    }
}

#[test]
fn a_note_filed_under_an_alias_counts_for_its_person() {
    let env = Env::new();
    env.notebook();
    let mut cfg = env.read("cascade.toml");
    cfg = cfg.replacen(
        "[people.alice]\n",
        "[people.alice]\naliases = [\"al\"]\n",
        1,
    );
    env.write("cascade.toml", cfg);
    env.write(
        "notes/alice/2026-11-10.md",
        note(
            "2026-11-10",
            "alice",
            "",
            &body(
                "- A. share:sales\n",
                "- [ ] Draft plan @alice due:2026-11-30\n",
            ),
        ),
    );
    env.write(
        "notes/al/2026-11-17.md",
        note(
            "2026-11-17",
            "al",
            "",
            &body(
                "- B. share:sales\n",
                "- [x] Draft plan @alice due:2026-11-30 (from 2026-11-10)\n",
            ),
        ),
    );
    let a = env
        .cascade()
        .args(["status", "--format", "json"])
        .assert()
        .success();
    let v = json_of(&a);
    let alice = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["report"] == "alice")
        .unwrap()
        .clone();
    assert_eq!(alice["last"], "2026-11-17", "{v}");
    assert_eq!(alice["overdue_days"], 0, "{v}");
    assert!(
        v["reports"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["report"] != "al"),
        "{v}"
    );
    let a = env
        .cascade()
        .args(["actions", "--all", "--format", "json"])
        .assert()
        .success();
    let v = json_of(&a);
    let drafts: Vec<&Value> = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["text"] == "Draft plan")
        .collect();
    assert_eq!(drafts.len(), 1, "{v}");
    assert_eq!(drafts[0]["state"], "done");
}

#[test]
fn the_demo_inside_another_repository_gets_its_own() {
    let env = Env::new();
    env.git(&env.work()).args(["init", "-q"]).status().unwrap();
    env.cascade().args(["demo", "inner"]).assert().success();
    let top = env
        .git(&env.work().join("inner"))
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .unwrap();
    let top = String::from_utf8(top.stdout).unwrap();
    assert!(top.trim().ends_with("/inner"), "{top}");
    let outer = env
        .git(&env.work())
        .args(["rev-list", "--all"])
        .output()
        .unwrap();
    assert!(outer.stdout.is_empty(), "the outer repository got commits");
}

#[test]
fn an_agenda_changes_nothing_today() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-17.md",
        note(
            "2026-11-17",
            "alice",
            "",
            &body(
                "- A. share:sales\n",
                "- [ ] Draft plan @alice due:2026-11-30\n",
            ),
        ),
    );
    env.write(
        "notes/alice/2026-12-01.md",
        note(
            "2026-12-01",
            "alice",
            "",
            &body(
                "- B. share:sales\n",
                "- [x] Draft plan @alice due:2026-11-30\n- [ ] Agenda item @alice due:2026-11-01\n",
            ),
        ),
    );
    let a = env
        .cascade()
        .args(["actions", "--all", "--format", "json"])
        .assert()
        .success();
    let v = json_of(&a);
    let items = v["actions"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{v}");
    assert_eq!(items[0]["state"], "open");
}

#[test]
fn log_trend_and_new_read_only_their_reports_folders() {
    let env = Env::new();
    week(&env);
    let config = env.read("cascade.toml");
    env.write(
        "cascade.toml",
        config.replace(
            "name = \"Alice Martin\"",
            "name = \"Alice Martin\"\naliases = [\"al\"]",
        ),
    );
    // A note of alice kept under her alias's folder counts; a file another report's folder
    // cannot give (invalid UTF-8) is no concern of alice's views, but the whole-notebook
    // views still say they skipped it.
    env.write(
        "notes/al/2026-11-20.md",
        note(
            "2026-11-20",
            "al",
            "indicators:\n  orders: 999\n",
            &body("", "- [ ] Ship the alias note @alice due:2026-12-01\n"),
        ),
    );
    env.write(
        "notes/bob/2026-11-21.md",
        b"---\ndate: 2026-11-21\n\xff\n---\n",
    );
    for args in [&["log", "alice"][..], &["trend", "alice"]] {
        let out = env.cascade().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("notes/bob"), "{args:?}: {err}");
    }
    let log = stdout(
        &env.cascade()
            .args(["log", "alice", "--format", "json"])
            .assert()
            .success(),
    );
    assert!(log.contains("notes/al/2026-11-20.md"), "{log}");
    let trend = stdout(
        &env.cascade()
            .args(["trend", "alice", "--format", "json"])
            .assert()
            .success(),
    );
    assert!(trend.contains("notes/al/2026-11-20.md"), "{trend}");
    let status = env.cascade().args(["status"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&status.stderr).contains("notes/bob/2026-11-21.md"),
        "{status:?}"
    );
    // `new` carries the action written in the alias's folder.
    env.cascade()
        .args(["new", "alice", "--date", "2026-11-27"])
        .assert()
        .success();
    assert!(
        env.read("notes/alice/2026-11-27.md")
            .contains("Ship the alias note")
    );
}
