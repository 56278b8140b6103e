//! Command-line definitions (clap derive); no logic here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// One-on-one notes in git: scaffold, lint the six steps, cascade the conclusions.
#[derive(Debug, Parser)]
#[command(name = "cascade", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// Run as if started in DIR
    #[arg(short = 'C', id = "chdir", global = true, value_name = "DIR")]
    pub chdir: Option<PathBuf>,
    /// Pretend today is DATE (YYYY-MM-DD), for reproducible output
    #[arg(long, global = true, value_name = "DATE")]
    pub today: Option<String>,
    /// When to use colors
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Read every note, without the note index kept in the git directory (and do not update it)
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// Say more on stderr: whether the note index was used, rebuilt or could not be written
    #[arg(short = 'v', long, global = true)]
    pub verbose: bool,
    /// The command to run
    #[command(subcommand)]
    pub command: Command,
}

/// When to color output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colors on a terminal, unless NO_COLOR is set
    Auto,
    /// Always
    Always,
    /// Never
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a notebook: cascade.toml, notes/, .gitignore, and `git init` and a first commit
    /// when needed
    Init(InitArgs),
    /// Manage the people you meet
    #[command(subcommand)]
    Person(PersonCommand),
    /// Scaffold the note of a meeting, carrying over open actions
    New(NewArgs),
    /// Open the latest note of a report in $VISUAL or $EDITOR
    Open(OpenArgs),
    /// Per report: last meeting, next due, overdue, open actions, hours, leverage
    Status(StatusArgs),
    /// Action items across the notebook, each once with its latest state
    Actions(ActionsArgs),
    /// Tick, drop, reopen or re-date one action, in the note that holds its newest copy
    #[command(subcommand)]
    Action(ActionCommand),
    /// The meetings with one report, newest first
    Log(LogArgs),
    /// An indicator's values across a report's meetings, unusual changes flagged
    Trend(TrendArgs),
    /// Lint, then commit changed notes, digests, cascade.toml and templates, with `Report:` and
    /// `Week:` trailers
    Commit(CommitArgs),
    /// The weekly cascade digest: conclusions, actions and numbers for other groups
    Digest(DigestArgs),
    /// A manager of managers' digest, merged from other notebooks' committed audience digests
    Rollup(RollupArgs),
    /// Check notes against the six steps of a high-leverage one-on-one
    Lint(LintArgs),
    /// List the lint rules with their severities
    Rules(RulesArgs),
    /// Explain a lint rule, with a bad and a good example
    Explain(ExplainArgs),
    /// The git pre-commit hook that lints staged notes
    #[command(subcommand)]
    Hook(HookCommand),
    /// A language server for editors, over stdin and stdout: lint's findings as you type,
    /// completion, hover, go to definition
    Lsp,
    /// Print shell completions to stdout
    Completions(CompletionsArgs),
    /// Print the man page (roff) to stdout
    Man,
    /// Build a sample notebook with real dated history and tour it
    Demo(DemoArgs),
}

/// `cascade open`
#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The report's handle
    pub report: String,
}

/// `cascade status`
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// `cascade actions`
#[derive(Debug, Args)]
pub struct ActionsArgs {
    /// Only actions owned by this handle
    #[arg(long, value_name = "HANDLE")]
    pub owner: Option<String>,
    /// Only actions of this report's notes
    #[arg(long, value_name = "HANDLE")]
    pub report: Option<String>,
    /// Open actions (the default)
    #[arg(long, group = "state")]
    pub open: bool,
    /// Done actions
    #[arg(long, group = "state")]
    pub done: bool,
    /// Dropped actions
    #[arg(long, group = "state")]
    pub dropped: bool,
    /// Open actions past their due date, the latest first
    #[arg(long, group = "state")]
    pub overdue: bool,
    /// Actions in every state
    #[arg(long, group = "state")]
    pub all: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// `cascade action …`
#[derive(Debug, Subcommand)]
pub enum ActionCommand {
    /// Mark an action done: `[x]`
    Done(ActionArgs),
    /// Mark an action dropped: `[-]`
    Drop(ActionArgs),
    /// Open a done or dropped action again: `[ ]`
    Reopen(ActionArgs),
    /// Set or replace an action's `due:` date
    Due(ActionDueArgs),
}

/// Which action: `cascade action done|drop|reopen QUERY`.
#[derive(Debug, Args)]
pub struct ActionArgs {
    /// Words of the action's text (all must appear), or PATH:LINE of any of its copies
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// Only actions of this report's notes
    #[arg(long, value_name = "HANDLE")]
    pub report: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// `cascade action due DATE QUERY`
#[derive(Debug, Args)]
pub struct ActionDueArgs {
    /// The new due date (YYYY-MM-DD)
    #[arg(value_name = "DATE")]
    pub date: String,
    /// Which action
    #[command(flatten)]
    pub which: ActionArgs,
}

/// `cascade log`
#[derive(Debug, Args)]
pub struct LogArgs {
    /// The report's handle
    pub report: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// `cascade trend`
#[derive(Debug, Args)]
pub struct TrendArgs {
    /// The report's handle
    pub report: String,
    /// One indicator (default: an overview of all of them)
    pub indicator: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// `cascade commit`
#[derive(Debug, Args)]
pub struct CommitArgs {
    /// Commit message (default: one naming the notes and digests); trailers are added
    #[arg(short, long, value_name = "MSG")]
    pub message: Option<String>,
    /// Commit even when lint finds errors in the notes, and skip your git hooks
    #[arg(long)]
    pub no_verify: bool,
}

/// `cascade hook …`
#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Install a pre-commit hook that runs `cascade lint --staged`
    Install(HookInstallArgs),
}

/// `cascade hook install`
#[derive(Debug, Args)]
pub struct HookInstallArgs {
    /// Keep an existing pre-commit hook: rename it `pre-commit.local` and run it first
    #[arg(long)]
    pub chain: bool,
    /// Replace an existing pre-commit hook that is not cascade's
    #[arg(long, conflicts_with = "chain")]
    pub force: bool,
}

/// `cascade completions`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `cascade init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory of the notebook (default: the current directory)
    pub dir: Option<PathBuf>,
    /// Your own handle, written as `me` in cascade.toml (default: from $USER)
    #[arg(long)]
    pub me: Option<String>,
    /// Where a conclusion or action without `share:` goes: its note's groups (`groups`), or
    /// nowhere until it is marked (`none`)
    #[arg(long, value_enum, default_value_t = DefaultShareArg::Groups)]
    pub default_share: DefaultShareArg,
}

/// `cascade init --default-share`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DefaultShareArg {
    /// To the groups of its note's `share_with`
    Groups,
    /// To no group: only what is marked `share:GROUP` is shared
    None,
}

/// `cascade person …`
#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Add a person to cascade.toml, keeping its comments and order
    Add(PersonAddArgs),
    /// List the people of cascade.toml: handle, name, cadence, groups, aliases
    List(PersonListArgs),
    /// Change a person in cascade.toml in place; what is not given stays as it is
    Set(PersonSetArgs),
    /// Remove a person from cascade.toml; refused while notes or actions name them
    Rm(PersonRmArgs),
}

/// `cascade person list`
#[derive(Debug, Args)]
pub struct PersonListArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// `cascade person set`
#[derive(Debug, Args)]
pub struct PersonSetArgs {
    /// The person's handle (or one of their aliases)
    pub handle: String,
    /// Full name (`--name ""` removes it)
    #[arg(long)]
    pub name: Option<String>,
    /// Role or title (`--role ""` removes it)
    #[arg(long)]
    pub role: Option<String>,
    /// Days between meetings
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub cadence: Option<u32>,
    /// The person's groups: the ones given replace the whole list (repeatable; `--group ""`
    /// empties it)
    #[arg(long = "group", value_name = "G", conflicts_with_all = ["add_groups", "rm_groups"])]
    pub groups: Vec<String>,
    /// Add a group to the person's list (repeatable)
    #[arg(long = "add-group", value_name = "G")]
    pub add_groups: Vec<String>,
    /// Remove a group from the person's list (repeatable)
    #[arg(long = "rm-group", value_name = "G")]
    pub rm_groups: Vec<String>,
    /// The person's aliases: the ones given replace the whole list (repeatable; `--alias ""`
    /// empties it)
    #[arg(long = "alias", value_name = "A", conflicts_with_all = ["add_aliases", "rm_aliases"])]
    pub aliases: Vec<String>,
    /// Add an alias (repeatable)
    #[arg(long = "add-alias", value_name = "A")]
    pub add_aliases: Vec<String>,
    /// Remove an alias (repeatable)
    #[arg(long = "rm-alias", value_name = "A")]
    pub rm_aliases: Vec<String>,
}

/// `cascade person rm`
#[derive(Debug, Args)]
pub struct PersonRmArgs {
    /// The person's handle
    pub handle: String,
    /// Remove them even though notes or actions name them; the notes stay as they are
    #[arg(long)]
    pub keep_notes: bool,
}

/// `cascade person add`
#[derive(Debug, Args)]
pub struct PersonAddArgs {
    /// Handle: lowercase letters, digits and `-`
    pub handle: String,
    /// Full name
    #[arg(long)]
    pub name: Option<String>,
    /// Role or title
    #[arg(long)]
    pub role: Option<String>,
    /// Days between meetings
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub cadence: Option<u32>,
    /// A group this person's conclusions usually go to (repeatable)
    #[arg(long = "group", value_name = "G")]
    pub groups: Vec<String>,
}

/// `cascade new`
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The report's handle
    pub report: String,
    /// Meeting date (default: today)
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Open the note in $VISUAL or $EDITOR, at its first empty section (the default in a
    /// terminal with an editor set)
    #[arg(long)]
    pub edit: bool,
    /// Do not open the editor, even in a terminal
    #[arg(long, conflicts_with = "edit")]
    pub no_edit: bool,
    /// Do not carry over open actions from the previous note
    #[arg(long)]
    pub no_carry: bool,
    /// Replace an existing note
    #[arg(long)]
    pub force: bool,
}

/// `cascade digest`
#[derive(Debug, Args)]
pub struct DigestArgs {
    /// ISO week, e.g. 2026-W48 (default: the week of today)
    #[arg(long, value_name = "WEEK", conflicts_with_all = ["from", "to"])]
    pub week: Option<String>,
    /// First day of a custom range (YYYY-MM-DD); needs --to
    #[arg(long, value_name = "DATE", requires = "to")]
    pub from: Option<String>,
    /// Last day of a custom range (YYYY-MM-DD); needs --from
    #[arg(long, value_name = "DATE", requires = "from")]
    pub to: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = DigestFormat::Md)]
    pub format: DigestFormat,
    /// The digest of one group only: what is shared with it, nothing else (repeatable;
    /// `all`: one per group; needed by --format email and slack)
    #[arg(long, value_name = "GROUP")]
    pub audience: Vec<String>,
    /// Write to FILE (atomically) instead of stdout; with several audiences, a folder that
    /// gets one file per group
    #[arg(long, value_name = "FILE|DIR")]
    pub out: Option<PathBuf>,
    /// Write digests/<GGGG>-W<VV>.md (and, with --audience, digests/<GGGG>-W<VV>/<group>.md
    /// and .json) and commit them alone, with a `Week:` trailer
    #[arg(long, conflicts_with = "out")]
    pub commit: bool,
    /// With --commit: replace digest files even if they have changes not committed; with
    /// --out DIR: replace files already there
    #[arg(long)]
    pub force: bool,
}

/// Formats of `cascade digest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DigestFormat {
    /// Markdown, for a terminal, a mail or a pull request
    Md,
    /// JSON with `"version": 1`
    Json,
    /// A self-contained HTML page
    Html,
    /// An email to the --audience group, for `sendmail -t`
    Email,
    /// Slack Block Kit messages for the --audience group, one JSON body per line
    Slack,
}

/// `cascade rollup`
#[derive(Debug, Args)]
pub struct RollupArgs {
    /// ISO week, e.g. 2026-W48 (default: the week of today)
    #[arg(long, value_name = "WEEK")]
    pub week: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = RollupFormat::Md)]
    pub format: RollupFormat,
    /// Write to FILE (atomically) instead of stdout
    #[arg(long, value_name = "FILE", conflicts_with = "commit")]
    pub out: Option<PathBuf>,
    /// Publish the roll-up one level up: write digests/<GGGG>-W<VV>/<audience>.md and .json
    /// (the `[rollup] audience` digest of this notebook) and commit them alone
    #[arg(long)]
    pub commit: bool,
    /// With --commit: replace the files even if they have changes not committed
    #[arg(long, requires = "commit")]
    pub force: bool,
}

/// Formats of `cascade rollup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RollupFormat {
    /// Markdown
    Md,
    /// JSON with `"version": 1`
    Json,
    /// A self-contained HTML page
    Html,
    /// An email to the `[rollup] audience` group of this notebook, for `sendmail -t`
    Email,
}

/// `cascade demo`
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to build the sample notebook (must be empty or absent; default: a new temp dir)
    pub dir: Option<PathBuf>,
}

/// `cascade lint`
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Note files or folders (default: every note of the notebook)
    pub paths: Vec<PathBuf>,
    /// Lint the versions staged in git's index (for a pre-commit hook)
    #[arg(long)]
    pub staged: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Print errors only, without warnings or the summary line
    #[arg(long, short)]
    pub quiet: bool,
    /// Apply the safe fixes (`cascade rules` says which rules have one), then report what is left
    #[arg(long)]
    pub fix: bool,
    /// Apply the unsafe fixes too (a renamed note, a renamed heading): implies `--fix`
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff and change nothing
    #[arg(long)]
    pub diff: bool,
    /// Warnings and infos on every note; by default they are reported on each report's latest
    /// note only, errors everywhere (files named on the command line get everything)
    #[arg(long)]
    pub all: bool,
}

/// Formats of `cascade lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// rustc-style diagnostics with a snippet of the note
    Human,
    /// JSON with `"version": 1`
    Json,
    /// GitHub Actions annotations
    Github,
}

/// Formats of listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table for people
    Human,
    /// JSON with `"version": 1`
    Json,
}

/// `cascade rules`
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// `cascade explain`
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule id, e.g. steps/missing
    pub rule: String,
}
