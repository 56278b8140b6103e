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
