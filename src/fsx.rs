//! Atomic file writes: a temp file in the same directory, then a rename.
//!
//! A crash, a full disk or Ctrl-C leaves either the old file or the new one, never half of
//! either, and no temp file behind (the temp file is removed on error and on drop).

use std::io::Write;
use std::path::Path;

use crate::error::{Error, ErrorKind, Result};

/// How to treat an existing target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Fail if the target exists (create-new semantics, race-free).
    CreateNew,
    /// Replace the target atomically.
    Replace,
}

/// Make a write past `ulimit -f` fail with `EFBIG` instead of killing cascade with SIGXFSZ,
/// so it is reported as an error on the file and the temp file is removed.
pub fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: called once at startup, before any thread exists; SIG_IGN installs no handler.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// The file a write to `path` lands in: `path` itself, or the file a symlink at `path`
/// points to, so that writing keeps the link (a `cascade.toml` kept in a dotfiles repository).
pub fn write_target(path: &Path) -> Result<std::path::PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).map_err(|e| {
            Error::io(
                path,
                std::io::Error::new(e.kind(), format!("symlink to a missing file ({e})")),
            )
        }),
        _ => Ok(path.to_path_buf()),
    }
}

/// Write `bytes` to `path` atomically; the parent directory must exist.
///
/// A symlink at `path` is written through (its target is replaced, the link stays); a
/// read-only target is refused rather than replaced.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: Mode) -> Result<()> {
    let shown = path;
    let target = match mode {
        Mode::Replace => write_target(path)?,
        // A link, even a dangling one, already exists: create-new must not write through it.
        Mode::CreateNew => path.to_path_buf(),
    };
    let path = target.as_path();
    if mode == Mode::Replace
        && let Ok(m) = std::fs::metadata(path)
        && m.permissions().readonly()
    {
        return Err(Error::usage(
            format!("{} is read-only; nothing was written", shown.display()),
            Some("make it writable (`chmod u+w`) if cascade should change it"),
        ));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".cascade-tmp-");
    // tempfile creates 0600 files; a note or config should keep the target's mode,
    // or get the usual 0644 when new.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = std::fs::metadata(path)
            .map(|m| m.permissions())
            .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
        builder.permissions(perms);
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io(shown, without_temp_path(e)))?;
    // Through the File: NamedTempFile's own write errors name the temp path.
    tmp.as_file_mut()
        .write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io(shown, e))?;
    match mode {
        Mode::CreateNew => tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                exists_error(shown)
            } else {
                Error::io(shown, e.error)
            }
        })?,
        Mode::Replace => tmp.persist(path).map_err(|e| Error::io(shown, e.error))?,
    };
    Ok(())
}

/// tempfile's errors end with `at path "<temp file>"`: a name the user never chose, gone by the
/// time they read the message. The error already names the target; keep the OS's words.
fn without_temp_path(e: std::io::Error) -> std::io::Error {
    if e.raw_os_error().is_some() {
        return e;
    }
    match e.to_string().split_once(" at path \"") {
        Some((head, _)) => std::io::Error::new(e.kind(), head.to_owned()),
        None => e,
    }
}

/// Rename `from` to `to` atomically, refused when `to` exists (even as a dangling link): the
/// new name is linked first, which fails on an existing name, then the old one removed.
pub fn rename_noclobber(from: &Path, to: &Path) -> Result<()> {
    std::fs::hard_link(from, to).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            exists_error(to)
        } else {
            Error::io(to, e)
        }
    })?;
    std::fs::remove_file(from).map_err(|e| Error::io(from, e))
}

/// The error for a target that already exists.
pub fn exists_error(path: &Path) -> Error {
    Error::usage_of(
        ErrorKind::AlreadyExists,
        format!("{} already exists; nothing was written", path.display()),
        Some("pass `--force` to replace it, or edit the existing file".into()),
    )
}

/// An exclusive lock on a lock file, released when dropped (or when the process dies, so a
/// killed run never leaves a stale lock behind).
#[derive(Debug)]
pub struct Lock {
    _file: std::fs::File,
}

/// How long to wait for another cascade to finish its edit.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Take an exclusive lock on `path`, an existing file or directory: locking a directory
/// creates nothing, so a refused or failed edit leaves the notebook as it was.
pub fn lock(path: &Path) -> Result<Lock> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        let start = std::time::Instant::now();
        loop {
            // SAFETY: flock on a descriptor this function owns for the lock's whole life.
            let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
            if r == 0 {
                break;
            }
            let e = std::io::Error::last_os_error();
            match e.raw_os_error() {
                Some(libc::EINTR) => continue,
                Some(libc::EWOULDBLOCK) if start.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                Some(libc::EWOULDBLOCK) => {
                    return Err(Error::usage(
                        format!(
                            "{} is held by another cascade for over {} s; nothing was written",
                            path.display(),
                            LOCK_WAIT.as_secs()
                        ),
                        Some("wait for the other command to finish, then run this one again"),
                    ));
                }
                _ => return Err(Error::io(path, e)),
            }
        }
    }
    Ok(Lock { _file: file })
}

/// Create a directory and its parents, naming the path on failure.
pub fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_new_refuses_existing_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        write_atomic(&p, b"one", Mode::CreateNew).unwrap();
        let e = write_atomic(&p, b"two", Mode::CreateNew).unwrap_err();
        assert!(e.to_string().contains("already exists"));
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"three", Mode::Replace).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"three");
        assert_eq!(names(dir.path()), vec!["a.md"]);
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    // Row 25 of the hostile inputs. A read-only directory does not stop root, who often runs
    // tests in containers, so these failures use paths no one can write to.
    #[cfg(unix)]
    #[test]
    fn row_25_a_failed_write_names_the_target_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes");
        std::fs::write(&file, "a file where a directory should be").unwrap();
        let under_file = file.join("2026-11-20.md");
        for mode in [Mode::CreateNew, Mode::Replace] {
            let e = write_atomic(&under_file, b"text", mode).unwrap_err();
            assert!(
                matches!(&e, Error::Io { path, .. } if *path == under_file),
                "{e:?}"
            );
            assert!(
                e.to_string()
                    .starts_with(&format!("{}: ", under_file.display())),
                "{e}"
            );
        }
        // The temp file is written, then the rename fails: it must not stay behind.
        let target = dir.path().join("2026-11-27.md");
        std::fs::create_dir(&target).unwrap();
        let e = write_atomic(&target, b"text", Mode::Replace).unwrap_err();
        assert!(
            matches!(&e, Error::Io { path, .. } if *path == target),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            format!("{}: Is a directory (os error 21)", target.display())
        );
        let e = write_atomic(&target, b"text", Mode::CreateNew).unwrap_err();
        assert!(
            e.to_string()
                .contains("already exists; nothing was written"),
            "{e}"
        );
        assert_eq!(names(dir.path()), vec!["2026-11-27.md", "notes"]);
        assert!(names(&target).is_empty());
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "a file where a directory should be"
        );
    }

    // Row 26: whenever a reader looks (or a Ctrl-C stops the writer), the target holds the
    // old bytes or the new ones, never a mix or a prefix.
    #[test]
    fn row_26_replace_never_exposes_a_partial_target() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        let old = vec![b'o'; 1 << 20];
        let new = vec![b'n'; 3 << 19];
        write_atomic(&p, &old, Mode::Replace).unwrap();
        let done = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            let reader = s.spawn(|| {
                let mut reads = 0usize;
                loop {
                    let finished = done.load(std::sync::atomic::Ordering::Acquire);
                    let got = std::fs::read(&p).unwrap();
                    assert!(
                        got == old || got == new,
                        "a reader saw {} bytes starting {:?}",
                        got.len(),
                        &got[..got.len().min(8)]
                    );
                    reads += 1;
                    if finished {
                        return reads;
                    }
                }
            });
            for i in 0..40 {
                let bytes = if i % 2 == 0 { &new } else { &old };
                write_atomic(&p, bytes, Mode::Replace).unwrap();
            }
            done.store(true, std::sync::atomic::Ordering::Release);
            assert!(reader.join().unwrap() >= 1);
        });
        assert_eq!(std::fs::read(&p).unwrap(), old);
        assert_eq!(names(dir.path()), vec!["a.md"]);
    }
}
