//! Lint where one action reads differently from one note to the next: a copy left open after
//! a tick elsewhere, an open action not carried, an ambiguous reword; and `actions/overdue`
//! reporting what `cascade actions --overdue` lists. Notebooks are built with commits dated on
//! chosen days; today is 2026-11-24.

use serde_json::Value;

use crate::common::*;

/// A complete note of alice on `date` whose cascading actions are `actions` (one per line).
fn note(date: &str, private: bool, actions: &[&str]) -> String {
    let private = if private { "private: true\n" } else { "" };
    format!(
        "---\ndate: {date}\nreport: alice\nsupervisor: dana\nduration_min: 45\nshare_with: [sales]\n{private}---\n\n\
## Leverage\nTwo weeks of pipeline work.\n\n## Common base\nThe dip is seasonal.\n\n\
## Reverse teaching\nHow leads are scored.\n\n## Joint data analysis\nOrders 412.\n\n\
## Conclusions\n- Hold Q1 hiring. share:finance\n\n## Cascading actions\n{}\n",
        actions.join("\n")
    )
}

/// The 1-based line of the first line of `rel` that contains `needle`.
fn line_of(env: &Env, rel: &str, needle: &str) -> u64 {
    let text = env.read(rel);
    let i = text
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in {rel}"));
    i as u64 + 1
}

/// `cascade lint --format json`: the exit code and the findings of the `actions/` rules, as
/// (rule, path, line, message), sorted.
fn action_findings(env: &Env) -> (i32, Vec<(String, String, u64, String)>) {
    let out = env
        .cascade()
        .args(["lint", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found: Vec<(String, String, u64, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"].as_str().unwrap().starts_with("actions/"))
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["path"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    found.sort();
    (out.status.code().unwrap(), found)
}

/// `git status --porcelain` of the notebook.
fn git_status(env: &Env) -> String {
    let out = env
        .git(&env.work())
        .args(["status", "--porcelain"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

const FORECAST: &str = "Send the forecast @alice due:2026-11-20";
const D10: &str = "notes/alice/2026-11-10.md";
const D17: &str = "notes/alice/2026-11-17.md";

#[test]
fn a_copy_left_open_after_a_tick_in_the_older_note_is_a_stale_copy_and_not_overdue() {
    let env = Env::new();
    env.notebook();
    env.write(
        D10,
        note("2026-11-10", false, &[&format!("- [ ] {FORECAST}")]),
    );
    env.commit_all("alice 10", "2026-11-10T10:00:00+00:00");
    let carried = format!("- [ ] {FORECAST} (from 2026-11-10)");
    env.write(D17, note("2026-11-17", false, &[&carried]));
    env.commit_all("alice 17", "2026-11-17T10:00:00+00:00");
    // Ticked in the older note two days after the newer one carried it.
    env.write(
        D10,
        note("2026-11-10", false, &[&format!("- [x] {FORECAST}")]),
    );
    env.commit_all("done", "2026-11-19T10:00:00+00:00");
    let before = (env.read(D10), env.read(D17), git_status(&env));
    assert_eq!(before.2, "");

    let (code, found) = action_findings(&env);
    assert_eq!(code, 0, "warnings only");
    let tick = line_of(&env, D10, "[x] Send the forecast");
    assert_eq!(
        found,
        vec![(
            "actions/stale-copy".to_owned(),
            D17.to_owned(),
            line_of(&env, D17, "Send the forecast"),
            format!(
                "still open here, but the action was ticked done in {D10}:{tick} on 2026-11-19"
            ),
        )],
        "closed by the tick, so not overdue either"
    );
    let a = env
        .cascade()
        .args(["actions", "--overdue"])
        .assert()
        .success();
    assert_eq!(stdout(&a), "no overdue actions\n");
    // Lint writes nothing.
    assert_eq!((env.read(D10), env.read(D17), git_status(&env)), before);

    // Ticking the copy clears it.
    env.write(
        D17,
        note("2026-11-17", false, &[&carried.replace("[ ]", "[x]")]),
    );
    assert_eq!(action_findings(&env), (0, vec![]));
}

#[test]
fn a_deleted_carried_line_is_not_carried_and_lint_and_actions_overdue_list_the_same_actions() {
    let env = Env::new();
    env.notebook();
    let d03 = "notes/alice/2026-11-03.md";
    env.write(
        d03,
        note(
            "2026-11-03",
            false,
            &[
                "- [ ] Call the bank @alice due:2026-11-10",
                "- [ ] Book the offsite @alice due:2026-11-12",
                "- [ ] Hire a designer @alice due:2026-11-14",
            ],
        ),
    );
    env.commit_all("alice 03", "2026-11-03T10:00:00+00:00");
    env.write(
        D10,
        note(
            "2026-11-10",
            false,
            &[
                "- [ ] Call the bank @alice due:2026-11-10 (from 2026-11-03)",
                "- [ ] Book the offsite @alice due:2026-11-12 (from 2026-11-03)",
                "- [ ] Hire a designer @alice due:2026-11-14 (from 2026-11-03)",
                "- [ ] Renew the licences @alice due:2026-11-15",
            ],
        ),
    );
    env.commit_all("alice 10", "2026-11-10T10:00:00+00:00");
    // The offsite's carried line is deleted; the designer is hired.
    env.write(
        D17,
        note(
            "2026-11-17",
            false,
            &[
                "- [ ] Call the bank @alice due:2026-11-10 (from 2026-11-03)",
                "- [x] Hire a designer @alice due:2026-11-14 (from 2026-11-03)",
                "- [ ] Renew the licences @alice due:2026-11-15 (from 2026-11-10)",
            ],
        ),
    );
    env.commit_all("alice 17", "2026-11-17T10:00:00+00:00");

    let (code, found) = action_findings(&env);
    assert_eq!(code, 0);
    let offsite = line_of(&env, D10, "Book the offsite");
    let late: Vec<(String, u64)> = found
        .iter()
        .filter(|f| f.0 == "actions/overdue")
        .map(|f| (f.1.clone(), f.2))
        .collect();
    let mut want = vec![
        (D10.to_owned(), offsite),
        (D17.to_owned(), line_of(&env, D17, "Call the bank")),
        (D17.to_owned(), line_of(&env, D17, "Renew the licences")),
    ];
    want.sort();
    assert_eq!(late, want, "{found:?}");
    let lost: Vec<&(String, String, u64, String)> =
        found.iter().filter(|f| f.0 != "actions/overdue").collect();
    assert_eq!(
        lost,
        vec![&(
            "actions/not-carried".to_owned(),
            D10.to_owned(),
            offsite,
            format!(
                "still open, last written here: {D17}, the report's next note (2026-11-17), does not carry it and no note closed it"
            )
        )]
    );

    // `actions --overdue` lists the same actions, at the same lines.
    let a = env
        .cascade()
        .args(["actions", "--overdue", "--format", "json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let mut listed: Vec<(String, u64)> = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["path"].as_str().unwrap().to_owned(),
                x["line"].as_u64().unwrap(),
            )
        })
        .collect();
    listed.sort();
    assert_eq!(listed, want);

    assert_one_note_lint(&env, offsite);
}

/// Linting one note reports what concerns that note only, read from its report's every note.
fn assert_one_note_lint(env: &Env, offsite: u64) {
    let a = env
        .cascade()
        .args(["lint", "--format", "json", D10])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let rules: Vec<(&str, &str, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        vec![
            ("actions/not-carried", D10, offsite),
            ("actions/overdue", D10, offsite)
        ]
    );
}

#[test]
fn a_reword_that_could_continue_two_actions_is_ambiguous_and_names_both() {
    let env = Env::new();
    env.notebook();
    env.write(
        D10,
        note(
            "2026-11-10",
            false,
            &[
                "- [ ] Call the bank about the loan @alice due:2026-11-30",
                "- [ ] Call the bank about the lease @alice due:2026-11-30",
            ],
        ),
    );
    env.commit_all("alice 10", "2026-11-10T10:00:00+00:00");
    env.write(
        D17,
        note(
            "2026-11-17",
            false,
            &["- [x] Call the bank @alice due:2026-11-30 (from 2026-11-10)"],
        ),
    );
    env.commit_all("alice 17", "2026-11-17T10:00:00+00:00");
    let (code, found) = action_findings(&env);
    assert_eq!(code, 0);
    let (loan, lease) = (
        line_of(&env, D10, "the loan"),
        line_of(&env, D10, "the lease"),
    );
    let ambiguous: Vec<_> = found
        .iter()
        .filter(|f| f.0 == "actions/ambiguous")
        .collect();
    assert_eq!(
        ambiguous,
        vec![&(
            "actions/ambiguous".to_owned(),
            D17.to_owned(),
            line_of(&env, D17, "Call the bank"),
            format!(
                "this line could continue any of 2 actions, last written at {D10}:{loan}, {D10}:{lease}"
            )
        )]
    );
}

#[test]
fn a_stale_copy_in_a_private_note_quotes_nothing_in_any_format() {
    let env = Env::new();
    env.notebook();
    env.write(
        D10,
        note("2026-11-10", false, &[&format!("- [ ] {FORECAST}")]),
    );
    env.commit_all("alice 10", "2026-11-10T10:00:00+00:00");
    // Carried into a private note, reworded there with a word that must never be shown.
    env.write(
        D17,
        note(
            "2026-11-17",
            true,
            &["- [ ] Send the forecast zanzibar @alice due:2026-11-20 (from 2026-11-10)"],
        ),
    );
    env.commit_all("alice 17", "2026-11-17T10:00:00+00:00");
    env.write(
        D10,
        note("2026-11-10", false, &[&format!("- [x] {FORECAST}")]),
    );
    env.commit_all("done", "2026-11-19T10:00:00+00:00");

    let (code, found) = action_findings(&env);
    assert_eq!(code, 0);
    let open = line_of(&env, D17, "zanzibar");
    assert_eq!(
        found,
        vec![(
            "actions/stale-copy".to_owned(),
            D17.to_owned(),
            open,
            format!(
                "a copy of an action is still open after another copy closed it, on line {open} (private: not quoted)"
            )
        )]
    );
    for format in ["human", "json", "github"] {
        let out = env
            .cascade()
            .args(["lint", "--format", format])
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!all.contains("zanzibar"), "{format}: {all}");
        assert!(all.contains("actions/stale-copy"), "{format}: {all}");
    }
}

#[test]
fn a_tick_in_a_private_note_is_named_by_place_only_on_the_public_copy_left_open() {
    let env = Env::new();
    env.notebook();
    let d21 = "notes/alice/2026-11-21.md";
    env.write(
        D10,
        note("2026-11-10", false, &[&format!("- [ ] {FORECAST}")]),
    );
    env.commit_all("alice 10", "2026-11-10T10:00:00+00:00");
    env.write(
        D17,
        note(
            "2026-11-17",
            true,
            &["- [ ] Send the forecast zanzibar @alice due:2026-11-20 (from 2026-11-10)"],
        ),
    );
    env.commit_all("alice 17", "2026-11-17T10:00:00+00:00");
    env.write(
        d21,
        note(
            "2026-11-21",
            false,
            &[&format!("- [ ] {FORECAST} (from 2026-11-10)")],
        ),
    );
    env.commit_all("alice 21", "2026-11-21T10:00:00+00:00");
    // Ticked in the private note after the newest note carried it.
    env.write(
        D17,
        note(
            "2026-11-17",
            true,
            &["- [x] Send the forecast zanzibar @alice due:2026-11-20 (from 2026-11-10)"],
        ),
    );
    env.commit_all("done", "2026-11-22T10:00:00+00:00");
    let (code, found) = action_findings(&env);
    assert_eq!(code, 0);
    let tick = line_of(&env, D17, "zanzibar");
    assert_eq!(
        found,
        vec![(
            "actions/stale-copy".to_owned(),
            d21.to_owned(),
            line_of(&env, d21, "Send the forecast"),
            format!(
                "still open here, but the action was ticked done in {D17}:{tick} on 2026-11-22"
            )
        )]
    );
    let a = env.cascade().args(["lint"]).assert().success();
    assert!(!stdout(&a).contains("zanzibar") && !stderr(&a).contains("zanzibar"));
}

#[test]
fn lint_staged_reads_a_staged_note_as_the_work_tree_s_for_its_actions() {
    let env = Env::new();
    env.notebook();
    env.write(
        D10,
        note("2026-11-10", false, &[&format!("- [ ] {FORECAST}")]),
    );
    env.commit_all("alice 10", "2026-11-10T10:00:00+00:00");
    let carried = format!("- [ ] {FORECAST} (from 2026-11-10)");
    env.write(D17, note("2026-11-17", false, &[&carried]));
    env.commit_all("alice 17", "2026-11-17T10:00:00+00:00");
    env.write(
        D10,
        note("2026-11-10", false, &[&format!("- [x] {FORECAST}")]),
    );
    env.commit_all("done", "2026-11-19T10:00:00+00:00");
    // The copy is ticked in the index, and still open in the work tree.
    env.write(
        D17,
        note("2026-11-17", false, &[&carried.replace("[ ]", "[x]")]),
    );
    let st = env.git(&env.work()).args(["add", D17]).status().unwrap();
    assert!(st.success());
    env.write(D17, note("2026-11-17", false, &[&carried]));
    let staged = git_status(&env);
    assert_eq!(staged, format!("MM {D17}\n"));

    let a = env
        .cascade()
        .args(["lint", "--staged", "--format", "json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(v["files_checked"], 1);
    assert_eq!(v["diagnostics"], serde_json::json!([]), "{v}");
    // The work tree's copy is still open: plain lint says so.
    let (code, found) = action_findings(&env);
    assert_eq!(code, 0);
    assert_eq!(
        found
            .iter()
            .map(|f| (f.0.as_str(), f.1.as_str()))
            .collect::<Vec<_>>(),
        vec![("actions/stale-copy", D17)]
    );
    assert_eq!(
        git_status(&env),
        staged,
        "lint changes neither index nor work tree"
    );
}
