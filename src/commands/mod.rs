//! One file per subcommand: glue between the CLI and the library.

pub mod action;
pub mod actions;
pub mod commit;
pub mod completions;
pub mod demo;
pub mod digest;
pub mod hook;
pub mod init;
pub mod lint;
pub mod log;
pub mod lsp;
pub mod new;
pub mod open;
pub mod person;
pub mod rollup;
pub mod status;
pub mod trend;

use crate::cli::{ActionCommand, Command, HookCommand, ListFormat, PersonCommand};
use crate::error::{Error, ErrorKind, Result};
use crate::note::ActionState;
use crate::notebook::{Notebook, validate_handle};
use crate::ui::Ctx;

/// Run a parsed command; returns the exit code.
pub fn dispatch(command: Command, ctx: &mut Ctx) -> Result<u8> {
    match command {
        Command::Init(a) => init::run(a, ctx),
        Command::Person(PersonCommand::Add(a)) => person::add(a, ctx),
        Command::Person(PersonCommand::List(a)) => person::list(a, ctx),
        Command::Person(PersonCommand::Set(a)) => person::set(a, ctx),
        Command::Person(PersonCommand::Rm(a)) => person::rm(a, ctx),
        Command::New(a) => new::run(a, ctx),
        Command::Open(a) => open::run(a, ctx),
        Command::Status(a) => status::run(a, ctx),
        Command::Actions(a) => actions::run(a, ctx),
        Command::Action(ActionCommand::Done(a)) => action::state(a, ActionState::Done, ctx),
        Command::Action(ActionCommand::Drop(a)) => action::state(a, ActionState::Dropped, ctx),
        Command::Action(ActionCommand::Reopen(a)) => action::state(a, ActionState::Open, ctx),
        Command::Action(ActionCommand::Due(a)) => action::due(a, ctx),
        Command::Log(a) => log::run(a, ctx),
        Command::Trend(a) => trend::run(a, ctx),
        Command::Commit(a) => commit::run(a, ctx),
        Command::Demo(a) => demo::run(a, ctx),
        Command::Digest(a) => digest::run(a, ctx),
        Command::Rollup(a) => rollup::run(a, ctx),
        Command::Lint(a) => lint::run(a, ctx),
        Command::Rules(a) => lint::rules(a, ctx),
        Command::Explain(a) => lint::explain(a, ctx),
        Command::Hook(HookCommand::Install(a)) => hook::install(a, ctx),
        Command::Completions(a) => completions::completions(a, ctx),
        Command::Man => completions::man(ctx),
        Command::Lsp => lsp::run(ctx),
    }
}

/// Whether a report named on the command line may be a folder of `notes/` without a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folders {
    /// Reading commands: a folder of notes is a report too.
    Allowed,
    /// `new`: only a person of the config.
    Refused,
}

/// A report named on the command line: a person of the config (an alias resolves to its
/// person) or, when `folders` allows, a folder of `notes/`. Anything else is a usage error
/// naming the closest handle.
pub fn report_arg(nb: &Notebook, name: &str, folders: Folders) -> Result<String> {
    validate_handle(name)
        .map_err(|m| Error::usage(m, Some("handles look like `alice` or `bob-2`")))?;
    if let Some(h) = nb.resolve_handle(name) {
        return Ok(h.to_owned());
    }
    if folders == Folders::Allowed && nb.notes_dir().join(name).is_dir() {
        return Ok(name.to_owned());
    }
    Err(unknown_handle(nb, name, folders))
}

/// "`x` is not a person of this notebook", with the closest person (or folder of notes, when
/// those are reports) as a suggestion.
fn unknown_handle(nb: &Notebook, name: &str, folders: Folders) -> Error {
    let folders: Vec<String> = match folders {
        Folders::Refused => Vec::new(),
        Folders::Allowed => std::fs::read_dir(nb.notes_dir())
            .map(|d| {
                d.flatten()
                    .filter(|e| e.path().is_dir())
                    .filter_map(|e| e.file_name().to_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
    };
    let candidates = nb
        .config
        .people
        .keys()
        .map(String::as_str)
        .chain(folders.iter().map(String::as_str));
    let mut help = format!("add them first: `cascade person add {name} --name \"…\"`");
    if let Some(c) = crate::notebook::closest(name, candidates) {
        help = format!("did you mean `{c}`? Otherwise {help}");
    }
    Error::usage_of(
        ErrorKind::NotFound,
        format!("`{name}` is not a person of this notebook"),
        Some(help),
    )
}

/// Write a view as JSON or as its human rendering.
pub fn print_view<T: serde::Serialize>(
    ctx: &mut Ctx,
    format: ListFormat,
    view: &T,
    human: impl FnOnce(&T, bool) -> String,
) -> Result<()> {
    match format {
        ListFormat::Json => ctx.out_raw(crate::views::to_json(view)?),
        ListFormat::Human => {
            let text = human(view, ctx.color);
            ctx.out_human(&text)
        }
    }
}

/// Tell the user, on stderr, about note files that could not be read.
pub fn warn_unreadable(ctx: &mut Ctx, loaded: &crate::notebook::load::Loaded) {
    for u in &loaded.unreadable {
        ctx.warn(u.warning());
    }
    note_index(ctx, loaded);
}

/// Leave a command's notes and actions to the end of the process instead of freeing them one
/// by one: for ten thousand notes, freeing costs about as much as reading them from the note
/// index did. For values read once, at the end of a command.
pub fn keep_to_exit<T>(big: T) {
    std::mem::forget(big);
}

/// With `-v`, say whether the note index was used, rebuilt or not written, and why.
pub fn note_index(ctx: &mut Ctx, loaded: &crate::notebook::load::Loaded) {
    if ctx.verbose {
        for n in &loaded.index_notices {
            ctx.note(n);
        }
    }
}

/// With `-v`, say why the history index was not read or written.
pub fn history_index(ctx: &mut Ctx, ledger: &crate::actions::Ledger) {
    if ctx.verbose {
        for n in &ledger.notices {
            ctx.note(n);
        }
    }
}

/// Warn of what the history could not tell the action model (no repository, a shallow cut).
pub fn warn_ledger(ctx: &mut Ctx, ledger: &crate::actions::Ledger) {
    for w in &ledger.warnings {
        ctx.warn(w);
    }
    history_index(ctx, ledger);
    if let Some(cut) = ledger.cut_day {
        ctx.warn(format!(
            "this is a shallow clone cut at {cut}: actions closed before the cut have no known day (`git fetch --unshallow` fetches the rest)"
        ));
    }
}
