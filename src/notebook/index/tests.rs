use super::file::{MAGIC, SHARD, decode, encode};
use super::*;
use crate::note::Note;

fn stored() -> Stored {
    let text = "---\ndate: 2026-11-06\nindicators: {x: 1.5}\n---\n## Conclusions\n- ship it share:eng\n## Cascading actions\n- [ ] write the plan @bob due:2026-11-20 (from 2026-10-30)\n- [x] done thing @alice\n";
    let note = NoteFile::from_note("notes/alice/2026-11-06.md", &Note::parse(text));
    Stored {
        build: (1, 2, 3),
        entries: vec![Entry {
            rel: "notes/alice/2026-11-06.md".into(),
            key: Key {
                size: 10,
                mtime: (1, 2),
                ctime: (3, 4),
                ino: 5,
                dev: 6,
            },
            note,
        }],
    }
}

#[test]
fn an_index_reads_back_as_written() {
    let s = stored();
    let back = decode(&encode(s.build, &s.rows()).unwrap()).unwrap();
    assert_eq!(back.build, s.build);
    assert_eq!(back.entries.len(), 1);
    let (a, b) = (&back.entries[0], &s.entries[0]);
    assert_eq!(a.rel, b.rel);
    assert_eq!(a.key, b.key);
    // A note read from the index is told by the key it was stored under.
    let mut want = b.note.clone();
    want.key = Some(b.key);
    assert_eq!(format!("{:?}", a.note), format!("{:?}", want));
}

#[test]
fn heads_are_the_front_matter_without_the_body_in_path_order() {
    let s = stored();
    let bytes = encode(s.build, &s.rows()).unwrap();
    let p = parse(Source::Memory(bytes.clone())).unwrap();
    let mut ix = Index::empty(0);
    ix.source = Some(p.source);
    ix.shards = p.shards;
    let e = &s.entries[0];
    let heads = ix.heads().unwrap();
    assert_eq!(heads.len(), 1);
    let (rel, key, head) = &heads[0];
    assert_eq!((rel, key), (&e.rel, &e.key));
    let mut want = e.note.clone();
    want.key = Some(e.key);
    assert!(!want.actions.is_empty() && !want.conclusions.is_empty());
    want.indicators.clear();
    want.conclusions.clear();
    want.actions.clear();
    assert_eq!(format!("{head:?}"), format!("{want:?}"));
}

/// An index of 100 notes, `notes/r000/…` to `notes/r099/…`, each read as `one`.
fn hundred(one: &Entry) -> Vec<u8> {
    let entries: Vec<Entry> = (0..100)
        .map(|i| Entry {
            rel: format!("notes/r{i:03}/2026-11-06.md"),
            key: one.key,
            note: one.note.clone(),
        })
        .collect();
    let s = Stored {
        build: (1, 2, 3),
        entries,
    };
    encode(s.build, &s.rows()).unwrap()
}

#[test]
fn a_damaged_shard_counts_only_when_a_note_it_holds_is_looked_up() {
    let one = stored().entries.remove(0);
    let mut bytes = hundred(&one);
    let p = parse(Source::Memory(bytes.clone())).unwrap();
    // Damage the last shard (r096 to r099): its own CRC-32 no longer holds.
    let last = p.shards.last().unwrap().bytes.clone();
    bytes[usize::try_from(last.start).unwrap() + 3] ^= 0x5a;
    let p = parse(Source::Memory(bytes.clone())).unwrap();
    let mut ix = Index::empty(0);
    ix.source = Some(p.source);
    ix.shards = p.shards;
    ix.want(["notes/r001/2026-11-06.md"].into_iter());
    assert!(ix.take("notes/r001/2026-11-06.md", one.key).is_some());
    assert!(!ix.changed && ix.notices.is_empty());
    // Looked up, it empties the index, which is written anew: nothing is misread.
    ix.want(["notes/r098/2026-11-06.md"].into_iter());
    assert!(ix.take("notes/r098/2026-11-06.md", one.key).is_none());
    assert!(ix.take("notes/r002/2026-11-06.md", one.key).is_none());
    assert!(ix.changed);
    assert_eq!(ix.notices, ["note index rebuilt: a part of it is damaged"]);
}

/// The index of [`hundred`] open for a run started at `start`, written to `file`.
fn opened(bytes: &[u8], file: &Path, start: i64) -> Index {
    let p = parse(Source::Memory(bytes.to_vec())).unwrap();
    let mut ix = Index::empty(start);
    ix.source = Some(p.source);
    ix.shards = p.shards;
    ix.build = p.build;
    ix.file = Some(file.to_path_buf());
    ix
}

/// The shards of an index file: their paths and bytes.
fn shards_of(bytes: &[u8]) -> Vec<(String, String, Vec<u8>)> {
    let p = parse(Source::Memory(bytes.to_vec())).unwrap();
    p.shards
        .iter()
        .map(|s| {
            let b = p.source.read(s.bytes.clone()).unwrap().to_vec();
            (s.first.clone(), s.last.clone(), b)
        })
        .collect()
}

#[test]
fn an_edit_rewrites_the_shard_holding_the_note_and_copies_the_others() {
    let one = stored().entries.remove(0);
    let bytes = hundred(&one);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(FILE);
    let rel = "notes/r040/2026-11-06.md";
    let newer = Key {
        size: 11,
        ..one.key
    };
    let mut edited = one.note.clone();
    edited.problems = 7;
    // `log` of one report: some notes looked up, one of them edited.
    let mut ix = opened(&bytes, &file, i64::MAX);
    ix.want([rel, "notes/r041/2026-11-06.md"].into_iter());
    assert!(ix.take("notes/r041/2026-11-06.md", one.key).is_some());
    assert!(ix.take(rel, newer).is_none());
    ix.save(
        &[
            ("notes/r041/2026-11-06.md", one.key, &one.note, true),
            (rel, newer, &edited, false),
        ],
        false,
    );
    let written = std::fs::read(&file).unwrap();
    let back = decode(&written).unwrap();
    assert_eq!(back.entries.len(), 100);
    for e in &back.entries {
        let (key, problems) = if e.rel == rel {
            (newer, 7)
        } else {
            (one.key, one.note.problems)
        };
        assert_eq!((e.key, e.note.problems), (key, problems), "{}", e.rel);
    }
    // Only the shard holding the edited note differs.
    let (before, after) = (shards_of(&bytes), shards_of(&written));
    assert_eq!(before.len(), after.len());
    let differ: Vec<&str> = before
        .iter()
        .zip(&after)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.as_str())
        .collect();
    // 100 notes are four shards of 25: r025 to r049 holds r040.
    assert_eq!(differ, ["notes/r025/2026-11-06.md"]);
}

#[test]
fn every_note_looked_up_a_gone_one_is_forgotten_and_a_new_one_stored_in_place() {
    let one = stored().entries.remove(0);
    let bytes = hundred(&one);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(FILE);
    let mut ix = opened(&bytes, &file, i64::MAX);
    ix.want_all();
    let rels: Vec<String> = (0..100)
        .filter(|i| *i != 70)
        .map(|i| format!("notes/r{i:03}/2026-11-06.md"))
        .collect();
    let mut read: Vec<(&str, Key, &NoteFile, bool)> = rels
        .iter()
        .map(|r| {
            assert!(ix.take(r, one.key).is_some());
            (r.as_str(), one.key, &one.note, true)
        })
        .collect();
    // New notes: among the paths of a shard, and after the last.
    read.push(("notes/r010/2026-11-07.md", one.key, &one.note, false));
    read.push(("notes/zed/2026-11-06.md", one.key, &one.note, false));
    ix.save(&read, true);
    let written = std::fs::read(&file).unwrap();
    let back = decode(&written).unwrap();
    let mut want: Vec<String> = rels.clone();
    want.push("notes/r010/2026-11-07.md".into());
    want.push("notes/zed/2026-11-06.md".into());
    want.sort();
    let got: Vec<String> = back.entries.iter().map(|e| e.rel.clone()).collect();
    assert_eq!(got, want);
    // The shard untouched by any (r025 to r049) is copied as it was.
    let before = shards_of(&bytes);
    assert!(shards_of(&written).contains(&before[1]));
    assert!(!shards_of(&written).contains(&before[0]));
    assert!(!shards_of(&written).contains(&before[2]));
}

#[test]
fn a_new_note_each_week_after_its_folder_s_last_does_not_pile_up_shards() {
    let one = stored().entries.remove(0);
    let mut bytes = hundred(&one);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(FILE);
    let mut rels: Vec<String> = (0..100)
        .map(|i| format!("notes/r{i:03}/2026-11-06.md"))
        .collect();
    // The report whose note ends the first shard: its newer notes fall between two shards.
    let last = shards_of(&bytes)[0].1.clone();
    let folder = last.rsplit_once('/').unwrap().0.to_owned();
    for week in 0..40 {
        let new = format!("{folder}/2027-{:02}-{:02}.md", 1 + week / 28, 1 + week % 28);
        let mut ix = opened(&bytes, &file, i64::MAX);
        ix.want_all();
        let mut read: Vec<(&str, Key, &NoteFile, bool)> = rels
            .iter()
            .map(|r| {
                assert!(ix.take(r, one.key).is_some(), "{r}");
                (r.as_str(), one.key, &one.note, true)
            })
            .collect();
        read.push((&new, one.key, &one.note, false));
        ix.save(&read, true);
        rels.push(new.clone());
        rels.sort();
        bytes = std::fs::read(&file).unwrap();
    }
    let back = decode(&bytes).unwrap();
    let got: Vec<&str> = back.entries.iter().map(|e| e.rel.as_str()).collect();
    assert_eq!(got, rels.iter().map(String::as_str).collect::<Vec<_>>());
    // 140 notes: at most twice the shards a rebuild would make, not one more per week.
    let shards = shards_of(&bytes).len();
    assert!(shards <= 2 * 140usize.div_ceil(SHARD), "{shards} shards");
}

#[test]
fn only_the_shards_holding_the_notes_looked_up_are_decoded() {
    let one = stored().entries.remove(0);
    let bytes = hundred(&one);
    let p = parse(Source::Memory(bytes.clone())).unwrap();
    assert_eq!(p.shards.len(), 100usize.div_ceil(SHARD));
    let mut ix = Index::empty(0);
    ix.source = Some(p.source);
    ix.shards = p.shards;
    ix.want(["notes/r040/2026-11-06.md", "notes/r999/x.md", "notes/a.md"].into_iter());
    // One shard decoded, the one holding r040 (of four shards of 25); the paths no shard
    // holds cost nothing.
    assert_eq!(ix.len(), 25);
    assert_eq!(ix.shards.iter().filter(|s| s.decoded).count(), 1);
    assert!(ix.take("notes/r040/2026-11-06.md", one.key).is_some());
    assert!(ix.take("notes/r040/2026-11-06.md", one.key).is_none());
    // A shard decoded already, before the one wanted, does not hide it.
    ix.want(["notes/r099/2026-11-06.md"].into_iter());
    assert!(ix.take("notes/r099/2026-11-06.md", one.key).is_some());
    ix.want(["notes/r000/2026-11-06.md", "notes/r041/2026-11-06.md"].into_iter());
    assert_eq!(ix.shards.iter().filter(|s| s.decoded).count(), 3);
    assert!(ix.take("notes/r000/2026-11-06.md", one.key).is_some());
    // Decoded once: what was taken is not decoded again.
    assert!(ix.take("notes/r040/2026-11-06.md", one.key).is_none());
    assert!(ix.take("notes/r041/2026-11-06.md", one.key).is_some());
}

#[test]
fn a_directory_length_past_the_end_of_the_file_is_refused_before_it_is_read() {
    let s = stored();
    let mut bytes = encode(s.build, &s.rows()).unwrap();
    bytes[MAGIC.len()..MAGIC.len() + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    // From a file, where a read of 4 GiB would first take 4 GiB of memory.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(FILE);
    std::fs::write(&file, &bytes).unwrap();
    let f = std::fs::File::open(&file).unwrap();
    let parsed = crate::memcap::with_cap(1 << 20, "the damaged length was read".into(), || {
        parse(Source::map(&f).unwrap())
    });
    assert!(parsed.is_none());
}

#[test]
fn any_damage_reads_as_no_index() {
    let s = stored();
    let bytes = encode(s.build, &s.rows()).unwrap();
    // Every truncation and every flipped byte is refused, never misread.
    for n in 0..bytes.len() {
        assert!(decode(&bytes[..n]).is_none(), "truncated at {n}");
        let mut b = bytes.clone();
        b[n] ^= 0x5a;
        assert!(decode(&b).is_none(), "byte {n} flipped");
    }
    assert!(decode(b"").is_none());
}

#[test]
fn fresh_files_are_not_stored() {
    let k = |t: i64| Key {
        size: 1,
        mtime: (t, 0),
        ctime: (t, 0),
        ino: 1,
        dev: 1,
    };
    assert!(k(100).settled(103));
    assert!(!k(101).settled(103));
    // A clock ahead of this machine's: never trusted until it is past.
    assert!(!k(200).settled(103));
    let mut ix = Index::empty(0);
    assert_eq!(ix.len(), 0);
    assert!(ix.take("notes/a.md", k(1)).is_none());
}

#[test]
fn a_folder_in_the_index_place_is_said_to_be_one() {
    let dir = tempfile::tempdir().unwrap();
    let f = std::fs::File::open(dir.path()).unwrap();
    let e = Source::map(&f).unwrap_err();
    assert_eq!(e.to_string(), "not a regular file");
}
