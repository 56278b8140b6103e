//! `digest --commit` commits only the digest; it and `commit` refuse before anything is
//! written or staged: during a merge, a rebase, a cherry-pick or a revert, on a conflicted
//! index, a locked branch or a read-only git dir; hand edits of a digest are kept.

use crate::common::*;
use crate::git_writes::{committed_notebook, git, note};

/// Issue 10, item 10: `digest --commit` committed whatever else was staged. Only the digest
/// is committed; a staged file stays staged.
#[test]
fn digest_commit_commits_only_the_digest_and_leaves_other_staged_files_staged() {
    let env = Env::new();
    committed_notebook(&env);
    env.write("secret.txt", "secretcanary\n");
    git(&env, &["add", "secret.txt"]);
    env.cascade()
        .args(["digest", "--commit", "--week", "2026-W47"])
        .assert()
        .success();
    assert_eq!(
        git(&env, &["show", "--name-only", "--format=%B"]),
        "Digest 2026-W47\n\nWeek: 2026-W47\n\n\ndigests/2026-W47.md\n"
    );
    assert_eq!(
        git(&env, &["diff", "--cached", "--name-only"]),
        "secret.txt\n"
    );
    assert_eq!(git(&env, &["ls-tree", "HEAD", "secret.txt"]), "");
    assert_eq!(git(&env, &["status", "--porcelain"]), "A  secret.txt\n");
}

/// Issue 10, item 10: `digest --commit` committed in the middle of a merge, and on a
/// conflicted index left the digest written and staged. Both are refused before anything is
/// written.
#[test]
fn digest_commit_refuses_during_a_merge_and_on_a_conflicted_index() {
    let env = Env::new();
    committed_notebook(&env);
    env.write("plan.txt", "base\n");
    env.commit_all("plan", "2026-11-19T10:00:00+00:00");
    git(&env, &["checkout", "-q", "-b", "other"]);
    env.write("plan.txt", "theirs\n");
    env.commit_all("theirs", "2026-11-20T10:00:00+00:00");
    git(&env, &["checkout", "-q", "main"]);
    env.write("plan.txt", "ours\n");
    env.commit_all("ours", "2026-11-20T11:00:00+00:00");
    let merge = env
        .git(&env.work())
        .args(["merge", "-q", "other"])
        .output()
        .unwrap();
    assert!(!merge.status.success());
    let head = git(&env, &["rev-parse", "HEAD"]);
    let status = git(&env, &["status", "--porcelain"]);
    assert_eq!(status, "UU plan.txt\n");

    let a = env
        .cascade()
        .args(["digest", "--commit", "--week", "2026-W47"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("a merge is in progress in this repository; nothing was written"),
        "{}",
        stderr(&a)
    );
    assert_eq!(env.names("digests"), Vec::<String>::new());
    assert_eq!(git(&env, &["status", "--porcelain"]), status);

    // The merge state gone (as after `git stash pop`), the conflicts remain.
    std::fs::remove_file(env.work().join(".git/MERGE_HEAD")).unwrap();
    let a = env
        .cascade()
        .args(["digest", "--commit", "--week", "2026-W47"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("the index has unresolved conflicts; nothing was written"),
        "{}",
        stderr(&a)
    );
    assert_eq!(env.names("digests"), Vec::<String>::new());
    assert_eq!(git(&env, &["status", "--porcelain"]), status);
    assert_eq!(git(&env, &["rev-parse", "HEAD"]), head);
}

/// Issue 10, item 10 (and "What to build" 1): a cherry-pick, a revert or a rebase stopped on
/// a conflict is refused like a merge, by `commit` and `digest --commit`, before anything is
/// written or staged; a bisect in progress is not in the way.
#[test]
fn commit_and_digest_commit_refuse_during_a_rebase_cherry_pick_or_revert_but_not_a_bisect() {
    let env = Env::new();
    committed_notebook(&env);
    env.write("plan.txt", "base\n");
    env.commit_all("plan", "2026-11-19T10:00:00+00:00");
    git(&env, &["checkout", "-q", "-b", "other"]);
    env.write("plan.txt", "theirs\n");
    env.commit_all("theirs", "2026-11-20T10:00:00+00:00");
    git(&env, &["checkout", "-q", "main"]);
    env.write("plan.txt", "ours\n");
    env.commit_all("ours", "2026-11-20T11:00:00+00:00");
    let main = git(&env, &["rev-parse", "HEAD"]).trim().to_owned();
    // A note changed in the work tree: what `commit` would otherwise commit.
    let t = env.read("notes/alice/2026-11-17.md");
    let changed = format!("{t}\nA line added.\n");
    let starts: [(&str, &[&str]); 3] = [
        ("cherry-pick", &["cherry-pick", "other"]),
        ("revert", &["revert", "--no-edit", "HEAD~1"]),
        ("rebase", &["rebase", "other"]),
    ];
    for (state, start) in starts {
        if state == "revert" {
            // Reverting `ours` under a later change of the same line conflicts.
            env.write("plan.txt", "later\n");
            env.commit_all("later", "2026-11-20T12:00:00+00:00");
        }
        let out = env.git(&env.work()).args(start).output().unwrap();
        assert!(!out.status.success(), "{state}: {out:?}");
        env.write("notes/alice/2026-11-17.md", &changed);
        let head = git(&env, &["rev-parse", "HEAD"]);
        let status = git(&env, &["status", "--porcelain"]);
        assert!(status.contains("UU plan.txt"), "{state}: {status}");
        for args in [
            &["commit", "--no-verify"][..],
            &["digest", "--commit", "--week", "2026-W47"][..],
        ] {
            let a = env.cascade().args(args).assert().code(2);
            assert!(
                stderr(&a).contains(&format!(
                    "a {state} is in progress in this repository; nothing was written"
                )),
                "{state} {args:?}: {}",
                stderr(&a)
            );
            assert_eq!(env.names("digests"), Vec::<String>::new(), "{state}");
            assert_eq!(git(&env, &["status", "--porcelain"]), status, "{state}");
            assert_eq!(git(&env, &["rev-parse", "HEAD"]), head, "{state}");
        }
        let abort = match state {
            "rebase" => ["rebase", "--abort"],
            s => [s, "--abort"],
        };
        git(&env, &abort);
        env.write("notes/alice/2026-11-17.md", &t);
        assert_eq!(git(&env, &["status", "--porcelain"]), "", "{state}");
    }
    git(&env, &["reset", "-q", "--hard", &main]);

    // A bisect in progress: both commit as usual.
    git(&env, &["bisect", "start"]);
    env.write("notes/alice/2026-11-17.md", &changed);
    let a = env
        .cascade()
        .args(["commit", "--no-verify"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("notes/alice/2026-11-17.md"),
        "{}",
        stdout(&a)
    );
    assert_eq!(git(&env, &["status", "--porcelain"]), "");
    env.cascade()
        .args(["digest", "--commit", "--week", "2026-W47"])
        .assert()
        .success();
    assert_eq!(env.names("digests"), vec!["2026-W47.md".to_string()]);
    assert_eq!(git(&env, &["status", "--porcelain"]), "");
    assert_eq!(
        git(&env, &["show", "--format=", "--name-only", "HEAD"]),
        "digests/2026-W47.md\n"
    );
}

/// Issue 10, item 11: `digest --commit` again overwrote hand edits without a word and made
/// an empty commit.
#[test]
fn digest_commit_keeps_hand_edits_unless_forced_and_makes_no_empty_commit() {
    let env = Env::new();
    committed_notebook(&env);
    let week = ["digest", "--commit", "--week", "2026-W47"];
    env.cascade().args(week).assert().success();
    let first = env.read("digests/2026-W47.md");
    // The week's digest changes: an action is done.
    let t = env
        .read("notes/alice/2026-11-17.md")
        .replace("- [ ] Call", "- [x] Call");
    env.write("notes/alice/2026-11-17.md", t);
    env.commit_all("tick", "2026-11-20T10:00:00+00:00");
    let head = git(&env, &["rev-parse", "HEAD"]);

    let edited = format!("{first}\nA paragraph written by hand.\n");
    env.write("digests/2026-W47.md", &edited);
    let a = env.cascade().args(week).assert().code(2);
    assert!(
        stderr(&a).contains(
            "digests/2026-W47.md has changes that are not committed; the new digest would overwrite them, so nothing was written"
        ),
        "{}",
        stderr(&a)
    );
    assert!(stderr(&a).contains("--force"), "{}", stderr(&a));
    assert_eq!(env.read("digests/2026-W47.md"), edited);
    assert_eq!(git(&env, &["rev-parse", "HEAD"]), head);

    // --force replaces them; and it needs --commit.
    let a = env
        .cascade()
        .args(["digest", "--force", "--week", "2026-W47"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("--commit"), "{}", stderr(&a));
    let a = env.cascade().args(week).arg("--force").assert().success();
    assert!(
        stdout(&a).starts_with("committed digests/2026-W47.md ("),
        "{}",
        stdout(&a)
    );
    let generated = env.read("digests/2026-W47.md");
    assert_ne!(generated, first);
    assert!(!generated.contains("written by hand"));
    let after = git(&env, &["rev-parse", "HEAD"]);
    assert_ne!(after, head);

    // Unchanged: no empty commit.
    let a = env.cascade().args(week).assert().success();
    assert_eq!(
        stdout(&a),
        "digests/2026-W47.md is up to date; nothing to commit\n"
    );
    assert_eq!(git(&env, &["rev-parse", "HEAD"]), after);
}

/// Issue 10, item 14: a locked branch ref left the note staged and the digest written.
#[test]
fn a_locked_branch_leaves_nothing_staged_and_no_digest_written() {
    let env = Env::new();
    committed_notebook(&env);
    env.write("notes/bob/2026-11-24.md", note("2026-11-24", "bob", ""));
    let head = git(&env, &["rev-parse", "HEAD"]);
    env.write(".git/refs/heads/main.lock", "");

    let a = env.cascade().args(["commit"]).assert().code(2);
    let err = stderr(&a);
    assert!(err.contains("main.lock"), "{err}");
    assert!(err.contains("nothing was committed"), "{err}");
    assert_eq!(
        git(&env, &["status", "--porcelain"]),
        "?? notes/bob/2026-11-24.md\n"
    );

    let a = env
        .cascade()
        .args(["digest", "--commit", "--week", "2026-W47"])
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(err.contains("main.lock"), "{err}");
    assert_eq!(env.names("digests"), Vec::<String>::new());
    assert_eq!(
        git(&env, &["status", "--porcelain"]),
        "?? notes/bob/2026-11-24.md\n"
    );
    assert_eq!(git(&env, &["rev-parse", "HEAD"]), head);

    // A locked index, likewise.
    std::fs::remove_file(env.work().join(".git/refs/heads/main.lock")).unwrap();
    env.write(".git/index.lock", "");
    let a = env.cascade().args(["commit"]).assert().code(2);
    assert!(stderr(&a).contains("index.lock"), "{}", stderr(&a));
    std::fs::remove_file(env.work().join(".git/index.lock")).unwrap();
    assert_eq!(
        git(&env, &["status", "--porcelain"]),
        "?? notes/bob/2026-11-24.md\n"
    );
    assert_eq!(git(&env, &["rev-parse", "HEAD"]), head);
}

/// Issue 10, item 14: with a read-only `.git`, the digest file was still written.
#[test]
fn a_read_only_git_dir_means_no_digest_is_written() {
    let env = Env::new();
    committed_notebook(&env);
    let head = git(&env, &["rev-parse", "HEAD"]);
    let Some(mut cascade) = env.unprivileged() else {
        return;
    };
    let st = std::process::Command::new("chmod")
        .args(["-R", "a-w"])
        .arg(env.work().join(".git"))
        .status()
        .unwrap();
    assert!(st.success());
    let o = cascade
        .args(["digest", "--commit", "--week", "2026-W47"])
        .output()
        .unwrap();
    std::process::Command::new("chmod")
        .args(["-R", "u+w"])
        .arg(env.work().join(".git"))
        .status()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("Permission denied"), "{err}");
    assert_eq!(env.names("digests"), Vec::<String>::new());
    assert_eq!(git(&env, &["rev-parse", "HEAD"]), head);
    assert_eq!(git(&env, &["status", "--porcelain"]), "");
}
