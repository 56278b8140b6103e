//! Changing one action line of a note: its marker (`[ ]`, `[x]`, `[-]`) or its `due:` token,
//! every other byte of the file kept as it was (BOM, line endings, spacing, the other lines).
//!
//! Pure: text in, text out. The caller reads and writes the file, and checks that the line
//! still holds the action it means ([`holds`]).

use jiff::civil::Date;

use super::Action;
use crate::note::{self, ActionState, Note};
use crate::text::{BOM, LineIndex};

/// What to change on the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Write this state's marker.
    State(ActionState),
    /// Set or replace the `due:` token.
    Due(Date),
}

/// Why a line cannot be edited as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// No action item on that line of this text.
    NoAction,
    /// The action on that line is not the one meant (another text or state).
    NotTheAction,
}

/// Which copy of an action a change is written to, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// The action already reads as asked: nothing to write.
    Already,
    /// Write to this copy (an index into the action's copies).
    Write(usize),
}

/// Where `change` goes: the copy in the newest note, where the action is edited. Only when
/// that copy already reads as asked while the action does not (a later edit of an older note
/// decided its state) is the change written to the copy that decided it. Copies in older
/// notes are left as they are: the action was open at those meetings.
pub fn plan(a: &Action, change: Change) -> Plan {
    let latest = a.copies.len().saturating_sub(1);
    match change {
        Change::State(s) if a.latest().state != s => Plan::Write(latest),
        Change::State(s) if a.state != s => Plan::Write(a.winner),
        Change::State(_) => Plan::Already,
        Change::Due(d) if a.latest().due == Some(d) => Plan::Already,
        Change::Due(_) => Plan::Write(latest),
    }
}

/// The marker written for a state (a done mark is written lowercase, as `new` and the
/// template write it).
pub fn marker(state: ActionState) -> &'static str {
    match state {
        ActionState::Open => "[ ]",
        ActionState::Done => "[x]",
        ActionState::Dropped => "[-]",
    }
}

/// The action item at 1-based `line` of `text`, as the note's parser reads it.
pub fn action_at(text: &str, line: usize) -> Option<note::Action> {
    Note::parse(text)
        .actions
        .into_iter()
        .find(|a| a.line == line)
}

/// Whether `line` of `text` still holds the action whose copy reads `identity` in `state`.
pub fn holds(
    text: &str,
    line: usize,
    identity: &str,
    state: ActionState,
) -> Result<note::Action, EditError> {
    let a = action_at(text, line).ok_or(EditError::NoAction)?;
    if *a.texts.identity() != *identity || a.state != state {
        return Err(EditError::NotTheAction);
    }
    Ok(a)
}

/// Byte range of 1-based `line` in `text`, without its ending (or the BOM on line 1).
fn line_span(text: &str, line: usize) -> std::ops::Range<usize> {
    let idx = LineIndex::new(text);
    let mut start = idx.line_start(line);
    let shown = idx.line_text(text, line);
    if line == 1 && text.starts_with(BOM) {
        start += BOM.len();
    }
    start..start + shown.len()
}

/// Byte offset in `s` of 1-based character `column`.
fn byte_of_column(s: &str, column: usize) -> usize {
    s.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(s.len(), |(i, _)| i)
}

/// `text` with the action `a` (parsed from `text`) changed as asked: only the marker's middle
/// character, or only the `due:` token (added before a trailing `(from …)`, else at the end of
/// the item's line) differ.
pub fn apply(text: &str, a: &note::Action, change: Change) -> Result<String, EditError> {
    let span = line_span(text, a.line);
    let s = &text[span.clone()];
    let (at, remove, insert) = match change {
        Change::State(state) => {
            let at = byte_of_column(s, a.column);
            let m = s.get(at..at + 3).ok_or(EditError::NoAction)?;
            if !matches!(m, "[ ]" | "[x]" | "[X]" | "[-]") {
                return Err(EditError::NoAction);
            }
            (at, 3, marker(state).to_owned())
        }
        Change::Due(date) => due_edit(s, a, date)?,
    };
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..span.start + at]);
    out.push_str(&insert);
    out.push_str(&text[span.start + at + remove..]);
    Ok(out)
}

/// Where in the line `s` the due date goes: (byte offset, bytes removed, text inserted).
fn due_edit(s: &str, a: &note::Action, date: Date) -> Result<(usize, usize, String), EditError> {
    let date = date.to_string();
    if let Some(due) = &a.due {
        let at = byte_of_column(s, due.column);
        let value = s[at..]
            .strip_prefix("due:")
            .ok_or(EditError::NotTheAction)?;
        // The token's value as the parser read it: punctuation after it stays.
        if !value.starts_with(due.raw.as_str()) {
            return Err(EditError::NotTheAction);
        }
        return Ok((at + "due:".len(), due.raw.len(), date));
    }
    let content_end = s.trim_end().len();
    if let Some(from) = &a.from {
        let at = byte_of_column(s, from.column);
        let rest = &s[at..content_end];
        // Only a `(from …)` that ends the item: the date goes before it.
        if rest.starts_with("(from") && rest.ends_with(')') && !rest.contains(") ") {
            return Ok((at, 0, format!("due:{date} ")));
        }
    }
    Ok((content_end, 0, format!(" due:{date}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const NOTE: &str = "---\ndate: 2026-11-24\nreport: alice\n---\n\n## Cascading actions\n- [ ] Draft Q1 plan @alice due:2026-11-20 (from 2026-11-10)\n-   [X]  Call the bank\t@dana\n- [ ] Freeze reqs (from 2026-11-17)\n";

    fn edit(text: &str, line: usize, change: Change) -> String {
        let a = action_at(text, line).unwrap();
        apply(text, &a, change).unwrap()
    }

    /// The lines of `a` and `b` that differ, as (line, a's, b's).
    fn diff<'t>(a: &'t str, b: &'t str) -> Vec<(usize, &'t str, &'t str)> {
        let (la, lb): (Vec<&str>, Vec<&str>) = (
            crate::text::lines_inclusive(a).collect(),
            crate::text::lines_inclusive(b).collect(),
        );
        assert_eq!(la.len(), lb.len());
        la.iter()
            .zip(&lb)
            .enumerate()
            .filter(|(_, (x, y))| x != y)
            .map(|(i, (x, y))| (i + 1, *x, *y))
            .collect()
    }

    #[test]
    fn a_state_change_rewrites_only_the_marker() {
        let out = edit(NOTE, 7, Change::State(ActionState::Done));
        assert_eq!(
            diff(NOTE, &out),
            vec![(
                7,
                "- [ ] Draft Q1 plan @alice due:2026-11-20 (from 2026-11-10)\n",
                "- [x] Draft Q1 plan @alice due:2026-11-20 (from 2026-11-10)\n"
            )]
        );
        let out = edit(NOTE, 8, Change::State(ActionState::Open));
        assert_eq!(
            diff(NOTE, &out),
            vec![(
                8,
                "-   [X]  Call the bank\t@dana\n",
                "-   [ ]  Call the bank\t@dana\n"
            )]
        );
        let out = edit(NOTE, 9, Change::State(ActionState::Dropped));
        assert!(out.contains("- [-] Freeze reqs (from 2026-11-17)\n"));
        assert_eq!(out.len(), NOTE.len());
    }

    #[test]
    fn crlf_and_bom_stay_byte_exact_but_for_the_marker() {
        let text = format!("{BOM}{}", NOTE.replace('\n', "\r\n"));
        let out = edit(&text, 7, Change::State(ActionState::Done));
        let at = text.find("[ ] Draft").unwrap();
        let mut expected = text.clone().into_bytes();
        expected[at + 1] = b'x';
        assert_eq!(out.as_bytes(), expected.as_slice());
        let out = edit(&text, 9, Change::Due(date(2026, 12, 1)));
        assert_eq!(
            out,
            text.replace(
                "Freeze reqs (from 2026-11-17)\r\n",
                "Freeze reqs due:2026-12-01 (from 2026-11-17)\r\n"
            )
        );
    }

    #[test]
    fn a_due_date_is_replaced_in_place_or_added() {
        let out = edit(NOTE, 7, Change::Due(date(2026, 12, 1)));
        assert_eq!(
            diff(NOTE, &out)[0].2,
            "- [ ] Draft Q1 plan @alice due:2026-12-01 (from 2026-11-10)\n"
        );
        let out = edit(NOTE, 8, Change::Due(date(2026, 12, 1)));
        assert_eq!(
            diff(NOTE, &out)[0].2,
            "-   [X]  Call the bank\t@dana due:2026-12-01\n"
        );
        // An impossible date written by hand is replaced; punctuation after it stays.
        let t = "## Cascading actions\n- [ ] Ship it due:2026-02-30, then rest  \n";
        let out = edit(t, 2, Change::Due(date(2026, 3, 2)));
        assert_eq!(
            out,
            "## Cascading actions\n- [ ] Ship it due:2026-03-02, then rest  \n"
        );
        // Not a trailing `(from …)`: the date goes at the end of the text.
        let t = "## Cascading actions\n- [ ] Ship (from 2026-11-10) today\n";
        let out = edit(t, 2, Change::Due(date(2026, 3, 2)));
        assert_eq!(
            out,
            "## Cascading actions\n- [ ] Ship (from 2026-11-10) today due:2026-03-02\n"
        );
        let a = action_at(&out, 2).unwrap();
        assert_eq!(a.due.as_ref().unwrap().date, Ok(date(2026, 3, 2)));
        assert_eq!(a.texts.identity(), "ship today");
    }

    fn action(states: &[ActionState], winner: usize) -> Action {
        let text = "## Cascading actions\n- [ ] Ship it\n";
        let a = action_at(text, 2).unwrap();
        let copies = states
            .iter()
            .map(|&s| {
                let mut c = super::super::Copy::of(
                    &crate::notebook::load::NoteFile::from_note("notes/a/x.md", &Note::parse(text)),
                    &"notes/a/x.md".into(),
                    &a,
                    false,
                    &|h: &str| h.to_owned(),
                    crate::notebook::DefaultShare::Groups,
                    &mut super::super::Lists::default(),
                );
                c.state = s;
                c
            })
            .collect();
        Action {
            copies,
            state: states[winner],
            winner,
            ..Action::default()
        }
    }

    #[test]
    fn a_change_goes_to_the_newest_copy_unless_it_already_reads_so() {
        use ActionState::{Done, Dropped, Open};
        let done = Change::State(Done);
        assert_eq!(plan(&action(&[Open, Open], 1), done), Plan::Write(1));
        assert_eq!(plan(&action(&[Open, Done], 1), done), Plan::Already);
        // Ticked in the older note after the newer one carried it: done, and the newest copy
        // is ticked to agree.
        assert_eq!(plan(&action(&[Done, Open], 0), done), Plan::Write(1));
        // Reopened in the older note after the tick: the newest copy already reads done, so
        // `done` writes where the reopening was.
        assert_eq!(plan(&action(&[Open, Done], 0), done), Plan::Write(0));
        let reopen = Change::State(Open);
        assert_eq!(plan(&action(&[Open, Dropped], 1), reopen), Plan::Write(1));
        assert_eq!(plan(&action(&[Done, Open], 0), reopen), Plan::Write(0));
        assert_eq!(plan(&action(&[Done, Open], 1), reopen), Plan::Already);
        let due = Change::Due(date(2026, 12, 1));
        assert_eq!(plan(&action(&[Open, Open], 1), due), Plan::Write(1));
        let mut a = action(&[Open, Open], 1);
        a.copies[1].due = Some(date(2026, 12, 1));
        assert_eq!(plan(&a, due), Plan::Already);
    }

    #[test]
    fn a_line_that_no_longer_holds_the_action_is_refused() {
        assert_eq!(
            holds(NOTE, 7, "draft q1 plan", ActionState::Open).map(|a| a.line),
            Ok(7)
        );
        assert_eq!(
            holds(NOTE, 7, "draft q1 plan", ActionState::Done),
            Err(EditError::NotTheAction)
        );
        assert_eq!(
            holds(NOTE, 8, "draft q1 plan", ActionState::Open),
            Err(EditError::NotTheAction)
        );
        assert_eq!(
            holds(NOTE, 6, "draft q1 plan", ActionState::Open),
            Err(EditError::NoAction)
        );
    }
}
