//! The action index (`<git dir>/cascade/actions.index`): `status` and `actions --open` read
//! each report's live actions from it, and answer exactly what linking every note answers,
//! whatever changed since (a tick in an older note, a note edited with its size and mtime put
//! back, an alias in the config, a note dated after today) and whatever became of the file.

use crate::common::*;

const CANARY: &str = "CANARY-action-index-4b9d";

/// Two reports: alice's actions carried over three meetings (one ticked in the newest note,
/// one dropped, one reworded), a private note of bob's with its own action, and an agenda of
/// alice's dated after today.
fn notebook() -> Env {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-06.md",
        "---\ndate: 2026-11-06\nreport: alice\n---\n## Cascading actions\n\
- [ ] Send the forecast @alice due:2026-11-13\n- [ ] Book the room @al due:2026-11-10\n\
- [ ] Draft the hiring plan @alice\n- [x] Close the old ticket @alice\n",
    );
    env.write(
        "notes/alice/2026-11-13.md",
        "---\ndate: 2026-11-13\nreport: alice\n---\n## Cascading actions\n\
- [ ] Send the forecast @alice due:2026-11-13 (from 2026-11-06)\n\
- [-] Book the room @al (from 2026-11-06)\n\
- [ ] Draft the Q1 hiring plan @alice (from 2026-11-06)\n",
    );
    env.write(
        "notes/alice/2026-11-20.md",
        format!(
            "---\ndate: 2026-11-20\nreport: alice\n---\n## Cascading actions\n\
- [x] Send the forecast @alice due:2026-11-13 (from 2026-11-06)\n\
- [ ] Draft the Q1 hiring plan @alice (from 2026-11-06)\n- [ ] Call finance @al due:2026-11-21\n\
\n## Private\n{CANARY} stays here.\n"
        ),
    );
    env.write(
        "notes/bob/2026-11-18.md",
        "---\ndate: 2026-11-18\nreport: bob\nprivate: true\n---\n## Cascading actions\n- [ ] private thing @bob due:2026-11-19\n",
    );
    env.write(
        "notes/alice/2026-12-04.md",
        "---\ndate: 2026-12-04\nreport: alice\n---\n## Cascading actions\n- [x] Draft the Q1 hiring plan @alice (from 2026-11-06)\n",
    );
    env.commit_all("notes", "2026-11-20T10:00:00+00:00");
    env
}

/// What the views of open actions answer, in JSON and as text.
const VIEWS: [&[&str]; 5] = [
    &["status", "--format", "json"],
    &["status"],
    &["actions", "--format", "json"],
    &["actions"],
    &["actions", "--overdue", "--format", "json"],
];

/// Each view's answer, read as `args` say (`--no-cache`, or from the indexes).
fn answers(env: &Env, first: &[&str]) -> Vec<String> {
    VIEWS
        .iter()
        .map(|v| run_ahead(env, &[first, v].concat()).0)
        .collect()
}

/// The answers linked from every note, and those from the indexes (twice: the run that
/// writes them and the one that reads them) are the same.
fn assert_kept_agrees(env: &Env) -> Vec<String> {
    let linked = answers(env, &["--no-cache"]);
    assert_eq!(answers(env, &[]), linked);
    let (_, err) = run_ahead(env, &["-v", "status"]);
    assert!(
        err.contains("action index: 2 of 2 reports unchanged since linked"),
        "{err}"
    );
    assert_eq!(answers(env, &[]), linked);
    linked
}

fn file(env: &Env) -> std::path::PathBuf {
    cache_file(env, "actions.index")
}

#[test]
fn open_actions_from_the_action_index_are_those_linked_from_every_note() {
    let env = notebook();
    let linked = assert_kept_agrees(&env);
    // The views say what the notes say: the forecast is done, the room dropped, the plan
    // (reworded, ticked only in an agenda after today) and the call open, bob's private
    // action counted for the supervisor.
    assert!(
        linked[2].contains("Draft the Q1 hiring plan"),
        "{}",
        linked[2]
    );
    assert!(linked[2].contains("Call finance"), "{}", linked[2]);
    assert!(!linked[2].contains("Send the forecast"), "{}", linked[2]);
    assert!(!linked[2].contains("Book the room"), "{}", linked[2]);
    assert!(linked[3].contains("private thing"), "{}", linked[3]);
    // Nothing of a `## Private` section is kept, and the file is its owner's only and never
    // shown by git.
    let bytes = std::fs::read(file(&env)).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains(CANARY));
    assert_private_and_unseen_by_git(&env, &file(&env));
}

#[test]
fn a_tick_in_an_older_note_with_size_and_mtime_put_back_is_seen_at_once() {
    let env = notebook();
    let before = assert_kept_agrees(&env);
    // The plan ticked in the oldest note, the same length, its mtime put back: only its ctime
    // says it changed. Only the history can tell which copy was written last: the tick,
    // uncommitted, is newest.
    let path = env.work().join("notes/alice/2026-11-06.md");
    let text = std::fs::read_to_string(&path).unwrap();
    rewrite_keeping_mtime(
        &path,
        &text.replace("- [ ] Draft the hiring", "- [x] Draft the hiring"),
    );
    // Another command reads the note first: the note index holds it as it is now, and only
    // the action index's own check can tell that alice's links are stale.
    let (_, err) = run_ahead(&env, &["-v", "log", "alice"]);
    assert!(err.contains("1 read now"), "{err}");
    let after = assert_kept_agrees(&env);
    assert_ne!(after, before);
    assert!(
        !after[2].contains("Draft the Q1 hiring plan"),
        "{}",
        after[2]
    );
    // Committed, the tick stays.
    env.commit_all("tick", "2026-11-21T10:00:00+00:00");
    assert_eq!(assert_kept_agrees(&env), after);
}

#[test]
fn an_alias_added_to_the_config_is_reflected_at_once() {
    let env = notebook();
    let before = assert_kept_agrees(&env);
    // `@bob` comes to stand for alice's alias's person: the owner shown changes.
    let config = env.read("cascade.toml");
    assert!(config.contains("[people.bob]"), "{config}");
    env.write(
        "cascade.toml",
        config.replace("[people.bob]", "[people.bob]\naliases = [\"al\"]"),
    );
    let after = assert_kept_agrees(&env);
    assert_ne!(after, before);
}

#[test]
fn today_decides_which_notes_count_and_the_kept_links_follow() {
    let env = notebook();
    assert_kept_agrees(&env);
    // On the agenda's day, its tick counts: the plan is done.
    let at = |today: &str, no_cache: bool| -> String {
        let mut c = env.cascade_at(today);
        c.env(CLOCK_AHEAD.0, CLOCK_AHEAD.1);
        if no_cache {
            c.arg("--no-cache");
        }
        stdout(&c.args(["actions", "--format", "json"]).assert().success())
    };
    let later = at("2026-12-05", true);
    assert!(!later.contains("Draft the Q1 hiring plan"), "{later}");
    assert_eq!(at("2026-12-05", false), later);
    assert_eq!(at("2026-12-05", false), later);
    let (now, _) = run_ahead(&env, &["actions", "--format", "json"]);
    assert!(now.contains("Draft the Q1 hiring plan"), "{now}");
}

#[test]
fn an_action_index_damaged_or_unwritable_changes_no_answer() {
    let env = notebook();
    let linked = assert_kept_agrees(&env);
    let len = std::fs::metadata(file(&env)).unwrap().len() as usize;
    // Pseudo-random bytes (xorshift), as long as the file was; then every half of it.
    let noise = noise(len, 0x2545_f491_4f6c_dd1d);
    std::fs::write(file(&env), &noise).unwrap();
    assert_eq!(answers(&env, &[]), linked);
    let whole = std::fs::read(file(&env)).unwrap();
    std::fs::write(file(&env), &whole[..whole.len() / 2]).unwrap();
    assert_eq!(answers(&env, &[]), linked);
    // A folder where the file goes: it cannot be written, and nothing fails.
    std::fs::remove_file(file(&env)).unwrap();
    std::fs::create_dir(file(&env)).unwrap();
    assert_eq!(answers(&env, &[]), linked);
    let (_, err) = run_ahead(&env, &["status"]);
    assert!(err.is_empty(), "without -v nothing is said: {err}");
    let (_, err) = run_ahead(&env, &["-v", "status"]);
    assert!(err.contains("action index not written"), "{err}");
}

#[test]
fn a_note_that_cannot_be_read_is_refused_the_same_and_does_not_stop_the_action_index() {
    let env = notebook();
    env.write(
        "notes/alice/2026-11-21.md",
        b"---\ndate: 2026-11-21\n---\n\xff\xfe broken\n",
    );
    let linked = assert_kept_agrees(&env);
    let (_, uncached) = run_ahead(&env, &["--no-cache", "status"]);
    assert!(
        uncached.contains("notes/alice/2026-11-21.md was skipped"),
        "{uncached}"
    );
    let (_, cached) = run_ahead(&env, &["status"]);
    assert_eq!(cached, uncached);
    let (_, err) = run_ahead(&env, &["-v", "status"]);
    assert!(
        err.contains("note index: 5 of 6 notes unchanged since read, 1 read now"),
        "{err}"
    );
    assert_eq!(answers(&env, &[]), linked);
}
