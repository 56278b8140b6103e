//! Writing a digest: JSON from the model, Markdown and HTML from minijinja templates.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::notebook::Notebook;
use crate::templates::Templates;

/// Output formats of the digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown, from `digest.md.j2`.
    Md,
    /// JSON, `"version": 1` first.
    Json,
    /// A self-contained HTML page, from `digest.html.j2`.
    Html,
}

impl Format {
    /// The template that renders this format, if any.
    pub fn template(self) -> Option<&'static str> {
        match self {
            Format::Md => Some("digest.md.j2"),
            Format::Json => None,
            Format::Html => Some("digest.html.j2"),
        }
    }
}

/// Render `digest` as `format`; a notebook's `templates/` overrides the built-in templates.
pub fn render(digest: &Digest, format: Format, nb: Option<&Notebook>) -> Result<String> {
    let Some(name) = format.template() else {
        // Serialized from the struct, so keys keep its order: `"version"` first.
        let mut s = serde_json::to_string_pretty(digest)
            .map_err(|e| Error::Internal(format!("digest to JSON: {e}")))?;
        s.push('\n');
        return Ok(s);
    };
    let value = serde_json::to_value(digest)
        .map_err(|e| Error::Internal(format!("digest to JSON: {e}")))?;
    let ctx = context(value, nb);
    Templates::new(nb.map(|n| n.root.as_path())).render(name, &ctx)
}

/// The template context: the JSON digest plus conclusions grouped by audience and the names
/// of groups and people. Every key is always present (lists may be empty).
fn context(mut value: Value, nb: Option<&Notebook>) -> Value {
    let group_name = |g: &str| -> String {
        nb.and_then(|n| n.config.groups.get(g))
            .and_then(|c| c.name.clone())
            .unwrap_or_else(|| g.to_owned())
    };
    let mut groups: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut no_audience: Vec<Value> = Vec::new();
    if let Some(list) = value["conclusions"].as_array() {
        for c in list {
            let aud = c["audience"].as_array().cloned().unwrap_or_default();
            if aud.is_empty() {
                no_audience.push(c.clone());
            }
            for g in aud {
                if let Some(g) = g.as_str() {
                    groups.entry(g.to_owned()).or_default().push(c.clone());
                }
            }
        }
    }
    let mut by_audience: Vec<Value> = groups
        .into_iter()
        .map(|(g, items)| json!({"audience": g, "name": group_name(&g), "conclusions": items}))
        .collect();
    if !no_audience.is_empty() {
        by_audience
            .push(json!({"audience": null, "name": "(no audience)", "conclusions": no_audience}));
    }
    let title = match value["week"].as_str() {
        Some(w) => format!("Cascade digest {w}"),
        None => format!(
            "Cascade digest {} to {}",
            value["from"].as_str().unwrap_or(""),
            value["to"].as_str().unwrap_or("")
        ),
    };
    let supervisor = nb.map(|n| n.config.me.clone()).unwrap_or_default();
    if let Some(obj) = value.as_object_mut() {
        obj.insert("by_audience".into(), Value::Array(by_audience));
        obj.insert("title".into(), Value::String(title));
        obj.insert("supervisor".into(), Value::String(supervisor));
    }
    value
}
