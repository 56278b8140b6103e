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

/// Every failure cascade reports; the variant decides the exit code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line asks for something impossible (exit 2).
    #[error("{message}")]
    Usage {
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
            message: message.into(),
            help: help.map(str::to_owned),
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
