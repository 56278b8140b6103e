//! Commits go through the user's `git`: filters, hooks, GIT_DIR, exactly the intended paths,
//! and no read error taken for a deletion (refusals before anything is written: `git_refusals.rs`).

use std::path::Path;

use crate::common::*;

pub(crate) fn note(date: &str, report: &str, body: &str) -> String {
    format!(
        "---\ndate: {date}\nreport: {report}\nsupervisor: dana\nduration_min: 30\nshare_with: [sales]\n---\n\n## Leverage\nPlan the quarter with the whole team, step by step.\n\n## Common base\nOrders are counted weekly.\n\n## Reverse teaching\nShe showed me the new CRM view.\n\n## Joint data analysis\nOrders dipped.\n\n## Conclusions\n- Hold prices until January. share:sales\n\n## Cascading actions\n- [ ] Call the bank @{report} due:2026-12-01\n{body}"
    )
}

/// `git ARGS` in `dir`, which must succeed; its stdout.
fn git_in(env: &Env, dir: &Path, args: &[&str]) -> String {
    let o = env.git(dir).args(args).output().unwrap();
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub(crate) fn git(env: &Env, args: &[&str]) -> String {
    git_in(env, &env.work(), args)
}

/// A notebook with alice's and bob's notes committed.
pub(crate) fn committed_notebook(env: &Env) {
    env.notebook();
    env.write("notes/alice/2026-11-17.md", note("2026-11-17", "alice", ""));
    env.write("notes/bob/2026-11-18.md", note("2026-11-18", "bob", ""));
    env.commit_all("notes", "2026-11-18T10:00:00+00:00");
}

fn write_hook(env: &Env, name: &str, script: &str) {
    let p = env.write(&format!(".git/hooks/{name}"), script);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn rot13(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'a'..='z' => (((c as u8 - b'a') + 13) % 26 + b'a') as char,
            'A'..='Z' => (((c as u8 - b'A') + 13) % 26 + b'A') as char,
            _ => c,
        })
        .collect()
}

/// Issue 10, item 1: libgit2 skipped clean filters, so "encrypted" notes were committed in
/// plain text. Through git, the committed blob is the cleaned one.
#[test]
fn commit_runs_clean_filters_so_encrypted_notes_stay_encrypted() {
    let env = Env::new();
    committed_notebook(&env);
    let rot = "tr A-Za-z N-ZA-Mn-za-m";
    git(&env, &["config", "filter.x.clean", rot]);
    git(&env, &["config", "filter.x.smudge", rot]);
    git(&env, &["config", "filter.x.required", "true"]);
    env.write(".gitattributes", "notes/** filter=x\ndigests/** filter=x\n");
    env.commit_all("attributes", "2026-11-19T10:00:00+00:00");
    let text = note(
        "2026-11-24",
        "alice",
        "\n## Private\nplaintextcanary stays between us.\n",
    );
    env.write("notes/alice/2026-11-24.md", &text);
    env.cascade().args(["commit"]).assert().success();
    let blob = git(
        &env,
        &["cat-file", "blob", "HEAD:notes/alice/2026-11-24.md"],
    );
    assert_eq!(blob, rot13(&text));
    assert!(!blob.contains("plaintextcanary"));
    assert_eq!(git(&env, &["status", "--porcelain"]), "");

    let a = env
        .cascade()
        .args(["digest", "--commit", "--week", "2026-W48"])
        .assert()
        .success();
    assert!(stdout(&a).starts_with("committed digests/2026-W48.md ("));
    let digest = env.read("digests/2026-W48.md");
    assert!(digest.contains("Hold prices until January"), "{digest}");
    assert_eq!(
        git(&env, &["cat-file", "blob", "HEAD:digests/2026-W48.md"]),
        rot13(&digest)
    );
    // Again: the cleaned blob differs from the file, yet nothing changed: no commit.
    let head = git(&env, &["rev-parse", "HEAD"]);
    let a = env
        .cascade()
        .args(["digest", "--commit", "--week", "2026-W48"])
        .assert()
        .success();
    assert_eq!(
        stdout(&a),
        "digests/2026-W48.md is up to date; nothing to commit\n"
    );
    assert_eq!(git(&env, &["rev-parse", "HEAD"]), head);
}

/// Issue 10, item 2: GIT_DIR and GIT_WORK_TREE were ignored, and a notebook whose repository
/// is elsewhere was committed into the unrelated repository around it.
#[test]
fn a_notebook_with_its_own_git_dir_commits_there_not_into_the_enclosing_repository() {
    let env = Env::new();
    git(&env, &["init", "-q"]);
    env.write("outer.txt", "outer\n");
    env.commit_all("outer", "2026-11-01T10:00:00+00:00");
    let outer_head = git(&env, &["rev-parse", "HEAD"]);
    let gd = env.tmp.path().join("book.git");
    let st = env
        .git(env.tmp.path())
        .arg("--git-dir")
        .arg(&gd)
        .args(["init", "-q"])
        .status()
        .unwrap();
    assert!(st.success());
    let book = env.work().join("book");
    std::fs::create_dir_all(&book).unwrap();
    let with_env = |mut c: assert_cmd::Command| {
        c.env("GIT_DIR", &gd).env("GIT_WORK_TREE", &book);
        c
    };
    with_env(env.cascade())
        .args(["init", "book", "--me", "dana"])
        .assert()
        .success();
    with_env(env.cascade())
        .args(["-C", "book", "person", "add", "alice", "--group", "sales"])
        .assert()
        .success();
    env.write(
        "book/notes/alice/2026-11-24.md",
        note("2026-11-24", "alice", "\n## Private\nsecretcanary\n"),
    );
    let a = with_env(env.cascade())
        .args(["-C", "book", "commit", "--no-verify"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("\n  notes/alice/2026-11-24.md\n"),
        "{}",
        stdout(&a)
    );
    with_env(env.cascade())
        .args(["-C", "book", "digest", "--commit", "--week", "2026-W48"])
        .assert()
        .success();
    // Both commits are in the notebook's own repository, with paths from its work tree.
    let own = |args: &[&str]| {
        let o = env
            .git(env.tmp.path())
            .arg("--git-dir")
            .arg(&gd)
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success());
        String::from_utf8(o.stdout).unwrap()
    };
    assert_eq!(
        own(&["log", "--format=%s", "--name-only"]),
        "Digest 2026-W48\n\ndigests/2026-W48.md\n1:1 alice 2026-11-24; update cascade.toml\n\ncascade.toml\nnotes/alice/2026-11-24.md\nStart the cascade notebook\n\n.gitignore\ncascade.toml\n"
    );
    // The enclosing repository got nothing: no commit, nothing staged.
    assert_eq!(git(&env, &["rev-parse", "HEAD"]), outer_head);
    assert_eq!(git(&env, &["diff", "--cached", "--name-only"]), "");
    assert!(!git(&env, &["log", "--all", "-p"]).contains("secretcanary"));
}

/// Issue 10, item 8: `cascade commit` never ran the user's pre-commit hook, so a secret
/// scanner was bypassed. It runs; when it refuses, nothing is committed or left staged.
#[test]
fn commit_runs_the_users_pre_commit_hook_and_stops_when_it_refuses() {
    let env = Env::new();
    committed_notebook(&env);
    write_hook(
        &env,
        "pre-commit",
        "#!/bin/sh\necho ran >> .git/hook-ran\necho 'secret scanner: BLOCKED notes/bob' >&2\nexit 1\n",
    );
    let head = git(&env, &["rev-parse", "HEAD"]);
    env.write("notes/bob/2026-11-24.md", note("2026-11-24", "bob", ""));
    let a = env.cascade().args(["commit"]).assert().code(2);
    let err = stderr(&a);
    assert!(err.contains("secret scanner: BLOCKED notes/bob"), "{err}");
    assert!(err.contains("nothing was committed"), "{err}");
    assert!(err.contains("--no-verify"), "{err}");
    assert_eq!(env.read(".git/hook-ran"), "ran\n");
    assert_eq!(git(&env, &["rev-parse", "HEAD"]), head);
    assert_eq!(
        git(&env, &["status", "--porcelain"]),
        "?? notes/bob/2026-11-24.md\n"
    );

    // --no-verify skips it, as with git.
    env.cascade()
        .args(["commit", "--no-verify"])
        .assert()
        .success();
    assert_eq!(env.read(".git/hook-ran"), "ran\n");
    assert_eq!(
        git(&env, &["show", "--name-only", "--format="]),
        "notes/bob/2026-11-24.md\n"
    );

    // A hook that agrees lets the commit through, and has run; so does commit-msg.
    write_hook(
        &env,
        "pre-commit",
        // As under a plain `git commit`, in the work tree, GIT_DIR not set.
        "#!/bin/sh\necho \"ran ${GIT_DIR-without GIT_DIR} in $(pwd)\" >> .git/hook-ran\n",
    );
    write_hook(
        &env,
        "commit-msg",
        "#!/bin/sh\nprintf 'Checked-by: policy\\n' >> \"$1\"\n",
    );
    let t = env
        .read("notes/bob/2026-11-24.md")
        .replace("- [ ] Call", "- [x] Call");
    env.write("notes/bob/2026-11-24.md", t);
    env.cascade().args(["commit"]).assert().success();
    assert_eq!(
        env.read(".git/hook-ran"),
        format!(
            "ran\nran without GIT_DIR in {}\n",
            env.work().canonicalize().unwrap().display()
        )
    );
    assert_eq!(
        git(&env, &["log", "-1", "--format=%B"]),
        "1:1 bob 2026-11-24\n\nReport: bob\nWeek: 2026-W48\nChecked-by: policy\n\n"
    );
    assert_eq!(git(&env, &["status", "--porcelain"]), "");
}

/// Issue 10, item 9: an unreadable report folder made `commit` record every note of that
/// report as deleted. They are left out, with a warning naming the folder.
#[test]
fn an_unreadable_report_folder_is_not_committed_as_deleted() {
    let env = Env::new();
    committed_notebook(&env);
    let t = env
        .read("notes/alice/2026-11-17.md")
        .replace("- [ ] Call", "- [x] Call");
    env.write("notes/alice/2026-11-17.md", t);
    let head = git(&env, &["rev-parse", "HEAD"]);
    let Some(mut cascade) = env.unprivileged() else {
        return;
    };
    use std::os::unix::fs::PermissionsExt;
    let bob = env.work().join("notes/bob");
    std::fs::set_permissions(&bob, std::fs::Permissions::from_mode(0o000)).unwrap();
    let o = cascade.arg("commit").output().unwrap();
    std::fs::set_permissions(&bob, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("cannot read notes/bob/ (Permission denied"),
        "{err}"
    );
    assert!(
        err.contains("its files are left out of this commit, not recorded as deleted"),
        "{err}"
    );
    assert_eq!(git(&env, &["rev-parse", "HEAD~1"]), head);
    assert_eq!(
        git(&env, &["show", "--name-status", "--format="]),
        "M\tnotes/alice/2026-11-17.md\n"
    );
    assert_eq!(
        git(&env, &["ls-tree", "-r", "--name-only", "HEAD", "notes/bob"]),
        "notes/bob/2026-11-18.md\n"
    );
    assert_eq!(git(&env, &["status", "--porcelain"]), "");

    // An unreadable note, likewise: left out, named, not deleted.
    let head = git(&env, &["rev-parse", "HEAD"]);
    let alice = env.work().join("notes/alice/2026-11-17.md");
    std::fs::write(&alice, "changed\n").unwrap();
    let Some(mut cascade) = env.unprivileged() else {
        return;
    };
    std::fs::set_permissions(&alice, std::fs::Permissions::from_mode(0o000)).unwrap();
    let o = cascade.arg("commit").output().unwrap();
    std::fs::set_permissions(&alice, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("cannot read notes/alice/2026-11-17.md (Permission denied (os error 13)): it is left out of this commit, not recorded as deleted"),
        "{err}"
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "nothing to commit: no note, digest, cascade.toml or template has changed\n"
    );
    assert_eq!(git(&env, &["rev-parse", "HEAD"]), head);
    assert_eq!(
        git(&env, &["status", "--porcelain"]),
        " M notes/alice/2026-11-17.md\n"
    );
}

/// Issue 10, item 21: a line break in a note's file name injected lines (a `Report:`
/// trailer) into the commit message.
#[test]
fn a_newline_in_a_note_file_name_adds_no_line_to_the_commit_message() {
    let env = Env::new();
    committed_notebook(&env);
    env.write(
        "notes/alice/a\nReport: x.md",
        note("2026-11-24", "alice", ""),
    );
    let a = env
        .cascade()
        .args(["commit", "--no-verify"])
        .assert()
        .success();
    assert!(
        stdout(&a).ends_with("\n  notes/alice/a\\nReport: x.md\n"),
        "{}",
        stdout(&a)
    );
    assert_eq!(
        git(&env, &["log", "-1", "--format=%B"]),
        "1:1 alice a\\nReport: x\n\nReport: alice\nWeek: 2026-W48\n\n"
    );
    assert_eq!(
        git(
            &env,
            &["log", "-1", "--format=%(trailers:key=Report,valueonly)"]
        ),
        "alice\n\n"
    );
    assert_eq!(
        git(&env, &["show", "-z", "--name-only", "--format="]),
        "notes/alice/a\nReport: x.md\0"
    );
}

/// `cascade init` creates the repository with `git init`: the user's default branch and
/// template apply.
#[test]
fn init_creates_the_repository_with_git_so_the_users_defaults_apply() {
    let env = Env::new();
    let tpl = env.tmp.path().join("template");
    std::fs::create_dir_all(tpl.join("info")).unwrap();
    std::fs::write(tpl.join("info/exclude"), "from-the-template\n").unwrap();
    std::fs::write(
        env.home().join(".gitconfig"),
        format!(
            "[user]\n\tname = Test User\n\temail = test@example.com\n[init]\n\tdefaultBranch = trunk\n\ttemplateDir = {}\n",
            tpl.display()
        ),
    )
    .unwrap();
    env.cascade()
        .args(["init", "--me", "dana"])
        .assert()
        .success();
    assert_eq!(env.read(".git/HEAD"), "ref: refs/heads/trunk\n");
    assert_eq!(env.read(".git/info/exclude"), "from-the-template\n");
}

/// The demo commits through git too: its own identity and dates, deterministic, untouched by
/// the user's hooks (from a template) and signing settings.
#[test]
fn the_demo_commits_through_git_with_its_own_dated_history() {
    let env = Env::new();
    let tpl = env.tmp.path().join("template");
    std::fs::create_dir_all(tpl.join("hooks")).unwrap();
    let hook = tpl.join("hooks/pre-commit");
    std::fs::write(&hook, "#!/bin/sh\nexit 1\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(
        env.home().join(".gitconfig"),
        format!(
            "[user]\n\tname = Test User\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n\ttemplateDir = {}\n[commit]\n\tgpgSign = true\n[gpg]\n\tprogram = false\n",
            tpl.display()
        ),
    )
    .unwrap();
    env.cascade().args(["demo", "one"]).assert().success();
    env.cascade().args(["demo", "two"]).assert().success();
    let one = env.work().join("one");
    let two = env.work().join("two");
    assert_eq!(
        git_in(&env, &one, &["rev-parse", "HEAD"]),
        git_in(&env, &two, &["rev-parse", "HEAD"])
    );
    let who = git_in(&env, &one, &["log", "--format=%an <%ae> %cn %ad"]);
    assert!(who.lines().count() > 40, "{who}");
    assert!(
        who.lines()
            .all(|l| l.starts_with("Dana Demo <dana@example.com> Dana Demo ")),
        "{who}"
    );
    assert_eq!(git_in(&env, &one, &["status", "--porcelain"]), "");
    assert!(one.join(".git/hooks/pre-commit").exists());
}

/// Issue 10, follow-up: under a clean filter the index holds the cleaned bytes, and the
/// pre-commit hook linted them (ciphertext: encoding errors), refusing every commit. It lints
/// what the user wrote: a valid note commits, still encrypted; an invalid one is refused with
/// its own finding, quoting nothing private; without the filter configured, the staged version
/// cannot be read in clear and the commit is refused saying so.
#[test]
fn the_pre_commit_hook_lints_notes_in_clear_under_a_clean_filter() {
    let env = Env::new();
    committed_notebook(&env);
    let rot = "tr A-Za-z N-ZA-Mn-za-m";
    git(&env, &["config", "filter.x.clean", rot]);
    git(&env, &["config", "filter.x.smudge", rot]);
    git(&env, &["config", "filter.x.required", "true"]);
    env.write(".gitattributes", "notes/** filter=x\n");
    env.commit_all("attributes", "2026-11-19T10:00:00+00:00");
    env.cascade().args(["hook", "install"]).assert().success();
    let plain_commit = |msg: &str| {
        env.git(&env.work())
            .args(["commit", "-m", msg])
            .output()
            .unwrap()
    };

    // A valid note: the hook passes, and the blob committed is the cleaned one.
    let text = note(
        "2026-11-24",
        "alice",
        "\n## Private\nplaintextcanary stays between us.\n",
    );
    env.write("notes/alice/2026-11-24.md", &text);
    git(&env, &["add", "notes/alice/2026-11-24.md"]);
    let head = git(&env, &["rev-parse", "HEAD"]);
    let o = plain_commit("valid note");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_ne!(git(&env, &["rev-parse", "HEAD"]), head);
    assert_eq!(
        git(
            &env,
            &["cat-file", "blob", "HEAD:notes/alice/2026-11-24.md"]
        ),
        rot13(&text)
    );
    assert_eq!(git(&env, &["status", "--porcelain"]), "");

    // An invalid note (an action without an owner): refused with that finding, not with
    // encoding errors, and no private line quoted.
    let broken = note(
        "2026-11-24",
        "bob",
        "\n## Private\nplaintextcanary stays between us.\n",
    )
    .replace(" @bob", "");
    env.write("notes/bob/2026-11-24.md", &broken);
    git(&env, &["add", "notes/bob/2026-11-24.md"]);
    let head = git(&env, &["rev-parse", "HEAD"]);
    let o = plain_commit("invalid note");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(o.status.code(), Some(1), "{said}");
    assert!(said.contains("error[actions/owner]"), "{said}");
    assert!(
        said.contains("--> notes/bob/2026-11-24.md:25:3\n"),
        "{said}"
    );
    assert!(!said.contains("file/encoding"), "{said}");
    assert!(!said.contains("plaintextcanary"), "{said}");
    assert!(said.contains("checked 1 note"), "{said}");
    assert_eq!(git(&env, &["rev-parse", "HEAD"]), head);
    assert_eq!(
        git(&env, &["status", "--porcelain"]),
        "A  notes/bob/2026-11-24.md\n"
    );

    // The work tree fixed but not staged: what is linted is the staged version, smudged.
    env.write("notes/bob/2026-11-24.md", note("2026-11-24", "bob", ""));
    let a = env.cascade().args(["lint", "--staged"]).assert().code(1);
    assert!(
        stdout(&a).contains("error[actions/owner]"),
        "{}",
        stdout(&a)
    );
    assert!(!stdout(&a).contains("file/encoding"), "{}", stdout(&a));
    git(&env, &["add", "notes/bob/2026-11-24.md"]);
    let o = plain_commit("fixed note");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(git(&env, &["status", "--porcelain"]), "");

    // The filter named in .gitattributes but not configured: git stores the bytes as they
    // are, which cascade cannot tell from ciphertext. Refused, saying so, nothing quoted.
    git(&env, &["config", "--remove-section", "filter.x"]);
    env.write(
        "notes/alice/2026-11-25.md",
        text.replace("2026-11-24", "2026-11-25"),
    );
    git(&env, &["add", "notes/alice/2026-11-25.md"]);
    let head = git(&env, &["rev-parse", "HEAD"]);
    let o = plain_commit("unfiltered note");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(o.status.code(), Some(1), "{said}");
    assert!(
        said.contains("error[file/unreadable]: cannot read the staged version in clear: its `filter=x` (from .gitattributes) has no command configured in this repository"),
        "{said}"
    );
    assert!(
        said.contains("--> notes/alice/2026-11-25.md:1:1\n"),
        "{said}"
    );
    assert!(!said.contains("plaintextcanary"), "{said}");
    assert_eq!(git(&env, &["rev-parse", "HEAD"]), head);
}

/// Issue 10, follow-up: when the staged version differs from the file and the filter's smudge
/// fails, git hands back the raw blob (unless the filter is required), and lint would have
/// checked ciphertext. It is one finding saying it could not be read in clear.
#[test]
fn a_staged_note_whose_smudge_fails_is_reported_unreadable_not_linted_as_ciphertext() {
    let env = Env::new();
    committed_notebook(&env);
    git(
        &env,
        &["config", "filter.x.clean", "tr A-Za-z N-ZA-Mn-za-m"],
    );
    git(&env, &["config", "filter.x.smudge", "false"]);
    env.write(".gitattributes", "notes/** filter=x\n");
    git(&env, &["add", ".gitattributes"]);
    let text = note(
        "2026-11-24",
        "alice",
        "\n## Private\nplaintextcanary stays between us.\n",
    );
    env.write("notes/alice/2026-11-24.md", &text);
    git(&env, &["add", "notes/alice/2026-11-24.md"]);
    // The file changed since it was staged: the staged version must be smudged back.
    env.write(
        "notes/alice/2026-11-24.md",
        text.replace("Orders dipped.", "Orders rose."),
    );
    let staged = git(&env, &["rev-parse", ":notes/alice/2026-11-24.md"]);
    let a = env.cascade().args(["lint", "--staged"]).assert().code(1);
    let out = format!("{}{}", stdout(&a), stderr(&a));
    assert_eq!(
        out,
        "error[file/unreadable]: cannot read the staged version in clear: its filter `x` could not read the staged version back in clear (git cat-file --filters: exit 128); it was not checked\n --> notes/alice/2026-11-24.md:1:1\n  = help: configure the filter (unlock the repository: `git-crypt unlock`, `transcrypt`…) and `git add` the note again\n\nchecked 1 note: 1 error, 0 warnings in 1 file\n"
    );
    assert!(!out.contains("plaintextcanary") && !out.contains("cynvagrkgpnanel"));
    // Nothing was changed: the same version staged, the file as written.
    assert_eq!(
        git(&env, &["rev-parse", ":notes/alice/2026-11-24.md"]),
        staged
    );
    assert_eq!(
        env.read("notes/alice/2026-11-24.md"),
        text.replace("Orders dipped.", "Orders rose.")
    );
    // The notes committed before the filter may show as modified (they would now be stored
    // filtered), or not: git reads them through the filter only when their timestamps are too
    // close to the index's to trust, which depends on how fast the test ran.
    let status = git(&env, &["status", "--porcelain"]);
    let (before_filter, rest): (Vec<&str>, Vec<&str>) = status
        .lines()
        .partition(|l| *l == " M notes/alice/2026-11-17.md" || *l == " M notes/bob/2026-11-18.md");
    assert_eq!(
        rest,
        ["A  .gitattributes", "AM notes/alice/2026-11-24.md"],
        "{status}"
    );
    assert!(before_filter.len() <= 2, "{status}");
}
