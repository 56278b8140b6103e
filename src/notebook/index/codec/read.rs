//! Reading what [`super::Writer`] wrote: the directory of a note index, and its shards.

use std::ops::Range;
use std::sync::Arc;

use jiff::civil::Date;

use crate::note::{Action, ActionState, Conclusion, DateToken, Indicator, Texts};
use crate::notebook::load::NoteFile;

use crate::notebook::index::{Entry, Key};

/// A shard in the directory: its first and last paths, where its bytes are after the
/// directory, how many of them are numbers, and their CRC-32.
pub(in crate::notebook::index) struct Listed {
    pub(in crate::notebook::index) first: String,
    pub(in crate::notebook::index) last: String,
    pub(in crate::notebook::index) bytes: Range<usize>,
    pub(in crate::notebook::index) bin_len: usize,
    pub(in crate::notebook::index) crc: u32,
}

/// The build and the shards of a directory (the whole of `head`), and how many bytes the
/// shards take after it: each lies after the one before.
pub(in crate::notebook::index) fn directory(
    head: &[u8],
) -> Option<(Vec<Listed>, crate::notebook::index::Build, usize)> {
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
pub(in crate::notebook::index) type Parts<'a> = (&'a [u8], &'a [u8]);

/// Reads one shard written by [`super::Writer`].
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
    pub(in crate::notebook::index) fn entries(
        (bin, arena): Parts<'a>,
        heads: bool,
    ) -> Option<Vec<Entry>> {
        let mut r = Reader::new(bin, std::str::from_utf8(arena).ok()?);
        r.heads = heads;
        let mut out = Vec::with_capacity(crate::notebook::index::file::SHARD);
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

    /// An item's owners or groups ([`crate::note::Names`]), read into place.
    pub(crate) fn names(&mut self) -> Option<crate::note::Names> {
        let n = self.count()?;
        let mut v = crate::note::Names::with_capacity(n);
        for _ in 0..n {
            v.push(self.str()?);
        }
        Some(v)
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
            owners: self.names()?,
            due: self.token()?,
            share: self.names()?,
            from: self.token()?,
        })
    }

    fn actions(&mut self) -> Option<Vec<Action>> {
        self.list(Self::action)
    }

    /// The next entry.
    pub(in crate::notebook::index) fn entry(&mut self) -> Option<Entry> {
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
                share: r.names()?,
            })
        })?;
        note.actions = self.actions()?;
        note.private_actions = self.actions()?;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::Writer;
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
