//! The front matter's fences: our own split (zero-copy, lines true to the file).

/// Where the front matter sits in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    /// 1-based line of the opening `---` (always 1).
    pub open_line: usize,
    /// 1-based line of the closing `---` or `...`.
    pub close_line: usize,
    /// Byte range of the YAML between the fences.
    pub yaml: std::ops::Range<usize>,
    /// Byte offset where the body starts (after the closing fence's line).
    pub body_start: usize,
}

/// The outcome of looking for front matter at the top of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Split {
    /// A complete front matter block.
    Present(Fence),
    /// `---` on line 1 but no closing fence anywhere.
    Unterminated,
    /// No front matter; `later_fence` is the line of a `---` block further down, if any.
    Missing {
        /// A `---` line found below line 1 that looks like misplaced front matter.
        later_fence: Option<usize>,
    },
}

fn is_fence(line: &str, closing: bool) -> bool {
    let t = line.trim_end_matches([' ', '\t', '\r', '\n']);
    t == "---" || (closing && t == "...")
}

/// Find the front matter fences in `text` (which may start with a BOM).
pub fn split(text: &str) -> Split {
    let start = if text.starts_with(crate::text::BOM) {
        3
    } else {
        0
    };
    let mut lines = crate::text::lines_inclusive(&text[start..]);
    let Some(first) = lines.next() else {
        return Split::Missing { later_fence: None };
    };
    if !is_fence(first, false) {
        // Misplaced front matter: a `---` line within the first lines, followed by `key:`.
        let mut later = None;
        let all: Vec<&str> = crate::text::lines_inclusive(&text[start..])
            .take(12)
            .collect();
        for (i, l) in all.iter().enumerate().skip(1) {
            if is_fence(l, false)
                && all.get(i + 1).is_some_and(|n| {
                    let n = n.trim();
                    n.split_once(':')
                        .is_some_and(|(k, _)| !k.is_empty() && !k.contains(' '))
                })
            {
                later = Some(i + 1);
                break;
            }
        }
        return Split::Missing { later_fence: later };
    }
    let yaml_start = start + first.len();
    let mut offset = yaml_start;
    for (line_no, l) in (2..).zip(lines) {
        // A step heading means the note has begun: its front matter was never closed (a `---`
        // rule further down must not be taken for the closing fence).
        let t = l.trim_end_matches(['\r', '\n']);
        if t.starts_with('#')
            && super::atx_heading(t)
                .is_some_and(|(_, title)| super::Step::from_heading(title).is_some())
        {
            return Split::Unterminated;
        }
        if is_fence(l, true) {
            return Split::Present(Fence {
                open_line: 1,
                close_line: line_no,
                yaml: yaml_start..offset,
                body_start: offset + l.len(),
            });
        }
        offset += l.len();
    }
    Split::Unterminated
}
