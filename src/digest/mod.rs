//! The weekly cascade digest: what a week of one-on-ones produced for other groups.
//!
//! [`build`] turns the notebook (its notes, dated by their front matter) and its actions (the
//! [`Ledger`], dated by the commits that wrote them) into a [`Digest`]; [`crate::views::digest`]
//! writes it as Markdown, JSON or HTML. Privacy is structural: notes come from
//! [`crate::notebook::load`], which keeps nothing of a `private: true` note but its date, report
//! and duration (its actions apart, for the ledger only), and never reads `## Private`; an
//! action's text comes only from a copy in a public note ([`crate::actions::Action::shared`]).

pub mod audience;
mod model;

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

use crate::actions::{Closed, Ledger, Needs, Source};
use crate::dates::{add_days, days_between};
use crate::error::Result;
use crate::measure;
use crate::note::ActionState;
use crate::notebook::load::{Loaded, NoteFile};
use crate::notebook::{DefaultShare, Notebook};

use crate::measure::LOOKBACK_DAYS;

pub use crate::measure::INDICATOR_HISTORY;
pub use model::{
    ActionOut, Actions, CadenceOut, ConclusionOut, Digest, HistoryPoint, IndicatorOut, Meeting,
    Range,
};

/// What the digest of `range` needs of the history: the day each action was closed in the
/// range (an action closed before it is closed, and one closed after it was open then,
/// whatever the day).
pub fn needs(range: Range) -> Needs {
    Needs {
        close_days: true,
        horizon: Some(range.from),
        until: Some(range.to),
    }
}

/// The days of the notes a digest of `range` made on `today` reads: from half a year before
/// the range (an action last written longer ago is not listed) to today. Notes after the
/// range count too: a copy ticked, dropped or reopened there decides the action's state now,
/// wherever it was written. A note dated after today is an agenda: it tells nothing yet.
pub fn note_days(range: Range, today: Date) -> (Date, Date) {
    (add_days(range.from, -LOOKBACK_DAYS), today)
}

/// The notes the digest of `range` made on `today` reads ([`note_days`]).
pub fn load(nb: &Notebook, range: Range, today: Date) -> Loaded {
    let (first, last) = note_days(range, today);
    crate::notebook::load::load_dated(nb, first, last)
}

/// Build the digest of `range` from the notebook's notes and the actions of its [`Ledger`]
/// (made with [`needs`]); `today` bounds the day overdue items are measured against.
pub fn build(
    nb: &Notebook,
    range: Range,
    today: Date,
    loaded: &Loaded,
    ledger: &Ledger,
) -> Result<Digest> {
    let as_of = today.min(range.to);
    let Window {
        notes,
        last_by_name,
        mut warnings,
    } = window(loaded, range, as_of);
    warnings.extend(ledger.warnings.iter().cloned());
    warnings.extend(cut_warning(ledger, range));

    let attendance = build_meetings(nb, &notes, range);
    let conclusions = build_conclusions(&notes, range, nb.config.default_share);
    let actions = build_actions(ledger, range, as_of);
    let indicators = build_indicators(&notes, range, nb.config.default_share);
    let cadence = build_cadence(nb, &notes, &last_by_name, as_of);

    let meeting_hours = attendance.meeting_hours;
    Ok(Digest {
        version: 1,
        week: range.week.map(|w| w.to_string()),
        from: range.from.to_string(),
        to: range.to.to_string(),
        as_of: as_of.to_string(),
        meetings: attendance.meetings,
        private_meetings: attendance.private_meetings,
        hours_invested: meeting_hours,
        leverage: (meeting_hours > 0.0).then(|| attendance.covered_hours / meeting_hours),
        conclusions,
        actions,
        indicators,
        cadence,
        done_dates_from: match ledger.source {
            Source::Git => "git",
            Source::NoRepo | Source::NoCommits => "files",
        },
        warnings,
    })
}

/// The notes a digest reads: those of the range and its lookback.
struct Window {
    /// Notes dated from the lookback horizon to the range's end (or `as_of`), by report, date
    /// and path.
    notes: Vec<NoteFile>,
    /// The newest meeting date up to the range's end (or `as_of`), per report.
    last_by_name: BTreeMap<String, Date>,
    /// One per note that could not be read, by path.
    warnings: Vec<String>,
}

/// The notes of the range and its lookback held by `as_of`: a note dated later in the week is
/// an agenda, not a meeting held (as `status` counts them).
fn window(loaded: &Loaded, range: Range, as_of: Date) -> Window {
    let horizon = add_days(range.from, -LOOKBACK_DAYS);
    let mut last_by_name: BTreeMap<String, Date> = BTreeMap::new();
    let mut notes = Vec::new();
    for n in &loaded.notes {
        let Some(d) = n.date.filter(|d| *d <= range.to.min(as_of)) else {
            continue;
        };
        let e = last_by_name.entry(n.report.clone()).or_insert(d);
        *e = (*e).max(d);
        if horizon <= d {
            notes.push(n.clone());
        }
    }
    Window {
        notes,
        last_by_name,
        warnings: loaded.unreadable.iter().map(|u| u.warning()).collect(),
    }
}

/// What a shallow clone's cut means for this digest.
fn cut_warning(ledger: &Ledger, range: Range) -> Option<String> {
    let cut = ledger.cut_day?;
    Some(if cut > range.to {
        format!(
            "this is a shallow clone cut at {cut}, after {}: none of the history of {}..{} is in the repository: done dates are unknown, so actions done since are listed neither as done nor as open (`git fetch --unshallow` fetches the rest)",
            range.to, range.from, range.to
        )
    } else {
        format!(
            "this is a shallow clone cut at {cut}: done dates before the cut are unknown, so actions done before it are listed neither as done nor as open (`git fetch --unshallow` fetches the rest)"
        )
    })
}

/// The meetings of a range and the hours they took and covered.
struct Attendance {
    /// Meetings held (not private), by date, report and path.
    meetings: Vec<Meeting>,
    /// Meetings held in private notes.
    private_meetings: usize,
    /// Hours in meetings, private ones included.
    meeting_hours: f64,
    /// Report working hours the meetings cover, private ones included.
    covered_hours: f64,
}

fn build_meetings(nb: &Notebook, notes: &[NoteFile], range: Range) -> Attendance {
    let mut meetings = Vec::new();
    let mut private_meetings = 0;
    let (mut meeting_hours, mut covered_hours) = (0.0, 0.0);
    for n in notes
        .iter()
        .filter(|n| n.date.is_some_and(|d| range.contains(d)))
    {
        let minutes = measure::minutes(nb, n);
        let cadence = measure::cadence(nb, n);
        let covered = measure::covered_hours(nb, cadence);
        let hours = minutes / 60.0;
        meeting_hours += hours;
        covered_hours += covered;
        if n.private {
            private_meetings += 1;
            continue;
        }
        meetings.push(Meeting {
            report: n.report.clone(),
            name: nb.name_of(&n.report),
            date: fmt_date(n.date),
            duration_min: minutes,
            cadence_days: cadence,
            leverage: measure::leverage(nb, cadence, minutes),
            path: n.rel.clone(),
        });
    }
    meetings.sort_by(|a, b| (&a.date, &a.report, &a.path).cmp(&(&b.date, &b.report, &b.path)));
    Attendance {
        meetings,
        private_meetings,
        meeting_hours,
        covered_hours,
    }
}

fn build_conclusions(
    notes: &[NoteFile],
    range: Range,
    default_share: DefaultShare,
) -> Vec<ConclusionOut> {
    let mut conclusions = Vec::new();
    for n in notes
        .iter()
        .filter(|n| !n.private && n.date.is_some_and(|d| range.contains(d)))
    {
        for c in &n.conclusions {
            let audience = default_share.audience(&c.share, &n.share_with).to_vec();
            conclusions.push(ConclusionOut {
                text: c.text.clone(),
                audience: dedup(audience),
                report: n.report.clone(),
                date: fmt_date(n.date),
                path: n.rel.clone(),
                line: c.line,
            });
        }
    }
    conclusions.sort_by(|a, b| {
        (&a.date, &a.report, &a.path, a.line).cmp(&(&b.date, &b.report, &b.path, b.line))
    });
    conclusions
}

/// Cadence health on `as_of`, the digest's one day: reports never met, or met longer ago than
/// their cadence. Measured as `status` measures it on that day, so both give the same number;
/// a note dated after `as_of` (a meeting planned later in the week) is not a meeting yet.
fn build_cadence(
    nb: &Notebook,
    notes: &[NoteFile],
    last_by_name: &BTreeMap<String, Date>,
    as_of: Date,
) -> Vec<CadenceOut> {
    let mut reports: BTreeSet<String> = nb.report_handles();
    let mut last: BTreeMap<String, Date> = BTreeMap::new();
    for (folder, d) in last_by_name {
        let handle = nb.canonical(folder).to_owned();
        if *d <= as_of {
            let e = last.entry(handle.clone()).or_insert(*d);
            *e = (*e).max(*d);
        }
        reports.insert(handle);
    }
    let held: Vec<&NoteFile> = notes
        .iter()
        .filter(|n| n.date.is_some_and(|d| d <= as_of))
        .collect();
    for n in &held {
        if let Some(d) = n.date {
            let e = last.entry(n.report.clone()).or_insert(d);
            *e = (*e).max(d);
        }
    }
    let mut cadence = Vec::new();
    for r in reports {
        if r == nb.config.me {
            continue;
        }
        let cad = held
            .iter()
            .rev()
            .find(|n| n.report == r)
            .map(|n| measure::cadence(nb, n))
            .unwrap_or_else(|| nb.cadence_for(&r));
        let last_d = last.get(&r).copied();
        let overdue = last_d.map(|d| measure::days_overdue(d, cad, as_of));
        if overdue.is_none_or(|o| o > 0) {
            cadence.push(CadenceOut {
                name: nb.name_of(&r),
                report: r,
                cadence_days: cad,
                last_meeting: last_d.map(|d| d.to_string()),
                days_since: last_d.map(|d| days_between(d, as_of)),
                days_overdue: overdue,
            });
        }
    }
    cadence
}

fn build_actions(ledger: &Ledger, range: Range, as_of: Date) -> Actions {
    let mut out = Actions::default();
    for a in &ledger.actions {
        // An action no public note holds is private: nothing of it is shared.
        let Some(c) = a.shared_by(range.to) else {
            continue;
        };
        let then = a.state_on(range.to);
        let base = ActionOut {
            text: c.texts.title().to_string(),
            state: then.unwrap_or(a.state).as_str(),
            report: a.report.to_string(),
            owners: c.owners.to_vec(),
            audience: c.audience.to_vec(),
            due: c.due.map(|d| d.to_string()),
            opened: a.opened.map(|d| d.to_string()),
            days_late: None,
            commit: None,
            done_on: None,
            dropped_on: None,
            path: c.path.to_string(),
            line: c.line,
        };
        if a.opened.is_some_and(|d| range.contains(d)) {
            out.opened.push(base.clone());
        }
        if let Some(Closed::On(d, commit)) = &a.closed
            && range.contains(*d)
        {
            let mut x = base.clone();
            x.commit = commit.clone();
            // Where it was closed, when that copy is public: the line that shows the tick.
            if let Some(closer) = a
                .closer
                .and_then(|i| a.copies.get(i))
                .filter(|c| !c.private)
            {
                x.path = closer.path.to_string();
                x.line = closer.line;
            }
            match a.state {
                ActionState::Done => {
                    x.done_on = Some(d.to_string());
                    out.done.push(x);
                }
                ActionState::Dropped => {
                    x.dropped_on = Some(d.to_string());
                    out.dropped.push(x);
                }
                ActionState::Open => {}
            }
        }
        if then == Some(ActionState::Open) {
            if let Some(due) = c.due
                && due < as_of
            {
                let mut x = base.clone();
                x.days_late = Some(days_between(due, as_of));
                out.overdue.push(x);
            }
            out.open.push(base);
        }
    }
    let by_due = |a: &ActionOut, b: &ActionOut| {
        (&a.due, &a.report, &a.path, a.line).cmp(&(&b.due, &b.report, &b.path, b.line))
    };
    out.opened.sort_by(|a, b| {
        (&a.opened, &a.report, &a.path, a.line).cmp(&(&b.opened, &b.report, &b.path, b.line))
    });
    out.done.sort_by(|a, b| {
        (&a.done_on, &a.report, &a.path, a.line).cmp(&(&b.done_on, &b.report, &b.path, b.line))
    });
    out.dropped.sort_by(|a, b| {
        (&a.dropped_on, &a.report, &a.path, a.line).cmp(&(
            &b.dropped_on,
            &b.report,
            &b.path,
            b.line,
        ))
    });
    out.open.sort_by(by_due);
    out.overdue
        .sort_by(|a, b| b.days_late.cmp(&a.days_late).then_with(|| by_due(a, b)));
    out
}

fn build_indicators(
    notes: &[NoteFile],
    range: Range,
    default_share: DefaultShare,
) -> Vec<IndicatorOut> {
    let mut out = Vec::new();
    for (i, n) in notes.iter().enumerate() {
        let Some(date) = n.date.filter(|d| range.contains(*d)) else {
            continue;
        };
        if n.private {
            continue;
        }
        // Earlier notes of the same report, newest first (notes are sorted by report, date).
        let earlier = notes[..i]
            .iter()
            .rev()
            .take_while(|p| p.report == n.report)
            .filter(|p| !p.private && p.date.is_some_and(|d| d < date));
        for ind in &n.indicators {
            let series: Vec<(Date, f64)> = earlier
                .clone()
                .filter_map(|p| {
                    p.indicators
                        .iter()
                        .find(|x| x.name == ind.name)
                        .and_then(|x| p.date.map(|d| (d, x.value)))
                })
                .take(INDICATOR_HISTORY + 1)
                .collect();
            let c = measure::change(ind.value, &series);
            out.push(IndicatorOut {
                report: n.report.clone(),
                // Indicators have no `share:` of their own: the note's default decides.
                audience: dedup(default_share.audience(&[], &n.share_with).to_vec()),
                name: ind.name.clone(),
                date: date.to_string(),
                value: ind.value,
                previous: c.previous.map(|(_, v)| v),
                previous_date: c.previous.map(|(d, _)| d.to_string()),
                change: c.into(),
                path: n.rel.clone(),
                line: ind.line,
                history: series
                    .iter()
                    .rev()
                    .chain([&(date, ind.value)])
                    .map(|&(d, value)| HistoryPoint {
                        date: d.to_string(),
                        value,
                    })
                    .collect(),
            });
        }
    }
    out.sort_by(|a, b| (&a.report, &a.date, &a.name).cmp(&(&b.report, &b.date, &b.name)));
    out
}

fn dedup(v: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    v.into_iter().filter(|g| seen.insert(g.clone())).collect()
}

fn fmt_date(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests;
