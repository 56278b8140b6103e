//! Everything git, behind a small interface over git2 (vendored libgit2, no network).

use std::path::{Path, PathBuf};

use git2::{ErrorClass, ErrorCode, Repository, RepositoryOpenFlags, Signature};

use crate::error::{Error, Result};

/// Open the repository containing `dir`; `Ok(None)` when there is none.
///
/// A bare repository and one owned by another user are errors with an explanation.
pub fn discover(dir: &Path) -> Result<Option<Repository>> {
    match Repository::open_ext(
        dir,
        RepositoryOpenFlags::empty(),
        std::iter::empty::<&str>(),
    ) {
        Ok(repo) => {
            if repo.is_bare() {
                return Err(Error::git(
                    format!(
                        "{} is a bare git repository: it has no work tree",
                        dir.display()
                    ),
                    Some("clone it (`git clone`) and run cascade in the clone".into()),
                ));
            }
            Ok(Some(repo))
        }
        Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
        Err(e)
            if e.code() == ErrorCode::Owner
                || e.message().contains("not owned by current user") =>
        {
            Err(Error::git(
                format!(
                    "the git repository at {} is owned by another user; git refuses to use it",
                    dir.display()
                ),
                Some(format!(
                    "if you trust it, run `git config --global --add safe.directory {}`; cascade never disables this check",
                    dir.display()
                )),
            ))
        }
        Err(e) => Err(Error::from(e)),
    }
}

/// `p` with symlinks resolved when it exists, else as given: how paths are compared with a
/// repository's work tree (which libgit2 reports resolved).
pub fn real(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
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

/// `git init` in `dir`.
pub fn init(dir: &Path) -> Result<Repository> {
    Repository::init(dir).map_err(Error::from)
}

/// The work tree root of `repo`.
pub fn workdir(repo: &Repository) -> Result<PathBuf> {
    repo.workdir()
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::git("the repository has no work tree", None))
}

/// The user's identity for commits, or the two commands that set it.
pub fn signature(repo: &Repository) -> Result<Signature<'static>> {
    repo.signature().map_err(identity_error)
}

/// Author and committer as `git commit` would take them: `user.name` and `user.email` from
/// the config, overridden by `GIT_AUTHOR_NAME`, `GIT_AUTHOR_EMAIL`, `GIT_AUTHOR_DATE` and
/// their `GIT_COMMITTER_*` twins (`EMAIL` when no email is configured).
pub fn signatures_from_env(repo: &Repository) -> Result<(Signature<'static>, Signature<'static>)> {
    let author = repo.author_from_env().map_err(identity_error)?;
    let committer = repo.committer_from_env().map_err(identity_error)?;
    Ok((author, committer))
}

/// A missing name or email becomes the error that names the two commands to run.
fn identity_error(e: git2::Error) -> Error {
    if e.code() == ErrorCode::NotFound || e.class() == ErrorClass::Config {
        Error::git(
            "no git identity is configured: git needs your name and email to commit",
            Some(
                "run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`"
                    .into(),
            ),
        )
    } else {
        Error::from(e)
    }
}

/// Stage `paths` (relative to the work tree) and commit them on HEAD.
///
/// `when` overrides the author and committer time (used by `demo` for dated history).
pub fn commit_paths(
    repo: &Repository,
    paths: &[String],
    message: &str,
    when: Option<git2::Time>,
) -> Result<git2::Oid> {
    let (mut author, mut committer) = signatures_from_env(repo)?;
    if let Some(t) = when {
        author = Signature::new(
            author.name().unwrap_or("cascade"),
            author.email().unwrap_or("cascade@localhost"),
            &t,
        )?;
        committer = Signature::new(
            committer.name().unwrap_or("cascade"),
            committer.email().unwrap_or("cascade@localhost"),
            &t,
        )?;
    }
    stage_paths(repo, paths)?;
    commit_index(repo, &author, &committer, message)
}

/// Stage `paths` (relative to the work tree, `/`-separated) as they are on disk; a path that
/// no longer exists is removed from the index.
pub fn stage_paths(repo: &Repository, paths: &[String]) -> Result<()> {
    let mut index = repo.index()?;
    let root = workdir(repo)?;
    for p in paths {
        if std::fs::symlink_metadata(root.join(p)).is_ok() {
            index.add_path(Path::new(p))?;
        } else {
            index.remove_path(Path::new(p))?;
        }
    }
    index.write()?;
    Ok(())
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
        _ => Ok(repo.index()?),
    }
}

/// The tree the index would commit, and whether it differs from HEAD's.
pub fn index_differs_from_head(repo: &Repository) -> Result<bool> {
    let tree_id = repo.index()?.write_tree()?;
    Ok(head_commit(repo)?.is_none_or(|c| c.tree_id() != tree_id))
}

/// Commit the index on HEAD (the first commit of an unborn branch too).
pub fn commit_index(
    repo: &Repository,
    author: &Signature<'_>,
    committer: &Signature<'_>,
    message: &str,
) -> Result<git2::Oid> {
    let tree_id = repo.index()?.write_tree()?;
    let tree = repo.find_tree(tree_id)?;
    let parent = head_commit(repo)?;
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    let oid = repo.commit(Some("HEAD"), author, committer, message, &tree, &parents)?;
    Ok(oid)
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
