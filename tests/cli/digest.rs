//! `cascade digest`: weeks of a notebook with dated git history and the privacy guarantee
//! (git situations: `digest_git.rs`; templates and formats: `digest_output.rs`).

use serde_json::Value;

use crate::common::*;

/// A note with front matter `date`, `report`, extra YAML lines, then `body`.
pub(crate) fn note(date: &str, report: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ndate: {date}\nreport: {report}\nsupervisor: dana\nduration_min: 60\n{extra}---\n\n# 1:1 {report} — {date}\n\n{body}"
    )
}

/// Tick the first `[ ]` item of `rel` whose line contains `what`.
pub(crate) fn tick(env: &Env, rel: &str, what: &str) {
    let text = env.read(rel);
    let mut done = false;
    let out: Vec<String> = text
        .lines()
        .map(|l| {
            if !done && l.contains(what) && l.contains("[ ]") {
                done = true;
                l.replacen("[ ]", "[x]", 1)
            } else {
                l.to_owned()
            }
        })
        .collect();
    assert!(done, "no open item with {what} in {rel}");
    env.write(rel, out.join("\n") + "\n");
}

pub(crate) fn json_of(a: &assert_cmd::assert::Assert) -> Value {
    serde_json::from_str(&stdout(a)).unwrap()
}

pub(crate) fn texts(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|a| a["text"].as_str().unwrap().to_owned())
        .collect()
}

/// Alice (weekly, sales) and Bob (every 14 days) over November 2026 and the turn of the year,
/// each note committed on its day and ticks committed later.
pub(crate) fn history(env: &Env) {
    env.notebook();
    let mut cfg = env.read("cascade.toml");
    cfg.push_str(
        "\n[groups.sales]\nname = \"Sales leadership\"\n\n[groups.finance]\nname = \"Finance\"\n",
    );
    env.write("cascade.toml", cfg);
    env.commit_all("Notebook", "2026-10-01T09:00:00+00:00");
    for (d, orders) in [
        ("2026-10-20", 370),
        ("2026-10-27", 372),
        ("2026-11-03", 376),
    ] {
        env.write(
            &format!("notes/alice/{d}.md"),
            note(
                d,
                "alice",
                &format!("share_with: [sales]\nindicators:\n  orders: {orders}\n"),
                "## Conclusions\n- Nothing new.\n",
            ),
        );
        env.commit_all(&format!("alice {d}"), &format!("{d}T10:00:00+00:00"));
    }
    env.write(
        "notes/alice/2026-11-10.md",
        note("2026-11-10", "alice", "share_with: [sales]\nindicators:\n  orders: 380\n  morale: 7\n",
            "## Conclusions\n- Nothing new.\n\n## Cascading actions\n- [ ] Draft Q1 plan @alice due:2026-11-20\n"),
    );
    env.commit_all("alice 2026-11-10", "2026-11-10T10:00:00+00:00");
    env.write(
        "notes/bob/2026-11-13.md",
        note(
            "2026-11-13",
            "bob",
            "indicators:\n  tickets: 50\n",
            "## Cascading actions\n- [ ] Fix the CI @bob due:2026-11-18\n",
        ),
    );
    env.commit_all("bob 2026-11-13", "2026-11-13T10:00:00+00:00");
    // Week 47.
    env.write(
        "notes/alice/2026-11-17.md",
        note("2026-11-17", "alice", "share_with: [sales]\nindicators:\n  orders: 390\n  morale: 7\n",
            "## Conclusions\n- Hold prices until January. share:finance\n- Hire one more SDR.\n\n## Cascading actions\n- [ ] Draft Q1 plan @alice due:2026-11-20 (from 2026-11-10)\n- [ ] Call the bank @dana due:2026-11-25\n"),
    );
    env.commit_all("alice 2026-11-17", "2026-11-17T10:00:00+00:00");
    env.write(
        "notes/bob/2026-11-20.md",
        note("2026-11-20", "bob", "indicators:\n  tickets: 52\n",
            "## Conclusions\n- Move the release to Thursday.\n\n## Cascading actions\n- [ ] Fix the CI @bob due:2026-11-18 (from 2026-11-13)\n"),
    );
    env.commit_all("bob 2026-11-20", "2026-11-20T10:00:00+00:00");
    // Week 48: a meeting whose note is written with one action already done.
    env.write(
        "notes/alice/2026-11-24.md",
        note("2026-11-24", "alice", "share_with: [sales]\nindicators:\n  orders: 300\n  morale: 7.5\n",
            "## Conclusions\n- Take a conservative approach to near-term hiring. share:finance,sales\n\n## Cascading actions\n- [ ] Draft Q1 plan @alice due:2026-11-20 (from 2026-11-10)\n- [x] Share the order-trend analysis with finance @dana due:2026-11-24\n- [ ] Freeze two open reqs @alice due:2026-12-04\n\n## Private\nNothing to see.\n"),
    );
    env.commit_all("alice 2026-11-24", "2026-11-24T18:00:00+00:00");
    tick(env, "notes/alice/2026-11-17.md", "Call the bank");
    env.commit_all("Called the bank", "2026-11-26T09:00:00+00:00");
    // Week 49: ticked the week after.
    tick(env, "notes/alice/2026-11-24.md", "Freeze two open reqs");
    env.commit_all("Froze the reqs", "2026-12-01T10:00:00+00:00");
    // 2026-W53 runs from Monday 2026-12-28 to Sunday 2027-01-03.
    env.write(
        "notes/alice/2026-12-29.md",
        note("2026-12-29", "alice", "share_with: [sales]\nindicators:\n  orders: 310\n",
            "## Conclusions\n- Close the year with a clean pipeline.\n\n## Cascading actions\n- [ ] Write the January forecast @alice due:2027-01-08\n"),
    );
    env.commit_all("alice 2026-12-29", "2026-12-29T10:00:00+00:00");
    env.write(
        "notes/bob/2027-01-02.md",
        note("2027-01-02", "bob", "share_with: [platform]\n",
            "## Conclusions\n- Freeze deploys until the 5th.\n\n## Cascading actions\n- [ ] Fix the CI @bob due:2026-11-18 (from 2026-11-13)\n"),
    );
    env.commit_all("bob 2027-01-02", "2027-01-02T10:00:00+00:00");
    tick(env, "notes/alice/2026-12-29.md", "January forecast");
    env.commit_all("Forecast written", "2027-01-03T20:00:00+00:00");
}

#[test]
fn week_48_markdown_and_json() {
    let env = Env::new();
    history(&env);
    let a = env
        .cascade_at("2026-12-08")
        .args(["digest", "--week", "2026-W48"])
        .assert()
        .success();
    let md = stdout(&a);
    insta::assert_snapshot!("week_48_md", md);
    assert_eq!(stderr(&a), "");

    let a = env
        .cascade_at("2026-12-08")
        .args(["digest", "--week", "2026-W48", "--format", "json"])
        .assert()
        .success();
    let raw = stdout(&a);
    assert!(
        raw.starts_with("{\n  \"version\": 1,\n  \"week\": \"2026-W48\","),
        "{raw}"
    );
    insta::assert_snapshot!("week_48_json", raw);
    let j: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(j["from"], "2026-11-23");
    assert_eq!(j["to"], "2026-11-29");
    assert_eq!(j["as_of"], "2026-11-29");
    assert_eq!(j["hours_invested"], 1);
    // Done in week 48: ticked on 11-26, and written already done on 11-24; not the reqs,
    // ticked on 12-01.
    let done = &j["actions"]["done"];
    assert_eq!(
        texts(done),
        [
            "Share the order-trend analysis with finance",
            "Call the bank"
        ]
    );
    assert_eq!(done[0]["done_on"], "2026-11-24");
    assert_eq!(done[1]["done_on"], "2026-11-26");
    assert_eq!(done[1]["path"], "notes/alice/2026-11-17.md");
    assert_eq!(done[1]["commit"].as_str().unwrap().len(), 40);
    // The reqs were still open at the week's end; the carried plan is listed once.
    assert_eq!(
        texts(&j["actions"]["open"]),
        ["Fix the CI", "Draft Q1 plan", "Freeze two open reqs"]
    );
    let overdue = &j["actions"]["overdue"];
    assert_eq!(texts(overdue), ["Fix the CI", "Draft Q1 plan"]);
    assert_eq!(overdue[0]["days_late"], 11);
    assert_eq!(overdue[0]["owners"][0], "bob");
    assert_eq!(overdue[1]["days_late"], 9);
    assert_eq!(
        texts(&j["actions"]["opened"]),
        [
            "Share the order-trend analysis with finance",
            "Freeze two open reqs"
        ]
    );
    // Conclusions with their audience and place.
    let c = &j["conclusions"][0];
    assert_eq!(c["audience"], serde_json::json!(["finance", "sales"]));
    assert_eq!(c["path"], "notes/alice/2026-11-24.md");
    assert_eq!(c["line"], 15);
    // Indicators against the previous meeting; a drop far beyond the usual change is flagged.
    let orders = j["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "orders")
        .unwrap();
    assert_eq!(orders["previous"], 390);
    assert_eq!(orders["delta"], -90);
    assert_eq!(orders["usual_change"], 4);
    assert_eq!(orders["flagged"], true);
    let morale = j["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "morale")
        .unwrap();
    assert_eq!(morale["delta"], 0.5);
    assert_eq!(morale["flagged"], false);
    assert_eq!(j["done_dates_from"], "git");
}

#[test]
fn weeks_47_49_and_53() {
    let env = Env::new();
    history(&env);
    week_47_groups_conclusions_by_audience(&env);
    week_49_lists_done_actions_and_late_cadence(&env);
    week_53_spans_the_new_year(&env);
    the_default_week_is_the_iso_week_of_today_and_commits_once(&env);
}

/// The JSON digest of `week`, run after all of the history.
fn week_json(env: &Env, week: &str) -> Value {
    json_of(
        &env.cascade_at("2027-01-10")
            .args(["digest", "--format", "json", "--week", week])
            .assert()
            .success(),
    )
}

fn week_47_groups_conclusions_by_audience(env: &Env) {
    let w47 = week_json(env, "2026-W47");
    assert_eq!(w47["meetings"].as_array().unwrap().len(), 2);
    assert_eq!(texts(&w47["actions"]["done"]), Vec::<String>::new());
    // The bank was called in week 48: still open at the end of week 47.
    assert!(texts(&w47["actions"]["open"]).contains(&"Call the bank".to_owned()));
    let groups: Vec<(String, Value)> = w47["conclusions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["text"].as_str().unwrap().to_owned(),
                c["audience"].clone(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        vec![
            (
                "Hold prices until January.".to_owned(),
                serde_json::json!(["finance"])
            ),
            (
                "Hire one more SDR.".to_owned(),
                serde_json::json!(["sales"])
            ),
            (
                "Move the release to Thursday.".to_owned(),
                serde_json::json!([])
            ),
        ]
    );
    let md = stdout(
        &env.cascade_at("2027-01-10")
            .args(["digest", "--week", "2026-W47"])
            .assert()
            .success(),
    );
    assert!(md.contains("### (no audience)\n\n- Move the release to Thursday. — bob, `notes/bob/2026-11-20.md:13`\n"), "{md}");
    assert!(md.contains("### Sales leadership (sales)\n\n- Hire one more SDR. — alice, `notes/alice/2026-11-17.md:16`\n"), "{md}");
}

fn week_49_lists_done_actions_and_late_cadence(env: &Env) {
    let w49 = week_json(env, "2026-W49");
    assert_eq!(texts(&w49["actions"]["done"]), ["Freeze two open reqs"]);
    assert_eq!(w49["actions"]["done"][0]["done_on"], "2026-12-01");
    // At the end of week 49 (12-06), Alice's last meeting (11-24) is 12 days old with a
    // 7-day cadence; Bob's (11-20) is 16 days old with a 14-day cadence.
    let cad: Vec<(&str, i64)> = w49["cadence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["report"].as_str().unwrap(),
                c["days_overdue"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(cad, [("alice", 5), ("bob", 2)]);
}

fn week_53_spans_the_new_year(env: &Env) {
    let w53 = week_json(env, "2026-W53");
    assert_eq!(w53["from"], "2026-12-28");
    assert_eq!(w53["to"], "2027-01-03");
    let dates: Vec<&str> = w53["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2026-12-29", "2027-01-02"]);
    assert_eq!(
        texts(&w53["actions"]["done"]),
        ["Write the January forecast"]
    );
    assert_eq!(w53["actions"]["done"][0]["done_on"], "2027-01-03");
    // Bob's CI item was carried into 2027 and is listed once.
    assert_eq!(
        texts(&w53["actions"]["overdue"]),
        ["Fix the CI", "Draft Q1 plan"]
    );
    assert_eq!(w53["actions"]["overdue"][0]["days_late"], 46);
    assert_eq!(
        w53["actions"]["overdue"][0]["path"],
        "notes/bob/2027-01-02.md"
    );
    assert_eq!(w53["indicators"][0]["delta"], 10);
}

fn the_default_week_is_the_iso_week_of_today_and_commits_once(env: &Env) {
    // The default week is the ISO week of --today: 2027-01-02 is in 2026-W53.
    let a = env
        .cascade_at("2027-01-02")
        .args(["digest", "--commit"])
        .assert()
        .success();
    assert!(
        stdout(&a).starts_with("committed digests/2026-W53.md ("),
        "{}",
        stdout(&a)
    );
    assert!(
        env.read("digests/2026-W53.md")
            .starts_with("# Cascade digest 2026-W53\n")
    );
    let log = env
        .git(&env.work())
        .args(["log", "-1", "--format=%B", "--name-only"])
        .output()
        .unwrap();
    let log = String::from_utf8(log.stdout).unwrap();
    assert_eq!(
        log,
        "Digest 2026-W53\n\nWeek: 2026-W53\n\n\ndigests/2026-W53.md\n"
    );
    let trailer = env
        .git(&env.work())
        .args(["log", "-1", "--format=%(trailers:key=Week,valueonly)"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(trailer.stdout).unwrap().trim(),
        "2026-W53"
    );
    // Again: nothing changed, nothing committed.
    let a = env
        .cascade_at("2027-01-02")
        .args(["digest", "--commit"])
        .assert()
        .success();
    assert_eq!(
        stdout(&a),
        "digests/2026-W53.md is up to date; nothing to commit\n"
    );
}

/// Row 41, and other bad ranges.
#[test]
fn weeks_that_do_not_exist_are_refused() {
    let env = Env::new();
    env.notebook();
    let a = env
        .cascade()
        .args(["digest", "--week", "2027-W53"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("2027 has 52 ISO weeks"),
        "{}",
        stderr(&a)
    );
    let a = env
        .cascade()
        .args(["digest", "--week", "2025-W53"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("2025 has 52 ISO weeks"));
    let a = env
        .cascade()
        .args(["digest", "--from", "2026-11-30", "--to", "2026-11-23"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("--to 2026-11-23 is before --from 2026-11-30"));
    let a = env
        .cascade()
        .args([
            "digest",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-25",
            "--commit",
        ])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("--commit needs one whole ISO week"));
    assert!(!env.work().join("digests").exists());
}

/// The privacy guarantee: canaries planted in `## Private` sections and in whole private notes
/// reach no output, in any format, nor a template that prints everything it is given.
/// Row 37 of shared/hostile-inputs.md.
#[test]
fn private_text_never_reaches_a_digest() {
    let env = Env::new();
    env.notebook();
    env.commit_all("Notebook", "2026-11-01T09:00:00+00:00");
    let mut canaries = Vec::new();
    for (i, day) in [
        "2026-11-16",
        "2026-11-17",
        "2026-11-18",
        "2026-11-19",
        "2026-11-23",
        "2026-11-24",
        "2026-11-25",
        "2026-11-26",
    ]
    .iter()
    .enumerate()
    {
        let c = format!("CANARY{i:02}");
        canaries.push(c.clone());
        let report = if i % 2 == 0 { "alice" } else { "bob" };
        let body = format!(
            "## Conclusions\n- Public conclusion {i}. share:sales\n\n## Cascading actions\n- [ ] Public action {i} @{report} due:2026-11-20\n\n## Private\n{c} private paragraph.\n- {c} conclusion-looking bullet share:sales\n- [ ] {c} action-looking item @{report} due:2026-11-20\n### {c} subheading\n- [x] {c} done-looking item\n"
        );
        env.write(
            &format!("notes/{report}/{day}.md"),
            note(
                day,
                report,
                "share_with: [sales]\nindicators:\n  orders: 10\n",
                &body,
            ),
        );
        let p = format!("{c}P");
        canaries.push(p.clone());
        let private = format!(
            "## Conclusions\n- {p} secret conclusion share:sales\n\n## Cascading actions\n- [ ] {p} secret action @{report} due:2026-11-20\n- [x] {p} secret done @{report}\n"
        );
        env.write(
            &format!("notes/{report}/{day}-private.md"),
            format!("---\ndate: {day}\nreport: {report}\nsupervisor: dana\nprivate: true\nshare_with: [{p}]\nindicators:\n  {p}: 99\n---\n{private}"),
        );
    }
    env.commit_all("notes", "2026-11-26T10:00:00+00:00");
    // Tick the private items in history too.
    for day in ["2026-11-23", "2026-11-24"] {
        let report = if day == "2026-11-23" { "alice" } else { "bob" };
        let rel = format!("notes/{report}/{day}-private.md");
        tick(&env, &rel, "secret action");
    }
    env.commit_all("ticks", "2026-11-27T10:00:00+00:00");
    let everything = "{{ version }}{{ week }}{{ from }}{{ to }}{{ as_of }}{{ meetings }}{{ private_meetings }}{{ hours_invested }}{{ leverage }}{{ conclusions }}{{ actions }}{{ indicators }}{{ cadence }}{{ done_dates_from }}{{ warnings }}{{ by_audience }}{{ title }}{{ supervisor }}\n";
    let mut outputs = Vec::new();
    for week in ["2026-W47", "2026-W48"] {
        for format in ["md", "json", "html"] {
            let a = env
                .cascade_at("2026-12-01")
                .args(["digest", "--week", week, "--format", format])
                .assert()
                .success();
            outputs.push((format!("{week} {format}"), stdout(&a) + &stderr(&a)));
        }
    }
    env.write("templates/digest.md.j2", everything);
    let a = env
        .cascade_at("2026-12-01")
        .args(["digest", "--week", "2026-W48"])
        .assert()
        .success();
    let all = stdout(&a);
    assert!(all.contains("Public conclusion 5"), "{all}");
    assert!(all.contains("Public action 5"));
    outputs.push(("whole context".into(), all));
    for (what, out) in &outputs {
        for c in &canaries {
            assert!(!out.contains(c.as_str()), "{c} leaked into {what}:\n{out}");
        }
    }
    // Private meetings are counted, nothing more.
    let j = json_of(
        &env.cascade_at("2026-12-01")
            .args(["digest", "--week", "2026-W48", "--format", "json"])
            .assert()
            .success(),
    );
    assert_eq!(j["private_meetings"], 4);
    assert_eq!(j["meetings"].as_array().unwrap().len(), 4);
    assert!(
        j["meetings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| !m["path"].as_str().unwrap().contains("private"))
    );
}

/// A note dated later in the current week is an agenda: the digest made today counts it as no
/// meeting, no hours and no conclusion, as `status` does; the week's digest made after it does.
#[test]
fn an_agenda_later_in_the_week_is_no_meeting_of_todays_digest() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-23.md",
        note(
            "2026-11-23",
            "alice",
            "",
            "## Conclusions\n- Held on Monday. share:sales\n",
        ),
    );
    env.write(
        "notes/alice/2026-11-27.md",
        note(
            "2026-11-27",
            "alice",
            "",
            "## Conclusions\n- Planned for Friday. share:sales\n",
        ),
    );
    env.commit_all("notes", "2026-11-23T10:00:00+00:00");
    let j = json_of(
        &env.cascade()
            .args(["digest", "--format", "json"])
            .assert()
            .success(),
    );
    assert_eq!(j["as_of"], "2026-11-24");
    assert_eq!(j["meetings"].as_array().unwrap().len(), 1);
    assert_eq!(j["hours_invested"], 1);
    assert_eq!(texts(&j["conclusions"]), ["Held on Monday."]);
    let j = json_of(
        &env.cascade_at("2026-11-30")
            .args(["digest", "--week", "2026-W48", "--format", "json"])
            .assert()
            .success(),
    );
    assert_eq!(j["meetings"].as_array().unwrap().len(), 2);
    assert_eq!(
        texts(&j["conclusions"]),
        ["Held on Monday.", "Planned for Friday."]
    );
}
