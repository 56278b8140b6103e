//! The body scanner: one pass over the lines after the front matter, no recursion and no
//! tree. What CommonMark's blocks say of a line comes from `blocks.rs`; what cascade reads
//! from it (sections, private parts, directives, actions, conclusions) is read here.

use super::action::{self, Action, ActionState, Conclusion};
use super::blocks::{Blocks, Kind, atx_heading, is_list_item, list_item_rest};
use super::private::{LABEL_LEVEL, is_private_heading, private_label};
use super::{Directive, Note, Section, Step};

/// What the scan carries from one line to the next.
struct Scan {
    /// CommonMark's block state.
    blocks: Blocks,
    /// Inside an HTML comment that started on an earlier line.
    in_comment: bool,
    /// Between a conflict's `<<<<<<<` and its `>>>>>>>`.
    in_conflict: bool,
    /// Index into the note's sections of the section being read.
    current: Option<usize>,
    /// Level of the private part being read, if any.
    private_level: Option<usize>,
    /// The step a nested private part interrupted, to go back to when it ends.
    resume: Option<usize>,
    /// Indent of a `- **Private**` list item whose nested lines are private.
    private_item: Option<usize>,
    /// Number of lines of the note.
    n: usize,
    /// Offset in the text of a `<` at or after the line last asked about, `usize::MAX` when
    /// there is none: most lines have none, and one search finds where the next one is.
    next_lt: Option<usize>,
}

/// A line of text (not code, not blank) and what the block state says of it.
struct Line<'a> {
    /// 1-based line number.
    no: usize,
    /// The whole line, without its ending.
    s: &'a str,
    /// The line without its indentation.
    t: &'a str,
    /// Bytes of indentation.
    indent: usize,
    /// Columns of indentation (tabs to the next multiple of 4).
    width: usize,
    /// Indentation relative to the container the line is in.
    rel: usize,
    /// A lazy continuation line of a paragraph.
    lazy: bool,
    /// Inside an HTML block.
    html: bool,
}

/// How a heading was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    /// `## Title`
    Atx,
    /// A paragraph over `===` or `---`.
    Setext,
    /// A line a reader takes for a Private heading (see `private_label`).
    Label,
}

/// A heading the scanner found.
#[derive(Debug, Clone, Copy)]
struct Heading<'a> {
    level: usize,
    title: &'a str,
    /// Its first line (a setext heading's paragraph may start lines before its underline).
    start: usize,
    how: How,
}

impl<'a> Note<'a> {
    /// Read the body from byte `body_start` on into sections, directives, actions and
    /// conclusions.
    pub(super) fn scan_body(&mut self, body_start: usize) {
        let text = self.text;
        if body_start >= text.len() {
            return;
        }
        let first_line = self.index.line_of(body_start);
        let mut st = Scan {
            blocks: Blocks::new(first_line),
            in_comment: false,
            in_conflict: false,
            current: None,
            private_level: None,
            resume: None,
            private_item: None,
            n: self.index.len(),
            next_lt: None,
        };
        let mut line = first_line;
        while line <= st.n {
            line += self.scan_line(&mut st, line);
        }
    }

    /// Read one line; returns how many lines were read (two for a setext heading).
    fn scan_line(&mut self, st: &mut Scan, line: usize) -> usize {
        let s = self.line_text(line);
        // Conflict markers are checked everywhere, code blocks included.
        if self.conflict_marker(st, s, line) {
            return 1;
        }
        if st.in_comment {
            self.comment_line(st, s, line);
            return 1;
        }
        // Most lines are prose: a letter first, no block open that reads them otherwise.
        let prose = st.blocks.plain() && s.as_bytes().first().is_some_and(u8::is_ascii_alphabetic);
        // Tabs indent too (to the next multiple of 4), so a tab-nested task is still a task.
        let t = if prose {
            s
        } else {
            s.trim_start_matches([' ', '\t'])
        };
        let indent = s.len() - t.len();
        let width = s[..indent]
            .bytes()
            .fold(0, |w, b| if b == b'\t' { w / 4 * 4 + 4 } else { w + 1 });
        let kind = if prose {
            st.blocks.prose(line)
        } else {
            st.blocks.read(line, t, width)
        };
        let (rel, lazy, html) = match kind {
            Kind::Code => {
                self.mark_content(st.current, line);
                return 1;
            }
            Kind::Blank => return 1,
            Kind::Text { rel, lazy, html } => (rel, lazy, html),
        };
        // The items under `- **Private**` end with the first line indented no deeper.
        if let Some(w) = st.private_item
            && width <= w
        {
            st.private_item = None;
            st.private_level = None;
            if let Some(c) = st.current {
                self.sections[c].end_line = line;
            }
            st.current = st.resume.take();
        }
        let ln = Line {
            no: line,
            s,
            t,
            indent,
            width,
            rel,
            lazy,
            html,
        };
        if let Some(h) = self.heading(st, &ln) {
            self.open_heading(st, h, &ln);
            return if h.how == How::Setext { 2 } else { 1 };
        }
        self.text_line(st, &ln);
        1
    }

    /// A conflict marker: recorded, and the conflict's state kept. True when `s` is one.
    fn conflict_marker(&mut self, st: &mut Scan, s: &str, line: usize) -> bool {
        // Asked of every line: nearly all start with none of the markers' characters.
        if !matches!(s.as_bytes().first(), Some(b'<' | b'>' | b'=')) {
            return false;
        }
        if is_marker(s, '<') || is_marker(s, '>') || (st.in_conflict && is_marker(s, '=')) {
            if self.conflict_line.is_none() {
                self.conflict_line = Some(line);
            }
            st.in_conflict = is_marker(s, '<') || (st.in_conflict && is_marker(s, '='));
            return true;
        }
        false
    }

    /// A line inside an HTML comment: directives are read, and text after its end is content.
    fn comment_line(&mut self, st: &mut Scan, s: &str, line: usize) {
        self.read_directives(s, line, 0);
        if s.contains("-->") {
            st.in_comment = false;
            let after = &s[s.find("-->").map_or(s.len(), |p| p + 3)..];
            if !crate::text::trim(after).is_empty() {
                self.mark_content(st.current, line);
            }
        }
        st.blocks.para = false;
    }

    /// The heading `ln` is or ends, if any: ATX, setext (a paragraph's last line followed by
    /// `===`/`---`), or a line a reader takes for a Private heading. A heading may open a list
    /// item too (`- ## Title`). In an HTML block only a Private heading counts: the safer
    /// reading.
    fn heading(&self, st: &Scan, ln: &Line<'a>) -> Option<Heading<'a>> {
        let atx = if ln.rel <= 3 && !ln.lazy {
            atx_heading(ln.t).or_else(|| atx_heading(list_item_rest(ln.t)?.trim_start()))
        } else {
            None
        };
        let heading = match atx {
            Some((level, title)) => Some(Heading {
                level,
                title,
                start: ln.no,
                how: How::Atx,
            }),
            None => self.setext(st, ln).or_else(|| {
                let (level, title) =
                    (ln.rel <= 3 && !is_list_item(ln.t)).then(|| private_label(ln.t))??;
                Some(Heading {
                    level,
                    title,
                    start: ln.no,
                    how: How::Label,
                })
            }),
        };
        heading.filter(|h| !ln.html || is_private_heading(h.title))
    }

    /// The setext heading whose underline is the line after `ln`, if any.
    fn setext(&self, st: &Scan, ln: &Line<'a>) -> Option<Heading<'a>> {
        let blocks = &st.blocks;
        if !blocks.para || ln.no >= st.n {
            return None;
        }
        // Most lines are not over an underline: look at the next line first.
        let next = self.line_text(ln.no + 1);
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
        let to = self.index.line_start(ln.no) + ln.s.len();
        Some(Heading {
            level,
            title: self.text[from..to].trim(),
            start: blocks.para_start,
            how: How::Setext,
        })
    }

    /// A heading found on `ln`: it ends or opens a section, or stays inside a private part.
    fn open_heading(&mut self, st: &mut Scan, h: Heading<'a>, ln: &Line<'a>) {
        let line = ln.no;
        if h.how == How::Setext && h.start < line {
            // The item line this heading started on was read before its underline
            // came: it held a heading, not a task or a conclusion.
            if self.actions.last().is_some_and(|a| a.line == h.start) {
                self.actions.pop();
            }
            if self.conclusions.last().is_some_and(|c| c.line == h.start) {
                self.conclusions.pop();
            }
        }
        if h.how != How::Label && !ln.html {
            self.headings_seen.push((h.start, h.level, h.title));
        }
        if let Some(pl) = st.private_level
            && h.level > pl
        {
            // A subheading of Private stays private.
        } else {
            st.private_item = None;
            if st.private_level.take().is_some() {
                // A private part nested in a step ends here; the step goes on.
                if let Some(c) = st.current {
                    self.sections[c].end_line = line;
                }
                st.current = st.resume.take();
            }
            self.enter_section(st, h, line);
        }
        // A label line is a paragraph to CommonMark; lazy lines may follow it.
        st.blocks.para = h.how == How::Label;
    }

    /// The section a heading outside any private part opens, or the section it ends.
    fn enter_section(&mut self, st: &mut Scan, h: Heading<'a>, line: usize) {
        let level = h.level;
        match Step::from_heading(h.title) {
            Some(Step::Private) if st.current.is_some_and(|c| level > self.sections[c].level) => {
                // `### Private` under `## Conclusions`: private until a heading of
                // its level or higher, then the conclusions go on.
                st.private_level = Some(level);
                st.resume = st.current;
                self.push_section(st, Step::Private, line, level);
            }
            Some(step) => {
                if let Some(c) = st.current {
                    self.sections[c].end_line = line;
                }
                if step == Step::Private {
                    st.private_level = Some(level);
                }
                self.push_section(st, step, line, level);
            }
            None => {
                if let Some(c) = st.current
                    && level <= self.sections[c].level
                {
                    self.sections[c].end_line = line;
                    st.current = None;
                }
            }
        }
    }

    /// Open a section of `step` at `line`; it is the one read from now on.
    fn push_section(&mut self, st: &mut Scan, step: Step, line: usize, level: usize) {
        self.sections.push(Section {
            step,
            line,
            level,
            end_line: st.n + 1,
            // A section of a long note holds ten to twenty lines: fewer regrowths.
            content_lines: Vec::with_capacity(16),
        });
        st.current = Some(self.sections.len() - 1);
    }

    /// A line that is no heading: comments, a `- **Private**` item, or content (an action
    /// or a conclusion, in their sections).
    fn text_line(&mut self, st: &mut Scan, ln: &Line<'a>) {
        let has_text = self.read_comments(st, ln);
        // `- **Private**`, `- Private:`: a reader takes the items under it for private.
        if has_text
            && st.private_level.is_none()
            && list_item_rest(ln.t)
                .and_then(|r| private_label(r))
                .is_some_and(|(level, _)| level == LABEL_LEVEL)
        {
            st.private_level = Some(LABEL_LEVEL);
            st.private_item = Some(ln.width);
            st.resume = st.current;
            self.push_section(st, Step::Private, ln.no, LABEL_LEVEL);
            return;
        }
        if has_text {
            self.mark_content(st.current, ln.no);
            if !st.in_conflict
                && !ln.lazy
                && !ln.html
                && let Some(c) = st.current
                && ln.t.starts_with(|c: char| c != '<')
            {
                self.read_item(self.sections[c].step, ln.s, ln.indent, ln.width, ln.no);
            }
        }
    }

    /// Comments on `ln`: directives are read, comment-only lines are not content. True when
    /// the line holds text outside comments.
    fn read_comments(&mut self, st: &mut Scan, ln: &Line<'a>) -> bool {
        // Most lines have no `<` at all: the next one in the text is after their end.
        let start = ln.t.as_ptr() as usize - self.text.as_ptr() as usize;
        let next_lt = match st.next_lt {
            Some(p) if p >= start => p,
            _ => memchr::memchr(b'<', &self.text.as_bytes()[start..])
                .map_or(usize::MAX, |p| start + p),
        };
        st.next_lt = Some(next_lt);
        if next_lt >= start + ln.t.len() {
            return !crate::text::trim(ln.t).is_empty();
        }
        let mut rest = ln.t;
        let mut has_text = false;
        let mut offset = ln.indent;
        loop {
            // Most lines have no `<` at all: skip the substring search for them.
            let open = memchr::memchr(b'<', rest.as_bytes()).and_then(|_| rest.find("<!--"));
            match open {
                Some(p) => {
                    if !crate::text::trim(&rest[..p]).is_empty() {
                        has_text = true;
                    }
                    let after = &rest[p + 4..];
                    match after.find("-->") {
                        Some(e) => {
                            self.read_directives(&after[..e], ln.no, offset + p + 4);
                            offset += p + 4 + e + 3;
                            rest = &after[e + 3..];
                        }
                        None => {
                            self.read_directives(after, ln.no, offset + p + 4);
                            // Inside an HTML block a comment ends with the block.
                            st.in_comment = !ln.html;
                            break;
                        }
                    }
                }
                None => {
                    if !crate::text::trim(rest).is_empty() {
                        has_text = true;
                    }
                    break;
                }
            }
        }
        has_text
    }

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
                let raw = crate::text::trim(after);
                let raw_byte = item_col_byte + 3 + (after.len() - after.trim_start().len());
                let col0 = crate::text::column_in_line(s, raw_byte);
                let (texts, tk) = super::texts::read_action(raw, col0);
                self.actions.push(Action {
                    line,
                    column: crate::text::column_in_line(s, item_col_byte),
                    state,
                    texts,
                    owners: tk.owners,
                    due: tk.due,
                    share: tk.share,
                    from: tk.from,
                });
            }
            Step::Conclusions if width <= 1 => {
                let read = if self.conclusion_texts {
                    action::conclusion(item)
                } else {
                    action::conclusion_shape(item).map(|share| (String::new(), share))
                };
                if let Some((text, share)) = read {
                    self.conclusions.push(Conclusion { line, text, share });
                }
            }
            _ => {}
        }
    }
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
pub(super) fn is_marker(s: &str, ch: char) -> bool {
    // Asked of every line, three times: most lines fail on their first byte.
    if s.as_bytes().first().is_none_or(|&b| char::from(b) != ch) {
        return false;
    }
    let n = s.chars().take_while(|&c| c == ch).count();
    n == 7 && matches!(s[7..].chars().next(), None | Some(' ') | Some('\r'))
}
