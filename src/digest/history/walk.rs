//! The walk of commits: newest first by committer time, back to the range's start.

use std::collections::{BinaryHeap, HashSet};

use git2::{ErrorCode, Oid, Repository};
use jiff::civil::Date;

use super::{History, MARGIN_DAYS};
use crate::digest::Range;
use crate::error::Result;

/// How many commits older than the scanned span the walk goes through before it stops.
const SLOP: usize = 16;

/// One commit of the walk, with what the scan needs of it.
pub(super) struct Walked {
    pub(super) oid: Oid,
    pub(super) tree: Oid,
    pub(super) parents: Vec<Oid>,
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

/// What the walk found: the commits dated in the range (and the margin before it), and the
/// tree of the newest commit dated on or before the range's last day.
pub(super) struct Walk {
    pub(super) commits: Vec<Walked>,
    pub(super) boundary: Option<Oid>,
}

/// Walk the commits back to the range's start, newest first by committer time, as
/// `git log` does. (libgit2's sorted revwalk reads the whole history before it returns
/// the first commit, so the walk is done here with a heap.)
pub(super) fn walk(
    repo: &Repository,
    head: &git2::Commit,
    range: Range,
    shallow: &HashSet<Oid>,
    hist: &mut History,
) -> Result<Walk> {
    let stop = day_start_secs(crate::dates::add_days(range.from, -MARGIN_DAYS)) - 14 * 3600;
    let mut heap: BinaryHeap<ByTime> = BinaryHeap::new();
    let mut seen: HashSet<Oid> = HashSet::new();
    seen.insert(head.id());
    heap.push(ByTime(head.time().seconds(), head.clone()));
    let mut commits: Vec<Walked> = Vec::new();
    let mut boundary: Option<Oid> = None;
    let mut old_run = 0;
    let mut out_of_calendar: HashSet<Oid> = HashSet::new();
    while let Some(ByTime(secs, c)) = heap.pop() {
        let day = local_day(secs, c.time().offset_minutes());
        if (day == Date::MAX || day == Date::MIN) && out_of_calendar.insert(c.id()) {
            hist.warnings.push(out_of_calendar_warning(c.id(), day));
        }
        if boundary.is_none() && day <= range.to {
            boundary = Some(c.tree_id());
        }
        if secs < stop {
            // Like `git log --since`, walk on a little: a commit dated before its children
            // (a rebase, a wrong clock) may hide newer ones behind it.
            old_run += 1;
            if old_run > SLOP {
                break;
            }
        } else {
            old_run = 0;
        }
        let is_cut = shallow.contains(&c.id());
        if !is_cut {
            for p in c.parent_ids() {
                if seen.insert(p) {
                    match repo.find_commit(p) {
                        Ok(pc) => heap.push(ByTime(pc.time().seconds(), pc)),
                        // A missing parent: the history was cut here.
                        Err(e) if e.code() == ErrorCode::NotFound => {}
                        Err(e) => return Err(e.into()),
                    }
                }
            }
        }
        if secs < stop {
            continue;
        }
        if day > range.to {
            // A cut after the range: none of the range's history is in the repository.
            if is_cut && hist.cut.is_none() {
                hist.cut = Some(day);
            }
            // After the range: compared once, as a whole, not commit by commit.
            continue;
        }
        commits.push(Walked {
            oid: c.id(),
            tree: c.tree_id(),
            parents: c.parent_ids().collect(),
            day,
            is_cut,
        });
    }
    Ok(Walk { commits, boundary })
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

/// Seconds since the epoch of `day` at 00:00 UTC.
fn day_start_secs(day: Date) -> i64 {
    crate::dates::days_between(jiff::civil::date(1970, 1, 1), day) * 86_400
}
