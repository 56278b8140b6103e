//! `cascade new`: scaffold a meeting note from the template, carrying open actions over.

use std::path::PathBuf;

use jiff::civil::Date;
use serde_json::json;

use crate::cli::NewArgs;
use crate::dates::parse_ymd;
use crate::error::{EXIT_OK, Error, ErrorKind, Result};
use crate::fsx::{self, Mode};
use crate::note::{ActionState, Note};
use crate::notebook::inventory;
use crate::notebook::load::Unreadable;
use crate::notebook::{Notebook, validate_handle};
use crate::templates::Templates;
use crate::text;
use crate::ui::Ctx;

/// A note ready to be written.
#[derive(Debug)]
pub struct Scaffold {
    /// Where it goes.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// How many open actions were carried over.
    pub carried: usize,
    /// The date of the previous note, if any.
    pub previous: Option<Date>,
    /// 1-based line of the first section left empty, for editors.
    pub first_empty_line: Option<usize>,
    /// True when the note was made `private: true` because the previous note is private.
    pub private: bool,
    /// Paths of the report's folder that were skipped, as warnings.
    pub warnings: Vec<String>,
}

/// Check a report handle given on the command line and resolve aliases.
pub fn resolve_report<'a>(nb: &'a Notebook, report: &'a str) -> Result<&'a str> {
    validate_handle(report)
        .map_err(|m| Error::usage(m, Some("handles look like `alice` or `bob-2`")))?;
    nb.resolve_handle(report).ok_or_else(|| {
        let mut help = format!("add them first: `cascade person add {report} --name \"…\"`");
        if let Some(c) = nb.closest_handle(report) {
            help = format!("did you mean `{c}`? Otherwise {help}");
        }
        Error::usage_of(
            ErrorKind::NotFound,
            format!("`{report}` is not a person of this notebook"),
            Some(help),
        )
    })
}

/// Render the note of `report` on `date`, carrying open actions unless `no_carry`.
pub fn scaffold(nb: &Notebook, report: &str, date: Date, no_carry: bool) -> Result<Scaffold> {
    let path = nb.note_path(report, date);
    let (dated, skipped) = inventory::report_notes(nb, report);
    let mut warnings: Vec<String> = skipped
        .iter()
        .map(|s| Unreadable::from_skipped(s).warning())
        .collect();
    // The previous note is the latest one that can be read: one over the size cap or
    // unreadable is skipped with a warning, as every other command skips it.
    let mut previous = None;
    for (d, note) in dated.into_iter().rev().filter(|(d, _)| *d < date) {
        match note.read(nb.max_note_bytes()) {
            Ok(bytes) => {
                previous = Some((d, note, bytes));
                break;
            }
            Err(k) => warnings.push(
                Unreadable {
                    rel: note.rel,
                    message: k.message(),
                }
                .warning(),
            ),
        }
    }
    warnings.sort();
    let mut carried = Vec::new();
    let mut indicators = Vec::new();
    let mut eol = None;
    let mut private = false;
    if let Some((_, _, bytes)) = &previous {
        if let Ok(prev_text) = text::decode(bytes) {
            eol = Some(text::line_ending_of(prev_text));
            let prev = Note::parse(prev_text);
            let prev_date = previous.as_ref().map(|(d, _, _)| *d);
            // A private note's actions and indicators are carried only into a private note:
            // the new note is private too. With --no-carry nothing of it is copied, and the
            // new note is public.
            let prev_private = prev.is_private();
            private = prev_private && !no_carry;
            if !no_carry {
                for a in prev.actions.iter().filter(|a| a.state == ActionState::Open) {
                    let mut line = format!("- [ ] {}", a.raw);
                    if a.from.is_none()
                        && let Some(d) = prev_date
                    {
                        line.push_str(&format!(" (from {d})"));
                    }
                    carried.push(line);
                }
            }
            if !(no_carry && prev_private) {
                indicators = prev
                    .meta
                    .indicators
                    .iter()
                    .map(|i| json!({"name": i.name, "value": fmt_number(i.value)}))
                    .collect();
            }
        }
    }
    let eol = eol.unwrap_or_else(|| text::line_ending_of(&nb.config_text));
    let person = nb.config.people.get(report);
    let me = &nb.config.me;
    let ctx = json!({
        "date": date.to_string(),
        "report": report,
        "report_name": person.and_then(|p| p.name.clone()).unwrap_or_else(|| report.to_owned()),
        "supervisor": me,
        "supervisor_name": nb.config.people.get(me).and_then(|p| p.name.clone()).unwrap_or_else(|| me.clone()),
        "duration_min": nb.config.default_duration_min,
        "cadence_days": nb.cadence_for(report),
        "share_with": person.map(|p| p.groups.clone()).unwrap_or_default(),
        "carried": carried,
        "previous_date": previous.as_ref().map(|(d, _, _)| d.to_string()),
        "previous_indicators": indicators,
        "private": private,
    });
    // The template's own line endings (a CRLF checkout of it, say) must not decide the note's.
    let mut rendered = Templates::new(Some(&nb.root))
        .render("note.md.j2", &ctx)?
        .replace("\r\n", "\n");
    if private {
        rendered = mark_private(rendered)?;
    }
    if eol == "\r\n" {
        rendered = rendered.replace('\n', "\r\n");
    }
    let first_empty_line = Note::parse(&rendered).first_empty_step_line();
    Ok(Scaffold {
        path,
        warnings,
        carried: carried.len(),
        previous: previous.as_ref().map(|(d, _, _)| *d),
        text: rendered,
        first_empty_line,
        private,
    })
}

/// Make a rendered note `private: true` (a notebook's own template may not know the
/// `private` variable); refuse rather than write a public note holding private text.
fn mark_private(rendered: String) -> Result<String> {
    if Note::parse(&rendered).is_private() {
        return Ok(rendered);
    }
    if let Some(rest) = rendered.strip_prefix("---\n") {
        let marked = format!("---\nprivate: true\n{rest}");
        if Note::parse(&marked).is_private() {
            return Ok(marked);
        }
    }
    Err(Error::usage(
        "the previous note is private, and the note template gives no front matter to mark this one `private: true`",
        Some(
            "start templates/note.md.j2 with a `---` front matter block, or pass --no-carry to copy nothing from the private note",
        ),
    ))
}

/// Where the note of `report` on `date` is: `<date>.md`, or an existing `<date>.markdown`,
/// which is the note of that day all the same (no second note is made beside it).
fn note_of_the_day(nb: &Notebook, report: &str, date: Date) -> std::path::PathBuf {
    let md = nb.note_path(report, date);
    if std::fs::symlink_metadata(&md).is_ok() {
        return md;
    }
    inventory::report_notes(nb, report)
        .0
        .into_iter()
        .find(|(d, _)| *d == date)
        .map_or(md, |(_, n)| n.path)
}

/// `--force` on a note that is a symlink writes through it only to a file inside `notes/`:
/// never out of the notebook.
fn refuse_link_out_of_notes(nb: &Notebook, target: &std::path::Path) -> Result<()> {
    let is_link = std::fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(());
    }
    let notes = std::fs::canonicalize(nb.notes_dir()).unwrap_or_else(|_| nb.notes_dir());
    let inside = std::fs::canonicalize(target).is_ok_and(|real| real.starts_with(&notes));
    if inside {
        return Ok(());
    }
    Err(Error::usage(
        format!(
            "{} is a symlink to a file outside the notebook's notes; nothing was written",
            nb.rel(target)
        ),
        Some("remove the link, or write to the file it points to yourself"),
    ))
}

/// A number as a note writes it: `412`, not `412.0`.
pub fn fmt_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Run `cascade new`.
pub fn run(args: NewArgs, ctx: &mut Ctx) -> Result<u8> {
    validate_handle(&args.report)
        .map_err(|m| Error::usage(m, Some("handles look like `alice` or `bob-2`")))?;
    let date = match &args.date {
        Some(d) => parse_ymd(d).map_err(|m| Error::usage(format!("--date: {m}"), None))?,
        None => ctx.today,
    };
    let nb = Notebook::discover(&ctx.cwd)?;
    let report = resolve_report(&nb, &args.report)?.to_owned();
    let target = note_of_the_day(&nb, &report, date);
    if target.exists() && !args.force {
        return Err(fsx::exists_error(&std::path::PathBuf::from(
            nb.rel(&target),
        )));
    }
    if args.force {
        refuse_link_out_of_notes(&nb, &target)?;
    }
    let mut s = scaffold(&nb, &report, date, args.no_carry)?;
    s.path = target;
    for w in &s.warnings {
        ctx.warn(w);
    }
    fsx::create_dir_all(s.path.parent().unwrap_or(&nb.root))?;
    let mode = if args.force {
        Mode::Replace
    } else {
        Mode::CreateNew
    };
    fsx::write_atomic(&s.path, s.text.as_bytes(), mode).map_err(|e| match e {
        e if e.kind() == ErrorKind::AlreadyExists => {
            fsx::exists_error(&std::path::PathBuf::from(nb.rel(&s.path)))
        }
        other => other,
    })?;
    let rel = nb.rel(&s.path);
    let mut msg = format!("created {rel}");
    if let Some(p) = s.previous {
        if s.carried > 0 {
            msg.push_str(&format!(
                " (carried {} open action{} from {p})",
                s.carried,
                if s.carried == 1 { "" } else { "s" }
            ));
        } else {
            msg.push_str(&format!(" (no open actions to carry from {p})"));
        }
    }
    ctx.out(msg)?;
    if s.private {
        ctx.note(format!(
            "{rel} is private (`private: true`) because the previous note is: what it carries stays out of every digest; pass --no-carry for a public note that copies nothing from it"
        ));
    }
    if args.edit {
        ctx.flush()?;
        crate::editor::open(&s.path, s.first_empty_line)?;
    }
    Ok(EXIT_OK)
}
