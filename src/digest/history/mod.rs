//! When was an action done? The commit that turned its `[ ]` into `[x]`, found in git history.
//!
//! The scan is bounded by the digest's range, never by the size of the history:
//!
//! * commits are walked newest first by committer time, and the walk stops at the first commit
//!   older than the range's first day minus [`MARGIN_DAYS`] (clock skew, and the earliest time
//!   zone);
//! * commits dated after the range are walked, not diffed: this digest only needs to know
//!   that an action was closed after its last day, so the notes it read are compared once,
//!   between the range's last commit and HEAD (those commits cost what they cost `git log`);
//! * two trees are compared by id first: an unchanged `notes/` or report folder is skipped
//!   without being read, and only the note files whose blob ids differ are looked at;
//! * a changed note is parsed only when it gained a ticked (`[x]`/`[-]`) line.
//!
//! A commit's day is its local day in the commit's own UTC offset: a commit at 23:30 −08:00 on
//! a Sunday belongs to that Sunday's week, whatever the clock of the machine running cascade.

mod closes;
mod trees;
mod walk;

use std::collections::HashMap;
use std::path::Path;

use git2::{Oid, Repository};
use jiff::civil::Date;

use crate::digest::Range;
use crate::error::Result;
use crate::note::ActionState;
use crate::notebook::load::NoteFile;
use crate::notebook::{NOTES_DIR, Notebook};

use closes::{examine, find_sources, uncommitted};
use trees::{TreeCache, changed_files, dir_of_tree};
pub use walk::local_day;
use walk::{Walked, shallow_commits};

/// Commits up to this many days before the range (plus the widest UTC offset) are scanned.
pub const MARGIN_DAYS: i64 = 2;

/// Where done dates come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Git history.
    Git,
    /// The notebook is not in a git repository: meeting dates stand in.
    NoRepo,
    /// The repository has no commits yet: meeting dates stand in.
    NoCommits,
}

/// An action found closed by a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CloseEvent {
    /// The commit's local day; the meeting date when the note was written already closed.
    pub date: Date,
    /// The commit, or None for a change not committed yet.
    pub commit: Option<Oid>,
    /// Meeting date of the note the change was in.
    pub note_date: Option<Date>,
    /// Done or dropped.
    pub state: ActionState,
}

/// What the history says about actions closed since the range's start.
#[derive(Debug, Clone)]
pub struct History {
    /// Where done dates come from.
    pub source: Source,
    /// Close events per (report, identity), newest first.
    events: HashMap<(String, String), Vec<CloseEvent>>,
    /// The shallow clone's cut, when the scan reached it.
    cut: Option<Date>,
    /// Messages for the user.
    pub warnings: Vec<String>,
    /// Alias to handle, so a note filed under an alias counts for its person.
    aliases: HashMap<String, String>,
}

impl History {
    /// A history of git with no events yet, its aliases those of the notebook's people.
    fn empty(nb: &Notebook) -> History {
        History {
            source: Source::Git,
            events: HashMap::new(),
            cut: None,
            warnings: Vec::new(),
            aliases: nb
                .config
                .people
                .iter()
                .flat_map(|(h, p)| p.aliases.iter().map(move |a| (a.clone(), h.clone())))
                .collect(),
        }
    }

    fn without(source: Source, warning: String) -> History {
        History {
            source,
            events: HashMap::new(),
            cut: None,
            warnings: vec![warning],
            aliases: HashMap::new(),
        }
    }

    /// The newest close of an action in a note dated no later than `to`.
    pub fn close_of(&self, report: &str, identity: &str, to: Date) -> Option<CloseEvent> {
        self.events
            .get(&(report.to_owned(), identity.to_owned()))?
            .iter()
            .find(|e| e.note_date.is_none_or(|d| d <= to))
            .copied()
    }

    /// True when a shallow clone's cut fell inside the scanned span: older closes are unknown.
    pub fn cut_before_window(&self) -> bool {
        self.cut.is_some()
    }

    fn record(&mut self, note: &NoteFile, identity: &str, ev: CloseEvent) {
        let report = self.aliases.get(&note.report).unwrap_or(&note.report);
        self.events
            .entry((report.clone(), identity.to_owned()))
            .or_default()
            .push(ev);
    }
}

/// A note file that differs between two trees (paths relative to the notebook root).
#[derive(Debug)]
struct Change {
    rel: String,
    old: Option<Oid>,
    new: Option<Oid>,
}

/// Scan the history of the notebook's repository for actions closed from the range's start on.
///
/// `notes` are the notes the digest read; their paths tell which later changes matter.
pub fn scan(nb: &Notebook, range: Range, today: Date, notes: &[NoteFile]) -> Result<History> {
    // libgit2 re-hashes every object it reads by default; git itself does not (only `fsck`
    // does), and the scan reads only, so it reads like git.
    git2::opts::strict_hash_verification(false);
    // The walk holds the commits it needs and the scan caches its own trees; libgit2's object
    // cache would only grow with every commit walked, and take as long again to free.
    git2::opts::enable_caching(false);
    let Some(repo) = crate::git::discover(&nb.root)? else {
        return Ok(History::without(
            Source::NoRepo,
            format!(
                "{} is not in a git repository: done dates fall back to meeting dates",
                nb.root.display()
            ),
        ));
    };
    let Some(head) = crate::git::head_commit(&repo)? else {
        return Ok(History::without(
            Source::NoCommits,
            "no commits yet: done dates fall back to meeting dates".into(),
        ));
    };
    let workdir = crate::git::workdir(&repo)?;
    let Some(prefix) = prefix_of(&workdir, &nb.root) else {
        return Ok(History::without(
            Source::NoRepo,
            format!(
                "{} is not inside the work tree of its repository: done dates fall back to meeting dates",
                nb.root.display()
            ),
        ));
    };
    let mut notes_dir: Vec<String> = prefix.clone();
    notes_dir.push(NOTES_DIR.to_owned());
    let repo_path = |rel: &str| -> String {
        let mut p = prefix.join("/");
        if !p.is_empty() {
            p.push('/');
        }
        p.push_str(rel);
        p
    };

    let mut hist = History::empty(nb);
    let shallow = shallow_commits(&repo);
    let walked = walk::walk(&repo, &head, range, &shallow, &mut hist)?;

    // Blob ids of the digest's notes at HEAD and at the range's last commit.
    let head_tree = head.tree()?;
    let mut trees = TreeCache::new(&repo)?;
    let mut at_head = Vec::with_capacity(notes.len());
    let mut at_boundary = Vec::with_capacity(notes.len());
    for n in notes {
        let p = repo_path(&n.rel);
        at_head.push(trees.blob_at(head_tree.id(), &p)?);
        at_boundary.push(match walked.boundary {
            Some(b) if b == head_tree.id() => *at_head.last().unwrap_or(&None),
            Some(b) => trees.blob_at(b, &p)?,
            None => None,
        });
    }

    // Changes not committed yet are the newest of all: dated today.
    uncommitted(&repo, notes, &at_head, nb, today, &mut hist)?;
    let blobs = Blobs {
        at_head: &at_head,
        at_boundary: &at_boundary,
        boundary: walked.boundary,
    };
    after_range(
        &repo, &head_tree, notes, &blobs, range, &repo_path, &mut hist,
    )?;
    let dirs = NotesDirs {
        trees: &mut trees,
        notes_dir: &notes_dir,
        repo_path: &repo_path,
    };
    in_range(&repo, &walked.commits, dirs, &mut hist)?;
    warn_of_cut(range, &mut hist);
    Ok(hist)
}

/// Blob ids of the digest's notes at HEAD and at the range's last commit (`boundary`).
struct Blobs<'a> {
    at_head: &'a [Option<Oid>],
    at_boundary: &'a [Option<Oid>],
    boundary: Option<Oid>,
}

/// Where the notes are in the repository's trees, and the cache the trees are read through.
struct NotesDirs<'a, 'r> {
    trees: &'a mut TreeCache<'r>,
    /// Path components of `notes/` from the root of the work tree.
    notes_dir: &'a [String],
    /// The path from the root of the work tree of a path relative to the notebook root.
    repo_path: &'a dyn Fn(&str) -> String,
}

/// Notes of the digest that changed after the range: what they closed since, compared
/// between the range's last commit and HEAD. Only "after the range" matters for this
/// digest, so the commits after it are not diffed one by one.
fn after_range(
    repo: &Repository,
    head_tree: &git2::Tree,
    notes: &[NoteFile],
    blobs: &Blobs,
    range: Range,
    repo_path: &dyn Fn(&str) -> String,
    hist: &mut History,
) -> Result<()> {
    let after_day = crate::dates::add_days(range.to, 1);
    let boundary_tree = blobs.boundary.map(|b| repo.find_tree(b)).transpose()?;
    let mut later: Vec<Change> = Vec::new();
    // A shallow clone cut after the range has no commit of it: what the notes were then is
    // unknown, not absent, so nothing is learnt from comparing them with HEAD.
    let range_cut_off = blobs.boundary.is_none() && hist.cut.is_some();
    for ((n, now), then) in notes.iter().zip(blobs.at_head).zip(blobs.at_boundary) {
        let (now, then) = (*now, *then);
        if !range_cut_off && now.is_some() && now != then {
            later.push(Change {
                rel: n.rel.clone(),
                old: then,
                new: now,
            });
        }
    }
    if let Some(bt) = &boundary_tree
        && later.iter().any(|c| c.old.is_none())
    {
        find_sources(repo, bt, head_tree, &mut later, repo_path)?;
    }
    for ch in &later {
        examine(repo, ch, after_day, None, hist)?;
    }
    Ok(())
}

/// Commits dated in the range (and the margin before it): each against its first parent,
/// skipping what did not change.
fn in_range(
    repo: &Repository,
    commits: &[Walked],
    dirs: NotesDirs,
    hist: &mut History,
) -> Result<()> {
    let NotesDirs {
        trees,
        notes_dir,
        repo_path,
    } = dirs;
    let mut notes_tree_of: HashMap<Oid, Option<Oid>> = HashMap::new();
    for w in commits {
        if w.is_cut {
            if hist.cut.is_none() {
                hist.cut = Some(w.day);
            }
            continue;
        }
        if w.parents.len() > 1 {
            // A merge repeats its branch's changes; the branch's own commits date them.
            continue;
        }
        let new_dir = dir_of_tree(trees, &mut notes_tree_of, w.tree, notes_dir)?;
        let parent_tree = match w.parents.first() {
            Some(p) => Some(repo.find_commit(*p)?.tree_id()),
            None => None,
        };
        let old_dir = match parent_tree {
            Some(pt) => dir_of_tree(trees, &mut notes_tree_of, pt, notes_dir)?,
            None => None,
        };
        if old_dir == new_dir {
            continue;
        }
        let mut changes = changed_files(trees, old_dir, new_dir)?;
        if changes.is_empty() {
            continue;
        }
        if let Some(pt) = parent_tree
            && changes.iter().any(|c| c.old.is_none())
            && changes.iter().any(|c| c.new.is_none())
        {
            let (old_tree, new_tree) = (repo.find_tree(pt)?, repo.find_tree(w.tree)?);
            find_sources(repo, &old_tree, &new_tree, &mut changes, repo_path)?;
        }
        for ch in &changes {
            examine(repo, ch, w.day, Some(w.oid), hist)?;
        }
    }
    Ok(())
}

/// Tell the user when a shallow clone's cut leaves done dates unknown.
fn warn_of_cut(range: Range, hist: &mut History) {
    if let Some(cut) = hist.cut
        && cut > range.to
    {
        hist.warnings.push(format!(
            "this is a shallow clone cut at {cut}, after {}: none of the history of {}..{} is in the repository: done dates are unknown, so actions done since are listed neither as done nor as open (`git fetch --unshallow` fetches the rest)",
            range.to, range.from, range.to
        ));
    } else if let Some(cut) = hist.cut {
        hist.warnings.push(format!(
            "this is a shallow clone cut at {cut}: done dates before the cut are unknown, so actions done before it are listed neither as done nor as open (`git fetch --unshallow` fetches the rest)"
        ));
    }
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

#[cfg(test)]
mod tests {
    use super::closes::compare;
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_commit_belongs_to_its_own_local_day() {
        // 2026-11-29 23:30 -08:00 is 2026-11-30 07:30 UTC: still Sunday where it was made.
        let secs = 1_796_023_800; // 2026-11-30T07:30:00Z
        assert_eq!(local_day(secs, -8 * 60), date(2026, 11, 29));
        assert_eq!(local_day(secs, 0), date(2026, 11, 30));
        // One hour later it is Monday in -08:00 too.
        assert_eq!(local_day(secs + 3600, -8 * 60), date(2026, 11, 30));
        assert_eq!(local_day(-1, 0), date(1969, 12, 31));
    }

    #[test]
    fn only_notes_that_gained_a_ticked_line_are_parsed() {
        let old = b"---\ndate: 2026-11-20\nreport: alice\n---\n## Cascading actions\n- [ ] Ship it @alice due:2026-11-27\n- [x] Old @dana due:2026-11-01\n";
        let same = b"---\ndate: 2026-11-20\nreport: alice\n---\n## Cascading actions\n- [ ] Ship it @alice due:2026-11-27\n- [x] Old @dana due:2026-11-01\n\ntypo fixed\n";
        let ticked = b"---\ndate: 2026-11-20\nreport: alice\n---\n## Cascading actions\n- [x] Ship it @alice due:2026-11-27\n- [x] Old @dana due:2026-11-01\n";
        let mut h = History::without(Source::Git, String::new());
        compare(
            "notes/alice/2026-11-20.md",
            Some(old),
            same,
            date(2026, 11, 25),
            None,
            &mut h,
        );
        assert!(h.events.is_empty());
        compare(
            "notes/alice/2026-11-20.md",
            Some(old),
            ticked,
            date(2026, 11, 25),
            None,
            &mut h,
        );
        let ev = h.close_of("alice", "ship it", date(2026, 11, 29)).unwrap();
        assert_eq!(ev.date, date(2026, 11, 25));
        assert!(h.close_of("alice", "old", date(2026, 11, 29)).is_none());
        // Written already done: the meeting date.
        compare(
            "notes/alice/2026-11-20.md",
            None,
            ticked,
            date(2026, 12, 2),
            None,
            &mut h,
        );
        let ev = h.close_of("alice", "old", date(2026, 11, 29)).unwrap();
        assert_eq!(ev.date, date(2026, 11, 20));
    }
}
