use std::path::PathBuf;

use serde_json::json;

use super::*;
use crate::notebook::Config;

fn week() -> IsoWeek {
    IsoWeek::parse("2026-W48").unwrap()
}

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 24)
}

fn notebook(extra: &str) -> Notebook {
    let text = format!(
        "me = \"vera\"\n[people.vera]\nname = \"Vera Stone\"\n[people.dana]\nname = \"Dana Ruiz\"\n{extra}"
    );
    Notebook {
        root: PathBuf::from("/nb"),
        config: Config::parse(&text, "cascade.toml").expect("config"),
        config_text: text,
        index: crate::notebook::index::Use::Off,
    }
}

/// An audience digest of 2026-W48 for leadership by `who`, with one conclusion, one done
/// action and one indicator.
fn digest(who: &str, link: Option<&str>) -> serde_json::Value {
    json!({
        "version": 1,
        "kind": "audience",
        "week": "2026-W48",
        "from": "2026-11-23",
        "to": "2026-11-29",
        "as_of": "2026-11-24",
        "audience": "leadership",
        "audience_name": "Leadership team",
        "supervisor": who,
        "supervisor_name": format!("{who} the manager"),
        "conclusions": [{"text": format!("{who} keeps the price list"), "report": "alice",
            "report_name": "Alice Martin", "date": "2026-11-23", "link": link}],
        "actions": {
            "done": [{"text": format!("{who} ships it"), "state": "done", "report": "alice",
                "report_name": "Alice Martin", "owners": ["alice"], "due": null,
                "opened": "2026-11-10", "days_late": null, "done_on": "2026-11-23",
                "dropped_on": null, "link": link}],
            "dropped": [], "opened": [], "open": [], "overdue": []
        },
        "indicators": [{"report": "alice", "report_name": "Alice Martin", "name": "nps",
            "date": "2026-11-23", "value": 42.0, "previous": 40.0, "delta": 2.0,
            "flagged": false, "link": null}]
    })
}

fn tip(v: &serde_json::Value) -> Read {
    Read::Tip {
        commit: "0123456789abcdef0123456789abcdef01234567".into(),
        day: "2026-11-23".into(),
        file: File::Bytes(serde_json::to_vec(v).unwrap()),
    }
}

#[test]
fn rollup_keeps_each_sources_items_with_their_source_in_config_order() {
    let nb = notebook("");
    let r = merge(
        &nb,
        week(),
        "leadership",
        today(),
        vec![
            ("erin".into(), tip(&digest("erin", None))),
            ("dana".into(), tip(&digest("dana", None))),
        ],
    );
    assert_eq!(r.read_count(), 2);
    assert_eq!(r.audience_name, "Leadership team");
    let texts: Vec<(&str, &str, &str)> = r
        .conclusions
        .iter()
        .map(|c| (c.source.as_str(), c.item.text.as_str(), c.at.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            (
                "erin",
                "erin keeps the price list",
                "erin:digests/2026-W48/leadership.json"
            ),
            (
                "dana",
                "dana keeps the price list",
                "dana:digests/2026-W48/leadership.json"
            ),
        ]
    );
    assert_eq!(r.actions.done.len(), 2);
    assert_eq!(r.actions.done[1].manager_name, "dana the manager");
    assert_eq!(r.indicators[0].source, "erin");
    assert_eq!(r.sources[0].commit.as_deref(), Some("0123456"));
    assert_eq!(r.sources[0].date.as_deref(), Some("2026-11-23"));
}

#[test]
fn rollup_reports_newer_unparsable_and_foreign_digests_as_unreadable_and_reads_the_rest() {
    let nb = notebook("");
    let mut newer = digest("erin", None);
    newer["version"] = json!(2);
    let mut other_group = digest("gus", None);
    other_group["audience"] = json!("sales");
    let mut other_week = digest("hal", None);
    other_week["week"] = json!("2026-W47");
    let mut not_audience = digest("ida", None);
    not_audience["kind"] = json!("digest");
    let reads = vec![
        ("dana".into(), tip(&digest("dana", None))),
        ("erin".into(), tip(&newer)),
        (
            "finn".into(),
            Read::Tip {
                commit: "abcdef0".into(),
                day: "2026-11-20".into(),
                file: File::Bytes(b"{\"version\": 1, ".to_vec()),
            },
        ),
        ("gus".into(), tip(&other_group)),
        ("hal".into(), tip(&other_week)),
        ("ida".into(), tip(&not_audience)),
        (
            "jo".into(),
            Read::Tip {
                commit: "abcdef0".into(),
                day: "2026-11-20".into(),
                file: File::Missing,
            },
        ),
        ("kim".into(), Read::Unreachable("no such host".into())),
    ];
    let r = merge(&nb, week(), "leadership", today(), reads);
    let lines: Vec<(&str, SourceState, Option<&str>)> = r
        .sources
        .iter()
        .map(|s| (s.name.as_str(), s.state, s.reason.as_deref()))
        .collect();
    assert_eq!(
        lines,
        [
            ("dana", SourceState::Read, None),
            (
                "erin",
                SourceState::Unreadable,
                Some(
                    "version 2, written by a newer cascade (this one reads version 1): update cascade"
                )
            ),
            (
                "finn",
                SourceState::Unreadable,
                Some("not JSON: EOF while parsing a value at line 1 column 15")
            ),
            (
                "gus",
                SourceState::Unreadable,
                Some("it is the digest for `sales`, not for `leadership`")
            ),
            (
                "hal",
                SourceState::Unreadable,
                Some("it is the digest of 2026-W47, not of 2026-W48")
            ),
            (
                "ida",
                SourceState::Unreadable,
                Some("kind `digest`, not an audience digest")
            ),
            ("jo", SourceState::NoDigest, None),
            ("kim", SourceState::Unreachable, Some("no such host")),
        ]
    );
    assert_eq!(r.read_count(), 1);
    // Nothing of a digest that was not read reaches the roll-up.
    let all = serde_json::to_string(&r).unwrap();
    for who in ["erin", "gus", "hal", "ida"] {
        assert!(!all.contains(&format!("{who} keeps")), "{who}");
    }
}

#[test]
fn rollup_drops_links_that_are_not_plain_web_addresses() {
    let nb = notebook("");
    let good = "https://git.example.org/dana/1on1/blob/main/notes/alice/2026-11-23.md#L12";
    let r = merge(
        &nb,
        week(),
        "leadership",
        today(),
        vec![
            ("dana".into(), tip(&digest("dana", Some(good)))),
            (
                "erin".into(),
                tip(&digest("erin", Some("javascript:alert(1)"))),
            ),
            (
                "finn".into(),
                tip(&digest(
                    "finn",
                    Some("https://x.org/a\"><script>alert(1)</script>"),
                )),
            ),
        ],
    );
    assert_eq!(r.conclusions[0].item.link.as_deref(), Some(good));
    assert_eq!(r.conclusions[0].at, good);
    for c in &r.conclusions[1..] {
        assert_eq!(c.item.link, None);
        assert_eq!(
            c.at,
            format!("{}:digests/2026-W48/leadership.json", c.source)
        );
    }
    assert_eq!(r.actions.done[1].item.link, None);
}

#[test]
fn rollup_as_audience_digest_reattributes_items_to_their_source_and_serializes_as_version_1() {
    let nb = notebook("[groups.exec]\nname = \"Executive team\"\n");
    let link = "https://git.example.org/dana/n.md#L3";
    let r = merge(
        &nb,
        week(),
        "leadership",
        today(),
        vec![
            ("dana".into(), tip(&digest("dana", Some(link)))),
            ("erin".into(), tip(&digest("erin", None))),
        ],
    );
    let up = as_audience_digest(&r, "exec", &nb);
    assert_eq!(up.version, 1);
    assert_eq!(up.kind, "audience");
    assert_eq!(up.week.as_deref(), Some("2026-W48"));
    assert_eq!(up.audience, "exec");
    assert_eq!(up.audience_name, "Executive team");
    assert_eq!(up.supervisor, "vera");
    assert_eq!(up.supervisor_name, "Vera Stone");
    let who: Vec<(&str, &str, &str)> = up
        .conclusions
        .iter()
        .map(|c| (c.report.as_str(), c.report_name.as_str(), c.text.as_str()))
        .collect();
    assert_eq!(
        who,
        [
            ("dana", "Dana Ruiz", "dana keeps the price list"),
            ("erin", "erin", "erin keeps the price list"),
        ]
    );
    assert_eq!(up.conclusions[0].link.as_deref(), Some(link));
    assert_eq!(up.actions.done[1].report, "erin");
    assert_eq!(up.indicators[0].report, "dana");
    // What it commits one level up is what the next roll-up reads.
    let text = serde_json::to_string_pretty(&up).unwrap();
    assert!(
        text.starts_with("{\n  \"version\": 1,\n  \"kind\": \"audience\","),
        "{text}"
    );
    let again = parse(text.as_bytes(), week(), "exec").expect("reads back");
    assert_eq!(again, up);
}
