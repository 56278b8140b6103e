//! The walk of commits: newest first by committer time.

use std::collections::{BinaryHeap, HashSet};

use git2::{ErrorCode, Oid, Repository};
use jiff::civil::Date;

use crate::error::Result;

/// One commit of the walk, with what the scan needs of it.
pub(super) struct Walked {
    pub(super) oid: Oid,
    pub(super) tree: Oid,
    pub(super) parents: Vec<Oid>,
    pub(super) secs: i64,
    pub(super) day: Date,
    /// At the cut of a shallow clone: its parents are missing.
    pub(super) is_cut: bool,
}

/// A commit ordered by its committer time, for the walk's heap.
struct ByTime<'r>(i64, git2::Commit<'r>);

impl PartialEq for ByTime<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0 && self.1.id() == other.1.id()
    }
}
impl Eq for ByTime<'_> {}
impl PartialOrd for ByTime<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for ByTime<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0
            .cmp(&other.0)
            .then_with(|| self.1.id().cmp(&other.1.id()))
    }
}

/// Commits newest first by committer time, as `git log` walks them. (libgit2's sorted revwalk
/// reads the whole history before it returns the first commit, so the walk is done here with a
/// heap, and stops as soon as its reader has what it needs.)
pub(super) struct Commits<'r> {
    repo: &'r Repository,
    heap: BinaryHeap<ByTime<'r>>,
    seen: HashSet<Oid>,
    shallow: HashSet<Oid>,
    out_of_calendar: HashSet<Oid>,
    /// Commits dated outside the calendar, as warnings.
    pub(super) warnings: Vec<String>,
}

impl<'r> Commits<'r> {
    /// The walk from `head`.
    pub(super) fn from(repo: &'r Repository, head: &git2::Commit<'r>) -> Commits<'r> {
        let mut seen = HashSet::new();
        seen.insert(head.id());
        let mut heap = BinaryHeap::new();
        heap.push(ByTime(head.time().seconds(), head.clone()));
        Commits {
            repo,
            heap,
            seen,
            shallow: shallow_commits(repo),
            out_of_calendar: HashSet::new(),
            warnings: Vec::new(),
        }
    }

    /// The next commit, or None at the end of the history.
    pub(super) fn next_commit(&mut self) -> Result<Option<Walked>> {
        let Some(ByTime(secs, c)) = self.heap.pop() else {
            return Ok(None);
        };
        let day = local_day(secs, c.time().offset_minutes());
        if (day == Date::MAX || day == Date::MIN) && self.out_of_calendar.insert(c.id()) {
            self.warnings.push(out_of_calendar_warning(c.id(), day));
        }
        let is_cut = self.shallow.contains(&c.id());
        if !is_cut {
            for p in c.parent_ids() {
                if self.seen.insert(p) {
                    match self.repo.find_commit(p) {
                        Ok(pc) => self.heap.push(ByTime(pc.time().seconds(), pc)),
                        // A missing parent: the history was cut here.
                        Err(e) if e.code() == ErrorCode::NotFound => {}
                        Err(e) => return Err(e.into()),
                    }
                }
            }
        }
        Ok(Some(Walked {
            oid: c.id(),
            tree: c.tree_id(),
            parents: c.parent_ids().collect(),
            secs,
            day,
            is_cut,
        }))
    }
}

/// The warning for a commit whose date is outside the calendar, read as `day`.
fn out_of_calendar_warning(id: Oid, day: Date) -> String {
    let short = id.to_string();
    format!(
        "commit {} is dated outside the calendar (year {}); it is read as {day}",
        &short[..short.len().min(10)],
        if day == Date::MAX {
            "after 9999"
        } else {
            "before -9999"
        }
    )
}

/// Commits at the cut of a shallow clone (their parents are not in the repository).
pub(super) fn shallow_commits(repo: &Repository) -> HashSet<Oid> {
    if !repo.is_shallow() {
        return HashSet::new();
    }
    std::fs::read_to_string(repo.path().join("shallow"))
        .map(|s| {
            s.lines()
                .filter_map(|l| Oid::from_str(l.trim()).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The calendar day of a commit in its own UTC offset.
pub fn local_day(seconds: i64, offset_minutes: i32) -> Date {
    let local = seconds.saturating_add(i64::from(offset_minutes) * 60);
    let days = local.div_euclid(86_400);
    crate::dates::add_days(jiff::civil::date(1970, 1, 1), days)
}
