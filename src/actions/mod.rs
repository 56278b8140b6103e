//! The action model: one identity per action across a report's notes, and one state for it.
//!
//! An action is born on a line of one note. `cascade new` carries it into the report's next note
//! as a copy marked `(from DATE)`, the day it was born; a copy may be reworded, ticked, dropped or
//! deleted in any note, in any editor. [`link`] decides which lines are copies of which action;
//! the action's state is the state of the copy **written most recently**: by the time of the
//! commit that wrote that copy's state, uncommitted edits newest of all. When that time is not
//! known (no repository, or not asked for), a closed copy wins over an open one (a tick is never
//! undone by a copy written before it), then the newest note's copy.
//!
//! The write times come from git ([`crate::git::history`]); this module only decides. Private
//! notes' copies count for the state like any other, but their text is never what a shared
//! output shows: [`Action::shared`] is the newest public copy, and an action with none is
//! private as a whole.

pub mod edit;
pub mod kept;
pub mod link;
pub mod select;
pub mod write;

use std::sync::Arc;

use jiff::civil::Date;

use crate::note::{self, ActionState, Texts};
use crate::notebook::load::NoteFile;
use crate::notebook::{DefaultShare, Notebook};

pub use link::Ambiguity;

/// When a copy's state was written: a commit, or the work tree.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    /// Not committed yet: newer than any commit.
    pub uncommitted: bool,
    /// The commit's time (seconds since the epoch); 0 for the work tree.
    pub secs: i64,
    /// The day it counts for: the commit's local day, today for the work tree, the meeting's
    /// day for a copy that was written already closed in its meeting.
    pub day: Date,
    /// The commit, when committed.
    pub commit: Option<String>,
}

/// What the history says of a copy's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Written then.
    At(Stamp),
    /// Written before this day: the history was read back to it only.
    Before(Date),
    /// Written after the end of this day (a view that needs no later day: the digest of a
    /// past week only needs to know that a close came after it).
    After(Date),
}

/// One line of one note that is a copy of an action.
#[derive(Debug, Clone, PartialEq)]
pub struct Copy {
    /// The note, relative to the notebook root.
    pub path: Arc<str>,
    /// The line.
    pub line: usize,
    /// The note's meeting date.
    pub note_date: Option<Date>,
    /// `[ ]`, `[x]` or `[-]` on this line.
    pub state: ActionState,
    /// The note is private: this copy's text is never shared.
    pub private: bool,
    /// Its text as written (what `new` carries), its title and its identity: the note's
    /// action's, shared.
    pub texts: Texts,
    /// Owners, aliases resolved to their person's handle.
    pub owners: Arc<[String]>,
    /// Due date, when it is one.
    pub due: Option<Date>,
    /// The `(from …)` date, when it is one.
    pub from: Option<Date>,
    /// The groups it goes to: its own `share:`, else its note's `share_with` (none under
    /// `default_share = "none"`).
    pub audience: Arc<[String]>,
    /// When its state was written, once the history was asked.
    pub written: Option<Written>,
}

impl Copy {
    /// The copy of `a`, a line of the note `n` whose path is `path` (one text shared by all
    /// the note's copies), its owners and groups shared with the copies before it that had the
    /// same (`lists` remembers them).
    pub(crate) fn of(
        n: &NoteFile,
        path: &Arc<str>,
        a: &note::Action,
        private: bool,
        canonical: &dyn Fn(&str) -> String,
        default_share: DefaultShare,
        lists: &mut Lists,
    ) -> Copy {
        let owners = Lists::get(&mut lists.owners, &a.owners, |raw| {
            let mut owners: Vec<String> = Vec::with_capacity(raw.len());
            for o in raw {
                let h = canonical(o);
                if !owners.contains(&h) {
                    owners.push(h);
                }
            }
            owners
        });
        let audience = default_share.audience(&a.share, &n.share_with);
        let audience = Lists::get(&mut lists.groups, audience, |raw| {
            let mut groups: Vec<String> = Vec::with_capacity(raw.len());
            for g in raw {
                if !groups.contains(g) {
                    groups.push(g.clone());
                }
            }
            groups
        });
        Copy {
            path: Arc::clone(path),
            line: a.line,
            note_date: n.date,
            state: a.state,
            private: private || n.private,
            texts: a.texts.clone(),
            owners,
            due: a.due.as_ref().and_then(|d| d.date.as_ref().ok().copied()),
            from: a.from.as_ref().and_then(|d| d.date.as_ref().ok().copied()),
            audience,
            written: None,
        }
    }

    /// The day a closed copy's state counts for, as far as known: unknown days first.
    fn close_day(&self) -> Date {
        match &self.written {
            Some(Written::At(s)) => s.day,
            Some(Written::After(d)) => crate::dates::add_days(*d, 1),
            Some(Written::Before(d)) => crate::dates::add_days(*d, -1),
            None => Date::MIN,
        }
    }

    /// The order in which copies were written: known times after unknown ones.
    fn order(&self) -> (u8, bool, i64) {
        match &self.written {
            Some(Written::At(s)) => (1, s.uncommitted, s.secs),
            // After every commit of its day: later than anything known up to it.
            Some(Written::After(d)) => (1, false, crate::dates::day_start_secs(*d) + 2 * 86_400),
            Some(Written::Before(_)) | None => (0, false, i64::MIN),
        }
    }
}

/// The owners and groups of the copies made so far, as written and as copies hold them: a
/// report's lines name the same few owners and groups over and over, and each list is held
/// once however many copies name it.
#[derive(Default)]
pub(crate) struct Lists {
    owners: Vec<(Vec<String>, Arc<[String]>)>,
    groups: Vec<(Vec<String>, Arc<[String]>)>,
}

impl Lists {
    /// How many lists of each kind are remembered: a report naming many is not searched
    /// through them all.
    const KEEP: usize = 8;

    /// The list made of `raw` by `make`, the one made before when `raw` was seen.
    fn get(
        seen: &mut Vec<(Vec<String>, Arc<[String]>)>,
        raw: &[String],
        make: impl FnOnce(&[String]) -> Vec<String>,
    ) -> Arc<[String]> {
        if let Some((_, made)) = seen.iter().find(|(r, _)| r.as_slice() == raw) {
            return Arc::clone(made);
        }
        let made: Arc<[String]> = make(raw).into();
        if seen.len() < Self::KEEP {
            seen.push((raw.to_vec(), Arc::clone(&made)));
        }
        made
    }
}

/// When an action was closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closed {
    /// On this day, by this commit (None: not committed, or the day is a meeting's).
    On(Date, Option<String>),
    /// Before this day; the history was not read further back.
    Before(Date),
    /// After this day; the history was not read for later days.
    After(Date),
    /// Before a shallow clone's cut: the day is unknown.
    Unknown,
}

/// One action, followed across its copies.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Action {
    /// The report whose notes hold it.
    pub report: Arc<str>,
    /// The day it was born: its `(from …)` date, else its first note's date.
    pub opened: Option<Date>,
    /// Its copies, in the order of their notes (report, date, path).
    pub copies: Vec<Copy>,
    /// Its state: that of the copy written most recently.
    pub state: ActionState,
    /// Which copy that is.
    pub winner: usize,
    /// When it was closed (None while open).
    pub closed: Option<Closed>,
    /// The copy whose tick (or drop) closed it.
    pub closer: Option<usize>,
}

impl Action {
    /// The copy in the newest note: where the action is edited, and what `new` carries.
    pub fn latest(&self) -> &Copy {
        &self.copies[self.copies.len() - 1]
    }

    /// The newest copy written in a public note: the only text a shared output may show.
    pub fn shared(&self) -> Option<&Copy> {
        self.copies.iter().rev().find(|c| !c.private)
    }

    /// The newest public copy in a note dated up to `day` (else the newest public copy): what
    /// a digest of a range ending on `day` shows, as it was written then.
    pub fn shared_by(&self, day: Date) -> Option<&Copy> {
        self.copies
            .iter()
            .rev()
            .filter(|c| !c.private)
            .find(|c| c.note_date.is_some_and(|d| d <= day))
            .or_else(|| self.shared())
    }

    /// No copy of it is public: nothing of it is shared.
    pub fn is_private(&self) -> bool {
        self.shared().is_none()
    }

    /// The day it was closed, when known.
    pub fn closed_on(&self) -> Option<Date> {
        match &self.closed {
            Some(Closed::On(d, _)) => Some(*d),
            _ => None,
        }
    }

    /// Copies still open in notes newer than the one whose tick closed the action: each reads
    /// as open to whoever opens the newest note, so each is a tick to make. (Older notes stay
    /// as they were: the action was open at those meetings.)
    pub fn stale_copies(&self) -> impl Iterator<Item = &Copy> {
        let after = self.closer.map_or(usize::MAX, |i| i + 1);
        self.copies
            .iter()
            .skip(after)
            .filter(|c| c.state == ActionState::Open)
    }

    /// Whether only the history can tell its state: an open copy in a note newer than a
    /// closed one (ticked in an older note after being carried, or carried after a tick), or
    /// copies both done and dropped. Open copies only in notes older than every closed one are
    /// the usual carry-then-tick: the action was open at those meetings, and is closed.
    pub fn undecided(&self) -> bool {
        let Some(first) = self
            .copies
            .iter()
            .position(|c| c.state != ActionState::Open)
        else {
            return false;
        };
        let closed = self.copies[first].state;
        self.copies[first + 1..]
            .iter()
            .any(|c| c.state == ActionState::Open || c.state != closed)
    }

    /// The state as of the end of `day`: closed on a later day means open then.
    pub fn state_on(&self, day: Date) -> Option<ActionState> {
        if self.opened.is_some_and(|o| o > day) {
            return None;
        }
        match &self.closed {
            None => Some(ActionState::Open),
            Some(Closed::On(d, _)) if *d > day => Some(ActionState::Open),
            Some(Closed::After(d)) if *d >= day => Some(ActionState::Open),
            Some(Closed::After(_)) => None,
            Some(Closed::On(..)) | Some(Closed::Before(_)) => Some(self.state),
            Some(Closed::Unknown) => None,
        }
    }

    /// Decide the state and the day it was closed from the copies' write times.
    fn resolve(&mut self, cut: bool) {
        // The copy written last; on a tie (one commit wrote both, or neither time is known)
        // a closed copy wins, then the newest note's.
        let winner = (0..self.copies.len())
            .max_by_key(|&i| {
                let c = &self.copies[i];
                (c.order(), c.state != ActionState::Open, i)
            })
            .unwrap_or(0);
        self.winner = winner;
        self.state = self
            .copies
            .get(winner)
            .map_or(ActionState::Open, |c| c.state);
        if self.state == ActionState::Open {
            self.closed = None;
            self.closer = None;
            return;
        }
        // Closed when the first copy in this state was written after every other state's, or
        // in the same commit as the last of them: there a closed copy wins, as it does for the
        // winner, so a later tick of a stale copy does not move the day.
        let others = self
            .copies
            .iter()
            .filter(|c| c.state != self.state)
            .map(Copy::order)
            .max();
        let first = self
            .copies
            .iter()
            .enumerate()
            .filter(|(_, c)| c.state == self.state)
            .filter(|(_, c)| others.is_none_or(|o| c.order() > o || (c.order() == o && o.0 == 1)))
            // The earliest by the day each counts for (a line written closed in its meeting
            // counts on the meeting's day, whenever it was committed), then by when written.
            .min_by_key(|(i, c)| (c.close_day(), c.order(), *i))
            .map_or(winner, |(i, _)| i);
        self.closer = Some(first);
        let c = &self.copies[first];
        self.closed = Some(match &c.written {
            Some(Written::At(s)) => Closed::On(s.day, s.commit.clone()),
            Some(Written::Before(d)) => Closed::Before(*d),
            Some(Written::After(d)) => Closed::After(*d),
            None if cut => Closed::Unknown,
            // No history: the first note that lists it closed dates it.
            None => match self
                .copies
                .iter()
                .filter(|c| c.state == self.state)
                .find_map(|c| c.note_date)
            {
                Some(d) => Closed::On(d, None),
                None => Closed::Unknown,
            },
        });
    }
}

/// Where the times of the copies came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Git history.
    Git,
    /// The notebook is not in a git repository: meeting dates stand in.
    NoRepo,
    /// The repository has no commits yet: meeting dates stand in.
    NoCommits,
}

/// What a view needs the history for, beyond ordering copies that disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs {
    /// The day each closed action was closed.
    pub close_days: bool,
    /// Closes before this day need no day (the history is read back to it only).
    pub horizon: Option<Date>,
    /// Closes after this day need no day either: only that they came after it.
    pub until: Option<Date>,
}

/// A copy whose write time the history must find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    /// Index of the action in [`Ledger::actions`].
    pub action: usize,
    /// Index of the copy in its action.
    pub copy: usize,
    /// Its state decides between copies: read the history as far back as it takes.
    pub deep: bool,
}

/// Every action of a notebook, each with its state.
#[derive(Debug, Clone)]
pub struct Ledger {
    /// Actions by report, then by the day they were born.
    pub actions: Vec<Action>,
    /// Lines that could continue more than one action.
    pub ambiguous: Vec<Ambiguity>,
    /// Where the write times came from.
    pub source: Source,
    /// A shallow clone's cut was reached: closes before it have no day.
    pub cut: bool,
    /// The newest day of a shallow clone's cut that the history reached.
    pub cut_day: Option<Date>,
    /// Messages for the user.
    pub warnings: Vec<String>,
    /// Messages for `-v`: whether the history index was read and written.
    pub notices: Vec<String>,
}

impl Ledger {
    /// Link the action lines of `notes` (sorted by report, date and path) into actions, each
    /// with the state it has when no write time is known.
    pub fn link(nb: &Notebook, notes: &[NoteFile]) -> Ledger {
        let canonical = |h: &str| nb.canonical(h).to_owned();
        let (actions, ambiguous) = link::link(notes, &canonical, nb.config.default_share);
        Ledger::of(actions, ambiguous)
    }

    /// The ledger of linked `actions`, each with the state it has when no write time is
    /// known.
    pub(crate) fn of(actions: Vec<Action>, ambiguous: Vec<Ambiguity>) -> Ledger {
        let mut l = Ledger {
            actions,
            ambiguous,
            source: Source::Git,
            cut: false,
            cut_day: None,
            warnings: Vec::new(),
            notices: Vec::new(),
        };
        l.resolve();
        l
    }

    /// The copies whose write times the history must find for `needs`.
    pub fn pending(&self, needs: Needs) -> Vec<Pending> {
        let mut out = Vec::new();
        for (i, a) in self.actions.iter().enumerate() {
            if a.undecided() {
                out.extend((0..a.copies.len()).map(|c| Pending {
                    action: i,
                    copy: c,
                    deep: true,
                }));
            } else if needs.close_days && a.state != ActionState::Open {
                // Only the closed copies: the first of them written dates the close.
                out.extend(
                    a.copies
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| c.state != ActionState::Open)
                        .map(|(c, _)| Pending {
                            action: i,
                            copy: c,
                            deep: needs.horizon.is_none(),
                        }),
                );
            }
        }
        out
    }

    /// Decide every action's state again, from the write times found.
    pub fn resolve(&mut self) {
        let cut = self.cut;
        for a in &mut self.actions {
            a.resolve(cut);
        }
    }

    /// The actions of one report.
    pub fn of_report<'a>(&'a self, report: &'a str) -> impl Iterator<Item = &'a Action> {
        self.actions.iter().filter(move |a| *a.report == *report)
    }
}

#[cfg(test)]
mod tests;
