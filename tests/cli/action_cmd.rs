//! `cascade action done|drop|reopen|due`: one action changed in the note that holds its newest
//! copy, byte-exact elsewhere, and every view agreeing afterwards.

use serde_json::Value;

use crate::common::*;
use crate::workflow::{body, json_of, note, week};

/// Every note's bytes, by path, to compare before and after.
fn notes(env: &Env) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for report in env.names("notes") {
        for name in env.names(&format!("notes/{report}")) {
            let rel = format!("notes/{report}/{name}");
            out.push((rel.clone(), std::fs::read(env.work().join(&rel)).unwrap()));
        }
    }
    out
}

/// The 1-based line of `rel` holding `needle`.
fn line_of(env: &Env, rel: &str, needle: &str) -> usize {
    env.read(rel)
        .lines()
        .position(|l| l.contains(needle))
        .unwrap()
        + 1
}

/// The action of `actions --all --format json` whose text is `text`.
fn listed(env: &Env, today: &str, text: &str) -> Value {
    let j = json_of(
        &env.cascade_at(today)
            .args(["actions", "--all", "--format", "json"])
            .assert()
            .success(),
    );
    let found: Vec<Value> = j["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["text"] == text)
        .cloned()
        .collect();
    assert_eq!(found.len(), 1, "{j}");
    found[0].clone()
}

fn status_of(env: &Env, today: &str, report: &str) -> Value {
    let j = json_of(
        &env.cascade_at(today)
            .args(["status", "--format", "json"])
            .assert()
            .success(),
    );
    j["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["report"] == report)
        .unwrap()
        .clone()
}

/// The texts of one list of `digest --format json`'s actions.
fn digest_list(env: &Env, today: &str, list: &str) -> Vec<Value> {
    let j = json_of(
        &env.cascade_at(today)
            .args(["digest", "--format", "json"])
            .assert()
            .success(),
    );
    j["actions"][list].as_array().unwrap().clone()
}

#[test]
fn done_on_a_carried_action_ticks_the_newest_copy_and_every_view_agrees() {
    let env = Env::new();
    week(&env);
    let before = notes(&env);
    let newest = "notes/alice/2026-11-24.md";
    let line = line_of(&env, newest, "Draft Q1 plan");
    assert_eq!(status_of(&env, TODAY, "alice")["open_actions"], 2);
    let a = env
        .cascade()
        .args(["action", "done", "draft", "Q1"])
        .assert()
        .code(0);
    assert_eq!(
        stdout(&a),
        format!("done: Draft Q1 plan ({newest}:{line}, was open)\n")
    );
    // Only the marker of that line changed; the older copies stay open, as they were at
    // those meetings.
    let after = notes(&env);
    for ((p, b), (q, c)) in before.iter().zip(&after) {
        assert_eq!(p, q);
        if p == newest {
            let expected = String::from_utf8(b.clone()).unwrap().replace(
                "- [ ] Draft Q1 plan @alice due:2026-11-20 (from 2026-11-10)",
                "- [x] Draft Q1 plan @alice due:2026-11-20 (from 2026-11-10)",
            );
            assert_eq!(String::from_utf8(c.clone()).unwrap(), expected);
        } else {
            assert_eq!(b, c, "{p} changed");
        }
    }
    // Not committed: done today, in every view.
    let d = listed(&env, TODAY, "Draft Q1 plan");
    assert_eq!(d["state"], "done");
    assert_eq!(d["closed_on"], "2026-11-24");
    assert_eq!(d["commit"], Value::Null);
    assert_eq!(d["path"], newest);
    assert_eq!(d["line"], line);
    assert_eq!(d["stale"], Value::Array(vec![]));
    let s = status_of(&env, TODAY, "alice");
    assert_eq!(s["open_actions"], 1);
    assert_eq!(s["overdue_actions"], 0);
    let done = digest_list(&env, TODAY, "done");
    let draft: Vec<&Value> = done
        .iter()
        .filter(|a| a["text"] == "Draft Q1 plan")
        .collect();
    assert_eq!(draft.len(), 1, "{done:?}");
    assert_eq!(draft[0]["done_on"], "2026-11-24");
    assert!(
        digest_list(&env, TODAY, "overdue")
            .iter()
            .all(|a| a["text"] != "Draft Q1 plan")
    );
    // Committed the next day: done that day, by that commit.
    env.commit_all("tick", "2026-11-25T10:00:00+00:00");
    let head = String::from_utf8(
        env.git(&env.work())
            .args(["rev-parse", "HEAD"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let d = listed(&env, "2026-11-26", "Draft Q1 plan");
    assert_eq!(d["closed_on"], "2026-11-25");
    assert_eq!(d["commit"], head.trim());
    let done = digest_list(&env, "2026-11-26", "done");
    let draft = done.iter().find(|a| a["text"] == "Draft Q1 plan").unwrap();
    assert_eq!(draft["done_on"], "2026-11-25");
    assert_eq!(status_of(&env, "2026-11-26", "alice")["open_actions"], 1);
    // Done again: it says so and writes nothing.
    let again = notes(&env);
    let a = env
        .cascade_at("2026-11-26")
        .args(["action", "done", "draft", "q1", "--format", "json"])
        .assert()
        .code(0);
    let j: Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(j["version"], 1);
    assert_eq!(j["changed"], false);
    assert_eq!(j["old_state"], "done");
    assert_eq!(j["new_state"], "done");
    assert_eq!(notes(&env), again);
    let a = env
        .cascade_at("2026-11-26")
        .args(["action", "done", "draft", "q1"])
        .assert()
        .code(0);
    assert_eq!(
        stdout(&a),
        format!("already done: Draft Q1 plan ({newest}:{line}); nothing was written\n")
    );
}

#[test]
fn drop_reopen_and_due_change_only_that_line_and_the_views_follow() {
    let env = Env::new();
    week(&env);
    let newest = "notes/alice/2026-11-24.md";
    let line = line_of(&env, newest, "Freeze two open reqs");
    let original = env.read(newest);
    let with = |from: &str, to: &str| original.replace(from, to);
    let freeze = "- [ ] Freeze two open reqs @alice due:2026-12-04";

    let a = env
        .cascade()
        .args(["action", "drop", "freeze", "--format", "json"])
        .assert()
        .code(0);
    let j: Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(j["command"], "drop");
    assert_eq!(j["changed"], true);
    assert_eq!(j["path"], newest);
    assert_eq!(j["line"], line);
    assert_eq!(j["old_state"], "open");
    assert_eq!(j["new_state"], "dropped");
    assert_eq!(j["text"], "Freeze two open reqs");
    assert_eq!(
        env.read(newest),
        with(freeze, "- [-] Freeze two open reqs @alice due:2026-12-04")
    );
    assert_eq!(
        listed(&env, TODAY, "Freeze two open reqs")["state"],
        "dropped"
    );
    assert!(
        digest_list(&env, TODAY, "dropped")
            .iter()
            .any(|a| a["text"] == "Freeze two open reqs")
    );

    let at = format!("{newest}:{line}");
    let a = env
        .cascade()
        .args(["action", "reopen", &at])
        .assert()
        .code(0);
    assert_eq!(
        stdout(&a),
        format!("open: Freeze two open reqs ({at}, was dropped)\n")
    );
    assert_eq!(env.read(newest), original);
    assert_eq!(listed(&env, TODAY, "Freeze two open reqs")["state"], "open");

    let a = env
        .cascade()
        .args(["action", "due", "2026-12-11", "freeze", "--report", "alice"])
        .assert()
        .code(0);
    assert_eq!(
        stdout(&a),
        format!("due 2026-12-11: Freeze two open reqs ({at}, was 2026-12-04)\n")
    );
    assert_eq!(
        env.read(newest),
        with(freeze, "- [ ] Freeze two open reqs @alice due:2026-12-11")
    );
    assert_eq!(
        listed(&env, TODAY, "Freeze two open reqs")["due"],
        "2026-12-11"
    );

    // An impossible date is refused before anything is read or written.
    let now = notes(&env);
    let a = env
        .cascade()
        .args(["action", "due", "2026-02-30", "freeze"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("2026-02-30"), "{}", stderr(&a));
    assert!(stdout(&a).is_empty());
    assert_eq!(notes(&env), now);
}

#[test]
fn a_query_matching_several_actions_lists_each_and_writes_nothing() {
    let env = Env::new();
    week(&env);
    let before = notes(&env);
    let a = env
        .cascade()
        .args(["action", "done", "@alice"])
        .assert()
        .code(2);
    let err = stderr(&a);
    let draft = line_of(&env, "notes/alice/2026-11-24.md", "Draft Q1 plan");
    let freeze = line_of(&env, "notes/alice/2026-11-24.md", "Freeze two open reqs");
    assert!(err.contains("`@alice` matches 2 actions"), "{err}");
    assert!(
        err.contains(&format!(
            "notes/alice/2026-11-24.md:{draft}  open  Draft Q1 plan\n"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "notes/alice/2026-11-24.md:{freeze}  open  Freeze two open reqs\n"
        )),
        "{err}"
    );
    assert!(stdout(&a).is_empty());
    assert_eq!(notes(&env), before);
    // The supervisor's own terminal lists a private note's action too, marked.
    let a = env
        .cascade()
        .args(["action", "drop", "@bob"])
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(err.contains("`@bob` matches 3 actions"), "{err}");
    let canary = line_of(&env, "notes/bob/2026-10-20.md", "CANARY-ACTION");
    assert!(
        err.contains(&format!(
            "notes/bob/2026-10-20.md:{canary}  open  CANARY-ACTION (private)\n"
        )),
        "{err}"
    );
    assert!(err.contains("dropped  Rewrite the deploy script"), "{err}");
    assert_eq!(notes(&env), before);
    // --report narrows; a query that matches nothing names the closest texts.
    env.cascade()
        .args(["action", "drop", "@alice", "freeze", "--report", "alice"])
        .assert()
        .code(0);
    let a = env
        .cascade()
        .args(["action", "done", "call", "the", "bnak"])
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(
        err.contains("no action matches `call the bnak`; nothing was written"),
        "{err}"
    );
    assert!(err.contains("did you mean"), "{err}");
    assert!(err.contains("  done  Call the bank"), "{err}");
    let a = env
        .cascade()
        .args(["action", "done", "fix", "--report", "alice"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("no action matches `fix` in alice's notes"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn a_crlf_note_with_a_bom_stays_byte_exact_but_for_the_marker() {
    let env = Env::new();
    env.notebook();
    let text = note(
        "2026-11-17",
        "alice",
        "duration_min: 30\n",
        &body(
            "- Hold prices.\n",
            "- [ ] Call the bank @dana due:2026-11-25\n- [ ] Draft Q1 plan @alice\n",
        ),
    );
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    let rel = "notes/alice/2026-11-17.md";
    env.write(rel, &crlf);
    env.commit_all("alice", "2026-11-17T17:00:00+00:00");
    env.cascade()
        .args(["action", "done", "bank"])
        .assert()
        .code(0);
    let after = std::fs::read(env.work().join(rel)).unwrap();
    let mut expected = crlf.clone().into_bytes();
    let at = crlf.find("[ ] Call the bank").unwrap();
    expected[at + 1] = b'x';
    assert_eq!(after, expected);
    env.cascade()
        .args(["action", "due", "2026-12-01", "draft"])
        .assert()
        .code(0);
    let after = std::fs::read_to_string(env.work().join(rel)).unwrap();
    assert_eq!(
        after,
        String::from_utf8(expected).unwrap().replace(
            "Draft Q1 plan @alice\r\n",
            "Draft Q1 plan @alice due:2026-12-01\r\n"
        )
    );
    assert_eq!(listed(&env, TODAY, "Call the bank")["state"], "done");
    assert_eq!(listed(&env, TODAY, "Draft Q1 plan")["due"], "2026-12-01");
}

#[test]
fn a_note_saved_between_read_and_write_is_refused_and_keeps_the_editors_bytes() {
    let env = Env::new();
    week(&env);
    let newest = "notes/alice/2026-11-24.md";
    let original = env.read(newest);
    let before = notes(&env);
    let a = env
        .cascade()
        .env("CASCADE_DEBUG_SAVE_BEFORE_WRITE", "- an editor's line\n")
        .args(["action", "done", "freeze"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains(&format!(
            "{newest} changed on disk while cascade was editing it; nothing was written"
        )),
        "{}",
        stderr(&a)
    );
    assert!(stdout(&a).is_empty());
    // The editor's save stands; cascade's tick is not in it.
    assert_eq!(env.read(newest), format!("{original}- an editor's line\n"));
    for ((p, b), (_, c)) in before.iter().zip(&notes(&env)) {
        if p != newest {
            assert_eq!(b, c);
        }
    }
    assert!(env.names("notes/alice").iter().all(|n| !n.starts_with('.')));
}

#[test]
fn a_private_notes_action_changed_in_json_shows_no_text() {
    let env = Env::new();
    week(&env);
    let rel = "notes/bob/2026-10-20.md";
    let original = env.read(rel);
    let a = env
        .cascade()
        .args(["action", "done", "canary", "--format", "json"])
        .assert()
        .code(0);
    let out = stdout(&a);
    let j: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["text"], Value::Null);
    assert_eq!(j["private"], true);
    assert_eq!(j["old_due"], Value::Null);
    assert_eq!(j["path"], rel);
    assert_eq!(j["new_state"], "done");
    assert!(!out.contains("CANARY"), "{out}");
    assert!(!stderr(&a).contains("CANARY"), "{}", stderr(&a));
    assert_eq!(
        env.read(rel),
        original.replace("- [ ] CANARY-ACTION", "- [x] CANARY-ACTION")
    );
    // The terminal is the supervisor's own: the text, marked private.
    let a = env
        .cascade()
        .args(["action", "reopen", "canary"])
        .assert()
        .code(0);
    assert_eq!(
        stdout(&a),
        format!(
            "open: CANARY-ACTION (private) ({rel}:{}, was done)\n",
            line_of(&env, rel, "CANARY-ACTION")
        )
    );
    // And the digest still holds nothing of it.
    let digest = stdout(
        &env.cascade()
            .args(["digest", "--format", "json"])
            .assert()
            .success(),
    );
    assert!(!digest.contains("CANARY"), "{digest}");
}

#[test]
fn done_after_a_tick_in_an_older_note_ticks_the_newest_copy_and_keeps_the_done_day() {
    let env = Env::new();
    env.notebook();
    env.commit_all("Notebook", "2026-11-01T09:00:00+00:00");
    let old = "notes/alice/2026-11-10.md";
    let new = "notes/alice/2026-11-17.md";
    let write = |rel: &str, d: &str, actions: &str| {
        env.write(
            rel,
            note(
                d,
                "alice",
                "duration_min: 30\n",
                &body("- Hold prices.\n", actions),
            ),
        );
    };
    write(old, "2026-11-10", "- [ ] Draft Q1 plan @alice\n");
    env.commit_all("alice 10", "2026-11-10T17:00:00+00:00");
    write(
        new,
        "2026-11-17",
        "- [ ] Draft Q1 plan @alice (from 2026-11-10)\n",
    );
    env.commit_all("alice 17", "2026-11-17T17:00:00+00:00");
    // Ticked in the older note after the newer one carried it.
    write(old, "2026-11-10", "- [x] Draft Q1 plan @alice\n");
    env.commit_all("tick", "2026-11-20T17:00:00+00:00");
    let d = listed(&env, TODAY, "Draft Q1 plan");
    assert_eq!(d["state"], "done");
    assert_eq!(d["closed_on"], "2026-11-20");
    let line = line_of(&env, new, "Draft Q1 plan");
    assert_eq!(d["stale"], serde_json::json!([format!("{new}:{line}")]));
    let old_bytes = env.read(old);
    let a = env
        .cascade()
        .args(["action", "done", "draft"])
        .assert()
        .code(0);
    assert_eq!(
        stdout(&a),
        format!("done: Draft Q1 plan ({new}:{line}, was open)\n")
    );
    assert!(
        env.read(new)
            .contains("- [x] Draft Q1 plan @alice (from 2026-11-10)\n")
    );
    assert_eq!(env.read(old), old_bytes);
    // The newest copy now agrees; the done day is still the day of the first tick.
    let d = listed(&env, TODAY, "Draft Q1 plan");
    assert_eq!(d["state"], "done");
    assert_eq!(d["closed_on"], "2026-11-20");
    assert_eq!(d["stale"], serde_json::json!([]));
    // Undone before committing: the newest copy goes back to its committed text, which the
    // older tick was written after, so that tick is reopened too.
    let a = env
        .cascade()
        .args(["action", "reopen", "draft", "--format", "json"])
        .assert()
        .code(0);
    let j: Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(j["changed"], true);
    assert_eq!(j["path"], new);
    assert_eq!(j["old_state"], "done");
    assert_eq!(j["new_state"], "open");
    let old_line = line_of(&env, old, "Draft Q1 plan");
    assert_eq!(j["also"], serde_json::json!([format!("{old}:{old_line}")]));
    assert!(
        env.read(new)
            .contains("- [ ] Draft Q1 plan @alice (from 2026-11-10)\n")
    );
    assert_eq!(
        env.read(old),
        old_bytes.replace("- [x] Draft Q1 plan", "- [ ] Draft Q1 plan")
    );
    assert_eq!(listed(&env, TODAY, "Draft Q1 plan")["state"], "open");
    assert_eq!(status_of(&env, TODAY, "alice")["open_actions"], 1);
    assert!(
        digest_list(&env, TODAY, "open")
            .iter()
            .any(|a| a["text"] == "Draft Q1 plan")
    );
}

#[test]
fn a_place_typed_from_a_report_folder_names_the_note_there() {
    let env = Env::new();
    week(&env);
    let newest = "notes/alice/2026-11-24.md";
    let line = line_of(&env, newest, "Freeze two open reqs");
    let a = env
        .cascade()
        .args(["-C", "notes/alice", "action", "done"])
        .arg(format!("2026-11-24.md:{line}"))
        .assert()
        .code(0);
    assert_eq!(
        stdout(&a),
        format!("done: Freeze two open reqs ({newest}:{line}, was open)\n")
    );
    assert!(env.read(newest).contains("- [x] Freeze two open reqs"));
    // A line that holds no action names the actions nearest to it.
    let a = env
        .cascade()
        .args(["action", "done"])
        .arg(format!("{newest}:{}", line + 3))
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(
        err.contains(&format!("no action matches `{newest}:{}`", line + 3)),
        "{err}"
    );
    assert!(
        err.contains(&format!("{newest}:{line}  done  Freeze two open reqs")),
        "{err}"
    );
}

#[test]
fn a_read_only_note_is_refused_and_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    week(&env);
    let newest = "notes/alice/2026-11-24.md";
    let path = env.work().join(newest);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = notes(&env);
    let a = env
        .cascade()
        .args(["action", "done", "freeze"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains(&format!("{newest} is read-only; nothing was written")),
        "{}",
        stderr(&a)
    );
    assert!(stdout(&a).is_empty());
    assert_eq!(notes(&env), before);
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o444
    );
    assert!(env.names("notes/alice").iter().all(|n| !n.starts_with('.')));
}
