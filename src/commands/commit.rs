//! `cascade commit`: stage changed notes and digests, lint the staged notes, commit with
//! `Report:` and `Week:` trailers.
//!
//! What is committed: every note (`notes/**.md`) and digest (`digests/*`) of the notebook that
//! differs from HEAD, new, changed or deleted, and the notebook's settings (`cascade.toml`,
//! `templates/*`) likewise, as they are on disk, through `git commit --only` (hooks and clean
//! filters apply); anything else staged stays staged. A note that cannot be
//! read is left out with a warning, never recorded as deleted. The trailers are one
//! `Report: <handle>` per report whose notes the commit touches, and `Week: <GGGG-Www>`, the
//! ISO week of the day of the commit (`--today`): the week whose digest counts what the commit
//! changed, since the digest dates a ticked action by the commit that ticked it.

use std::collections::BTreeSet;
use std::path::Path;

use git2::{Status, StatusOptions};

use crate::cli::CommitArgs;
use crate::dates::IsoWeek;
use crate::error::{EXIT_FINDINGS, EXIT_OK, Error, Result};
use crate::git::write::{Commit, OnDisk, Outcome, Writer, on_disk};
use crate::notebook::{CONFIG_FILE, DIGESTS_DIR, NOTES_DIR, Notebook, rel_path};
use crate::templates::TEMPLATES_DIR;
use crate::text::one_line;
use crate::ui::Ctx;

/// A file the commit picks up.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Changed {
    /// Path relative to the work tree.
    in_repo: String,
    /// Path relative to the notebook root.
    rel: String,
}

/// What a note's or digest's path says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// `notes/<report>/<stem>.md`
    Note { report: String, stem: String },
    /// `digests/<stem>.<ext>`
    Digest { stem: String },
    /// `cascade.toml` or `templates/<file>`: what the notes are checked and scaffolded with.
    Setting,
}

fn kind(rel: &str) -> Option<Kind> {
    // Which paths are notes is the inventory's rule, the same in every command.
    if crate::notebook::inventory::is_note_rel(rel) {
        let rest = &rel[NOTES_DIR.len() + 1..];
        let (folder, file) = rest.rsplit_once('/').unwrap_or(("", rest));
        let stem = crate::notebook::inventory::note_stem(file)?;
        // The report is the first folder (`notes/<report>/…/<stem>.md`).
        let report = folder.split('/').next().unwrap_or("");
        return Some(Kind::Note {
            report: report.to_owned(),
            stem: stem.to_owned(),
        });
    }
    if rel.starts_with(&format!("{NOTES_DIR}/")) {
        return None;
    }
    if rel == CONFIG_FILE {
        return Some(Kind::Setting);
    }
    if let Some(file) = rel.strip_prefix(&format!("{TEMPLATES_DIR}/")) {
        // The notebook's own templates sit flat in `templates/`; a hidden file there is an
        // editor's swap file or a temp file, not a template.
        return (!file.is_empty() && !file.starts_with('.') && !file.contains('/'))
            .then_some(Kind::Setting);
    }
    let name = rel.strip_prefix(&format!("{DIGESTS_DIR}/"))?;
    // A week's audience digests sit in its folder: `digests/<week>/<group>.md` is the week's.
    let (name, file) = match name.split_once('/') {
        Some((week, file)) if crate::dates::IsoWeek::parse(week).is_ok() => (week, file),
        Some(_) => return None,
        None => (name, name),
    };
    // Hidden files (an editor's swap file, a temp file left by a killed write) are not digests.
    if name.is_empty()
        || name.starts_with('.')
        || file.is_empty()
        || file.starts_with('.')
        || file.contains('/')
    {
        return None;
    }
    let stem = name.split('.').next().unwrap_or(name);
    Some(Kind::Digest {
        stem: stem.to_owned(),
    })
}

/// Notes, digests and settings that differ from HEAD, in the work tree or already in the
/// index.
fn changed(repo: &git2::Repository, prefix: &str) -> Result<Vec<Changed>> {
    let mut opts = StatusOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        // Paths, not globs: a notebook in `team[1]/` must match itself.
        .disable_pathspec_match(true)
        .pathspec(format!("{prefix}{NOTES_DIR}"))
        .pathspec(format!("{prefix}{DIGESTS_DIR}"))
        .pathspec(format!("{prefix}{CONFIG_FILE}"))
        .pathspec(format!("{prefix}{TEMPLATES_DIR}"));
    let statuses = repo.statuses(Some(&mut opts))?;
    let mut out = Vec::new();
    for e in statuses.iter() {
        let st = e.status();
        if st.is_empty() || st.contains(Status::IGNORED) {
            continue;
        }
        let Ok(path) = e.path() else { continue };
        let Some(rel) = path.strip_prefix(prefix) else {
            continue;
        };
        if kind(rel).is_some() {
            out.push(Changed {
                in_repo: path.to_owned(),
                rel: rel.to_owned(),
            });
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out.dedup();
    Ok(out)
}

/// The commit message: the user's, or one naming the notes and digests; then the trailers
/// that are not already there.
fn message(nb: &Notebook, user: Option<&str>, files: &[String], week: IsoWeek) -> String {
    let mut reports: BTreeSet<String> = BTreeSet::new();
    let mut notes: Vec<(String, String)> = Vec::new();
    let mut digests: Vec<String> = Vec::new();
    let mut settings: Vec<String> = Vec::new();
    for f in files {
        match kind(f) {
            // Names reach the message on one line each: a line break in a file name must not
            // write a trailer of its own.
            Some(Kind::Note { report, stem }) => {
                let r = one_line(nb.canonical(&report)).into_owned();
                if !r.is_empty() {
                    reports.insert(r.clone());
                }
                notes.push((r, one_line(&stem).into_owned()));
            }
            Some(Kind::Digest { stem }) => {
                let stem = one_line(&stem).into_owned();
                if !digests.contains(&stem) {
                    digests.push(stem);
                }
            }
            Some(Kind::Setting) => settings.push(one_line(f).into_owned()),
            None => {}
        }
    }
    let body = match user {
        Some(m) => m.trim_end().to_owned(),
        None => {
            let mut parts = Vec::new();
            match (notes.as_slice(), reports.len()) {
                ([], _) => {}
                ([(r, d)], _) => parts.push(format!("1:1 {r} {d}")),
                (_, 1) => {
                    let r = reports.iter().next().cloned().unwrap_or_default();
                    let dates: Vec<&str> = notes.iter().map(|(_, d)| d.as_str()).collect();
                    parts.push(format!("1:1 {r} {}", dates.join(", ")));
                }
                _ => {
                    let rs: Vec<&str> = reports.iter().map(String::as_str).collect();
                    parts.push(format!("1:1 notes: {}", rs.join(", ")));
                }
            }
            if !digests.is_empty() {
                parts.push(format!("digest {}", digests.join(", ")));
            }
            if !settings.is_empty() {
                parts.push(format!("update {}", settings.join(", ")));
            }
            if parts.is_empty() {
                parts.push("Update the notebook".into());
            }
            parts.join("; ")
        }
    };
    let mut trailers: Vec<String> = reports.iter().map(|r| format!("Report: {r}")).collect();
    trailers.push(format!("Week: {week}"));
    let present: BTreeSet<&str> = body.lines().map(str::trim).collect();
    trailers.retain(|t| !present.contains(t.as_str()));
    if trailers.is_empty() {
        return format!("{body}\n");
    }
    // Join the user's own trailer block, if the message ends with one.
    let last_para = body.rsplit("\n\n").next().unwrap_or("");
    let is_trailer = |l: &str| {
        l.split_once(": ").is_some_and(|(k, v)| {
            !k.is_empty()
                && !v.is_empty()
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    };
    let sep = if body.contains("\n\n") && last_para.lines().all(is_trailer) {
        "\n"
    } else {
        "\n\n"
    };
    format!("{body}{sep}{}\n", trailers.join("\n"))
}

/// The lint gate: lint the notes about to be committed, as they are on disk (what the commit
/// records, before any clean filter); print the report on stderr and return true when it
/// found errors.
fn lint_refuses(nb: &Notebook, notes: &[std::path::PathBuf], ctx: &mut Ctx) -> Result<bool> {
    if notes.is_empty() {
        return Ok(false);
    }
    let ledger = super::lint::ledger_of(nb, ctx.today);
    let report = crate::lint::lint_paths(nb, &nb.root, notes, ctx.today, &ledger)?;
    if report.errors() == 0 && !report.internal {
        return Ok(false);
    }
    let text = crate::lint::render_human(&report, ctx.err_color);
    ctx.note(text.trim_end());
    Ok(true)
}

/// Leave out of the commit, with a warning each, the changed files that cannot be read: a
/// note that cannot be read is never recorded as deleted.
fn leave_out_unreadable(files: &mut Vec<Changed>, workdir: &Path, prefix: &str, ctx: &mut Ctx) {
    let mut unreadable: BTreeSet<String> = BTreeSet::new();
    files.retain(|f| match on_disk(workdir, &f.in_repo) {
        OnDisk::Unreadable { blocker, reason } => {
            let shown = blocker.strip_prefix(prefix).unwrap_or(&blocker);
            let what = if shown.ends_with('/') { "its files are" } else { "it is" };
            unreadable.insert(format!(
                "cannot read {} ({reason}): {what} left out of this commit, not recorded as deleted",
                one_line(shown)
            ));
            false
        }
        _ => true,
    });
    for w in &unreadable {
        ctx.warn(w);
    }
}

/// The paths (relative to the work tree) the commit `oid` changed, read back from it.
fn committed_paths(repo: &git2::Repository, oid: git2::Oid) -> Result<Vec<String>> {
    let commit = repo.find_commit(oid)?;
    let parent_tree = commit.parents().next().map(|p| p.tree()).transpose()?;
    let diff = repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&commit.tree()?), None)?;
    let mut committed: Vec<String> = diff
        .deltas()
        .filter_map(|d| {
            d.new_file()
                .path()
                .or_else(|| d.old_file().path())
                .map(|p| rel_path(Path::new(""), p))
        })
        .collect();
    committed.sort();
    committed.dedup();
    Ok(committed)
}

/// Run `cascade commit`.
pub fn run(args: CommitArgs, ctx: &mut Ctx) -> Result<u8> {
    if args.message.as_deref().is_some_and(|m| m.trim().is_empty()) {
        return Err(Error::usage(
            "the commit message is empty",
            Some("give one with -m \"…\", or leave -m out for a message naming the notes"),
        ));
    }
    let nb = ctx.notebook()?;
    let repo = crate::git::require(&nb.root)?;
    let writer = Writer::new(&repo)?;
    writer.ready()?;
    let workdir = writer.work_tree().to_path_buf();
    let mut prefix = crate::git::rel_to_work_tree(&workdir, &nb.root)
        .unwrap_or_else(|| rel_path(Path::new(""), &crate::git::real(&nb.root)));
    if !prefix.is_empty() {
        prefix.push('/');
    }
    // The identity first: without one, nothing is staged.
    crate::git::signatures_from_env(&repo)?;
    let mut files = changed(&repo, &prefix)?;
    leave_out_unreadable(&mut files, &workdir, &prefix, ctx);
    if files.is_empty() {
        ctx.out("nothing to commit: no note, digest, cascade.toml or template has changed")?;
        return Ok(EXIT_OK);
    }
    if !args.no_verify {
        let notes: Vec<std::path::PathBuf> = files
            .iter()
            .filter(|f| matches!(kind(&f.rel), Some(Kind::Note { .. })))
            .filter(|f| on_disk(&workdir, &f.in_repo) == OnDisk::Present)
            .map(|f| nb.root.join(&f.rel))
            .collect();
        if lint_refuses(&nb, &notes, ctx)? {
            let e = Error::usage(
                "lint found errors in the notes to commit; nothing was committed",
                Some(
                    "fix them and run `cascade commit` again, or commit anyway with `cascade commit --no-verify`",
                ),
            );
            ctx.note(crate::ui::render_error(&e, ctx.err_color));
            return Ok(EXIT_FINDINGS);
        }
    }
    let rels: Vec<String> = files.iter().map(|f| f.rel.clone()).collect();
    let week = IsoWeek::of(ctx.today);
    let msg = message(&nb, args.message.as_deref(), &rels, week);
    let paths: Vec<String> = files.iter().map(|f| f.in_repo.clone()).collect();
    let done = writer.commit(&Commit {
        paths: &paths,
        message: &msg,
        no_verify: args.no_verify,
        identity: None,
        date: None,
    })?;
    let (oid, output) = match done {
        Outcome::Committed { oid, output } => (oid, output),
        Outcome::Unchanged => {
            ctx.out("nothing to commit: the notes, digests and settings match the last commit")?;
            return Ok(EXIT_OK);
        }
    };
    if !output.is_empty() {
        ctx.note(output);
    }
    let committed = committed_paths(&repo, oid)?;
    let short = oid.to_string();
    let subject = msg.lines().next().unwrap_or("");
    ctx.out(format!(
        "committed {} as {}: {subject}",
        crate::ui::plural(committed.len() as i64, "file"),
        &short[..7.min(short.len())]
    ))?;
    for p in &committed {
        let shown = p.strip_prefix(prefix.as_str()).unwrap_or(p);
        ctx.out(format!("  {}", one_line(shown)))?;
    }
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nb() -> Notebook {
        let config = crate::notebook::Config::parse(
            "me = \"dana\"\n[people.alice]\naliases = [\"al\"]\n[people.bob]\n",
            "cascade.toml",
        )
        .unwrap();
        Notebook {
            root: "/nb".into(),
            config,
            config_text: String::new(),
            index: crate::notebook::index::Use::Off,
        }
    }

    #[test]
    fn messages_name_the_notes_and_carry_trailers() {
        let w = IsoWeek::parse("2026-W48").unwrap();
        let files = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            message(&nb(), None, &files(&["notes/alice/2026-11-24.md"]), w),
            "1:1 alice 2026-11-24\n\nReport: alice\nWeek: 2026-W48\n"
        );
        assert_eq!(
            message(
                &nb(),
                None,
                &files(&[
                    "digests/2026-W48.md",
                    "notes/al/2026-11-24.md",
                    "notes/bob/2026-11-23.md"
                ]),
                w
            ),
            "1:1 notes: alice, bob; digest 2026-W48\n\nReport: alice\nReport: bob\nWeek: 2026-W48\n"
        );
        assert_eq!(
            message(
                &nb(),
                Some("Fix\n\nSigned-off-by: D <d@x>"),
                &files(&["notes/bob/2026-11-23.md"]),
                w
            ),
            "Fix\n\nSigned-off-by: D <d@x>\nReport: bob\nWeek: 2026-W48\n"
        );
        assert_eq!(
            message(&nb(), Some("Fix\n\nWeek: 2026-W48\n"), &files(&[]), w),
            "Fix\n\nWeek: 2026-W48\n"
        );
    }

    #[test]
    fn only_notes_and_digests_count() {
        assert!(kind("notes/alice/2026-11-24.md").is_some());
        assert!(kind("notes/alice/2026-11-24.txt").is_none());
        assert!(kind("digests/2026-W48.md").is_some());
        assert!(kind("digests/old/x.md").is_none());
        // A week's audience digests are the week's.
        assert!(matches!(
            kind("digests/2026-W48/sales.json"),
            Some(Kind::Digest { stem }) if stem == "2026-W48"
        ));
        assert!(kind("digests/2026-W48/.sales.json.swp").is_none());
        assert!(kind("digests/2026-W48/a/b.md").is_none());
        assert!(kind("digests/.cascade-tmp-x1Yz").is_none());
        assert!(kind("notes/alice/.cascade-tmp-x1Yz").is_none());
        assert!(kind("notes/alice/.#2026-11-24.md").is_none());
        assert!(kind("notes/alice/2026-11-24.markdown").is_some());
        assert!(kind("notes/cascade.toml").is_none());
    }

    #[test]
    fn the_notebooks_settings_are_committed_with_the_notes() {
        assert_eq!(kind("cascade.toml"), Some(Kind::Setting));
        assert_eq!(kind("templates/note.md.j2"), Some(Kind::Setting));
        assert!(kind("templates/.note.md.j2.swp").is_none());
        assert!(kind("templates/old/note.md.j2").is_none());
        assert!(kind("cascade.toml.bak").is_none());
        let w = IsoWeek::parse("2026-W48").unwrap();
        let files = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            message(&nb(), None, &files(&["cascade.toml"]), w),
            "update cascade.toml\n\nWeek: 2026-W48\n"
        );
        assert_eq!(
            message(
                &nb(),
                None,
                &files(&[
                    "cascade.toml",
                    "notes/alice/2026-11-24.md",
                    "templates/note.md.j2"
                ]),
                w
            ),
            "1:1 alice 2026-11-24; update cascade.toml, templates/note.md.j2\n\nReport: alice\nWeek: 2026-W48\n"
        );
    }
}
