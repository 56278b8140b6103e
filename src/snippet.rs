//! rustc-style diagnostics (title, source line with a caret, help), for errors and lint
//! findings alike.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

/// How serious a rendered message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// `error`.
    Error,
    /// `warning`.
    Warning,
}

/// Where a message points: a file, a 1-based line and column, and the line's text when it
/// may be shown (None: only where it is, for a line that must not be quoted).
#[derive(Debug, Clone, Copy)]
pub struct Mark<'a> {
    /// The file as shown.
    pub path: &'a str,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The line's text, or None to show only the location.
    pub source: Option<&'a str>,
}

/// A message rendered rustc-style: title (with the rule id, if any), the marked line, help.
pub fn render(
    severity: Severity,
    title: &str,
    id: Option<&str>,
    at: Option<Mark<'_>>,
    help: Option<&str>,
    color: bool,
) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let level = match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut title = level.primary_title(title);
    if let Some(id) = id {
        title = title.id(id);
    }
    let mut group = Group::with_title(title);
    if let Some(m) = at {
        group = match m.source {
            Some(source) => group.element(
                Snippet::source(source)
                    .line_start(m.line)
                    .path(m.path)
                    .annotation(AnnotationKind::Primary.span(crate::text::caret(source, m.column))),
            ),
            None => group.element(Origin::path(m.path).line(m.line).char_column(m.column)),
        };
    }
    if let Some(h) = help {
        group = group.element(Level::HELP.message(h));
    }
    renderer.render(&[group])
}
