//! The walk of commits: newest first by committer time.

use std::collections::{BinaryHeap, HashMap, HashSet};

use git2::{ErrorCode, Oid, Repository};
use jiff::civil::Date;

use super::blobs::Blobs;
use crate::error::Result;

/// One commit of the walk, with what the scan needs of it.
pub(super) struct Walked {
    pub(super) oid: Oid,
    pub(super) tree: Oid,
    pub(super) parents: Vec<Oid>,
    /// The first parent's tree, when the walk read it already.
    pub(super) parent_tree: Option<Oid>,
    pub(super) secs: i64,
    pub(super) day: Date,
    /// At the cut of a shallow clone: its parents are missing.
    pub(super) is_cut: bool,
}

/// What the walk reads of a commit.
struct Header {
    tree: Oid,
    parents: Vec<Oid>,
    secs: i64,
    offset_minutes: i32,
}

impl Header {
    /// The commit `id`: its header read from the object as git stores it (libgit2 parses
    /// every field, the message too, which was a tenth of a walk through years of history),
    /// or, when it does not read as expected, as libgit2 reads it.
    fn of(
        repo: &Repository,
        odb: Option<&git2::Odb>,
        blobs: &Blobs,
        id: Oid,
    ) -> std::result::Result<Header, git2::Error> {
        // A commit never changes: its header is kept in the history index.
        let (tree, parents, secs, offset_minutes) = blobs.head(id, || {
            let h = Header::read(repo, odb, id)?;
            Ok::<_, git2::Error>((h.tree, h.parents, h.secs, h.offset_minutes))
        })?;
        Ok(Header {
            tree,
            parents,
            secs,
            offset_minutes,
        })
    }

    /// The commit `id`'s header, read from git.
    fn read(
        repo: &Repository,
        odb: Option<&git2::Odb>,
        id: Oid,
    ) -> std::result::Result<Header, git2::Error> {
        if let Some(h) = odb
            .and_then(|o| o.read(id).ok())
            .filter(|o| o.kind() == git2::ObjectType::Commit)
            .and_then(|o| parse_header(o.data()))
        {
            return Ok(h);
        }
        let c = repo.find_commit(id)?;
        Ok(Header {
            tree: c.tree_id(),
            parents: c.parent_ids().collect(),
            secs: c.time().seconds(),
            offset_minutes: c.time().offset_minutes(),
        })
    }
}

/// A commit object's tree, parents and committer time: `tree <hex>`, `parent <hex>`…, then
/// `committer <name> <<email>> <seconds> <±hhmm>` before the first empty line.
fn parse_header(data: &[u8]) -> Option<Header> {
    let head = data.split(|&b| b == b'\n').take_while(|l| !l.is_empty());
    let hex = |h: &[u8]| Oid::from_str(std::str::from_utf8(h).ok()?).ok();
    let mut tree = None;
    let mut parents = Vec::new();
    let mut committer = None;
    for line in head {
        if let Some(t) = line.strip_prefix(b"tree ") {
            tree = Some(hex(t)?);
        } else if let Some(p) = line.strip_prefix(b"parent ") {
            parents.push(hex(p)?);
        } else if let Some(c) = line.strip_prefix(b"committer ") {
            committer = Some(c);
        }
    }
    let c = std::str::from_utf8(committer?).ok()?;
    let (rest, tz) = c.rsplit_once(' ')?;
    let (_, secs) = rest.rsplit_once(' ')?;
    let secs: i64 = secs.parse().ok()?;
    let (sign, hhmm) = match tz.as_bytes().first()? {
        b'+' => (1, &tz[1..]),
        b'-' => (-1, &tz[1..]),
        _ => return None,
    };
    if hhmm.len() != 4 || !hhmm.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i32 = hhmm.parse().ok()?;
    Some(Header {
        tree: tree?,
        parents,
        secs,
        offset_minutes: sign * (n / 100 * 60 + n % 100),
    })
}

/// A commit ordered by its committer time, for the walk's heap.
struct ByTime(i64, Oid, Header);

impl PartialEq for ByTime {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0 && self.1 == other.1
    }
}
impl Eq for ByTime {}
impl PartialOrd for ByTime {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for ByTime {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0).then_with(|| self.1.cmp(&other.1))
    }
}

/// Commits newest first by committer time, as `git log` walks them. (libgit2's sorted revwalk
/// reads the whole history before it returns the first commit, so the walk is done here with a
/// heap, and stops as soon as its reader has what it needs.)
pub(super) struct Commits<'r> {
    repo: &'r Repository,
    blobs: &'r Blobs,
    odb: Option<git2::Odb<'r>>,
    heap: BinaryHeap<ByTime>,
    seen: HashSet<Oid>,
    /// The trees of the commits read and not walked yet: a commit's first parent is read when
    /// the commit is walked, so what the commit changed needs no second read of the parent.
    tree_of: HashMap<Oid, Oid>,
    shallow: HashSet<Oid>,
    out_of_calendar: HashSet<Oid>,
    /// Commits dated outside the calendar, as warnings.
    pub(super) warnings: Vec<String>,
}

impl<'r> Commits<'r> {
    /// The walk from `head`.
    pub(super) fn from(
        repo: &'r Repository,
        blobs: &'r Blobs,
        head: &git2::Commit<'r>,
    ) -> Commits<'r> {
        let mut seen = HashSet::new();
        seen.insert(head.id());
        let mut heap = BinaryHeap::new();
        let h = Header {
            tree: head.tree_id(),
            parents: head.parent_ids().collect(),
            secs: head.time().seconds(),
            offset_minutes: head.time().offset_minutes(),
        };
        heap.push(ByTime(h.secs, head.id(), h));
        Commits {
            repo,
            blobs,
            odb: repo.odb().ok(),
            heap,
            seen,
            tree_of: HashMap::new(),
            shallow: shallow_commits(repo),
            out_of_calendar: HashSet::new(),
            warnings: Vec::new(),
        }
    }

    /// The next commit, or None at the end of the history.
    pub(super) fn next_commit(&mut self) -> Result<Option<Walked>> {
        let Some(ByTime(secs, id, h)) = self.heap.pop() else {
            return Ok(None);
        };
        self.tree_of.remove(&id);
        let day = local_day(secs, h.offset_minutes);
        if (day == Date::MAX || day == Date::MIN) && self.out_of_calendar.insert(id) {
            self.warnings.push(out_of_calendar_warning(id, day));
        }
        let is_cut = self.shallow.contains(&id);
        if !is_cut {
            for &p in &h.parents {
                if self.seen.insert(p) {
                    match Header::of(self.repo, self.odb.as_ref(), self.blobs, p) {
                        Ok(ph) => {
                            self.tree_of.insert(p, ph.tree);
                            self.heap.push(ByTime(ph.secs, p, ph));
                        }
                        // A missing parent: the history was cut here.
                        Err(e) if e.code() == ErrorCode::NotFound => {}
                        Err(e) => return Err(e.into()),
                    }
                }
            }
        }
        let parent_tree = h.parents.first().and_then(|p| self.tree_of.get(p).copied());
        Ok(Some(Walked {
            oid: id,
            tree: h.tree,
            parent_tree,
            parents: h.parents,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commit_belongs_to_its_own_local_day() {
        // 2026-11-29 23:30 -08:00 is 2026-11-30 07:30 UTC: still Sunday where it was made.
        let secs = 1_796_023_800; // 2026-11-30T07:30:00Z
        assert_eq!(local_day(secs, -8 * 60), jiff::civil::date(2026, 11, 29));
        assert_eq!(local_day(secs, 0), jiff::civil::date(2026, 11, 30));
        // One hour later it is Monday in -08:00 too.
        assert_eq!(
            local_day(secs + 3600, -8 * 60),
            jiff::civil::date(2026, 11, 30)
        );
        assert_eq!(local_day(-1, 0), jiff::civil::date(1969, 12, 31));
    }

    #[test]
    fn a_commit_header_reads_as_libgit2_reads_it() {
        let tmp = std::env::temp_dir().join(format!("cascade-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).unwrap();
        let git = |args: &[&str], date: &str| super::super::test_git(&tmp, args, Some(date));
        git(&["init", "-q"], "2020-01-01T00:00:00Z");
        let dates = [
            "2020-01-01T00:00:00+00:00",
            "2021-06-30T23:30:00-08:00",
            "2022-12-31T12:00:00+05:45",
            "1999-03-04T05:06:07-02:30",
            "2026-11-29T23:30:00+14:00",
        ];
        for (i, d) in dates.iter().enumerate() {
            git(
                &[
                    "commit",
                    "-q",
                    "--allow-empty",
                    "-m",
                    &format!("c{i}\n\nbody\ncommitter x"),
                ],
                d,
            );
        }
        // A merge: two parents.
        git(&["checkout", "-q", "-b", "side", "HEAD~2"], dates[0]);
        git(&["commit", "-q", "--allow-empty", "-m", "side"], dates[1]);
        git(&["checkout", "-q", "-"], dates[0]);
        git(&["merge", "-q", "--no-ff", "-m", "merge", "side"], dates[2]);
        let repo = Repository::open(&tmp).unwrap();
        let odb = repo.odb().unwrap();
        let mut walk = repo.revwalk().unwrap();
        walk.push_head().unwrap();
        let mut n = 0;
        for id in walk {
            let id = id.unwrap();
            let c = repo.find_commit(id).unwrap();
            let h = parse_header(odb.read(id).unwrap().data()).expect("header read");
            assert_eq!(h.tree, c.tree_id());
            assert_eq!(h.parents, c.parent_ids().collect::<Vec<_>>());
            assert_eq!(
                (h.secs, h.offset_minutes),
                (c.time().seconds(), c.time().offset_minutes())
            );
            n += 1;
        }
        assert_eq!(n, 7);
        // What does not read as expected is left to libgit2.
        assert!(parse_header(b"tree zz\n").is_none());
        assert!(
            parse_header(
                b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ncommitter A <a> 12 0100\n"
            )
            .is_none()
        );
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
