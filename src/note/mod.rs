//! The note model: front matter, sections of the six steps, conclusions and actions.
//!
//! Parsing never fails: problems are values with a line and column of the file on disk.
//! The body is read by a line scanner (`scan.rs`; no recursion, no tree), which keeps every line
//! number true by construction and stays linear on hostile nesting. It tells blocks apart as
//! CommonMark does (`blocks.rs`); the tests hold it to pulldown-cmark (`reference.rs`), and
//! docs/note-format.md lists where it reads otherwise on purpose.

mod action;
mod blocks;
mod fast_yaml;
mod fence;
mod front;
mod private;
mod scan;
mod step;
mod texts;
mod yaml;
mod yaml_error;

pub use action::{Action, ActionState, Conclusion, DateToken, Names, identity_of};
pub use fence::{Fence, Split, split};
pub use front::{Indicator, KNOWN_KEYS, Located, Meta};
pub use private::{is_bare_private_heading, is_private_heading};
pub use step::Step;
pub use texts::Texts;
pub use yaml::Node;

use crate::text::LineIndex;
// `fence.rs` asks for it as `super::atx_heading`.
use blocks::atx_heading;
use private::{HEAD_LINES, has_private_stem, is_false, private_key_value};
use scan::is_marker;

/// A section of the body, from its heading to the next heading that ends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Which step this is.
    pub step: Step,
    /// 1-based line of the heading.
    pub line: usize,
    /// Heading level (1-6).
    pub level: usize,
    /// 1-based line after the last line of the section.
    pub end_line: usize,
    /// Lines with content: not blank, not only an HTML comment, not a heading.
    pub content_lines: Vec<usize>,
}

/// What kind of problem the parser found; lint maps each to a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// YAML not well-formed, not a mapping, or unterminated fence.
    Parse,
    /// No front matter at all.
    Missing,
    /// A known key with a value of the wrong type.
    Type,
    /// An indicator that is not a number.
    IndicatorType,
    /// A key the note format does not know.
    UnknownKey,
}

/// A problem found while parsing, located in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Kind of problem.
    pub kind: ProblemKind,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: Option<String>,
    /// The front matter key at fault, when there is one.
    pub key: Option<String>,
}

/// An inline `<!-- cascade-disable RULE -->` directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The rule id named.
    pub rule: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column of the rule id.
    pub column: usize,
}

/// A parsed note; borrows the file's text.
#[derive(Debug, Clone)]
pub struct Note<'a> {
    /// The whole text, BOM included.
    pub text: &'a str,
    /// Line starts of `text`.
    pub index: LineIndex,
    /// Where the front matter was found, if at all.
    pub split: Split,
    /// Typed front matter.
    pub meta: Meta,
    /// Front matter problems.
    pub problems: Vec<Problem>,
    /// False when the body could not be told apart from the front matter.
    pub body_parsed: bool,
    /// 1-based line where the body starts.
    pub body_line: usize,
    /// Sections of the body in file order.
    pub sections: Vec<Section>,
    /// Conclusions, in file order.
    pub conclusions: Vec<Conclusion>,
    /// Actions, in file order.
    pub actions: Vec<Action>,
    /// `cascade-disable` directives.
    pub directives: Vec<Directive>,
    /// Line of the first merge conflict marker, if any.
    pub conflict_line: Option<usize>,
    /// The Markdown headings the scanner read outside HTML blocks (first line, level, title,
    /// a slice of `text`): lint's fixes look for a misspelt step among them.
    pub headings_seen: Vec<(usize, usize, &'a str)>,
    /// Whether conclusions' texts are read (not by [`Note::parse_for_lint`]).
    conclusion_texts: bool,
    /// [`Note::is_private`], once asked: lint asks it of every note three times.
    private: std::cell::OnceCell<bool>,
}

impl<'a> Note<'a> {
    /// Parse a note's text (already decoded); never fails, never panics.
    pub fn parse(text: &'a str) -> Note<'a> {
        Note::parse_reading(text, true)
    }

    /// [`Note::parse`] as lint reads a note: each conclusion with its line and groups, its
    /// text left empty, since no rule reads it.
    pub fn parse_for_lint(text: &'a str) -> Note<'a> {
        Note::parse_reading(text, false)
    }

    fn parse_reading(text: &'a str, conclusion_texts: bool) -> Note<'a> {
        let index = LineIndex::new(text);
        let split = fence::split(text);
        let mut problems = Vec::new();
        let mut meta = Meta::default();
        let (body_start, body_parsed) = match &split {
            Split::Present(f) => {
                let first_line = f.open_line + 1;
                meta = front::parse_meta(&text[f.yaml.clone()], first_line, &mut problems);
                (f.body_start, true)
            }
            Split::Unterminated => {
                problems.push(Problem {
                    kind: ProblemKind::Parse,
                    line: 1,
                    column: 1,
                    message: "opening `---` has no closing `---` or `...`".into(),
                    help: Some("end the front matter with a line holding only `---`".into()),
                    key: None,
                });
                (text.len(), false)
            }
            Split::Missing { later_fence } => {
                problems.push(Problem {
                    kind: ProblemKind::Missing,
                    line: 1,
                    column: 1,
                    message: "the note has no front matter".into(),
                    help: Some(match later_fence {
                        Some(l) => format!(
                            "a `---` block starts on line {l}; front matter must start on line 1, with nothing before it"
                        ),
                        None => "start the note with `---`, then `date:`, `report:` and `supervisor:`, then `---`".into(),
                    }),
                    key: None,
                });
                (0, true)
            }
        };
        let body_line = index.line_of(body_start.min(text.len().saturating_sub(1)));
        let body_line = if body_start >= text.len() && !text.is_empty() && text.ends_with('\n') {
            index.len()
        } else {
            body_line
        };
        let mut note = Note {
            text,
            index,
            split,
            meta,
            problems,
            body_parsed,
            body_line,
            // The six steps and Private: one allocation, not three as they come.
            sections: Vec::with_capacity(8),
            conclusions: Vec::new(),
            actions: Vec::new(),
            directives: Vec::new(),
            conflict_line: None,
            headings_seen: Vec::with_capacity(8),
            conclusion_texts,
            private: std::cell::OnceCell::new(),
        };
        if body_parsed {
            note.scan_body(body_start);
        }
        // A conflict inside the front matter (or an unclosed one) is a conflict too.
        let head_end = match &note.split {
            Split::Present(f) => f.close_line,
            Split::Unterminated => note.index.len(),
            Split::Missing { .. } => 0,
        };
        if let Some(l) = (1..=head_end).find(|&l| is_marker(note.line_text(l), '<')) {
            note.conflict_line = Some(note.conflict_line.map_or(l, |c| c.min(l)));
        }
        note
    }

    /// The text of 1-based `line` without its ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        self.index.line_text(self.text, line)
    }

    /// The first section of a step, if present.
    pub fn section(&self, step: Step) -> Option<&Section> {
        self.sections.iter().find(|s| s.step == step)
    }

    /// Where to start typing in the first step section left empty (file order, Private
    /// excluded): its first blank line, else the line after its heading. None when every
    /// step section has content.
    pub fn first_empty_step_line(&self) -> Option<usize> {
        let s = self
            .sections
            .iter()
            .find(|s| s.step != Step::Private && s.content_lines.is_empty())?;
        let last = s.end_line.saturating_sub(1).min(self.index.len());
        let blank = (s.line + 1..=last).find(|&l| {
            let t = self.line_text(l).trim();
            t.is_empty()
        });
        Some(blank.unwrap_or((s.line + 1).min(last.max(s.line))))
    }

    /// Whether the note must be treated as private: `private: true`, or, failing closed, any
    /// `private` key-like line (any case, `:` or `=`, commented out or not) in a head that
    /// cascade could not read as front matter, or any such line whose value could not be read
    /// as `false` (`private: "true"`, `yes`, `Private: true`…). Such a note gives nothing but
    /// its date and length to any shared output.
    pub fn is_private(&self) -> bool {
        *self.private.get_or_init(|| self.reads_private())
    }

    /// [`Note::is_private`], read from the note.
    fn reads_private(&self) -> bool {
        if self.meta.private {
            return true;
        }
        // Unrecognised front matter (a blank first line, a comment on line 1, an indented or
        // longer fence, TOML's `+++`) is read as far as a note's head can reach.
        let (end, lenient) = match &self.split {
            Split::Present(f) => (f.close_line, false),
            Split::Unterminated | Split::Missing { .. } => (self.index.len().min(HEAD_LINES), true),
        };
        // Lines between the closing fence and the first heading read as a second front matter
        // (`---` `---` then a `private: true` block): a reader takes that key for the note's.
        if let Split::Present(f) = &self.split {
            let last = self.index.len().min(f.close_line + HEAD_LINES);
            if (f.close_line + 1..=last)
                .take_while(|&l| !self.line_text(l).trim_start().starts_with('#'))
                .any(|l| private_key_value(self.line_text(l), true).is_some_and(|v| !is_false(v)))
            {
                return true;
            }
        }
        let head_end = self.index.line_start(end + 1).min(self.text.len());
        if end < self.index.len() && !has_private_stem(&self.text.as_bytes()[..head_end]) {
            return false;
        }
        (1..=end)
            .any(|l| private_key_value(self.line_text(l), lenient).is_some_and(|v| !is_false(v)))
    }

    /// True when the front matter has `key` with a value of the wrong type (so it is there,
    /// just unreadable: "missing" rules must not fire for it).
    pub fn key_mistyped(&self, key: &str) -> bool {
        self.problems
            .iter()
            .any(|p| p.kind == ProblemKind::Type && p.key.as_deref() == Some(key))
    }
}

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
