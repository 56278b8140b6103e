//! Raw trees: folders read as git stores them, and the note files that differ between two.

use std::collections::HashMap;

use git2::{ObjectType, Oid, Repository};

use super::Change;
use crate::error::Result;
use crate::notebook::NOTES_DIR;

/// A tree as git stores it: entries `<mode> <name>\0<20-byte id>` in git's order. Read raw
/// and walked in place: libgit2 parses every entry of a tree it looks up, which was most of the
/// history scan for a report's folder of hundreds of notes.
struct RawTree {
    id: Oid,
    data: Vec<u8>,
    /// Where each entry starts, found the first time a name is looked up in a large tree: a
    /// report's folder is looked into once per note of the week.
    starts: std::cell::OnceCell<Vec<u32>>,
}

/// One entry of a [`RawTree`].
struct RawEntry<'a> {
    name: &'a [u8],
    id: Oid,
    is_tree: bool,
}

/// From this many bytes, a tree is searched by bisection rather than read in order.
const BISECT_FROM: usize = 1024;

impl RawTree {
    fn new(id: Oid, data: Vec<u8>) -> RawTree {
        RawTree {
            id,
            data,
            starts: std::cell::OnceCell::new(),
        }
    }

    fn entries(&self) -> impl Iterator<Item = RawEntry<'_>> {
        self.entries_from(0)
    }

    /// The entries from the one starting at byte `at`.
    fn entries_from(&self, at: usize) -> impl Iterator<Item = RawEntry<'_>> {
        let mut rest = self.data.get(at..).unwrap_or_default();
        std::iter::from_fn(move || {
            let (e, len) = entry_at(rest)?;
            rest = &rest[len..];
            Some(e)
        })
    }

    /// The entry named `name`, file or folder.
    fn get(&self, name: &str) -> Option<RawEntry<'_>> {
        let name = name.as_bytes();
        if self.data.len() < BISECT_FROM || name.contains(&b'/') {
            return self.entries().find(|e| e.name == name);
        }
        let starts = self.starts.get_or_init(|| {
            let mut v = Vec::new();
            let mut at = 0;
            while let Some((_, len)) = self.data.get(at..).and_then(entry_at) {
                v.push(at as u32);
                at += len;
            }
            v
        });
        // Git sorts a folder as if its name ended in `/`: look for a file, then a folder.
        let mut folder = name.to_vec();
        folder.push(b'/');
        [name, &folder[..]].into_iter().find_map(|key| {
            let i = starts
                .binary_search_by(|&s| {
                    let (n, is_tree) = name_at(&self.data[s as usize..]);
                    n.iter().chain(is_tree.then_some(&b'/')).cmp(key.iter())
                })
                .ok()?;
            entry_at(&self.data[starts[i] as usize..]).map(|(e, _)| e)
        })
    }
}

/// The name of the entry at the start of `raw`, and whether it is a folder.
fn name_at(raw: &[u8]) -> (&[u8], bool) {
    let sp = raw.iter().position(|&b| b == b' ').unwrap_or(raw.len());
    let nul = raw[sp..]
        .iter()
        .position(|&b| b == 0)
        .map_or(raw.len(), |p| sp + p);
    (
        raw.get(sp + 1..nul).unwrap_or_default(),
        &raw[..sp] == b"40000",
    )
}

/// The entry at the start of `raw`, and its length in bytes.
fn entry_at(raw: &[u8]) -> Option<(RawEntry<'_>, usize)> {
    let sp = raw.iter().position(|&b| b == b' ')?;
    let nul = sp + raw[sp..].iter().position(|&b| b == 0)?;
    let id = Oid::from_bytes(raw.get(nul + 1..nul + 21)?).ok()?;
    let e = RawEntry {
        is_tree: &raw[..sp] == b"40000",
        name: &raw[sp + 1..nul],
        id,
    };
    Some((e, nul + 21))
}

/// Recently read trees: a commit's parent's folders are its child's, read one step before.
pub(super) struct TreeCache<'r> {
    odb: git2::Odb<'r>,
    recent: Vec<std::rc::Rc<RawTree>>,
}

impl<'r> TreeCache<'r> {
    pub(super) fn new(repo: &'r Repository) -> Result<Self> {
        Ok(TreeCache {
            odb: repo.odb()?,
            recent: Vec::new(),
        })
    }

    fn get(&mut self, id: Oid) -> Result<std::rc::Rc<RawTree>> {
        if let Some(t) = self.recent.iter().find(|t| t.id == id) {
            return Ok(t.clone());
        }
        let obj = self.odb.read(id)?;
        let data = if obj.kind() == ObjectType::Tree {
            obj.data().to_vec()
        } else {
            Vec::new()
        };
        let t = std::rc::Rc::new(RawTree::new(id, data));
        if self.recent.len() >= 32 {
            self.recent.remove(0);
        }
        self.recent.push(t.clone());
        Ok(t)
    }

    /// The blob at `path` (`/`-separated) in the tree `root`.
    pub(super) fn blob_at(&mut self, root: Oid, path: &str) -> Result<Option<Oid>> {
        let mut cur = root;
        let mut parts = path.split('/').peekable();
        while let Some(part) = parts.next() {
            let t = self.get(cur)?;
            let Some(e) = t.get(part) else {
                return Ok(None);
            };
            if e.is_tree != parts.peek().is_some() {
                return Ok(None);
            }
            cur = e.id;
        }
        Ok(Some(cur))
    }
}

/// Git's order of tree entries: by name, a folder's name followed by `/`.
fn entry_cmp(a: &RawEntry, b: &RawEntry) -> std::cmp::Ordering {
    let (an, bn) = (a.name, b.name);
    let common = an.len().min(bn.len());
    match an[..common].cmp(&bn[..common]) {
        std::cmp::Ordering::Equal => {}
        other => return other,
    }
    let next = |name: &[u8], e: &RawEntry| name.get(common).copied().or(e.is_tree.then_some(b'/'));
    next(an, a).cmp(&next(bn, b))
}

/// Where the first entry that is not the same bytes in two raw trees starts.
fn same_entries(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 32;
    let whole = a
        .chunks_exact(CHUNK)
        .zip(b.chunks_exact(CHUNK))
        .take_while(|(x, y)| x == y)
        .count()
        * CHUNK;
    let differ = whole
        + a[whole..]
            .iter()
            .zip(&b[whole..])
            .take_while(|(x, y)| x == y)
            .count();
    // Entries are `<mode> <name>\0<20-byte id>`: step over those that end before `differ`.
    let mut at = 0;
    while let Some(nul) = memchr::memchr(0, &a[at..]) {
        let end = at + nul + 21;
        if end > differ {
            break;
        }
        at = end;
    }
    at
}

/// Note files that differ between two `notes/` trees, descending only into changed folders.
pub(super) fn changed_files(
    trees: &mut TreeCache,
    old: Option<Oid>,
    new: Option<Oid>,
) -> Result<Vec<Change>> {
    let mut out = Vec::new();
    let mut stack: Vec<(Option<Oid>, Option<Oid>, String, usize)> =
        vec![(old, new, NOTES_DIR.to_owned(), 0)];
    while let Some((o, n, dir, depth)) = stack.pop() {
        if o == n || depth > 16 {
            continue;
        }
        let ot = o.map(|id| trees.get(id)).transpose()?;
        let nt = n.map(|id| trees.get(id)).transpose()?;
        // A commit changes a few notes of a folder: the entries before the first change are
        // the same bytes in both trees, and are skipped without being read.
        let skip = match (&ot, &nt) {
            (Some(a), Some(b)) => same_entries(&a.data, &b.data),
            _ => 0,
        };
        let mut oi = ot.iter().flat_map(|t| t.entries_from(skip)).peekable();
        let mut ni = nt.iter().flat_map(|t| t.entries_from(skip)).peekable();
        // Both trees are sorted the same way: walk them side by side.
        loop {
            let (a, b) = match (oi.peek(), ni.peek()) {
                (None, None) => break,
                (Some(_), None) => (oi.next(), None),
                (None, Some(_)) => (None, ni.next()),
                (Some(x), Some(y)) => match entry_cmp(x, y) {
                    std::cmp::Ordering::Less => (oi.next(), None),
                    std::cmp::Ordering::Greater => (None, ni.next()),
                    std::cmp::Ordering::Equal => (oi.next(), ni.next()),
                },
            };
            if a.as_ref().map(|e| e.id) == b.as_ref().map(|e| e.id) {
                continue;
            }
            let Some(e) = a.as_ref().or(b.as_ref()) else {
                continue;
            };
            let Ok(name) = std::str::from_utf8(e.name) else {
                continue;
            };
            let path = format!("{dir}/{name}");
            if e.is_tree {
                stack.push((a.map(|e| e.id), b.map(|e| e.id), path, depth + 1));
            } else if name.ends_with(".md") {
                out.push(Change {
                    rel: path,
                    old: a.map(|e| e.id),
                    new: b.map(|e| e.id),
                    from: None,
                });
            }
        }
    }
    Ok(out)
}

/// The tree id of `dir` (path components) inside the tree `root`, cached per root tree.
pub(super) fn dir_of_tree(
    trees: &mut TreeCache,
    cache: &mut HashMap<Oid, Option<Oid>>,
    root: Oid,
    dir: &[String],
) -> Result<Option<Oid>> {
    if let Some(v) = cache.get(&root) {
        return Ok(*v);
    }
    let mut cur = root;
    let mut found = Some(root);
    for c in dir {
        let t = trees.get(cur)?;
        match t.get(c) {
            Some(e) if e.is_tree => cur = e.id,
            _ => {
                found = None;
                break;
            }
        }
        found = Some(cur);
    }
    // Two commits in a row usually share nothing but their neighbour; keep the cache small.
    if cache.len() > 4096 {
        cache.clear();
    }
    cache.insert(root, found);
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A raw tree in git's order from `(name, is_tree)` pairs, each with its own id.
    fn raw(names: &[(&str, bool)]) -> (RawTree, Vec<(String, bool, Oid)>) {
        let mut sorted: Vec<(String, bool, Oid)> = names
            .iter()
            .enumerate()
            .map(|(i, (n, t))| {
                let id = Oid::hash_object(ObjectType::Blob, i.to_string().as_bytes()).unwrap();
                ((*n).to_owned(), *t, id)
            })
            .collect();
        let key = |n: &str, t: bool| format!("{n}{}", if t { "/" } else { "" });
        sorted.sort_by_key(|a| key(&a.0, a.1));
        let mut data = Vec::new();
        for (n, t, id) in &sorted {
            data.extend_from_slice(if *t { b"40000 " } else { b"100644 " });
            data.extend_from_slice(n.as_bytes());
            data.push(0);
            data.extend_from_slice(id.as_bytes());
        }
        (RawTree::new(Oid::ZERO_SHA1, data), sorted)
    }

    #[test]
    fn a_large_tree_finds_every_entry_by_bisection_as_in_order() {
        // `a-b` < `a.md` < `a` (a folder sorts as `a/`) < `a0`: the cases git's order turns on.
        let mut names: Vec<(String, bool)> = vec![
            ("a-b".into(), false),
            ("a.md".into(), false),
            ("a".into(), true),
            ("a0".into(), false),
            ("b".into(), true),
            ("b.md".into(), false),
        ];
        for i in 0..200 {
            names.push((
                format!("2026-{:02}-{:02}.md", i % 12 + 1, i % 28 + 1),
                false,
            ));
            names.push((format!("dir{i}"), true));
        }
        names.sort();
        names.dedup_by(|a, b| a.0 == b.0);
        let refs: Vec<(&str, bool)> = names.iter().map(|(n, t)| (n.as_str(), *t)).collect();
        let (tree, sorted) = raw(&refs);
        assert!(tree.data.len() >= BISECT_FROM);
        for (n, t, id) in &sorted {
            let e = tree.get(n).unwrap_or_else(|| panic!("{n} not found"));
            assert_eq!((e.name, e.is_tree, e.id), (n.as_bytes(), *t, *id));
        }
        for missing in ["", "a/", "2026-13-01.md", "zzz", "a.m", "dir"] {
            assert!(tree.get(missing).is_none(), "{missing}");
        }
        // The same answers read in order, as a small tree is.
        let linear = |n: &str| {
            tree.entries()
                .find(|e| e.name == n.as_bytes())
                .map(|e| e.id)
        };
        for (n, _, _) in &sorted {
            assert_eq!(tree.get(n).map(|e| e.id), linear(n));
        }
    }
}

#[cfg(test)]
mod diff_tests {
    use super::*;

    fn tree(names: &[(&str, u8)]) -> Vec<u8> {
        let mut data = Vec::new();
        for (n, id) in names {
            data.extend_from_slice(b"100644 ");
            data.extend_from_slice(n.as_bytes());
            data.push(0);
            data.extend_from_slice(&[*id; 20]);
        }
        data
    }

    #[test]
    fn only_entries_that_are_the_same_bytes_in_both_trees_are_skipped() {
        let a = tree(&[("a.md", 1), ("b.md", 2), ("c.md", 3)]);
        // The same trees: every entry.
        assert_eq!(same_entries(&a, &a), a.len());
        // The second entry's id differs in its last byte: only the first is skipped.
        let mut b = a.clone();
        let second_end = 2 * (7 + 4 + 1 + 20);
        b[second_end - 1] = 9;
        assert_eq!(same_entries(&a, &b), second_end / 2);
        // A note added after the others; a shorter tree; an id byte that is a NUL.
        let c = tree(&[("a.md", 1), ("b.md", 2), ("c.md", 3), ("d.md", 4)]);
        assert_eq!(same_entries(&a, &c), a.len());
        assert_eq!(same_entries(&c, &a), a.len());
        let z = tree(&[("a.md", 0), ("b.md", 0)]);
        let z2 = tree(&[("a.md", 0), ("b.md", 5)]);
        assert_eq!(same_entries(&z, &z2), 32);
        assert_eq!(same_entries(&[], &a), 0);
    }
}
