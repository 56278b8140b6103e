//! git's index file, read for what `git status` reads of it: each staged path's blob id and the
//! file's size, times and inode when it was staged.
//!
//! libgit2 reads the whole index, validates every path and checks the SHA-1 of the file before
//! it answers: on a notebook of 10,000 notes that was an eighth of a digest's time. Here the
//! entries are read as they are, and only to tell that a file is unchanged since it was staged;
//! anything not understood (an unknown version, a split index, a truncated file) reads as no
//! index, and the caller then hashes the file's content instead. Held to libgit2's reading by
//! the tests below.

use git2::Oid;

/// One entry at stage 0 of git's index: the stat data recorded when the file was staged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry {
    pub(super) ctime: (u32, u32),
    pub(super) mtime: (u32, u32),
    pub(super) ino: u32,
    pub(super) size: u32,
    pub(super) id: Oid,
}

/// The entries at stage 0, sorted by path (bytes, as git sorts them).
pub(super) struct StatIndex {
    entries: Vec<(Box<[u8]>, Entry)>,
    /// The tree the whole index makes, when git's cache of it (the `TREE` extension) says it
    /// is still valid: every staged file is then the one in that tree.
    root_tree: Option<Oid>,
}

/// Bytes of an entry before its flags: ten 32-bit stat fields and a SHA-1.
const FIXED: usize = 40 + 20;

impl StatIndex {
    /// The index in `data` (the bytes of a `.git/index` file); None when it is not one this
    /// reader understands.
    pub(super) fn parse(data: &[u8]) -> Option<StatIndex> {
        let be32 = |at: usize| -> Option<u32> {
            Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
        };
        if data.get(..4)? != b"DIRC" {
            return None;
        }
        let version = be32(4)?;
        if !(2..=4).contains(&version) {
            return None;
        }
        let count = be32(8)? as usize;
        let mut entries = Vec::with_capacity(count.min(data.len() / FIXED));
        let mut at = 12;
        let mut prev: Vec<u8> = Vec::new();
        for _ in 0..count {
            let start = at;
            let stat = |i: usize| be32(start + 4 * i);
            let id = Oid::from_bytes(data.get(start + 40..start + FIXED)?).ok()?;
            let flags = u16::from_be_bytes(
                data.get(start + FIXED..start + FIXED + 2)?
                    .try_into()
                    .ok()?,
            );
            at = start + FIXED + 2;
            // An entry only intended to be added (`git add -N`) is in no commit: left out, as
            // git's cached tree leaves it out.
            let mut intent_to_add = false;
            if flags & 0x4000 != 0 {
                if version < 3 {
                    return None;
                }
                let extended = u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?);
                intent_to_add = extended & 0x2000 != 0;
                at += 2;
            }
            let path: Vec<u8> = if version == 4 {
                let (strip, used) = varint(data.get(at..)?)?;
                at += used;
                let keep = prev.len().checked_sub(strip)?;
                let nul = data.get(at..)?.iter().position(|&b| b == 0)?;
                let mut p = prev[..keep].to_vec();
                p.extend_from_slice(&data[at..at + nul]);
                at += nul + 1;
                p
            } else {
                let nul = data.get(at..)?.iter().position(|&b| b == 0)?;
                let p = data[at..at + nul].to_vec();
                // NUL-terminated, then padded with NULs to a multiple of eight bytes.
                at = start + (at + nul - start + 8) / 8 * 8;
                p
            };
            if at > data.len() {
                return None;
            }
            let stage = (flags >> 12) & 0x3;
            if stage == 0 && !intent_to_add {
                entries.push((
                    path.clone().into_boxed_slice(),
                    Entry {
                        ctime: (stat(0)?, stat(1)?),
                        mtime: (stat(2)?, stat(3)?),
                        ino: stat(5)?,
                        size: stat(9)?,
                        id,
                    },
                ));
            }
            prev = path;
        }
        // A split index keeps most entries in another file: not read here.
        let body_end = data.len().checked_sub(20)?;
        let mut root_tree = None;
        while at + 8 <= body_end {
            let sig = &data[at..at + 4];
            let len = be32(at + 4)? as usize;
            if sig == b"link" || sig == b"sdir" {
                return None;
            }
            if sig == b"TREE" {
                root_tree = cached_root(data.get(at + 8..(at + 8).checked_add(len)?)?);
            }
            at = at.checked_add(8 + len)?;
        }
        if !entries.is_sorted_by(|a, b| a.0 <= b.0) {
            return None;
        }
        Some(StatIndex { entries, root_tree })
    }

    /// The tree of the whole index, when git's cache of it is valid.
    pub(super) fn root_tree(&self) -> Option<Oid> {
        self.root_tree
    }

    /// The entry of `path` (relative to the work tree, `/`-separated) at stage 0.
    pub(super) fn get(&self, path: &str) -> Option<&Entry> {
        let i = self
            .entries
            .binary_search_by(|(p, _)| (**p).cmp(path.as_bytes()))
            .ok()?;
        Some(&self.entries[i].1)
    }
}

/// The root's tree id in a `TREE` extension, when valid. Its first node is the root: an empty
/// path, NUL, the number of entries it covers (`-1` when invalidated), a space, the number of
/// subtrees, a newline, then the tree id when valid.
fn cached_root(ext: &[u8]) -> Option<Oid> {
    let rest = ext.strip_prefix(b"\0")?;
    let nl = rest.iter().position(|&b| b == b'\n')?;
    let (count, _) = std::str::from_utf8(&rest[..nl]).ok()?.split_once(' ')?;
    if count.parse::<i64>().ok()? < 0 {
        return None;
    }
    Oid::from_bytes(rest.get(nl + 1..nl + 21)?).ok()
}

/// git's variable-length number of index version 4 (as in its pack offsets): the value and
/// the bytes it took.
fn varint(b: &[u8]) -> Option<(usize, usize)> {
    let mut i = 0;
    let mut c = *b.first()?;
    let mut val = usize::from(c & 0x7f);
    while c & 0x80 != 0 {
        i += 1;
        c = *b.get(i)?;
        val = val
            .checked_add(1)?
            .checked_mul(128)?
            .checked_add(usize::from(c & 0x7f))?;
    }
    Some((val, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &std::path::Path, args: &[&str]) {
        super::super::test_git(dir, args, None);
    }

    /// Every entry libgit2 reads, read the same here.
    fn agrees_with_libgit2(dir: &std::path::Path) {
        let data = std::fs::read(dir.join(".git/index")).unwrap();
        let ours = StatIndex::parse(&data).expect("index read");
        let theirs = git2::Index::open(&dir.join(".git/index")).unwrap();
        let mut n = 0;
        for e in theirs.iter().filter(|e| (e.flags >> 12) & 3 == 0) {
            let path = String::from_utf8(e.path.clone()).unwrap();
            if e.flags_extended & 0x2000 != 0 {
                assert!(
                    ours.get(&path).is_none(),
                    "{path}: only intended to be added"
                );
                continue;
            }
            let got = ours.get(&path).unwrap_or_else(|| panic!("{path} missing"));
            assert_eq!(
                *got,
                Entry {
                    ctime: (e.ctime.seconds() as u32, e.ctime.nanoseconds()),
                    mtime: (e.mtime.seconds() as u32, e.mtime.nanoseconds()),
                    ino: e.ino,
                    size: e.file_size,
                    id: e.id,
                },
                "{path}"
            );
            n += 1;
        }
        assert_eq!(n, ours.entries.len());
        assert!(n > 100);
    }

    #[test]
    fn every_index_version_reads_as_libgit2_reads_it() {
        let tmp = std::env::temp_dir().join(format!("cascade-stat-index-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(tmp.join("notes/al")).unwrap();
        git(&tmp, &["init", "-q"]);
        for i in 0..150 {
            let dir = if i % 3 == 0 { "notes/al" } else { "notes" };
            std::fs::write(
                tmp.join(format!("{dir}/2026-01-{i:03}-a-longer-name.md")),
                format!("n {i}\n"),
            )
            .unwrap();
        }
        std::fs::write(tmp.join("z.md"), "z\n").unwrap();
        git(&tmp, &["add", "-A"]);
        for v in ["2", "3", "4"] {
            git(&tmp, &["update-index", "--index-version", v]);
            agrees_with_libgit2(&tmp);
        }
        // Committed: the index's cached tree is HEAD's; a file staged since invalidates it.
        git(&tmp, &["update-index", "--index-version", "2"]);
        git(&tmp, &["commit", "-qm", "one"]);
        let head = git2::Repository::open(&tmp)
            .unwrap()
            .head()
            .unwrap()
            .peel_to_tree()
            .unwrap()
            .id();
        let read = || StatIndex::parse(&std::fs::read(tmp.join(".git/index")).unwrap()).unwrap();
        assert_eq!(read().root_tree(), Some(head));
        std::fs::write(tmp.join("z.md"), "changed\n").unwrap();
        git(&tmp, &["add", "z.md"]);
        assert_eq!(read().root_tree(), None);
        // Version 3 with an extended flag (an intent-to-add entry).
        git(&tmp, &["update-index", "--index-version", "3"]);
        std::fs::write(tmp.join("new.md"), "new\n").unwrap();
        git(&tmp, &["add", "-N", "new.md"]);
        agrees_with_libgit2(&tmp);
        let staged = git2::Index::open(&tmp.join(".git/index")).unwrap();
        assert!(staged.get_path(std::path::Path::new("new.md"), 0).is_some());
        let data = std::fs::read(tmp.join(".git/index")).unwrap();
        assert!(StatIndex::parse(&data).unwrap().get("new.md").is_none());
        // A split index keeps entries elsewhere: not read.
        git(&tmp, &["update-index", "--split-index"]);
        let data = std::fs::read(tmp.join(".git/index")).unwrap();
        assert!(StatIndex::parse(&data).is_none());
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn a_damaged_index_reads_as_none_or_as_entries_never_a_panic() {
        let tmp = std::env::temp_dir().join(format!("cascade-stat-index-d-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).unwrap();
        git(&tmp, &["init", "-q"]);
        for i in 0..5 {
            std::fs::write(tmp.join(format!("{i}.md")), "x\n").unwrap();
        }
        git(&tmp, &["add", "-A"]);
        git(&tmp, &["update-index", "--index-version", "4"]);
        let data = std::fs::read(tmp.join(".git/index")).unwrap();
        for cut in 0..data.len() {
            let _ = StatIndex::parse(&data[..cut]);
        }
        for i in 0..data.len() {
            let mut d = data.clone();
            d[i] ^= 0xff;
            let _ = StatIndex::parse(&d);
        }
        assert!(StatIndex::parse(b"").is_none());
        assert!(StatIndex::parse(&data[..11]).is_none());
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn version_four_numbers_read_as_git_writes_them() {
        assert_eq!(varint(&[0x05]), Some((5, 1)));
        // 128 is written 0x80 0x00 in this encoding (each continuation adds one).
        assert_eq!(varint(&[0x80, 0x00]), Some((128, 2)));
        assert_eq!(varint(&[0x80]), None);
    }
}
