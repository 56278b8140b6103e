//! Editing `[people]` in `cascade.toml`: add, change or remove one person, everything else
//! kept as the user wrote it (comments, spacing, order, quoting, line endings).

use toml_edit::{DocumentMut, Item, TableLike, Value};

use crate::error::{Error, Result};
use crate::notebook::{CONFIG_FILE, Config, validate_handle};

/// What to write for one person; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonEdit {
    /// Full name; an empty string removes the key.
    pub name: Option<String>,
    /// Role or title; an empty string removes the key.
    pub role: Option<String>,
    /// Days between meetings.
    pub cadence: Option<u32>,
    /// The whole list of groups; empty removes the key.
    pub groups: Option<Vec<String>>,
    /// The whole list of aliases; empty removes the key.
    pub aliases: Option<Vec<String>>,
}

/// A list given on the command line: replaced whole, or changed item by item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListChange {
    /// `--group G…`: the new list, replacing the old one.
    pub replace: Option<Vec<String>>,
    /// `--add-group G`: appended when missing.
    pub add: Vec<String>,
    /// `--rm-group G`: removed when present.
    pub remove: Vec<String>,
}

impl ListChange {
    /// The list after the change, or None when nothing was asked.
    pub fn apply(&self, current: &[String]) -> Option<Vec<String>> {
        if self.replace.is_none() && self.add.is_empty() && self.remove.is_empty() {
            return None;
        }
        let mut out: Vec<String> = self.replace.clone().unwrap_or_else(|| current.to_vec());
        out.retain(|g| !self.remove.contains(g));
        for a in &self.add {
            if !out.contains(a) {
                out.push(a.clone());
            }
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|g| seen.insert(g.clone()));
        Some(out)
    }
}

/// Check an edit of `handle` against the config: groups are handles and declared (once
/// `[groups]` declares one), aliases are handles and name no one else.
pub fn check(config: &Config, handle: &str, edit: &PersonEdit) -> Result<()> {
    for g in edit.groups.iter().flatten() {
        validate_handle(g).map_err(|m| {
            Error::usage(
                format!(
                    "--group: {}; nothing changed",
                    m.replacen("handle", "group", 1)
                ),
                None,
            )
        })?;
        if !config.group_declared(g) {
            return Err(Error::usage(
                format!(
                    "--group `{g}` is not declared in [groups] of {CONFIG_FILE}; nothing changed"
                ),
                Some(&config.undeclared_group_help(g)),
            ));
        }
    }
    for a in edit.aliases.iter().flatten() {
        validate_handle(a).map_err(|m| {
            Error::usage(
                format!(
                    "--alias: {}; nothing changed",
                    m.replacen("handle", "alias", 1)
                ),
                Some("aliases are handles: lowercase letters, digits and `-`"),
            )
        })?;
        let clash = if a == handle {
            Some(format!("`{a}` is {handle}'s own handle"))
        } else if config.people.contains_key(a) || *a == config.me {
            Some(format!("`{a}` is the handle of another person"))
        } else {
            config
                .people
                .iter()
                .find(|(h, p)| *h != handle && p.aliases.contains(a))
                .map(|(h, _)| format!("`{a}` is already an alias of `{h}`"))
        };
        if let Some(why) = clash {
            return Err(Error::usage(
                format!("--alias: {why}; nothing changed"),
                Some("an alias must name one person only: choose another"),
            ));
        }
    }
    Ok(())
}

/// Parse `text`, let `f` change it, and print it back with the file's own line endings.
fn edit(text: &str, f: impl FnOnce(&mut DocumentMut) -> Result<()>) -> Result<String> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        Error::input(format!("invalid {CONFIG_FILE}: {}", e.message()), None)
    })?;
    f(&mut doc)?;
    let mut out = doc.to_string();
    if crate::text::line_ending_of(text) == "\r\n" {
        out = out.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    Ok(out)
}

fn people_mut(doc: &mut DocumentMut) -> Result<&mut dyn TableLike> {
    doc.entry("people")
        .or_insert_with(|| {
            let mut t = toml_edit::Table::new();
            t.set_implicit(true);
            Item::Table(t)
        })
        .as_table_like_mut()
        .ok_or_else(|| Error::input(format!("`people` in {CONFIG_FILE} is not a table"), None))
}

fn person_mut<'d>(doc: &'d mut DocumentMut, handle: &str) -> Result<&'d mut dyn TableLike> {
    people_mut(doc)?
        .get_mut(handle)
        .and_then(Item::as_table_like_mut)
        .ok_or_else(|| {
            Error::input(
                format!("`people.{handle}` in {CONFIG_FILE} is not a table"),
                Some("write it as `[people.HANDLE]` with its keys below".into()),
            )
        })
}

/// Set `key` to `value`, keeping the comment and spacing around the old value when there is
/// one (`cadence_days = 21 # every three weeks` keeps its comment).
fn set_value(t: &mut dyn TableLike, key: &str, mut value: Value) {
    match t.get_mut(key) {
        Some(Item::Value(old)) => {
            *value.decor_mut() = old.decor().clone();
            *old = value;
        }
        _ => {
            t.insert(key, Item::Value(value));
        }
    }
}

fn array(items: &[String]) -> Value {
    let mut arr = toml_edit::Array::new();
    for i in items {
        arr.push(i.as_str());
    }
    Value::Array(arr)
}

/// Write the fields `e` gives into `t`.
fn apply(t: &mut dyn TableLike, e: &PersonEdit) {
    for (key, v) in [("name", &e.name), ("role", &e.role)] {
        match v.as_deref() {
            Some("") => {
                t.remove(key);
            }
            Some(s) => set_value(t, key, s.into()),
            None => {}
        }
    }
    if let Some(c) = e.cadence {
        set_value(t, "cadence_days", i64::from(c).into());
    }
    for (key, v) in [("groups", &e.groups), ("aliases", &e.aliases)] {
        match v {
            Some(l) if l.is_empty() => {
                t.remove(key);
            }
            Some(l) => set_value(t, key, array(l)),
            None => {}
        }
    }
}

/// The config text with `[people.HANDLE]` added after the last table.
pub fn add(config_text: &str, handle: &str, e: &PersonEdit) -> Result<String> {
    edit(config_text, |doc| {
        let mut person = toml_edit::Table::new();
        apply(&mut person, e);
        people_mut(doc)?.insert(handle, Item::Table(person));
        Ok(())
    })
}

/// The config text with the fields `e` gives changed in `handle`'s entry, in place.
pub fn set(config_text: &str, handle: &str, e: &PersonEdit) -> Result<String> {
    edit(config_text, |doc| {
        apply(person_mut(doc, handle)?, e);
        Ok(())
    })
}

/// The config text without `handle`'s entry. The comments written above its header stay,
/// above the next table: they may speak of the section rather than of this person.
pub fn remove(config_text: &str, handle: &str) -> Result<String> {
    edit(config_text, |doc| {
        let removed = people_mut(doc)?.remove(handle);
        let Some(Item::Table(t)) = removed else {
            return Ok(());
        };
        let comments = t
            .decor()
            .prefix()
            .and_then(|p| p.as_str())
            .map(comment_lines)
            .unwrap_or_default();
        if comments.is_empty() {
            return Ok(());
        }
        let after = t.position();
        match next_table(doc.as_table_mut(), after) {
            Some(next) => {
                let old = next
                    .decor()
                    .prefix()
                    .and_then(|p| p.as_str())
                    .unwrap_or("")
                    .to_owned();
                next.decor_mut().set_prefix(format!("{comments}{old}"));
            }
            None => {
                let old = doc.trailing().as_str().unwrap_or("").to_owned();
                doc.set_trailing(format!("{comments}{old}"));
            }
        }
        Ok(())
    })
}

/// The comment lines of a decor prefix, each with its line break; blank lines dropped but a
/// blank line kept in front, so a section comment stays set apart.
fn comment_lines(prefix: &str) -> String {
    let lines: Vec<&str> = prefix
        .lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let mut s = String::from("\n");
    for l in lines {
        s.push_str(l);
        s.push('\n');
    }
    s
}

/// The table written first after document position `after`, anywhere in the document.
fn next_table(root: &mut toml_edit::Table, after: Option<isize>) -> Option<&mut toml_edit::Table> {
    let after = after?;
    let mut best: Option<(isize, Vec<String>)> = None;
    let mut stack: Vec<(Vec<String>, &toml_edit::Table)> = vec![(Vec::new(), &*root)];
    while let Some((path, t)) = stack.pop() {
        for (k, item) in t.iter() {
            if let Item::Table(sub) = item {
                let mut p = path.clone();
                p.push(k.to_owned());
                if let Some(pos) = sub.position()
                    && pos > after
                    && !sub.is_implicit()
                    && best.as_ref().is_none_or(|(b, _)| pos < *b)
                {
                    best = Some((pos, p.clone()));
                }
                stack.push((p, sub));
            }
        }
    }
    let (_, path) = best?;
    let mut t = root;
    for k in &path {
        t = t.get_mut(k)?.as_table_mut()?;
    }
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_changes_replace_or_edit_in_place() {
        let cur = vec!["sales".to_owned(), "ops".to_owned()];
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(ListChange::default().apply(&cur), None);
        let replace = ListChange {
            replace: Some(v(&["hr"])),
            ..Default::default()
        };
        assert_eq!(replace.apply(&cur), Some(v(&["hr"])));
        let edit = ListChange {
            replace: None,
            add: v(&["hr", "sales"]),
            remove: v(&["ops"]),
        };
        assert_eq!(edit.apply(&cur), Some(v(&["sales", "hr"])));
    }

    #[test]
    fn removing_the_first_person_keeps_the_section_comment() {
        let text = "me = \"dana\"\n\n# People, oldest first.\n[people.zed]\nname = \"Zed\"\n\n[people.ann] # ann\ncadence_days = 7\n";
        assert_eq!(
            remove(text, "zed").unwrap(),
            "me = \"dana\"\n\n# People, oldest first.\n\n[people.ann] # ann\ncadence_days = 7\n"
        );
        let text = "me = \"dana\"\n[people.ann]\n# last\n";
        assert_eq!(remove(text, "ann").unwrap(), "me = \"dana\"\n# last\n");
    }

    #[test]
    fn set_keeps_the_comment_after_a_value_and_a_crlf_file_stays_crlf() {
        let text = "me = \"dana\"\r\n[people.ann]\r\ncadence_days = 21 # every three weeks\r\n";
        let e = PersonEdit {
            cadence: Some(7),
            name: Some("Ann".into()),
            ..Default::default()
        };
        assert_eq!(
            set(text, "ann", &e).unwrap(),
            "me = \"dana\"\r\n[people.ann]\r\ncadence_days = 7 # every three weeks\r\nname = \"Ann\"\r\n"
        );
    }

    #[test]
    fn an_inline_person_is_edited_in_place() {
        let text = "me = \"dana\"\n[people]\nann = { name = \"Ann\" }\n";
        let e = PersonEdit {
            groups: Some(vec!["sales".into()]),
            ..Default::default()
        };
        assert_eq!(
            set(text, "ann", &e).unwrap(),
            "me = \"dana\"\n[people]\nann = { name = \"Ann\" , groups = [\"sales\"] }\n"
        );
    }
}
