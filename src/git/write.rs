//! Every write cascade makes to a repository, through the user's own `git` command.
//!
//! libgit2 writes blobs, trees and refs itself: it skips clean filters (git-crypt would get
//! notes in plain text), hooks, signing and LFS. `git` applies every one of them and every
//! setting the user has, so each commit cascade makes (`commit`, `digest --commit`, the demo's
//! history) and each repository it creates goes through here. Reading stays on libgit2.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use git2::{Oid, Repository, RepositoryState};

use super::cli::{Cli, literal, spawn_error};
use crate::error::{Error, Result};

/// An identity of cascade's own with a fixed date, for history that is not the user's (the
/// demo's); such commits skip signing, which would put the user's key on sample data.
pub struct Identity {
    /// Author and committer name.
    pub name: String,
    /// Author and committer email.
    pub email: String,
    /// Author and committer date, as git reads it (`@<seconds> +0000`).
    pub date: String,
}

/// One commit to make.
pub struct Commit<'a> {
    /// Paths relative to the work tree, `/`-separated, taken literally (no globs).
    pub paths: &'a [String],
    /// The full commit message.
    pub message: &'a str,
    /// Skip the user's pre-commit and commit-msg hooks, as `git commit --no-verify`.
    pub no_verify: bool,
    /// Commit as someone else than the user (None: the user, as `git commit` would).
    pub identity: Option<&'a Identity>,
    /// Author and committer date for the user's own commit, as git reads it
    /// (`@<seconds> +0000`); None: now. Ignored with an `identity`, which has its own.
    pub date: Option<&'a str>,
}

/// What [`Writer::commit`] did.
#[derive(Debug)]
pub enum Outcome {
    /// A commit was made; `output` is what git and the hooks printed on stderr.
    Committed {
        /// The new commit.
        oid: Oid,
        /// What git and the hooks printed on stderr (hook warnings, for the user).
        output: String,
    },
    /// The paths match HEAD: no commit was made.
    Unchanged,
}

/// What is on disk at a path, as far as a commit is concerned.
#[derive(Debug, PartialEq, Eq)]
pub enum OnDisk {
    /// A file (or symlink) that can be read.
    Present,
    /// Not there: the commit records it as deleted.
    Gone,
    /// Cannot be read: `blocker` (the path or a folder above it, relative to the work tree)
    /// refused it. Never taken for a deletion.
    Unreadable {
        /// The first path, from the top, that cannot be read.
        blocker: String,
        /// Why, in the system's words.
        reason: String,
    },
}

/// What is at `rel` below `root`: only "not found" means gone; any other failure to read it
/// (permission denied on it or a folder above it) is [`OnDisk::Unreadable`].
pub fn on_disk(root: &Path, rel: &str) -> OnDisk {
    let path = root.join(rel);
    let gone = |e: &std::io::Error| {
        matches!(
            e.kind(),
            std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
        )
    };
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_file() => match std::fs::File::open(&path) {
            Ok(_) => OnDisk::Present,
            Err(e) if gone(&e) => OnDisk::Gone,
            Err(e) => OnDisk::Unreadable {
                blocker: rel.to_owned(),
                reason: e.to_string(),
            },
        },
        Ok(_) => OnDisk::Present,
        Err(e) if gone(&e) => OnDisk::Gone,
        Err(e) => {
            // Name the folder that cannot be searched, not each file below it.
            let parts: Vec<&str> = rel.split('/').collect();
            let mut blocker = rel.to_owned();
            for i in 1..parts.len() {
                let prefix = parts[..i].join("/");
                let below = parts[..=i].join("/");
                match std::fs::symlink_metadata(root.join(&below)) {
                    Err(e) if !gone(&e) => {
                        blocker = format!("{prefix}/");
                        break;
                    }
                    _ => {}
                }
            }
            OnDisk::Unreadable {
                blocker,
                reason: e.to_string(),
            }
        }
    }
}

/// Writes to one repository with `git`, addressing it as libgit2 opened it.
pub struct Writer<'r> {
    repo: &'r Repository,
    cli: Cli,
}

impl<'r> Writer<'r> {
    /// A writer for `repo`, which must have a work tree.
    pub fn new(repo: &'r Repository) -> Result<Self> {
        Ok(Writer {
            repo,
            cli: Cli::new(repo)?,
        })
    }

    /// The work tree root.
    pub fn work_tree(&self) -> &Path {
        self.cli.work_tree()
    }

    /// Refuse to commit while a merge, rebase, cherry-pick or revert is in progress, or the
    /// index holds conflicts: a commit then would drop the operation's second parent or
    /// record conflict markers. Bisect is fine.
    pub fn ready(&self) -> Result<()> {
        let state = match self.repo.state() {
            RepositoryState::Clean | RepositoryState::Bisect => None,
            RepositoryState::Merge => Some("merge"),
            RepositoryState::Rebase
            | RepositoryState::RebaseInteractive
            | RepositoryState::RebaseMerge
            | RepositoryState::ApplyMailbox
            | RepositoryState::ApplyMailboxOrRebase => Some("rebase"),
            RepositoryState::CherryPick | RepositoryState::CherryPickSequence => {
                Some("cherry-pick")
            }
            RepositoryState::Revert | RepositoryState::RevertSequence => Some("revert"),
        };
        if let Some(state) = state {
            return Err(Error::git(
                format!("a {state} is in progress in this repository; nothing was written"),
                Some("finish it with git (`git commit`, `git rebase --continue`…) or abort it, then run cascade again".into()),
            ));
        }
        if super::staged_index(self.repo)?.has_conflicts() {
            return Err(Error::git(
                "the index has unresolved conflicts; nothing was written",
                Some("resolve them (`git status` lists them) and `git add` the results, then run cascade again".into()),
            ));
        }
        Ok(())
    }

    /// Whether the file at `rel` differs from HEAD, as git sees it (through clean filters):
    /// true for a file HEAD does not have.
    pub fn differs_from_head(&self, rel: &str) -> Result<bool> {
        let in_head = super::head_commit(self.repo)?
            .map(|c| c.tree())
            .transpose()?
            .is_some_and(|t| t.get_path(Path::new(rel)).is_ok());
        if !in_head {
            return Ok(true);
        }
        let out = self
            .cli
            .command()
            .args([
                "diff",
                "--quiet",
                "--no-ext-diff",
                "--no-textconv",
                "HEAD",
                "--",
            ])
            .arg(literal(rel))
            .stdin(Stdio::null())
            .output()
            .map_err(spawn_error)?;
        match out.status.code() {
            Some(0) => Ok(false),
            Some(1) => Ok(true),
            _ => Err(failed("git diff", &out, true)),
        }
    }

    /// Commit exactly `c.paths` as they are on disk (a missing path as deleted), as
    /// `git commit --only -- PATHS` does: whatever else is staged stays staged, and a failure
    /// leaves the index as it was. Hooks, filters and settings apply as with `git commit`.
    pub fn commit(&self, c: &Commit) -> Result<Outcome> {
        self.ready()?;
        if c.identity.is_none() {
            // Before anything is staged; and cascade never commits as a guessed user@host.
            super::signatures_from_env(self.repo)?;
        }
        let index = super::staged_index(self.repo)?;
        let head_tree = super::head_commit(self.repo)?
            .map(|c| c.tree())
            .transpose()?;
        let in_head = |p: &str| {
            head_tree
                .as_ref()
                .is_some_and(|t| t.get_path(Path::new(p)).is_ok())
        };
        let mut paths: Vec<String> = Vec::new();
        let mut new: Vec<String> = Vec::new();
        for p in c.paths {
            let in_index = index.get_path(Path::new(p), 0).is_some();
            match on_disk(self.work_tree(), p) {
                OnDisk::Unreadable { blocker, reason } => {
                    return Err(Error::git(
                        format!("cannot read {blocker} ({reason}); nothing was committed"),
                        Some(format!(
                            "make {blocker} readable (or move it out of the way), then run cascade again"
                        )),
                    ));
                }
                OnDisk::Gone if !in_index && !in_head(p) => continue,
                OnDisk::Gone => {}
                OnDisk::Present if !in_index => new.push(p.clone()),
                OnDisk::Present => {}
            }
            paths.push(p.clone());
        }
        if paths.is_empty() {
            return Ok(Outcome::Unchanged);
        }
        // `git commit PATH` takes only paths git knows: a new file is announced first
        // (intent to add), and withdrawn again if the commit does not happen.
        if !new.is_empty() {
            let out = self.run_with_paths(&["add", "--intent-to-add"], &new, None)?;
            if !out.status.success() {
                return Err(failed("git add", &out, true));
            }
        }
        let undo = || {
            if !new.is_empty() {
                // Best effort: the error being reported matters more than this one.
                let _ = self.run_with_paths(&["reset", "--quiet"], &new, None);
            }
        };
        let withdraw = |err: Error| -> Error {
            undo();
            err
        };
        // git's own verdict on whether anything would be committed: asked first when hooks
        // would run (none runs for a commit that will not happen), else only when the commit
        // fails, to tell "nothing to commit" from a failure.
        let nothing_to_commit = || -> Result<bool> {
            let dry = self.run_with_paths(
                &[
                    "commit",
                    "--dry-run",
                    "--short",
                    "--untracked-files=no",
                    "--only",
                ],
                &paths,
                None,
            )?;
            match dry.status.code() {
                Some(0) => Ok(false),
                Some(1) => Ok(true),
                _ => Err(failed("git commit", &dry, c.no_verify)),
            }
        };
        if !c.no_verify && nothing_to_commit().map_err(withdraw)? {
            undo();
            return Ok(Outcome::Unchanged);
        }
        let mut args: Vec<&str> = Vec::new();
        if c.identity.is_some() {
            // Sample history: not signed with the user's key, and no housekeeping run after
            // each of its commits.
            args.extend(["-c", "maintenance.auto=false", "-c", "gc.auto=0"]);
        }
        args.extend(["commit", "--quiet", "--only"]);
        if c.no_verify {
            args.push("--no-verify");
        }
        if c.identity.is_some() {
            args.push("--no-gpg-sign");
        }
        args.extend(["-m", c.message]);
        let out = self
            .run_with_paths(&args, &paths, Some(c))
            .map_err(withdraw)?;
        if !out.status.success() {
            if c.no_verify && out.status.code() == Some(1) && nothing_to_commit().unwrap_or(false) {
                undo();
                return Ok(Outcome::Unchanged);
            }
            return Err(withdraw(failed("git commit", &out, c.no_verify)));
        }
        let oid = self.repo.refname_to_id("HEAD")?;
        Ok(Outcome::Committed {
            oid,
            output: String::from_utf8_lossy(&out.stderr).trim_end().to_owned(),
        })
    }

    /// Run `git ARGS` with `paths` given NUL-separated on stdin, each taken literally; for a
    /// `commit`, with its identity or date.
    fn run_with_paths(
        &self,
        args: &[&str],
        paths: &[String],
        commit: Option<&Commit>,
    ) -> Result<Output> {
        let identity = commit.and_then(|c| c.identity);
        let date = commit.and_then(|c| c.date);
        let mut cmd = self.cli.command();
        cmd.args(args)
            .args(["--pathspec-from-file=-", "--pathspec-file-nul"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(id) = identity {
            for who in ["AUTHOR", "COMMITTER"] {
                cmd.env(format!("GIT_{who}_NAME"), &id.name)
                    .env(format!("GIT_{who}_EMAIL"), &id.email)
                    .env(format!("GIT_{who}_DATE"), &id.date);
            }
        } else if let Some(date) = date {
            for who in ["AUTHOR", "COMMITTER"] {
                cmd.env(format!("GIT_{who}_DATE"), date);
            }
        }
        let mut child = cmd.spawn().map_err(spawn_error)?;
        let mut list = Vec::new();
        for p in paths {
            list.extend_from_slice(literal(p).as_bytes());
            list.push(0);
        }
        if let Some(mut stdin) = child.stdin.take() {
            // git reads the whole list before it does anything; a write error means it
            // already failed, and its own message says why.
            let _ = stdin.write_all(&list);
        }
        child.wait_with_output().map_err(spawn_error)
    }
}

/// `git init` in `dir` (created if missing), so the user's `init.defaultBranch` and
/// templates apply. The repository is `dir/.git`, whatever `GIT_DIR` says.
pub fn init(dir: &Path) -> Result<()> {
    crate::fsx::create_dir_all(dir)?;
    let out = Command::new("git")
        .args(["init", "--quiet"])
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stdin(Stdio::null())
        .output()
        .map_err(spawn_error)?;
    if !out.status.success() {
        return Err(failed("git init", &out, true));
    }
    Ok(())
}

/// git's failure as an error that says what git said, and what to do about the usual causes.
fn failed(what: &str, out: &Output, no_verify: bool) -> Error {
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    let said = said.trim_end();
    let has = |s: &str| said.contains(s);
    if has("Author identity unknown")
        || has("Committer identity unknown")
        || has("unable to auto-detect email address")
        || has("empty ident name")
    {
        return super::identity_missing();
    }
    let help = if has("index.lock") && has("File exists") {
        "another git process is running, or one crashed: wait for it to finish, or remove the index.lock file git names if no git process is running".to_owned()
    } else if has("cannot lock ref") || (has(".lock") && has("File exists")) {
        "a branch is locked by another git process, or one crashed: wait, or remove the .lock file git names if no git process is running".to_owned()
    } else if has("Permission denied") || has("Read-only file system") {
        "git cannot write to the repository: check the permissions of its .git folder".to_owned()
    } else if !no_verify && what == "git commit" {
        "if a hook (pre-commit, commit-msg) refused it, fix what it reports and run again (`cascade commit --no-verify` skips the hooks)".to_owned()
    } else {
        "fix what git reports, then run cascade again".to_owned()
    };
    let code = out
        .status
        .code()
        .map_or_else(|| "a signal".to_owned(), |c| format!("exit {c}"));
    let message = if said.is_empty() {
        format!("{what} failed ({code}); nothing was committed")
    } else {
        format!("{what} failed ({code}); nothing was committed. git said:\n{said}")
    };
    Error::git(message, Some(help))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_not_found_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("notes/bob")).unwrap();
        std::fs::write(dir.path().join("notes/bob/a.md"), "x").unwrap();
        std::fs::write(dir.path().join("file"), "x").unwrap();
        assert_eq!(on_disk(dir.path(), "notes/bob/a.md"), OnDisk::Present);
        assert_eq!(on_disk(dir.path(), "notes/bob/b.md"), OnDisk::Gone);
        assert_eq!(on_disk(dir.path(), "notes/carol/b.md"), OnDisk::Gone);
        // A file where a folder should be: ENOTDIR, gone.
        assert_eq!(on_disk(dir.path(), "file/b.md"), OnDisk::Gone);
    }

    #[test]
    fn pathspecs_are_literal() {
        assert_eq!(literal("notes/a*[1].md"), ":(literal)notes/a*[1].md");
    }
}
