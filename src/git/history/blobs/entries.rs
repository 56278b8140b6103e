//! The history index's entries as bytes: each payload starts with its kind, so that an entry
//! is never read as another kind, and every reader returns None on bytes that are not whole.

use git2::Oid;
use jiff::civil::Date;

use super::{Changed, Head};
use crate::actions::link::Held;
use crate::note::{ActionState, Texts};

/// What an entry's payload holds (its first byte).
const LINES: u8 = 0;
const CHANGES: u8 = 1;
const COMMIT: u8 = 2;
pub(super) const BLOB_AT: u8 = 3;

/// One pair of folders' changes: a count, then each note's path and its old and new blobs.
pub(super) fn encode_changes(changes: &[Changed]) -> Vec<u8> {
    let mut out = vec![CHANGES];
    out.extend_from_slice(&(changes.len() as u32).to_le_bytes());
    for (rel, old, new) in changes {
        out.extend_from_slice(&(rel.len() as u32).to_le_bytes());
        out.extend_from_slice(rel.as_bytes());
        for id in [old, new] {
            match id {
                None => out.push(0),
                Some(id) => {
                    out.push(1);
                    out.extend_from_slice(id.as_bytes());
                }
            }
        }
    }
    out
}

/// [`encode_changes`]'s bytes read back; None when they are not whole, or another kind.
pub(super) fn decode_changes(b: &[u8]) -> Option<Vec<Changed>> {
    let mut b = b.strip_prefix(&[CHANGES])?;
    let n = u32_of(&mut b)?;
    let mut out = Vec::with_capacity(n.min(b.len()));
    for _ in 0..n {
        let len = u32_of(&mut b)?;
        let rel = std::str::from_utf8(take(&mut b, len)?).ok()?.to_owned();
        let mut id = || -> Option<Option<Oid>> {
            match take(&mut b, 1)?[0] {
                0 => Some(None),
                1 => Some(Some(Oid::from_bytes(take(&mut b, 20)?).ok()?)),
                _ => None,
            }
        };
        let (old, new) = (id()?, id()?);
        out.push((rel, old, new));
    }
    b.is_empty().then_some(out)
}

/// The blob at a path of a tree (nothing when none is there).
pub(super) fn encode_blob_at(b: Option<Oid>) -> Vec<u8> {
    let mut out = vec![BLOB_AT];
    if let Some(b) = b {
        out.extend_from_slice(b.as_bytes());
    }
    out
}

/// [`encode_blob_at`]'s bytes read back; None when they are not whole, or another kind.
pub(super) fn decode_blob_at(b: &[u8]) -> Option<Option<Oid>> {
    match b.strip_prefix(&[BLOB_AT])? {
        [] => Some(None),
        id => Some(Some(Oid::from_bytes(id).ok()?)),
    }
}

/// A commit's header: its tree, time, offset, then a count of parents and each parent.
pub(super) fn encode_head((tree, parents, secs, offset): &Head) -> Vec<u8> {
    let mut out = vec![COMMIT];
    out.extend_from_slice(tree.as_bytes());
    out.extend_from_slice(&secs.to_le_bytes());
    out.extend_from_slice(&offset.to_le_bytes());
    out.extend_from_slice(&(parents.len() as u32).to_le_bytes());
    for p in parents {
        out.extend_from_slice(p.as_bytes());
    }
    out
}

/// [`encode_head`]'s bytes read back; None when they are not whole, or another kind.
pub(super) fn decode_head(b: &[u8]) -> Option<Head> {
    let mut b = b.strip_prefix(&[COMMIT])?;
    let tree = Oid::from_bytes(take(&mut b, 20)?).ok()?;
    let secs = i64::from_le_bytes(take(&mut b, 8)?.try_into().ok()?);
    let offset = i32::from_le_bytes(take(&mut b, 4)?.try_into().ok()?);
    let n = u32_of(&mut b)?;
    let parents = (0..n)
        .map(|_| Oid::from_bytes(take(&mut b, 20)?).ok())
        .collect::<Option<Vec<Oid>>>()?;
    b.is_empty().then_some((tree, parents, secs, offset))
}

/// The first `n` bytes of `b`, which moves past them.
pub(super) fn take<'a>(b: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    let (head, rest) = b.split_at_checked(n)?;
    *b = rest;
    Some(head)
}

/// A little-endian `u32` from the front of `b`.
pub(super) fn u32_of(b: &mut &[u8]) -> Option<usize> {
    Some(u32::from_le_bytes(take(b, 4)?.try_into().ok()?) as usize)
}

/// One version's lines: a count, then each line's state, `from` day and identity.
pub(super) fn encode(lines: &[Held]) -> Vec<u8> {
    let mut out = vec![LINES];
    out.extend_from_slice(&(lines.len() as u32).to_le_bytes());
    for l in lines {
        out.push(match l.state {
            ActionState::Open => 0,
            ActionState::Done => 1,
            ActionState::Dropped => 2,
        });
        match l.from {
            None => out.push(0),
            Some(d) => {
                out.push(1);
                out.extend_from_slice(&d.year().to_le_bytes());
                out.push(d.month() as u8);
                out.push(d.day() as u8);
            }
        }
        out.extend_from_slice(&(l.texts.identity().len() as u32).to_le_bytes());
        out.extend_from_slice(l.texts.identity().as_bytes());
    }
    out
}

/// [`encode`]'s bytes read back; None when they are not whole, or another kind.
pub(super) fn decode(b: &[u8]) -> Option<Vec<Held>> {
    let mut b = b.strip_prefix(&[LINES])?;
    let n = u32_of(&mut b)?;
    let mut out = Vec::with_capacity(n.min(b.len()));
    for _ in 0..n {
        let state = match take(&mut b, 1)?[0] {
            0 => ActionState::Open,
            1 => ActionState::Done,
            2 => ActionState::Dropped,
            _ => return None,
        };
        let from = match take(&mut b, 1)?[0] {
            0 => None,
            1 => {
                let d = take(&mut b, 4)?;
                let year = i16::from_le_bytes([d[0], d[1]]);
                Some(Date::new(year, d[2] as i8, d[3] as i8).ok()?)
            }
            _ => return None,
        };
        let len = u32_of(&mut b)?;
        let identity = std::str::from_utf8(take(&mut b, len)?).ok()?;
        out.push(Held {
            // Only the identity is kept of another version's line.
            texts: Texts::new("", "", identity),
            state,
            from,
        });
    }
    b.is_empty().then_some(out)
}
