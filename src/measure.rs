//! How cascade measures meetings: length, cadence, leverage, lapsed cadence, indicator changes.
//!
//! The digest, `status`, `log` and `trend` all measure through these functions, so a number
//! means the same thing wherever it is shown.

use jiff::civil::Date;
use serde::Serialize;

use crate::dates::{add_days, days_between};
use crate::notebook::Notebook;
use crate::notebook::load::NoteFile;
use crate::number::opt_num;

/// How far before the digest's first day notes are read: actions still open and the history
/// of indicators come from this half year. Older notes are not parsed, which keeps the digest
/// of one week as cheap on a ten-year notebook as on a new one.
pub const LOOKBACK_DAYS: i64 = 182;

/// At most this many previous changes of an indicator tell what a usual change is.
pub const INDICATOR_HISTORY: usize = 12;

/// A change is unusual when it is larger than this many times the usual change.
pub const UNUSUAL_FACTOR: f64 = 2.0;

/// At least this many previous changes are needed before a change can be called unusual.
pub const MIN_CHANGES: usize = 3;

/// Length of the meeting of `note` in minutes: the note's `duration_min`, else the config's
/// `default_duration_min`.
pub fn minutes(nb: &Notebook, note: &NoteFile) -> f64 {
    note.duration_min
        .unwrap_or(f64::from(nb.config.default_duration_min))
}

/// Days until the meeting after `note`: the note's `cadence_days`, else the person's, else the
/// notebook's default.
pub fn cadence(nb: &Notebook, note: &NoteFile) -> u32 {
    note.cadence_days
        .unwrap_or_else(|| nb.cadence_for(&note.report))
}

/// The report's working hours in `cadence_days` days.
pub fn covered_hours(nb: &Notebook, cadence_days: u32) -> f64 {
    f64::from(cadence_days) / 7.0 * nb.config.work_hours_per_week
}

/// Leverage of one meeting: the report's working hours until the next meeting over the
/// meeting's hours (None for a meeting of no length).
pub fn leverage(nb: &Notebook, cadence_days: u32, minutes: f64) -> Option<f64> {
    let hours = minutes / 60.0;
    (hours > 0.0).then(|| covered_hours(nb, cadence_days) / hours)
}

/// The day the meeting after one on `last` is due.
pub fn next_due(last: Date, cadence_days: u32) -> Date {
    add_days(last, i64::from(cadence_days))
}

/// Days beyond the cadence on `day` (zero or negative: not overdue).
pub fn days_overdue(last: Date, cadence_days: u32, day: Date) -> i64 {
    days_between(last, day) - i64::from(cadence_days)
}

/// One value of an indicator against the values before it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    /// The previous value and its date.
    pub previous: Option<(Date, f64)>,
    /// `value - previous`.
    pub delta: Option<f64>,
    /// Median absolute change over the previous changes (at least [`MIN_CHANGES`]).
    pub usual: Option<f64>,
    /// The change is larger than [`UNUSUAL_FACTOR`] times the usual one.
    pub flagged: bool,
}

/// An indicator's change as the digest and `trend` show it (flattened into their JSON).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ShownChange {
    /// `value - previous`.
    #[serde(serialize_with = "opt_num")]
    pub delta: Option<f64>,
    /// Median absolute change over the previous changes (at least [`MIN_CHANGES`]).
    #[serde(serialize_with = "opt_num")]
    pub usual_change: Option<f64>,
    /// The change is larger than [`UNUSUAL_FACTOR`] times the usual one.
    pub flagged: bool,
}

impl From<Change> for ShownChange {
    fn from(c: Change) -> ShownChange {
        ShownChange {
            delta: c.delta,
            usual_change: c.usual,
            flagged: c.flagged,
        }
    }
}

/// Compare `value` with `earlier`, the previous values newest first; only the newest
/// [`INDICATOR_HISTORY`] changes are used.
pub fn change(value: f64, earlier: &[(Date, f64)]) -> Change {
    let series = &earlier[..earlier.len().min(INDICATOR_HISTORY + 1)];
    let previous = series.first().copied();
    let delta = previous.map(|(_, v)| value - v);
    let mut changes: Vec<f64> = series.windows(2).map(|w| (w[0].1 - w[1].1).abs()).collect();
    let usual = (changes.len() >= MIN_CHANGES).then(|| median(&mut changes));
    let flagged = match (delta, usual) {
        (Some(d), Some(u)) => d.abs() > UNUSUAL_FACTOR * u,
        _ => false,
    };
    Change {
        previous,
        delta,
        usual,
        flagged,
    }
}

/// Where each value sits between the lowest (0) and the highest (1) of `values`: the one
/// scale of every sparkline. None for a value that is not finite, and for every value of a
/// series that never moves.
pub fn scaled(values: &[f64]) -> Vec<Option<f64>> {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let min = finite.clone().fold(f64::INFINITY, f64::min);
    let max = finite.fold(f64::NEG_INFINITY, f64::max);
    values
        .iter()
        .map(|&v| (v.is_finite() && max > min).then(|| (v - min) / (max - min)))
        .collect()
}

/// The median of `v` (0 for an empty list); sorts `v`.
pub fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn sparklines_scale_from_the_lowest_to_the_highest_value_and_keep_a_flat_series_unplaced() {
        assert_eq!(
            scaled(&[300.0, 390.0, 345.0]),
            vec![Some(0.0), Some(1.0), Some(0.5)]
        );
        assert_eq!(scaled(&[7.0, 7.0]), vec![None, None]);
        assert_eq!(
            scaled(&[1.0, f64::NAN, 3.0]),
            vec![Some(0.0), None, Some(1.0)]
        );
        assert_eq!(scaled(&[]), Vec::<Option<f64>>::new());
    }

    #[test]
    fn median_of_even_and_odd_lists() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&mut []), 0.0);
    }

    #[test]
    fn a_change_is_unusual_against_at_least_three_earlier_ones() {
        let d = date(2026, 11, 1);
        // Earlier values, newest first: changes of 2, 4, 1 → usual 2.
        let earlier = [(d, 376.0), (d, 374.0), (d, 370.0), (d, 371.0)];
        let c = change(381.0, &earlier);
        assert_eq!(c.delta, Some(5.0));
        assert_eq!(c.usual, Some(2.0));
        assert!(c.flagged);
        assert!(!change(379.0, &earlier).flagged);
        let c = change(500.0, &earlier[..3]);
        assert_eq!(c.usual, None);
        assert!(!c.flagged);
        assert_eq!(change(1.0, &[]).previous, None);
    }

    #[test]
    fn overdue_is_days_beyond_the_cadence() {
        let last = date(2026, 11, 10);
        assert_eq!(next_due(last, 7), date(2026, 11, 17));
        assert_eq!(days_overdue(last, 7, date(2026, 11, 24)), 7);
        assert_eq!(days_overdue(last, 14, date(2026, 11, 24)), 0);
    }
}
