//! `cascade person add|list|set|rm`: the people of cascade.toml, edited keeping the user's
//! comments and order (the editing itself is [`crate::notebook::people`]).

use crate::cli::{PersonAddArgs, PersonListArgs, PersonRmArgs, PersonSetArgs};
use crate::error::{EXIT_OK, Error, Result};
use crate::fsx::{self, Mode};
use crate::notebook::people::{self, ListChange, PersonEdit};
use crate::notebook::{CONFIG_FILE, Config, Notebook, validate_handle};
use crate::ui::Ctx;

/// Run `f` on the notebook's config under the config lock, and write the text it returns (if
/// any) atomically. Two edits at once would each write the config they read, and one change
/// would be lost: the config is read again once the lock is held. The lock is on the folder
/// that holds the config (through a symlink, the folder it is really in), so that nothing is
/// created for it.
fn locked_edit<T>(
    cwd: &std::path::Path,
    f: impl FnOnce(&Notebook) -> Result<(Option<String>, T)>,
) -> Result<T> {
    let found = Notebook::discover(cwd)?;
    let config = fsx::write_target(&found.root.join(CONFIG_FILE))?;
    let _lock = fsx::lock(config.parent().unwrap_or(&found.root))?;
    let nb = Notebook::open(&found.root)?;
    let (text, out) = f(&nb)?;
    if let Some(text) = text {
        // Never write a config cascade itself would refuse.
        Config::parse(&text, CONFIG_FILE)?;
        fsx::write_atomic(&nb.root.join(CONFIG_FILE), text.as_bytes(), Mode::Replace)?;
    }
    Ok(out)
}

/// Run `cascade person add`.
pub fn add(args: PersonAddArgs, ctx: &mut Ctx) -> Result<u8> {
    validate_handle(&args.handle).map_err(|m| {
        Error::usage(
            m,
            Some("e.g. `cascade person add alice --name \"Alice Martin\"`"),
        )
    })?;
    for g in &args.groups {
        validate_handle(g).map_err(|m| {
            Error::usage(
                format!("--group: {}", m.replacen("handle", "group", 1)),
                None,
            )
        })?;
    }
    let edit = PersonEdit {
        name: args.name.clone(),
        role: args.role.clone(),
        cadence: args.cadence,
        groups: (!args.groups.is_empty()).then(|| args.groups.clone()),
        aliases: None,
    };
    locked_edit(&ctx.cwd, |nb| {
        if let Some(owner) = nb.resolve_handle(&args.handle) {
            return Err(Error::usage(
                if owner == args.handle {
                    format!(
                        "`{}` is already in {CONFIG_FILE}; nothing changed",
                        args.handle
                    )
                } else {
                    format!(
                        "`{}` is already an alias of `{owner}`; nothing changed",
                        args.handle
                    )
                },
                Some(&format!(
                    "`cascade person set {owner} --name …` changes a person"
                )),
            ));
        }
        people::check(&nb.config, &args.handle, &edit)?;
        Ok((Some(people::add(&nb.config_text, &args.handle, &edit)?), ()))
    })?;
    ctx.out(format!("added {} to {CONFIG_FILE}", args.handle))?;
    ctx.out(format!("next: `cascade new {}`", args.handle))?;
    Ok(EXIT_OK)
}

/// Run `cascade person list`.
pub fn list(args: PersonListArgs, ctx: &mut Ctx) -> Result<u8> {
    let nb = ctx.notebook()?;
    let view = crate::views::people::build(&nb);
    super::print_view(ctx, args.format, &view, crate::views::people::render_human)?;
    Ok(EXIT_OK)
}

/// A list option as given: `--group ""` alone asks for an empty list.
fn given(list: &[String]) -> Option<Vec<String>> {
    if list.is_empty() {
        return None;
    }
    Some(list.iter().filter(|g| !g.is_empty()).cloned().collect())
}

/// Run `cascade person set`.
pub fn set(args: PersonSetArgs, ctx: &mut Ctx) -> Result<u8> {
    let groups = ListChange {
        replace: given(&args.groups),
        add: args.add_groups.clone(),
        remove: args.rm_groups.clone(),
    };
    let aliases = ListChange {
        replace: given(&args.aliases),
        add: args.add_aliases.clone(),
        remove: args.rm_aliases.clone(),
    };
    let nothing = args.name.is_none()
        && args.role.is_none()
        && args.cadence.is_none()
        && groups == ListChange::default()
        && aliases == ListChange::default();
    if nothing {
        return Err(Error::usage(
            "nothing to change: give --name, --role, --cadence, --group or --alias",
            Some(&format!(
                "e.g. `cascade person set {} --cadence 7`",
                args.handle
            )),
        ));
    }
    let (handle, changed) = locked_edit(&ctx.cwd, |nb| {
        let handle = super::report_arg(nb, &args.handle, super::Folders::Refused)?;
        let person = nb.config.people.get(&handle).cloned().unwrap_or_default();
        let edit = PersonEdit {
            name: args.name.clone(),
            role: args.role.clone(),
            cadence: args.cadence,
            groups: groups.apply(&person.groups),
            aliases: aliases.apply(&person.aliases),
        };
        people::check(&nb.config, &handle, &edit)?;
        let text = people::set(&nb.config_text, &handle, &edit)?;
        let changed = text != nb.config_text;
        Ok((changed.then_some(text), (handle, changed)))
    })?;
    if changed {
        ctx.out(format!("changed {handle} in {CONFIG_FILE}"))?;
    } else {
        ctx.out(format!(
            "{handle} already reads so in {CONFIG_FILE}; nothing changed"
        ))?;
    }
    Ok(EXIT_OK)
}

/// What still names a person: their notes, actions they own, files in their folder that could
/// not be read (they may be theirs: counted, fail closed), and files elsewhere that could not be
/// read (only warned of: one unreadable file must not block every removal).
#[derive(Debug, Default)]
struct Named {
    notes: Vec<String>,
    actions: Vec<String>,
    unreadable: Vec<String>,
    unchecked: Vec<String>,
}

impl Named {
    fn is_empty(&self) -> bool {
        self.notes.is_empty() && self.actions.is_empty() && self.unreadable.is_empty()
    }

    /// "3 notes (notes/bob/2026-11-03.md, …) and 2 actions owned by @bob (…)".
    fn describe(&self, handle: &str) -> String {
        fn some(list: &[String]) -> String {
            let mut shown: Vec<&str> = list.iter().take(3).map(String::as_str).collect();
            if list.len() > 3 {
                shown.push("…");
            }
            shown.join(", ")
        }
        let mut parts = Vec::new();
        if !self.notes.is_empty() {
            parts.push(format!(
                "{} ({})",
                crate::ui::plural(self.notes.len() as i64, "note"),
                some(&self.notes)
            ));
        }
        if !self.actions.is_empty() {
            parts.push(format!(
                "{} owned by @{handle} ({})",
                crate::ui::plural(self.actions.len() as i64, "action"),
                some(&self.actions)
            ));
        }
        if !self.unreadable.is_empty() {
            parts.push(format!(
                "{} that could not be read to check ({})",
                crate::ui::plural(self.unreadable.len() as i64, "note"),
                some(&self.unreadable)
            ));
        }
        parts.join(" and ")
    }
}

/// The notes whose report is `handle` or that sit in their folder (or an alias's), and the
/// actions `handle` (or an alias) owns, in every note, private ones included: what
/// `person rm` would leave naming no one.
fn named_by(nb: &Notebook, handle: &str) -> Named {
    let loaded = crate::notebook::load::load_all(nb);
    let mut names = vec![handle.to_owned()];
    if let Some(p) = nb.config.people.get(handle) {
        names.extend(p.aliases.iter().cloned());
    }
    let folders: Vec<String> = names
        .iter()
        .map(|h| format!("{}/{h}/", crate::notebook::NOTES_DIR))
        .collect();
    let mut named = Named::default();
    for n in &loaded.notes {
        // Theirs by its report, or filed in their folder whatever its front matter says.
        if n.report == handle || folders.iter().any(|f| n.rel.starts_with(f.as_str())) {
            named.notes.push(n.rel.clone());
        }
        for a in n.actions.iter().chain(&n.private_actions) {
            if a.owners.iter().any(|o| names.contains(o)) {
                named.actions.push(format!("{}:{}", n.rel, a.line));
            }
        }
    }
    named.notes.sort();
    for u in &loaded.unreadable {
        if folders.iter().any(|f| u.rel.starts_with(f.as_str())) {
            named.unreadable.push(u.rel.clone());
        } else {
            named.unchecked.push(u.warning());
        }
    }
    named
}

/// Run `cascade person rm`.
pub fn rm(args: PersonRmArgs, ctx: &mut Ctx) -> Result<u8> {
    let cwd = ctx.cwd.clone();
    let named = locked_edit(&cwd, |nb| {
        if !nb.config.people.contains_key(&args.handle)
            && let Some(owner) = nb.resolve_handle(&args.handle)
        {
            return Err(Error::usage(
                format!(
                    "`{}` is an alias of `{owner}`, not a person; nothing changed",
                    args.handle
                ),
                Some(&format!(
                    "`cascade person set {owner} --rm-alias {}` removes the alias; `cascade person rm {owner}` the person",
                    args.handle
                )),
            ));
        }
        let handle = super::report_arg(nb, &args.handle, super::Folders::Refused)?;
        let named = named_by(nb, &handle);
        for w in &named.unchecked {
            ctx.warn(format!("{w}; it was not checked for `{handle}`"));
        }
        if !named.is_empty() && !args.keep_notes {
            return Err(Error::usage(
                format!(
                    "{handle} is still named by {}; nothing changed",
                    named.describe(&handle)
                ),
                Some(&format!(
                    "keep them in {CONFIG_FILE}, or `cascade person rm {handle} --keep-notes` removes the entry and leaves every note as it is (lint then warns `people/unknown` where they are named)"
                )),
            ));
        }
        Ok((Some(people::remove(&nb.config_text, &handle)?), named))
    })?;
    ctx.out(format!("removed {} from {CONFIG_FILE}", args.handle))?;
    if !named.is_empty() {
        ctx.out(format!(
            "kept as they are: {}",
            named.describe(&args.handle)
        ))?;
    }
    Ok(EXIT_OK)
}
