use jiff::civil::{Date, date};

use super::*;
use crate::note::Note;

fn nf(rel: &str, text: &str) -> NoteFile {
    NoteFile::from_note(rel, &Note::parse(text))
}

fn note(day: &str, body: &str) -> NoteFile {
    nf(
        &format!("notes/alice/{day}.md"),
        &format!("---\ndate: {day}\nreport: alice\n---\n## Cascading actions\n{body}"),
    )
}

fn private(day: &str, body: &str) -> NoteFile {
    nf(
        &format!("notes/alice/{day}.md"),
        &format!(
            "---\ndate: {day}\nreport: alice\nprivate: true\n---\n## Cascading actions\n{body}"
        ),
    )
}

fn linked(notes: &[NoteFile]) -> Ledger {
    let canonical = |h: &str| {
        if h == "al" {
            "alice".to_owned()
        } else {
            h.to_owned()
        }
    };
    let (actions, ambiguous) = link::link(notes, &canonical, DefaultShare::Groups);
    Ledger::of(actions, ambiguous)
}

fn at(l: &mut Ledger, action: usize, copy: usize, secs: i64, day: Date) {
    l.actions[action].copies[copy].written = Some(Written::At(Stamp {
        uncommitted: false,
        secs,
        day,
        commit: Some(format!("c{secs}")),
    }));
}

#[test]
fn a_carried_copy_continues_its_action_and_the_newest_note_wins_without_history() {
    let l = linked(&[
        note(
            "2026-11-06",
            "- [ ] Draft Q1 plan @alice due:2026-11-15\n- [ ] Call bob @al\n",
        ),
        note(
            "2026-11-13",
            "- [x] draft  Q1 plan @alice due:2026-11-15 (from 2026-11-06)\n- [ ] Call bob @al (from 2026-11-06)\n",
        ),
    ]);
    assert_eq!(l.actions.len(), 2);
    assert_eq!(l.actions[0].copies.len(), 2);
    assert_eq!(l.actions[0].state, ActionState::Done);
    assert_eq!(l.actions[0].opened, Some(date(2026, 11, 6)));
    // Without history, the first note listing it closed dates it.
    assert_eq!(
        l.actions[0].closed,
        Some(Closed::On(date(2026, 11, 13), None))
    );
    assert_eq!(l.actions[1].state, ActionState::Open);
    // An alias owner is its person.
    assert_eq!(*l.actions[1].latest().owners, ["alice"]);
}

#[test]
fn a_tick_in_an_older_copy_wins_over_an_open_copy_written_before_it() {
    let mut l = linked(&[
        note("2026-11-06", "- [x] Ship it @alice\n"),
        note("2026-11-13", "- [ ] Ship it @alice (from 2026-11-06)\n"),
    ]);
    // Without history a tick is never undone by an open copy.
    assert_eq!(l.actions[0].state, ActionState::Done);
    // Carried on the 13th, ticked in the older note on the 20th: done on the 20th.
    at(&mut l, 0, 0, 2000, date(2026, 11, 20));
    at(&mut l, 0, 1, 1000, date(2026, 11, 13));
    l.resolve();
    let a = &l.actions[0];
    assert_eq!(a.state, ActionState::Done);
    assert_eq!(a.closed_on(), Some(date(2026, 11, 20)));
    assert_eq!(a.stale_copies().count(), 1);
    assert_eq!(a.state_on(date(2026, 11, 19)), Some(ActionState::Open));
    // Reopened in the newest note after the tick: open again.
    at(&mut l, 0, 1, 3000, date(2026, 11, 27));
    l.resolve();
    assert_eq!(l.actions[0].state, ActionState::Open);
    assert_eq!(l.actions[0].closed, None);
}

#[test]
fn the_first_tick_dates_the_close_and_later_ticks_of_other_copies_do_not() {
    let mut l = linked(&[
        note("2026-11-06", "- [x] Ship it\n"),
        note("2026-11-13", "- [x] Ship it (from 2026-11-06)\n"),
    ]);
    at(&mut l, 0, 0, 2000, date(2026, 11, 20));
    at(&mut l, 0, 1, 3000, date(2026, 11, 27));
    l.resolve();
    assert_eq!(l.actions[0].closed_on(), Some(date(2026, 11, 20)));
    assert_eq!(l.actions[0].closer, Some(0));
}

#[test]
fn a_tick_committed_with_the_carry_keeps_its_day_when_an_older_copy_is_ticked_later() {
    let mut l = linked(&[
        note("2026-11-06", "- [x] Ship it\n"),
        note("2026-11-13", "- [ ] Ship it (from 2026-11-06)\n"),
        note("2026-11-20", "- [x] Ship it (from 2026-11-06)\n"),
    ]);
    // The carry and the tick in the newest note went into one commit on the 20th; the stale
    // copy in the first note was ticked a week later.
    at(&mut l, 0, 0, 3000, date(2026, 11, 27));
    at(&mut l, 0, 1, 2000, date(2026, 11, 20));
    at(&mut l, 0, 2, 2000, date(2026, 11, 20));
    l.resolve();
    let a = &l.actions[0];
    assert_eq!(a.state, ActionState::Done);
    assert_eq!(a.closed_on(), Some(date(2026, 11, 20)));
    assert_eq!(a.closer, Some(2));
    assert_eq!(a.state_on(date(2026, 11, 22)), Some(ActionState::Done));
}

#[test]
fn a_tick_in_a_private_note_counts_but_the_text_shared_is_a_public_copy() {
    let l = linked(&[
        note("2026-11-06", "- [ ] Ship it @alice\n"),
        private(
            "2026-11-13",
            "- [x] Ship it, secretly reworded @alice (from 2026-11-06)\n",
        ),
    ]);
    let a = &l.actions[0];
    assert_eq!(a.copies.len(), 2);
    assert_eq!(a.state, ActionState::Done);
    assert_eq!(a.shared().unwrap().texts.title(), "Ship it");
    assert!(!a.is_private());
    let only = linked(&[private("2026-11-13", "- [ ] Secret @alice\n")]);
    assert!(only.actions[0].is_private());
    assert!(only.actions[0].shared().is_none());
}

#[test]
fn a_reworded_copy_is_the_same_action() {
    let l = linked(&[
        note(
            "2026-11-06",
            "- [ ] Draft the Q1 hiring plan @alice\n- [ ] Book the offsite venue @alice\n",
        ),
        note(
            "2026-11-13",
            "- [ ] Draft the Q1 hiring plan with finance @alice (from 2026-11-06)\n- [ ] Offsite: book the venue in Lyon @alice (from 2026-11-06)\n",
        ),
    ]);
    assert_eq!(l.actions.len(), 2, "{:#?}", l.actions);
    assert!(l.actions.iter().all(|a| a.copies.len() == 2));
    assert!(l.ambiguous.is_empty());
}

#[test]
fn a_line_rewritten_beyond_recognition_is_the_one_action_of_its_day_left() {
    let l = linked(&[
        note("2026-11-06", "- [ ] Call Bob\n- [ ] Ship it\n"),
        note(
            "2026-11-13",
            "- [ ] Call Bob (from 2026-11-06)\n- [ ] Release v2 to customers (from 2026-11-06)\n",
        ),
    ]);
    assert_eq!(l.actions.len(), 2);
    assert_eq!(l.actions[1].copies.len(), 2);
}

#[test]
fn two_equally_close_candidates_make_the_line_ambiguous() {
    let l = linked(&[
        note(
            "2026-11-06",
            "- [ ] Review the sales deck\n- [ ] Review the sales plan\n",
        ),
        note("2026-11-13", "- [ ] Review the sales (from 2026-11-06)\n"),
    ]);
    assert_eq!(l.ambiguous.len(), 1);
    assert_eq!(l.ambiguous[0].line, 6);
    assert_eq!(l.ambiguous[0].candidates.len(), 2);
}

#[test]
fn without_from_only_an_open_action_is_continued_word_for_word() {
    let l = linked(&[
        note("2026-11-06", "- [x] Weekly report\n- [ ] Call Bob\n"),
        note("2026-11-13", "- [ ] Weekly report\n- [ ] Call Bob\n"),
    ]);
    // The done weekly report is not reopened by next week's: a new action.
    assert_eq!(l.actions.len(), 3);
    assert_eq!(l.actions[0].state, ActionState::Done);
    assert_eq!(l.actions[1].copies.len(), 2);
}

#[test]
fn similarity_counts_shared_words() {
    assert_eq!(link::similarity("ship it", "ship it"), 1.0);
    assert_eq!(link::similarity("ship it", "call bob"), 0.0);
    assert!(link::similarity("draft the plan", "draft the q1 plan") >= link::SIMILAR);
}

#[test]
fn pending_asks_for_disagreeing_copies_always_and_closes_only_when_needed() {
    let l = linked(&[
        note(
            "2026-11-06",
            "- [x] Ship it\n- [x] Done alone\n- [ ] Open alone\n",
        ),
        note("2026-11-13", "- [ ] Ship it (from 2026-11-06)\n"),
    ]);
    let p = l.pending(Needs::default());
    assert_eq!(p.len(), 2);
    assert!(p.iter().all(|p| p.deep && p.action == 0));
    let p = l.pending(Needs {
        close_days: true,
        horizon: Some(date(2026, 11, 1)),
        until: None,
    });
    assert_eq!(p.len(), 3);
    assert!(p.iter().any(|p| !p.deep));
    // Carried, then ticked in the newer note: decided without history.
    let usual = linked(&[
        note("2026-11-06", "- [ ] Ship it\n"),
        note("2026-11-13", "- [x] Ship it (from 2026-11-06)\n"),
    ]);
    assert!(!usual.actions[0].undecided());
    assert!(usual.pending(Needs::default()).is_empty());
    assert_eq!(usual.actions[0].stale_copies().count(), 0);
    let days = usual.pending(Needs {
        close_days: true,
        horizon: None,
        until: None,
    });
    assert_eq!(days.len(), 1);
    assert_eq!(days[0].copy, 1);
}

#[test]
fn owners_past_the_first_few_a_report_names_are_still_resolved_to_their_handle() {
    // Each owner is resolved once per report, and only the first few are remembered: the
    // ones after them must still be resolved, line after line, to the same handle.
    let mut body = String::new();
    for i in 0..12 {
        body.push_str(&format!("- [ ] task {i} @al @o{i}\n"));
    }
    let l = linked(&[note("2026-11-06", &body), note("2026-11-13", &body)]);
    // The second note repeats each open action word for word: 12 actions of 2 copies.
    assert_eq!(l.actions.len(), 12);
    for (i, a) in l.actions.iter().enumerate() {
        assert_eq!(a.copies.len(), 2);
        for c in &a.copies {
            assert_eq!(*c.owners, ["alice".to_owned(), format!("o{i}")]);
        }
    }
}

#[test]
fn copies_naming_the_same_owners_and_groups_hold_one_list_of_each() {
    let body = "- [ ] one @al share:eng\n- [ ] two @alice share:eng\n- [ ] three @bob share:eng\n";
    let l = linked(&[note("2026-11-06", body), note("2026-11-13", body)]);
    let copies: Vec<&Copy> = l.actions.iter().flat_map(|a| &a.copies).collect();
    assert_eq!(copies.len(), 6);
    // `@al` is alice's alias: both lines' owners are alice, each list as written is kept once.
    let (one, two, three) = (
        &l.actions[0].copies[0],
        &l.actions[1].copies[0],
        &l.actions[2].copies[0],
    );
    assert_eq!(
        (&*one.owners, &*two.owners, &*three.owners),
        (
            &["alice".to_owned()][..],
            &["alice".to_owned()][..],
            &["bob".to_owned()][..]
        )
    );
    assert!(Arc::ptr_eq(&one.owners, &l.actions[0].copies[1].owners));
    assert!(Arc::ptr_eq(&one.audience, &three.audience));
    assert!(copies.iter().all(|c| *c.audience == ["eng".to_owned()]));
}
