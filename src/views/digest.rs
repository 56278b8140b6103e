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
    /// The file extension of this format.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Json => "json",
            Format::Html => "html",
        }
    }

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
    let mut ctx = context(value, nb);
    if format == Format::Md {
        md_safe_value(&mut ctx, "");
    }
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
    if let Some(list) = value["indicators"].as_array_mut() {
        for i in list {
            let values: Vec<f64> = i["history"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p["value"].as_f64())
                .collect();
            i["spark"] = sparkline(&values);
        }
    }
    if let Some(obj) = value.as_object_mut() {
        obj.insert("by_audience".into(), Value::Array(by_audience));
        obj.insert("title".into(), Value::String(title));
        obj.insert("supervisor".into(), Value::String(supervisor));
    }
    value
}

/// Width and height of an indicator's sparkline in the HTML digest, in pixels.
const SPARK: (f64, f64) = (96.0, 24.0);

/// An inline SVG sparkline's geometry for `values` (oldest first), on the scale the
/// terminal's `trend` draws with ([`crate::measure::scaled`]): `points` for a `<polyline>`,
/// `x` and `y` of the last point, `width` and `height`. A series that never moves is a line
/// across the middle.
fn sparkline(values: &[f64]) -> Value {
    let (w, h) = SPARK;
    let pad = 3.0;
    let n = values.len();
    let step = if n > 1 {
        (w - 2.0 * pad) / (n - 1) as f64
    } else {
        0.0
    };
    let pts: Vec<(f64, f64)> = crate::measure::scaled(values)
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let x = if n > 1 {
                pad + step * i as f64
            } else {
                w / 2.0
            };
            (x, pad + (1.0 - p.unwrap_or(0.5)) * (h - 2.0 * pad))
        })
        .collect();
    let round = |v: f64| (v * 10.0).round() / 10.0;
    let points: Vec<String> = pts
        .iter()
        .map(|&(x, y)| format!("{},{}", round(x), round(y)))
        .collect();
    let (x, y) = pts.last().copied().unwrap_or((w / 2.0, h / 2.0));
    json!({
        "points": points.join(" "),
        "x": round(x).to_string(),
        "y": round(y).to_string(),
        "width": w as u32,
        "height": h as u32,
    })
}

/// Make every text of a Markdown template's context inert (paths, which templates put in
/// code spans, excepted): see [`md_safe`]. Call with `key` empty.
pub fn md_safe_value(v: &mut Value, key: &str) {
    match v {
        Value::String(s) if !matches!(key, "path" | "first_path" | "commit") => {
            if let std::borrow::Cow::Owned(o) = md_safe(s) {
                *s = o;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| md_safe_value(i, key)),
        Value::Object(map) => map.iter_mut().for_each(|(k, i)| md_safe_value(i, k)),
        _ => {}
    }
}

/// Text from a note as the Markdown digest writes it: raw HTML is escaped (`<`, `>` and `&`
/// become entities, so no tag, comment or encoded character survives), control characters
/// (a line break, an escape) become spaces, `|` is escaped (a table's cell stays one), and a text naming a
/// `javascript:`, `vbscript:` or `data:` URL anywhere (however spaced, cased or escaped) has
/// its brackets escaped, so no link is made of it: it reads as plain text.
pub fn md_safe(text: &str) -> std::borrow::Cow<'_, str> {
    // Each scheme ends in `:`: a text without one names none (most texts), and is not squeezed.
    let dangerous = text.contains(':') && {
        let squeezed: String = text
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == ':')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        ["javascript:", "vbscript:", "data:"]
            .iter()
            .any(|s| squeezed.contains(s))
    };
    let special = |c: char| {
        matches!(c, '<' | '>' | '&' | '|')
            || c.is_control()
            || (dangerous && matches!(c, '[' | ']'))
    };
    // ASCII (nearly every text) is looked at a byte at a time: it has no C1 control.
    let plain = if text.is_ascii() {
        !text.bytes().any(|b| special(char::from(b)))
    } else {
        !text.contains(special)
    };
    if plain {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            // A `|` would split a table's cell; escaped, it reads as itself anywhere else too.
            '|' => out.push_str("\\|"),
            // A line break in a name would start a line of its own: a heading, a fake item.
            c if c.is_control() => out.push(' '),
            '[' | ']' if dangerous => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::md_safe;

    #[test]
    fn markdown_digest_escapes_raw_html_and_refuses_script_links() {
        assert_eq!(md_safe("Keep the price list."), "Keep the price list.");
        // A `|` in an indicator's name cannot split the table's cell.
        assert_eq!(md_safe("orders|week"), "orders\\|week");
        assert_eq!(
            md_safe("Ban <script>alert(1)</script> & <!-- x -->"),
            "Ban &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!-- x --&gt;"
        );
        assert_eq!(
            md_safe("see [docs](JavaScript:alert(1))"),
            "see \\[docs\\](JavaScript:alert(1))"
        );
        assert_eq!(
            md_safe("[a](java\\script:x) [b]: vbscript:x [c](data:text/html,x)"),
            "\\[a\\](java\\script:x) \\[b\\]: vbscript:x \\[c\\](data:text/html,x)"
        );
        assert_eq!(
            md_safe("[ok](https://example.com)"),
            "[ok](https://example.com)"
        );
        assert_eq!(md_safe("Bob\n## Injected\x1b[2J"), "Bob ## Injected [2J");
    }
}
