//! `cascade digest`: build the digest of a week and print, write or commit it.

use std::path::Path;

use crate::cli::{DigestArgs, DigestFormat};
use crate::dates::{IsoWeek, parse_ymd};
use crate::digest::audience::{self, AudienceDigest};
use crate::digest::{self, Range};
use crate::error::{EXIT_OK, Error, Result};
use crate::fsx::{self, Mode};
use crate::git::history;
use crate::git::write::{Commit, Outcome, Writer};
use crate::notebook::{DIGESTS_DIR, Notebook, audience_digest_rel, digest_rel, validate_handle};
use crate::ui::Ctx;
use crate::views::audience as audience_view;
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
    if args.commit {
        if format != Format::Md {
            return Err(Error::usage(
                "--commit writes the Markdown digest (and, with --audience, each group's Markdown and JSON); it cannot be combined with --format json or html",
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
    if args.force && !args.commit && args.out.is_none() {
        return Err(Error::usage(
            "--force only applies with --commit or --out",
            Some("drop --force"),
        ));
    }
    let (nb, d) = build(range, ctx)?;
    // Render before writing anything: a template error leaves every file untouched.
    let text = render(&d, format, Some(&nb))?;
    let groups = audience::resolve(&d, &nb, &args.audience)?;
    for w in &d.warnings {
        ctx.warn(w);
    }
    if !args.audience.is_empty() {
        let list: Vec<AudienceDigest> = groups
            .iter()
            .map(|g| audience::for_group(&d, g, &nb))
            .collect();
        return audiences(&args, &nb, &list, format, range.week, &text, ctx);
    }
    if let Some(out) = &args.out {
        let path = ctx.cwd.join(out);
        fsx::write_atomic(&path, text.as_bytes(), Mode::Replace)?;
        ctx.note(format!("wrote {}", out.display()));
    } else if args.commit {
        if let Some(week) = range.week {
            let rel = digest_rel(&week.to_string());
            commit_files(&nb, "Digest", week, &[(rel, text)], &[], args.force, ctx)?;
        }
    } else if format == Format::Json {
        ctx.out_raw(text)?;
    } else {
        ctx.out_human(&text)?;
    }
    Ok(EXIT_OK)
}

/// `--audience`: print, write or commit the digests of `list`. With `--commit`, the
/// supervisor's digest (`supervisor`, Markdown) is committed with them.
fn audiences(
    args: &DigestArgs,
    nb: &Notebook,
    list: &[AudienceDigest],
    format: Format,
    week: Option<IsoWeek>,
    supervisor: &str,
    ctx: &mut Ctx,
) -> Result<u8> {
    // `all` or several names ask for several documents, even when they come to one group.
    let several = args.audience.len() > 1 || args.audience.iter().any(|a| a == audience::ALL);
    if list.is_empty() {
        ctx.warn("no group to write a digest for: declare groups in cascade.toml (`[groups.NAME]`) or share items with `share:GROUP`");
    }
    if args.commit {
        let Some(week) = week else { return Ok(EXIT_OK) };
        let w = week.to_string();
        let mut files = vec![(digest_rel(&w), supervisor.to_owned())];
        for a in list {
            file_safe(&a.audience)?;
            for f in [Format::Md, Format::Json] {
                files.push((
                    audience_digest_rel(&w, &a.audience, f.ext()),
                    audience_view::render(a, f, Some(nb))?,
                ));
            }
        }
        let groups: Vec<&str> = list.iter().map(|a| a.audience.as_str()).collect();
        commit_files(nb, "Digest", week, &files, &groups, args.force, ctx)?;
        return Ok(EXIT_OK);
    }
    if let Some(out) = &args.out {
        let path = ctx.cwd.join(out);
        if several || path.is_dir() {
            return out_dir(&path, out, list, format, args.force, nb, ctx);
        }
        if let Some(a) = list.first() {
            let text = audience_view::render(a, format, Some(nb))?;
            fsx::write_atomic(&path, text.as_bytes(), Mode::Replace)?;
            ctx.note(format!("wrote {}", out.display()));
        }
        return Ok(EXIT_OK);
    }
    if format == Format::Html && list.len() > 1 {
        return Err(Error::usage(
            "several HTML pages cannot be printed one after another",
            Some("write one file per group with --out DIR, or name one group with --audience"),
        ));
    }
    let text = match list {
        [one] if !several => audience_view::render(one, format, Some(nb))?,
        _ => audience_view::render_many(list, format, Some(nb))?,
    };
    if format == Format::Json {
        ctx.out_raw(text)?;
    } else {
        ctx.out_human(&text)?;
    }
    Ok(EXIT_OK)
}

/// `--out DIR`: one file per group, `DIR/<group>.<ext>`. A file already there is replaced only
/// with `force` (cascade cannot tell its own output from a file someone wrote); every file is
/// rendered and checked before the first is written.
fn out_dir(
    dir: &Path,
    shown: &Path,
    list: &[AudienceDigest],
    format: Format,
    force: bool,
    nb: &Notebook,
    ctx: &mut Ctx,
) -> Result<u8> {
    let mut files = Vec::with_capacity(list.len());
    for a in list {
        file_safe(&a.audience)?;
        let name = format!("{}.{}", a.audience, format.ext());
        files.push((name, audience_view::render(a, format, Some(nb))?));
    }
    write_files(dir, shown, &files, force, ctx)?;
    Ok(EXIT_OK)
}

/// Write `files` (name, text) into `dir`, all or none: a file already there is replaced only
/// with `force` (cascade cannot tell its own output from a file someone wrote).
fn write_files(
    dir: &Path,
    shown: &Path,
    files: &[(String, String)],
    force: bool,
    ctx: &mut Ctx,
) -> Result<()> {
    if !force {
        let taken: Vec<String> = files
            .iter()
            .filter(|(name, _)| std::fs::symlink_metadata(dir.join(name)).is_ok())
            .map(|(name, _)| shown.join(name).display().to_string())
            .collect();
        if !taken.is_empty() {
            return Err(Error::usage(
                format!(
                    "--out {}: {} already exist{}; nothing was written",
                    shown.display(),
                    taken.join(", "),
                    if taken.len() == 1 { "s" } else { "" }
                ),
                Some("pass --force to replace them, or choose another folder"),
            ));
        }
    }
    fsx::create_dir_all(dir)?;
    for (name, text) in files {
        fsx::write_atomic(&dir.join(name), text.as_bytes(), Mode::Replace)?;
        ctx.note(format!("wrote {}", shown.join(name).display()));
    }
    Ok(())
}

/// A group's name becomes a file name: only a handle's characters are allowed, so a group
/// named in a note (`share:../x`) cannot write outside the folder.
fn file_safe(group: &str) -> Result<()> {
    validate_handle(group).map_err(|e| {
        Error::input(
            format!("group {e}, so its digest cannot be written to a file; nothing was written"),
            Some("rename the group in the notes that name it (`cascade lint` lists them)".into()),
        )
    })
}

/// A digest file to write and commit: its text and what was there before.
struct Planned<'a> {
    text: &'a str,
    path: std::path::PathBuf,
    in_repo: String,
    before: Option<Vec<u8>>,
}

/// Write `files` (paths relative to the notebook root, with their text; the audience digests
/// of `groups` among them) and commit them, alone, with a `Week:` trailer.
///
/// Nothing is written when the commit cannot happen (a merge in progress, conflicts, no
/// identity), when any of the files holds changes not committed (unless `force`), or when the
/// commit fails: the files are then put back as they were.
/// Write `files` (path from the notebook root, text) and commit exactly them through the
/// user's git, subject `<subject> <week>` with the `Week:` trailer; hand edits are kept
/// unless `force`, and a failed commit puts every file back.
pub(crate) fn commit_files(
    nb: &Notebook,
    subject: &str,
    week: IsoWeek,
    files: &[(String, String)],
    groups: &[&str],
    force: bool,
    ctx: &mut Ctx,
) -> Result<()> {
    let repo = crate::git::require(&nb.root)?;
    let writer = Writer::new(&repo)?;
    writer.ready()?;
    crate::git::signatures_from_env(&repo)?;
    let plan = plan(nb, &writer, files, force)?;
    for (i, f) in plan.iter().enumerate() {
        if f.before.as_deref() != Some(f.text.as_bytes())
            && let Err(e) = fsx::write_atomic(&f.path, f.text.as_bytes(), Mode::Replace)
        {
            put_back(&plan[..i])?;
            return Err(e);
        }
    }
    let paths: Vec<String> = plan.iter().map(|f| f.in_repo.clone()).collect();
    let message = if groups.is_empty() {
        format!("{subject} {week}\n\nWeek: {week}\n")
    } else {
        format!(
            "{subject} {week}\n\nWith the digests of {}.\n\nWeek: {week}\n",
            groups.join(", ")
        )
    };
    let done = writer.commit(&Commit {
        paths: &paths,
        message: &message,
        no_verify: false,
        identity: None,
        date: None,
    });
    let done = match done {
        Ok(d) => d,
        Err(e) => {
            // The digest files go back to what they were, so a failed commit leaves no trace.
            put_back(&plan)?;
            return Err(e);
        }
    };
    let supervisor = digest_rel(&week.to_string());
    let shown = match files {
        [(rel, _)] => rel.clone(),
        [(first, _), ..] if *first != supervisor => files
            .iter()
            .map(|(rel, _)| rel.as_str())
            .collect::<Vec<_>>()
            .join(" and "),
        _ => format!(
            "{} and the digests of {} in {DIGESTS_DIR}/{week}/",
            digest_rel(&week.to_string()),
            groups.join(", ")
        ),
    };
    match done {
        Outcome::Committed { oid, output } => {
            if !output.is_empty() {
                ctx.note(output);
            }
            let short = oid.to_string();
            ctx.out(format!(
                "committed {shown} ({})",
                &short[..7.min(short.len())]
            ))?;
        }
        Outcome::Unchanged => {
            let are = if files.len() == 1 { "is" } else { "are" };
            ctx.out(format!("{shown} {are} up to date; nothing to commit"))?
        }
    }
    Ok(())
}

/// Read what each of `files` holds now; refuse (before anything is written) when one holds
/// changes not committed that the new text would overwrite, unless `force`.
fn plan<'a>(
    nb: &Notebook,
    writer: &Writer,
    files: &'a [(String, String)],
    force: bool,
) -> Result<Vec<Planned<'a>>> {
    let mut plan = Vec::with_capacity(files.len());
    for (rel, text) in files {
        let path = nb.root.join(rel);
        if let Some(dir) = path.parent() {
            fsx::create_dir_all(dir)?;
        }
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
        plan.push(Planned {
            text,
            path,
            in_repo,
            before,
        });
    }
    Ok(plan)
}

/// Put each planned file back as it was before (removed when it was not there).
fn put_back(plan: &[Planned]) -> Result<()> {
    for f in plan {
        match &f.before {
            Some(b) if b.as_slice() != f.text.as_bytes() => {
                fsx::write_atomic(&f.path, b, Mode::Replace)?
            }
            Some(_) => {}
            None => match std::fs::remove_file(&f.path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(&f.path, e)),
            },
        }
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

/// The notebook and its digest of `range`.
fn build(range: Range, ctx: &mut Ctx) -> Result<(Notebook, digest::Digest)> {
    let nb = ctx.indexed_notebook()?;
    let loaded = digest::load(&nb, range, ctx.today);
    super::note_index(ctx, &loaded);
    let ledger = history::ledger(&nb, &loaded.notes, digest::needs(range), ctx.today)?;
    super::history_index(ctx, &ledger);
    let d = digest::build(&nb, range, ctx.today, &loaded, &ledger)?;
    super::keep_to_exit((loaded, ledger));
    Ok((nb, d))
}

/// `digest --format email|slack --audience GROUP…`: each group's digest ready to send, on
/// stdout for one group, or one file per group in `--out DIR` (`<group>.eml`,
/// `<group>.jsonl`).
fn send(args: &DigestArgs, range: Range, ctx: &mut Ctx) -> Result<u8> {
    let (what, ext) = if args.format == DigestFormat::Email {
        ("email", "eml")
    } else {
        ("slack", "jsonl")
    };
    if args.commit {
        return Err(Error::usage(
            format!(
                "--commit writes the Markdown digest; it cannot be combined with --format {what}"
            ),
            Some("use --out FILE to keep the message"),
        ));
    }
    if args.audience.is_empty() {
        return Err(Error::usage(
            format!("--format {what} needs --audience GROUP: the group the digest goes to"),
            Some("e.g. --audience sales; a group sees only what is shared with it"),
        ));
    }
    let (nb, d) = build(range, ctx)?;
    let groups = audience::resolve(&d, &nb, &args.audience)?;
    let date = if ctx.today_pinned {
        crate::dates::day_start_secs(ctx.today)
    } else {
        jiff::Timestamp::now().as_second()
    };
    // Render every message before writing anything: a missing address or a template error
    // leaves every file untouched.
    let mut messages = Vec::with_capacity(groups.len());
    for g in &groups {
        let a = audience::for_group(&d, g, &nb);
        let text = if args.format == DigestFormat::Email {
            let envelope = crate::views::email::envelope(&nb, g, date)?;
            crate::views::email::render(&a, &envelope, Some(&nb))?
        } else {
            crate::views::slack::render(&a)?
        };
        messages.push((g.clone(), text));
    }
    for w in &d.warnings {
        ctx.warn(w);
    }
    let several = args.audience.len() > 1 || args.audience.iter().any(|a| a == audience::ALL);
    match (&args.out, messages.as_slice()) {
        (Some(out), _) if several || ctx.cwd.join(out).is_dir() => {
            let files: Vec<(String, String)> = messages
                .into_iter()
                .map(|(g, text)| {
                    file_safe(&g)?;
                    Ok((format!("{g}.{ext}"), text))
                })
                .collect::<Result<_>>()?;
            write_files(&ctx.cwd.join(out), out, &files, args.force, ctx)?;
        }
        (Some(out), [(_, text)]) => {
            fsx::write_atomic(&ctx.cwd.join(out), text.as_bytes(), Mode::Replace)?;
            ctx.note(format!("wrote {}", out.display()));
        }
        (None, [(_, text)]) if !several => ctx.out_raw(text.clone())?,
        (None, []) => ctx.warn("no group to write a digest for"),
        _ => {
            return Err(Error::usage(
                format!("several groups' {what} messages cannot be printed one after another"),
                Some("write one file per group with --out DIR, or name one group with --audience"),
            ));
        }
    }
    Ok(EXIT_OK)
}
