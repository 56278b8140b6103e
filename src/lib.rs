//! cascade: one-on-one meeting notes in git, linted for the six steps of a
//! high-leverage one-on-one, cascaded to other groups in a weekly digest.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod actions;
pub mod cli;
pub mod commands;
pub mod dates;
pub mod demo;
pub mod digest;
pub mod editor;
pub mod email;
pub mod error;
pub mod fsx;
pub mod git;
pub mod lint;
pub mod lsp;
pub mod measure;
pub mod memcap;
pub mod note;
pub mod notebook;
pub mod number;
pub mod rollup;
pub mod scaffold;
pub mod snippet;
pub mod templates;
pub mod text;
pub mod ui;
pub mod views;

use std::io::IsTerminal;

// Counts the heap a template render takes, so a runaway template stops at a cap.
#[global_allocator]
static ALLOCATOR: memcap::Counting = memcap::Counting;

use crate::cli::{Cli, ColorChoice};
use crate::error::{Error, Result};
use crate::ui::Ctx;

/// Whether to color a stream, from `--color`, `NO_COLOR` and whether it is a terminal.
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Run the parsed command line with the process's stdout and stderr; returns the exit code.
pub fn run(cli: Cli) -> Result<u8> {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let color = use_color(cli.color, stdout.is_terminal());
    let err_color = use_color(cli.color, stderr.is_terminal());
    let today = match &cli.today {
        Some(t) => dates::parse_ymd(t).map_err(|m| Error::usage(format!("--today: {m}"), None))?,
        None => dates::today_local(),
    };
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let cwd = match &cli.chdir {
        Some(d) => {
            let d = cwd.join(d);
            if !d.is_dir() {
                return Err(Error::usage(
                    format!("-C {}: no such directory", d.display()),
                    None,
                ));
            }
            d
        }
        None => cwd,
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = stderr.lock();
    let mut ctx = Ctx {
        cwd,
        today,
        today_pinned: cli.today.is_some(),
        out: &mut out,
        err: &mut err,
        color,
        err_color,
        no_cache: cli.no_cache,
        verbose: cli.verbose,
    };
    let code = commands::dispatch(cli.command, &mut ctx)?;
    std::io::Write::flush(&mut out).map_err(Error::Output)?;
    Ok(code)
}
