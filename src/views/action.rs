//! `cascade action`: the change made to one action (or that none was needed).

use serde::Serialize;

use crate::actions::edit::Change;
use crate::actions::{Action, Copy};
use crate::note::ActionState;

/// What `cascade action` did.
///
/// Like `actions --format json`, JSON shows the text of the action's newest public copy and
/// none of an action only private notes hold (`"text": null`, `"private": true`); the terminal
/// shows the supervisor the copy it edited, private or not ([`Outcome::mine`]).
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Schema version of the JSON output.
    pub version: u32,
    /// `done`, `drop`, `reopen` or `due`.
    pub command: &'static str,
    /// Whether the note was written (false: it already read as asked).
    pub changed: bool,
    /// Text without tokens (null: private).
    pub text: Option<String>,
    /// Only private notes hold it.
    pub private: bool,
    /// The report whose notes hold it.
    pub report: String,
    /// The note written (or that already read as asked), relative to the notebook root.
    pub path: String,
    /// Its line there.
    pub line: usize,
    /// The line's state before.
    pub old_state: ActionState,
    /// The line's state after.
    pub new_state: ActionState,
    /// The line's due date before (null: none; not shown for a private action).
    pub old_due: Option<String>,
    /// The line's due date after.
    pub new_due: Option<String>,
    /// Other copies written so that the action reads as asked (`path:line`).
    pub also: Vec<String>,
    /// The copy as the supervisor sees it in the terminal, before the change.
    #[serde(skip)]
    pub mine: Copy,
    /// Its due date after the change, for the terminal.
    #[serde(skip)]
    pub mine_due: Option<jiff::civil::Date>,
}

/// The outcome of `change` on `copy` (as it read before), then on `also`, when `changed`;
/// else `copy` is the one that already reads as asked.
pub fn outcome(
    a: &Action,
    copy: &Copy,
    change: Change,
    changed: bool,
    also: &[Copy],
    report: &str,
) -> Outcome {
    let public = a.shared();
    let (new_state, new_due) = match change {
        Change::State(s) => (s, copy.due),
        Change::Due(d) => (copy.state, Some(d)),
    };
    let show = |d: Option<jiff::civil::Date>| public.and(d).map(|d| d.to_string());
    Outcome {
        version: 1,
        command: match change {
            Change::State(ActionState::Done) => "done",
            Change::State(ActionState::Dropped) => "drop",
            Change::State(ActionState::Open) => "reopen",
            Change::Due(_) => "due",
        },
        changed,
        text: public.map(|p| p.texts.title().to_string()),
        private: public.is_none(),
        report: report.to_owned(),
        path: copy.path.to_string(),
        line: copy.line,
        old_state: copy.state,
        new_state,
        old_due: show(copy.due),
        new_due: show(new_due),
        also: also
            .iter()
            .map(|c| format!("{}:{}", c.path, c.line))
            .collect(),
        mine: copy.clone(),
        mine_due: new_due,
    }
}

/// The change in words, for the terminal.
pub fn render_human(o: &Outcome, _color: bool) -> String {
    let text = if o.mine.private {
        format!("{} (private)", o.mine.texts.title())
    } else {
        o.mine.texts.title().to_string()
    };
    let at = format!("{}:{}", o.path, o.line);
    let day = |d: Option<jiff::civil::Date>| d.map_or("none".to_owned(), |d| d.to_string());
    match (o.changed, o.command) {
        (false, "due") => format!(
            "already due {}: {text} ({at}); nothing was written\n",
            day(o.mine.due)
        ),
        (false, _) => format!(
            "already {}: {text} ({at}); nothing was written\n",
            o.new_state.as_str()
        ),
        (true, "due") => format!(
            "due {}: {text} ({at}, was {})\n",
            day(o.mine_due),
            day(o.mine.due)
        ),
        (true, _) if o.also.is_empty() => format!(
            "{}: {text} ({at}, was {})\n",
            o.new_state.as_str(),
            o.old_state.as_str()
        ),
        (true, _) => format!(
            "{}: {text} ({at}, was {}; also written at {})\n",
            o.new_state.as_str(),
            o.old_state.as_str(),
            o.also.join(", ")
        ),
    }
}
