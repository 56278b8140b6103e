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
    let mut s = String::new();
    let mut out = |t: &str| {
        s.push_str(t);
        Ok(())
    };
    let mut w = Stream::new(format, color, quiet, report.files_checked, &mut out);
    w.hide(report.not_shown);
    // Writing to a String cannot fail.
    let _ = w
        .write(&report.diagnostics)
        .and_then(|()| w.finish().map(|_| ()));
    s
}

/// What a lint run reported, counted as it was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Files with at least one error or warning.
    pub files: usize,
    /// Warnings and infos left out because they are on older notes (see
    /// [`super::OlderNotes`]).
    pub not_shown: usize,
}

/// Writes a lint run's findings as they come, in sorted order, and its summary at the end:
/// the output of 100,000 notes is never held whole. The JSON stays one document.
pub struct Stream<'a> {
    format: Format,
    color: bool,
    quiet: bool,
    files_checked: usize,
    tally: Tally,
    last_file: Option<String>,
    any: bool,
    buf: String,
    out: &'a mut dyn FnMut(&str) -> crate::error::Result<()>,
}

/// Output is handed on in pieces of about this size.
const PIECE: usize = 1 << 16;

impl<'a> Stream<'a> {
    /// Start the output of a run that checks `files_checked` files.
    pub fn new(
        format: Format,
        color: bool,
        quiet: bool,
        files_checked: usize,
        out: &'a mut dyn FnMut(&str) -> crate::error::Result<()>,
    ) -> Stream<'a> {
        let mut buf = String::new();
        if format == Format::Json {
            buf.push_str(&format!(
                "{{\n  \"version\": 1,\n  \"files_checked\": {files_checked},\n  \"diagnostics\": ["
            ));
        }
        Stream {
            format,
            color,
            quiet,
            files_checked,
            tally: Tally::default(),
            last_file: None,
            any: false,
            buf,
            out,
        }
    }

    /// Write findings that follow every finding written before.
    pub fn write(&mut self, diagnostics: &[Diagnostic]) -> crate::error::Result<()> {
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.tally.errors += 1,
                Severity::Warning => self.tally.warnings += 1,
                Severity::Info => {}
            }
            if d.severity != Severity::Info && self.last_file.as_deref() != Some(&d.path) {
                self.tally.files += 1;
                self.last_file = Some(d.path.clone());
            }
            if self.quiet && d.severity != Severity::Error {
                continue;
            }
            match self.format {
                Format::Human => {
                    self.buf.push_str(&render_one(d, self.color));
                    self.buf.push_str("\n\n");
                }
                Format::Json => {
                    self.buf.push_str(if self.any { ",\n" } else { "\n" });
                    json_item(&mut self.buf, d);
                }
                Format::Github => {
                    self.buf.push_str(&github_line(d));
                    self.buf.push('\n');
                }
            }
            self.any = true;
        }
        if self.buf.len() >= PIECE {
            (self.out)(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Count `n` findings left out (on older notes) for the summary.
    pub fn hide(&mut self, n: usize) {
        self.tally.not_shown += n;
    }

    /// Write the summary and hand on what is left; returns the counts.
    pub fn finish(mut self) -> crate::error::Result<Tally> {
        let t = self.tally;
        match self.format {
            Format::Human if !self.quiet => {
                self.buf.push_str(&summary(self.files_checked, t));
                self.buf.push('\n');
            }
            Format::Json => {
                if self.any {
                    self.buf.push_str("\n  ");
                }
                let older = match t.not_shown {
                    0 => String::new(),
                    n => format!(",\n    \"older_notes_not_shown\": {n}"),
                };
                self.buf.push_str(&format!(
                    "],\n  \"summary\": {{\n    \"errors\": {},\n    \"warnings\": {}{older}\n  }}\n}}\n",
                    t.errors, t.warnings
                ));
            }
            _ => {}
        }
        (self.out)(&self.buf)?;
        Ok(t)
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

fn summary(files_checked: usize, t: Tally) -> String {
    let notes = plural(files_checked as i64, "note");
    let older = match t.not_shown {
        0 => String::new(),
        n => format!(" ({n} more on older notes: `cascade lint --all` shows them)"),
    };
    if t.errors == 0 && t.warnings == 0 {
        return format!("checked {notes}: no problems{older}");
    }
    format!(
        "checked {notes}: {}, {} in {}{older}",
        plural(t.errors as i64, "error"),
        plural(t.warnings as i64, "warning"),
        plural(t.files as i64, "file")
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
    let mut s = format!(
        "{:<width$}  {:<8}  {:<11}  summary\n",
        "rule", "severity", "fix"
    );
    for r in rules::all() {
        s.push_str(&format!(
            "{:<width$}  {:<8}  {:<11}  {}\n",
            r.id,
            level_word(settings, r),
            fix_word(r),
            r.summary
        ));
    }
    s
}

/// How safe a rule's fixes are, in a word: `safe`, `unsafe`, `safe/unsafe`, or `-` for none.
fn fix_word(r: &Rule) -> &'static str {
    let safe = r
        .fixes
        .iter()
        .any(|f| f.safety == crate::lint::Safety::Safe);
    let unsafe_ = r
        .fixes
        .iter()
        .any(|f| f.safety == crate::lint::Safety::Unsafe);
    match (safe, unsafe_) {
        (true, true) => "safe/unsafe",
        (true, false) => "safe",
        (false, true) => "unsafe",
        (false, false) => "-",
    }
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
        fixes: &'static [crate::lint::RuleFix],
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
                fixes: r.fixes,
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
    ) + &rule
        .fixes
        .iter()
        .map(|f| format!("\nFix ({}): {}.\n", f.safety.as_str(), f.does))
        .collect::<String>()
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
`cascade lint --fix` applies the *safe* fixes (they never change what a note means), `--unsafe-fixes`\n\
the *unsafe* ones too, and `--diff` shows them without changing anything (see docs/lint.md).\n\n\
| rule | default | fix | summary |\n|---|---|---|---|\n",
    );
    for r in rules::all() {
        s.push_str(&format!(
            "| [`{}`](#{}) | {}{} | {} | {} |\n",
            r.id,
            anchor(r.id),
            r.severity.as_str(),
            if r.completion { ", completion" } else { "" },
            fix_word(r),
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
        for f in r.fixes {
            s.push_str(&format!("\n**Fix ({}):** {}.\n", f.safety.as_str(), f.does));
        }
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

/// One finding as an item of the JSON document's list: the bytes `serde_json`'s pretty
/// printer gives for [`Diagnostic`], indented by four spaces. Written by hand because
/// serializing each finding and indenting it again was a tenth of lint's instructions, all of
/// it on the thread that writes; a test holds the two to the same bytes.
fn json_item(buf: &mut String, d: &Diagnostic) {
    buf.push_str("    {\n      \"rule\": ");
    json_str(buf, d.rule);
    buf.push_str(",\n      \"severity\": \"");
    buf.push_str(d.severity.as_str());
    buf.push_str("\",\n      \"path\": ");
    json_str(buf, &d.path);
    if d.path_lossy {
        buf.push_str(",\n      \"path_lossy\": true");
    }
    buf.push_str(",\n      \"line\": ");
    push_number(buf, d.line);
    buf.push_str(",\n      \"column\": ");
    push_number(buf, d.column);
    buf.push_str(",\n      \"message\": ");
    json_str(buf, &d.message);
    buf.push_str(",\n      \"help\": ");
    match &d.help {
        Some(h) => json_str(buf, h),
        None => buf.push_str("null"),
    }
    buf.push_str("\n    }");
}

/// `n` in decimal, as `serde_json` writes an integer.
fn push_number(buf: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// A JSON string as `serde_json` writes it: `"` and `\\` escaped, the control characters as
/// `\n`-style escapes or `\u00xx`, everything else as is.
fn json_str(buf: &mut String, s: &str) {
    buf.push('"');
    let b = s.as_bytes();
    // Most text needs no escape: asked of every byte without stopping early, so that the
    // compiler can read many bytes at once.
    let plain = !b.iter().fold(false, |any, &c| {
        any | (c < 0x20) | (c == b'"') | (c == b'\\')
    });
    if plain {
        buf.push_str(s);
        buf.push('"');
        return;
    }
    let mut from = 0;
    for (i, &c) in b.iter().enumerate() {
        if c >= 0x20 && c != b'"' && c != b'\\' {
            continue;
        }
        // `c` is ASCII, so `i` and `i + 1` are on character boundaries.
        buf.push_str(&s[from..i]);
        from = i + 1;
        match c {
            b'"' => buf.push_str("\\\""),
            b'\\' => buf.push_str("\\\\"),
            b'\n' => buf.push_str("\\n"),
            b'\r' => buf.push_str("\\r"),
            b'\t' => buf.push_str("\\t"),
            0x08 => buf.push_str("\\b"),
            0x0C => buf.push_str("\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                buf.push_str("\\u00");
                buf.push(char::from(HEX[usize::from(c >> 4)]));
                buf.push(char::from(HEX[usize::from(c & 0xF)]));
            }
        }
    }
    buf.push_str(&s[from..]);
    buf.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the writer replaced: the diagnostic through `serde_json`'s pretty printer, each
    /// line indented by four spaces.
    fn by_serde(d: &Diagnostic) -> String {
        let item = serde_json::to_string_pretty(d).unwrap();
        item.lines()
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn json_items_are_the_bytes_serde_json_writes() {
        let texts = [
            "",
            "plain words",
            "quote \" and backslash \\ and slash /",
            "line\nbreak\r\ttab\u{8}\u{c}",
            "controls \u{0}\u{1}\u{1f}\u{7f} end",
            "Zoé, 日本語, emoji 🎉, \u{2028}\u{2029}",
            "\"\"\\\\",
            "\u{1b}[31mred\u{1b}[0m",
        ];
        let mut n = 0;
        for (i, a) in texts.iter().enumerate() {
            for b in &texts {
                for lossy in [false, true] {
                    for help in [None, Some(format!("{b}{a}"))] {
                        let d = Diagnostic {
                            rule: rules::all().nth(n % rules::all().count()).unwrap().id,
                            severity: [Severity::Error, Severity::Warning, Severity::Info][n % 3],
                            path: format!("notes/{a}/{b}.md"),
                            path_lossy: lossy,
                            line: [0, 1, 9, 10, 4096, usize::MAX - 8][n % 6] + i,
                            column: n,
                            message: (*a).to_owned() + b,
                            help,
                            source_line: Some("not written".into()),
                            hint: None,
                        };
                        let mut mine = String::new();
                        json_item(&mut mine, &d);
                        assert_eq!(mine, by_serde(&d), "{d:?}");
                        n += 1;
                    }
                }
            }
        }
        // Every byte below 0x80, one at a time.
        for c in 0u8..0x80 {
            let s = format!("a{}b", char::from(c));
            let mut mine = String::new();
            json_str(&mut mine, &s);
            assert_eq!(mine, serde_json::to_string(&s).unwrap(), "byte {c:#x}");
        }
    }

    #[test]
    fn github_escaping_follows_workflow_command_rules() {
        assert_eq!(gh_escape("a%b\r\nc:d,e", false), "a%25b%0D%0Ac:d,e");
        assert_eq!(gh_escape("a%b\r\nc:d,e", true), "a%25b%0D%0Ac%3Ad%2Ce");
    }
}
