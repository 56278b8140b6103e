//! When was each copy of an action written? The commit that wrote its state, found in git
//! history; the work tree for a change not committed yet.
//!
//! Only the copies the action model asks about are looked for ([`Ledger::pending`]: copies of an
//! action that disagree, and closed actions when a view shows the day they were closed), and the
//! walk stops as soon as each is found, or at the view's horizon:
//!
//! * commits are walked newest first by committer time, as `git log` does, each against its
//!   first parent (a merge repeats its branch's changes; the branch's own commits date them);
//! * two trees are compared by id first: an unchanged `notes/` or report folder is skipped
//!   without being read, and only note files with a copy still looked for are parsed;
//! * a note renamed (to fix its date) keeps its history: git's similarity detection finds where
//!   it came from, and the walk follows the old path.
//!
//! A commit's day is its local day in the commit's own UTC offset: a commit at 23:30 −08:00 on
//! a Sunday belongs to that Sunday's week, whatever the clock of the machine running cascade.

mod blobs;
mod stat_index;
mod trees;
mod walk;
mod worktree;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use git2::{Oid, Repository, Tree};
use jiff::civil::Date;

use crate::actions::{Ledger, Needs, Pending, Source, Stamp, Written, link};
use crate::error::Result;
use crate::note::ActionState;
use crate::notebook::load::NoteFile;
use crate::notebook::{NOTES_DIR, Notebook};

use crate::dates::day_start_secs;
use blobs::Blobs;
use trees::{TreeCache, changed_files, dir_of_tree};
use walk::Commits;
pub use walk::local_day;
use worktree::uncommitted;

/// Commits up to this many days before the horizon (plus the widest UTC offset) are read.
pub const MARGIN_DAYS: i64 = 2;

/// How many commits older than the horizon the walk reads before it stops: a commit dated
/// before its children (a rebase, a wrong clock) may hide newer ones behind it, as with
/// `git log --since`.
const SLOP: usize = 16;

/// A note file that differs between two trees (paths relative to the notebook root).
#[derive(Debug)]
struct Change {
    rel: String,
    old: Option<Oid>,
    new: Option<Oid>,
    /// The path it was renamed from, when git's similarity detection says so.
    from: Option<String>,
}

/// The actions of `notes` (sorted by report, date and path), each with its state decided by
/// when its copies were written, as far as `needs` asks.
pub fn ledger(nb: &Notebook, notes: &[NoteFile], needs: Needs, today: Date) -> Result<Ledger> {
    let mut l = Ledger::link(nb, notes);
    stamp(nb, &mut l, needs, today)?;
    l.resolve();
    Ok(l)
}

/// Find the write times of the copies `needs` asks about.
pub fn stamp(nb: &Notebook, l: &mut Ledger, needs: Needs, today: Date) -> Result<()> {
    let pending = l.pending(needs);
    if pending.is_empty() && !needs.close_days {
        return Ok(());
    }
    // libgit2 re-hashes every object it reads by default; git itself does not (only `fsck`
    // does), and the walk reads only, so it reads like git.
    git2::opts::strict_hash_verification(false);
    // The walk caches its own trees; libgit2's object cache would only grow with every commit
    // walked, and take as long again to free.
    git2::opts::enable_caching(false);
    let Some(repo) = crate::git::discover(&nb.root)? else {
        l.source = Source::NoRepo;
        l.warnings.push(format!(
            "{} is not in a git repository: done dates fall back to meeting dates",
            nb.root.display()
        ));
        return Ok(());
    };
    let Some(head) = crate::git::head_commit(&repo)? else {
        l.source = Source::NoCommits;
        l.warnings
            .push("no commits yet: done dates fall back to meeting dates".into());
        return Ok(());
    };
    let workdir = crate::git::workdir(&repo)?;
    let Some(prefix) = prefix_of(&workdir, &nb.root) else {
        l.source = Source::NoRepo;
        l.warnings.push(format!(
            "{} is not inside the work tree of its repository: done dates fall back to meeting dates",
            nb.root.display()
        ));
        return Ok(());
    };
    l.source = Source::Git;
    let repo_path = |rel: &str| -> String {
        let mut p = prefix.join("/");
        if !p.is_empty() {
            p.push('/');
        }
        p.push_str(rel);
        p
    };
    let mut by_path: HashMap<String, Vec<Pending>> = HashMap::new();
    for p in pending {
        let c = &l.actions[p.action].copies[p.copy];
        by_path.entry(c.path.to_string()).or_default().push(p);
    }
    let mut trees = TreeCache::new(&repo)?;
    let blobs = Blobs::open(nb);
    let at_head = uncommitted(
        &repo,
        nb,
        &head,
        &mut trees,
        &blobs,
        &repo_path,
        l,
        &mut by_path,
        today,
    )?;
    let mut notes_dir: Vec<String> = prefix.clone();
    notes_dir.push(NOTES_DIR.to_owned());
    let w = Walker {
        repo: &repo,
        head_tree: head.tree_id(),
        notes_dir: &notes_dir,
        repo_path: &repo_path,
        blobs: &blobs,
        at_head: &at_head,
    };
    w.walk(&head, &mut trees, l, &mut by_path, needs)?;
    l.notices.extend(blobs.save());
    // What the walk stopped before finding was written before its horizon.
    if let Some(h) = needs.horizon {
        for p in by_path.values().flatten().filter(|p| !p.deep) {
            l.actions[p.action].copies[p.copy].written = Some(Written::Before(h));
        }
    }
    Ok(())
}

/// What the walk reads the trees with.
struct Walker<'a, 'r> {
    repo: &'r Repository,
    /// The tree at HEAD.
    head_tree: Oid,
    /// Path components of `notes/` from the root of the work tree.
    notes_dir: &'a [String],
    /// The path from the root of the work tree of a path relative to the notebook root.
    repo_path: &'a dyn Fn(&str) -> String,
    /// The action lines of the note versions read.
    blobs: &'a Blobs,
    /// The blob at HEAD of the notes looked for (None: not committed).
    at_head: &'a HashMap<String, Option<Oid>>,
}

impl Walker<'_, '_> {
    /// Walk back from `head` until every copy looked for is found, or, for those that only
    /// need a day after `horizon`, until the horizon.
    fn walk(
        &self,
        head: &git2::Commit,
        trees: &mut TreeCache,
        l: &mut Ledger,
        by_path: &mut HashMap<String, Vec<Pending>>,
        needs: Needs,
    ) -> Result<()> {
        let stop = needs
            .horizon
            .map(|h| day_start_secs(crate::dates::add_days(h, -MARGIN_DAYS)) - 14 * 3600);
        let mut commits = Commits::from(self.repo, self.blobs, head);
        let mut notes_tree_of: HashMap<Oid, Option<Oid>> = HashMap::new();
        let mut old_run = 0;
        // Copies that need no day after `until`: set aside while the walk is after it, and
        // compared once, at the newest commit dated up to it.
        let mut later = match needs.until {
            Some(_) => set_aside(by_path),
            None => HashMap::new(),
        };
        // The commits after `until`, newest first: only looked into for a copy the boundary
        // does not hold yet.
        let mut after: Vec<(Oid, Oid, Date)> = Vec::new();
        while !by_path.is_empty() || !later.is_empty() {
            let Some(w) = commits.next_commit()? else {
                break;
            };
            if w.is_cut {
                // Its parents are not in the repository: what it changed is unknown.
                l.cut = true;
                l.cut_day = Some(l.cut_day.map_or(w.day, |d: Date| d.max(w.day)));
            }
            if let Some(u) = needs.until
                && !later.is_empty()
            {
                if w.day > u {
                    after.push((w.oid, w.tree, w.day));
                } else {
                    self.at_boundary(&w, u, &after, trees, l, &mut later)?;
                    for (rel, ps) in later.drain() {
                        by_path.entry(rel).or_default().extend(ps);
                    }
                }
            }
            // Only copies set aside are looked for: nothing to diff before the boundary.
            if by_path.is_empty() || w.is_cut {
                continue;
            }
            if stop.is_some_and(|s| w.secs < s) {
                old_run += 1;
                let deep = by_path.values().flatten().any(|p| p.deep);
                if !deep && old_run > SLOP {
                    break;
                }
            } else {
                old_run = 0;
            }
            if w.parents.len() > 1 {
                continue;
            }
            let new_dir = dir_of_tree(trees, &mut notes_tree_of, w.tree, self.notes_dir)?;
            let parent_tree = match (w.parents.first(), w.parent_tree) {
                (Some(_), Some(t)) => Some(t),
                (Some(p), None) => Some(self.repo.find_commit(*p)?.tree_id()),
                (None, _) => None,
            };
            let old_dir = match parent_tree {
                Some(pt) => dir_of_tree(trees, &mut notes_tree_of, pt, self.notes_dir)?,
                None => None,
            };
            if old_dir == new_dir {
                continue;
            }
            let mut changes = self.changes(trees, old_dir, new_dir)?;
            changes.retain(|c| by_path.contains_key(&c.rel) || c.new.is_none());
            if !changes.iter().any(|c| by_path.contains_key(&c.rel)) {
                continue;
            }
            if let Some(pt) = parent_tree
                && changes
                    .iter()
                    .any(|c| c.old.is_none() && by_path.contains_key(&c.rel))
                && changes.iter().any(|c| c.new.is_none())
            {
                let (old_tree, new_tree) = (self.repo.find_tree(pt)?, self.repo.find_tree(w.tree)?);
                find_sources(
                    self.repo,
                    &old_tree,
                    &new_tree,
                    &mut changes,
                    self.repo_path,
                )?;
            }
            for ch in &changes {
                self.examine(ch, &w, l, by_path)?;
            }
        }
        // The walk ended before any commit dated up to `until`: none of those copies was
        // written then — unless a shallow clone's cut ended it, when nothing is known.
        if let Some(u) = needs.until.filter(|_| !l.cut) {
            let mut all = std::mem::take(&mut later);
            for (rel, ps) in &mut all {
                for p in ps.iter() {
                    let c = &l.actions[p.action].copies[p.copy];
                    let written = self.first_written_after(c, rel, u, &after, trees)?;
                    l.actions[p.action].copies[p.copy].written = Some(written);
                }
            }
        }
        l.warnings.append(&mut commits.warnings);
        Ok(())
    }

    /// The blob at `path` in `tree`: from the history index when a run found it before.
    fn blob_at(&self, trees: &mut TreeCache, tree: Oid, path: &str) -> Result<Option<Oid>> {
        self.blobs.blob_at(tree, path, || trees.blob_at(tree, path))
    }

    /// The notes that differ between the `notes/` folders `old` and `new`: from the history
    /// index when a run found them before (two trees never change), else from the trees.
    fn changes(
        &self,
        trees: &mut TreeCache,
        old: Option<Oid>,
        new: Option<Oid>,
    ) -> Result<Vec<Change>> {
        let found = self.blobs.changes(old, new, || {
            Ok(changed_files(trees, old, new)?
                .into_iter()
                .map(|c| (c.rel, c.old, c.new))
                .collect())
        })?;
        Ok(found
            .iter()
            .map(|(rel, old, new)| Change {
                rel: rel.clone(),
                old: *old,
                new: *new,
                from: None,
            })
            .collect())
    }

    /// At the newest commit dated up to `until`: a copy whose state there is not its state now
    /// was written after `until`; the others are looked for in the commits from there on.
    fn at_boundary(
        &self,
        w: &walk::Walked,
        until: Date,
        after: &[(Oid, Oid, Date)],
        trees: &mut TreeCache,
        l: &mut Ledger,
        later: &mut HashMap<String, Vec<Pending>>,
    ) -> Result<()> {
        // In path order, so each report's folder is read once (the tree cache is small).
        let mut entries: Vec<(&String, &mut Vec<Pending>)> = later.iter_mut().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (rel, ps) in entries {
            let path = (self.repo_path)(rel);
            let head = match self.at_head.get(rel.as_str()) {
                Some(b) => *b,
                None => self.blob_at(trees, self.head_tree, &path)?,
            };
            let at = if w.tree == self.head_tree {
                head
            } else {
                self.blob_at(trees, w.tree, &path)?
            };
            // The same blob as at HEAD: each copy had its state already.
            if at.is_some() && at == head {
                continue;
            }
            let then = match at {
                Some(b) => self.blobs.lines(self.repo, b)?,
                None => Default::default(),
            };
            let mut keep = Vec::new();
            for p in ps.drain(..) {
                let c = &l.actions[p.action].copies[p.copy];
                let written = match link::find_in(&then, c) {
                    Some(s) if s == c.state => {
                        keep.push(p);
                        continue;
                    }
                    Some(_) => Written::After(until),
                    None => self.first_written_after(c, rel, until, after, trees)?,
                };
                l.actions[p.action].copies[p.copy].written = Some(written);
            }
            *ps = keep;
        }
        later.retain(|_, ps| !ps.is_empty());
        Ok(())
    }

    /// A copy first committed after `until` (by one of the commits `after`, newest first).
    /// Written closed in its meeting's note, it counts on the meeting's day if that is not
    /// later than the commit's, as [`Walker::examine`] dates a line that appears closed;
    /// written open, it was closed after `until`. The first commit that holds it is found by
    /// bisection: a line once written stays.
    fn first_written_after(
        &self,
        c: &crate::actions::Copy,
        rel: &str,
        until: Date,
        after: &[(Oid, Oid, Date)],
        trees: &mut TreeCache,
    ) -> Result<Written> {
        let closed_in_meeting =
            c.state != ActionState::Open && c.note_date.is_some_and(|d| d <= until);
        if !closed_in_meeting {
            return Ok(Written::After(until));
        }
        let path = (self.repo_path)(rel);
        let mut state_at = |tree: Oid| -> Result<Option<ActionState>> {
            Ok(match self.blob_at(trees, tree, &path)? {
                Some(b) => link::find_in(&self.blobs.lines(self.repo, b)?, c),
                None => None,
            })
        };
        // Oldest first: the first commit that holds the line.
        let (mut lo, mut hi) = (0, after.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let (_, tree, _) = after[after.len() - 1 - mid];
            if state_at(tree)?.is_some() {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        if lo == after.len() {
            // Not committed at all: the work tree's, already dated today.
            return Ok(Written::After(until));
        }
        let (commit, tree, day) = after[after.len() - 1 - lo];
        Ok(match state_at(tree)? {
            Some(s) if s == c.state => Written::At(Stamp {
                uncommitted: false,
                secs: day_start_secs(day),
                day: c.note_date.map_or(day, |d| d.min(day)),
                commit: Some(commit.to_string()),
            }),
            _ => Written::After(until),
        })
    }

    /// The copies of a changed note whose state this commit wrote.
    fn examine(
        &self,
        ch: &Change,
        w: &walk::Walked,
        l: &mut Ledger,
        by_path: &mut HashMap<String, Vec<Pending>>,
    ) -> Result<()> {
        let Some(new) = ch.new else {
            return Ok(());
        };
        let Some(mut ps) = by_path.remove(&ch.rel) else {
            return Ok(());
        };
        let new_actions = self.blobs.lines(self.repo, new)?;
        let old_actions = ch.old.map(|o| self.blobs.lines(self.repo, o)).transpose()?;
        ps.retain(|p| {
            let c = &mut l.actions[p.action].copies[p.copy];
            // Changed again by a later commit on another branch: not this commit's state.
            if link::find_in(&new_actions, c) != Some(c.state) {
                return true;
            }
            let before = old_actions.as_ref().and_then(|o| link::find_in(o, c));
            if before == Some(c.state) {
                return true;
            }
            // Written already closed: done in its meeting, unless committed before it.
            let day = match (before, c.note_date) {
                (None, Some(d)) if c.state != ActionState::Open => d.min(w.day),
                _ => w.day,
            };
            c.written = Some(Written::At(Stamp {
                uncommitted: false,
                secs: w.secs,
                day,
                commit: Some(w.oid.to_string()),
            }));
            false
        });
        if ps.is_empty() {
            return Ok(());
        }
        // Older commits know the note by the path it was renamed from.
        let rel = match (&ch.from, ch.old) {
            (Some(from), _) => from.clone(),
            (None, Some(_)) => ch.rel.clone(),
            // Added here, and not found: nothing older can tell.
            (None, None) => return Ok(()),
        };
        by_path.entry(rel).or_default().extend(ps);
        Ok(())
    }
}

/// Take the copies that are not deep out of `by_path`.
fn set_aside(by_path: &mut HashMap<String, Vec<Pending>>) -> HashMap<String, Vec<Pending>> {
    let mut later = HashMap::new();
    for (rel, ps) in by_path.iter_mut() {
        let (shallow, deep): (Vec<Pending>, Vec<Pending>) = ps.drain(..).partition(|p| !p.deep);
        *ps = deep;
        if !shallow.is_empty() {
            later.insert(rel.clone(), shallow);
        }
    }
    by_path.retain(|_, ps| !ps.is_empty());
    later
}

/// For notes added between two trees, find the note each was renamed from (git's similarity
/// detection), so an action keeps its history when a note is renamed to fix its date.
fn find_sources(
    repo: &Repository,
    old_tree: &Tree,
    new_tree: &Tree,
    changes: &mut [Change],
    repo_path: &dyn Fn(&str) -> String,
) -> Result<()> {
    let mut opts = git2::DiffOptions::new();
    let mut rel_of: HashMap<String, String> = HashMap::new();
    // The folders of the added notes: a rename source is a note deleted from one of them.
    let mut dirs: HashSet<String> = HashSet::new();
    for c in changes.iter().filter(|c| c.old.is_none()) {
        let p = repo_path(&c.rel);
        if let Some((d, _)) = p.rsplit_once('/') {
            dirs.insert(d.to_owned());
        }
        rel_of.insert(p, c.rel.clone());
    }
    for d in &dirs {
        opts.pathspec(d);
    }
    let mut diff = repo.diff_tree_to_tree(Some(old_tree), Some(new_tree), Some(&mut opts))?;
    if !diff.deltas().any(|d| d.status() == git2::Delta::Deleted) {
        return Ok(());
    }
    let mut find = git2::DiffFindOptions::new();
    find.renames(true);
    diff.find_similar(Some(&mut find))?;
    let prefix_len = repo_path("").len();
    for d in diff.deltas() {
        if d.status() != git2::Delta::Renamed {
            continue;
        }
        let Some(to) = d.new_file().path().and_then(path_str) else {
            continue;
        };
        let Some(to_rel) = rel_of.get(&to) else {
            continue;
        };
        let from = d.old_file().path().and_then(path_str);
        let old_blob = d.old_file().id();
        if let Some(c) = changes.iter_mut().find(|c| &c.rel == to_rel) {
            c.old = Some(old_blob);
            c.from = from.and_then(|f| f.get(prefix_len..).map(str::to_owned));
        }
    }
    Ok(())
}

fn path_str(p: &Path) -> Option<String> {
    p.to_str().map(|s| s.replace('\\', "/"))
}

/// Components of `root` below `workdir`, or None when it is not below it.
fn prefix_of(workdir: &Path, root: &Path) -> Option<Vec<String>> {
    let rest = crate::git::rel_to_work_tree(workdir, root)?;
    Some(
        rest.split('/')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// Run git in `dir` with a fixed identity, dated `date` when given: the tests of the readers
/// here (git's index, commit headers) hold them to what git writes.
#[cfg(test)]
fn test_git(dir: &Path, args: &[&str], date: Option<&str>) {
    let mut cmd = std::process::Command::new("git");
    cmd.args(["-c", "user.name=A B", "-c", "user.email=a@example.com"])
        .args(args)
        .current_dir(dir);
    if let Some(d) = date {
        cmd.env("GIT_AUTHOR_DATE", d).env("GIT_COMMITTER_DATE", d);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
