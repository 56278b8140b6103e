//! Time the note reader against pulldown-cmark on the notes of a notebook.
//!
//! `cargo run --release --example scan_timing -- DIR [ROUNDS]`: reads every `.md` under
//! `DIR/notes` into memory, then times, per round, `Note::parse` of every note (front matter
//! and body), `Note::parse` of every body alone (the body scanner, with its line index), and
//! pulldown-cmark's events (task lists on, with offsets) over every body alone, and prints the
//! median round of each.

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use cascade::note::{Note, Split};
use pulldown_cmark::{Options, Parser};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: scan_timing DIR [ROUNDS]");
        return ExitCode::from(2);
    };
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(11);
    let mut texts = Vec::new();
    for e in walkdir::WalkDir::new(std::path::Path::new(dir).join("notes")) {
        let Ok(e) = e else { continue };
        if e.path().extension().is_some_and(|x| x == "md")
            && let Ok(t) = std::fs::read_to_string(e.path())
        {
            texts.push(t);
        }
    }
    if texts.is_empty() {
        eprintln!("no notes under {dir}/notes");
        return ExitCode::from(2);
    }
    let bodies: Vec<&str> = texts
        .iter()
        .map(|t| match Note::parse(t).split {
            Split::Present(f) => &t[f.body_start..],
            _ => t.as_str(),
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (mut fast, mut scan, mut slow) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let t = Instant::now();
        for text in &texts {
            let n = Note::parse(text);
            black_box((n.actions.len(), n.sections.len()));
        }
        fast.push(t.elapsed());
        let t = Instant::now();
        for body in &bodies {
            let n = Note::parse(body);
            black_box((n.actions.len(), n.sections.len()));
        }
        scan.push(t.elapsed());
        let t = Instant::now();
        for body in &bodies {
            let events = Parser::new_ext(body, Options::ENABLE_TASKLISTS)
                .into_offset_iter()
                .count();
            black_box(events);
        }
        slow.push(t.elapsed());
    }
    let (fast, scan, slow) = (median(fast), median(scan), median(slow));
    let body_bytes: usize = bodies.iter().map(|b| b.len()).sum();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let mbs = |b: usize, d: Duration| b as f64 / d.as_secs_f64() / 1e6;
    println!(
        "notes={} bytes={bytes} body_bytes={body_bytes} rounds={rounds}",
        texts.len()
    );
    println!(
        "Note::parse, whole notes:         {:8.2} ms  {:5.0} MB/s",
        ms(fast),
        mbs(bytes, fast)
    );
    println!(
        "Note::parse, bodies alone:        {:8.2} ms  {:5.0} MB/s",
        ms(scan),
        mbs(body_bytes, scan)
    );
    println!(
        "pulldown-cmark events, bodies:    {:8.2} ms  {:5.0} MB/s  ({:.2}x the body scan)",
        ms(slow),
        mbs(body_bytes, slow),
        slow.as_secs_f64() / scan.as_secs_f64()
    );
    ExitCode::SUCCESS
}
