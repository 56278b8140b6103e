//! Where output goes: stdout for results, stderr for messages; colors decided once.

use std::io::Write;
use std::path::PathBuf;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use jiff::civil::Date;

use crate::error::{Error, Result};

/// Everything a command needs from its environment.
pub struct Ctx<'a> {
    /// The directory to start from (`-C`, else the current directory).
    pub cwd: PathBuf,
    /// Today's date (`--today`, else the local date).
    pub today: Date,
    /// Standard output.
    pub out: &'a mut dyn Write,
    /// Standard error.
    pub err: &'a mut dyn Write,
    /// Color on stdout.
    pub color: bool,
    /// Color on stderr.
    pub err_color: bool,
}

impl Ctx<'_> {
    /// Write a line to stdout.
    pub fn out(&mut self, s: impl AsRef<str>) -> Result<()> {
        writeln!(self.out, "{}", s.as_ref()).map_err(Error::Output)
    }

    /// Write text to stdout as is.
    pub fn out_raw(&mut self, s: impl AsRef<[u8]>) -> Result<()> {
        self.out.write_all(s.as_ref()).map_err(Error::Output)
    }

    /// A `warning:` line on stderr.
    pub fn warn(&mut self, msg: impl AsRef<str>) {
        let label = paint("warning", "1;33", self.err_color);
        let _ = writeln!(self.err, "{label}: {}", msg.as_ref());
    }

    /// A plain line on stderr (progress, hints).
    pub fn note(&mut self, msg: impl AsRef<str>) {
        let _ = writeln!(self.err, "{}", msg.as_ref());
    }

    /// Paint `s` for stdout.
    pub fn paint(&self, s: &str, code: &str) -> String {
        paint(s, code, self.color)
    }
}

/// Wrap `s` in an ANSI SGR code when `on`.
pub fn paint(s: &str, code: &str, on: bool) -> String {
    if on {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_owned()
    }
}

/// Render an error rustc-style: title, snippet with a caret when located, help line.
pub fn render_error(err: &Error, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let title = match err {
        Error::Internal(m) => format!("internal error: {m}"),
        other => other.to_string(),
    };
    let mut group = Group::with_title(Level::ERROR.primary_title(title.as_str()));
    let source;
    if let Some(loc) = err.location() {
        source = loc.source_line.clone().unwrap_or_default();
        let start = source
            .char_indices()
            .nth(loc.column.saturating_sub(1))
            .map_or(source.len(), |(i, _)| i);
        let end = source[start..]
            .char_indices()
            .nth(1)
            .map_or(source.len(), |(i, _)| start + i)
            .max(start);
        group = group.element(
            Snippet::source(source.as_str())
                .line_start(loc.line)
                .path(loc.path.as_str())
                .annotation(AnnotationKind::Primary.span(start..end)),
        );
    }
    let help = err.help().map(str::to_owned);
    if let Some(h) = &help {
        group = group.element(Level::HELP.message(h.as_str()));
    }
    renderer.render(&[group])
}
