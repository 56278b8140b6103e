//! Finding the action a command line means: words of its text, or `path:line` of any of its
//! copies, optionally within one report.

use super::{Action, Ledger};

/// What the user typed to name an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// A copy's place: the note (relative to the notebook root) and its line.
    At(String, usize),
    /// Words that must all appear in the text (case-insensitive).
    Words(Vec<String>),
}

impl Query {
    /// Read the arguments: one `PATH:LINE` naming a note (`….md` or `….markdown`), else words.
    /// `rel` turns a path as typed into one relative to the notebook root.
    pub fn parse(args: &[String], rel: &dyn Fn(&str) -> String) -> Query {
        if let [one] = args
            && let Some((path, line)) = one.rsplit_once(':')
            && let Ok(line) = line.parse::<usize>()
            && crate::notebook::inventory::note_stem(path.rsplit('/').next().unwrap_or(path))
                .is_some()
        {
            return Query::At(rel(path), line);
        }
        Query::Words(
            args.iter()
                .flat_map(|a| a.split_whitespace())
                .map(str::to_lowercase)
                .collect(),
        )
    }

    /// Whether `a` is meant: a copy at that place, or its newest copy's text (tokens
    /// included, so `@alice` narrows too) holding every word.
    pub fn matches(&self, a: &Action) -> bool {
        match self {
            Query::At(path, line) => a
                .copies
                .iter()
                .any(|c| *c.path == **path && c.line == *line),
            Query::Words(words) => {
                let text = a.latest().texts.raw().to_lowercase();
                words.iter().all(|w| text.contains(w.as_str()))
            }
        }
    }

    /// As the user typed it, for messages.
    pub fn shown(&self) -> String {
        match self {
            Query::At(path, line) => format!("{path}:{line}"),
            Query::Words(w) => w.join(" "),
        }
    }
}

/// The actions of `ledger` that `query` means, within `report` when given: their indices in
/// [`Ledger::actions`].
pub fn find(ledger: &Ledger, query: &Query, report: Option<&str>) -> Vec<usize> {
    (0..ledger.actions.len())
        .filter(|&k| {
            let a = &ledger.actions[k];
            report.is_none_or(|r| *a.report == *r) && query.matches(a)
        })
        .collect()
}

/// Up to `n` actions whose text comes closest to `query`'s words, closest first: the help of
/// a query that matched nothing.
pub fn closest<'a>(
    ledger: &'a Ledger,
    query: &Query,
    report: Option<&str>,
    n: usize,
) -> Vec<&'a Action> {
    let mut scored: Vec<(f64, &Action)> = ledger
        .actions
        .iter()
        .filter(|a| report.is_none_or(|r| *a.report == *r))
        .map(|a| (closeness(query, a), a))
        .filter(|(s, _)| *s > 0.0)
        .collect();
    scored.sort_by(|x, y| y.0.total_cmp(&x.0));
    scored.into_iter().take(n).map(|(_, a)| a).collect()
}

/// How close an action is to a query: the share of the query's words found in its text (a
/// typo still counts when the word is nearly one of the text's), and for `path:line`, a copy
/// in that note, nearer lines closer.
fn closeness(query: &Query, a: &Action) -> f64 {
    match query {
        Query::At(path, line) => a
            .copies
            .iter()
            .filter(|c| *c.path == **path)
            .map(|c| 1.0 / (1.0 + c.line.abs_diff(*line) as f64))
            .fold(0.0, f64::max),
        Query::Words(words) if !words.is_empty() => {
            let text = a.latest().texts.raw().to_lowercase();
            let own: Vec<&str> = text.split_whitespace().collect();
            let found: f64 = words
                .iter()
                .map(|w| {
                    if text.contains(w.as_str()) {
                        return 1.0;
                    }
                    let near = own
                        .iter()
                        .map(|o| strsim::jaro_winkler(w, o))
                        .fold(0.0, f64::max);
                    if near >= 0.8 { near } else { 0.0 }
                })
                .sum();
            found / words.len() as f64
        }
        Query::Words(_) => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notebook::load::NoteFile;

    fn ledger(notes: &[(&str, &str)]) -> Ledger {
        let notes: Vec<NoteFile> = notes
            .iter()
            .map(|(rel, text)| NoteFile::from_note(rel, &crate::note::Note::parse(text)))
            .collect();
        let (actions, ambiguous) = super::super::link::link(
            &notes,
            &|h: &str| h.to_owned(),
            crate::notebook::DefaultShare::Groups,
        );
        let mut l = Ledger {
            actions,
            ambiguous,
            source: super::super::Source::NoRepo,
            cut: false,
            cut_day: None,
            warnings: Vec::new(),
            notices: Vec::new(),
        };
        l.resolve();
        l
    }

    fn words(s: &str) -> Query {
        Query::parse(&[s.to_owned()], &|p| p.to_owned())
    }

    const A: &str = "---\ndate: 2026-11-17\nreport: alice\n---\n## Cascading actions\n- [ ] Draft Q1 plan @alice\n- [ ] Call the bank @dana\n";
    const B: &str = "---\ndate: 2026-11-24\nreport: alice\n---\n## Cascading actions\n- [ ] Draft Q1 plan @alice (from 2026-11-17)\n- [ ] Draft the Q2 plan @bob\n";

    #[test]
    fn words_must_all_appear_and_a_place_names_any_copy() {
        let l = ledger(&[
            ("notes/alice/2026-11-17.md", A),
            ("notes/alice/2026-11-24.md", B),
        ]);
        let texts = |q: &Query| -> Vec<String> {
            find(&l, q, None)
                .iter()
                .map(|&k| l.actions[k].latest().texts.title().to_string())
                .collect()
        };
        assert_eq!(texts(&words("BANK")), vec!["Call the bank"]);
        assert_eq!(texts(&words("draft plan")).len(), 2);
        assert_eq!(texts(&words("draft @bob")), vec!["Draft the Q2 plan"]);
        assert!(texts(&words("draft bank")).is_empty());
        // The older copy's place names the carried action too.
        let at = words("notes/alice/2026-11-17.md:6");
        assert_eq!(at, Query::At("notes/alice/2026-11-17.md".into(), 6));
        assert_eq!(texts(&at), vec!["Draft Q1 plan"]);
        assert!(find(&l, &words("bank"), Some("bob")).is_empty());
        // A word that only looks like a place is a word.
        assert_eq!(words("10:30"), Query::Words(vec!["10:30".into()]));
    }

    #[test]
    fn a_query_that_matches_nothing_suggests_the_closest_texts() {
        let l = ledger(&[("notes/alice/2026-11-17.md", A)]);
        let near: Vec<&str> = closest(&l, &words("bnak"), None, 3)
            .iter()
            .map(|a| a.latest().texts.title())
            .collect();
        assert_eq!(near, vec!["Call the bank"]);
        assert!(closest(&l, &words("zzzz"), None, 3).is_empty());
    }
}
