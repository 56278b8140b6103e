//! A property of the action model: whatever a supervisor does to one report's notes (carry
//! with `new`, tick the newest, an older or a private copy, drop, delete a carried line, reword
//! one, commit on a day), every view agrees with a ledger kept here by the plain rule: the state
//! written most recently, by commit time, wins (uncommitted edits newest); an action closes on
//! the day of the commit that wrote its state (a line written already closed in a note's first
//! commit closes on that meeting's day); a tick of a copy already in that state changes nothing.
//!
//! The views are read through the library, as the commands read them, on a real notebook with
//! real dated commits: `actions` (state, `closed_on`), `status` (open actions), `new`'s
//! carry-over (which actions, in the words of their latest copy) and the digest of every week
//! (done, dropped and open, with the day).

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::{Date, date};
use proptest::prelude::*;

use cascade::actions::Needs;
use cascade::dates::{IsoWeek, add_days};
use cascade::digest::{self, Range};
use cascade::git::history;
use cascade::notebook::Notebook;
use cascade::notebook::load::load_all;
use cascade::scaffold;
use cascade::templates::Templates;
use cascade::views::{actions as view, status};

use crate::common::Env;

/// Where a tick goes.
#[derive(Debug, Clone, Copy)]
enum Copy {
    /// The copy in the newest note holding the action.
    Newest,
    /// A copy in an older note.
    Older,
    /// A copy in a private note.
    Private,
}

#[derive(Debug, Clone)]
enum Op {
    /// `cascade new` for a meeting `gap` days after the last one, then `fresh` actions added;
    /// the note made private when `private` (it may be already, carrying private text).
    New { gap: u8, fresh: u8, private: bool },
    /// Tick an open copy.
    Tick { copy: Copy, pick: u8 },
    /// Drop an open copy.
    Drop { pick: u8 },
    /// Delete an open carried line.
    Delete { pick: u8 },
    /// Change one or two words of an open carried line, keeping its `(from DATE)`.
    Reword { pick: u8, two: bool },
    /// Commit everything `gap` days later.
    Commit { gap: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    let copy = prop_oneof![Just(Copy::Newest), Just(Copy::Older), Just(Copy::Private)];
    prop_oneof![
        3 => (1..=6u8, 0..=2u8, prop::bool::weighted(0.15))
            .prop_map(|(gap, fresh, private)| Op::New { gap, fresh, private }),
        3 => (copy, any::<u8>()).prop_map(|(copy, pick)| Op::Tick { copy, pick }),
        1 => any::<u8>().prop_map(|pick| Op::Drop { pick }),
        1 => any::<u8>().prop_map(|pick| Op::Delete { pick }),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(pick, two)| Op::Reword { pick, two }),
        3 => (0..=3u8).prop_map(|gap| Op::Commit { gap }),
    ]
}

/// One action line of a note, as the test wrote it.
#[derive(Debug, Clone)]
struct Line {
    id: usize,
    state: char,
    /// `act<id>`, then three words; the first two never change, so a reworded line shares at
    /// least half its words with every wording the action had.
    words: [String; 4],
    carried: bool,
}

#[derive(Debug)]
struct NoteM {
    date: Date,
    rel: String,
    private: bool,
    committed: bool,
    lines: Vec<Line>,
}

/// The ledger kept by the test: one action.
#[derive(Debug)]
struct Act {
    born: Date,
    /// ' ', 'x' or '-', as of the last commit.
    state: char,
    closed_on: Option<Date>,
    /// A state written in the work tree since: the state, and the meeting's day when it was
    /// written in a note never committed.
    pending: Option<(char, Option<Date>)>,
}

struct World {
    env: Env,
    day: Date,
    notes: Vec<NoteM>,
    acts: Vec<Act>,
    commits: u32,
    words: u32,
}

fn state_name(c: char) -> &'static str {
    match c {
        'x' => "done",
        '-' => "dropped",
        _ => "open",
    }
}

impl World {
    fn new() -> World {
        let env = Env::new();
        env.notebook();
        let day = date(2026, 10, 5);
        env.commit_all("notebook", "2026-10-04T08:00:00+00:00");
        World {
            env,
            day,
            notes: Vec::new(),
            acts: Vec::new(),
            commits: 0,
            words: 0,
        }
    }

    fn nb(&self) -> Notebook {
        Notebook::discover(&self.env.work()).unwrap()
    }

    /// The state and close day of an action now, uncommitted edits included (`today` dates
    /// them).
    fn now(&self, id: usize, today: Date) -> (char, Option<Date>) {
        let a = &self.acts[id];
        match a.pending {
            Some((s, _)) if s != a.state => (s, Some(today)),
            _ => (a.state, a.closed_on),
        }
    }

    /// The newest note holding action `id`, and its line there.
    fn latest(&self, id: usize) -> (&NoteM, &Line) {
        self.notes
            .iter()
            .rev()
            .find_map(|n| n.lines.iter().find(|l| l.id == id).map(|l| (n, l)))
            .unwrap()
    }

    fn public(&self, id: usize) -> bool {
        self.notes
            .iter()
            .any(|n| !n.private && n.lines.iter().any(|l| l.id == id))
    }

    /// Open copies: (note, line).
    fn open_copies(&self) -> Vec<(usize, usize)> {
        let mut v = Vec::new();
        for (ni, n) in self.notes.iter().enumerate() {
            for (li, l) in n.lines.iter().enumerate() {
                if l.state == ' ' {
                    v.push((ni, li));
                }
            }
        }
        v
    }

    /// The file's line (1-based) holding action `id`.
    fn line_no(&self, rel: &str, id: usize) -> usize {
        let token = format!(" act{id} ");
        self.env
            .read(rel)
            .lines()
            .position(|l| l.starts_with("- [") && l.contains(&token))
            .unwrap()
            + 1
    }

    /// Rewrite the line of action `id` in note `ni` with `f`.
    fn edit(&self, ni: usize, id: usize, f: impl Fn(&str) -> Option<String>) {
        let rel = &self.notes[ni].rel;
        let n = self.line_no(rel, id);
        let text = self.env.read(rel);
        let mut out = String::new();
        for (i, l) in text.lines().enumerate() {
            let l = if i + 1 == n { f(l) } else { Some(l.to_owned()) };
            if let Some(l) = l {
                out.push_str(&l);
                out.push('\n');
            }
        }
        self.env.write(rel, out);
    }

    fn set_state(&mut self, ni: usize, li: usize, state: char) {
        let id = self.notes[ni].lines[li].id;
        self.edit(ni, id, |l| Some(format!("- [{state}]{}", &l[5..])));
        self.notes[ni].lines[li].state = state;
        let meeting = (!self.notes[ni].committed).then_some(self.notes[ni].date);
        self.acts[id].pending = Some((state, meeting));
    }

    fn apply(&mut self, op: &Op) -> Result<(), TestCaseError> {
        match *op {
            Op::New {
                gap,
                fresh,
                private,
            } => self.new_note(gap, fresh, private)?,
            Op::Tick { copy, pick } => {
                let c: Vec<(usize, usize)> = self
                    .open_copies()
                    .into_iter()
                    .filter(|&(ni, li)| {
                        let id = self.notes[ni].lines[li].id;
                        let newest = std::ptr::eq(self.latest(id).0, &self.notes[ni]);
                        self.acts[id].pending.is_none()
                            && match copy {
                                Copy::Newest => newest,
                                Copy::Older => !newest,
                                Copy::Private => self.notes[ni].private,
                            }
                    })
                    .collect();
                if !c.is_empty() {
                    let (ni, li) = c[pick as usize % c.len()];
                    self.set_state(ni, li, 'x');
                }
            }
            Op::Drop { pick } => {
                let c: Vec<(usize, usize)> = self
                    .open_copies()
                    .into_iter()
                    .filter(|&(ni, li)| self.acts[self.notes[ni].lines[li].id].pending.is_none())
                    .collect();
                if !c.is_empty() {
                    let (ni, li) = c[pick as usize % c.len()];
                    self.set_state(ni, li, '-');
                }
            }
            Op::Delete { pick } => {
                let c: Vec<(usize, usize)> = self
                    .open_copies()
                    .into_iter()
                    .filter(|&(ni, li)| self.notes[ni].lines[li].carried)
                    .collect();
                if !c.is_empty() {
                    let (ni, li) = c[pick as usize % c.len()];
                    let id = self.notes[ni].lines[li].id;
                    self.edit(ni, id, |_| None);
                    self.notes[ni].lines.remove(li);
                }
            }
            Op::Reword { pick, two } => {
                let c: Vec<(usize, usize)> = self
                    .open_copies()
                    .into_iter()
                    .filter(|&(ni, li)| self.notes[ni].lines[li].carried)
                    .collect();
                if !c.is_empty() {
                    let (ni, li) = c[pick as usize % c.len()];
                    let slots: &[usize] = match (two, pick % 2) {
                        (true, _) => &[2, 3],
                        (false, 0) => &[2],
                        (false, _) => &[3],
                    };
                    for &s in slots {
                        self.words += 1;
                        let new = format!("r{}", self.words);
                        let old = self.notes[ni].lines[li].words[s].clone();
                        let id = self.notes[ni].lines[li].id;
                        self.edit(ni, id, |l| {
                            Some(l.replacen(&format!(" {old} "), &format!(" {new} "), 1))
                        });
                        self.notes[ni].lines[li].words[s] = new;
                    }
                }
            }
            Op::Commit { gap } => {
                self.day = add_days(self.day, i64::from(gap));
                self.commits += 1;
                let (h, m) = (8 + self.commits / 60, self.commits % 60);
                self.env.commit_all(
                    &format!("commit {}", self.commits),
                    &format!("{}T{h:02}:{m:02}:00+00:00", self.day),
                );
                let day = self.day;
                for a in &mut self.acts {
                    if let Some((s, meeting)) = a.pending.take()
                        && s != a.state
                    {
                        a.state = s;
                        a.closed_on = Some(meeting.map_or(day, |m| m.min(day)));
                    }
                }
                for n in &mut self.notes {
                    n.committed = true;
                }
                self.check(day)?;
            }
        }
        Ok(())
    }

    /// `new` as the command runs it: the ledger of the notes before the meeting, the note
    /// scaffolded from it; then what `new` carried is checked, and fresh actions are added.
    fn new_note(&mut self, gap: u8, fresh: u8, private: bool) -> Result<(), TestCaseError> {
        let day = match self.notes.last() {
            Some(n) => add_days(n.date, i64::from(gap)).max(self.day),
            None => self.day,
        };
        self.day = day;
        let nb = self.nb();
        let loaded = load_all(&nb).held_by(add_days(day, -1));
        let ledger = history::ledger(&nb, &loaded.notes, Needs::default(), day).unwrap();
        let templates = Templates::new(Some(&nb.root));
        let render = |c: &serde_json::Value| templates.render("note.md.j2", c);
        let s = scaffold::scaffold(&nb, "alice", day, false, &ledger, &render).unwrap();

        // What `new` carried: every action open now, in the words of its latest copy.
        let carried: BTreeMap<usize, String> = s
            .text
            .lines()
            .filter(|l| l.starts_with("- [ ] act"))
            .map(|l| {
                let id: usize = l[9..].split(' ').next().unwrap().parse().unwrap();
                (id, l.split(" @").next().unwrap()[6..].to_owned())
            })
            .collect();
        let expected: BTreeMap<usize, String> = (0..self.acts.len())
            .filter(|&id| self.now(id, day).0 == ' ')
            .map(|id| (id, self.latest(id).1.words.join(" ")))
            .collect();
        prop_assert_eq!(&carried, &expected, "new on {}:\n{}", day, self.dump());

        let mut text = s.text.clone();
        if private && !s.private {
            text = format!("---\nprivate: true\n{}", &text[4..]);
        }
        let mut lines: Vec<Line> = carried
            .keys()
            .map(|&id| Line {
                id,
                state: ' ',
                words: self.latest(id).1.words.clone(),
                carried: true,
            })
            .collect();
        let mut added = String::new();
        for _ in 0..fresh {
            let id = self.acts.len();
            let words = [
                format!("act{id}"),
                format!("w{id}a"),
                format!("w{id}b"),
                format!("w{id}c"),
            ];
            added.push_str(&format!(
                "- [ ] {} @alice due:{}\n",
                words.join(" "),
                add_days(day, 3)
            ));
            lines.push(Line {
                id,
                state: ' ',
                words,
                carried: false,
            });
            self.acts.push(Act {
                born: day,
                state: ' ',
                closed_on: None,
                pending: None,
            });
        }
        let prompt = "<!-- - [ ] What to do @owner due:YYYY-MM-DD -->\n";
        prop_assert!(text.contains(prompt));
        text = text.replacen(prompt, &format!("{prompt}{added}"), 1);
        let rel = format!("notes/alice/{day}.md");
        self.env.write(&rel, &text);
        self.notes.push(NoteM {
            date: day,
            rel,
            private: private || s.private,
            committed: false,
            lines,
        });
        Ok(())
    }

    /// Every view against the test's ledger, `today` being the day of the last commit or later.
    fn check(&self, today: Date) -> Result<(), TestCaseError> {
        let nb = self.nb();
        let loaded = load_all(&nb).held_by(today);
        let ledger =
            history::ledger(&nb, &loaded.notes, view::needs(view::Which::All), today).unwrap();
        let filter = view::Filter {
            which: view::Which::All,
            owner: None,
            report: None,
        };
        // Every line written here continues one action only.
        prop_assert!(ledger.ambiguous.is_empty(), "{:?}", ledger.ambiguous);
        let list = view::build(&nb, &ledger, &filter, today);
        let actual: BTreeMap<String, (String, Option<String>)> = list
            .actions
            .iter()
            .map(|a| {
                (
                    format!("{}:{}", a.path, a.line),
                    (a.state.to_owned(), a.closed_on.clone()),
                )
            })
            .collect();
        let expected: BTreeMap<String, (String, Option<String>)> = (0..self.acts.len())
            .map(|id| {
                let (n, _) = self.latest(id);
                let (s, on) = self.now(id, today);
                (
                    format!("{}:{}", n.rel, self.line_no(&n.rel, id)),
                    (state_name(s).to_owned(), on.map(|d| d.to_string())),
                )
            })
            .collect();
        prop_assert_eq!(&actual, &expected, "actions on {}:\n{}", today, self.dump());

        let st = status::build(&nb, &loaded, &ledger, today);
        let open = (0..self.acts.len())
            .filter(|&id| self.now(id, today).0 == ' ')
            .count();
        let row = st.reports.iter().find(|r| r.report == "alice").unwrap();
        prop_assert_eq!(row.open_actions, open, "status on {}", today);

        let Some(first) = self.notes.first() else {
            return Ok(());
        };
        let mut monday = add_days(first.date, -7);
        while monday <= today {
            let range = Range::week(IsoWeek::of(monday));
            monday = add_days(monday, 7);
            self.check_digest(&nb, range, today)?;
        }
        Ok(())
    }

    /// The digest of `range`: done and dropped in it, on their days, and open at its end.
    fn check_digest(&self, nb: &Notebook, range: Range, today: Date) -> Result<(), TestCaseError> {
        let loaded = digest::load(nb, range, today);
        let ledger = history::ledger(nb, &loaded.notes, digest::needs(range), today).unwrap();
        let d = digest::build(nb, range, today, &loaded, &ledger).unwrap();
        let id_of = |text: &str| -> usize { text[3..].split(' ').next().unwrap().parse().unwrap() };
        let got = |v: &[digest::ActionOut], on: fn(&digest::ActionOut) -> Option<String>| {
            v.iter()
                .map(|a| (id_of(&a.text), on(a)))
                .collect::<BTreeSet<_>>()
        };
        let public: Vec<usize> = (0..self.acts.len()).filter(|&id| self.public(id)).collect();
        let closed = |state: char| -> BTreeSet<(usize, Option<String>)> {
            public
                .iter()
                .filter_map(|&id| match self.now(id, today) {
                    (s, Some(on)) if s == state && range.contains(on) => {
                        Some((id, Some(on.to_string())))
                    }
                    _ => None,
                })
                .collect()
        };
        let open: BTreeSet<(usize, Option<String>)> = public
            .iter()
            .filter(|&&id| self.acts[id].born <= range.to)
            .filter(|&&id| match self.now(id, today) {
                (' ', _) => true,
                (_, on) => on.is_some_and(|on| on > range.to),
            })
            .map(|&id| (id, None))
            .collect();
        let week = range.label();
        prop_assert_eq!(
            got(&d.actions.done, |a| a.done_on.clone()),
            closed('x'),
            "done in {} (today {}):\n{}",
            &week,
            today,
            self.dump()
        );
        prop_assert_eq!(
            got(&d.actions.dropped, |a| a.dropped_on.clone()),
            closed('-'),
            "dropped in {} (today {}):\n{}",
            &week,
            today,
            self.dump()
        );
        prop_assert_eq!(
            got(&d.actions.open, |_| None),
            open,
            "open at the end of {} (today {}):\n{}",
            &week,
            today,
            self.dump()
        );
        Ok(())
    }

    /// The notes and the test's ledger, for a failure's message.
    fn dump(&self) -> String {
        let mut s = String::new();
        for n in &self.notes {
            s.push_str(&format!(
                "{}{}{}\n",
                n.rel,
                if n.private { " (private)" } else { "" },
                if n.committed { "" } else { " (uncommitted)" }
            ));
            for l in &n.lines {
                s.push_str(&format!("  [{}] {}\n", l.state, l.words.join(" ")));
            }
        }
        for (id, a) in self.acts.iter().enumerate() {
            s.push_str(&format!(
                "act{id}: born {}, {} closed {:?}, pending {:?}\n",
                a.born,
                state_name(a.state),
                a.closed_on,
                a.pending
            ));
        }
        s
    }
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut w = World::new();
    w.apply(&Op::New {
        gap: 0,
        fresh: 2,
        private: false,
    })?;
    for op in ops {
        w.apply(op)?;
    }
    // Whatever is left uncommitted counts too, as of the next day.
    w.check(add_days(w.day, 1))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        max_shrink_iters: 256,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_view_agrees_with_the_state_written_last_and_the_day_of_its_commit(
        ops in proptest::collection::vec(op(), 4..18)
    ) {
        run(&ops)?;
    }
}
