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
}

/// One entry of a [`RawTree`].
struct RawEntry<'a> {
    name: &'a [u8],
    id: Oid,
    is_tree: bool,
}

impl RawTree {
    fn entries(&self) -> impl Iterator<Item = RawEntry<'_>> {
        let mut rest = &self.data[..];
        std::iter::from_fn(move || {
            let sp = rest.iter().position(|&b| b == b' ')?;
            let nul = sp + rest[sp..].iter().position(|&b| b == 0)?;
            let id = Oid::from_bytes(rest.get(nul + 1..nul + 21)?).ok()?;
            let e = RawEntry {
                is_tree: &rest[..sp] == b"40000",
                name: &rest[sp + 1..nul],
                id,
            };
            rest = &rest[nul + 21..];
            Some(e)
        })
    }

    fn get(&self, name: &str) -> Option<RawEntry<'_>> {
        self.entries().find(|e| e.name == name.as_bytes())
    }
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
        let t = std::rc::Rc::new(RawTree { id, data });
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
        let mut oi = ot.iter().flat_map(|t| t.entries()).peekable();
        let mut ni = nt.iter().flat_map(|t| t.entries()).peekable();
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
