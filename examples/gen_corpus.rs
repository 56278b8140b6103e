//! Write a seeded notebook of N notes with ~1% planted defects of each kind.
//!
//! `cargo run --release --example gen_corpus -- DIR N [SEED]`; prints the notebook's size and
//! the `--today` to lint it with, and writes the planted defects to `DIR/planted.tsv`.

// The generator is shared with the CLI tests, and is no part of the library.
#[path = "../tests/support/corpus.rs"]
mod corpus;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(n)) = (args.first(), args.get(1).and_then(|n| n.parse().ok())) else {
        eprintln!("usage: gen_corpus DIR N [SEED]");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42);
    let dir = PathBuf::from(dir);
    if dir.exists() && dir.read_dir().map_or(true, |mut d| d.next().is_some()) {
        eprintln!("{} exists and is not empty", dir.display());
        return ExitCode::from(2);
    }
    match corpus::generate(&dir, n, seed) {
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
