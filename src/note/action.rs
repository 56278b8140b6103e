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
    // Each word is a subslice of `text`, so its offset is the distance between the pointers.
    // ASCII text (nearly all of it) splits faster on ASCII whitespace; same words.
    let base = text.as_ptr() as usize;
    if text.is_ascii() {
        tokens_of(text, col0, AsciiWords { text, at: 0 })
    } else {
        tokens_of(
            text,
            col0,
            text.split_whitespace()
                .map(move |w| (w.as_ptr() as usize - base, w)),
        )
    }
}

/// The words of ASCII text with their byte offsets: `split_ascii_whitespace`, in one pass
/// over the bytes.
struct AsciiWords<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for AsciiWords<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let b = self.text.as_bytes();
        let mut i = self.at;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == b.len() {
            self.at = i;
            return None;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        self.at = i;
        Some((start, &self.text[start..i]))
    }
}

/// [`tokens`] over the words of `text` with their byte offsets.
fn tokens_of<'a>(
    text: &'a str,
    col0: usize,
    words: impl Iterator<Item = (usize, &'a str)>,
) -> Tokens {
    let mut t = Tokens {
        title: String::with_capacity(text.len()),
        owners: Vec::new(),
        due: None,
        share: Vec::new(),
        from: None,
    };
    let mut iter = words.peekable();
    // Plain words are copied to the title in runs: words one space apart in `text` are
    // already the title's text (words joined by one space), so a run is copied at once.
    let mut run: Option<(usize, usize)> = None;
    let flush = |t: &mut Tokens, run: &mut Option<(usize, usize)>| {
        if let Some((a, b)) = run.take() {
            if !t.title.is_empty() {
                t.title.push(' ');
            }
            t.title.push_str(&text[a..b]);
        }
    };
    // Only date tokens need a column: count characters lazily.
    let column = |start: usize| col0 + text[..start].chars().count();
    while let Some((start, w)) = iter.next() {
        // Every token starts with `@`, `d`, `s` or `(`: other words are plain at once.
        if matches!(w.as_bytes()[0], b'@' | b'd' | b's' | b'(') {
            if let Some(h) = w.strip_prefix('@') {
                let h = trim_punct(h);
                let handle = if h.is_ascii() {
                    h.bytes()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
                } else {
                    h.chars()
                        .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
                };
                if !h.is_empty() && handle {
                    flush(&mut t, &mut run);
                    t.owners.push(if h.is_ascii() {
                        h.to_ascii_lowercase()
                    } else {
                        h.to_lowercase()
                    });
                    continue;
                }
            }
            if let Some(d) = w.strip_prefix("due:") {
                flush(&mut t, &mut run);
                let raw = trim_punct(d).to_owned();
                t.due = Some(DateToken {
                    date: parse_ymd(&raw),
                    raw,
                    column: column(start),
                });
                continue;
            }
            if let Some(g) = w.strip_prefix("share:") {
                flush(&mut t, &mut run);
                t.share.extend(
                    g.split(',')
                        .map(|s| {
                            let s = trim_punct(s);
                            if s.is_ascii() {
                                s.to_ascii_lowercase()
                            } else {
                                s.to_lowercase()
                            }
                        })
                        .filter(|s| !s.is_empty()),
                );
                continue;
            }
            if w == "(from"
                && let Some(&(_, next)) = iter.peek()
                && let Some(d) = next.strip_suffix(')')
            {
                flush(&mut t, &mut run);
                let raw = d.to_owned();
                t.from = Some(DateToken {
                    date: parse_ymd(&raw),
                    raw,
                    column: column(start),
                });
                iter.next();
                continue;
            }
        }
        let end = start + w.len();
        match &mut run {
            Some((_, b)) if start == *b + 1 && text.as_bytes()[*b] == b' ' => *b = end,
            _ => {
                flush(&mut t, &mut run);
                run = Some((start, end));
            }
        }
    }
    flush(&mut t, &mut run);
    t
}

/// The identity of an action: its title case-folded with whitespace collapsed.
pub fn identity_of(title: &str) -> String {
    // A title as `tokens` makes it (ASCII words one space apart) is its identity lowercased;
    // `\x0B` is whitespace to `split_whitespace` but not to `split_ascii_whitespace`.
    let b = title.as_bytes();
    if title.is_ascii()
        && !b.first().is_some_and(u8::is_ascii_whitespace)
        && !b.last().is_some_and(u8::is_ascii_whitespace)
        && !b.windows(2).any(|w| w[0] == b' ' && w[1] == b' ')
        && !b
            .iter()
            .any(|&c| c != b' ' && (c.is_ascii_whitespace() || c == 0x0B))
    {
        return title.to_ascii_lowercase();
    }
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

    /// The title as words joined by one space, and the identity as each word folded: what
    /// `tokens` and `identity_of` computed word by word before they copied runs of text.
    fn by_words(text: &str) -> (String, String) {
        let words: Vec<&str> = if text.is_ascii() {
            text.split_ascii_whitespace().collect()
        } else {
            text.split_whitespace().collect()
        };
        let title = words.join(" ");
        let identity = title
            .split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ");
        (title, identity)
    }

    #[test]
    fn titles_and_identities_copied_in_runs_match_word_by_word_whatever_the_spacing() {
        for text in [
            "Draft the Q1 plan",
            "  Draft   the\tQ1 plan  ",
            "Draft\u{0B}the plan",
            "Draft the\u{0C}plan\r",
            "Revoir le budget\u{a0}2027 avec Zoé",
            "ÉTÉ  Plan",
            "x",
            "",
            "Send @bob  the plan  due:2026-01-02 now",
            "Plan share:ops (from 2026-01-01) then  more",
        ] {
            let t = tokens(text, 1);
            let words: Vec<&str> = if text.is_ascii() {
                text.split_ascii_whitespace().collect()
            } else {
                text.split_whitespace().collect()
            };
            let plain: String = words
                .into_iter()
                .filter(|w| {
                    !(w.starts_with('@') || w.starts_with("due:") || w.starts_with("share:"))
                })
                .filter(|w| *w != "(from" && *w != "2026-01-01)")
                .collect::<Vec<_>>()
                .join(" ");
            let (title, identity) = by_words(&plain);
            assert_eq!(t.title, title, "title of {text:?}");
            assert_eq!(identity_of(&t.title), identity, "identity of {text:?}");
            // Any string, not only a title `tokens` made.
            let folded = text
                .split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(identity_of(text), folded, "identity of {text:?}");
        }
    }

    #[test]
    fn emails_are_not_owners_and_bad_dates_are_kept() {
        let t = tokens("mail bob@example.com due:2026-02-30", 1);
        assert!(t.owners.is_empty());
        assert!(t.due.unwrap().date.is_err());
    }
}
