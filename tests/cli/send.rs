//! `digest --audience GROUP --format email|slack`: a group's digest ready to send, with no
//! network: an RFC 5322 message parsed back with a real MIME parser, and Slack Block Kit
//! bodies checked against Slack's limits.

use mail_parser::{MessageParser, MimeHeaders};
use serde_json::Value;

use crate::common::*;
use crate::digest::note;

/// A notebook whose week 2026-W48 has a conclusion for sales, one only for finance, an
/// overdue and a done action for sales, and private canaries.
fn notebook(env: &Env) {
    env.notebook();
    env.write(
        "notes/alice/2026-11-16.md",
        note(
            "2026-11-16",
            "alice",
            "share_with: [sales]\n",
            "## Conclusions\n- Older conclusion.\n\n## Cascading actions\n- [ ] Send the price list @alice due:2026-11-20\n- [ ] Call the bank @dana due:2026-11-30\n",
        ),
    );
    env.commit_all("alice 16", "2026-11-16T18:00:00+00:00");
    env.write(
        "notes/alice/2026-11-23.md",
        note(
            "2026-11-23",
            "alice",
            "share_with: [sales]\nindicators:\n  orders: 12\n",
            "## Conclusions\n- Keep the price list for Zoë & co <until> January.\n- Budget talk only for finance. share:finance\n\n## Cascading actions\n- [ ] Send the price list @alice due:2026-11-20 (from 2026-11-16)\n- [x] Call the bank @dana due:2026-11-30 (from 2026-11-16)\n\n## Private\ncanarysendprivate paragraph.\n- canarysendbullet share:sales\n",
        ),
    );
    env.write(
        "notes/bob/2026-11-23.md",
        note(
            "2026-11-23",
            "bob",
            "private: true\nshare_with: [sales]\n",
            "## Conclusions\n- canarysendprivatenote share:sales\n",
        ),
    );
    env.commit_all("alice 23", "2026-11-23T18:00:00+00:00");
}

/// Append `text` to cascade.toml.
fn config(env: &Env, text: &str) {
    let mut c = env.read("cascade.toml");
    c.push_str(text);
    env.write("cascade.toml", c);
}

const SALES: &str = "\n[groups.sales]\nname = \"Ventes Zoë\"\nemail = \"ventes@example.org, boss@example.org\"\n[groups.finance]\nemail = \"finance@example.org\"\n";

/// The decoded text and HTML parts of a message, CRLF made LF.
fn parts(raw: &str) -> (String, String) {
    let m = MessageParser::default().parse(raw.as_bytes()).unwrap();
    (
        m.body_text(0).unwrap().replace("\r\n", "\n"),
        m.body_html(0).unwrap().replace("\r\n", "\n"),
    )
}

#[test]
fn email_digest_is_a_multipart_message_for_the_group_alone_that_sendmail_takes_as_is() {
    let env = Env::new();
    notebook(&env);
    config(
        &env,
        &format!("{SALES}\n[notebook]\nfrom = \"Dana Ørsted <dana@example.org>\"\n"),
    );
    let a = env
        .cascade()
        .args(["digest", "--format", "email", "--audience", "sales"])
        .assert()
        .code(0);
    let raw = stdout(&a);
    assert_eq!(stderr(&a), "");
    // sendmail -t reads it as it is: headers first, CRLF lines, ASCII, none over 78.
    assert!(raw.starts_with("From: "), "{raw}");
    assert!(raw.is_ascii());
    for line in raw.split("\r\n") {
        assert!(line.len() <= 78, "{} chars: {line:?}", line.len());
        assert!(!line.contains('\n'), "bare LF in {line:?}");
    }
    let m = MessageParser::default().parse(raw.as_bytes()).unwrap();
    let from = m.from().unwrap().first().unwrap();
    assert_eq!(
        (from.name(), from.address()),
        (Some("Dana Ørsted"), Some("dana@example.org"))
    );
    let to: Vec<Option<&str>> = m.to().unwrap().iter().map(|a| a.address()).collect();
    assert_eq!(
        to,
        vec![Some("ventes@example.org"), Some("boss@example.org")]
    );
    assert_eq!(m.subject(), Some("Cascade digest 2026-W48 for Ventes Zoë"));
    // The Subject's non-ASCII name travels as an RFC 2047 encoded-word.
    assert!(raw.contains("Subject: =?utf-8?B?"), "{raw}");
    // --today pins the Date to that day's start, so the bytes are reproducible.
    assert_eq!(
        m.header_raw("Date").map(str::trim),
        Some("Tue, 24 Nov 2026 00:00:00 +0000")
    );
    let id = m.message_id().unwrap();
    assert!(
        id.starts_with("2026-W48.sales.") && id.ends_with("@example.org"),
        "{id}"
    );
    assert_eq!(m.header_raw("MIME-Version").map(str::trim), Some("1.0"));
    let ct = m.content_type().unwrap();
    assert_eq!(
        (ct.ctype(), ct.subtype()),
        ("multipart", Some("alternative"))
    );
    for (part, sub) in [
        (m.text_part(0).unwrap(), "plain"),
        (m.html_part(0).unwrap(), "html"),
    ] {
        let ct = part.content_type().unwrap();
        assert_eq!(
            (ct.ctype(), ct.subtype(), ct.attribute("charset")),
            ("text", Some(sub), Some("utf-8"))
        );
        assert_eq!(part.content_transfer_encoding(), Some("quoted-printable"));
    }
    let (text, html) = parts(&raw);
    assert!(
        text.contains(
            "\n- Keep the price list for Zoë & co <until> January. (Alice Martin, 2026-11-23)\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("\n- Send the price list (Alice Martin), due 2026-11-20, 4 days late\n"),
        "{text}"
    );
    assert!(
        text.contains("\n- Call the bank (dana), done 2026-11-23\n"),
        "{text}"
    );
    assert!(
        html.contains("<li>Keep the price list for Zoë &amp; co &lt;until&gt; January."),
        "{html}"
    );
    // Nothing for finance only, nothing private, no path, no commit id.
    for (what, body) in [("raw", raw.as_str()), ("text", &text), ("html", &html)] {
        for gone in ["Budget talk", "canarysend", "notes/", "Older conclusion"] {
            assert!(!body.contains(gone), "{gone} in the {what} email:\n{body}");
        }
    }
    // The same day, the same bytes.
    let again = env
        .cascade()
        .args(["digest", "--format", "email", "--audience", "sales"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(again.stdout).unwrap(), raw);
}

#[test]
fn email_from_is_the_git_identity_when_the_notebook_names_no_sender() {
    let env = Env::new();
    notebook(&env);
    config(&env, SALES);
    let out = env
        .cascade()
        .args([
            "digest",
            "--format",
            "email",
            "--audience",
            "finance",
            "--out",
            "finance.eml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let raw = env.read("finance.eml");
    let m = MessageParser::default().parse(raw.as_bytes()).unwrap();
    let from = m.from().unwrap().first().unwrap();
    assert_eq!(
        (from.name(), from.address()),
        (Some("Test User"), Some("test@example.com"))
    );
    assert_eq!(m.subject(), Some("Cascade digest 2026-W48 for finance"));
    let (text, _) = parts(&raw);
    assert!(
        text.contains("- Budget talk only for finance. (Alice Martin, 2026-11-23)"),
        "{text}"
    );
    assert!(!text.contains("Keep the price list"), "{text}");
}

#[test]
fn email_to_a_group_without_an_address_exits_2_naming_the_group_and_the_key_to_add() {
    let env = Env::new();
    notebook(&env);
    let out = env
        .cascade()
        .args([
            "digest",
            "--format",
            "email",
            "--audience",
            "sales",
            "--out",
            "sales.eml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("group `sales` has no email address"), "{err}");
    assert!(
        err.contains(
            "add `email = \"sales@example.org\"` to a `[groups.sales]` table in cascade.toml"
        ),
        "{err}"
    );
    assert!(!env.work().join("sales.eml").exists());
}

#[test]
fn email_without_a_sender_exits_2_saying_where_to_set_one() {
    let env = Env::new();
    notebook(&env);
    config(&env, SALES);
    std::fs::write(env.home().join(".gitconfig"), "").unwrap();
    let out = env
        .cascade()
        .args(["digest", "--format", "email", "--audience", "sales"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no sender for the email"), "{err}");
    assert!(err.contains("under `[notebook]` in cascade.toml"), "{err}");
}

#[test]
fn a_group_email_that_would_inject_a_header_is_refused_at_its_line() {
    let env = Env::new();
    notebook(&env);
    config(
        &env,
        "\n[groups.sales]\nemail = \"ventes@example.org\\nBcc: all@example.org\"\n",
    );
    let out = env
        .cascade()
        .args(["digest", "--format", "md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("invalid cascade.toml: `groups.sales.email`"),
        "{err}"
    );
    assert!(err.contains("control character"), "{err}");
    assert!(err.contains("cascade.toml:"), "no line in {err}");
}

#[test]
fn email_and_slack_need_a_known_audience_and_audience_needs_them() {
    let env = Env::new();
    notebook(&env);
    config(&env, SALES);
    for (args, says) in [
        (
            vec!["digest", "--format", "slack"],
            "--format slack needs --audience GROUP",
        ),
        (
            vec!["digest", "--format", "email", "--audience", "sale"],
            "did you mean `sales`?",
        ),
        (
            vec!["digest", "--format", "email", "--audience", "all"],
            "several groups' email messages cannot be printed one after another",
        ),
        (
            vec![
                "digest",
                "--format",
                "email",
                "--audience",
                "sales",
                "--commit",
            ],
            "cannot be combined with --format email",
        ),
    ] {
        let out = env.cascade().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "", "{args:?}");
    }
}

/// Each line of `out` parsed as one Slack message.
fn slack_messages(out: &str) -> Vec<Value> {
    assert!(out.ends_with('\n'));
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Every text of a message's sections, in order.
fn sections(m: &Value) -> Vec<String> {
    m["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "section")
        .map(|b| b["text"]["text"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn slack_digest_is_one_block_kit_body_that_curl_posts_and_escapes_mrkdwn() {
    let env = Env::new();
    notebook(&env);
    let a = env
        .cascade()
        .args(["digest", "--format", "slack", "--audience", "sales"])
        .assert()
        .code(0);
    let out = stdout(&a);
    let messages = slack_messages(&out);
    assert_eq!(messages.len(), 1, "{out}");
    let m = &messages[0];
    assert_eq!(
        m["text"],
        "Cascade digest 2026-W48 for sales: 1 conclusion, 1 done, 1 overdue, 0 open"
    );
    assert_eq!(m["blocks"][0]["type"], "header");
    assert_eq!(
        m["blocks"][0]["text"]["text"],
        "Cascade digest 2026-W48 for sales"
    );
    assert_eq!(m["blocks"][1]["type"], "context");
    assert_eq!(
        sections(m),
        vec![
            "*Conclusions (1)*\n• Keep the price list for Zoë &amp; co &lt;until&gt; January. — _Alice Martin, 2026-11-23_",
            "*Done (1)*\n• :white_check_mark: Call the bank — @dana · done 2026-11-23",
            "*Overdue as of 2026-11-24 (1)*\n• Send the price list — @alice · due 2026-11-20, *4 days late*",
        ]
    );
    for gone in ["Budget talk", "canarysend", "notes/"] {
        assert!(!out.contains(gone), "{gone} in {out}");
    }
}

#[test]
fn slack_digest_of_hundreds_of_long_conclusions_splits_into_messages_within_block_kit_limits() {
    let env = Env::new();
    env.notebook();
    config(
        &env,
        &format!(
            "\n[groups.sales]\nname = \"{}\"\n[notebook]\nurl = \"https://git.example.org/dana/1on1/blob/main/\"\n",
            "Sales leadership ".repeat(12).trim()
        ),
    );
    let mut conclusions = String::new();
    for i in 0..300 {
        // Every tenth one far longer than a section, with characters mrkdwn must escape.
        let filler = if i % 10 == 0 {
            "<!channel> & more words ".repeat(300)
        } else {
            "and its reasons ".repeat(5)
        };
        conclusions.push_str(&format!("- C{i:03}X {filler}endC{i:03}\n"));
    }
    env.write(
        "notes/alice/2026-11-23.md",
        note(
            "2026-11-23",
            "alice",
            "share_with: [sales]\n",
            &format!("## Conclusions\n{conclusions}\n## Cascading actions\n- [ ] Plan @alice due:2026-12-01\n"),
        ),
    );
    env.commit_all("alice", "2026-11-23T18:00:00+00:00");
    let a = env
        .cascade()
        .args(["digest", "--format", "slack", "--audience", "sales"])
        .assert()
        .code(0);
    let out = stdout(&a);
    let messages = slack_messages(&out);
    let n = messages.len();
    assert!(n >= 3, "{n} messages");
    let mut all = String::new();
    for (i, m) in messages.iter().enumerate() {
        let blocks = m["blocks"].as_array().unwrap();
        assert!(blocks.len() <= 50, "message {i}: {} blocks", blocks.len());
        assert_eq!(blocks[0]["type"], "header");
        let header = blocks[0]["text"]["text"].as_str().unwrap();
        assert!(header.chars().count() <= 150, "{header}");
        assert!(header.ends_with(&format!(" ({}/{n})", i + 1)), "{header}");
        assert!(m["text"].as_str().unwrap().chars().count() <= 40_000);
        let mut size = 0;
        for s in sections(m) {
            let len = s.encode_utf16().count();
            assert!(len <= 3000, "a section of {len} characters");
            size += len;
            assert!(!s.contains("<!channel>"), "an unescaped mention");
            all.push_str(&s);
            all.push('\n');
        }
        assert!(size <= 40_000, "message {i}: {size} characters");
    }
    // Nothing is left out: every conclusion, start and end, once; the open action too.
    for i in 0..300 {
        assert_eq!(all.matches(&format!("C{i:03}X")).count(), 1, "C{i:03}");
        assert_eq!(all.matches(&format!("endC{i:03}")).count(), 1, "endC{i:03}");
    }
    assert!(all.contains("&lt;!channel&gt; &amp; more words"));
    assert!(all.contains("*Open, not yet due (1)*\n• Plan — @alice · due 2026-12-01"));
    assert!(
        all.contains("*Conclusions (300) (continued)*\n"),
        "no continued heading"
    );
    assert!(all.contains("|note>"), "no link to the notes");
}

/// `--audience all --out DIR`: one message file per group, each addressed to its group alone;
/// nothing is written when one group has no address.
#[test]
fn email_for_every_group_writes_one_message_file_per_group_into_out_dir() {
    let env = Env::new();
    notebook(&env);
    config(
        &env,
        &format!("{SALES}\n[notebook]\nfrom = \"Dana <dana@example.org>\"\n"),
    );
    let args = [
        "digest",
        "--format",
        "email",
        "--audience",
        "sales",
        "--audience",
        "finance",
        "--out",
        "mail",
    ];
    env.cascade().args(args).assert().code(0);
    let mut names: Vec<String> = std::fs::read_dir(env.work().join("mail"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["finance.eml", "sales.eml"]);
    for (file, to) in [
        ("sales.eml", "ventes@example.org"),
        ("finance.eml", "finance@example.org"),
    ] {
        let raw = env.read(&format!("mail/{file}"));
        let m = MessageParser::default().parse(raw.as_bytes()).unwrap();
        let addrs: Vec<&str> = m.to().unwrap().iter().filter_map(|a| a.address()).collect();
        assert_eq!(addrs[0], to, "{file}");
    }
    // Again: the files are there, so nothing is replaced without --force.
    let a = env.cascade().args(args).assert().code(2);
    assert!(stderr(&a).contains("already exist"), "{}", stderr(&a));
    env.cascade().args(args).arg("--force").assert().code(0);
}
