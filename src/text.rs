//! Bytes to text: encoding checks and the one place that turns byte offsets into lines.
//!
//! Every line and column cascade reports goes through [`LineIndex`], so a BOM or CRLF
//! line endings can never shift what a user sees against the file on disk. Also the small
//! text helpers every layer shares: a caret's span in a line, plurals.

/// The UTF-8 byte order mark.
pub const BOM: &str = "\u{feff}";

/// Why a file's bytes are not text cascade can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodingError {
    /// 1-based line of the first offending byte.
    pub line: usize,
    /// 1-based column (characters before it on its line, plus one).
    pub column: usize,
    /// What is wrong, for the user.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

/// Check that `bytes` are UTF-8 text and return them as `&str`, BOM included.
pub fn decode(bytes: &[u8]) -> Result<&str, EncodingError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(EncodingError {
            line: 1,
            column: 1,
            message: "this file is UTF-16, which is not supported".into(),
            help: "convert it to UTF-8, e.g. `iconv -f UTF-16 -t UTF-8 FILE > FILE.new`".into(),
        });
    }
    if let Some(pos) = memchr_nul(bytes) {
        let (line, column) = position_in_bytes(bytes, pos);
        return Err(EncodingError {
            line,
            column,
            message: "this file contains a NUL byte: it looks binary, not Markdown".into(),
            help: "move binary files out of `notes/` or give them another extension".into(),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let pos = e.valid_up_to();
            let (line, column) = position_in_bytes(bytes, pos);
            Err(EncodingError {
                line,
                column,
                message: format!("invalid UTF-8: byte 0x{:02X} is not valid here", bytes[pos]),
                help: "save the file as UTF-8; cascade never rewrites a file it cannot decode"
                    .into(),
            })
        }
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

/// Line and column of byte `pos` in possibly invalid UTF-8 (columns count valid characters).
fn position_in_bytes(bytes: &[u8], pos: usize) -> (usize, usize) {
    let before = &bytes[..pos];
    // LF, CRLF and a lone CR each end a line, as in `LineIndex`.
    let ends =
        |i: usize| before[i] == b'\n' || (before[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
    let line = (0..before.len()).filter(|&i| ends(i)).count() + 1;
    let line_start = (0..before.len())
        .rev()
        .find(|&i| ends(i))
        .map_or(0, |p| p + 1);
    let mut seg = &before[line_start..];
    if line == 1 && seg.starts_with(BOM.as_bytes()) {
        seg = &seg[3..];
    }
    let column = String::from_utf8_lossy(seg)
        .chars()
        .filter(|&c| c != '\r')
        .count()
        + 1;
    (line, column)
}

/// `s.trim()`, without decoding characters when the ends are ASCII (nearly every line of a
/// note): ASCII spaces are cut bytewise, and only an end left on another byte (`\x0B`, any
/// non-ASCII character) is trimmed as `str::trim` does. The scanner and the rules trim every
/// line.
pub fn trim(s: &str) -> &str {
    let graphic_ends = |t: &str| match t.as_bytes() {
        [f, .., l] => f.is_ascii_graphic() && l.is_ascii_graphic(),
        [c] => c.is_ascii_graphic(),
        [] => false,
    };
    if graphic_ends(s) {
        return s;
    }
    let t = s.trim_ascii();
    if graphic_ends(t) { t } else { s.trim() }
}

/// Whether `hit` accepts some index of `b` whose byte is the ASCII letter `x` or `y` in
/// either case (`x` and `y` lowercase letters), asked in increasing order. Eight bytes are
/// looked at at once: the scanner asks this of every heading and of many lines, mostly short,
/// where `memchr` costs more to start than it saves (on lines of 80 bytes and more, `memchr2`
/// for one letter is cheaper, callgrind).
pub fn any_letter_at(b: &[u8], x: u8, y: u8, mut hit: impl FnMut(usize) -> bool) -> bool {
    const FOLD: u64 = u64::from_le_bytes([0x20; 8]);
    let (wx, wy) = (u64::from_le_bytes([x; 8]), u64::from_le_bytes([y; 8]));
    let mut chunks = b.chunks_exact(8);
    let mut at = 0;
    for c in chunks.by_ref() {
        let w = u64::from_le_bytes(c.try_into().unwrap_or([0; 8])) | FOLD;
        let mut found = zero_bytes(w ^ wx) | zero_bytes(w ^ wy);
        while found != 0 {
            if hit(at + found.trailing_zeros() as usize / 8) {
                return true;
            }
            found &= found - 1;
        }
        at += 8;
    }
    let is = |c: u8| (c | 0x20) == x || (c | 0x20) == y;
    (at..b.len()).any(|i| is(b[i]) && hit(i))
}

/// 0x80 in each byte of `v` (eight bytes, little-endian) that is zero, and nowhere else: no
/// carry crosses a byte, so every mark is exact.
pub(crate) fn zero_bytes(v: u64) -> u64 {
    const LOW: u64 = u64::from_le_bytes([0x7f; 8]);
    !((v & LOW).wrapping_add(LOW) | v | LOW)
}

/// Push the offset after each `\n` of `b`. Sixteen bytes at a time become a mask of their
/// newlines, then each set bit an offset: `memchr`, started afresh on every line, took 93
/// instructions a line on notes of 60-byte lines, this 66. Held to `memchr_iter` by a
/// property test.
fn newlines(b: &[u8], starts: &mut Vec<usize>) {
    let base = newlines_by_sixteen(b, starts);
    starts.extend(memchr::memchr_iter(b'\n', &b[base..]).map(|i| base + i + 1));
}

/// [`newlines`] over the whole blocks of sixteen bytes of `b`; how many bytes it read.
#[cfg(target_arch = "x86_64")]
fn newlines_by_sixteen(b: &[u8], starts: &mut Vec<usize>) -> usize {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
    };
    let mut base = 0;
    for block in b.chunks_exact(16) {
        // SAFETY: SSE2 is part of every x86-64 processor (the target enables it), and
        // `block` holds exactly 16 readable bytes; the load needs no alignment.
        let mut mask = unsafe {
            let v = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
            _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8))) as u32
        };
        while mask != 0 {
            starts.push(base + mask.trailing_zeros() as usize + 1);
            mask &= mask - 1;
        }
        base += 16;
    }
    base
}

/// [`newlines`] over whole blocks: none elsewhere, `memchr` reads it all.
#[cfg(not(target_arch = "x86_64"))]
fn newlines_by_sixteen(_: &[u8], _: &mut Vec<usize>) -> usize {
    0
}

/// Byte offsets of line starts, for turning offsets into 1-based lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        let b = text.as_bytes();
        if memchr::memchr(b'\r', b).is_none() {
            newlines(b, &mut starts);
            return LineIndex { starts };
        }
        // A lone CR ends a line too (CommonMark): a CR-only file must not be one long line,
        // or a `## Private` after a lone CR would not start a private part.
        starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', b)
                .filter(|&i| b[i] == b'\n' || b.get(i + 1) != Some(&b'\n'))
                .map(|i| i + 1),
        );
        LineIndex { starts }
    }

    /// Number of lines (a final line without a newline counts).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// True when the text had no bytes at all.
    pub fn is_empty(&self) -> bool {
        self.starts.len() == 1
    }

    /// The 1-based line containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.clamp(1, self.starts.len()) - 1]
    }

    /// 1-based line and character column of byte `offset` (BOM and `\r` not counted).
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let mut seg = &text[start..offset.min(text.len())];
        if line == 1 {
            seg = seg.strip_prefix(BOM).unwrap_or(seg);
        }
        (line, seg.chars().filter(|&c| c != '\r').count() + 1)
    }

    /// The text of 1-based `line`, without its line ending (or BOM).
    #[inline]
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        if line == 0 || line > self.starts.len() {
            return "";
        }
        let start = self.starts[line - 1];
        let end = self.starts.get(line).map_or(text.len(), |&e| e);
        let s = &text[start..end];
        let s = s.strip_suffix('\n').unwrap_or(s);
        let s = s.strip_suffix('\r').unwrap_or(s);
        if line == 1 {
            s.strip_prefix(BOM).unwrap_or(s)
        } else {
            s
        }
    }
}

/// Iterate over `(line_number, line_text)` with endings and a leading BOM removed; LF, CRLF
/// and a lone CR each end a line.
pub fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    lines_inclusive(text).enumerate().map(|(i, l)| {
        let l = l.strip_suffix('\n').unwrap_or(l);
        (i + 1, l.strip_suffix('\r').unwrap_or(l))
    })
}

/// The lines of `text` with their endings kept, where LF, CRLF and a lone CR each end a line:
/// the one definition of a line break every reader of note text shares.
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let b = rest.as_bytes();
        let end = match memchr::memchr2(b'\n', b'\r', b) {
            Some(i) if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') => i + 2,
            Some(i) => i + 1,
            None => b.len(),
        };
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

/// The line ending a text mostly uses: `"\r\n"` when any line ends with it, else `"\n"`.
pub fn line_ending_of(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// Character column (1-based) of byte `offset` within a single line.
pub fn column_in_line(line: &str, offset: usize) -> usize {
    line[..offset.min(line.len())].chars().count() + 1
}

/// `s` on one line: control characters (line breaks, tabs, escapes) written as `\n`, `\u{1b}`,
/// so a file name cannot add lines to a commit message or a listing.
pub fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The byte range of the character at 1-based `column` of `line`, for a snippet's caret
/// (empty at the end of the line).
pub fn caret(line: &str, column: usize) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let end = line[start..]
        .char_indices()
        .nth(1)
        .map_or(line.len(), |(i, _)| start + i);
    start..end
}

/// `1 day`, `3 days`.
pub fn plural(n: impl Into<i64>, word: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_that_skips_visible_ascii_ends_trims_as_str_trim_does() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\r",
            "ab",
            "a b",
            "\u{a0}a",
            "a\u{a0}",
            "\u{2003}",
            "é",
            " é ",
            "\u{b}x\u{b}",
            "x\u{85}",
            "- [ ]",
            "\u{feff}x",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn positions_ignore_bom_and_cr() {
        let text = "\u{feff}ab\r\ncd\r\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 3), (1, 1));
        assert_eq!(idx.position(text, text.find('d').unwrap()), (2, 2));
        assert_eq!(idx.line_text(text, 1), "ab");
        assert_eq!(idx.line_text(text, 2), "cd");
    }

    #[test]
    fn invalid_utf8_points_at_first_bad_byte() {
        let e = decode(b"ok\nab\xffcd\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
        assert!(e.message.contains("0xFF"));
    }

    #[test]
    fn a_bad_byte_after_lone_crs_is_on_its_true_line() {
        let e = decode(b"a\rb\r\nc\rd\xffe").unwrap_err();
        assert_eq!((e.line, e.column), (4, 2));
    }

    #[test]
    fn utf16_and_binary_are_refused() {
        assert!(
            decode(b"\xff\xfe-\x00")
                .unwrap_err()
                .message
                .contains("UTF-16")
        );
        assert!(decode(b"abc\x00").unwrap_err().message.contains("NUL"));
    }

    #[test]
    fn one_line_escapes_control_characters() {
        assert_eq!(one_line("2026-11-24"), "2026-11-24");
        assert_eq!(one_line("a\nReport: x"), "a\\nReport: x");
        assert_eq!(one_line("a\u{1b}[31m"), "a\\u{1b}[31m");
    }

    #[test]
    fn a_lone_cr_ends_a_line_everywhere() {
        let text = "a\rb\r\nc\n\rd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.len(), 5);
        let by_index: Vec<_> = (1..=5).map(|l| idx.line_text(text, l)).collect();
        assert_eq!(by_index, vec!["a", "b", "c", "", "d"]);
        let by_iter: Vec<_> = lines(text).map(|(_, l)| l).collect();
        assert_eq!(by_iter, by_index);
        assert_eq!(idx.position(text, text.find('d').unwrap()), (5, 1));
    }

    proptest::proptest! {
        #[test]
        fn newlines_found_a_block_at_a_time_are_the_ones_memchr_finds(
            b in proptest::collection::vec(proptest::prop_oneof![
                proptest::prelude::any::<u8>(),
                proptest::sample::select(b"\n\n\na ".to_vec()),
            ], 0..300),
        ) {
            let mut starts = vec![0];
            newlines(&b, &mut starts);
            let mut want = vec![0];
            want.extend(memchr::memchr_iter(b'\n', &b).map(|i| i + 1));
            proptest::prop_assert_eq!(starts, want);
        }

        #[test]
        fn trim_cutting_ascii_ends_bytewise_trims_as_str_trim_does(
            s in "[ \t\r\n\x0B\x0Ca#\u{a0}\u{2003}\u{85}é-]{0,12}",
        ) {
            let t = trim(&s);
            proptest::prop_assert_eq!(t, s.trim());
            // The same slice of `s`, not only equal text: callers count offsets from it.
            proptest::prop_assert!(t.is_empty() || t.as_ptr() == s.trim().as_ptr());
        }

        #[test]
        fn letters_found_eight_bytes_at_a_time_are_the_letters_found_one_by_one(
            b in proptest::collection::vec(proptest::prop_oneof![
                proptest::prelude::any::<u8>(),
                proptest::sample::select(b"vVfFyYdD \x56\x76\xd6\xf6".to_vec()),
            ], 0..80),
            x in proptest::sample::select(b"vfy".to_vec()),
            y in proptest::sample::select(b"vfyd".to_vec()),
            stop in 0usize..90,
        ) {
            let mut seen = Vec::new();
            let found = any_letter_at(&b, x, y, |i| { seen.push(i); i >= stop });
            let want: Vec<usize> = (0..b.len())
                .filter(|&i| b[i].eq_ignore_ascii_case(&x) || b[i].eq_ignore_ascii_case(&y))
                .collect();
            let until: Vec<usize> = want.iter().copied().take_while(|&i| i < stop).collect();
            let expect_found = want.iter().any(|&i| i >= stop);
            proptest::prop_assert_eq!(found, expect_found);
            let mut expect = until;
            if let Some(&first) = want.iter().find(|&&i| i >= stop) {
                expect.push(first);
            }
            proptest::prop_assert_eq!(seen, expect);
        }
    }

    #[test]
    fn lines_strip_endings() {
        let v: Vec<_> = lines("\u{feff}a\r\nb\nc").collect();
        assert_eq!(v, vec![(1, "a"), (2, "b"), (3, "c")]);
    }
}
