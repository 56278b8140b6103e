//! `cascade actions`: action items across the notebook, each once with its latest state.

use jiff::civil::Date;
use serde::Serialize;

use crate::dates::days_between;
use crate::note::ActionState;
use crate::notebook::Notebook;
use crate::notebook::load::{NoteFile, TrackedAction, track_actions};
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

/// One action, as of the newest note that lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Text without tokens.
    pub text: String,
    /// `open`, `done` or `dropped`.
    pub state: &'static str,
    /// First `@owner` (null: none).
    pub owner: Option<String>,
    /// Every `@owner`.
    pub owners: Vec<String>,
    /// Due date (null: none, or not a date).
    pub due: Option<String>,
    /// The report whose notes hold it.
    pub report: String,
    /// The newest note that lists it, relative to the notebook root.
    pub path: String,
    /// Its line there.
    pub line: usize,
    /// The day it was first written (its `(from …)` date, else its first note's).
    pub from: Option<String>,
    /// Days past due, for an open action due before today.
    pub days_late: Option<i64>,
}

/// Every owner handle written in the notes, for suggestions.
pub fn owners(nb: &Notebook, notes: &[NoteFile]) -> Vec<String> {
    let mut v: Vec<String> = notes
        .iter()
        .flat_map(|n| n.actions.iter().flat_map(|a| a.owners.iter()))
        .map(|o| nb.canonical(o).to_owned())
        .chain(nb.config.people.keys().cloned())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// List the actions of `notes` that pass `filter`.
pub fn build(nb: &Notebook, notes: &[NoteFile], filter: &Filter, today: Date) -> ActionList {
    let late = |a: &TrackedAction| {
        a.due
            .filter(|d| a.state == ActionState::Open && *d < today)
            .map(|d| days_between(d, today))
    };
    let mut items: Vec<Item> = track_actions(notes)
        .into_iter()
        .filter(|a| match filter.which {
            Which::All => true,
            Which::Open => a.state == ActionState::Open,
            Which::Done => a.state == ActionState::Done,
            Which::Dropped => a.state == ActionState::Dropped,
            Which::Overdue => late(a).is_some(),
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
                .is_none_or(|o| a.owners.iter().any(|x| nb.canonical(x) == o))
        })
        .map(|a| Item {
            days_late: late(&a),
            text: a.title,
            state: a.state.as_str(),
            owner: a.owners.first().cloned(),
            owners: a.owners,
            due: a.due.map(|d| d.to_string()),
            report: nb.canonical(&a.report).to_owned(),
            path: a.path,
            line: a.line,
            from: a.opened.map(|d| d.to_string()),
        })
        .collect();
    // By due date (undated last), then where they are written; overdue: the latest first.
    items.sort_by(|a, b| {
        b.days_late
            .filter(|_| filter.which == Which::Overdue)
            .cmp(&a.days_late.filter(|_| filter.which == Which::Overdue))
            .then_with(|| a.due.is_none().cmp(&b.due.is_none()))
            .then_with(|| a.due.cmp(&b.due))
            .then_with(|| (&a.report, &a.path, a.line).cmp(&(&b.report, &b.path, b.line)))
    });
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
    let mut t = Table::new(&["due", "late", "state", "owner", "report", "action", "note"]);
    for a in &list.actions {
        let state_style = match a.state {
            "done" => Some("32"),
            "dropped" => Some("2"),
            _ => None,
        };
        t.row(vec![
            Cell::new(a.due.as_deref().unwrap_or("-")),
            match a.days_late {
                Some(d) => Cell::styled(plural(d, "day"), Some("1;31")),
                None => Cell::new(""),
            },
            Cell::styled(a.state, state_style),
            Cell::new(match a.owners.len() {
                0 => "-".to_owned(),
                _ => a.owners.join(","),
            }),
            Cell::new(&a.report),
            Cell::new(&a.text),
            Cell::styled(format!("{}:{}", a.path, a.line), Some("2")),
        ]);
    }
    let mut out = t.render(color);
    let late = list
        .actions
        .iter()
        .filter(|a| a.days_late.is_some())
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
