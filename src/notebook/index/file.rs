//! The note index's file: a magic line, a directory with its CRC-32, then the entries in
//! shards of [`SHARD`], each with its own CRC-32 in the directory. Reading it finds the shards
//! without reading them ([`parse`]); a command then reads and decodes only the shards it needs
//! ([`entries_of`]), each checked first. Writing encodes the shards whose notes changed and
//! copies the others as they were ([`encode_pieces`]), then renames the file into place
//! ([`write`]).

use std::path::Path;

use rayon::prelude::*;

#[cfg(test)]
use super::Stored;
use super::codec;
use super::sealed::{self, Build};
use super::{Entry, Row};

/// The first bytes of an index file; the last byte is the format's version.
pub(super) const MAGIC: &[u8; 20] = b"cascade note index\n\x05";

/// The magic line, then the directory's length and CRC-32 (each 4 bytes, little-endian).
pub(super) const PREFIX: usize = MAGIC.len() + 8;

/// Entries per shard. A command reading some notes (the digest reads half a year of them)
/// decodes only the shards holding them, in parallel.
pub(super) const SHARD: usize = 32;

/// A shard of the file: the paths it covers, where its bytes are in the file, how many of them
/// are numbers, their CRC-32, and whether its entries were decoded already (then they are in
/// the index's entries, or taken).
#[derive(Debug)]
pub(super) struct Lazy {
    pub(super) first: String,
    pub(super) last: String,
    pub(super) bytes: std::ops::Range<u64>,
    pub(super) bin_len: usize,
    pub(super) crc: u32,
    pub(super) decoded: bool,
    /// A note it held changed, is gone, or a new one falls among its paths: it is written
    /// anew, not copied.
    pub(super) dirty: bool,
}

/// Where an index's bytes are read from: its file, mapped (a run writing a new index
/// meanwhile replaces the file by rename, which changes nothing for this one), or memory in
/// tests.
#[derive(Debug)]
pub(super) enum Source {
    Map(memmap2::Mmap),
    #[cfg(test)]
    Memory(Vec<u8>),
}

impl Source {
    /// The index in `file`, mapped whole. Mapped, not read: a command reading every note's
    /// entry (`status`, `actions`) read ten megabytes into memory the system first had to
    /// clear, page by page, which took a tenth of its time (docs/performance.md); mapped, the
    /// bytes are the file's own pages, already in memory.
    pub(super) fn map(file: &std::fs::File) -> std::io::Result<Source> {
        // A folder or a device in the index's place is said to be one, not "no such device".
        if !file.metadata()?.is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "not a regular file",
            ));
        }
        // SAFETY: the mapping is read only, and cascade never changes an index file in
        // place: a new one is written beside it and renamed over it (`sealed::write`), which
        // leaves the mapped file whole until it is unmapped. Only another program cutting the
        // file short meanwhile could make a read fault, as it would git's own mapped index.
        let map = unsafe { memmap2::MmapOptions::new().map(file)? };
        Ok(Source::Map(map))
    }

    /// All its bytes.
    fn all(&self) -> &[u8] {
        match self {
            Source::Map(m) => m,
            #[cfg(test)]
            Source::Memory(b) => b,
        }
    }

    /// How many bytes it has.
    pub(super) fn len(&self) -> u64 {
        self.all().len() as u64
    }

    /// The bytes in `range`, all of them or none.
    pub(super) fn read(&self, range: std::ops::Range<u64>) -> Option<&[u8]> {
        let start = usize::try_from(range.start).ok()?;
        let end = usize::try_from(range.end).ok()?;
        self.all().get(start..end)
    }
}

/// A checked index file: its build, its shards, and where to read them.
#[derive(Debug)]
pub(super) struct Parsed {
    pub(super) build: Build,
    pub(super) source: Source,
    pub(super) shards: Vec<Lazy>,
}

/// The entries of the shards `todo`, decoded in parallel, each shard checked by its CRC-32
/// first; with `heads`, without the notes' bodies. Only their bytes are read: the rest of the
/// file (most of it, for the digest of a week or `log` of one report) never is.
pub(super) fn entries_of(src: &Source, todo: &[&Lazy], heads: bool) -> Option<Vec<Vec<Entry>>> {
    todo.par_iter()
        .map(|s| {
            let b = src.read(s.bytes.clone())?;
            (crc32fast::hash(b) == s.crc).then_some(())?;
            let (bin, arena) = b.split_at_checked(s.bin_len)?;
            codec::Reader::entries((bin, arena), heads)
        })
        .collect()
}

/// The index in `source`, if its magic and directory check out and its shards end where it
/// does: its shards are found, not read.
pub(super) fn parse(source: Source) -> Option<Parsed> {
    let len = source.len();
    let prefix = source.read(0..PREFIX as u64)?;
    let rest = prefix.strip_prefix(MAGIC)?;
    let (head_len, sum) = rest.split_at_checked(4)?;
    let head_len = u32::from_le_bytes(head_len.try_into().ok()?);
    let sum = u32::from_le_bytes(sum.try_into().ok()?);
    let start = PREFIX as u64 + u64::from(head_len);
    // A damaged length never asks for more memory than the file has bytes.
    (start <= len).then_some(())?;
    let head = source.read(PREFIX as u64..start)?;
    (crc32fast::hash(head) == sum).then_some(())?;
    let (listed, build, total) = codec::directory(head)?;
    (start.checked_add(total as u64)? == len).then_some(())?;
    let shards = listed
        .into_iter()
        .map(|l| Lazy {
            first: l.first,
            last: l.last,
            bytes: start + l.bytes.start as u64..start + l.bytes.end as u64,
            bin_len: l.bin_len,
            crc: l.crc,
            decoded: false,
            dirty: false,
        })
        .collect();
    Some(Parsed {
        build,
        source,
        shards,
    })
}

/// The stored index in `bytes` decoded whole, for tests.
#[cfg(test)]
pub(super) fn decode(bytes: &[u8]) -> Option<Stored> {
    let p = parse(Source::Memory(bytes.to_vec()))?;
    let all: Vec<&Lazy> = p.shards.iter().collect();
    let entries = entries_of(&p.source, &all, false)?;
    Some(Stored {
        build: p.build,
        entries: entries.into_iter().flatten().collect(),
    })
}

/// The bytes of an index file holding `rows` (sorted by path), for tests.
#[cfg(test)]
pub(super) fn encode(build: Build, rows: &[Row]) -> Option<Vec<u8>> {
    encode_pieces(build, &[Piece::Rows(rows)])
}

/// A run of an index file to write: notes to encode into shards, or a shard of the file read
/// before, whose notes did not change, copied as it is (its CRC-32 checked when it was read
/// again).
pub(super) enum Piece<'a> {
    Rows(&'a [Row<'a>]),
    Kept {
        first: &'a str,
        last: &'a str,
        bytes: &'a [u8],
        bin_len: usize,
        crc: u32,
    },
}

/// A shard to write: its first and last paths, its bytes, how many of them are numbers, and
/// their CRC-32.
type Shard<'a> = (&'a str, &'a str, std::borrow::Cow<'a, [u8]>, usize, u32);

/// The bytes of an index file holding `pieces` (in path order, disjoint); None for a
/// directory over 4 GiB (some 40 million notes), which is not written.
pub(super) fn encode_pieces(build: Build, pieces: &[Piece]) -> Option<Vec<u8>> {
    let mut shards: Vec<Shard> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Rows(rows) => shards.extend(
                // Shards of even size: 33 rows are two of 17 and 16, not 32 and 1.
                rows.par_chunks(rows.len().div_ceil(rows.len().div_ceil(SHARD)).max(1))
                    .filter_map(|c| {
                        // Room for each action line's texts: the table never grows.
                        let lines = c
                            .iter()
                            .map(|(_, _, n)| n.actions.len() + n.private_actions.len())
                            .sum::<usize>();
                        let mut w = codec::Writer::with_actions(lines);
                        for r in c {
                            w.entry(*r);
                        }
                        let (bytes, bin_len) = w.finish();
                        let crc = crc32fast::hash(&bytes);
                        Some((c.first()?.0, c.last()?.0, bytes.into(), bin_len, crc))
                    })
                    .collect::<Vec<_>>(),
            ),
            Piece::Kept {
                first,
                last,
                bytes,
                bin_len,
                crc,
            } => shards.push((first, last, (*bytes).into(), *bin_len, *crc)),
        }
    }
    let (size, secs, nanos) = build;
    let mut head = codec::Writer::header([
        size,
        secs.max(0).unsigned_abs(),
        nanos.max(0).unsigned_abs(),
        shards.len() as u64,
    ]);
    for (first, last, bytes, bin_len, crc) in &shards {
        codec::Writer::directory_entry(&mut head, first, last, (bytes.len(), *bin_len), *crc);
    }
    let total: usize = shards.iter().map(|(_, _, b, ..)| b.len()).sum();
    let mut out = Vec::with_capacity(PREFIX + head.len() + total);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&u32::try_from(head.len()).ok()?.to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&head).to_le_bytes());
    out.extend_from_slice(&head);
    for (_, _, bytes, ..) in &shards {
        out.extend_from_slice(bytes);
    }
    Some(out)
}

/// Write the index atomically: a temporary file (0600) in its folder, renamed over it.
pub(super) fn write(file: &Path, build: Build, pieces: &[Piece]) -> Result<(), String> {
    sealed::write(
        file,
        &encode_pieces(build, pieces).ok_or("too many notes to index")?,
    )
}
