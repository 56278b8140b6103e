//! Nothing cascade answers is ever stale: every run reads the notes and the config as they are
//! now. These guard that against the note index (tests/cli/index.rs has its own): an edit that
//! keeps a file's size and mtime, a rule turned off a moment ago, and runs at the same time.

use crate::common::*;

fn note(owner: &str) -> String {
    format!(
        "---\ndate: 2026-11-20\nreport: alice\nsupervisor: dana\nduration_min: 45\nshare_with: [sales]\n---\n\n\
## Leverage\nTwo weeks of pipeline work.\n\n## Common base\nThe dip is seasonal.\n\n\
## Reverse teaching\nHow leads are scored.\n\n## Joint data analysis\nOrders 412.\n\n\
## Conclusions\n- Hold Q1 hiring. share:sales\n\n## Cascading actions\n\
- [ ] Send the forecast @{owner} due:2026-11-30\n"
    )
}

/// The rules of `cascade lint --all --format json`, in order.
fn rules(env: &Env) -> Vec<String> {
    let out = env
        .cascade()
        .args(["lint", "--all", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_note_edited_in_place_with_its_size_and_mtime_restored_is_seen_by_the_next_run() {
    let env = Env::new();
    env.notebook();
    let path = env.write("notes/alice/2026-11-20.md", note("zed"));
    assert!(rules(&env).contains(&"people/unknown".to_owned()));
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    // Same length, same mtime: only the content says it changed.
    rewrite_keeping_mtime(&path, &note("bob"));
    assert_eq!(
        std::fs::metadata(&path).unwrap().len() as usize,
        note("zed").len()
    );
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime);
    assert!(!rules(&env).contains(&"people/unknown".to_owned()));
    let actions = stdout(
        &env.cascade()
            .args(["actions", "--format", "json"])
            .assert()
            .success(),
    );
    assert!(actions.contains("\"owner\": \"bob\""), "{actions}");
}

#[test]
fn a_rule_turned_off_in_cascade_toml_is_reflected_at_once() {
    let env = Env::new();
    env.notebook();
    env.write("notes/alice/2026-11-20.md", note("zed"));
    assert!(rules(&env).contains(&"people/unknown".to_owned()));
    let config = env.read("cascade.toml");
    env.write(
        "cascade.toml",
        format!("{config}\n[lint.rules]\n\"people/unknown\" = \"off\"\n"),
    );
    assert!(!rules(&env).contains(&"people/unknown".to_owned()));
}

#[test]
fn runs_at_the_same_time_agree() {
    let env = Env::new();
    let dir = env.work().join("corpus");
    let corpus = crate::corpus::generate(&dir, 200, 3).unwrap();
    let today = corpus.today.to_string();
    let runs: Vec<std::process::Child> = (0..4)
        .map(|_| {
            let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_cascade"));
            c.current_dir(env.work())
                .env("HOME", env.work())
                .args([
                    "--today", &today, "-C", "corpus", "lint", "--all", "--format", "json",
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null());
            c.spawn().unwrap()
        })
        .collect();
    let outs: Vec<Vec<u8>> = runs
        .into_iter()
        .map(|c| c.wait_with_output().unwrap().stdout)
        .collect();
    assert!(outs[0].len() > 1000);
    for o in &outs[1..] {
        assert_eq!(o, &outs[0]);
    }
}
