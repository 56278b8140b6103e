//! Templates: built into the binary, overridable from the notebook's `templates/`, sandboxed.
//!
//! Strict undefined behaviour turns a typo into an error with its line; a fuel limit stops
//! endless loops; the only loader serves plain names from the notebook's `templates/` and
//! the built-in set, so `{% include "/etc/passwd" %}` is simply not found.

use std::path::{Path, PathBuf};

use minijinja::{Environment, UndefinedBehavior};

use crate::error::{Error, Location, Result};

/// The notebook's folder of its own templates, relative to the root.
pub const TEMPLATES_DIR: &str = "templates";

/// The templates built into cascade: (name, source).
pub const BUILTIN: &[(&str, &str)] = &[
    ("note.md.j2", crate::scaffold::NOTE_TEMPLATE),
    ("digest.md.j2", include_str!("../templates/digest.md.j2")),
    (
        "digest.html.j2",
        include_str!("../templates/digest.html.j2"),
    ),
    ("rollup.md.j2", include_str!("../templates/rollup.md.j2")),
    (
        "rollup.html.j2",
        include_str!("../templates/rollup.html.j2"),
    ),
    (
        "audience.md.j2",
        include_str!("../templates/audience.md.j2"),
    ),
    (
        "audience.html.j2",
        include_str!("../templates/audience.html.j2"),
    ),
    (
        "audience-email.txt.j2",
        include_str!("../templates/audience-email.txt.j2"),
    ),
    (
        "audience-email.html.j2",
        include_str!("../templates/audience-email.html.j2"),
    ),
];

/// Fuel for one render: enough for a year of notes, far too little for an endless loop.
const FUEL: u64 = 50_000_000;
/// Heap a render may take (values it builds and its output) before cascade stops it.
pub const MAX_MEMORY: usize = 512 << 20;
/// Output larger than this is refused as a runaway template.
pub const MAX_OUTPUT: usize = 64 << 20;

/// A template environment for one notebook.
pub struct Templates {
    env: Environment<'static>,
    dir: Option<PathBuf>,
}

impl Templates {
    /// Templates with the notebook at `root` (if any) overriding the built-in ones.
    pub fn new(root: Option<&Path>) -> Self {
        let dir = root.map(|r| r.join(TEMPLATES_DIR));
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(FUEL));
        if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .build()
        {
            env.set_syntax(syntax);
        }
        env.set_recursion_limit(64);
        let d = dir.clone();
        env.set_loader(move |name| {
            if name.is_empty()
                || name.starts_with('.')
                || !name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            {
                return Ok(None);
            }
            if let Some(d) = &d {
                let p = d.join(name);
                if p.is_file() {
                    return std::fs::read_to_string(&p).map(Some).map_err(|e| {
                        minijinja::Error::new(
                            minijinja::ErrorKind::InvalidOperation,
                            format!("cannot read template {}: {e}", p.display()),
                        )
                    });
                }
            }
            Ok(BUILTIN
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, s)| (*s).to_owned()))
        });
        Templates { env, dir }
    }

    /// Where a template named `name` comes from, for messages.
    pub fn origin(&self, name: &str) -> String {
        match &self.dir {
            Some(d) if d.join(name).is_file() => format!("templates/{name}"),
            _ => format!("{name} (built in)"),
        }
    }

    /// Render template `name` with `ctx`.
    pub fn render(&self, name: &str, ctx: &serde_json::Value) -> Result<String> {
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| self.error(name, &e))?;
        let over = Error::input(
            format!(
                "template {} needed more than {} MiB of memory; nothing was written",
                self.origin(name),
                MAX_MEMORY >> 20
            ),
            Some("check the template for a value that keeps growing (a list or text doubled in a loop)".into()),
        );
        let out =
            crate::memcap::with_cap(MAX_MEMORY, crate::ui::render_error(&over, false), || {
                tmpl.render(minijinja::value::Serde(ctx))
            })
            .map_err(|e| self.error(name, &e))?;
        if out.len() > MAX_OUTPUT {
            return Err(Error::input(
                format!(
                    "template {} produced more than {} MiB; nothing was written",
                    self.origin(name),
                    MAX_OUTPUT >> 20
                ),
                Some("check the template for a runaway loop".into()),
            ));
        }
        Ok(out)
    }

    fn error(&self, name: &str, e: &minijinja::Error) -> Error {
        let file = e.name().unwrap_or(name).to_owned();
        let origin = self.origin(&file);
        let detail = e
            .detail()
            .map(str::to_owned)
            .unwrap_or_else(|| e.kind().to_string());
        let help = match e.kind() {
            minijinja::ErrorKind::OutOfFuel => {
                Some("the template ran too long (an endless loop?); nothing was written".into())
            }
            minijinja::ErrorKind::UndefinedError => {
                Some("the variable is not in the template's context; see docs/digest.md".into())
            }
            minijinja::ErrorKind::TemplateNotFound => {
                Some("templates can include only files of the notebook's templates/ folder".into())
            }
            _ => None,
        };
        let message = format!("template error in {origin}: {detail}");
        match e.line() {
            Some(line) => {
                let source_line = self.env.get_template(&file).ok().and_then(|t| {
                    t.source()
                        .lines()
                        .nth(line.saturating_sub(1))
                        .map(str::to_owned)
                });
                Error::input_at(
                    message,
                    Location {
                        path: origin,
                        line,
                        column: 1,
                        source_line,
                    },
                    help,
                )
            }
            None => Error::input(message, help),
        }
    }
}
