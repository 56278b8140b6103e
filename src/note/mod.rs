//! The note model: front matter, sections of the six steps, conclusions and actions.
//!
//! Parsing never fails: problems are values with a line and column of the file on disk.
//! The body is read by a line scanner (no recursion, no tree), which keeps every line
//! number true by construction and stays linear on hostile nesting. It tells blocks apart as
//! CommonMark does (`blocks.rs`); the tests hold it to pulldown-cmark (`reference.rs`), and
//! docs/note-format.md lists where it reads otherwise on purpose.

mod action;
mod blocks;
mod fast_yaml;
mod front;
mod yaml;

pub use action::{Action, ActionState, Conclusion, DateToken, identity_of};
pub use front::{Fence, Indicator, KNOWN_KEYS, Located, Meta, Split, split};
pub use yaml::Node;

use crate::text::LineIndex;
use blocks::{Blocks, Kind, atx_heading, is_list_item, list_item_rest};

/// One of the sections a note is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// Step 1: what the meeting should improve.
    Leverage,
    /// Step 2: shared facts and ways of doing things.
    CommonBase,
    /// Step 3: what the report taught the supervisor.
    ReverseTeaching,
    /// Step 4: the numbers, reviewed together.
    JointDataAnalysis,
    /// Step 5: what both agreed on.
    Conclusions,
    /// Step 6: who does what by when.
    CascadingActions,
    /// Never leaves the note.
    Private,
}

impl Step {
    /// The six steps in the method's order (Private is not a step).
    pub const STEPS: [Step; 6] = [
        Step::Leverage,
        Step::CommonBase,
        Step::ReverseTeaching,
        Step::JointDataAnalysis,
        Step::Conclusions,
        Step::CascadingActions,
    ];

    /// The heading as the template writes it.
    pub fn heading(self) -> &'static str {
        match self {
            Step::Leverage => "Leverage",
            Step::CommonBase => "Common base",
            Step::ReverseTeaching => "Reverse teaching",
            Step::JointDataAnalysis => "Joint data analysis",
            Step::Conclusions => "Conclusions",
            Step::CascadingActions => "Cascading actions",
            Step::Private => "Private",
        }
    }

    /// Recognize a heading's text (case-insensitive, numbering and trailing colon ignored);
    /// any heading a reader could take for private is [`Step::Private`] (see
    /// [`is_private_heading`]).
    pub fn from_heading(title: &str) -> Option<Step> {
        if is_private_heading(title) {
            return Some(Step::Private);
        }
        let t = title.trim().trim_end_matches(':').trim();
        let t = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')');
        // Lowercased with spaces collapsed into a small buffer, without allocating: every
        // heading of every note goes through here, and no step name is longer than 32 bytes.
        let mut buf = [0u8; 32];
        let mut len = 0;
        for w in t.split_ascii_whitespace() {
            let need = w.len() + usize::from(len > 0);
            if len + need > buf.len() {
                return None;
            }
            if len > 0 {
                buf[len] = b' ';
                len += 1;
            }
            for b in w.bytes() {
                buf[len] = b.to_ascii_lowercase();
                len += 1;
            }
        }
        Some(match &buf[..len] {
            b"leverage" => Step::Leverage,
            b"common base" => Step::CommonBase,
            b"reverse teaching" => Step::ReverseTeaching,
            b"joint data analysis" | b"data analysis" => Step::JointDataAnalysis,
            b"conclusions" | b"congruent conclusions" => Step::Conclusions,
            b"cascading actions" | b"actions" => Step::CascadingActions,
            _ => return None,
        })
    }
}

/// Words that name a private part in a heading, besides any word starting with `private`.
const PRIVATE_WORDS: [&str; 10] = [
    "privé",
    "privée",
    "privat",
    "privato",
    "privata",
    "privado",
    "privada",
    "confidential",
    "confidentiel",
    "confidentielle",
];

/// Whether a heading names a private part, failing closed: any word of it (letters and
/// digits; emphasis, emoji and punctuation are separators) that starts with `private` or is
/// one of [`PRIVATE_WORDS`], in any case. `### **Private**`, `#### 🔒 Private`, `## PRIVATE`,
/// `### Private (HR only)`, `### Notes (private)` and `## Privé` all are.
pub fn is_private_heading(title: &str) -> bool {
    if !has_private_stem(title.as_bytes()) {
        return false;
    }
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| {
            if w.get(..7)
                .is_some_and(|p| p.eq_ignore_ascii_case("private"))
            {
                return true;
            }
            if w.is_ascii() {
                return PRIVATE_WORDS.iter().any(|p| p.eq_ignore_ascii_case(w));
            }
            let w = w.to_lowercase();
            w.starts_with("private") || PRIVATE_WORDS.contains(&w.as_str())
        })
}

/// Whether `b` holds `riv` or `fiden` in any ASCII case: every word of [`is_private_heading`]
/// does, and almost no other line of a note, so the scanner asks this first, for every line.
fn has_private_stem(b: &[u8]) -> bool {
    let at = |i: usize, s: &[u8]| {
        b.get(i..i + s.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(s))
    };
    memchr::memchr2_iter(b'v', b'V', b).any(|i| i >= 2 && at(i - 2, b"ri"))
        || memchr::memchr2_iter(b'd', b'D', b).any(|i| i >= 2 && at(i - 2, b"fiden"))
}

/// Whether a heading line says nothing but that a private part starts (`## Private`,
/// `### **PRIVATE**`, `#### 🔒 Private`): such a line may be shown; any other heading of a
/// private part (`### Private (HR: …)`) is private itself.
pub fn is_bare_private_heading(line: &str) -> bool {
    let mut words = line
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    matches!((words.next(), words.next()), (Some(w), None) if is_private_heading(w))
}

/// The level of a private part started by a line that is not a Markdown heading: it lasts
/// until the next heading of any level.
const LABEL_LEVEL: usize = 7;

/// A line that is not a Markdown heading but that a reader takes for a Private one, as
/// (level, title): an HTML heading (`<h3>Private</h3>`, its own level), a line all in
/// emphasis (`**Private**`, `_Private notes_`, `**Private:**`), or a line holding only the
/// word (`Private:`, `PRIVATE`, `🔒 Private`).
fn private_label(t: &str) -> Option<(usize, &str)> {
    let t = t.trim();
    let b = t.as_bytes();
    // Asked of every line: reject on the first letter most lines, which cannot be a label
    // (emphasis and HTML start with `*`, `_`, `<`; a word-only line with a private word).
    let first = b.first()?;
    if !matches!(first, b'*' | b'_' | b'<') {
        let letter = t.chars().find(|c| c.is_alphanumeric())?;
        if !matches!(letter, 'p' | 'P' | 'c' | 'C') {
            return None;
        }
    }
    if !has_private_stem(b) {
        return None;
    }
    if b.len() > 3
        && b[0] == b'<'
        && b[1].eq_ignore_ascii_case(&b'h')
        && (b'1'..=b'6').contains(&b[2])
    {
        let level = usize::from(b[2] - b'0');
        let rest = &t[3..];
        if !rest.starts_with(['>', ' ', '\t']) {
            return None;
        }
        let title = rest.split_once('>').map_or("", |(_, r)| r);
        let title = title.split('<').next().unwrap_or("");
        return is_private_heading(title).then_some((level, title));
    }
    let emphasis = |c: char| c == '*' || c == '_';
    if t.starts_with(emphasis) && t.trim_end_matches(':').ends_with(emphasis) {
        let inner = t.trim_matches(|c: char| emphasis(c) || c == ':');
        return is_private_heading(inner).then_some((LABEL_LEVEL, inner));
    }
    is_bare_private_heading(t).then_some((LABEL_LEVEL, t))
}

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
    /// The Markdown headings the scanner read (line, level, title), held to CommonMark's.
    #[cfg(test)]
    headings_seen: Vec<(usize, usize, &'a str)>,
}

impl<'a> Note<'a> {
    /// Parse a note's text (already decoded); never fails, never panics.
    pub fn parse(text: &'a str) -> Note<'a> {
        let index = LineIndex::new(text);
        let split = front::split(text);
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
            sections: Vec::new(),
            conclusions: Vec::new(),
            actions: Vec::new(),
            directives: Vec::new(),
            conflict_line: None,
            #[cfg(test)]
            headings_seen: Vec::new(),
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

    fn scan_body(&mut self, body_start: usize) {
        let text = self.text;
        let first_line = if body_start >= text.len() {
            return self.scan_comments_only();
        } else {
            self.index.line_of(body_start)
        };
        let mut blocks = Blocks::new(first_line);
        let mut in_comment = false;
        let mut in_conflict = false;
        let mut current: Option<usize> = None; // index into sections
        let mut private_level: Option<usize> = None;
        // The step a nested private part interrupted, to go back to when it ends.
        let mut resume: Option<usize> = None;
        // Indent of a `- **Private**` list item whose nested lines are private.
        let mut private_item: Option<usize> = None;
        let n = self.index.len();
        let mut line = first_line;
        while line <= n {
            let s = self.line_text(line);
            // Conflict markers are checked everywhere, code blocks included.
            if is_marker(s, '<') || is_marker(s, '>') || (in_conflict && is_marker(s, '=')) {
                if self.conflict_line.is_none() {
                    self.conflict_line = Some(line);
                }
                in_conflict = is_marker(s, '<') || (in_conflict && is_marker(s, '='));
                line += 1;
                continue;
            }
            if in_comment {
                self.read_directives(s, line, 0);
                if s.contains("-->") {
                    in_comment = false;
                    let after = &s[s.find("-->").map_or(s.len(), |p| p + 3)..];
                    if !after.trim().is_empty() {
                        self.mark_content(current, line);
                    }
                }
                blocks.para = false;
                line += 1;
                continue;
            }
            // Tabs indent too (to the next multiple of 4), so a tab-nested task is still a task.
            let t = s.trim_start_matches([' ', '\t']);
            let indent = s.len() - t.len();
            let width = s[..indent]
                .bytes()
                .fold(0, |w, b| if b == b'\t' { w / 4 * 4 + 4 } else { w + 1 });
            let (rel, lazy, in_html) = match blocks.read(line, t, width) {
                Kind::Code => {
                    self.mark_content(current, line);
                    line += 1;
                    continue;
                }
                Kind::Blank => {
                    line += 1;
                    continue;
                }
                Kind::Text { rel, lazy, html } => (rel, lazy, html),
            };
            // The items under `- **Private**` end with the first line indented no deeper.
            if let Some(w) = private_item
                && width <= w
            {
                private_item = None;
                private_level = None;
                if let Some(c) = current {
                    self.sections[c].end_line = line;
                }
                current = resume.take();
            }
            // Headings: ATX, or setext (a paragraph's last line followed by `===`/`---`).
            // A heading may open a list item too (`- ## Title`).
            let atx = if rel <= 3 && !lazy {
                atx_heading(t).or_else(|| atx_heading(list_item_rest(t)?.trim_start()))
            } else {
                None
            };
            let mut label = false;
            let mut setext_start = line;
            let heading = atx.or_else(|| {
                if !blocks.para || line >= n {
                    return None;
                }
                // Most lines are not over an underline: look at the next line first.
                let next = self.line_text(line + 1);
                let after = next.trim_start_matches(' ');
                if !matches!(after.as_bytes().first(), Some(b'=' | b'-')) {
                    return None;
                }
                let nt = after.trim_end();
                let nind = next.len() - after.len();
                if nind < blocks.para_fit
                    || nind - blocks.para_fit > 3
                    || nt.is_empty()
                    || !(nt.bytes().all(|b| b == b'=') || nt.bytes().all(|b| b == b'-'))
                {
                    return None;
                }
                let first = self
                    .line_text(blocks.para_start)
                    .trim_start_matches([' ', '\t']);
                if first.starts_with('>') || first.starts_with("<!--") {
                    return None;
                }
                // The paragraph may open a list item (`- Title` over `  ---`).
                let item = list_item_rest(first).map(str::trim_start);
                if item.is_some_and(|r| r.starts_with('>')) {
                    return None;
                }
                let level = if nt.starts_with('=') { 1 } else { 2 };
                // A heading of several lines is read whole: a Private on any of them makes
                // it private.
                let from = self.index.line_start(blocks.para_start)
                    + item.map_or(0, |r| self.line_text(blocks.para_start).len() - r.len());
                let to = self.index.line_start(line) + s.len();
                setext_start = blocks.para_start;
                Some((level, text[from..to].trim()))
            });
            // A line a reader takes for a Private heading is one (see `private_label`).
            let heading = heading.or_else(|| {
                let l = (rel <= 3 && !is_list_item(t)).then(|| private_label(t))??;
                label = true;
                Some(l)
            });
            // In an HTML block only a Private heading counts: the safer reading.
            let heading = heading.filter(|&(_, title)| !in_html || is_private_heading(title));
            if let Some((level, title)) = heading {
                let setext = atx.is_none() && !label;
                if setext && setext_start < line {
                    // The item line this heading started on was read before its underline
                    // came: it held a heading, not a task or a conclusion.
                    if self.actions.last().is_some_and(|a| a.line == setext_start) {
                        self.actions.pop();
                    }
                    if self
                        .conclusions
                        .last()
                        .is_some_and(|c| c.line == setext_start)
                    {
                        self.conclusions.pop();
                    }
                }
                #[cfg(test)]
                if !label && !in_html {
                    self.headings_seen.push((setext_start, level, title));
                }
                if let Some(pl) = private_level
                    && level > pl
                {
                    // A subheading of Private stays private.
                } else {
                    private_item = None;
                    if private_level.take().is_some() {
                        // A private part nested in a step ends here; the step goes on.
                        if let Some(c) = current {
                            self.sections[c].end_line = line;
                        }
                        current = resume.take();
                    }
                    match Step::from_heading(title) {
                        Some(Step::Private)
                            if current.is_some_and(|c| level > self.sections[c].level) =>
                        {
                            // `### Private` under `## Conclusions`: private until a heading of
                            // its level or higher, then the conclusions go on.
                            private_level = Some(level);
                            resume = current;
                            self.sections.push(Section {
                                step: Step::Private,
                                line,
                                level,
                                end_line: n + 1,
                                content_lines: Vec::with_capacity(8),
                            });
                            current = Some(self.sections.len() - 1);
                        }
                        Some(step) => {
                            if let Some(c) = current {
                                self.sections[c].end_line = line;
                            }
                            if step == Step::Private {
                                private_level = Some(level);
                            }
                            self.sections.push(Section {
                                step,
                                line,
                                level,
                                end_line: n + 1,
                                content_lines: Vec::with_capacity(8),
                            });
                            current = Some(self.sections.len() - 1);
                        }
                        None => {
                            if let Some(c) = current
                                && level <= self.sections[c].level
                            {
                                self.sections[c].end_line = line;
                                current = None;
                            }
                        }
                    }
                }
                line += if setext { 2 } else { 1 };
                // A label line is a paragraph to CommonMark; lazy lines may follow it.
                blocks.para = label;
                continue;
            }
            // Comments: directives are read, comment-only lines are not content.
            let mut rest = t;
            let mut has_text = false;
            let mut offset = indent;
            loop {
                // Most lines have no `<` at all: skip the substring search for them.
                let open = memchr::memchr(b'<', rest.as_bytes()).and_then(|_| rest.find("<!--"));
                match open {
                    Some(p) => {
                        if !rest[..p].trim().is_empty() {
                            has_text = true;
                        }
                        let after = &rest[p + 4..];
                        match after.find("-->") {
                            Some(e) => {
                                self.read_directives(&after[..e], line, offset + p + 4);
                                offset += p + 4 + e + 3;
                                rest = &after[e + 3..];
                            }
                            None => {
                                self.read_directives(after, line, offset + p + 4);
                                // Inside an HTML block a comment ends with the block.
                                in_comment = !in_html;
                                break;
                            }
                        }
                    }
                    None => {
                        if !rest.trim().is_empty() {
                            has_text = true;
                        }
                        break;
                    }
                }
            }
            // `- **Private**`, `- Private:`: a reader takes the items under it for private.
            if has_text
                && private_level.is_none()
                && list_item_rest(t)
                    .and_then(|r| private_label(r))
                    .is_some_and(|(level, _)| level == LABEL_LEVEL)
            {
                private_level = Some(LABEL_LEVEL);
                private_item = Some(width);
                resume = current;
                self.sections.push(Section {
                    step: Step::Private,
                    line,
                    level: LABEL_LEVEL,
                    end_line: n + 1,
                    content_lines: Vec::with_capacity(8),
                });
                current = Some(self.sections.len() - 1);
                line += 1;
                continue;
            }
            if has_text {
                self.mark_content(current, line);
                if !in_conflict
                    && !lazy
                    && !in_html
                    && let Some(c) = current
                    && t.starts_with(|c: char| c != '<')
                {
                    self.read_item(self.sections[c].step, s, indent, width, line);
                }
            }
            line += 1;
        }
    }

    /// With no body, still read directives nowhere: nothing to do.
    fn scan_comments_only(&mut self) {}

    fn mark_content(&mut self, current: Option<usize>, line: usize) {
        if let Some(c) = current {
            self.sections[c].content_lines.push(line);
        }
    }

    fn read_directives(&mut self, comment: &str, line: usize, col0: usize) {
        let Some(p) = comment.find("cascade-disable") else {
            return;
        };
        let after = &comment[p + "cascade-disable".len()..];
        let after_start = p + "cascade-disable".len();
        let mut pos = 0;
        // Rule ids, then free text (a reason) that is never read as ids: the first word that is
        // not shaped like `family/name` ends the list.
        for w in after.split([' ', ',', '\t']) {
            let id = w.trim_end_matches("-->").trim_end_matches([':', ';', '.']);
            if !id.is_empty() {
                if !is_rule_id_shaped(id) {
                    break;
                }
                let byte = col0 + after_start + pos;
                self.directives.push(Directive {
                    rule: id.to_owned(),
                    line,
                    column: crate::text::column_in_line(
                        self.line_text(line),
                        byte.min(self.line_text(line).len()),
                    ),
                });
            }
            if w.ends_with("-->") {
                break;
            }
            pos += w.len() + 1;
        }
    }

    fn read_item(&mut self, step: Step, s: &str, indent: usize, width: usize, line: usize) {
        let t = &s[indent..];
        let Some(after_marker) = list_item_rest(t) else {
            return;
        };
        let marker_len = t.len() - after_marker.len();
        let item = after_marker.trim_start();
        // `- [ ] x` over an indented `---` is a setext heading inside the item, not a task.
        let content_indent = indent + marker_len + (after_marker.len() - item.len());
        if line < self.index.len() {
            let next = self.line_text(line + 1);
            let nt = next.trim();
            let nind = next.len() - next.trim_start_matches(' ').len();
            if !nt.is_empty()
                && (nt.bytes().all(|b| b == b'-') || nt.bytes().all(|b| b == b'='))
                && nind >= content_indent
                && nind <= content_indent + 3
            {
                return;
            }
        }
        let item_col_byte = indent + marker_len + (after_marker.len() - item.len());
        match step {
            Step::CascadingActions => {
                let state = match item.get(..3) {
                    Some("[ ]") => ActionState::Open,
                    Some("[x]") | Some("[X]") => ActionState::Done,
                    Some("[-]") => ActionState::Dropped,
                    _ => return,
                };
                let after = &item[3..];
                if !(after.is_empty() || after.starts_with([' ', '\t'])) {
                    return;
                }
                let raw = after.trim();
                let raw_byte = item_col_byte + 3 + (after.len() - after.trim_start().len());
                let col0 = crate::text::column_in_line(s, raw_byte);
                let tk = action::tokens(raw, col0);
                self.actions.push(Action {
                    line,
                    column: crate::text::column_in_line(s, item_col_byte),
                    state,
                    raw: raw.to_owned(),
                    identity: identity_of(&tk.title),
                    title: tk.title,
                    owners: tk.owners,
                    due: tk.due,
                    share: tk.share,
                    from: tk.from,
                });
            }
            Step::Conclusions if width <= 1 => {
                let tk = action::tokens(item, 1);
                let mut text = tk.title;
                // Owners and dates are kept as written in a conclusion; only share: is a token.
                if !tk.owners.is_empty() || tk.due.is_some() || tk.from.is_some() {
                    text = item
                        .split_whitespace()
                        .filter(|w| !w.starts_with("share:"))
                        .collect::<Vec<_>>()
                        .join(" ");
                }
                if !text.is_empty() {
                    self.conclusions.push(Conclusion {
                        line,
                        text,
                        share: tk.share,
                    });
                }
            }
            _ => {}
        }
    }
}

/// How many lines of a note without readable front matter are searched for a `private` key.
const HEAD_LINES: usize = 64;

/// The value of a `private` key on `line`, if the line sets one: `private:`/`Private =`/
/// `"private":`, in any case. When `lenient`, comment and list markers before it (`#`,
/// `//`, `-`) are skipped too, so a commented-out or misplaced key still counts.
fn private_key_value(line: &str, lenient: bool) -> Option<&str> {
    let mut t = line.trim_start().trim_start_matches(['"', '\'']);
    if lenient {
        t = t.trim_start_matches(['#', '/', '-', '*', '>', ' ', '\t', '"', '\'']);
    }
    let rest = t
        .get(..7)
        .filter(|k| k.eq_ignore_ascii_case("private"))
        .map(|_| &t[7..])?;
    let rest = rest
        .trim_start_matches(['"', '\''])
        .trim_start_matches([' ', '\t']);
    let value = rest.strip_prefix(':').or_else(|| rest.strip_prefix('='))?;
    Some(value.split(" #").next().unwrap_or("").trim())
}

/// A value that clearly says "not private"; anything else (even unreadable) is private.
fn is_false(v: &str) -> bool {
    matches!(v.trim_end_matches([',', ' ']), "false" | "False" | "FALSE")
}

/// `family/name` in lowercase letters, digits and `-`: what a rule id looks like.
fn is_rule_id_shaped(w: &str) -> bool {
    let ok = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    w.split_once('/').is_some_and(|(a, b)| ok(a) && ok(b))
}

/// A git conflict marker: exactly seven `ch`, then the end of the line or a space.
fn is_marker(s: &str, ch: char) -> bool {
    let n = s.chars().take_while(|&c| c == ch).count();
    n == 7 && matches!(s[7..].chars().next(), None | Some(' ') | Some('\r'))
}

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
