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
