//! `cascade digest` output: a custom range and `--out`, user templates (sandboxed), HTML.

use serde_json::Value;

use crate::common::*;
use crate::digest::{history, note};

#[test]
fn a_custom_range_and_out_file() {
    let env = Env::new();
    history(&env);
    let a = env
        .cascade_at("2026-12-08")
        .args([
            "digest",
            "--from",
            "2026-11-17",
            "--to",
            "2026-11-24",
            "--format",
            "json",
            "--out",
            "d.json",
        ])
        .assert()
        .success();
    assert_eq!(stdout(&a), "");
    assert_eq!(stderr(&a), "wrote d.json\n");
    let j: Value = serde_json::from_str(&env.read("d.json")).unwrap();
    assert_eq!(j["week"], Value::Null);
    assert_eq!(j["meetings"].as_array().unwrap().len(), 3);
    // The work tree has only that new file.
    let st = env
        .git(&env.work())
        .args(["status", "--porcelain"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(st.stdout).unwrap(), "?? d.json\n");
}

/// Rows 34-36: template errors name the template and line; nothing is written.
#[test]
fn user_templates_are_sandboxed() {
    let env = Env::new();
    history(&env);
    let cases = [
        (
            "{% for a in range(10000) %}{% for b in range(10000) %}x{% endfor %}{% endfor %}\n",
            "templates/digest.md.j2",
        ),
        (
            "# Digest\n{% include \"/etc/passwd\" %}\n",
            "templates/digest.md.j2",
        ),
        (
            "# Digest\n\n{{ no_such_variable }}\n",
            "templates/digest.md.j2:3",
        ),
    ];
    for (template, place) in cases {
        env.write("templates/digest.md.j2", template);
        let a = env
            .cascade()
            .args(["digest", "--out", "out.md"])
            .assert()
            .code(2);
        let err = stderr(&a);
        assert!(
            err.contains("template error in templates/digest.md.j2"),
            "{err}"
        );
        assert!(err.contains(place), "{err}");
        assert!(!env.work().join("out.md").exists());
    }
    // A working override is used, for md and html alike.
    env.write(
        "templates/digest.md.j2",
        "{{ title }}: {{ meetings | length }} meetings\n",
    );
    env.write("templates/digest.html.j2", "<p>{{ title }}</p>\n");
    let a = env
        .cascade_at("2026-12-08")
        .args(["digest", "--week", "2026-W48"])
        .assert()
        .success();
    assert_eq!(stdout(&a), "Cascade digest 2026-W48: 1 meetings\n");
    let a = env
        .cascade_at("2026-12-08")
        .args(["digest", "--week", "2026-W48", "--format", "html"])
        .assert()
        .success();
    assert_eq!(stdout(&a), "<p>Cascade digest 2026-W48</p>\n");
}

#[test]
fn html_is_self_contained_and_escaped() {
    let env = Env::new();
    history(&env);
    env.write(
        "notes/bob/2026-11-27.md",
        note("2026-11-27", "bob", "", "## Conclusions\n- Ban <script>alert(1)</script> in mails. share:platform\n- See https://example.com/x for details.\n"),
    );
    let a = env
        .cascade_at("2026-12-08")
        .args(["digest", "--week", "2026-W48", "--format", "html"])
        .assert()
        .success();
    let html = stdout(&a);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        html.contains("Ban &lt;script&gt;alert(1)&lt;&#x2f;script&gt; in mails."),
        "{html}"
    );
    assert!(!html.contains("<script"));
    assert!(html.contains("<style>"));
    // Nothing is loaded from outside: every src= and href= is a note of the notebook.
    let mut links = 0;
    for attr in ["src=\"", "href=\"", "src='", "href='"] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            // minijinja escapes `/` in attributes; the browser reads it back.
            let value = rest[..rest.find(['"', '\'']).unwrap()].replace("&#x2f;", "/");
            assert!(
                value.starts_with("notes/") && value.ends_with(".md"),
                "{value}"
            );
            assert!(!value.contains("http"), "{value}");
            links += 1;
        }
    }
    assert!(links > 5);
    assert!(!html.contains("url("));
    assert!(!html.contains("@import"));
}

#[test]
fn html_digest_draws_each_indicator_as_a_sparkline_of_its_recent_values_and_explains_leverage() {
    let env = Env::new();
    history(&env);
    let json: Value = serde_json::from_str(&stdout(
        &env.cascade_at("2026-12-08")
            .args(["digest", "--week", "2026-W48", "--format", "json"])
            .assert()
            .success(),
    ))
    .unwrap();
    let orders = json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "orders")
        .unwrap();
    assert_eq!(
        orders["history"],
        serde_json::json!([
            {"date": "2026-10-20", "value": 370},
            {"date": "2026-10-27", "value": 372},
            {"date": "2026-11-03", "value": 376},
            {"date": "2026-11-10", "value": 380},
            {"date": "2026-11-17", "value": 390},
            {"date": "2026-11-24", "value": 300}
        ])
    );
    let html = stdout(
        &env.cascade_at("2026-12-08")
            .args(["digest", "--week", "2026-W48", "--format", "html"])
            .assert()
            .success(),
    );
    // One inline SVG per indicator, on the scale of `trend`'s sparkline: lowest at the
    // bottom, highest at the top, the dot on this meeting's value; an unusual change in
    // the warning color.
    assert_eq!(html.matches("<svg class=\"spark").count(), 2, "{html}");
    assert!(
        html.contains(
            "<svg class=\"spark flagged\" width=\"96\" height=\"24\" viewBox=\"0 0 96 24\" role=\"img\" aria-label=\"orders at the last 6 meetings: 370, 372, 376, 380, 390, 300\">"
        ),
        "{html}"
    );
    assert!(
        html.contains("<polyline points=\"3,7 21,6.6 39,5.8 57,5 75,3 93,21\""),
        "{html}"
    );
    assert!(
        html.contains("<circle cx=\"93\" cy=\"21\" r=\"2.5\"/>"),
        "{html}"
    );
    assert!(
        html.contains("<title>2026-10-20: 370&#10;2026-10-27: 372&#10;"),
        "{html}"
    );
    assert!(
        html.contains("aria-label=\"morale at the last 3 meetings: 7, 7, 7.5\">"),
        "{html}"
    );
    assert!(
        html.contains("<polyline points=\"3,21 48,21 93,3\""),
        "{html}"
    );
    // Leverage says what it is where it is shown: the figure, the meetings' column, a note.
    let help = "the report&#x27;s working hours until the next meeting (by their cadence) over the meeting&#x27;s hours";
    assert_eq!(
        html.matches(&format!("title=\"{help}")).count(),
        2,
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "<p class=\"help\" id=\"leverage\">* Leverage: {help}"
        )),
        "{html}"
    );
}
