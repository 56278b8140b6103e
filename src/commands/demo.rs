//! `cascade demo`: build the sample notebook, then tour it.

use crate::cli::DemoArgs;
use crate::dates::IsoWeek;
use crate::digest::{self, Range};
use crate::error::{EXIT_OK, Error, Result};
use crate::note::ActionState;
use crate::notebook::Notebook;
use crate::notebook::load::{load_all, track_actions};
use crate::ui::Ctx;

/// Run `cascade demo`.
pub fn run(args: DemoArgs, ctx: &mut Ctx) -> Result<u8> {
    let dir = match args.dir {
        Some(d) if d.is_absolute() => d,
        Some(d) => ctx.cwd.join(d),
        None => tempfile::Builder::new()
            .prefix("cascade-demo-")
            .tempdir()
            .map_err(|e| Error::io(std::env::temp_dir(), e))?
            .keep(),
    };
    let built = crate::demo::build(&dir, ctx.today)?;
    let nb = Notebook::open(&dir)?;
    ctx.out(format!("Built a sample notebook in {}", dir.display()))?;
    ctx.out(format!(
        "  {} people, {} notes, {} commits dated on their meeting days\n",
        nb.config.people.len(),
        built.notes,
        built.commits
    ))?;
    status(&nb, ctx)?;
    ctx.out("\n== cascade lint ==\n")?;
    let report = crate::lint::lint_notebook(&nb, ctx.today)?;
    ctx.out_raw(crate::lint::render(
        &report,
        crate::lint::Format::Human,
        ctx.color,
        false,
    ))?;
    // The latest week with meetings, so the tour shows a full digest.
    let latest = load_all(&nb)
        .notes
        .iter()
        .filter_map(|n| n.date)
        .max()
        .unwrap_or(ctx.today);
    let week = IsoWeek::of(latest);
    ctx.out(format!("\n== Digest of {week} ==\n"))?;
    let d = digest::build(&nb, Range::week(week), ctx.today)?;
    let md = digest::render(&d, digest::Format::Md, Some(&nb))?;
    ctx.out_raw(md)?;
    let shown = dir.display();
    ctx.out(format!(
        "\nTry next:\n  cd {shown}\n  cascade new alice          # today's note, open actions carried over\n  cascade lint               # check every note; `cascade explain steps/empty` says why\n  cascade digest --format html --out digest.html\n  git log --stat"
    ))?;
    Ok(EXIT_OK)
}

/// Per report: last meeting, next due date, open actions.
fn status(nb: &Notebook, ctx: &mut Ctx) -> Result<()> {
    let loaded = load_all(nb);
    let tracked = track_actions(&loaded.notes);
    ctx.out(format!(
        "{:<8} {:<12} {:<12} {:>6}",
        "report", "last", "next due", "open"
    ))?;
    for handle in nb.config.people.keys() {
        let last = loaded
            .notes
            .iter()
            .filter(|n| &n.report == handle)
            .filter_map(|n| n.date)
            .max();
        let next = last.map(|d| crate::dates::add_days(d, i64::from(nb.cadence_for(handle))));
        let open = tracked
            .iter()
            .filter(|a| &a.report == handle && a.state == ActionState::Open)
            .count();
        let overdue = next.is_some_and(|n| n < ctx.today);
        ctx.out(format!(
            "{:<8} {:<12} {:<12} {:>6}{}",
            handle,
            last.map_or("-".into(), |d| d.to_string()),
            next.map_or("now".into(), |d| d.to_string()),
            open,
            if overdue { "  overdue" } else { "" }
        ))?;
    }
    Ok(())
}
