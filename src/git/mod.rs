//! git: reading through git2 (vendored libgit2, no network), writing through the user's
//! `git` ([`write`](mod@write)); [`history`] dates the copies of actions from the commits that
//! wrote them; [`remote`] reads other notebooks' digests for the roll-up, fetching through the
//! user's `git` when they are not on this machine.

pub mod clear;
pub mod cli;
pub mod history;
pub mod remote;
pub mod staged;
pub mod write;

use std::path::{Path, PathBuf};

use git2::{ErrorClass, ErrorCode, Repository, RepositoryOpenFlags, Signature};

use crate::error::{Error, Result};

/// Open the repository containing `dir`; `Ok(None)` when there is none.
///
/// When `GIT_DIR` or `GIT_WORK_TREE` is set, the repository is the one git itself would use
/// (asked of `git rev-parse`), so cascade reads from and writes to the same place as git.
/// A bare repository and one owned by another user are errors with an explanation.
pub fn discover(dir: &Path) -> Result<Option<Repository>> {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    if set("GIT_DIR") || set("GIT_WORK_TREE") {
        return from_env().map(Some);
    }
    match Repository::open_ext(
        dir,
        RepositoryOpenFlags::empty(),
        std::iter::empty::<&str>(),
    ) {
        Ok(repo) => {
            if repo.is_bare() {
                return Err(bare_error(dir));
            }
            Ok(Some(repo))
        }
        Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
        Err(e) => Err(open_error(e, dir)),
    }
}

/// The repository and work tree that `GIT_DIR`/`GIT_WORK_TREE` name, as git resolves them
/// (relative values against the directory cascade was started in, as git would).
fn from_env() -> Result<Repository> {
    let out = std::process::Command::new("git")
        .args(["rev-parse", "--absolute-git-dir", "--show-toplevel"])
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| Error::git(format!("cannot run `git`: {e}"), None))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let (true, Some(git_dir), Some(top)) = (out.status.success(), lines.next(), lines.next())
    else {
        let said = String::from_utf8_lossy(&out.stderr);
        let said = said.trim();
        return Err(Error::git(
            format!("GIT_DIR or GIT_WORK_TREE is set, but git finds no work tree with it: {said}"),
            Some("point GIT_DIR at the notebook's repository and GIT_WORK_TREE at its work tree, or unset them".into()),
        ));
    };
    let repo = Repository::open(git_dir).map_err(|e| open_error(e, Path::new(git_dir)))?;
    repo.set_workdir(Path::new(top), false)?;
    Ok(repo)
}

fn bare_error(dir: &Path) -> Error {
    Error::git(
        format!(
            "{} is a bare git repository: it has no work tree",
            dir.display()
        ),
        Some("clone it (`git clone`) and run cascade in the clone".into()),
    )
}

fn open_error(e: git2::Error, dir: &Path) -> Error {
    if e.code() == ErrorCode::Owner || e.message().contains("not owned by current user") {
        Error::git(
            format!(
                "the git repository at {} is owned by another user; git refuses to use it",
                dir.display()
            ),
            Some(format!(
                "if you trust it, run `git config --global --add safe.directory {}`; cascade never disables this check",
                dir.display()
            )),
        )
    } else {
        Error::from(e)
    }
}

/// `p` with symlinks resolved when it exists, else as given: how paths are compared with a
/// repository's work tree (which libgit2 reports resolved).
pub fn real(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// `path` relative to the work tree `workdir`, `/`-separated, both compared with symlinks
/// resolved; None when it is not inside the work tree.
pub fn rel_to_work_tree(workdir: &Path, path: &Path) -> Option<String> {
    let (w, p) = (real(workdir), real(path));
    let rest = p.strip_prefix(&w).ok()?;
    Some(crate::notebook::rel_path(Path::new(""), rest))
}

/// Like [`discover`], but a missing repository is an error for commands that need one.
pub fn require(dir: &Path) -> Result<Repository> {
    discover(dir)?.ok_or_else(|| {
        Error::git(
            format!(
                "not inside a git repository (searched up from {})",
                dir.display()
            ),
            Some("run `git init` (or `cascade init`) in the notebook first".into()),
        )
    })
}

/// The work tree root of `repo`.
pub fn workdir(repo: &Repository) -> Result<PathBuf> {
    repo.workdir()
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::git("the repository has no work tree", None))
}

/// Author and committer as `git commit` would take them: `user.name` and `user.email` from
/// the config, overridden by `GIT_AUTHOR_NAME`, `GIT_AUTHOR_EMAIL`, `GIT_AUTHOR_DATE` and
/// their `GIT_COMMITTER_*` twins (`EMAIL` when no email is configured).
pub fn signatures_from_env(repo: &Repository) -> Result<(Signature<'static>, Signature<'static>)> {
    let author = repo.author_from_env().map_err(identity_error)?;
    let committer = repo.committer_from_env().map_err(identity_error)?;
    Ok((author, committer))
}

/// `user.name` and `user.email` as the user's `git config` reads them from `dir` (the
/// repository's config, else the global one); None when either is unset or git cannot run.
pub fn user_identity(dir: &Path) -> Option<(String, String)> {
    let get = |key: &str| {
        let out = std::process::Command::new("git")
            .current_dir(dir)
            .args(["config", "--get", key])
            .output()
            .ok()?;
        let v = String::from_utf8(out.stdout).ok()?.trim().to_owned();
        (out.status.success() && !v.is_empty()).then_some(v)
    };
    Some((get("user.name")?, get("user.email")?))
}

/// A missing name or email becomes the error that names the two commands to run.
fn identity_error(e: git2::Error) -> Error {
    if e.code() == ErrorCode::NotFound || e.class() == ErrorClass::Config {
        identity_missing()
    } else {
        Error::from(e)
    }
}

/// No name or email to commit with: the error that names the two commands to run.
pub(crate) fn identity_missing() -> Error {
    Error::git(
        "no git identity is configured: git needs your name and email to commit",
        Some(
            "run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`"
                .into(),
        ),
    )
}

/// The index the commit in progress records: `$GIT_INDEX_FILE` when git names one (hooks of
/// `git commit -a` and `git commit PATH` run with a temporary index), else the repository's.
pub fn staged_index(repo: &Repository) -> Result<git2::Index> {
    match std::env::var_os("GIT_INDEX_FILE") {
        Some(p) if !p.is_empty() => {
            let p = std::path::absolute(&p).unwrap_or_else(|_| PathBuf::from(&p));
            git2::Index::open(&p).map_err(|e| {
                Error::git(
                    format!(
                        "cannot read the index {} named by GIT_INDEX_FILE: {}",
                        p.display(),
                        e.message()
                    ),
                    None,
                )
            })
        }
        _ => {
            // libgit2 keeps the index it read; git may have written a newer one since.
            let mut index = repo.index()?;
            index.read(false)?;
            Ok(index)
        }
    }
}

/// The commit HEAD points at; None on an unborn branch.
pub fn head_commit(repo: &Repository) -> Result<Option<git2::Commit<'_>>> {
    match repo.head() {
        Ok(h) => Ok(Some(h.peel_to_commit()?)),
        Err(e) if e.code() == ErrorCode::UnbornBranch || e.code() == ErrorCode::NotFound => {
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_relative_to_the_work_tree_through_symlinks_in_one_place() {
        let tmp = tempfile::tempdir().unwrap();
        let work = tmp.path().join("work");
        std::fs::create_dir_all(work.join("team/notes")).unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&work, &link).unwrap();
        assert_eq!(
            rel_to_work_tree(&work, &link.join("team")).as_deref(),
            Some("team")
        );
        assert_eq!(
            rel_to_work_tree(&link, &work.join("team/notes")).as_deref(),
            Some("team/notes")
        );
        assert_eq!(rel_to_work_tree(&work, &work).as_deref(), Some(""));
        assert_eq!(rel_to_work_tree(&work.join("team"), &work), None);
    }
}
