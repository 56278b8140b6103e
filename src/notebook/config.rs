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
        Ok(config)
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
