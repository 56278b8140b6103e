//! `cascade commit`: what it stages, the trailers it writes, and when it refuses.

use crate::common::*;
use crate::workflow::{body, note, week};

pub(crate) fn git_out(env: &Env, args: &[&str]) -> String {
    let o = env.git(&env.work()).args(args).output().unwrap();
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn commit_stages_notes_and_digests_with_report_and_week_trailers() {
    let env = Env::new();
    week(&env);
    let a = env.cascade().args(["commit"]).assert().success();
    assert_eq!(
        stdout(&a),
        "nothing to commit: no note, digest, cascade.toml or template has changed\n"
    );

    // A new note for carol, a change to bob's, a digest, and a file that is neither.
    env.write(
        "notes/carol/2026-11-24.md",
        note(
            "2026-11-24",
            "carol",
            "",
            &body("- Start.\n", "- [ ] Read the plan @carol due:2026-12-01\n"),
        ),
    );
    let bob = env
        .read("notes/bob/2026-11-03.md")
        .replace("- [ ] Fix the CI", "- [x] Fix the CI");
    env.write("notes/bob/2026-11-03.md", bob);
    env.write("digests/2026-W48.md", "# Cascade digest 2026-W48\n");
    env.write("scratch.txt", "not a note\n");
    let a = env
        .cascade()
        .args(["commit"])
        .env("GIT_AUTHOR_DATE", "2026-11-24T18:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2026-11-24T18:00:00+00:00")
        .assert()
        .success();
    let out = stdout(&a);
    let sha = git_out(&env, &["rev-parse", "--short=7", "HEAD"]);
    assert_eq!(
        out.replace(sha.trim(), "SHA"),
        "committed 3 files as SHA: 1:1 notes: bob, carol; digest 2026-W48\n  digests/2026-W48.md\n  notes/bob/2026-11-03.md\n  notes/carol/2026-11-24.md\n"
    );
    assert_eq!(
        git_out(&env, &["log", "-1", "--format=%B"]),
        "1:1 notes: bob, carol; digest 2026-W48\n\nReport: bob\nReport: carol\nWeek: 2026-W48\n\n"
    );
    assert_eq!(
        git_out(&env, &["log", "-1", "--format=%an <%ae> %ad", "--date=iso"]),
        "Test User <test@example.com> 2026-11-24 18:00:00 +0000\n"
    );
    // The other file is left alone, untracked.
    assert_eq!(
        git_out(&env, &["status", "--porcelain"]),
        "?? scratch.txt\n"
    );

    // A message of one's own keeps its trailers and gains ours.
    let t = env
        .read("notes/alice/2026-11-24.md")
        .replace("- [ ] Freeze", "- [x] Freeze");
    env.write("notes/alice/2026-11-24.md", t);
    env.cascade()
        .args([
            "commit",
            "-m",
            "Froze the reqs\n\nSigned-off-by: Dana <d@example.com>",
        ])
        .assert()
        .success();
    assert_eq!(
        git_out(&env, &["log", "-1", "--format=%B"]),
        "Froze the reqs\n\nSigned-off-by: Dana <d@example.com>\nReport: alice\nWeek: 2026-W48\n\n"
    );
    let a = env.cascade().args(["commit", "-m", "  "]).assert().code(2);
    assert!(stderr(&a).contains("the commit message is empty"));
}

#[test]
fn commit_in_a_notebook_below_the_repository_root() {
    let env = Env::new();
    let st = env.git(&env.work()).args(["init", "-q"]).status().unwrap();
    assert!(st.success());
    env.cascade()
        .args(["init", "book", "--me", "dana"])
        .assert()
        .success();
    env.cascade()
        .args(["-C", "book", "person", "add", "alice"])
        .assert()
        .success();
    env.write(
        "book/notes/alice/2026-11-24.md",
        note(
            "2026-11-24",
            "alice",
            "",
            &body("- One.\n", "- [ ] Two @alice due:2026-12-01\n"),
        ),
    );
    let a = env
        .cascade()
        .args(["-C", "book", "commit"])
        .assert()
        .success();
    assert!(
        stdout(&a).ends_with("\n  notes/alice/2026-11-24.md\n"),
        "{}",
        stdout(&a)
    );
    assert_eq!(
        git_out(&env, &["show", "--name-only", "--format="]),
        "book/cascade.toml\nbook/notes/alice/2026-11-24.md\n"
    );
}

#[test]
fn commit_outside_git_is_exit_2() {
    let env = Env::new();
    env.notebook();
    std::fs::remove_dir_all(env.work().join(".git")).unwrap();
    let a = env.cascade().args(["commit"]).assert().code(2);
    let err = redact(&env, &stderr(&a));
    assert!(
        err.contains("not inside a git repository (searched up from [TMP]/work)"),
        "{err}"
    );
}

/// Row 33: no git identity configured.
#[test]
fn row_33_commit_without_identity_names_the_two_git_config_commands() {
    let env = Env::without_identity();
    env.notebook();
    env.write(
        "notes/alice/2026-11-24.md",
        note(
            "2026-11-24",
            "alice",
            "",
            &body("- One.\n", "- [ ] Two @alice due:2026-12-01\n"),
        ),
    );
    let a = env
        .cascade()
        .args(["commit"])
        .env("HOME", env.home())
        .env("XDG_CONFIG_HOME", env.home().join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(err.contains("no git identity is configured"), "{err}");
    assert!(
        err.contains("git config --global user.name \"Your Name\""),
        "{err}"
    );
    assert!(
        err.contains("git config --global user.email you@example.com"),
        "{err}"
    );
    // Nothing was staged.
    let st = env
        .git(&env.work())
        .args(["status", "--porcelain"])
        .output()
        .unwrap();
    let st = String::from_utf8(st.stdout).unwrap();
    assert!(st.lines().all(|l| l.starts_with("??")), "{st}");
}

/// A note whose `Common base` is empty and whose action has no owner: two lint errors.
pub(crate) fn bad_note(date: &str, report: &str) -> String {
    note(
        date,
        report,
        "",
        &body("- One.\n", "- [ ] Nobody owns this due:2026-12-01\n")
            .replace("Orders are counted weekly.\n", ""),
    )
}

#[test]
fn commit_refuses_notes_with_lint_errors_unless_no_verify() {
    let env = Env::new();
    week(&env);
    let head = git_out(&env, &["rev-parse", "HEAD"]);
    env.write("notes/carol/2026-11-24.md", bad_note("2026-11-24", "carol"));
    let a = env.cascade().args(["commit"]).assert().code(1);
    let err = stderr(&a);
    assert!(err.contains("error[steps/empty]"), "{err}");
    assert!(err.contains("error[actions/owner]"), "{err}");
    assert!(err.contains("--> notes/carol/2026-11-24.md:"), "{err}");
    assert!(
        err.contains("lint found errors in the notes to commit; nothing was committed"),
        "{err}"
    );
    assert!(err.contains("--no-verify"), "{err}");
    // Nothing committed, nothing left staged.
    assert_eq!(git_out(&env, &["rev-parse", "HEAD"]), head);
    assert_eq!(
        git_out(&env, &["status", "--porcelain"]),
        "?? notes/carol/\n"
    );

    let a = env
        .cascade()
        .args(["commit", "--no-verify"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("1:1 carol 2026-11-24"),
        "{}",
        stdout(&a)
    );
    assert_eq!(
        git_out(&env, &["log", "-1", "--format=%B"]),
        "1:1 carol 2026-11-24\n\nReport: carol\nWeek: 2026-W48\n\n"
    );
}

#[test]
fn commit_refuses_during_a_merge_and_owner_me_is_known() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-17.md",
        note(
            "2026-11-17",
            "alice",
            "",
            &body("- A. share:sales\n", "- [ ] X @alice due:2026-11-30\n"),
        ),
    );
    env.commit_all("base", "2026-11-17T10:00:00+00:00");
    std::fs::write(
        env.work().join(".git/MERGE_HEAD"),
        format!(
            "{}\n",
            String::from_utf8(
                env.git(&env.work())
                    .args(["rev-parse", "HEAD"])
                    .output()
                    .unwrap()
                    .stdout
            )
            .unwrap()
            .trim()
        ),
    )
    .unwrap();
    env.write(
        "notes/alice/2026-11-17.md",
        note(
            "2026-11-17",
            "alice",
            "",
            &body("- A. share:sales\n", "- [x] X @alice due:2026-11-30\n"),
        ),
    );
    let a = env
        .cascade()
        .args(["commit", "-m", "tick"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("a merge is in progress"),
        "{}",
        stderr(&a)
    );
    std::fs::remove_file(env.work().join(".git/MERGE_HEAD")).unwrap();
    let a = env
        .cascade()
        .args(["actions", "--owner", "dana"])
        .assert()
        .success();
    assert!(!stdout(&a).contains("X"), "{}", stdout(&a));
}

/// A hand edit to a week's audience digest (`digests/<week>/<group>.md`) is committed with the
/// week's digests, once in the message; files of other folders under `digests/` are not.
#[test]
fn commit_takes_a_weeks_audience_digests_with_it() {
    let env = Env::new();
    week(&env);
    env.write("digests/2026-W48/sales.md", "# For sales\n");
    env.write("digests/2026-W48/sales.json", "{}\n");
    env.write("digests/old/notes.md", "kept out\n");
    let a = env.cascade().args(["commit"]).assert().success();
    let sha = git_out(&env, &["rev-parse", "--short=7", "HEAD"]);
    assert_eq!(
        stdout(&a).replace(sha.trim(), "SHA"),
        "committed 2 files as SHA: digest 2026-W48\n  digests/2026-W48/sales.json\n  digests/2026-W48/sales.md\n"
    );
    assert_eq!(
        git_out(&env, &["status", "--porcelain"]),
        "?? digests/old/\n"
    );
}
