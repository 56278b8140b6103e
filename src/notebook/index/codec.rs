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
use std::ops::Range;
use std::sync::Arc;

use jiff::civil::Date;
use rustc_hash::FxHashMap;

use crate::note::{Action, ActionState, Conclusion, DateToken, Indicator, Texts};
use crate::notebook::load::NoteFile;

use super::{Entry, Key, Row};

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

/// A shard in the directory: its first and last paths, where its bytes are after the
/// directory, how many of them are numbers, and their CRC-32.
pub(super) struct Listed {
    pub(super) first: String,
    pub(super) last: String,
    pub(super) bytes: Range<usize>,
    pub(super) bin_len: usize,
    pub(super) crc: u32,
}

/// The build and the shards of a directory (the whole of `head`), and how many bytes the
/// shards take after it: each lies after the one before.
pub(super) fn directory(head: &[u8]) -> Option<(Vec<Listed>, super::Build, usize)> {
    let mut r = Reader::new(head, "");
    let (size, secs, nanos, count) = (r.uint()?, r.uint()?, r.uint()?, r.count()?);
    let build = (size, i64::try_from(secs).ok()?, i64::try_from(nanos).ok()?);
    let mut out = Vec::with_capacity(count);
    let mut at = 0usize;
    for _ in 0..count {
        let first = r.raw_str()?;
        let last = r.raw_str()?;
        let (bin_len, arena_len) = (r.usize()?, r.usize()?);
        let crc = u32::try_from(r.uint()?).ok()?;
        let end = at.checked_add(bin_len)?.checked_add(arena_len)?;
        out.push(Listed {
            first,
            last,
            bytes: at..end,
            bin_len,
            crc,
        });
        at = end;
    }
    r.bin.is_empty().then_some((out, build, at))
}

/// A shard's two parts: its numbers and its strings.
pub(super) type Parts<'a> = (&'a [u8], &'a [u8]);

/// Reads one shard written by [`Writer`].
pub(crate) struct Reader<'a> {
    bin: &'a [u8],
    arena: &'a str,
    /// The shard's shared texts read so far, by number.
    texts: Vec<Arc<str>>,
    /// The shard's actions' texts read so far, by number.
    blocks: Vec<Texts>,
    /// Notes' bodies are stepped over: their indicators, conclusions and actions come out
    /// empty.
    heads: bool,
}

impl<'a> Reader<'a> {
    /// A reader of numbers `bin` and strings `arena`.
    pub(crate) fn new(bin: &'a [u8], arena: &'a str) -> Reader<'a> {
        Reader {
            bin,
            arena,
            texts: Vec::new(),
            blocks: Vec::new(),
            heads: false,
        }
    }

    /// The entries of a shard's two parts, if they are all whole.
    /// With `heads`, the notes' bodies are stepped over (see [`Reader::heads`]).
    pub(super) fn entries((bin, arena): Parts<'a>, heads: bool) -> Option<Vec<Entry>> {
        let mut r = Reader::new(bin, std::str::from_utf8(arena).ok()?);
        r.heads = heads;
        let mut out = Vec::with_capacity(super::file::SHARD);
        while !r.bin.is_empty() {
            out.push(r.entry()?);
        }
        r.arena.is_empty().then_some(out)
    }

    /// Whether every number and string was read.
    pub(crate) fn done(&self) -> bool {
        self.bin.is_empty() && self.arena.is_empty()
    }

    pub(crate) fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.bin.split_first()?;
        self.bin = rest;
        Some(b)
    }

    pub(crate) fn uint(&mut self) -> Option<u64> {
        // Most numbers (lines, columns, lengths, counts) fit in one byte.
        if let Some((&b, rest)) = self.bin.split_first()
            && b & 0x80 == 0
        {
            self.bin = rest;
            return Some(u64::from(b));
        }
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    pub(crate) fn int(&mut self) -> Option<i64> {
        let u = self.uint()?;
        Some(((u >> 1) as i64) ^ -((u & 1) as i64))
    }

    pub(crate) fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.uint()?).ok()
    }

    /// A count of items each at least one byte long: never more than the bytes left, so a
    /// damaged count cannot ask for a huge allocation.
    pub(crate) fn count(&mut self) -> Option<usize> {
        let n = self.usize()?;
        (n <= self.bin.len()).then_some(n)
    }

    /// A string written in the numbers themselves (the directory's paths).
    fn raw_str(&mut self) -> Option<String> {
        let n = self.usize()?;
        let b = self.bin.get(..n)?;
        self.bin = self.bin.get(n..)?;
        String::from_utf8(b.to_vec()).ok()
    }

    pub(crate) fn bool(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn f64(&mut self) -> Option<f64> {
        let (b, rest) = self.bin.split_first_chunk::<8>()?;
        self.bin = rest;
        Some(f64::from_le_bytes(*b))
    }

    pub(crate) fn str(&mut self) -> Option<String> {
        let n = self.usize()?;
        let s = self.arena.get(..n)?;
        self.arena = self.arena.get(n..)?;
        Some(s.to_owned())
    }

    /// A shared text: one allocation however many times the shard uses it.
    pub(crate) fn text(&mut self) -> Option<Arc<str>> {
        match self.usize()? {
            0 => {
                let n = self.usize()?;
                let s: Arc<str> = self.arena.get(..n)?.into();
                self.arena = self.arena.get(n..)?;
                self.texts.push(Arc::clone(&s));
                Some(s)
            }
            k => self.texts.get(k - 1).cloned(),
        }
    }

    /// An action's texts: one block however many times the shard uses it.
    pub(crate) fn action_texts(&mut self) -> Option<Texts> {
        match self.usize()? {
            0 => {
                let raw = self.str_slice()?;
                let title = self.str_slice()?;
                let identity = self.str_slice()?;
                let t = Texts::new(raw, title, identity);
                self.blocks.push(t.clone());
                Some(t)
            }
            k => self.blocks.get(k - 1).cloned(),
        }
    }

    /// The next string, borrowed from the arena.
    fn str_slice(&mut self) -> Option<&'a str> {
        let n = self.usize()?;
        let s = self.arena.get(..n)?;
        self.arena = self.arena.get(n..)?;
        Some(s)
    }

    /// A counted list, allocated once at its length (collecting `Option`s grows a vector
    /// step by step, which copied every decoded action several times).
    pub(crate) fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        let n = self.count()?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(item(self)?);
        }
        Some(v)
    }

    pub(crate) fn strs(&mut self) -> Option<Vec<String>> {
        self.list(Self::str)
    }

    pub(crate) fn date(&mut self) -> Option<Date> {
        let y = i16::try_from(self.int()?).ok()?;
        let m = i8::try_from(self.byte()?).ok()?;
        let d = i8::try_from(self.byte()?).ok()?;
        Date::new(y, m, d).ok()
    }

    pub(crate) fn opt_date(&mut self) -> Option<Option<Date>> {
        Some(if self.bool()? {
            Some(self.date()?)
        } else {
            None
        })
    }

    fn token(&mut self) -> Option<Option<DateToken>> {
        if !self.bool()? {
            return Some(None);
        }
        let raw = self.str()?;
        let date = if self.bool()? {
            Ok(self.date()?)
        } else {
            Err(self.str()?)
        };
        let column = self.usize()?;
        Some(Some(DateToken { raw, date, column }))
    }

    /// An action line's state.
    pub(crate) fn state(&mut self) -> Option<ActionState> {
        match self.byte()? {
            0 => Some(ActionState::Open),
            1 => Some(ActionState::Done),
            2 => Some(ActionState::Dropped),
            _ => None,
        }
    }

    fn action(&mut self) -> Option<Action> {
        Some(Action {
            line: self.usize()?,
            column: self.usize()?,
            state: self.state()?,
            texts: self.action_texts()?,
            owners: self.strs()?,
            due: self.token()?,
            share: self.strs()?,
            from: self.token()?,
        })
    }

    fn actions(&mut self) -> Option<Vec<Action>> {
        self.list(Self::action)
    }

    /// The next entry.
    pub(super) fn entry(&mut self) -> Option<Entry> {
        let rel = self.str()?;
        let key = Key {
            size: self.uint()?,
            mtime: (self.int()?, self.int()?),
            ctime: (self.int()?, self.int()?),
            ino: self.uint()?,
            dev: self.uint()?,
        };
        let report = self.str()?;
        let date = self.opt_date()?;
        let duration_min = if self.bool()? {
            Some(self.f64()?)
        } else {
            None
        };
        let cadence_days = if self.bool()? {
            Some(u32::try_from(self.uint()?).ok()?)
        } else {
            None
        };
        let private = self.bool()?;
        let share_with = self.strs()?;
        let problems = self.usize()?;
        let (bin_len, arena_len) = (self.usize()?, self.usize()?);
        let mut note = NoteFile {
            rel: rel.clone(),
            report,
            date,
            duration_min,
            cadence_days,
            private,
            share_with,
            indicators: Vec::new(),
            conclusions: Vec::new(),
            actions: Vec::new(),
            private_actions: Vec::new(),
            problems,
            key: Some(key),
        };
        let (bin_left, arena_left) = (self.bin.len(), self.arena.len());
        if self.heads {
            self.bin = self.bin.get(bin_len..)?;
            self.arena = self.arena.get(arena_len..)?;
        } else {
            self.body(&mut note)?;
        }
        // The body took the bytes its lengths say, no more, no less.
        (bin_left - self.bin.len() == bin_len && arena_left - self.arena.len() == arena_len)
            .then_some(Entry { rel, key, note })
    }

    /// What a note says beyond its front matter, into `note`.
    fn body(&mut self, note: &mut NoteFile) -> Option<()> {
        note.indicators = self.list(|r| {
            Some(Indicator {
                name: r.str()?,
                value: r.f64()?,
                line: r.usize()?,
            })
        })?;
        note.conclusions = self.list(|r| {
            Some(Conclusion {
                line: r.usize()?,
                text: r.str()?,
                share: r.strs()?,
            })
        })?;
        note.actions = self.actions()?;
        note.private_actions = self.actions()?;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_written_again_in_a_shard_reads_back_as_the_same_string() {
        let mut w = Writer::default();
        for s in ["ship it", "Ship it", "ship it", "", ""] {
            w.text(s);
        }
        let (bytes, bin) = w.finish();
        let mut r = Reader::new(&bytes[..bin], std::str::from_utf8(&bytes[bin..]).unwrap());
        let read: Vec<Arc<str>> = (0..5).map(|_| r.text().unwrap()).collect();
        assert_eq!(
            read.iter().map(|s| &**s).collect::<Vec<_>>(),
            ["ship it", "Ship it", "ship it", "", ""]
        );
        // Written once, held once.
        assert!(Arc::ptr_eq(&read[0], &read[2]));
        assert!(Arc::ptr_eq(&read[3], &read[4]));
        assert_eq!(r.arena, "");
        assert!(r.bin.is_empty());
    }

    #[test]
    fn a_text_naming_one_not_read_yet_is_refused() {
        for bin in [&[1u8][..], &[2, 0, 1], &[0x80]] {
            let mut r = Reader::new(bin, "a");
            assert!(r.text().and_then(|_| r.text()).is_none(), "{bin:?}");
        }
    }
}
