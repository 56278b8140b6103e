//! One note inventory: a notebook holding every kind of path the inventory has a rule for
//! gives the same notes and the same warnings in every command that reads notes.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::common::*;

/// Text of the notes outside the notebook, over the cap or behind a FIFO: never in any output.
const CANARY: &str = "CANARY-7f3a";

const SYMLINK: &str = "notes/alice/2026-11-20.md was skipped: symlink not followed: notes must be files inside the notebook";
const FIFO: &str =
    "notes/alice/2026-11-21.md was skipped: a FIFO, not a regular file: it was not opened";
const BIG: &str = "notes/alice/2026-11-22.md was skipped: the file is 11 MB, over the 10 MB cap for a note; it was not read";

fn note(date: &str, conclusion: &str, action: &str) -> String {
    format!(
        "---\ndate: {date}\nreport: alice\nduration_min: 30\nshare_with: [sales]\nindicators:\n  pipeline: 3\n---\n## Conclusions\n- {conclusion}\n## Cascading actions\n- [ ] {action} @alice due:2026-12-15\n"
    )
}

/// A notebook with: a `.md` note, a `.markdown` note, a hidden file, a hidden folder, a
/// symlink out of the notebook, a FIFO named like a note, a folder named like a note and a
/// note over the 10 MB cap. Returns false when no FIFO could be made.
fn hostile_notebook(env: &Env) -> bool {
    env.notebook();
    env.write(
        "notes/alice/2026-11-06.md",
        note(
            "2026-11-06",
            "Pricing page ships first",
            "Draft the Q1 plan",
        ),
    );
    env.write(
        "notes/alice/2026-11-17.markdown",
        note(
            "2026-11-17",
            "Markdown-named conclusion",
            "Call the markdown client",
        ),
    );
    env.write(
        "notes/alice/.#2026-11-14.md",
        note("2026-11-14", CANARY, CANARY),
    );
    env.write(
        "notes/.trash/2026-11-15.md",
        note("2026-11-15", CANARY, CANARY),
    );
    std::fs::write(
        env.tmp.path().join("outside.md"),
        note("2026-11-20", CANARY, CANARY),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "../../../outside.md",
        env.work().join("notes/alice/2026-11-20.md"),
    )
    .unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(env.work().join("notes/alice/2026-11-21.md"))
        .status()
        .is_ok_and(|s| s.success());
    let mut big = note("2026-11-22", CANARY, CANARY);
    big.push_str(&"padding line for a note over the cap\n".repeat(11 * 1024 * 1024 / 37 + 1));
    env.write("notes/alice/2026-11-22.md", big);
    std::fs::create_dir_all(env.work().join("notes/alice/2026-11-27.md")).unwrap();
    made
}

/// The `warning: ` lines of stderr, without the prefix.
fn warnings(stderr: &[u8]) -> BTreeSet<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter_map(|l| l.strip_prefix("warning: "))
        .filter(|l| !l.starts_with("no commits yet"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_command_sees_the_same_notes_and_warnings_in_a_hostile_notebook() {
    let env = Env::new();
    if !hostile_notebook(&env) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let expected: BTreeSet<String> = [SYMLINK, FIFO, BIG].map(str::to_owned).into();
    lint_reports_the_skipped_paths_as_findings(&env, &expected);
    reading_commands_warn_of_the_skipped_paths(&env, &expected);
    new_and_open_use_the_markdown_note(&env, &expected);
}

/// Run cascade in the hostile notebook; the canary never appears in any output.
fn run_hostile(env: &Env, args: &[&str]) -> std::process::Output {
    let out = env
        .cascade()
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains(CANARY), "{args:?} printed the canary:\n{all}");
    out
}

fn lint_reports_the_skipped_paths_as_findings(env: &Env, expected: &BTreeSet<String>) {
    // lint: the same three paths, as findings with the same words.
    let out = run_hostile(env, &["lint", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file_findings: BTreeSet<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"].as_str().unwrap().starts_with("file/"))
        .map(|d| {
            format!(
                "{} was skipped: {}",
                d["path"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(&file_findings, expected);
    let checked: BTreeSet<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| !d["rule"].as_str().unwrap().starts_with("file/"))
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        checked,
        [
            "notes/alice/2026-11-06.md",
            "notes/alice/2026-11-17.markdown"
        ]
        .into()
    );
}

fn reading_commands_warn_of_the_skipped_paths(env: &Env, expected: &BTreeSet<String>) {
    // status: alice was last met on the `.markdown` note's date.
    let out = run_hostile(env, &["status", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(&warnings(&out.stderr), expected);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let alice = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["report"] == "alice")
        .unwrap();
    assert_eq!(alice["last"], "2026-11-17", "{alice}");
    assert_eq!(alice["open_actions"], 2, "{alice}");

    // actions: both notes' actions.
    let out = run_hostile(env, &["actions", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(&warnings(&out.stderr), expected);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Draft the Q1 plan") && text.contains("Call the markdown client"));

    // log: both meetings.
    let out = run_hostile(env, &["log", "alice"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(&warnings(&out.stderr), expected);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2026-11-06") && text.contains("2026-11-17"),
        "{text}"
    );
    assert!(text.contains("2 meetings"), "{text}");

    // trend: the indicator of both notes.
    let out = run_hostile(env, &["trend", "alice", "pipeline"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(&warnings(&out.stderr), expected);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2026-11-06") && text.contains("2026-11-17"),
        "{text}"
    );

    // digest: the `.markdown` note's conclusion is cascaded.
    for format in ["md", "json", "html"] {
        let out = run_hostile(env, &["digest", "--week", "2026-W47", "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert_eq!(&warnings(&out.stderr), expected, "{format}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Markdown-named conclusion"),
            "{format}"
        );
    }
}

fn new_and_open_use_the_markdown_note(env: &Env, expected: &BTreeSet<String>) {
    // new, after the folder named like a note: carries from the `.markdown` note, and the
    // action of the older note it did not carry, still open.
    let out = run_hostile(env, &["new", "alice", "--date", "2026-12-01"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(&warnings(&out.stderr), expected);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "created notes/alice/2026-12-01.md (carried 2 open actions: 1 from 2026-11-17, 1 still open in older notes)\n"
    );
    let created = env.read("notes/alice/2026-12-01.md");
    assert!(
        created.contains("- [ ] Call the markdown client @alice due:2026-12-15 (from 2026-11-17)")
    );

    // open: the latest note, never the FIFO or the folder.
    let out = env
        .cascade()
        .env("EDITOR", "true")
        .args(["open", "alice"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("opening notes/alice/2026-12-01.md"));
}

#[test]
fn lint_file_new_and_open_never_hang_on_a_fifo_named_like_a_note() {
    let env = Env::new();
    env.notebook();
    let fifo = env.work().join("notes/alice/2026-11-20.md");
    std::fs::create_dir_all(fifo.parent().unwrap()).unwrap();
    if !std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let out = env
        .cascade()
        .args(["lint", "notes/alice/2026-11-20.md"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("a FIFO, not a regular file: it was not opened"),
        "{text}"
    );
    let out = env
        .cascade()
        .args(["new", "alice", "--date", "2026-11-24"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        warnings(&out.stderr),
        [FIFO.replace("2026-11-21", "2026-11-20")].into()
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "created notes/alice/2026-11-24.md\n"
    );
    std::fs::remove_file(env.work().join("notes/alice/2026-11-24.md")).unwrap();
    let out = env
        .cascade()
        .env("EDITOR", "true")
        .args(["open", "alice"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("alice has no notes yet"));
    // The FIFO is still there, never replaced or read.
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[test]
fn new_force_refuses_a_note_symlinked_out_of_the_notebook() {
    let env = Env::new();
    env.notebook();
    let outside = env.tmp.path().join("outside.md");
    std::fs::write(&outside, format!("{CANARY}\n")).unwrap();
    std::fs::create_dir_all(env.work().join("notes/alice")).unwrap();
    let link = env.work().join("notes/alice/2026-11-20.md");
    std::os::unix::fs::symlink(&outside, &link).unwrap();
    let out = env
        .cascade()
        .args(["new", "alice", "--date", "2026-11-20", "--force"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: notes/alice/2026-11-20.md is a symlink to a file outside the notebook's notes; nothing was written\n  |\n  = help: remove the link, or write to the file it points to yourself\n"
    );
    assert_eq!(
        std::fs::read_to_string(&outside).unwrap(),
        format!("{CANARY}\n")
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // Without --force, the link is an existing note: refused as before.
    let out = env
        .cascade()
        .args(["new", "alice", "--date", "2026-11-20"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    // A link to a note inside `notes/` is written through, and stays a link.
    env.write("notes/alice/real.md", "old\n");
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink("real.md", &link).unwrap();
    env.cascade()
        .args(["new", "alice", "--date", "2026-11-20", "--force"])
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        env.read("notes/alice/real.md")
            .starts_with("---\ndate: 2026-11-20\n")
    );
}

#[test]
fn a_folder_named_like_a_note_does_not_break_new_for_later_dates() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-20.md",
        note("2026-11-20", "Shipped", "Draft the Q1 plan"),
    );
    std::fs::create_dir_all(env.work().join("notes/alice/2026-11-27.md")).unwrap();
    env.cascade()
        .args(["new", "alice", "--date", "2026-12-04"])
        .assert()
        .success()
        .stdout("created notes/alice/2026-12-04.md (carried 1 open action from 2026-11-20)\n")
        .stderr("");
    let out = env
        .cascade()
        .args(["lint", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files_checked"], 2, "{v}");
}

#[test]
fn an_unreadable_report_folder_is_a_warning_in_every_command_not_never_met() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/bob/2026-11-20.md",
        "---\ndate: 2026-11-20\nreport: bob\n---\n## Conclusions\n- fine\n",
    );
    std::fs::set_permissions(
        env.work().join("notes/bob"),
        std::os::unix::fs::PermissionsExt::from_mode(0o000),
    )
    .unwrap();
    let expected = "notes/bob was skipped: cannot read: Permission denied (os error 13)".to_owned();
    // Every command that reads bob's folder says so; `log` and `trend` of alice read only
    // alice's folders, so they have nothing to say about bob's.
    for args in [
        &["status"][..],
        &["actions"][..],
        &["log", "bob"][..],
        &["trend", "bob"][..],
        &["digest"][..],
    ] {
        let Some(mut c) = env.unprivileged() else {
            return;
        };
        let out = c.args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
        assert_eq!(warnings(&out.stderr), [expected.clone()].into(), "{args:?}");
    }
    for args in [&["log", "alice"][..], &["trend", "alice"][..]] {
        let Some(mut c) = env.unprivileged() else {
            return;
        };
        let out = c.args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
        assert!(warnings(&out.stderr).is_empty(), "{args:?}: {out:?}");
    }
    let Some(mut c) = env.unprivileged() else {
        return;
    };
    let out = c.args(["lint", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["rule"], "file/unreadable", "{v}");
    assert_eq!(d["path"], "notes/bob", "{v}");
    assert_eq!(d["message"], "cannot read: Permission denied (os error 13)");
    assert_eq!(d["help"], "check the permissions of that folder");
}

#[test]
fn digest_and_status_skip_a_note_over_the_configured_cap_with_a_warning() {
    let env = Env::new();
    env.notebook();
    let config = env.read("cascade.toml");
    env.write(
        "cascade.toml",
        format!("{config}\n[lint]\nmax_file_bytes = 2000\n"),
    );
    let mut big = note("2026-11-23", CANARY, CANARY);
    big.push_str(&"x".repeat(3000));
    env.write("notes/alice/2026-11-23.md", big);
    env.write(
        "notes/alice/2026-11-16.md",
        note("2026-11-16", "Small note", "Small action"),
    );
    let size = std::fs::metadata(env.work().join("notes/alice/2026-11-23.md"))
        .unwrap()
        .len();
    let expected: BTreeSet<String> = [format!("notes/alice/2026-11-23.md was skipped: the file is {size} bytes, over the 2000 bytes cap for a note; it was not read")].into();
    for args in [
        &["status"][..],
        &["digest"][..],
        &["digest", "--format", "json"][..],
    ] {
        let out = env.cascade().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
        assert_eq!(warnings(&out.stderr), expected, "{args:?}");
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains(CANARY),
            "{args:?}"
        );
    }
    let out = env
        .cascade()
        .args(["status", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["reports"][0]["last"], "2026-11-16", "{v}");
}

#[test]
fn new_does_not_make_a_second_note_beside_a_markdown_note_of_that_day() {
    let env = Env::new();
    env.notebook();
    let text = note("2026-11-24", "Kept", "Kept action");
    env.write("notes/alice/2026-11-24.markdown", &text);
    let out = env
        .cascade()
        .args(["new", "alice", "--date", "2026-11-24"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: notes/alice/2026-11-24.markdown already exists; nothing was written\n  |\n  = help: pass `--force` to replace it, or edit the existing file\n"
    );
    assert_eq!(env.names("notes/alice"), vec!["2026-11-24.markdown"]);
    assert_eq!(env.read("notes/alice/2026-11-24.markdown"), text);
    env.cascade()
        .args(["new", "alice", "--date", "2026-11-24", "--force"])
        .assert()
        .success()
        .stdout("created notes/alice/2026-11-24.markdown\n");
    assert_eq!(env.names("notes/alice"), vec!["2026-11-24.markdown"]);
    assert!(
        env.read("notes/alice/2026-11-24.markdown")
            .starts_with("---\ndate: 2026-11-24\n")
    );
}
