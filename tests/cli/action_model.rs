//! The action model seen from every view: one action per line carried, reworded, ticked,
//! dropped or deleted in any note, public or private, with its state and the day it closed
//! the same in `actions`, `status`, `new`'s carry-over and the digest. Each test is a case of
//! what once went wrong, on a notebook built here with commits dated on chosen days; today is
//! 2026-11-24, a Tuesday of 2026-W48.

use serde_json::Value;

use crate::common::*;
use crate::workflow::{body, json_of, note};

/// Alice's first note, written in 2026-W45.
const FIRST: &str = "notes/alice/2026-11-02.md";

/// Alice's note of `day` with `actions` under *Cascading actions*, shared with sales, plus
/// `extra` front matter lines.
fn write_note(env: &Env, day: &str, extra: &str, actions: &str) -> String {
    let rel = format!("notes/alice/{day}.md");
    env.write(
        &rel,
        note(
            day,
            "alice",
            &format!("duration_min: 30\nshare_with: [sales]\n{extra}"),
            &body("- Prices hold until January.\n", actions),
        ),
    );
    rel
}

/// `cascade new alice --date day`, as a supervisor scaffolds the next meeting: the note made.
fn new_note(env: &Env, day: &str) -> String {
    env.cascade()
        .args(["new", "alice", "--date", day])
        .assert()
        .code(0);
    format!("notes/alice/{day}.md")
}

/// The action lines of a note, as written.
fn action_lines(env: &Env, rel: &str) -> Vec<String> {
    env.read(rel)
        .lines()
        .filter(|l| l.starts_with("- ["))
        .map(str::to_owned)
        .collect()
}

/// What `new` would carry into alice's note of `day`: the note is made, read, then removed.
fn carried(env: &Env, day: &str) -> Vec<String> {
    let rel = new_note(env, day);
    let lines = action_lines(env, &rel);
    std::fs::remove_file(env.work().join(&rel)).unwrap();
    lines
}

/// Replace the one line of `rel` that starts with `from` (a state marker and the first
/// words) by `to`, keeping the rest of the line.
fn rewrite(env: &Env, rel: &str, from: &str, to: &str) {
    let text = env.read(rel);
    assert_eq!(text.matches(from).count(), 1, "{from:?} in {rel}:\n{text}");
    env.write(rel, text.replace(from, to));
}

/// Remove the one line of `rel` that contains `words`.
fn delete_line(env: &Env, rel: &str, words: &str) {
    let text = env.read(rel);
    let kept: Vec<&str> = text.lines().filter(|l| !l.contains(words)).collect();
    assert_eq!(kept.len() + 1, text.lines().count(), "{words:?} in {rel}");
    env.write(rel, kept.join("\n") + "\n");
}

/// `actions <which> --format json`: its actions.
fn actions(env: &Env, which: &str) -> Vec<Value> {
    let a = env
        .cascade()
        .args(["actions", which, "--format", "json"])
        .assert()
        .code(0);
    json_of(&a)["actions"].as_array().unwrap().clone()
}

/// The one action of `actions --all` whose text is `text`.
fn action(env: &Env, text: &str) -> Value {
    let all = actions(env, "--all");
    let found: Vec<&Value> = all.iter().filter(|a| a["text"] == text).collect();
    assert_eq!(found.len(), 1, "one action {text:?} in {all:#?}");
    found[0].clone()
}

/// Alice's row of `status --format json`.
fn status(env: &Env) -> Value {
    let a = env
        .cascade()
        .args(["status", "--format", "json"])
        .assert()
        .code(0);
    json_of(&a)["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["report"] == "alice")
        .unwrap()
        .clone()
}

/// The digest of `week` in `format` (md, json or html), as printed.
fn digest_text(env: &Env, week: &str, format: &str) -> String {
    let a = env
        .cascade()
        .args(["digest", "--week", week, "--format", format])
        .assert()
        .code(0);
    stdout(&a)
}

fn digest(env: &Env, week: &str) -> Value {
    serde_json::from_str(&digest_text(env, week, "json")).unwrap()
}

/// The texts of one list of a digest's actions (`done`, `dropped`, `opened`, `open`,
/// `overdue`).
fn listed(d: &Value, list: &str) -> Vec<String> {
    d["actions"][list]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["text"].as_str().unwrap().to_owned())
        .collect()
}

/// The one entry of a digest's list.
fn only<'a>(d: &'a Value, list: &str) -> &'a Value {
    let v = d["actions"][list].as_array().unwrap();
    assert_eq!(v.len(), 1, "{list}: {v:#?}");
    &v[0]
}

/// Nothing the views ran changed the work tree or the index.
fn assert_clean(env: &Env) {
    let o = env
        .git(&env.work())
        .args(["status", "--porcelain"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stdout), "");
}

/// The line of `rel` holding `words`, as `path:line`.
fn at(env: &Env, rel: &str, words: &str) -> String {
    let n = env
        .read(rel)
        .lines()
        .position(|l| l.contains(words))
        .unwrap();
    format!("{rel}:{}", n + 1)
}

#[test]
fn a_tick_in_an_older_note_after_a_carry_is_done_on_the_day_of_its_commit() {
    let env = Env::new();
    env.notebook();
    write_note(
        &env,
        "2026-11-02",
        "",
        "- [ ] Send the pricing deck @alice due:2026-11-06\n",
    );
    env.commit_all("alice 2026-11-02", "2026-11-02T10:00:00+00:00");
    let newer = new_note(&env, "2026-11-09");
    assert_eq!(
        action_lines(&env, &newer),
        ["- [ ] Send the pricing deck @alice due:2026-11-06 (from 2026-11-02)"]
    );
    env.commit_all("alice 2026-11-09", "2026-11-09T10:00:00+00:00");
    // Two days after the carry, the tick goes into the note where the action was born.
    rewrite(&env, FIRST, "- [ ] Send the", "- [x] Send the");
    env.commit_all("tick", "2026-11-11T10:00:00+00:00");
    let stale = at(&env, &newer, "pricing deck");

    let a = action(&env, "Send the pricing deck");
    assert_eq!(a["state"], "done");
    assert_eq!(a["closed_on"], "2026-11-11");
    assert_eq!(a["days_late"], Value::Null);
    assert_eq!(a["stale"], serde_json::json!([stale]));
    assert!(actions(&env, "--overdue").is_empty());
    let s = status(&env);
    assert_eq!(
        (s["open_actions"].as_u64(), s["overdue_actions"].as_u64()),
        (Some(0), Some(0))
    );

    let w46 = digest(&env, "2026-W46");
    assert_eq!(only(&w46, "done")["done_on"], "2026-11-11");
    assert_eq!(listed(&w46, "done"), ["Send the pricing deck"]);
    assert!(listed(&w46, "overdue").is_empty() && listed(&w46, "open").is_empty());
    assert!(
        digest_text(&env, "2026-W46", "md")
            .contains("- [x] Send the pricing deck (@alice) → sales — done 2026-11-11")
    );
    // The week after the tick: neither late nor done again.
    let w47 = digest(&env, "2026-W47");
    for list in ["done", "overdue", "open", "opened", "dropped"] {
        assert!(listed(&w47, list).is_empty(), "{list}: {w47:#?}");
    }
    assert!(!digest_text(&env, "2026-W47", "md").contains("pricing deck"));
    assert!(carried(&env, "2026-11-16").is_empty());
    assert_clean(&env);

    // A week later the newer copy is ticked too: still done on the 11th, and only in W46.
    rewrite(&env, &newer, "- [ ] Send the", "- [x] Send the");
    env.commit_all("tick the copy", "2026-11-18T10:00:00+00:00");
    let a = action(&env, "Send the pricing deck");
    assert_eq!(
        (&a["state"], &a["closed_on"]),
        (&"done".into(), &"2026-11-11".into())
    );
    assert_eq!(a["stale"], serde_json::json!([]));
    assert!(listed(&digest(&env, "2026-W47"), "done").is_empty());
    assert_eq!(
        only(&digest(&env, "2026-W46"), "done")["done_on"],
        "2026-11-11"
    );
    assert_clean(&env);
}

#[test]
fn a_tick_in_a_private_note_counts_everywhere_and_its_text_reaches_no_digest() {
    let env = Env::new();
    env.notebook();
    write_note(
        &env,
        "2026-11-02",
        "",
        "- [ ] Renew the Acme contract @alice due:2026-11-06\n",
    );
    env.commit_all("alice 2026-11-02", "2026-11-02T10:00:00+00:00");
    // The next meeting was private: the action was carried into it, beside one of its own.
    let private = "notes/alice/2026-11-09.md";
    env.write(
        private,
        note(
            "2026-11-09",
            "alice",
            "duration_min: 30\nprivate: true\n",
            &body(
                "- CANARY-CONCLUSION moving teams.\n",
                "- [ ] Renew the Acme contract @alice due:2026-11-06 (from 2026-11-02)\n- [ ] CANARY-ACTION ask about leave @dana due:2026-11-12\n",
            ),
        ),
    );
    env.commit_all("alice 2026-11-09", "2026-11-09T10:00:00+00:00");
    rewrite(&env, private, "- [ ] Renew the", "- [x] Renew the");
    env.commit_all("tick", "2026-11-10T10:00:00+00:00");

    let a = action(&env, "Renew the Acme contract");
    assert_eq!(
        (&a["state"], &a["closed_on"]),
        (&"done".into(), &"2026-11-10".into())
    );
    assert_eq!(a["private"], false);
    // The private note's own action is listed, without its text.
    let all = actions(&env, "--all");
    assert_eq!(all.len(), 2);
    let own = all.iter().find(|a| a["private"] == true).unwrap();
    assert_eq!(
        (&own["text"], &own["state"]),
        (&Value::Null, &"open".into())
    );
    let json = stdout(
        &env.cascade()
            .args(["actions", "--all", "--format", "json"])
            .assert()
            .code(0),
    );
    assert!(!json.contains("CANARY"), "{json}");
    // Only the private action is open, and late.
    let s = status(&env);
    assert_eq!(
        (s["open_actions"].as_u64(), s["overdue_actions"].as_u64()),
        (Some(1), Some(1))
    );

    let w46 = digest(&env, "2026-W46");
    assert_eq!(listed(&w46, "done"), ["Renew the Acme contract"]);
    assert_eq!(only(&w46, "done")["done_on"], "2026-11-10");
    assert!(listed(&w46, "overdue").is_empty(), "{w46:#?}");
    assert_eq!(w46["private_meetings"], 1);
    // Late in W45, as it was then; never again after the tick.
    assert_eq!(
        listed(&digest(&env, "2026-W45"), "overdue"),
        ["Renew the Acme contract"]
    );
    assert!(listed(&digest(&env, "2026-W47"), "overdue").is_empty());
    for week in ["2026-W45", "2026-W46", "2026-W47"] {
        for format in ["md", "json", "html"] {
            let text = digest_text(&env, week, format);
            assert!(!text.contains("CANARY"), "{week} {format}: {text}");
        }
    }
    assert!(
        digest_text(&env, "2026-W46", "md")
            .contains("- [x] Renew the Acme contract (@alice) → sales — done 2026-11-10")
    );
    // `new` carries the private note's open action (into a private note), not the done one.
    let next = new_note(&env, "2026-11-16");
    assert_eq!(
        action_lines(&env, &next),
        ["- [ ] CANARY-ACTION ask about leave @dana due:2026-11-12 (from 2026-11-09)"]
    );
    assert!(env.read(&next).contains("private: true"));
    std::fs::remove_file(env.work().join(&next)).unwrap();
    assert_clean(&env);
}

#[test]
fn a_carried_line_deleted_from_the_newer_note_stays_open_is_carried_again_and_closes_where_ticked()
{
    let env = Env::new();
    env.notebook();
    write_note(
        &env,
        "2026-11-02",
        "",
        "- [ ] Call the supplier about delays @alice due:2026-11-06\n",
    );
    env.commit_all("alice 2026-11-02", "2026-11-02T10:00:00+00:00");
    let newer = new_note(&env, "2026-11-09");
    env.commit_all("alice 2026-11-09", "2026-11-09T10:00:00+00:00");
    delete_line(&env, &newer, "Call the supplier");
    env.commit_all("not this week", "2026-11-10T10:00:00+00:00");

    // Nobody closed it: one open action, late, written last in the first note.
    let a = action(&env, "Call the supplier about delays");
    assert_eq!((&a["state"], &a["days_late"]), (&"open".into(), &18.into()));
    assert_eq!(
        format!("{}:{}", a["path"].as_str().unwrap(), a["line"]),
        at(&env, FIRST, "Call the supplier")
    );
    let overdue = actions(&env, "--overdue");
    assert_eq!(overdue.len(), 1);
    let s = status(&env);
    assert_eq!(
        (s["open_actions"].as_u64(), s["overdue_actions"].as_u64()),
        (Some(1), Some(1))
    );
    let w46 = digest(&env, "2026-W46");
    assert_eq!(listed(&w46, "overdue"), ["Call the supplier about delays"]);
    assert_eq!(only(&w46, "overdue")["days_late"], 9);
    assert_eq!(
        carried(&env, "2026-11-16"),
        ["- [ ] Call the supplier about delays @alice due:2026-11-06 (from 2026-11-02)"]
    );
    assert_clean(&env);

    // Ticked where it is still written: done that day, late no more, carried no more.
    rewrite(&env, FIRST, "- [ ] Call the", "- [x] Call the");
    env.commit_all("tick", "2026-11-17T10:00:00+00:00");
    let a = action(&env, "Call the supplier about delays");
    assert_eq!(
        (&a["state"], &a["closed_on"]),
        (&"done".into(), &"2026-11-17".into())
    );
    assert!(actions(&env, "--overdue").is_empty());
    let s = status(&env);
    assert_eq!(
        (s["open_actions"].as_u64(), s["overdue_actions"].as_u64()),
        (Some(0), Some(0))
    );
    let w47 = digest(&env, "2026-W47");
    assert_eq!(listed(&w47, "done"), ["Call the supplier about delays"]);
    assert_eq!(only(&w47, "done")["done_on"], "2026-11-17");
    assert!(listed(&w47, "overdue").is_empty() && listed(&w47, "open").is_empty());
    assert!(
        digest_text(&env, "2026-W47", "md")
            .contains("- [x] Call the supplier about delays (@alice) → sales — done 2026-11-17")
    );
    // Still late in the week before the tick, as it was.
    assert_eq!(
        listed(&digest(&env, "2026-W46"), "overdue"),
        ["Call the supplier about delays"]
    );
    assert!(carried(&env, "2026-11-23").is_empty());
    assert_clean(&env);
}

#[test]
fn a_carried_line_reworded_in_the_newer_note_stays_one_action() {
    let env = Env::new();
    env.notebook();
    write_note(
        &env,
        "2026-11-02",
        "",
        "- [ ] Draft the Q1 hiring plan @alice due:2026-11-27\n",
    );
    env.commit_all("alice 2026-11-02", "2026-11-02T10:00:00+00:00");
    let newer = new_note(&env, "2026-11-09");
    env.commit_all("alice 2026-11-09", "2026-11-09T10:00:00+00:00");
    rewrite(
        &env,
        &newer,
        "- [ ] Draft the Q1 hiring plan @alice",
        "- [ ] Finish the Q1 hiring plan with finance @alice",
    );
    env.commit_all("reword", "2026-11-10T10:00:00+00:00");

    let all = actions(&env, "--all");
    assert_eq!(all.len(), 1, "{all:#?}");
    let a = &all[0];
    assert_eq!(a["text"], "Finish the Q1 hiring plan with finance");
    assert_eq!(
        (&a["state"], &a["from"]),
        (&"open".into(), &"2026-11-02".into())
    );
    assert_eq!(
        format!("{}:{}", a["path"].as_str().unwrap(), a["line"]),
        at(&env, &newer, "Finish the Q1")
    );
    assert_eq!(status(&env)["open_actions"], 1);
    // Each week's digest shows it once, as worded that week.
    assert_eq!(
        listed(&digest(&env, "2026-W45"), "open"),
        ["Draft the Q1 hiring plan"]
    );
    let w46 = digest(&env, "2026-W46");
    assert_eq!(
        listed(&w46, "open"),
        ["Finish the Q1 hiring plan with finance"]
    );
    assert!(!digest_text(&env, "2026-W46", "md").contains("Draft the Q1"));
    assert_eq!(
        carried(&env, "2026-11-16"),
        ["- [ ] Finish the Q1 hiring plan with finance @alice due:2026-11-27 (from 2026-11-02)"]
    );
    assert_clean(&env);

    // Ticked under its new words: the old wording is not left open beside it.
    rewrite(&env, &newer, "- [ ] Finish", "- [x] Finish");
    env.commit_all("tick", "2026-11-18T10:00:00+00:00");
    let all = actions(&env, "--all");
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(
        (&all[0]["state"], &all[0]["closed_on"]),
        (&"done".into(), &"2026-11-18".into())
    );
    assert_eq!(status(&env)["open_actions"], 0);
    let w47 = digest(&env, "2026-W47");
    assert_eq!(
        listed(&w47, "done"),
        ["Finish the Q1 hiring plan with finance"]
    );
    assert_eq!(only(&w47, "done")["done_on"], "2026-11-18");
    assert!(listed(&w47, "open").is_empty() && listed(&w47, "overdue").is_empty());
    assert!(!digest_text(&env, "2026-W47", "md").contains("Draft the Q1"));
    assert!(carried(&env, "2026-11-23").is_empty());
    assert_clean(&env);
}

#[test]
fn share_on_an_action_is_its_audience_in_every_digest_format() {
    let env = Env::new();
    env.notebook();
    write_note(
        &env,
        "2026-11-16",
        "",
        "- [ ] Publish the price list @alice due:2026-11-30 share:finance\n- [ ] Update the CRM @alice due:2026-11-30\n",
    );
    env.commit_all("alice 2026-11-16", "2026-11-16T10:00:00+00:00");

    let audience = |v: &Value, text: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|a| a["text"] == text)
            .map(|a| a["audience"].clone())
    };
    let all = Value::Array(actions(&env, "--all"));
    assert_eq!(
        audience(&all, "Publish the price list"),
        Some(serde_json::json!(["finance"]))
    );
    assert_eq!(
        audience(&all, "Update the CRM"),
        Some(serde_json::json!(["sales"]))
    );
    let w47 = digest(&env, "2026-W47");
    for list in ["opened", "open"] {
        let l = &w47["actions"][list];
        assert_eq!(
            audience(l, "Publish the price list"),
            Some(serde_json::json!(["finance"]))
        );
        assert_eq!(
            audience(l, "Update the CRM"),
            Some(serde_json::json!(["sales"]))
        );
    }
    let md = digest_text(&env, "2026-W47", "md");
    assert!(
        md.contains("- [ ] Publish the price list (@alice) → finance — due 2026-11-30"),
        "{md}"
    );
    assert!(
        md.contains("- [ ] Update the CRM (@alice) → sales — due 2026-11-30"),
        "{md}"
    );
    assert!(!md.contains("share:"), "{md}");
    let html = digest_text(&env, "2026-W47", "html");
    assert!(
        html.contains(
            "Publish the price list <span class=\"owner\">@alice</span> <span class=\"where\">→ finance</span>"
        ),
        "{html}"
    );
    assert!(!html.contains("share:"), "{html}");
    assert_clean(&env);
}

#[test]
fn an_alias_owner_is_shown_as_its_person_everywhere() {
    let env = Env::new();
    env.notebook();
    let config = env.read("cascade.toml");
    env.write(
        "cascade.toml",
        format!("{config}\n[people.devendra]\nname = \"Devendra Rao\"\naliases = [\"dev\"]\n"),
    );
    write_note(
        &env,
        "2026-11-16",
        "",
        "- [ ] Book the offsite venue @dev due:2026-11-20\n",
    );
    env.commit_all("alice 2026-11-16", "2026-11-16T10:00:00+00:00");

    let a = action(&env, "Book the offsite venue");
    assert_eq!(a["owner"], "devendra");
    assert_eq!(a["owners"], serde_json::json!(["devendra"]));
    let by_alias = stdout(
        &env.cascade()
            .args(["actions", "--owner", "dev", "--format", "json"])
            .assert()
            .code(0),
    );
    assert!(by_alias.contains("\"owner\": \"devendra\""), "{by_alias}");
    let table = stdout(&env.cascade().args(["actions"]).assert().code(0));
    assert!(table.contains("devendra"), "{table}");
    assert!(
        !table.split_whitespace().any(|w| w == "dev" || w == "@dev"),
        "{table}"
    );
    let w47 = digest(&env, "2026-W47");
    for list in ["opened", "open", "overdue"] {
        assert_eq!(
            only(&w47, list)["owners"],
            serde_json::json!(["devendra"]),
            "{list}"
        );
    }
    let md = digest_text(&env, "2026-W47", "md");
    assert!(
        md.contains(
            "- [ ] Book the offsite venue (@devendra) → sales — due 2026-11-20, **2 days late**"
        ),
        "{md}"
    );
    assert!(!md.contains("@dev)") && !md.contains("@dev,"), "{md}");
    let html = digest_text(&env, "2026-W47", "html");
    assert!(
        html.contains("<span class=\"owner\">@devendra</span>"),
        "{html}"
    );
    assert!(!html.contains("@dev<"), "{html}");
    assert_clean(&env);
}

#[test]
fn a_dropped_action_is_in_every_digest_and_actions_dropped_gives_its_day() {
    let env = Env::new();
    env.notebook();
    write_note(
        &env,
        "2026-11-02",
        "",
        "- [ ] Revisit the price list @alice due:2026-11-13\n",
    );
    env.commit_all("alice 2026-11-02", "2026-11-02T10:00:00+00:00");
    let newer = new_note(&env, "2026-11-09");
    env.commit_all("alice 2026-11-09", "2026-11-09T10:00:00+00:00");
    rewrite(&env, &newer, "- [ ] Revisit", "- [-] Revisit");
    env.commit_all("drop", "2026-11-18T10:00:00+00:00");

    let dropped = actions(&env, "--dropped");
    assert_eq!(dropped.len(), 1);
    let a = &dropped[0];
    assert_eq!(
        (&a["text"], &a["state"]),
        (&"Revisit the price list".into(), &"dropped".into())
    );
    assert_eq!(a["closed_on"], "2026-11-18");
    assert_eq!(a["commit"].as_str().map(str::len), Some(40));
    let table = stdout(
        &env.cascade()
            .args(["actions", "--dropped"])
            .assert()
            .code(0),
    );
    let row = table
        .lines()
        .find(|l| l.contains("Revisit the price list"))
        .unwrap();
    assert!(row.contains("2026-11-18"), "{table}");
    let s = status(&env);
    assert_eq!(
        (s["open_actions"].as_u64(), s["overdue_actions"].as_u64()),
        (Some(0), Some(0))
    );

    let w47 = digest(&env, "2026-W47");
    assert_eq!(listed(&w47, "dropped"), ["Revisit the price list"]);
    assert_eq!(only(&w47, "dropped")["dropped_on"], "2026-11-18");
    for list in ["done", "overdue", "open"] {
        assert!(listed(&w47, list).is_empty(), "{list}: {w47:#?}");
    }
    let md = digest_text(&env, "2026-W47", "md");
    assert!(md.contains("### Dropped this week (1)"), "{md}");
    assert!(
        md.contains("- [-] Revisit the price list (@alice) → sales — dropped 2026-11-18"),
        "{md}"
    );
    let html = digest_text(&env, "2026-W47", "html");
    assert!(html.contains("<h3>Dropped this week (1)</h3>"), "{html}");
    assert!(html.contains("Revisit the price list"), "{html}");
    assert!(html.contains("dropped 2026-11-18"), "{html}");
    // The week before, it was open and late; it was not dropped then.
    let w46 = digest(&env, "2026-W46");
    assert!(listed(&w46, "dropped").is_empty());
    assert_eq!(listed(&w46, "overdue"), ["Revisit the price list"]);
    assert!(carried(&env, "2026-11-23").is_empty());
    assert_clean(&env);
}

#[test]
fn a_tick_committed_with_the_carry_keeps_its_day_when_an_older_copy_is_ticked_later() {
    let env = Env::new();
    env.notebook();
    write_note(
        &env,
        "2026-11-02",
        "",
        "- [ ] Order the demo kits @alice due:2026-11-20\n",
    );
    env.commit_all("alice 2026-11-02", "2026-11-02T10:00:00+00:00");
    // Two meetings committed at once: the action carried into both, ticked in the newest.
    let second = new_note(&env, "2026-11-09");
    let third = new_note(&env, "2026-11-16");
    rewrite(&env, &third, "- [ ] Order the", "- [x] Order the");
    env.commit_all("two weeks", "2026-11-16T10:00:00+00:00");
    let a = action(&env, "Order the demo kits");
    assert_eq!(
        (&a["state"], &a["closed_on"]),
        (&"done".into(), &"2026-11-16".into())
    );
    // Two days later the stale copy in the first note is ticked too: the day stays.
    rewrite(&env, FIRST, "- [ ] Order the", "- [x] Order the");
    env.commit_all("tick the first", "2026-11-18T10:00:00+00:00");
    let a = action(&env, "Order the demo kits");
    assert_eq!(
        (&a["state"], &a["closed_on"]),
        (&"done".into(), &"2026-11-16".into())
    );
    // The copy in the second note is older than the tick that closed it: nothing to tick.
    assert_eq!(a["stale"], serde_json::json!([]));
    assert!(action_lines(&env, &second)[0].starts_with("- [ ] Order the"));
    let w47 = digest(&env, "2026-W47");
    assert_eq!(listed(&w47, "done"), ["Order the demo kits"]);
    assert_eq!(only(&w47, "done")["done_on"], "2026-11-16");
    assert!(
        digest_text(&env, "2026-W47", "md")
            .contains("- [x] Order the demo kits (@alice) → sales — done 2026-11-16")
    );
    assert_eq!(status(&env)["open_actions"], 0);
    assert!(carried(&env, "2026-11-23").is_empty());
    assert_clean(&env);
}
