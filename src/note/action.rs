//! Action items and conclusions: tokens, state and a normalized identity.

use jiff::civil::Date;

use super::texts::Texts;
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

/// An item's owners or groups: nearly always one, held without a list of its own.
pub type Names = smallvec::SmallVec<[String; 1]>;

/// One task-list item of `## Cascading actions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column of the `[` of the marker.
    pub column: usize,
    /// Open, done or dropped.
    pub state: ActionState,
    /// Its text as written, its title and its identity.
    pub texts: Texts,
    /// `@owner` handles, lowercased, in order.
    pub owners: Names,
    /// `due:` date.
    pub due: Option<DateToken>,
    /// `share:` groups.
    pub share: Names,
    /// `(from YYYY-MM-DD)`: the note it was carried over from.
    pub from: Option<DateToken>,
}

/// One top-level bullet of `## Conclusions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conclusion {
    /// 1-based line in the file.
    pub line: usize,
    /// The text without `share:` tokens; empty in a note read for lint, which reads none
    /// ([`super::Note::parse_for_lint`]).
    pub text: String,
    /// `share:` groups of this bullet (empty: the note's `share_with` applies).
    pub share: Names,
}

/// Tokens found in an item's text, and the text without them.
pub(crate) struct Tokens {
    pub title: String,
    /// The title is ASCII words one space apart, so its identity is it lowercased (see
    /// [`identity_of`]); false when that is not known.
    pub plain: bool,
    /// Where the title is not built ([`conclusion_shape`]): whether it would hold text.
    pub has_plain: bool,
    pub owners: Names,
    pub due: Option<DateToken>,
    pub share: Names,
    pub from: Option<DateToken>,
}

impl Tokens {
    /// Whether the item names an owner or a date: a conclusion keeps those as written, so
    /// its text is then its words but `share:` ones, not its title.
    fn names_owner_or_date(&self) -> bool {
        !self.owners.is_empty() || self.due.is_some() || self.from.is_some()
    }

    /// No tokens yet, with room for `text`'s title in `title` (emptied).
    fn for_text(text: &str, mut title: String) -> Tokens {
        title.clear();
        title.reserve(text.len());
        Tokens {
            title,
            plain: false,
            has_plain: false,
            owners: Names::new(),
            due: None,
            share: Names::new(),
            from: None,
        }
    }
}

fn trim_punct(s: &str) -> &str {
    s.trim_end_matches(['.', ',', ';', ':', ')', '!', '?'])
}

/// Split `text` (starting at 1-based `col0` of its line) into tokens and plain words.
pub(crate) fn tokens(text: &str, col0: usize) -> Tokens {
    tokens_in(text, col0, String::new())
}

/// A conclusion read from its item's text: its text without `share:` tokens (owners and
/// dates kept as written) and its groups; none when nothing is left of the text.
pub(super) fn conclusion(item: &str) -> Option<(String, Names)> {
    let tk = tokens(item, 1);
    let text = if tk.names_owner_or_date() {
        kept_words(item).collect::<Vec<_>>().join(" ")
    } else {
        tk.title
    };
    (!text.is_empty()).then_some((text, tk.share))
}

/// A conclusion's words but its `share:` tokens: its text, when it names an owner or a date.
fn kept_words(item: &str) -> impl Iterator<Item = &str> {
    item.split_whitespace().filter(|w| !w.starts_with("share:"))
}

/// What lint reads of a conclusion: [`conclusion`]'s groups, and whether it is one, its
/// text not built (held to [`conclusion`] by a property test). Building the texts of a
/// note's conclusions, which no rule reads, took 7% of lint's instructions.
pub(super) fn conclusion_shape(item: &str) -> Option<Names> {
    if !item.is_ascii() {
        return conclusion(item).map(|(_, share)| share);
    }
    let tk = tokens_ascii(item, 1, String::new(), false);
    let has_text = if tk.names_owner_or_date() {
        kept_words(item).next().is_some()
    } else {
        tk.has_plain
    };
    has_text.then_some(tk.share)
}

/// [`tokens`], the title written in `title` (emptied first).
pub(super) fn tokens_in(text: &str, col0: usize, title: String) -> Tokens {
    // ASCII text (nearly all of it) is read from token to token; the same words.
    if text.is_ascii() {
        return tokens_ascii(text, col0, title, true);
    }
    tokens_of(text, col0, text.split_whitespace(), title)
}

/// What a word turned out to be.
#[derive(PartialEq)]
enum Word {
    /// Part of the title.
    Plain,
    /// A token, read into the tokens.
    Token,
    /// `(from`, which took the next word (its date) with it.
    TakesNext,
}

/// Read the word `w` as a token into `t` if it is one. `column` is the word's 1-based column
/// (asked only of date tokens); `next` the word after it, if any.
fn token<'a>(
    t: &mut Tokens,
    w: &str,
    column: impl FnOnce() -> usize,
    next: impl FnOnce() -> Option<&'a str>,
) -> Word {
    // Every token starts with `@`, `d`, `s` or `(`: other words are plain at once.
    if !matches!(w.as_bytes().first(), Some(b'@' | b'd' | b's' | b'(')) {
        return Word::Plain;
    }
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
            t.owners.push(if h.is_ascii() {
                h.to_ascii_lowercase()
            } else {
                h.to_lowercase()
            });
            return Word::Token;
        }
    }
    if let Some(d) = w.strip_prefix("due:") {
        let raw = trim_punct(d).to_owned();
        t.due = Some(DateToken {
            date: parse_ymd(&raw),
            raw,
            column: column(),
        });
        return Word::Token;
    }
    if let Some(g) = w.strip_prefix("share:") {
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
        return Word::Token;
    }
    if w == "(from"
        && let Some(d) = next().and_then(|n| n.strip_suffix(')'))
    {
        let raw = d.to_owned();
        t.from = Some(DateToken {
            date: parse_ymd(&raw),
            raw,
            column: column(),
        });
        return Word::TakesNext;
    }
    Word::Plain
}

/// [`tokens`] of ASCII text, read from one byte that may be part of a token to the next
/// (`@`, the `:` of `due:` and `share:`, the `(` of `(from`): every token holds one, so a
/// word without any is plain. The plain text between two tokens is copied at once when its
/// words are one space apart, as the title joins them. Held to [`tokens_of`] by a property
/// test. Without `build_title`, the title is left empty and only `has_plain` says whether
/// it would be.
fn tokens_ascii(text: &str, col0: usize, title: String, build_title: bool) -> Tokens {
    let b = text.as_bytes();
    let mut t = if build_title {
        Tokens::for_text(text, title)
    } else {
        Tokens::for_text("", title)
    };
    t.plain = true;
    // Text between tokens: into the title, or only whether there is any.
    let plain_text = |t: &mut Tokens, s: &str| {
        if build_title {
            t.plain &= push_plain(&mut t.title, s);
        } else {
            t.has_plain |= !s.trim_ascii().is_empty();
        }
    };
    // Where the plain text not copied yet starts, and where to look for a token.
    let mut plain = 0;
    let mut at = 0;
    while let Some(p) = memchr::memchr3(b'@', b':', b'(', &b[at..]) {
        let p = at + p;
        let start = b[..p]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(0, |i| i + 1);
        let end = word_end(b, p);
        // The word after this one, asked only of `(from`.
        let next_word = || {
            let next_start = end
                + b[end..]
                    .iter()
                    .take_while(|c| c.is_ascii_whitespace())
                    .count();
            let next = (next_start < b.len()).then(|| &text[next_start..word_end(b, next_start)]);
            (next_start, next)
        };
        at = match token(&mut t, &text[start..end], || col0 + start, || next_word().1) {
            Word::Plain => end,
            read => {
                plain_text(&mut t, &text[plain..start]);
                plain = match read {
                    Word::TakesNext => {
                        let (next_start, next) = next_word();
                        next_start + next.map_or(0, str::len)
                    }
                    _ => end,
                };
                plain
            }
        };
    }
    plain_text(&mut t, &text[plain..]);
    t
}

/// The end of the ASCII word holding byte `i`.
fn word_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(u8::is_ascii_whitespace)
        .map_or(b.len(), |n| i + n)
}

/// Append the words of ASCII `s` to a title, one space apart; false when they were not
/// one space apart already (the title is then not known to be plain).
fn push_plain(title: &mut String, s: &str) -> bool {
    let s = s.trim_ascii();
    if s.is_empty() {
        return true;
    }
    if !title.is_empty() {
        title.push(' ');
    }
    if one_apart(s.as_bytes()) {
        title.push_str(s);
        return true;
    }
    for (i, w) in s.split_ascii_whitespace().enumerate() {
        if i > 0 {
            title.push(' ');
        }
        title.push_str(w);
    }
    false
}

/// Whether no byte of `s` up to the space is other than a space after another byte (a tab,
/// two spaces, a control character): words one space apart. Eight bytes at a time; held to
/// [`one_apart_bytewise`] by a property test.
fn one_apart(s: &[u8]) -> bool {
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
    let mut chunks = s.chunks_exact(8);
    // The last byte of the word before was a space.
    let mut carried = false;
    for c in chunks.by_ref() {
        let w = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        // A byte under the space (a borrow may mark more above it, all the same false).
        if w.wrapping_sub(SPACES) & !w & HIGH != 0 {
            return false;
        }
        // 0x80 in each space byte, exactly.
        let sp = crate::text::zero_bytes(w ^ SPACES);
        if sp & (sp >> 8) != 0 || (carried && sp & 0x80 != 0) {
            return false;
        }
        carried = sp >> 56 != 0;
    }
    one_apart_bytewise(chunks.remainder(), carried)
}

/// [`one_apart`] a byte at a time, the byte before `s` a space when `after_space`.
fn one_apart_bytewise(s: &[u8], mut after_space: bool) -> bool {
    s.iter().all(|&c| {
        let space = c <= b' ';
        let ok = !space || (c == b' ' && !after_space);
        after_space = space;
        ok
    })
}

/// [`tokens`] over `words`, subslices of `text` in order, one at a time.
fn tokens_of<'a>(
    text: &'a str,
    col0: usize,
    words: impl Iterator<Item = &'a str>,
    title: String,
) -> Tokens {
    let mut t = Tokens::for_text(text, title);
    // Each word is a subslice of `text`, so its offset is the distance between the pointers.
    let base = text.as_ptr() as usize;
    let mut iter = words.map(|w| (w.as_ptr() as usize - base, w)).peekable();
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
    while let Some((start, w)) = iter.next() {
        // Only date tokens need a column: characters are counted when one is found.
        let column = || col0 + text[..start].chars().count();
        match token(&mut t, w, column, || iter.peek().map(|&(_, n)| n)) {
            Word::Plain => {}
            read => {
                flush(&mut t, &mut run);
                if read == Word::TakesNext {
                    iter.next();
                }
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
    // A title as `tokens` makes it (ASCII words one space apart, nothing before the first or
    // after the last) is its identity lowercased; `\x0B` is whitespace to `split_whitespace`
    // but not to `split_ascii_whitespace`, and `one_apart` sends it the general way below,
    // which agrees.
    let b = title.as_bytes();
    let word_ends = b.first().is_some_and(|&c| c > b' ') && b.last().is_some_and(|&c| c > b' ');
    if word_ends && title.is_ascii() && one_apart(b) {
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
mod tests;
