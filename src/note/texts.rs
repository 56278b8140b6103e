//! An action's texts (as written, title, identity) in one shared block.

use std::sync::Arc;

use super::action::{Tokens, identity_of, tokens_in};

/// An action's three texts in one shared block: as written, its title and its identity.
///
/// Every action line is parsed, and the ledger's copies share these texts with the note's
/// action: one block and one reference count instead of three (lint made 160 allocations per
/// note, three of them for each action's texts and two more for its title on the way).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Texts {
    /// The three texts one after the other.
    all: Arc<str>,
    /// Where the title starts in `all`.
    title: usize,
    /// Where the identity starts in `all`.
    identity: usize,
}

/// The most a thread keeps of the buffers below between actions: one long line is not held
/// for the rest of the run.
const KEEP: usize = 16 << 10;

/// Give `buf` back to `cell` for the next action, unless it grew past [`KEEP`].
fn keep(cell: &std::cell::Cell<String>, buf: String) {
    if buf.capacity() <= KEEP {
        cell.set(buf);
    }
}

thread_local! {
    /// The block being put together, kept between actions so that only the shared block is
    /// allocated.
    static BLOCK: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
    /// A title being read, kept between actions as `BLOCK` is.
    static TITLE: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

impl Texts {
    /// The texts of an action written `raw`, titled `title`, known as `identity`.
    pub fn new(raw: &str, title: &str, identity: &str) -> Texts {
        Texts::build(raw, title, |all| all.push_str(identity))
    }

    /// The texts of an action written `raw` and titled `title` (as `tokens` reads them;
    /// `plain` as it says), its identity made from the title.
    pub(crate) fn of_title(raw: &str, title: &str, plain: bool) -> Texts {
        Texts::build(raw, title, |all| {
            if plain {
                // A plain title's identity is it lowercased (see [`identity_of`]).
                let at = all.len();
                all.push_str(title);
                all[at..].make_ascii_lowercase();
            } else {
                all.push_str(&identity_of(title));
            }
        })
    }

    fn build(raw: &str, title: &str, identity: impl FnOnce(&mut String)) -> Texts {
        BLOCK.with(|cell| {
            let mut all = cell.take();
            all.clear();
            all.push_str(raw);
            all.push_str(title);
            identity(&mut all);
            let texts = Texts {
                all: Arc::from(all.as_str()),
                title: raw.len(),
                identity: raw.len() + title.len(),
            };
            keep(cell, all);
            texts
        })
    }

    /// The item's text after the marker, as written.
    pub fn raw(&self) -> &str {
        &self.all[..self.title]
    }

    /// The text without tokens, whitespace collapsed (for display).
    pub fn title(&self) -> &str {
        &self.all[self.title..self.identity]
    }

    /// Case-folded title: the action's identity across a report's notes.
    pub fn identity(&self) -> &str {
        &self.all[self.identity..]
    }
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Texts")
            .field("raw", &self.raw())
            .field("title", &self.title())
            .field("identity", &self.identity())
            .finish()
    }
}

/// Read an action's line: its texts (one shared block) and its tokens, whose title is left
/// empty.
pub(crate) fn read_action(raw: &str, col0: usize) -> (Texts, Tokens) {
    let mut tk = tokens_in(raw, col0, TITLE.with(std::cell::Cell::take));
    let texts = Texts::of_title(raw, &tk.title, tk.plain);
    let title = std::mem::take(&mut tk.title);
    TITLE.with(|cell| keep(cell, title));
    (texts, tk)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_actions_texts_share_one_block() {
        let raw = "Écrire  au Comité @Zoé due:2026-11-15";
        let (texts, tk) = read_action(raw, 7);
        assert_eq!(texts.raw(), raw);
        assert_eq!(texts.title(), "Écrire au Comité");
        assert_eq!(texts.identity(), "écrire au comité");
        assert_eq!(tk.owners[..], ["zoé"]);
        // The next action's block starts afresh.
        let (next, _) = read_action("Send it", 1);
        assert_eq!(
            (next.raw(), next.title(), next.identity()),
            ("Send it", "Send it", "send it")
        );
        assert_eq!(Texts::new("a", "b", "c").title(), "b");
        assert_ne!(Texts::new("ab", "", "c"), Texts::new("a", "b", "c"));
        assert_eq!(texts.clone(), texts);
    }
}
