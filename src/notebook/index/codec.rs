//! The note index's bytes: numbers as LEB128 varints, and every string of a shard in one
//! arena after its numbers, so that a shard's text is checked as UTF-8 once, not string by
//! string (with serde and postcard, that check and the per-field calls were half of the time
//! `status` took on ten thousand notes).
//!
//! An action's texts (as written, title, identity) are written once per shard: a note carries
//! its open actions into the next one word for word, so a shard of a report's notes holds each
//! action's texts about twice. Later uses are a number, and the reader hands out one shared
//! block of the three ([`Texts`]) for all of them: fewer bytes, allocations and copies for
//! every view that reads all notes.
//!
//! Every read is bounds-checked and returns `None` on anything unexpected: damaged bytes are
//! refused, never misread into a panic (the CRC-32 of the whole file is checked first).

use std::collections::hash_map::Entry as Slot;

use jiff::civil::Date;
use rustc_hash::FxHashMap;

use crate::note::{Action, ActionState, DateToken, Texts};
use crate::notebook::load::NoteFile;

use super::Row;

mod read;

pub(crate) use read::Reader;
pub(super) use read::directory;

/// A shard's bytes, and how many of them are numbers (the strings follow).
pub(crate) type Encoded = (Vec<u8>, usize);

/// The number `key` was given when the shard first wrote it (1 and up), or None the first
/// time, when it is given the next number.
fn written_as<K: std::hash::Hash + Eq>(numbers: &mut FxHashMap<K, usize>, key: K) -> Option<usize> {
    let next = numbers.len() + 1;
    match numbers.entry(key) {
        Slot::Occupied(e) => Some(*e.get()),
        Slot::Vacant(e) => {
            e.insert(next);
            None
        }
    }
}

/// Writes one shard: numbers in `bin`, strings in `arena`.
#[derive(Default)]
pub(crate) struct Writer<'a> {
    bin: Vec<u8>,
    arena: Vec<u8>,
    /// The shard's shared texts written so far, each with its number (a fast hash: a
    /// shard's 500 texts are looked up once each, SipHash took a fifth of writing them).
    texts: FxHashMap<&'a str, usize>,
    /// The shard's actions' texts written so far, each with its number.
    blocks: FxHashMap<&'a Texts, usize>,
}

impl<'a> Writer<'a> {
    /// A writer with room for the texts of `n` action lines (one block each).
    pub(super) fn with_actions(n: usize) -> Writer<'a> {
        Writer {
            blocks: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            ..Writer::default()
        }
    }

    /// Header numbers: plain varints, before the shards.
    pub(super) fn header(v: [u64; 4]) -> Vec<u8> {
        let mut w = Writer::default();
        for x in v {
            w.uint(x);
        }
        w.bin
    }

    /// The shard's bytes (its numbers, then its strings) and the length of its numbers.
    pub(crate) fn finish(self) -> Encoded {
        let bin_len = self.bin.len();
        let mut out = self.bin;
        out.extend_from_slice(&self.arena);
        (out, bin_len)
    }

    /// Append to `out` a shard's line of the directory: the first and last paths it holds,
    /// the lengths of its two parts (from its length and how many bytes are numbers) and the
    /// CRC-32 of its bytes (a shard is read, and checked, only when a note it holds is looked
    /// up).
    pub(super) fn directory_entry(
        out: &mut Vec<u8>,
        first: &str,
        last: &str,
        (len, bin_len): (usize, usize),
        crc: u32,
    ) {
        let mut w = Writer::default();
        for s in [first, last] {
            w.usize(s.len());
            w.bin.extend_from_slice(s.as_bytes());
        }
        w.usize(bin_len);
        w.usize(len - bin_len);
        w.uint(u64::from(crc));
        out.extend_from_slice(&w.bin);
    }

    pub(crate) fn uint(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.bin.push(b);
                return;
            }
            self.bin.push(b | 0x80);
        }
    }

    pub(crate) fn int(&mut self, v: i64) {
        self.uint(((v << 1) ^ (v >> 63)) as u64);
    }

    pub(crate) fn usize(&mut self, v: usize) {
        self.uint(v as u64);
    }

    pub(crate) fn bool(&mut self, v: bool) {
        self.bin.push(u8::from(v));
    }

    fn f64(&mut self, v: f64) {
        self.bin.extend_from_slice(&v.to_le_bytes());
    }

    pub(crate) fn str(&mut self, s: &str) {
        self.usize(s.len());
        self.arena.extend_from_slice(s.as_bytes());
    }

    /// A shared text: its number when written before in this shard (1 and up), else 0 and
    /// the text.
    pub(crate) fn text(&mut self, s: &'a str) {
        let seen = written_as(&mut self.texts, s);
        self.usize(seen.unwrap_or(0));
        if seen.is_none() {
            self.str(s);
        }
    }

    /// An action's texts: written once per shard, later uses are a number.
    pub(crate) fn action_texts(&mut self, t: &'a Texts) {
        let seen = written_as(&mut self.blocks, t);
        self.usize(seen.unwrap_or(0));
        if seen.is_none() {
            self.str(t.raw());
            self.str(t.title());
            self.str(t.identity());
        }
    }

    pub(crate) fn strs(&mut self, v: &[String]) {
        self.usize(v.len());
        for s in v {
            self.str(s);
        }
    }

    pub(crate) fn date(&mut self, d: Date) {
        self.int(i64::from(d.year()));
        self.bin.push(d.month() as u8);
        self.bin.push(d.day() as u8);
    }

    pub(crate) fn opt_date(&mut self, d: Option<Date>) {
        self.bool(d.is_some());
        if let Some(d) = d {
            self.date(d);
        }
    }

    fn token(&mut self, t: Option<&DateToken>) {
        self.bool(t.is_some());
        let Some(t) = t else { return };
        self.str(&t.raw);
        match &t.date {
            Ok(d) => {
                self.bool(true);
                self.date(*d);
            }
            Err(why) => {
                self.bool(false);
                self.str(why);
            }
        }
        self.usize(t.column);
    }

    /// An action line's state.
    pub(crate) fn state(&mut self, s: ActionState) {
        self.bin.push(match s {
            ActionState::Open => 0,
            ActionState::Done => 1,
            ActionState::Dropped => 2,
        });
    }

    fn action(&mut self, a: &'a Action) {
        self.usize(a.line);
        self.usize(a.column);
        self.state(a.state);
        self.action_texts(&a.texts);
        self.strs(&a.owners);
        self.token(a.due.as_ref());
        self.strs(&a.share);
        self.token(a.from.as_ref());
    }

    fn actions(&mut self, v: &'a [Action]) {
        self.usize(v.len());
        for a in v {
            self.action(a);
        }
    }

    /// One entry: the path, the key, and the note (its path is the entry's).
    pub(super) fn entry(&mut self, (rel, k, n): Row<'a>) {
        self.str(rel);
        self.uint(k.size);
        self.int(k.mtime.0);
        self.int(k.mtime.1);
        self.int(k.ctime.0);
        self.int(k.ctime.1);
        self.uint(k.ino);
        self.uint(k.dev);
        self.str(&n.report);
        self.opt_date(n.date);
        self.bool(n.duration_min.is_some());
        if let Some(d) = n.duration_min {
            self.f64(d);
        }
        self.bool(n.cadence_days.is_some());
        if let Some(c) = n.cadence_days {
            self.uint(u64::from(c));
        }
        self.bool(n.private);
        self.strs(&n.share_with);
        self.usize(n.problems);
        // The body (indicators, conclusions, actions) follows its two lengths, so that a
        // reader of heads only steps over it.
        let (bin0, arena0) = (self.bin.len(), self.arena.len());
        self.body(n);
        let body = self.bin.split_off(bin0);
        self.usize(body.len());
        self.usize(self.arena.len() - arena0);
        self.bin.extend_from_slice(&body);
    }

    /// What a note says beyond its front matter.
    fn body(&mut self, n: &'a NoteFile) {
        self.usize(n.indicators.len());
        for i in &n.indicators {
            self.str(&i.name);
            self.f64(i.value);
            self.usize(i.line);
        }
        self.usize(n.conclusions.len());
        for c in &n.conclusions {
            self.usize(c.line);
            self.str(&c.text);
            self.strs(&c.share);
        }
        self.actions(&n.actions);
        self.actions(&n.private_actions);
    }
}
