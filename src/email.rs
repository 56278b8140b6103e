//! A digest as an email: an RFC 5322 message, `multipart/alternative` with a plain-text and
//! an HTML part, that `sendmail -t` or `msmtp -t` sends as it is. cascade never sends it.
//!
//! Written here rather than with a MIME crate (docs/design.md says why): the message has one
//! fixed shape. Headers are folded within 78 characters, names like "Zoë" become RFC 2047
//! encoded-words (never inside a quoted string); the bodies are quoted-printable, every line
//! within RFC 2045's 76 characters. Line ends are CRLF throughout.

use std::fmt::Write as _;

use crate::error::{Error, Result};

/// One address, with the name shown for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// Display name (`Dana Scott`), if any.
    pub name: Option<String>,
    /// `local@domain`.
    pub address: String,
}

impl Mailbox {
    /// Parse `addr`, `Name <addr>`, or a comma-separated list of them, as `cascade.toml`
    /// writes them; the error says what is wrong with which entry.
    pub fn parse_list(value: &str) -> Result<Vec<Mailbox>, String> {
        let mut out = Vec::new();
        for entry in value.split(',') {
            let entry = entry.trim();
            if entry.is_empty() {
                return Err(if value.trim().is_empty() {
                    "it is empty".to_owned()
                } else {
                    format!("`{value}` has an empty entry between commas")
                });
            }
            out.push(Mailbox::parse(entry)?);
        }
        Ok(out)
    }

    /// Parse one `addr` or `Name <addr>`.
    pub fn parse(entry: &str) -> Result<Mailbox, String> {
        // A line break in a header value would start a header of its own.
        if entry.chars().any(char::is_control) {
            return Err(format!(
                "`{}` holds a control character (a line break?)",
                entry.escape_debug()
            ));
        }
        let (name, address) = match entry.strip_suffix('>') {
            Some(rest) => {
                let Some((name, addr)) = rest.rsplit_once('<') else {
                    return Err(format!("`{entry}` ends with `>` but has no `<`"));
                };
                let name = name.trim().trim_matches('"').trim();
                ((!name.is_empty()).then(|| name.to_owned()), addr.trim())
            }
            None => (None, entry),
        };
        check_address(address).map_err(|why| format!("`{address}` {why}"))?;
        Ok(Mailbox {
            name,
            address: address.to_owned(),
        })
    }

    /// The domain of the address.
    pub fn domain(&self) -> &str {
        self.address.rsplit_once('@').map_or("", |(_, d)| d)
    }
}

/// Why `address` is not one a mail server takes as `local@domain`, if it is not.
fn check_address(address: &str) -> Result<(), &'static str> {
    if address.len() > 254 {
        return Err("is longer than the 254 characters mail servers take");
    }
    if !address.is_ascii() {
        return Err(
            "has characters outside ASCII (write an international domain in its `xn--` form)",
        );
    }
    let Some((local, domain)) = address.split_once('@') else {
        return Err("is not an email address (no `@`)");
    };
    let atom = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b))
    };
    if !atom(local) || local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err("has a part before `@` that mail servers refuse");
    }
    let label = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if !domain.split('.').all(label) {
        return Err("has a domain after `@` that is not a host name");
    }
    Ok(())
}

/// Who a message goes from and to, and the time it carries.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// `From:`.
    pub from: Mailbox,
    /// `To:`.
    pub to: Vec<Mailbox>,
    /// `Date:`, seconds since the epoch (UTC).
    pub date: i64,
}

/// What a message says, already rendered.
#[derive(Debug, Clone)]
pub struct Content<'a> {
    /// `Subject:`.
    pub subject: &'a str,
    /// The left part of `Message-ID:`, before its hash: `2026-W48.sales`.
    pub id: &'a str,
    /// The text/plain part.
    pub text: &'a str,
    /// The text/html part.
    pub html: &'a str,
}

/// The whole message, CRLF line ends, ready for `sendmail -t`.
///
/// `Message-ID:` is `<id.HASH@domain-of-From>`, HASH a digest of everything else but the
/// date: the same digest to the same people gets the same id, so a second send of it is
/// recognised as the same message. The MIME boundary is derived from it too, which makes
/// the message a function of its inputs.
pub fn message(env: &Envelope, c: &Content) -> Result<String> {
    let mut seed = String::new();
    for part in [c.subject, c.id, c.text, c.html, &env.from.address] {
        seed.push_str(part);
        seed.push('\0');
    }
    for m in &env.to {
        seed.push_str(&m.address);
        seed.push('\0');
    }
    let hash = |salt: u64| format!("{:016x}", fnv1a(salt, seed.as_bytes()));
    let id_part: String =
        c.id.chars()
            .map(|ch| {
                if ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.') {
                    ch
                } else {
                    '-'
                }
            })
            .collect();
    let domain = match env.from.domain() {
        "" => "cascade.invalid",
        d => d,
    };
    // `=_` never occurs in quoted-printable text, so the boundary cannot occur in a part.
    let boundary = format!("=_cascade_{}", hash(2));
    let date = jiff::Timestamp::from_second(env.date)
        .ok()
        .and_then(|t| {
            jiff::fmt::rfc2822::to_string(&t.to_zoned_datetime(jiff::tz::TimeZone::UTC)).ok()
        })
        .ok_or_else(|| Error::Internal(format!("no RFC 5322 date for {}", env.date)))?;
    let mut to = Vec::new();
    for (i, m) in env.to.iter().enumerate() {
        let mut tokens = m.tokens();
        if i + 1 < env.to.len()
            && let Some(last) = tokens.last_mut()
        {
            last.push(',');
        }
        to.extend(tokens);
    }
    let mut out = String::with_capacity(c.text.len() + c.html.len() * 11 / 10 + 1024);
    field(&mut out, "From", &env.from.tokens());
    field(&mut out, "To", &to);
    field(&mut out, "Subject", &unstructured(c.subject));
    field(&mut out, "Date", &[date]);
    field(
        &mut out,
        "Message-ID",
        &[format!("<{id_part}.{}@{domain}>", hash(1))],
    );
    out.push_str("MIME-Version: 1.0\r\n");
    out.push_str("Content-Type: multipart/alternative;\r\n");
    let _ = write!(out, " boundary=\"{boundary}\"\r\n\r\n");
    for (kind, body) in [("text/plain", c.text), ("text/html", c.html)] {
        let _ = write!(
            out,
            "--{boundary}\r\nContent-Type: {kind}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        );
        out.push_str(&quoted_printable(body));
        out.push_str("\r\n");
    }
    let _ = write!(out, "--{boundary}--\r\n");
    Ok(out)
}

/// FNV-1a over `bytes`, started from `salt`: stable from one version of cascade to the
/// next, unlike the standard library's hasher.
fn fnv1a(salt: u64, bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ salt;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Longest header line (RFC 5322 recommends 78 characters, CRLF excluded).
const LINE: usize = 78;
/// Longest encoded-word here: any of them fits on a line after a header's name.
const WORD: usize = 60;

/// `Name: tokens`, a space between tokens, folded before a token that would pass [`LINE`].
fn field(out: &mut String, name: &str, tokens: &[String]) {
    out.push_str(name);
    out.push(':');
    let mut col = name.len() + 1;
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 && col + 1 + t.len() > LINE {
            out.push_str("\r\n");
            col = 0;
        }
        out.push(' ');
        out.push_str(t);
        col += 1 + t.len();
    }
    out.push_str("\r\n");
}

impl Mailbox {
    /// The header tokens: the name (RFC 2047 encoded when not plain ASCII), then `<address>`.
    fn tokens(&self) -> Vec<String> {
        let mut out = match &self.name {
            Some(n) => phrase(n),
            None => Vec::new(),
        };
        out.push(format!("<{}>", self.address));
        out
    }
}

/// A display name as header tokens: plain words, a quoted string, or encoded-words.
fn phrase(name: &str) -> Vec<String> {
    let name: String = name.chars().filter(|c| !c.is_control()).collect();
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() {
        return Vec::new();
    }
    if words
        .iter()
        .all(|w| w.len() <= WORD && w.chars().all(atext))
    {
        return words.into_iter().map(str::to_owned).collect();
    }
    if name.is_ascii() && name.len() <= WORD {
        let mut q = String::from("\"");
        for c in words.join(" ").chars() {
            if c == '"' || c == '\\' {
                q.push('\\');
            }
            q.push(c);
        }
        q.push('"');
        return vec![q];
    }
    encoded_words(&words.join(" "))
}

/// Unstructured text (`Subject:`): its words, or encoded-words when it is not plain ASCII
/// or has a word too long for a line.
fn unstructured(text: &str) -> Vec<String> {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let words: Vec<&str> = text.split_whitespace().collect();
    if text.is_ascii() && words.iter().all(|w| w.len() <= WORD) {
        return words.into_iter().map(str::to_owned).collect();
    }
    encoded_words(&words.join(" "))
}

/// `text` as RFC 2047 `B` encoded-words of at most [`WORD`] characters, split between
/// characters (a decoder joins adjacent encoded-words without the space between them).
fn encoded_words(text: &str) -> Vec<String> {
    // `=?utf-8?B?` + `?=` is 12 characters; 4 base64 characters carry 3 bytes.
    let max_bytes = (WORD - 12) / 4 * 3;
    let mut out = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        if chunk.len() + c.len_utf8() > max_bytes {
            out.push(format!("=?utf-8?B?{}?=", base64(chunk.as_bytes())));
            chunk.clear();
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        out.push(format!("=?utf-8?B?{}?=", base64(chunk.as_bytes())));
    }
    out
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= group.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `text` as quoted-printable (RFC 2045 §6.7): CRLF line ends, no line over 76 characters
/// (a soft break `=` included), `=`, bytes over 126 and trailing blanks encoded, and so is
/// the first character of a line that starts with `From ` or `.`.
pub fn quoted_printable(text: &str) -> String {
    const MAX: usize = 76;
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let normalized = text.replace("\r\n", "\n");
    let mut lines = normalized.split('\n').peekable();
    while let Some(line) = lines.next() {
        let mut col = 0;
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let last = i + 1 == bytes.len();
            let literal = (b == b'\t' || (32..=126).contains(&b)) && b != b'=';
            // A blank at a line's end would be lost in transport: encode it.
            let token_len = if literal && !(last && (b == b' ' || b == b'\t')) {
                1
            } else {
                3
            };
            // Room for the soft break `=` unless this is the line's last token.
            let room = if last { MAX } else { MAX - 1 };
            if col + token_len > room {
                out.push_str("=\r\n");
                col = 0;
            }
            // A line starting "From " gets a `>` in an mbox, one starting "." may be cut by
            // an old MTA: encoding the first character keeps them as they are.
            let risky = col == 0 && (b == b'.' || (b == b'F' && bytes[i..].starts_with(b"From ")));
            let token_len = if risky { 3 } else { token_len };
            if token_len == 1 {
                out.push(b as char);
            } else {
                let _ = write!(out, "={b:02X}");
            }
            col += token_len;
        }
        if lines.peek().is_some() {
            out.push_str("\r\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_parse_with_and_without_names_and_refuse_header_injection() {
        assert_eq!(
            Mailbox::parse_list("Dana Scott <dana@example.org>, sales@example.org").unwrap(),
            vec![
                Mailbox {
                    name: Some("Dana Scott".into()),
                    address: "dana@example.org".into()
                },
                Mailbox {
                    name: None,
                    address: "sales@example.org".into()
                }
            ]
        );
        assert_eq!(
            Mailbox::parse("\"Zoë Ørsted\" <zoe@example.org>")
                .unwrap()
                .name
                .as_deref(),
            Some("Zoë Ørsted")
        );
        for bad in [
            "",
            "sales",
            "a@b,",
            "sales@example.org\nBcc: evil@example.org",
            "Dana dana@example.org>",
            "a b@example.org",
            "a@exa mple.org",
            "a@-example.org",
            ".a@example.org",
            "zoë@example.org",
        ] {
            assert!(Mailbox::parse_list(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn quoted_printable_keeps_every_line_within_76_characters_and_round_trips() {
        let text = format!(
            "Zoë said: a=b\nends with a blank \nFrom here\n.\n{}\n{}\n\n",
            "x".repeat(200),
            "é".repeat(60)
        );
        let qp = quoted_printable(&text);
        for line in qp.split("\r\n") {
            assert!(line.len() <= 76, "{} chars: {line}", line.len());
            assert!(line.is_ascii(), "{line}");
        }
        assert!(qp.contains("Zo=C3=AB said: a=3Db\r\n"), "{qp}");
        assert!(
            qp.contains("ends with a blank=20\r\n=46rom here\r\n=2E\r\n"),
            "{qp}"
        );
        // Decoding: soft breaks vanish, =XX become bytes.
        let joined = qp.replace("=\r\n", "");
        let mut bytes = Vec::new();
        let mut it = joined.bytes();
        while let Some(b) = it.next() {
            if b == b'=' {
                let hex: String = [it.next().unwrap(), it.next().unwrap()]
                    .iter()
                    .map(|&c| c as char)
                    .collect();
                bytes.push(u8::from_str_radix(&hex, 16).unwrap());
            } else {
                bytes.push(b);
            }
        }
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            text.replace('\n', "\r\n")
        );
    }
}
