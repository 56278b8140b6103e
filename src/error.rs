//! The one error type of the library, with the exit code each kind maps to.

use std::fmt;
use std::path::{Path, PathBuf};

/// Exit code: everything went well.
pub const EXIT_OK: u8 = 0;
/// Exit code: the command ran and found problems (lint errors).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage, configuration, input or I/O failure.
pub const EXIT_FAILURE: u8 = 2;
/// Exit code: a bug in cascade.
pub const EXIT_INTERNAL: u8 = 3;

/// A place in a file that an error points at, with the source line for a snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Path as shown to the user (relative to the notebook root where possible).
    pub path: String,
    /// 1-based line of the file on disk.
    pub line: usize,
    /// 1-based column in characters (a `\r` is never counted).
    pub column: usize,
    /// The text of that line, without its line ending, for the snippet.
    pub source_line: Option<String>,
}

/// What a caller may decide on, beyond the exit code: callers match on this, never on text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Nothing a caller branches on.
    Other,
    /// No `cascade.toml` in the directory or any above it.
    NoNotebook,
    /// The target of a write that must not replace anything is already there.
    AlreadyExists,
    /// A person, owner, indicator or path named on the command line does not exist.
    NotFound,
}

/// Every failure cascade reports; the variant decides the exit code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line asks for something impossible (exit 2).
    #[error("{message}")]
    Usage {
        /// What callers may decide on.
        kind: ErrorKind,
        /// What is wrong.
        message: String,
        /// What to do instead.
        help: Option<String>,
    },
    /// A file's content is wrong: config, note, template (exit 2).
    #[error("{message}")]
    Input {
        /// What is wrong.
        message: String,
        /// Where, when known.
        location: Option<Box<Location>>,
        /// What to do about it.
        help: Option<String>,
    },
    /// Reading or writing a file failed (exit 2).
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Writing to standard output failed; a broken pipe ends quietly.
    #[error("cannot write output: {0}")]
    Output(#[source] std::io::Error),
    /// The git repository cannot be used as asked (exit 2).
    #[error("{message}")]
    Git {
        /// What is wrong.
        message: String,
        /// What to do about it.
        help: Option<String>,
    },
    /// A bug in cascade (exit 3).
    #[error("internal error: {0}")]
    Internal(String),
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A usage error with an optional help line.
    pub fn usage(message: impl Into<String>, help: Option<&str>) -> Self {
        Error::Usage {
            kind: ErrorKind::Other,
            message: message.into(),
            help: help.map(str::to_owned),
        }
    }

    /// A usage error that callers can tell apart by its `kind`.
    pub fn usage_of(kind: ErrorKind, message: impl Into<String>, help: Option<String>) -> Self {
        Error::Usage {
            kind,
            message: message.into(),
            help,
        }
    }

    /// What callers may decide on: the kind of a usage error, or of the system's error on a
    /// path (a missing file is `NotFound`, an existing one `AlreadyExists`).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Usage { kind, .. } => *kind,
            Error::Io { source, .. } => match source.kind() {
                std::io::ErrorKind::NotFound => ErrorKind::NotFound,
                std::io::ErrorKind::AlreadyExists => ErrorKind::AlreadyExists,
                _ => ErrorKind::Other,
            },
            _ => ErrorKind::Other,
        }
    }

    /// An input error at a location.
    pub fn input_at(message: impl Into<String>, location: Location, help: Option<String>) -> Self {
        Error::Input {
            message: message.into(),
            location: Some(Box::new(location)),
            help,
        }
    }

    /// An input error without a precise location.
    pub fn input(message: impl Into<String>, help: Option<String>) -> Self {
        Error::Input {
            message: message.into(),
            location: None,
            help,
        }
    }

    /// An I/O error on a path.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// A git error with an optional help line.
    pub fn git(message: impl Into<String>, help: Option<String>) -> Self {
        Error::Git {
            message: message.into(),
            help,
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Internal(_) => EXIT_INTERNAL,
            Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
            _ => EXIT_FAILURE,
        }
    }

    /// The help line, if the error has one.
    pub fn help(&self) -> Option<&str> {
        match self {
            Error::Usage { help, .. } | Error::Input { help, .. } | Error::Git { help, .. } => {
                help.as_deref()
            }
            Error::Io { source, .. } => match source.kind() {
                std::io::ErrorKind::PermissionDenied => {
                    Some("check the permissions of that path, or run from a writable directory")
                }
                std::io::ErrorKind::StorageFull => Some("free some disk space and run again"),
                _ => None,
            },
            Error::Internal(_) => Some(
                "this is a bug in cascade; please report it with the command you ran and its output",
            ),
            Error::Output(_) => None,
        }
    }

    /// Where the error points, if anywhere.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Input { location, .. } => location.as_deref(),
            _ => None,
        }
    }
}

impl From<git2::Error> for Error {
    fn from(e: git2::Error) -> Self {
        Error::git(format!("git: {}", e.message()), None)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Callers once took any usage error for "no notebook" (`rules`) or "already exists"
    /// (`new`); each error now says which it is, and any other usage error is neither.
    #[test]
    fn callers_decide_on_the_error_kind_not_on_a_broad_variant() {
        let dir = tempfile::tempdir().unwrap();
        let e = crate::notebook::Notebook::discover(dir.path()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NoNotebook);
        assert_eq!(e.exit_code(), EXIT_FAILURE);

        let p = dir.path().join("a.md");
        crate::fsx::write_atomic(&p, b"one", crate::fsx::Mode::CreateNew).unwrap();
        let e = crate::fsx::write_atomic(&p, b"two", crate::fsx::Mode::CreateNew).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&p).unwrap(), b"one");

        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(Error::io(&p, missing).kind(), ErrorKind::NotFound);
        assert_eq!(Error::usage("bad flag", None).kind(), ErrorKind::Other);
        assert_eq!(Error::input("bad file", None).kind(), ErrorKind::Other);
        assert_eq!(Error::git("no repo", None).kind(), ErrorKind::Other);
    }
}
