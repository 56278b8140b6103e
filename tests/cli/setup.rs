//! Setting cascade up beside git and the shell: `hook install`, the pre-commit framework's
//! hook, completions and the man page; and the hook blocking a commit of a note with errors.

use std::path::{Path, PathBuf};

use crate::commit::{bad_note, git_out};
use crate::common::*;
use crate::workflow::{body, note, week};

fn hook_path(env: &Env) -> PathBuf {
    env.work().join(".git/hooks/pre-commit")
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o111 != 0
}

#[cfg(unix)]
#[test]
fn hook_install_writes_once_and_never_overwrites_a_foreign_hook() {
    let env = Env::new();
    env.notebook();
    let a = env.cascade().args(["hook", "install"]).assert().success();
    assert_eq!(
        stdout(&a),
        "installed .git/hooks/pre-commit: `git commit` now runs `cascade lint --staged`\n"
    );
    let hook = hook_path(&env);
    let text = std::fs::read_to_string(&hook).unwrap();
    assert!(text.starts_with("#!/bin/sh\n"));
    assert!(text.contains("exec \"$cascade\" lint --staged\n"), "{text}");
    assert!(is_executable(&hook));
    let a = env.cascade().args(["hook", "install"]).assert().success();
    assert_eq!(stdout(&a), "already installed: .git/hooks/pre-commit\n");

    // Somebody else's hook: refused, untouched.
    let other = Env::new();
    other.notebook();
    let theirs = "#!/bin/sh\necho theirs >> \"$(git rev-parse --git-dir)/ran\"\n";
    other.write(".git/hooks/pre-commit", theirs);
    let a = other.cascade().args(["hook", "install"]).assert().code(2);
    let err = stderr(&a);
    assert!(
        err.contains(".git/hooks/pre-commit already exists and was not installed by cascade; nothing was changed"),
        "{err}"
    );
    assert!(err.contains("--chain"), "{err}");
    assert_eq!(std::fs::read_to_string(hook_path(&other)).unwrap(), theirs);
    assert!(!other.work().join(".git/hooks/pre-commit.local").exists());

    // --chain keeps it as pre-commit.local and runs it first.
    let a = other
        .cascade()
        .args(["hook", "install", "--chain"])
        .assert()
        .success();
    assert_eq!(
        stdout(&a),
        "installed .git/hooks/pre-commit; the hook that was there is now .git/hooks/pre-commit.local and runs first\n"
    );
    assert_eq!(
        std::fs::read_to_string(other.work().join(".git/hooks/pre-commit.local")).unwrap(),
        theirs
    );
    let text = std::fs::read_to_string(hook_path(&other)).unwrap();
    assert!(text.contains("pre-commit.local"), "{text}");
    let a = other.cascade().args(["hook", "install"]).assert().success();
    assert_eq!(stdout(&a), "already installed: .git/hooks/pre-commit\n");
    // Another foreign hook while pre-commit.local exists: refused even with --chain.
    other.write(".git/hooks/pre-commit", theirs);
    let a = other
        .cascade()
        .args(["hook", "install", "--chain"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("pre-commit.local exists too"),
        "{}",
        stderr(&a)
    );
    assert_eq!(std::fs::read_to_string(hook_path(&other)).unwrap(), theirs);
    // --force replaces it, saying so.
    let a = other
        .cascade()
        .args(["hook", "install", "--force"])
        .assert()
        .success();
    assert!(
        stdout(&a).starts_with("replaced .git/hooks/pre-commit"),
        "{}",
        stdout(&a)
    );
}

#[test]
fn hook_install_respects_core_hooks_path() {
    let env = Env::new();
    env.notebook();
    let st = env
        .git(&env.work())
        .args(["config", "core.hooksPath", "githooks"])
        .status()
        .unwrap();
    assert!(st.success());
    let a = env.cascade().args(["hook", "install"]).assert().success();
    assert!(
        stdout(&a).starts_with("installed githooks/pre-commit"),
        "{}",
        stdout(&a)
    );
    assert!(env.work().join("githooks/pre-commit").is_file());
    assert!(!hook_path(&env).exists());
}

#[test]
fn pre_commit_hooks_yaml_runs_cascade_lint_on_markdown() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    assert!(text.contains("- id: cascade-lint"), "{text}");
    assert!(text.contains("entry: cascade lint"), "{text}");
    assert!(
        text.contains("files: (^|/)notes/.*\\.(md|markdown)$"),
        "{text}"
    );
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    let env = Env::new();
    for (shell, needle) in [
        ("bash", "_cascade()"),
        ("zsh", "#compdef cascade"),
        ("fish", "complete -c cascade"),
        ("elvish", "edit:completion:arg-completer[cascade]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let a = env
            .cascade()
            .args(["completions", shell])
            .assert()
            .success();
        let out = stdout(&a);
        assert!(out.contains(needle), "{shell}: {out}");
        assert!(out.contains("status") && out.contains("actions"), "{shell}");
    }
    let a = env.cascade().args(["completions", "tcsh"]).assert().code(2);
    assert!(
        stderr(&a).contains("invalid value 'tcsh'"),
        "{}",
        stderr(&a)
    );
    let a = env.cascade().args(["man"]).assert().success();
    let out = stdout(&a);
    assert!(out.contains(".TH cascade"), "{out}");
    assert!(out.contains("status") && out.contains("commit"), "{out}");
}

/// `git commit ARGS` with the directory of the cascade under test first on PATH.
fn git_commit(env: &Env, args: &[&str]) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("cascade");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    env.git(&env.work())
        .args(["commit", "-q"])
        .args(args)
        .env("PATH", path)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn the_hook_blocks_a_commit_of_a_note_with_an_error() {
    let env = Env::new();
    week(&env);
    env.cascade().args(["hook", "install"]).assert().success();
    let head = git_out(&env, &["rev-parse", "HEAD"]);
    env.write("notes/carol/2026-11-24.md", bad_note("2026-11-24", "carol"));
    git_out(&env, &["add", "notes/carol/2026-11-24.md"]);
    let o = git_commit(&env, &["-m", "carol"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("error[actions/owner]"), "{err}");
    assert_eq!(git_out(&env, &["rev-parse", "HEAD"]), head);

    // Fixed, the same commit goes through.
    env.write(
        "notes/carol/2026-11-24.md",
        note(
            "2026-11-24",
            "carol",
            "",
            &body("- One.\n", "- [ ] Read the plan @carol due:2026-12-01\n"),
        ),
    );
    git_out(&env, &["add", "notes/carol/2026-11-24.md"]);
    let o = git_commit(&env, &["-m", "carol"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_ne!(git_out(&env, &["rev-parse", "HEAD"]), head);

    // `git commit -a` and `git commit PATH` stage into a temporary index: linted all the same.
    let head = git_out(&env, &["rev-parse", "HEAD"]);
    let t = env
        .read("notes/alice/2026-11-24.md")
        .replace("Freeze two open reqs @alice", "Freeze two open reqs");
    env.write("notes/alice/2026-11-24.md", t);
    for args in [
        &["-a", "-m", "freeze"][..],
        &["-m", "freeze", "notes/alice/2026-11-24.md"][..],
    ] {
        let o = git_commit(&env, args);
        assert!(!o.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("error[actions/owner]"), "{args:?}: {err}");
        assert_eq!(git_out(&env, &["rev-parse", "HEAD"]), head);
    }
}

#[cfg(unix)]
#[test]
fn a_chained_hook_runs_first_and_can_block() {
    let env = Env::new();
    week(&env);
    env.write(
        ".git/hooks/pre-commit",
        "#!/bin/sh\necho ran >> \"$(git rev-parse --git-dir)/theirs-ran\"\nexit 1\n",
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(hook_path(&env), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    env.cascade()
        .args(["hook", "install", "--chain"])
        .assert()
        .success();
    env.write(
        "notes/carol/2026-11-24.md",
        note(
            "2026-11-24",
            "carol",
            "",
            &body("- One.\n", "- [ ] Read the plan @carol due:2026-12-01\n"),
        ),
    );
    git_out(&env, &["add", "-A"]);
    let o = git_commit(&env, &["-m", "carol"]);
    assert!(!o.status.success());
    assert_eq!(
        std::fs::read_to_string(env.work().join(".git/theirs-ran")).unwrap(),
        "ran\n"
    );
}
