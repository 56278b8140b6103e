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

/// Issue 11: config errors were located with `text.find`, so a bad `me` after a comment that
/// names `me` was reported at line 1, the comment, and a bad `cadence_days` at the first one
/// written. Each is reported at its own key, with that line as the snippet.
#[test]
fn config_errors_point_at_the_keys_own_line_not_the_first_mention() {
    let env = Env::new();
    let at = |text: &str| {
        env.write("cascade.toml", text);
        let a = env.cascade().args(["status"]).assert().code(2);
        assert_eq!(stdout(&a), "");
        stderr(&a)
    };
    let err = at(
        "# me is my handle; cadence_days is per person.\n# me: keep it short\n\nme = \"Dana Smith\"\n",
    );
    assert_eq!(
        err,
        "error: invalid cascade.toml: `me`: handle `Dana Smith` must start with a lowercase letter or a digit\n --> cascade.toml:4:1\n  |\n4 | me = \"Dana Smith\"\n  | ^\n  |\n  = help: `me` is your own handle, e.g. `me = \"dana\"`\n"
    );
    let err = at(
        "# cadence_days is per person\nme = \"dana\"\n\n[people.alice]\ncadence_days = 7\n\n[people.bob]\nname = \"Bob\"\n    cadence_days = 0\n",
    );
    assert_eq!(
        err,
        "error: invalid cascade.toml: `people.bob.cadence_days` must be at least 1\n --> cascade.toml:9:5\n  |\n9 |     cadence_days = 0\n  |     ^\n"
    );
    let err = at("# name, role\nme = \"dana\"\n\n[people.alice]\nname = \"A\"\n  nmae = \"x\"\n");
    assert_eq!(
        err,
        "error: invalid cascade.toml: unknown field `nmae`, expected one of `name`, `role`, `cadence_days`, `groups`, `aliases`\n --> cascade.toml:6:3\n  |\n6 |   nmae = \"x\"\n  |   ^\n  |\n  = help: did you mean `name`?\n"
    );
    let err = at("# aliases: al\nme = \"dana\"\n[people.alice]\naliases = [\"al\", \"Al Ice\"]\n");
    assert!(err.contains(" --> cascade.toml:4:18\n"), "{err}");
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

#[test]
fn row_24_of_eight_concurrent_news_for_one_note_exactly_one_wins() {
    let env = Env::new();
    env.notebook();
    // The note every run would write, rendered once on another date and dated back.
    env.cascade()
        .args(["new", "alice", "--date", "2026-11-27"])
        .assert()
        .success();
    let whole = env
        .read("notes/alice/2026-11-27.md")
        .replace("2026-11-27", "2026-11-20");
    std::fs::remove_file(env.work().join("notes/alice/2026-11-27.md")).unwrap();
    let runs: Vec<_> = (0..8)
        .map(|_| {
            env.process()
                .args(["new", "alice", "--date", "2026-11-20"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outs: Vec<_> = runs
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let (won, lost): (Vec<_>, Vec<_>) = outs.iter().partition(|o| o.status.success());
    assert_eq!(won.len(), 1, "{outs:?}");
    assert_eq!(
        String::from_utf8_lossy(&won[0].stdout),
        "created notes/alice/2026-11-20.md\n"
    );
    for o in lost {
        assert_eq!(o.status.code(), Some(2), "{o:?}");
        assert_eq!(
            String::from_utf8_lossy(&o.stderr),
            "error: notes/alice/2026-11-20.md already exists; nothing was written\n  |\n  = help: pass `--force` to replace it, or edit the existing file\n"
        );
    }
    assert_eq!(env.read("notes/alice/2026-11-20.md"), whole);
    assert_eq!(env.names("notes/alice"), vec!["2026-11-20.md"]);
}

/// The command line of `cascade ARGS` under a file size limit of 0: its first write into a
/// file fails as on a full disk (EFBIG rather than ENOSPC, and it works for root too).
/// SIGXFSZ is ignored, as a full disk sends no signal, so the write returns the error.
#[cfg(unix)]
fn with_no_space(env: &Env, args: &[&str]) -> std::process::Output {
    env.plain("bash")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 0; exec \"$@\"")
        .arg("bash")
        .arg(assert_cmd::cargo::cargo_bin("cascade"))
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn row_25_a_failing_write_exits_2_naming_the_path_and_writes_nothing() {
    let env = Env::new();
    env.notebook();
    env.write("notes/alice/2026-11-20.md", "my words\n");
    let config = env.read("cascade.toml");
    for (args, target) in [
        (
            &["new", "alice", "--date", "2026-11-27"][..],
            "notes/alice/2026-11-27.md",
        ),
        (
            &["new", "alice", "--date", "2026-11-20", "--force"][..],
            "notes/alice/2026-11-20.md",
        ),
        (
            &["new", "bob", "--date", "2026-11-20"][..],
            "notes/bob/2026-11-20.md",
        ),
        (&["person", "add", "carol"][..], "cascade.toml"),
    ] {
        let out = with_no_space(&env, args);
        let err = redact(&env, &String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(
            err,
            format!("error: [TMP]/work/{target}: File too large (os error 27)\n"),
            "{args:?}"
        );
    }
    assert_eq!(env.names("notes/alice"), vec!["2026-11-20.md"]);
    assert_eq!(env.read("notes/alice/2026-11-20.md"), "my words\n");
    assert!(env.names("notes/bob").is_empty());
    assert_eq!(env.read("cascade.toml"), config);
    assert_eq!(
        env.names(""),
        vec![".git", ".gitignore", "cascade.toml", "notes"]
    );
}

#[cfg(unix)]
#[test]
fn row_25_read_only_directories_stop_new_and_person_add() {
    use std::os::unix::fs::PermissionsExt;
    let set_mode = |p: &std::path::Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    };
    let env = Env::new();
    env.notebook();
    let alice = env.work().join("notes/alice");
    std::fs::create_dir_all(&alice).unwrap();
    set_mode(&alice, 0o555);
    // Root writes into a read-only directory anyway: nothing to check then (the fsx unit
    // tests and the test above cover a failing write whoever runs them).
    if std::fs::write(alice.join("probe"), "").is_ok() {
        std::fs::remove_file(alice.join("probe")).unwrap();
        set_mode(&alice, 0o755);
        eprintln!("skipped: this user can write into a read-only directory");
        return;
    }
    let new = env
        .cascade()
        .args(["new", "alice", "--date", "2026-11-20"])
        .output()
        .unwrap();
    let left_in_alice = env.names("notes/alice");
    set_mode(&alice, 0o755);
    let config = env.read("cascade.toml");
    set_mode(&env.work(), 0o555);
    let add = env
        .cascade()
        .args(["person", "add", "carol"])
        .output()
        .unwrap();
    let left_in_work = env.names("");
    set_mode(&env.work(), 0o755);

    let help =
        "  |\n  = help: check the permissions of that path, or run from a writable directory\n";
    assert_eq!(new.status.code(), Some(2));
    assert_eq!(
        redact(&env, &String::from_utf8_lossy(&new.stderr)),
        format!(
            "error: [TMP]/work/notes/alice/2026-11-20.md: Permission denied (os error 13)\n{help}"
        )
    );
    assert!(left_in_alice.is_empty(), "{left_in_alice:?}");
    assert_eq!(add.status.code(), Some(2));
    assert_eq!(
        redact(&env, &String::from_utf8_lossy(&add.stderr)),
        format!("error: [TMP]/work/cascade.toml: Permission denied (os error 13)\n{help}")
    );
    assert_eq!(env.read("cascade.toml"), config);
    assert_eq!(
        left_in_work,
        vec![".git", ".gitignore", "cascade.toml", "notes"]
    );
}

#[cfg(unix)]
#[test]
fn row_26_interrupting_new_leaves_the_old_note_or_the_whole_new_one() {
    use std::os::unix::process::ExitStatusExt;
    let env = Env::new();
    env.notebook();
    let rel = "notes/alice/2026-11-20.md";
    let path = env.work().join(rel);
    env.cascade()
        .args(["new", "alice", "--date", "2026-11-20"])
        .assert()
        .success();
    let whole = env.read(rel);
    let note = cascade::note::Note::parse(&whole);
    assert!(note.problems.is_empty(), "{:?}", note.problems);
    assert_eq!(note.sections.len(), 7);
    for i in 0..32 {
        // Half the runs replace a note (`--force`), half create one; SIGINT and SIGKILL.
        let force = i % 2 == 1;
        let signal = if i % 4 < 2 { "-INT" } else { "-KILL" };
        if force {
            env.write(rel, "my words\n");
        } else {
            let _ = std::fs::remove_file(&path);
        }
        let mut run = env.process();
        run.args(["new", "alice", "--date", "2026-11-20"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        if force {
            run.arg("--force");
        }
        let mut child = run.spawn().unwrap();
        // Kill at a different point of the run each time: before, during or after the write.
        // Only where it lands varies, never what the test expects.
        std::thread::sleep(std::time::Duration::from_micros(80 * i));
        // Not waited for yet, so the pid is still this child's even if it has exited.
        let killed = env
            .plain("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        assert!(
            status.success() || status.signal().is_some(),
            "run {i}: {status:?}"
        );
        match std::fs::read_to_string(&path) {
            Err(e) => {
                assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
                assert!(!force && !status.success(), "run {i}: {status:?}");
            }
            Ok(text) if text == "my words\n" => assert!(force && !status.success()),
            Ok(text) => assert_eq!(text, whole, "run {i}: a partial note"),
        }
        let mut names = env.names("notes/alice");
        // A kill between creating the temp file and renaming it can leave the temp file
        // (no signal handler removes it); it is never a `.md`, so no command reads it.
        if status.signal().is_some() {
            names.retain(|n| {
                if n.starts_with(".cascade-tmp-") && !n.ends_with(".md") {
                    std::fs::remove_file(env.work().join("notes/alice").join(n)).unwrap();
                    false
                } else {
                    true
                }
            });
        }
        let expected: Vec<String> = if path.exists() {
            vec!["2026-11-20.md".into()]
        } else {
            vec![]
        };
        assert_eq!(names, expected, "run {i}");
    }
}

#[test]
fn person_add_keeps_comments_spacing_and_order_byte_for_byte() {
    let env = Env::new();
    let before = "# Our notebook.\n\n\
me   =   \"dana\"   # the supervisor\nwork_hours_per_week=38\n\n\n\
# People, oldest first.\n[people.zed]   # keeps its place\nname = 'Zed Ó'\t# literal string\n\
groups = [ \"ops\",\"sales\" ]  \n\n\
  [people.ann]\n  cadence_days = 21 # every three weeks\n";
    env.write("cascade.toml", before);
    let a = env
        .cascade()
        .args([
            "person",
            "add",
            "alice",
            "--name",
            "Alice \"Al\" Martin",
            "--role",
            "Account lead",
            "--cadence",
            "7",
            "--group",
            "sales",
            "--group",
            "ops",
        ])
        .assert()
        .success();
    assert_eq!(
        stdout(&a),
        "added alice to cascade.toml\nnext: `cascade new alice`\n"
    );
    assert_eq!(
        env.read("cascade.toml"),
        format!(
            "{before}\n[people.alice]\nname = 'Alice \"Al\" Martin'\nrole = \"Account lead\"\ncadence_days = 7\ngroups = [\"sales\", \"ops\"]\n"
        )
    );
    // A comment after the last table stays last: the new person goes after the last table.
    let with_tail = format!("{before}\n# [people.old]\n# name = \"Old Hand\"\n");
    env.write("cascade.toml", &with_tail);
    env.cascade()
        .args(["person", "add", "bob"])
        .assert()
        .success();
    assert_eq!(
        env.read("cascade.toml"),
        format!("{before}\n[people.bob]\n\n# [people.old]\n# name = \"Old Hand\"\n")
    );
}

#[test]
fn new_and_log_resolve_a_report_by_one_rule_new_refusing_a_folder_without_a_person() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/carol/2026-11-10.md",
        "---\ndate: 2026-11-10\nreport: carol\nsupervisor: dana\n---\n",
    );
    // A folder of notes is a report to the reading commands...
    env.cascade().args(["log", "carol"]).assert().success();
    let a = env.cascade().args(["log", "carl"]).assert().code(2);
    assert_eq!(
        stderr(&a),
        "error: `carl` is not a person of this notebook\n  |\n  = help: did you mean `carol`? Otherwise add them first: `cascade person add carl --name \"…\"`\n"
    );
    // ...but `new` scaffolds only for a person, and suggests only people.
    let a = env.cascade().args(["new", "carol"]).assert().code(2);
    assert_eq!(
        stderr(&a),
        "error: `carol` is not a person of this notebook\n  |\n  = help: add them first: `cascade person add carol --name \"…\"`\n"
    );
    let a = env.cascade().args(["new", "alcie"]).assert().code(2);
    assert_eq!(
        stderr(&a),
        "error: `alcie` is not a person of this notebook\n  |\n  = help: did you mean `alice`? Otherwise add them first: `cascade person add alcie --name \"…\"`\n"
    );
    assert_eq!(env.names("notes"), ["carol"]);
    assert_eq!(env.names("notes/carol"), ["2026-11-10.md"]);
}
