//! File-level rules: what must hold before a note can be parsed at all.

use crate::lint::{Rule, Severity};

/// Not UTF-8 text.
pub const ENCODING: Rule = Rule {
    id: "file/encoding",
    severity: Severity::Error,
    summary: "the file is not UTF-8 text (UTF-16, binary, or a bad byte)",
    explanation: "\
A note must be UTF-8 text. cascade reports the line and column of the first byte that is not
valid UTF-8, says so when the file is UTF-16 or binary (it contains a NUL byte), and never
rewrites such a file: it cannot know what the bytes meant.

Bad: a note saved as UTF-16 by an old editor, or a byte `0xE9` from a Latin-1 `é`.

Good: the same note saved as UTF-8 (`iconv -f LATIN1 -t UTF-8 note.md > note.md.new`).
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// Over the size cap.
pub const TOO_LARGE: Rule = Rule {
    id: "file/too-large",
    severity: Severity::Error,
    summary: "the file is larger than the size cap (10 MB unless `[lint] max_file_bytes` says otherwise)",
    explanation: "\
A one-on-one note is a few kilobytes. A file of many megabytes in `notes/` is almost always a
mistake (a pasted log, an export), and reading it would slow every command down, so it is not
parsed: it gets this error instead. Raise the cap in `cascade.toml` if you really mean it:

```toml
[lint]
max_file_bytes = 52428800
```
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// Could not be read.
pub const UNREADABLE: Rule = Rule {
    id: "file/unreadable",
    severity: Severity::Error,
    summary: "the file or folder cannot be read (permissions, I/O error), or is a FIFO, socket or device",
    explanation: "\
cascade could not read this path: the message gives the operating system's reason. The other
files are still checked. A FIFO, socket or device named like a note is reported here too and
never opened (a note is a regular file), so no command waits on it.

Bad: `chmod 000 notes/alice/2026-11-20.md`.

Good: a note readable by you.
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// A symlink under `notes/`.
pub const SYMLINK: Rule = Rule {
    id: "file/symlink",
    severity: Severity::Warning,
    summary: "a symlink in `notes/` is not followed",
    explanation: "\
Symlinks are never followed: one could point outside the notebook (and leak another folder
into a digest) or loop forever. Each is reported once and the walk goes on.

Bad: `ln -s ~/Documents/old-notes notes/archive`.

Good: copy the notes into `notes/<report>/<date>.md`.
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// A bug: checking this file panicked.
pub const INTERNAL: Rule = Rule {
    id: "internal/error",
    severity: Severity::Error,
    summary: "checking the file hit a bug in cascade (exit 3); the other files were still checked",
    explanation: "\
This should never happen: the parser failed on this file. The other files are checked as usual
and `cascade lint` exits with 3. Please report it, with the file if you can share it.
This rule cannot be turned off.
",
    completion: false,
    quotes_note: true,
    fixes: &[],
};

/// The rules of this family.
pub const RULES: &[Rule] = &[ENCODING, TOO_LARGE, UNREADABLE, SYMLINK, INTERNAL];
