//! Staged notes as the user wrote them. Under a clean filter (git-crypt, transcrypt, any
//! `filter=` in `.gitattributes`) the index holds the cleaned bytes, ciphertext perhaps: what
//! the user wrote is the work-tree file when it cleans to the staged blob, else the staged blob
//! smudged back. When neither can be had, the file is reported unreadable, never read raw.

use std::collections::{HashMap, HashSet};
use std::process::Stdio;

use git2::{Oid, Repository};

use super::cli::{Cli, spawn_error};
use crate::error::{Error, Result};

/// One staged file: its path from the work tree root (`/`-separated) and its blob.
pub struct Staged<'a> {
    /// Path relative to the work tree, as git names it.
    pub path: &'a str,
    /// The blob the index holds for it.
    pub blob: Oid,
}

/// What the user wrote in a staged file that a filter applies to.
#[derive(Debug, PartialEq, Eq)]
pub enum Clear {
    /// The text in clear.
    Bytes(Vec<u8>),
    /// It cannot be had in clear: why, in words that quote nothing of the file.
    Unclear(String),
}

/// For each of `staged`, in order: None when no filter applies (the blob is what the user
/// wrote), else the bytes in clear or why they cannot be had.
pub fn staged_in_clear(repo: &Repository, staged: &[Staged]) -> Result<Vec<Option<Clear>>> {
    if staged.is_empty() {
        return Ok(Vec::new());
    }
    let cli = Cli::new(repo)?;
    let filters = filter_attributes(&cli, staged)?;
    if filters.iter().all(Option::is_none) {
        return Ok(staged.iter().map(|_| None).collect());
    }
    let drivers = configured_drivers(&cli)?;
    Ok(staged
        .iter()
        .zip(filters)
        .map(|(s, filter)| filter.map(|name| in_clear(&cli, s, &name, drivers.get(&name))))
        .collect())
}

/// The commands a filter driver has: `clean`, `smudge`, `process`.
type Driver = HashSet<String>;

fn in_clear(cli: &Cli, s: &Staged, name: &str, driver: Option<&Driver>) -> Clear {
    let Some(driver) = driver else {
        // git would store and read the bytes unchanged: ciphertext of a locked repository, say.
        return Clear::Unclear(format!(
            "its `filter={name}` (from .gitattributes) has no command configured in this repository (`filter.{name}.clean`/`smudge`), so the staged version cannot be read in clear"
        ));
    };
    if worktree_cleans_to(cli, s.path) == Some(s.blob)
        && let Ok(bytes) = std::fs::read(cli.work_tree().join(s.path))
    {
        return Clear::Bytes(bytes);
    }
    if !driver.contains("smudge") && !driver.contains("process") {
        return Clear::Unclear(format!(
            "the staged version differs from the file, and its filter `{name}` has no smudge command to read it back in clear"
        ));
    }
    // Required, whatever the user set: otherwise git hands back the raw blob, ciphertext
    // perhaps, when the smudge command fails.
    let out = cli
        .command()
        .arg("-c")
        .arg(format!("filter.{name}.required=true"))
        .args(["cat-file", "--filters"])
        .arg(format!("--path={}", s.path))
        .arg(s.blob.to_string())
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    match out {
        Ok(o) if o.status.success() => Clear::Bytes(o.stdout),
        Ok(o) => Clear::Unclear(format!(
            "its filter `{name}` could not read the staged version back in clear (git cat-file --filters: {})",
            o.status
                .code()
                .map_or_else(|| "killed by a signal".to_owned(), |c| format!("exit {c}"))
        )),
        Err(e) => Clear::Unclear(format!("cannot run `git cat-file --filters`: {e}")),
    }
}

/// The blob git would stage for the work-tree file at `path` (through its clean filter);
/// None when it cannot be read.
fn worktree_cleans_to(cli: &Cli, path: &str) -> Option<Oid> {
    // Only a file: git would hash a symlink's target text, and a FIFO would block.
    if !std::fs::symlink_metadata(cli.work_tree().join(path)).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let out = cli
        .command()
        .args(["hash-object", "--"])
        .arg(path)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    Oid::from_str(std::str::from_utf8(&out.stdout).ok()?.trim()).ok()
}

/// The `filter` attribute of each path, as `.gitattributes` and `info/attributes` set it:
/// the driver's name, or None when no driver is named.
fn filter_attributes(cli: &Cli, staged: &[Staged]) -> Result<Vec<Option<String>>> {
    let mut list = Vec::new();
    for s in staged {
        list.extend_from_slice(s.path.as_bytes());
        list.push(0);
    }
    let out = run_with_input(cli, &["check-attr", "-z", "--stdin", "filter"], &list)?;
    if !out.status.success() {
        return Err(Error::git(
            format!(
                "cannot tell which staged notes go through a filter: git check-attr failed: {}",
                String::from_utf8_lossy(&out.stderr).trim_end()
            ),
            Some("fix what git reports, then commit again".into()),
        ));
    }
    // `<path> NUL filter NUL <value> NUL`, one triple per path, in order.
    let mut by_path: HashMap<&[u8], Option<String>> = HashMap::new();
    let fields: Vec<&[u8]> = out.stdout.split(|b| *b == 0).collect();
    for t in fields.chunks(3) {
        if let [path, _, value] = t {
            let name = match *value {
                b"unspecified" | b"unset" | b"set" => None,
                v => Some(String::from_utf8_lossy(v).into_owned()),
            };
            by_path.insert(path, name);
        }
    }
    staged
        .iter()
        .map(|s| {
            by_path.get(s.path.as_bytes()).cloned().ok_or_else(|| {
                Error::git(
                    format!("git check-attr gave no answer for {}", s.path),
                    Some("fix what git reports, then commit again".into()),
                )
            })
        })
        .collect()
}

/// The filter drivers the user's git configuration defines, with the commands each has.
fn configured_drivers(cli: &Cli) -> Result<HashMap<String, Driver>> {
    let out = cli
        .command()
        .args(["config", "-z", "--get-regexp", r"^filter\."])
        .stdin(Stdio::null())
        .output()
        .map_err(spawn_error)?;
    let mut drivers: HashMap<String, Driver> = HashMap::new();
    // Exit 1: no filter is configured at all.
    if out.status.code() == Some(1) {
        return Ok(drivers);
    }
    if !out.status.success() {
        return Err(Error::git(
            format!(
                "cannot read git's filter settings: git config failed: {}",
                String::from_utf8_lossy(&out.stderr).trim_end()
            ),
            Some("fix what git reports, then commit again".into()),
        ));
    }
    // `filter.<name>.<command>\n<value>` NUL-terminated; a name may hold dots.
    for entry in out.stdout.split(|b| *b == 0) {
        let entry = String::from_utf8_lossy(entry);
        let (key, value) = entry.split_once('\n').unwrap_or((&entry, ""));
        let Some((name, command)) = key.strip_prefix("filter.").and_then(|k| k.rsplit_once('.'))
        else {
            continue;
        };
        if matches!(command, "clean" | "smudge" | "process") && !value.trim().is_empty() {
            drivers
                .entry(name.to_owned())
                .or_default()
                .insert(command.to_owned());
        }
    }
    Ok(drivers)
}

fn run_with_input(cli: &Cli, args: &[&str], input: &[u8]) -> Result<std::process::Output> {
    use std::io::Write;
    let mut child = cli
        .command()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn_error)?;
    let stdin = child.stdin.take();
    // Written from a thread: git answers while it reads, and a full pipe would block both.
    let out = std::thread::scope(|scope| {
        let w = scope.spawn(move || {
            if let Some(mut stdin) = stdin {
                // A write error means git already failed; its own message says why.
                let _ = stdin.write_all(input);
            }
        });
        let out = child.wait_with_output();
        let _ = w.join();
        out
    });
    out.map_err(spawn_error)
}
