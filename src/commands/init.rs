//! `cascade init`: create a notebook, never overwriting anything.

use crate::cli::{DefaultShareArg, InitArgs};
use crate::error::{EXIT_OK, Result};
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
    if crate::git::discover(&dir)?.is_none() {
        crate::git::write::init(&dir)?;
        created.push("git repository".to_owned());
    }
    let shown = dir.display();
    if created.is_empty() {
        ctx.out(format!(
            "{shown} is already a cascade notebook; nothing changed"
        ))?;
    } else {
        ctx.out(format!("initialized a cascade notebook in {shown}"))?;
        for c in &created {
            ctx.out(format!("  created {c}"))?;
        }
        ctx.out("next: `cascade person add HANDLE --name \"…\"`, then `cascade new HANDLE`")?;
    }
    Ok(EXIT_OK)
}
