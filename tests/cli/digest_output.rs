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
