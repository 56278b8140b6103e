//! The weekly cascade digest: what a week of one-on-ones produced for other groups.
//!
//! [`build`] turns the notebook (its notes, dated by their front matter, and its git history,
//! for the day an action was done) into a [`Digest`]; [`crate::views::digest`] writes it as
//! Markdown, JSON or HTML. Privacy is structural: notes come from [`crate::notebook::load`], which keeps nothing
//! of a `private: true` note but its date, report and duration, and never reads `## Private`;
//! the history scan parses old versions of notes the same way. Nothing else reads note text.

pub mod history;
mod model;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::dates::{add_days, days_between};
use crate::error::Result;
use crate::measure;
use crate::note::ActionState;
use crate::notebook::load::{self, NoteFile, TrackedAction};
use crate::notebook::{Notebook, inventory};

use history::{History, Source};

use crate::measure::LOOKBACK_DAYS;

pub use crate::measure::INDICATOR_HISTORY;
pub use model::{
    ActionOut, Actions, CadenceOut, ConclusionOut, Digest, IndicatorOut, Meeting, Range,
};

/// Build the digest of `range`; `today` bounds the day overdue items are measured against.
pub fn build(nb: &Notebook, range: Range, today: Date) -> Result<Digest> {
    let as_of = today.min(range.to);
    let Window {
        notes,
        last_by_name,
        mut warnings,
    } = load_window(nb, range);

    let hist = history::scan(nb, range, today, &notes)?;
    warnings.extend(hist.warnings.iter().cloned());

    let attendance = build_meetings(nb, &notes, range);
    let conclusions = build_conclusions(&notes, range);
    let actions = build_actions(&notes, range, as_of, &hist);
    let indicators = build_indicators(&notes, range);
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
        done_dates_from: match hist.source {
            Source::Git => "git",
            Source::NoRepo | Source::NoCommits => "files",
        },
        warnings,
    })
}

/// The notes a digest reads: those of the range and its lookback, parsed.
struct Window {
    /// Notes dated from the lookback horizon to the range's end, by report, date and path.
    notes: Vec<NoteFile>,
    /// The newest date in a file name up to the range's end, per report folder.
    last_by_name: BTreeMap<String, Date>,
    /// One per note that could not be read, by path.
    warnings: Vec<String>,
}

fn load_window(nb: &Notebook, range: Range) -> Window {
    // Pick notes by the date in their file name, and parse only the recent ones.
    let inv = inventory::scan(nb);
    let mut unreadable: Vec<load::Unreadable> = inv
        .skipped
        .iter()
        .map(load::Unreadable::from_skipped)
        .collect();
    let horizon = add_days(range.from, -LOOKBACK_DAYS);
    let mut last_by_name: BTreeMap<String, Date> = BTreeMap::new();
    let mut selected = Vec::new();
    for note in &inv.notes {
        let mut parts = note.rel.rsplit('/');
        parts.next();
        let folder = parts.next().unwrap_or("").to_owned();
        match inventory::name_date(&note.rel) {
            Some(d) => {
                if d <= range.to {
                    let e = last_by_name.entry(folder).or_insert(d);
                    *e = (*e).max(d);
                }
                if horizon <= d && d <= range.to {
                    selected.push(note);
                }
            }
            // A note named otherwise is dated by its front matter: read it.
            None => selected.push(note),
        }
    }
    let results: Vec<_> = selected
        .par_iter()
        .map(|p| load::load_file(nb, p))
        .collect();
    let mut notes: Vec<NoteFile> = Vec::new();
    for r in results {
        match r {
            Ok(n) => {
                if n.date.is_some_and(|d| horizon <= d && d <= range.to) {
                    notes.push(n);
                }
            }
            Err(u) => unreadable.push(u),
        }
    }
    unreadable.sort_by(|a, b| a.rel.cmp(&b.rel));
    notes.sort_by(|a, b| (&a.report, a.date, &a.rel).cmp(&(&b.report, b.date, &b.rel)));
    Window {
        notes,
        last_by_name,
        warnings: unreadable.iter().map(load::Unreadable::warning).collect(),
    }
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

fn build_conclusions(notes: &[NoteFile], range: Range) -> Vec<ConclusionOut> {
    let mut conclusions = Vec::new();
    for n in notes
        .iter()
        .filter(|n| !n.private && n.date.is_some_and(|d| range.contains(d)))
    {
        for c in &n.conclusions {
            let audience = if c.share.is_empty() {
                n.share_with.clone()
            } else {
                c.share.clone()
            };
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

/// When an action was closed, as far as the notebook tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closed {
    /// On this day, by this commit (None: not committed, or written already closed).
    On(Date, Option<git2::Oid>),
    /// Before the shallow clone's cut: the day is unknown.
    Unknown,
}

fn build_actions(notes: &[NoteFile], range: Range, as_of: Date, hist: &History) -> Actions {
    let tracked: Vec<TrackedAction> = load::track_actions(notes);
    // The first note that lists an action already closed: its meeting date is the fallback.
    let mut first_closed: HashMap<(&str, &str), Date> = HashMap::new();
    for n in notes {
        for a in &n.actions {
            if a.state != ActionState::Open
                && let Some(d) = n.date
            {
                first_closed.entry((&n.report, &a.identity)).or_insert(d);
            }
        }
    }
    let mut out = Actions::default();
    for t in &tracked {
        let key = (t.report.as_str(), t.identity.as_str());
        let closed = if t.state == ActionState::Open {
            None
        } else {
            match hist.close_of(&t.report, &t.identity, range.to) {
                Some(ev) => Some(Closed::On(ev.date, ev.commit)),
                None if hist.cut_before_window() => Some(Closed::Unknown),
                None => first_closed
                    .get(&key)
                    .or(t.last_seen.as_ref())
                    .map(|d| Closed::On(*d, None)),
            }
        };
        let opened_in_range = t.opened.is_some_and(|d| range.contains(d));
        let open_at_end = t.opened.is_none_or(|d| d <= range.to)
            && match closed {
                None => true,
                Some(Closed::On(d, _)) => d > range.to,
                Some(Closed::Unknown) => false,
            };
        let state = if open_at_end {
            "open"
        } else {
            t.state.as_str()
        };
        let base = ActionOut {
            text: t.title.clone(),
            state,
            report: t.report.clone(),
            owners: t.owners.clone(),
            due: t.due.map(|d| d.to_string()),
            opened: t.opened.map(|d| d.to_string()),
            days_late: None,
            commit: None,
            done_on: None,
            path: t.path.clone(),
            line: t.line,
        };
        if opened_in_range {
            out.opened.push(base.clone());
        }
        if t.state == ActionState::Done
            && let Some(Closed::On(d, commit)) = closed
            && range.contains(d)
        {
            let mut a = base.clone();
            a.done_on = Some(d.to_string());
            a.commit = commit.map(|c| c.to_string());
            out.done.push(a);
        }
        if open_at_end {
            if let Some(due) = t.due
                && due < as_of
            {
                let mut a = base.clone();
                a.days_late = Some(days_between(due, as_of));
                out.overdue.push(a);
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
    out.open.sort_by(by_due);
    out.overdue
        .sort_by(|a, b| b.days_late.cmp(&a.days_late).then_with(|| by_due(a, b)));
    out
}

fn build_indicators(notes: &[NoteFile], range: Range) -> Vec<IndicatorOut> {
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
                name: ind.name.clone(),
                date: date.to_string(),
                value: ind.value,
                previous: c.previous.map(|(_, v)| v),
                previous_date: c.previous.map(|(d, _)| d.to_string()),
                change: c.into(),
                path: n.rel.clone(),
                line: ind.line,
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
