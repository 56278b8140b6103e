//! `cascade digest`: build the digest of a week and print, write or commit it.

use std::path::Path;

use crate::cli::{DigestArgs, DigestFormat};
use crate::dates::{IsoWeek, parse_ymd};
use crate::digest::{self, Range, audience};
use crate::error::{EXIT_OK, Error, Result};
use crate::fsx::{self, Mode};
use crate::git::history;
use crate::git::write::{Commit, Outcome, Writer};
use crate::notebook::load::load_all;
use crate::notebook::{DIGESTS_DIR, Notebook};
use crate::ui::Ctx;
use crate::views::digest::{Format, render};

/// Run `cascade digest`.
pub fn run(args: DigestArgs, ctx: &mut Ctx) -> Result<u8> {
    let range =
        match (&args.week, &args.from, &args.to) {
            (Some(w), _, _) => Range::week(IsoWeek::parse(w).map_err(|m| {
                Error::usage(format!("--week: {m}"), Some("weeks look like 2026-W48"))
            })?),
            (None, Some(f), Some(t)) => {
                let f = parse_ymd(f).map_err(|m| Error::usage(format!("--from: {m}"), None))?;
                let t = parse_ymd(t).map_err(|m| Error::usage(format!("--to: {m}"), None))?;
                Range::dates(f, t)?
            }
            _ => Range::week(IsoWeek::of(ctx.today)),
        };
    let format = match args.format {
        DigestFormat::Md => Format::Md,
        DigestFormat::Json => Format::Json,
        DigestFormat::Html => Format::Html,
        DigestFormat::Email | DigestFormat::Slack => return send(&args, range, ctx),
    };
    if args.audience.is_some() {
        return Err(Error::usage(
            "--audience goes with --format email or slack",
            Some("add --format email or --format slack"),
        ));
    }
    if args.commit {
        if format != Format::Md {
            return Err(Error::usage(
                "--commit writes the Markdown digest; it cannot be combined with --format json or html",
                Some("drop --format, or use --out FILE for other formats"),
            ));
        }
        if range.week.is_none() {
            return Err(Error::usage(
                format!(
                    "--commit needs one whole ISO week; {}..{} is not one",
                    range.from, range.to
                ),
                Some("use --week 2026-W48, or --out FILE for a custom range"),
            ));
        }
    }
    let (nb, d) = build(range, ctx)?;
    // Render before writing anything: a template error leaves every file untouched.
    let text = render(&d, format, Some(&nb))?;
    for w in &d.warnings {
        ctx.warn(w);
    }
    if let Some(out) = &args.out {
        let path = ctx.cwd.join(out);
        fsx::write_atomic(&path, text.as_bytes(), Mode::Replace)?;
        ctx.note(format!("wrote {}", out.display()));
    } else if args.commit {
        if let Some(week) = range.week {
            commit(&nb, week, &text, args.force, ctx)?;
        }
    } else if format == Format::Json {
        ctx.out_raw(text)?;
    } else {
        ctx.out_human(&text)?;
    }
    Ok(EXIT_OK)
}

/// The notebook and its digest of `range`.
fn build(range: Range, ctx: &Ctx) -> Result<(Notebook, digest::Digest)> {
    let nb = Notebook::discover(&ctx.cwd)?;
    let loaded = load_all(&nb).held_by(digest::last_note_day(range, ctx.today));
    let ledger = history::ledger(&nb, &loaded.notes, digest::needs(range), ctx.today)?;
    let d = digest::build(&nb, range, ctx.today, &loaded, &ledger)?;
    Ok((nb, d))
}

/// `digest --format email|slack --audience GROUP`: the group's digest ready to send, on
/// stdout or in `--out FILE`.
fn send(args: &DigestArgs, range: Range, ctx: &mut Ctx) -> Result<u8> {
    let what = if args.format == DigestFormat::Email {
        "email"
    } else {
        "slack"
    };
    if args.commit {
        return Err(Error::usage(
            format!(
                "--commit writes the Markdown digest; it cannot be combined with --format {what}"
            ),
            Some("use --out FILE to keep the message"),
        ));
    }
    let Some(group) = args.audience.as_deref() else {
        return Err(Error::usage(
            format!("--format {what} needs --audience GROUP: the group the digest goes to"),
            Some("e.g. --audience sales; a group sees only what is shared with it"),
        ));
    };
    let (nb, d) = build(range, ctx)?;
    let groups = audience::groups_of(&d, &nb);
    if !groups.iter().any(|g| g == group) {
        let help = match crate::notebook::closest(group, groups.iter().map(String::as_str)) {
            Some(g) => format!("did you mean `{g}`?"),
            None if groups.is_empty() => {
                "declare the group in cascade.toml (`[groups.NAME]`) or share items with it (`share:`, `share_with`)".to_owned()
            }
            None => format!("groups: {}", groups.join(", ")),
        };
        return Err(Error::usage(
            format!(
                "no group `{group}`: it is not declared and nothing of {} is shared with it",
                range.label()
            ),
            Some(&help),
        ));
    }
    let a = audience::for_group(&d, group, &nb);
    // Render before writing anything: a template error leaves every file untouched.
    let text = if args.format == DigestFormat::Email {
        let date = if ctx.today_pinned {
            crate::dates::day_start_secs(ctx.today)
        } else {
            jiff::Timestamp::now().as_second()
        };
        let envelope = crate::views::email::envelope(&nb, group, date)?;
        crate::views::email::render(&a, &envelope, Some(&nb))?
    } else {
        crate::views::slack::render(&a)?
    };
    for w in &d.warnings {
        ctx.warn(w);
    }
    match &args.out {
        Some(out) => {
            fsx::write_atomic(&ctx.cwd.join(out), text.as_bytes(), Mode::Replace)?;
            ctx.note(format!("wrote {}", out.display()));
        }
        None => ctx.out_raw(text)?,
    }
    Ok(EXIT_OK)
}

/// Write `digests/<GGGG>-W<VV>.md` and commit it, alone, with a `Week:` trailer.
///
/// Nothing is written when the commit cannot happen (a merge in progress, conflicts, no
/// identity), when the file holds changes not committed (unless `force`), or when the commit
/// fails: the file is then put back as it was.
fn commit(nb: &Notebook, week: IsoWeek, text: &str, force: bool, ctx: &mut Ctx) -> Result<()> {
    let repo = crate::git::require(&nb.root)?;
    let writer = Writer::new(&repo)?;
    writer.ready()?;
    crate::git::signatures_from_env(&repo)?;
    let rel = format!("{DIGESTS_DIR}/{week}.md");
    let path = nb.root.join(&rel);
    fsx::create_dir_all(&nb.root.join(DIGESTS_DIR))?;
    let in_repo = repo_rel(writer.work_tree(), &path)?;
    let before = match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(&path, e)),
    };
    if let Some(b) = &before
        && b.as_slice() != text.as_bytes()
        && !force
        && writer.differs_from_head(&in_repo)?
    {
        return Err(Error::usage(
            format!(
                "{rel} has changes that are not committed; the new digest would overwrite them, so nothing was written"
            ),
            Some(
                "commit or discard them first (`git diff` shows them), or pass --force to replace the file",
            ),
        ));
    }
    if before.as_deref() != Some(text.as_bytes()) {
        fsx::write_atomic(&path, text.as_bytes(), Mode::Replace)?;
    }
    let message = format!("Digest {week}\n\nWeek: {week}\n");
    let done = writer.commit(&Commit {
        paths: std::slice::from_ref(&in_repo),
        message: &message,
        no_verify: false,
        identity: None,
    });
    let done = match done {
        Ok(d) => d,
        Err(e) => {
            // The digest file goes back to what it was, so a failed commit leaves no trace.
            match &before {
                Some(b) if b.as_slice() != text.as_bytes() => {
                    fsx::write_atomic(&path, b, Mode::Replace)?
                }
                Some(_) => {}
                None => std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?,
            }
            return Err(e);
        }
    };
    match done {
        Outcome::Committed { oid, output } => {
            if !output.is_empty() {
                ctx.note(output);
            }
            let short = oid.to_string();
            ctx.out(format!(
                "committed {rel} ({})",
                &short[..7.min(short.len())]
            ))?;
        }
        Outcome::Unchanged => ctx.out(format!("{rel} is up to date; nothing to commit"))?,
    }
    Ok(())
}

/// `path` relative to the work tree, `/`-separated.
fn repo_rel(workdir: &Path, path: &Path) -> Result<String> {
    let dir = path.parent().map(crate::git::real).unwrap_or_default();
    let file = path.file_name().unwrap_or_default();
    let full = dir.join(file);
    let rel = full.strip_prefix(crate::git::real(workdir)).map_err(|_| {
        Error::git(
            format!("{} is outside the repository's work tree", path.display()),
            None,
        )
    })?;
    Ok(crate::notebook::rel_path(Path::new(""), rel))
}
