//! `digest --audience GROUP --format email`: one group's digest as a message to that group,
//! its parts rendered from `audience-email.txt.j2` and `audience-email.html.j2`
//! (overridable from the notebook's `templates/`).

use crate::digest::audience::AudienceDigest;
use crate::email::{Content, Envelope, Mailbox};
use crate::error::{Error, Result};
use crate::notebook::{CONFIG_FILE, Notebook};
use crate::templates::Templates;

/// The template of the plain-text part.
pub const TEXT_TEMPLATE: &str = "audience-email.txt.j2";
/// The template of the HTML part.
pub const HTML_TEMPLATE: &str = "audience-email.html.j2";

/// Who the digest of `group` goes to (`[groups.NAME] email`) and from (`[notebook] from`,
/// else git's `user.name` and `user.email`), dated `date` (seconds since the epoch).
pub fn envelope(nb: &Notebook, group: &str, date: i64) -> Result<Envelope> {
    let g = nb.config.groups.get(group);
    let Some(email) = g.and_then(|g| g.email.as_deref()) else {
        let table = if g.is_some() {
            format!("the `[groups.{group}]` table")
        } else {
            format!("a `[groups.{group}]` table")
        };
        return Err(Error::input(
            format!("group `{group}` has no email address to send its digest to"),
            Some(format!(
                "add `email = \"{group}@example.org\"` to {table} in {CONFIG_FILE}"
            )),
        ));
    };
    let invalid = |key: &str, why: String| {
        Error::input(
            format!("invalid {CONFIG_FILE}: `{key}`: {why}"),
            Some("write `address@example.org` or `Name <address@example.org>`".into()),
        )
    };
    let mut to =
        Mailbox::parse_list(email).map_err(|w| invalid(&format!("groups.{group}.email"), w))?;
    // A lone address reads better under the group's name.
    if let ([m], Some(name)) = (to.as_mut_slice(), g.and_then(|g| g.name.as_ref()))
        && m.name.is_none()
    {
        m.name = Some(name.clone());
    }
    let from = match &nb.config.notebook.from {
        Some(f) => Mailbox::parse(f.trim()).map_err(|w| invalid("notebook.from", w))?,
        None => {
            let Some((name, address)) = crate::git::user_identity(&nb.root) else {
                return Err(Error::input(
                    "no sender for the email: neither `[notebook] from` nor git's user.name and user.email is set",
                    Some(format!(
                        "add `from = \"Your Name <you@example.org>\"` under `[notebook]` in {CONFIG_FILE}, or run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.org`"
                    )),
                ));
            };
            let mut m = Mailbox::parse(&address).map_err(|w| {
                Error::input(
                    format!("git's user.email cannot be a sender: {w}"),
                    Some(format!(
                        "set `from = \"Your Name <you@example.org>\"` under `[notebook]` in {CONFIG_FILE}"
                    )),
                )
            })?;
            m.name = Some(name.chars().filter(|c| !c.is_control()).collect());
            m
        }
    };
    Ok(Envelope { from, to, date })
}

/// The plain-text and HTML renderings of `d`, without control characters but line breaks
/// and tabs.
pub fn bodies(d: &AudienceDigest, nb: Option<&Notebook>) -> Result<(String, String)> {
    // The context every rendering of a group's digest gets: its title, owners' names, and
    // only web links.
    let ctx = super::audience::context(d, nb)?;
    let t = Templates::new(nb.map(|n| n.root.as_path()));
    // Mail is read in terminals too: no escape sequence from a note or a name reaches it.
    let clean = |s: String| crate::ui::terminal_safe(&s, false).into_owned();
    Ok((
        clean(t.render(TEXT_TEMPLATE, &ctx)?),
        clean(t.render(HTML_TEMPLATE, &ctx)?),
    ))
}

/// The message for `d`'s group, ready for `sendmail -t`.
pub fn render(d: &AudienceDigest, envelope: &Envelope, nb: Option<&Notebook>) -> Result<String> {
    let (text, html) = bodies(d, nb)?;
    let id = format!(
        "{}.{}",
        d.week
            .clone()
            .unwrap_or_else(|| format!("{}..{}", d.from, d.to)),
        d.audience
    );
    crate::email::message(
        envelope,
        &Content {
            subject: &super::audience::title(d),
            id: &id,
            text: &text,
            html: &html,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::audience::{SharedAction, SharedActions, SharedConclusion};
    use mail_parser::{MessageParser, MimeHeaders};

    fn digest(audience_name: &str, text: &str) -> AudienceDigest {
        AudienceDigest {
            version: 1,
            kind: "audience".into(),
            week: Some("2026-W48".into()),
            from: "2026-11-23".into(),
            to: "2026-11-29".into(),
            as_of: "2026-11-24".into(),
            audience: "ventes".into(),
            audience_name: audience_name.into(),
            supervisor: "dana".into(),
            supervisor_name: "Dana Scott".into(),
            conclusions: vec![SharedConclusion {
                text: text.into(),
                report: "zoe".into(),
                report_name: "Zoë Ørsted".into(),
                date: "2026-11-23".into(),
                link: Some("https://git.example.org/n/notes/zoe/2026-11-23.md#L9".into()),
            }],
            actions: SharedActions {
                overdue: vec![SharedAction {
                    text: "Send the price list".into(),
                    state: "open".into(),
                    report: "zoe".into(),
                    report_name: "Zoë Ørsted".into(),
                    owners: vec!["zoe".into()],
                    due: Some("2026-11-20".into()),
                    opened: Some("2026-11-16".into()),
                    days_late: Some(4),
                    done_on: None,
                    dropped_on: None,
                    link: None,
                }],
                ..SharedActions::default()
            },
            indicators: vec![],
        }
    }

    fn envelope() -> Envelope {
        Envelope {
            from: Mailbox::parse("Zoë Ørsted-Scott <dana@example.org>").unwrap(),
            to: Mailbox::parse_list("Équipe ventes <ventes@example.org>, boss@example.org")
                .unwrap(),
            date: 1_795_478_400, // 2026-11-24T00:00:00Z
        }
    }

    #[test]
    fn the_email_parses_back_into_both_renderings_with_its_headers_decoded() {
        let long = format!(
            "Keep the price list & <b>bold</b> for Zoë. {}",
            "Long ".repeat(80)
        );
        let d = digest("Ventes — Zoë's team", &long);
        let msg = render(&d, &envelope(), None).unwrap();
        let raw = msg.as_bytes();
        // Every line ends with CRLF, is ASCII and within 78 characters.
        assert!(msg.is_ascii());
        assert!(msg.ends_with("\r\n"));
        for line in msg.split("\r\n") {
            assert!(line.len() <= 78, "{} chars: {line:?}", line.len());
            assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
        }
        let m = MessageParser::default().parse(raw).unwrap();
        let from = m.from().unwrap().first().unwrap();
        assert_eq!(from.name(), Some("Zoë Ørsted-Scott"));
        assert_eq!(from.address(), Some("dana@example.org"));
        let to: Vec<(Option<&str>, Option<&str>)> = m
            .to()
            .unwrap()
            .iter()
            .map(|a| (a.name(), a.address()))
            .collect();
        assert_eq!(
            to,
            vec![
                (Some("Équipe ventes"), Some("ventes@example.org")),
                (None, Some("boss@example.org"))
            ]
        );
        assert_eq!(
            m.subject(),
            Some("Cascade digest 2026-W48 for Ventes — Zoë's team")
        );
        assert_eq!(
            m.header_raw("Date").map(str::trim),
            Some("Tue, 24 Nov 2026 00:00:00 +0000")
        );
        let id = m.message_id().unwrap();
        assert!(
            id.starts_with("2026-W48.ventes.") && id.ends_with("@example.org"),
            "{id}"
        );
        assert_eq!(m.header_raw("MIME-Version").map(str::trim), Some("1.0"));
        let ct = m.content_type().unwrap();
        assert_eq!(
            (ct.ctype(), ct.subtype()),
            ("multipart", Some("alternative"))
        );
        let (text, html) = bodies(&d, None).unwrap();
        let plain = m.text_part(0).unwrap();
        let hpart = m.html_part(0).unwrap();
        for (part, subtype) in [(plain, "plain"), (hpart, "html")] {
            let ct = part.content_type().unwrap();
            assert_eq!(ct.subtype(), Some(subtype));
            assert_eq!(ct.attribute("charset"), Some("utf-8"));
            assert_eq!(part.content_transfer_encoding(), Some("quoted-printable"));
        }
        assert_eq!(plain.text_contents().unwrap().replace("\r\n", "\n"), text);
        assert_eq!(hpart.text_contents().unwrap().replace("\r\n", "\n"), html);
        assert!(
            text.contains(&format!("- {long} (Zoë Ørsted, 2026-11-23)")),
            "{text}"
        );
        assert!(
            html.contains("Keep the price list &amp; &lt;b&gt;bold&lt;&#x2f;b&gt; for Zoë."),
            "{html}"
        );
        assert!(text.contains("- Send the price list (zoe), due 2026-11-20, 4 days late"));
        // The same inputs make the same bytes; another text another id.
        assert_eq!(render(&d, &envelope(), None).unwrap(), msg);
        let other = render(&digest("Ventes", "Other"), &envelope(), None).unwrap();
        let other_id = MessageParser::default()
            .parse(other.as_bytes())
            .unwrap()
            .message_id()
            .unwrap()
            .to_owned();
        assert_ne!(other_id, id);
    }

    #[test]
    fn a_very_long_non_ascii_name_is_split_into_encoded_words_that_decode_back() {
        let name = "Zoë ".repeat(60);
        let env = Envelope {
            from: Mailbox {
                name: Some(name.trim().to_owned()),
                address: "zoe@example.org".into(),
            },
            to: vec![Mailbox {
                name: Some("\"Quoted\" \\ name".into()),
                address: "q@example.org".into(),
            }],
            date: 0,
        };
        let msg = render(&digest(&"Ventes ".repeat(40), "x"), &env, None).unwrap();
        for line in msg.split("\r\n") {
            assert!(line.len() <= 78, "{} chars: {line:?}", line.len());
        }
        let m = MessageParser::default().parse(msg.as_bytes()).unwrap();
        assert_eq!(m.from().unwrap().first().unwrap().name(), Some(name.trim()));
        assert_eq!(
            m.to().unwrap().first().unwrap().name(),
            Some("\"Quoted\" \\ name")
        );
        assert_eq!(
            m.subject(),
            Some(
                format!(
                    "Cascade digest 2026-W48 for {}",
                    "Ventes ".repeat(40).trim()
                )
                .as_str()
            )
        );
    }
}
