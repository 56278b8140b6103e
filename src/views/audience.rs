//! Writing an audience digest: JSON from the model, Markdown and HTML from the
//! `audience.md.j2` and `audience.html.j2` templates.

use serde_json::{Value, json};

use super::digest::{Format, md_safe_value};
use crate::digest::audience::AudienceDigest;
use crate::error::{Error, Result};
use crate::notebook::Notebook;
use crate::templates::Templates;

/// The template that renders `format` for a group, if any.
pub fn template(format: Format) -> Option<&'static str> {
    match format {
        Format::Md => Some("audience.md.j2"),
        Format::Json => None,
        Format::Html => Some("audience.html.j2"),
    }
}

/// Render one group's digest as `format`; a notebook's `templates/` overrides the built-in
/// templates.
pub fn render(a: &AudienceDigest, format: Format, nb: Option<&Notebook>) -> Result<String> {
    let Some(name) = template(format) else {
        // Serialized from the struct, so keys keep its order: `"version"` first.
        return super::to_json(a);
    };
    let mut ctx = context(a, nb)?;
    if format == Format::Md {
        md_safe_value(&mut ctx, "");
    }
    Templates::new(nb.map(|n| n.root.as_path())).render(name, &ctx)
}

/// Several groups' digests as one output: JSON as an array of documents (each with its
/// `"version"`), Markdown one after another with a `---` rule between them. HTML pages
/// cannot be put one after another; the caller writes them to files.
pub fn render_many(
    list: &[AudienceDigest],
    format: Format,
    nb: Option<&Notebook>,
) -> Result<String> {
    match format {
        Format::Json => super::to_json(&list),
        Format::Md => {
            let mut parts = Vec::with_capacity(list.len());
            for a in list {
                parts.push(render(a, format, nb)?);
            }
            Ok(parts.join("\n---\n\n"))
        }
        Format::Html => Err(Error::Internal(
            "several HTML pages cannot make one output".into(),
        )),
    }
}

/// The template context: the JSON model, a `title`, and each action's `owner_names` (names
/// where `cascade.toml` has them). A link that is not a web address (`http:`, `https:`, or a
/// relative one) is dropped, so `[notebook] url` cannot turn an item into a script link.
pub(crate) fn context(a: &AudienceDigest, nb: Option<&Notebook>) -> Result<Value> {
    let mut value =
        serde_json::to_value(a).map_err(|e| Error::Internal(format!("digest to JSON: {e}")))?;
    let period = period(a);
    let title = title(a);
    let name_of = |h: &str| nb.map_or_else(|| h.to_owned(), |n| n.name_of(h));
    for list in ["done", "dropped", "opened", "open", "overdue"] {
        if let Some(items) = value["actions"][list].as_array_mut() {
            for item in items {
                let names: Vec<Value> = item["owners"]
                    .as_array()
                    .map(|o| {
                        o.iter()
                            .filter_map(Value::as_str)
                            .map(|h| json!(name_of(h)))
                            .collect()
                    })
                    .unwrap_or_default();
                item["owner_names"] = Value::Array(names);
            }
        }
    }
    drop_unsafe_links(&mut value);
    if let Some(obj) = value.as_object_mut() {
        obj.insert("title".into(), Value::String(title));
        obj.insert("period".into(), Value::String(period));
    }
    Ok(value)
}

/// The days a group's digest covers: its ISO week, else `FROM to TO`.
fn period(a: &AudienceDigest) -> String {
    match &a.week {
        Some(w) => w.clone(),
        None => format!("{} to {}", a.from, a.to),
    }
}

/// The title of a group's digest (and the subject of its email).
pub fn title(a: &AudienceDigest) -> String {
    format!("Cascade digest {} for {}", period(a), a.audience_name)
}

fn drop_unsafe_links(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if let Some(link) = map.get_mut("link")
                && let Some(s) = link.as_str()
                && !web_link(s)
            {
                *link = Value::Null;
            }
            map.values_mut().for_each(drop_unsafe_links);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_unsafe_links),
        _ => {}
    }
}

/// `http:`/`https:`, or a relative address (no scheme before the first `/`).
fn web_link(s: &str) -> bool {
    let lower = s.trim_start().to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return true;
    }
    let head = lower.split(['/', '?', '#']).next().unwrap_or("");
    !head.contains(':') && !lower.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::web_link;

    #[test]
    fn only_web_addresses_make_links() {
        assert!(web_link(
            "https://git.example.org/dana/1on1/blob/main/notes/a.md#L3"
        ));
        assert!(web_link("../1on1/notes/a.md"));
        assert!(!web_link("javascript:alert(1)//notes/a.md"));
        assert!(!web_link(" JavaScript:alert(1)"));
        assert!(!web_link("data:text/html,x"));
    }
}
