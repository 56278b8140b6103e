//! Bounded resources and safe writes: huge front matter, commits dated outside the calendar.

use crate::common::*;

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
fn a_commit_dated_9999999999999_makes_digest_warn_not_panic() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-23.md",
        "---\ndate: 2026-11-23\nreport: alice\n---\n## Conclusions\n- shipped\n",
    );
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
