//! Lint writes each note's findings as soon as every note before it is done: the output must
//! not depend on how the notes were cut into chunks, and the rules that read several notes
//! must still see every note of a report, wherever its folder sorts.

use crate::common::*;

/// `cascade lint` with the notes checked `chunk` at a time (a debug build's knob); None: the
/// release size.
fn lint(env: &Env, today: &str, chunk: Option<usize>, args: &[&str]) -> (i32, String) {
    let mut cmd = env.cascade_at(today);
    if let Some(n) = chunk {
        cmd.env("CASCADE_DEBUG_LINT_CHUNK", n.to_string());
    }
    let out = cmd.args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn lint_output_is_the_same_however_the_notes_are_chunked() {
    let env = Env::new();
    let dir = env.work().join("corpus");
    let corpus = crate::corpus::generate(&dir, 600, 5).unwrap();
    let today = corpus.today.to_string();
    for format in ["json", "human", "github"] {
        // Every finding, and the default of warnings on each report's latest note only.
        for all in [true, false] {
            let mut args = vec!["-C", "corpus", "lint", "--format", format];
            if all {
                args.push("--all");
            }
            let whole = lint(&env, &today, None, &args);
            assert_eq!(whole.0, 1, "{args:?}");
            for chunk in [1, 7, 64] {
                assert_eq!(
                    lint(&env, &today, Some(chunk), &args),
                    whole,
                    "{args:?} by {chunk}"
                );
            }
        }
    }
    // One valid document, its findings sorted by path, line, column, rule.
    let (_, json) = lint(
        &env,
        &today,
        Some(7),
        &["-C", "corpus", "lint", "--all", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let keys: Vec<(String, u64, u64, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(keys.len() > 500, "{}", keys.len());
    assert!(keys.is_sorted(), "findings out of order");
    let errors = keys.len() as u64
        - v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] != "error")
            .count() as u64;
    assert_eq!(v["summary"]["errors"], errors);
}

/// A complete note of `report` on `date` with one cascading action.
fn note(report: &str, date: &str, action: &str) -> String {
    format!(
        "---\ndate: {date}\nreport: {report}\nsupervisor: dana\nduration_min: 45\nshare_with: [sales]\n---\n\n\
## Leverage\nTwo weeks of pipeline work.\n\n## Common base\nThe dip is seasonal.\n\n\
## Reverse teaching\nHow leads are scored.\n\n## Joint data analysis\nOrders 412.\n\n\
## Conclusions\n- Hold Q1 hiring. share:finance\n\n## Cascading actions\n{action}\n"
    )
}

#[test]
fn an_alias_folder_is_linked_with_its_person_however_the_notes_are_chunked() {
    let env = Env::new();
    env.notebook();
    let config = env.read("cascade.toml");
    env.write(
        "cascade.toml",
        format!("{config}\n[people.devendra]\nname = \"Devendra Rao\"\naliases = [\"dev\"]\n"),
    );
    // The older note sits in the alias's folder, which sorts after bob's; the person's own
    // folder sorts after both. The tick in the older note closes the action (no history: a
    // closed copy wins), so the copy carried into the newer note and left open is stale.
    env.write(
        "notes/dev/2026-11-09.md",
        note(
            "dev",
            "2026-11-09",
            "- [x] Book the venue @dev due:2026-11-30",
        ),
    );
    env.write(
        "notes/devendra/2026-11-16.md",
        note(
            "devendra",
            "2026-11-16",
            "- [ ] Book the venue @dev due:2026-11-30 (from 2026-11-09)",
        ),
    );
    env.write(
        "notes/bob/2026-11-10.md",
        note(
            "bob",
            "2026-11-10",
            "- [ ] Send the deck @bob due:2026-11-30",
        ),
    );
    let args = ["lint", "--all", "--format", "json"];
    let whole = lint(&env, "2026-11-24", None, &args);
    for chunk in [1, 2] {
        assert_eq!(
            lint(&env, "2026-11-24", Some(chunk), &args),
            whole,
            "by {chunk}"
        );
    }
    let v: serde_json::Value = serde_json::from_str(&whole.1).unwrap();
    let stale: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "actions/stale-copy")
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(stale, ["notes/devendra/2026-11-16.md"], "{}", whole.1);
}
