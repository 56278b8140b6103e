//! `cascade person add`: edit cascade.toml keeping the user's comments and order.

use crate::cli::PersonAddArgs;
use crate::error::{EXIT_OK, Error, Result};
use crate::fsx::{self, Mode};
use crate::notebook::{CONFIG_FILE, Config, Notebook, validate_handle};
use crate::ui::Ctx;

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
    let found = Notebook::discover(&ctx.cwd)?;
    // Two `person add` at once would each write the config they read, and one person would be
    // lost: edit under a lock, reading the config again once it is held.
    // The lock is on the folder that holds the config (through a symlink, the folder it is
    // really in), so that nothing is created for it.
    let config = fsx::write_target(&found.root.join(CONFIG_FILE))?;
    let _lock = fsx::lock(config.parent().unwrap_or(&found.root))?;
    let nb = Notebook::open(&found.root)?;
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
            Some("edit cascade.toml to change a person"),
        ));
    }
    if let Some(g) = args.groups.iter().find(|g| !nb.config.group_declared(g)) {
        return Err(Error::usage(
            format!("--group `{g}` is not declared in [groups] of {CONFIG_FILE}; nothing changed"),
            Some(&nb.config.undeclared_group_help(g)),
        ));
    }
    let text = add_person(&nb.config_text, &args)?;
    // Never write a config cascade itself would refuse.
    Config::parse(&text, CONFIG_FILE)?;
    fsx::write_atomic(&nb.root.join(CONFIG_FILE), text.as_bytes(), Mode::Replace)?;
    ctx.out(format!("added {} to {CONFIG_FILE}", args.handle))?;
    ctx.out(format!("next: `cascade new {}`", args.handle))?;
    Ok(EXIT_OK)
}

/// The config text with `[people.HANDLE]` added; everything else kept as written.
pub fn add_person(config_text: &str, args: &PersonAddArgs) -> Result<String> {
    let mut doc: toml_edit::DocumentMut =
        config_text.parse().map_err(|e: toml_edit::TomlError| {
            Error::input(format!("invalid {CONFIG_FILE}: {}", e.message()), None)
        })?;
    let eol = crate::text::line_ending_of(config_text);
    let people = doc
        .entry("people")
        .or_insert_with(|| {
            let mut t = toml_edit::Table::new();
            t.set_implicit(true);
            toml_edit::Item::Table(t)
        })
        .as_table_mut()
        .ok_or_else(|| Error::input(format!("`people` in {CONFIG_FILE} is not a table"), None))?;
    let mut person = toml_edit::Table::new();
    if let Some(n) = &args.name {
        person["name"] = toml_edit::value(n.as_str());
    }
    if let Some(r) = &args.role {
        person["role"] = toml_edit::value(r.as_str());
    }
    if let Some(c) = args.cadence {
        person["cadence_days"] = toml_edit::value(i64::from(c));
    }
    if !args.groups.is_empty() {
        let mut arr = toml_edit::Array::new();
        for g in &args.groups {
            arr.push(g.as_str());
        }
        person["groups"] = toml_edit::value(arr);
    }
    people.insert(&args.handle, toml_edit::Item::Table(person));
    let mut out = doc.to_string();
    if eol == "\r\n" {
        out = out.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    Ok(out)
}
