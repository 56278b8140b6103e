use super::entries::BLOB_AT;
use super::*;

fn lines() -> Vec<Held> {
    parse(
        b"---\ndate: 2026-11-06\n---\n## Cascading actions\n- [ ] write the plan @bob (from 2026-10-30)\n- [x] Ship It\n- [-] dropped one\n",
    )
}

#[test]
fn a_versions_lines_read_back_as_written() {
    let l = lines();
    assert_eq!(l.len(), 3);
    assert_eq!(l[0].from, Some(jiff::civil::date(2026, 10, 30)));
    assert_eq!(decode(&encode(&l)), Some(l.clone()));
    let bytes = file_bytes((1, 2, 3), &[(vec![7; 20], encode(&l))]);
    let (rows, payload) = check(&bytes, (1, 2, 3)).unwrap();
    assert_eq!(rows, 1);
    assert_eq!(decode(&bytes[payload..]), Some(l));
    // Another build's file is not read.
    assert_eq!(check(&bytes, (1, 2, 4)), None);
}

/// The versions of a file's `stored` bytes (of build (1, 2, 3)), keeping `keep`.
fn with_file(file: Option<PathBuf>, stored: Vec<u8>, keep: usize) -> Blobs {
    let (rows, payload) = check(&stored, (1, 2, 3)).unwrap();
    Blobs {
        file,
        build: (1, 2, 3),
        stored,
        rows,
        payload,
        keep,
        ..Blobs::empty()
    }
}

#[test]
fn the_versions_read_least_recently_are_dropped_first() {
    let dir = std::env::temp_dir().join(format!("cascade-blobs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(FILE);
    let id = |b: u8| Oid::from_bytes(&[b; 20]).unwrap();
    let enc = encode(&lines());
    // In the file: 3 read most recently, then 1, then 2 (table sorted, payload by recency).
    let stored = file_bytes(
        (1, 2, 3),
        &[
            (vec![3; 20], enc.clone()),
            (vec![1; 20], enc.clone()),
            (vec![2; 20], enc.clone()),
        ],
    );
    let b = with_file(Some(file.clone()), stored, 3);
    *b.seen.from_git.borrow_mut() = 1;
    for i in [1, 3] {
        assert_eq!(b.stored(id(i)).and_then(decode), Some(lines()));
    }
    // This run read 9 (new) and 1 (from the file): 9, 1, then 3 are kept; 2 goes.
    b.seen.read.borrow_mut().insert(id(9), Rc::new(lines()));
    b.seen.read.borrow_mut().insert(id(1), Rc::new(lines()));
    b.save();
    let bytes = std::fs::read(&file).unwrap();
    let again = with_file(None, bytes, 3);
    assert_eq!(again.rows, 3);
    for i in [9, 1, 3] {
        assert_eq!(again.stored(id(i)).and_then(decode), Some(lines()), "{i}");
    }
    assert_eq!(again.stored(id(2)).and_then(decode), None);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_folders_changes_read_back_as_written_and_never_as_a_versions_lines() {
    let id = |b: u8| Oid::from_bytes(&[b; 20]).unwrap();
    let changes: Vec<Changed> = vec![
        ("notes/alice/2026-11-06.md".into(), Some(id(1)), Some(id(2))),
        ("notes/bob/2026-11-07.md".into(), None, Some(id(3))),
        ("notes/bob/2026-10-01.md".into(), Some(id(4)), None),
    ];
    let enc = encode_changes(&changes);
    assert_eq!(decode_changes(&enc), Some(changes.clone()));
    for cut in 0..enc.len() {
        assert_eq!(decode_changes(&enc[..cut]), None, "cut at {cut}");
    }
    // Each kind of entry is read only as itself.
    assert_eq!(decode(&enc), None);
    assert_eq!(decode_changes(&encode(&lines())), None);
    // A pair of folders has one id, another pair (or the same in the other order) another.
    let pair = pair_id(Some(id(1)), Some(id(2))).unwrap();
    assert_eq!(pair, pair_id(Some(id(1)), Some(id(2))).unwrap());
    assert_ne!(pair, pair_id(Some(id(2)), Some(id(1))).unwrap());
    assert_ne!(pair, pair_id(None, Some(id(2))).unwrap());
    // Stored and found again by its pair, the one run that stores it reads it from git.
    let bytes = file_bytes((1, 2, 3), &[(pair.as_bytes().to_vec(), enc)]);
    let b = with_file(None, bytes, 3);
    let read = b
        .changes(Some(id(1)), Some(id(2)), || panic!("read from the file"))
        .unwrap();
    assert_eq!(*read, changes);
    assert_eq!(b.changes.read_from_git(), 0);
}

#[test]
fn a_commits_header_reads_back_as_written_and_only_as_a_header() {
    let id = |b: u8| Oid::from_bytes(&[b; 20]).unwrap();
    for head in [
        (id(1), vec![], 0, 0),
        (id(2), vec![id(3)], 1_700_000_000, -330),
        (id(4), vec![id(5), id(6)], -86_400, 840),
    ] {
        let enc = encode_head(&head);
        assert_eq!(decode_head(&enc), Some(head.clone()));
        for cut in 0..enc.len() {
            assert_eq!(decode_head(&enc[..cut]), None, "cut at {cut}");
        }
        assert_eq!(decode(&enc), None);
        assert_eq!(decode_changes(&enc), None);
    }
    assert_eq!(decode_head(&encode(&lines())), None);
    // Found in the file, a header is not read from git; the run keeps it for the next.
    let head = (id(2), vec![id(3)], 1_700_000_000, -330);
    let bytes = file_bytes((1, 2, 3), &[(vec![9; 20], encode_head(&head))]);
    let b = with_file(None, bytes, 3);
    let read = b.head(id(9), || Err::<Head, ()>(())).unwrap();
    assert_eq!(read, head);
    assert_eq!(b.heads.read_from_git(), 0);
    assert!(!b.heads.is_empty());
    assert_eq!(b.head(id(8), || Err::<Head, ()>(())), Err(()));
}

#[test]
fn the_blob_at_a_path_of_a_tree_reads_back_as_found_there_or_not() {
    let id = |b: u8| Oid::from_bytes(&[b; 20]).unwrap();
    for b in [None, Some(id(7))] {
        let enc = encode_blob_at(b);
        assert_eq!(decode_blob_at(&enc), Some(b));
        assert_eq!(decode(&enc), None);
        assert_eq!(decode_head(&enc), None);
    }
    assert_eq!(decode_blob_at(&[BLOB_AT, 1, 2]), None);
    assert_eq!(decode_blob_at(&encode(&lines())), None);
    // Looked up once from git, then from what the run found; another path is another one.
    let b = with_file(None, file_bytes((1, 2, 3), &[]), 3);
    let path = "team/notes/alice/2026-11-06.md";
    assert_eq!(
        b.blob_at(id(1), path, || Ok(Some(id(2)))).unwrap(),
        Some(id(2))
    );
    assert_eq!(
        b.blob_at(id(1), path, || panic!("read again")).unwrap(),
        Some(id(2))
    );
    assert_eq!(
        b.blob_at(id(1), "team/notes/x.md", || Ok(None)).unwrap(),
        None
    );
    assert_eq!(b.at.read_from_git(), 2);
}

#[test]
fn a_damaged_file_is_refused_never_misread() {
    let bytes = file_bytes((1, 2, 3), &[(vec![7; 20], encode(&lines()))]);
    for cut in 0..bytes.len() {
        assert_eq!(check(&bytes[..cut], (1, 2, 3)), None, "cut at {cut}");
    }
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x10;
        assert_eq!(check(&b, (1, 2, 3)), None, "byte {i}");
    }
    let enc = encode(&lines());
    for cut in 0..enc.len() {
        assert_eq!(decode(&enc[..cut]), None);
    }
}
