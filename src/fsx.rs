//! Atomic file writes: a temp file in the same directory, then a rename.
//!
//! A crash, a full disk or Ctrl-C leaves either the old file or the new one, never half of
//! either, and no temp file behind (the temp file is removed on error and on drop).

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// How to treat an existing target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Fail if the target exists (create-new semantics, race-free).
    CreateNew,
    /// Replace the target atomically.
    Replace,
}

/// Write `bytes` to `path` atomically; the parent directory must exist.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: Mode) -> Result<()> {
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
    let mut tmp = builder.tempfile_in(dir).map_err(|e| Error::io(path, e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io(path, e))?;
    match mode {
        Mode::CreateNew => tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                exists_error(path)
            } else {
                Error::io(path, e.error)
            }
        })?,
        Mode::Replace => tmp.persist(path).map_err(|e| Error::io(path, e.error))?,
    };
    Ok(())
}

/// The error for a target that already exists.
pub fn exists_error(path: &Path) -> Error {
    Error::usage(
        format!("{} already exists; nothing was written", path.display()),
        Some("pass `--force` to replace it, or edit the existing file"),
    )
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
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
