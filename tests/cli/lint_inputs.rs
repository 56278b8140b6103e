//! lint on hostile and odd inputs: bad encodings, a huge file, conflict markers, deep nesting,
//! a panic on one file, symlinks, a non-UTF-8 path, a closed pipe, a path given twice.

use crate::common::*;
use crate::lint::good;

/// Rows 3-5 of shared/hostile-inputs.md: invalid UTF-8, UTF-16 and a binary file are `file/encoding`
/// errors, the others still checked, nothing rewritten.
#[test]
fn bad_encodings_are_reported_and_others_still_checked() {
    let env = Env::new();
    env.notebook();
    env.write("notes/alice/2026-11-20.md", good("2026-11-20"));
    let mut latin1 = good("2026-11-13").into_bytes();
    let at = latin1.windows(8).position(|w| w == b"pipeline").unwrap();
    latin1.insert(at, 0xE9);
    let p = env.write("notes/alice/2026-11-13.md", &latin1);
    env.write("notes/alice/2026-11-06.md", b"\xFF\xFE-\x00-\x00-\x00");
    env.write("notes/alice/2026-10-30.md", b"---\x00\x01\x02binary");
    let a = env
        .cascade()
        .args(["lint", "--format", "json"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(v["files_checked"], 4);
    let d = v["diagnostics"].as_array().unwrap();
    let enc: Vec<_> = d.iter().filter(|d| d["rule"] == "file/encoding").collect();
    assert_eq!(enc.len(), 3, "{d:?}");
    let find = |name: &str| {
        enc.iter()
            .find(|d| d["path"].as_str().unwrap().ends_with(name))
            .unwrap()
    };
    let l = find("2026-11-13.md");
    assert_eq!(
        (l["line"].as_u64(), l["column"].as_u64()),
        (Some(10), Some(14))
    );
    assert!(l["message"].as_str().unwrap().contains("0xE9"));
    assert!(
        find("2026-11-06.md")["message"]
            .as_str()
            .unwrap()
            .contains("UTF-16")
    );
    assert!(
        find("2026-10-30.md")["message"]
            .as_str()
            .unwrap()
            .contains("NUL")
    );
    // Never rewritten.
    assert_eq!(std::fs::read(p).unwrap(), latin1);
}

/// Row 6: a 50 MB note is `file/too-large` under the configurable cap, never read.
#[test]
fn a_huge_file_is_capped_without_being_read() {
    let env = Env::new();
    env.notebook();
    let p = env.write("notes/alice/2026-11-20.md", "");
    std::fs::File::options()
        .write(true)
        .open(&p)
        .unwrap()
        .set_len(50 << 20)
        .unwrap();
    let a = env.cascade().arg("lint").assert().code(1);
    let out = stdout(&a);
    assert!(
        out.contains("error[file/too-large]: the file is 50 MB, over the 10 MB cap"),
        "{out}"
    );
    // The cap is configurable.
    env.write(
        "notes/bob/2026-11-19.md",
        good("2026-11-19").replace("alice", "bob"),
    );
    let mut cfg = env.read("cascade.toml");
    cfg.push_str("\n[lint]\nmax_file_bytes = 100\n");
    env.write("cascade.toml", cfg);
    let a = env.cascade().args(["lint", "notes/bob"]).assert().code(1);
    assert!(stdout(&a).contains("file/too-large"), "{}", stdout(&a));
}

/// Row 16: merge conflict markers are an error at the first marker.
#[test]
fn conflict_markers_are_an_error_at_the_first_marker() {
    let env = Env::new();
    env.notebook();
    let text = good("2026-11-20").replace(
        "- [ ] Re-plan Q1 @alice due:2026-12-04\n",
        "<<<<<<< HEAD\n- [ ] Re-plan Q1 @alice due:2026-12-04\n=======\n- [x] Re-plan Q1 @alice due:2026-12-04\n>>>>>>> laptop\n",
    );
    env.write("notes/alice/2026-11-20.md", &text);
    let a = env
        .cascade()
        .args(["lint", "--format", "json"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "note/conflict-markers")
        .unwrap();
    assert_eq!(d["line"], 25);
    assert_eq!(d["severity"], "error");
}

/// Row 18: deep nesting is checked without recursion.
#[test]
fn hostile_nesting_is_checked_without_recursion() {
    let env = Env::new();
    env.notebook();
    let mut deep = good("2026-11-20");
    deep.push_str(&">".repeat(1_000_000));
    deep.push('\n');
    for i in 0..4000 {
        deep.push_str(&" ".repeat(i % 200));
        deep.push_str("- x\n");
    }
    env.write("notes/alice/2026-11-20.md", &deep);
    env.cascade().arg("lint").assert().code(0);
}

/// Row 19: a panic on one file is an internal error naming it, exit 3, the others checked.
#[test]
fn a_panic_on_one_file_is_an_internal_error_and_the_others_are_checked() {
    let env = Env::new();
    env.notebook();
    env.write("notes/alice/2026-11-20.md", good("2026-11-20"));
    env.write(
        "notes/alice/2026-11-13.md",
        good("2026-11-13").replace("@alice", ""),
    );
    let a = env
        .cascade()
        .env("CASCADE_DEBUG_PANIC_ON", "2026-11-20")
        .args(["lint", "--format", "json"])
        .assert()
        .code(3);
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let rules: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"internal/error"), "{rules:?}");
    assert!(rules.contains(&"actions/owner"), "{rules:?}");
}

/// Row 23: a symlink out of the notebook or a loop is reported once and not followed.
#[cfg(unix)]
#[test]
fn symlinks_are_reported_once_and_not_followed() {
    let env = Env::new();
    env.notebook();
    env.write("notes/alice/2026-11-20.md", good("2026-11-20"));
    let outside = env.tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.md"), "canary-outside").unwrap();
    std::os::unix::fs::symlink(&outside, env.work().join("notes/outside")).unwrap();
    std::os::unix::fs::symlink(
        env.work().join("notes"),
        env.work().join("notes/alice/loop"),
    )
    .unwrap();
    let a = env.cascade().arg("lint").assert().code(0);
    let out = stdout(&a);
    assert_eq!(out.matches("warning[file/symlink]").count(), 2, "{out}");
    assert!(
        !out.contains("canary-outside") && !out.contains("secret.md"),
        "{out}"
    );
    assert!(
        out.contains("checked 1 note: 0 errors, 2 warnings"),
        "{out}"
    );
}

/// Row 39: `--format json` stays valid with a path that is not UTF-8.
#[cfg(unix)]
#[test]
fn json_stays_valid_with_a_non_utf8_path() {
    use std::os::unix::ffi::OsStrExt;
    let env = Env::new();
    env.notebook();
    let name = std::ffi::OsStr::from_bytes(b"caf\xE9.md");
    std::fs::create_dir_all(env.work().join("notes/alice")).unwrap();
    std::fs::write(env.work().join("notes/alice").join(name), "x\n").unwrap();
    let a = env
        .cascade()
        .args(["lint", "--format", "json"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["path"], "notes/alice/caf\u{FFFD}.md");
    assert_eq!(d["path_lossy"], true);
}

/// Row 40: output piped into `head` ends quietly with exit 0, cut into small chunks so that
/// the checking goes on ahead of the writing when the pipe closes, and must stop.
#[test]
fn output_piped_into_head_ends_quietly() {
    let env = Env::new();
    env.notebook();
    for i in 1..=28 {
        env.write(
            &format!("notes/alice/2026-02-{i:02}.md"),
            "# nothing\n".repeat(200),
        );
    }
    let bin = assert_cmd::cargo::cargo_bin("cascade");
    let out = std::process::Command::new("bash")
        .current_dir(env.work())
        .env("NO_COLOR", "1")
        .env("CASCADE_DEBUG_LINT_CHUNK", "2")
        .arg("-c")
        .arg(format!(
            "'{}' --today 2026-11-24 lint | head -1; echo \"status=${{PIPESTATUS[0]}}\"",
            bin.display()
        ))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The first line, then lint's own status: findings (1) or a quiet broken pipe (0).
    assert!(stdout.starts_with("error["), "{stdout}");
    assert!(
        stdout.contains("status=0") || stdout.contains("status=1"),
        "{stdout}"
    );
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn paths_are_normalized_and_each_file_checked_once() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-20.md",
        good("2026-11-20").replace(" @alice", ""),
    );
    env.write("README.md", "not a note\n");
    env.write("digests/2026-W47.md", "# digest\n");
    let a = env
        .cascade()
        .args([
            "-C",
            "notes/alice",
            "lint",
            "./2026-11-20.md",
            "../alice/2026-11-20.md",
            ".",
            "--format",
            "json",
        ])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(v["files_checked"], 1);
    let d = v["diagnostics"].as_array().unwrap();
    assert!(
        d.iter().all(|d| d["path"] == "notes/alice/2026-11-20.md"),
        "{d:?}"
    );
    assert!(d.iter().all(|d| d["rule"] != "note/path-mismatch"), "{d:?}");
    assert_eq!(d.iter().filter(|d| d["rule"] == "actions/owner").count(), 1);
    // The notebook's root means its notes, not README or digests.
    let a = env.cascade().args(["lint", "."]).assert().code(1);
    assert!(stdout(&a).contains("checked 1 note:"), "{}", stdout(&a));
}
