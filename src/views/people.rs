//! `cascade person list`: the people of `cascade.toml`.

use serde::Serialize;

use crate::notebook::Notebook;
use crate::ui::{Cell, Table};

/// The people of a notebook, by handle.
#[derive(Debug, Clone, Serialize)]
pub struct People {
    /// Schema version of the JSON output.
    pub version: u32,
    /// People, sorted by handle.
    pub people: Vec<PersonRow>,
}

/// One person.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRow {
    /// Handle.
    pub handle: String,
    /// Full name, if given.
    pub name: Option<String>,
    /// Role or title, if given.
    pub role: Option<String>,
    /// Days between meetings: the person's own, else the notebook's default.
    pub cadence_days: u32,
    /// The cadence is `default_cadence_days`, not the person's own.
    pub cadence_default: bool,
    /// Groups their conclusions usually go to.
    pub groups: Vec<String>,
    /// Other handles that mean them.
    pub aliases: Vec<String>,
}

/// Build the list from the config.
pub fn build(nb: &Notebook) -> People {
    let people = nb
        .config
        .people
        .iter()
        .map(|(h, p)| PersonRow {
            handle: h.clone(),
            name: p.name.clone(),
            role: p.role.clone(),
            cadence_days: nb.cadence_for(h),
            cadence_default: p.cadence_days.is_none(),
            groups: p.groups.clone(),
            aliases: p.aliases.clone(),
        })
        .collect();
    People { version: 1, people }
}

/// The table for a terminal.
pub fn render_human(v: &People, color: bool) -> String {
    if v.people.is_empty() {
        return "no people yet: `cascade person add HANDLE --name \"…\"`\n".into();
    }
    let mut t = Table::new(&["handle", "name", "cadence", "groups", "aliases"]);
    for p in &v.people {
        let cadence = if p.cadence_default {
            format!("{} days (default)", p.cadence_days)
        } else {
            format!("{} days", p.cadence_days)
        };
        t.row(vec![
            Cell::new(&p.handle),
            Cell::new(p.name.clone().unwrap_or_default()),
            Cell::new(cadence),
            Cell::new(p.groups.join(", ")),
            Cell::new(p.aliases.join(", ")),
        ]);
    }
    t.render(color)
}
