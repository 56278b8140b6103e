//! Front matter typed: the YAML between the fences (`fence.rs`) read into a [`Meta`], every
//! problem located in the file.

use std::borrow::Cow;

use serde_saphyr::Spanned;

use crate::dates::parse_ymd;
use jiff::civil::Date;

use super::yaml::{At, Entries, Node};
use super::{Problem, ProblemKind};

/// A value from the front matter with the 1-based line and column of the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column in the file.
    pub column: usize,
}

/// One indicator (`indicators:` entry): a name and a number.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// The indicator's name as written.
    pub name: String,
    /// Its value.
    pub value: f64,
    /// 1-based line in the file.
    pub line: usize,
}

/// The typed front matter of a note; a field is `None` when absent or of the wrong type.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// Meeting date.
    pub date: Option<Located<Date>>,
    /// The report's handle.
    pub report: Option<Located<String>>,
    /// The supervisor's handle.
    pub supervisor: Option<Located<String>>,
    /// Meeting length in minutes.
    pub duration_min: Option<Located<f64>>,
    /// Where `duration_min:` was left blank, to be filled (as `cascade new` writes it).
    pub duration_min_blank: Option<Located<()>>,
    /// Days until the next meeting is due.
    pub cadence_days: Option<Located<u32>>,
    /// Groups the note's conclusions go to.
    pub share_with: Vec<Located<String>>,
    /// Free tags.
    pub tags: Vec<String>,
    /// Numbers reviewed in joint data analysis.
    pub indicators: Vec<Indicator>,
    /// `private: true`: nothing but a count leaves the note.
    pub private: bool,
}

/// Keys a note's front matter may have.
pub const KNOWN_KEYS: &[&str] = &[
    "date",
    "report",
    "supervisor",
    "duration_min",
    "cadence_days",
    "share_with",
    "tags",
    "indicators",
    "private",
];

fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = 20_000;
    budget.max_nodes = 10_000;
    budget.max_depth = 32;
    budget.max_aliases = 200;
    budget.max_anchors = 200;
    budget.max_documents = 1;
    budget.max_total_scalar_bytes = 1 << 20;
    budget.flow_nesting_limit = 32;
    let mut o = serde_saphyr::Options::default();
    o.budget = Some(budget);
    o.with_snippet = false;
    o.alias_limits.max_total_replayed_events = 20_000;
    o
}

/// Parse the YAML of a fenced block and type it; problems get lines of the file.
///
/// `first_line` is the 1-based file line where the YAML starts.
pub fn parse_meta(yaml: &str, first_line: usize, problems: &mut Vec<Problem>) -> Meta {
    let mut meta = Meta::default();
    if yaml.trim().is_empty() {
        return meta;
    }
    let Some(entries) = read_mapping(yaml, first_line, problems) else {
        return meta;
    };
    for (key, value) in &entries {
        type_entry(&mut meta, key, value, problems);
    }
    meta
}

/// The entries of the front matter's top-level mapping, located in the file; None (with the
/// problem reported) when the YAML is not valid or not a mapping, and for an empty one.
fn read_mapping<'a>(
    yaml: &'a str,
    first_line: usize,
    problems: &mut Vec<Problem>,
) -> Option<Entries<'a>> {
    // Most front matter is simple `key: value` lines: read those directly, and hand anything
    // else to serde-saphyr, which is exact but costs most of a note's parse time.
    let fast = super::fast_yaml::parse(yaml);
    let parsed = match fast {
        Some(n) => Ok(n),
        None => serde_saphyr::from_str_with_options::<Spanned<Node>>(yaml, options())
            .map(At::from_spanned),
    };
    let mut root = match parsed {
        Ok(n) => n,
        Err(e) => {
            problems.push(super::yaml_error::problem(yaml, first_line, &e));
            return None;
        }
    };
    root.shift(first_line);
    match root.value {
        Node::Map(m) => Some(m),
        Node::Null => None,
        other => {
            problems.push(Problem {
                kind: ProblemKind::Parse,
                line: root.line,
                column: root.column,
                message: format!(
                    "front matter must be a mapping of keys, found {}",
                    other.kind()
                ),
                help: Some("write one `key: value` per line, e.g. `date: 2026-11-20`".into()),
                key: None,
            });
            None
        }
    }
}

/// Type one `key: value` entry into `meta`, or report why it cannot be.
fn type_entry(
    meta: &mut Meta,
    key: &At<Cow<str>>,
    value: &At<Node<'_>>,
    problems: &mut Vec<Problem>,
) {
    let typed = match &*key.value {
        "date" => date(key, value).map(|d| meta.date = Some(d)),
        "report" => handle(key, value).map(|h| meta.report = Some(h)),
        "supervisor" => handle(key, value).map(|h| meta.supervisor = Some(h)),
        // Blank is not a wrong type: the length is not written yet, which `leverage/missing`
        // reports, and the config's `default_duration_min` stands in for it meanwhile.
        "duration_min" if matches!(value.value, Node::Null) => {
            meta.duration_min_blank = Some(located((), value));
            Ok(())
        }
        // Blank: the person's or the notebook's cadence applies, as when the key is absent.
        "cadence_days" if matches!(value.value, Node::Null) => Ok(()),
        "duration_min" => match number(&value.value) {
            Some(n) if n > 0.0 && n.is_finite() => {
                meta.duration_min = Some(located(n, value));
                Ok(())
            }
            _ => Err(mistyped(key, value, "a positive number of minutes")),
        },
        "cadence_days" => match &value.value {
            Node::Int(n) if *n > 0 && *n <= 3660 => {
                meta.cadence_days = Some(located(*n as u32, value));
                Ok(())
            }
            _ => Err(mistyped(
                key,
                value,
                "a whole number of days between 1 and 3660",
            )),
        },
        "share_with" => string_list(value)
            .map(|v| meta.share_with = v)
            .map_err(|()| mistyped(key, value, "a list of group names")),
        "tags" => string_list(value)
            .map(|v| meta.tags = v.into_iter().map(|l| l.value).collect())
            .map_err(|()| mistyped(key, value, "a list of tags")),
        "private" => match &value.value {
            Node::Bool(b) => {
                meta.private = *b;
                Ok(())
            }
            _ => Err(mistyped(key, value, "`true` or `false`")),
        },
        "indicators" => indicators(key, value, &mut meta.indicators, problems),
        unknown => Err(unknown_key(unknown, key)),
    };
    if let Err(p) = typed {
        problems.push(p);
    }
}

/// `value` at its place in the file.
fn located<T>(value: T, at: &At<Node<'_>>) -> Located<T> {
    Located {
        value,
        line: at.line,
        column: at.column,
    }
}

/// A known key whose value has the wrong type.
fn mistyped(key: &At<Cow<str>>, value: &At<Node<'_>>, expected: &str) -> Problem {
    Problem {
        kind: ProblemKind::Type,
        line: value.line,
        column: value.column,
        message: format!(
            "`{}` must be {expected}, found {}",
            key.value,
            value.value.kind()
        ),
        help: None,
        key: Some(key.value.to_string()),
    }
}

/// The meeting date: a real YYYY-MM-DD date.
fn date(key: &At<Cow<str>>, value: &At<Node<'_>>) -> Result<Located<Date>, Problem> {
    let bad_date = |message: String| Problem {
        kind: ProblemKind::Type,
        line: value.line,
        column: value.column,
        message,
        help: Some("write the meeting date like `date: 2026-11-20`".into()),
        key: Some("date".into()),
    };
    match &value.value {
        Node::Str(s) => parse_ymd(s)
            .map(|d| located(d, value))
            .map_err(|msg| bad_date(format!("`date`: {msg}"))),
        Node::Int(i) => Err(bad_date(format!(
            "`date`: `{i}` is not a date: expected a real date as YYYY-MM-DD"
        ))),
        _ => Err(mistyped(key, value, "a real date as YYYY-MM-DD")),
    }
}

/// A person's handle (`report`, `supervisor`): non-blank text, trimmed.
fn handle(key: &At<Cow<str>>, value: &At<Node<'_>>) -> Result<Located<String>, Problem> {
    match &value.value {
        Node::Str(s) if !s.trim().is_empty() => Ok(located(s.trim().to_owned(), value)),
        _ => Err(mistyped(key, value, "a person's handle (text)")),
    }
}

/// The `indicators:` mapping of names to numbers; each entry that is not a number is reported
/// on its own line and the others are kept.
fn indicators(
    key: &At<Cow<str>>,
    value: &At<Node<'_>>,
    out: &mut Vec<Indicator>,
    problems: &mut Vec<Problem>,
) -> Result<(), Problem> {
    let m = match &value.value {
        Node::Null => return Ok(()),
        Node::Map(m) => m,
        _ => {
            return Err(mistyped(
                key,
                value,
                "a mapping of indicator names to numbers",
            ));
        }
    };
    for (name, v) in m {
        match number(&v.value) {
            Some(n) if n.is_finite() => out.push(Indicator {
                name: name.value.clone().into_owned(),
                value: n,
                line: v.line,
            }),
            _ => problems.push(Problem {
                kind: ProblemKind::IndicatorType,
                line: v.line,
                column: v.column,
                message: format!(
                    "indicator `{}` must be a number, found {}",
                    name.value,
                    v.value.kind()
                ),
                help: Some(
                    "indicators are numbers so they can be compared across meetings, e.g. `morale: 7.5`".into(),
                ),
                key: None,
            }),
        }
    }
    Ok(())
}

/// A key the note format does not know, with the nearest known one.
fn unknown_key(unknown: &str, key: &At<Cow<str>>) -> Problem {
    let suggestion = KNOWN_KEYS
        .iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), *k))
        .filter(|(s, _)| *s > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k);
    Problem {
        kind: ProblemKind::UnknownKey,
        line: key.line,
        column: key.column,
        message: format!("unknown front matter key `{unknown}`"),
        help: Some(match suggestion {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!("known keys: {}", KNOWN_KEYS.join(", ")),
        }),
        key: None,
    }
}

fn number(n: &Node<'_>) -> Option<f64> {
    match n {
        Node::Int(i) => Some(*i as f64),
        Node::Float(f) => Some(*f),
        _ => None,
    }
}

fn string_list(v: &At<Node<'_>>) -> Result<Vec<Located<String>>, ()> {
    let (line, column) = (v.line, v.column);
    match &v.value {
        Node::Null => Ok(Vec::new()),
        // `share_with: sales, platform` is a common shorthand for a list.
        Node::Str(s) => Ok(s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Located {
                value: s.to_owned(),
                line,
                column,
            })
            .collect()),
        Node::Seq(items) => items
            .iter()
            .map(|i| {
                let (line, column) = (i.line, i.column);
                match &i.value {
                    Node::Str(s) => Ok(Located {
                        value: s.clone().into_owned(),
                        line,
                        column,
                    }),
                    Node::Int(n) => Ok(Located {
                        value: n.to_string(),
                        line,
                        column,
                    }),
                    _ => Err(()),
                }
            })
            .collect(),
        _ => Err(()),
    }
}
