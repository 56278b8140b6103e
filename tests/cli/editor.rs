//! `new --edit` and `open`: the editor starts at the first empty section.

use std::path::PathBuf;

use crate::common::*;
use crate::workflow::week;

/// A fake editor named `name` that records its arguments in `args.txt`.
pub(crate) fn fake_editor(env: &Env, name: &str) -> PathBuf {
    let bin = env.tmp.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let p = bin.join(name);
    let log = env.tmp.path().join("args.txt");
    std::fs::write(
        &p,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{}'\n",
            log.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    p
}

pub(crate) fn editor_args(env: &Env) -> Vec<String> {
    std::fs::read_to_string(env.tmp.path().join("args.txt"))
        .unwrap()
        .lines()
        .map(|l| l.replace(&env.tmp.path().display().to_string(), "[TMP]"))
        .collect()
}

/// 1-based line of the first line of `text` equal to `l`.
pub(crate) fn line_of(text: &str, l: &str) -> usize {
    text.lines().position(|x| x == l).unwrap() + 1
}

#[cfg(unix)]
#[test]
fn new_edit_and_open_start_the_editor_at_the_first_empty_section() {
    let env = Env::new();
    week(&env);
    let vim = fake_editor(&env, "vim");
    let a = env
        .cascade()
        .args(["new", "carol", "--edit"])
        .env("VISUAL", &vim)
        .assert()
        .success();
    assert_eq!(stdout(&a), "created notes/carol/2026-11-24.md\n");
    let text = env.read("notes/carol/2026-11-24.md");
    // Below the prompt comment of `## Leverage`.
    let at = line_of(&text, "## Leverage") + 2;
    assert_eq!(text.lines().nth(at - 1), Some(""));
    assert_eq!(
        editor_args(&env),
        [
            format!("+{at}"),
            "[TMP]/work/notes/carol/2026-11-24.md".to_owned()
        ]
    );

    // VS Code style; $VISUAL may carry its own arguments.
    let code = fake_editor(&env, "code");
    env.cascade()
        .args(["open", "carol"])
        .env("VISUAL", format!("{} --wait", code.display()))
        .assert()
        .success();
    assert_eq!(
        editor_args(&env),
        [
            "--wait",
            "--goto",
            &format!("[TMP]/work/notes/carol/2026-11-24.md:{at}")
        ]
    );

    // A complete note opens at its top; $EDITOR is used when $VISUAL is empty.
    let a = env
        .cascade()
        .args(["open", "alice"])
        .env("EDITOR", &vim)
        .assert()
        .success();
    assert_eq!(stdout(&a), "opening notes/alice/2026-11-24.md\n");
    assert_eq!(editor_args(&env), ["[TMP]/work/notes/alice/2026-11-24.md"]);

    let a = env.cascade().args(["open", "bob"]).assert().code(2);
    assert!(
        stderr(&a).contains("neither $VISUAL nor $EDITOR is set"),
        "{}",
        stderr(&a)
    );
    env.cascade()
        .args(["person", "add", "dan"])
        .assert()
        .success();
    let a = env
        .cascade()
        .args(["open", "dan"])
        .env("VISUAL", &vim)
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("dan has no notes yet"),
        "{}",
        stderr(&a)
    );
    let a = env
        .cascade()
        .args(["open", "carl"])
        .env("VISUAL", &vim)
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("did you mean `carol`?"),
        "{}",
        stderr(&a)
    );
    // An editor that fails is an error, and says the note is on disk.
    let a = env
        .cascade()
        .args(["open", "alice"])
        .env("VISUAL", "false")
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("editor `false` exited"),
        "{}",
        stderr(&a)
    );
}
