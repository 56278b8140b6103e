//! What a digest holds: the range it covers and its sections, as the views and JSON see them.

use jiff::civil::Date;
use serde::Serialize;

use crate::dates::IsoWeek;
use crate::error::{Error, Result};
use crate::measure;
use crate::number::{num, opt_num};

/// The days a digest covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// First day.
    pub from: Date,
    /// Last day (inclusive).
    pub to: Date,
    /// The ISO week, when the range is exactly one.
    pub week: Option<IsoWeek>,
}

impl Range {
    /// One ISO week, Monday to Sunday.
    pub fn week(w: IsoWeek) -> Range {
        Range {
            from: w.monday(),
            to: w.sunday(),
            week: Some(w),
        }
    }

    /// Any span of days; a span that is exactly one ISO week is named as that week.
    pub fn dates(from: Date, to: Date) -> Result<Range> {
        if to < from {
            return Err(Error::usage(
                format!("--to {to} is before --from {from}"),
                Some("give the first day with --from and the last day with --to"),
            ));
        }
        let w = IsoWeek::of(from);
        let week = (w.monday() == from && w.sunday() == to).then_some(w);
        Ok(Range { from, to, week })
    }

    /// Whether `d` falls in the range.
    pub fn contains(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }

    /// `2026-W48`, or `2026-11-20..2026-11-27` for other spans.
    pub fn label(&self) -> String {
        match self.week {
            Some(w) => w.to_string(),
            None => format!("{}..{}", self.from, self.to),
        }
    }
}

/// A meeting held in the range (private meetings are only counted).
#[derive(Debug, Clone, Serialize)]
pub struct Meeting {
    /// Report handle.
    pub report: String,
    /// Report's name from the config, else the handle.
    pub name: String,
    /// Meeting date.
    pub date: String,
    /// Length in minutes (the note's, else the config default).
    #[serde(serialize_with = "num")]
    pub duration_min: f64,
    /// Days until the next meeting by cadence.
    pub cadence_days: u32,
    /// The report's working hours until the next meeting over the meeting's hours.
    #[serde(serialize_with = "opt_num")]
    pub leverage: Option<f64>,
    /// The note.
    pub path: String,
}

/// A conclusion to cascade.
#[derive(Debug, Clone, Serialize)]
pub struct ConclusionOut {
    /// The bullet's text without tokens.
    pub text: String,
    /// Groups it goes to (empty: nobody was named).
    pub audience: Vec<String>,
    /// Report handle.
    pub report: String,
    /// Meeting date.
    pub date: String,
    /// The note.
    pub path: String,
    /// Line of the bullet.
    pub line: usize,
}

/// An action item as the digest lists it; every list uses the same shape.
#[derive(Debug, Clone, Serialize)]
pub struct ActionOut {
    /// Text without tokens.
    pub text: String,
    /// `open`, `done` or `dropped` as of the range's last day.
    pub state: &'static str,
    /// Report whose notes hold it.
    pub report: String,
    /// `@owner` handles, aliases resolved to their person.
    pub owners: Vec<String>,
    /// Groups it goes to: its `share:`, else its note's `share_with`.
    pub audience: Vec<String>,
    /// Due date.
    pub due: Option<String>,
    /// Day it was first written (or its `(from …)` date).
    pub opened: Option<String>,
    /// Days past due as of the reference day (overdue list only).
    pub days_late: Option<i64>,
    /// Commit that closed it (done and dropped lists; null when not committed).
    pub commit: Option<String>,
    /// Day it was done (done list).
    pub done_on: Option<String>,
    /// Day it was dropped (dropped list).
    pub dropped_on: Option<String>,
    /// The newest note that lists it.
    pub path: String,
    /// Its line there.
    pub line: usize,
}

/// The action lists of a digest.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Actions {
    /// First written in the range.
    pub opened: Vec<ActionOut>,
    /// Done in the range.
    pub done: Vec<ActionOut>,
    /// Dropped in the range.
    pub dropped: Vec<ActionOut>,
    /// Still open at the end of the range.
    pub open: Vec<ActionOut>,
    /// Open and past due at the reference day.
    pub overdue: Vec<ActionOut>,
}

/// One indicator of one meeting, against the report's previous meeting.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorOut {
    /// Report handle.
    pub report: String,
    /// Groups its meeting's note is shared with (`share_with`).
    pub audience: Vec<String>,
    /// Indicator name.
    pub name: String,
    /// Meeting date.
    pub date: String,
    /// Value at this meeting.
    #[serde(serialize_with = "num")]
    pub value: f64,
    /// Value at the previous meeting that recorded it.
    #[serde(serialize_with = "opt_num")]
    pub previous: Option<f64>,
    /// Date of that meeting.
    pub previous_date: Option<String>,
    /// Against the previous values.
    #[serde(flatten)]
    pub change: measure::ShownChange,
    /// The note.
    pub path: String,
    /// Line of the indicator in the front matter.
    pub line: usize,
    /// Its values at the report's meetings that recorded it, oldest first, this meeting's
    /// last: up to [`measure::INDICATOR_HISTORY`] + 2 of them (the HTML sparkline).
    pub history: Vec<HistoryPoint>,
}

/// One recorded value of an indicator.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryPoint {
    /// Meeting date.
    pub date: String,
    /// Value.
    #[serde(serialize_with = "num")]
    pub value: f64,
}

/// A report whose cadence has lapsed on the digest's `as_of` day.
#[derive(Debug, Clone, Serialize)]
pub struct CadenceOut {
    /// Report handle.
    pub report: String,
    /// Name from the config, else the handle.
    pub name: String,
    /// Days between meetings.
    pub cadence_days: u32,
    /// Last meeting on or before `as_of` (null: never met).
    pub last_meeting: Option<String>,
    /// Days from the last meeting to `as_of`.
    pub days_since: Option<i64>,
    /// Days beyond the cadence.
    pub days_overdue: Option<i64>,
}

/// The digest of one range of days.
#[derive(Debug, Clone, Serialize)]
pub struct Digest {
    /// Schema version of the JSON output.
    pub version: u32,
    /// `2026-W48`, or null for a range that is not one ISO week.
    pub week: Option<String>,
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// The day overdue items are measured against: `--today` or the range's end, the earlier.
    pub as_of: String,
    /// Meetings held (not private).
    pub meetings: Vec<Meeting>,
    /// Meetings held in notes marked `private: true` (counted only).
    pub private_meetings: usize,
    /// Hours spent in meetings, private ones included.
    #[serde(serialize_with = "num")]
    pub hours_invested: f64,
    /// Report working hours covered over meeting hours, for the whole range.
    #[serde(serialize_with = "opt_num")]
    pub leverage: Option<f64>,
    /// Conclusions to cascade.
    pub conclusions: Vec<ConclusionOut>,
    /// Action lists.
    pub actions: Actions,
    /// Indicators of the range's meetings.
    pub indicators: Vec<IndicatorOut>,
    /// Reports past their cadence.
    pub cadence: Vec<CadenceOut>,
    /// Where done dates come from: `git`, or `files` (meeting dates) without history.
    pub done_dates_from: &'static str,
    /// Things the reader should know (history fallbacks, unreadable notes).
    pub warnings: Vec<String>,
}
