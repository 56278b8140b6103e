//! The body of a note as a CommonMark parser (pulldown-cmark) reads it, reduced to what
//! cascade reads: headings, task items and code. The fast scanner is held to it by the tests
//! below (the CommonMark spec's examples, Markdown written by others, generated notes).

use std::collections::BTreeSet;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{ActionState, Note, Step};
use crate::text::LineIndex;

/// A heading as CommonMark reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1-based line of the file where it starts.
    pub line: usize,
    /// 1 to 6.
    pub level: usize,
    /// Its text, inline markup removed.
    pub text: String,
    /// Inside a block quote.
    pub quoted: bool,
}

/// A task-list item as CommonMark reads it, with cascade's `[-]` for dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Task {
    /// 1-based line of the file where its `[ ]` is.
    pub line: usize,
    /// Open, done or dropped.
    pub state: ActionState,
    /// Inside a block quote.
    pub quoted: bool,
}

/// What CommonMark says about a note's body.
#[derive(Debug, Default)]
pub struct Reading {
    /// Every heading (ATX or setext), in file order.
    pub headings: Vec<Heading>,
    /// Every task item, in file order.
    pub tasks: Vec<Task>,
    /// Lines in a code block (fenced or indented), fences included.
    pub code: BTreeSet<usize>,
    /// Lines in an HTML block (comments included).
    pub html: BTreeSet<usize>,
}

/// Read the body of `text` from byte `body_start` as CommonMark with task lists.
pub fn read(text: &str, body_start: usize) -> Reading {
    let index = LineIndex::new(text);
    let body = &text[body_start..];
    let line = |offset: usize| index.line_of(body_start + offset);
    let lines = |r: &std::ops::Range<usize>| line(r.start)..=line(r.end.max(r.start + 1) - 1);
    let mut out = Reading::default();
    let mut quotes = 0usize;
    // The text of the heading being read, its line, level and nesting.
    let mut heading: Option<Heading> = None;
    // An item just opened: its first inline event says whether it is a task.
    let mut item_open = false;
    for (event, range) in Parser::new_ext(body, Options::ENABLE_TASKLISTS).into_offset_iter() {
        let fresh_item = std::mem::take(&mut item_open);
        match event {
            Event::Start(Tag::Item) => item_open = true,
            Event::Start(Tag::Paragraph) if fresh_item => item_open = true,
            Event::Start(Tag::BlockQuote(_)) => quotes += 1,
            Event::End(TagEnd::BlockQuote(_)) => quotes -= 1,
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(Heading {
                    line: line(range.start),
                    level: level as usize,
                    text: String::new(),
                    quoted: quotes > 0,
                });
            }
            Event::End(TagEnd::Heading(_)) => out.headings.extend(heading.take()),
            Event::Start(Tag::CodeBlock(_)) => out.code.extend(lines(&range)),
            Event::Start(Tag::HtmlBlock) => out.html.extend(lines(&range)),
            Event::TaskListMarker(done) if fresh_item => out.tasks.push(Task {
                line: line(range.start),
                state: if done {
                    ActionState::Done
                } else {
                    ActionState::Open
                },
                quoted: quotes > 0,
            }),
            Event::Text(t) => {
                if fresh_item && is_dropped_marker(&body[range.start..]) {
                    out.tasks.push(Task {
                        line: line(range.start),
                        state: ActionState::Dropped,
                        quoted: quotes > 0,
                    });
                }
                if let Some(h) = &mut heading {
                    h.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(h) = &mut heading {
                    h.text.push(' ');
                }
            }
            Event::Code(t) => {
                if let Some(h) = &mut heading {
                    h.text.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// `[-]` then a space, a tab or the end of the line: cascade's dropped task.
fn is_dropped_marker(s: &str) -> bool {
    s.strip_prefix("[-]")
        .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t', '\n', '\r']))
}

/// What the fast scanner and CommonMark both read in a note, compared: the same headings
/// (line, level and the step they name) outside block quotes, and the same
/// actions in the *Cascading actions* section opened on `actions_line`.
pub fn differences(text: &str) -> Vec<String> {
    let note = Note::parse(text);
    let super::Split::Present(f) = &note.split else {
        return vec!["the test note has no front matter".into()];
    };
    let cm = read(text, f.body_start);
    let mut diffs = Vec::new();
    let fast: Vec<(usize, usize, Option<Step>)> = note
        .headings_seen
        .iter()
        .map(|&(l, lv, t)| (l, lv, Step::from_heading(t)))
        .collect();
    let slow: Vec<(usize, usize, Option<Step>)> = cm
        .headings
        .iter()
        .filter(|h| !h.quoted)
        .map(|h| (h.line, h.level, Step::from_heading(&h.text)))
        .collect();
    if fast != slow {
        diffs.push(format!("headings: fast {fast:?}, CommonMark {slow:?}"));
    }
    let steps = steps_after_headings(&cm.headings);
    let step_at = |line: usize| {
        steps
            .iter()
            .rev()
            .find(|(l, _)| *l < line)
            .and_then(|(_, s)| *s)
    };
    let fast: Vec<(usize, ActionState)> = note.actions.iter().map(|a| (a.line, a.state)).collect();
    let slow: Vec<(usize, ActionState)> = cm
        .tasks
        .iter()
        .filter(|t| !t.quoted && step_at(t.line) == Some(Step::CascadingActions))
        // Where the scanner reads a private part CommonMark does not (a lazy `Private:`
        // line), the safer reading wins: no actions there.
        .filter(|t| {
            !note
                .sections
                .iter()
                .any(|s| s.step == Step::Private && (s.line..s.end_line).contains(&t.line))
        })
        .map(|t| (t.line, t.state))
        .collect();
    if fast != slow {
        diffs.push(format!("actions: fast {fast:?}, CommonMark {slow:?}"));
    }
    for (l, _, _) in &note.headings_seen {
        if cm.code.contains(l) {
            diffs.push(format!("line {l} is code, the scanner read a heading"));
        }
    }
    diffs
}

/// The step each heading opens, by the rules of docs/note-format.md: a step heading starts
/// its section, another heading of its level or higher ends it, a deeper Private heading
/// interrupts it until a heading of its own level or higher.
fn steps_after_headings(headings: &[Heading]) -> Vec<(usize, Option<Step>)> {
    let mut out = Vec::new();
    let mut current: Option<(Step, usize)> = None;
    let mut private: Option<usize> = None;
    let mut resume = None;
    for h in headings.iter().filter(|h| !h.quoted) {
        let step = Step::from_heading(&h.text);
        if private.is_some_and(|p| h.level > p) {
            continue;
        }
        if private.take().is_some() {
            current = resume.take();
        }
        match step {
            Some(Step::Private) if current.is_some_and(|(_, l)| h.level > l) => {
                private = Some(h.level);
                resume = current;
                current = Some((Step::Private, h.level));
            }
            Some(s) => {
                if s == Step::Private {
                    private = Some(h.level);
                }
                current = Some((s, h.level));
            }
            None => {
                if current.is_some_and(|(_, l)| h.level <= l) {
                    current = None;
                }
            }
        }
        out.push((h.line, current.map(|(s, _)| s)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A note whose *Cascading actions* section holds `body`.
    fn in_actions(body: &str) -> String {
        format!("---\nreport: alice\n---\n# Cascading actions\n{body}")
    }

    #[derive(serde::Deserialize)]
    struct Example {
        example: usize,
        section: String,
        markdown: String,
    }

    /// Spec examples read differently on purpose (see docs/note-format.md).
    const KNOWN: [(usize, &str); 2] = [
        (
            215,
            "`===` under a link reference definition and a line: a heading of the line only",
        ),
        (
            216,
            "`===` under a link reference definition: cascade reads no definitions",
        ),
    ];

    #[test]
    fn commonmark_spec_examples_read_the_same() {
        let examples: Vec<Example> =
            serde_json::from_str(include_str!("../../tests/data/commonmark-spec-0.31.2.json"))
                .unwrap();
        assert_eq!(examples.len(), 652);
        let mut failed = Vec::new();
        for e in &examples {
            if KNOWN.iter().any(|(n, _)| *n == e.example) {
                continue;
            }
            // Each example as written, then with every list marker made a task, so tasks land
            // in code, HTML blocks, quotes and lazy lines wherever the spec puts list items.
            let tasks = e
                .markdown
                .replace("- ", "- [ ] ")
                .replace("* ", "* [x] ")
                .replace("+ ", "+ [-] ")
                .replace(". ", ". [ ] ")
                .replace(") ", ") [X] ");
            let mut d = differences(&in_actions(&e.markdown));
            d.extend(differences(&in_actions(&tasks)));
            if !d.is_empty() {
                failed.push(format!(
                    "example {} ({}): {:?}\n{}",
                    e.example,
                    e.section,
                    e.markdown,
                    d.join("\n")
                ));
            }
        }
        assert!(
            failed.is_empty(),
            "{} of 652 differ:\n{}",
            failed.len(),
            failed.join("\n\n")
        );
    }

    #[test]
    fn markdown_written_by_others_reads_the_same() {
        let files = [
            include_str!("../../tests/data/real-markdown/encoding_rs-0.8.35-README.md"),
            include_str!("../../tests/data/real-markdown/minijinja-3.1.0-README.md"),
            include_str!("../../tests/data/real-markdown/serde_json-1.0.154-README.md"),
            include_str!("../../tests/data/real-markdown/proptest-1.11.0-README.md"),
            include_str!("../../tests/data/real-markdown/crossbeam-utils-0.8.23-CHANGELOG.md"),
        ];
        let mut actions = 0;
        for (i, md) in files.iter().enumerate() {
            // As written, and with every bullet made a task and no top heading, so that the
            // whole file is in the actions section.
            let tasks = format!("\n{md}")
                .replace("\n- ", "\n- [ ] ")
                .replace("\n* ", "\n* [x] ")
                .replace("\n# ", "\n## ");
            for text in [in_actions(md), in_actions(&tasks)] {
                let d = differences(&text);
                assert!(d.is_empty(), "file {i}:\n{}", d.join("\n"));
            }
            actions += Note::parse(&in_actions(&tasks)).actions.len();
        }
        assert!(actions > 200, "{actions}");
    }

    /// A line of a generated note: the blocks cascade cares about, nested and mixed.
    fn piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "",
            "",
            "text",
            "more text",
            "# Top",
            "## Cascading actions",
            "## Conclusions",
            "### Notes",
            "### Private",
            "- [ ] open",
            "- [x] done",
            "- [-] dropped",
            "* [X] star",
            "1. [ ] first",
            "2) [ ] second",
            "  - [ ] nested",
            "    - [ ] deep",
            "      - [x] deeper",
            "\t- [ ] tab",
            "- item",
            "  text in item",
            "    indented",
            "        very indented",
            "> - [ ] quoted",
            "> quote",
            "```",
            "~~~",
            "  ```",
            "- ```",
            "    ```",
            "<div>",
            "</div>",
            "<div class=x>",
            "<pre>",
            "</pre>",
            "<!-- note -->",
            "<!--",
            "-->",
            "<?php",
            "?>",
            "<custom-tag>",
            "---",
            "===",
            "***",
            "Heading",
            "Private:",
            "**Private**",
            "<h3>Private</h3>",
            "- Private:",
            "-",
            "1.",
            "- # inner",
            "  # two",
            "    # four",
            "> # quoted",
            ">",
            "  > - [ ] q",
            "  ---",
            "  ===",
            "Setext",
            "   - [ ] three",
            "  1. [x] num",
            "<details>",
            "</details>",
            "<span>",
            "<!-- a --> tail",
            "- [x]no space",
            "\t\t- [ ] two tabs",
            "  ~~~",
            "````",
            "- > - [ ] in quote in item",
        ])
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn generated_notes_read_as_commonmark_reads_them(
            lines in proptest::collection::vec(piece(), 0..24),
        ) {
            let text = in_actions(&(lines.join("\n") + "\n"));
            let d = differences(&text);
            proptest::prop_assert!(d.is_empty(), "{text}\n{}", d.join("\n"));
        }
    }
}
