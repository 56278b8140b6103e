//! Which rules are on and how serious they are: the defaults, overridden by `[lint]` of
//! `cascade.toml`.

use rustc_hash::FxHashMap;

use super::{Diagnostic, Rule, Severity, rules};
use crate::error::{Error, Result};
use crate::notebook::{CONFIG_FILE, Notebook};
use crate::text::LineIndex;

/// Effective severities: defaults overridden by `[lint.rules]`.
#[derive(Debug, Clone)]
pub struct Settings {
    pub(super) levels: FxHashMap<&'static str, Option<Severity>>,
    pub(super) max_file_bytes: u64,
    /// Diagnostics about the settings themselves (unknown rule ids in `cascade.toml`).
    pub(super) config_diagnostics: Vec<Diagnostic>,
}

impl Settings {
    /// Read `[lint]` of the notebook's config; a bad severity is a config error.
    pub fn from_notebook(nb: &Notebook) -> Result<Settings> {
        let mut levels: FxHashMap<&'static str, Option<Severity>> =
            rules::all().map(|r| (r.id, Some(r.severity))).collect();
        let text = &nb.config_text;
        let index = LineIndex::new(text);
        let mut config_diagnostics = Vec::new();
        for (id, value) in &nb.config.lint.rules {
            let span = value.span();
            let (line, column) = index.position(text, span.start.min(text.len()));
            let level = match value.get_ref().as_str() {
                "error" => Some(Severity::Error),
                "warning" | "warn" => Some(Severity::Warning),
                "info" => Some(Severity::Info),
                "off" => None,
                other => {
                    return Err(Error::input_at(
                        format!(
                            "invalid {CONFIG_FILE}: `lint.rules.\"{id}\"` is `{other}`; expected `error`, `warning`, `info` or `off`"
                        ),
                        crate::error::Location {
                            path: CONFIG_FILE.into(),
                            line,
                            column,
                            source_line: Some(index.line_text(text, line).to_owned()),
                        },
                        Some(format!("e.g. `\"{id}\" = \"warning\"`")),
                    ));
                }
            };
            match rules::find(id) {
                Some(rule) if rule.id == rules::file::INTERNAL.id => {}
                Some(rule) => {
                    levels.insert(rule.id, level);
                }
                None => {
                    // The key's line: the value's line is the same for `"id" = "off"`.
                    config_diagnostics.push(Diagnostic {
                        rule: rules::note::UNKNOWN_RULE.id,
                        severity: Severity::Warning,
                        path: CONFIG_FILE.into(),
                        path_lossy: false,
                        line,
                        column: 1,
                        message: format!("`[lint.rules]` names an unknown rule `{id}`"),
                        help: Some(unknown_rule_help(id)),
                        source_line: Some(index.line_text(text, line).to_owned()),
                        hint: None,
                    });
                }
            }
        }
        if let Some(level) = levels.get(rules::note::UNKNOWN_RULE.id).copied() {
            config_diagnostics.retain_mut(|d| match level {
                Some(s) => {
                    d.severity = s;
                    true
                }
                None => false,
            });
        }
        Ok(Settings {
            levels,
            max_file_bytes: nb.max_note_bytes(),
            config_diagnostics,
        })
    }

    /// The effective severity of a rule, `None` when it is off.
    pub fn level(&self, rule: &Rule) -> Option<Severity> {
        self.levels
            .get(rule.id)
            .copied()
            .unwrap_or(Some(rule.severity))
    }
}

/// The help line for an unknown rule id: the closest known id, or where to list them.
pub fn unknown_rule_help(id: &str) -> String {
    match crate::notebook::closest(id, rules::all().map(|r| r.id)) {
        Some(c) => format!("did you mean `{c}`? (`cascade rules` lists them all)"),
        None => "`cascade rules` lists the rule ids".into(),
    }
}
