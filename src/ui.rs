//! Where output goes: stdout for results, stderr for messages; colors decided once.

use std::io::Write;
use std::path::PathBuf;

use jiff::civil::Date;

use crate::error::{Error, Result};
use crate::snippet;
pub use crate::text::plural;

/// Everything a command needs from its environment.
pub struct Ctx<'a> {
    /// The directory to start from (`-C`, else the current directory).
    pub cwd: PathBuf,
    /// Today's date (`--today`, else the local date).
    pub today: Date,
    /// `--today` named the day: outputs that carry a time use that day's start, so they
    /// are the same from one run to the next.
    pub today_pinned: bool,
    /// Standard output.
    pub out: &'a mut dyn Write,
    /// Standard error.
    pub err: &'a mut dyn Write,
    /// Color on stdout.
    pub color: bool,
    /// Color on stderr.
    pub err_color: bool,
    /// `--no-cache`: notes are read without the note index.
    pub no_cache: bool,
    /// `-v`: say more on stderr.
    pub verbose: bool,
}

impl Ctx<'_> {
    /// The notebook around the working directory.
    pub fn notebook(&self) -> Result<crate::notebook::Notebook> {
        crate::notebook::Notebook::discover(&self.cwd)
    }

    /// The notebook around the working directory, its notes loaded through the note index
    /// of its repository unless `--no-cache`: for the commands that read notes' summaries.
    pub fn indexed_notebook(&self) -> Result<crate::notebook::Notebook> {
        use crate::notebook::index::Use;
        let mut nb = self.notebook()?;
        if !self.no_cache {
            nb.index = match crate::git::discover(&nb.root) {
                Ok(Some(repo)) => {
                    let prefix = repo
                        .workdir()
                        .and_then(|w| crate::git::rel_to_work_tree(w, &nb.root))
                        .unwrap_or_default();
                    Use::in_git_dir(repo.path(), &prefix)
                }
                Ok(None) => Use::Unavailable("the notebook is not in a git repository".into()),
                Err(e) => Use::Unavailable(e.to_string()),
            };
        }
        Ok(nb)
    }

    /// Write a line to stdout (control characters from notes and names removed).
    pub fn out(&mut self, s: impl AsRef<str>) -> Result<()> {
        let s = terminal_safe(s.as_ref(), self.color);
        writeln!(self.out, "{s}").map_err(Error::Output)
    }

    /// Write human text to stdout as is, but for control characters (see [`terminal_safe`]).
    pub fn out_human(&mut self, s: &str) -> Result<()> {
        let s = terminal_safe(s, self.color);
        self.out.write_all(s.as_bytes()).map_err(Error::Output)
    }

    /// Write text to stdout as is.
    pub fn out_raw(&mut self, s: impl AsRef<[u8]>) -> Result<()> {
        self.out.write_all(s.as_ref()).map_err(Error::Output)
    }

    /// Flush stdout (before handing the terminal to another program).
    pub fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(Error::Output)
    }

    /// A `warning:` line on stderr.
    pub fn warn(&mut self, msg: impl AsRef<str>) {
        let label = terminal_safe(&paint("warning", "1;33", self.err_color), true).into_owned();
        let msg = terminal_safe(msg.as_ref(), false);
        let _ = writeln!(self.err, "{label}: {msg}");
    }

    /// A plain line on stderr (progress, hints).
    pub fn note(&mut self, msg: impl AsRef<str>) {
        let msg = terminal_safe(msg.as_ref(), self.err_color);
        let _ = writeln!(self.err, "{msg}");
    }
}

/// Text as it may reach a terminal: every control character but tab and newline (ESC, BEL,
/// CR, backspace, DEL, the C1 controls) removed, so a name or a note cannot move the cursor,
/// retitle the window, or hide a line. The one place human output is cleaned; with `keep_sgr`,
/// the color codes cascade wrote itself ([`paint`], [`own_colors`]) are kept whole, and the
/// same bytes coming from a note or a name (`ESC [ 8 m` would conceal the text after it) are not.
pub fn terminal_safe(s: &str, keep_sgr: bool) -> std::borrow::Cow<'_, str> {
    let is_bad = |c: char| c.is_control() && c != '\n' && c != '\t';
    // Printable ASCII (nearly all of any output) is looked at a byte at a time.
    let plain = |b: &u8| (b' '..0x7f).contains(b) || *b == b'\n' || *b == b'\t';
    if s.as_bytes().iter().all(plain) || !s.chars().any(is_bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mark = own_mark();
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix(mark) {
            if keep_sgr && let Some(n) = sgr_len(after) {
                out.push_str(&after[..n]);
                rest = &after[n..];
            } else {
                rest = after;
            }
            continue;
        }
        if !is_bad(c) {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    std::borrow::Cow::Owned(out)
}

/// The length of the SGR color code (`ESC [ digits ; m`) `s` starts with, if it starts with one.
fn sgr_len(s: &str) -> Option<usize> {
    let params = s.strip_prefix("\x1b[")?;
    let n = params
        .bytes()
        .take_while(|&x| x.is_ascii_digit() || x == b';')
        .count();
    (params.as_bytes().get(n) == Some(&b'm')).then_some(n + 3)
}

/// What cascade writes before each color code of its own: private-use characters drawn at
/// random for each run, so no note or name, written before the run, can pass for it.
fn own_mark() -> &'static str {
    static MARK: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MARK.get_or_init(|| {
        use std::hash::BuildHasher;
        let n = std::collections::hash_map::RandomState::new().hash_one(0u8);
        (0..4)
            .map(|i| {
                char::from_u32(0xF_0000 + ((n >> (16 * i)) & 0xFFFF) as u32).unwrap_or('\u{F_0000}')
            })
            .collect()
    })
}

/// Mark every color code in `s` as cascade's own: for text a styled renderer made from
/// inputs already cleaned with [`terminal_safe`], so each escape in it is the renderer's.
pub fn own_colors(s: &str) -> String {
    s.replace("\x1b[", &format!("{}\x1b[", own_mark()))
}

/// Wrap `s` in an ANSI SGR code when `on` (marked as cascade's own, see [`terminal_safe`]).
pub fn paint(s: &str, code: &str, on: bool) -> String {
    if on {
        let mark = own_mark();
        format!("{mark}\x1b[{code}m{s}{mark}\x1b[0m")
    } else {
        s.to_owned()
    }
}

/// Render an error rustc-style: title, snippet with a caret when located, help line; its
/// colors marked as cascade's own, for [`terminal_safe`] on the way out.
pub fn render_error(err: &Error, color: bool) -> String {
    let title = match err {
        Error::Internal(m) => format!("internal error: {m}"),
        other => other.to_string(),
    };
    let loc = err.location();
    let at = loc.map(|loc| snippet::Mark {
        path: loc.path.as_str(),
        line: loc.line,
        column: loc.column,
        source: Some(loc.source_line.as_deref().unwrap_or_default()),
    });
    snippet::render(
        snippet::Severity::Error,
        &title,
        None,
        at,
        err.help(),
        color,
    )
}

/// A cell of a [`Table`]: its text and an optional ANSI SGR code to paint it with.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// What is shown.
    pub text: String,
    /// How to paint it on a color terminal (e.g. `"31"` for red).
    pub style: Option<&'static str>,
}

impl Cell {
    /// A plain cell.
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            style: None,
        }
    }

    /// A cell painted with `style` when colors are on.
    pub fn styled(text: impl Into<String>, style: Option<&'static str>) -> Cell {
        Cell {
            text: text.into(),
            style,
        }
    }
}

/// A plain-text table: columns padded to their widest cell, two spaces apart, no trailing
/// spaces; widths count characters, so colors never shift a column.
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<&'static str>,
    right: Vec<bool>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    /// A table with these column headers; a header starting with `>` is right-aligned
    /// (the `>` is not shown).
    pub fn new(headers: &[&'static str]) -> Table {
        Table {
            headers: headers
                .iter()
                .map(|h| h.strip_prefix('>').unwrap_or(h))
                .collect(),
            right: headers.iter().map(|h| h.starts_with('>')).collect(),
            rows: Vec::new(),
        }
    }

    /// Add a row (missing cells are empty).
    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    /// Render with a bold header when `color`.
    pub fn render(&self, color: bool) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(n) {
                widths[i] = widths[i].max(width(&c.text));
            }
        }
        let mut out = String::with_capacity(widths.iter().sum::<usize>() * (self.rows.len() + 1));
        let header: Vec<Cell> = self
            .headers
            .iter()
            .map(|h| Cell::styled(*h, Some("1")))
            .collect();
        for r in std::iter::once(&header).chain(&self.rows) {
            let mut pending = 0; // spaces owed before the next visible text
            let empty = Cell::default();
            for (i, &w) in widths.iter().enumerate() {
                let c = r.get(i).unwrap_or(&empty);
                let pad = w - width(&c.text);
                if i > 0 {
                    pending += 2;
                }
                if self.right[i] {
                    pending += pad;
                }
                if !c.text.is_empty() {
                    out.extend(std::iter::repeat_n(' ', pending));
                    pending = 0;
                    match c.style {
                        Some(s) => out.push_str(&paint(&c.text, s, color)),
                        None => out.push_str(&c.text),
                    }
                }
                if !self.right[i] {
                    pending += pad;
                }
            }
            out.push('\n');
        }
        out
    }
}

/// How many characters `s` shows (ASCII, nearly every cell: its length).
fn width(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// A one-line chart of `values` with the eight block characters `▁`…`█` (lowest to highest).
pub fn sparkline(values: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    crate::measure::scaled(values)
        .into_iter()
        .map(|p| match p {
            Some(p) => BARS[((p * 7.0).round() as usize).min(7)],
            None => BARS[3],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_and_trim() {
        let mut t = Table::new(&["name", ">n", "note"]);
        t.row(vec![Cell::new("alice"), Cell::new("12"), Cell::new("")]);
        t.row(vec![Cell::new("bo"), Cell::new("3"), Cell::new("x")]);
        assert_eq!(
            t.render(false),
            "name    n  note\nalice  12\nbo      3  x\n"
        );
    }

    #[test]
    fn terminal_output_strips_control_sequences_from_names_and_notes() {
        let hostile = "bob\x1b]0;owned\x07\x1b[2J\r\x08\u{9b}31m\u{7f}\tok\n";
        assert_eq!(terminal_safe(hostile, false), "bob]0;owned[2J31m\tok\n");
        let painted = format!("{} \x1b[1A", paint("x", "1;31", true));
        assert_eq!(terminal_safe(&painted, true), "\x1b[1;31mx\x1b[0m [1A");
        // The same bytes as a color of cascade's, but from a note: dropped.
        let concealed = format!("{} \x1b[8mhidden\x1b[0m", paint("x", "1", true));
        assert_eq!(
            terminal_safe(&concealed, true),
            "\x1b[1mx\x1b[0m [8mhidden[0m"
        );
        assert_eq!(terminal_safe(&concealed, false), "[1mx[0m [8mhidden[0m");
        assert!(matches!(
            terminal_safe("plain", true),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn sparklines_span_min_to_max() {
        assert_eq!(sparkline(&[1.0, 2.0, 8.0]), "▁▂█");
        assert_eq!(sparkline(&[5.0, 5.0]), "▄▄");
        assert_eq!(sparkline(&[]), "");
    }
}
