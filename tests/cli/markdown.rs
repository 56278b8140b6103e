//! Notes are read as CommonMark reads them: what a Markdown reader shows as HTML or code is
//! no action, and a heading it shows as Private keeps what follows it private.

use crate::common::*;

/// A note of alice on 2026-11-23 with every step, then `conclusions` and `actions`.
fn note(conclusions: &str, actions: &str) -> String {
    format!(
        "---\ndate: 2026-11-23\nreport: alice\nsupervisor: dana\nduration_min: 30\nshare_with: [sales]\n---\n\n## Leverage\nThe Q1 plan.\n\n## Common base\nOrders weekly.\n\n## Reverse teaching\nPricing.\n\n## Joint data analysis\nFlat.\n\n## Conclusions\n{conclusions}\n## Cascading actions\n{actions}"
    )
}

#[test]
fn actions_leave_out_tasks_in_an_html_block_or_in_indented_code_after_a_fence() {
    let env = Env::new();
    env.notebook();
    let text = note(
        "- Keep the plan.\n",
        "- [ ] Send the plan @alice due:2026-11-30\n<div>\n- [ ] CANARY-HTML layout @alice\n</div>\n\n```\nexample\n```\n    - [ ] CANARY-CODE sample @alice\n",
    );
    let path = env.write("notes/alice/2026-11-23.md", &text);
    env.commit_all("alice", "2026-11-23T10:00:00+01:00");
    let a = env
        .cascade()
        .args(["actions", "--all", "--format", "json"])
        .assert()
        .code(0);
    let out = stdout(&a);
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    let titles: Vec<&str> = j["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["text"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Send the plan"]);
    assert!(
        !out.contains("CANARY") && !stderr(&a).contains("CANARY"),
        "{out}"
    );
    // Read only: the note is as it was.
    assert_eq!(std::fs::read_to_string(path).unwrap(), text);
}

#[test]
fn digest_keeps_out_conclusions_under_a_setext_heading_of_two_lines_naming_private() {
    let env = Env::new();
    env.notebook();
    let text = note(
        "- Keep the plan.\n\nWhat we said,\nkept private\n------------\n- CANARY-SETEXT tired\n",
        "- [ ] Send the plan @alice due:2026-11-30\n",
    );
    env.write("notes/alice/2026-11-23.md", &text);
    env.commit_all("alice", "2026-11-23T10:00:00+01:00");
    for f in ["md", "json", "html"] {
        let a = env
            .cascade()
            .args(["digest", "--format", f])
            .assert()
            .code(0);
        let out = stdout(&a);
        assert!(out.contains("Keep the plan"), "{f}: {out}");
        assert!(out.contains("Send the plan"), "{f}: {out}");
        assert!(
            !out.contains("CANARY") && !stderr(&a).contains("CANARY"),
            "{f}: {out}"
        );
    }
}
