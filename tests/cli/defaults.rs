//! Small defaults: `init` makes the notebook's first commit, `commit` takes `cascade.toml` and
//! `templates/` along with the notes, `new` opens the editor in a terminal, and lint's
//! warnings stay on each report's latest note.

use crate::commit::git_out;
use crate::common::*;
use crate::workflow::{body, note};

fn git_ok(env: &Env, args: &[&str]) {
    let st = env.git(&env.work()).args(args).status().unwrap();
    assert!(st.success(), "git {args:?}");
}

#[test]
fn init_makes_the_first_commit_of_the_repository_it_creates() {
    let env = Env::new();
    let a = env
        .cascade()
        .args(["init", "--me", "dana"])
        .assert()
        .success();
    let sha = git_out(&env, &["rev-parse", "--short=7", "HEAD"]);
    assert_eq!(
        redact(&env, &stdout(&a)).replace(sha.trim(), "SHA"),
        "initialized a cascade notebook in [TMP]/work\n  created cascade.toml\n  created notes/\n  created .gitignore\n  created git repository\n  committed cascade.toml and .gitignore as SHA (the notebook's first commit; nothing else)\nnext: `cascade person add HANDLE --name \"…\"`, then `cascade new HANDLE`\n"
    );
    assert_eq!(
        git_out(
            &env,
            &["log", "--format=%s|%an|%ad", "--date=iso", "--name-only"]
        ),
        "Start the cascade notebook|Test User|2026-11-24 00:00:00 +0000\n\n.gitignore\ncascade.toml\n"
    );
    assert_eq!(git_out(&env, &["status", "--porcelain"]), "");
    // Run again: nothing changes, no second commit.
    let a = env.cascade().args(["init"]).assert().success();
    assert!(stdout(&a).ends_with("is already a cascade notebook; nothing changed\n"));
    assert_eq!(git_out(&env, &["rev-list", "--count", "HEAD"]), "1\n");
}

#[test]
fn init_in_an_empty_repository_commits_only_its_own_files_and_leaves_staged_ones_staged() {
    let env = Env::new();
    git_ok(&env, &["init", "-q"]);
    env.write("draft.txt", "mine\n");
    git_ok(&env, &["add", "draft.txt"]);
    env.cascade()
        .args(["init", "--me", "dana"])
        .assert()
        .success();
    assert_eq!(
        git_out(&env, &["show", "--name-only", "--format=%s"]),
        "Start the cascade notebook\n\n.gitignore\ncascade.toml\n"
    );
    assert_eq!(
        git_out(&env, &["diff", "--cached", "--name-only"]),
        "draft.txt\n"
    );
}

#[test]
fn init_in_a_repository_with_history_commits_nothing_and_says_so() {
    let env = Env::new();
    git_ok(&env, &["init", "-q"]);
    env.write("README", "mine\n");
    env.commit_all("mine", "2026-11-01T10:00:00+00:00");
    env.write("draft.txt", "staged\n");
    git_ok(&env, &["add", "draft.txt"]);
    let head = git_out(&env, &["rev-parse", "HEAD"]);
    let a = env
        .cascade()
        .args(["init", "book", "--me", "dana"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains(
            "  not committed: cascade.toml and .gitignore; this repository has history of its own (`cascade commit` commits them with your notes)\n"
        ),
        "{}",
        stdout(&a)
    );
    assert_eq!(git_out(&env, &["rev-parse", "HEAD"]), head);
    assert_eq!(
        git_out(&env, &["diff", "--cached", "--name-only"]),
        "draft.txt\n"
    );
    assert!(env.work().join("book/cascade.toml").is_file());
}

#[test]
fn init_without_a_git_identity_creates_the_notebook_and_says_it_is_not_committed() {
    let env = Env::without_identity();
    let a = env
        .cascade()
        .args(["init", "--me", "dana"])
        .assert()
        .success();
    assert!(env.work().join("cascade.toml").is_file());
    assert!(!stdout(&a).contains("committed"), "{}", stdout(&a));
    assert!(
        stderr(&a).starts_with("warning: the notebook is created but not committed: "),
        "{}",
        stderr(&a)
    );
    assert!(stderr(&a).contains("git config --global user.email"));
    let o = env
        .git(&env.work())
        .args(["rev-parse", "--verify", "-q", "HEAD"])
        .output()
        .unwrap();
    assert!(!o.status.success(), "no commit was made");
    assert_eq!(
        git_out(&env, &["status", "--porcelain"]),
        "?? .gitignore\n?? cascade.toml\n"
    );
}

#[test]
fn commit_stages_cascade_toml_and_templates_changes_with_the_notes() {
    let env = Env::new();
    env.notebook();
    // The people added after init are not committed yet: `commit` takes them.
    let a = env.cascade().args(["commit"]).assert().success();
    let sha = git_out(&env, &["rev-parse", "--short=7", "HEAD"]);
    assert_eq!(
        stdout(&a).replace(sha.trim(), "SHA"),
        "committed 1 file as SHA: update cascade.toml\n  cascade.toml\n"
    );
    assert_eq!(
        git_out(&env, &["log", "-1", "--format=%B"]),
        "update cascade.toml\n\nWeek: 2026-W48\n\n"
    );
    env.cascade()
        .args(["person", "set", "bob", "--cadence", "7"])
        .assert()
        .success();
    env.write("templates/note.md.j2", "{{ report }}\n");
    env.write("templates/.note.md.j2.swp", "swap\n");
    env.write("scratch.txt", "not the notebook's\n");
    env.write(
        "notes/alice/2026-11-24.md",
        note(
            "2026-11-24",
            "alice",
            "duration_min: 30\nshare_with: [sales]\n",
            &body("- One.\n", "- [ ] Two @alice due:2026-12-01\n"),
        ),
    );
    let a = env.cascade().args(["commit"]).assert().success();
    let sha = git_out(&env, &["rev-parse", "--short=7", "HEAD"]);
    assert_eq!(
        stdout(&a).replace(sha.trim(), "SHA"),
        "committed 3 files as SHA: 1:1 alice 2026-11-24; update cascade.toml, templates/note.md.j2\n  cascade.toml\n  notes/alice/2026-11-24.md\n  templates/note.md.j2\n"
    );
    assert_eq!(
        git_out(&env, &["status", "--porcelain"]),
        "?? scratch.txt\n?? templates/.note.md.j2.swp\n"
    );
    assert_eq!(
        git_out(&env, &["show", "HEAD:cascade.toml"]),
        env.read("cascade.toml")
    );
}

/// `cascade ARGS` run by `script` in a pseudo-terminal, so its stdin and stdout are a
/// terminal, with `$VISUAL` set to `visual`; None (the test skips) without `script`.
#[cfg(unix)]
fn in_terminal(env: &Env, args: &str, visual: &str) -> Option<std::process::Output> {
    let probe = std::process::Command::new("script")
        .arg("--version")
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: no util-linux `script` to give cascade a terminal");
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin("cascade");
    let cmd = format!("{} --today {TODAY} {args}", bin.display());
    let out = env
        .plain("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env("VISUAL", visual)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    Some(out)
}

#[cfg(unix)]
#[test]
fn new_opens_the_editor_at_the_first_empty_step_in_a_terminal_and_not_in_a_pipe() {
    use crate::editor::{editor_args, fake_editor, line_of};
    let env = Env::new();
    env.notebook();
    let vim = fake_editor(&env, "vim");
    let vim = vim.to_str().unwrap();
    let args_file = env.tmp.path().join("args.txt");

    // In a pipe (a script, CI): the note is written and no editor starts, $VISUAL or not.
    let a = env
        .cascade()
        .args(["new", "bob", "--date", "2026-11-20"])
        .env("VISUAL", vim)
        .assert()
        .success();
    assert_eq!(stdout(&a), "created notes/bob/2026-11-20.md\n");
    assert!(!args_file.exists(), "no editor in a pipe");

    // In a terminal with an editor set: it opens at the first empty step.
    let Some(out) = in_terminal(&env, "new alice", vim) else {
        return;
    };
    assert!(out.status.success(), "{out:?}");
    let text = env.read("notes/alice/2026-11-24.md");
    let at = line_of(&text, "## Leverage") + 2;
    assert_eq!(
        editor_args(&env),
        [
            format!("+{at}"),
            "[TMP]/work/notes/alice/2026-11-24.md".to_owned()
        ]
    );

    // `--no-edit` skips it; so does a terminal with no editor set.
    std::fs::remove_file(&args_file).unwrap();
    let out = in_terminal(&env, "new alice --date 2026-11-25 --no-edit", vim).unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(env.work().join("notes/alice/2026-11-25.md").is_file());
    assert!(!args_file.exists(), "--no-edit opened the editor");
    let out = in_terminal(&env, "new alice --date 2026-11-26", "").unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(env.work().join("notes/alice/2026-11-26.md").is_file());
    assert!(!args_file.exists(), "no editor is set");

    // Helix takes `FILE:LINE`.
    let hx = fake_editor(&env, "hx");
    let out = in_terminal(&env, "new bob", hx.to_str().unwrap()).unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = env.read("notes/bob/2026-11-24.md");
    let at = line_of(&text, "## Leverage") + 2;
    assert_eq!(
        editor_args(&env),
        [format!("[TMP]/work/notes/bob/2026-11-24.md:{at}")]
    );
    // `--edit` and `--no-edit` together are a usage error.
    env.cascade()
        .args(["new", "bob", "--date", "2026-11-27", "--edit", "--no-edit"])
        .assert()
        .code(2);
    assert!(!env.work().join("notes/bob/2026-11-27.md").exists());
}

/// (path, rule) of each finding of `cascade lint ARGS --format json`, and its summary.
fn lint_findings(env: &Env, args: &[&str]) -> (Vec<(String, String)>, serde_json::Value) {
    let v = lint_json(env, args);
    let found = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (found, v["summary"].clone())
}

/// `cascade lint ARGS --format json`, parsed.
fn lint_json(env: &Env, args: &[&str]) -> serde_json::Value {
    let o = env
        .cascade()
        .arg("lint")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&o.stdout).unwrap()
}

/// Alice's notes: three meetings (the latest 2026-11-17) and an agenda, with warnings and one
/// error on the older ones; committed.
fn alice_with_older_notes(env: &Env) {
    env.notebook();
    // An older note of alice's: a typo'd key (warning), an action with no due date (error),
    // an open action overdue and never carried (warnings about work open now).
    env.write(
        "notes/alice/2026-11-10.md",
        note(
            "2026-11-10",
            "alice",
            "duration_min: 30\nshare_with: [sales]\ncolour: red\n",
            &body(
                "- Orders are flat.\n",
                "- [ ] Call the bank @alice\n- [ ] Send the deck @alice due:2026-11-12\n",
            ),
        ),
    );
    // Two meetings back: an action left behind long ago, overdue and never carried.
    env.write(
        "notes/alice/2026-11-03.md",
        note(
            "2026-11-03",
            "alice",
            "duration_min: 30\nshare_with: [sales]\n",
            &body(
                "- Orders dip.\n",
                "- [ ] Book the venue @alice due:2026-11-05\n",
            ),
        ),
    );
    // Her latest note: no duration (warning).
    env.write(
        "notes/alice/2026-11-17.md",
        note(
            "2026-11-17",
            "alice",
            "share_with: [sales]\n",
            &body(
                "- Orders grow.\n",
                "- [ ] Call the bank @alice due:2026-12-01\n",
            ),
        ),
    );
    // An agenda: newer than the latest meeting, so its findings show.
    env.write(
        "notes/alice/2026-12-01.md",
        note("2026-12-01", "alice", "colour: blue\n", "## Leverage\n"),
    );
    env.commit_all("notes", "2026-11-17T10:00:00Z");
}

#[test]
fn lint_warns_only_on_each_reports_latest_note_unless_all_and_always_reports_errors() {
    // Warnings on old notes repeated on every run; only rewriting history silenced them.
    let env = Env::new();
    alice_with_older_notes(&env);
    let older = |rule: &str| ("notes/alice/2026-11-10.md".to_owned(), rule.to_owned());
    let oldest = |rule: &str| ("notes/alice/2026-11-03.md".to_owned(), rule.to_owned());
    let (all, summary) = lint_findings(&env, &["--all"]);
    assert!(all.contains(&older("front-matter/unknown-key")), "{all:?}");
    assert!(all.contains(&oldest("actions/overdue")), "{all:?}");
    assert!(all.contains(&oldest("actions/not-carried")), "{all:?}");
    assert!(summary.get("older_notes_not_shown").is_none(), "{summary}");

    let (shown, summary) = lint_findings(&env, &[]);
    assert!(
        !shown.contains(&older("front-matter/unknown-key")),
        "{shown:?}"
    );
    assert!(
        shown.contains(&older("actions/due")),
        "errors always: {shown:?}"
    );
    // On the note the latest one carried from, an action left behind shows, once.
    assert!(shown.contains(&older("actions/overdue")), "{shown:?}");
    assert!(shown.contains(&older("actions/not-carried")), "{shown:?}");
    // Further back it is history: `cascade actions --overdue` still lists it.
    assert!(!shown.contains(&oldest("actions/overdue")), "{shown:?}");
    assert!(!shown.contains(&oldest("actions/not-carried")), "{shown:?}");
    assert!(shown.contains(&(
        "notes/alice/2026-11-17.md".to_owned(),
        "leverage/missing".to_owned()
    )));
    assert!(shown.contains(&(
        "notes/alice/2026-12-01.md".to_owned(),
        "front-matter/unknown-key".to_owned()
    )));
    let hidden: Vec<_> = all.iter().filter(|f| !shown.contains(f)).collect();
    assert!(
        hidden
            .iter()
            .all(|(p, _)| p == "notes/alice/2026-11-10.md" || p == "notes/alice/2026-11-03.md"),
        "{hidden:?}"
    );
    assert_eq!(summary["older_notes_not_shown"], hidden.len(), "{summary}");
    assert_eq!(summary["errors"], 1);

    // The human summary says how many were left out and how to see them; exit code unchanged.
    let a = env.cascade().args(["lint"]).assert().code(1);
    assert!(
        stdout(&a).ends_with(&format!(
            " ({} more on older notes: `cascade lint --all` shows them)\n",
            hidden.len()
        )),
        "{}",
        stdout(&a)
    );
    assert!(!stdout(&a).contains("colour: red"), "{}", stdout(&a));
}

#[test]
fn rules_raised_to_errors_show_on_every_older_note_with_their_line() {
    // An older note's warnings are counted as the note is checked and never worded; a rule the
    // config makes an error is shown there in full, its line quoted.
    let env = Env::new();
    alice_with_older_notes(&env);
    env.write(
        "cascade.toml",
        format!(
            "{}\n[lint.rules]\n\"actions/not-carried\" = \"error\"\n\"front-matter/unknown-key\" = \"error\"\n",
            env.read("cascade.toml")
        ),
    );
    let v = lint_json(&env, &[]);
    let on = |path: &str, rule: &str| {
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"] == path && d["rule"] == rule)
            .cloned()
    };
    let carried = on("notes/alice/2026-11-03.md", "actions/not-carried").expect("shown");
    assert_eq!(carried["severity"], "error");
    assert!(
        carried["message"].as_str().unwrap().contains("still open"),
        "{carried}"
    );
    let key = on("notes/alice/2026-11-10.md", "front-matter/unknown-key").expect("shown");
    assert_eq!(key["severity"], "error");
    // Both quote their line in the snippet.
    let a = env.cascade().args(["lint"]).assert().code(1);
    let text = stdout(&a);
    for (at, line) in [
        (
            "notes/alice/2026-11-03.md:",
            "- [ ] Book the venue @alice due:2026-11-05",
        ),
        ("notes/alice/2026-11-10.md:", "colour: red"),
    ] {
        let found = text
            .split("\n\n")
            .any(|block| block.contains(at) && block.contains(line));
        assert!(found, "{line} under {at}: {text}");
    }
    // Still a warning, still left out there.
    assert!(on("notes/alice/2026-11-03.md", "actions/overdue").is_none());
    let (all, _) = lint_findings(&env, &["--all"]);
    let (shown, summary) = lint_findings(&env, &[]);
    assert_eq!(
        summary["older_notes_not_shown"],
        all.len() - shown.len(),
        "{summary}"
    );
}

#[test]
fn lint_of_a_named_file_or_of_staged_notes_shows_every_warning_of_an_older_note() {
    let env = Env::new();
    alice_with_older_notes(&env);
    let older = |rule: &str| ("notes/alice/2026-11-10.md".to_owned(), rule.to_owned());
    let (shown, _) = lint_findings(&env, &[]);
    assert!(
        !shown.contains(&older("front-matter/unknown-key")),
        "{shown:?}"
    );
    // A folder is filtered like the notebook; a file named is shown in full.
    let (folder, _) = lint_findings(&env, &["notes/alice"]);
    assert_eq!(folder, shown);
    let (file, summary) = lint_findings(&env, &["notes/alice/2026-11-10.md"]);
    assert!(
        file.contains(&older("front-matter/unknown-key")),
        "{file:?}"
    );
    assert!(summary.get("older_notes_not_shown").is_none(), "{summary}");
    // `--staged` (the pre-commit hook) lints what is about to be committed in full.
    env.write(
        "notes/alice/2026-11-10.md",
        env.read("notes/alice/2026-11-10.md")
            .replace("Orders are flat", "Orders are low"),
    );
    let st = env
        .git(&env.work())
        .args(["add", "notes/alice/2026-11-10.md"])
        .status()
        .unwrap();
    assert!(st.success());
    let (staged, _) = lint_findings(&env, &["--staged"]);
    assert!(
        staged.contains(&older("front-matter/unknown-key")),
        "{staged:?}"
    );
}
