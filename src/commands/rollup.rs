//! `cascade rollup`: read each source's committed audience digest of the week, merge, print.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use jiff::civil::Date;

use crate::cli::{RollupArgs, RollupFormat};
use crate::dates::IsoWeek;
use crate::error::{EXIT_OK, Error, Result};
use crate::git::remote::{self, Blob, Location};
use crate::notebook::Notebook;
use crate::notebook::{RollupConfig, RollupSource};
use crate::rollup::{self, File, MAX_DIGEST_BYTES, Read, Rollup};
use crate::ui::Ctx;
use crate::views::digest::Format as AudienceFormat;
use crate::views::rollup::{Format, render};

/// Sources read at once: fetches mostly wait on the network.
const WORKERS: usize = 8;

/// Run `cascade rollup`.
pub fn run(args: RollupArgs, ctx: &mut Ctx) -> Result<u8> {
    let week = match &args.week {
        Some(w) => IsoWeek::parse(w)
            .map_err(|m| Error::usage(format!("--week: {m}"), Some("weeks look like 2026-W48")))?,
        None => IsoWeek::of(ctx.today),
    };
    if args.commit && args.format != RollupFormat::Md {
        return Err(Error::usage(
            "--commit writes the roll-up's audience digest (Markdown and JSON); it cannot be combined with --format",
            Some("drop --format, or use --out FILE for other formats"),
        ));
    }
    let nb = ctx.notebook()?;
    let r = build(&nb, week, ctx.today)?;
    if args.commit {
        if r.read_count() > 0 {
            publish(&nb, &r, week, args.force, ctx)?;
        }
    } else {
        // Render before writing anything: a template error or a missing address leaves the
        // file untouched.
        let text = match args.format {
            RollupFormat::Md => render(&r, Format::Md, &nb)?,
            RollupFormat::Json => render(&r, Format::Json, &nb)?,
            RollupFormat::Html => render(&r, Format::Html, &nb)?,
            RollupFormat::Email => {
                let a = rollup::as_audience_digest(&r, &r.audience, &nb);
                let date = if ctx.today_pinned {
                    crate::dates::day_start_secs(ctx.today)
                } else {
                    jiff::Timestamp::now().as_second()
                };
                let envelope = crate::views::email::envelope(&nb, &r.audience, date)?;
                crate::views::email::render(&a, &envelope, Some(&nb))?
            }
        };
        match &args.out {
            Some(out) => {
                crate::fsx::write_atomic(
                    &ctx.cwd.join(out),
                    text.as_bytes(),
                    crate::fsx::Mode::Replace,
                )?;
                ctx.note(format!("wrote {}", out.display()));
            }
            None if matches!(args.format, RollupFormat::Json | RollupFormat::Email) => {
                ctx.out_raw(text)?
            }
            None => ctx.out_human(&text)?,
        }
    }
    if r.read_count() == 0 {
        return Err(Error::input(
            format!(
                "no source of the roll-up could be read for {week} (the sources section says why)"
            ),
            Some(format!(
                "each manager publishes theirs with `cascade digest --commit --audience {}`",
                r.audience
            )),
        ));
    }
    Ok(EXIT_OK)
}

/// `rollup --commit`: the roll-up as this notebook's own audience digest for the roll-up's
/// audience, committed where `digest --commit --audience` puts one, so a roll-up one level up
/// reads it like any other source.
fn publish(nb: &Notebook, r: &Rollup, week: IsoWeek, force: bool, ctx: &mut Ctx) -> Result<()> {
    let a = rollup::as_audience_digest(r, &r.audience, nb);
    let w = week.to_string();
    let mut files = Vec::with_capacity(2);
    for f in [AudienceFormat::Md, AudienceFormat::Json] {
        files.push((
            crate::notebook::audience_digest_rel(&w, &r.audience, f.ext()),
            crate::views::audience::render(&a, f, Some(nb))?,
        ));
    }
    super::digest::commit_files(nb, "Roll-up", week, &files, &[&r.audience], force, ctx)
}

/// The roll-up of `week`: each `[[rollup.source]]` read at the tip of its branch and merged,
/// as every format of `cascade rollup` renders it.
pub fn build(nb: &Notebook, week: IsoWeek, today: Date) -> Result<Rollup> {
    let cfg = config(nb)?;
    let path = rollup::digest_path(week, &cfg.audience);
    let cache = std::sync::OnceLock::new();
    let cache_root = || cache.get_or_init(|| cache_dir(nb)).clone();
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<Read>>> = cfg.source.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..WORKERS.min(cfg.source.len()) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(src) = cfg.source.get(i) else { break };
                    let read = read_source(&nb.root, src, &path, &cache_root);
                    if let Ok(mut slot) = results[i].lock() {
                        *slot = Some(read);
                    }
                }
            });
        }
    });
    let reads =
        cfg.source
            .iter()
            .zip(results)
            .map(|(src, slot)| {
                let read = slot.into_inner().ok().flatten().unwrap_or_else(|| {
                    Read::Unreachable("it was not read (an internal error)".into())
                });
                (src.name.clone(), read)
            })
            .collect();
    Ok(rollup::merge(nb, week, &cfg.audience, today, reads))
}

/// `[rollup]` with at least one source, else what to write.
fn config(nb: &Notebook) -> Result<&RollupConfig> {
    nb.config
        .rollup
        .as_ref()
        .filter(|r| !r.source.is_empty())
        .ok_or_else(|| {
            Error::input(
                "cascade.toml names no notebooks to roll up",
                Some(
                    "add the group to read and one `[[rollup.source]]` per manager:\n\n  [rollup]\n  audience = \"leadership\"\n\n  [[rollup.source]]\n  name = \"dana\"\n  url = \"../dana-1on1\"".into(),
                ),
            )
        })
}

/// Where the fetched copies of remote sources are kept: inside the roll-up notebook's git
/// directory, so they are never committed and never show in `git status`.
fn cache_dir(nb: &Notebook) -> std::result::Result<PathBuf, String> {
    match crate::git::discover(&nb.root) {
        Ok(Some(repo)) => Ok(repo.commondir().join("cascade").join("rollup")),
        Ok(None) => Err(
            "the roll-up notebook is not a git repository, and fetched digests are kept in its .git (run `git init`)".into(),
        ),
        Err(e) => Err(remote::one_line(&e.to_string())),
    }
}

/// Read one source: in place when it is on this machine, else fetched first.
fn read_source(
    root: &Path,
    src: &RollupSource,
    path: &str,
    cache_root: &dyn Fn() -> std::result::Result<PathBuf, String>,
) -> Read {
    let branch = src.branch.as_deref();
    let tip = match remote::locate(&src.url, root) {
        Location::Local(dir) => remote::read_local(&dir, branch, path, MAX_DIGEST_BYTES),
        Location::Remote(url) => cache_root().and_then(|c| {
            remote::fetch_and_read(
                &c.join(&src.name),
                &url,
                branch,
                path,
                MAX_DIGEST_BYTES,
                remote::FETCH_TIMEOUT,
            )
        }),
    };
    match tip {
        Err(why) => Read::Unreachable(why),
        Ok(t) => Read::Tip {
            commit: t.commit,
            day: t.day,
            file: match t.blob {
                Blob::Missing => File::Missing,
                Blob::Bytes(b) => File::Bytes(b),
                Blob::TooLarge(n) => File::Refused(format!(
                    "the file is {n} bytes, more than the {} MiB a digest may have",
                    MAX_DIGEST_BYTES >> 20
                )),
                Blob::NotAFile => File::Refused(format!("{path} is not a file")),
            },
        },
    }
}
