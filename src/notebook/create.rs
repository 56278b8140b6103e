//! Creating a notebook, never overwriting anything.

use std::path::Path;

use crate::error::Result;
use crate::fsx::{self, Mode};
use crate::notebook::DefaultShare;
use crate::notebook::{CONFIG_FILE, NOTES_DIR};

/// The commented `cascade.toml` a new notebook starts with.
fn config_template(me: &str, default_share: DefaultShare) -> String {
    let default_share = match default_share {
        DefaultShare::Groups => "groups",
        DefaultShare::None => "none",
    };
    format!(
        r#"# cascade notebook configuration. Every key but `me` is optional.

# Your own handle: the supervisor who writes these notes.
me = "{me}"

# A report's working hours per week, for the leverage ratio
# (hours until the next meeting / hours in the meeting).
work_hours_per_week = 40

# Days between meetings for people without their own `cadence_days`.
default_cadence_days = 14

# Meeting length counted for a note whose `duration_min` is left blank.
default_duration_min = 60

# Where a conclusion or action without its own `share:GROUP` goes: "groups" sends it to
# the groups of its note's `share_with:`; "none" sends it nowhere until it is marked, so
# nothing is shared by surprise. `cascade lint` says where each unmarked conclusion goes.
default_share = "{default_share}"

# People you meet; add them with `cascade person add HANDLE --name "…"`.
# [people.alice]
# name = "Alice Martin"
# role = "Sales lead"
# cadence_days = 7
# groups = ["sales"]
# aliases = ["alice-martin"]

# Groups conclusions are cascaded to (`share_with:` in a note, `share:` on a bullet).
# [groups.sales]
# name = "Sales leadership"

# Rule severities: "error", "warning" or "off". See `cascade rules`.
# [lint.rules]
# "leverage/missing" = "off"
"#
    )
}

/// Create what is missing of a notebook's files in `dir` (config, `notes/`, the `.gitignore`
/// entry); returns what was created. The repository is the caller's to make.
pub fn create(dir: &Path, me: &str, default_share: DefaultShare) -> Result<Vec<String>> {
    let mut created = Vec::new();
    // Everything that can be refused is read first, so a refusal leaves nothing half made.
    let gitignore = dir.join(".gitignore");
    let existing = match std::fs::read(&gitignore) {
        Ok(b) => Some(String::from_utf8(b).map_err(|e| {
            crate::error::Error::input(
                format!(
                    "{} is not valid UTF-8 (byte {}); nothing was created",
                    gitignore.display(),
                    e.utf8_error().valid_up_to()
                ),
                Some(
                    "save it as UTF-8, or add `.cascade/` to it yourself and run init again".into(),
                ),
            )
        })?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(crate::error::Error::io(&gitignore, e)),
    };
    fsx::create_dir_all(dir)?;
    let config = dir.join(CONFIG_FILE);
    if !config.exists() {
        fsx::write_atomic(
            &config,
            config_template(me, default_share).as_bytes(),
            Mode::CreateNew,
        )?;
        created.push(CONFIG_FILE.to_owned());
    }
    let notes = dir.join(NOTES_DIR);
    if !notes.exists() {
        fsx::create_dir_all(&notes)?;
        created.push(format!("{NOTES_DIR}/"));
    }
    let has_entry = existing.as_deref().is_some_and(|s| {
        s.lines()
            .any(|l| matches!(l.trim(), ".cascade/" | ".cascade" | "/.cascade/"))
    });
    if !has_entry {
        let mut text = existing.clone().unwrap_or_default();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str("# cascade's cache: always safe to delete\n.cascade/\n");
        fsx::write_atomic(&gitignore, text.as_bytes(), Mode::Replace)?;
        created.push(if existing.is_some() {
            ".gitignore (added .cascade/)".to_owned()
        } else {
            ".gitignore".to_owned()
        });
    }
    Ok(created)
}
