//! Writing a roll-up: JSON from the model, Markdown and HTML from minijinja templates.

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::notebook::Notebook;
use crate::rollup::{RolledAction, Rollup, SourceState};
use crate::templates::Templates;

/// Output formats of the roll-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown, from `rollup.md.j2`.
    Md,
    /// JSON, `"version": 1` first.
    Json,
    /// A self-contained HTML page, from `rollup.html.j2`.
    Html,
}

/// Render `r` as `format`; the notebook's `templates/` overrides the built-in templates.
pub fn render(r: &Rollup, format: Format, nb: &Notebook) -> Result<String> {
    let name = match format {
        Format::Json => return crate::views::to_json(r),
        Format::Md => "rollup.md.j2",
        Format::Html => "rollup.html.j2",
    };
    let mut ctx = context(r)?;
    if format == Format::Md {
        crate::views::digest::md_safe_value(&mut ctx, "");
    }
    Templates::new(Some(nb.root.as_path())).render(name, &ctx)
}

/// The template context: the JSON roll-up plus a title, the conclusions grouped by source,
/// the open actions not overdue, and how many sources were read. Every key is always present (lists may be empty).
fn context(r: &Rollup) -> Result<Value> {
    let mut value =
        serde_json::to_value(r).map_err(|e| Error::Internal(format!("roll-up to JSON: {e}")))?;
    let by_source: Vec<Value> = r
        .sources
        .iter()
        .filter(|s| s.state == SourceState::Read)
        .map(|s| {
            let items: Vec<&Value> = value["conclusions"]
                .as_array()
                .map(|l| {
                    l.iter()
                        .filter(|c| c["source"].as_str() == Some(s.name.as_str()))
                        .collect()
                })
                .unwrap_or_default();
            json!({
                "name": s.name,
                "manager_name": s.manager_name.clone().unwrap_or_else(|| s.name.clone()),
                "conclusions": items,
            })
        })
        .collect();
    // An open action already listed as overdue is not listed again as open.
    let key = |a: &RolledAction| {
        (
            a.source.clone(),
            a.item.text.clone(),
            a.item.report.clone(),
            a.item.opened.clone(),
        )
    };
    let overdue: HashSet<_> = r.actions.overdue.iter().map(key).collect();
    let open_not_due: Vec<&RolledAction> = r
        .actions
        .open
        .iter()
        .filter(|a| !overdue.contains(&key(a)))
        .collect();
    let open_not_due = serde_json::to_value(open_not_due)
        .map_err(|e| Error::Internal(format!("roll-up to JSON: {e}")))?;
    let title = format!("Cascade roll-up {} · {}", r.week, r.audience_name);
    if let Some(obj) = value.as_object_mut() {
        obj.insert("by_source".into(), Value::Array(by_source));
        obj.insert("title".into(), Value::String(title));
        obj.insert("read_count".into(), json!(r.read_count()));
        obj.insert("open_not_due".into(), open_not_due);
    }
    Ok(value)
}
