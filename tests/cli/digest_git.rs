//! `cascade digest` in git situations: a commit's own UTC offset, no repository, empty,
//! detached and bare repositories, shallow clones, renamed notes, another user's repository.

use serde_json::Value;

use crate::common::*;
use crate::digest::{json_of, note, texts, tick};

/// Row 32: the day of a commit is its local day in its own offset.
#[test]
fn commit_day_uses_the_commits_own_offset() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-23.md",
        note("2026-11-23", "alice", "", "## Cascading actions\n- [ ] Before midnight @alice due:2026-12-10\n- [ ] After midnight @alice due:2026-12-10\n"),
    );
    env.commit_all("alice", "2026-11-23T10:00:00-08:00");
    tick(&env, "notes/alice/2026-11-23.md", "Before midnight");
    // Sunday 23:30 in -08:00 is Monday 07:30 UTC: still week 48.
    env.commit_all("one", "2026-11-29T23:30:00-08:00");
    tick(&env, "notes/alice/2026-11-23.md", "After midnight");
    // Monday 00:30 in -08:00: week 49.
    env.commit_all("two", "2026-11-30T00:30:00-08:00");
    let done = |week: &str| {
        let j = json_of(
            &env.cascade_at("2026-12-20")
                .args(["digest", "--format", "json", "--week", week])
                .assert()
                .success(),
        );
        (texts(&j["actions"]["done"]), j["actions"]["done"].clone())
    };
    let (w48, raw) = done("2026-W48");
    assert_eq!(w48, ["Before midnight"]);
    assert_eq!(raw[0]["done_on"], "2026-11-29");
    let (w49, raw) = done("2026-W49");
    assert_eq!(w49, ["After midnight"]);
    assert_eq!(raw[0]["done_on"], "2026-11-30");
}

/// Row 27: no git repository.
#[test]
fn without_git_done_dates_are_meeting_dates() {
    let env = Env::new();
    env.notebook();
    std::fs::remove_dir_all(env.work().join(".git")).unwrap();
    env.write(
        "notes/alice/2026-11-24.md",
        note("2026-11-24", "alice", "", "## Cascading actions\n- [x] Done already @alice due:2026-11-24\n- [ ] Still open @alice due:2026-11-20\n"),
    );
    let a = env
        .cascade()
        .args(["digest", "--format", "json"])
        .assert()
        .success();
    assert!(
        stderr(&a).contains("is not in a git repository: done dates fall back to meeting dates"),
        "{}",
        stderr(&a)
    );
    let j = json_of(&a);
    assert_eq!(j["done_dates_from"], "files");
    assert_eq!(j["actions"]["done"][0]["done_on"], "2026-11-24");
    assert_eq!(j["actions"]["done"][0]["commit"], Value::Null);
    assert_eq!(texts(&j["actions"]["overdue"]), ["Still open"]);
    assert_eq!(j["actions"]["overdue"][0]["days_late"], 4);
}

/// Row 28: an empty repository, a detached HEAD, a bare repository.
#[test]
fn empty_detached_and_bare_repositories() {
    let env = Env::new();
    env.notebook();
    // `init` made the notebook's first commit: back to a repository with no commit.
    let st = env
        .git(&env.work())
        .args(["update-ref", "-d", "HEAD"])
        .status()
        .unwrap();
    assert!(st.success());
    env.write(
        "notes/alice/2026-11-24.md",
        note(
            "2026-11-24",
            "alice",
            "",
            "## Cascading actions\n- [ ] Call @alice due:2026-11-30\n",
        ),
    );
    let a = env.cascade().args(["digest"]).assert().success();
    assert_eq!(
        stderr(&a),
        "warning: no commits yet: done dates fall back to meeting dates\n"
    );
    assert!(
        stdout(&a).contains("- [ ] Call (@alice) — due 2026-11-30, `notes/alice/2026-11-24.md:11`")
    );

    env.commit_all("first", "2026-11-24T10:00:00+00:00");
    tick(&env, "notes/alice/2026-11-24.md", "Call");
    env.commit_all("second", "2026-11-25T10:00:00+00:00");
    let st = env
        .git(&env.work())
        .args(["checkout", "-q", "--detach", "HEAD"])
        .status()
        .unwrap();
    assert!(st.success());
    let j = json_of(
        &env.cascade()
            .args(["digest", "--format", "json"])
            .assert()
            .success(),
    );
    assert_eq!(j["actions"]["done"][0]["done_on"], "2026-11-25");

    let bare = Env::new();
    let st = bare
        .git(&bare.work())
        .args(["init", "-q", "--bare"])
        .status()
        .unwrap();
    assert!(st.success());
    bare.write("cascade.toml", "me = \"dana\"\n");
    let a = bare.cascade().args(["digest"]).assert().code(2);
    assert!(
        stderr(&a).contains("is a bare git repository: it has no work tree"),
        "{}",
        stderr(&a)
    );
    assert_eq!(stdout(&a), "");
}

/// Row 29: in a shallow clone, actions done before the cut are neither done nor open.
#[test]
fn shallow_clone_warns_and_never_reports_unknown_as_open() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-23.md",
        note("2026-11-23", "alice", "", "## Cascading actions\n- [ ] Early @alice due:2026-12-10\n- [ ] Late @alice due:2026-12-10\n"),
    );
    env.commit_all("note", "2026-11-23T10:00:00+00:00");
    tick(&env, "notes/alice/2026-11-23.md", "Early");
    env.commit_all("early", "2026-11-24T10:00:00+00:00");
    tick(&env, "notes/alice/2026-11-23.md", "Late");
    env.commit_all("late", "2026-11-26T10:00:00+00:00");
    let url = format!("file://{}", env.work().display());
    let clone = env.tmp.path().join("clone");
    let st = env
        .git(env.tmp.path())
        .args(["clone", "-q", "--depth", "2", &url, "clone"])
        .status()
        .unwrap();
    assert!(st.success());
    let a = env
        .cascade()
        .arg("-C")
        .arg(&clone)
        .args(["digest", "--format", "json", "--week", "2026-W48"])
        .assert()
        .success();
    assert!(
        stderr(&a)
            .contains("shallow clone cut at 2026-11-24: done dates before the cut are unknown"),
        "{}",
        stderr(&a)
    );
    let j = json_of(&a);
    assert_eq!(texts(&j["actions"]["done"]), ["Late"]);
    assert_eq!(j["actions"]["done"][0]["done_on"], "2026-11-26");
    assert_eq!(texts(&j["actions"]["open"]), Vec::<String>::new());
}

/// Issue 10, item 22: in a shallow clone cut after the week asked for, the digest reported
/// the week with no warning although none of its history was there.
#[test]
fn a_shallow_clone_cut_after_the_week_warns_that_its_history_is_missing() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-17.md",
        note(
            "2026-11-17",
            "alice",
            "",
            "## Cascading actions\n- [ ] Early @alice due:2026-12-10\n",
        ),
    );
    env.commit_all("note", "2026-11-17T10:00:00+00:00");
    tick(&env, "notes/alice/2026-11-17.md", "Early");
    env.commit_all("early", "2026-11-19T10:00:00+00:00");
    env.write("notes/bob/2026-11-24.md", note("2026-11-24", "bob", "", ""));
    env.commit_all("bob", "2026-11-24T10:00:00+00:00");
    let url = format!("file://{}", env.work().display());
    let st = env
        .git(env.tmp.path())
        .args(["clone", "-q", "--depth", "1", &url, "clone"])
        .status()
        .unwrap();
    assert!(st.success());
    let week = ["digest", "--week", "2026-W47", "--format", "json"];
    let a = env
        .cascade()
        .arg("-C")
        .arg(env.tmp.path().join("clone"))
        .args(week)
        .assert()
        .success();
    assert!(
        stderr(&a).contains(
            "this is a shallow clone cut at 2026-11-24, after 2026-11-22: none of the history of 2026-11-16..2026-11-22 is in the repository"
        ),
        "{}",
        stderr(&a)
    );
    // Not reported as done on a date the clone cannot know, nor as open.
    let j = json_of(&a);
    assert_eq!(texts(&j["actions"]["done"]), Vec::<String>::new());
    assert_eq!(texts(&j["actions"]["open"]), Vec::<String>::new());
    // The full history knows the day it was done, and has no cut to warn about.
    let a = env.cascade().args(week).assert().success();
    assert!(!stderr(&a).contains("shallow"), "{}", stderr(&a));
    let j = json_of(&a);
    assert_eq!(texts(&j["actions"]["done"]), ["Early"]);
    assert_eq!(j["actions"]["done"][0]["done_on"], "2026-11-19");
}

/// Row 30: a note renamed to fix its date keeps its actions' history.
#[test]
fn renamed_note_keeps_its_history() {
    let env = Env::new();
    env.notebook();
    let body = "## Leverage\nPlan the quarter with the whole team, step by step.\n\n## Common base\nWe review the pipeline every Monday at nine.\n\n## Cascading actions\n- [ ] Book the offsite @alice due:2026-11-30\n- [ ] Send the agenda @dana due:2026-11-30\n";
    env.write(
        "notes/alice/2026-11-01.md",
        note("2026-11-10", "alice", "", body),
    );
    env.commit_all("alice, misdated", "2026-11-10T10:00:00+00:00");
    tick(&env, "notes/alice/2026-11-01.md", "Book the offsite");
    env.commit_all("booked", "2026-11-18T10:00:00+00:00");
    let st = env
        .git(&env.work())
        .args([
            "mv",
            "notes/alice/2026-11-01.md",
            "notes/alice/2026-11-10.md",
        ])
        .status()
        .unwrap();
    assert!(st.success());
    env.commit_all("fix the note's date", "2026-11-24T10:00:00+00:00");
    // A note deleted in history does no harm.
    env.write(
        "notes/bob/2026-11-12.md",
        note(
            "2026-11-12",
            "bob",
            "",
            "## Cascading actions\n- [x] Gone @bob due:2026-11-12\n",
        ),
    );
    env.commit_all("bob", "2026-11-12T10:00:00+00:00");
    std::fs::remove_file(env.work().join("notes/bob/2026-11-12.md")).unwrap();
    env.commit_all("drop bob's note", "2026-11-25T10:00:00+00:00");
    let j = json_of(
        &env.cascade_at("2026-12-01")
            .args(["digest", "--format", "json", "--week", "2026-W47"])
            .assert()
            .success(),
    );
    assert_eq!(texts(&j["actions"]["done"]), ["Book the offsite"]);
    assert_eq!(j["actions"]["done"][0]["done_on"], "2026-11-18");
    assert_eq!(j["actions"]["done"][0]["path"], "notes/alice/2026-11-10.md");
    assert_eq!(texts(&j["actions"]["open"]), ["Send the agenda"]);
    // Again, with what each commit changed read from the history index: the rename is still
    // followed (its source is found from the trees, as the first time).
    let again = env
        .cascade_at("2026-12-01")
        .args(["-v", "digest", "--format", "json", "--week", "2026-W47"])
        .assert()
        .success();
    let err = String::from_utf8_lossy(&again.get_output().stderr).into_owned();
    assert!(
        err.contains("commits' changes to notes read from it, 0 from git"),
        "{err}"
    );
    assert!(
        err.contains("notes looked up in commits read from it, 0 from git"),
        "{err}"
    );
    assert!(err.contains("commits read from it, 0 from git"), "{err}");
    assert_eq!(json_of(&again), j);
}

/// Row 31: a repository owned by another user is refused, with the safe.directory hint.
#[test]
fn repository_of_another_user_is_refused() {
    let uid = std::process::Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        // Only root can give a repository to another user; the check is git's own.
        return;
    }
    let env = Env::new();
    env.notebook();
    env.commit_all("first", "2026-11-20T10:00:00+00:00");
    let st = std::process::Command::new("chown")
        .args(["-R", "12345:12345"])
        .arg(env.work())
        .status()
        .unwrap();
    assert!(st.success());
    let a = env.cascade().args(["digest"]).assert().code(2);
    let err = redact(&env, &stderr(&a));
    assert!(
        err.contains("is owned by another user; git refuses to use it"),
        "{err}"
    );
    assert!(
        err.contains("git config --global --add safe.directory"),
        "{err}"
    );
    assert_eq!(stdout(&a), "");
}
