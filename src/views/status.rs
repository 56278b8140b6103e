//! `cascade status`: one row per report, from the config and the notes.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde::Serialize;

use crate::actions::{Action, Ledger};
use crate::measure;
use crate::note::ActionState;
use crate::notebook::Notebook;
use crate::notebook::load::{Loaded, NoteFile};
use crate::number::{self, num, opt_num};
use crate::ui::{Cell, Table, plural};

/// Where every report stands on `today`.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// Schema version of the JSON output.
    pub version: u32,
    /// The day measured against.
    pub today: String,
    /// One row per report, by handle.
    pub reports: Vec<Row>,
}

/// One report.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Handle.
    pub report: String,
    /// Name from the config, else the handle.
    pub name: String,
    /// Date of the last meeting on or before today (null: never met).
    pub last: Option<String>,
    /// When the next meeting is due by cadence (null: never met, so due now).
    pub next_due: Option<String>,
    /// Days past `next_due` (0 when not overdue; null: never met).
    pub overdue_days: Option<i64>,
    /// Open actions of this report's notes, those written in private notes included.
    pub open_actions: usize,
    /// Open actions past their due date.
    pub overdue_actions: usize,
    /// Hours in meetings with this report from the 1st of today's month to today.
    #[serde(serialize_with = "num")]
    pub hours_this_month: f64,
    /// Leverage of the last meeting: the report's working hours until the next meeting over
    /// the meeting's hours.
    #[serde(serialize_with = "opt_num")]
    pub leverage: Option<f64>,
    /// Days between meetings.
    pub cadence_days: u32,
}

/// Build the status of every report: the people of the config (but `me`) and any report
/// that has notes.
pub fn build(nb: &Notebook, loaded: &Loaded, ledger: &Ledger, today: Date) -> Status {
    // Each note and action is looked at once, grouped by report: a notebook of forty
    // reports and ten thousand notes is not read forty times.
    let mut notes: BTreeMap<&str, Vec<&NoteFile>> = nb.reports().map(|h| (h, Vec::new())).collect();
    for n in &loaded.notes {
        let r = super::report_of(nb, n);
        // A note outside any report's folder and without `report:` names nobody.
        if r != nb.config.me && !r.is_empty() {
            notes.entry(r).or_default().push(n);
        }
    }
    let mut open: HashMap<&str, Vec<&Action>> = HashMap::new();
    for a in ledger
        .actions
        .iter()
        .filter(|a| a.state == ActionState::Open)
    {
        open.entry(nb.canonical(&a.report)).or_default().push(a);
    }
    let month_start = today.first_of_month();
    let rows = notes
        .into_iter()
        .map(|(r, notes)| {
            // Notes are sorted by date within a report: the last one is the latest meeting.
            let held = || notes.iter().filter(|n| n.date.is_some_and(|d| d <= today));
            let last = held().next_back();
            let cadence = last.map_or_else(|| nb.cadence_for(r), |n| measure::cadence(nb, n));
            let last_date = last.and_then(|n| n.date);
            let hours: f64 = held()
                .filter(|n| n.date.is_some_and(|d| d >= month_start))
                .map(|n| measure::minutes(nb, n) / 60.0)
                .sum();
            let open = open.get(r).map_or(&[][..], Vec::as_slice);
            Row {
                name: nb.name_of(r),
                last: last_date.map(|d| d.to_string()),
                next_due: last_date.map(|d| measure::next_due(d, cadence).to_string()),
                overdue_days: last_date.map(|d| measure::days_overdue(d, cadence, today).max(0)),
                open_actions: open.len(),
                overdue_actions: open
                    .iter()
                    .filter(|a| a.latest().due.is_some_and(|d| d < today))
                    .count(),
                hours_this_month: hours,
                leverage: last.and_then(|n| {
                    measure::leverage(nb, measure::cadence(nb, n), measure::minutes(nb, n))
                }),
                cadence_days: cadence,
                report: r.to_owned(),
            }
        })
        .collect();
    Status {
        version: 1,
        today: today.to_string(),
        reports: rows,
    }
}

/// The status as a table and a summary line.
pub fn render_human(s: &Status, color: bool) -> String {
    if s.reports.is_empty() {
        return "no reports yet: add one with `cascade person add HANDLE --name \"…\"`\n".into();
    }
    let mut t = Table::new(&[
        "report",
        "name",
        "last",
        "next due",
        "overdue",
        ">open",
        ">late",
        ">h this month",
        ">leverage",
    ]);
    for r in &s.reports {
        let (next, overdue) = match (&r.next_due, r.overdue_days) {
            (Some(n), Some(0)) => (Cell::new(n), Cell::new("-")),
            (Some(n), Some(d)) => (Cell::new(n), Cell::styled(plural(d, "day"), Some("1;31"))),
            _ => (Cell::new("now"), Cell::styled("never met", Some("33"))),
        };
        t.row(vec![
            Cell::new(&r.report),
            Cell::new(&r.name),
            Cell::new(r.last.as_deref().unwrap_or("-")),
            next,
            overdue,
            Cell::new(r.open_actions.to_string()),
            Cell::styled(
                r.overdue_actions.to_string(),
                (r.overdue_actions > 0).then_some("31"),
            ),
            Cell::new(number::human(r.hours_this_month, 2)),
            Cell::new(
                r.leverage
                    .map_or("-".into(), |l| format!("{}×", number::human(l, 0))),
            ),
        ]);
    }
    let mut out = t.render(color);
    let overdue = s
        .reports
        .iter()
        .filter(|r| r.overdue_days.is_some_and(|d| d > 0))
        .count();
    let never = s.reports.iter().filter(|r| r.last.is_none()).count();
    let open: usize = s.reports.iter().map(|r| r.open_actions).sum();
    let late: usize = s.reports.iter().map(|r| r.overdue_actions).sum();
    let hours: f64 = s.reports.iter().map(|r| r.hours_this_month).sum();
    let mut parts = vec![plural(s.reports.len() as i64, "report")];
    parts.push(format!("{overdue} overdue"));
    if never > 0 {
        parts.push(format!("{never} never met"));
    }
    parts.push(format!(
        "{} ({late} late)",
        plural(open as i64, "open action")
    ));
    parts.push(format!("{} h this month", number::human(hours, 2)));
    out.push('\n');
    out.push_str(&parts.join(" · "));
    out.push('\n');
    out
}
