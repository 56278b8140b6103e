//! `cascade actions`: action items across the notebook, each once with its latest state.

use jiff::civil::Date;
use serde::Serialize;

use crate::actions::{Action, Closed, Ledger, Needs};
use crate::dates::days_between;
use crate::note::ActionState;
use crate::notebook::Notebook;
use crate::ui::{Cell, Table, plural};

/// Which actions to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// Every state.
    All,
    /// `[ ]`
    Open,
    /// `[x]`
    Done,
    /// `[-]`
    Dropped,
    /// Open and due before today.
    Overdue,
}

impl Which {
    /// The word used in messages ("no overdue actions").
    pub fn word(self) -> &'static str {
        match self {
            Which::All => "",
            Which::Open => "open ",
            Which::Done => "done ",
            Which::Dropped => "dropped ",
            Which::Overdue => "overdue ",
        }
    }
}

/// What to list.
#[derive(Debug, Clone)]
pub struct Filter {
    /// State.
    pub which: Which,
    /// Only actions one of whose owners is this handle (aliases resolved).
    pub owner: Option<String>,
    /// Only actions of this report's notes.
    pub report: Option<String>,
}

/// The listed actions.
#[derive(Debug, Clone, Serialize)]
pub struct ActionList {
    /// Schema version of the JSON output.
    pub version: u32,
    /// The day `days_late` is measured against.
    pub today: String,
    /// The actions.
    pub actions: Vec<Item>,
}

/// One action, in the state of the copy written last.
///
/// JSON shows what its newest public copy writes; an action only private notes hold is listed
/// with `"private": true` and nothing they wrote (text, owners, due date, audience). The
/// terminal table shows the supervisor the newest copy, private or not ([`Item::mine`]).
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Text without tokens (null: private).
    pub text: Option<String>,
    /// Only private notes hold it.
    pub private: bool,
    /// `open`, `done` or `dropped`.
    pub state: &'static str,
    /// First `@owner` (null: none), aliases resolved to their person.
    pub owner: Option<String>,
    /// Every `@owner`.
    pub owners: Vec<String>,
    /// Groups it goes to: its `share:`, else its note's `share_with` (none under
    /// `default_share = "none"`).
    pub audience: Vec<String>,
    /// Due date (null: none, or not a date).
    pub due: Option<String>,
    /// The report whose notes hold it.
    pub report: String,
    /// The newest note that holds it, relative to the notebook root: where to edit it.
    pub path: String,
    /// Its line there.
    pub line: usize,
    /// The day it was born (its `(from …)` date, else its first note's).
    pub from: Option<String>,
    /// Days past due, for an open action due before today.
    pub days_late: Option<i64>,
    /// The day it was done or dropped (null while open, or when no history tells).
    pub closed_on: Option<String>,
    /// The commit that closed it (null: not committed, or no history).
    pub commit: Option<String>,
    /// Copies still open elsewhere although it is closed (`path:line`): ticks to make.
    pub stale: Vec<String>,
    /// What the newest copy writes, private or not: for the terminal only.
    #[serde(skip)]
    pub mine: Mine,
}

/// The newest copy of an action as the supervisor sees it in the terminal.
#[derive(Debug, Clone, Default)]
pub struct Mine {
    /// Text without tokens.
    pub text: String,
    /// Owners.
    pub owners: Vec<String>,
    /// Due date.
    pub due: Option<String>,
    /// Days past due.
    pub days_late: Option<i64>,
    /// Written in a private note: marked `(private)`.
    pub private: bool,
}

/// Every owner handle written in the notes, for suggestions.
pub fn owners(nb: &Notebook, ledger: &Ledger) -> Vec<String> {
    let mut v: Vec<String> = ledger
        .actions
        .iter()
        .flat_map(|a| a.copies.iter().flat_map(|c| c.owners.iter().cloned()))
        .chain(nb.config.people.keys().cloned())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// What `actions` needs of the history for `which`: the day of each close it lists.
pub fn needs(which: Which) -> Needs {
    Needs {
        close_days: matches!(which, Which::All | Which::Done | Which::Dropped),
        horizon: None,
        until: None,
    }
}

/// List the actions of `ledger` that pass `filter`.
pub fn build(nb: &Notebook, ledger: &Ledger, filter: &Filter, today: Date) -> ActionList {
    let late = |a: &Action, due: Option<Date>| {
        due.filter(|d| a.state == ActionState::Open && *d < today)
            .map(|d| days_between(d, today))
    };
    let mut picked: Vec<&Action> = ledger
        .actions
        .iter()
        .filter(|a| match filter.which {
            Which::All => true,
            Which::Open => a.state == ActionState::Open,
            Which::Done => a.state == ActionState::Done,
            Which::Dropped => a.state == ActionState::Dropped,
            Which::Overdue => late(a, a.latest().due).is_some(),
        })
        .filter(|a| {
            filter
                .report
                .as_deref()
                .is_none_or(|r| nb.canonical(&a.report) == r)
        })
        .filter(|a| {
            filter
                .owner
                .as_deref()
                .is_none_or(|o| a.latest().owners.iter().any(|x| x == o))
        })
        .collect();
    // By due date (undated last), then where they are written; overdue: the latest first.
    // Sorted before they are written out, by what each item will show (an ISO date sorts as
    // its text does), so four thousand items are not moved about.
    let overdue = filter.which == Which::Overdue;
    picked.sort_by_cached_key(|a| {
        let a: &Action = a;
        let c = a.latest();
        (
            std::cmp::Reverse(late(a, c.due).filter(|_| overdue)),
            c.due.is_none(),
            c.due,
            nb.canonical(&a.report),
            &*c.path,
            c.line,
        )
    });
    let items: Vec<Item> = picked
        .into_iter()
        .map(|a| {
            let c = a.latest();
            // What JSON may show: the newest public copy, or nothing of a private action.
            let public = a.shared();
            let (closed_on, commit) = match &a.closed {
                Some(Closed::On(d, commit)) => (Some(d.to_string()), commit.clone()),
                _ => (None, None),
            };
            Item {
                text: public.map(|p| p.texts.title().to_string()),
                private: public.is_none(),
                state: a.state.as_str(),
                owner: public.and_then(|p| p.owners.first().cloned()),
                owners: public.map(|p| p.owners.to_vec()).unwrap_or_default(),
                audience: public.map(|p| p.audience.to_vec()).unwrap_or_default(),
                due: public.and_then(|p| p.due).map(|d| d.to_string()),
                report: nb.canonical(&a.report).to_owned(),
                path: c.path.to_string(),
                line: c.line,
                from: a.opened.map(|d| d.to_string()),
                days_late: public.and_then(|p| late(a, p.due)),
                closed_on,
                commit,
                stale: a
                    .stale_copies()
                    .map(|s| format!("{}:{}", s.path, s.line))
                    .collect(),
                mine: Mine {
                    text: c.texts.title().to_string(),
                    owners: c.owners.to_vec(),
                    due: c.due.map(|d| d.to_string()),
                    days_late: late(a, c.due),
                    private: c.private,
                },
            }
        })
        .collect();
    ActionList {
        version: 1,
        today: today.to_string(),
        actions: items,
    }
}

/// The actions as a table and a count.
pub fn render_human(list: &ActionList, which: Which, color: bool) -> String {
    if list.actions.is_empty() {
        return format!("no {}actions\n", which.word());
    }
    let closes = matches!(which, Which::All | Which::Done | Which::Dropped);
    let mut head = vec!["due", "late", "state"];
    if closes {
        head.push("closed");
    }
    head.extend(["owner", "report", "action", "note"]);
    let mut t = Table::new(&head);
    for a in &list.actions {
        let state_style = match a.state {
            "done" => Some("32"),
            "dropped" => Some("2"),
            _ => None,
        };
        let mut row = vec![
            Cell::new(a.mine.due.as_deref().unwrap_or("-")),
            match a.mine.days_late {
                Some(d) => Cell::styled(plural(d, "day"), Some("1;31")),
                None => Cell::new(""),
            },
            Cell::styled(a.state, state_style),
        ];
        if closes {
            row.push(Cell::new(a.closed_on.as_deref().unwrap_or("")));
        }
        row.extend([
            Cell::new(match a.mine.owners.len() {
                0 => "-".to_owned(),
                _ => a.mine.owners.join(","),
            }),
            Cell::new(&a.report),
            if a.mine.private {
                Cell::new(format!("{} (private)", a.mine.text))
            } else {
                Cell::new(&a.mine.text)
            },
            Cell::styled(format!("{}:{}", a.path, a.line), Some("2")),
        ]);
        t.row(row);
    }
    let mut out = t.render(color);
    let stale: Vec<&str> = list
        .actions
        .iter()
        .flat_map(|a| a.stale.iter().map(String::as_str))
        .collect();
    if !stale.is_empty() {
        out.push_str(&format!(
            "\nstill open in an older or newer copy, although closed: {} (`cascade lint` says how to tick {})\n",
            stale.join(", "),
            if stale.len() == 1 { "it" } else { "them" }
        ));
    }
    let late = list
        .actions
        .iter()
        .filter(|a| a.mine.days_late.is_some())
        .count();
    out.push('\n');
    out.push_str(&plural(
        list.actions.len() as i64,
        &format!("{}action", which.word()),
    ));
    if late > 0 && which != Which::Overdue {
        out.push_str(&format!(", {late} overdue"));
    }
    out.push('\n');
    out
}
