//! `cascade init`: create a notebook, never overwriting anything.

use crate::cli::{DefaultShareArg, InitArgs};
use crate::error::{EXIT_OK, Result};
use crate::git::write::{Commit, Outcome, Writer};
use crate::notebook::DefaultShare;
use crate::notebook::{self, validate_handle};
use crate::ui::Ctx;

/// A handle guessed from the login name, or `me`.
fn default_me() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>();
    let user = user.trim_matches('-').to_owned();
    if validate_handle(&user).is_ok() {
        user
    } else {
        "me".into()
    }
}

/// Run `cascade init`.
pub fn run(args: InitArgs, ctx: &mut Ctx) -> Result<u8> {
    let dir = match &args.dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => ctx.cwd.join(d),
        None => ctx.cwd.clone(),
    };
    let me = match &args.me {
        Some(m) => {
            validate_handle(m)
                .map_err(|e| crate::error::Error::usage(format!("--me: {e}"), None))?;
            m.clone()
        }
        None => default_me(),
    };
    let default_share = match args.default_share {
        DefaultShareArg::Groups => DefaultShare::Groups,
        DefaultShareArg::None => DefaultShare::None,
    };
    let mut created = notebook::create(&dir, &me, default_share)?;
    let files: Vec<&'static str> = [notebook::CONFIG_FILE, ".gitignore"]
        .into_iter()
        .filter(|f| created.iter().any(|c| c.starts_with(f)))
        .collect();
    let new_repo = crate::git::discover(&dir)?.is_none();
    if new_repo {
        crate::git::write::init(&dir)?;
        created.push("git repository".to_owned());
    }
    let shown = dir.display();
    if created.is_empty() {
        ctx.out(format!(
            "{shown} is already a cascade notebook; nothing changed"
        ))?;
        return Ok(EXIT_OK);
    }
    ctx.out(format!("initialized a cascade notebook in {shown}"))?;
    for c in &created {
        ctx.out(format!("  created {c}"))?;
    }
    first_commit(&dir, &files, ctx)?;
    ctx.out("next: `cascade person add HANDLE --name \"…\"`, then `cascade new HANDLE`")?;
    Ok(EXIT_OK)
}

/// Commit the files init wrote, when the repository has no commit yet (init just made it, or
/// it was empty): the notebook starts in history. A repository with history of its own is
/// left alone, and nothing else staged is ever committed (`git commit --only`). A commit git
/// refuses (no identity, a hook) leaves the notebook created, with a warning saying so.
fn first_commit(dir: &std::path::Path, files: &[&str], ctx: &mut Ctx) -> Result<()> {
    let Some(repo) = crate::git::discover(dir)? else {
        return Ok(());
    };
    if files.is_empty() {
        return Ok(());
    }
    let listed = files.join(" and ");
    // With `--today`, the commit is dated at that day's start, so the history (and every
    // commit id after it) is the same from one run to the next.
    let date = ctx
        .today_pinned
        .then(|| format!("@{} +0000", crate::dates::day_start_secs(ctx.today)));
    if crate::git::head_commit(&repo)?.is_some() {
        ctx.out(format!(
            "  not committed: {listed}; this repository has history of its own (`cascade commit` commits them with your notes)"
        ))?;
        return Ok(());
    }
    let commit = || -> Result<Outcome> {
        let writer = Writer::new(&repo)?;
        let prefix = crate::git::rel_to_work_tree(writer.work_tree(), dir).unwrap_or_default();
        let paths: Vec<String> = files
            .iter()
            .map(|f| {
                if prefix.is_empty() {
                    (*f).to_owned()
                } else {
                    format!("{prefix}/{f}")
                }
            })
            .collect();
        writer.commit(&Commit {
            paths: &paths,
            message: "Start the cascade notebook\n",
            no_verify: false,
            identity: None,
            date: date.as_deref(),
        })
    };
    match commit() {
        Ok(Outcome::Committed { oid, .. }) => {
            let short = oid.to_string();
            ctx.out(format!(
                "  committed {listed} as {} (the notebook's first commit; nothing else)",
                &short[..7.min(short.len())]
            ))?;
        }
        Ok(Outcome::Unchanged) => {}
        Err(e) => {
            let help = e.help().map(|h| format!(" ({h})")).unwrap_or_default();
            ctx.warn(format!(
                "the notebook is created but not committed: {e}{help}; once that is fixed, commit {listed} with git (`cascade commit` takes cascade.toml along with your notes)"
            ));
        }
    }
    Ok(())
}
