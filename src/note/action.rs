//! Action items and conclusions: tokens, state and a normalized identity.

use jiff::civil::Date;

use crate::dates::parse_ymd;

/// The state of an action item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionState {
    /// `[ ]`
    #[default]
    Open,
    /// `[x]`
    Done,
    /// `[-]`
    Dropped,
}

impl ActionState {
    /// The word used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionState::Open => "open",
            ActionState::Done => "done",
            ActionState::Dropped => "dropped",
        }
    }
}

/// A `key:value` or `(from …)` token with its date, if it parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateToken {
    /// The text after `due:` / `from `, as written.
    pub raw: String,
    /// The date, or the reason it is not one.
    pub date: Result<Date, String>,
    /// 1-based column of the token in its line.
    pub column: usize,
}

/// One task-list item of `## Cascading actions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column of the `[` of the marker.
    pub column: usize,
    /// Open, done or dropped.
    pub state: ActionState,
    /// The item's text after the marker, as written.
    pub raw: String,
    /// The text without tokens, whitespace collapsed (for display).
    pub title: String,
    /// Case-folded title: the action's identity across a report's notes.
    pub identity: String,
    /// `@owner` handles, lowercased, in order.
    pub owners: Vec<String>,
    /// `due:` date.
    pub due: Option<DateToken>,
    /// `share:` groups.
    pub share: Vec<String>,
    /// `(from YYYY-MM-DD)`: the note it was carried over from.
    pub from: Option<DateToken>,
}

/// One top-level bullet of `## Conclusions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conclusion {
    /// 1-based line in the file.
    pub line: usize,
    /// The text without `share:` tokens.
    pub text: String,
    /// `share:` groups of this bullet (empty: the note's `share_with` applies).
    pub share: Vec<String>,
}

/// Tokens found in an item's text, and the text without them.
pub(crate) struct Tokens {
    pub title: String,
    pub owners: Vec<String>,
    pub due: Option<DateToken>,
    pub share: Vec<String>,
    pub from: Option<DateToken>,
}

fn trim_punct(s: &str) -> &str {
    s.trim_end_matches(['.', ',', ';', ':', ')', '!', '?'])
}

/// Split `text` (starting at 1-based `col0` of its line) into tokens and plain words.
pub(crate) fn tokens(text: &str, col0: usize) -> Tokens {
    let mut t = Tokens {
        title: String::with_capacity(text.len()),
        owners: Vec::new(),
        due: None,
        share: Vec::new(),
        from: None,
    };
    let mut iter = word_spans(text).peekable();
    // Only date tokens need a column: count characters lazily.
    let column = |start: usize| col0 + text[..start].chars().count();
    while let Some((start, w)) = iter.next() {
        if let Some(h) = w.strip_prefix('@') {
            let h = trim_punct(h);
            if !h.is_empty()
                && h.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
            {
                t.owners.push(h.to_lowercase());
                continue;
            }
        }
        if let Some(d) = w.strip_prefix("due:") {
            let raw = trim_punct(d).to_owned();
            t.due = Some(DateToken {
                date: parse_ymd(&raw),
                raw,
                column: column(start),
            });
            continue;
        }
        if let Some(g) = w.strip_prefix("share:") {
            t.share.extend(
                g.split(',')
                    .map(|s| trim_punct(s).to_lowercase())
                    .filter(|s| !s.is_empty()),
            );
            continue;
        }
        if w == "(from"
            && let Some(&(_, next)) = iter.peek()
            && let Some(d) = next.strip_suffix(')')
        {
            let raw = d.to_owned();
            t.from = Some(DateToken {
                date: parse_ymd(&raw),
                raw,
                column: column(start),
            });
            iter.next();
            continue;
        }
        if !t.title.is_empty() {
            t.title.push(' ');
        }
        t.title.push_str(w);
    }
    t
}

fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    // Each word is a subslice of `text`, so its offset is the distance between the pointers.
    // ASCII text (nearly all of it) splits faster on ASCII whitespace; same words.
    let base = text.as_ptr() as usize;
    let ascii = text.is_ascii();
    let fast = ascii.then(|| text.split_ascii_whitespace());
    let slow = (!ascii).then(|| text.split_whitespace());
    fast.into_iter()
        .flatten()
        .chain(slow.into_iter().flatten())
        .map(move |w| (w.as_ptr() as usize - base, w))
}

/// The identity of an action: its title case-folded with whitespace collapsed.
pub fn identity_of(title: &str) -> String {
    let mut id = String::with_capacity(title.len());
    for w in title.split_whitespace() {
        if !id.is_empty() {
            id.push(' ');
        }
        if w.is_ascii() {
            id.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            id.push_str(&w.to_lowercase());
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_removed_from_title() {
        let t = tokens(
            "Carried: draft  Q1 plan @Alice due:2026-11-15 share:sales,finance (from 2026-11-06)",
            7,
        );
        assert_eq!(t.title, "Carried: draft Q1 plan");
        assert_eq!(t.owners, vec!["alice"]);
        assert_eq!(t.due.as_ref().unwrap().raw, "2026-11-15");
        assert_eq!(t.due.as_ref().unwrap().column, 7 + 31);
        assert_eq!(t.share, vec!["sales", "finance"]);
        assert!(t.from.unwrap().date.is_ok());
    }

    #[test]
    fn emails_are_not_owners_and_bad_dates_are_kept() {
        let t = tokens("mail bob@example.com due:2026-02-30", 1);
        assert!(t.owners.is_empty());
        assert!(t.due.unwrap().date.is_err());
    }
}
