//! `cascade init`: create a notebook, never overwriting anything.

use std::path::Path;

use crate::cli::InitArgs;
use crate::error::{EXIT_OK, Result};
use crate::fsx::{self, Mode};
use crate::notebook::{CONFIG_FILE, NOTES_DIR, validate_handle};
use crate::ui::Ctx;

/// The commented `cascade.toml` a new notebook starts with.
pub fn config_template(me: &str) -> String {
    format!(
        r#"# cascade notebook configuration. Every key but `me` is optional.

# Your own handle: the supervisor who writes these notes.
me = "{me}"

# A report's working hours per week, for the leverage ratio
# (hours until the next meeting / hours in the meeting).
work_hours_per_week = 40

# Days between meetings for people without their own `cadence_days`.
default_cadence_days = 14

# Meeting length `cascade new` writes into a note.
default_duration_min = 60

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

/// A handle guessed from the login name, or `me`.
fn default_me() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>();
    let user = user.trim_matches('-').to_owned();
    if validate_handle(&user).is_ok() {
        user
    } else {
        "me".into()
    }
}

/// Run `cascade init`.
pub fn run(args: InitArgs, ctx: &mut Ctx) -> Result<u8> {
    let dir = match &args.dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => ctx.cwd.join(d),
        None => ctx.cwd.clone(),
    };
    let me = match &args.me {
        Some(m) => {
            validate_handle(m)
                .map_err(|e| crate::error::Error::usage(format!("--me: {e}"), None))?;
            m.clone()
        }
        None => default_me(),
    };
    let created = init_notebook(&dir, &me)?;
    let shown = dir.display();
    if created.is_empty() {
        ctx.out(format!(
            "{shown} is already a cascade notebook; nothing changed"
        ))?;
    } else {
        ctx.out(format!("initialized a cascade notebook in {shown}"))?;
        for c in &created {
            ctx.out(format!("  created {c}"))?;
        }
        ctx.out("next: `cascade person add HANDLE --name \"…\"`, then `cascade new HANDLE`")?;
    }
    Ok(EXIT_OK)
}

/// Create what is missing of a notebook in `dir`; returns what was created.
pub fn init_notebook(dir: &Path, me: &str) -> Result<Vec<String>> {
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
        fsx::write_atomic(&config, config_template(me).as_bytes(), Mode::CreateNew)?;
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
    if crate::git::discover(dir)?.is_none() {
        crate::git::write::init(dir)?;
        created.push("git repository".to_owned());
    }
    Ok(created)
}
