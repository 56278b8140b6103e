//! How long `cascade lsp` takes from an edit to its findings, on a notebook on disk.
//!
//! `cargo run --release --example bench_lsp -- DIR TODAY [NOTE] [EDITS]`: opens NOTE (default:
//! the first note of the first report), then makes EDITS edits (default 50), each a line
//! appended, and times each from the edit's arrival to its `publishDiagnostics`, the quiet
//! time after an edit ([`cascade::lsp::DEBOUNCE`]) included, on the real clock.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::json;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(today)) = (args.first(), args.get(1)) else {
        eprintln!("usage: bench_lsp DIR TODAY [NOTE] [EDITS]");
        return ExitCode::from(2);
    };
    let Ok(today) = cascade::dates::parse_ymd(today) else {
        eprintln!("TODAY is YYYY-MM-DD");
        return ExitCode::from(2);
    };
    let root = cascade::notebook::absolute(&PathBuf::from(dir));
    let note = match args.get(2).filter(|s| !s.is_empty()) {
        Some(n) => root.join(n),
        None => match first_note(&root) {
            Some(n) => n,
            None => {
                eprintln!("no note under {}/notes", root.display());
                return ExitCode::from(2);
            }
        },
    };
    let edits: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(50);
    let Ok(mut text) = std::fs::read_to_string(&note) else {
        eprintln!("cannot read {}", note.display());
        return ExitCode::from(2);
    };
    let uri = cascade::lsp::path_uri(&note);
    let mut server = cascade::commands::lsp::server(Some(today));

    let t = Instant::now();
    server.handle(
        Message::Request(Request::new(
            RequestId::from(1),
            "initialize".into(),
            json!({"capabilities": {}, "rootUri": cascade::lsp::path_uri(&root)}),
        )),
        Instant::now(),
    );
    let init = t.elapsed();
    let t = Instant::now();
    server.handle(
        notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 0, "text": text}}),
        ),
        Instant::now(),
    );
    let findings = published(&publish_when_due(&mut server));
    let open = t.elapsed();

    let mut times = Vec::with_capacity(edits);
    for v in 1..=edits {
        text.push_str(&format!("\nedit {v}\n"));
        let t = Instant::now();
        server.handle(
            notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": text}]}),
            ),
            t,
        );
        let out = publish_when_due(&mut server);
        times.push(t.elapsed());
        assert_eq!(out.len(), 1, "one publish per edit");
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pct = |p: f64| ms(times[((times.len() - 1) as f64 * p).round() as usize]);
    let _ = writeln!(
        std::io::stdout(),
        "note: {}\nfindings: {findings}\ninitialize: {:.1} ms\nopen to first findings: {:.1} ms\n\
edit to findings over {edits} edits (debounce {} ms included): min {:.1} ms, median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        note.strip_prefix(&root).unwrap_or(&note).display(),
        ms(init),
        ms(open),
        cascade::lsp::DEBOUNCE.as_millis(),
        pct(0.0),
        pct(0.5),
        pct(0.95),
        pct(1.0),
    );
    ExitCode::SUCCESS
}

/// Wait (on the real clock) for the queued lint to be due, then lint and publish it.
fn publish_when_due(server: &mut cascade::lsp::Server) -> Vec<Message> {
    if let Some(due) = server.next_due() {
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
    }
    server.flush(Instant::now())
}

fn notify(method: &str, params: serde_json::Value) -> Message {
    Message::Notification(Notification::new(method.into(), params))
}

/// The number of findings published.
fn published(out: &[Message]) -> usize {
    out.iter()
        .filter_map(|m| match m {
            Message::Notification(n) => n.params["diagnostics"].as_array().map(Vec::len),
            _ => None,
        })
        .sum()
}

/// The first note of the first report folder, by name.
fn first_note(root: &std::path::Path) -> Option<PathBuf> {
    let mut reports: Vec<PathBuf> = std::fs::read_dir(root.join("notes"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    reports.sort();
    let mut notes: Vec<PathBuf> = std::fs::read_dir(reports.first()?)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    notes.sort();
    notes.into_iter().next()
}
