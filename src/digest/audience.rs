//! A digest for one group: only what is shared with it, ready to send to people who do not
//! read the notes.
//!
//! Made from the supervisor's [`Digest`], which is already free of private text: it keeps the
//! conclusions, actions and indicators whose audience includes the group, and drops everything
//! that only makes sense to the supervisor — other groups' items, cadence health, meetings,
//! file paths and commit ids. Where the notebook declares `[notebook] url`, each item links to
//! its note instead. Its JSON (`"version": 1`, `"kind": "audience"`) is what
//! `digest --commit --audience` commits as `digests/<week>/<group>.json` and what
//! `cascade rollup` reads from other notebooks.

use serde::{Deserialize, Serialize};

use super::{ActionOut, ConclusionOut, Digest, IndicatorOut};
use crate::error::{Error, Result};
use crate::notebook::Notebook;
use crate::number::{num, opt_num};

/// The `kind` of an audience digest's JSON.
pub const KIND: &str = "audience";
/// `--audience all`: one digest per group.
pub const ALL: &str = "all";

/// The digest of one range for one group.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AudienceDigest {
    /// Schema version: 1.
    pub version: u32,
    /// Always `audience`.
    pub kind: String,
    /// `2026-W48`, or null for a span that is not one ISO week.
    pub week: Option<String>,
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// The day overdue items are measured against.
    pub as_of: String,
    /// The group's handle.
    pub audience: String,
    /// The group's name (`[groups.NAME] name`), else its handle.
    pub audience_name: String,
    /// The supervisor's handle (`me`).
    pub supervisor: String,
    /// The supervisor's name, else the handle.
    pub supervisor_name: String,
    /// Conclusions shared with the group.
    pub conclusions: Vec<SharedConclusion>,
    /// Actions shared with the group.
    pub actions: SharedActions,
    /// Indicators of the meetings whose notes are shared with the group.
    pub indicators: Vec<SharedIndicator>,
}

/// A conclusion as a group reads it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SharedConclusion {
    /// The text.
    pub text: String,
    /// The report it came from (handle).
    pub report: String,
    /// The report's name.
    pub report_name: String,
    /// The meeting's day.
    pub date: String,
    /// A web link to the line, when `[notebook] url` is set.
    pub link: Option<String>,
}

/// An action as a group reads it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SharedAction {
    /// The text.
    pub text: String,
    /// `open`, `done` or `dropped` at the end of the range.
    pub state: String,
    /// The report whose meetings hold it (handle).
    pub report: String,
    /// The report's name.
    pub report_name: String,
    /// Owners (handles).
    pub owners: Vec<String>,
    /// Due date.
    pub due: Option<String>,
    /// The day it was born.
    pub opened: Option<String>,
    /// Days past due (overdue list).
    pub days_late: Option<i64>,
    /// The day it was done (done list).
    pub done_on: Option<String>,
    /// The day it was dropped (dropped list).
    pub dropped_on: Option<String>,
    /// A web link to the line, when `[notebook] url` is set.
    pub link: Option<String>,
}

/// The action lists of an audience digest.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct SharedActions {
    /// Done in the range.
    pub done: Vec<SharedAction>,
    /// Dropped in the range.
    pub dropped: Vec<SharedAction>,
    /// Born in the range.
    pub opened: Vec<SharedAction>,
    /// Open at the end of the range.
    pub open: Vec<SharedAction>,
    /// Open and past due.
    pub overdue: Vec<SharedAction>,
}

/// An indicator as a group reads it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SharedIndicator {
    /// The report (handle).
    pub report: String,
    /// The report's name.
    pub report_name: String,
    /// Indicator name.
    pub name: String,
    /// Meeting day.
    pub date: String,
    /// Value.
    #[serde(serialize_with = "num")]
    pub value: f64,
    /// Value at the previous meeting that recorded it.
    #[serde(serialize_with = "opt_num")]
    pub previous: Option<f64>,
    /// `value - previous`.
    #[serde(serialize_with = "opt_num")]
    pub delta: Option<f64>,
    /// The change is unusual for this indicator.
    pub flagged: bool,
    /// A web link to the note, when `[notebook] url` is set.
    pub link: Option<String>,
}

/// The groups a digest has something for, in order: every declared group, then any other
/// group named by an item.
pub fn groups_of(d: &Digest, nb: &Notebook) -> Vec<String> {
    let mut out: Vec<String> = nb.config.groups.keys().cloned().collect();
    let named = d.conclusions.iter().flat_map(|c| c.audience.iter()).chain(
        [
            &d.actions.done,
            &d.actions.dropped,
            &d.actions.opened,
            &d.actions.open,
        ]
        .into_iter()
        .flatten()
        .flat_map(|a| a.audience.iter()),
    );
    for g in named {
        if !out.contains(g) {
            out.push(g.clone());
        }
    }
    out
}

/// The groups `asked` names (`all`: every group of [`groups_of`]), each once, in the order
/// asked. A name that is neither a group of the digest nor of a person is a usage error with
/// the group it most likely means.
pub fn resolve(d: &Digest, nb: &Notebook, asked: &[String]) -> Result<Vec<String>> {
    let mut known = groups_of(d, nb);
    for p in nb.config.people.values() {
        for g in &p.groups {
            if !known.contains(g) {
                known.push(g.clone());
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    for name in asked {
        let wanted: Vec<String> = if name == ALL {
            groups_of(d, nb)
        } else if known.contains(name) {
            vec![name.clone()]
        } else {
            let list = if known.is_empty() {
                "no group is declared in cascade.toml or named by this digest's items".to_owned()
            } else {
                format!("the groups are {}", known.join(", "))
            };
            let help = match crate::notebook::closest(name, known.iter().map(String::as_str)) {
                Some(g) => format!("did you mean `{g}`? {list}"),
                None => list,
            };
            return Err(Error::usage(
                format!("--audience {}: no such group", name.escape_debug()),
                Some(&format!(
                    "{help}; `--audience all` gives one digest per group"
                )),
            ));
        };
        for g in wanted {
            if !out.contains(&g) {
                out.push(g);
            }
        }
    }
    Ok(out)
}

/// What `group` may read of the digest `d`.
pub fn for_group(d: &Digest, group: &str, nb: &Notebook) -> AudienceDigest {
    let link = |path: &str, line: usize| {
        nb.config.notebook.url.as_ref().map(|u| {
            let sep = if u.ends_with('/') { "" } else { "/" };
            if line > 0 {
                format!("{u}{sep}{path}#L{line}")
            } else {
                format!("{u}{sep}{path}")
            }
        })
    };
    let shared = |aud: &[String]| aud.iter().any(|g| g == group);
    let conclusion = |c: &ConclusionOut| SharedConclusion {
        text: c.text.clone(),
        report_name: nb.name_of(&c.report),
        report: c.report.clone(),
        date: c.date.clone(),
        link: link(&c.path, c.line),
    };
    let action = |a: &ActionOut| SharedAction {
        text: a.text.clone(),
        state: a.state.to_owned(),
        report_name: nb.name_of(&a.report),
        report: a.report.clone(),
        owners: a.owners.clone(),
        due: a.due.clone(),
        opened: a.opened.clone(),
        days_late: a.days_late,
        done_on: a.done_on.clone(),
        dropped_on: a.dropped_on.clone(),
        link: link(&a.path, a.line),
    };
    let list = |v: &[ActionOut]| -> Vec<SharedAction> {
        v.iter()
            .filter(|a| shared(&a.audience))
            .map(action)
            .collect()
    };
    let indicator = |i: &IndicatorOut| SharedIndicator {
        report_name: nb.name_of(&i.report),
        report: i.report.clone(),
        name: i.name.clone(),
        date: i.date.clone(),
        value: i.value,
        previous: i.previous,
        delta: i.change.delta,
        flagged: i.change.flagged,
        link: link(&i.path, 0),
    };
    let me = &nb.config.me;
    AudienceDigest {
        version: 1,
        kind: KIND.to_owned(),
        week: d.week.clone(),
        from: d.from.clone(),
        to: d.to.clone(),
        as_of: d.as_of.clone(),
        audience: group.to_owned(),
        audience_name: nb
            .config
            .groups
            .get(group)
            .and_then(|g| g.name.clone())
            .unwrap_or_else(|| group.to_owned()),
        supervisor: me.clone(),
        supervisor_name: nb.name_of(me),
        conclusions: d
            .conclusions
            .iter()
            .filter(|c| shared(&c.audience))
            .map(conclusion)
            .collect(),
        actions: SharedActions {
            done: list(&d.actions.done),
            dropped: list(&d.actions.dropped),
            opened: list(&d.actions.opened),
            open: list(&d.actions.open),
            overdue: list(&d.actions.overdue),
        },
        indicators: d
            .indicators
            .iter()
            .filter(|i| shared(&i.audience))
            .map(indicator)
            .collect(),
    }
}
