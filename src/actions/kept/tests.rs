use super::*;

use crate::note::Note;

/// The ledger of the live actions of `notes` (heads only), when the index holds every report
/// of them as they are now: what a view of open actions reads.
fn read(nb: &Notebook, notes: &[NoteFile]) -> Option<Ledger> {
    ledger_of(nb, notes, &mut entries(nb), false)
}

fn note(rel: &str, text: &str, key: Option<crate::notebook::index::Key>) -> NoteFile {
    let mut n = NoteFile::from_note(rel, &Note::parse(text));
    n.key = key;
    n
}

fn notebook() -> (tempfile::TempDir, Notebook) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cascade.toml"), "me = \"me\"\n").unwrap();
    let mut nb = Notebook::open(dir.path()).unwrap();
    nb.index = Use::At(dir.path().join("git").join("cascade").join("notes.index"));
    (dir, nb)
}

/// Two notes of one report: an action carried and ticked, one carried open, one reworded.
fn notes(dir: &std::path::Path) -> Vec<NoteFile> {
    let key = |name: &str| {
        let p = dir.join(name);
        std::fs::write(&p, name).unwrap();
        crate::notebook::index::Key::of(&p)
    };
    vec![
        note(
            "notes/ann/2026-11-02.md",
            "---\ndate: 2026-11-02\nreport: ann\n---\n## Cascading actions\n- [ ] Ship the plan @ann due:2026-11-09\n- [ ] Call finance\n- [x] Old thing\n",
            key("a"),
        ),
        note(
            "notes/ann/2026-11-09.md",
            "---\ndate: 2026-11-09\nreport: ann\n---\n## Cascading actions\n- [x] Ship the plan @ann (from 2026-11-02)\n- [ ] Call finance (from 2026-11-02) share:finance\n",
            key("b"),
        ),
    ]
}

#[test]
fn the_live_actions_read_back_as_linked() {
    let (dir, nb) = notebook();
    let notes = notes(dir.path());
    let ledger = Ledger::link(&nb, &notes);
    assert_eq!(write(&nb, &notes, &ledger), None);
    let kept = read(&nb, &notes).expect("kept");
    let live: Vec<&Action> = ledger.actions.iter().filter(|a| is_live(a)).collect();
    assert_eq!(live.len(), 1, "{:#?}", ledger.actions);
    assert_eq!(kept.actions.len(), 1);
    assert_eq!(&kept.actions[0], live[0]);
}

#[test]
fn a_changed_note_or_config_or_damage_is_not_served() {
    let (dir, nb) = notebook();
    let notes = notes(dir.path());
    let ledger = Ledger::link(&nb, &notes);
    write(&nb, &notes, &ledger);
    // Another key for one note.
    let mut other = notes.clone();
    other[1].key = crate::notebook::index::Key::of(&dir.path().join("a"));
    assert!(read(&nb, &other).is_none());
    // A note without a key to vouch for it.
    other[1].key = None;
    assert!(read(&nb, &other).is_none());
    // A note fewer.
    assert!(read(&nb, &notes[..1]).is_none());
    // Another config.
    let mut nb2 = Notebook::open(dir.path()).unwrap();
    nb2.index = nb.index.clone();
    nb2.config_text.push_str("# edited\n");
    assert!(read(&nb2, &notes).is_none());
    // Every flipped byte and every truncation of the file is refused.
    let file = file_of(&nb).unwrap();
    let bytes = std::fs::read(&file).unwrap();
    let build = sealed::this_build().unwrap();
    assert!(decode(&bytes, build).is_some());
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x41;
        assert!(decode(&b, build).is_none(), "byte {i}");
        assert!(decode(&bytes[..i], build).is_none(), "cut at {i}");
    }
    // Another build's.
    assert!(decode(&bytes, (build.0 + 1, build.1, build.2)).is_none());
}

#[test]
fn only_the_reports_whose_notes_changed_are_linked_again() {
    let (dir, nb) = notebook();
    let mut notes = notes(dir.path());
    std::fs::write(dir.path().join("c"), "c").unwrap();
    notes.push(note(
        "notes/bob/2026-11-03.md",
        "---\ndate: 2026-11-03\nreport: bob\n---\n## Cascading actions\n- [ ] Book the offsite @bob\n- [x] Send the deck\n",
        crate::notebook::index::Key::of(&dir.path().join("c")),
    ));
    let ledger = Ledger::link(&nb, &notes);
    write(&nb, &notes, &ledger);
    // ann's newer note changes (another key): ann is linked again, bob served as kept.
    let mut changed = notes.clone();
    changed[1].key = crate::notebook::index::Key::of(&dir.path().join("c"));
    assert!(read(&nb, &changed).is_none());
    let mut kept = entries(&nb);
    let l = ledger_of(&nb, &changed, &mut kept, true).unwrap();
    assert_eq!(
        l.notices,
        ["action index: 1 of 2 reports unchanged since linked"]
    );
    let live =
        |l: &Ledger| -> Vec<Action> { l.actions.iter().filter(|a| is_live(a)).cloned().collect() };
    assert_eq!(live(&l), live(&Ledger::link(&nb, &changed)));
    // ann's closed actions are there too (linked), bob's are not (served live only).
    assert!(l.actions.iter().any(|a| &*a.report == "ann" && !is_live(a)));
    assert!(l.actions.iter().all(|a| &*a.report != "bob" || is_live(a)));
}
