//! The roll-up: one digest for a manager of managers, merged from the audience digests that
//! other notebooks committed (`digests/<week>/<audience>.json`), never from their notes.
//!
//! No git here: [`crate::git::remote`] reads each source's file at the tip of its branch, and
//! this module checks and parses each file ([`parse`]), then merges the sources in the order
//! of the config ([`merge`]). A source that cannot be reached, has no digest for the week, or
//! holds a file this cascade cannot read is one line of the sources section; it never stops
//! the others. The roll-up can itself be published as an audience digest
//! ([`as_audience_digest`]), so the cascade goes up more than one level.

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::dates::IsoWeek;
use crate::digest::audience::{
    self, AudienceDigest, SharedAction, SharedActions, SharedConclusion, SharedIndicator,
};
use crate::notebook::Notebook;

/// The `kind` of the roll-up's JSON.
pub const KIND: &str = "rollup";

/// The largest audience digest read from a source: far above a year of conclusions, far below
/// what would hurt to hold in memory.
pub const MAX_DIGEST_BYTES: u64 = 16 << 20;

/// Where a notebook commits its audience digest of `week` for `group`, from its root: the
/// path `digest --commit --audience` writes.
pub fn digest_path(week: IsoWeek, group: &str) -> String {
    crate::notebook::audience_digest_rel(&week.to_string(), group, "json")
}

/// What reading one source at the tip of its branch gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Read {
    /// The branch tip (full commit id, its day) and the file there.
    Tip {
        /// The commit read.
        commit: String,
        /// Its day, in the committer's own offset.
        day: String,
        /// The digest file at that commit.
        file: File,
    },
    /// The repository or branch could not be reached: the reason, one line.
    Unreachable(String),
}

/// The digest file at a source's branch tip.
#[derive(Debug, Clone, PartialEq)]
pub enum File {
    /// No file at that path: no digest for the week.
    Missing,
    /// The file's bytes.
    Bytes(Vec<u8>),
    /// There is something at that path that is not read: why.
    Refused(String),
}

/// The roll-up of one week.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rollup {
    /// Schema version: 1.
    pub version: u32,
    /// Always `rollup`.
    pub kind: String,
    /// `2026-W48`.
    pub week: String,
    /// The week's Monday.
    pub from: String,
    /// The week's Sunday.
    pub to: String,
    /// The day the roll-up was made, or the week's Sunday if earlier.
    pub as_of: String,
    /// The group whose digests were read (`[rollup] audience`).
    pub audience: String,
    /// Its name, as the first source read calls it; else the handle.
    pub audience_name: String,
    /// The roll-up notebook's supervisor (`me`).
    pub supervisor: String,
    /// Their name, else the handle.
    pub supervisor_name: String,
    /// One line per source, in the config's order.
    pub sources: Vec<SourceLine>,
    /// Every source's conclusions, source by source.
    pub conclusions: Vec<RolledConclusion>,
    /// Every source's actions, source by source within each list.
    pub actions: RolledActions,
    /// Every source's indicators.
    pub indicators: Vec<RolledIndicator>,
}

/// What became of one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceState {
    /// Its digest was read and merged.
    Read,
    /// Reached, but it has no digest for that week and audience.
    NoDigest,
    /// The repository or branch could not be reached.
    Unreachable,
    /// Its digest is there but cannot be read (newer version, not JSON, not an audience digest).
    Unreadable,
}

/// The sources section's line for one source.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SourceLine {
    /// The source's name (`[[rollup.source]] name`): the manager whose notebook it is.
    pub name: String,
    /// What became of it.
    pub state: SourceState,
    /// The file looked for, relative to the source notebook's root.
    pub path: String,
    /// The commit read (7 hex digits), when the branch was reached.
    pub commit: Option<String>,
    /// That commit's day.
    pub date: Option<String>,
    /// Why it was not read (unreachable, unreadable).
    pub reason: Option<String>,
    /// The manager's name, as their digest gives it (read sources).
    pub manager_name: Option<String>,
}

/// A conclusion with the source it came from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RolledConclusion {
    /// The source's name.
    pub source: String,
    /// The manager's name, as their digest gives it.
    pub manager_name: String,
    /// The conclusion as the source shared it (a link only if it is a web address).
    #[serde(flatten)]
    pub item: SharedConclusion,
    /// Where to read more: its link, else `<source>:<digest path>`.
    #[serde(rename = "where")]
    pub at: String,
}

/// An action with the source it came from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RolledAction {
    /// The source's name.
    pub source: String,
    /// The manager's name, as their digest gives it.
    pub manager_name: String,
    /// The action as the source shared it (a link only if it is a web address).
    #[serde(flatten)]
    pub item: SharedAction,
    /// Where to read more: its link, else `<source>:<digest path>`.
    #[serde(rename = "where")]
    pub at: String,
}

/// The action lists of the roll-up.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct RolledActions {
    /// Done in the week.
    pub done: Vec<RolledAction>,
    /// Dropped in the week.
    pub dropped: Vec<RolledAction>,
    /// Born in the week.
    pub opened: Vec<RolledAction>,
    /// Open at the end of the week.
    pub open: Vec<RolledAction>,
    /// Open and past due.
    pub overdue: Vec<RolledAction>,
}

/// An indicator with the source it came from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RolledIndicator {
    /// The source's name.
    pub source: String,
    /// The manager's name, as their digest gives it.
    pub manager_name: String,
    /// The indicator as the source shared it.
    #[serde(flatten)]
    pub item: SharedIndicator,
}

impl Rollup {
    /// How many sources were read and merged.
    pub fn read_count(&self) -> usize {
        self.sources
            .iter()
            .filter(|s| s.state == SourceState::Read)
            .count()
    }
}

/// Check and parse the bytes of a source's audience digest of `week` for `audience`; the
/// error says why it cannot be read, in one line.
pub fn parse(bytes: &[u8], week: IsoWeek, audience: &str) -> Result<AudienceDigest, String> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
    let version = match value.get("version") {
        Some(v) => v
            .as_u64()
            .ok_or_else(|| format!("`version` is {v}, not a whole number"))?,
        None => return Err("it has no `version`: not a digest cascade wrote".into()),
    };
    if version > 1 {
        return Err(format!(
            "version {version}, written by a newer cascade (this one reads version 1): update cascade"
        ));
    }
    if version < 1 {
        return Err(format!("version {version}: not a digest cascade wrote"));
    }
    match value.get("kind").and_then(|k| k.as_str()) {
        Some(audience::KIND) => {}
        Some(k) => {
            return Err(format!(
                "kind `{}`, not an audience digest",
                k.escape_debug()
            ));
        }
        None => return Err("it has no `kind`: not an audience digest".into()),
    }
    let d: AudienceDigest = serde_json::from_value(value)
        .map_err(|e| format!("not the audience digest format: {e}"))?;
    let wanted = week.to_string();
    if d.week.as_deref() != Some(wanted.as_str()) {
        return Err(format!(
            "it is the digest of {}, not of {wanted}",
            d.week.as_deref().unwrap_or("a span that is not one week")
        ));
    }
    // A file that names another group may hold what that group alone was meant to read.
    if d.audience != audience {
        return Err(format!(
            "it is the digest for `{}`, not for `{audience}`",
            d.audience.escape_debug()
        ));
    }
    Ok(d)
}

/// A link from a source, kept only when it is a plain web address that no Markdown or HTML
/// reader can take for anything else: `http(s)://`, no spaces, quotes, brackets or controls.
pub fn safe_link(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && link.len() <= 2048
        && link.bytes().all(|b| {
            b.is_ascii_graphic()
                && !matches!(b, b'"' | b'\'' | b'<' | b'>' | b'(' | b')' | b'`')
                && !matches!(b, b'\\' | b'[' | b']' | b'{' | b'}' | b'|' | b'^')
        })
}

/// Merge what was read of each source (`(name, read)`, in the config's order) into the
/// roll-up of `week` for `audience`, made on `today` by the notebook `nb`'s supervisor.
pub fn merge(
    nb: &Notebook,
    week: IsoWeek,
    audience: &str,
    today: jiff::civil::Date,
    reads: Vec<(String, Read)>,
) -> Rollup {
    let path = digest_path(week, audience);
    let mut r = Rollup {
        version: 1,
        kind: KIND.to_owned(),
        week: week.to_string(),
        from: week.monday().to_string(),
        to: week.sunday().to_string(),
        as_of: today.min(week.sunday()).to_string(),
        audience: audience.to_owned(),
        audience_name: audience.to_owned(),
        supervisor: nb.config.me.clone(),
        supervisor_name: nb.name_of(&nb.config.me),
        sources: Vec::new(),
        conclusions: Vec::new(),
        actions: RolledActions::default(),
        indicators: Vec::new(),
    };
    let mut named = false;
    for (name, read) in reads {
        let mut line = SourceLine {
            name: name.clone(),
            state: SourceState::Unreachable,
            path: path.clone(),
            commit: None,
            date: None,
            reason: None,
            manager_name: None,
        };
        let (commit, day, file) = match read {
            Read::Unreachable(why) => {
                line.reason = Some(why);
                r.sources.push(line);
                continue;
            }
            Read::Tip { commit, day, file } => (commit, day, file),
        };
        line.commit = Some(commit.chars().take(7).collect());
        line.date = Some(day);
        let parsed = match file {
            File::Missing => {
                line.state = SourceState::NoDigest;
                r.sources.push(line);
                continue;
            }
            File::Refused(why) => Err(why),
            File::Bytes(b) => parse(&b, week, audience),
        };
        let d = match parsed {
            Ok(d) => d,
            Err(why) => {
                line.state = SourceState::Unreadable;
                line.reason = Some(why);
                r.sources.push(line);
                continue;
            }
        };
        line.state = SourceState::Read;
        line.manager_name = Some(d.supervisor_name.clone());
        r.sources.push(line);
        if !named {
            r.audience_name = d.audience_name.clone();
            named = true;
        }
        add(&mut r, &name, &path, d);
    }
    r
}

/// Add one source's digest to the roll-up.
fn add(r: &mut Rollup, source: &str, path: &str, d: AudienceDigest) {
    let fallback = format!("{source}:{path}");
    let at = |link: &mut Option<String>| -> String {
        if link.as_deref().is_some_and(|l| !safe_link(l)) {
            *link = None;
        }
        link.clone().unwrap_or_else(|| fallback.clone())
    };
    let manager = d.supervisor_name;
    for mut c in d.conclusions {
        let at = at(&mut c.link);
        r.conclusions.push(RolledConclusion {
            source: source.to_owned(),
            manager_name: manager.clone(),
            item: c,
            at,
        });
    }
    let SharedActions {
        done,
        dropped,
        opened,
        open,
        overdue,
    } = d.actions;
    for (from, to) in [
        (done, &mut r.actions.done),
        (dropped, &mut r.actions.dropped),
        (opened, &mut r.actions.opened),
        (open, &mut r.actions.open),
        (overdue, &mut r.actions.overdue),
    ] {
        for mut a in from {
            let at = at(&mut a.link);
            to.push(RolledAction {
                source: source.to_owned(),
                manager_name: manager.clone(),
                item: a,
                at,
            });
        }
    }
    for mut i in d.indicators {
        if i.link.as_deref().is_some_and(|l| !safe_link(l)) {
            i.link = None;
        }
        r.indicators.push(RolledIndicator {
            source: source.to_owned(),
            manager_name: manager.clone(),
            item: i,
        });
    }
}

/// The roll-up as an audience digest for `group` of the roll-up notebook `nb`, so a manager
/// of managers can publish it one level up: each item is re-attributed to its source, which
/// becomes the item's report (named as `nb` names that person, else by the source's name),
/// and keeps only a web link.
pub fn as_audience_digest(r: &Rollup, group: &str, nb: &Notebook) -> AudienceDigest {
    let conclusion = |c: &RolledConclusion| SharedConclusion {
        report: c.source.clone(),
        report_name: nb.name_of(&c.source),
        ..c.item.clone()
    };
    let action = |a: &RolledAction| SharedAction {
        report: a.source.clone(),
        report_name: nb.name_of(&a.source),
        ..a.item.clone()
    };
    let list = |v: &[RolledAction]| v.iter().map(action).collect::<Vec<_>>();
    AudienceDigest {
        version: 1,
        kind: audience::KIND.to_owned(),
        week: Some(r.week.clone()),
        from: r.from.clone(),
        to: r.to.clone(),
        as_of: r.as_of.clone(),
        audience: group.to_owned(),
        audience_name: nb
            .config
            .groups
            .get(group)
            .and_then(|g| g.name.clone())
            .unwrap_or_else(|| group.to_owned()),
        supervisor: r.supervisor.clone(),
        supervisor_name: r.supervisor_name.clone(),
        conclusions: r.conclusions.iter().map(conclusion).collect(),
        actions: SharedActions {
            done: list(&r.actions.done),
            dropped: list(&r.actions.dropped),
            opened: list(&r.actions.opened),
            open: list(&r.actions.open),
            overdue: list(&r.actions.overdue),
        },
        indicators: r
            .indicators
            .iter()
            .map(|i| SharedIndicator {
                report: i.source.clone(),
                report_name: nb.name_of(&i.source),
                ..i.item.clone()
            })
            .collect(),
    }
}
