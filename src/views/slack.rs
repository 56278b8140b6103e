//! `digest --audience GROUP --format slack`: one group's digest as Slack Block Kit messages,
//! one JSON body per line, each one that `curl --data-binary @-` posts to an incoming
//! webhook as it is.
//!
//! Slack refuses a message over its limits, so every message keeps within them: at most
//! [`MAX_BLOCKS`] blocks, a section's text at most [`MAX_SECTION`] characters, the header at
//! most [`MAX_HEADER`]. A digest that does not fit is split into several messages, each
//! headed `(2/3)` and so on; a list cut between two messages says `(continued)`. An item
//! longer than a section is split across sections: nothing is left out.

use serde_json::{Value, json};

use crate::digest::audience::{AudienceDigest, SharedAction};
use crate::error::{Error, Result};

/// Blocks in one message (Slack's limit).
pub const MAX_BLOCKS: usize = 50;
/// Characters of a section block's text (Slack's limit).
pub const MAX_SECTION: usize = 3000;
/// Characters of a header block's text (Slack's limit).
pub const MAX_HEADER: usize = 150;
/// Characters of all the texts of one message: Slack's 40,000 for `text`, kept for the
/// whole message too, with room to spare.
pub const MAX_MESSAGE: usize = 36_000;

/// Room kept in each section for a `(continued)` heading put in front of it.
const CONTINUED_ROOM: usize = 100;

/// The characters Slack counts: UTF-16 units, which is at least the number of characters.
pub fn slack_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Text as mrkdwn shows it literally: `&`, `<` and `>` escaped (so no text from a note can
/// make a link or a mention), control characters (a line break) as spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `<url|label>`, with the characters that would end the link escaped in the address.
fn link(url: &str, label: &str) -> String {
    let mut u = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '&' => u.push_str("&amp;"),
            '<' => u.push_str("%3C"),
            '>' => u.push_str("%3E"),
            '|' => u.push_str("%7C"),
            ' ' => u.push_str("%20"),
            c if c.is_control() => {}
            c => u.push(c),
        }
    }
    format!("<{u}|{label}>")
}

/// One list of the digest: its heading and its lines (mrkdwn, escaped).
struct List {
    heading: String,
    items: Vec<String>,
}

/// The messages for `d`, as JSON values.
pub fn messages(d: &AudienceDigest) -> Vec<Value> {
    let lists = lists(d);
    // Sections: (list index, text, whether it starts its list).
    let mut sections: Vec<(usize, String, bool)> = Vec::new();
    let budget = MAX_SECTION - CONTINUED_ROOM;
    for (li, list) in lists.iter().enumerate() {
        let mut cur = format!("*{}*", list.heading);
        let mut cur_len = slack_len(&cur);
        let mut starts = true;
        for item in &list.items {
            for piece in pieces(item, budget) {
                let len = slack_len(&piece);
                if cur_len + 1 + len > budget {
                    sections.push((li, std::mem::take(&mut cur), starts));
                    starts = false;
                    cur = piece;
                    cur_len = len;
                } else {
                    cur.push('\n');
                    cur.push_str(&piece);
                    cur_len += 1 + len;
                }
            }
        }
        sections.push((li, cur, starts));
    }
    // Messages: a header block each, the first one a context line too.
    let mut bodies: Vec<Vec<String>> = vec![Vec::new()];
    let mut size = 0;
    for (li, text, starts) in sections {
        let room = if bodies.len() == 1 {
            MAX_BLOCKS - 2
        } else {
            MAX_BLOCKS - 1
        };
        let last = bodies.last().map_or(0, Vec::len);
        if last > 0 && (last >= room || size + slack_len(&text) + CONTINUED_ROOM > MAX_MESSAGE) {
            bodies.push(Vec::new());
            size = 0;
        }
        if let Some(body) = bodies.last_mut() {
            let text = if body.is_empty() && !starts {
                format!("*{} (continued)*\n{text}", lists[li].heading)
            } else {
                text
            };
            size += slack_len(&text);
            body.push(text);
        }
    }
    let n = bodies.len();
    let title = super::audience::title(d);
    let summary = format!(
        "{}: {} conclusion{}, {} done, {} overdue, {} open",
        title,
        d.conclusions.len(),
        if d.conclusions.len() == 1 { "" } else { "s" },
        d.actions.done.len(),
        d.actions.overdue.len(),
        not_yet_due(d).count(),
    );
    bodies
        .into_iter()
        .enumerate()
        .map(|(i, texts)| {
            let part = if n > 1 {
                format!(" ({}/{n})", i + 1)
            } else {
                String::new()
            };
            let mut blocks = vec![json!({
                "type": "header",
                "text": {"type": "plain_text", "text": header(&title, &part), "emoji": false}
            })];
            if i == 0 {
                blocks.push(json!({
                    "type": "context",
                    "elements": [{"type": "mrkdwn", "text": escape(&format!(
                        "{} shares with {} what came out of the one-on-ones of {} to {}.",
                        d.supervisor_name, d.audience_name, d.from, d.to
                    ))}]
                }));
            }
            blocks.extend(
                texts
                    .into_iter()
                    .map(|t| json!({"type": "section", "text": {"type": "mrkdwn", "text": t}})),
            );
            json!({"text": escape(&format!("{summary}{part}")), "blocks": blocks})
        })
        .collect()
}

/// The messages for `d`, one compact JSON body per line.
pub fn render(d: &AudienceDigest) -> Result<String> {
    let mut out = String::new();
    for m in messages(d) {
        out.push_str(
            &serde_json::to_string(&m)
                .map_err(|e| Error::Internal(format!("slack message to JSON: {e}")))?,
        );
        out.push('\n');
    }
    Ok(out)
}

/// `title` and `part` within [`MAX_HEADER`]: the title is shortened, never the part.
fn header(title: &str, part: &str) -> String {
    let room = MAX_HEADER - slack_len(part);
    if slack_len(title) <= room {
        return format!("{title}{part}");
    }
    let mut t = String::new();
    for c in title.chars() {
        if slack_len(&t) + c.len_utf16() + 1 > room {
            break;
        }
        t.push(c);
    }
    format!("{t}…{part}")
}

/// `line` cut into pieces of at most `budget` characters, between characters and never
/// inside an escape (`&amp;`) or a link (`<…|…>`); a line that fits is one piece.
fn pieces(line: &str, budget: usize) -> Vec<String> {
    if slack_len(line) <= budget {
        return vec![line.to_owned()];
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_len = 0;
    let mut token = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        token.clear();
        token.push(c);
        let end = match c {
            '&' => Some(';'),
            '<' => Some('>'),
            _ => None,
        };
        if let Some(end) = end {
            for n in chars.by_ref() {
                token.push(n);
                if n == end {
                    break;
                }
            }
        }
        let mut len = slack_len(&token);
        // A link longer than a whole section is shown as its label only.
        if len > budget {
            token = "(link too long to show)".to_owned();
            len = slack_len(&token);
        }
        if cur_len + len > budget && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            cur_len = 0;
        }
        cur.push_str(&token);
        cur_len += len;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The open actions that are not overdue (the overdue ones have their own list).
fn not_yet_due(d: &AudienceDigest) -> impl Iterator<Item = &SharedAction> {
    d.actions
        .open
        .iter()
        .filter(|x| x.due.as_deref().is_none_or(|due| due >= d.as_of.as_str()))
}

fn lists(d: &AudienceDigest) -> Vec<List> {
    let at = |link_url: &Option<String>| match link_url {
        Some(u) => format!(" · {}", link(u, "note")),
        None => String::new(),
    };
    let owners = |a: &SharedAction| {
        if a.owners.is_empty() {
            String::new()
        } else {
            let o: Vec<String> = a.owners.iter().map(|o| format!("@{}", escape(o))).collect();
            format!(" — {}", o.join(", "))
        }
    };
    let conclusions = if d.conclusions.is_empty() {
        vec![format!(
            "_No conclusions were shared with {} in this period._",
            escape(&d.audience_name)
        )]
    } else {
        d.conclusions
            .iter()
            .map(|c| {
                format!(
                    "• {} — _{}, {}_{}",
                    escape(&c.text),
                    escape(&c.report_name),
                    c.date,
                    at(&c.link)
                )
            })
            .collect()
    };
    let mut out = vec![List {
        heading: format!("Conclusions ({})", d.conclusions.len()),
        items: conclusions,
    }];
    let a = &d.actions;
    let done: Vec<String> = a
        .done
        .iter()
        .map(|x| {
            format!(
                "• :white_check_mark: {}{} · done {}{}",
                escape(&x.text),
                owners(x),
                x.done_on.as_deref().unwrap_or(""),
                at(&x.link)
            )
        })
        .collect();
    let overdue: Vec<String> = a
        .overdue
        .iter()
        .map(|x| {
            let late = x.days_late.unwrap_or(0);
            format!(
                "• {}{} · due {}, *{late} day{} late*{}",
                escape(&x.text),
                owners(x),
                x.due.as_deref().unwrap_or(""),
                if late == 1 { "" } else { "s" },
                at(&x.link)
            )
        })
        .collect();
    let open: Vec<String> = not_yet_due(d)
        .map(|x| {
            let due = x
                .due
                .as_deref()
                .map(|d| format!(" · due {d}"))
                .unwrap_or_default();
            format!("• {}{}{due}{}", escape(&x.text), owners(x), at(&x.link))
        })
        .collect();
    for (heading, items) in [
        (format!("Done ({})", done.len()), done),
        (
            format!("Overdue as of {} ({})", d.as_of, overdue.len()),
            overdue,
        ),
        (format!("Open, not yet due ({})", open.len()), open),
    ] {
        if !items.is_empty() {
            out.push(List { heading, items });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mrkdwn_escapes_what_would_make_links_or_mentions() {
        assert_eq!(
            escape("a & b <!channel> <https://x|y>\nz"),
            "a &amp; b &lt;!channel&gt; &lt;https://x|y&gt; z"
        );
        assert_eq!(
            link("https://x.org/a b?q=1&r=<2>|", "note"),
            "<https://x.org/a%20b?q=1&amp;r=%3C2%3E%7C|note>"
        );
    }

    #[test]
    fn long_lines_split_between_escapes_and_links_never_inside() {
        let line = format!("{}{}", "&amp;".repeat(700), link("https://x.org/a", "note"));
        let parts = pieces(&line, 1000);
        assert!(parts.len() >= 4, "{}", parts.len());
        for p in &parts {
            assert!(slack_len(p) <= 1000);
            assert!(!p.ends_with('&') && !p.starts_with("amp;"), "{p}");
        }
        assert_eq!(parts.concat(), line);
        assert!(header(&"é".repeat(200), " (2/3)").ends_with("… (2/3)"));
        assert_eq!(slack_len(&header(&"é".repeat(200), " (2/3)")), MAX_HEADER);
    }
}
