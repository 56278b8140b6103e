//! init, person add, new.

use crate::common::*;

#[test]
fn new_carries_exactly_the_open_actions() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-10.md",
        "---\ndate: 2026-11-10\nreport: alice\nsupervisor: dana\nindicators:\n  orders: 412\n---\n## Cascading actions\n- [ ] one @alice due:2026-11-20\n- [x] two @dana due:2026-11-12\n- [ ] three @alice due:2026-11-21\n- [-] four @alice due:2026-11-22\n- [ ] five @bob due:2026-11-23 (from 2026-10-01)\n",
    );
    let a = env
        .cascade()
        .args(["new", "alice", "--date", "2026-11-17"])
        .assert()
        .success();
    assert_eq!(
        stdout(&a),
        "created notes/alice/2026-11-17.md (carried 3 open actions from 2026-11-10)\n"
    );
    let text = env.read("notes/alice/2026-11-17.md");
    let carried: Vec<&str> = text.lines().filter(|l| l.starts_with("- [")).collect();
    assert_eq!(
        carried,
        vec![
            "- [ ] one @alice due:2026-11-20 (from 2026-11-10)",
            "- [ ] three @alice due:2026-11-21 (from 2026-11-10)",
            "- [ ] five @bob due:2026-11-23 (from 2026-10-01)",
        ]
    );
    assert!(text.contains("last meeting (2026-11-10): orders 412"));
}

#[test]
fn demo_builds_a_dated_notebook_and_refuses_a_non_empty_dir() {
    let env = Env::new();
    let a = env.cascade().args(["demo", "sample"]).assert().success();
    let out = stdout(&a);
    assert!(out.contains("5 people, "), "{out}");
    assert!(out.contains("# Cascade digest 2026-W47"), "{out}");
    assert!(out.contains("eli ") && out.contains("overdue"), "{out}");
    assert!(out.contains("cascade new alice"), "{out}");
    // Lint on the sample: chen's latest note is left incomplete on purpose.
    assert!(
        out.contains("error[steps/empty]: `Leverage` is empty\n  --> notes/chen/"),
        "{out}"
    );
    assert!(
        out.contains("checked 34 notes: 2 errors, 1 warning"),
        "{out}"
    );
    assert!(
        !out.contains("feeling stretched"),
        "private text leaked: {out}"
    );
    let dir = env.work().join("sample");
    let log = env
        .git(&dir)
        .args(["log", "--format=%ad", "--date=short"])
        .output()
        .unwrap();
    let dates = String::from_utf8(log.stdout).unwrap();
    assert!(dates.lines().count() > 40);
    assert!(
        dates
            .lines()
            .all(|d| d.as_bytes() <= b"2026-11-24".as_slice())
    );
    assert!(dates.lines().any(|d| d < "2026-09-01"));
    let a = env.cascade().args(["demo", "sample"]).assert().code(2);
    assert!(stderr(&a).contains("is not empty"));
}

#[test]
fn row_20_hostile_handles_are_refused_before_touching_the_filesystem() {
    let env = Env::new();
    env.notebook();
    for h in ["../x", "a/b", ".", "", "Alice", "zoë"] {
        let a = env.cascade().args(["new", "--", h]).assert().code(2);
        assert!(stderr(&a).contains("handle"), "{h}: {}", stderr(&a));
    }
    let a = env
        .cascade()
        .args(["person", "add", "--", "../x"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("must start with a lowercase letter or a digit"));
    assert!(!env.work().join("x").exists() && !env.work().join("notes/a").exists());
    let entries: Vec<_> = std::fs::read_dir(env.work().join("notes"))
        .unwrap()
        .collect();
    assert!(entries.is_empty(), "{entries:?}");
}

#[test]
fn row_21_config_errors_name_file_line_and_fix() {
    let env = Env::new();
    env.write(
        "cascade.toml",
        "me = \"dana\"\n[people.alice]\nnmae = \"Alice\"\n",
    );
    let a = env.cascade().args(["new", "alice"]).assert().code(2);
    let err = stderr(&a);
    assert!(
        err.contains("invalid cascade.toml: unknown field `nmae`"),
        "{err}"
    );
    assert!(err.contains("cascade.toml:3:1"), "{err}");
    assert!(err.contains("did you mean `name`?"), "{err}");
}

#[test]
fn row_22_no_notebook_is_a_clear_error() {
    let env = Env::new();
    let a = env.cascade().args(["new", "alice"]).assert().code(2);
    let err = redact(&env, &stderr(&a));
    assert!(
        err.contains("not in a cascade notebook (searched up from [TMP]/work); run `cascade init`")
            || err.contains("not in a cascade notebook (searched up from [TMP]/work)"),
        "{err}"
    );
    assert!(err.contains("cascade init"), "{err}");
}

#[test]
fn row_24_new_refuses_an_existing_note_and_leaves_it_untouched() {
    let env = Env::new();
    env.notebook();
    env.cascade()
        .args(["new", "alice", "--date", "2026-11-20"])
        .assert()
        .success();
    env.write("notes/alice/2026-11-20.md", "my words\n");
    let a = env
        .cascade()
        .args(["new", "alice", "--date", "2026-11-20"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("notes/alice/2026-11-20.md already exists; nothing was written"));
    assert_eq!(env.read("notes/alice/2026-11-20.md"), "my words\n");
    env.cascade()
        .args([
            "new",
            "alice",
            "--date",
            "2026-11-20",
            "--force",
            "--no-carry",
        ])
        .assert()
        .success();
    assert!(
        env.read("notes/alice/2026-11-20.md")
            .starts_with("---\ndate: 2026-11-20\n")
    );
    let names: Vec<String> = std::fs::read_dir(env.work().join("notes/alice"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["2026-11-20.md"], "no temp file is left");
}

#[test]
fn impossible_dates_are_refused_by_new() {
    let env = Env::new();
    env.notebook();
    for d in [
        "2026-02-30",
        "2026-13-01",
        "next tuesday",
        "20260105",
        "2026-01-05T10:00",
    ] {
        let a = env
            .cascade()
            .args(["new", "alice", "--date", d])
            .assert()
            .code(2);
        assert!(
            stderr(&a).contains("expected a real date as YYYY-MM-DD"),
            "{d}"
        );
    }
    assert!(!env.work().join("notes/alice").exists());
}

#[test]
fn init_twice_changes_nothing() {
    let env = Env::new();
    env.cascade()
        .args(["init", "--me", "dana"])
        .assert()
        .success();
    let before = env.read("cascade.toml");
    let a = env.cascade().args(["init"]).assert().success();
    assert!(stdout(&a).ends_with("is already a cascade notebook; nothing changed\n"));
    assert_eq!(env.read("cascade.toml"), before);
}
