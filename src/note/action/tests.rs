//! Tests of the tokens of items and conclusions, and of identities.

use super::*;
use crate::note::texts::read_action;

#[test]
fn tokens_are_removed_from_title() {
    let t = tokens(
        "Carried: draft  Q1 plan @Alice due:2026-11-15 share:sales,finance (from 2026-11-06)",
        7,
    );
    assert_eq!(t.title, "Carried: draft Q1 plan");
    assert_eq!(t.owners[..], ["alice"]);
    assert_eq!(t.due.as_ref().unwrap().raw, "2026-11-15");
    assert_eq!(t.due.as_ref().unwrap().column, 7 + 31);
    assert_eq!(t.share[..], ["sales", "finance"]);
    assert!(t.from.unwrap().date.is_ok());
}

/// The title as words joined by one space, and the identity as each word folded: what
/// `tokens` and `identity_of` computed word by word before they copied runs of text.
fn by_words(text: &str) -> (String, String) {
    let words: Vec<&str> = if text.is_ascii() {
        text.split_ascii_whitespace().collect()
    } else {
        text.split_whitespace().collect()
    };
    let title = words.join(" ");
    let identity = title
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ");
    (title, identity)
}

#[test]
fn titles_and_identities_copied_in_runs_match_word_by_word_whatever_the_spacing() {
    for text in [
        "Draft the Q1 plan",
        "  Draft   the\tQ1 plan  ",
        "Draft\u{0B}the plan",
        "Draft the\u{0C}plan\r",
        "Revoir le budget\u{a0}2027 avec Zoé",
        "ÉTÉ  Plan",
        "x",
        "",
        "Send @bob  the plan  due:2026-01-02 now",
        "Plan share:ops (from 2026-01-01) then  more",
    ] {
        let t = tokens(text, 1);
        let words: Vec<&str> = if text.is_ascii() {
            text.split_ascii_whitespace().collect()
        } else {
            text.split_whitespace().collect()
        };
        let plain: String = words
            .into_iter()
            .filter(|w| !(w.starts_with('@') || w.starts_with("due:") || w.starts_with("share:")))
            .filter(|w| *w != "(from" && *w != "2026-01-01)")
            .collect::<Vec<_>>()
            .join(" ");
        let (title, identity) = by_words(&plain);
        assert_eq!(t.title, title, "title of {text:?}");
        assert_eq!(identity_of(&t.title), identity, "identity of {text:?}");
        // Any string, not only a title `tokens` made.
        let folded = text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(identity_of(text), folded, "identity of {text:?}");
    }
}

/// What [`tokens`] makes of ASCII text, read word by word by the general reader.
fn word_by_word(text: &str, col0: usize) -> Tokens {
    tokens_of(text, col0, text.split_ascii_whitespace(), String::new())
}

fn fields(t: Tokens) -> impl std::fmt::Debug + PartialEq {
    (t.title, t.owners, t.due, t.share, t.from)
}

proptest::proptest! {
    #[test]
    fn a_conclusion_read_without_its_text_is_read_as_with_it(
        parts in proptest::collection::vec(
            (
                proptest::sample::select(vec![
                    "@bob", "@", "@Bob.", "due:2026-01-02", "due:", "share:a,B", "share:",
                    "share:,x;", "Share:a", "(from", "2026-01-01)", "share:x)", "x)", "(",
                    ":", "word", "s", "The", "plan.", "é", "share:é", "\u{a0}",
                ]),
                proptest::sample::select(vec![
                    " ", " ", " ", "  ", "\t", "\r", "\u{b}", "\u{c}", "", " \t ", "\u{a0}",
                ]),
            ),
            0..10,
        ),
    ) {
        let text: String = parts.iter().flat_map(|(w, sep)| [*w, *sep]).collect();
        // As the scanner hands it over: from the first character that is not whitespace.
        let item = text.trim_start();
        proptest::prop_assert_eq!(
            conclusion_shape(item),
            conclusion(item).map(|(_, share)| share),
            "{:?}", item
        );
    }

    #[test]
    fn words_one_apart_read_eight_bytes_at_a_time_are_read_one_by_one(
        b in proptest::collection::vec(proptest::prop_oneof![
            proptest::sample::select(b" \t\x0b\x1f\x7f!a~".to_vec()),
            proptest::prelude::any::<u8>(),
        ], 0..40),
    ) {
        proptest::prop_assert_eq!(one_apart(&b), one_apart_bytewise(&b, false), "{:?}", b);
    }

    #[test]
    fn ascii_tokens_read_from_token_to_token_are_the_words_read_one_by_one(
        parts in proptest::collection::vec(
            (
                proptest::sample::select(vec![
                    "@bob", "@", "@Bob.", "@a@b", "@x!y", "due:2026-01-02", "due:", "due:x.",
                    "Due:1", "share:a,B", "share:", "share:,x;", "(from", "2026-01-01)",
                    "x)", "(from)", ")", "bob@x.com", "a:b", "(", ":", "word", "d", "s",
                    "The", "plan.", "sdue:1", "d(from",
                ]),
                proptest::sample::select(vec![
                    " ", " ", " ", "  ", "\t", "\n", "\r", "\u{b}", "\u{c}", "", " \t ",
                ]),
            ),
            0..12,
        ),
        col0 in 1usize..40,
    ) {
        let text: String = parts.iter().flat_map(|(w, sep)| [*w, *sep]).collect();
        // A title said to be plain has its identity lowercased, as `identity_of` makes it.
        let t = tokens_ascii(&text, col0, String::new(), true);
        if t.plain {
            proptest::prop_assert_eq!(t.title.to_ascii_lowercase(), identity_of(&t.title));
        }
        // The title's buffer comes from the action before: what it held is gone.
        proptest::prop_assert_eq!(
            fields(tokens_ascii(&text, col0, "left from before".into(), true)),
            fields(word_by_word(&text, col0)),
            "{:?}", text
        );
        // An action's texts, read into one block, are the same texts.
        let (texts, tk) = read_action(&text, col0);
        proptest::prop_assert_eq!(texts.raw(), text.as_str());
        proptest::prop_assert_eq!(texts.title(), t.title.as_str());
        proptest::prop_assert_eq!(texts.identity(), identity_of(&t.title));
        proptest::prop_assert_eq!(
            (tk.owners, tk.due, tk.share, tk.from),
            (t.owners, t.due, t.share, t.from)
        );
    }
}

proptest::proptest! {
    #[test]
    fn identities_taken_in_one_pass_are_the_words_folded_one_by_one(
        s in "[aZé \t\n\r\u{b}\u{c}\u{1}\u{a0}.]{0,12}",
    ) {
        let folded = s
            .split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ");
        proptest::prop_assert_eq!(identity_of(&s), folded);
    }
}

#[test]
fn emails_are_not_owners_and_bad_dates_are_kept() {
    let t = tokens("mail bob@example.com due:2026-02-30", 1);
    assert!(t.owners.is_empty());
    assert!(t.due.unwrap().date.is_err());
}
