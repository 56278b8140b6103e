//! Privacy fails closed: canaries planted in every private place a note has, then every
//! command and every output format run over the notebook; no canary may come out anywhere
//! but in the private notes themselves (the sweep over all of them: `privacy_sweep.rs`; the
//! terminal and the Markdown digest: `privacy_terminal.rs`).

use std::collections::BTreeSet;

use crate::common::*;

/// Front matter of a public note of `report` on `date`, sharing with sales.
pub(crate) fn head(date: &str, report: &str) -> String {
    format!(
        "---\ndate: {date}\nreport: {report}\nsupervisor: dana\nduration_min: 30\nshare_with: [sales]\n---\n"
    )
}

/// The six steps, with `conclusions` and `actions` lines, then `tail` (private parts).
pub(crate) fn steps(conclusions: &str, actions: &str, tail: &str) -> String {
    format!(
        "## Leverage\nThe Q1 plan.\n\n## Common base\nOrders weekly.\n\n## Reverse teaching\nPricing.\n\n## Joint data analysis\nFlat.\n\n## Conclusions\n{conclusions}\n## Cascading actions\n{actions}\n{tail}"
    )
}

/// Everything cascade printed or wrote, labelled by where it came from.
pub(crate) struct Seen(pub(crate) Vec<(String, String)>);

impl Seen {
    pub(crate) fn run(&mut self, env: &Env, args: &[&str]) -> i32 {
        let out = env.cascade().args(args).output().unwrap();
        let label = args.join(" ");
        self.0.push((
            format!("stdout of `{label}`"),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        ));
        self.0.push((
            format!("stderr of `{label}`"),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ));
        let code = out.status.code().unwrap_or(-1);
        assert!(
            code <= 2,
            "`{label}` exited {code}: {}",
            self.0.last().unwrap().1
        );
        code
    }

    /// Every listing and digest command, in every output format.
    pub(crate) fn run_everything(&mut self, env: &Env) {
        for range in [
            vec![],
            vec!["--week", "2026-W47"],
            vec!["--from", "2026-10-01", "--to", "2026-11-30"],
        ] {
            for f in ["md", "json", "html"] {
                let mut a = vec!["digest", "--format", f];
                a.extend(&range);
                self.run(env, &a);
                // Each group's digest: every group at once, and one group alone.
                let all = ["--audience", "all"];
                let one = ["--audience", "sales"];
                let audiences: &[&[&str]] = if f == "html" { &[&one] } else { &[&all, &one] };
                for audience in audiences {
                    let mut a = a.clone();
                    a.extend(audience.iter());
                    self.run(env, &a);
                }
            }
        }
        for f in ["human", "json"] {
            self.run(env, &["status", "--format", f]);
            for filter in [
                "--open",
                "--done",
                "--dropped",
                "--overdue",
                "--all",
                "--owner=alice",
                "--owner=me",
                "--report=bob",
            ] {
                self.run(env, &["actions", filter, "--format", f]);
            }
            for r in ["alice", "bob"] {
                self.run(env, &["log", r, "--format", f]);
                self.run(env, &["trend", r, "--format", f]);
                self.run(env, &["trend", r, "orders", "--format", f]);
            }
        }
        for f in ["human", "json", "github"] {
            self.run(env, &["lint", "--format", f]);
        }
        self.run_sent(env);
    }

    /// The digest as each group receives it: by email (its parts decoded, since
    /// quoted-printable can split a canary across lines) and on Slack, for every range.
    /// Each group gets an address in cascade.toml for the time of these runs only.
    fn run_sent(&mut self, env: &Env) {
        let wide = "stdout of `digest --format json --from 2026-10-01 --to 2026-11-30`";
        let mut groups = BTreeSet::from(["sales".to_owned()]);
        if let Some((_, json)) = self.0.iter().find(|(p, _)| p == wide)
            && let Ok(v) = serde_json::from_str::<serde_json::Value>(json)
        {
            let lists = ["conclusions", "indicators"].iter().map(|k| &v[k]).chain(
                ["done", "dropped", "opened", "open", "overdue"]
                    .iter()
                    .map(|k| &v["actions"][k]),
            );
            for list in lists {
                for item in list.as_array().into_iter().flatten() {
                    for g in item["audience"].as_array().into_iter().flatten() {
                        groups.insert(g.as_str().unwrap_or_default().to_owned());
                    }
                }
            }
        }
        let config = env.work().join("cascade.toml");
        let before = std::fs::read_to_string(&config).ok();
        let mut addressed = false;
        if let Some(mut doc) = before
            .as_deref()
            .and_then(|t| t.parse::<toml_edit::DocumentMut>().ok())
        {
            addressed = true;
            for g in &groups {
                doc["groups"][g.as_str()]["email"] = toml_edit::value(format!("{g}@example.org"));
            }
            std::fs::write(&config, doc.to_string()).unwrap();
        }
        for range in [
            vec![],
            vec!["--week", "2026-W47"],
            vec!["--from", "2026-10-01", "--to", "2026-11-30"],
        ] {
            for g in &groups {
                for f in ["email", "slack"] {
                    let mut a = vec!["digest", "--format", f, "--audience", g.as_str()];
                    a.extend(&range);
                    let code = self.run(env, &a);
                    let label = format!("stdout of `{}`", a.join(" "));
                    // The sweep must see the message, not an error about an address.
                    assert!(!addressed || code == 0, "{label}: exit {code}");
                    let raw = self.get(&label).to_owned();
                    if f == "email"
                        && let Some(m) = mail_parser::MessageParser::default().parse(raw.as_bytes())
                    {
                        for (i, part) in m.text_bodies().chain(m.html_bodies()).enumerate() {
                            let text = part.text_contents().unwrap_or_default().to_owned();
                            self.0.push((format!("decoded part {i} of {label}"), text));
                        }
                        let subject = m.subject().unwrap_or_default().to_owned();
                        self.0.push((format!("subject of {label}"), subject));
                    }
                }
            }
        }
        if let Some(b) = before {
            std::fs::write(&config, b).unwrap();
        }
    }

    /// The text of every file under `work()` that cascade may have written (everything but
    /// `.git` and the planted notes in `skip`).
    pub(crate) fn files(&mut self, env: &Env, skip: &BTreeSet<String>) {
        for e in walkdir::WalkDir::new(env.work()) {
            let e = e.unwrap();
            let rel = e
                .path()
                .strip_prefix(env.work())
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if !e.file_type().is_file() || rel.starts_with(".git/") || skip.contains(&rel) {
                continue;
            }
            let text = String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned();
            self.0.push((format!("file {rel}"), text));
        }
    }

    /// Every commit message of the repository.
    pub(crate) fn commit_messages(&mut self, env: &Env) {
        let out = env
            .git(&env.work())
            .args(["log", "--all", "--format=%H%n%B"])
            .output()
            .unwrap();
        self.0.push((
            "commit messages".into(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        ));
    }

    /// Fail naming each canary and each place it leaked to.
    ///
    /// `actions` in the terminal is the supervisor's own view: it lists the actions written in
    /// private notes, marked `(private)`, so none is forgotten. Only those lines may hold
    /// private text, and only there; JSON, digests, logs and files never.
    pub(crate) fn assert_clean(&self, canaries: &[&str]) {
        let mut leaks = Vec::new();
        for (place, text) in &self.0 {
            let own_view =
                place.starts_with("stdout of `actions") && place.ends_with("--format human`");
            let text: String = if own_view {
                text.lines()
                    .filter(|l| !l.contains(" (private)"))
                    .map(|l| format!("{l}\n"))
                    .collect()
            } else {
                text.clone()
            };
            for c in canaries {
                if text.contains(c) {
                    leaks.push(format!("{c} leaked into {place}:\n{text}"));
                }
            }
        }
        assert!(leaks.is_empty(), "{}", leaks.join("\n---\n"));
    }

    pub(crate) fn get(&self, place: &str) -> &str {
        &self
            .0
            .iter()
            .rev()
            .find(|(p, _)| p == place)
            .unwrap_or_else(|| panic!("nothing seen at {place}"))
            .1
    }
}

pub(crate) fn commit_at(env: &Env, msg: &str, date: &str) {
    env.commit_all(msg, &format!("{date}T18:00:00+00:00"));
}

#[test]
fn new_after_a_private_note_makes_a_private_note_so_carried_actions_never_reach_the_digest() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/bob/2026-11-17.md",
        "---\ndate: 2026-11-17\nreport: bob\nsupervisor: dana\nprivate: true\nindicators:\n  canaryindicator: 424242\n---\n## Cascading actions\n- [ ] canarycarried plan @bob due:2026-12-01\n",
    );
    // A public note whose private part holds an open action: never carried.
    env.write(
        "notes/alice/2026-11-17.md",
        format!(
            "{}{}",
            head("2026-11-17", "alice"),
            steps(
                "- ok share:sales\n",
                "- [ ] Public task @alice due:2026-12-01\n",
                "## Private\n- [ ] canaryaliceprivate @alice due:2026-12-01\n"
            )
        ),
    );
    commit_at(&env, "Notes", "2026-11-17");
    let a = env.cascade().args(["new", "bob"]).assert().success();
    assert_eq!(
        stdout(&a),
        "created notes/bob/2026-11-24.md (carried 1 open action from 2026-11-17)\n"
    );
    assert_eq!(
        stderr(&a),
        "notes/bob/2026-11-24.md is private (`private: true`) because what it carries was written in a private note: it stays out of every digest; pass --no-carry for a public note that copies nothing\n"
    );
    let bob = env.read("notes/bob/2026-11-24.md");
    assert!(bob.contains("\nprivate: true\n"), "{bob}");
    assert!(bob.contains("- [ ] canarycarried plan @bob due:2026-12-01 (from 2026-11-17)"));
    env.cascade().args(["new", "alice"]).assert().success();
    let alice = env.read("notes/alice/2026-11-24.md");
    assert!(alice.contains("- [ ] Public task @alice"), "{alice}");
    assert!(!alice.contains("private: true"), "{alice}");
    // --no-carry copies nothing of a private note, so that note may be public.
    let a = env
        .cascade()
        .args(["new", "bob", "--date", "2026-11-25", "--no-carry"])
        .assert()
        .success();
    assert_eq!(stderr(&a), "");
    let plain = env.read("notes/bob/2026-11-25.md");
    assert!(!plain.contains("private: true"), "{plain}");
    let mut seen = Seen(Vec::new());
    seen.0.push(("new alice note".into(), alice));
    seen.0.push(("new bob note with --no-carry".into(), plain));
    seen.run_everything(&env);
    seen.assert_clean(&[
        "canarycarried",
        "canaryindicator",
        "424242",
        "canaryaliceprivate",
    ]);
}

#[test]
fn a_private_note_whose_front_matter_is_not_recognised_stays_private_in_every_output() {
    let heads = [
        ("blank", "\n---\ndate: 2026-11-23\nprivate: true\n---\n"),
        (
            "comment",
            "<!-- x -->\n---\ndate: 2026-11-23\nprivate: true\n---\n",
        ),
        ("hash", "# x\n---\ndate: 2026-11-23\nprivate: true\n---\n"),
        ("indented", " ---\ndate: 2026-11-23\nprivate: true\n ---\n"),
        ("long", "----\ndate: 2026-11-23\nprivate: true\n----\n"),
        ("toml", "+++\ndate = 2026-11-23\nprivate = true\n+++\n"),
    ];
    for (name, h) in heads {
        assert_private_in_every_output(name, h);
    }
}

/// A `private: true` note named `.markdown` is a note like a `.md` one in every command, and
/// private in all of them: status, actions, log and trend count it without a word of it, and
/// `new` after it makes a private note.
#[test]
fn a_private_markdown_note_is_counted_and_stays_private_in_every_output() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-23.markdown",
        format!(
            "---\ndate: 2026-11-23\nreport: alice\nsupervisor: dana\nduration_min: 30\nprivate: true\nindicators:\n  canarymdind: 7\n---\n{}",
            steps(
                "- canarymdc share:sales\n",
                "- [ ] canarymda @alice due:2026-11-20\n",
                ""
            )
        ),
    );
    commit_at(&env, "Note", "2026-11-23");
    let mut seen = Seen(Vec::new());
    seen.run_everything(&env);
    seen.run(&env, &["new", "alice", "--date", "2026-11-24"]);
    seen.assert_clean(&["canarymd"]);
    let log: serde_json::Value =
        serde_json::from_str(seen.get("stdout of `log alice --format json`")).unwrap();
    assert_eq!(
        log["meetings"][0]["path"], "notes/alice/2026-11-23.markdown",
        "{log}"
    );
    assert_eq!(log["meetings"][0]["private"], true, "{log}");
    let status: serde_json::Value =
        serde_json::from_str(seen.get("stdout of `status --format json`")).unwrap();
    assert!(
        status.to_string().contains("\"last\":\"2026-11-23\""),
        "{status}"
    );
    let digest: serde_json::Value =
        serde_json::from_str(seen.get("stdout of `digest --format json`")).unwrap();
    assert_eq!(digest["private_meetings"], 1, "{digest}");
    // The sequel carries what the private note holds, so it is private too.
    let new = env.read("notes/alice/2026-11-24.md");
    assert!(new.contains("\nprivate: true\n"), "{new}");
}

/// An empty front matter (`---` `---`) then a `private: true` block before the first heading:
/// a reader takes the block for the note's front matter, so the note is private.
#[test]
fn a_private_block_after_an_empty_front_matter_stays_private_in_every_output() {
    assert_private_in_every_output(
        "empty",
        "---\n---\nprivate: true\ndate: 2026-11-23\nreport: alice\n---\n",
    );
    assert_private_in_every_output("emptyblank", "---\n---\n\nPrivate: yes\n\n");
}

/// A note of alice's with the head `h` and canaries in its conclusions and actions: no
/// canary in any output, and the digest counts it as a private meeting.
fn assert_private_in_every_output(name: &str, h: &str) {
    let env = Env::new();
    env.notebook();
    let canary = format!("canaryfm{name}");
    env.write(
        "notes/alice/2026-11-23.md",
        format!(
            "{h}{}",
            steps(
                &format!("- {canary}c share:sales\n"),
                &format!("- [ ] {canary}a @alice due:2026-11-20\n"),
                ""
            )
        ),
    );
    commit_at(&env, "Note", "2026-11-23");
    let mut seen = Seen(Vec::new());
    seen.run_everything(&env);
    seen.assert_clean(&[&canary]);
    // Counted as a meeting, private: the digest knows only that it happened.
    let json: serde_json::Value =
        serde_json::from_str(seen.get("stdout of `digest --format json`")).unwrap();
    assert_eq!(json["private_meetings"], 1, "{name}");
    assert_eq!(json["conclusions"], serde_json::json!([]), "{name}");
}

#[test]
fn lone_cr_line_breaks_keep_the_private_section_out_of_every_digest() {
    let env = Env::new();
    env.notebook();
    let text = format!(
        "{}## Conclusions\n- pub share:sales\n\n## Private\ncanarycr SECRET\n",
        head("2026-11-23", "alice")
    )
    .replace('\n', "\r");
    env.write("notes/alice/2026-11-23.md", text);
    commit_at(&env, "Note", "2026-11-23");
    let mut seen = Seen(Vec::new());
    seen.run_everything(&env);
    seen.assert_clean(&["canarycr"]);
    let json: serde_json::Value =
        serde_json::from_str(seen.get("stdout of `digest --format json`")).unwrap();
    assert_eq!(json["conclusions"][0]["text"], "pub");
    assert_eq!(json["conclusions"][0]["line"], 9);
    // Lint numbers the lines of a CR-only file as they are: the missing steps point at the
    // `## Conclusions` heading on line 8 and the `## Private` one on line 11, not at line 1.
    let lint: serde_json::Value =
        serde_json::from_str(seen.get("stdout of `lint --format json`")).unwrap();
    let lines: BTreeSet<u64> = lint["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "steps/missing")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, BTreeSet::from([8, 11]), "{lint}");
    // A bare `## Private` heading says nothing private, so a finding on it is quoted.
    let on_private_heading = lint["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["line"] == 11)
        .unwrap();
    assert_eq!(
        on_private_heading["message"],
        "step 6 of 6 is missing: no `## Cascading actions` section"
    );
    let human = seen.get("stdout of `lint --format human`");
    assert!(human.contains("11 | ## Private"), "{human}");
}

#[test]
fn headings_a_reader_takes_for_private_keep_their_content_out_of_every_output() {
    let env = Env::new();
    env.notebook();
    let headings = [
        ("### **Private**", "canarybold"),
        ("### *Private*", "canaryitalic"),
        ("### Private (HR only)", "canaryqualifier"),
        ("#### 🔒 Private", "canaryemoji"),
        ("### Private notes", "canarynotes"),
        ("### _Private_", "canaryunderscore"),
        ("### private:", "canarycolon"),
        ("### Privé", "canaryprive"),
    ];
    let mut conclusions = String::from("- before share:sales\n");
    for (h, c) in headings {
        conclusions.push_str(&format!(
            "{h}\n- {c} share:sales\n- [ ] {c}task @alice due:2026-11-30\n### Back\n- public {} share:sales\n",
            &c[6..]
        ));
    }
    let text = format!(
        "{}{}",
        head("2026-11-23", "alice"),
        steps(
            &conclusions,
            "- [ ] Public task @alice due:2026-11-30\n#### PRIVATE\n- [ ] canaryupper @alice due:2026-11-30\n",
            ""
        )
    );
    env.write("notes/alice/2026-11-23.md", &text);
    // `Private: true` as a key, in any case, makes the whole note private.
    env.write(
        "notes/bob/2026-11-23.md",
        format!(
            "---\ndate: 2026-11-23\nreport: bob\nPrivate: true\n---\n{}",
            steps("- canarykeycase share:sales\n", "", "")
        ),
    );
    env.write(
        "notes/bob/2026-11-24.md",
        format!(
            "---\ndate: 2026-11-24\nreport: bob\nPRIVATE: true\n---\n{}",
            steps("- canarykeyupper share:sales\n", "", "")
        ),
    );
    commit_at(&env, "Notes", "2026-11-23");
    let mut seen = Seen(Vec::new());
    seen.run_everything(&env);
    let mut canaries: Vec<&str> = headings.iter().map(|(_, c)| *c).collect();
    canaries.extend(["canaryupper", "canarykeycase", "canarykeyupper"]);
    seen.assert_clean(&canaries);
    // The step goes on after the private part: every public conclusion is there.
    let json: serde_json::Value =
        serde_json::from_str(seen.get("stdout of `digest --format json`")).unwrap();
    let texts: Vec<&str> = json["conclusions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "before",
            "public bold",
            "public italic",
            "public qualifier",
            "public emoji",
            "public notes",
            "public underscore",
            "public colon",
            "public prive"
        ]
    );
    assert_eq!(json["private_meetings"], 2);
    // The key is still named as a likely typo, without quoting the private note.
    let lint = seen.get("stdout of `lint --format json`");
    assert!(
        lint.contains("\"rule\": \"front-matter/unknown-key\""),
        "{lint}"
    );
}

#[test]
fn lint_messages_of_private_parts_and_notes_quote_nothing() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-23.md",
        format!(
            "{}{}",
            head("2026-11-23", "alice"),
            steps(
                "- ok share:sales\n",
                "",
                "## Private\n<!-- cascade-disable canarydir/rule -->\n- [ ] x @canaryprivowner due:canaryprivdue\n"
            )
        ),
    );
    env.write(
        "notes/bob/2026-11-23.md",
        format!(
            "---\ndate: 2026-11-23\nreport: bob\nsupervisor: dana\nprivate: true\ncanarykey: 1\nindicators:\n  canaryindname: canaryindvalue\n---\n{}",
            steps(
                "- fine\n",
                "- [ ] task @canaryowner due:canarydue\n<!-- cascade-disable canaryrule/x -->\n",
                ""
            )
        ),
    );
    // A private note with steps missing: findings in cascade's own words stay specific.
    env.write(
        "notes/alice/2026-11-24.md",
        "---\ndate: 2026-11-24\nreport: alice\nsupervisor: dana\nduration_min: 30\nprivate: true\n---\n## Conclusions\n- canarylast\n",
    );
    // `--all`: every finding, those on alice's older note too, must quote nothing.
    let a = env
        .cascade()
        .args(["lint", "--all", "--format", "json"])
        .assert()
        .code(1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    let diags = json["diagnostics"].as_array().unwrap();
    let of = |rule: &str, path: &str| -> Vec<(u64, String)> {
        diags
            .iter()
            .filter(|d| d["rule"] == rule && d["path"] == path)
            .map(|d| {
                (
                    d["line"].as_u64().unwrap(),
                    d["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(
        of("front-matter/unknown-key", "notes/bob/2026-11-23.md"),
        [(
            6,
            "a front matter key cascade does not know (often a typo), on line 6 (private: not quoted)"
                .to_owned()
        )]
    );
    assert_eq!(
        of("lint/unknown-rule", "notes/alice/2026-11-23.md"),
        [(
            26,
            "`cascade-disable` or `[lint.rules]` names a rule that does not exist, on line 26 (private: not quoted)"
                .to_owned()
        )]
    );
    assert_eq!(
        of("steps/missing", "notes/alice/2026-11-24.md")[0],
        (
            8,
            "step 1 of 6 is missing: no `## Leverage` section".to_owned()
        )
    );
    let mut seen = Seen(Vec::new());
    seen.run_everything(&env);
    let human = seen.get("stdout of `lint --format human`");
    assert!(
        human.contains("step 1 of 6 is missing") && !human.contains("## Conclusions"),
        "{human}"
    );
    seen.assert_clean(&[
        "canarylast",
        "canarydir",
        "canaryprivowner",
        "canaryprivdue",
        "canarykey",
        "canaryindname",
        "canaryindvalue",
        "canaryowner",
        "canarydue",
        "canaryrule",
    ]);
}

#[test]
fn new_after_a_private_note_with_a_template_of_its_own_is_private_or_refused() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/bob/2026-11-17.md",
        "---\ndate: 2026-11-17\nreport: bob\nprivate: true\n---\n## Cascading actions\n- [ ] canaryowntemplate @bob due:2026-12-01\n",
    );
    // A template that knows nothing of `private`: the line is added to its front matter.
    env.write(
        "templates/note.md.j2",
        "---\ndate: {{ date }}\nreport: {{ report }}\n---\n## Cascading actions\n{% for a in carried %}{{ a }}\n{% endfor %}",
    );
    env.cascade().args(["new", "bob"]).assert().success();
    assert_eq!(
        env.read("notes/bob/2026-11-24.md"),
        "---\nprivate: true\ndate: 2026-11-24\nreport: bob\n---\n## Cascading actions\n- [ ] canaryowntemplate @bob due:2026-12-01 (from 2026-11-17)\n"
    );
    // A template without front matter cannot be marked: nothing is written.
    env.write(
        "templates/note.md.j2",
        "## Cascading actions\n{% for a in carried %}{{ a }}\n{% endfor %}",
    );
    let a = env
        .cascade()
        .args(["new", "bob", "--date", "2026-11-25"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("the previous note is private, and the note template gives no front matter to mark this one `private: true`"),
        "{}",
        stderr(&a)
    );
    assert!(!stderr(&a).contains("canaryowntemplate"));
    assert_eq!(env.names("notes/bob"), ["2026-11-17.md", "2026-11-24.md"]);
}

#[test]
fn the_demo_keeps_one_private_note_now_that_new_keeps_a_private_notes_sequel_private() {
    let env = Env::new();
    env.cascade().args(["demo", "sample"]).assert().success();
    let mut private = Vec::new();
    for e in walkdir::WalkDir::new(env.work().join("sample/notes")) {
        let e = e.unwrap();
        if e.file_type().is_file()
            && std::fs::read_to_string(e.path())
                .unwrap()
                .contains("\nprivate: true\n")
        {
            private.push(e.file_name().to_string_lossy().into_owned());
        }
    }
    assert_eq!(private, ["2026-09-24.md"]);
}
