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

use std::collections::{BinaryHeap, HashMap, HashSet};
use std::path::Path;

use git2::{ErrorCode, ObjectType, Oid, Repository, Tree};
use jiff::civil::Date;

use crate::digest::Range;
use crate::error::Result;
use crate::note::{ActionState, Note};
use crate::notebook::load::NoteFile;
use crate::notebook::{NOTES_DIR, Notebook};

/// Commits up to this many days before the range (plus the widest UTC offset) are scanned.
pub const MARGIN_DAYS: i64 = 2;

/// How many commits older than the scanned span the walk goes through before it stops.
const SLOP: usize = 16;

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

/// One commit of the walk, with what the scan needs of it.
struct Walked {
    oid: Oid,
    tree: Oid,
    parents: Vec<Oid>,
    day: Date,
    /// At the cut of a shallow clone: its parents are missing.
    is_cut: bool,
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
    let head = match repo.head() {
        Ok(h) => h.peel_to_commit()?,
        Err(e) if e.code() == ErrorCode::UnbornBranch || e.code() == ErrorCode::NotFound => {
            return Ok(History::without(
                Source::NoCommits,
                "no commits yet: done dates fall back to meeting dates".into(),
            ));
        }
        Err(e) => return Err(e.into()),
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

    let mut hist = History {
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
    };
    let shallow = shallow_commits(&repo);

    // Walk the commits back to the range's start, newest first by committer time, as
    // `git log` does. (libgit2's sorted revwalk reads the whole history before it returns
    // the first commit, so the walk is done here with a heap.)
    let stop = day_start_secs(crate::dates::add_days(range.from, -MARGIN_DAYS)) - 14 * 3600;
    let mut heap: BinaryHeap<ByTime> = BinaryHeap::new();
    let mut seen: HashSet<Oid> = HashSet::new();
    seen.insert(head.id());
    heap.push(ByTime(head.time().seconds(), head.clone()));
    let mut commits: Vec<Walked> = Vec::new();
    // The tree of the newest commit dated on or before the range's last day.
    let mut boundary: Option<Oid> = None;
    let mut old_run = 0;
    let mut out_of_calendar: HashSet<Oid> = HashSet::new();
    while let Some(ByTime(secs, c)) = heap.pop() {
        let day = local_day(secs, c.time().offset_minutes());
        if (day == Date::MAX || day == Date::MIN) && out_of_calendar.insert(c.id()) {
            let short = c.id().to_string();
            hist.warnings.push(format!(
                "commit {} is dated outside the calendar (year {}); it is read as {day}",
                &short[..short.len().min(10)],
                if day == Date::MAX {
                    "after 9999"
                } else {
                    "before -9999"
                }
            ));
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
            // After the range: compared once below, as a whole, not commit by commit.
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

    // Blob ids of the digest's notes at HEAD and at the range's last commit.
    let head_tree = head.tree()?;
    let mut trees = TreeCache::new(&repo)?;
    let mut at_head = Vec::with_capacity(notes.len());
    let mut at_boundary = Vec::with_capacity(notes.len());
    for n in notes {
        let p = repo_path(&n.rel);
        at_head.push(trees.blob_at(head_tree.id(), &p)?);
        at_boundary.push(match boundary {
            Some(b) if b == head_tree.id() => *at_head.last().unwrap_or(&None),
            Some(b) => trees.blob_at(b, &p)?,
            None => None,
        });
    }

    // Changes not committed yet are the newest of all: dated today.
    uncommitted(&repo, notes, &at_head, nb, today, &mut hist)?;

    // Notes of the digest that changed after the range: what they closed since, compared
    // between the range's last commit and HEAD. Only "after the range" matters for this
    // digest, so the commits after it are not diffed one by one.
    let after_day = crate::dates::add_days(range.to, 1);
    let boundary_tree = boundary.map(|b| repo.find_tree(b)).transpose()?;
    let mut later: Vec<Change> = Vec::new();
    // A shallow clone cut after the range has no commit of it: what the notes were then is
    // unknown, not absent, so nothing is learnt from comparing them with HEAD.
    let range_cut_off = boundary.is_none() && hist.cut.is_some();
    for ((n, now), then) in notes.iter().zip(&at_head).zip(&at_boundary) {
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
        find_sources(&repo, bt, &head_tree, &mut later, &repo_path)?;
    }
    for ch in &later {
        examine(&repo, ch, after_day, None, &mut hist)?;
    }

    // Commits dated in the range (and the margin before it): each against its first parent,
    // skipping what did not change.
    let mut notes_tree_of: HashMap<Oid, Option<Oid>> = HashMap::new();
    for w in &commits {
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
        let new_dir = dir_of_tree(&mut trees, &mut notes_tree_of, w.tree, &notes_dir)?;
        let parent_tree = match w.parents.first() {
            Some(p) => Some(repo.find_commit(*p)?.tree_id()),
            None => None,
        };
        let old_dir = match parent_tree {
            Some(pt) => dir_of_tree(&mut trees, &mut notes_tree_of, pt, &notes_dir)?,
            None => None,
        };
        if old_dir == new_dir {
            continue;
        }
        let mut changes = changed_files(&mut trees, old_dir, new_dir)?;
        if changes.is_empty() {
            continue;
        }
        if let Some(pt) = parent_tree
            && changes.iter().any(|c| c.old.is_none())
            && changes.iter().any(|c| c.new.is_none())
        {
            let (old_tree, new_tree) = (repo.find_tree(pt)?, repo.find_tree(w.tree)?);
            find_sources(&repo, &old_tree, &new_tree, &mut changes, &repo_path)?;
        }
        for ch in &changes {
            examine(&repo, ch, w.day, Some(w.oid), &mut hist)?;
        }
    }
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
    Ok(hist)
}

/// Compare a changed note's versions and record the actions it closed.
fn examine(
    repo: &Repository,
    ch: &Change,
    day: Date,
    commit: Option<Oid>,
    hist: &mut History,
) -> Result<()> {
    let Some(new) = ch.new else {
        return Ok(());
    };
    let new_blob = repo.find_blob(new)?;
    let old_blob = ch.old.map(|o| repo.find_blob(o)).transpose()?;
    compare(
        &ch.rel,
        old_blob.as_ref().map(|b| b.content()),
        new_blob.content(),
        day,
        commit,
        hist,
    );
    Ok(())
}

/// Record actions closed between `old` and `new` (the texts of one note file).
fn compare(
    rel: &str,
    old: Option<&[u8]>,
    new: &[u8],
    day: Date,
    commit: Option<Oid>,
    hist: &mut History,
) {
    let Ok(new_text) = crate::text::decode(new) else {
        return;
    };
    let old_text = old.and_then(|o| crate::text::decode(o).ok());
    // Cheap test first: a note that gained no ticked line closed nothing.
    let before: HashSet<&str> = old_text.map(closed_lines).unwrap_or_default();
    if closed_lines(new_text).is_subset(&before) {
        return;
    }
    let new_note = NoteFile::from_note(rel, &Note::parse(new_text));
    let old_states: HashMap<String, ActionState> = old_text
        .map(|t| {
            NoteFile::from_note(rel, &Note::parse(t))
                .actions
                .into_iter()
                .map(|a| (a.identity, a.state))
                .collect()
        })
        .unwrap_or_default();
    for a in &new_note.actions {
        if a.state == ActionState::Open {
            continue;
        }
        let date = match old_states.get(&a.identity) {
            Some(ActionState::Open) => day,
            Some(_) => continue,
            // Written already closed: it counts by its meeting date.
            None => new_note.date.unwrap_or(day),
        };
        hist.record(
            &new_note,
            &a.identity,
            CloseEvent {
                date,
                commit,
                note_date: new_note.date,
                state: a.state,
            },
        );
    }
}

/// Lines holding a ticked or dropped task marker, trimmed.
fn closed_lines(text: &str) -> HashSet<&str> {
    crate::text::lines(text)
        .map(|(_, l)| l.trim())
        .filter(|l| l.contains("[x]") || l.contains("[X]") || l.contains("[-]"))
        .collect()
}

/// Notes of the digest changed in the work tree but not committed: dated `today`.
///
/// A note is compared with HEAD by the id git would give its content, which is cheaper than
/// a status of the whole work tree and needs no index.
fn uncommitted(
    repo: &Repository,
    notes: &[NoteFile],
    at_head: &[Option<Oid>],
    nb: &Notebook,
    today: Date,
    hist: &mut History,
) -> Result<()> {
    for (n, head_blob) in notes.iter().zip(at_head) {
        let file = nb.root.join(&n.rel);
        let Ok(new) = crate::notebook::inventory::read_capped(&file, nb.max_note_bytes()) else {
            continue;
        };
        let head_blob = *head_blob;
        if head_blob.is_some() && head_blob == Oid::hash_object(ObjectType::Blob, &new).ok() {
            continue;
        }
        let old = head_blob.map(|o| repo.find_blob(o)).transpose()?;
        compare(
            &n.rel,
            old.as_ref().map(|b| b.content()),
            &new,
            today,
            None,
            hist,
        );
    }
    Ok(())
}

/// For notes added between two trees, find the note each was renamed from (git's similarity
/// detection), so an action keeps its history when a note is renamed to fix its date.
fn find_sources(
    repo: &Repository,
    old_tree: &Tree,
    new_tree: &Tree,
    changes: &mut Vec<Change>,
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
        let from_rel = d.old_file().path().and_then(path_str);
        let old_blob = d.old_file().id();
        if let Some(from) = from_rel {
            changes.retain(|c| c.new.is_some() || repo_path(&c.rel) != from);
        }
        if let Some(c) = changes.iter_mut().find(|c| &c.rel == to_rel) {
            c.old = Some(old_blob);
        }
    }
    Ok(())
}

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
struct TreeCache<'r> {
    odb: git2::Odb<'r>,
    recent: Vec<std::rc::Rc<RawTree>>,
}

impl<'r> TreeCache<'r> {
    fn new(repo: &'r Repository) -> Result<Self> {
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
    fn blob_at(&mut self, root: Oid, path: &str) -> Result<Option<Oid>> {
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
fn changed_files(trees: &mut TreeCache, old: Option<Oid>, new: Option<Oid>) -> Result<Vec<Change>> {
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
                });
            }
        }
    }
    Ok(out)
}

/// The tree id of `dir` (path components) inside the tree `root`, cached per root tree.
fn dir_of_tree(
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

/// Commits at the cut of a shallow clone (their parents are not in the repository).
fn shallow_commits(repo: &Repository) -> HashSet<Oid> {
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

#[cfg(test)]
mod tests {
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
