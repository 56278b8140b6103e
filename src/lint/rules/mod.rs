//! The rule registry: one file per family, each rule's id, summary and explanation beside
//! the code that checks it.

pub mod actions;
pub mod conclusions;
pub mod file;
pub mod front_matter;
pub mod indicators;
pub mod leverage;
pub mod note;
pub mod people;
pub mod steps;

use super::{Rule, Sink};
use crate::note::Note;

/// Every rule cascade knows, in the order `cascade rules` lists them.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    [
        file::RULES,
        front_matter::RULES,
        note::RULES,
        steps::RULES,
        leverage::RULES,
        conclusions::RULES,
        actions::RULES,
        indicators::RULES,
        people::RULES,
    ]
    .into_iter()
    .flatten()
}

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    all().find(|r| r.id == id)
}

/// Run every family's checks on a parsed note.
pub fn check_note(note: &Note, sink: &mut Sink) {
    front_matter::check(note, sink);
    note::check(note, sink);
    steps::check(note, sink);
    leverage::check(note, sink);
    conclusions::check(note, sink);
    actions::check(note, sink);
    indicators::check(note, sink);
    people::check(note, sink);
}
