//! What reaches the terminal and the Markdown digest from a note: no control sequence, no
//! color code but cascade's own, no raw HTML or script link.

use crate::common::*;
use crate::privacy::{Seen, commit_at, head, steps};

#[test]
fn terminal_output_strips_control_sequences_and_the_markdown_digest_escapes_html_and_script_links()
{
    let env = Env::new();
    env.notebook();
    env.cascade()
        .args([
            "person",
            "add",
            "eve",
            "--name",
            "Eve\x1b]0;owned\x07\x1b[2J",
            "--group",
            "sales",
        ])
        .assert()
        .success();
    env.write(
        "notes/eve/2026-11-23.md",
        format!(
            "{}{}",
            head("2026-11-23", "eve"),
            steps(
                "- Ban <script>alert(1)</script> now share:sales\n- See [docs](javascript:alert(1)) share:sales\n- Bell\x07 and \x1b[31mred\x1b[0m share:sales\n",
                "- [ ] Clear\x1b[2J screen @eve due:2026-11-30\n",
                ""
            )
        ),
    );
    commit_at(&env, "Note", "2026-11-23");
    let mut seen = Seen(Vec::new());
    seen.run_everything(&env);
    for (place, text) in &seen.0 {
        if place.contains("json") && place.starts_with("stdout") {
            continue; // JSON escapes control characters itself.
        }
        assert!(
            !text.contains(['\x1b', '\x07']),
            "a control character reached {place}: {text:?}"
        );
    }
    let md = seen.get("stdout of `digest --format md`");
    assert!(
        md.contains("- Ban &lt;script&gt;alert(1)&lt;/script&gt; now — eve"),
        "{md}"
    );
    assert!(
        md.contains("- See \\[docs\\](javascript:alert(1)) — eve"),
        "{md}"
    );
    assert!(!md.contains("<script"), "{md}");
    let status = seen.get("stdout of `status --format human`");
    assert!(status.contains("Eve]0;owned[2J"), "{status}");
}

/// With colors on, cascade's own color codes reach the terminal but the same bytes from a
/// note or a name do not: `ESC [ 8 m` (conceal) in an action, a conclusion, a name or a line
/// lint quotes would otherwise hide the text after it.
#[test]
fn colored_output_keeps_cascades_colors_but_drops_a_conceal_code_from_notes_and_names() {
    let env = Env::new();
    env.notebook();
    env.cascade()
        .args([
            "person",
            "add",
            "eve",
            "--name",
            "Eve\x1b[8mHIDDEN-NAME\x1b[0m",
        ])
        .assert()
        .success();
    env.write(
        "notes/eve/2026-11-23.md",
        format!(
            "{}{}",
            head("2026-11-23", "eve"),
            steps(
                "- Keep \x1b[8mHIDDEN-CONCLUSION\x1b[0m share:sales\n",
                "- [ ] Call \x1b[8mHIDDEN-ACTION\x1b[0m @eve due:2026-11-20\n- [ ] No owner \x1b[8mHIDDEN-LINT\x1b[0m\n",
                ""
            )
        ),
    );
    commit_at(&env, "Note", "2026-11-23");
    let runs: [&[&str]; 7] = [
        &["actions"],
        &["status"],
        &["log", "eve"],
        &["lint"],
        &["digest"],
        &["log", "nobody"],
        &["new", "eve", "--no-edit", "--date", "2026-11-24"],
    ];
    let mut painted = 0;
    for args in runs {
        let out = env
            .cascade()
            .arg("--color=always")
            .args(args)
            .output()
            .unwrap();
        let code = out.status.code();
        assert!(matches!(code, Some(0..=2)), "{args:?} exited {code:?}");
        for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.contains("\x1b[8m") && !text.contains("\x1b[0mHIDDEN"),
                "a note's color code reached the {name} of {args:?}: {text:?}"
            );
            assert!(
                !text.contains(|c: char| ('\u{F0000}'..='\u{FFFFF}').contains(&c)),
                "the mark of cascade's own colors reached the {name} of {args:?}: {text:?}"
            );
            painted += text.matches("\x1b[1m").count();
        }
    }
    // cascade's own colors are still there (bold headers, error titles), and the text a
    // conceal code hid is shown.
    assert!(painted > 5, "cascade's own colors were dropped too");
    let actions = env
        .cascade()
        .args(["--color=always", "actions"])
        .output()
        .unwrap();
    let actions = String::from_utf8_lossy(&actions.stdout);
    assert!(actions.contains("Call [8mHIDDEN-ACTION[0m"), "{actions:?}");
    assert!(actions.contains("\x1b[1mdue\x1b[0m"), "{actions:?}");
    let lint = env
        .cascade()
        .args(["--color=always", "lint"])
        .output()
        .unwrap();
    assert_eq!(lint.status.code(), Some(1));
    let lint = String::from_utf8_lossy(&lint.stdout);
    assert!(lint.contains("No owner [8mHIDDEN-LINT[0m"), "{lint:?}");
    assert!(lint.contains("\x1b[1m\x1b[91merror"), "{lint:?}");
}
