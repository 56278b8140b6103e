//! `cascade hook install`: a git pre-commit hook that lints the staged notes.
//!
//! The hook goes where git looks for hooks: `core.hooksPath` when set (relative to the work
//! tree), else the repository's `hooks/` folder. An existing hook that cascade did not write
//! is never replaced silently: `--chain` keeps it as `pre-commit.local` and runs it first,
//! `--force` replaces it, and without either nothing changes (exit 2).

use std::path::{Path, PathBuf};

use crate::cli::HookInstallArgs;
use crate::error::{EXIT_OK, Error, Result};
use crate::fsx::{self, Mode};
use crate::notebook::rel_path;
use crate::ui::Ctx;

/// The line that marks a hook as written by cascade.
pub const MARKER: &str = "# Installed by `cascade hook install`";

/// The name a chained hook is kept under.
pub const LOCAL: &str = "pre-commit.local";

/// Quote `s` for a POSIX shell.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// The hook script: run the chained hook first when `chain`, then `cascade lint --staged` in
/// the notebook (`notebook` is its path from the work tree root, empty at the root).
/// `fallback` is the binary to use when `cascade` is not on PATH.
pub fn script(notebook: &str, chain: bool, fallback: Option<&Path>) -> String {
    let mut s = String::from("#!/bin/sh\n");
    s.push_str(&format!(
        "{MARKER}: lint the staged notes before each commit.\n# Skip it once with `git commit --no-verify`; delete this file to remove it.\nset -e\n"
    ));
    if chain {
        s.push_str(&format!(
            "\n# The hook that was here before, kept by `--chain`: it runs first.\nlocal_hook=\"$(dirname \"$0\")/{LOCAL}\"\nif [ -x \"$local_hook\" ]; then\n    \"$local_hook\" \"$@\"\nfi\n"
        ));
    }
    // A shared hooks folder (a global core.hooksPath) runs in every repository: outside this
    // notebook the hook does nothing rather than block unrelated commits.
    let config = if notebook.is_empty() {
        "\"$root\"/cascade.toml".to_owned()
    } else {
        format!("\"$root\"/{}/cascade.toml", sh_quote(notebook))
    };
    s.push_str(&format!(
        "\nroot=\"$(git rev-parse --show-toplevel)\"\n[ -f {config} ] || exit 0\n"
    ));
    s.push_str("\nif command -v cascade >/dev/null 2>&1; then\n    cascade=cascade\n");
    if let Some(f) = fallback.and_then(|p| p.to_str()) {
        s.push_str(&format!(
            "elif [ -x {q} ]; then\n    cascade={q}\n",
            q = sh_quote(f)
        ));
    }
    s.push_str("else\n    echo 'pre-commit: `cascade` is not on PATH; install it, or commit with --no-verify' >&2\n    exit 1\nfi\n");
    if notebook.is_empty() {
        s.push_str("exec \"$cascade\" lint --staged\n");
    } else {
        s.push_str(&format!(
            "exec \"$cascade\" -C {} lint --staged\n",
            sh_quote(notebook)
        ));
    }
    s
}

/// Where git runs hooks from for `repo`.
pub fn hooks_dir(repo: &git2::Repository, workdir: &Path) -> Result<PathBuf> {
    let config = repo.config()?;
    match config.get_path("core.hooksPath") {
        Ok(p) if p.is_absolute() => Ok(p),
        Ok(p) => Ok(workdir.join(p)),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(repo.commondir().join("hooks")),
        Err(e) => Err(e.into()),
    }
}

fn read_opt(path: &Path) -> Result<Option<String>> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(String::from_utf8_lossy(&b).into_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

fn write_executable(path: &Path, text: &str, mode: Mode) -> Result<()> {
    fsx::write_atomic(path, text.as_bytes(), mode)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| Error::io(path, e))?;
    }
    Ok(())
}

/// Run `cascade hook install`.
pub fn install(args: HookInstallArgs, ctx: &mut Ctx) -> Result<u8> {
    let nb = ctx.notebook()?;
    let repo = crate::git::require(&nb.root)?;
    let workdir = crate::git::workdir(&repo)?;
    let canon = crate::git::real;
    let notebook = crate::git::rel_to_work_tree(&workdir, &nb.root)
        .unwrap_or_else(|| rel_path(Path::new(""), &canon(&nb.root)));
    let dir = hooks_dir(&repo, &workdir)?;
    fsx::create_dir_all(&dir)?;
    let hook = dir.join("pre-commit");
    let local = dir.join(LOCAL);
    let shown = |p: &Path| {
        crate::git::rel_to_work_tree(&workdir, p).unwrap_or_else(|| p.display().to_string())
    };
    let exe = std::env::current_exe().ok();
    let existing = read_opt(&hook)?;
    match existing {
        None => {
            let chain = local.exists();
            write_executable(
                &hook,
                &script(&notebook, chain, exe.as_deref()),
                Mode::CreateNew,
            )?;
            ctx.out(format!(
                "installed {}: `git commit` now runs `cascade lint --staged`",
                shown(&hook)
            ))?;
        }
        Some(old) if old.contains(MARKER) => {
            let chain = args.chain || old.contains(LOCAL);
            let text = script(&notebook, chain, exe.as_deref());
            if old == text {
                ctx.out(format!("already installed: {}", shown(&hook)))?;
            } else {
                write_executable(&hook, &text, Mode::Replace)?;
                ctx.out(format!("updated {}", shown(&hook)))?;
            }
        }
        Some(_) if args.chain => {
            if local.exists() {
                return Err(Error::usage(
                    format!(
                        "{} exists and is not cascade's, and {} exists too; nothing was changed",
                        shown(&hook),
                        shown(&local)
                    ),
                    Some(
                        "merge the two hooks into one by hand, then run `cascade hook install --chain` again",
                    ),
                ));
            }
            std::fs::rename(&hook, &local).map_err(|e| Error::io(&hook, e))?;
            if let Err(e) = write_executable(
                &hook,
                &script(&notebook, true, exe.as_deref()),
                Mode::CreateNew,
            ) {
                // Put the user's hook back where it was.
                let _ = std::fs::rename(&local, &hook);
                return Err(e);
            }
            ctx.out(format!(
                "installed {}; the hook that was there is now {} and runs first",
                shown(&hook),
                shown(&local)
            ))?;
        }
        Some(_) if args.force => {
            write_executable(
                &hook,
                &script(&notebook, false, exe.as_deref()),
                Mode::Replace,
            )?;
            ctx.out(format!(
                "replaced {} (the previous hook is gone)",
                shown(&hook)
            ))?;
        }
        Some(_) => {
            return Err(Error::usage(
                format!(
                    "{} already exists and was not installed by cascade; nothing was changed",
                    shown(&hook)
                ),
                Some(
                    "pass `--chain` to keep it (it becomes pre-commit.local and runs first), or `--force` to replace it",
                ),
            ));
        }
    }
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_quotes_paths_and_chains() {
        let s = script("my notes/it's", true, Some(Path::new("/opt/cascade")));
        assert!(s.starts_with("#!/bin/sh\n"));
        assert!(s.contains(MARKER));
        assert!(
            s.contains("exec \"$cascade\" -C 'my notes/it'\\''s' lint --staged\n"),
            "{s}"
        );
        assert!(s.contains("pre-commit.local"));
        // Outside the notebook (a shared hooks folder), the hook lets commits through.
        assert!(
            s.contains("[ -f \"$root\"/'my notes/it'\\''s'/cascade.toml ] || exit 0\n"),
            "{s}"
        );
        let s = script("", false, None);
        assert!(
            s.contains("[ -f \"$root\"/cascade.toml ] || exit 0\n"),
            "{s}"
        );
        assert!(s.contains("exec \"$cascade\" lint --staged\n"));
        assert!(!s.contains("pre-commit.local"));
    }
}
