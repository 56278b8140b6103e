//! What the everyday commands show: `status`, `actions`, `log` and `trend`; and the output
//! formats of the digest and the roll-up.
//!
//! Each view is a model built from the notebook's notes (JSON, `"version": 1` first, is the
//! model serialized) and a human rendering of it. Numbers come from [`crate::measure`], the
//! same functions the digest uses. Notes come from [`crate::notebook::load`], so nothing of a
//! `private: true` note but its date and length, and nothing of a `## Private` section, is
//! ever shown.

pub mod action;
pub mod actions;
pub mod audience;
pub mod digest;
pub mod email;
pub mod log;
pub mod people;
pub mod rollup;
pub mod slack;
pub mod status;
pub mod trend;

use crate::notebook::Notebook;
use crate::notebook::load::NoteFile;

/// The canonical handle of a note's report (an alias resolves to its person).
pub fn report_of<'a>(nb: &'a Notebook, note: &'a NoteFile) -> &'a str {
    nb.canonical(&note.report)
}

/// Serialize a view as pretty JSON with a final newline.
pub fn to_json<T: serde::Serialize>(view: &T) -> crate::error::Result<String> {
    let mut s = serde_json::to_string_pretty(view)
        .map_err(|e| crate::error::Error::Internal(format!("view to JSON: {e}")))?;
    s.push('\n');
    Ok(s)
}
