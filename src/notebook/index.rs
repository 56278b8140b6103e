//! The note index: what each note said when it was last read (its [`NoteFile`]), kept between
//! runs in the repository's git directory (`<git dir>/cascade/notes.index`), so that `status`,
//! `actions` and the digest parse only the notes that changed since the last run.
//!
//! When an entry is still the note (the questions ruff's and mypy's caches and git's own index
//! answer, and what went wrong for them):
//!
//! * an entry is served only while its file has the size, mtime, ctime, inode and device it had
//!   when it was read. An editor or a script can put back a file's size and mtime (`touch -r`,
//!   `utime`), but not its ctime, which any write or `utime` sets to the present; a file
//!   replaced by another (write, then rename) has a new inode;
//! * a note whose mtime or ctime is less than [`RACY_SECS`] before the run started, or after it
//!   (a clock ahead, a network file system), is read and not stored: an edit in the same tick of
//!   the file system's clock as the read would leave every time unchanged (git's "racy clean"
//!   entries). It is stored by a later run, once its times are safely past;
//! * the index records the cascade binary it was written by (its size and mtime): another
//!   version, or another build, never reads it, so a change of the parser cannot serve an old
//!   reading. The entries hold what the notes say, before the config is applied (aliases are
//!   resolved after), so a change of `cascade.toml` needs no rebuild. Lint results are never
//!   stored: lint reads every note it checks;
//! * the file is a magic line, a directory with its CRC-32, then the entries in shards, each
//!   with its own CRC-32 in the directory ([`codec`]). A command reads the directory, then only
//!   the shards holding the notes it looks up (the digest of a week, `log` of one report), and
//!   decodes them in parallel.
//!   Anything that does not check out (random bytes, a truncated file, another format) is as
//!   if there was no index: every note is read, and the index is written anew. Written again
//!   after an edit, a shard none of whose notes changed is copied as it is (checked again);
//!   only the shards holding a changed, new or gone note are encoded;
//! * it is written to a temporary file beside it and renamed into place, so concurrent runs
//!   and a run killed mid-write leave a whole index (one run's or the other's); it is 0600,
//!   like the notes it summarizes should be. Writing it never fails a command: a read-only or
//!   full disk only means the next run reads the notes again (`-v` says why).
//!
//! A `private: true` note's entry holds what [`NoteFile`] keeps of it: its date, length and
//! action lines (for the action model); never a `## Private` section, which no summary reads.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

pub(crate) mod codec;
mod file;
pub(crate) mod sealed;

use crate::notebook::Notebook;
use crate::notebook::load::NoteFile;
use file::{Lazy, Piece, Source, entries_of, parse, write};
use sealed::Build;

/// The index file's name, in `<git dir>/cascade/`.
pub const FILE: &str = "notes.index";

/// A note whose mtime or ctime is this close to the run's start is not stored.
pub const RACY_SECS: i64 = 2;

/// Whether loading notes uses the note index, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Use {
    /// Neither read nor write it (`--no-cache`, and commands that read every note anyway).
    #[default]
    Off,
    /// It would be used, but cannot be: why (no repository, a bare one).
    Unavailable(String),
    /// Read and kept up to date in this file (`<git dir>/cascade/notes.index`).
    At(PathBuf),
}

impl Use {
    /// The index of a notebook whose repository's git directory is `git_dir`, the notebook's
    /// folder being `prefix` in the work tree (`/`-separated, empty at its root): a notebook
    /// below the root keeps its files in a folder of its own, so two notebooks of one
    /// repository never rewrite each other's.
    pub fn in_git_dir(git_dir: &Path, prefix: &str) -> Use {
        let mut dir = git_dir.join("cascade");
        if !prefix.is_empty() {
            // One path component, told apart from any other prefix.
            let name = prefix
                .replace('%', "%25")
                .replace('/', "%2F")
                .replace('\\', "%5C");
            dir = dir.join("notebooks").join(name);
        }
        Use::At(dir.join(FILE))
    }
}

/// What identifies the file an entry was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
    ino: u64,
    dev: u64,
}

impl Key {
    /// The key of the regular file at `path` (not followed if a link), or None when it is
    /// not one, or cannot be looked at: then the note is read as if there was no index.
    pub fn of(path: &Path) -> Option<Key> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        key_of(&meta)
    }

    /// The size of the file.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Whether a reading of the file may be stored: its times are safely before `start`
    /// (seconds since the epoch).
    fn settled(&self, start: i64) -> bool {
        self.mtime.0 < start - RACY_SECS && self.ctime.0 < start - RACY_SECS
    }
}

#[cfg(unix)]
fn key_of(meta: &std::fs::Metadata) -> Option<Key> {
    use std::os::unix::fs::MetadataExt;
    Some(Key {
        size: meta.size(),
        mtime: (meta.mtime(), meta.mtime_nsec()),
        ctime: (meta.ctime(), meta.ctime_nsec()),
        ino: meta.ino(),
        dev: meta.dev(),
    })
}

/// Without a ctime and an inode, a file edited with its size and mtime put back could not
/// be told from the one that was read: no index.
#[cfg(not(unix))]
fn key_of(_meta: &std::fs::Metadata) -> Option<Key> {
    None
}

/// One note as it was read.
#[derive(Debug)]
struct Entry {
    rel: String,
    key: Key,
    note: NoteFile,
}

/// One note to write: its path, the key of the file read, and what was read.
type Row<'a> = (&'a str, Key, &'a NoteFile);

/// The index file's content after its magic and checksum, as read back by tests.
#[cfg(test)]
#[derive(Debug)]
struct Stored {
    build: Build,
    entries: Vec<Entry>,
}

#[cfg(test)]
impl Stored {
    /// Its entries as rows to write.
    fn rows(&self) -> Vec<Row<'_>> {
        self.entries
            .iter()
            .map(|e| (e.rel.as_str(), e.key, &e.note))
            .collect()
    }
}

/// The index of one run: the entries read at its start, taken one by one as notes are looked
/// up, and what to store at its end.
#[derive(Debug)]
pub struct Index {
    /// Where the index lives, when it is used.
    file: Option<PathBuf>,
    build: Build,
    /// Where the shards are read from (None: nothing to read), and the shards.
    source: Option<Source>,
    shards: Vec<Lazy>,
    /// The entries of the decoded shards, not taken yet, each with its shard.
    entries: FxHashMap<String, (Key, NoteFile, usize)>,
    /// The run's start, in seconds since the epoch.
    start: i64,
    /// Something to store differs from what the file holds.
    changed: bool,
    /// What `-v` says of the index: why it was not used, rebuilt or not written.
    pub notices: Vec<String>,
}

impl Index {
    /// An index holding nothing, for a run that started at `start`.
    fn empty(start: i64) -> Index {
        Index {
            file: None,
            build: (0, 0, 0),
            source: None,
            shards: Vec::new(),
            entries: FxHashMap::default(),
            start,
            changed: false,
            notices: Vec::new(),
        }
    }

    /// The index of `nb`: empty (every note read) when it is off, missing, unreadable or not
    /// this build's; the reason is in `notices` but for a first run.
    pub fn open(nb: &Notebook) -> Index {
        let start = jiff::Timestamp::now().as_second() + clock_ahead();
        let mut ix = Index::empty(start);
        let file = match &nb.index {
            Use::Off => return ix,
            Use::Unavailable(why) => {
                ix.notices.push(format!("note index not used: {why}"));
                return ix;
            }
            Use::At(file) => file.clone(),
        };
        let Some(build) = sealed::this_build() else {
            ix.notices
                .push("note index not used: the cascade binary cannot be looked at".into());
            return ix;
        };
        ix.build = build;
        match std::fs::File::open(&file).and_then(|f| Source::map(&f)) {
            Ok(src) => match parse(src) {
                Some(p) if p.build == build => {
                    ix.source = Some(p.source);
                    ix.shards = p.shards;
                }
                Some(_) => {
                    ix.changed = true;
                    ix.notices.push(
                        "note index rebuilt: it was written by another build of cascade".into(),
                    );
                }
                None => {
                    ix.changed = true;
                    ix.notices.push(format!(
                        "note index rebuilt: {} is damaged or of another version",
                        file.display()
                    ));
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => ix.changed = true,
            Err(e) => {
                ix.changed = true;
                ix.notices
                    .push(format!("note index not read: {}: {e}", file.display()));
            }
        }
        ix.file = Some(file);
        ix
    }

    /// Whether the index is in use (on, in a repository, this build's).
    pub fn used(&self) -> bool {
        self.file.is_some()
    }

    /// Decode the shards holding any of `rels` (in parallel), so that [`Index::take`] finds
    /// them. A shard that does not decode, though the file's checksum held, empties the index.
    pub fn want<'r>(&mut self, rels: impl Iterator<Item = &'r str>) {
        let mut wanted = vec![false; self.shards.len()];
        for rel in rels {
            if let Some(i) = self.shard_of(rel) {
                wanted[i] = true;
            }
        }
        self.decode_shards(&wanted);
    }

    /// The shard whose paths `rel` falls among, if any.
    fn shard_of(&self, rel: &str) -> Option<usize> {
        // Shards hold sorted, disjoint ranges of paths.
        let i = self.shards.partition_point(|s| s.last.as_str() < rel);
        let s = self.shards.get(i)?;
        (s.first.as_str() <= rel).then_some(i)
    }

    /// Decode every shard (in parallel): for a command looking up every note.
    pub fn want_all(&mut self) {
        let all = vec![true; self.shards.len()];
        self.decode_shards(&all);
    }

    /// Every note it holds, in path order, with its front matter only (no indicators,
    /// conclusions or actions): for a command that needs nothing else of any note. None when
    /// it holds nothing or a part of it is damaged. The index is not stored after this.
    pub fn heads(self) -> Option<Vec<(String, Key, NoteFile)>> {
        let all: Vec<&Lazy> = self.shards.iter().collect();
        let decoded = entries_of(self.source.as_ref()?, &all, true)?;
        Some(
            decoded
                .into_iter()
                .flatten()
                .map(|e| (e.rel, e.key, e.note))
                .collect(),
        )
    }

    /// Whether a reading of a file with this key can be vouched for: its times are safely
    /// before this run's start (what is stored, and what a kept answer may rest on).
    pub fn settled(&self, key: Key) -> bool {
        key.settled(self.start)
    }

    /// Decode the shards marked in `wanted`, unless decoded already, into `entries`.
    fn decode_shards(&mut self, wanted: &[bool]) {
        let at: Vec<usize> = (0..self.shards.len())
            .filter(|&i| wanted[i] && !self.shards[i].decoded)
            .collect();
        if at.is_empty() {
            return;
        }
        let todo: Vec<&Lazy> = at.iter().map(|&i| &self.shards[i]).collect();
        let decoded = self
            .source
            .as_ref()
            .and_then(|src| entries_of(src, &todo, false));
        let Some(decoded) = decoded else {
            self.shards.clear();
            self.entries.clear();
            self.changed = true;
            self.notices
                .push("note index rebuilt: a part of it is damaged".into());
            return;
        };
        for (s, w) in self.shards.iter_mut().zip(wanted) {
            s.decoded |= *w;
        }
        self.entries
            .reserve(decoded.iter().map(Vec::len).sum::<usize>());
        for (entries, i) in decoded.into_iter().zip(at) {
            self.entries
                .extend(entries.into_iter().map(|e| (e.rel, (e.key, e.note, i))));
        }
    }

    /// The stored reading of the note at `rel`, if its file is still the one read (`key`).
    /// Its entry is taken out either way: a stale one is never stored again.
    pub fn take(&mut self, rel: &str, key: Key) -> Option<NoteFile> {
        let (k, note, i) = self.entries.remove(rel)?;
        if k == key {
            Some(note)
        } else {
            self.changed = true;
            self.shards[i].dirty = true;
            None
        }
    }

    /// Store the index: `read` are the notes this run looked up, each with the key it was
    /// read under and whether it came from the index. The entries not taken are dropped when
    /// `all` notes of the notebook were looked up (their files are gone), kept otherwise.
    /// Nothing is written when nothing changed. The run goes on whatever happens; a failure
    /// is a notice.
    pub fn save(mut self, read: &[(&str, Key, &NoteFile, bool)], all: bool) -> Vec<String> {
        let Some(file) = self.file.take() else {
            return self.notices;
        };
        // A note read from a file too fresh to trust is not stored (see the module doc).
        let start = self.start;
        let kept = |k: &Key| k.settled(start);
        self.changed |= read.iter().any(|(_, k, _, known)| !known && kept(k));
        // Looking up every note decodes every shard holding one: what is left is gone.
        self.changed |= all && (!self.entries.is_empty() || self.shards.iter().any(|s| !s.decoded));
        if !self.changed {
            return self.notices;
        }
        // A shard of the file is stale when a note it held changed (see `take`), a new note
        // falls among its paths, or, every note looked up, a note of it is gone; the others
        // are copied as they are, so an edit rewrites one shard, not ten thousand notes.
        for (rel, k, _, known) in read {
            if !known && kept(k) {
                // A new note between two shards (a report's newest, after its folder's last)
                // joins the one before it: it would otherwise be a shard of its own, and an
                // index written after every meeting would split into ever more of them.
                let i = self.shard_of(rel).unwrap_or_else(|| {
                    self.shards
                        .partition_point(|s| s.last.as_str() < *rel)
                        .saturating_sub(1)
                });
                if let Some(s) = self.shards.get_mut(i) {
                    s.dirty = true;
                }
            }
        }
        if all {
            for (_, _, i) in self.entries.values() {
                self.shards[*i].dirty = true;
            }
            for s in &mut self.shards {
                s.dirty |= !s.decoded;
            }
        } else {
            // The notes not looked up of a stale shard are written again.
            let stale: Vec<bool> = self.shards.iter().map(|s| s.dirty).collect();
            self.decode_shards(&stale);
        }
        let written = {
            let copied = self.copied();
            let mut is_copied = vec![false; self.shards.len()];
            for (i, _) in &copied {
                is_copied[*i] = true;
            }
            let copies = |rel: &str| self.shard_of(rel).is_some_and(|i| is_copied[i]);
            let mut rows: Vec<Row> = read
                .iter()
                .filter(|(rel, k, _, _)| kept(k) && !copies(rel))
                .map(|(rel, key, note, _)| (*rel, *key, *note))
                .collect();
            if !all {
                rows.extend(
                    self.entries
                        .iter()
                        .filter(|(_, (_, _, i))| self.shards[*i].dirty)
                        .map(|(rel, (key, note, _))| (rel.as_str(), *key, note)),
                );
            }
            rows.sort_unstable_by(|a, b| a.0.cmp(b.0));
            // In path order: the rows before each copied shard, the shard, the rows after.
            let mut pieces = Vec::with_capacity(2 * copied.len() + 1);
            let mut at = 0;
            for &(i, bytes) in &copied {
                let s = &self.shards[i];
                let n = rows[at..].partition_point(|r| r.0 < s.first.as_str());
                if n > 0 {
                    pieces.push(Piece::Rows(&rows[at..at + n]));
                    at += n;
                }
                pieces.push(Piece::Kept {
                    first: &s.first,
                    last: &s.last,
                    bytes,
                    bin_len: s.bin_len,
                    crc: s.crc,
                });
            }
            if at < rows.len() {
                pieces.push(Piece::Rows(&rows[at..]));
            }
            write(&file, self.build, &pieces)
        };
        if let Err(why) = written {
            self.notices.push(format!(
                "note index not written: {}: {why}; notes are read again next time",
                file.display()
            ));
        }
        self.notices
    }

    /// The shards not stale, each with its index and its bytes in the file: a shard whose
    /// CRC-32 no longer holds is left out (its notes are read next time).
    fn copied(&self) -> Vec<(usize, &[u8])> {
        let Some(src) = self.source.as_ref() else {
            return Vec::new();
        };
        (0..self.shards.len())
            .filter(|&i| !self.shards[i].dirty)
            .filter_map(|i| {
                let s = &self.shards[i];
                let b = src.read(s.bytes.clone())?;
                (crc32fast::hash(b) == s.crc).then_some((i, b))
            })
            .collect()
    }

    /// Whether anything was stored in the index, for tests.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.len()
    }
}

/// Seconds a debug build pretends the clock is ahead (`CASCADE_DEBUG_INDEX_CLOCK_AHEAD`), so
/// that tests can store notes they just wrote without waiting out [`RACY_SECS`].
fn clock_ahead() -> i64 {
    #[cfg(debug_assertions)]
    if let Some(s) = std::env::var("CASCADE_DEBUG_INDEX_CLOCK_AHEAD")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
    {
        return s;
    }
    0
}

#[cfg(test)]
mod tests;
