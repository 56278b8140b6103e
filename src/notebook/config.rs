//! `cascade.toml`: strict parsing with the file, line and column of every error.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::{Error, Location, Result};
use crate::text::LineIndex;

/// The notebook's configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The supervisor who writes the notes.
    pub me: String,
    /// A report's working hours per week, for the leverage ratio.
    #[serde(default = "default_hours")]
    pub work_hours_per_week: f64,
    /// Cadence for people without their own.
    #[serde(default = "default_cadence")]
    pub default_cadence_days: u32,
    /// Meeting length counted for a note whose `duration_min` is blank or absent.
    #[serde(default = "default_duration")]
    pub default_duration_min: u32,
    /// People by handle.
    #[serde(default)]
    pub people: BTreeMap<String, Person>,
    /// Groups conclusions can be shared with; once one is declared, only these may be named.
    #[serde(default)]
    pub groups: BTreeMap<String, GroupConfig>,
    /// Lint settings.
    #[serde(default)]
    pub lint: LintConfig,
    /// Where a conclusion or action without `share:` goes: `groups` (its note's `share_with`,
    /// the default) or `none` (nowhere until it is marked).
    #[serde(default)]
    pub default_share: DefaultShare,
    /// `[notebook]`: how others reach this notebook's notes and digests.
    #[serde(default)]
    pub notebook: NotebookConfig,
    /// `[rollup]`: the notebooks whose audience digests `cascade rollup` merges.
    #[serde(default)]
    pub rollup: Option<RollupConfig>,
    /// Each alias with its person's handle, so that resolving a name is one lookup.
    #[serde(skip)]
    pub alias_of: std::collections::HashMap<String, String>,
}

/// Where an unmarked conclusion or action goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DefaultShare {
    /// To its note's `share_with` groups.
    #[default]
    Groups,
    /// Nowhere: only what is marked `share:` is shared.
    None,
}

/// `[notebook]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotebookConfig {
    /// Web address of the notebook's files, ending with `/`: an audience digest links each
    /// item to `url + path` instead of naming the path.
    pub url: Option<String>,
    /// `From:` of the digests sent by email (`Name <address>`); else the git identity.
    pub from: Option<String>,
}

/// `[rollup]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RollupConfig {
    /// Which audience digest of each source to read.
    pub audience: String,
    /// The notebooks to read, `[[rollup.source]]`.
    #[serde(default)]
    pub source: Vec<RollupSource>,
}

/// One `[[rollup.source]]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RollupSource {
    /// Its name in the roll-up (the manager whose notebook it is).
    pub name: String,
    /// A path, `file://`, or any URL the user's git can fetch.
    pub url: String,
    /// The branch to read; the remote's default branch otherwise.
    pub branch: Option<String>,
}

fn default_hours() -> f64 {
    40.0
}

fn default_duration() -> u32 {
    60
}

fn default_cadence() -> u32 {
    14
}

/// A person the supervisor meets.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name.
    pub name: Option<String>,
    /// Role or title.
    pub role: Option<String>,
    /// Days between meetings, for every note that does not set its own.
    pub cadence_days: Option<u32>,
    /// Groups this person's conclusions usually go to.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Other `@handles` that mean this person.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A group conclusions are cascaded to.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupConfig {
    /// Display name.
    pub name: Option<String>,
    /// Where `digest --audience NAME --format email` sends (`To:`).
    pub email: Option<String>,
}

/// `[lint]`: rule severities and limits.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintConfig {
    /// Rule id → "error" | "warning" | "off", with where it was written.
    #[serde(default)]
    pub rules: BTreeMap<String, toml::Spanned<String>>,
    /// Files larger than this many bytes get `file/too-large` (default 10 MB).
    pub max_file_bytes: Option<u64>,
}

impl Config {
    /// Parse and validate `text`; `path` names the file in messages.
    pub fn parse(text: &str, path: &str) -> Result<Config> {
        let index = LineIndex::new(text);
        let loc = |offset: usize| {
            let (line, column) = index.position(text, offset.min(text.len()));
            Location {
                path: path.to_owned(),
                line,
                column,
                source_line: Some(index.line_text(text, line).to_owned()),
            }
        };
        let config: Config = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let msg = e.message().trim().to_owned();
            let help = config_help(&msg);
            Error::input_at(format!("invalid {path}: {msg}"), loc(offset), help)
        })?;
        // Located from the document's own spans: a key named in a comment or in another
        // table is not the one at fault.
        let doc = toml_edit::Document::parse(text).ok();
        let at = |keys: &[&str]| loc(doc.as_ref().map_or(0, |d| key_offset(d, keys)));
        crate::notebook::validate_handle(&config.me).map_err(|m| {
            Error::input_at(
                format!("invalid {path}: `me`: {m}"),
                at(&["me"]),
                Some("`me` is your own handle, e.g. `me = \"dana\"`".into()),
            )
        })?;
        for (handle, person) in &config.people {
            crate::notebook::validate_handle(handle).map_err(|m| {
                Error::input_at(
                    format!("invalid {path}: person {m}"),
                    at(&["people", handle]),
                    Some(
                        "handles are lowercase letters, digits and `-`, e.g. `[people.alice]`"
                            .into(),
                    ),
                )
            })?;
            for alias in &person.aliases {
                crate::notebook::validate_handle(alias).map_err(|m| {
                    let offset = doc
                        .as_ref()
                        .and_then(|d| alias_offset(d, handle, alias))
                        .or_else(|| {
                            doc.as_ref()
                                .map(|d| key_offset(d, &["people", handle, "aliases"]))
                        })
                        .unwrap_or(0);
                    Error::input_at(
                        format!("invalid {path}: alias of `{handle}`: {m}"),
                        loc(offset),
                        None,
                    )
                })?;
            }
            if person.cadence_days == Some(0) {
                return Err(Error::input_at(
                    format!("invalid {path}: `people.{handle}.cadence_days` must be at least 1"),
                    at(&["people", handle, "cadence_days"]),
                    None,
                ));
            }
        }
        if config.default_cadence_days == 0 {
            return Err(Error::input_at(
                format!("invalid {path}: `default_cadence_days` must be at least 1"),
                at(&["default_cadence_days"]),
                None,
            ));
        }
        if !(config.work_hours_per_week > 0.0 && config.work_hours_per_week <= 168.0) {
            return Err(Error::input_at(
                format!("invalid {path}: `work_hours_per_week` must be between 0 and 168"),
                at(&["work_hours_per_week"]),
                None,
            ));
        }
        if let Some(r) = &config.rollup {
            let source_at = |i: usize, key: &str| {
                loc(doc
                    .as_ref()
                    .and_then(|d| source_offset(d, i, key))
                    .unwrap_or_else(|| doc.as_ref().map_or(0, |d| key_offset(d, &["rollup"]))))
            };
            check_rollup(r, path, &|keys| at(keys), &source_at)?;
        }
        check_addresses(&config, path, &|keys| at(keys))?;
        let mut config = config;
        // The first person naming an alias owns it, as the people are listed (by handle).
        for (handle, person) in &config.people {
            for alias in &person.aliases {
                config
                    .alias_of
                    .entry(alias.clone())
                    .or_insert_with(|| handle.clone());
            }
        }
        Ok(config)
    }
}

/// Email addresses (`[notebook] from`, `[groups.NAME] email`) are checked when the config is
/// read: one that would break a header (a line break, a stray `<`) is refused at its line.
fn check_addresses(config: &Config, path: &str, at: &dyn Fn(&[&str]) -> Location) -> Result<()> {
    let mail_help = || {
        Some("write `address@example.org` or `Name <address@example.org>`; separate several with commas".into())
    };
    if let Some(from) = &config.notebook.from {
        crate::email::Mailbox::parse(from.trim()).map_err(|why| {
            Error::input_at(
                format!("invalid {path}: `notebook.from`: {why}"),
                at(&["notebook", "from"]),
                mail_help(),
            )
        })?;
    }
    for (name, group) in &config.groups {
        if let Some(email) = &group.email {
            crate::email::Mailbox::parse_list(email).map_err(|why| {
                Error::input_at(
                    format!("invalid {path}: `groups.{name}.email`: {why}"),
                    at(&["groups", name, "email"]),
                    mail_help(),
                )
            })?;
        }
    }
    Ok(())
}

/// `[rollup]` names files and folders (`digests/<week>/<audience>.json`, the fetch cache of
/// each source) and is passed to `git fetch`: its names are handles, its URLs and branches
/// cannot be read as options.
fn check_rollup(
    r: &RollupConfig,
    path: &str,
    at: &dyn Fn(&[&str]) -> Location,
    source_at: &dyn Fn(usize, &str) -> Location,
) -> Result<()> {
    crate::notebook::validate_handle(&r.audience).map_err(|m| {
        Error::input_at(
            format!("invalid {path}: `rollup.audience`: {m}"),
            at(&["rollup", "audience"]),
            Some(
                "it names the group whose digests are read, e.g. `audience = \"leadership\"`"
                    .into(),
            ),
        )
    })?;
    let mut seen = std::collections::BTreeSet::new();
    for (i, s) in r.source.iter().enumerate() {
        crate::notebook::validate_handle(&s.name).map_err(|m| {
            Error::input_at(
                format!("invalid {path}: roll-up source name: {m}"),
                source_at(i, "name"),
                Some("name each source after its manager, e.g. `name = \"dana\"`".into()),
            )
        })?;
        if !seen.insert(s.name.as_str()) {
            return Err(Error::input_at(
                format!("invalid {path}: two roll-up sources are named `{}`", s.name),
                source_at(i, "name"),
                Some("give each `[[rollup.source]]` its own name".into()),
            ));
        }
        if s.url.trim().is_empty() || s.url.starts_with('-') || s.url.contains(char::is_control) {
            return Err(Error::input_at(
                format!(
                    "invalid {path}: `url` of roll-up source `{}` is not a path or URL",
                    s.name
                ),
                source_at(i, "url"),
                Some(
                    "a path from the notebook's root, a file:// URL, or any URL git can fetch"
                        .into(),
                ),
            ));
        }
        if let Some(b) = &s.branch
            && !branch_name(b)
        {
            return Err(Error::input_at(
                format!(
                    "invalid {path}: `branch` of roll-up source `{}` is not a branch name: `{}`",
                    s.name,
                    b.escape_debug()
                ),
                source_at(i, "branch"),
                Some("name a branch, e.g. `branch = \"main\"`, or drop the key to read the default branch".into()),
            ));
        }
    }
    Ok(())
}

/// Whether `b` is a branch name as `git check-ref-format --branch` takes it, and not an
/// option.
fn branch_name(b: &str) -> bool {
    !b.is_empty()
        && !b.starts_with(['-', '/', '.'])
        && !b.ends_with(['/', '.'])
        && !b.ends_with(".lock")
        && !b.contains("..")
        && !b.contains("//")
        && !b.contains("@{")
        && !b.contains("/.")
        && b != "@"
        && !b.chars().any(|c| {
            c.is_control()
                || c.is_whitespace()
                || matches!(c, '~' | '^' | ':' | '?' | '*' | '[' | '\\')
        })
}

/// Byte offset of `key` in the `index`th `[[rollup.source]]`.
fn source_offset(doc: &toml_edit::Document<&str>, index: usize, key: &str) -> Option<usize> {
    let t = doc
        .as_table()
        .get("rollup")?
        .get("source")?
        .as_array_of_tables()?
        .get(index)?;
    let (k, item) = t.get_key_value(key)?;
    k.span().or_else(|| item.span()).map(|s| s.start)
}

impl DefaultShare {
    /// The groups an item goes to: its own `share:` groups, else (unmarked) its note's
    /// `share_with` under `groups` and none under `none`.
    pub fn audience<'a>(self, share: &'a [String], share_with: &'a [String]) -> &'a [String] {
        match self {
            _ if !share.is_empty() => share,
            DefaultShare::Groups => share_with,
            DefaultShare::None => &[],
        }
    }
}

impl Config {
    /// Whether `group` may be named (in `share:`, `share_with` or a person's groups): any
    /// group while `[groups]` declares none, else only a declared one.
    pub fn group_declared(&self, group: &str) -> bool {
        self.groups.is_empty() || self.groups.contains_key(group)
    }

    /// What to do about `group`, which [`Config::group_declared`] refused: the declared group
    /// it most likely means, else the declared ones, and how to declare it.
    pub fn undeclared_group_help(&self, group: &str) -> String {
        let declare = format!("declare it in cascade.toml: `[groups.{group}]`");
        match crate::notebook::closest(group, self.groups.keys().map(String::as_str)) {
            Some(g) => format!("did you mean `{g}`? Or {declare}"),
            None => {
                let known: Vec<&str> = self.groups.keys().map(String::as_str).collect();
                format!("declared groups: {}; or {declare}", known.join(", "))
            }
        }
    }
}

/// Byte offset of the key at `keys` (from the root table): the key itself, else its value or
/// table header, else the deepest table on the way that exists.
fn key_offset(doc: &toml_edit::Document<&str>, keys: &[&str]) -> usize {
    let mut table: &dyn toml_edit::TableLike = doc.as_table();
    let mut best = 0;
    for (i, k) in keys.iter().enumerate() {
        let Some((key, item)) = table.get_key_value(k) else {
            break;
        };
        if let Some(span) = key.span().or_else(|| item.span()) {
            best = span.start;
        }
        if i + 1 == keys.len() {
            break;
        }
        match item.as_table_like() {
            Some(t) => table = t,
            None => break,
        }
    }
    best
}

/// Byte offset of the alias `alias` in `[people.<handle>] aliases`.
fn alias_offset(doc: &toml_edit::Document<&str>, handle: &str, alias: &str) -> Option<usize> {
    let aliases = doc
        .as_table()
        .get("people")?
        .as_table_like()?
        .get(handle)?
        .as_table_like()?
        .get("aliases")?
        .as_array()?;
    aliases
        .iter()
        .find(|v| v.as_str() == Some(alias))
        .and_then(|v| v.span())
        .map(|s| s.start)
}

fn config_help(msg: &str) -> Option<String> {
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = msg
            .split("expected ")
            .nth(1)
            .map(|s| {
                s.split(['`', ',', ' '])
                    .filter(|w| !w.is_empty() && *w != "one" && *w != "of" && *w != "or")
                    .collect()
            })
            .unwrap_or_default();
        return Some(
            match crate::notebook::closest(field, expected.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None if !expected.is_empty() => format!("expected one of: {}", expected.join(", ")),
                None => "remove the key".into(),
            },
        );
    }
    if msg.contains("duplicate key") {
        return Some("each key may appear once; remove or merge the second one".into());
    }
    if msg.contains("missing field `me`") {
        return Some("add your own handle at the top, e.g. `me = \"dana\"`".into());
    }
    if msg.starts_with("invalid type") {
        return Some("see `docs/guide.md` for the type each key takes".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> Error {
        Config::parse(text, "cascade.toml").unwrap_err()
    }

    #[test]
    fn rollup_branches_that_git_refuses_or_reads_as_options_are_refused() {
        for b in ["main", "release/2026", "dana-1on1", "v1.2"] {
            assert!(branch_name(b), "{b}");
        }
        for b in [
            "",
            "-f",
            "--upload-pack=x",
            "a..b",
            "a b",
            "a~1",
            "x.lock",
            "/a",
            "a/",
            ".a",
            "a/.b",
            "a@{1}",
            "@",
            "a:b",
            "a\nb",
        ] {
            assert!(!branch_name(b), "{b:?}");
        }
        let text = "me = \"vera\"\n[rollup]\naudience = \"leadership\"\n\n[[rollup.source]]\nname = \"dana\"\nurl = \"../dana\"\n\n[[rollup.source]]\nname = \"dana\"\nurl = \"../erin\"\n";
        let e = err(text);
        assert_eq!(
            e.to_string(),
            "invalid cascade.toml: two roll-up sources are named `dana`"
        );
        assert_eq!(e.location().unwrap().line, 10);
    }

    #[test]
    fn unknown_key_has_line_and_suggestion() {
        let e = err("me = \"dana\"\n[people.alice]\nnmae = \"Alice\"\n");
        let l = e.location().unwrap();
        assert_eq!((l.line, l.column), (3, 1));
        assert_eq!(e.help(), Some("did you mean `name`?"));
    }

    #[test]
    fn duplicate_and_wrong_type() {
        let e = err("me = \"dana\"\nme = \"x\"\n");
        assert_eq!(e.location().unwrap().line, 2);
        let e = err("me = \"dana\"\ndefault_cadence_days = \"two weeks\"\n");
        assert_eq!(e.location().unwrap().line, 2);
        assert!(e.to_string().contains("invalid type"), "{e}");
    }

    #[test]
    fn validation_errors_point_at_the_key_not_a_comment_naming_it() {
        let at = |text: &str| {
            let e = err(text);
            let l = e.location().unwrap();
            (l.line, l.column, l.source_line.clone().unwrap())
        };
        assert_eq!(
            at("# me = your handle\nme = \"Dana\"\n"),
            (2, 1, "me = \"Dana\"".into())
        );
        assert_eq!(
            at("me = \"dana\"\n[people.a]\ncadence_days = 3\n[people.b]\ncadence_days = 0\n"),
            (5, 1, "cadence_days = 0".into())
        );
        assert_eq!(
            at("# default_cadence_days\nme = \"dana\"\n default_cadence_days = 0\n"),
            (3, 2, " default_cadence_days = 0".into())
        );
        assert_eq!(
            at("me = \"dana\"\n# people.\"X\"\n[people.\"X\"]\n"),
            (3, 9, "[people.\"X\"]".into())
        );
    }

    #[test]
    fn bad_handles_are_refused() {
        let e = err("me = \"dana\"\n[people.\"../x\"]\n");
        assert!(e.to_string().contains("handle"), "{e}");
    }

    #[test]
    fn groups_are_checked_only_once_declared() {
        let open = Config::parse("me = \"dana\"\n", "cascade.toml").unwrap();
        assert!(open.group_declared("anything"));
        let c = Config::parse(
            "me = \"dana\"\n[groups.sales]\n[groups.finance]\nname = \"Finance\"\n",
            "cascade.toml",
        )
        .unwrap();
        assert!(c.group_declared("sales"));
        assert!(!c.group_declared("salse"));
        assert_eq!(
            c.undeclared_group_help("salse"),
            "did you mean `sales`? Or declare it in cascade.toml: `[groups.salse]`"
        );
        assert_eq!(
            c.undeclared_group_help("hr"),
            "declared groups: finance, sales; or declare it in cascade.toml: `[groups.hr]`"
        );
    }

    #[test]
    fn full_config_parses() {
        let c = Config::parse(
            "me = \"dana\"\nwork_hours_per_week = 40\n[people.alice]\nname = \"Alice\"\ncadence_days = 7\ngroups = [\"sales\"]\naliases = [\"al\"]\n[groups.sales]\nname = \"Sales\"\n[lint.rules]\n\"leverage/missing\" = \"off\"\n",
            "cascade.toml",
        )
        .unwrap();
        assert_eq!(c.people["alice"].cadence_days, Some(7));
        assert_eq!(c.lint.rules["leverage/missing"].get_ref(), "off");
    }
}
