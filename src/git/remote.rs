//! Reading one file at the tip of another notebook's branch, for `cascade rollup`.
//!
//! A local path (or a `file://` URL naming one) is read in place with git2: no fetch, no
//! clone. Anything else is fetched through the user's `git` (so their credentials, SSH config,
//! URL rewrites and protocols apply), one commit deep, into a cache repository under the
//! roll-up notebook's git directory (`.git/cascade/rollup/<name>`), which is never committed
//! and never shows in `git status`; then read with git2. Every failure is a one-line reason,
//! never an error: one source that cannot be reached does not stop the others.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use git2::{ErrorCode, ObjectType, Repository, RepositoryOpenFlags};

/// How long one `git fetch` may take before it is stopped.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(60);

/// The ref a fetched branch tip is kept under in the cache repository.
const TIP_REF: &str = "refs/cascade/tip";

/// Where a source lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A repository on this machine: read in place.
    Local(PathBuf),
    /// Anything git fetches: `https://`, `ssh://`, `host:path`, `git://`…
    Remote(String),
}

/// Where `url` points: a path (relative to `root`) or `file://` URL is local, as git tells a
/// path from a URL (a `:` before any `/` makes `host:path`).
pub fn locate(url: &str, root: &Path) -> Location {
    if let Some(rest) = url.strip_prefix("file://") {
        let rest = rest.strip_prefix("localhost").unwrap_or(rest);
        if rest.starts_with('/') {
            return Location::Local(PathBuf::from(percent_decode(rest)));
        }
        return Location::Remote(url.to_owned());
    }
    if url.contains("://") {
        return Location::Remote(url.to_owned());
    }
    let scp_like = url
        .find(':')
        .is_some_and(|colon| !url[..colon].contains('/'));
    if scp_like {
        return Location::Remote(url.to_owned());
    }
    Location::Local(crate::notebook::normalize(&root.join(url)))
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The tip of a source's branch and the file read there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tip {
    /// The commit, full hex id.
    pub commit: String,
    /// Its day in the committer's own offset, `YYYY-MM-DD`.
    pub day: String,
    /// The file at that commit.
    pub blob: Blob,
}

/// A file looked up in a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blob {
    /// Nothing at that path.
    Missing,
    /// The file's bytes.
    Bytes(Vec<u8>),
    /// Larger than the limit: its size.
    TooLarge(u64),
    /// A folder or a submodule, not a file.
    NotAFile,
}

/// Read `path` at the tip of `branch` (else HEAD) of the repository at `dir`, reading no
/// file larger than `max_bytes`.
pub fn read_local(
    dir: &Path,
    branch: Option<&str>,
    path: &str,
    max_bytes: u64,
) -> Result<Tip, String> {
    // No search upwards: a folder that is not a repository must not be read as the one
    // around it.
    let repo = Repository::open_ext(
        dir,
        RepositoryOpenFlags::NO_SEARCH,
        std::iter::empty::<&str>(),
    )
    .map_err(|e| match e.code() {
        ErrorCode::NotFound if !dir.exists() => format!("{} does not exist", dir.display()),
        ErrorCode::NotFound => format!("{} is not a git repository", dir.display()),
        _ => one_line(e.message()),
    })?;
    let reference = match branch {
        Some(b) => repo
            .find_reference(&format!("refs/heads/{b}"))
            .map_err(|e| match e.code() {
                ErrorCode::NotFound => no_branch(&repo, b),
                _ => one_line(e.message()),
            })?,
        None => repo.head().map_err(|e| match e.code() {
            ErrorCode::UnbornBranch | ErrorCode::NotFound => {
                "the repository has no commits yet".to_owned()
            }
            _ => one_line(e.message()),
        })?,
    };
    read_at(&repo, &reference, path, max_bytes)
}

/// "no branch `b`", with the branches there are.
fn no_branch(repo: &Repository, b: &str) -> String {
    let mut names: Vec<String> = repo
        .branches(Some(git2::BranchType::Local))
        .map(|it| {
            it.flatten()
                .filter_map(|(br, _)| br.name().ok().flatten().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let shown = b.escape_debug();
    if names.is_empty() {
        format!("no branch `{shown}`: the repository has no branches")
    } else {
        names.truncate(8);
        format!("no branch `{shown}` (branches: {})", names.join(", "))
    }
}

/// Read `path` at the commit `reference` points to.
fn read_at(
    repo: &Repository,
    reference: &git2::Reference<'_>,
    path: &str,
    max_bytes: u64,
) -> Result<Tip, String> {
    let commit = reference
        .peel_to_commit()
        .map_err(|e| one_line(e.message()))?;
    let time = commit.time();
    let day = crate::git::history::local_day(time.seconds(), time.offset_minutes()).to_string();
    let tree = commit.tree().map_err(|e| one_line(e.message()))?;
    let blob = match tree.get_path(Path::new(path)) {
        Err(e) if e.code() == ErrorCode::NotFound => Blob::Missing,
        Err(e) => return Err(one_line(e.message())),
        Ok(entry) if entry.kind() != Some(ObjectType::Blob) => Blob::NotAFile,
        Ok(entry) => {
            let odb = repo.odb().map_err(|e| one_line(e.message()))?;
            let (size, _) = odb
                .read_header(entry.id())
                .map_err(|e| one_line(e.message()))?;
            if size as u64 > max_bytes {
                Blob::TooLarge(size as u64)
            } else {
                let b = repo
                    .find_blob(entry.id())
                    .map_err(|e| one_line(e.message()))?;
                Blob::Bytes(b.content().to_vec())
            }
        }
    };
    Ok(Tip {
        commit: commit.id().to_string(),
        day,
        blob,
    })
}

/// Fetch the tip of `branch` (else the remote's HEAD) of `url`, one commit deep, into the
/// cache repository `cache` (made when absent), then read `path` there.
pub fn fetch_and_read(
    cache: &Path,
    url: &str,
    branch: Option<&str>,
    path: &str,
    max_bytes: u64,
    timeout: Duration,
) -> Result<Tip, String> {
    let repo = match Repository::open_bare(cache) {
        Ok(r) => r,
        Err(_) => Repository::init_bare(cache).map_err(|e| {
            format!(
                "cannot make the fetch cache {}: {}",
                cache.display(),
                one_line(e.message())
            )
        })?,
    };
    let source = match branch {
        Some(b) => format!("refs/heads/{b}"),
        None => "HEAD".to_owned(),
    };
    let mut cmd = Command::new("git");
    cmd.arg("--git-dir")
        .arg(cache)
        .args([
            "fetch",
            "--quiet",
            "--no-tags",
            "--depth=1",
            "--no-write-fetch-head",
            "--",
            url,
        ])
        .arg(format!("+{source}:{TIP_REF}"));
    // The cache alone: variables naming the roll-up notebook's own repository must not
    // send the fetch there.
    for k in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR",
        "GIT_NAMESPACE",
        "GIT_PREFIX",
    ] {
        cmd.env_remove(k);
    }
    // No one is there to answer a prompt: fail instead of waiting for the timeout.
    cmd.env("GIT_TERMINAL_PROMPT", "0");
    run(cmd, timeout)?;
    let reference = repo
        .find_reference(TIP_REF)
        .map_err(|e| one_line(e.message()))?;
    read_at(&repo, &reference, path, max_bytes)
}

/// Run `cmd` without a terminal, stopping it (and what it started) after `timeout`; the error
/// is git's own reason, one line.
pub fn run(mut cmd: Command, timeout: Duration) -> Result<(), String> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: setsid is async-signal-safe and touches no memory of this process. A new
        // session has no controlling terminal, so ssh cannot prompt for a password or a host
        // key (it fails, with its reason), and the whole group can be stopped at the timeout.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let mut child = cmd.spawn().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            "cannot run `git`: it is not installed or not on PATH".to_owned()
        } else {
            format!("cannot run `git`: {e}")
        }
    })?;
    let mut stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stderr.as_mut() {
            // A runaway stream is cut: only its first lines are reported.
            let _ = s.by_ref().take(64 << 10).read_to_end(&mut buf);
            let _ = std::io::copy(s, &mut std::io::sink());
        }
        buf
    });
    let start = Instant::now();
    let mut pause = Duration::from_millis(1);
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break Some(st),
            Ok(None) if start.elapsed() >= timeout => break None,
            Ok(None) => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            Err(e) => return Err(format!("cannot wait for `git`: {e}")),
        }
    };
    let Some(status) = status else {
        stop(&mut child);
        let took = if timeout.subsec_millis() == 0 {
            format!("{} s", timeout.as_secs())
        } else {
            format!("{} ms", timeout.as_millis())
        };
        return Err(format!(
            "`git fetch` took longer than {took} and was stopped"
        ));
    };
    let said = reader.join().unwrap_or_default();
    if status.success() {
        return Ok(());
    }
    let said = String::from_utf8_lossy(&said);
    Err(reason(&said).unwrap_or_else(|| format!("`git fetch` failed ({status})")))
}

/// Stop a child started in its own session, and everything it started.
fn stop(child: &mut std::process::Child) {
    #[cfg(unix)]
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: signals the process group this function's caller made with setsid.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The line of git's stderr that says why: its first `fatal:` or `error:` line, else its
/// last line; prefixes dropped, credentials in URLs hidden.
fn reason(stderr: &str) -> Option<String> {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let line = lines
        .iter()
        .find(|l| l.starts_with("fatal:") || l.starts_with("error:"))
        .or(lines.last())?;
    let line = line
        .strip_prefix("fatal:")
        .or_else(|| line.strip_prefix("error:"))
        .unwrap_or(line)
        .trim();
    Some(one_line(line))
}

/// `s` on one line, with any `user:password@` of a URL hidden.
pub fn one_line(s: &str) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    hide_credentials(flat.trim())
}

/// `scheme://user:secret@host` as `scheme://***@host`.
pub fn hide_credentials(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        let end = tail
            .find(|c: char| c == '/' || c.is_whitespace() || c == '\'' || c == '"')
            .unwrap_or(tail.len());
        match tail[..end].rfind('@') {
            Some(at) => {
                out.push_str("***");
                out.push_str(&tail[at..end]);
            }
            None => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_file_urls_are_read_in_place_and_urls_are_fetched() {
        let root = Path::new("/n/boss");
        assert_eq!(
            locate("../dana-1on1", root),
            Location::Local("/n/dana-1on1".into())
        );
        assert_eq!(
            locate("/srv/dana", root),
            Location::Local("/srv/dana".into())
        );
        assert_eq!(
            locate("file:///srv/dana%20ruiz", root),
            Location::Local("/srv/dana ruiz".into())
        );
        assert_eq!(
            locate("file://localhost/srv/d", root),
            Location::Local("/srv/d".into())
        );
        for remote in [
            "https://git.example.org/dana/1on1.git",
            "ssh://git@example.org/dana.git",
            "git@example.org:dana/1on1.git",
            "file://server/share/dana",
        ] {
            assert_eq!(locate(remote, root), Location::Remote(remote.into()));
        }
        assert_eq!(locate("./a:b", root), Location::Local("/n/boss/a:b".into()));
    }

    #[test]
    fn fetch_reasons_are_gits_first_fatal_line_without_credentials() {
        let said = "fatal: repository 'https://dana:s3cret@git.example.org/x/' not found\nfatal: Could not read from remote repository.\n";
        assert_eq!(
            reason(said).unwrap(),
            "repository 'https://***@git.example.org/x/' not found"
        );
        assert_eq!(
            reason("warning: x\nsomething odd\n").unwrap(),
            "something odd"
        );
        assert_eq!(reason("\n"), None);
    }

    #[test]
    fn a_fetch_that_hangs_is_stopped_at_the_timeout() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "sleep 30 & sleep 30"]);
        let start = Instant::now();
        let err = run(cmd, Duration::from_millis(200)).unwrap_err();
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
        assert_eq!(err, "`git fetch` took longer than 200 ms and was stopped");
    }
}
