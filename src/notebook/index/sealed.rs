//! The files cascade keeps in `<git dir>/cascade/` (the note index, the history index): each
//! records the build of cascade that wrote it and is checked by CRC-32 (the history index is a
//! magic line, a CRC-32 of the rest and a body; the note index checks its directory and each
//! shard on its own, so that a command reads only the shards it needs). Written whole or not
//! at all, readable by their owner only: they hold what the notes say.

use std::io::Write;
use std::path::Path;

/// The binary that writes and reads a file: (size, mtime seconds, mtime nanoseconds).
pub(crate) type Build = (u64, i64, i64);

/// The running binary's size and mtime: a rebuild or another version is another build.
pub(crate) fn this_build() -> Option<Build> {
    let meta = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    let m = meta.modified().ok()?;
    let d = m.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some((
        meta.len(),
        i64::try_from(d.as_secs()).ok()?,
        i64::from(d.subsec_nanos()),
    ))
}

/// `magic`, the CRC-32 of `body`, then `body`.
pub(crate) fn seal(magic: &[u8], body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(magic.len() + 4 + body.len());
    out.extend_from_slice(magic);
    out.extend_from_slice(&crc32fast::hash(body).to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// The body of `bytes` when they start with `magic` and the CRC-32 holds (it starts at
/// `bytes.len() - body.len()`).
pub(crate) fn unseal<'a>(magic: &[u8], bytes: &'a [u8]) -> Option<&'a [u8]> {
    let rest = bytes.strip_prefix(magic)?;
    let (sum, body) = rest.split_first_chunk::<4>()?;
    (u32::from_le_bytes(*sum) == crc32fast::hash(body)).then_some(body)
}

/// Write `file` whole or not at all: a temporary file (0600) in its folder, renamed over it.
pub(crate) fn write(file: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = file.parent().ok_or("no folder")?;
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("cascade");
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}-"))
        .tempfile_in(dir)
        .map_err(|e| e.to_string())?;
    tmp.write_all(bytes).map_err(|e| e.to_string())?;
    tmp.persist(file).map_err(|e| e.error.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_body_reads_back_and_any_damage_is_refused() {
        let bytes = seal(b"magic\n", b"the body");
        assert_eq!(unseal(b"magic\n", &bytes), Some(&b"the body"[..]));
        assert_eq!(unseal(b"other\n", &bytes), None);
        for cut in 0..bytes.len() {
            assert_eq!(unseal(b"magic\n", &bytes[..cut]), None);
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 1;
            assert_eq!(unseal(b"magic\n", &b), None, "byte {i}");
        }
    }
}
