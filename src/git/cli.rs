//! The user's `git` command, addressing the repository libgit2 opened: shared by the writes
//! ([`super::write`]) and the reads that must go through git's filters ([`super::clear`]).

use std::path::{Path, PathBuf};
use std::process::Command;

use git2::Repository;

use crate::error::{Error, Result};

/// How to run `git` on one repository so that it reads and writes where libgit2 read.
pub struct Cli {
    git_dir: PathBuf,
    work_tree: PathBuf,
    /// Name the repository to git explicitly: it was named by `GIT_DIR`/`GIT_WORK_TREE`, or
    /// git would not find it from the work tree. Otherwise git finds it itself, and hooks see
    /// the same environment as under a plain `git commit`.
    explicit: bool,
}

impl Cli {
    /// `git` for `repo`, which must have a work tree.
    pub fn new(repo: &Repository) -> Result<Self> {
        // Through components: libgit2's path ends with a `/` that git would print doubled.
        let git_dir: PathBuf = std::path::absolute(repo.path())
            .unwrap_or_else(|_| repo.path().into())
            .components()
            .collect();
        let work_tree = super::workdir(repo)?;
        let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
        let explicit = set("GIT_DIR")
            || set("GIT_WORK_TREE")
            || found_from(&work_tree).is_none_or(|d| super::real(&d) != super::real(&git_dir));
        Ok(Cli {
            git_dir,
            work_tree,
            explicit,
        })
    }

    /// The work tree root.
    pub fn work_tree(&self) -> &Path {
        &self.work_tree
    }

    /// `git` addressing this repository, run at the top of its work tree.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new("git");
        cmd.current_dir(&self.work_tree);
        if self.explicit {
            cmd.env("GIT_DIR", &self.git_dir)
                .env("GIT_WORK_TREE", &self.work_tree);
        }
        // Relative to where cascade started, not to the work tree git runs in.
        if let Some(index) = std::env::var_os("GIT_INDEX_FILE").filter(|v| !v.is_empty())
            && let Ok(abs) = std::path::absolute(&index)
        {
            cmd.env("GIT_INDEX_FILE", abs);
        }
        cmd
    }
}

/// The repository git finds at the top of `work_tree`: its `.git` folder, or the one a `.git`
/// file (a linked worktree, a submodule) points to.
fn found_from(work_tree: &Path) -> Option<PathBuf> {
    let dot = work_tree.join(".git");
    let meta = std::fs::metadata(&dot).ok()?;
    if meta.is_dir() {
        return Some(dot);
    }
    let text = std::fs::read_to_string(&dot).ok()?;
    let target = text.lines().next()?.strip_prefix("gitdir: ")?.trim();
    Some(work_tree.join(target))
}

/// `git` could not be started.
pub fn spawn_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::NotFound {
        Error::git(
            "cannot run `git`: it is not installed or not on PATH",
            Some("install git (cascade commits through it so your hooks and filters apply)".into()),
        )
    } else {
        Error::git(format!("cannot run `git`: {e}"), None)
    }
}

/// A pathspec that matches `rel` and nothing else.
pub fn literal(rel: &str) -> String {
    format!(":(literal){rel}")
}
