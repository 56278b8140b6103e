//! A seeded generator of realistic notebooks with planted defects, for tests and benchmarks.
//!
//! Notes are 1-8 KB (about 3 KB median); about 1% of notes carry each kind of defect, one
//! defect per note, and the generator returns where each was planted (rule and line), so a
//! test can check that lint finds every one and nothing else. Some valid notes have a BOM or
//! CRLF line endings. Same seed, same bytes.
//!
//! Included by `examples/gen_corpus.rs` and the CLI tests; each uses part of it.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

use jiff::civil::Date;

use cascade::error::{Error, Result};

/// A defect planted in a generated note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planted {
    /// Path relative to the notebook root.
    pub path: String,
    /// The rule that must report it (as an error).
    pub rule: &'static str,
    /// The 1-based line it must be reported at.
    pub line: usize,
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Notes written.
    pub notes: usize,
    /// Total bytes of notes.
    pub bytes: u64,
    /// Median note size in bytes.
    pub median_bytes: usize,
    /// Defects planted.
    pub planted: Vec<Planted>,
    /// A date after every note: lint with `--today` set to it.
    pub today: Date,
}

/// splitmix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
}

const WORDS: &[&str] = &[
    "pipeline",
    "forecast",
    "customers",
    "quarter",
    "budget",
    "hiring",
    "release",
    "incident",
    "on-call",
    "roadmap",
    "pricing",
    "backlog",
    "support",
    "latency",
    "dashboard",
    "renewals",
    "the team",
    "finance",
    "the launch",
    "quality",
    "review",
    "migration",
    "contract",
    "churn",
    "onboarding",
    "vendor",
    "metrics",
    "capacity",
    "training",
    "the plan",
    "margins",
    "demand",
];
const VERBS: &[&str] = &[
    "slowed",
    "grew",
    "needs",
    "depends on",
    "affects",
    "improved",
    "blocks",
    "drives",
    "follows",
    "explains",
    "changed",
    "shapes",
];
const GROUPS: &[&str] = &["sales", "finance", "platform", "support", "product"];
const INDICATORS: &[&str] = &[
    "incoming_orders",
    "open_tickets",
    "pages_per_week",
    "churn_pct",
];

fn sentence(r: &mut Rng) -> String {
    let mut s = String::new();
    let n = 2 + r.below(3);
    for i in 0..n {
        let a = r.pick(WORDS);
        let v = r.pick(VERBS);
        let b = r.pick(WORDS);
        if i == 0 {
            let mut c = a.chars();
            let first = c
                .next()
                .map_or(String::new(), |f| f.to_uppercase().collect());
            let _ = write!(s, "{first}{} {v} {b}", c.as_str());
        } else {
            let _ = write!(s, ", and {a} {v} {b}");
        }
    }
    s.push('.');
    s
}

/// The defect kinds, one of which a defective note carries.
const KINDS: usize = 19;

/// Build one note as lines; returns its lines and, if planted, (rule, line).
fn note(
    r: &mut Rng,
    report: &str,
    date: Date,
    target: usize,
    defect: Option<usize>,
) -> (Vec<String>, Option<(&'static str, usize)>) {
    let mut fm = front_matter(r, report, date);
    let (mut body, due) = sections(r, report, date, target);
    let how = plant(r, defect, report, date, due, &mut fm, &mut body);
    let mut lines: Vec<String> = Vec::new();
    if how.text_before {
        lines.push(format!("Notes with {report}"));
    }
    lines.push("---".into());
    for l in &fm {
        lines.extend(l.split('\n').map(str::to_owned));
    }
    let close = lines.len() + 1;
    if !how.unterminated {
        lines.push("---".into());
    }
    lines.push(String::new());
    lines.push(format!("# 1:1 {report} / dana — {date}"));
    let mut heading_lines = Vec::new();
    for (h, content) in &body {
        lines.push(String::new());
        heading_lines.push((h.clone(), lines.len() + 1));
        lines.push(h.clone());
        for c in content {
            lines.extend(c.split('\n').map(str::to_owned));
        }
    }
    let planted = planted_at(defect, &lines, &heading_lines, close);
    (lines, planted)
}

/// The lines of a note's front matter, between its fences.
fn front_matter(r: &mut Rng, report: &str, date: Date) -> Vec<String> {
    let mut fm: Vec<String> = vec![
        format!("date: {date}"),
        format!("report: {report}"),
        "supervisor: dana".into(),
        format!("duration_min: {}", [30, 45, 60, 90][r.below(4)]),
        format!("share_with: [{}]", r.pick(GROUPS)),
        "tags: [weekly]".into(),
        "indicators:".into(),
    ];
    for name in INDICATORS.iter().take(1 + r.below(3)) {
        fm.push(format!("  {name}: {}", 10 + r.below(500)));
    }
    fm
}

/// The sections of a note (heading, lines), grown to about `target` bytes, and the due date
/// of its actions.
fn sections(
    r: &mut Rng,
    report: &str,
    date: Date,
    target: usize,
) -> (Vec<(String, Vec<String>)>, Date) {
    // Sections: (heading, lines).
    let steps = [
        "Leverage",
        "Common base",
        "Reverse teaching",
        "Joint data analysis",
        "Conclusions",
        "Cascading actions",
        "Private",
    ];
    let mut body: Vec<(String, Vec<String>)> = steps
        .iter()
        .map(|h| (format!("## {h}"), Vec::new()))
        .collect();
    let due = cascade::dates::add_days(date, 7 + r.below(14) as i64);
    body[4].1.push(format!(
        "- Keep {} as planned. share:{}",
        r.pick(WORDS),
        r.pick(GROUPS)
    ));
    body[5].1.push(format!(
        "- [ ] Follow up on {} @{report} due:{due}",
        r.pick(WORDS)
    ));
    body[5].1.push(format!(
        "- [x] Send the notes on {} @dana due:{due}",
        r.pick(WORDS)
    ));
    for (i, _) in steps.iter().enumerate().take(4) {
        body[i].1.push(sentence(r));
    }
    body[6].1.push(sentence(r));
    // Grow to the target size with text, bullets and actions.
    let mut size: usize = 400;
    let mut k = 0;
    while size < target {
        let s = match k % 7 {
            4 => format!("- {} share:{}", sentence(r), r.pick(GROUPS)),
            5 => {
                let owner = if r.below(2) == 0 { report } else { "dana" };
                let state = ["[ ]", "[x]", "[-]"][r.below(3)];
                format!(
                    "- {state} Review {} with {} @{owner} due:{due}",
                    r.pick(WORDS),
                    r.pick(WORDS)
                )
            }
            i => sentence(r) + if i == 3 { " Numbers: 412 vs 380." } else { "" },
        };
        size += s.len() + 1;
        let section = k % 7;
        body[section].1.push(s);
        k += 1;
    }
    (body, due)
}

/// How a planted defect changes the note's frame.
#[derive(Default)]
struct Frame {
    /// The closing fence is left out.
    unterminated: bool,
    /// A line of text comes before the opening fence.
    text_before: bool,
}

/// Plant defect number `defect` (of [`KINDS`]) in the front matter or the sections.
fn plant(
    r: &mut Rng,
    defect: Option<usize>,
    report: &str,
    date: Date,
    due: Date,
    fm: &mut [String],
    body: &mut Vec<(String, Vec<String>)>,
) -> Frame {
    let mut bad_front: Option<(usize, String)> = None; // replace front matter line i
    let mut frame = Frame::default();
    match defect {
        Some(0) => bad_front = Some((1, format!("report: {report}\n  supervisor: dana"))),
        Some(1) => bad_front = Some((2, "supervisor: \"dana".into())),
        Some(2) => bad_front = Some((4, format!("share_with: [{}", r.pick(GROUPS)))),
        Some(3) => frame.unterminated = true,
        Some(4) => frame.text_before = true,
        Some(5) => bad_front = Some((3, "duration_min: ninety".into())),
        Some(6) => bad_front = Some((0, "date: 2026-02-30".into())),
        Some(7) => bad_front = Some((2, "supervisor: dana\nreport: other".into())),
        Some(8) => {
            // A missing section: Reverse teaching.
            body.remove(2);
        }
        Some(9) => {
            body[1].1 = vec!["<!-- nothing yet -->".into()];
        }
        Some(10) => {
            body[5].1[0] = format!("- [ ] Follow up on {} due:{due}", r.pick(WORDS));
        }
        Some(11) => {
            body[5].1[0] = format!("- [ ] Follow up on {} @{report}", r.pick(WORDS));
        }
        Some(12) => {
            body[5].1[0] = format!(
                "- [ ] Follow up on {} @{report} due:2026-13-01",
                r.pick(WORDS)
            );
        }
        Some(13) => bad_front = Some((7, "  morale: high".into())),
        Some(14) => {
            let old = body[5].1[0].clone();
            body[5].1[0] = format!(
                "<<<<<<< HEAD\n{old}\n=======\n- [x] {}\n>>>>>>> theirs",
                &old[6..]
            );
        }
        Some(15) => bad_front = Some((0, format!("date: {}", cascade::dates::add_days(date, 1)))),
        Some(16) => bad_front = Some((2, "# supervisor: dana".into())),
        Some(17) => bad_front = Some((1, format!("report: {report}\n\tsupervisor: dana"))),
        Some(18) => body[3].1.clear(),
        _ => {}
    }
    if let Some((i, line)) = bad_front {
        fm[i] = line;
    }
    frame
}

/// Where a linter must report defect number `defect`: (rule, line).
fn planted_at(
    defect: Option<usize>,
    lines: &[String],
    heading_lines: &[(String, usize)],
    close: usize,
) -> Option<(&'static str, usize)> {
    let find = |needle: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(needle))
            .map(|i| i + 1)
    };
    let heading = |h: &str| heading_lines.iter().find(|(x, _)| x == h).map(|x| x.1);
    match defect {
        Some(0) => Some(("front-matter/parse", 4)),
        Some(1) => Some(("front-matter/parse", 4)),
        Some(2) => Some(("front-matter/parse", 6)),
        Some(3) => Some(("front-matter/parse", 1)),
        Some(4) => Some(("front-matter/missing", 1)),
        Some(5) => Some(("front-matter/type", 5)),
        Some(6) => Some(("front-matter/type", 2)),
        Some(7) => Some(("front-matter/parse", 5)),
        Some(8) => heading("## Joint data analysis").map(|l| ("steps/missing", l)),
        Some(9) => heading("## Common base").map(|l| ("steps/empty", l)),
        Some(10) => find("- [ ] Follow up").map(|l| ("actions/owner", l)),
        Some(11) => find("- [ ] Follow up").map(|l| ("actions/due", l)),
        Some(12) => find("- [ ] Follow up").map(|l| ("actions/date-invalid", l)),
        Some(13) => Some(("indicators/type", 9)),
        Some(14) => find("<<<<<<<").map(|l| ("note/conflict-markers", l)),
        Some(15) => Some(("note/path-mismatch", 2)),
        Some(16) => Some(("front-matter/required", close)),
        Some(17) => Some(("front-matter/parse", 4)),
        Some(18) => heading("## Joint data analysis").map(|l| ("steps/empty", l)),
        _ => None,
    }
}

/// The shape of a generated notebook: how many reports, how large the notes, whether the
/// reports are declared in `cascade.toml`.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Report folders; None: one per 400 notes (1 to 500).
    pub reports: Option<usize>,
    /// Smallest note, in bytes.
    pub min_bytes: usize,
    /// How far above the smallest a note may grow (most stay near the bottom).
    pub spread_bytes: usize,
    /// Declare every report under `[people]`; without, every owner is unknown to lint.
    pub people: bool,
}

impl Default for Shape {
    fn default() -> Shape {
        Shape {
            reports: None,
            min_bytes: 1024,
            spread_bytes: 7168,
            people: true,
        }
    }
}

/// Write a notebook of `n` notes under `dir` (which must be empty or absent).
#[allow(dead_code)]
pub fn generate(dir: &Path, n: usize, seed: u64) -> Result<Corpus> {
    generate_shaped(dir, n, seed, Shape::default())
}

/// Write a notebook of `n` notes of the given shape under `dir` (empty or absent).
pub fn generate_shaped(dir: &Path, n: usize, seed: u64, shape: Shape) -> Result<Corpus> {
    let mut r = Rng(seed);
    let reports = shape.reports.unwrap_or((n / 400).clamp(1, 500)).max(1);
    let names: Vec<String> = (0..reports).map(|i| format!("r{i:03}")).collect();
    let mut config = String::from("me = \"dana\"\ndefault_cadence_days = 7\n");
    if shape.people {
        for h in &names {
            let _ = write!(config, "\n[people.{h}]\nname = \"Report {h}\"\n");
        }
    }
    std::fs::create_dir_all(dir.join("notes")).map_err(|e| Error::io(dir, e))?;
    std::fs::write(dir.join(cascade::notebook::CONFIG_FILE), config)
        .map_err(|e| Error::io(dir, e))?;
    let start = jiff::civil::date(2016, 1, 4);
    let mut corpus = Corpus::default();
    let mut sizes = Vec::with_capacity(n);
    let mut last = start;
    for i in 0..n {
        let report = &names[i % reports];
        let date = cascade::dates::add_days(start, 7 * (i / reports) as i64);
        last = last.max(date);
        // About 1% of notes per defect kind.
        let defect = (r.below(100) < KINDS).then(|| r.below(KINDS));
        let u = (r.unit() + r.unit()) / 2.0;
        let target = shape.min_bytes + (u.powf(2.2) * shape.spread_bytes as f64) as usize;
        let (lines, planted) = note(&mut r, report, date, target, defect);
        let rel = cascade::notebook::note_rel_path(report, date);
        let crlf = defect.is_none() && r.below(50) == 0;
        let bom = defect.is_none() && r.below(50) == 0;
        let mut text = lines.join(if crlf { "\r\n" } else { "\n" });
        text.push_str(if crlf { "\r\n" } else { "\n" });
        let mut bytes = Vec::with_capacity(text.len() + 3);
        if bom {
            bytes.extend_from_slice(cascade::text::BOM.as_bytes());
        }
        bytes.extend_from_slice(text.as_bytes());
        if defect.is_none() && r.below(100) == 0 {
            // An invalid byte inside the sentence under `## Leverage`.
            let i = lines.iter().position(|l| l == "## Leverage").unwrap_or(0);
            let pos = bytes
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b == b'\n')
                .nth(i)
                .map_or(0, |(p, _)| p + 3);
            bytes.insert(pos, 0xE9);
            corpus.planted.push(Planted {
                path: rel.clone(),
                rule: "file/encoding",
                line: i + 2,
            });
        } else if let Some((rule, line)) = planted {
            corpus.planted.push(Planted {
                path: rel.clone(),
                rule,
                line,
            });
        }
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, &bytes).map_err(|e| Error::io(&path, e))?;
        corpus.bytes += bytes.len() as u64;
        sizes.push(bytes.len());
        corpus.notes += 1;
    }
    sizes.sort_unstable();
    corpus.median_bytes = sizes.get(sizes.len() / 2).copied().unwrap_or(0);
    corpus.today = cascade::dates::add_days(last, 1);
    Ok(corpus)
}
