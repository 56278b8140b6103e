//! The CommonMark blocks the note scanner tells apart, one line at a time: code (fenced or
//! indented, relative to the list item a line belongs to), HTML blocks, paragraphs and their
//! lazy lines, with recognisers for ATX headings, list items and thematic breaks.

/// What a line of the body is, as far as blocks go.
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(super) enum Kind {
    /// In a code block, or a fence: content, and nothing else.
    Code,
    /// Blank.
    Blank,
    /// Anything else, to be read for headings, items and labels.
    Text {
        /// Indentation past the content column of the list item the line belongs to.
        rel: usize,
        /// A lazy line of the open paragraph: no block starts on it.
        lazy: bool,
        /// In an HTML block.
        html: bool,
    },
}

/// The blocks open at a line: the scanner's state about CommonMark's containers.
#[cfg_attr(test, derive(Debug, PartialEq, Clone))]
pub(super) struct Blocks {
    /// The open fence: its character, length and the column of its list item's content.
    fence: Option<(u8, usize, usize)>,
    /// Content columns of the open list items, innermost last (so in increasing order).
    items: Vec<usize>,
    /// The last item opened has nothing on its line yet.
    item_empty: bool,
    html: Option<HtmlEnd>,
    /// A paragraph is open: lazy lines go on it.
    pub(super) para: bool,
    /// The line the open paragraph started on, and the content column it is in.
    pub(super) para_start: usize,
    pub(super) para_fit: usize,
    /// The open paragraph started on a quote line.
    para_quoted: bool,
}

impl Blocks {
    /// Nothing open, before `first_line`.
    pub(super) fn new(first_line: usize) -> Self {
        Blocks {
            fence: None,
            items: Vec::new(),
            item_empty: false,
            html: None,
            para: false,
            para_start: first_line,
            para_fit: 0,
            para_quoted: false,
        }
    }

    /// Whether [`Blocks::prose`] may read the next line: no fence and no HTML block open.
    pub(super) fn plain(&self) -> bool {
        self.fence.is_none() && self.html.is_none()
    }

    /// [`Blocks::read`] of a line that starts with an ASCII letter, not indented, while
    /// [`Blocks::plain`]: most lines of a note. No block starts with a letter, so such a line
    /// goes on the open paragraph or starts one, outside every list item. Held to `read` by a
    /// property test.
    pub(super) fn prose(&mut self, line: usize) -> Kind {
        let lazy = self.para;
        if !lazy {
            // Every item's content is indented past column 0.
            self.items.clear();
            self.para_start = line;
            self.para_quoted = false;
            self.para_fit = 0;
        }
        self.item_empty = false;
        self.para = true;
        Kind::Text {
            rel: 0,
            lazy,
            html: false,
        }
    }

    /// Read `line`, `t` its text after an indentation `width` columns wide.
    pub(super) fn read(&mut self, line: usize, t: &str, width: usize) -> Kind {
        let blank = crate::text::trim(t).is_empty();
        if let Some((ch, len, base)) = self.fence {
            // A line less indented than the list item holding the fence ends both.
            if blank || width >= base {
                if !blank
                    && width - base <= 3
                    && t.bytes().take_while(|&b| b == ch).count() >= len
                    && t.trim_start_matches(ch as char).trim().is_empty()
                {
                    self.fence = None;
                }
                return Kind::Code;
            }
            self.fence = None;
        }
        if blank {
            self.para = false;
            // An item that starts empty ends at a blank line.
            if std::mem::take(&mut self.item_empty) {
                self.items.pop();
            }
            if self.html == Some(HtmlEnd::Blank) {
                self.html = None;
            }
            return Kind::Blank;
        }
        self.item_empty = false;
        // Indentation counts from the content of the list item the line belongs to; content
        // columns only grow inward, so a binary search stays fast under deep nesting.
        let items = &self.items;
        let fit = items[..items.partition_point(|&c| c <= width)]
            .last()
            .copied()
            .unwrap_or(0);
        let rel = width - fit;
        // A lazy line goes on the open paragraph: no list item, no code starts there. An item
        // outside the paragraph's container (a quote, a deeper item) always starts: only a
        // paragraph it would be inside limits which items may interrupt it.
        let sibling =
            is_list_item(t) && (items.last().is_some_and(|&c| c > width) || self.para_quoted);
        let lazy =
            self.para && self.html.is_none() && (rel >= 4 || !(sibling || interrupts_paragraph(t)));
        if !lazy && self.html.is_none() {
            while self.items.last().is_some_and(|&c| c > width) {
                self.items.pop();
            }
            if rel >= 4 {
                // Indented code: nothing in it is a heading, an item or a label.
                return Kind::Code;
            }
            if let Some(r) = list_item_rest(t) {
                let content = r.trim_start_matches([' ', '\t']);
                let gap = r.len() - content.len();
                let marker = t.len() - r.len();
                let col = width
                    + marker
                    + if content.is_empty() || gap > 4 {
                        1
                    } else {
                        gap
                    };
                self.items.push(col);
                self.item_empty = content.is_empty();
                if let Some(f) = fence_of(content) {
                    self.fence = Some((f.0, f.1, col));
                    self.para = false;
                    return Kind::Code;
                }
            }
            self.html = html_block_start(t, self.para);
        }
        let html = self.html.is_some();
        if let Some(end) = self.html
            && end.ends_on(t)
        {
            self.html = None;
        }
        if !html
            && rel <= 3
            && let Some((ch, len)) = fence_of(t)
        {
            self.fence = Some((ch, len, fit));
            self.para = false;
            return Kind::Code;
        }
        if !html && !lazy {
            self.para_start = line;
            self.para_quoted = t.starts_with('>');
            self.para_fit = if is_list_item(t) {
                self.items.last().copied().unwrap_or(fit)
            } else {
                fit
            };
        }
        // In a quote, what is quoted says whether a paragraph is open.
        let q = if rel <= 3 && t.starts_with('>') {
            t.trim_start_matches(['>', ' ', '\t'])
        } else {
            t
        };
        let not_paragraph = html
            || q.is_empty()
            || (rel <= 3 && q.starts_with("<!--"))
            || (rel <= 3 && (atx_heading(q).is_some() || is_thematic_break(q)))
            || (q.len() < t.len() && fence_of(q).is_some())
            || list_item_rest(q).is_some_and(|r| crate::text::trim(r).is_empty());
        self.para = lazy || !not_paragraph;
        Kind::Text { rel, lazy, html }
    }
}

/// An opening code fence (three or more backticks or tildes) as (character, length).
#[inline]
fn fence_of(t: &str) -> Option<(u8, usize)> {
    let ch = *t.as_bytes().first().filter(|c| matches!(c, b'`' | b'~'))?;
    let len = t.bytes().take_while(|&b| b == ch).count();
    (len >= 3).then_some((ch, len))
}

/// An ATX heading (`## Title ##`) as (level, title), for a line indented at most 3.
#[inline]
pub(super) fn atx_heading(t: &str) -> Option<(usize, &str)> {
    // Asked of nearly every line, twice: most start with another byte, rejected inline.
    if t.as_bytes().first() != Some(&b'#') {
        return None;
    }
    atx_heading_at(t)
}

/// [`atx_heading`] of a line that starts with `#`.
fn atx_heading_at(t: &str) -> Option<(usize, &str)> {
    let level = t.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &t[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let title = crate::text::trim(rest);
    // A closing sequence of `#` preceded by a space is not part of the title.
    let title = match title.trim_end_matches('#') {
        s if s.len() < title.len() && (s.is_empty() || s.ends_with(' ')) => s.trim_end(),
        _ => title,
    };
    Some((level, title))
}

/// After a list marker (`-`, `*`, `+`, `1.`, `1)`) and its space, the rest of the line.
#[inline]
pub(super) fn list_item_rest(t: &str) -> Option<&str> {
    let b = t.as_bytes();
    let marker_end = match b.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 9 || !matches!(b.get(digits), Some(b'.') | Some(b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    match b.get(marker_end) {
        None => Some(""),
        Some(b' ') | Some(b'\t') => Some(&t[marker_end..]),
        _ => None,
    }
}

/// Where an HTML block (CommonMark's kinds 1 and 3 to 7) ends; comments are read apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HtmlEnd {
    /// At the line holding this text (`</pre>`, `?>`, `>`, `]]>`).
    Text(&'static str),
    /// At the next blank line.
    Blank,
}

impl HtmlEnd {
    /// Whether the block ends on this line (its closing text is on it).
    fn ends_on(self, t: &str) -> bool {
        match self {
            HtmlEnd::Text(end) => t
                .as_bytes()
                .windows(end.len())
                .any(|w| w.eq_ignore_ascii_case(end.as_bytes())),
            HtmlEnd::Blank => false,
        }
    }
}

/// Block-level tag names that start an HTML block ending at a blank line (CommonMark kind 6).
const HTML_BLOCK_TAGS: [&str; 62] = [
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// The HTML block a line (indented at most 3) starts, if any; in a paragraph only the kinds
/// that may interrupt one. A comment (`<!--`) is left to the comment reader.
#[inline]
fn html_block_start(t: &str, in_paragraph: bool) -> Option<HtmlEnd> {
    if t.as_bytes().first() != Some(&b'<') {
        return None;
    }
    html_block_at(t, in_paragraph)
}

/// [`html_block_start`] of a line that starts with `<`.
fn html_block_at(t: &str, in_paragraph: bool) -> Option<HtmlEnd> {
    let rest = t.strip_prefix('<')?;
    let b = rest.as_bytes();
    let name_len = |s: &[u8]| {
        s.iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count()
    };
    let named = |name: &str, s: &[u8]| {
        s.len() >= name.len()
            && s[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && matches!(
                s.get(name.len()),
                None | Some(b' ' | b'\t' | b'>' | b'\r' | b'\n')
            )
    };
    for (name, end) in [
        ("pre", "</pre>"),
        ("script", "</script>"),
        ("style", "</style>"),
        ("textarea", "</textarea>"),
    ] {
        if named(name, b) {
            return Some(HtmlEnd::Text(end));
        }
    }
    if rest.starts_with("!--") {
        return None;
    }
    if rest.starts_with('?') {
        return Some(HtmlEnd::Text("?>"));
    }
    if rest.starts_with("![CDATA[") {
        return Some(HtmlEnd::Text("]]>"));
    }
    if rest.starts_with('!') && b.get(1).is_some_and(u8::is_ascii_alphabetic) {
        return Some(HtmlEnd::Text(">"));
    }
    let tag = rest.strip_prefix('/').unwrap_or(rest).as_bytes();
    let n = name_len(tag);
    if n > 0 && tag[0].is_ascii_alphabetic() {
        let after = &tag[n..];
        let ends = matches!(
            after.first(),
            None | Some(b' ' | b'\t' | b'>' | b'\r' | b'\n')
        ) || after.starts_with(b"/>");
        if ends
            && HTML_BLOCK_TAGS
                .iter()
                .any(|h| h.as_bytes().eq_ignore_ascii_case(&tag[..n]))
        {
            return Some(HtmlEnd::Blank);
        }
        // Kind 7: a whole tag alone on its line (simplified: it ends with `>`, holds no
        // other `<`), which may not interrupt a paragraph.
        let line = t.trim_end();
        if !in_paragraph && line.ends_with('>') && !line[1..].contains('<') {
            return Some(HtmlEnd::Blank);
        }
    }
    None
}

/// Whether a line may end the paragraph above it: a heading, a fence, a quote, a thematic
/// break, an HTML block of kinds 1 to 6, or a list item that is not empty and, if ordered,
/// starts at 1.
fn interrupts_paragraph(t: &str) -> bool {
    // Every block that interrupts a paragraph starts with a mark, not a letter.
    if t.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    if atx_heading(t).is_some()
        || t.starts_with("```")
        || t.starts_with("~~~")
        || t.starts_with('>')
        || t.starts_with("<!--")
        || is_thematic_break(t)
        || html_block_start(t, true).is_some()
    {
        return true;
    }
    list_item_rest(t).is_some_and(|r| {
        !crate::text::trim(r).is_empty()
            && (!t.starts_with(|c: char| c.is_ascii_digit())
                || t.starts_with("1.")
                || t.starts_with("1)"))
    })
}

/// `***`, `---`, `___` (three or more, spaces between allowed).
#[inline]
fn is_thematic_break(t: &str) -> bool {
    // Trimming the end leaves the first byte, unless nothing is left.
    let Some(&c) = t
        .as_bytes()
        .first()
        .filter(|c| matches!(c, b'*' | b'-' | b'_'))
    else {
        return false;
    };
    let t = t.trim_end();
    t.bytes().all(|b| b == c || b == b' ' || b == b'\t')
        && t.bytes().filter(|&b| b == c).count() >= 3
}

/// Whether the line opens a list item.
#[inline]
pub(super) fn is_list_item(t: &str) -> bool {
    list_item_rest(t).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn prose_lines_read_the_short_way_leave_the_blocks_as_read_does(
            lines in proptest::collection::vec(proptest::sample::select(vec![
                "Plain words.", "a", "Zed <b>", "x  ", "- item", "  - nested", "* star", "1. one",
                "10) ten", "", "   ", "\t", "```", "~~~", "    code", "> quote", ">", "# Head",
                "---", "***", "___", "===", "<div>", "</div>", "<pre>", "</pre>", "<!-- c -->",
                "<!--", "-->", "- [ ] task", "  more", "\tTabbed", "<x>", "+ plus", "- ```",
            ]), 0..30),
        ) {
            let (mut slow, mut fast) = (Blocks::new(1), Blocks::new(1));
            for (i, l) in lines.iter().enumerate() {
                let t = l.trim_start_matches([' ', '\t']);
                let width = l[..l.len() - t.len()]
                    .bytes()
                    .fold(0, |w, b| if b == b'\t' { w / 4 * 4 + 4 } else { w + 1 });
                let want = slow.read(i + 1, t, width);
                let got = if fast.plain() && l.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
                    fast.prose(i + 1)
                } else {
                    fast.read(i + 1, t, width)
                };
                proptest::prop_assert_eq!(got, want, "line {} of {:?}", i + 1, lines);
                proptest::prop_assert_eq!(&fast, &slow, "line {} of {:?}", i + 1, lines);
            }
        }
    }
}
