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
    /// `info`.
    Info,
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
///
/// Every text is cleaned of control characters first, so each escape in the result is the
/// renderer's own color, marked as cascade's (see [`crate::ui::terminal_safe`]).
pub fn render(
    severity: Severity,
    title: &str,
    id: Option<&str>,
    at: Option<Mark<'_>>,
    help: Option<&str>,
    color: bool,
) -> String {
    let clean = |s: &str| crate::ui::terminal_safe(s, false).into_owned();
    let title = clean(title);
    let help = help.map(clean);
    let at = at.map(|m| (clean(m.path), m.line, m.column, m.source.map(clean)));
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let level = match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let mut title = level.primary_title(title.as_str());
    if let Some(id) = id {
        title = title.id(id);
    }
    let mut group = Group::with_title(title);
    if let Some((path, line, column, source)) = &at {
        group = match source {
            Some(source) => group.element(
                Snippet::source(source.as_str())
                    .line_start(*line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(crate::text::caret(source, *column))),
            ),
            None => group.element(Origin::path(path.as_str()).line(*line).char_column(*column)),
        };
    }
    if let Some(h) = &help {
        group = group.element(Level::HELP.message(h.as_str()));
    }
    crate::ui::own_colors(&renderer.render(&[group]))
}
