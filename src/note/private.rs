//! Recognisers of private parts: headings, labels a reader takes for headings, and the
//! `private` key, all failing closed.

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
pub(super) fn has_private_stem(b: &[u8]) -> bool {
    let at = |i: usize, s: &[u8]| {
        b.get(i..i + s.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(s))
    };
    // The `v` of `riv` and the `f` of `fiden`: rarer in prose than `d`.
    crate::text::any_letter_at(b, b'v', b'f', |i| {
        if b[i].eq_ignore_ascii_case(&b'v') {
            i >= 2 && at(i - 2, b"ri")
        } else {
            at(i, b"fiden")
        }
    })
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
pub(super) const LABEL_LEVEL: usize = 7;

/// A line that is not a Markdown heading but that a reader takes for a Private one, as
/// (level, title): an HTML heading (`<h3>Private</h3>`, its own level), a line all in
/// emphasis (`**Private**`, `_Private notes_`, `**Private:**`), or a line holding only the
/// word (`Private:`, `PRIVATE`, `🔒 Private`).
#[inline]
pub(super) fn private_label(t: &str) -> Option<(usize, &str)> {
    // Asked of every line, most of which start with a letter or digit that no label starts
    // with: no trimming for them (trimming keeps a leading ASCII letter or digit).
    if t.as_bytes()
        .first()
        .is_some_and(|&c| c.is_ascii_alphanumeric() && !matches!(c, b'p' | b'P' | b'c' | b'C'))
    {
        return None;
    }
    label_of(t)
}

/// [`private_label`] of a line that may be one.
fn label_of(t: &str) -> Option<(usize, &str)> {
    // A line starting with a letter can only be a label holding one word (`Private:`): when
    // its first word ends at an ASCII separator and another word follows, it is none.
    let raw = t.as_bytes();
    if raw.first().is_some_and(u8::is_ascii_alphabetic) {
        let end = raw
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .unwrap_or(raw.len());
        if raw.get(end).is_some_and(u8::is_ascii)
            && raw[end..].iter().any(u8::is_ascii_alphanumeric)
        {
            return None;
        }
    }
    let t = crate::text::trim(t);
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

/// How many lines of a note without readable front matter are searched for a `private` key.
pub(super) const HEAD_LINES: usize = 64;

/// The value of a `private` key on `line`, if the line sets one: `private:`/`Private =`/
/// `"private":`, in any case. When `lenient`, comment and list markers before it (`#`,
/// `//`, `-`) are skipped too, so a commented-out or misplaced key still counts.
pub(super) fn private_key_value(line: &str, lenient: bool) -> Option<&str> {
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
pub(super) fn is_false(v: &str) -> bool {
    matches!(v.trim_end_matches([',', ' ']), "false" | "False" | "FALSE")
}
