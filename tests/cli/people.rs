//! `cascade person list|set|rm`: people managed from the terminal, cascade.toml kept as the
//! user wrote it outside the edited entry.

use crate::common::*;
use crate::workflow::{body, note};

/// A config with comments, odd spacing and an order that is not alphabetical.
const HAND_WRITTEN: &str = "# Our notebook.\n\n\
me   =   \"dana\"   # the supervisor\n\n\
# People, oldest first.\n[people.zed]   # keeps its place\nname = 'Zed Ó'\t# literal string\n\
groups = [ \"ops\",\"sales\" ]  \n\n\
  [people.ann]\n  cadence_days = 21 # every three weeks\n\n\
# Groups.\n[groups.ops]\n[groups.sales]\nname = \"Sales\"\n\n# the end\n";

#[test]
fn person_list_shows_everyone_as_a_table_and_as_json() {
    let env = Env::new();
    env.notebook();
    env.cascade()
        .args(["person", "set", "bob", "--alias", "bobby"])
        .assert()
        .success();
    let a = env.cascade().args(["person", "list"]).assert().success();
    assert_eq!(
        stdout(&a),
        "handle  name          cadence            groups  aliases\n\
         alice   Alice Martin  7 days             sales\n\
         bob     Bob Li        14 days (default)          bobby\n"
    );
    let a = env
        .cascade()
        .args(["person", "list", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(
        v,
        serde_json::json!({
            "version": 1,
            "people": [
                {"handle": "alice", "name": "Alice Martin", "role": null, "cadence_days": 7,
                 "cadence_default": false, "groups": ["sales"], "aliases": []},
                {"handle": "bob", "name": "Bob Li", "role": null, "cadence_days": 14,
                 "cadence_default": true, "groups": [], "aliases": ["bobby"]}
            ]
        })
    );
    assert!(stdout(&a).starts_with("{\n  \"version\": 1,"));
}

#[test]
fn person_set_changes_only_the_edited_entry_byte_for_byte() {
    let env = Env::new();
    env.write("cascade.toml", HAND_WRITTEN);
    let a = env
        .cascade()
        .args([
            "person",
            "set",
            "ann",
            "--cadence",
            "7",
            "--name",
            "Ann Lee",
            "--alias",
            "annie",
        ])
        .assert()
        .success();
    assert_eq!(stdout(&a), "changed ann in cascade.toml\n");
    assert_eq!(
        env.read("cascade.toml"),
        HAND_WRITTEN.replace(
            "  cadence_days = 21 # every three weeks\n",
            "  cadence_days = 7 # every three weeks\nname = \"Ann Lee\"\naliases = [\"annie\"]\n"
        )
    );
    // The alias is a handle of Ann's now: `set` and `list` take it.
    env.cascade()
        .args(["person", "set", "annie", "--name", ""])
        .assert()
        .success();
    assert_eq!(
        env.read("cascade.toml"),
        HAND_WRITTEN.replace(
            "  cadence_days = 21 # every three weeks\n",
            "  cadence_days = 7 # every three weeks\naliases = [\"annie\"]\n"
        )
    );
    // Setting what is already there writes nothing.
    let before = std::fs::metadata(env.work().join("cascade.toml"))
        .unwrap()
        .modified()
        .unwrap();
    let a = env
        .cascade()
        .args(["person", "set", "ann", "--cadence", "7"])
        .assert()
        .success();
    assert_eq!(
        stdout(&a),
        "ann already reads so in cascade.toml; nothing changed\n"
    );
    let after = std::fs::metadata(env.work().join("cascade.toml"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);
}

#[test]
fn person_set_group_replaces_the_list_and_add_group_rm_group_edit_it() {
    let env = Env::new();
    env.write("cascade.toml", HAND_WRITTEN);
    let zed = |groups: &str| {
        HAND_WRITTEN.replace(
            "groups = [ \"ops\",\"sales\" ]  \n",
            &format!("groups = {groups}  \n"),
        )
    };
    env.cascade()
        .args(["person", "set", "zed", "--group", "sales"])
        .assert()
        .success();
    assert_eq!(env.read("cascade.toml"), zed("[\"sales\"]"));
    env.cascade()
        .args([
            "person",
            "set",
            "zed",
            "--add-group",
            "ops",
            "--add-group",
            "sales",
        ])
        .assert()
        .success();
    assert_eq!(env.read("cascade.toml"), zed("[\"sales\", \"ops\"]"));
    env.cascade()
        .args(["person", "set", "zed", "--rm-group", "sales"])
        .assert()
        .success();
    assert_eq!(env.read("cascade.toml"), zed("[\"ops\"]"));
    // `--group ""` empties the list: the key goes.
    env.cascade()
        .args(["person", "set", "zed", "--group", ""])
        .assert()
        .success();
    assert_eq!(
        env.read("cascade.toml"),
        HAND_WRITTEN.replace("groups = [ \"ops\",\"sales\" ]  \n", "")
    );
    // Replacing and editing the list at once is a usage error.
    env.cascade()
        .args([
            "person",
            "set",
            "zed",
            "--group",
            "ops",
            "--add-group",
            "sales",
        ])
        .assert()
        .code(2);
}

#[test]
fn person_set_refuses_what_person_add_refuses_and_changes_nothing() {
    let env = Env::new();
    env.write("cascade.toml", HAND_WRITTEN);
    let refused = |args: &[&str], message: &str| {
        let a = env.cascade().args(args).assert().code(2);
        assert!(stderr(&a).contains(message), "{args:?}: {}", stderr(&a));
        assert_eq!(env.read("cascade.toml"), HAND_WRITTEN, "{args:?}");
    };
    refused(
        &["person", "set", "ann", "--group", "salse"],
        "--group `salse` is not declared in [groups] of cascade.toml; nothing changed",
    );
    refused(
        &["person", "set", "ann", "--alias", "zed"],
        "--alias: `zed` is the handle of another person; nothing changed",
    );
    refused(
        &["person", "set", "ann", "--alias", "dana"],
        "--alias: `dana` is the handle of another person; nothing changed",
    );
    refused(
        &["person", "set", "ann", "--alias", "Ann"],
        "alias `Ann` must start with a lowercase letter or a digit",
    );
    refused(
        &["person", "set", "carol", "--cadence", "7"],
        "`carol` is not a person of this notebook",
    );
    refused(&["person", "set", "ann"], "nothing to change");
    refused(&["person", "set", "ann", "--cadence", "0"], "--cadence");
    env.cascade()
        .args(["person", "set", "zed", "--alias", "z"])
        .assert()
        .success();
    let with_z = env.read("cascade.toml");
    let a = env
        .cascade()
        .args(["person", "set", "ann", "--add-alias", "z"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("--alias: `z` is already an alias of `zed`; nothing changed"),
        "{}",
        stderr(&a)
    );
    assert_eq!(env.read("cascade.toml"), with_z);
    // `person add` of an alias is refused as before, and points at `person set`.
    let a = env.cascade().args(["person", "add", "z"]).assert().code(2);
    assert!(
        stderr(&a).contains("`z` is already an alias of `zed`; nothing changed"),
        "{}",
        stderr(&a)
    );
    assert_eq!(env.read("cascade.toml"), with_z);
}

#[test]
fn person_rm_is_refused_while_notes_or_actions_name_them() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-17.md",
        note(
            "2026-11-17",
            "alice",
            "duration_min: 30\nshare_with: [sales]\n",
            &body(
                "- Orders are flat.\n",
                "- [ ] Call the distributor @alice due:2026-11-30\n- [ ] Send the price list @bob due:2026-11-30\n",
            ),
        ),
    );
    env.commit_all("notes", "2026-11-17T10:00:00Z");
    let config = env.read("cascade.toml");
    let a = env.cascade().args(["person", "rm", "bob"]).assert().code(2);
    let err = stderr(&a);
    assert!(
        err.contains(
            "error: bob is still named by 1 action owned by @bob (notes/alice/2026-11-17.md:28); nothing changed"
        ),
        "{err}"
    );
    assert!(err.contains("--keep-notes"), "{err}");
    assert!(!err.contains("CANARY"), "{err}");
    assert_eq!(env.read("cascade.toml"), config);
    let a = env
        .cascade()
        .args(["person", "rm", "alice"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains(
            "alice is still named by 1 note (notes/alice/2026-11-17.md) and 1 action owned by @alice (notes/alice/2026-11-17.md:27)"
        ),
        "{}",
        stderr(&a)
    );
    assert_eq!(env.read("cascade.toml"), config);
    // An action in a private note names them too.
    env.write(
        "notes/bob/2026-11-20.md",
        note(
            "2026-11-20",
            "bob",
            "private: true\n",
            &body("- x\n", "- [ ] CANARY-ACTION @bob due:2026-12-01\n"),
        ),
    );
    let a = env.cascade().args(["person", "rm", "bob"]).assert().code(2);
    assert!(
        stderr(&a).contains("bob is still named by 1 note (notes/bob/2026-11-20.md) and 2 actions owned by @bob (notes/alice/2026-11-17.md:28, notes/bob/2026-11-20.md:26)"),
        "{}",
        stderr(&a)
    );
    assert!(!stderr(&a).contains("CANARY"));
    // A note filed in bob's folder names him whatever its front matter says.
    env.write(
        "notes/bob/2026-11-21.md",
        note("2026-11-21", "alice", "", "## Leverage\n"),
    );
    let a = env.cascade().args(["person", "rm", "bob"]).assert().code(2);
    assert!(
        stderr(&a).contains(
            "bob is still named by 2 notes (notes/bob/2026-11-20.md, notes/bob/2026-11-21.md)"
        ),
        "{}",
        stderr(&a)
    );
    std::fs::remove_file(env.work().join("notes/bob/2026-11-21.md")).unwrap();
    // With --keep-notes the entry goes and every note stays as it was.
    let notes_before = env.read("notes/alice/2026-11-17.md");
    let a = env
        .cascade()
        .args(["person", "rm", "bob", "--keep-notes"])
        .assert()
        .success();
    assert_eq!(
        stdout(&a),
        "removed bob from cascade.toml\nkept as they are: 1 note (notes/bob/2026-11-20.md) and 2 actions owned by @bob (notes/alice/2026-11-17.md:28, notes/bob/2026-11-20.md:26)\n"
    );
    assert_eq!(
        env.read("cascade.toml"),
        config.replace("\n[people.bob]\nname = \"Bob Li\"\n", "")
    );
    assert_eq!(env.read("notes/alice/2026-11-17.md"), notes_before);
    assert!(env.work().join("notes/bob/2026-11-20.md").is_file());
}

#[test]
fn person_rm_keeps_comments_and_order_outside_the_entry_byte_for_byte() {
    let env = Env::new();
    env.write("cascade.toml", HAND_WRITTEN);
    let a = env
        .cascade()
        .args(["person", "rm", "ann"])
        .assert()
        .success();
    assert_eq!(stdout(&a), "removed ann from cascade.toml\n");
    assert_eq!(
        env.read("cascade.toml"),
        HAND_WRITTEN.replace(
            "\n[people.ann]\n  cadence_days = 21 # every three weeks\n",
            ""
        )
    );
    // The first person's section comment stays, above what now comes first.
    env.cascade()
        .args(["person", "rm", "zed"])
        .assert()
        .success();
    assert_eq!(
        env.read("cascade.toml"),
        "# Our notebook.\n\nme   =   \"dana\"   # the supervisor\n\n# People, oldest first.\n\n# Groups.\n[groups.ops]\n[groups.sales]\nname = \"Sales\"\n\n# the end\n"
    );
}

#[test]
fn person_rm_of_an_alias_is_refused_and_names_both_ways_out() {
    let env = Env::new();
    env.notebook();
    env.cascade()
        .args(["person", "set", "bob", "--alias", "bobby"])
        .assert()
        .success();
    let config = env.read("cascade.toml");
    let a = env
        .cascade()
        .args(["person", "rm", "bobby"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("`bobby` is an alias of `bob`, not a person; nothing changed"),
        "{}",
        stderr(&a)
    );
    assert!(
        stderr(&a).contains("`cascade person set bob --rm-alias bobby`"),
        "{}",
        stderr(&a)
    );
    assert_eq!(env.read("cascade.toml"), config);
}

#[test]
fn concurrent_person_set_and_rm_lose_no_change() {
    let env = Env::new();
    env.notebook();
    for i in 0..4 {
        env.cascade()
            .args(["person", "add", &format!("p{i}")])
            .assert()
            .success();
    }
    // Eight aliases added to bob at once, and the four people removed meanwhile.
    let spawn = |args: Vec<String>| {
        env.process()
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut children: Vec<_> = (0..8)
        .map(|i| {
            spawn(vec![
                "person".into(),
                "set".into(),
                "bob".into(),
                "--add-alias".into(),
                format!("b{i}"),
            ])
        })
        .collect();
    children.extend((0..4).map(|i| spawn(vec!["person".into(), "rm".into(), format!("p{i}")])));
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
    }
    let a = env
        .cascade()
        .args(["person", "list", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    let handles: Vec<&str> = v["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["handle"].as_str().unwrap())
        .collect();
    assert_eq!(handles, ["alice", "bob"]);
    let mut aliases: Vec<&str> = v["people"][1]["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    aliases.sort_unstable();
    assert_eq!(aliases, ["b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7"]);
}

#[cfg(unix)]
#[test]
fn person_rm_is_refused_by_an_unreadable_file_in_their_folder_and_warns_of_others() {
    let env = Env::new();
    env.notebook();
    std::fs::create_dir_all(env.work().join("notes/bob")).unwrap();
    std::fs::create_dir_all(env.work().join("notes/alice")).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", env.work().join("notes/bob/2026-11-20.md"))
        .unwrap();
    let config = env.read("cascade.toml");
    let a = env.cascade().args(["person", "rm", "bob"]).assert().code(2);
    assert!(
        stderr(&a).contains("bob is still named by 1 note that could not be read to check (notes/bob/2026-11-20.md); nothing changed"),
        "{}",
        stderr(&a)
    );
    assert_eq!(env.read("cascade.toml"), config);
    // Elsewhere, a file that cannot be read is warned of and does not block.
    std::fs::rename(
        env.work().join("notes/bob/2026-11-20.md"),
        env.work().join("notes/alice/2026-11-20.md"),
    )
    .unwrap();
    let a = env
        .cascade()
        .args(["person", "rm", "bob"])
        .assert()
        .success();
    assert!(
        stderr(&a).starts_with("warning: notes/alice/2026-11-20.md was skipped: "),
        "{}",
        stderr(&a)
    );
    assert!(
        stderr(&a).ends_with("; it was not checked for `bob`\n"),
        "{}",
        stderr(&a)
    );
    assert_eq!(
        env.read("cascade.toml"),
        config.replace("\n[people.bob]\nname = \"Bob Li\"\n", "")
    );
}
