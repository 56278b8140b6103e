//! The notebook: `cascade.toml` found like git finds `.git`, people, paths of notes.

mod config;
mod create;
pub mod index;
pub mod inventory;
pub mod load;
pub mod people;

pub use config::{
    Config, DefaultShare, GroupConfig, LintConfig, Person, RollupConfig, RollupSource,
};
pub use create::create;

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::error::{Error, ErrorKind, Result};

/// The config file's name.
pub const CONFIG_FILE: &str = "cascade.toml";
/// Folder of notes, relative to the root.
pub const NOTES_DIR: &str = "notes";
/// Folder of digests, relative to the root.
pub const DIGESTS_DIR: &str = "digests";

/// Where `digest --commit` writes the supervisor's digest of `week`, relative to the root.
pub fn digest_rel(week: &str) -> String {
    format!("{DIGESTS_DIR}/{week}.md")
}

/// Where `digest --commit --audience` writes `group`'s digest of `week` (`ext`: `md` or
/// `json`), relative to the root; what `cascade rollup` reads from other notebooks.
pub fn audience_digest_rel(week: &str, group: &str, ext: &str) -> String {
    format!("{DIGESTS_DIR}/{week}/{group}.{ext}")
}

/// An opened notebook: its root and validated config.
#[derive(Debug, Clone)]
pub struct Notebook {
    /// The directory holding `cascade.toml`.
    pub root: PathBuf,
    /// The parsed config.
    pub config: Config,
    /// The config's text, for locating lint rule overrides.
    pub config_text: String,
    /// Whether loading notes may use the note index (`--no-cache` turns it off).
    pub index: index::Use,
}

impl Notebook {
    /// Find `cascade.toml` in `start` or its ancestors and load it.
    pub fn discover(start: &Path) -> Result<Notebook> {
        let start_abs = absolute(start);
        for dir in start_abs.ancestors() {
            let candidate = dir.join(CONFIG_FILE);
            if candidate.is_file() {
                return Notebook::open(dir);
            }
        }
        Err(Error::usage_of(
            ErrorKind::NoNotebook,
            format!(
                "not in a cascade notebook (searched up from {})",
                start_abs.display()
            ),
            Some("run `cascade init` to create one here, or pass `-C DIR`".into()),
        ))
    }

    /// Load the notebook whose root is `root`.
    pub fn open(root: &Path) -> Result<Notebook> {
        let path = root.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Error::input(
                format!(
                    "{CONFIG_FILE} is not valid UTF-8 (byte {})",
                    e.utf8_error().valid_up_to()
                ),
                Some("save it as UTF-8".into()),
            )
        })?;
        let config = Config::parse(&text, CONFIG_FILE)?;
        Ok(Notebook {
            root: absolute(root),
            config,
            config_text: text,
            index: index::Use::default(),
        })
    }

    /// `notes/` under the root.
    pub fn notes_dir(&self) -> PathBuf {
        self.root.join(NOTES_DIR)
    }

    /// Where the note of `report` on `date` lives.
    pub fn note_path(&self, report: &str, date: Date) -> PathBuf {
        self.root.join(note_rel_path(report, date))
    }

    /// The canonical handle for `name`: itself when a person, or whose alias it is.
    pub fn resolve_handle<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        if let Some((k, _)) = self.config.people.get_key_value(name) {
            return Some(k.as_str());
        }
        self.config.alias_of.get(name).map(String::as_str)
    }

    /// The name to show for a handle: the person's `name`, else the handle itself.
    pub fn name_of(&self, handle: &str) -> String {
        self.config
            .people
            .get(handle)
            .and_then(|p| p.name.clone())
            .unwrap_or_else(|| handle.to_owned())
    }

    /// The handle `name` stands for (itself unless it is an alias of a person).
    pub fn canonical<'a>(&'a self, name: &'a str) -> &'a str {
        self.resolve_handle(name).unwrap_or(name)
    }

    /// Days between meetings with `report` (person's cadence, else the default).
    pub fn cadence_for(&self, report: &str) -> u32 {
        self.config
            .people
            .get(report)
            .and_then(|p| p.cadence_days)
            .unwrap_or(self.config.default_cadence_days)
    }

    /// The size cap of a note: `[lint] max_file_bytes`, else 10 MB.
    pub fn max_note_bytes(&self) -> u64 {
        self.config
            .lint
            .max_file_bytes
            .unwrap_or(inventory::DEFAULT_MAX_BYTES)
    }

    /// The handles of the people you meet: `[people]` without `me`.
    pub fn report_handles(&self) -> std::collections::BTreeSet<String> {
        self.reports().map(str::to_owned).collect()
    }

    /// The handles of the people you meet, borrowed, in order: `[people]` without `me`.
    pub fn reports(&self) -> impl Iterator<Item = &str> {
        self.config
            .people
            .keys()
            .map(String::as_str)
            .filter(|h| *h != self.config.me)
    }

    /// Path relative to the root, with `/` separators, for output.
    pub fn rel(&self, path: &Path) -> String {
        rel_path(&self.root, path)
    }
}

/// `notes/<report>/<date>.md`, relative to the root.
pub fn note_rel_path(report: &str, date: Date) -> String {
    format!("{NOTES_DIR}/{report}/{date}.md")
}

/// Whether `rel` is [`note_rel_path`] of `report` and `date`, without making it: lint asks it
/// of every note.
pub fn is_note_rel_path(rel: &str, report: &str, date: Date) -> bool {
    use std::io::Write;
    let Some(name) = rel
        .strip_prefix(NOTES_DIR)
        .and_then(|r| r.strip_prefix('/'))
        .and_then(|r| r.strip_prefix(report))
        .and_then(|r| r.strip_prefix('/'))
        .and_then(|r| r.strip_suffix(".md"))
    else {
        return false;
    };
    // The date as `note_rel_path` writes it, on the stack.
    let mut buf = [0u8; 24];
    let mut w = std::io::Cursor::new(&mut buf[..]);
    match write!(w, "{date}") {
        Ok(()) => {
            let n = w.position() as usize;
            name.as_bytes() == &buf[..n]
        }
        Err(_) => rel == note_rel_path(report, date),
    }
}

/// `path` relative to `root` with `/` separators (lossy for non-UTF-8 names).
pub fn rel_path(root: &Path, path: &Path) -> String {
    // Byte for byte first: `strip_prefix` compares component by component, which showed in
    // the time of listing ten thousand notes.
    #[cfg(unix)]
    if let Some(rest) = path
        .as_os_str()
        .as_encoded_bytes()
        .strip_prefix(root.as_os_str().as_encoded_bytes())
        .and_then(|r| r.strip_prefix(b"/"))
        && !rest.starts_with(b"/")
        && let Ok(s) = std::str::from_utf8(rest)
    {
        return s.to_owned();
    }
    let p = path.strip_prefix(root).unwrap_or(path);
    // Called once per note: on Unix a UTF-8 path is already `/`-separated.
    if cfg!(unix)
        && let Some(s) = p.to_str()
    {
        return s.to_owned();
    }
    let parts: Vec<String> = p
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Make `p` absolute against the current directory without touching the filesystem.
pub fn absolute(p: &Path) -> PathBuf {
    normalize(&std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()))
}

/// `p` with `.` and `..` resolved lexically (`notes/alice/../bob` is `notes/bob`), so a path
/// typed as `./x.md` or `../alice/x.md` is the same note as `notes/alice/x.md`.
pub fn normalize(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Check a person handle: `[a-z0-9][a-z0-9-]*`, so it is never a path or an option.
pub fn validate_handle(h: &str) -> std::result::Result<(), String> {
    let shown = h.escape_debug().to_string();
    if h.is_empty() {
        return Err("a handle cannot be empty".into());
    }
    if h.len() > 64 {
        return Err(format!("handle `{shown}` is longer than 64 characters"));
    }
    let first = h.as_bytes()[0];
    if !(first.is_ascii_lowercase() || first.is_ascii_digit()) {
        return Err(format!(
            "handle `{shown}` must start with a lowercase letter or a digit"
        ));
    }
    if let Some(c) = h
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(format!(
            "handle `{shown}` contains `{}`: handles use only a-z, 0-9 and `-`",
            c.escape_debug()
        ));
    }
    Ok(())
}

/// The candidate closest to `name` by Jaro-Winkler similarity, if close enough.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(s, _)| *s >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_at_its_path_as_note_rel_path_writes_it() {
        let dates = [
            jiff::civil::date(2026, 11, 20),
            jiff::civil::date(1, 2, 3),
            jiff::civil::date(9999, 12, 31),
            jiff::civil::date(-5, 1, 1),
        ];
        let reports = ["alice", "", "a/b", "é"];
        let rels = [
            "notes/alice/2026-11-20.md",
            "notes/alice/2026-11-20.markdown",
            "notes/alice/2026-11-2.md",
            "notes/alice/2026-11-200.md",
            "notes//2026-11-20.md",
            "notes/a/b/0001-02-03.md",
            "notes/é/9999-12-31.md",
            "notes/alice/-000005-01-01.md",
            "notes/alice/",
            "alice/2026-11-20.md",
        ];
        for date in dates {
            for report in reports {
                for rel in rels
                    .iter()
                    .copied()
                    .chain([note_rel_path(report, date).as_str()])
                {
                    assert_eq!(
                        is_note_rel_path(rel, report, date),
                        rel == note_rel_path(report, date),
                        "{rel} {report} {date}"
                    );
                }
            }
        }
    }

    #[test]
    fn rel_path_by_bytes_agrees_with_components() {
        let root = Path::new("/nb/root");
        for (p, want) in [
            (
                "/nb/root/notes/alice/2026-11-20.md",
                "notes/alice/2026-11-20.md",
            ),
            ("/nb/root/cascade.toml", "cascade.toml"),
            ("/nb/root", ""),
            ("/nb/rootx/notes/a.md", "/nb/rootx/notes/a.md"),
            ("/elsewhere/a.md", "/elsewhere/a.md"),
        ] {
            assert_eq!(rel_path(root, Path::new(p)), want, "{p}");
        }
    }

    #[test]
    fn hostile_handles_are_refused() {
        for h in [
            "../x", "a/b", ".", "", "-rf", "a\0b", "Alice", "zoë", "a b", "a..b",
        ] {
            assert!(validate_handle(h).is_err(), "{h:?}");
        }
        for h in ["alice", "a", "0", "bob-2"] {
            assert!(validate_handle(h).is_ok(), "{h}");
        }
    }
}
