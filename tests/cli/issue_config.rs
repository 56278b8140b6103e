//! What the config decides stays the config's: groups checked against `[groups]`, cadence and
//! meeting length read from `cascade.toml` rather than copied into notes, one "as of" day for
//! every measure of a digest, and what `cascade/no-audience` says the digest does.

use serde_json::Value;

use crate::common::*;
use crate::digest::{json_of, note};

/// The row of `report` in `status --format json` on `today`.
fn status_row(env: &Env, today: &str, report: &str) -> Value {
    let a = env
        .cascade_at(today)
        .args(["status", "--format", "json"])
        .assert()
        .success();
    let j = json_of(&a);
    j["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["report"] == report)
        .cloned()
        .unwrap_or_else(|| panic!("no {report} in {j}"))
}

/// The cadence entry of `report` in the JSON digest of `week` on `today`.
fn digest_cadence(env: &Env, today: &str, week: &str, report: &str) -> (Value, Value) {
    let a = env
        .cascade_at(today)
        .args(["digest", "--week", week, "--format", "json"])
        .assert()
        .success();
    let j = json_of(&a);
    let entry = j["cadence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["report"] == report)
        .cloned()
        .unwrap_or(Value::Null);
    (j, entry)
}

#[test]
fn digest_cadence_health_counts_to_its_as_of_day_like_status_not_to_the_weeks_sunday() {
    let env = Env::new();
    env.notebook();
    // alice: cadence 7 (from `person add`), met on Monday 2026-11-09, and a meeting planned
    // for Friday 2026-11-27, later in the current week.
    env.write(
        "notes/alice/2026-11-09.md",
        note("2026-11-09", "alice", "", "## Conclusions\n"),
    );
    env.write(
        "notes/alice/2026-11-27.md",
        note("2026-11-27", "alice", "", "## Leverage\n"),
    );
    env.commit_all("alice", "2026-11-09T10:00:00+00:00");

    // Tuesday 2026-11-24: 15 days since the meeting, cadence 7: 8 days over in `status`.
    let row = status_row(&env, "2026-11-24", "alice");
    assert_eq!(row["last"], "2026-11-09");
    assert_eq!(row["overdue_days"], 8);

    // The digest of the current week says the same, as of today (not 13, counted to Sunday
    // 2026-11-29, nor 0 because of the meeting planned on Friday).
    let (j, c) = digest_cadence(&env, "2026-11-24", "2026-W48", "alice");
    assert_eq!(j["as_of"], "2026-11-24");
    assert_eq!(c["last_meeting"], "2026-11-09");
    assert_eq!(c["days_since"], 15);
    assert_eq!(c["cadence_days"], 7);
    assert_eq!(c["days_overdue"], 8);
    let md = stdout(
        &env.cascade_at("2026-11-24")
            .args(["digest", "--week", "2026-W48"])
            .assert()
            .success(),
    );
    assert!(
        md.contains(
            "- Alice Martin (alice): last meeting 2026-11-09, 15 days ago; cadence 7 days, 8 days over\n"
        ),
        "{md}"
    );
    assert!(md.contains("### Overdue as of 2026-11-24 "), "{md}");

    // A past week is measured on its Sunday: week 47 ends 2026-11-22, 13 days after the
    // meeting, 6 over, whatever today is; `status` on that Sunday says the same.
    let (j, c) = digest_cadence(&env, "2026-11-24", "2026-W47", "alice");
    assert_eq!(j["as_of"], "2026-11-22");
    assert_eq!(c["days_since"], 13);
    assert_eq!(c["days_overdue"], 6);
    assert_eq!(status_row(&env, "2026-11-22", "alice")["overdue_days"], 6);
    let md = stdout(
        &env.cascade_at("2026-11-24")
            .args(["digest", "--week", "2026-W47"])
            .assert()
            .success(),
    );
    assert!(
        md.contains(
            "- Alice Martin (alice): last meeting 2026-11-09, 13 days ago; cadence 7 days, 6 days over\n"
        ),
        "{md}"
    );
}

/// A note of bob on `date` with every step written; `extra` front matter lines, and
/// `conclusions` as the bullets of its `## Conclusions`.
fn full_note(date: &str, extra: &str, conclusions: &str, actions: &str) -> String {
    note(
        date,
        "bob",
        extra,
        &format!(
            "## Leverage\nShorter release cycles for the quarter.\n\n## Common base\nThe release checklist.\n\n## Reverse teaching\nHow the new CI caches work.\n\n## Joint data analysis\nDeploys per week: flat.\n\n## Conclusions\n{conclusions}\n## Cascading actions\n{actions}"
        ),
    )
}

/// One lint finding: rule, path, line, column, message, help.
type Finding = (String, String, u64, u64, String, String);

/// `lint --format json` on `today`: its exit code and its findings.
fn lint_findings(env: &Env, today: &str) -> (i32, Vec<Finding>) {
    let out = env
        .cascade_at(today)
        .args(["lint", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["path"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
                d["help"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    (out.status.code().unwrap(), found)
}

#[test]
fn no_audience_says_the_digest_lists_such_conclusions_under_no_audience() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/bob/2026-11-23.md",
        full_note(
            "2026-11-23",
            "",
            "- Freeze deploys on Fridays.\n",
            "- [ ] Write the release checklist @bob due:2026-12-01\n",
        ),
    );
    env.commit_all("bob", "2026-11-23T10:00:00+00:00");

    let (code, found) = lint_findings(&env, "2026-11-24");
    assert_eq!(code, 0, "{found:?}");
    assert_eq!(
        found,
        [(
            "cascade/no-audience".to_owned(),
            "notes/bob/2026-11-23.md".to_owned(),
            22,
            1,
            "no conclusion has an audience: the digest lists them under \"(no audience)\", for no group".to_owned(),
            "add `share:GROUP` to a bullet, or `share_with: [GROUP]` to the front matter".to_owned(),
        )]
    );
    // What the message says is what the digest does.
    let md = stdout(
        &env.cascade_at("2026-11-24")
            .args(["digest", "--week", "2026-W48"])
            .assert()
            .success(),
    );
    assert!(
        md.contains(
            "### (no audience)\n\n- Freeze deploys on Fridays. — bob, `notes/bob/2026-11-23.md:23`\n"
        ),
        "{md}"
    );
    let explain = stdout(
        &env.cascade()
            .args(["explain", "cascade/no-audience"])
            .assert()
            .success(),
    );
    assert!(explain.contains("under \"(no audience)\""), "{explain}");
    assert!(!explain.contains("will not appear"), "{explain}");
}

/// Declare the groups `sales` and `finance` in the notebook's cascade.toml.
fn declare_groups(env: &Env) {
    let config = env.read("cascade.toml");
    env.write(
        "cascade.toml",
        format!("{config}\n[groups.sales]\nname = \"Sales leadership\"\n[groups.finance]\n"),
    );
}

#[test]
fn share_of_an_undeclared_group_is_a_lint_error_with_did_you_mean_once_groups_are_declared() {
    let env = Env::new();
    env.notebook();
    let undeclared = env.read("cascade.toml");
    env.write(
        "notes/bob/2026-11-23.md",
        full_note(
            "2026-11-23",
            "share_with: [finanse]\n",
            "- Freeze deploys on Fridays. share:salse\n- Keep the Monday demo. share:sales\n",
            "- [ ] Write the release checklist @bob due:2026-12-01 share:sales,FNANCE.\n",
        ),
    );
    env.commit_all("bob", "2026-11-23T10:00:00+00:00");

    // No `[groups]`: any group may be named, as before.
    assert_eq!(lint_findings(&env, "2026-11-24"), (0, vec![]));

    declare_groups(&env);
    let (code, found) = lint_findings(&env, "2026-11-24");
    assert_eq!(code, 1, "{found:?}");
    let path = "notes/bob/2026-11-23.md".to_owned();
    let finding = |line, column, message: &str, help: &str| -> Finding {
        (
            "groups/unknown".to_owned(),
            path.clone(),
            line,
            column,
            message.to_owned(),
            help.to_owned(),
        )
    };
    assert_eq!(
        found,
        [
            finding(
                6,
                14,
                "group `finanse` in `share_with` is not declared in [groups] of cascade.toml",
                "did you mean `finance`? Or declare it in cascade.toml: `[groups.finanse]`",
            ),
            finding(
                24,
                36,
                "group `salse` in `share:` of a conclusion is not declared in [groups] of cascade.toml",
                "did you mean `sales`? Or declare it in cascade.toml: `[groups.salse]`",
            ),
            finding(
                28,
                67,
                "group `fnance` in `share:` of an action is not declared in [groups] of cascade.toml",
                "did you mean `finance`? Or declare it in cascade.toml: `[groups.fnance]`",
            ),
        ]
    );

    // Declared, the same groups are fine.
    env.write(
        "notes/bob/2026-11-23.md",
        env.read("notes/bob/2026-11-23.md")
            .replace("finanse", "finance")
            .replace("salse", "sales")
            .replace("FNANCE", "finance"),
    );
    assert_eq!(lint_findings(&env, "2026-11-24"), (0, vec![]));
    assert_ne!(env.read("cascade.toml"), undeclared);

    // In a private note the finding is made, and the group as written is not quoted.
    env.write(
        "notes/bob/2026-11-16.md",
        full_note(
            "2026-11-16",
            "private: true\n",
            "- Reorganise the team. share:canarygroup\n",
            "- [ ] Write the plan @bob due:2026-12-01\n",
        ),
    );
    let (code, found) = lint_findings(&env, "2026-11-24");
    assert_eq!(code, 1, "{found:?}");
    assert_eq!(
        found
            .iter()
            .map(|f| (f.0.as_str(), f.1.as_str(), f.2))
            .collect::<Vec<_>>(),
        // Its open action, older than the note of the 23rd and not carried, is a warning too.
        [
            ("groups/unknown", "notes/bob/2026-11-16.md", 24),
            ("actions/not-carried", "notes/bob/2026-11-16.md", 27)
        ]
    );
    for format in ["human", "json", "github"] {
        let out = env
            .cascade()
            .args(["lint", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(all.contains("groups/unknown"), "{all}");
        assert!(!all.contains("canary"), "{format}: {all}");
    }
}

#[test]
fn person_add_refuses_an_undeclared_group_once_groups_are_declared() {
    let env = Env::new();
    env.notebook();
    declare_groups(&env);
    let before = env.read("cascade.toml");
    let names = env.names("");

    let a = env
        .cascade()
        .args([
            "person", "add", "carol", "--group", "finance", "--group", "salse",
        ])
        .assert()
        .code(2);
    assert_eq!(stdout(&a), "");
    let err = stderr(&a);
    assert!(
        err.contains(
            "--group `salse` is not declared in [groups] of cascade.toml; nothing changed"
        ),
        "{err}"
    );
    assert!(
        err.contains("did you mean `sales`? Or declare it in cascade.toml: `[groups.salse]`"),
        "{err}"
    );
    assert_eq!(env.read("cascade.toml"), before);
    assert_eq!(env.names(""), names);

    env.cascade()
        .args(["person", "add", "carol", "--group", "sales"])
        .assert()
        .success();
    let after = env.read("cascade.toml");
    assert!(
        after.contains("\n[people.carol]\ngroups = [\"sales\"]\n"),
        "{after}"
    );
    assert_eq!(
        after.replace("\n[people.carol]\ngroups = [\"sales\"]\n", ""),
        before
    );
}

/// The front matter of `text`, between its fences.
fn front_matter(text: &str) -> &str {
    text.split("---\n").nth(1).unwrap()
}

#[test]
fn new_leaves_the_meeting_length_blank_and_the_cadence_to_the_config_so_leverage_missing_fires() {
    let env = Env::new();
    env.notebook();
    env.cascade().args(["new", "alice"]).assert().success();
    let text = env.read("notes/alice/2026-11-24.md");
    assert_eq!(
        front_matter(&text),
        "date: 2026-11-24\nreport: alice\nsupervisor: dana\nduration_min:\nshare_with: [sales]\ntags: []\nindicators:\n"
    );

    // The blank length is reported where it is, saying what to write.
    let (_, found) = lint_findings(&env, "2026-11-24");
    let leverage: Vec<&Finding> = found.iter().filter(|f| f.0 == "leverage/missing").collect();
    assert_eq!(
        leverage,
        [&(
            "leverage/missing".to_owned(),
            "notes/alice/2026-11-24.md".to_owned(),
            5,
            13,
            "`duration_min` is blank: the meeting's leverage cannot be computed".to_owned(),
            "write how many minutes the meeting took after it, e.g. `duration_min: 45`".to_owned(),
        )]
    );
    assert!(
        !found.iter().any(|f| f.0 == "front-matter/type"),
        "{found:?}"
    );
    // Meanwhile the config's length is counted: 60 minutes, cadence 7.
    let row = status_row(&env, "2026-11-24", "alice");
    assert_eq!(row["hours_this_month"], 1);
    assert_eq!(row["cadence_days"], 7);

    // Filled in, the finding is gone and the note's length counts.
    env.write(
        "notes/alice/2026-11-24.md",
        text.replace("duration_min:\n", "duration_min: 30\n"),
    );
    let (_, found) = lint_findings(&env, "2026-11-24");
    assert!(
        !found.iter().any(|f| f.0 == "leverage/missing"),
        "{found:?}"
    );
    assert_eq!(
        status_row(&env, "2026-11-24", "alice")["hours_this_month"],
        0.5
    );
}

#[test]
fn changing_a_cadence_in_the_config_changes_status_and_digest_for_notes_that_do_not_set_one() {
    let env = Env::new();
    env.notebook();
    env.cascade()
        .args(["new", "alice", "--date", "2026-11-10"])
        .assert()
        .success();
    // bob's note was written by an earlier `cascade new`, which copied the values.
    env.write(
        "notes/bob/2026-11-03.md",
        note("2026-11-03", "bob", "cadence_days: 14\n", "## Leverage\n"),
    );
    env.commit_all("notes", "2026-11-10T10:00:00+00:00");

    let row = status_row(&env, "2026-11-24", "alice");
    assert_eq!(
        (row["cadence_days"].clone(), row["overdue_days"].clone()),
        (7.into(), 7.into())
    );
    let row = status_row(&env, "2026-11-24", "bob");
    assert_eq!(
        (row["cadence_days"].clone(), row["overdue_days"].clone()),
        (14.into(), 7.into())
    );

    // alice is now met every 10 days, everyone else every 21.
    let config = env.read("cascade.toml");
    assert!(config.contains("cadence_days = 7\n"), "{config}");
    env.write(
        "cascade.toml",
        config
            .replace("cadence_days = 7\n", "cadence_days = 10\n")
            .replace("default_cadence_days = 14\n", "default_cadence_days = 21\n"),
    );
    let row = status_row(&env, "2026-11-24", "alice");
    assert_eq!(row["cadence_days"], 10);
    assert_eq!(row["next_due"], "2026-11-20");
    assert_eq!(row["overdue_days"], 4);
    let (_, c) = digest_cadence(&env, "2026-11-24", "2026-W48", "alice");
    assert_eq!(
        (c["cadence_days"].clone(), c["days_overdue"].clone()),
        (10.into(), 4.into())
    );
    // A note's own value still decides its own meeting.
    let row = status_row(&env, "2026-11-24", "bob");
    assert_eq!(
        (row["cadence_days"].clone(), row["overdue_days"].clone()),
        (14.into(), 7.into())
    );
    let (_, c) = digest_cadence(&env, "2026-11-24", "2026-W48", "bob");
    assert_eq!(
        (c["cadence_days"].clone(), c["days_overdue"].clone()),
        (14.into(), 7.into())
    );
}
