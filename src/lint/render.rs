//! Output of `cascade lint`, `cascade rules` and `cascade explain`, and the generated rules page.

use crate::snippet;

use crate::text::plural;

use super::{Diagnostic, Report, Rule, Settings, Severity, rules};

/// Output formats of `cascade lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc-style diagnostics with snippets.
    Human,
    /// One JSON document, `"version": 1`.
    Json,
    /// GitHub Actions workflow commands.
    Github,
}

/// Render a report; `quiet` keeps only errors (and drops the human summary line).
pub fn render(report: &Report, format: Format, color: bool, quiet: bool) -> String {
    match format {
        Format::Human => {
            let mut s = String::new();
            for d in &report.diagnostics {
                if quiet && d.severity != Severity::Error {
                    continue;
                }
                s.push_str(&render_one(d, color));
                s.push_str("\n\n");
            }
            if !quiet {
                s.push_str(&summary(report));
                s.push('\n');
            }
            s
        }
        Format::Json => {
            // Serialized straight from the report: no intermediate JSON tree, which matters
            // with tens of thousands of diagnostics.
            #[derive(serde::Serialize)]
            struct Summary {
                errors: usize,
                warnings: usize,
                /// Warnings and infos on older notes, left out unless `--all`.
                #[serde(skip_serializing_if = "is_zero")]
                older_notes_not_shown: usize,
            }
            fn is_zero(n: &usize) -> bool {
                *n == 0
            }
            #[derive(serde::Serialize)]
            struct Doc<'a> {
                version: u32,
                files_checked: usize,
                diagnostics: &'a [Diagnostic],
                summary: Summary,
            }
            let kept: Vec<Diagnostic>;
            let diagnostics = if quiet {
                kept = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .cloned()
                    .collect();
                &kept[..]
            } else {
                &report.diagnostics[..]
            };
            let doc = Doc {
                version: 1,
                files_checked: report.files_checked,
                diagnostics,
                summary: Summary {
                    errors: report.errors(),
                    warnings: report.warnings(),
                    older_notes_not_shown: report.not_shown,
                },
            };
            let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Github => {
            let mut s = String::new();
            for d in &report.diagnostics {
                if quiet && d.severity != Severity::Error {
                    continue;
                }
                s.push_str(&github_line(d));
                s.push('\n');
            }
            s
        }
    }
}

/// The human rendering of every diagnostic and the summary line (for `cascade commit`).
pub fn render_human(report: &Report, color: bool) -> String {
    // What stopped a commit: problems, not where conclusions go.
    let problems = Report {
        diagnostics: report
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .cloned()
            .collect(),
        ..report.clone()
    };
    render(&problems, Format::Human, color, false)
}

fn summary(report: &Report) -> String {
    let (e, w) = (report.errors(), report.warnings());
    let files = report
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| d.path.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let notes = plural(report.files_checked as i64, "note");
    let older = match report.not_shown {
        0 => String::new(),
        n => format!(" ({n} more on older notes: `cascade lint --all` shows them)"),
    };
    if e == 0 && w == 0 {
        return format!("checked {notes}: no problems{older}");
    }
    format!(
        "checked {notes}: {}, {} in {}{older}",
        plural(e as i64, "error"),
        plural(w as i64, "warning"),
        plural(files as i64, "file")
    )
}

fn render_one(d: &Diagnostic, color: bool) -> String {
    let severity = match d.severity {
        Severity::Error => snippet::Severity::Error,
        Severity::Warning => snippet::Severity::Warning,
        Severity::Info => snippet::Severity::Info,
    };
    let at = snippet::Mark {
        path: d.path.as_str(),
        line: d.line,
        column: d.column,
        // A line that must not be shown (private): only where it is.
        source: d
            .source_line
            .as_deref()
            .map(|s| s.trim_start_matches(crate::text::BOM)),
    };
    snippet::render(
        severity,
        &d.message,
        Some(d.rule),
        Some(at),
        d.help.as_deref(),
        color,
    )
}

/// Escape workflow-command data (`%`, CR, LF) and, for properties, `:` and `,` too.
fn gh_escape(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

fn github_line(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    format!(
        "::{kind} file={},line={},col={},title={}::{}",
        gh_escape(&d.path, true),
        d.line,
        d.column,
        gh_escape(d.rule, true),
        gh_escape(&message, false)
    )
}

fn level_word(settings: Option<&Settings>, rule: &Rule) -> &'static str {
    match settings.map_or(Some(rule.severity), |s| s.level(rule)) {
        Some(s) => s.as_str(),
        None => "off",
    }
}

/// The table of `cascade rules`: id, severity (as configured when in a notebook), summary.
pub fn rules_table(settings: Option<&Settings>) -> String {
    let width = rules::all().map(|r| r.id.len()).max().unwrap_or(0);
    let mut s = format!("{:<width$}  {:<8}  summary\n", "rule", "severity");
    for r in rules::all() {
        s.push_str(&format!(
            "{:<width$}  {:<8}  {}\n",
            r.id,
            level_word(settings, r),
            r.summary
        ));
    }
    s
}

/// `cascade rules --format json`, `"version"` first.
pub fn rules_json(settings: Option<&Settings>) -> String {
    #[derive(serde::Serialize)]
    struct Entry {
        id: &'static str,
        severity: &'static str,
        default_severity: &'static str,
        completion: bool,
        summary: &'static str,
    }
    #[derive(serde::Serialize)]
    struct Doc {
        version: u32,
        rules: Vec<Entry>,
    }
    let doc = Doc {
        version: 1,
        rules: rules::all()
            .map(|r| Entry {
                id: r.id,
                severity: level_word(settings, r),
                default_severity: r.severity.as_str(),
                completion: r.completion,
                summary: r.summary,
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// `cascade explain RULE`.
pub fn explain(rule: &Rule) -> String {
    format!(
        "{} ({}{})\n\n{}\n\n{}",
        rule.id,
        rule.severity.as_str(),
        if rule.completion {
            "; skipped for notes dated after today"
        } else {
            ""
        },
        rule.summary,
        rule.explanation
    )
}

/// `docs/rules.md`, generated from the registry.
pub fn rules_markdown() -> String {
    let mut s = String::from(
        "# Lint rules\n\n\
<!-- Generated from the rule registry (src/lint/rules/); a test fails when this file is stale.\n\
     Regenerate: UPDATE_RULES_DOC=1 cargo test rules_doc -->\n\n\
`cascade lint` checks every note against the six steps of a high-leverage one-on-one. Rule ids\n\
never change once released. Set a rule to `error`, `warning`, `info` or `off` in `cascade.toml`:\n\n\
```toml\n[lint.rules]\n\"leverage/missing\" = \"off\"\n\"actions/overdue\" = \"error\"\n```\n\n\
or silence it in one note with `<!-- cascade-disable RULE -->`. Rules marked *completion* are\n\
skipped for notes dated after today (agendas). `cascade explain RULE` prints a rule's page.\n\n\
| rule | default | summary |\n|---|---|---|\n",
    );
    for r in rules::all() {
        s.push_str(&format!(
            "| [`{}`](#{}) | {}{} | {} |\n",
            r.id,
            anchor(r.id),
            r.severity.as_str(),
            if r.completion { ", completion" } else { "" },
            r.summary.replace('|', "\\|")
        ));
    }
    for r in rules::all() {
        s.push_str(&format!(
            "\n## {}\n\n*{}{}.* {}\n\n{}",
            r.id,
            r.severity.as_str(),
            if r.completion {
                ", completion rule"
            } else {
                ""
            },
            capitalize(r.summary),
            r.explanation
        ));
    }
    s
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => format!("{}{}.", f.to_uppercase(), c.as_str()),
        None => String::new(),
    }
}

fn anchor(id: &str) -> String {
    id.chars()
        .filter(|c| matches!(c, 'a'..='z' | '0'..='9' | '-'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping_follows_workflow_command_rules() {
        assert_eq!(gh_escape("a%b\r\nc:d,e", false), "a%25b%0D%0Ac:d,e");
        assert_eq!(gh_escape("a%b\r\nc:d,e", true), "a%25b%0D%0Ac%3Ad%2Ce");
    }
}
