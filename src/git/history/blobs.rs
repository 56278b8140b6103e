//! The action lines of note versions in git history, by blob id, and the notes that differ
//! between two versions of the `notes/` folder, by the pair of tree ids: kept between runs in
//! `<git dir>/cascade/blobs.index` beside the note index.
//!
//! Dating a copy parses the versions of its note that commits wrote: on a notebook with years
//! of history that was a third of a digest's time, and the same versions every run. Finding
//! which notes a commit changed reads its folders' trees from the pack, most of what was left
//! of the walk through a week's commits. A blob or a tree never changes, so an entry is never
//! stale; the file records the binary that wrote it (a
//! parser of another version may read a line differently) and a CRC-32, and anything that does
//! not check out is read as empty. It is written whole or not at all, readable by its owner
//! only: like the note index, it holds the titles of action lines (of private notes too, as the
//! action model reads them), never anything of a `## Private` section. `--no-cache` neither
//! reads nor writes it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

use git2::{Oid, Repository};

use crate::actions::link::Held;
use crate::error::Result;
use crate::note::Note;
use crate::notebook::Notebook;
use crate::notebook::index::Use;
use crate::notebook::index::sealed::{self, Build};

mod entries;
use entries::{
    decode, decode_blob_at, decode_changes, decode_head, encode, encode_blob_at, encode_changes,
    encode_head,
};

/// The file's name, in `<git dir>/cascade/`.
pub const FILE: &str = "blobs.index";

/// The first bytes of the file; the last byte is the format's version.
const MAGIC: &[u8; 20] = b"cascade blob index\n\x02";

/// At most this many commits' headers are stored by a run, the first it reads: every walk
/// starts at HEAD, so the newest commits are the ones the next run reads again, and a walk
/// through years of history does not push everything else out.
const COMMITS_KEPT: usize = 4096;

/// What the walk reads of a commit: its tree, its parents, its committer time (seconds) and
/// the committer's offset from UTC (minutes).
pub(super) type Head = (Oid, Vec<Oid>, i64, i32);

/// A note that differs between two versions of the `notes/` folder: its path relative to the
/// notebook root, and its blob in the older and the newer version (None: not there).
pub(super) type Changed = (String, Option<Oid>, Option<Oid>);

/// At most this many versions are kept: those read by the run that writes the file first.
const KEEP: usize = 16_384;

/// One row of the table: a blob id, and where its lines are in the payload.
const ROW: usize = 20 + 4 + 4;

/// What was read of history: from the file, or read from git and added to it.
pub(super) struct Blobs {
    file: Option<PathBuf>,
    build: Build,
    /// The file's bytes after the magic and checksum (empty when none was read).
    stored: Vec<u8>,
    /// Rows in `stored`, sorted by blob id.
    rows: usize,
    /// Where the payload starts in `stored`.
    payload: usize,
    /// Versions' action lines, by blob id.
    seen: Kind<Rc<Vec<Held>>>,
    /// The notes that differ between two `notes/` folders, by the id of the pair.
    changes: Kind<Rc<Vec<Changed>>>,
    /// Commits' headers, by commit id.
    heads: Kind<Head>,
    /// The blob at a path of a commit's tree, by the id of the pair.
    at: Kind<Option<Oid>>,
    /// For `-v`: why the file was not read or written.
    pub(super) notices: RefCell<Vec<String>>,
    /// How many versions the file keeps ([`KEEP`]).
    keep: usize,
}

impl Blobs {
    /// No file, nothing looked up yet.
    fn empty() -> Blobs {
        Blobs {
            file: None,
            build: (0, 0, 0),
            stored: Vec::new(),
            rows: 0,
            payload: 0,
            seen: Kind::new("note versions", usize::MAX),
            changes: Kind::new("commits' changes to notes", usize::MAX),
            heads: Kind::new("commits", COMMITS_KEPT),
            at: Kind::new("notes looked up in commits", usize::MAX),
            notices: RefCell::new(Vec::new()),
            keep: KEEP,
        }
    }

    /// The versions' lines of `nb`'s history; kept between runs when the note index is used.
    pub(super) fn open(nb: &Notebook) -> Blobs {
        let mut b = Blobs::empty();
        let Use::At(notes_index) = &nb.index else {
            return b;
        };
        let Some(build) = sealed::this_build() else {
            return b;
        };
        let file = notes_index.with_file_name(FILE);
        b.build = build;
        match std::fs::read(&file) {
            Ok(bytes) => match check(&bytes, build) {
                Some((rows, payload)) => {
                    b.rows = rows;
                    b.payload = payload;
                    b.stored = bytes;
                }
                None => b.notices.borrow_mut().push(format!(
                    "history index rebuilt: {} is damaged or of another build",
                    file.display()
                )),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => b
                .notices
                .borrow_mut()
                .push(format!("history index not read: {}: {e}", file.display())),
        }
        b.file = Some(file);
        b
    }

    /// The action lines of the note version `id`.
    pub(super) fn lines(&self, repo: &Repository, id: Oid) -> Result<Rc<Vec<Held>>> {
        self.seen.get(
            id,
            || self.stored(id).and_then(decode).map(Rc::new),
            || Ok(Rc::new(parse(repo.find_blob(id)?.content()))),
        )
    }

    /// The notes that differ between the `notes/` folders `old` and `new` (tree ids), as
    /// `read` finds them when the file does not have them.
    pub(super) fn changes(
        &self,
        old: Option<Oid>,
        new: Option<Oid>,
        read: impl FnOnce() -> Result<Vec<Changed>>,
    ) -> Result<Rc<Vec<Changed>>> {
        let id = pair_id(old, new)?;
        self.changes.get(
            id,
            || self.stored(id).and_then(decode_changes).map(Rc::new),
            || Ok(Rc::new(read()?)),
        )
    }

    /// The blob at `path` (from the work tree's root) in the tree `tree`, as `read` finds it
    /// when the file does not have it.
    pub(super) fn blob_at(
        &self,
        tree: Oid,
        path: &str,
        read: impl FnOnce() -> Result<Option<Oid>>,
    ) -> Result<Option<Oid>> {
        let id = text_id(&format!("cascade blob at\n{tree}\n{path}\n"))?;
        self.at
            .get(id, || self.stored(id).and_then(decode_blob_at), read)
    }

    /// The header of the commit `id`, as `read` finds it when the file does not have it.
    pub(super) fn head<E>(
        &self,
        id: Oid,
        read: impl FnOnce() -> std::result::Result<Head, E>,
    ) -> std::result::Result<Head, E> {
        self.heads
            .get(id, || self.stored(id).and_then(decode_head), read)
    }

    /// The payload of the entry `id` in the file.
    fn stored(&self, id: Oid) -> Option<&[u8]> {
        let table = self.table();
        let (mut lo, mut hi) = (0, table.len() / ROW);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let row = &table[mid * ROW..(mid + 1) * ROW];
            match row[..20].cmp(id.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(self.lines_of(row)?.1),
            }
        }
        None
    }

    /// The file's table: a row of [`ROW`] bytes per version, sorted by blob id.
    fn table(&self) -> &[u8] {
        self.stored
            .get(self.payload - self.rows * ROW..self.payload)
            .unwrap_or_default()
    }

    /// Where a row's lines are in the payload, and their bytes.
    fn lines_of(&self, row: &[u8]) -> Option<(usize, &[u8])> {
        let at = u32::from_le_bytes(row.get(20..24)?.try_into().ok()?) as usize;
        let len = u32::from_le_bytes(row.get(24..28)?.try_into().ok()?) as usize;
        let start = self.payload.checked_add(at)?;
        Some((at, self.stored.get(start..start.checked_add(len)?)?))
    }

    /// Store the entries this run read from git with those read from the file, when any came
    /// from git. A failure is a notice: the run goes on.
    pub(super) fn save(self) -> Vec<String> {
        let mut notices = self.notices.take();
        let Some(file) = self.file.as_ref() else {
            return notices;
        };
        // The versions' line is always there; the other kinds' when the run looked any up.
        notices.push(self.seen.notice());
        if !self.changes.is_empty() {
            notices.push(self.changes.notice());
        }
        if !self.at.is_empty() {
            notices.push(self.at.notice());
        }
        if !self.heads.is_empty() {
            notices.push(self.heads.notice());
        }
        let added = [
            self.seen.read_from_git(),
            self.changes.read_from_git(),
            self.heads.read_from_git(),
            self.at.read_from_git(),
        ];
        if added.iter().all(|n| *n == 0) {
            return notices;
        }
        // This run's entries first, then the file's others from the most recently used: the
        // payload is written in that order, so an entry's place in it is how recently a run
        // read it, and the oldest go first when more than KEEP are held.
        let mut rows: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        rows.extend(self.seen.take(|l| encode(l)));
        rows.extend(self.changes.take(|c| encode_changes(c)));
        rows.extend(self.heads.take(encode_head));
        rows.extend(self.at.take(|b| encode_blob_at(*b)));
        let this_run: std::collections::HashSet<Vec<u8>> =
            rows.iter().map(|(id, _)| id.clone()).collect();
        // The same entries give the same file, whatever order the run read them in.
        rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut others: Vec<(usize, &[u8], &[u8])> = self
            .table()
            .chunks_exact(ROW)
            .filter(|row| !this_run.contains(&row[..20]))
            .filter_map(|row| {
                let (at, bytes) = self.lines_of(row)?;
                Some((at, &row[..20], bytes))
            })
            .collect();
        others.sort_unstable_by_key(|o| o.0);
        let room = self.keep.saturating_sub(rows.len());
        rows.extend(
            others
                .into_iter()
                .take(room)
                .map(|(_, id, bytes)| (id.to_vec(), bytes.to_vec())),
        );
        rows.truncate(self.keep);
        if let Err(why) = sealed::write(file, &file_bytes(self.build, &rows)) {
            notices.push(format!(
                "history index not written: {}: {why}; history is read from git again next time",
                file.display()
            ));
        }
        notices
    }
}

/// One kind of entry: what this run looked up of it, by id, and how many of those came from
/// git rather than the file.
struct Kind<V> {
    read: RefCell<HashMap<Oid, V>>,
    from_git: RefCell<usize>,
    /// The most a run keeps for the file: the first it looks up.
    most: usize,
    /// What `-v` calls them.
    name: &'static str,
}

impl<V: Clone> Kind<V> {
    fn new(name: &'static str, most: usize) -> Kind<V> {
        Kind {
            read: RefCell::new(HashMap::new()),
            from_git: RefCell::new(0),
            most,
            name,
        }
    }

    /// The entry `id`: looked up before by this run, else `stored` in the file, else what
    /// `read` finds in git.
    fn get<E>(
        &self,
        id: Oid,
        stored: impl FnOnce() -> Option<V>,
        read: impl FnOnce() -> std::result::Result<V, E>,
    ) -> std::result::Result<V, E> {
        if let Some(v) = self.read.borrow().get(&id) {
            return Ok(v.clone());
        }
        let (v, git) = match stored() {
            Some(v) => (v, false),
            None => (read()?, true),
        };
        let mut seen = self.read.borrow_mut();
        if seen.len() < self.most {
            seen.insert(id, v.clone());
            *self.from_git.borrow_mut() += usize::from(git);
        }
        Ok(v)
    }

    fn read_from_git(&self) -> usize {
        *self.from_git.borrow()
    }

    fn is_empty(&self) -> bool {
        self.read.borrow().is_empty()
    }

    /// What `-v` says of them: how many came from the file, how many from git.
    fn notice(&self) -> String {
        let total = self.read.borrow().len();
        let git = self.read_from_git();
        format!(
            "history index: {} of {total} {} read from it, {git} from git",
            total - git,
            self.name
        )
    }

    /// This run's entries as rows of the file: (id, payload).
    fn take(&self, encode: impl Fn(&V) -> Vec<u8>) -> Vec<(Vec<u8>, Vec<u8>)> {
        self.read
            .take()
            .iter()
            .map(|(id, v)| (id.as_bytes().to_vec(), encode(v)))
            .collect()
    }
}

/// The action lines of one version of a note (private or not: only their states are read).
pub(super) fn parse(bytes: &[u8]) -> Vec<Held> {
    match crate::text::decode(bytes) {
        Ok(t) => Note::parse(t).actions.iter().map(Held::from).collect(),
        Err(_) => Vec::new(),
    }
}

/// The file's bytes for `rows` (blob id, encoded lines): the payload in the order given, the
/// table sorted by blob id.
fn file_bytes(build: Build, rows: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let mut table: Vec<(&[u8], u32, u32)> = Vec::with_capacity(rows.len());
    let mut at = 0u32;
    for (id, lines) in rows {
        table.push((id, at, lines.len() as u32));
        at += lines.len() as u32;
    }
    table.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut body = Vec::new();
    body.extend_from_slice(&build.0.to_le_bytes());
    body.extend_from_slice(&build.1.to_le_bytes());
    body.extend_from_slice(&build.2.to_le_bytes());
    body.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    for (id, at, len) in &table {
        body.extend_from_slice(id);
        body.extend_from_slice(&at.to_le_bytes());
        body.extend_from_slice(&len.to_le_bytes());
    }
    for (_, lines) in rows {
        body.extend_from_slice(lines);
    }
    sealed::seal(MAGIC, &body)
}

/// Where the table ends (the payload starts) and how many rows it has, when `bytes` is a
/// whole file of this format written by `build`.
fn check(bytes: &[u8], build: Build) -> Option<(usize, usize)> {
    let body = sealed::unseal(MAGIC, bytes)?;
    let n8 = |at: usize| -> Option<[u8; 8]> { body.get(at..at + 8)?.try_into().ok() };
    let stored = (
        u64::from_le_bytes(n8(0)?),
        i64::from_le_bytes(n8(8)?),
        i64::from_le_bytes(n8(16)?),
    );
    if stored != build {
        return None;
    }
    let rows = u32::from_le_bytes(body.get(24..28)?.try_into().ok()?) as usize;
    let payload = (bytes.len() - body.len() + 28).checked_add(rows.checked_mul(ROW)?)?;
    (payload <= bytes.len()).then_some((rows, payload))
}

/// The id of the changes between the folders `old` and `new`: git's hash of a text naming
/// both. Were a note to hold exactly that text, the two entries' kinds differ, and an entry of
/// the other kind is read as missing.
fn pair_id(old: Option<Oid>, new: Option<Oid>) -> Result<Oid> {
    let name = |t: Option<Oid>| t.map_or_else(|| "none".to_owned(), |t| t.to_string());
    let text = format!(
        "cascade notes folder changes\n{}\n{}\n",
        name(old),
        name(new)
    );
    text_id(&text)
}

/// The id of an entry named by `text` (a pair of folders, a path in a tree): git's hash of
/// it as a blob, so every entry of the file is found by a 20-byte id, as a version is.
fn text_id(text: &str) -> Result<Oid> {
    Ok(Oid::hash_object(git2::ObjectType::Blob, text.as_bytes())?)
}

#[cfg(test)]
mod tests;
