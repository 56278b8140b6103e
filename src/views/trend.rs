//! `cascade trend REPORT [INDICATOR]`: an indicator's values across a report's meetings.
//!
//! A value is flagged as unusual by the digest's rule ([`crate::measure::change`]): its change
//! is more than twice the median change of up to twelve earlier changes, read from the half
//! year before it ([`crate::measure::LOOKBACK_DAYS`], the history a digest reads).

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::dates::add_days;
use crate::measure::{self, LOOKBACK_DAYS};
use crate::notebook::Notebook;
use crate::notebook::load::NoteFile;
use crate::number::{self, num};
use crate::ui::{Cell, Table, sparkline};

/// The indicator series of one report.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// Schema version of the JSON output.
    pub version: u32,
    /// Handle.
    pub report: String,
    /// Name from the config, else the handle.
    pub name: String,
    /// One series per indicator, by name.
    pub indicators: Vec<Series>,
}

/// One indicator across meetings.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    /// Indicator name.
    pub name: String,
    /// The values as `▁▂▃▄▅▆▇█`, oldest first.
    pub sparkline: String,
    /// First value.
    #[serde(serialize_with = "num")]
    pub first: f64,
    /// Last value.
    #[serde(serialize_with = "num")]
    pub last: f64,
    /// `last - first`.
    #[serde(serialize_with = "num")]
    pub change: f64,
    /// How many values are flagged as unusual.
    pub unusual: usize,
    /// The values, oldest first.
    pub points: Vec<Point>,
}

/// One value.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    /// Meeting date.
    pub date: String,
    /// Value.
    #[serde(serialize_with = "num")]
    pub value: f64,
    /// Against the values before it.
    #[serde(flatten)]
    pub change: measure::ShownChange,
    /// The note, relative to the notebook root.
    pub path: String,
    /// Line of the indicator in the note's front matter.
    pub line: usize,
}

/// Build every indicator series of `report` (private notes have none).
pub fn build(nb: &Notebook, notes: &[NoteFile], report: &str) -> Trend {
    let mut raw: BTreeMap<&str, Vec<(Date, f64, &str, usize)>> = BTreeMap::new();
    for n in notes
        .iter()
        .filter(|n| !n.private && super::report_of(nb, n) == report)
    {
        let Some(date) = n.date else { continue };
        for i in &n.indicators {
            raw.entry(&i.name)
                .or_default()
                .push((date, i.value, &n.rel, i.line));
        }
    }
    let indicators = raw
        .into_iter()
        .map(|(name, values)| {
            let mut points = Vec::with_capacity(values.len());
            for (k, &(date, value, path, line)) in values.iter().enumerate() {
                let horizon = add_days(date, -LOOKBACK_DAYS);
                let earlier: Vec<(Date, f64)> = values[..k]
                    .iter()
                    .rev()
                    .filter(|v| v.0 < date && v.0 >= horizon)
                    .map(|v| (v.0, v.1))
                    .collect();
                let c = measure::change(value, &earlier);
                points.push(Point {
                    date: date.to_string(),
                    value,
                    change: c.into(),
                    path: path.to_owned(),
                    line,
                });
            }
            let vals: Vec<f64> = points.iter().map(|p| p.value).collect();
            let first = vals.first().copied().unwrap_or(0.0);
            let last = vals.last().copied().unwrap_or(0.0);
            Series {
                name: name.to_owned(),
                sparkline: sparkline(&vals),
                first,
                last,
                change: last - first,
                unusual: points.iter().filter(|p| p.change.flagged).count(),
                points,
            }
        })
        .collect();
    Trend {
        version: 1,
        name: nb.name_of(report),
        report: report.to_owned(),
        indicators,
    }
}

fn signed(v: f64) -> String {
    let s = number::human(v, 2);
    if v > 0.0 && s != "0" {
        format!("+{s}")
    } else {
        s
    }
}

/// One line per indicator when there are several; the full table of a single one.
pub fn render_human(t: &Trend, color: bool) -> String {
    let mut out = format!("{} ({})\n\n", t.name, t.report);
    match t.indicators.as_slice() {
        [] => {
            out.push_str(
                "no indicators recorded: add them under `indicators:` in a note's front matter\n",
            );
        }
        [s] => {
            let from = s.points.first().map_or("", |p| p.date.as_str());
            out.push_str(&format!(
                "{}  {}  {} → {} ({} since {from})\n\n",
                s.name,
                s.sparkline,
                number::human(s.first, 2),
                number::human(s.last, 2),
                signed(s.change),
            ));
            let mut tb = Table::new(&["date", ">value", ">change", ">usual", "", "note"]);
            for p in &s.points {
                tb.row(vec![
                    Cell::new(&p.date),
                    Cell::new(number::human(p.value, 2)),
                    Cell::new(p.change.delta.map_or(String::new(), signed)),
                    Cell::new(
                        p.change
                            .usual_change
                            .map_or(String::new(), |u| number::human(u, 2)),
                    ),
                    if p.change.flagged {
                        Cell::styled("unusual", Some("1;33"))
                    } else {
                        Cell::new("")
                    },
                    Cell::styled(format!("{}:{}", p.path, p.line), Some("2")),
                ]);
            }
            out.push_str(&tb.render(color));
        }
        many => {
            let mut tb = Table::new(&[
                "indicator",
                "series",
                ">first",
                ">last",
                ">change",
                ">unusual",
            ]);
            for s in many {
                tb.row(vec![
                    Cell::new(&s.name),
                    Cell::new(&s.sparkline),
                    Cell::new(number::human(s.first, 2)),
                    Cell::new(number::human(s.last, 2)),
                    Cell::new(signed(s.change)),
                    Cell::styled(s.unusual.to_string(), (s.unusual > 0).then_some("1;33")),
                ]);
            }
            out.push_str(&tb.render(color));
            out.push_str(&format!(
                "\n`cascade trend {} INDICATOR` shows one series value by value\n",
                t.report
            ));
        }
    }
    out
}
