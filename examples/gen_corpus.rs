//! Write a seeded notebook of N notes with ~1% planted defects of each kind.
//!
//! `cargo run --release --example gen_corpus -- DIR N [SEED] [--reports R] [--kb MIN[-MAX]]
//! [--no-people]`; prints the notebook's size and the `--today` to lint it with, and writes the
//! planted defects to `DIR/planted.tsv`. By default there is one report per 400 notes, notes of
//! 1 to 8 KB (most near 1), and every report declared in `cascade.toml`.

// The generator is shared with the CLI tests, and is no part of the library.
#[path = "../tests/support/corpus.rs"]
mod corpus;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let Some(shape) = shape(&mut args) else {
        eprintln!("usage: gen_corpus DIR N [SEED] [--reports R] [--kb MIN[-MAX]] [--no-people]");
        return ExitCode::from(2);
    };
    let (Some(dir), Some(n)) = (args.first(), args.get(1).and_then(|n| n.parse().ok())) else {
        eprintln!("usage: gen_corpus DIR N [SEED] [--reports R] [--kb MIN[-MAX]] [--no-people]");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42);
    let dir = PathBuf::from(dir);
    if dir.exists() && dir.read_dir().map_or(true, |mut d| d.next().is_some()) {
        eprintln!("{} exists and is not empty", dir.display());
        return ExitCode::from(2);
    }
    match corpus::generate_shaped(&dir, n, seed, shape) {
        Ok(c) => {
            let mut tsv = String::from("path\trule\tline\n");
            for p in &c.planted {
                tsv.push_str(&format!("{}\t{}\t{}\n", p.path, p.rule, p.line));
            }
            if let Err(e) = std::fs::write(dir.join("planted.tsv"), tsv) {
                eprintln!("cannot write planted.tsv: {e}");
                return ExitCode::from(2);
            }
            let _ = writeln!(
                std::io::stdout(),
                "notes={} bytes={} median_bytes={} planted={} today={}",
                c.notes,
                c.bytes,
                c.median_bytes,
                c.planted.len(),
                c.today
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

/// Take the shape options out of `args`; None on a malformed one.
fn shape(args: &mut Vec<String>) -> Option<corpus::Shape> {
    let mut shape = corpus::Shape::default();
    let mut rest = Vec::new();
    let mut it = std::mem::take(args).into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--no-people" => shape.people = false,
            "--reports" => shape.reports = Some(it.next()?.parse().ok()?),
            "--kb" => {
                let v = it.next()?;
                let (lo, hi) = v.split_once('-').unwrap_or((&v, &v));
                let (lo, hi): (usize, usize) = (lo.parse().ok()?, hi.parse().ok()?);
                shape.min_bytes = lo * 1024;
                shape.spread_bytes = hi.checked_sub(lo)? * 1024;
            }
            _ => rest.push(a),
        }
    }
    *args = rest;
    Some(shape)
}
