//! Which lines are the same action: a carried copy continues the action it was carried from,
//! and a reworded copy is still that action.
//!
//! A line with `(from DATE)` continues an action born on DATE in the same report's notes: the one
//! with the same text, else the one whose words it shares most (at least half of them), else,
//! when exactly one action of that day is left without its copy in this note, that one. Two
//! candidates as close as each other make the line [`Ambiguity`]. A line without `(from …)` is a
//! new action, unless it repeats word for word an action of the report still open.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use super::{Action, Copy};
use crate::note::{self, ActionState, Texts};
use crate::notebook::DefaultShare;
use crate::notebook::load::NoteFile;

/// Words shared, as a share of all words, from which a reworded line is the same action.
pub const SIMILAR: f64 = 0.5;

/// How close two candidates' scores must be for a line to be ambiguous.
const TIE: f64 = 0.1;

/// How many owners of a report's lines are remembered with the handle they stand for.
const OWNERS_SEEN: usize = 8;

/// A line that could continue more than one action.
#[derive(Debug, Clone, PartialEq)]
pub struct Ambiguity {
    /// The note holding the line.
    pub path: String,
    /// The line.
    pub line: usize,
    /// True when the line's note is private (its text is never quoted).
    pub private: bool,
    /// Where the actions it could continue were last written: (path, line).
    pub candidates: Vec<(String, usize)>,
}

/// Words of an action's text, for comparing rewordings.
fn words(identity: &str) -> Vec<&str> {
    let mut w: Vec<&str> = identity
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    w.sort_unstable();
    w.dedup();
    w
}

/// Shared words over all words (Dice's coefficient): 1 for the same words, 0 for none shared.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() && wb.is_empty() {
        return 1.0;
    }
    let shared = wa.iter().filter(|w| wb.binary_search(w).is_ok()).count();
    2.0 * shared as f64 / (wa.len() + wb.len()) as f64
}

/// How well a line continues an action: its best score against any wording the action had.
fn score(action: &Action, identity: &str) -> f64 {
    action
        .copies
        .iter()
        .map(|c| {
            if *c.texts.identity() == *identity {
                1.0
            } else {
                similarity(c.texts.identity(), identity)
            }
        })
        .fold(0.0, f64::max)
}

/// One action line of a note, public or private.
struct Line<'a> {
    action: &'a note::Action,
    private: bool,
}

/// Link every action line of `notes` (sorted by report, date and path) into actions.
pub fn link(
    notes: &[NoteFile],
    canonical: &(dyn Fn(&str) -> String + Sync),
    default_share: DefaultShare,
) -> (Vec<Action>, Vec<Ambiguity>) {
    let reports = by_report(notes);
    // An action never crosses reports: each report is linked on its own, in parallel, and
    // the results are put back in the notes' order.
    let linked: Vec<(Vec<Action>, Vec<Ambiguity>)> = reports
        .par_iter()
        .map(|notes| link_report(notes, canonical, default_share))
        .collect();
    let mut actions = Vec::with_capacity(linked.iter().map(|(a, _)| a.len()).sum());
    let mut ambiguous = Vec::new();
    for (a, amb) in linked {
        actions.extend(a);
        ambiguous.extend(amb);
    }
    (actions, ambiguous)
}

/// The reports of `notes` (sorted by report, date and path), each with its notes.
pub(crate) fn by_report(notes: &[NoteFile]) -> Vec<&[NoteFile]> {
    notes.chunk_by(|a, b| a.report == b.report).collect()
}

/// Link the notes of one report (sorted by date and path).
fn link_report(
    notes: &[NoteFile],
    canonical: &(dyn Fn(&str) -> String + Sync),
    default_share: DefaultShare,
) -> (Vec<Action>, Vec<Ambiguity>) {
    let lines: usize = notes
        .iter()
        .map(|n| n.actions.len() + n.private_actions.len())
        .sum();
    // At most one action per line: the list never grows by copying every action made so far.
    let mut actions: Vec<Action> = Vec::with_capacity(lines);
    let mut ambiguous = Vec::new();
    // The report's actions by every wording they had, and by the day they were born: a line
    // is looked up, not compared with every action of the report (hundreds in a report met
    // weekly for years).
    let mut known = Known::default();
    known.wordings.reserve(lines);
    // Every note of the report names it alike (`by_report`): its actions share one name.
    if let Some(n) = notes.first() {
        known.report = Arc::from(n.report.as_str());
    }
    // A report's lines name the same few owners over and over: each is resolved once.
    let seen: RefCell<Vec<(String, String)>> = RefCell::new(Vec::new());
    let owner = |o: &str| -> String {
        let mut seen = seen.borrow_mut();
        if let Some((_, h)) = seen.iter().find(|(k, _)| k == o) {
            return h.clone();
        }
        let h = canonical(o);
        // Only the first few: a report naming many owners is not searched through them all.
        if seen.len() < OWNERS_SEEN {
            seen.push((o.to_owned(), h.clone()));
        }
        h
    };
    for n in notes {
        link_note(
            n,
            &mut actions,
            &mut known,
            &mut ambiguous,
            &owner,
            default_share,
        );
    }
    (actions, ambiguous)
}

/// A report's actions so far, by each wording they had and by the day they were born.
#[derive(Default)]
struct Known<'a> {
    /// The report's name, shared by its actions.
    report: Arc<str>,
    wordings: FxHashMap<&'a str, Actions>,
    lists: super::Lists,
    born: FxHashMap<Option<Date>, Vec<usize>>,
}

/// The actions that had one wording: nearly always one, so it is held without a list.
enum Actions {
    One(usize),
    Many(Vec<usize>),
}

impl Actions {
    fn as_slice(&self) -> &[usize] {
        match self {
            Actions::One(k) => std::slice::from_ref(k),
            Actions::Many(v) => v,
        }
    }

    /// Add the action `k`, unless it is there already.
    fn add(&mut self, k: usize) {
        match self {
            Actions::One(j) if *j == k => {}
            Actions::One(j) => *self = Actions::Many(vec![*j, k]),
            Actions::Many(v) => {
                if !v.contains(&k) {
                    v.push(k);
                }
            }
        }
    }
}

/// Link the lines of one note to the report's actions (those in `known`), or start new ones.
fn link_note<'a>(
    n: &'a NoteFile,
    actions: &mut Vec<Action>,
    known: &mut Known<'a>,
    ambiguous: &mut Vec<Ambiguity>,
    canonical: &dyn Fn(&str) -> String,
    default_share: DefaultShare,
) {
    let lines: Vec<Line> = n
        .actions
        .iter()
        .map(|a| Line {
            action: a,
            private: false,
        })
        .chain(n.private_actions.iter().map(|a| Line {
            action: a,
            private: true,
        }))
        .collect();
    let mut p = Placing {
        note: n,
        target: vec![None; lines.len()],
        taken: Vec::new(),
        lines,
        born: &known.born,
    };
    // Word for word first, so a reworded line never takes another line's action.
    p.word_for_word(actions, &known.wordings);
    p.reworded(actions, ambiguous);
    p.left_over(actions, ambiguous);
    let Placing { lines, target, .. } = p;
    let path: Arc<str> = Arc::from(n.rel.as_str());
    for (l, t) in lines.iter().zip(target) {
        let copy = Copy::of(
            n,
            &path,
            l.action,
            l.private,
            canonical,
            default_share,
            &mut known.lists,
        );
        let k = t.unwrap_or(actions.len());
        known
            .wordings
            .entry(l.action.texts.identity())
            .and_modify(|same| same.add(k))
            .or_insert(Actions::One(k));
        match t {
            Some(k) => actions[k].copies.push(copy),
            None => {
                let opened = from_of(l).or(n.date);
                known.born.entry(opened).or_default().push(k);
                // Most actions are carried once before they close.
                let mut copies = Vec::with_capacity(2);
                copies.push(copy);
                actions.push(Action {
                    report: Arc::clone(&known.report),
                    opened,
                    copies,
                    ..Action::default()
                });
            }
        }
    }
}

fn from_of(l: &Line) -> Option<Date> {
    l.action
        .from
        .as_ref()
        .and_then(|f| f.date.as_ref().ok().copied())
}

/// The lines of one note being placed: which action each continues (an action takes at most
/// one line of a note).
struct Placing<'a, 'b> {
    note: &'a NoteFile,
    lines: Vec<Line<'a>>,
    target: Vec<Option<usize>>,
    taken: Vec<usize>,
    /// The report's actions by the day they were born, in the order they were.
    born: &'b FxHashMap<Option<Date>, Vec<usize>>,
}

impl Placing<'_, '_> {
    /// The report's actions born on `day`, in the order they were.
    fn born_on(&self, day: Date) -> &[usize] {
        self.born.get(&Some(day)).map_or(&[], Vec::as_slice)
    }

    fn place(&mut self, i: usize, k: usize) {
        self.target[i] = Some(k);
        self.taken.push(k);
    }

    /// Lines written as a copy of an action already was: the newest such action.
    fn word_for_word(&mut self, actions: &[Action], wordings: &FxHashMap<&str, Actions>) {
        for i in 0..self.lines.len() {
            let l = &self.lines[i];
            let from = from_of(l);
            let Some(same) = wordings.get(l.action.texts.identity()) else {
                continue;
            };
            let found = same.as_slice().iter().copied().filter(|&k| {
                let a = &actions[k];
                !self.taken.contains(&k)
                    && match from {
                        Some(f) => a.opened == Some(f),
                        // Without `(from …)`, only an action still open is continued.
                        None => a
                            .copies
                            .last()
                            .is_some_and(|c| c.state == ActionState::Open),
                    }
            });
            if let Some(k) = found.max() {
                self.place(i, k);
            }
        }
    }

    /// Lines with `(from DATE)` against the actions born that day, by shared words.
    fn reworded(&mut self, actions: &[Action], ambiguous: &mut Vec<Ambiguity>) {
        for i in 0..self.lines.len() {
            if self.target[i].is_some() {
                continue;
            }
            let Some(f) = from_of(&self.lines[i]) else {
                continue;
            };
            let identity = self.lines[i].action.texts.identity();
            let mut scored: Vec<(f64, usize)> = self
                .born_on(f)
                .iter()
                .copied()
                .filter(|k| !self.taken.contains(k))
                .map(|k| (score(&actions[k], identity), k))
                .filter(|(s, _)| *s >= SIMILAR)
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let Some(&(best, k)) = scored.first() else {
                continue;
            };
            let rivals: Vec<usize> = scored
                .iter()
                .filter(|(s, _)| best - *s < TIE)
                .map(|(_, k)| *k)
                .collect();
            if rivals.len() > 1 {
                ambiguous.push(ambiguity(self.note, &self.lines[i], &rivals, actions));
            }
            self.place(i, k);
        }
    }

    /// A line rewritten beyond recognition: the one open action of its day left over, when
    /// it is the one line of that day left too.
    fn left_over(&mut self, actions: &[Action], ambiguous: &mut Vec<Ambiguity>) {
        for i in 0..self.lines.len() {
            if self.target[i].is_some() {
                continue;
            }
            let Some(f) = from_of(&self.lines[i]) else {
                continue;
            };
            let left: Vec<usize> = self
                .born_on(f)
                .iter()
                .copied()
                .filter(|k| {
                    !self.taken.contains(k)
                        && actions[*k]
                            .copies
                            .last()
                            .is_some_and(|c| c.state == ActionState::Open)
                })
                .collect();
            let unplaced = (0..self.lines.len())
                .filter(|&j| self.target[j].is_none() && from_of(&self.lines[j]) == Some(f))
                .count();
            match (left.len(), unplaced) {
                (1, 1) => self.place(i, left[0]),
                (0, _) => {}
                _ => ambiguous.push(ambiguity(self.note, &self.lines[i], &left, actions)),
            }
        }
    }
}

fn ambiguity(n: &NoteFile, l: &Line, candidates: &[usize], actions: &[Action]) -> Ambiguity {
    Ambiguity {
        path: n.rel.clone(),
        line: l.action.line,
        private: l.private || n.private,
        candidates: candidates
            .iter()
            .filter_map(|k| actions[*k].copies.last())
            .map(|c| (c.path.to_string(), c.line))
            .collect(),
    }
}

/// What another version of a note says of one of its action lines: all that is needed to find
/// a copy in it ([`find_in`]). Two are equal when they say the same of it: the same identity,
/// state and `(from …)` day (what a line read back from the cache keeps).
#[derive(Debug, Clone)]
pub struct Held {
    /// The line's texts, shared with the note's action, for its identity (its case-folded
    /// title); read back from a cache, the identity alone.
    pub texts: Texts,
    /// Open, done or dropped in that version.
    pub state: ActionState,
    /// The day of its `(from YYYY-MM-DD)`, when it has a valid one.
    pub from: Option<Date>,
}

impl PartialEq for Held {
    fn eq(&self, other: &Held) -> bool {
        (self.texts.identity(), self.state, self.from)
            == (other.texts.identity(), other.state, other.from)
    }
}

impl Eq for Held {}

impl From<&note::Action> for Held {
    fn from(a: &note::Action) -> Held {
        Held {
            texts: a.texts.clone(),
            state: a.state,
            from: a.from.as_ref().and_then(|f| f.date.as_ref().ok().copied()),
        }
    }
}

/// The actions a note's lines continue, by line: used to find one copy in another version of
/// the same note (a commit of it, or the work tree).
pub fn find_in(version: &[Held], copy: &Copy) -> Option<ActionState> {
    if let Some(a) = version
        .iter()
        .find(|a| a.texts.identity() == copy.texts.identity())
    {
        return Some(a.state);
    }
    let from = copy.from;
    version
        .iter()
        .filter(|a| a.from == from)
        .map(|a| {
            (
                similarity(a.texts.identity(), copy.texts.identity()),
                a.state,
            )
        })
        .filter(|(s, _)| *s >= SIMILAR)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, s)| s)
}
