//! The one inventory of a notebook's notes: which files under `notes/` are notes, how they
//! are read, and what is skipped with a warning. Every command that reads notes asks it.
//!
//! The rules (docs/note-format.md, "Which files are notes"):
//! * a note is a regular file named `*.md` or `*.markdown` under `notes/`;
//! * hidden files and folders (`.name`) are skipped silently: editors' swap and lock files;
//! * a symlink is never followed (so never out of the notebook): a warning;
//! * a FIFO, socket or device named like a note is never opened: a warning;
//! * a folder named like a note (`2026-11-27.md/`) is a folder, not a note;
//! * a note over the size cap (`[lint] max_file_bytes`, 10 MB) is not read: a warning;
//! * a file or folder that cannot be read: a warning naming it.

use std::io::Read;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::notebook::{NOTES_DIR, Notebook};

/// Default size cap of a note: bigger files are not read.
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;

/// A note file the inventory found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NotePath {
    /// Path relative to the notebook root, `/`-separated.
    pub rel: String,
    /// Path on disk.
    pub path: PathBuf,
    /// True when the path is not UTF-8 and `rel` was converted lossily.
    pub lossy: bool,
}

/// Why a path was not read as a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipKind {
    /// A symlink: not followed.
    Symlink,
    /// A FIFO, socket, device or folder where a note was expected (what it is, in words).
    NotAFile(&'static str),
    /// Over the size cap: (size, cap) in bytes.
    TooLarge(u64, u64),
    /// A file or folder that could not be read, and why.
    Unreadable(String),
}

/// A path under `notes/` that was skipped, with a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Path relative to the notebook root.
    pub rel: String,
    /// Path on disk.
    pub path: PathBuf,
    /// True when `rel` was converted lossily.
    pub lossy: bool,
    /// Why.
    pub kind: SkipKind,
}

impl SkipKind {
    /// What is wrong, in the words every command uses.
    pub fn message(&self) -> String {
        match self {
            SkipKind::Symlink => {
                "symlink not followed: notes must be files inside the notebook".into()
            }
            SkipKind::NotAFile(what) => {
                format!("{what}, not a regular file: it was not opened")
            }
            SkipKind::TooLarge(size, cap) => format!(
                "the file is {}, over the {} cap for a note; it was not read",
                size_text(*size),
                size_text(*cap)
            ),
            SkipKind::Unreadable(why) => format!("cannot read: {why}"),
        }
    }

    /// What to do about it.
    pub fn help(&self, folder: bool) -> String {
        match self {
            SkipKind::Symlink => {
                "replace the link by the file itself, or move it out of `notes/`".into()
            }
            SkipKind::NotAFile(_) => "move it out of `notes/`".into(),
            SkipKind::TooLarge(..) => {
                "split it, move it out of `notes/`, or raise `[lint] max_file_bytes` in cascade.toml"
                    .into()
            }
            SkipKind::Unreadable(_) => format!(
                "check the permissions of that {}",
                if folder { "folder" } else { "file" }
            ),
        }
    }
}

/// A size in MB with one decimal, so 11,000,000 bytes is not "10 MB, over the 10 MB cap";
/// in bytes under 1 MB.
pub fn size_text(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        return format!("{bytes} bytes");
    }
    let v = format!("{:.1}", bytes as f64 / (1024.0 * 1024.0));
    format!("{} MB", v.strip_suffix(".0").unwrap_or(&v))
}

/// What the inventory found.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    /// Notes, in no particular order.
    pub notes: Vec<NotePath>,
    /// Paths skipped with a warning, sorted by path.
    pub skipped: Vec<Skipped>,
}

/// The name without its note extension, if it is a note's name (`.md` or `.markdown`, not
/// hidden).
pub fn note_stem(name: &str) -> Option<&str> {
    if name.starts_with('.') {
        return None;
    }
    name.strip_suffix(".md")
        .or_else(|| name.strip_suffix(".markdown"))
        .filter(|s| !s.is_empty())
}

/// Whether a path relative to the notebook root (`/`-separated) names a note: under
/// `notes/`, no hidden part, a note's name.
pub fn is_note_rel(rel: &str) -> bool {
    let Some(rest) = rel
        .strip_prefix(NOTES_DIR)
        .and_then(|r| r.strip_prefix('/'))
    else {
        return false;
    };
    if rest
        .split('/')
        .any(|part| part.is_empty() || part.starts_with('.'))
    {
        return false;
    }
    rest.rsplit('/').next().and_then(note_stem).is_some()
}

/// `notes/<report>/<YYYY-MM-DD>.md` (or `.markdown`) → (report, date).
pub fn path_parts(rel: &str) -> Option<(&str, Date)> {
    let rest = rel.strip_prefix(NOTES_DIR)?.strip_prefix('/')?;
    let (report, file) = rest.split_once('/')?;
    let date = crate::dates::parse_ymd(note_stem(file)?).ok()?;
    Some((report, date))
}

/// The date a note's file name gives, `YYYY-MM-DD.md`.
pub fn name_date(rel: &str) -> Option<Date> {
    let file = rel.rsplit('/').next()?;
    crate::dates::parse_ymd(note_stem(file)?).ok()
}

/// Every note under `notes/`, sorted by path ([`scan_sorted`]).
pub fn scan(nb: &Notebook) -> Inventory {
    scan_sorted(nb, &nb.notes_dir())
}

/// The notes under `notes/` whose file name `keep` picks (every path skipped is still
/// listed): the digest of a week lists the half year it reads, not ten years of paths.
pub fn scan_named(nb: &Notebook, keep: &dyn Fn(&str) -> bool) -> Inventory {
    scan_where(nb, &nb.notes_dir(), usize::MAX, keep)
}

/// The notes directly in `notes/<report>/`, with the date of their name, sorted by date.
pub fn report_notes(nb: &Notebook, report: &str) -> (Vec<(Date, NotePath)>, Vec<Skipped>) {
    let dir = nb.notes_dir().join(report);
    let inv = scan_dir(nb, &dir, 1);
    let mut dated: Vec<(Date, NotePath)> = inv
        .notes
        .into_iter()
        .filter_map(|n| name_date(&n.rel).map(|d| (d, n)))
        .collect();
    dated.sort();
    (dated, inv.skipped)
}

/// The notes under `dir` (a folder of the notebook), at most `depth` levels down.
///
/// A plain `read_dir` walk: it does no more than the rules need (the entry's type from the
/// directory listing, no `stat`), which keeps the digest's walk of a ten-year notebook cheap.
pub fn scan_dir(nb: &Notebook, dir: &Path, depth: usize) -> Inventory {
    scan_where(nb, dir, depth, &|_| true)
}

/// [`scan_dir`], keeping the notes whose file name `keep` picks.
fn scan_where(nb: &Notebook, dir: &Path, depth: usize, keep: &dyn Fn(&str) -> bool) -> Inventory {
    let mut inv = Inventory::default();
    walk(nb, (dir.to_path_buf(), 0), depth, keep, &mut inv);
    // Notes are left in walk order: every caller orders what it reads itself, and sorting
    // the paths of a ten-year notebook showed in the digest's time.
    inv.skipped.sort_by(|a, b| a.rel.cmp(&b.rel));
    inv
}

/// Every note under `dir` (a folder of the notebook), sorted by path, each folder below it
/// listed on the thread pool: what lint reads of a whole notebook. Listing twenty thousand
/// notes took lint's first 20 ms on one thread while the others waited, and sorting them
/// from the directories' order took 6 ms more.
pub fn scan_sorted(nb: &Notebook, dir: &Path) -> Inventory {
    use rayon::prelude::*;
    let mut top = Inventory::default();
    let mut folders = Vec::new();
    list_folder(nb, (dir, 0, usize::MAX), &|_| true, &mut top, &mut folders);
    let mut parts: Vec<Inventory> = folders
        .into_par_iter()
        .map(|f| {
            let mut inv = Inventory::default();
            walk(nb, f, usize::MAX, &|_| true, &mut inv);
            inv.notes.sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
            inv
        })
        .collect();
    // A folder's notes share its `notes/<folder>/` prefix, so they sort together: the parts
    // in the order of their first note, one after the other, are sorted (all but names that
    // are not UTF-8, which their lossy form may tie; callers sort once more, which then
    // finds the list sorted and costs a comparison per note).
    parts.extend(top.notes.into_iter().map(|n| Inventory {
        notes: vec![n],
        skipped: Vec::new(),
    }));
    parts.retain(|p| !p.notes.is_empty() || !p.skipped.is_empty());
    parts.sort_by(|a, b| {
        fn first(i: &Inventory) -> Option<&str> {
            i.notes.first().map(|n| n.rel.as_str())
        }
        first(a).cmp(&first(b))
    });
    let mut inv = Inventory {
        notes: Vec::with_capacity(parts.iter().map(|p| p.notes.len()).sum()),
        skipped: top.skipped,
    };
    for p in parts {
        inv.notes.extend(p.notes);
        inv.skipped.extend(p.skipped);
    }
    inv.skipped.sort_by(|a, b| a.rel.cmp(&b.rel));
    inv
}

/// List the folder `from` (found `from.1` levels under the one scanned) and every folder
/// under it, down to `depth` levels under the one scanned, into `inv`.
fn walk(
    nb: &Notebook,
    from: (PathBuf, usize),
    depth: usize,
    keep: &dyn Fn(&str) -> bool,
    inv: &mut Inventory,
) {
    let mut stack = vec![from];
    while let Some((folder, level)) = stack.pop() {
        list_folder(nb, (&folder, level, depth), keep, inv, &mut stack);
    }
}

/// List one `folder` found `level` levels under the one scanned (at most `depth`): its notes
/// and paths skipped into `inv`, its subfolders onto `stack`.
fn list_folder(
    nb: &Notebook,
    (folder, level, depth): (&Path, usize, usize),
    keep: &dyn Fn(&str) -> bool,
    inv: &mut Inventory,
    stack: &mut Vec<(PathBuf, usize)>,
) {
    let unreadable = |inv: &mut Inventory, e: std::io::Error| {
        let kind = SkipKind::Unreadable(e.to_string());
        inv.skipped.push(skipped(nb, folder.to_path_buf(), kind));
    };
    let entries = match std::fs::read_dir(folder) {
        Ok(e) => e,
        // No `notes/` yet (or no folder for that report): nothing to list.
        Err(e) if level == 0 && e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => return unreadable(inv, e),
    };
    for entry in entries {
        let (e, kind) = match entry.and_then(|e| e.file_type().map(|k| (e, k))) {
            Ok(x) => x,
            Err(err) => {
                unreadable(inv, err);
                continue;
            }
        };
        let name = e.file_name();
        // Hidden files and folders: editors' swap and lock files, a `.trash/`.
        if name.as_encoded_bytes().first() == Some(&b'.') {
            continue;
        }
        if kind.is_dir() {
            if level + 1 < depth {
                stack.push((e.path(), level + 1));
            }
            continue;
        }
        if kind.is_symlink() {
            // Any symlink, named like a note or not: a linked report folder is not
            // followed either, and its notes would be missing without a word.
            inv.skipped.push(skipped(nb, e.path(), SkipKind::Symlink));
            continue;
        }
        // A non-UTF-8 name is a note when its lossy form is (lint reports the name).
        let lossy = name.to_string_lossy();
        if note_stem(&lossy).is_none() {
            continue;
        }
        if kind.is_file() {
            if !keep(&lossy) {
                continue;
            }
            inv.notes.push(note_path(nb, e.path()));
        } else {
            inv.skipped.push(skipped(
                nb,
                e.path(),
                SkipKind::NotAFile(special_kind(&kind)),
            ));
        }
    }
}

/// A path given explicitly (`cascade lint FILE`): a note to read, or why not. Nothing is
/// opened here, and a FIFO or device is never opened at all.
pub fn classify(nb: &Notebook, path: &Path) -> std::io::Result<Result<NotePath, Skipped>> {
    let meta = std::fs::symlink_metadata(path)?;
    let kind = meta.file_type();
    Ok(if kind.is_symlink() {
        Err(skipped(nb, path.to_path_buf(), SkipKind::Symlink))
    } else if kind.is_file() {
        Ok(note_path(nb, path.to_path_buf()))
    } else {
        Err(skipped(
            nb,
            path.to_path_buf(),
            SkipKind::NotAFile(special_kind(&kind)),
        ))
    })
}

fn note_path(nb: &Notebook, path: PathBuf) -> NotePath {
    NotePath {
        rel: nb.rel(&path),
        lossy: path.to_str().is_none(),
        path,
    }
}

fn skipped(nb: &Notebook, path: PathBuf, kind: SkipKind) -> Skipped {
    Skipped {
        rel: nb.rel(&path),
        lossy: path.to_str().is_none(),
        path,
        kind,
    }
}

fn special_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    if kind.is_dir() {
        return "a folder";
    }
    "something else"
}

impl NotePath {
    /// Read the note's bytes: a regular file, not through a symlink, at most `cap` bytes.
    pub fn read(&self, cap: u64) -> Result<Vec<u8>, SkipKind> {
        read_capped(&self.path, cap)
    }
}

/// Read a note's bytes with the inventory's rules. One open and one `fstat`: a second lookup
/// of the path per note shows at 100,000 notes. The open neither blocks (a FIFO put in the
/// file's place since the walk) nor follows a symlink.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, SkipKind> {
    let unreadable = |e: std::io::Error| SkipKind::Unreadable(e.to_string());
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let f = options.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return SkipKind::Symlink;
        }
        unreadable(e)
    })?;
    let meta = f.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(SkipKind::NotAFile(special_kind(&meta.file_type())));
    }
    let size = meta.len();
    if size > cap {
        return Err(SkipKind::TooLarge(size, cap));
    }
    let mut bytes = Vec::with_capacity(size as usize + 1);
    // A file that grows while it is read is still read only up to the cap.
    f.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > cap {
        return Err(SkipKind::TooLarge(bytes.len() as u64, cap));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rule_for_what_a_note_is_called() {
        for rel in [
            "notes/alice/2026-11-20.md",
            "notes/alice/2026-11-20.markdown",
            "notes/2026-11-20.md",
            "notes/alice/2025/x.md",
        ] {
            assert!(is_note_rel(rel), "{rel}");
        }
        for rel in [
            "notes/alice/.#2026-11-20.md",
            "notes/.alice/2026-11-20.md",
            "notes/alice/2026-11-20.md.swp",
            "notes/alice/2026-11-20.txt",
            "notes/alice/.md",
            "digests/2026-W48.md",
            "notesx/alice/2026-11-20.md",
            "notes//2026-11-20.md",
        ] {
            assert!(!is_note_rel(rel), "{rel}");
        }
        assert_eq!(
            path_parts("notes/alice/2026-11-20.markdown").map(|(r, d)| (r, d.to_string())),
            Some(("alice", "2026-11-20".into()))
        );
    }

    /// The parallel, sorted listing finds what the plain walk finds, in path order: notes
    /// at the top, in report folders and deeper, beside folders whose names sort around
    /// them (`a`, `a-b`, `a.md`), with hidden ones, other files and symlinks.
    #[test]
    fn the_sorted_listing_is_the_walk_sorted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("cascade.toml"), "me = \"me\"\n").unwrap();
        let notes = dir.path().join("notes");
        for rel in [
            "a.md",
            "2026-11-20.md",
            "a/2026-11-20.md",
            "a/2026-11-27.markdown",
            "a/2026/x.md",
            "a/2026/deeper/y.md",
            "a-b/2026-11-20.md",
            "a.b/2026-11-20.md",
            "b/2026-11-20.md",
            "b/notes.txt",
            ".hidden/2026-11-20.md",
            "b/.2026-11-20.md.swp",
        ] {
            let p = notes.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        std::fs::create_dir_all(notes.join("empty")).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(notes.join("b"), notes.join("c")).unwrap();
            std::os::unix::fs::symlink(notes.join("a.md"), notes.join("b/link.md")).unwrap();
        }
        let nb = Notebook::open(dir.path()).unwrap();
        let rels = |i: &Inventory| {
            let notes: Vec<String> = i.notes.iter().map(|n| n.rel.clone()).collect();
            let skipped: Vec<String> = i.skipped.iter().map(|s| s.rel.clone()).collect();
            (notes, skipped)
        };
        let mut walked = rels(&scan_dir(&nb, &notes, usize::MAX));
        walked.0.sort();
        let sorted = rels(&scan_sorted(&nb, &notes));
        assert_eq!(sorted, walked);
        assert_eq!(sorted.0.len(), 9, "{sorted:?}");
        assert!(sorted.0.windows(2).all(|w| w[0] < w[1]), "{sorted:?}");
        // No `notes/` yet: nothing, as the walk says.
        let none = scan_sorted(&nb, &dir.path().join("nowhere"));
        assert!(none.notes.is_empty() && none.skipped.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_never_read_and_a_big_file_not_past_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("2026-11-20.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if made {
            assert_eq!(read_capped(&fifo, 100), Err(SkipKind::NotAFile("a FIFO")));
        }
        let big = dir.path().join("big.md");
        std::fs::write(&big, vec![b'x'; 101]).unwrap();
        assert_eq!(read_capped(&big, 100), Err(SkipKind::TooLarge(101, 100)));
        assert_eq!(read_capped(&big, 101).unwrap().len(), 101);
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&big, &link).unwrap();
        assert_eq!(read_capped(&link, 1000), Err(SkipKind::Symlink));
    }
}
