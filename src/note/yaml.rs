//! A YAML value with the location of every nested value: what the fast front matter parser
//! and serde-saphyr both produce, and what the front matter is typed from.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A YAML value with the location of every nested value, for line-accurate type errors. Its
/// texts are borrowed from the YAML where they are written there as they read (the fast
/// reader's), owned where the YAML had to be decoded (serde-saphyr's).
#[derive(Debug, Clone)]
pub enum Node<'a> {
    /// `~`, `null` or nothing.
    Null,
    /// `true`/`false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string (also a date like `2026-11-20`, which YAML leaves as a string here).
    Str(Cow<'a, str>),
    /// A sequence.
    Seq(Vec<At<Node<'a>>>),
    /// A mapping, in file order, keys turned into strings.
    Map(Entries<'a>),
}

/// A mapping's entries, in file order: each key (turned into a string) and its value.
pub type Entries<'a> = Vec<(At<Cow<'a, str>>, At<Node<'a>>)>;

/// A YAML value and where it starts: 1-based line and column (of the YAML block while
/// deserializing, of the file once [`At::shift`] has run; line 0 means unknown).
#[derive(Debug, Clone)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// A 1-based position in the YAML block (`first_line` is the file line where it starts) as a
/// position in the file; an unknown one (line 0) is the opening fence. The one place the
/// front matter's offset is applied.
pub(super) fn to_file(first_line: usize, line: usize, column: usize) -> (usize, usize) {
    if line == 0 {
        (first_line.saturating_sub(1).max(1), 1)
    } else {
        (first_line + line - 1, column.max(1))
    }
}

impl<T> At<T> {
    pub(super) fn from_spanned(s: Spanned<T>) -> At<T> {
        At {
            value: s.value,
            line: s.referenced.line() as usize,
            column: s.referenced.column() as usize,
        }
    }

    fn move_to_file(&mut self, first_line: usize) {
        (self.line, self.column) = to_file(first_line, self.line, self.column);
    }
}

impl At<Node<'_>> {
    /// Move every position of the tree from the YAML block to the file.
    pub(super) fn shift(&mut self, first_line: usize) {
        self.move_to_file(first_line);
        match &mut self.value {
            Node::Seq(items) => items.iter_mut().for_each(|i| i.shift(first_line)),
            Node::Map(entries) => {
                for (k, v) in entries {
                    k.move_to_file(first_line);
                    v.shift(first_line);
                }
            }
            _ => {}
        }
    }
}

impl Node<'_> {
    /// A short name of the value's type for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "nothing",
            Node::Bool(_) => "a boolean",
            Node::Int(_) | Node::Float(_) => "a number",
            Node::Str(_) => "text",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }
}

struct KeyString(String);

impl<'de> Deserialize<'de> for KeyString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = KeyString;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a scalar key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyString, E> {
                Ok(KeyString(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<KeyString, E> {
                Ok(KeyString(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<KeyString, E> {
                Ok(KeyString("null".into()))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Node<'static> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node<'static>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node<'static>, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node<'static>, E> {
                Ok(Node::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node<'static>, E> {
                Ok(i64::try_from(v).map_or(Node::Float(v as f64), Node::Int))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node<'static>, E> {
                Ok(Node::Float(v as f64))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node<'static>, E> {
                Ok(Node::Float(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node<'static>, E> {
                Ok(Node::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node<'static>, E> {
                Ok(Node::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Node<'static>, E> {
                Ok(Node::Str(Cow::Owned(v)))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Node<'static>, E> {
                Ok(Node::Str(Cow::Owned(
                    String::from_utf8_lossy(v).into_owned(),
                )))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node<'static>, E> {
                Ok(Node::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node<'static>, E> {
                Ok(Node::Null)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Node<'static>, D2::Error> {
                Node::deserialize(d)
            }
            fn visit_newtype_struct<D2: Deserializer<'de>>(
                self,
                d: D2,
            ) -> Result<Node<'static>, D2::Error> {
                Node::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'static>, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = seq.next_element::<Spanned<Node<'static>>>()? {
                    v.push(At::from_spanned(x));
                }
                Ok(Node::Seq(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'static>, A::Error> {
                let mut v = Vec::new();
                while let Some(k) = map.next_key::<Spanned<KeyString>>()? {
                    let val = map.next_value::<Spanned<Node<'static>>>()?;
                    let key = At::from_spanned(k);
                    v.push((
                        At {
                            value: Cow::Owned(key.value.0),
                            line: key.line,
                            column: key.column,
                        },
                        At::from_spanned(val),
                    ));
                }
                Ok(Node::Map(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_positions_move_to_the_file_through_one_offset() {
        // YAML starting on file line 2 (after the opening fence).
        assert_eq!(to_file(2, 1, 1), (2, 1));
        assert_eq!(to_file(2, 3, 7), (4, 7));
        assert_eq!(to_file(2, 3, 0), (4, 1));
        // Unknown: the opening fence.
        assert_eq!(to_file(2, 0, 9), (1, 1));
        assert_eq!(to_file(1, 0, 0), (1, 1));
        let mut tree = At {
            value: Node::Seq(vec![At {
                value: Node::Null,
                line: 2,
                column: 3,
            }]),
            line: 1,
            column: 1,
        };
        tree.shift(5);
        assert_eq!((tree.line, tree.column), (5, 1));
        let Node::Seq(items) = &tree.value else {
            panic!("a sequence")
        };
        assert_eq!((items[0].line, items[0].column), (6, 3));
    }
}
