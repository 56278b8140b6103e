//! Bounded resources and safe writes: a config edited by many at once, symlinked and
//! read-only targets, `ulimit -f`, huge front matter, runaway templates, commits dated
//! outside the calendar.

use std::os::unix::fs::PermissionsExt;

use crate::common::*;

/// Names under `rel` that a killed or failed write would leave behind.
fn temp_files(env: &Env, rel: &str) -> Vec<String> {
    env.names(rel)
        .into_iter()
        .filter(|n| n.starts_with(".cascade-tmp-"))
        .collect()
}

#[test]
fn ten_concurrent_person_add_keep_all_ten_people() {
    let env = Env::new();
    env.notebook();
    let children: Vec<_> = (0..10)
        .map(|i| {
            env.process()
                .args([
                    "person",
                    "add",
                    &format!("p{i}"),
                    "--name",
                    &format!("P {i}"),
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
    }
    let config = env.read("cascade.toml");
    for i in 0..10 {
        assert!(
            config.contains(&format!("[people.p{i}]\nname = \"P {i}\"\n")),
            "p{i} lost:\n{config}"
        );
    }
    assert!(config.contains("[people.alice]") && config.contains("[people.bob]"));
    // The lock is on the folder: nothing is left behind for it.
    assert_eq!(
        env.names(""),
        vec![".git", ".gitignore", "cascade.toml", "notes"]
    );
}

#[test]
fn person_add_writes_through_a_symlinked_config_and_keeps_the_link() {
    let env = Env::new();
    env.notebook();
    let dot = env.tmp.path().join("dotfiles");
    std::fs::create_dir(&dot).unwrap();
    std::fs::rename(env.work().join("cascade.toml"), dot.join("cascade.toml")).unwrap();
    std::os::unix::fs::symlink("../dotfiles/cascade.toml", env.work().join("cascade.toml"))
        .unwrap();
    env.cascade()
        .args(["person", "add", "carol", "--name", "Carol"])
        .assert()
        .success()
        .stdout("added carol to cascade.toml\nnext: `cascade new carol`\n");
    let link = std::fs::symlink_metadata(env.work().join("cascade.toml")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    let real = std::fs::read_to_string(dot.join("cascade.toml")).unwrap();
    assert!(
        real.contains("[people.carol]\nname = \"Carol\"\n"),
        "{real}"
    );
    assert!(real.contains("[people.alice]"));
    assert_eq!(env.names("../dotfiles"), vec!["cascade.toml"]);
    assert!(temp_files(&env, "").is_empty());
}

#[test]
fn a_read_only_config_is_refused_not_replaced() {
    let env = Env::new();
    env.notebook();
    let path = env.work().join("cascade.toml");
    let before = env.read("cascade.toml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = env
        .cascade()
        .args(["person", "add", "carol"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        redact(&env, &String::from_utf8_lossy(&out.stderr)),
        "error: [TMP]/work/cascade.toml is read-only; nothing was written\n  |\n  = help: make it writable (`chmod u+w`) if cascade should change it\n"
    );
    assert_eq!(env.read("cascade.toml"), before);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
    assert!(temp_files(&env, "").is_empty());
}

#[test]
fn init_with_a_non_utf8_gitignore_creates_nothing() {
    let env = Env::new();
    env.write(".gitignore", b"target/\n\xff\xfe\n");
    let out = env
        .cascade()
        .args(["init", "--me", "dana"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = redact(&env, &String::from_utf8_lossy(&out.stderr));
    assert!(
        err.starts_with(
            "error: [TMP]/work/.gitignore is not valid UTF-8 (byte 8); nothing was created\n"
        ),
        "{err}"
    );
    assert_eq!(env.names(""), vec![".gitignore"]);
    assert_eq!(
        std::fs::read(env.work().join(".gitignore")).unwrap(),
        b"target/\n\xff\xfe\n"
    );
}

#[test]
fn init_writes_through_a_symlinked_gitignore_and_keeps_the_link() {
    let env = Env::new();
    std::fs::write(env.tmp.path().join("shared-ignore"), "target/\n").unwrap();
    std::os::unix::fs::symlink("../shared-ignore", env.work().join(".gitignore")).unwrap();
    env.cascade()
        .args(["init", "--me", "dana"])
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(env.work().join(".gitignore"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(env.tmp.path().join("shared-ignore")).unwrap(),
        "target/\n# cascade's cache: always safe to delete\n.cascade/\n"
    );
}

#[test]
fn digest_out_writes_through_a_symlink_and_refuses_a_read_only_target() {
    let env = Env::new();
    env.notebook();
    let real = env.tmp.path().join("published.md");
    std::fs::write(&real, "old\n").unwrap();
    std::os::unix::fs::symlink(&real, env.work().join("digest.md")).unwrap();
    env.cascade()
        .args(["digest", "--out", "digest.md"])
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(env.work().join("digest.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let text = std::fs::read_to_string(&real).unwrap();
    assert!(text.starts_with("# Cascade digest 2026-W48"), "{text}");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = env
        .cascade()
        .args(["digest", "--out", "digest.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("digest.md is read-only; nothing was written"),
        "{out:?}"
    );
    assert_eq!(std::fs::read_to_string(&real).unwrap(), text);
    assert!(temp_files(&env, "").is_empty());
}

#[test]
fn a_write_past_ulimit_f_is_exit_2_naming_the_file_with_no_temp_file() {
    let env = Env::new();
    env.notebook();
    env.commit_all("notebook", "2026-11-02T10:00:00+00:00");
    let config = env.read("cascade.toml");
    // No `trap '' XFSZ` here: cascade itself must keep the signal from killing it.
    for (args, target, dir) in [
        (
            &["new", "alice", "--date", "2026-11-27"][..],
            "notes/alice/2026-11-27.md",
            "notes/alice",
        ),
        (&["person", "add", "carol"][..], "cascade.toml", ""),
        (&["digest", "--out", "d.md"][..], "d.md", ""),
    ] {
        let out = env
            .plain("bash")
            .arg("-c")
            .arg("ulimit -f 0; exec \"$@\"")
            .arg("bash")
            .arg(assert_cmd::cargo::cargo_bin("cascade"))
            .args(["--today", TODAY])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert_eq!(
            redact(&env, &String::from_utf8_lossy(&out.stderr)),
            format!("error: [TMP]/work/{target}: File too large (os error 27)\n"),
            "{args:?}"
        );
        assert!(temp_files(&env, dir).is_empty(), "{args:?}");
    }
    assert!(env.names("notes/alice").is_empty());
    assert_eq!(env.read("cascade.toml"), config);
    assert_eq!(
        env.names(""),
        vec![".git", ".gitignore", "cascade.toml", "notes"]
    );
}

#[test]
fn status_reads_a_note_with_300000_indicators_in_linear_time() {
    let env = Env::new();
    env.notebook();
    let mut text = String::from("---\ndate: 2026-11-20\nreport: alice\nindicators:\n");
    for i in 0..300_000 {
        text.push_str(&format!("  k{i}: {i}\n"));
    }
    text.push_str("---\n## Conclusions\n- shipped\n");
    assert!(text.len() > 5_000_000);
    env.write("notes/alice/2026-11-20.md", &text);
    let start = std::time::Instant::now();
    let out = env.cascade().arg("status").output().unwrap();
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("2026-11-20"),
        "{out:?}"
    );
    // Quadratic, this took 179 s in a release build; linear, about 1 s in a debug one.
    assert!(took.as_secs() < 30, "status took {took:?}");
}

#[test]
fn a_template_doubling_a_string_stops_at_the_memory_cap_and_writes_nothing() {
    let env = Env::new();
    env.notebook();
    env.write(
        "templates/digest.md.j2",
        "{% set ns = namespace(s=\"x\") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}\n",
    );
    let out = env
        .cascade()
        .args(["digest", "--out", "d.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: template templates/digest.md.j2 needed more than 512 MiB of memory; nothing was written\n  |\n  = help: check the template for a value that keeps growing (a list or text doubled in a loop)\n"
    );
    assert!(out.stdout.is_empty());
    assert_eq!(
        env.names(""),
        vec![".git", ".gitignore", "cascade.toml", "notes", "templates"]
    );
}

#[test]
fn a_commit_dated_9999999999999_makes_digest_warn_not_panic() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-23.md",
        "---\ndate: 2026-11-23\nreport: alice\n---\n## Conclusions\n- shipped\n## Cascading actions\n- [x] Ship @alice\n",
    );
    // The commit dates the tick, so the digest reads it and says how it reads its date.
    env.commit_all("far future", "@9999999999999 +0000");
    let head = env
        .git(&env.work())
        .args(["rev-parse", "--short=10", "HEAD"])
        .output()
        .unwrap();
    let head = String::from_utf8_lossy(&head.stdout).trim().to_owned();
    for format in ["md", "json", "html"] {
        let out = env
            .cascade()
            .args(["digest", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}: {out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(&format!(
                "warning: commit {head} is dated outside the calendar (year after 9999); it is read as 9999-12-31"
            )),
            "{format}: {out:?}"
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("shipped"));
    }
}

#[test]
fn a_template_growing_a_list_stops_at_the_memory_cap_and_writes_nothing() {
    let env = Env::new();
    env.notebook();
    // Fuel alone lets this reach gigabytes: each round adds ten million items.
    env.write(
        "templates/digest.md.j2",
        "{% set ns = namespace(x=[]) %}{% for i in range(20) %}{% set ns.x = (ns.x + [i] * 10000000)|list %}{% endfor %}{{ ns.x|length }}\n",
    );
    let out = env
        .cascade()
        .args(["digest", "--out", "d.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: template templates/digest.md.j2 needed more than 512 MiB of memory; nothing was written\n  |\n  = help: check the template for a value that keeps growing (a list or text doubled in a loop)\n"
    );
    assert!(out.stdout.is_empty());
    assert_eq!(
        env.names(""),
        vec![".git", ".gitignore", "cascade.toml", "notes", "templates"]
    );
}
