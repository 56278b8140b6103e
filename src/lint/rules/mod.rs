//! The rule registry: one file per family, each rule's id, summary and explanation beside
//! the code that checks it.

pub mod actions;
pub mod conclusions;
pub mod file;
pub mod front_matter;
pub mod groups;
pub mod identity;
pub mod indicators;
pub mod leverage;
pub mod note;
pub mod people;
pub mod steps;

use super::{Across, Rule, Sink};
use crate::actions::Ledger;
use crate::note::Note;

/// A family of rules, the check that finds them in a parsed note (none for the file rules,
/// which the engine reports before a note is parsed), and the check that finds them across a
/// report's notes, in the action model.
struct Family {
    rules: &'static [Rule],
    check: Option<fn(&Note, &mut Sink)>,
    across: Option<fn(&Ledger, &mut Across)>,
}

/// The rules that read several notes: lint links the notes' actions only when one is on.
pub const ACROSS: &[&Rule] = &[
    &actions::OVERDUE,
    &identity::STALE_COPY,
    &identity::NOT_CARRIED,
    &identity::AMBIGUOUS,
];

/// The registry: every family, in the order `cascade rules` lists them and notes are checked.
const FAMILIES: &[Family] = &[
    Family {
        rules: file::RULES,
        check: None,
        across: None,
    },
    Family {
        rules: front_matter::RULES,
        check: Some(front_matter::check),
        across: None,
    },
    Family {
        rules: note::RULES,
        check: Some(note::check),
        across: None,
    },
    Family {
        rules: steps::RULES,
        check: Some(steps::check),
        across: None,
    },
    Family {
        rules: leverage::RULES,
        check: Some(leverage::check),
        across: None,
    },
    Family {
        rules: conclusions::RULES,
        check: Some(conclusions::check),
        across: None,
    },
    Family {
        rules: groups::RULES,
        check: Some(groups::check),
        across: None,
    },
    Family {
        rules: actions::RULES,
        check: Some(actions::check),
        across: Some(actions::check_across),
    },
    Family {
        rules: identity::RULES,
        check: None,
        across: Some(identity::check_across),
    },
    Family {
        rules: indicators::RULES,
        check: Some(indicators::check),
        across: None,
    },
    Family {
        rules: people::RULES,
        check: Some(people::check),
        across: None,
    },
];

/// Every rule cascade knows, in the order `cascade rules` lists them.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    FAMILIES.iter().flat_map(|f| f.rules)
}

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    all().find(|r| r.id == id)
}

/// Run every family's checks on a parsed note, from the registry.
pub fn check_note(note: &Note, sink: &mut Sink) {
    for check in FAMILIES.iter().filter_map(|f| f.check) {
        check(note, sink);
    }
}

/// Run every family's checks across notes on the ledger of their actions.
pub fn check_across(ledger: &Ledger, out: &mut Across) {
    for check in FAMILIES.iter().filter_map(|f| f.across) {
        check(ledger, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_note_runs_every_family_of_the_registry_but_the_file_rules() {
        let unchecked: Vec<&str> = FAMILIES
            .iter()
            .filter(|f| f.check.is_none() && f.across.is_none())
            .flat_map(|f| f.rules.iter().map(|r| r.id))
            .collect();
        // The engine reports these before (or instead of) parsing a note.
        assert_eq!(
            unchecked,
            [
                "file/encoding",
                "file/too-large",
                "file/unreadable",
                "file/symlink",
                "internal/error"
            ]
        );
        assert_eq!(
            all().count(),
            FAMILIES.iter().map(|f| f.rules.len()).sum::<usize>()
        );
        // Every rule read across notes belongs to a family with a check across notes.
        for r in ACROSS {
            assert!(
                FAMILIES
                    .iter()
                    .any(|f| f.across.is_some() && f.rules.iter().any(|x| x.id == r.id)),
                "{}",
                r.id
            );
        }
    }
}
