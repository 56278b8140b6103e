//! `cascade lsp`: the server in memory (diagnostics equal to `cascade lint --format json`,
//! versions, completion, hover, definition, code actions), and the binary over stdio.

use std::io::{BufRead, BufReader, Read, Write};
use std::time::{Duration, Instant};

use cascade::lsp::{DEBOUNCE, Server, path_uri};
use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{Value, json};

use crate::common::*;

const NOTE: &str = "notes/alice/2026-11-20.md";
const PREV: &str = "notes/alice/2026-11-13.md";

/// The previous meeting with alice: an indicator, an open action carried on 2026-11-20.
fn previous() -> String {
    "---\ndate: 2026-11-13\nreport: alice\nsupervisor: dana\nduration_min: 45\nshare_with: [sales]\n\
indicators:\n  morale: 7\n  orders: 412\n---\n\n\
## Leverage\nPipeline work.\n\n## Common base\nThe dip is seasonal.\n\n\
## Reverse teaching\nHow leads are scored.\n\n## Joint data analysis\nOrders 412.\n\n\
## Conclusions\n- Hold Q1 hiring. share:sales\n\n## Cascading actions\n\
- [ ] Send the forecast @alice due:2026-11-18\n"
        .into()
}

/// A note as typed, with known defects: a step missing, an unknown owner after non-ASCII
/// text (columns in UTF-16), an impossible due date, a misspelt disable directive.
fn typed() -> String {
    "---\ndate: 2026-11-20\nreport: alice\nsupervisor: dana\nduration_min: 45\nshare_with: [sales]\n\
indicators:\n  morale: 6\n---\n\n\
## Leverage\nPipeline work.\n\n## Common base\nTODO\n\n\
## Joint data analysis\nOrders 😀 é 398.\n\n\
## Conclusions\n- Hold Q1 hiring. share:sales\n\n## Cascading actions\n\
- [ ] Send the forecast @alice due:2026-11-18 (from 2026-11-13)\n\
- [ ] Café 😀 plan @zed due:2026-13-01\n"
        .into()
}

/// A notebook with alice (alias `al`, group sales), bob, and the previous note committed.
fn setup(env: &Env) {
    env.notebook();
    let cfg = env.read("cascade.toml").replace(
        "groups = [\"sales\"]\n",
        "groups = [\"sales\"]\naliases = [\"al\"]\n",
    );
    env.write("cascade.toml", cfg);
    env.write(PREV, previous());
    env.commit_all("previous", "2026-11-13T18:00:00Z");
}

fn server() -> Server {
    cascade::commands::lsp::server(Some(jiff::civil::date(2026, 11, 24)))
}

fn uri(env: &Env, rel: &str) -> String {
    path_uri(&env.work().join(rel))
}

fn notify(method: &str, params: Value) -> Message {
    Message::Notification(Notification::new(method.into(), params))
}

fn request(id: i32, method: &str, params: Value) -> Message {
    Message::Request(Request::new(RequestId::from(id), method.into(), params))
}

fn open(env: &Env, s: &mut Server, rel: &str, text: &str, now: Instant) -> Vec<Message> {
    let mut out = s.handle(
        request(
            1,
            "initialize",
            json!({"capabilities": {}, "rootUri": path_uri(&env.work())}),
        ),
        now,
    );
    out.extend(s.handle(
        notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(env, rel), "languageId": "markdown", "version": 1, "text": text}}),
        ),
        now,
    ));
    out
}

fn change(env: &Env, rel: &str, version: i32, text: &str) -> Message {
    notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(env, rel), "version": version}, "contentChanges": [{"text": text}]}),
    )
}

/// The `publishDiagnostics` notifications among `msgs`, as JSON.
fn published(msgs: &[Message]) -> Vec<Value> {
    msgs.iter()
        .filter_map(|m| match m {
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                Some(n.params.clone())
            }
            _ => None,
        })
        .collect()
}

/// The result of the one response among `msgs`.
fn result(msgs: &[Message]) -> Value {
    let r: Vec<&lsp_server::Response> = msgs
        .iter()
        .filter_map(|m| match m {
            Message::Response(r) => Some(r),
            _ => None,
        })
        .collect();
    assert_eq!(r.len(), 1, "{msgs:?}");
    r[0].response_result.clone().expect("an error response")
}

/// (rule, severity, 0-based line, UTF-16 column) of each published diagnostic.
fn keys(p: &Value) -> Vec<(String, u64, u64, u64)> {
    p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_u64().unwrap(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn lsp_diagnostics_of_unsaved_text_equal_lint_json_of_the_same_text() {
    let env = Env::new();
    setup(&env);
    // On disk the note is another text: the server must lint what is typed.
    env.write(NOTE, crate::lint::good("2026-11-20"));
    let mut s = server();
    let now = Instant::now();
    let text = typed();
    assert!(published(&open(&env, &mut s, NOTE, &text, now)).is_empty());
    let out = s.flush(now);
    let p = published(&out);
    assert_eq!(p.len(), 1, "{out:?}");
    assert_eq!(p[0]["uri"], uri(&env, NOTE));
    assert_eq!(p[0]["version"], 1);

    env.write(NOTE, &text);
    let a = env
        .cascade()
        .args(["lint", "--format", "json", NOTE])
        .assert()
        .code(1);
    let doc: Value = serde_json::from_str(&stdout(&a)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let severity = |s: &str| match s {
        "error" => 1,
        "warning" => 2,
        _ => 3,
    };
    let expected: Vec<(String, u64, u64, u64)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let line = d["line"].as_u64().unwrap() as usize;
            let column = d["column"].as_u64().unwrap() as usize;
            let utf16: usize = lines[line - 1]
                .chars()
                .take(column - 1)
                .map(char::len_utf16)
                .sum();
            (
                d["rule"].as_str().unwrap().to_owned(),
                severity(d["severity"].as_str().unwrap()),
                line as u64 - 1,
                utf16 as u64,
            )
        })
        .collect();
    assert_eq!(keys(&p[0]), expected);
    // The defects planted are there, the impossible due date after a 2-unit emoji.
    let rules: Vec<&str> = expected.iter().map(|k| k.0.as_str()).collect();
    for r in [
        "steps/missing",
        "steps/placeholder",
        "people/unknown",
        "actions/date-invalid",
    ] {
        assert!(rules.contains(&r), "{r} not in {rules:?}");
    }
    let due = expected
        .iter()
        .find(|k| k.0 == "actions/date-invalid")
        .unwrap();
    let line = lines[due.2 as usize];
    assert_eq!(
        due.3 as usize,
        line[..line.find("due:2026-13-01").unwrap()]
            .encode_utf16()
            .count()
    );
    assert_ne!(
        due.3 as usize,
        line[..line.find("due:").unwrap()].chars().count()
    );
    // Messages are lint's, its help after them.
    for (d, j) in p[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .zip(doc["diagnostics"].as_array().unwrap())
    {
        let m = d["message"].as_str().unwrap();
        assert!(m.starts_with(j["message"].as_str().unwrap()), "{m}");
        if let Some(h) = j["help"].as_str() {
            assert!(m.ends_with(&format!("help: {h}")), "{m}");
        }
    }
}

#[test]
fn lsp_publishes_only_the_newest_version_when_an_edit_arrives_during_a_lint() {
    let env = Env::new();
    setup(&env);
    let mut s = server();
    let t0 = Instant::now();
    let v1 = typed();
    open(&env, &mut s, NOTE, &v1, t0);
    // The lint of version 1 runs; version 2 arrives before its result is published.
    let running = s.lint_due(t0);
    assert_eq!(running.len(), 1);
    let v2 = crate::lint::good("2026-11-20");
    assert!(s.handle(change(&env, NOTE, 2, &v2), t0).is_empty());
    assert!(published(&s.publish(running)).is_empty());
    // Debounced: nothing before the quiet time is over, then version 2 alone.
    assert!(s.flush(t0 + DEBOUNCE / 2).is_empty());
    let out = s.flush(t0 + DEBOUNCE);
    let p = published(&out);
    assert_eq!(p.len(), 1, "{out:?}");
    assert_eq!(p[0]["version"], 2);
    assert_eq!(p[0]["diagnostics"], json!([]));
    // A burst of edits lints once, the last one.
    for v in 3..6 {
        s.handle(
            change(&env, NOTE, v, &format!("{v2}\n## Extra {v}\n")),
            t0 + DEBOUNCE,
        );
    }
    let p = published(&s.flush(t0 + DEBOUNCE * 3));
    assert_eq!(p.len(), 1);
    assert_eq!(p[0]["version"], 5);
}

/// The labels of a completion response.
fn labels(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_owned())
        .collect()
}

/// Complete at the end of the first line holding `marker` in `text` (opened as `rel`).
fn complete_after(env: &Env, rel: &str, text: &str, marker: &str) -> Value {
    let mut s = server();
    let now = Instant::now();
    open(env, &mut s, rel, text, now);
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find(marker).map(|c| (i, c + marker.len())))
        .unwrap();
    result(&s.handle(
        request(
            2,
            "textDocument/completion",
            json!({"textDocument": {"uri": uri(env, rel)}, "position": {"line": line, "character": col}}),
        ),
        now,
    ))
}

#[test]
fn lsp_completes_people_groups_due_dates_front_matter_and_indicators() {
    let env = Env::new();
    setup(&env);
    let body = |line: &str| format!("{}- [ ] {line}\n", crate::lint::good("2026-11-20"));
    // `@` → people and aliases, each replacing what was typed.
    let v = complete_after(&env, NOTE, &body("Call @a"), "@a");
    let l = labels(&v);
    for h in ["@alice", "@al", "@bob", "@dana"] {
        assert!(l.contains(&h.to_owned()), "{h} not in {l:?}");
    }
    let alice = v
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "@alice")
        .unwrap();
    assert_eq!(alice["detail"], "Alice Martin");
    assert_eq!(alice["textEdit"]["newText"], "@alice");
    let typed_at = alice["textEdit"]["range"]["start"]["character"]
        .as_u64()
        .unwrap();
    assert_eq!(
        alice["textEdit"]["range"]["end"]["character"]
            .as_u64()
            .unwrap()
            - typed_at,
        2
    );
    // `share:` → groups, after the last comma.
    let v = complete_after(
        &env,
        NOTE,
        &body("Tell them share:finance,s"),
        "share:finance,s",
    );
    assert_eq!(labels(&v), ["sales"]);
    // `due:` → the next meeting by cadence (alice: 7 days), a week later (the same day,
    // once), the end of the month; bob's cadence is the default 14 days.
    let v = complete_after(&env, NOTE, &body("Send it due:"), "due:");
    assert_eq!(labels(&v), ["2026-11-27", "2026-11-30"]);
    let bob = "---\ndate: 2026-11-10\nreport: bob\n---\n## Cascading actions\n- [ ] Fix it due:\n";
    let v = complete_after(&env, "notes/bob/2026-11-10.md", bob, "due:");
    assert_eq!(labels(&v), ["2026-11-24", "2026-11-17", "2026-11-30"]);
    // Front matter: keys on an empty line, handles after `report:`, groups in `share_with`.
    let head = "---\ndate: 2026-11-20\nreport: \n\n---\n";
    let v = complete_after(&env, NOTE, head, "report: ");
    assert_eq!(labels(&v), ["alice", "bob"]);
    let v = complete_after(&env, NOTE, "---\ndate: 2026-11-20\nrep\n---\n", "rep");
    let l = labels(&v);
    assert!(
        l.contains(&"report".to_owned()) && l.contains(&"share_with".to_owned()),
        "{l:?}"
    );
    let item = v
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "report")
        .unwrap();
    assert_eq!(item["textEdit"]["newText"], "report: ");
    let v = complete_after(
        &env,
        NOTE,
        "---\ndate: 2026-11-20\nshare_with: [\n---\n",
        "[",
    );
    assert_eq!(labels(&v), ["sales"]);
    // Indicator names from the report's previous note, under `indicators:`.
    let v = complete_after(
        &env,
        NOTE,
        "---\ndate: 2026-11-20\nreport: alice\nindicators:\n  mo\n---\n",
        "  mo",
    );
    assert_eq!(labels(&v), ["morale", "orders"]);
    let m = &v.as_array().unwrap()[0];
    assert_eq!(m["detail"], "7 on 2026-11-13");
    assert_eq!(m["textEdit"]["newText"], "morale: ");
}

/// The Markdown of a hover at `marker` (its first character) in the line holding it.
fn hover_at(s: &mut Server, env: &Env, text: &str, marker: &str) -> String {
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find(marker).map(|c| (i, l[..c].encode_utf16().count())))
        .unwrap();
    let v = result(&s.handle(
        request(
            3,
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(env, NOTE)}, "position": {"line": line, "character": col + 1}}),
        ),
        Instant::now(),
    ));
    v["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn lsp_hover_shows_a_person_an_indicators_values_and_a_findings_rule() {
    let env = Env::new();
    setup(&env);
    let mut s = server();
    let now = Instant::now();
    let text = typed();
    open(&env, &mut s, NOTE, &text, now);
    s.flush(now);
    let h = hover_at(&mut s, &env, &text, "@alice due:");
    assert!(h.contains("**Alice Martin** (`@alice`)"), "{h}");
    assert!(h.contains("cadence: every 7 days"), "{h}");
    assert!(h.contains("last meeting: 2026-11-20"), "{h}");
    assert!(h.contains("open actions: 2"), "{h}");
    assert!(h.contains("Send the forecast (due 2026-11-18)"), "{h}");
    let h = hover_at(&mut s, &env, &text, "morale: 6");
    assert!(h.contains("**morale**"), "{h}");
    assert!(h.contains("| 2026-11-13 | 7 |"), "{h}");
    // The line of a finding: the rule's explanation, as `cascade explain` prints it.
    let h = hover_at(&mut s, &env, &text, "@zed");
    let explain = env
        .cascade()
        .args(["explain", "people/unknown"])
        .assert()
        .success();
    assert!(h.contains(stdout(&explain).trim_end()), "{h}");
}

#[test]
fn lsp_goes_from_a_carried_action_to_its_birth_and_from_a_handle_to_cascade_toml() {
    let env = Env::new();
    setup(&env);
    let mut s = server();
    let now = Instant::now();
    let text = typed();
    open(&env, &mut s, NOTE, &text, now);
    let at = |marker: &str| {
        let (line, col) = text
            .lines()
            .enumerate()
            .find_map(|(i, l)| l.find(marker).map(|c| (i, c + 1)))
            .unwrap();
        json!({"textDocument": {"uri": uri(&env, NOTE)}, "position": {"line": line, "character": col}})
    };
    let v = result(&s.handle(
        request(4, "textDocument/definition", at("2026-11-13)")),
        now,
    ));
    assert_eq!(v["uri"], uri(&env, PREV));
    let born = previous()
        .lines()
        .position(|l| l.starts_with("- [ ] Send the forecast"))
        .unwrap();
    assert_eq!(v["range"]["start"]["line"], born);
    let v = result(&s.handle(
        request(5, "textDocument/definition", at("@alice due:")),
        now,
    ));
    assert_eq!(v["uri"], uri(&env, "cascade.toml"));
    let cfg = env.read("cascade.toml");
    let line = cfg.lines().position(|l| l == "[people.alice]").unwrap();
    assert_eq!(v["range"]["start"]["line"], line);
}

#[test]
fn lsp_disable_code_action_applied_makes_the_finding_go() {
    let env = Env::new();
    setup(&env);
    let mut s = server();
    let now = Instant::now();
    let text = typed();
    open(&env, &mut s, NOTE, &text, now);
    let before = keys(&published(&s.flush(now))[0]);
    let (_, _, line, _) = before
        .iter()
        .find(|k| k.0 == "people/unknown")
        .cloned()
        .unwrap();
    let v = code_actions(&env, &mut s, line, now);
    let action = v
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Disable people/unknown for this note")
        .unwrap_or_else(|| panic!("{v}"));
    let edits = &action["edit"]["changes"][uri(&env, NOTE)];
    assert_eq!(edits.as_array().unwrap().len(), 1);
    // Applied as the editor would, through the server's incremental sync.
    apply_edit(&env, &mut s, &edits[0], now);
    let after = keys(&published(&s.flush(now + DEBOUNCE))[0]);
    assert!(!after.iter().any(|k| k.0 == "people/unknown"), "{after:?}");
    // Everything else is still found, one line lower.
    let kept: Vec<_> = before
        .iter()
        .filter(|k| k.0 != "people/unknown")
        .map(|k| (k.0.clone(), k.2 + u64::from(k.2 >= 9)))
        .collect();
    let now_found: Vec<_> = after.iter().map(|k| (k.0.clone(), k.2)).collect();
    assert_eq!(now_found, kept);
    // The text the editor holds now has the directive after the front matter.
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(9, "<!-- cascade-disable people/unknown -->");
    assert_eq!(edits[0]["range"]["start"]["line"], 9);
    assert_eq!(lines[8], "---");
}

/// Write one framed LSP message.
fn frame(w: &mut impl Write, v: &Value) {
    let body = v.to_string();
    write!(w, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    w.flush().unwrap();
}

/// Read one framed LSP message.
fn unframe(r: &mut impl BufRead) -> Option<Value> {
    let mut len = 0;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            len = n.parse().ok()?;
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

#[test]
fn lsp_binary_speaks_the_protocol_over_stdio_until_exit() {
    let env = Env::new();
    setup(&env);
    let mut child = env
        .process()
        .arg("lsp")
        .current_dir(env.work())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        while let Some(v) = unframe(&mut r) {
            if tx.send(v).is_err() {
                break;
            }
        }
    });
    let wait_for = |pred: &dyn Fn(&Value) -> bool| -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let v = rx
                .recv_timeout(left)
                .expect("no such message from the server");
            if pred(&v) {
                return v;
            }
        }
    };
    frame(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"capabilities": {}, "rootUri": path_uri(&env.work())}}),
    );
    let init = wait_for(&|v| v["id"] == 1);
    assert_eq!(init["result"]["serverInfo"]["name"], "cascade");
    assert_eq!(
        init["result"]["capabilities"]["completionProvider"]["triggerCharacters"],
        json!(["@", ":", ","])
    );
    frame(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    let u = uri(&env, NOTE);
    frame(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
            {"uri": u, "languageId": "markdown", "version": 1, "text": typed()}}}),
    );
    let first = wait_for(&|v| v["method"] == "textDocument/publishDiagnostics");
    assert_eq!(first["params"]["version"], 1);
    assert!(
        !first["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let fixed = format!("{}- [ ] Call @", crate::lint::good("2026-11-20"));
    frame(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": fixed}]}}),
    );
    let second = wait_for(&|v| v["method"] == "textDocument/publishDiagnostics");
    assert_eq!(second["params"]["version"], 2);
    let last = fixed.lines().count() - 1;
    frame(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/completion", "params": {
            "textDocument": {"uri": u}, "position": {"line": last, "character": 12}}}),
    );
    let c = wait_for(&|v| v["id"] == 2);
    assert!(labels(&c["result"]).contains(&"@alice".to_owned()), "{c}");
    frame(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}),
    );
    let sd = wait_for(&|v| v["id"] == 3);
    assert_eq!(sd["result"], Value::Null);
    assert!(sd.get("error").is_none(), "{sd}");
    frame(&mut stdin, &json!({"jsonrpc": "2.0", "method": "exit"}));
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    // Nothing on stderr: not a line of the notes, not a log.
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(err, "");
}

#[test]
fn lsp_says_why_a_note_cannot_be_linted_when_cascade_toml_is_broken_and_relints_once_saved() {
    let env = Env::new();
    setup(&env);
    let good_cfg = env.read("cascade.toml");
    env.write(
        "cascade.toml",
        format!("{good_cfg}\n[lint.rules]\n\"steps/missing\" = \"loud\"\n"),
    );
    let mut s = server();
    let now = Instant::now();
    open(&env, &mut s, NOTE, &typed(), now);
    let p = published(&s.flush(now));
    let d = p[0]["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 1, "{d:?}");
    let m = d[0]["message"].as_str().unwrap();
    assert!(m.starts_with("cascade cannot lint this note: "), "{m}");
    assert!(m.contains("`loud`"), "{m}");
    assert_eq!(d[0]["severity"], 1);
    // Fixed and saved: read again, and the note's own findings come back.
    env.write("cascade.toml", &good_cfg);
    s.handle(
        notify(
            "textDocument/didSave",
            json!({"textDocument": {"uri": uri(&env, "cascade.toml")}}),
        ),
        now,
    );
    let p = published(&s.flush(now + DEBOUNCE));
    let rules: Vec<String> = keys(&p[0]).into_iter().map(|k| k.0).collect();
    assert!(rules.contains(&"steps/missing".to_owned()), "{rules:?}");
}

#[test]
fn lsp_reads_the_reports_other_notes_again_when_one_is_saved() {
    let env = Env::new();
    setup(&env);
    let mut s = server();
    let now = Instant::now();
    open(&env, &mut s, NOTE, &typed(), now);
    let rules = |s: &mut Server, at: Instant| -> Vec<String> {
        keys(&published(&s.flush(at))[0])
            .into_iter()
            .map(|k| k.0)
            .collect()
    };
    let before = rules(&mut s, now);
    assert!(before.contains(&"actions/overdue".to_owned()), "{before:?}");
    assert!(
        !before.contains(&"actions/stale-copy".to_owned()),
        "{before:?}"
    );
    // The action this note carries is ticked in the previous note: read once saved, which
    // makes this note's open copy stale, and the action no longer overdue.
    env.write(
        PREV,
        previous().replace("- [ ] Send the forecast", "- [x] Send the forecast"),
    );
    s.handle(
        notify(
            "textDocument/didSave",
            json!({"textDocument": {"uri": uri(&env, PREV)}}),
        ),
        now,
    );
    let after = rules(&mut s, now + DEBOUNCE);
    assert!(
        after.contains(&"actions/stale-copy".to_owned()),
        "{after:?}"
    );
    assert!(!after.contains(&"actions/overdue".to_owned()), "{after:?}");
    // And it is what `cascade lint` finds in the same text.
    env.write(NOTE, typed());
    let a = env
        .cascade()
        .args(["lint", "--format", "json", NOTE])
        .assert()
        .code(1);
    let doc: Value = serde_json::from_str(&stdout(&a)).unwrap();
    let lint_rules: Vec<String> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(after, lint_rules);
}

#[test]
fn lsp_hover_on_the_first_line_of_a_note_with_a_bom_reads_the_word_under_the_cursor() {
    let env = Env::new();
    setup(&env);
    let mut s = server();
    let now = Instant::now();
    // Line 1 holds a BOM (one UTF-16 unit) and accents before the handle.
    let text = "\u{feff}éé @alice\n";
    open(&env, &mut s, NOTE, text, now);
    let v = result(&s.handle(
        request(
            7,
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(&env, NOTE)}, "position": {"line": 0, "character": 5}}),
        ),
        now,
    ));
    let h = v["contents"]["value"].as_str().unwrap();
    assert!(h.starts_with("**Alice Martin** (`@alice`)"), "{h}");
    assert_eq!(v["range"]["start"]["character"], 4);
    assert_eq!(v["range"]["end"]["character"], 10);
}

#[test]
fn lsp_asks_the_client_to_report_changed_notes_and_reads_them_again_when_told() {
    let env = Env::new();
    setup(&env);
    let mut s = server();
    let now = Instant::now();
    let caps = json!({"capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}},
                      "rootUri": path_uri(&env.work())});
    s.handle(request(1, "initialize", caps), now);
    let out = s.handle(notify("initialized", json!({})), now);
    let Some(Message::Request(r)) = out.first() else {
        panic!("{out:?}")
    };
    assert_eq!(r.method, "client/registerCapability");
    let reg = &r.params["registrations"][0];
    assert_eq!(reg["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = reg["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap())
        .collect();
    assert_eq!(globs, ["**/cascade.toml", "**/notes/**/*.{md,markdown}"]);
    // The client's answer is taken without a reply.
    let ok = lsp_server::Response::new_ok(r.id.clone(), Value::Null);
    assert!(s.handle(Message::Response(ok), now).is_empty());
    s.handle(
        notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(&env, NOTE), "languageId": "markdown", "version": 1, "text": typed()}}),
        ),
        now,
    );
    let rules = |s: &mut Server, at: Instant| -> Vec<String> {
        keys(&published(&s.flush(at))[0])
            .into_iter()
            .map(|k| k.0)
            .collect()
    };
    assert!(!rules(&mut s, now).contains(&"actions/stale-copy".to_owned()));
    // Ticked in a terminal, not in the editor: reported as a changed file.
    env.write(
        PREV,
        previous().replace("- [ ] Send the forecast", "- [x] Send the forecast"),
    );
    s.handle(
        notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": uri(&env, PREV), "type": 2}]}),
        ),
        now,
    );
    assert!(rules(&mut s, now + DEBOUNCE).contains(&"actions/stale-copy".to_owned()));
    // A client that cannot be asked is not.
    let mut plain = server();
    plain.handle(request(1, "initialize", json!({"capabilities": {}})), now);
    assert!(
        plain
            .handle(notify("initialized", json!({})), now)
            .is_empty()
    );
}

#[test]
fn lsp_quick_fix_is_the_fix_lint_fix_writes_and_applied_makes_the_finding_go() {
    let env = Env::new();
    setup(&env);
    let mut s = server();
    let now = Instant::now();
    let text = typed();
    open(&env, &mut s, NOTE, &text, now);
    let before = keys(&published(&s.flush(now))[0]);
    let (_, _, line, _) = before
        .iter()
        .find(|k| k.0 == "steps/missing")
        .cloned()
        .unwrap_or_else(|| panic!("{before:?}"));
    let v = code_actions(&env, &mut s, line, now);
    let action = v
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .unwrap_or_else(|| panic!("{v}"));
    let edits = action["edit"]["changes"][uri(&env, NOTE)]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(edits.len(), 1, "{action}");
    apply_edit(&env, &mut s, &edits[0], now);
    let after = keys(&published(&s.flush(now + DEBOUNCE))[0]);
    assert!(!after.iter().any(|k| k.0 == "steps/missing"), "{after:?}");
    // The same text `cascade lint --fix` writes for the same note.
    env.write(NOTE, &text);
    env.cascade()
        .args(["lint", "--fix", NOTE])
        .output()
        .unwrap();
    let fixed = env.read(NOTE);
    assert!(fixed.contains("## Reverse teaching"), "{fixed}");
    let (start, end) = (
        byte_at(&text, &edits[0]["range"]["start"]),
        byte_at(&text, &edits[0]["range"]["end"]),
    );
    let applied = format!(
        "{}{}{}",
        &text[..start],
        edits[0]["newText"].as_str().unwrap(),
        &text[end..]
    );
    assert_eq!(applied, fixed);
}

/// The byte offset of an LSP position (0-based line, UTF-16 column) in `text`.
fn byte_at(text: &str, pos: &Value) -> usize {
    let (line, col) = (
        pos["line"].as_u64().unwrap() as usize,
        pos["character"].as_u64().unwrap() as usize,
    );
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= col {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The code actions offered on 0-based `line` of the note.
fn code_actions(env: &Env, s: &mut Server, line: u64, now: Instant) -> Value {
    result(&s.handle(
        request(
            6,
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri(env, NOTE)},
                   "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                   "context": {"diagnostics": []}}),
        ),
        now,
    ))
}

/// Apply one text edit of a code action to the note, as version 2, through the server's
/// incremental sync.
fn apply_edit(env: &Env, s: &mut Server, edit: &Value, now: Instant) {
    s.handle(
        notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(env, NOTE), "version": 2}, "contentChanges": [
                {"range": edit["range"], "text": edit["newText"]}]}),
        ),
        now,
    );
}

#[test]
fn lsp_hover_on_a_person_never_shows_the_text_of_an_action_written_only_in_a_private_note() {
    let env = Env::new();
    setup(&env);
    env.write(
        "notes/alice/2026-11-06.md",
        "---\ndate: 2026-11-06\nreport: alice\nsupervisor: dana\nprivate: true\n---\n\n\
## Cascading actions\n- [ ] CANARY-LSP-PRIVATE talk @alice due:2026-12-01\n",
    );
    let mut s = server();
    let now = Instant::now();
    let text = typed();
    open(&env, &mut s, NOTE, &text, now);
    s.flush(now);
    let h = hover_at(&mut s, &env, &text, "@alice due:");
    assert!(h.contains("open actions: 3"), "{h}");
    assert!(h.contains("(private action) (due 2026-12-01)"), "{h}");
    assert!(!h.contains("CANARY"), "{h}");
    assert!(h.contains("Send the forecast (due 2026-11-18)"), "{h}");
}
