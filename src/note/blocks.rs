//! Recognisers for the CommonMark blocks the note scanner tells apart, one line at a time:
//! ATX headings, list items, thematic breaks and the start and end of HTML blocks.

/// An ATX heading (`## Title ##`) as (level, title), for a line indented at most 3.
pub(super) fn atx_heading(t: &str) -> Option<(usize, &str)> {
    let level = t.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &t[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let title = rest.trim();
    // A closing sequence of `#` preceded by a space is not part of the title.
    let title = match title.trim_end_matches('#') {
        s if s.len() < title.len() && (s.is_empty() || s.ends_with(' ')) => s.trim_end(),
        _ => title,
    };
    Some((level, title))
}

/// After a list marker (`-`, `*`, `+`, `1.`, `1)`) and its space, the rest of the line.
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
pub(super) enum HtmlEnd {
    /// At the line holding this text (`</pre>`, `?>`, `>`, `]]>`).
    Text(&'static str),
    /// At the next blank line.
    Blank,
}

impl HtmlEnd {
    /// Whether the block ends on this line (its closing text is on it).
    pub(super) fn ends_on(self, t: &str) -> bool {
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
pub(super) fn html_block_start(t: &str, in_paragraph: bool) -> Option<HtmlEnd> {
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
pub(super) fn interrupts_paragraph(t: &str) -> bool {
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
        !r.trim().is_empty()
            && (!t.starts_with(|c: char| c.is_ascii_digit())
                || t.starts_with("1.")
                || t.starts_with("1)"))
    })
}

/// `***`, `---`, `___` (three or more, spaces between allowed).
pub(super) fn is_thematic_break(t: &str) -> bool {
    let t = t.trim_end();
    let Some(c) = t.bytes().next().filter(|c| matches!(c, b'*' | b'-' | b'_')) else {
        return false;
    };
    t.bytes().all(|b| b == c || b == b' ' || b == b'\t')
        && t.bytes().filter(|&b| b == c).count() >= 3
}

/// Whether the line opens a list item.
pub(super) fn is_list_item(t: &str) -> bool {
    list_item_rest(t).is_some()
}
