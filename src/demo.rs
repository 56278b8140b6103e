//! The sample notebook `cascade demo` builds: people, ~3 months of notes, dated git history.
//!
//! Notes are written through the same path as `cascade new` (`scaffold::scaffold`), then their
//! prompts are filled in; every meeting is a commit dated on its day, and some actions are
//! ticked done in a later commit, so the digest can find them in history — one of them in an
//! older note after a newer one carried it. Deterministic for a given `today`.

use std::path::Path;

use jiff::civil::Date;

use crate::actions::Needs;
use crate::dates::{IsoWeek, add_days};
use crate::digest::{Digest, audience};
use crate::error::{Error, Result};
use crate::fsx::{self, Mode};
use crate::git::history;
use crate::git::write::{Commit, Identity, Outcome, Writer};
use crate::notebook::load::load_report;
use crate::notebook::{self, CONFIG_FILE, Notebook, audience_digest_rel, digest_rel};
use crate::scaffold::scaffold;
use crate::templates::Templates;
use crate::views::digest::{self as digest_view, Format};

/// A sample report: handle, name, role, cadence, groups, a topic.
struct Sample {
    handle: &'static str,
    name: &'static str,
    role: &'static str,
    cadence: u32,
    groups: &'static [&'static str],
    topic: &'static str,
    indicator: &'static str,
    base: f64,
}

const SAMPLES: &[Sample] = &[
    Sample {
        handle: "alice",
        name: "Alice Martin",
        role: "Sales lead",
        cadence: 7,
        groups: &["sales", "finance"],
        topic: "the Q4 pipeline",
        indicator: "incoming_orders",
        base: 400.0,
    },
    Sample {
        handle: "bob",
        name: "Bob Li",
        role: "Platform lead",
        cadence: 14,
        groups: &["platform"],
        topic: "the on-call load",
        indicator: "pages_per_week",
        base: 12.0,
    },
    Sample {
        handle: "chen",
        name: "Chen Wu",
        role: "Support manager",
        cadence: 14,
        groups: &["support"],
        topic: "ticket backlog",
        indicator: "open_tickets",
        base: 180.0,
    },
    Sample {
        handle: "dara",
        name: "Dara Okafor",
        role: "Design lead",
        cadence: 21,
        groups: &["product"],
        topic: "the onboarding redesign",
        indicator: "activation_pct",
        base: 41.0,
    },
    Sample {
        handle: "eli",
        name: "Eli Novak",
        role: "Data engineer",
        cadence: 28,
        groups: &["platform", "finance"],
        topic: "the revenue dashboard",
        indicator: "pipeline_failures",
        base: 6.0,
    },
];

/// What the demo built.
pub struct Built {
    /// Notes written.
    pub notes: usize,
    /// Commits made.
    pub commits: usize,
}

/// Dana Demo at `hour`:30 UTC on `date`, the author of every sample commit.
fn dana_on(date: Date, hour: i8) -> Result<Identity> {
    let dt = date.at(hour, 30, 0, 0);
    let ts = dt
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map_err(|e| Error::Internal(format!("demo date: {e}")))?
        .timestamp()
        .as_second();
    Ok(Identity {
        name: "Dana Demo".into(),
        email: "dana@example.com".into(),
        date: format!("@{ts} +0000"),
    })
}

/// Commit `paths` as Dana on the day of `who`; the sample's hooks-free history.
fn commit(w: &Writer, paths: &[String], msg: &str, who: Identity) -> Result<()> {
    let done = w.commit(&Commit {
        paths,
        message: msg,
        // Sample history, not the user's work: their hooks have nothing to check in it.
        no_verify: true,
        identity: Some(&who),
        date: None,
    })?;
    match done {
        Outcome::Committed { .. } => Ok(()),
        Outcome::Unchanged => Err(Error::Internal(format!(
            "demo: nothing to commit for {msg:?}"
        ))),
    }
}

/// How long each sample meeting took.
const MINUTES: u32 = 60;

/// Fill the template's prompts of meeting `k` with `s`.
fn fill(text: &str, s: &Sample, k: usize, date: Date, value: f64, last: bool) -> String {
    let eol = "\n";
    let due = add_days(date, i64::from(s.cadence));
    let share = s.groups[k % s.groups.len()];
    let mut out = String::with_capacity(text.len() + 800);
    let mut section = "";
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            section = match h {
                "Leverage" => "leverage",
                "Common base" => "base",
                "Reverse teaching" => "teach",
                "Joint data analysis" => "data",
                "Conclusions" => "concl",
                "Cascading actions" => "actions",
                "Private" => "private",
                _ => "",
            };
            out.push_str(line);
            out.push_str(eol);
            continue;
        }
        // `cascade new` leaves the length blank; the supervisor writes it after the meeting.
        if line == "duration_min:" {
            out.push_str(&format!("duration_min: {MINUTES}{eol}"));
            continue;
        }
        if line.starts_with("indicators:") {
            out.push_str(&format!("indicators:{eol}  {}: {value}{eol}", s.indicator));
            continue;
        }
        if line.starts_with("<!--") && line.ends_with("-->") {
            let body = match section {
                // One note is left incomplete on purpose, so lint has something to show.
                "leverage" if last && s.handle == "chen" => String::new(),
                "leverage" => format!(
                    "Sharpen how {} is run for the next {} days.",
                    s.topic, s.cadence
                ),
                "base" => format!(
                    "We agree {} is judged by `{}`, reviewed weekly.",
                    s.topic, s.indicator
                ),
                "teach" => format!(
                    "{} walked me through how {} really behaves in week {}.",
                    s.name,
                    s.topic,
                    k + 1
                ),
                "data" => format!(
                    "`{}` is {value}; we compared it with the last meetings.",
                    s.indicator
                ),
                "concl" => format!(
                    "- Keep {} as the priority this cycle. share:{share}",
                    s.topic
                ),
                "actions" if last && s.handle == "chen" => {
                    format!("- [ ] Write the backlog summary @{}", s.handle)
                }
                "actions" => format!(
                    "- [ ] Review {} numbers, week {} @{} due:{due}{eol}- [ ] Send the summary to {share} @dana due:{due}",
                    s.indicator,
                    k + 1,
                    s.handle
                ),
                "private" => format!(
                    "{} mentioned feeling stretched; check in gently.",
                    s.name.split(' ').next().unwrap_or("")
                ),
                _ => continue,
            };
            if !body.is_empty() {
                out.push_str(&body);
                out.push_str(eol);
            }
            continue;
        }
        out.push_str(line);
        out.push_str(eol);
    }
    out
}

/// Build the sample notebook in `dir` (which must be empty or absent) ending at `today`.
pub fn build(dir: &Path, today: Date) -> Result<Built> {
    ensure_empty(dir)?;
    notebook::create(dir, "dana", notebook::DefaultShare::Groups)?;
    // The sample gets a repository of its own, even inside another one: its dated commits
    // must never land in (or touch the index of) a repository around it.
    crate::git::write::init(dir)?;
    let repo = git2::Repository::open(dir.join(".git"))?;
    let w = Writer::new(&repo)?;
    write_config(dir, &w, today)?;
    let nb = Notebook::open(dir)?;
    let templates = Templates::new(Some(&nb.root));
    let render = |ctx: &serde_json::Value| templates.render("note.md.j2", ctx);
    let meetings = calendar(today);
    let counts: Vec<usize> = (0..SAMPLES.len())
        .map(|i| meetings.iter().filter(|m| m.1 == i).count())
        .collect();
    let mut notes = 0;
    let mut commits = 1;
    let mut pending_ticks: Vec<(Date, String)> = Vec::new();
    for &(date, i, k) in &meetings {
        let s = &SAMPLES[i];
        // Tick actions of earlier notes two days after their meeting, in their own commit.
        pending_ticks.sort();
        while let Some((tick_day, path)) = pending_ticks.first().cloned() {
            if tick_day > date {
                break;
            }
            pending_ticks.remove(0);
            commits += tick(dir, &w, &path, tick_day)?;
        }
        let last = k + 1 == counts[i];
        // The note after the private one copies nothing from it (as `new --no-carry` does),
        // so it stays public and the demo keeps a single private note.
        let after_private = s.handle == "bob" && k == 3;
        let before = load_report(&nb, s.handle).held_by(add_days(date, -1));
        let mine = before.of_report(&nb, s.handle);
        let ledger = history::ledger(&nb, &mine, Needs::default(), today)?;
        let sc = scaffold(&nb, s.handle, date, after_private, &ledger, &render)?;
        let mut text = fill(&sc.text, s, k, date, indicator_value(s, i, k), last);
        if s.handle == "bob" && k == 2 {
            text = text.replacen("tags: []", "private: true\ntags: []", 1);
        }
        fsx::create_dir_all(sc.path.parent().unwrap_or(dir))?;
        fsx::write_atomic(&sc.path, text.as_bytes(), Mode::CreateNew)?;
        let rel = nb.rel(&sc.path);
        commit(
            &w,
            std::slice::from_ref(&rel),
            &format!("1:1 {} {date}\n\nReport: {}", s.handle, s.handle),
            dana_on(date, 17)?,
        )?;
        notes += 1;
        commits += 1;
        // Most actions are done within days; every fourth meeting's are carried over. Alice's
        // second-to-last meeting's are carried too, then ticked in that older note the day
        // after her last meeting carried them: the tick counts, wherever it was written.
        if s.handle == "alice" && k + 2 == counts[i] {
            let next = add_days(date, i64::from(s.cadence));
            pending_ticks.push((add_days(next, 1).min(today), rel));
        } else if k % 4 != 3 {
            pending_ticks.push((add_days(date, 2), rel));
        }
    }
    for (tick_day, path) in pending_ticks {
        if tick_day <= today {
            commits += tick(dir, &w, &path, tick_day)?;
        }
    }
    Ok(Built { notes, commits })
}

/// Commit the supervisor's digest of `week` and each group's (Markdown and JSON) under
/// `digests/`, as `digest --commit --audience all` does, dated `today` after every other
/// commit (the history stays in date order); returns the groups.
pub fn publish(nb: &Notebook, d: &Digest, week: IsoWeek, today: Date) -> Result<Vec<String>> {
    let w = week.to_string();
    let mut files = vec![(
        digest_rel(&w),
        digest_view::render(d, Format::Md, Some(nb))?,
    )];
    let groups = audience::groups_of(d, nb);
    for g in &groups {
        let a = audience::for_group(d, g, nb);
        for f in [Format::Md, Format::Json] {
            let text = crate::views::audience::render(&a, f, Some(nb))?;
            files.push((audience_digest_rel(&w, g, f.ext()), text));
        }
    }
    for (rel, text) in &files {
        let path = nb.root.join(rel);
        fsx::create_dir_all(path.parent().unwrap_or(&nb.root))?;
        fsx::write_atomic(&path, text.as_bytes(), Mode::CreateNew)?;
    }
    let repo = git2::Repository::open(nb.root.join(".git"))?;
    let writer = Writer::new(&repo)?;
    let paths: Vec<String> = files.into_iter().map(|(rel, _)| rel).collect();
    commit(
        &writer,
        &paths,
        &format!(
            "Digest {w}\n\nWith the digests of {}.\n\nWeek: {w}",
            groups.join(", ")
        ),
        dana_on(today, 20)?,
    )?;
    Ok(groups)
}

/// Refuse a directory that holds anything: the demo never writes over someone's files.
fn ensure_empty(dir: &Path) -> Result<()> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .next()
            .is_some()
    {
        return Err(Error::usage(
            format!(
                "{} is not empty; the demo only writes into a new or empty directory",
                dir.display()
            ),
            Some("pass a new directory, or none to use a temporary one"),
        ));
    }
    Ok(())
}

/// Add the sample people and groups to the new notebook's config, as its first commit.
fn write_config(dir: &Path, w: &Writer, today: Date) -> Result<()> {
    let mut config =
        std::fs::read_to_string(dir.join(CONFIG_FILE)).map_err(|e| Error::io(dir, e))?;
    for s in SAMPLES {
        let groups: Vec<String> = s.groups.iter().map(|g| format!("\"{g}\"")).collect();
        config.push_str(&format!(
            "\n[people.{}]\nname = \"{}\"\nrole = \"{}\"\ncadence_days = {}\ngroups = [{}]\n",
            s.handle,
            s.name,
            s.role,
            s.cadence,
            groups.join(", ")
        ));
    }
    config.push_str("\n[groups.sales]\nname = \"Sales leadership\"\n[groups.finance]\nname = \"Finance\"\n[groups.platform]\nname = \"Platform\"\n[groups.support]\nname = \"Support\"\n[groups.product]\nname = \"Product\"\n");
    fsx::write_atomic(&dir.join(CONFIG_FILE), config.as_bytes(), Mode::Replace)?;
    commit(
        w,
        &[CONFIG_FILE.into(), ".gitignore".into()],
        "Start the one-on-one notebook",
        dana_on(add_days(today, -92), 9)?,
    )
}

/// Meetings of all reports as (date, sample, meeting number), in date order so commits
/// follow the calendar.
fn calendar(today: Date) -> Vec<(Date, usize, usize)> {
    let mut meetings: Vec<(Date, usize, usize)> = Vec::new();
    for (i, s) in SAMPLES.iter().enumerate() {
        // Eli is left overdue by cadence: the last meeting is long ago.
        let stop = if s.handle == "eli" {
            add_days(today, -40)
        } else {
            today
        };
        let mut d = add_days(today, -90 + i as i64);
        let mut k = 0;
        while d <= stop {
            meetings.push((d, i, k));
            k += 1;
            d = add_days(d, i64::from(s.cadence));
        }
    }
    meetings.sort();
    meetings
}

/// The indicator of sample `i` at its meeting `k`: a small wave on a slow rise, to one decimal.
fn indicator_value(s: &Sample, i: usize, k: usize) -> f64 {
    let wave = ((k * 7 + i * 3) % 5) as f64 - 2.0;
    let mut value = s.base + wave * s.base * 0.02 + k as f64 * s.base * 0.01;
    // The outlier: one jump in Alice's orders.
    if s.handle == "alice" && k == 6 {
        value = s.base * 1.6;
    }
    (value * 10.0).round() / 10.0
}

/// Tick the open actions of the note at `rel` and commit it on `day`.
fn tick(dir: &Path, w: &Writer, rel: &str, day: Date) -> Result<usize> {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let new = text
        .replace("- [ ] Review", "- [x] Review")
        .replace("- [ ] Send", "- [x] Send");
    if new == text {
        return Ok(0);
    }
    fsx::write_atomic(&path, new.as_bytes(), Mode::Replace)?;
    commit(
        w,
        &[rel.to_owned()],
        &format!("Tick a done action in {rel}"),
        dana_on(day, 11)?,
    )?;
    Ok(1)
}
