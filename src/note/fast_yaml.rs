//! A direct reader for the plain subset of YAML that front matter is almost always written in:
//! `key: scalar`, `key: [a, b]`, and one level of `  name: scalar` or `  - scalar` under a key.
//!
//! It accepts only what it can type exactly as serde-saphyr does (a test compares the two on
//! every case it accepts) and answers `None` for anything else (quotes, anchors, tabs, nesting,
//! comments after values, ambiguous scalars like `yes` or `1e3`), which is then parsed by
//! serde-saphyr. It exists for speed: it reads a typical block in a fraction of the time.

use std::borrow::Cow;
use std::collections::HashSet;

use super::yaml::{At, Entries, Node};

/// Parse `yaml` (the text between the fences) if it is in the plain subset.
pub(super) fn parse(yaml: &str) -> Option<At<Node<'_>>> {
    let lines: Vec<&str> = crate::text::lines(yaml).map(|(_, l)| l).collect();
    let mut entries: Entries = Vec::with_capacity(lines.len());
    let mut keys = Seen::default();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        let Some(t) = content(l)? else {
            i += 1;
            continue;
        };
        if t.len() != l.len() {
            return None;
        }
        let (key, rest) = split_key(l)?;
        if !keys.insert(key) {
            return None;
        }
        let key_at = At {
            value: Cow::Borrowed(key),
            line: i + 1,
            column: 1,
        };
        let value = rest.trim_start_matches(' ');
        let value_col = l.len() - value.len() + 1;
        let value = value.trim_end_matches(' ');
        if value.is_empty() {
            let (node, next) = block(&lines, i + 1)?;
            entries.push((key_at, node));
            i = next;
            continue;
        }
        let node = if let Some(inner) = value.strip_prefix('[') {
            flow_seq(inner.strip_suffix(']')?, i + 1, value_col)?
        } else {
            At {
                value: scalar(value)?,
                line: i + 1,
                column: value_col,
            }
        };
        entries.push((key_at, node));
        i += 1;
    }
    let (line, column) = entries.first().map_or((1, 1), |(k, _)| (k.line, k.column));
    if entries.is_empty() {
        return None;
    }
    Some(At {
        value: Node::Map(entries),
        line,
        column,
    })
}

/// The keys of one mapping seen so far: a short list, a set once it is long (a scan of the
/// list per key made a block of n keys cost n²; hashing every key of ten cost more than
/// scanning). The short list is in place: every front matter has one.
#[derive(Default)]
struct Seen<'a> {
    few: [&'a str; FEW],
    /// How many of `few` are keys.
    n: usize,
    many: HashSet<&'a str>,
}

/// How many keys are scanned before they are hashed.
const FEW: usize = 32;

impl<'a> Seen<'a> {
    /// Add `key`; false when it was there already.
    fn insert(&mut self, key: &'a str) -> bool {
        if !self.many.is_empty() {
            return self.many.insert(key);
        }
        if self.few[..self.n].contains(&key) {
            return false;
        }
        if self.n < FEW {
            self.few[self.n] = key;
            self.n += 1;
        } else {
            self.many.extend(self.few);
            self.many.insert(key);
        }
        true
    }
}

/// A line without its indentation: `Some(None)` when blank or a comment, `None` (not the
/// plain subset) when it holds a tab.
fn content(l: &str) -> Option<Option<&str>> {
    if l.contains('\t') {
        return None;
    }
    let t = l.trim_start_matches(' ');
    Some((!t.is_empty() && !t.starts_with('#')).then_some(t))
}

/// `key:` then the end of the line or a space; the key is `[A-Za-z_][A-Za-z0-9_-]*`.
fn split_key(l: &str) -> Option<(&str, &str)> {
    let b = l.as_bytes();
    if !(b.first()?.is_ascii_alphabetic() || b[0] == b'_') {
        return None;
    }
    let end = b
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_' || c == b'-'))?;
    if b[end] != b':' {
        return None;
    }
    let rest = &l[end + 1..];
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    // serde-saphyr types a key as it types a value: `n:` is the key `false`.
    let key = &l[..end];
    if typed_word(key) {
        return None;
    }
    Some((key, rest))
}

/// A word YAML may read as a bool, a null or a float rather than a string.
fn typed_word(s: &str) -> bool {
    // Lowercased in a buffer, not a new string: every key and plain value is asked.
    let mut buf = [0u8; 8];
    let Some(b) = buf.get_mut(..s.len()) else {
        return false;
    };
    b.copy_from_slice(s.as_bytes());
    b.make_ascii_lowercase();
    matches!(
        &*b,
        b"true"
            | b"false"
            | b"null"
            | b"yes"
            | b"no"
            | b"on"
            | b"off"
            | b"y"
            | b"n"
            | b"nan"
            | b"inf"
            | b"infinity"
    )
}

/// The indented lines under `key:` from line index `start`: a mapping, a list, or nothing.
fn block<'a>(lines: &[&'a str], start: usize) -> Option<(At<Node<'a>>, usize)> {
    let mut map: Entries<'a> = Vec::new();
    let mut seq: Vec<At<Node>> = Vec::new();
    let mut keys = Seen::default();
    let mut indent = 0;
    let mut first: Option<(usize, usize)> = None;
    let mut i = start;
    while i < lines.len() {
        let l = lines[i];
        let Some(t) = content(l)? else {
            i += 1;
            continue;
        };
        let ind = l.len() - t.len();
        if ind == 0 {
            break;
        }
        if indent == 0 {
            indent = ind;
        } else if ind != indent {
            return None;
        }
        if let Some(item) = t.strip_prefix("- ") {
            let v = item.trim_start_matches(' ');
            let col = l.len() - v.len() + 1;
            let v = v.trim_end_matches(' ');
            if !map.is_empty() || v.is_empty() {
                return None;
            }
            first.get_or_insert((i + 1, ind + 1));
            seq.push(At {
                value: scalar(v)?,
                line: i + 1,
                column: col,
            });
        } else {
            let (key, rest) = split_key(t)?;
            if !seq.is_empty() || !keys.insert(key) {
                return None;
            }
            let v = rest.trim_start_matches(' ');
            let col = l.len() - v.len() + 1;
            let v = v.trim_end_matches(' ');
            if v.is_empty() {
                return None;
            }
            first.get_or_insert((i + 1, ind + 1));
            map.push((
                At {
                    value: Cow::Borrowed(key),
                    line: i + 1,
                    column: ind + 1,
                },
                At {
                    value: scalar(v)?,
                    line: i + 1,
                    column: col,
                },
            ));
        }
        i += 1;
    }
    // `key:` with nothing under it: where serde-saphyr puts such a null is not ours to guess.
    let (line, column) = first?;
    let value = if map.is_empty() {
        Node::Seq(seq)
    } else {
        Node::Map(map)
    };
    Some((
        At {
            value,
            line,
            column,
        },
        i,
    ))
}

/// `a, b, c` of `[a, b, c]` on line `line`, the `[` at column `col`.
fn flow_seq(inner: &str, line: usize, col: usize) -> Option<At<Node<'_>>> {
    let mut items = Vec::new();
    if !inner.trim().is_empty() {
        let mut offset = 0;
        for part in inner.split(',') {
            let v = part.trim_start_matches(' ');
            let c = col + 1 + offset + (part.len() - v.len());
            offset += part.len() + 1;
            let v = v.trim_end_matches(' ');
            if v.is_empty() {
                return None;
            }
            items.push(At {
                value: scalar(v)?,
                line,
                column: c,
            });
        }
    }
    Some(At {
        value: Node::Seq(items),
        line,
        column: col,
    })
}

/// Type a plain scalar made only of letters, digits, spaces, `.`, `_` and `-`, starting with
/// a letter or a digit; `None` when its type could be read more than one way.
fn scalar(s: &str) -> Option<Node<'_>> {
    let b = s.as_bytes();
    if !b.first()?.is_ascii_alphanumeric()
        || !b
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b' ' | b'.' | b'_' | b'-'))
    {
        return None;
    }
    match s {
        "true" | "True" | "TRUE" => return Some(Node::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Node::Bool(false)),
        "null" | "Null" | "NULL" => return Some(Node::Null),
        _ => {}
    }
    if b[0].is_ascii_digit() {
        if b.iter().all(u8::is_ascii_digit) {
            if b.len() > 1 && b[0] == b'0' {
                return None;
            }
            return s.parse().ok().map(Node::Int);
        }
        if let Some((int, frac)) = s.split_once('.')
            && !int.is_empty()
            && !frac.is_empty()
            && int.bytes().all(|c| c.is_ascii_digit())
            && frac.bytes().all(|c| c.is_ascii_digit())
            && !(int.len() > 1 && int.starts_with('0'))
        {
            // A float too large for f64 is an error for serde-saphyr: leave it to it.
            return s
                .parse()
                .ok()
                .filter(|f: &f64| f.is_finite())
                .map(Node::Float);
        }
        return crate::dates::is_ymd_shape(s).then_some(Node::Str(Cow::Borrowed(s)));
    }
    if typed_word(s) {
        return None;
    }
    Some(Node::Str(Cow::Borrowed(s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_saphyr::Spanned;

    fn slow(yaml: &str) -> Option<String> {
        serde_saphyr::from_str::<Spanned<Node>>(yaml)
            .ok()
            .map(|n| format!("{:?}", At::from_spanned(n)))
    }

    /// Every input the fast reader accepts, it reads exactly as serde-saphyr does.
    fn same(yaml: &str) -> bool {
        match parse(yaml) {
            None => false,
            Some(fast) => {
                assert_eq!(Some(format!("{fast:?}")), slow(yaml), "on {yaml:?}");
                true
            }
        }
    }

    #[test]
    fn plain_front_matter_matches_serde_saphyr() {
        for yaml in [
            "date: 2026-11-20\nreport: alice\nsupervisor: dana\n",
            "date: 2026-11-20\r\nreport: alice\r\nduration_min: 45\r\n",
            "duration_min: 90\ncadence_days: 14\nprivate: true\nshare_with: [sales, platform]\ntags: []\n",
            "share_with: [ sales ,platform ]\ntags: [weekly]\n",
            "indicators:\n  incoming_orders: 412\n  morale: 7.5\n",
            "indicators:\n  # last meeting (2026-11-13): orders 400\n  orders: 0\n",
            "tags:\n  - a\n  - b c\nreport: Alice Martin\n",
            "# a comment\ndate: 2026-11-20\n\nreport:   spaced   \n",
            "private: False\nx_y: NULL\nz: 20260105\nw: 12.50\n",
            "date: 2026-02-30\nreport: r-2\n",
            "indicators:\n    deep: 1\n    deeper: 2\nnext: 3\n",
        ] {
            assert!(same(yaml), "not accepted: {yaml:?}");
        }
    }

    #[test]
    fn anything_else_is_left_to_serde_saphyr() {
        for yaml in [
            "report: \"alice\"\n",
            "report: alice # comment\n",
            "a: yes\n",
            "a: 1e3\n",
            "a: 007\n",
            "a: .5\n",
            "a: &x 1\nb: *x\n",
            "a:\n  b:\n    c: 1\n",
            "a:\tb\n",
            "a: [b, [c]]\n",
            "a: [b,]\n",
            "a: 1\na: 2\n",
            "a:\n  x: 1\n   y: 2\n",
            "indicators:\nnext: 1\n",
            "  a: 1\n",
            "a: b: c\n",
            "- a\n- b\n",
            "a: 2026-1-05\n",
            "a: 1111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111.0\n",
            "a: x/y\n",
            "n:\n  - a\n",
            "yes: 1\n",
            "a:\n  null: 1\n",
            "True: x\n",
        ] {
            assert!(parse(yaml).is_none(), "accepted: {yaml:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn accepted_inputs_always_match(s in "([a-z_]{1,6}: ?([a-z0-9 .-]{0,8}|\\[[a-z0-9 ,]{0,8}\\])?\n|  [a-z]{1,4}: [0-9.a-z-]{1,6}\n|  - [a-z0-9]{1,5}\n|# c\n|\n){0,8}") {
            if parse(&s).is_some() {
                if slow(&s).is_none() {
                    // serde-saphyr refuses it (it is then a parse error): the fast reader must not
                    // accept it either.
                    proptest::prop_assert!(false, "fast accepted what serde-saphyr refuses: {:?}", s);
                }
                same(&s);
            }
        }
    }
}
