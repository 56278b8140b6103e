//! The note index (`<git dir>/cascade/notes.index`): it serves only notes unchanged since they
//! were read, it is never committed or shown by git, and no damage to it, no failure to write
//! it and no concurrent run changes an answer.

use crate::common::*;

const CANARY: &str = "CANARY-index-private-7c1e";

fn note(date: &str, owner: &str) -> String {
    format!(
        "---\ndate: {date}\nreport: alice\nduration_min: 45\nshare_with: [sales]\n---\n\n\
## Leverage\nTwo weeks of pipeline work.\n\n## Common base\nThe dip is seasonal.\n\n\
## Reverse teaching\nHow leads are scored.\n\n## Joint data analysis\nOrders 412.\n\n\
## Conclusions\n- Hold Q1 hiring. share:sales\n\n## Cascading actions\n\
- [ ] Send the forecast @{owner} due:2026-11-30\n\n## Private\n{CANARY} stays here.\n"
    )
}

fn notebook() -> Env {
    let env = Env::new();
    env.notebook();
    env.write("notes/alice/2026-11-13.md", note("2026-11-13", "alice"));
    env.write("notes/alice/2026-11-20.md", note("2026-11-20", "zed"));
    env.write(
        "notes/bob/2026-11-18.md",
        "---\ndate: 2026-11-18\nreport: bob\nprivate: true\n---\n## Cascading actions\n- [ ] private thing @bob\n",
    );
    env.commit_all("notes", "2026-11-20T10:00:00+00:00");
    env
}

/// What every view answers, in JSON.
fn answers(env: &Env) -> Vec<String> {
    [
        &["status", "--format", "json"][..],
        &["actions", "--all", "--format", "json"],
        &["log", "alice", "--format", "json"],
        &["digest", "--week", "2026-W47", "--format", "json"],
    ]
    .iter()
    .map(|a| run_ahead(env, a).0)
    .collect()
}

fn index_path(env: &Env) -> std::path::PathBuf {
    cache_file(env, "notes.index")
}

#[test]
fn unchanged_notes_come_from_the_index_and_the_index_is_never_shown_by_git() {
    let env = notebook();
    let (_, err) = run_ahead(&env, &["-v", "status"]);
    assert!(
        err.contains("note index: 0 of 3 notes unchanged since read, 3 read now"),
        "{err}"
    );
    let (_, err) = run_ahead(&env, &["-v", "status"]);
    assert!(
        err.contains("note index: 3 of 3 notes unchanged since read, 0 read now"),
        "{err}"
    );
    let bytes = std::fs::read(index_path(&env)).unwrap();
    // Nothing of a `## Private` section is ever summarized, so it is not in the index either.
    assert!(!String::from_utf8_lossy(&bytes).contains(CANARY));
    assert_private_and_unseen_by_git(&env, &index_path(&env));
}

#[test]
fn a_note_edited_with_its_size_and_mtime_restored_is_read_again_not_served_from_the_index() {
    let env = notebook();
    let path = env.work().join("notes/alice/2026-11-20.md");
    run_ahead(&env, &["status"]);
    let (before, _) = run_ahead(&env, &["actions", "--format", "json"]);
    assert!(before.contains("\"owner\": \"zed\""), "{before}");
    rewrite_keeping_mtime(&path, &note("2026-11-20", "bob"));
    let (after, err) = run_ahead(&env, &["-v", "actions", "--format", "json"]);
    assert!(after.contains("\"owner\": \"bob\""), "{after}");
    assert!(!after.contains("\"owner\": \"zed\""), "{after}");
    assert!(
        err.contains("2 of 3 notes unchanged since read, 1 read now"),
        "{err}"
    );
}

#[test]
fn an_index_overwritten_with_random_bytes_changes_no_answer() {
    let env = notebook();
    let uncached: Vec<String> = answers(&env);
    let cached = answers(&env);
    assert_eq!(cached, uncached);
    let len = std::fs::metadata(index_path(&env)).unwrap().len() as usize;
    // A fixed sequence of pseudo-random bytes (xorshift), as long as the index was.
    let noise = noise(len, 0x9e37_79b9_7f4a_7c15);
    std::fs::write(index_path(&env), &noise).unwrap();
    let (_, err) = run_ahead(&env, &["-v", "status"]);
    assert!(err.contains("note index rebuilt"), "{err}");
    assert!(err.contains("0 of 3 notes unchanged since read"), "{err}");
    assert_eq!(answers(&env), uncached);
    // Rebuilt, it serves again.
    let (_, err) = run_ahead(&env, &["-v", "status"]);
    assert!(err.contains("3 of 3 notes unchanged since read"), "{err}");
}

#[test]
fn a_truncated_index_or_one_of_another_format_is_rebuilt_silently() {
    let env = notebook();
    let expected = answers(&env);
    let bytes = std::fs::read(index_path(&env)).unwrap();
    // A run killed mid-write leaves its temporary file, never a half index in place; a
    // half index is refused anyway.
    std::fs::write(
        env.work().join(".git/cascade/.notes.index-killed"),
        &bytes[..10],
    )
    .unwrap();
    std::fs::write(index_path(&env), &bytes[..bytes.len() / 2]).unwrap();
    let (out, err) = run_ahead(&env, &["status"]);
    assert!(err.is_empty(), "{err}");
    assert!(!out.is_empty());
    assert_eq!(answers(&env), expected);
    // A newer format: the version byte after the magic line.
    let mut newer = std::fs::read(index_path(&env)).unwrap();
    newer[19] = newer[19].wrapping_add(1);
    std::fs::write(index_path(&env), &newer).unwrap();
    assert_eq!(answers(&env), expected);
}

#[test]
fn an_index_that_cannot_be_written_never_fails_a_command_and_says_why_with_v() {
    let env = notebook();
    let expected = answers(&env);
    // `.git/cascade` is a file: the index's folder cannot be made (as with a read-only or
    // full disk, and whoever runs the tests).
    std::fs::remove_dir_all(env.work().join(".git/cascade")).unwrap();
    env.write(".git/cascade", "not a folder");
    assert_eq!(answers(&env), expected);
    let (_, err) = run_ahead(&env, &["status"]);
    assert!(err.is_empty(), "without -v nothing is said: {err}");
    let (_, err) = run_ahead(&env, &["-v", "status"]);
    assert!(err.contains("note index not written"), "{err}");
    assert!(err.contains("notes are read again next time"), "{err}");
}

#[test]
fn no_cache_neither_reads_nor_writes_the_index() {
    let env = notebook();
    let expected = answers(&env);
    std::fs::remove_file(index_path(&env)).unwrap();
    let (out, err) = run_ahead(&env, &["--no-cache", "-v", "status", "--format", "json"]);
    assert_eq!(out, expected[0]);
    assert!(!err.contains("note index"), "{err}");
    assert!(!index_path(&env).exists());
    // A damaged index is not even looked at.
    std::fs::write(index_path(&env), "garbage").unwrap();
    let (_, err) = run_ahead(&env, &["--no-cache", "-v", "status"]);
    assert!(!err.contains("note index"), "{err}");
    assert_eq!(std::fs::read(index_path(&env)).unwrap(), b"garbage");
}

#[test]
fn concurrent_runs_agree_and_leave_a_whole_index() {
    let env = notebook();
    let expected = answers(&env)[1].clone();
    std::fs::remove_file(index_path(&env)).unwrap();
    let runs: Vec<std::process::Child> = (0..6)
        .map(|_| {
            env.process()
                .env(CLOCK_AHEAD.0, CLOCK_AHEAD.1)
                .args(["actions", "--all", "--format", "json"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for r in runs {
        let out = r.wait_with_output().unwrap();
        assert!(out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
    }
    let (_, err) = run_ahead(&env, &["-v", "status"]);
    assert!(err.contains("3 of 3 notes unchanged since read"), "{err}");
}

#[test]
fn a_note_gone_is_forgotten_and_a_new_one_is_read() {
    let env = notebook();
    run_ahead(&env, &["status"]);
    std::fs::remove_file(env.work().join("notes/alice/2026-11-13.md")).unwrap();
    env.write("notes/alice/2026-11-23.md", note("2026-11-23", "bob"));
    let (out, err) = run_ahead(&env, &["-v", "log", "alice", "--format", "json"]);
    assert!(
        err.contains("1 of 2 notes unchanged since read, 1 read now"),
        "{err}"
    );
    assert!(
        out.contains("2026-11-23") && !out.contains("2026-11-13"),
        "{out}"
    );
    let (_, err) = run_ahead(&env, &["-v", "status"]);
    assert!(err.contains("3 of 3 notes unchanged since read"), "{err}");
}

/// A notebook whose action was closed by a later commit: dating it reads the note's older
/// versions from git, which the history index keeps.
fn dated_notebook() -> Env {
    let env = Env::new();
    env.notebook();
    let path = "notes/alice/2026-11-09.md";
    env.write(path, note("2026-11-09", "alice"));
    env.commit_all("meeting", "2026-11-09T10:00:00+00:00");
    let ticked = note("2026-11-09", "alice").replace("- [ ] Send", "- [x] Send");
    env.write(path, ticked);
    env.commit_all("forecast sent", "2026-11-18T10:00:00+00:00");
    env
}

fn history_index_path(env: &Env) -> std::path::PathBuf {
    cache_file(env, "blobs.index")
}

#[test]
fn done_days_read_from_the_history_index_are_those_read_from_git() {
    let env = dated_notebook();
    let args = ["digest", "--week", "2026-W47", "--format", "json"];
    let (uncached, _) = run_ahead(&env, &[&["--no-cache"][..], &args].concat());
    assert!(!history_index_path(&env).exists());
    assert!(uncached.contains("2026-11-18"), "{uncached}");
    let (first, err) = run_ahead(&env, &[&["-v"][..], &args].concat());
    assert!(
        err.contains("history index: 0 of 2 note versions read from it, 2 from git"),
        "{err}"
    );
    assert!(
        err.contains("history index: 0 of 1 commits' changes to notes read from it, 1 from git"),
        "{err}"
    );
    let bytes = std::fs::read(history_index_path(&env)).unwrap();
    let (second, err) = run_ahead(&env, &[&["-v"][..], &args].concat());
    assert!(
        err.contains("history index: 2 of 2 note versions read from it, 0 from git"),
        "{err}"
    );
    assert!(
        err.contains("history index: 1 of 1 commits' changes to notes read from it, 0 from git"),
        "{err}"
    );
    assert!(
        err.contains("history index: 1 of 1 commits read from it, 0 from git"),
        "{err}"
    );
    assert_eq!(first, uncached);
    assert_eq!(second, uncached);
    assert_eq!(std::fs::read(history_index_path(&env)).unwrap(), bytes);
    assert!(!String::from_utf8_lossy(&bytes).contains(CANARY));
    assert_private_and_unseen_by_git(&env, &history_index_path(&env));
    // Random bytes over it change nothing, and are replaced.
    let noise: Vec<u8> = (0..bytes.len()).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(history_index_path(&env), &noise).unwrap();
    let (damaged, err) = run_ahead(&env, &[&["-v"][..], &args].concat());
    assert_eq!(damaged, uncached);
    assert!(err.contains("history index rebuilt"), "{err}");
    assert_eq!(std::fs::read(history_index_path(&env)).unwrap(), bytes);
    // Truncated: the same.
    std::fs::write(history_index_path(&env), &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(run_ahead(&env, &args).0, uncached);
}

#[test]
fn a_history_index_that_cannot_be_written_never_fails_the_digest() {
    let env = dated_notebook();
    let args = ["digest", "--week", "2026-W47", "--format", "json"];
    let (uncached, _) = run_ahead(&env, &[&["--no-cache"][..], &args].concat());
    // The history index's name taken by a folder: it cannot be replaced.
    std::fs::create_dir_all(history_index_path(&env).join("x")).unwrap();
    let (out, err) = run_ahead(&env, &[&["-v"][..], &args].concat());
    assert_eq!(out, uncached);
    assert!(err.contains("history index not"), "{err}");
}

/// Enough notes with a closed action that git's index, not each note's content, tells which
/// are unchanged since the last commit.
fn many_closed_notes(env: &Env) {
    for i in 0..70 {
        let day = jiff::civil::date(2026, 8, 1) + jiff::Span::new().days(i);
        env.write(
            &format!("notes/alice/{day}.md"),
            format!(
                "---\ndate: {day}\nreport: alice\n---\n## Cascading actions\n- [x] Task {i} @alice\n"
            ),
        );
    }
}

#[test]
fn a_tick_not_committed_counts_today_when_git_s_index_tells_the_unchanged_notes() {
    let env = Env::new();
    env.notebook();
    many_closed_notes(&env);
    let open = "---\ndate: 2026-11-17\nreport: alice\n---\n## Cascading actions\n- [ ] Send the forecast @alice\n- [ ] Book the room @alice\n";
    env.write("notes/alice/2026-11-17.md", open);
    env.commit_all("notes", "2026-11-17T10:00:00+00:00");
    let args = ["digest", "--week", "2026-W48", "--format", "json"];
    let done = |out: &str| -> Vec<(String, String)> {
        let v: serde_json::Value = serde_json::from_str(out).unwrap();
        v["actions"]["done"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["text"].as_str().unwrap().to_owned(),
                    a["done_on"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(done(&run_ahead(&env, &args).0), []);
    // One tick staged, one only in the work tree: neither is committed, both count today.
    env.write(
        "notes/alice/2026-11-17.md",
        open.replace("- [ ] Book", "- [x] Book"),
    );
    let st = env
        .git(&env.work())
        .args(["add", "notes/alice/2026-11-17.md"])
        .status()
        .unwrap();
    assert!(st.success());
    env.write(
        "notes/alice/2026-11-17.md",
        open.replace("- [ ] ", "- [x] "),
    );
    let today = "2026-11-24".to_owned();
    assert_eq!(
        done(&run_ahead(&env, &args).0),
        [
            ("Send the forecast".to_owned(), today.clone()),
            ("Book the room".to_owned(), today)
        ]
    );
}

#[test]
fn two_notebooks_of_one_repository_keep_their_own_indexes() {
    let env = Env::new();
    let st = env.git(&env.work()).args(["init", "-q"]).status().unwrap();
    assert!(st.success());
    for nb in ["team/a", "team/b"] {
        let dir = env.work().join(nb);
        std::fs::create_dir_all(&dir).unwrap();
        env.cascade()
            .current_dir(&dir)
            .args(["init", "--me", "dana"])
            .assert()
            .success();
        env.write(
            &format!("{nb}/notes/alice/2026-11-13.md"),
            note("2026-11-13", "alice"),
        );
    }
    env.write(
        "team/b/notes/alice/2026-11-20.md",
        note("2026-11-20", "zed"),
    );
    env.commit_all("notes", "2026-11-20T10:00:00+00:00");
    let status = |nb: &str| -> String {
        let a = env
            .cascade()
            .env(CLOCK_AHEAD.0, CLOCK_AHEAD.1)
            .current_dir(env.work().join(nb))
            .args(["-v", "status"])
            .assert()
            .success();
        stderr(&a)
    };
    assert!(status("team/a").contains("0 of 1 notes unchanged since read"));
    assert!(status("team/b").contains("0 of 2 notes unchanged since read"));
    // Each run after reads its own notebook's index: neither rewrote the other's.
    assert!(status("team/a").contains("1 of 1 notes unchanged since read"));
    assert!(status("team/b").contains("2 of 2 notes unchanged since read"));
    let dir = env.work().join(".git/cascade/notebooks");
    assert!(dir.join("team%2Fa/notes.index").is_file());
    assert!(dir.join("team%2Fb/actions.index").is_file());
    assert!(!env.work().join(".git/cascade/notes.index").exists());
}
