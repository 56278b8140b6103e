//! Front matter: our own fence split (zero-copy, lines true to the file) and typed YAML.

use serde_saphyr::Spanned;

use crate::dates::parse_ymd;
use jiff::civil::Date;

use super::yaml::{At, Node, to_file as yaml_to_file};
use super::{Problem, ProblemKind};

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
    let to_file = |loc: &serde_saphyr::Location| -> (usize, usize) {
        yaml_to_file(first_line, loc.line() as usize, loc.column() as usize)
    };
    if yaml.trim().is_empty() {
        return meta;
    }
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
            let (line, column) = e
                .location()
                .map_or(yaml_to_file(first_line, 0, 0), |l| to_file(&l));
            let mut message = format!("front matter is not valid YAML: {}", yaml_message(&e));
            let (line, column) = match culprit(yaml, line + 1 - first_line.min(line + 1), &message)
            {
                Some((l, c, why)) => {
                    message.push_str(why);
                    yaml_to_file(first_line, l, c)
                }
                None => (line, column),
            };
            problems.push(Problem {
                kind: ProblemKind::Parse,
                line,
                column,
                message,
                help: Some(
                    "fix the YAML between the `---` fences (quote text containing `:` or `#`)"
                        .into(),
                ),
                key: None,
            });
            return meta;
        }
    };
    root.shift(first_line);
    let entries = match root.value {
        Node::Map(m) => m,
        Node::Null => return meta,
        other => {
            let (line, column) = (root.line, root.column);
            problems.push(Problem {
                kind: ProblemKind::Parse,
                line,
                column,
                message: format!(
                    "front matter must be a mapping of keys, found {}",
                    other.kind()
                ),
                help: Some("write one `key: value` per line, e.g. `date: 2026-11-20`".into()),
                key: None,
            });
            return meta;
        }
    };
    for (key, value) in entries {
        let (line, column) = (value.line, value.column);
        let (kline, kcol) = (key.line, key.column);
        let mut type_err = |expected: &str, node: &Node| {
            problems.push(Problem {
                kind: ProblemKind::Type,
                line,
                column,
                message: format!("`{}` must be {expected}, found {}", key.value, node.kind()),
                help: None,
                key: Some(key.value.clone()),
            });
        };
        match key.value.as_str() {
            "date" => match &value.value {
                Node::Str(s) => match parse_ymd(s) {
                    Ok(d) => {
                        meta.date = Some(Located {
                            value: d,
                            line,
                            column,
                        })
                    }
                    Err(msg) => problems.push(Problem {
                        kind: ProblemKind::Type,
                        line,
                        column,
                        message: format!("`date`: {msg}"),
                        help: Some("write the meeting date like `date: 2026-11-20`".into()),
                        key: Some("date".into()),
                    }),
                },
                Node::Int(i) => problems.push(Problem {
                    kind: ProblemKind::Type,
                    line,
                    column,
                    message: format!(
                        "`date`: `{i}` is not a date: expected a real date as YYYY-MM-DD"
                    ),
                    help: Some("write the meeting date like `date: 2026-11-20`".into()),
                    key: Some("date".into()),
                }),
                other => type_err("a real date as YYYY-MM-DD", other),
            },
            "report" | "supervisor" => match &value.value {
                Node::Str(s) if !s.trim().is_empty() => {
                    let v = Some(Located {
                        value: s.trim().to_owned(),
                        line,
                        column,
                    });
                    if key.value == "report" {
                        meta.report = v;
                    } else {
                        meta.supervisor = v;
                    }
                }
                other => type_err("a person's handle (text)", other),
            },
            "duration_min" => match number(&value.value) {
                Some(n) if n > 0.0 && n.is_finite() => {
                    meta.duration_min = Some(Located {
                        value: n,
                        line,
                        column,
                    })
                }
                _ => type_err("a positive number of minutes", &value.value),
            },
            "cadence_days" => match &value.value {
                Node::Int(n) if *n > 0 && *n <= 3660 => {
                    meta.cadence_days = Some(Located {
                        value: *n as u32,
                        line,
                        column,
                    })
                }
                other => type_err("a whole number of days between 1 and 3660", other),
            },
            "share_with" => match string_list(&value) {
                Ok(v) => meta.share_with = v,
                Err(()) => type_err("a list of group names", &value.value),
            },
            "tags" => match string_list(&value) {
                Ok(v) => meta.tags = v.into_iter().map(|l| l.value).collect(),
                Err(()) => type_err("a list of tags", &value.value),
            },
            "private" => match &value.value {
                Node::Bool(b) => meta.private = *b,
                other => type_err("`true` or `false`", other),
            },
            "indicators" => match &value.value {
                Node::Null => {}
                Node::Map(m) => {
                    for (name, v) in m {
                        let (vl, vc) = (v.line, v.column);
                        match number(&v.value) {
                                Some(n) if n.is_finite() => meta.indicators.push(Indicator {
                                    name: name.value.clone(),
                                    value: n,
                                    line: vl,
                                }),
                                _ => problems.push(Problem {
                                    kind: ProblemKind::IndicatorType,
                                    line: vl,
                                    column: vc,
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
                }
                other => type_err("a mapping of indicator names to numbers", other),
            },
            unknown => {
                let suggestion = KNOWN_KEYS
                    .iter()
                    .map(|k| (strsim::jaro_winkler(unknown, k), *k))
                    .filter(|(s, _)| *s > 0.8)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, k)| k);
                problems.push(Problem {
                    kind: ProblemKind::UnknownKey,
                    line: kline,
                    column: kcol,
                    message: format!("unknown front matter key `{unknown}`"),
                    help: Some(match suggestion {
                        Some(k) => format!("did you mean `{k}`?"),
                        None => format!("known keys: {}", KNOWN_KEYS.join(", ")),
                    }),
                    key: None,
                });
            }
        }
    }
    meta
}

fn number(n: &Node) -> Option<f64> {
    match n {
        Node::Int(i) => Some(*i as f64),
        Node::Float(f) => Some(*f),
        _ => None,
    }
}

fn string_list(v: &At<Node>) -> Result<Vec<Located<String>>, ()> {
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
                        value: s.clone(),
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

/// A better place for a YAML error than where the parser gave up, as (1-based line of the
/// YAML, column, note): the tab it found, or a flow `[`/`{` left open on an earlier line.
fn culprit(yaml: &str, error_line: usize, message: &str) -> Option<(usize, usize, &'static str)> {
    let lines: Vec<&str> = crate::text::lines(yaml).map(|(_, l)| l).collect();
    if message.contains("tab") {
        let from = error_line.saturating_sub(1);
        for (i, l) in lines.iter().enumerate().skip(from) {
            if let Some(p) = l.find('\t') {
                return (i + 1 != error_line).then(|| (i + 1, l[..p].chars().count() + 1, ""));
            }
        }
        return None;
    }
    // Running depth of flow collections; the line where it last rose from zero and never
    // came back before the error is where the unclosed bracket is.
    let mut depth: i32 = 0;
    let mut opened: Option<(usize, usize)> = None;
    for (i, l) in lines.iter().enumerate().take(error_line.saturating_sub(1)) {
        // Brackets count only inside a flow collection: one already open, or a value that
        // starts with `[` or `{` (in `topic: costs (see [1)` the `[` is plain text).
        let from = if depth > 0 {
            0
        } else {
            let t = l.trim_start();
            let t = t.strip_prefix("- ").map_or(t, str::trim_start);
            let v = t.split_once(": ").map_or(t, |(_, v)| v).trim_start();
            if !(v.starts_with('[') || v.starts_with('{')) {
                continue;
            }
            l.len() - v.len()
        };
        let mut quote: Option<char> = None;
        for (p, c) in l.char_indices().skip_while(|&(p, _)| p < from) {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if p == 0 || l[..p].ends_with(' ') => break,
                (None, '[' | '{') => {
                    if depth == 0 {
                        opened = Some((i + 1, l[..p].chars().count() + 1));
                    }
                    depth += 1;
                }
                (None, ']' | '}') => depth = (depth - 1).max(0),
                _ => {}
            }
        }
    }
    if depth > 0
        && let Some((line, col)) = opened
    {
        return Some((line, col, " (a `[` or `{` opened here is never closed)"));
    }
    None
}

/// The message of a YAML error without the location the library appends.
fn yaml_message(e: &serde_saphyr::Error) -> String {
    let full = e.to_string();
    let first = full.lines().next().unwrap_or("").trim();
    // Drop a trailing " at line X column Y" style suffix: we report the location ourselves.
    let cut = first
        .find(" at line ")
        .or_else(|| first.find(" at row "))
        .unwrap_or(first.len());
    let msg = first[..cut].trim_end_matches([',', ':', ' ']);
    // The library suggests one of its own options; that is not advice for a note's author.
    let msg = msg.split(", set DuplicateKeyPolicy").next().unwrap_or(msg);
    if msg.is_empty() {
        "syntax error".into()
    } else if msg.starts_with("budget breached") {
        // An alias bomb or a huge block: say what it means, not which counter tripped.
        "it expands to more values than a note's front matter may hold (aliases or size over cascade's limits)".into()
    } else if msg.starts_with("recursion limit exceeded") {
        "it nests deeper than a note's front matter may (over 32 levels)".into()
    } else if msg.contains("expected a scalar key") {
        // `title: {{ .Name }}`: template syntax read as a nested mapping.
        format!("{msg} (a value starting with `{{` is read as a mapping: quote it)")
    } else {
        msg.to_owned()
    }
}
